"""On SQLite, the app's writers queue for the write lock (quiz.database.WriteQueue), and always leave the queue.

A writer that kept its place in the queue after its transaction ended would
make every later rating wait out the busy timeout and fail with "the server is
busy". Here the busy timeout is cut to a fraction of a second, so such a leak
shows as a refused rating; and the queue's file lock, which the other worker
processes take, is tried from a file of the test's own (a ``flock`` on another
open file meets the lock just as another process would).
"""

from __future__ import annotations

import fcntl
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from quiz import create_app, database
from quiz.extensions import csrf, db
from quiz.models import Review, User
from tests.support import Accounts, app_config, clone_database, csrf_token, hidden, recycle_database

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def short_timeout(app, monkeypatch):
    """A busy timeout of 300 ms instead of 10 s, so that a leaked place in the queue fails fast."""
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 300)
    with app.app_context():
        db.engine.dispose()  # connections opened from now on take the short timeout


def lock_file(app) -> Path:
    with app.app_context():
        return database.write_queue_path(db.engine.url.database)


@contextmanager
def holding_the_queue(app) -> Iterator[None]:
    """Hold the queue's file lock, as a writer in another worker process would."""
    with open(lock_file(app), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def queue_is_free(app) -> bool:
    """Whether another process's writer would get the queue's file lock now."""
    try:
        with holding_the_queue(app):
            return True
    except BlockingIOError:
        return False


def rating_form(client) -> dict[str, str]:
    page = client.get("/study").data
    form = {name: hidden(page, name) for name in ("question", "reps")}
    return form | {"csrf_token": csrf_token(page), "rating": "3"}


def reviews(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Review))


def test_the_lock_file_is_private_and_beside_the_database(app):
    path = lock_file(app)
    with app.app_context():
        assert path.parent == Path(db.engine.url.database).parent
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_rating_leaves_the_queue_once_committed_and_the_next_one_is_saved(app, accounts, client, short_timeout):
    accounts.register()
    assert client.post("/study/rate", data=rating_form(client)).status_code == 303
    assert queue_is_free(app)
    assert client.post("/study/rate", data=rating_form(client)).status_code == 303
    assert reviews(app) == 2
    assert queue_is_free(app)


def test_a_rolled_back_write_leaves_the_queue(app, accounts, client, short_timeout):
    accounts.register()
    with app.app_context():
        db.session.execute(sa.update(User).values(username="changed"))
        assert not queue_is_free(app)  # the write holds it until the transaction ends
        db.session.rollback()
        assert queue_is_free(app)
        assert db.session.scalar(sa.select(User.username)) == "ada"
    assert client.post("/study/rate", data=rating_form(client)).status_code == 303


def test_a_request_that_fails_while_writing_leaves_the_queue(app, accounts, client, short_timeout):
    def fails_while_writing() -> str:
        db.session.execute(sa.update(User).values(username="changed"))
        raise RuntimeError("the view failed half way")

    # A view of the test's own, added before the app's first request: no view of the app's fails on purpose.
    app.add_url_rule("/test/fails-while-writing", view_func=csrf.exempt(fails_while_writing), methods=["POST"])
    accounts.register()
    with pytest.raises(RuntimeError, match="half way"):
        client.post("/test/fails-while-writing")  # the testing app lets the error through instead of a 500
    assert queue_is_free(app)
    with app.app_context():
        assert db.session.scalar(sa.select(User.username)) == "ada"
    assert client.post("/study/rate", data=rating_form(client)).status_code == 303


def test_a_connection_returned_or_dropped_mid_transaction_leaves_the_queue(app, accounts, client, short_timeout):
    accounts.register()
    with app.app_context():
        connection = db.engine.connect()
        connection.begin()
        connection.execute(sa.update(User).values(username="changed"))
        connection.close()  # back to the pool without a commit
        assert queue_is_free(app)
        connection = db.engine.connect()
        connection.begin()
        connection.execute(sa.update(User).values(username="changed"))
        connection.invalidate()  # the DBAPI connection is closed
        assert queue_is_free(app)
        connection.close()
        assert db.session.scalar(sa.select(User.username)) == "ada"
    assert client.post("/study/rate", data=rating_form(client)).status_code == 303


def test_a_rating_that_waits_too_long_in_the_queue_is_refused_as_busy_and_can_be_sent_again(
    app, accounts, client, short_timeout
):
    accounts.register()
    form = rating_form(client)
    with holding_the_queue(app):
        busy = client.post("/study/rate", data=form)
    assert busy.status_code == 503
    assert busy.headers["Retry-After"] == "5"
    assert b"The server is busy" in busy.data
    assert reviews(app) == 0
    assert client.post("/study/rate", data=form).status_code == 303
    assert reviews(app) == 1


def test_a_begin_refused_by_sqlite_leaves_the_queue(app, accounts, client, short_timeout):
    accounts.register()
    form = rating_form(client)
    with app.app_context():
        holder = sqlite3.connect(db.engine.url.database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a writer outside the app: only SQLite's own lock stops it
    try:
        assert client.post("/study/rate", data=form).status_code == 503
        assert queue_is_free(app)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert client.post("/study/rate", data=form).status_code == 303


def test_with_the_queue_switched_off_writers_wait_in_sqlite_alone(tmp_path, template_db, bank_dir):
    clone_database(template_db, tmp_path)
    app = create_app(app_config(tmp_path, bank_dir, SQLITE_WRITE_QUEUE=False))  # QUIZ_SQLITE_WRITE_QUEUE=0
    client = app.test_client()
    Accounts(client).register()
    try:
        with holding_the_queue(app):  # the file lock another app's writer would take: nobody looks at it
            assert client.post("/study/rate", data=rating_form(client)).status_code == 303
        assert reviews(app) == 1
    finally:
        with app.app_context():
            db.engine.dispose()
        recycle_database(template_db, tmp_path)
