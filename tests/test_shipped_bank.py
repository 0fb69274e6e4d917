"""The shipped bank (questions/) read as a careful teacher would review it.

- No prompt states a date, amount, percentage or count that any question of the
  bank asks for (siblings of one fact and the question itself included).
- No choice question's right choice can be read off its prompt: by an
  acronym's letters, by a parenthesised acronym only it carries, or by a word
  it alone shares with the prompt.
- No prompt spells out a name that another question asks a learner to expand
  from its acronym ("Foreign Military Financing (FMF)" beside "What does FMF
  stand for?").
- Every agreement, program, dialogue, pledge and authority of the two seed
  documents is asked with its name as the answer: those listed here and every
  name of the seed documents' answer keys (tests/corpus/seeds/).
- Every question cites paragraphs of the seed documents, one of which holds its answer.

The checks are plain functions, so each is also shown to catch the faults the
bank once had (issue 8).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from quiz.answers import acronym_matches, is_correct, normalize_text
from quiz.bank import BankQuestion, load_bank, validate_paths
from quiz.paths import SOURCE_ROOT, resource_dir

BANK_DIR = resource_dir("questions")
QUESTIONS = load_bank([BANK_DIR]).questions
BY_ID = {q.key: q for q in QUESTIONS}

SEED_NAMES = [
    # first seed document (bilateral relations)
    "agreement on bilateral trade and intellectual property protection",
    "bilateral investment treaty",
    "Charter of Partnership",
    "Visa Waiver Program",
    "Enhanced Partnership in Northern Europe",
    # second seed document (security cooperation fact sheet)
    "Foreign Military Financing",
    "International Military Education and Training",
    "Section 333",
    "Foreign Military Sales program",
    "Direct Commercial Sales",
    "Basic Exchange and Cooperative Agreement",
    "Communications Interoperability and Security Memorandum of Agreement",
    "Logistics, Supplies, and Services Agreement",
    "Defense Cooperation Agreement",
    "Security Cooperation Roadmap",
    "Reciprocal Defense Procurement Agreement",
    "NATO Status of Forces Agreement",
    "U.S.-Baltic Dialogue",
    "Wales Pledge",
    "State Partnership Program",
]
"""Every agreement, program, dialogue, pledge and authority the seed documents name."""

NAME_KINDS = ("agreement", "name", "other")
AMOUNT_KINDS = ("date", "money", "percent", "number")

# ---------------------------------------------------------------- what a prompt states

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand"
).split()
_MENTIONS: list[tuple[str, re.Pattern[str]]] = [
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in [
        ("date", rf"\b{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}\b"),
        ("date", rf"\b\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_MONTH},? \d{{4}}\b"),
        ("date", rf"\b{_MONTH},? \d{{4}}\b"),
        ("date", r"\b(?:FY|fiscal years?)\s*\d{2,4}\s*(?:-|–|to|through)\s*(?:FY\s*)?\d{2,4}\b"),
        ("date", r"\b\d{4}\s*(?:-|–|to|through)\s*\d{4}\b"),
        ("date", r"\bFY\s*\d{2,4}\b"),
        ("date", r"\b(?:early |mid-?|late )?\d{3}0'?s\b"),
        ("money", r"(?:US)?[$€£]\s?\d[\d,]*(?:\.\d+)?(?:\s*(?:million|billion|thousand)\b|[mbk]n?\b)?"),
        ("money", r"\b\d[\d,]*(?:\.\d+)?(?:\s*(?:million|billion|thousand))?\s*(?:euros?|dollars?)\b"),
        ("percent", r"\b\d+(?:\.\d+)?\s*(?:%|percent\b|per cent\b)"),
        ("date", r"\b(?:1[5-9]|20)\d\d\b"),
        ("number", r"\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?\b(?![\w%])"),
        ("number", r"\b(?:" + "|".join(_NUMBER_WORDS) + r")(?:[- ](?:" + "|".join(_NUMBER_WORDS) + r"))*\b"),
    ]
]


def mentions(text: str) -> list[tuple[str, str]]:
    """The dates, amounts, percentages and counts a text states, as (kind, text)."""
    text = text.replace("\u2019", "'")
    found: list[tuple[str, str]] = []
    for kind, pattern in _MENTIONS:
        for match in pattern.finditer(text):
            found.append((kind, match.group(0)))
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)  # read each stretch once
    return found


def giveaways(questions: list[BankQuestion]) -> list[str]:
    """Every place where a prompt states what some question of the bank asks for."""
    problems = []
    for asker in questions:
        for kind, text in mentions(asker.prompt):
            for other in questions:
                if other.kind == kind and any(is_correct(text, want, kind) for want in (other.answer, *other.accept)):
                    problems.append(f"{asker.key}: the prompt states {text!r}, which {other.key} asks for")
    return problems


# ---------------------------------------------------------------- choices read off the prompt


def _words(text: str) -> set[str]:
    words = set()
    for word in normalize_text(text).split():
        if word in {"and", "of", "the", "for", "on", "in", "to", "with", "a", "an", "at", "by", "its", "their"}:
            continue
        words.add(word[:-1] if len(word) > 3 and word.endswith("s") else word)
    return words


def read_off(question: BankQuestion) -> str | None:
    """Why the right choice can be told from the prompt alone, or None."""
    right = question.answer
    wrong = [c for c in question.choices if c.strip() != right.strip()]
    if "(" in right and not all("(" in c for c in wrong):
        return f"only the right choice carries a parenthesis: {right!r}"
    for token in re.findall(r"[\w.-]+", question.prompt):
        if sum(ch.isupper() for ch in token) >= 2 and acronym_matches(token, right):
            if not any(acronym_matches(token, c) for c in wrong):
                return f"the prompt's acronym {token!r} spells the right choice"
    shared = _words(question.prompt) & _words(right)
    for choice in wrong:
        shared -= _words(choice)
    if shared:
        return f"only the right choice shares {sorted(shared)} with the prompt"
    return None


# ---------------------------------------------------------------- names spelled out beside their acronym


def acronym_leaks(questions: list[BankQuestion]) -> list[str]:
    """Prompts that spell out the expansion another question asks for ("What does FMF stand for?")."""
    problems = []
    for asked in questions:
        if asked.kind not in NAME_KINDS:
            continue
        expansion = re.sub(r"\([^)]*\)", "", asked.answer).strip()
        acronyms = [t for t in re.findall(r"[\w.-]+", asked.prompt) if sum(c.isupper() for c in t) >= 2]
        if not any(acronym_matches(token, expansion) for token in acronyms):
            continue
        wanted = f" {normalize_text(expansion)} "
        for other in questions:
            if other is not asked and wanted in f" {normalize_text(other.prompt)} ":
                problems.append(f"{other.key}: the prompt spells out {expansion!r}, which {asked.key} asks for")
    return problems


# ---------------------------------------------------------------- the tests


def test_the_shipped_bank_validates_clean() -> None:
    _, problems = validate_paths([BANK_DIR])
    assert [str(p) for p in problems] == []


def test_no_prompt_states_a_date_amount_or_count_that_a_question_asks_for() -> None:
    assert giveaways(QUESTIONS) == []


@pytest.mark.parametrize("question", [q for q in QUESTIONS if q.type == "choice"], ids=lambda q: q.key)
def test_no_right_choice_can_be_read_off_its_prompt(question: BankQuestion) -> None:
    assert read_off(question) is None


def test_no_prompt_spells_out_a_name_asked_from_its_acronym() -> None:
    assert acronym_leaks(QUESTIONS) == []


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_seed_name_is_asked_with_the_name_as_the_answer(name: str) -> None:
    askers = [
        q.key
        for q in QUESTIONS
        if q.kind in NAME_KINDS and any(is_correct(name, want, q.kind) for want in (q.answer, *q.accept))
    ]
    assert askers, f"no question has {name!r} as its answer"


SEED_KEYS = sorted((Path(__file__).parent / "corpus" / "seeds").glob("*.key.yaml"))


def _keyed_names() -> list[tuple[str, list[str]]]:
    names = []
    for path in SEED_KEYS:
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["items"]:
            if item["kind"] == "name":
                names.append((item["answer"], [item["answer"], *(item.get("accept") or [])]))
    return names


@pytest.mark.parametrize(("name", "forms"), _keyed_names(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_name_of_the_seed_answer_keys_is_asked(name: str, forms: list[str]) -> None:
    askers = [
        q.key
        for q in QUESTIONS
        if q.kind in NAME_KINDS
        and any(is_correct(form, want, q.kind) for form in forms for want in (q.answer, *q.accept))
    ]
    assert askers, f"no question has {name!r} (the seed answer key's name) as its answer"


def _seed_folder() -> Path | None:
    for folder in (SOURCE_ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds")):
        if folder.is_dir():
            return folder
    return None


def _paragraphs(path: Path) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()) if p.strip()]


def _holds(paragraph: str, question: BankQuestion) -> bool:
    answers = (question.answer, *question.accept)
    if question.kind in AMOUNT_KINDS:
        return any(
            kind == question.kind and is_correct(text, want, kind)
            for kind, text in mentions(paragraph)
            for want in answers
        )
    text = f" {normalize_text(paragraph)} "
    return any(f" {normalize_text(re.sub(r'[(][^)]*[)]', '', want))} " in text for want in answers)


def test_every_question_cites_a_paragraph_that_holds_its_answer() -> None:
    folder = _seed_folder()
    if folder is None:
        pytest.skip("the seed documents (../shared/seeds) are not beside this checkout")
    problems = []
    for q in QUESTIONS:
        cited = []
        for source in q.sources:
            path = folder / source.document
            paragraphs = _paragraphs(path) if path.is_file() else []
            if 1 <= source.paragraph <= len(paragraphs):
                cited.append(paragraphs[source.paragraph - 1])
            else:
                problems.append(f"{q.key}: {source.document} has no paragraph {source.paragraph}")
        if not any(_holds(paragraph, q) for paragraph in cited):
            problems.append(f"{q.key}: no cited paragraph holds {q.answer!r}")
    assert problems == []


# ---------------------------------------------------------------- the checks catch the faults the bank had


def _question(key: str, prompt: str, answer: str, kind: str, choices: tuple[str, ...] = ()) -> BankQuestion:
    return BankQuestion(key, "choice" if choices else "short", prompt, answer, choices=choices, kind=kind)


def test_the_checks_catch_the_faults_the_bank_once_had() -> None:
    old = [
        _question("wales-pledge-year", "NATO's Wales Pledge set targets of 2% of GDP. In what year?", "2014", "date"),
        _question("wales-pledge-gdp-share", "What share of GDP does the Wales Pledge set?", "2 percent", "percent"),
        _question("target-year", "Lithuania's 2022 budget reached 2.52 percent of GDP. Target year?", "2030", "date"),
        _question("budget", "To what share of GDP did Lithuania raise its defense budget?", "2.52 percent", "percent"),
        _question("per-citizen", "Aid (over 200 million euros) came to how much per citizen?", "$70", "money"),
        _question("aid", "How much military equipment did Lithuania give Kyiv?", "over 200 million euros", "money"),
        _question("fmf-period", "Over which years was $279.75 million in FMF provided?", "FY 2017-2022", "date"),
        _question("fmf", "How much FMF was provided from FY 2017 to FY 2022?", "$279.75 million", "money"),
        _question("since", "Since what year (over 5,500 in all)?", "1994", "date"),
        _question("count", "How many peacekeepers have served?", "over 5,500", "number"),
    ]
    found = "\n".join(giveaways(old))
    for asker, asked in [
        ("wales-pledge-year", "wales-pledge-gdp-share"),
        ("target-year", "budget"),
        ("per-citizen", "aid"),
        ("fmf-period", "fmf"),
        ("fmf", "fmf-period"),
        ("since", "count"),
    ]:
        assert f"{asker}: the prompt states" in found and f"which {asked} asks for" in found

    dca = _question(
        "dca-name",
        "Which agreement is known by the acronym DCA?",
        "Defense Cooperation Agreement (DCA)",
        "agreement",
        (
            "Defense Cooperation Agreement (DCA)",
            "Security Cooperation Roadmap",
            "Reciprocal Defense Procurement Agreement",
        ),
    )
    cismoa = _question(
        "cismoa-name",
        "Which defense agreement is known by the acronym CISMOA?",
        "Communications Interoperability and Security Memorandum of Agreement",
        "agreement",
        (
            "Communications Interoperability and Security Memorandum of Agreement",
            "Reciprocal Defense Procurement Agreement",
            "Basic Exchange and Cooperative Agreement",
        ),
    )
    sofa = _question(
        "sofa-name",
        "Which multilateral NATO agreement completes the framework?",
        "NATO Status of Forces Agreement",
        "agreement",
        ("NATO Status of Forces Agreement", "Charter of Partnership", "Reciprocal Defense Procurement Agreement"),
    )
    assert "parenthesis" in (read_off(dca) or "")
    assert "CISMOA" in (read_off(cismoa) or "")
    assert "nato" in (read_off(sofa) or "")
    assert read_off(replace(sofa, prompt="Which multilateral agreement completes the framework?")) is None

    fmf = _question("fmf-acronym", "What does the acronym FMF stand for?", "Foreign Military Financing", "name")
    amount = _question("fmf", "How much Foreign Military Financing (FMF) was provided?", "$279.75 million", "money")
    assert acronym_leaks([fmf, amount]) == [
        "fmf: the prompt spells out 'Foreign Military Financing', which fmf-acronym asks for"
    ]


def test_the_bank_asks_names_the_issue_found_asked_only_by_year() -> None:
    for key in ("trade-ip-agreement-name", "investment-treaty-name", "beca-name", "roadmap-name", "rdp-name"):
        assert BY_ID[key].kind == "agreement"
    assert BY_ID["baltic-dialogue-name"].answer == "U.S.-Baltic Dialogue"
    assert BY_ID["wales-pledge-name"].answer == "Wales Pledge"
