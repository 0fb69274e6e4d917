"""Source documents: read the text a question cites, with the cited paragraph highlighted."""
