"""Configuration: defaults, then ``instance/config.py``, then ``QUIZ_*`` variables.

With nothing set the app runs on SQLite in the instance folder, with a secret key
generated on first start and kept in ``instance/secret_key`` (never in the repo),
so every worker process and every restart signs sessions with the same key.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from quiz.paths import private_folder, resource_dir

__all__ = ["configure", "database_url"]

#: Environment variables read on every start, mapped to the config key they set.
ENVIRONMENT = {
    "QUIZ_DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "QUIZ_SECRET_KEY": "SECRET_KEY",
    "QUIZ_BANK_DIR": "BANK_DIR",
    "QUIZ_SECURE_COOKIES": "SECURE_COOKIES",
    "QUIZ_PROXY_FIX": "PROXY_FIX",
    "QUIZ_BASE_URL": "BASE_URL",
    "QUIZ_REGISTRATIONS_PER_HOUR": "REGISTRATIONS_PER_HOUR",
    "QUIZ_LOGIN_FAILURES_PER_ADDRESS": "LOGIN_FAILURES_PER_ADDRESS",
    "QUIZ_MAIL_SERVER": "MAIL_SERVER",
    "QUIZ_MAIL_PORT": "MAIL_PORT",
    "QUIZ_MAIL_USE_TLS": "MAIL_USE_TLS",
    "QUIZ_MAIL_USE_SSL": "MAIL_USE_SSL",
    "QUIZ_MAIL_USERNAME": "MAIL_USERNAME",
    "QUIZ_MAIL_PASSWORD": "MAIL_PASSWORD",
    "QUIZ_MAIL_SENDER": "MAIL_DEFAULT_SENDER",
    "QUIZ_SQLITE_WRITE_QUEUE": "SQLITE_WRITE_QUEUE",
}
#: Settings read from the environment as numbers ("1", "0"); yes/no words are accepted for flags.
NUMERIC = {
    "SECURE_COOKIES": bool,
    "PROXY_FIX": int,
    "REGISTRATIONS_PER_HOUR": int,
    "LOGIN_FAILURES_PER_ADDRESS": int,
    "MAIL_PORT": int,
    "MAIL_USE_TLS": bool,
    "MAIL_USE_SSL": bool,
    "SQLITE_WRITE_QUEUE": bool,
}


def _defaults(app: Flask) -> dict[str, Any]:
    instance = Path(app.instance_path)
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'quiz.sqlite3'}",
        "BANK_DIR": str(resource_dir("questions")),
        # Apply pending migrations and sync the bank from BANK_DIR on start.
        "AUTO_MIGRATE": True,
        "BANK_SYNC_ON_START": True,
        # Largest accepted upload (YAML bank files, documents), in bytes.
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        # Largest bank upload on the instructor's upload page: Anki packages and
        # Moodle XML files carry their images.
        "MAX_BANK_UPLOAD_BYTES": 64 * 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        # Served over HTTPS only: Secure session and remember cookies, and HSTS.
        "SECURE_COOKIES": False,
        # How many proxies in front of the app to trust X-Forwarded-* headers from.
        "PROXY_FIX": 0,
        # Accounts: throttling (see quiz.services.accounts.throttle) and the site's
        # own address, which links in emails start with (never the request's Host).
        "REGISTRATIONS_PER_HOUR": 20,
        "LOGIN_FAILURES_PER_ADDRESS": 100,
        "BASE_URL": None,
        # On SQLite, this app's writers queue for the write lock in quiz.database.WriteQueue
        # rather than in SQLite's busy handler, which sleeps in growing steps.
        "SQLITE_WRITE_QUEUE": True,
    }


def _number(variable: str, key: str, text: str) -> bool | int:
    """Read the numeric setting ``key`` from ``variable`` ("1", "true", "yes" and "on" for a flag)."""
    text = text.strip().lower()
    words = {"true": 1, "yes": 1, "on": 1, "false": 0, "no": 0, "off": 0}
    try:
        value = words[text] if text in words else int(text)
    except ValueError:
        raise ValueError(f"{variable} must be a whole number, e.g. 0 or 1; got {text!r}") from None
    if value < 0:
        raise ValueError(f"{variable} must not be negative; got {text!r}")
    return NUMERIC[key](value)


def _secret_key(instance: Path) -> str:
    """Read the instance secret key, creating it atomically on first start."""
    path = instance / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    key = secrets.token_hex(32)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(key + "\n")
    tmp.chmod(0o600)
    try:
        # link() fails if another worker won the race; then its key is the key.
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return path.read_text().strip()


def database_url(url: str) -> str:
    """Name the driver of a PostgreSQL URL: ``postgresql://`` (or ``postgres://``) means psycopg 3.

    SQLAlchemy would otherwise pick psycopg2, which the ``postgres`` extra does not install.
    """
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Fill ``app.config`` from defaults, the instance file and the environment.

    Args:
        app: The application being built.
        test_config: Overrides used by tests; when given, the instance file and the
            environment are not read.
    """
    instance = Path(app.instance_path)
    # It holds the secret key and, by default, the database with every password hash.
    private_folder(instance)
    app.config.from_mapping(_defaults(app))
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        for variable, key in ENVIRONMENT.items():
            if os.environ.get(variable):
                text = os.environ[variable]
                app.config[key] = _number(variable, key, text) if key in NUMERIC else text
    else:
        app.config.from_mapping(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(instance)
