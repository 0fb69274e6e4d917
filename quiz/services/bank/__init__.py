"""The question bank in the database: importing, uploads and drafts."""
