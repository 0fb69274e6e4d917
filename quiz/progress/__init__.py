"""Progress pages: what a learner has studied and what is coming."""
