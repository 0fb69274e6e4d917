"""Instructor pages: decks, bank uploads with a preview, drafts from documents."""
