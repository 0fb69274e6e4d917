"""Tests for quiz.extract: facts found, furniture skipped, decks that load."""

from __future__ import annotations

import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.answers import is_correct
from quiz.extract import draft_deck, extract_facts
from quiz.extract.cli import extract_command
from quiz.extract.rank import implied_values
from quiz.extract.text import split_paragraphs, split_sentences
from tests.extract_samples import ATLAS_A, ATLAS_B, HARBOR, HARBOR_KEY, RIVER, RIVER_KEY, VALORIA, VALORIA_KEY

REQUIRED = ("id", "type", "prompt", "answer", "kind", "source", "fact")
PRONOUN_STARTS = ("it ", "this ", "they ", "these ", "the country")


def _found(key: set[tuple[str, str]], facts: list) -> set[tuple[str, str]]:
    """The key entries some extracted fact answers (same kind, accepted answer);
    a name also counts when a question names it ("In what year was the X signed?")."""
    hits = set()
    for kind, answer in key:
        if kind in ("agreement", "name") and any(answer.lower() in f.prompt.lower() for f in facts):
            hits.add((kind, answer))
        for fact in facts:
            kinds = {kind} | ({"agreement", "name"} if kind in ("agreement", "name") else set())
            if fact.kind in kinds and is_correct(fact.answer, answer, kind) and is_correct(answer, fact.answer, kind):
                hits.add((kind, answer))
    return hits


def _junk(facts: list) -> list:
    """Facts a reviewer would throw away: furniture, answers given away, dangling prompts."""
    furniture = ("1848", "2019 10", "Coastal Times", "Lessons", "@", "mailing", "Valoria Press", "Home |")
    bad = []
    for fact in facts:
        prompt = fact.prompt
        asked = prompt.removeprefix("Fill in the blank: ")
        if any(word in fact.answer or word in prompt for word in furniture):
            bad.append(fact)
        elif fact.answer.lower() in asked.lower() and "_____" not in prompt:
            bad.append(fact)
        elif not prompt.startswith("Fill in the blank") and asked.lower().startswith(PRONOUN_STARTS):
            bad.append(fact)
    return bad


def test_recall_and_precision_on_hand_written_key() -> None:
    facts = [
        fact
        for name, text in (("harbor.txt", HARBOR), ("river.txt", RIVER), ("valoria.txt", VALORIA))
        for fact in extract_facts(text, document=name)
    ]
    key = HARBOR_KEY | RIVER_KEY | VALORIA_KEY
    recall = len(_found(key, facts)) / len(key)
    junk = len(_junk(facts)) / len(facts)
    missing = sorted(key - _found(key, facts))
    assert recall >= 0.95, missing
    assert junk <= 0.05, [f.prompt for f in _junk(facts)]


def test_furniture_produces_no_fact() -> None:
    facts = extract_facts(HARBOR, document="harbor.txt")
    text = " ".join(f.prompt + " " + f.answer for f in facts)
    for line in ("SUBSCRIBE", "mailing list", "last modified", "@NorlandMoD", "1848", "Harbor Alliance Overview"):
        assert line.lower() not in text.lower()


def test_paragraphs_are_numbered_from_one_across_blank_runs() -> None:
    paragraphs = split_paragraphs("Title line\n\n \n\t\nFirst real paragraph here.\n  \nSecond one.\n")
    assert [p.number for p in paragraphs] == [1, 2, 3]
    assert paragraphs[1].text == "First real paragraph here."


def test_facts_cite_the_paragraph_they_come_from() -> None:
    facts = extract_facts(HARBOR, document="harbor.txt")
    by_answer = {f.answer: f for f in facts}
    assert by_answer["March 3, 1931"].paragraph == 3
    assert by_answer["$81.25 million"].paragraph == 6
    assert all(f.document == "harbor.txt" for f in facts)


def test_sentences_do_not_split_at_abbreviations() -> None:
    text = "The U.S. Embassy in Washington, D.C. opened in Nov. 1922 with staff. It closed later."
    assert len(split_sentences(text)) == 2


def test_prompts_name_their_subject() -> None:
    facts = extract_facts(HARBOR, document="harbor.txt")
    prompt = next(f.prompt for f in facts if f.answer == "March 3, 1931")
    assert "consulate" in prompt and "1931" not in prompt and prompt.endswith("?")
    name = next(f for f in facts if f.answer == "Joint Logistics Memorandum of Agreement")
    assert name.prompt.startswith("Which ") and "JLMOA" not in name.prompt and "JLMOA" in name.accept


def test_each_fact_has_short_and_choice_siblings_with_wrong_distractors() -> None:
    draft = draft_deck([("harbor.txt", HARBOR)], deck_id="harbor", title="Harbor")
    by_fact: dict[str, list[dict]] = {}
    for question in draft.questions:
        by_fact.setdefault(str(question["fact"]), []).append(question)
    assert all(any(q["type"] == "short" for q in qs) for qs in by_fact.values())
    choices = [q for q in draft.questions if q["type"] == "choice"]
    assert len(choices) >= len(by_fact) * 0.9
    for question in choices:
        options = question["choices"]
        assert options.count(question["answer"]) == 1 and len(set(options)) == len(options)
        wrong = [c for c in options if c != question["answer"]]
        assert not any(is_correct(c, str(question["answer"]), str(question["kind"])) for c in wrong)


def test_same_fact_in_two_documents_is_one_question_and_disagreement_is_reported() -> None:
    draft = draft_deck([("a.txt", ATLAS_A), ("b.txt", ATLAS_B)], deck_id="atlas", title="Atlas")
    treaty = [f for f in draft.facts if f.kind == "date" and "Atlas Treaty" in f.prompt]
    assert len(treaty) == 1 and treaty[0].answer == "June 2, 1950"
    assert {d for d, _ in treaty[0].sources} == {"a.txt", "b.txt"}
    assert len(draft.conflicts) == 1
    assert {a for a, _, _ in draft.conflicts[0].answers} == {"$20 million", "$25 million"}


def test_draft_yaml_round_trips_with_required_fields() -> None:
    draft = draft_deck([("harbor.txt", HARBOR), ("river.txt", RIVER)], deck_id="test", title="Test deck")
    text = draft.to_yaml()
    assert "&id" not in text and "*id" not in text  # no YAML aliases
    data = yaml.safe_load(text)
    assert data["deck"] == {"id": "test", "title": "Test deck"}
    ids = [q["id"] for q in data["questions"]]
    assert len(ids) == len(set(ids)) == len(draft.questions)
    for question in data["questions"]:
        assert all(question.get(field) not in (None, "") for field in REQUIRED), question
        assert isinstance(question["answer"], str)
        sources = question["source"] if isinstance(question["source"], list) else [question["source"]]
        assert all(set(s) == {"document", "paragraph"} and s["paragraph"] >= 1 for s in sources)


def test_cli_writes_yaml_and_summary(tmp_path) -> None:
    doc = tmp_path / "river.txt"
    doc.write_text(RIVER, encoding="utf-8")
    out = tmp_path / "deck.yaml"
    result = CliRunner().invoke(extract_command, [str(doc), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["questions"]
    assert "questions written" in result.output and "furniture" in result.output


def test_cli_refuses_text_that_is_not_utf8(tmp_path) -> None:
    doc = tmp_path / "latin1.txt"
    doc.write_bytes("Signed in M\xfcnchen on May 1, 1990.".encode("latin-1"))
    result = CliRunner().invoke(extract_command, [str(doc)])
    assert result.exit_code != 0 and "not UTF-8" in result.output


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_random_text_never_crashes_the_extractor(text: str) -> None:
    draft = draft_deck([("random.txt", text)], deck_id="r", title="R")
    yaml.safe_load(draft.to_yaml())


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "In 1994 the",
                "Agreement (DCA) (2017)",
                "$5 million",
                "FY 2017-22",
                "1920's",
                "over 5,500 troops",
                "Charter of",
                "Partnership",
                "signed on July 28, 1922",
                ".",
                ",",
                "\n\n",
                "It ",
                "(",
                ")",
                "2.5 percent",
            ]
        ),
        max_size=40,
    )
)
def test_fact_like_noise_never_crashes_the_extractor(parts: list[str]) -> None:
    draft = draft_deck([("noise.txt", " ".join(parts))], deck_id="n", title="N")
    yaml.safe_load(draft.to_yaml())


def test_a_back_reference_is_replaced_by_the_name_it_stands_for() -> None:
    text = "The Danube Harbor Authority was set up to run the port.\n\nIn 2004 the authority opened a new quay."
    prompt = next(f.prompt for f in extract_facts(text, document="d.txt") if f.answer == "2004")
    assert "Danube Harbor Authority" in prompt and "2004" not in prompt


def _prompts(text: str) -> dict[str, str]:
    return {f.answer: f.prompt for f in extract_facts(text, document="d.txt")}


def test_bullets_and_openers_never_reach_a_prompt() -> None:
    text = (
        "U.S. Department of State\n\n"
        "  \u2022 Further, since 2015, the Department of Defense has notified $12 million in sales to Norland.\n"
        "  \u2022 In addition, Norland joined the Coastal Visa Program in June 2010.\n"
    )
    for prompt in _prompts(text).values():
        assert "\u2022" not in prompt and "Further" not in prompt and "In addition" not in prompt, prompt


def test_first_person_becomes_the_speaker_and_the_two_sides_the_parties() -> None:
    text = (
        "U.S. Relations With Norland\n\nBureau of European Affairs, Fact Sheet\n\n"
        "The United States and Norland opened relations in 1931. "
        "In 2019, we signed the Harbor Defense Agreement with Norland. "
        "In 2021, the two sides launched the Coastal Dialogue."
    )
    prompts = _prompts(text)
    assert "the United States" in prompts["2019"] and " we " not in f" {prompts['2019']} "
    assert "the United States and Norland" in prompts["2021"] and "two sides" not in prompts["2021"]


def test_the_two_countries_are_found_through_their_adjectives() -> None:
    # "U.S. and Mongolian legislators" and "U.S.-Soviet talks" name the same countries as the title
    text = (
        "U.S. Relations With Mongolia\n\nU.S. Department of State\n\n"
        "U.S. and Mongolian legislators meet every year. "
        "The two countries signed a cultural accord, a Peace Corps accord, and a consular convention in 1991."
    )
    prompts = _prompts(text)
    assert "The United States and Mongolia" in prompts["Peace Corps accord"]
    assert "two countries" not in prompts["Peace Corps accord"]
    talks = _prompts(
        "U.S.-Soviet talks began in 1969. The United States and Soviet Union met in Helsinki. "
        "In 1972, the two nations signed the Interim Agreement on Offensive Arms."
    )
    assert "the United States and the Soviet Union" in talks["1972"]


def test_a_country_whose_name_runs_on_into_another_is_not_taken_for_its_adjective() -> None:
    from quiz.extract.clean import document_context

    text = "U.S. Relations With Nigeria\n\nThe United States and Nigeria met. The United States and Niger met."
    assert document_context(text + " U.S.-Nigerian trade grew.").parties == "the United States and Nigeria"


def test_a_possessive_of_the_two_countries_is_not_rewritten() -> None:
    # "the United States and India's forces" would read as India's alone: such a prompt is not written
    text = "U.S. Relations With India\n\nThe United States and India agree. Both nations' navies held 14 drills."
    assert not any("navies" in prompt for prompt in _prompts(text).values())


def test_a_negated_verb_is_asked_as_a_blank_and_an_intensified_opener_stays_in_front() -> None:
    prompts = _prompts(
        "Even after the Helsinki Accord, the two capitals could not settle the issues left from the Riga Treaty."
    )
    assert prompts["Riga Treaty"].startswith("Fill in the blank: Even after the Helsinki Accord, ")


def test_it_after_a_named_subject_is_that_subject() -> None:
    prompts = _prompts(
        "Norland joined the Partnership for Peace program in 1994. "
        "It became a full member of the Lowland Union in 1995 and joined its currency union in 1999."
    )
    assert prompts["1995"] == "In what year did Norland become a full member of the Lowland Union?"
    after_a_person = _prompts("President Karsk visited Norland in 2003. It was ratified by the senate in 2004.")
    assert "2004" not in after_a_person  # "it" is never a person: unresolved, not asked


def test_a_count_that_opens_the_sentence_is_asked_with_how_many() -> None:
    prompts = _prompts(
        "Over 30 million Americans, almost ten percent of the population, claim Norlandic heritage. "
        "Three major treaties emerged out of the conference: the Harbor Treaty, the River Treaty, and the Coast Treaty."
    )
    assert prompts["Over 30,000,000"] == "How many Americans claim Norlandic heritage?"
    assert prompts["Three"] == "How many major treaties emerged out of the conference?"  # the list would count them


def test_an_amount_before_a_time_phrase_and_a_clause_after_and_each_year() -> None:
    prompts = _prompts(
        "The Government of Norland committed $600,000 in 2011 to co-fund the Fulbright program, "
        "and each year approximately 30 Norlanders study abroad under that program."
    )
    assert prompts["$600,000"] == "How much did the Government of Norland commit to co-fund the Fulbright program?"
    assert "$600,000" not in prompts["2011"] and "each year" not in prompts["2011"]
    assert prompts["Fulbright program"].startswith("Which program did the Government of Norland commit ")


def test_this_year_and_last_year_are_read_from_the_page_date() -> None:
    text = (
        "U.S. Security Cooperation With Norland\n\nPublished Jun 06, 2019\nUpdated Apr 14, 2020\n\n"
        "Commensurate with this designation, Norland last year was granted the Coastal Trade Program status. "
        "Total defense trade with Norland grew from near zero in 2008 to $15 billion this year."
    )
    prompts = _prompts(text)
    assert prompts["2018"] == "Fill in the blank: Norland in _____ was granted the Coastal Trade Program status."
    assert "this year" not in " ".join(prompts.values()) and "last year" not in " ".join(prompts.values())
    undated = _prompts(text.replace("Published Jun 06, 2019\nUpdated Apr 14, 2020\n\n", ""))
    assert "2018" not in undated and "2019" not in undated  # no page date: "this year" stays unresolved


def test_no_two_questions_share_a_prompt() -> None:
    text = "Total defense trade with Norland grew from near zero in 2008 to $15 billion in 2019."
    facts = extract_facts(text, document="d.txt")
    assert len({f.prompt for f in facts}) == len(facts) > 0


def test_an_unresolvable_reference_drops_the_question() -> None:
    prompts = _prompts("In 2019, the Commission met in Riga to review the budget.")
    assert "2019" not in prompts


def test_names_are_asked_as_answers_and_household_acronyms_are_not() -> None:
    text = (
        "From FY 2018-2022 the Department of Defense (DoD) provided $200.3 million in funding under Section 333. "
        "Lithuania joined the North Atlantic Treaty Organization (NATO) in 2004."
    )
    facts = extract_facts(text, document="d.txt")
    section = next(f for f in facts if f.answer == "Section 333")
    assert "Department of Defense" in section.prompt and "333" not in section.prompt
    # the period and the amount are asked by questions of their own, so this prompt states neither
    assert "2018" not in section.prompt and "200.3" not in section.prompt
    assert not any(f.answer in ("North Atlantic Treaty Organization", "Department of Defense") for f in facts)


def test_no_prompt_states_an_amount_another_question_asks_for() -> None:
    text = (
        "Lithuania has provided over 200 million euros in military equipment to Kyiv since February 2022, "
        "which amounts to roughly $70 per Lithuanian citizen."
    )
    prompts = _prompts(text)
    assert "200 million" not in prompts["roughly $70"] and "$70" not in prompts["over 200 million euros"]


def test_a_year_the_prompt_arithmetic_gives_is_not_asked() -> None:
    prompts = _prompts("In 2014, Norland celebrated the 25th anniversary of the 1989 end of communist rule.")
    assert "2014" not in prompts.get("1989", "") and "1989" not in prompts.get("2014", "")
    assert all(int(answer) not in implied_values(prompt) for answer, prompt in prompts.items() if answer.isdigit())


def _asked(text: str) -> dict[str, list[str]]:
    asked: dict[str, list[str]] = {}
    for fact in extract_facts(text, document="d.txt"):
        asked.setdefault(fact.answer, []).append(fact.prompt)
    return asked


def test_each_name_of_a_list_led_by_its_year_is_asked_by_name_and_by_year() -> None:
    asked = _asked(
        "Norland backs the peace process in the river valley by encouraging the implementation of the "
        "2003 Harbor Accord, the 2009 Meadow Hill Agreement, and the 2012 Long Bridge Agreement."
    )
    assert asked["2009"] == ["In what year was the Meadow Hill Agreement concluded?"]
    assert asked["2012"] == ["In what year was the Long Bridge Agreement concluded?"]
    (meadow,) = asked["Meadow Hill Agreement"]
    assert meadow.endswith("implementation of the 2009 _____.") and "Long Bridge" not in meadow
    assert "Long Bridge Agreement" in asked and "Harbor Accord" in asked


def test_a_name_dated_by_of_and_a_year_is_asked_by_year_and_this_treaty_is_resolved() -> None:
    asked = _asked(
        "In the Three-Power Treaty, Norland, Estmark and Valoria agreed to consult each other in a crisis. "
        "This treaty replaced the Norland-Estmark Treaty of 1880, which had worried Valoria."
    )
    assert asked["1880"] == ["In what year was the Norland-Estmark Treaty concluded?"]
    assert asked["Norland-Estmark Treaty"] == ["Fill in the blank: The Three-Power Treaty replaced the _____."]
    assert not any("This treaty" in p for prompts in asked.values() for p in prompts)


def test_that_program_is_the_program_the_sentence_named() -> None:
    asked = _asked(
        "The Government of Norland committed $600,000 in 2011 to co-fund the Fulbright program, and each year "
        "approximately 40 Norlanders study in Valoria under that program."
    )
    assert asked["approximately 40"] == [
        "Fill in the blank: Each year _____ Norlanders study in Valoria under the Fulbright program."
    ]
    unclear = _asked(
        "Norland joined the Alpha Program and the Beta Program. About 40 officers train under that program."
    )
    assert "About 40" not in unclear  # two programs before it: "that program" stays unresolved, no question


def test_it_after_a_named_subject_with_a_participle_aside_is_that_subject() -> None:
    asked = _asked(
        "The Harbor Treaty, signed by Norland, Estmark and Valoria, was the cornerstone of the coastal program. "
        "It called for each of the parties to keep a fixed number of patrol boats in the bay."
    )
    assert (
        "Which treaty called for each of the parties to keep a fixed number of patrol boats in the bay?"
        in asked["Harbor Treaty"]
    )


def test_an_amount_a_list_gives_each_party_is_not_cut_out_of_another_question() -> None:
    asked = _asked(
        "The Harbor Treaty allowed Norland 500,000 tons, Estmark 300,000 tons, and Valoria 175,000 tons of shipping."
    )
    for prompt in asked.get("Harbor Treaty", []):
        assert "Estmark tons" not in prompt and "Estmark," not in prompt  # never "allowed Norland, Estmark tons"


def test_a_lower_case_name_defined_by_its_acronym_is_asked_by_name() -> None:
    asked = _asked(
        "Karsk therefore called for coastal fishing limitation talks (CFLT), and the first round opened in Norland. "
        "The agency will help the Norland Coast Guard expand its harbor traffic control system (HTCS) "
        "to improve safety."
    )
    assert asked["coastal fishing limitation talks"] == ["For which talks did Karsk call?"]
    (system,) = asked["harbor traffic control system"]
    assert system.endswith("expand its _____ to improve safety.") and "HTCS" not in system
    plain = _asked("Norland will lead the very high readiness joint task force (VJTF) in 2020 for the coast.")
    assert not any(" force" in answer for answer in plain)  # not a name of a kind a learner studies


def test_this_included_after_a_named_framework_and_both_nations_forces_are_resolved() -> None:
    asked = _asked(
        "The Republic of Norland and the Kingdom of Estmark met often. "
        "At the 1974 Harbor Summit, the two leaders agreed on the basic framework of a HARBOR II agreement. "
        "This included a 2,400 limit on patrol boats for each side; a 1,320 limit on gunboats; and a ban on mines. "
        "HARBOR II limited both nations' coastal fleets to 2,250 vessels."
    )
    assert asked["2,400"] == [
        "Fill in the blank: The framework of the HARBOR II agreement included a _____ limit on patrol boats "
        "for each side."
    ]
    (gunboats,) = asked["1,320"]
    assert gunboats.startswith(
        "Fill in the blank: The framework of the HARBOR II agreement included a _____ limit on gunboats"
    )
    assert asked["2,250"] == [
        "Fill in the blank: HARBOR II limited the coastal fleets of Norland and Estmark to _____ vessels."
    ]


def test_each_share_of_an_allotment_list_is_asked_with_its_holder() -> None:
    asked = _asked(
        "The Harbor Treaty, signed by Norland, Estmark and Valoria, was the cornerstone of the coastal program. "
        "It called for each of the parties to keep a fixed ratio of patrol tonnage which allowed Norland 50,000 tons, "
        "Estmark 30,000 tons, and Valoria and Karsk each 17,500 tons."
    )
    assert asked["50,000"] == ["Fill in the blank: The Harbor Treaty allowed Norland _____ tons."]
    assert asked["17,500"] == ["Fill in the blank: The Harbor Treaty allowed Valoria and Karsk each _____ tons."]
    assert "30,000" in asked


def test_two_acronymed_names_joined_by_and_are_two_names() -> None:
    asked = _asked(
        "Norland buys equipment through both the Coastal Military Sales (CMS) and Harbor Commercial Sales (HCS) "
        "processes."
    )
    assert asked["Coastal Military Sales"] == ["What does the acronym CMS stand for?"]
    assert asked["Harbor Commercial Sales"] == ["What does the acronym HCS stand for?"]


def test_a_name_a_relative_clause_describes_is_asked_by_that_clause() -> None:
    asked = _asked(
        "Though the Harbor Treaty was a success, the inclusion of Article IX, which froze the bases of Norland and "
        "Estmark in the bay but banned their growth, created a dispute in Valoria."
    )
    assert asked["Article IX"] == [
        "Which article of the Harbor Treaty froze the bases of Norland and Estmark in the bay but banned their growth?"
    ]


def test_a_status_granted_is_asked_by_what_it_allows() -> None:
    asked = _asked(
        "Norland in 2018 was granted Coastal Trade Authorization tier 2 status, which allows Norland to buy patrol "
        "boats from Estmark without a license."
    )
    assert asked["Coastal Trade Authorization tier 2"] == [
        "Which status allows Norland to buy patrol boats from Estmark without a license?"
    ]


def test_a_lower_case_word_that_opens_an_official_name_stays_in_it() -> None:
    asked = _asked(
        "Norland and Estmark signed the Harbor Treaty and the interim HARBOR agreement on May 26, 1972, in Valoria."
    )
    assert "interim HARBOR agreement" in asked and "HARBOR agreement" not in asked


def test_a_dated_visit_is_asked_by_its_visitor_and_place() -> None:
    asked = _asked(
        "This vision was set out in a joint statement. It was further amplified by Minister Karsk's July 2018 visit "
        "to Norland."
    )
    assert asked["July 2018"] == ["In what month and year did Minister Karsk visit Norland?"]


def test_a_share_of_the_population_given_as_an_aside_is_asked_as_a_share_of_them() -> None:
    asked = _asked("Over 2 million Estmarkers, almost five percent of the population, claim Norlandic heritage.")
    assert asked["almost five percent"] == ["Fill in the blank: _____ of Estmarkers claim Norlandic heritage."]


def test_what_a_named_act_provided_is_split_off_and_its_year_stays_in_its_name() -> None:
    asked = _asked(
        "On December 16, 2011, the President signed into law H.R. 12, the Harbor Appropriations Act, FY2012, "
        "providing the Coastal Fund with $412.5 million in FY2012, $2.1 million more than the FY2011 level."
    )
    assert asked["December 16, 2011"] == [
        "On what date did the President sign into law H.R. 12, the Harbor Appropriations Act, FY2012?"
    ]
    assert asked["Harbor Appropriations Act, FY2012"] == [
        "Fill in the blank: The President signed into law H.R. 12, the _____."
    ]
    assert asked["$412.5 million"] == [
        "Fill in the blank: The Harbor Appropriations Act, FY2012 provided the Coastal Fund with _____."
    ]
    assert "FY 2012" not in asked  # the year of the act's name is not a date of its own


def test_a_first_in_many_years_keeps_its_point_when_the_count_is_taken_out() -> None:
    asked = _asked("The March 2018 visit by the HMS Karsk was the first by a Norlandic frigate in more than 40 years.")
    assert asked["March 2018"] == [
        "Fill in the blank: The _____ visit by the HMS Karsk was the first by a Norlandic frigate in decades."
    ]
    assert asked["more than 40"] == [
        "Fill in the blank: The visit by the HMS Karsk was the first by a Norlandic frigate in _____ years."
    ]
    short = _asked("The March 2018 visit by the HMS Karsk was the first by a Norlandic frigate in 5 years.")
    assert "March 2018" not in short  # "in years" would not say the same thing


def test_this_program_after_a_described_but_unnamed_program_is_that_program() -> None:
    asked = _asked(
        "Norland is currently undertaking an ambitious 12-year coastal defense modernization program. "
        "Split into two phases, this program is projected to cost over $9 billion."
    )
    assert asked["over $9 billion"] == [
        "Fill in the blank: Split into phases, Norland's coastal defense modernization program is projected to "
        "cost _____."
    ]


def test_a_where_clause_after_an_event_is_split_off_with_its_actor() -> None:
    asked = _asked(
        "In June 2021, Foreign Minister Anna Berg hosted a dinner with Baltic Sea leaders as part of the annual "
        "Harbor Security Forum in Karsk, Norland, where she announced $25 million worth of new port projects."
    )
    assert asked["$25 million"] == [
        "Fill in the blank: At the annual Harbor Security Forum in Karsk, Norland, Foreign Minister Anna Berg "
        "announced _____ worth of new port projects."
    ]


def test_a_duration_written_in_words_with_a_half_is_asked() -> None:
    asked = _asked(
        "Over the next three and a half years, the delegations of Norland and Estmark argued over fishing quotas."
    )
    assert asked["three and a half years"] == [
        "Fill in the blank: Over the next _____, the delegations of Norland and Estmark argued over fishing quotas."
    ]


def test_a_ratio_called_so_is_asked_and_two_years_joined_by_and_keep_each_other() -> None:
    asked = _asked("The Harbor Conference finally adopted the 4:4:2 ratio limits for destroyers.")
    assert asked["4:4:2"] == [
        "Fill in the blank: The Harbor Conference finally adopted the _____ ratio limits for destroyers."
    ]
    years = _asked(
        "A fishing dispute arose after 1950, leading the three nations to return to the negotiating table in "
        "1954 and 1958 in an effort to settle the remaining quotas under the Karsk Fisheries Convention."
    )
    assert years["1954"] == [
        "Fill in the blank: A fishing dispute arose, leading the three nations to return to the negotiating "
        "table in _____ and 1958."
    ]


def test_a_difference_given_as_an_aside_is_asked_against_what_it_is_measured_from() -> None:
    asked = _asked(
        "The Harbor Appropriations Act, FY2012 provided the Coastal Fund with $412.5 million in FY2012, "
        "$2.1 million more than the FY2010 level."
    )
    assert asked["$2.1 million"] == [
        "Fill in the blank: The Harbor Appropriations Act, FY2012 provided the Coastal Fund with _____ more than "
        "the FY2010 level."
    ]


def test_a_difference_from_the_year_before_names_it_so_and_states_no_year() -> None:
    asked = _asked(
        "The Harbor Appropriations Act, FY2012 provided the Coastal Fund with $412.5 million in FY2012, "
        "$2.1 million more than the FY2011 level."
    )
    assert asked["$2.1 million"] == [
        "Fill in the blank: The Harbor Appropriations Act, FY2012 provided the Coastal Fund with _____ more than "
        "the previous fiscal year's level."
    ]


def test_a_short_list_item_is_read_with_the_sentence_that_opens_the_list() -> None:
    asked = _asked(
        "Founded in 2009, the Harbor Fund differs in several respects from older and current port aid programs:\n\n"
        "\u2022 a grant period limited to three years, with payments made up front;\n\n"
        "\u2022 an emphasis on open accounts."
    )
    alone = _asked("\u2022 a grant period limited to three years, with payments made up front;")
    assert "three years" not in alone  # a fragment with nothing to read it with
    assert asked["three years"] == [
        "Fill in the blank: The Harbor Fund differs in several respects from older and current port aid programs: "
        "a grant period limited to _____, with payments made up front."
    ]
