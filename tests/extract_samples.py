"""Small hand-written documents with the facts a careful reader would list.

Written for the tests (not taken from any real document). Each key entry is
(kind, answer) for dates, money and agreement names; the extractor must find
at least 95% of them and write at most 5% junk questions.
"""

from __future__ import annotations

HARBOR = """\
Coastal Times - SUBSCRIBE TODAY

Harbor Alliance Overview


The Republic of Norland and the Kingdom of Estmark opened a joint consulate in Riga on March 3, 1931. The Estmark delegation closed the office on October 12, 1944, when the war reached the coast.

Norland recognized the independence of Estmark in the 1930s. Trade between the two states has enjoyed duty-free treatment since April 1995.

Since 1996, Norland has invested more than $45 million in Estmark harbors. In 2003, the two governments signed a "Charter of Friendship" with the other coastal states. In June 2010 Estmark joined the Coastal Visa Program, which lets citizens travel without a visa.

From FY 2015-2020 the Norland Ministry of Defense has provided $81.25 million in Coastal Security Financing (CSF) to Estmark. In FY 2021, Norland provided $12 million in CSF.

Norland and Estmark have the following defense-related agreements: a Maritime Patrol Cooperation Agreement (1998); a Joint Logistics Memorandum of Agreement (JLMOA) (2002); a Harbor Defense Roadmap (2012), and a Mutual Training Agreement (2018).

Responding to a storm season, the Estmark government raised its 2019 coast guard budget by nearly 40 million euro to 1.75 percent of GDP, a level first planned for 2025.

Join the mailing list

Page last modified: 04-05-2019 10:11:12 ZULU

For more details, please contact the Press Office, or follow the Ministry on Twitter, @NorlandMoD.

The Lessons of 1848: Bread and Liberty
"""

HARBOR_KEY = {
    ("date", "March 3, 1931"),
    ("date", "October 12, 1944"),
    ("date", "1930s"),
    ("date", "April 1995"),
    ("date", "1996"),
    ("money", "more than $45 million"),
    ("date", "2003"),
    ("agreement", "Charter of Friendship"),
    ("date", "June 2010"),
    ("agreement", "Coastal Visa Program"),
    ("date", "FY 2015-2020"),
    ("money", "$81.25 million"),
    ("name", "Coastal Security Financing"),
    ("date", "FY 2021"),
    ("money", "$12 million"),
    ("agreement", "Maritime Patrol Cooperation Agreement"),
    ("date", "1998"),
    ("agreement", "Joint Logistics Memorandum of Agreement"),
    ("date", "2002"),
    ("agreement", "Harbor Defense Roadmap"),
    ("date", "2012"),
    ("agreement", "Mutual Training Agreement"),
    ("date", "2018"),
    ("date", "2019"),
    ("money", "nearly 40 million euro"),
    ("date", "2025"),
}

RIVER = """\
River Commission Annual Note

The River Commission was founded on 14 May 1962 in Basel. Its first budget of 2.5 million euros came from four member states.

In November 2001 the commission adopted the Clean Water Pledge, which binds members to cut discharges. Since 2005, the member states have spent approximately $310 million on new locks.

From FY 2016 through FY 2019, the commission also approved over $9.6 million in grants through the Small Ports Initiative (SPI).

Back to top | Home | Contact
"""

RIVER_KEY = {
    ("date", "May 14, 1962"),
    ("money", "2.5 million euros"),
    ("date", "November 2001"),
    ("agreement", "Clean Water Pledge"),
    ("date", "2005"),
    ("money", "approximately $310 million"),
    ("date", "FY 2016-2019"),
    ("money", "over $9.6 million"),
    ("agreement", "Small Ports Initiative"),
}

# Two documents that agree on one fact and disagree on another.
ATLAS_A = "The Atlas Treaty was signed on June 2, 1950.\n\nThe Atlas fund received $20 million in 1960.\n"
ATLAS_B = "The Atlas Treaty was signed in 1950.\n\nThe Atlas fund received $25 million in 1960.\n"

VALORIA = """\
Home | About | News | Contact

On 9 November 1989, crowds in Valoria opened the border crossings. The Valorian Accord was signed in Geneva on April 4, 1991, ending the dispute over the river.

The Northern Grain Treaty of 1956 was replaced in the 1990's by a customs union. The European lenders pledged \u20ac1.2 billion to the reconstruction in May 2015, and Valoria borrowed another \u20ac350 million in 2016.

In fiscal years 2010 to 2012, the Valorian government spent about $2.4 billion on rail. Unemployment fell to 6.5% in 2018.

The Rail Modernization Program (RMP) was launched in 2009 and finished in 2020. Valoria and Estmark concluded a Memorandum of Understanding on Energy Security in October 2019.

Copyright 2020 Valoria Press. All rights reserved.
"""

VALORIA_KEY = {
    ("date", "November 9, 1989"),
    ("date", "April 4, 1991"),
    ("agreement", "Valorian Accord"),
    ("date", "1956"),
    ("agreement", "Northern Grain Treaty"),
    ("date", "1990s"),
    ("money", "\u20ac1.2 billion"),
    ("date", "May 2015"),
    ("money", "\u20ac350 million"),
    ("date", "2016"),
    ("date", "FY 2010-2012"),
    ("money", "about $2.4 billion"),
    ("date", "2018"),
    ("agreement", "Rail Modernization Program"),
    ("date", "2009"),
    ("date", "2020"),
    ("agreement", "Memorandum of Understanding on Energy Security"),
    ("date", "October 2019"),
}
