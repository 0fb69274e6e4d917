"""Pure account rules: user names, password hashes and throttling policies.

Nothing here imports Flask or the database; the accounts services use these.
"""
