"""Statistics read from the review log: progress, history, streaks, memory, the class view, exports."""
