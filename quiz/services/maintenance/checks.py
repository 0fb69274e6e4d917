"""``database check``: is the database intact, are its references whole, is its schema current?

On SQLite: ``PRAGMA integrity_check`` (every page, every index entry against its
row) and ``PRAGMA foreign_key_check``. On PostgreSQL, which enforces foreign
keys as rows are written, damage shows up as unreadable pages, indexes out of
step with their tables, or rows whose parent vanished: every table is read in
full, each foreign key is checked for orphans, constraints are checked to be
validated, and when the ``amcheck`` extension is installed every B-tree index
and table is verified with it (``bt_index_check``, ``verify_heapam``).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from quiz.database import schema_heads, schema_revisions
from quiz.extensions import db

__all__ = ["Finding", "check_database"]


@dataclass(frozen=True, slots=True)
class Finding:
    """The outcome of one check: its name, whether it passed, and what it found."""

    check: str
    ok: bool
    detail: str

    def __str__(self) -> str:
        return f"{self.check}: {'ok' if self.ok else 'PROBLEM'} - {self.detail}"


def check_database(engine: sa.Engine) -> list[Finding]:
    """Run every check that applies to ``engine``'s database; return one finding per check."""
    findings = _sqlite(engine) if engine.dialect.name == "sqlite" else _postgresql(engine)
    return [*findings, _schema(engine)]


def _schema(engine: sa.Engine) -> Finding:
    found, expected = sorted(schema_revisions(engine)), sorted(schema_heads())
    if found == expected:
        return Finding("schema", True, f"at revision {', '.join(found)}, the newest this version knows")
    return Finding(
        "schema", False, f"at revision {', '.join(found) or 'none'}; this version expects {', '.join(expected)}"
    )


def _sqlite(engine: sa.Engine) -> list[Finding]:
    with engine.connect() as connection:
        messages = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
        orphans = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    integrity = Finding(
        "integrity",
        messages == ["ok"],
        "every page and index entry read" if messages == ["ok"] else "; ".join(messages[:20]),
    )
    return [integrity, _orphan_finding([(row[0], row[2]) for row in orphans])]


def _orphan_finding(orphans: list[tuple[str, str]]) -> Finding:
    """Summarise (child table, parent table) pairs of rows whose parent is missing."""
    if not orphans:
        return Finding("foreign keys", True, "every reference has its row")
    counts: dict[tuple[str, str], int] = {}
    for pair in orphans:
        counts[pair] = counts.get(pair, 0) + 1
    detail = "; ".join(f"{n:,} row(s) of {child} point to a missing {parent}" for (child, parent), n in counts.items())
    return Finding("foreign keys", False, detail)


def _postgresql(engine: sa.Engine) -> list[Finding]:
    findings = []
    tables = [t for t in db.metadata.sorted_tables if t.name in set(sa.inspect(engine).get_table_names())]
    with engine.connect() as connection:
        # Reading every row makes PostgreSQL check each page it loads.
        try:
            rows = {t.name: connection.scalar(sa.select(sa.func.count()).select_from(t)) for t in tables}
            findings.append(Finding("tables", True, f"{sum(rows.values()):,} rows read in {len(rows)} tables"))
        except sa.exc.DBAPIError as exc:
            connection.rollback()
            findings.append(Finding("tables", False, f"reading failed: {exc.orig}"))
        orphans = []
        for table in tables:
            for key in table.foreign_key_constraints:
                parent = key.referred_table
                link = sa.and_(*(element.column == element.parent for element in key.elements))
                missing = (
                    sa.select(sa.func.count())
                    .select_from(table)
                    .where(*(column.is_not(None) for column in key.columns), ~sa.select(1).where(link).exists())
                )
                orphans += [(table.name, parent.name)] * connection.scalar(missing)
        findings.append(_orphan_finding(orphans))
        invalid = connection.exec_driver_sql(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint "
            "WHERE NOT convalidated AND connamespace = current_schema()::regnamespace"
        ).all()
        findings.append(
            Finding(
                "constraints",
                not invalid,
                "all validated" if not invalid else ", ".join(f"{t}.{c}" for t, c in invalid),
            )
        )
        findings.append(_amcheck(connection, [t.name for t in tables]))
    return findings


def _amcheck(connection: sa.Connection, tables: list[str]) -> Finding:
    installed = connection.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'").scalar()
    if not installed:
        return Finding(
            "amcheck",
            True,
            "skipped: the amcheck extension is not installed (a superuser can CREATE EXTENSION amcheck)",
        )
    indexes = (
        connection.execute(
            sa.text(
                "SELECT i.indexrelid::regclass::text FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
                "WHERE a.amname = 'btree' AND i.indrelid::regclass::text = ANY(:tables)"
            ),
            {"tables": tables},
        )
        .scalars()
        .all()
    )
    problems = []
    for index in indexes:
        try:
            connection.execute(sa.text("SELECT bt_index_check(CAST(:index AS regclass), true)"), {"index": index})
        except sa.exc.DBAPIError as exc:
            connection.rollback()
            problems.append(f"index {index}: {exc.orig}")
    for table in tables:
        damage = connection.execute(
            sa.text("SELECT blkno, msg FROM verify_heapam(CAST(:table AS regclass)) LIMIT 5"), {"table": table}
        ).all()
        problems += [f"table {table} block {blkno}: {msg}" for blkno, msg in damage]
    if problems:
        return Finding("amcheck", False, "; ".join(problems[:20]))
    return Finding("amcheck", True, f"{len(indexes)} B-tree indexes and {len(tables)} tables verified")
