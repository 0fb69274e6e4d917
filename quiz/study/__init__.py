"""Studying: the next card, checking an answer, rating it with FSRS, undo."""
