"""Accounts: register, log in, log out, study settings."""
