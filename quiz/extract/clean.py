"""Make a document's sentences stand alone before they become questions.

A sentence read out of its page leans on it: a discourse opener ("Further,",
"Over its history,"), the page's own voice ("we", "our"), and references to
what came before ("the Commission", "the two sides", "the same year").
:class:`Context` remembers what the document said so far (its speaker, the
two parties, the names it gave, the last year it mentioned) and
:func:`clean_sentence` rewrites a sentence with it. What cannot be resolved is
left in place, and :func:`dangling` finds it in a prompt so that the question
is dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from quiz.extract.grammar import third_person

__all__ = ["Context", "clean_sentence", "dangling", "describe", "named_subject", "strip_opener", "document_context"]

_NAMED_SUBJECT = re.compile(
    r"^(?:The )?(?:[A-Z][\w'.-]*\s){0,5}[A-Z][\w'.-]*"
    r"(?=(?:,\s+(?:[a-z]+ed|signed|known)\s+(?:by|in|on|at|as)\b[^;:()]{1,120}?,?)?\s+(?:was|is|has|had|were|are|[a-z]+ed)\b)"
)
"""A name that opens a sentence as its subject, perhaps with a participle aside: "The Five-Power
Treaty, signed by the United States, ... and Italy was the cornerstone ..."."""


def named_subject(sentence: str) -> str | None:
    """The sentence's subject when it is a name ("The River Commission was founded ...")."""
    match = _NAMED_SUBJECT.match(sentence)
    if not match or len(match.group().split()) < 2 and not match.group()[:1].isupper():
        return None
    subject = match.group()
    return "the" + subject[3:] if subject.startswith("The ") else subject


_OPENER = re.compile(
    r"^(?:(?:Further(?:more)?|In addition|Additionally|Moreover|Also|However|Therefore|Thus|Hence|Finally|"
    r"Meanwhile|Today|Importantly|Notably|Similarly|Likewise|Overall|Indeed|As a result|To date|In particular|"
    r"Most recently|More recently|Recently|At the same time|Together|In short|Specifically|Separately|Currently|"
    r"Consequently|Accordingly|Nevertheless|Nonetheless|Still|Now|First|Second|Third|Lastly|Previously|"
    r"Historically|Traditionally|Since then|Ultimately|In turn|In total|Altogether|To this end|As such|"
    r"In this regard|Of note|Beyond this|On top of this|In recent years|Over the years|"
    r"(?:Over|Throughout|During|In the course of) (?:its|their|our|his|her|the) (?:\w+ )?"
    r"(?:history|existence|lifetime|tenure|course))"
    r"|[A-Z][a-z]+ly)\s*,\s+",
)
_GOV_PAGE = re.compile(
    r"Department of State|State Department|Department of Defense|Bureau of [A-Z]|Office of the Spokesperson|"
    r"White House|U\.S\. Embassy|Embassy of the United States|Fact Sheet|FACT SHEET|\.gov\b|Secretary of State|"
    r"Media Note|Spokesperson",
)
_PARTY = re.compile(
    r"\b(?:[Tt]he United States|U\.S\.) and (?P<a>(?:the )?[A-Z][a-z]+(?: [A-Z][a-z]+)?)"
    r"|\b(?P<b>[A-Z][a-z]+(?: [A-Z][a-z]+)?) and the United States"
    r"|\bU\.S\.[-\u2013](?P<c>[A-Z][a-z]+)\b"
    r"|\bRelations [Ww]ith (?P<d>(?:the )?[A-Z][a-z]+(?: [A-Z][a-z]+)?)"
)
_NOT_PARTY = frozenset({"The", "NATO", "Allies", "Europe", "European", "Its", "Their", "Other", "Both", "Canada"})
_STATES = re.compile(
    r"\b(?:Republic|Kingdom|State|Principality|Federation) of (?P<a>[A-Z][a-z]+) and (?:the )?"
    r"(?:Republic|Kingdom|State|Principality|Federation) of (?P<b>[A-Z][a-z]+)\b"
)
_WITH_ARTICLE = frozenset({"Philippines", "Netherlands", "Bahamas", "Gambia", "Czech Republic", "Maldives"})
_PARTIES_REF = re.compile(
    r"\b(?:[Tt]he two|[Bb]oth|[Oo]ur two) (?:sides|countries|nations|governments|partners|states|allies)"
    r"(?P<pos>['\u2019](?!\w))?"
)
_SAME_YEAR = re.compile(
    r"\b(?P<pre>(?:[Ii]n|[Dd]uring|[Bb]y|[Ll]ater|[Ee]arlier) )?(?P<what>(?:the|that) same year|that year|"
    r"the (?:following|next|previous|preceding) year|a year later|a year earlier)\b"
)
_WE = re.compile(r"\b(?P<we>[Ww]e)\b(?P<gap>\s+(?:also|now|have also|all|both|jointly)?\s*)(?P<verb>[a-z]+)\b")
_OUR = re.compile(r"\b(?:[Oo]ur|[Oo]urs|[Oo]urselves|us)\b")
_CATEGORY = (
    r"Commission|Council|Committee|Program|Programme|Agreement|Treaty|Dialogue|Initiative|Partnership|Charter|"
    r"Fund|Pledge|Declaration|Memorandum|Forum|Strategy|Framework|Roadmap|Accord|Convention|Compact|Center|"
    r"Centre|Task Force|Exercise|Act|Plan|Mission|Board|Authority|Alliance|Conference"
)
_THE_CATEGORY = re.compile(
    rf"(?P<the>[Tt](?<!\w[Tt])he) (?P<noun>(?i:{_CATEGORY}))(?P<pos>'s|\u2019s)?\b(?!\s+(?:of|on|for|to)\s+[A-Z])"
)
"""A reference by category ("the Commission"). "(?<!\\w[Tt])" after the first letter is "\\b" before it,
written so that re can skip ahead to the next "T" or "t" fast."""
_DANGLING = re.compile(
    r"\b(?:[Ww]e|[Oo]ur|[Oo]urs|us|[Tt]he two (?:sides|countries|nations|governments|partners)|"
    r"[Bb]oth (?:sides|countries|nations|governments)|(?:the|that) same year|that year|"
    r"the (?:following|next|previous|preceding|past|last|coming) (?:year|month|decade)|this (?:year|month|week)|"
    r"last (?:year|month|week)|next (?:year|month)|a year (?:later|earlier)|today|yesterday|"
    r"the last (?:\w+ )?years|the past (?:\w+ )?years|recent months|"
    r"the (?:latter|former)|they|them|these|those)\b"
    r"|(?:^|: |, )(?:It|it|This|this)\b(?! (?:year|month|week)\b)|(?:^|: )(?:His|Her|He|She)\b"
    rf"|\b[Tt]he (?:{_CATEGORY})(?:'s|\u2019s)?\b(?!\s+(?:of|on|for|to)\s+[A-Z])"
    rf"|\b(?:[Tt]hat|[Tt]his|[Tt]hese|[Tt]hose) (?i:{_CATEGORY}|treaty|agreement|program|visit|amount)s?\b"
    r"|\bthere\b(?! (?:is|are|was|were|has|have|had|will|would|may|might|remains?)\b)"
)


@dataclass(slots=True)
class Context:
    """What a document has said so far, to resolve references with.

    Attributes:
        speaker: Who "we" is: "the United States" on a U.S. government page,
            else None (first-person questions are then dropped).
        parties: "the United States and Poland" when the document is about
            one other country, else None.
        names: Full names seen so far by their head noun ("commission" ->
            ["Strategic Partnership Commission"]), most recent last.
        last_year: The last year a sentence mentioned.
        latest_year: The latest year the document has named so far as the
            time of an event (not a target: "by 2024", "targeted for 2030"),
            the year a month without one ("since February") is read in.
        subject: The named subject of the sentence before ("The River
            Commission"), for a sentence opening with "Its" or "Their".
        described: What the sentence before described without naming it, by
            head noun ("program" -> "the Philippines' military modernization
            program" after "The Philippines is undertaking an ambitious
            15-year military modernization program"), for a later "this
            program".
        page_year: The year the page was published, from a date line of its
            header ("Published Jun 06, 2019", "March 17, 2021"): "this year"
            and "last year" are read from it.
    """

    speaker: str | None = None
    parties: str | None = None
    names: dict[str, list[str]] = field(default_factory=dict)
    last_year: int | None = None
    latest_year: int | None = None
    subject: str | None = None
    page_year: int | None = None
    recent: list[str] = field(default_factory=list)
    described: dict[str, str] = field(default_factory=dict)

    def remember_name(self, name: str) -> None:
        """Note a full name so that "the <head noun>" can point at it later."""
        words = name.split()
        if len(words) >= 2:
            seen = self.names.setdefault(words[-1].lower(), [])
            if name in seen:
                seen.remove(name)
            seen.append(name)


def document_context(text: str) -> Context:
    """Read the speaker and the two parties off a whole document.

    Args:
        text: The document, page furniture included (a "U.S. Department of
            State" footer says who speaks).

    Returns:
        A fresh context for the document.
    """
    speaker = "the United States" if _GOV_PAGE.search(text) else None
    counts: Counter[str] = Counter()
    for match in _PARTY.finditer(text) if _may_name_parties(text) else ():
        other = next(g for g in match.groups() if g)
        if other.removeprefix("the ").split()[0] not in _NOT_PARTY and "United" not in other:
            counts[other] += 1
    parties = None
    pair = _STATES.search(text) if not counts and _may_name_states(text) else None
    if pair:  # "The Republic of Norland and the Kingdom of Estmark"
        return Context(speaker, f"{pair['a']} and {pair['b']}", page_year=_page_year(text))
    if counts:
        merged: Counter[str] = Counter()
        for other, n in counts.items():
            merged[other.removeprefix("the ")] += n
        merged = _one_form_per_country(merged)
        (top, n), *rest = merged.most_common(2)
        if not rest or rest[0][1] < n:
            article = (
                "the "
                if any(o == f"the {top}" for o in counts) or top in _WITH_ARTICLE or top.endswith(_TAKES_ARTICLE)
                else ""
            )
            parties = f"the United States and {article}{top}"
    return Context(speaker, parties, page_year=_page_year(text))


def _may_name_parties(text: str) -> bool:
    """A quick test before :data:`_PARTY` (a slow scan of a long text): every form of it names the
    United States or "Relations"."""
    return "United States" in text or "U.S." in text or "Relations" in text


def _may_name_states(text: str) -> bool:
    """A quick test before :data:`_STATES`: "Republic of", "Kingdom of", ... somewhere."""
    return any(f"{kind} of " in text for kind in ("Republic", "Kingdom", "State", "Principality", "Federation"))


_DATE_LINE = re.compile(
    r"^(?P<how>Published|Posted|Released|Issued|Dated|Updated|Last updated)?:?\s*(?:on\s+)?"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+\d{1,2},\s+(?P<year>(?:19|20)\d\d)\s*$",
    re.M,
)


def _page_year(text: str) -> int | None:
    """The year of the header's date line (the first one that is not an update), or None."""
    head = "\n".join(text.splitlines()[:40])
    lines = list(_DATE_LINE.finditer(head))
    first = next((m for m in lines if not (m["how"] or "").endswith(("Updated", "updated"))), None)
    chosen = first or (lines[0] if lines else None)
    return int(chosen["year"]) if chosen else None


_ADJECTIVE_ENDINGS = frozenset({"n", "an", "ian", "ese", "i", "ish", "ic"})
_TAKES_ARTICLE = (" Union", " Republic", " Kingdom", " Emirates", " Islands", " States")


def _one_form_per_country(counts: Counter[str]) -> Counter[str]:
    """Count a country's adjective with the country: "U.S. and Mongolian legislators" is about
    Mongolia, "U.S.-Soviet talks" about the Soviet Union. A name that runs on inside a word
    (Mongolia, Mongolian) is the country; one that runs on into another word (Soviet, Soviet
    Union) is the adjective of the longer name."""
    merged = Counter(counts)
    for short in sorted(counts, key=len, reverse=True):  # Nigerian goes to Nigeria before Niger
        for long in counts:
            if long == short or not long.startswith(short) or short not in merged or long not in merged:
                continue
            if long[len(short)] == " ":
                merged[long] += merged.pop(short)
            elif len(short) >= 4 and long[len(short) :] in _ADJECTIVE_ENDINGS:  # not Niger and Nigeria
                merged[short] += merged.pop(long)
    return merged


def strip_opener(sentence: str) -> str:
    """Take a discourse opener ("Further,", "In addition,", "Over its history,") off a sentence."""
    match = _OPENER.match(sentence)  # the pattern is anchored: its one place is the start
    stripped = sentence[match.end() :] if match else ""
    if not stripped:
        return sentence
    return stripped[0].upper() + stripped[1:]


def _we(context: Context, match: re.Match[str]) -> str:
    speaker = context.speaker or "we"
    if match.start() == 0:
        speaker = speaker[0].upper() + speaker[1:]
    gap = match["gap"]
    words = gap.split()
    if words and words[0] == "have":  # "we have also" -> "the United States has also"
        return f"{speaker} {' '.join(['has', *words[1:]])} {match['verb']}"
    return f"{speaker}{gap}{third_person(match['verb'])}"


def _our(context: Context, match: re.Match[str]) -> str:
    word = match.group()
    if context.speaker != "the United States":
        return word
    if word.lower() == "us":
        return "the United States"
    if word.lower() == "our":
        return "the U.S." if match.start() == 0 or match.string[match.start() - 2 : match.start()].strip() else "U.S."
    return word


def clean_sentence(sentence: str, context: Context) -> str:
    """Rewrite a sentence so that it stands alone, as far as the context allows.

    Strips a discourse opener; turns "we"/"our"/"us" into the speaker; "the two
    sides" into the parties; "the same year" into the year meant; "the
    Commission" into the one commission the document named. References it
    cannot resolve stay, for :func:`dangling` to find.

    Args:
        sentence: One sentence, list markers already removed.
        context: What the document said before this sentence.

    Returns:
        The rewritten sentence.
    """
    text = strip_opener(sentence)
    if " listed " in text or " available " in text:
        text = _PAGE_POINTER.sub(lambda m: "", text, count=1)
        text = text[0].upper() + text[1:] if text else text
    if "(" in text and ("U.S.C" in text or "P.L." in text or "\u00a7" in text):
        text = _CITATION.sub(_cited, text)
    if text.startswith(_MANNER_STARTS) and (m := _MANNER.match(text)):
        text = text[m.end()].upper() + text[m.end() + 1 :]  # "Commensurate with this designation, India ..."
    if "-year-old" in text:
        text = _AGE.sub("", text)
    if text.startswith(("For ", "Over the ", "In the ")) and (m := _AGE_PHRASE.match(text)):
        text = text[m.end()].upper() + text[m.end() + 1 :]  # "For more than 15 years, ...": counted up to today
    lowered = text.lower()
    if context.subject and text.startswith(("Its ", "Their ")) and (m := _ITS.match(text)):
        # "Its first budget" after "The River Commission was founded ..."
        text = f"{context.subject[0].upper()}{context.subject[1:]}'s {text[m.end() :]}"
    elif context.subject and text.startswith("It ") and _IT_VERB.match(text) and not _PERSON.match(context.subject):
        # "It became a full member of the EU in 1995" after "Finland joined ...": the same subject
        text = f"{context.subject[0].upper()}{context.subject[1:]}{text[2:]}"
    if context.parties and ("two " in lowered or "both " in lowered):
        text = _PARTIES_OWN.sub(lambda m: f"the {m['np']} of {context.parties}", text)
        text = _PARTIES_REF.sub(lambda m: _parties(context.parties or "", m), text)
        if text.startswith("the "):
            text = "T" + text[1:]
    if context.speaker and _FIRST_PERSON.search(text):
        text = _WE.sub(lambda m: _we(context, m), text)
        text = _OUR.sub(lambda m: _our(context, m), text)
        text = _THE_US_PLURAL.sub("U.S.", text)  # "the U.S. contributions" reads badly
    if context.page_year and ("this year" in lowered or "last year" in lowered):
        text = _PAGE_RELATIVE.sub(lambda m: _page_relative(m, context.page_year or 0), text)
    if context.last_year and "year" in lowered:
        text = _SAME_YEAR.sub(lambda m: _year_for(m, context.last_year or 0), text)
    if context.names and "the " in lowered and _THE_CATEGORY.search(text):  # most sentences have no reference
        text = _THE_CATEGORY.sub(lambda m: _named(m, context), text)
    if text.startswith("This ") and (m := _THIS_INCLUDED.match(text)) and len(set(context.recent)) == 1:
        name = context.recent[0].removeprefix("the ").removeprefix("The ")
        if len(name.split()) >= 2:
            text = (
                f"The {name} {text[m.end('this') + 1 :]}"  # "This included a 2,400 limit" after "a SALT II agreement"
            )
    if "this " in lowered or "that " in lowered:
        text = _THIS_CATEGORY.sub(lambda m: _pointed(m, context), text)
    return text


_THIS_INCLUDED = re.compile(r"(?P<this>This) (?=(?:included|includes|include|contained|contains|set|sets)\b)")
"""A sentence that goes on about what the sentence before named: "This included a 2,400 limit ..."."""

_THIS_CATEGORY = re.compile(
    r"\b(?P<det>[Tt]his|[Tt]hat) (?P<noun>treaty|agreement|program|programme|initiative|dialogue|accord|pact|"
    r"convention|charter|declaration|memorandum|roadmap|pledge|compact|plan|fund|exercise|partnership)\b"
    r"(?!\s+(?:of|on|for|to|with)\s+[A-Z])"
)
"""A pointer back to a named thing: "under that program", "This treaty replaced ..."."""


def _pointed(match: re.Match[str], context: Context) -> str:
    """ "that program" -> "the Fulbright program" when the sentence, before it, or else the
    sentence before names exactly one thing with that head noun; left as it is otherwise (and
    :func:`dangling` then drops the question)."""
    noun = match["noun"].lower()
    earlier = match.string[: match.start()]
    here = [m.group("name") for m in _NAME_WITH_HEAD.finditer(earlier) if m.group("head").lower() == noun]
    found = (
        {n for n in here}
        if here
        else {n for n in context.recent if n.split()[-1].lower() == noun and " of the " not in n}
    )
    if not found and noun in context.described:
        phrase = context.described[noun]  # "the Philippines' ...", "Vietnam's ..."
        return phrase[0].upper() + phrase[1:] if match["det"][0].isupper() else phrase
    if len(found) != 1:
        return match.group()
    name = found.pop().removeprefix("the ").removeprefix("The ")
    return f"{'The' if match['det'][0].isupper() else 'the'} {name}"


_DESCRIBED = re.compile(
    r"^(?P<who>(?:The )?(?:[A-Z][\w.'\u2019-]*\s+){1,4}?)(?:is|was|are|were|has|had|will)\s+"
    r"(?:(?:now|currently|also)\s+)?"
    r"(?:[a-z]+ing|[a-z]+ed|launched|begun|started)\s+(?:a|an)\s+(?P<np>(?:[\w-]+\s+){0,5}?)"
    r"(?P<noun>program|programme|initiative|plan|fund|exercise|partnership|project|effort|strategy)\b"
)
"""A subject that undertakes something described but not named: "The Philippines is currently
undertaking an ambitious 15-year military modernization program"."""
_DESCRIBED_NOUNS = ("program", "initiative", "plan", "fund", "exercise", "partnership", "project", "effort", "strategy")
"""The head nouns of :data:`_DESCRIBED` ("programme" holds "program"): a quick test before it."""
_APPRAISING = frozenset("ambitious historic major new significant important large small key ongoing broad".split())


def describe(sentence: str) -> dict[str, str]:
    """What a sentence describes without naming it, by head noun, as a later "this <noun>" would
    mean it: its subject's, with numbers and appraising words left out (they may be asked apart):
    "the Philippines' military modernization program".

    Args:
        sentence: One cleaned sentence.

    Returns:
        Head noun -> the phrase; empty when the sentence describes nothing so.
    """
    if not any(noun in sentence for noun in _DESCRIBED_NOUNS):
        return {}
    match = _DESCRIBED.match(sentence)
    if not match:
        return {}
    who = match["who"].strip()
    who = "the" + who[3:] if who.startswith("The ") else who
    owner = f"{who}'" if who.endswith("s") else f"{who}'s"
    words = [w for w in match["np"].split() if not any(c.isdigit() for c in w) and w.lower() not in _APPRAISING]
    return {match["noun"].lower(): " ".join([owner, *words, match["noun"]])}


_NAME_WITH_HEAD = re.compile(
    r"\b(?P<name>(?:[A-Z][\w.'\u2019-]*\s+(?:(?:of|and|for|on|the)\s+)?){1,6}(?P<head>[A-Za-z]+))\b"
)


_AGE_PHRASE = re.compile(
    r"(?:For|Over the (?:last|past)|In the (?:last|past))\s+(?:(?:more than|over|nearly|almost|some)\s+)?"
    r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|several)\s+"
    r"(?:years|decades),?\s+"
)
"""A time counted up to the page's day ("For more than 15 years, ...") goes stale, like an age."""
_PAGE_POINTER = re.compile(
    r"^[^,;]*\b(?:are|is) (?:listed|available|shown) (?:here|below|above|online|at [^,;]*)\s*,?\s*(?:and\s+)?"
)
"""A clause that points at the page ("FMS sales notified to Congress are listed here, and ...")."""
_MANNER_STARTS = ("Commensurate", "Consistent", "In line", "In keeping", "In recognition", "Reflecting", "Building")
_MANNER = re.compile(
    r"(?:Commensurate with|Consistent with|In line with|In keeping with|In recognition of|Reflecting|Building on)"
    r" (?:this|that|these|those|such) [\w -]{1,40},\s+(?=[A-Z])"
)
"""An opener that only points back at what came before ("Commensurate with this designation, ..."): it goes."""
_ITS = re.compile(r"(?:Its|Their) (?=[a-z])")
_IT_VERB = re.compile(
    r"It (?:(?:also|later|then|subsequently|soon|now) )?(?:was|is|has|had|became|becomes|[a-z]{3,}ed)\b"
)
_PERSON = re.compile(
    r"(?:the )?(?:President|Secretary|Minister|Prime|Ambassador|Senator|Governor|General|Admiral|King|Queen|"
    r"Premier|Chancellor|Mr|Ms|Mrs|Dr|Deputy|Under|Assistant)\b"
)
_FIRST_PERSON = re.compile(r"\b(?:[Ww]e|[Oo]ur|[Oo]urs|[Oo]urselves|us)\b")
_THE_US_PLURAL = re.compile(r"\bthe U\.S\.(?= [a-z]+s\b)")
_AGE = re.compile(r"\b\d{1,3}-year-old\s+(?=[A-Za-z])")
"""An age counted up to the page's day ("the 29-year-old State Partnership Program") goes stale."""
_CITATION = re.compile(r"\s*\((?P<acr>[A-Z][A-Za-z-]{1,10})?\s*;?\s*(?:\d+\s+U\.S\.C\.|P\.L\.\s?\d|\u00a7)[^()]*\)")


def _cited(match: re.Match[str]) -> str:
    """ "(PDA; 22 U.S.C. \u00a72318)" -> " (PDA)": statute citations carry nothing to learn."""
    return f" ({match['acr']})" if match["acr"] else ""


def _parties(parties: str, match: re.Match[str]) -> str:
    """ "the two sides" -> "the United States and India". A possessive ("both nations' forces")
    stays as it is, for :func:`dangling` to find: "the United States and the Soviet Union's
    forces" would read as the Soviet Union's alone, and its "and" would split the clause
    (:data:`_PARTIES_OWN` writes it "the forces of ..." first where it can)."""
    return match.group() if match["pos"] else parties


_PARTIES_OWN = re.compile(
    r"\b(?:[Tt]he two|[Bb]oth|[Oo]ur two) (?:sides|countries|nations|governments)['\u2019](?!\w)\s+"
    r"(?P<np>(?:[a-z-]+\s+){0,2}[a-z-]+s)\b(?=\s+(?:to|in|and|of|for|on|by|with|at|from)\b|[,.;])"
)
"""A possessive of the two parties before a plural noun: "both nations' nuclear forces to ..."."""


_PAGE_RELATIVE = re.compile(r"\b(?P<pre>(?:[Ii]n|[Dd]uring|[Bb]y|[Ee]arlier|[Ll]ater) )?(?P<which>this|last) year\b")


def _page_relative(match: re.Match[str], page_year: int) -> str:
    """ "this year" on a page published in 2019 -> "in 2019"; "last year" -> "in 2018"."""
    year = page_year - (match["which"] == "last")
    pre = (match["pre"] or "").strip().lower()
    return f"{pre} in {year}" if pre in ("earlier", "later") else f"{match['pre'] or 'in '}{year}"


def _year_for(match: re.Match[str], year: int) -> str:
    what = match["what"].lower()
    shift = 1 if any(w in what for w in ("following", "next", "later")) else -1 if "previous" in what else 0
    shift = -1 if "earlier" in what or "preceding" in what else shift
    pre = (match["pre"] or "").strip().lower()
    if pre in ("later", "earlier"):
        return f"{pre} in {year + shift}"
    return f"{match['pre'] or 'in '}{year + shift}"


def _named(match: re.Match[str], context: Context) -> str:
    names = context.names.get(match["noun"].lower())
    if not names:
        return match.group()
    name = names[-1].removeprefix("the ").removeprefix("The ")
    return f"{match['the']} {name}{match['pos'] or ''}"


def dangling(prompt: str) -> str | None:
    """Find a reference a learner cannot resolve from the prompt alone.

    Args:
        prompt: A question's prompt.

    Returns:
        The dangling words ("the two sides", "our", "the Commission"), or None.
    """
    for match in _DANGLING.finditer(prompt):
        if match.group() == "there" and ". " in prompt[: match.start()]:
            continue  # the sentence before it, given as context, names the place
        return match.group()
    return None
