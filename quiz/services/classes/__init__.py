"""Classes: instructors' groups of learners, their assignments and the gradebook."""
