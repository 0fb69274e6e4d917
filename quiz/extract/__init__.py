"""Plain-text documents to a draft question deck.

The stable entry points are :func:`extract_facts` (one document to facts
with their questions), :func:`find_facts` (where the facts are, without
questions: the fast part) and :func:`draft_deck` (documents to a
:class:`Draft` with ``to_yaml()``).
Pure Python: no Flask and no database.
"""

from quiz.extract.deck import Conflict, Draft, draft_deck
from quiz.extract.facts import Fact, Sentence, extract_facts, find_facts
from quiz.extract.grammar import warm_up_in_background

__all__ = [
    "Conflict",
    "Draft",
    "Fact",
    "Sentence",
    "draft_deck",
    "extract_facts",
    "find_facts",
    "warm_up_in_background",
]
