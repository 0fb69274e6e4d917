"""Accounts: users, their sessions and their settings."""
