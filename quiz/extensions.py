"""Flask extensions, created unbound and attached to the app in ``create_app``."""

from __future__ import annotations

from flask_login import LoginManager
from flask_mail import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase

__all__ = ["Base", "csrf", "db", "login_manager", "mail", "migrate"]


class Base(DeclarativeBase):
    """Declarative base shared by every model."""


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
# Sends reset links when mail is configured (MAIL_* settings); see quiz.services.accounts.resets.
mail = Mail()
