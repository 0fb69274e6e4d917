"""On SQLite, a request holds the write lock only while it writes.

Other connections hold the write lock here (as another worker's long write
would); requests that read, or whose work turns out to write nothing, must
still be answered at once instead of waiting for it.
"""

from __future__ import annotations

import sqlite3
import time

import pytest
import sqlalchemy as sa

from quiz import database
from quiz.extensions import db
from quiz.models import Review
from tests.support import csrf_token, hidden

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def locked(app):
    """Hold SQLite's write lock from another connection while the test runs."""

    def hold():
        with app.app_context():
            path = db.engine.url.database
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        return holder

    holders = []
    yield lambda: holders.append(hold())
    for holder in holders:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_stale_answer_writes_nothing_and_does_not_wait_for_the_write_lock(app, accounts, client, locked):
    accounts.register()
    page = client.get("/study").data
    form = {name: hidden(page, name) for name in ("question", "reps", "shown")}
    form |= {"csrf_token": csrf_token(page), "answer": "1921"}
    form["reps"] = str(int(form["reps"]) + 1)  # the card has moved on since (another tab rated it)
    locked()
    started = time.monotonic()
    response = client.post("/study/answer", data=form)
    assert response.status_code == 303
    # The busy timeout is 10 s: a request that took the lock up front would wait for it.
    assert time.monotonic() - started < 5


def test_pages_are_read_while_another_connection_writes(app, accounts, client, locked):
    accounts.register()
    locked()
    started = time.monotonic()
    assert client.get("/study").status_code == 200
    assert client.get("/progress").status_code == 200
    assert time.monotonic() - started < 5


def test_a_rating_that_waits_too_long_for_the_lock_is_refused_as_busy_and_can_be_sent_again(
    app, accounts, client, monkeypatch
):
    accounts.register()
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)  # rather than wait the real 10 s
    with app.app_context():
        db.engine.dispose()  # connections opened from now on take the short timeout
        path = db.engine.url.database
    page = client.get("/study").data
    form = {name: hidden(page, name) for name in ("question", "reps")}
    form |= {"csrf_token": csrf_token(page), "rating": "3"}
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        busy = client.post("/study/rate", data=form)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert busy.status_code == 503
    assert busy.headers["Retry-After"] == "5"
    assert b"The server is busy" in busy.data
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Review)) == 0
    assert client.post("/study/rate", data=form).status_code == 303
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Review)) == 1
