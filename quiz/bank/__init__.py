"""The question bank: YAML files under ``questions/``, read safely and validated.

Pure: no Flask, no database. :func:`load_bank` returns plain dataclasses or
raises :class:`BankError` listing every problem as ``file:line:column``.
"""

from quiz.bank.documents import document_files, document_paragraphs
from quiz.bank.model import (
    KINDS,
    NUMERIC_KINDS,
    TYPES,
    BankDeck,
    BankDocument,
    BankQuestion,
    Source,
    cloze_blank,
    cloze_fill,
    cloze_gaps,
)
from quiz.bank.problems import BankError, Problem, ProblemList
from quiz.bank.validate import Bank, ParsedFile, bank_files, check_files, load_bank, validate_paths, validate_sources

__all__ = [
    "KINDS",
    "NUMERIC_KINDS",
    "TYPES",
    "Bank",
    "BankDeck",
    "BankDocument",
    "BankError",
    "ParsedFile",
    "BankQuestion",
    "Problem",
    "ProblemList",
    "Source",
    "bank_files",
    "check_files",
    "document_files",
    "document_paragraphs",
    "cloze_blank",
    "cloze_fill",
    "cloze_gaps",
    "load_bank",
    "validate_paths",
    "validate_sources",
]
