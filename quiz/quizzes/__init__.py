"""Quiz mode: scored quizzes at /quiz."""
