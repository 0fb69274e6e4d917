"""The memory model: each learner's FSRS parameters, the optimization queue and scheduling comforts."""
