"""Cut a long sentence down to the clause that holds one fact.

Fact sheets pack several facts into one sentence: coordinated verb phrases
sharing a subject ("Poland hosts X, will be a framework nation in 2020, and
hosted the 2016 Summit"), clauses joined by a semicolon or ", and", or one
verb with gapped objects ("signed an agreement in 1994 and a treaty in
1997"). :func:`core_clause` keeps the part holding the fact, with the subject
(and a fronted time phrase) copied in when that part lacks its own, so the
question built from it is short and says only what it must.
"""

from __future__ import annotations

import re

from quiz.extract.grammar import ambiguous, verb_form
from quiz.extract.span import Span

__all__ = ["core_clause", "finite_verb_at"]

_AUX = frozenset("was were is are has have had will would can could should may might must does do did".split())
_BOUNDARY = re.compile(
    r";\s+(?:and\s+)?|,\s+(?:and|but|while|whereas)\s*,?\s+|,\s+(?:particularly |especially |shortly |just |even )?"
    r"(?:since|when|after|before|because|as|until|once|while)\s+(?=[A-Z]|the\s)|,\s+|\s+and\s+|\s+\u2013\s+"
    r"|\s+\u2014\s+|\u2014"
)
_SUBORDINATE = re.compile(r",\s+(?:\w+\s+)?(?:since|when|after|before|because|as|until|once|while)\s+$")
_FRONT = re.compile(
    r"^(?:(?:(?:Even|Only|Just|Shortly|Soon|Long|Immediately|Well)\s+(?:after|before|since|until|in|during)"
    r"|In|On|Since|From|Through|During|By|After|Before|As of|Until)\b[^,]{0,60}(?:,\s*\d{4})?,\s+)"
)
_SUBORDINATOR = re.compile(
    r"^(?:(?:Even|Only|Just|Shortly|Soon|Long|Immediately|Well)\s+(?:after|before|when|because|if|once|as|since|until)"
    r"|After|Before|When|While|Because|Although|Though|Whereas|Once|Until|If|As|Since)\s+(?=[A-Z]|the\s)"
)
_CONCESSIVE = re.compile(r"^(?:Though|Although|While|Whereas)\b")
_NOT_VERB_BEFORE = frozenset("the a an its their of to and his her our this these that which who".split())
_THERE = re.compile(r"\bthere\b(?! (?:is|are|was|were|has|have|had|will)\b)")
_ADVERB = re.compile(r"^(?:also|now|still|already|recently|jointly|further|then|later|therefore|thus|\w+ly)$")


_AMOUNT_ITEM = re.compile(
    r"(?:and\s+)?(?:an?\s+)?(?:(?:about|over|nearly|almost|approximately|more than|at least|some|up to)\s+)?"
    r"(?:[$\u20ac\u00a3]\s?\d|\d[\d,.]*\s+(?:million|billion|percent)\b|\d{1,3}(?:,\d{3})+\s+[a-z]{3,}\b)"
)
"""An amount opening an item of a list of objects: "$18 billion for USAI", "a 1,320 limit on ..."."""


def _top_level_comma(text: str, start: int) -> int | None:
    """The first comma from ``start`` that is not inside parentheses, or None."""
    depth = 0
    for i in range(start, len(text)):
        ch = text[i]
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth <= 0:
            return i
    return None


def _verb_before_cut(rest: str) -> bool:
    """Tell whether a list item has a finite verb of its own before the next ";" or ","."""
    item = re.split(r"[;,]", rest, maxsplit=1)[0].split()
    verb = finite_verb_at(item)
    return verb is not None and not item[verb].endswith("ed")  # "other affected countries": an adjective


def _inside_parentheses(text: str, at: int) -> bool:
    """Tell whether a position is inside parentheses ("(PDA; 22 U.S.C. 2318)") or a pair of dashes
    ("each of the signatories\u2014the United States, ..., and China\u2014would respect ...")."""
    if text.count("(", 0, at) > text.count(")", 0, at):
        return True
    return text.count("\u2014") >= 2 and (text.count("\u2014", 0, at + 1) % 2 == 1 or text[at] == "\u2014")


def finite_verb_at(words: list[str], start: int = 0) -> int | None:
    """Index of the first finite verb or auxiliary from ``start``, or None.

    Args:
        words: The words of a clause.
        start: Where to start looking.

    Returns:
        The index of a word that is an auxiliary or a finite verb (past or
        present, per lemminflect) not preceded by a determiner or "to".
    """
    for i in range(start, min(len(words), start + 30)):
        raw = words[i]
        if not raw[:1].islower():
            continue
        low = raw.strip(",.;:").lower()
        if low in _AUX:
            return i
        if i > start and low.endswith("ed") and low.isalpha() and all(w[:1].isupper() for w in words[start:i]):
            return i  # "SALT II limited the total ...": after a name, "limited" is its verb, not an adjective
        form = verb_form(low)
        if form and form[1] in ("VBD", "VBZ", "VBP") and (i == 0 or words[i - 1].lower() not in _NOT_VERB_BEFORE):
            previous = words[i - 1] if i else ""
            if form[1] == "VBP" and (
                i == len(words) - 1
                or raw.endswith((".", ","))
                or not (previous.endswith("s") or (previous.istitle() and previous.isalpha()))
            ):
                continue  # "to support", "the UH-60M program.": a base form is a verb only after a plural subject
            return i
    return None


def _starts_verb_phrase(text: str, after_and: bool = False) -> bool:
    """A coordinated verb phrase starts here: an auxiliary, or a past or third-person verb that is no noun."""
    words = text.split()[:3]
    while words and _ADVERB.match(words[0].lower()) and words[0].islower():
        words = words[1:]
    if not words or not words[0].islower():
        return False
    low = words[0].strip(",.;:")
    if low in _AUX:
        return True
    form = verb_form(low)
    follower = words[1].strip(",.;:") if len(words) > 1 else ""
    if after_and and form and form[1] == "VBD" and follower in ("the", "a", "an", "its", "their"):
        return True  # "..., and closed the legation": a verb with its object, though "closed" is also an adjective
    if not form or form[1] not in ("VBD", "VBZ") or ambiguous(low):
        return False
    # a verb takes an object or a complement: "devolved political institutions" is an adjective
    return not (low.endswith("ed") and follower.islower() and follower.isalpha() and follower not in _OBJECT_START)


_OBJECT_START = frozenset(
    "the a an its their his her our this these that those to in on at by for with from into as over under "
    "through about against between during after before since until also jointly not".split()
)


def core_clause(sentence: str, span: Span, avoid: tuple[tuple[int, int], ...] = ()) -> tuple[str, int]:
    """The clause of a sentence that holds a fact.

    Args:
        sentence: The sentence.
        span: The fact in it.
        avoid: Where the sentence's other facts stand: when the fact is the
            subject of several verb phrases, the one free of them is kept
            ("The agreement was renewed in 2017 and is the legal mechanism ...").

    Returns:
        (clause, shift): the clause as a sentence, and how far the span moved
        (add ``shift`` to the span's offsets to find it in the clause).
        The whole sentence and 0 when it has one clause.
    """
    cuts = [(m.start(), m.end()) for m in _BOUNDARY.finditer(sentence)]
    cuts = [c for c in cuts if not (span.start < c[1] and c[0] < span.end) and not _inside_parentheses(sentence, c[0])]
    if not cuts:
        return sentence, 0
    head_words = sentence.split()
    verb = finite_verb_at(head_words)
    if verb is None:
        return sentence, 0
    front = _FRONT.match(sentence)
    subject_start = front.end() if front else 0
    subject_words = sentence[subject_start:].split()[: verb - len(sentence[:subject_start].split())]
    while subject_words and _ADVERB.match(subject_words[-1]) and subject_words[-1].islower():
        subject_words.pop()  # "Poland jointly hosts": the subject is "Poland"
    subject = " ".join(subject_words)
    # segment boundaries: a cut starts a new segment when a verb phrase or a clause follows it
    starts = [(0, "")]
    for left, right in cuts:
        rest = sentence[right:]
        if (
            _AMOUNT_ITEM.match(rest)
            and left > subject_start + len(subject)
            and not _verb_before_cut(rest)
            and _AMOUNT_ITEM.search(" ".join(head_words[verb + 1 : verb + 4]))
        ):
            starts.append((right, "object"))  # "includes $25.93 billion to ...; $18 billion for USAI; and ..."
        elif _starts_verb_phrase(rest, " and" in sentence[left:right]) and left > subject_start + len(subject):
            starts.append((right, "vp"))
        elif _SUBORDINATE.match(sentence[left:right]) and finite_verb_at(rest.split()[:12]) is not None:
            starts.append((right, "clause"))  # "..., particularly since Russia launched its invasion on <date>"
        elif sentence[left:right].strip().startswith(";") or re.match(
            r",\s+(?:and|but)\s*,?\s+$", sentence[left:right]
        ):
            if (
                re.match(
                    r"\s*(?:[A-Z]|in |on |since |by |the |a |an |over |more than |nearly |each |every |later |"
                    r"approximately |about |around |almost |some |many |most |several |its |their )",
                    rest,
                )
                and finite_verb_at(rest.split()) is not None
                and finite_verb_at(sentence[starts[-1][0] : left].split()) is not None
            ):
                starts.append((right, "clause"))
        elif re.fullmatch(r"\s+and\s+", sentence[left:right]) and re.match(r"(?:a|an)\s", rest):
            starts.append((right, "object"))
    ends = [s for s, _ in starts[1:]] + [len(sentence)]
    subject_end = subject_start + len(subject)
    if avoid and span.end <= subject_end and any(0 <= a < ends[0] for a, _ in avoid):
        for (begin, kind), end in zip(starts[1:], ends[1:], strict=True):
            if kind == "vp" and not any(begin <= a < end for a, _ in avoid):
                cut_end = end if end == len(sentence) else max(left for left, right in cuts if right == end)
                return f"{sentence[:subject_end]} {sentence[begin:cut_end].rstrip(' ,;.')}.", 0
    for (begin, kind), end in zip(starts, ends, strict=True):
        if not begin <= span.start < end:
            continue
        cut_end = end
        if end < len(sentence):  # back over the boundary itself
            cut_end = max(left for left, right in cuts if right == end)
        piece = sentence[begin:cut_end].rstrip(" ,;.")
        if kind == "":
            sub = _SUBORDINATOR.match(piece)
            comma = _top_level_comma(piece, sub.end()) if sub else None
            if sub and finite_verb_at(piece[sub.end() : comma].split()) is None:
                sub = None  # "After the upheavals of ... in 1917 and a civil war, ...": a phrase, not a clause
            if sub and span.start < (comma or len(piece)) and _CONCESSIVE.match(piece):
                return piece + ".", 0  # "Though the treaty was regarded a success, ...": not the point
            if sub and span.start >= sub.end():
                if comma is not None and span.start > comma:  # the main clause after "Although ..., "
                    main = piece[comma + 1 :].lstrip()
                    start = len(piece) - len(main)
                    return main[0].upper() + main[1:] + ".", -start
                rest = piece[sub.end() : comma]  # "After Finland signed an armistice in 1944": the clause itself
                return rest[0].upper() + rest[1:] + ".", -sub.end()
            return piece + ".", 0
        if kind == "clause":
            shift = -begin
            if re.fullmatch(r"[A-Z][a-z]+", subject) and re.search(r"\b(?:he|she)\b", piece[: span.start - begin]):
                cut = span.start - begin  # "Johnson called for talks, and in 1967, he and Kosygin met": Johnson
                head = re.sub(r"\b(?:he|she)\b", subject, piece[:cut], count=1)
                shift += len(head) - cut
                piece = head + piece[cut:]
            if re.fullmatch(r"[A-Z][a-z]+", subject):  # "..., and over 16,000 troops trained there": in Poland
                cut = span.start - begin
                head, tail = (_THERE.sub(f"in {subject}", part) for part in (piece[:cut], piece[cut:]))
                shift += len(head) - cut
                piece = head + tail
            return piece[0].upper() + piece[1:] + ".", shift
        lead = sentence[:subject_start] if front else ""
        if kind == "vp":
            prefix = f"{lead}{subject} "
        else:  # a gapped object: repeat subject and verb ("signed ... in 1994 and a treaty in 1997")
            prefix = f"{lead}{' '.join(sentence[subject_start:].split()[: verb - len(lead.split()) + 1])} "
        return prefix + piece + ".", len(prefix) - begin
    return sentence, 0
