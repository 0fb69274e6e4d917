"""Services: the only layer that writes to the database and commits.

Views validate input, call one service function, then flash and redirect.
"""
