"""Accounts: canonical user names, failed-login counters, reset links, email, last login

Adds ``user.username_key``, the canonical form of each name (NFKC, case folding,
NFKC again), unique, and fills it for existing accounts. Two accounts whose names
now have the same form (``Émile`` and ``émile``, which SQLite's ASCII-only
``lower()`` let through) cannot both keep it: the older keeps the name, each
newer one is renamed ``<name>~<id>`` (a name nobody can register, as ``~`` is not
allowed) and can log in under that name. Each rename, and each existing name the
new rules would refuse (invisible characters, mixed scripts), is logged as a
warning and kept in the ``meta`` row ``username_report`` for the admin page.

The canonical form is computed here with the standard library alone, frozen as it
was written, so that later changes to the application cannot change this step.

Revision ID: 0006_accounts
Revises: 0008_memory_model
Created: 2026-11-26
"""

import json
import logging
import unicodedata

import sqlalchemy as sa
from alembic import op

import quiz.models
from quiz.accounts.names import problem

revision = "0006_accounts"
down_revision = "0008_memory_model"
branch_labels = None
depends_on = None

log = logging.getLogger("quiz.migrations")

REPORT_KEY = "username_report"


def _display(name: str) -> str:
    return " ".join(part for part in unicodedata.normalize("NFKC", name).split(" ") if part)


def _canonical(name: str) -> str:
    return unicodedata.normalize("NFKC", _display(name).casefold())


def _renamed(name: str, user_id: int) -> str:
    suffix = f"~{user_id}"
    return name[: 40 - len(suffix)] + suffix


def _backfill(connection: sa.Connection) -> list[str]:
    user = sa.table(
        "user", sa.column("id", sa.Integer), sa.column("username", sa.String), sa.column("username_key", sa.String)
    )
    rows = connection.execute(sa.select(user.c.id, user.c.username).order_by(user.c.id)).all()
    taken: dict[str, tuple[int, str]] = {}
    report = []
    for user_id, name in rows:
        key = _canonical(name)
        new_name = name
        if key in taken:
            first_id, first_name = taken[key]
            new_name = _renamed(name, user_id)
            key = _canonical(new_name)
            report.append(f"user {user_id} {name!r} renamed {new_name!r}: same name as user {first_id} {first_name!r}")
        else:
            taken[key] = (user_id, name)
            # Only reported: the rules for new names (quiz.accounts.names) may refuse it.
            reason = problem(name)
            if reason:
                report.append(f"user {user_id} {name!r} would be refused today: {reason}")
        connection.execute(sa.update(user).where(user.c.id == user_id).values(username=new_name, username_key=key))
    return report


def upgrade() -> None:
    # Never copy the user table (batch "recreate"): on SQLite that drops the old
    # table, and with foreign keys on, dropping it cascades to every learner's
    # cards, reviews and quiz answers. Adding columns and indexes needs no copy.
    with op.batch_alter_table("user", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("username_key", sa.String(length=160), nullable=True))
        batch_op.add_column(sa.Column("last_login_at", quiz.models.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("email", sa.String(length=254), nullable=True))

    connection = op.get_bind()
    report = _backfill(connection)
    for line in report:
        log.warning("user names: %s", line)
    if report:
        meta = sa.table("meta", sa.column("key", sa.String), sa.column("value", sa.Text))
        connection.execute(sa.delete(meta).where(meta.c.key == REPORT_KEY))
        connection.execute(sa.insert(meta).values(key=REPORT_KEY, value=json.dumps(report)))

    with op.batch_alter_table("user", schema=None, recreate="never") as batch_op:
        batch_op.create_index(batch_op.f("ix_user_username_key"), ["username_key"], unique=True)
    if connection.dialect.name != "sqlite":
        # SQLite cannot add NOT NULL to a column without copying the table (see
        # above); there the model's default fills the key on every insert.
        op.alter_column("user", "username_key", existing_type=sa.String(length=160), nullable=False)

    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_at", quiz.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("login_throttle", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_throttle_last_at"), ["last_at"], unique=False)

    op.create_table(
        "password_reset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("made_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", quiz.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", quiz.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", quiz.models.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["made_by_id"], ["user.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("password_reset", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_password_reset_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("password_reset", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_password_reset_user_id"))
    op.drop_table("password_reset")

    with op.batch_alter_table("login_throttle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_throttle_last_at"))
    op.drop_table("login_throttle")

    # Accounts of the former-learner role hold anonymised reviews; before this
    # revision they were plain learners without a password. Admins were instructors.
    user = sa.table("user", sa.column("role", sa.String))
    op.get_bind().execute(sa.update(user).where(user.c.role == "former").values(role="learner"))
    op.get_bind().execute(sa.update(user).where(user.c.role == "admin").values(role="instructor"))
    # Columns are dropped in place (SQLite 3.35+), never by copying the table (see upgrade).
    with op.batch_alter_table("user", schema=None, recreate="never") as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_username_key"))
        batch_op.drop_column("email")
        batch_op.drop_column("last_login_at")
        batch_op.drop_column("username_key")
