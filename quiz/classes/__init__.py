"""Classes: the instructor's class pages, assignments and gradebook; the learner's classes and joining."""
