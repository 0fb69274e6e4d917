"""Looking after the database itself: consistent backups, restores and health checks."""
