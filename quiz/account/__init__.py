"""The account's own pages: change password, email for resets, delete, and reset links."""
