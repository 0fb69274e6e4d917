"""The accounts page: instructors make reset links for learners; admins also change roles."""
