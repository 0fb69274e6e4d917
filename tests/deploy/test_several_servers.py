"""Two app servers, one PostgreSQL database: what a load balancer in front of them needs to hold.

Two gunicorn instances, each with two workers, on their own loopback ports,
share one database and one secret key. They start at the same moment on an
empty database, so the start-up lock (an advisory lock in the database) has to
keep their migrations apart. A learner logs in on one and studies on the other,
the same rating sent to both at once is recorded once, and failed logins sent
to either count towards one limit.
"""

from __future__ import annotations

import importlib.util
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from tests.deploy.servers import Browser, Gunicorn
from tests.support import PASSWORD, csrf_token, database_for, drop_database, hidden

pytestmark = pytest.mark.postgresql_only


@pytest.fixture(scope="module")
def servers(tmp_path_factory, template_db):
    """Two servers started together on one empty database, shared by this module's tests."""
    folder = tmp_path_factory.mktemp("servers")
    environment = {
        "QUIZ_DATABASE_URL": database_for(folder),
        "QUIZ_SECRET_KEY": "one key for every server",
        "QUIZ_BANK_DIR": str(template_db / "bank"),
    }
    started = [Gunicorn(environment, folder / f"server-{name}.log") for name in "ab"]
    try:
        for server in started:
            server.wait_healthy()
        yield started
    finally:
        for server in started:
            server.stop()
        drop_database(folder)


def reviews(url: str, username: str) -> int:
    """The learner's reviews in the shared database."""
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    with engine.connect() as connection:
        count = connection.execute(
            sa.text('SELECT count(*) FROM review JOIN "user" ON "user".id = review.user_id WHERE username = :name'),
            {"name": username},
        ).scalar_one()
    engine.dispose()
    return count


def test_a_learner_logs_in_on_one_server_and_studies_on_the_other(servers):
    a, b = servers
    ada = Browser()
    assert ada.submit(a, "/register", "/register", {"username": "ada", "password": PASSWORD}) == 303
    assert ada.submit(a, "/settings", "/logout", {}) == 303
    assert ada.get(b, "/study")[0] == 302  # logged out everywhere
    assert ada.submit(a, "/login", "/login", {"username": "ada", "password": PASSWORD}) == 303

    status, _, page = ada.get(b, "/study")
    assert status == 200 and b'data-phase="question"' in page
    form = {name: hidden(page, name) for name in ("question", "reps", "csrf_token")}
    # The form shown by one server is accepted by the other (same key, same CSRF secret).
    assert ada.post(a, "/study/answer", {**form, "answer": "March 3, 1921"})[0] == 303
    status, _, page = ada.get(b, "/study")
    assert status == 200 and b'data-phase="answer"' in page


def at_once(browser: Browser, servers: list[Gunicorn], path: str, form: dict[str, str]) -> list[int]:
    """Post the same form to every server at the same moment; return the statuses."""
    barrier = threading.Barrier(len(servers))

    def send(server: Gunicorn) -> int:
        barrier.wait()
        return browser.post(server, path, form)[0]

    with ThreadPoolExecutor(len(servers)) as pool:
        return list(pool.map(send, servers))


def test_a_rating_sent_to_both_servers_at_once_is_recorded_once(servers):
    a, b = servers
    bob = Browser()
    assert bob.submit(a, "/register", "/register", {"username": "bob", "password": PASSWORD}) == 303
    for round_ in range(4):
        page = bob.get(a if round_ % 2 else b, "/study")[2]
        form = {name: hidden(page, name) for name in ("question", "reps", "csrf_token")} | {"rating": "3"}
        statuses = at_once(bob, servers, "/study/rate", form)
        assert statuses == [303, 303]
        assert reviews(a.environment["QUIZ_DATABASE_URL"], "bob") == round_ + 1


def test_every_request_leaves_one_log_line_with_its_id(servers):
    a, _ = servers
    status, headers, _ = Browser().get(a, "/login")
    assert status == 200
    request_id = headers["X-Request-ID"]
    lines = [line for line in a.log.read_text().splitlines() if f"request_id={request_id}" in line]
    assert len(lines) == 1
    assert re.search(r"method=GET path=/login status=200 duration_ms=\d+\.\d", lines[0])


@pytest.mark.skipif(
    importlib.util.find_spec("quiz.services.accounts.throttle") is None,
    reason="login throttling arrives with issue 9 (counters in the database)",
)
def test_failed_logins_on_either_server_count_towards_one_limit(servers):
    a, b = servers
    owner = Browser()
    assert owner.submit(a, "/register", "/register", {"username": "cy", "password": PASSWORD}) == 303
    guesser = Browser()  # a browser the account has never logged in from
    # The first three failures are free wherever they land; the fourth attempt waits, on both servers.
    for server in (a, b, a):
        assert guesser.submit(server, "/login", "/login", {"username": "cy", "password": "a guess"}) == 200
    for server in (b, a):
        token = csrf_token(guesser.get(server, "/login")[2])
        status, _, page = guesser.post(server, "/login", {"username": "cy", "password": PASSWORD, "csrf_token": token})
        assert status == 429 and b"Too many attempts" in page
