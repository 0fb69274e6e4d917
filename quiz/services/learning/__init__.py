"""Learning: the study queue, recording reviews, and scored quizzes."""
