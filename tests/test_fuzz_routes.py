"""Every route in the URL map, sent hostile values as a visitor, a learner and an instructor: never a 500.

The walk reads ``app.url_map``, so a route added later is walked too. Each rule
is requested with every method it takes (POSTs carry a valid CSRF token) and
with hostile values in every path parameter, in the query string (the
parameters the pages read, and one they don't) and in every form field:
numbers past the database's integers, negative numbers, NaN and infinities,
CR/LF, NUL, very long strings, invalid UTF-8 percent-escapes and unicode.
Then Hypothesis varies one field at a time of an otherwise valid form, so the
hostile value reaches the services instead of stopping at the first field.

With ``TESTING`` on, an exception in a view is raised here rather than turned
into a 500, so a failure shows its traceback.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz import create_app
from quiz.extensions import db
from quiz.models import Role
from quiz.services.accounts.users import create_user
from tests.support import PASSWORD, SMALL_BANK, Accounts, app_config, clone_database, csrf_token, drop_database

#: (text, raw): raw values go into URLs and bodies as they are (percent-escapes, invalid UTF-8).
HOSTILE: list[tuple[str, bool]] = [
    ("0", False),
    ("-1", False),
    (str(2**31), False),
    (str(2**63), False),
    (str(2**64 + 1), False),
    ("-" + str(2**63 + 1), False),
    ("9" * 5000, False),
    ("NaN", False),
    ("sNaN", False),
    ("-Infinity", False),
    ("1e999", False),
    ("0.7e-999999999", False),
    ("\r\nSet-Cookie: x=1", False),
    ("/\r\n//evil.example", False),
    ("\x00", False),
    ("a\x00b", False),
    ("x" * 9_000, False),
    ("%ff%fe", True),
    ("%ED%A0%80", True),
    ("%C0%AF", True),
    ("%", True),
    ("Ωmega 💥 \u202e\u200b", False),
    ("'; DROP TABLE user; --", False),
    ('<script>alert("x")</script>', False),
    ("//evil.example/", False),
    ("../../../etc/passwd", False),
    ("", False),
    (" ", False),
]
QUERY_NAMES = ["next", "range", "sort", "dir", "isort", "idir", "page", "unknown"]
#: Every field any form of the app reads, sent to every POST route in the sweep.
FIELD_NAMES = [
    "username",
    "password",
    "desired_retention",
    "new_per_day",
    "timezone",
    "day_start_hour",
    "question",
    "reps",
    "shown",
    "answer",
    "gap",
    "rating",
    "deck",
    "kinds",
    "length",
    "minutes",
    "position",
    "deck_id",
    "title",
    "q0-prompt",
    "q0-answer",
    "q0-accept",
    "q0-choices",
    "q0-explanation",
]
#: Routes that sign a client in or out: posted from a scratch client, so each role keeps its identity.
SCRATCH = {"auth.register", "auth.login", "auth.logout"}

DOCUMENT = (
    "Freedonia and Sylvania\n\n"
    "Freedonia and Sylvania opened diplomatic relations on March 3, 1921.\n\n"
    "In 1930 the two countries signed the Ravel Border Accord (RBA).\n\n"
    "Since 1995, Freedonia has provided more than $12.5 million to Sylvania's railways.\n"
)


class Role_:
    """A client signed in (or not) with its CSRF token."""

    def __init__(self, name: str, client: FlaskClient, token: str) -> None:
        self.name, self.client, self.token = name, client, token


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Iterator[Flask]:
    folder = tmp_path_factory.mktemp("fuzz")
    clone_database(template_db, folder)
    app = create_app(app_config(folder, template_db / "bank"))
    with app.app_context():
        create_user("teach", PASSWORD, role=Role.INSTRUCTOR)
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()
    drop_database(folder)


@pytest.fixture(scope="module")
def roles(fuzz_app: Flask) -> dict[str, Role_]:
    out = {}
    visitor = fuzz_app.test_client()
    out["visitor"] = Role_("visitor", visitor, csrf_token(visitor.get("/login").data))
    learner = fuzz_app.test_client()
    Accounts(learner).register("ada")
    token = csrf_token(learner.get("/settings").data)
    # Something to act on: an attempt (id 1) and a card on its answer side.
    learner.post("/quiz", data={"deck": 0, "length": 3, "csrf_token": token})
    out["learner"] = Role_("learner", learner, token)
    teacher = fuzz_app.test_client()
    Accounts(teacher).login("teach")
    token = csrf_token(teacher.get("/settings").data)
    bank = SMALL_BANK.replace("relations-date-choice", "relations-date-pick")
    teacher.post(
        "/instructor/upload",
        data={"csrf_token": token, "file": (io.BytesIO(bank.encode()), "deck.yaml")},
        content_type="multipart/form-data",
    )
    teacher.post(
        "/instructor/documents",
        data={"csrf_token": token, "file": (io.BytesIO(DOCUMENT.encode()), "doc.txt"), "deck_id": "d", "title": "D"},
        content_type="multipart/form-data",
    )
    out["instructor"] = Role_("instructor", teacher, token)
    return out


@pytest.fixture(scope="module")
def scratch(fuzz_app: Flask) -> Role_:
    """The client that registers, logs in and out (it may end up signed in as anyone)."""
    client = fuzz_app.test_client()
    return Role_("visitor", client, csrf_token(client.get("/login").data))


def _encode(value: tuple[str, bool]) -> str:
    text, raw = value
    return text if raw else quote(text, safe="")


def _path(rule: str, value: tuple[str, bool], default: str = "1") -> Iterator[str]:
    """The rule with every argument set to ``value``, and with each set alone (the others valid)."""
    names = re.findall(r"<(?:[^:<>]+:)?([^<>]+)>", rule)
    fill = lambda chosen: re.sub(  # noqa: E731
        r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: _encode(value) if m.group(1) in chosen else default, rule
    )
    if not names:
        yield rule
        return
    yield fill(set(names))
    if len(names) > 1:
        for name in names:
            yield fill({name})


def _body(fields: dict[str, tuple[str, bool]], token: str) -> bytes:
    parts = [f"csrf_token={quote(token, safe='')}"]
    parts += [f"{quote(name, safe='')}={_encode(value)}" for name, value in fields.items()]
    return "&".join(parts).encode()


def _check(response: Any, what: str) -> None:
    response.get_data()  # run a streamed response to its end
    response.close()
    assert response.status_code < 500, f"{what} -> {response.status_code}"


def _send(role: Role_, endpoint: str, method: str, url: str, fields: dict[str, Any]) -> None:
    client, token = role.client, role.token
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, data=_body(fields, token), content_type="application/x-www-form-urlencoded")
    _check(response, f"{role.name} {method} {url[:120]!r}")


def test_every_route_with_hostile_values_everywhere_answers_no_500(
    fuzz_app: Flask, roles: dict[str, Role_], scratch: Role_
) -> None:
    started = time.perf_counter()
    rules = [r for r in fuzz_app.url_map.iter_rules()]
    assert len(rules) >= 25
    sent = 0
    for role in roles.values():
        for rule in rules:
            methods = sorted(rule.methods & {"GET", "POST"})
            if rule.endpoint in SCRATCH and role.name != "visitor":
                methods = [m for m in methods if m != "POST"]  # sent once, from the scratch client
            for value in HOSTILE:
                query = "&".join(f"{name}={_encode(value)}" for name in QUERY_NAMES)
                for path in _path(rule.rule, value):
                    for method in methods:
                        fields = {name: value for name in FIELD_NAMES}
                        sender = scratch if rule.endpoint in SCRATCH and method == "POST" else role
                        _send(sender, rule.endpoint, method, f"{path}?{query}", fields)
                        sent += 1
    # Logging out (a POST that ends the session) comes last for the signed-in roles.
    for role in ("learner", "instructor"):
        _check(roles[role].client.post("/logout", data={"csrf_token": roles[role].token}), "logout")
        roles[role].client = fuzz_app.test_client()
        Accounts(roles[role].client).login("ada" if role == "learner" else "teach")
        roles[role].token = csrf_token(roles[role].client.get("/settings").data)
    print(f"{sent} requests in {time.perf_counter() - started:.1f} s")


#: A valid form for each POST route, so that one hostile field gets past the others.
VALID: dict[str, dict[str, str]] = {
    "auth.register": {"username": "newcomer", "password": PASSWORD},
    "auth.login": {"username": "ada", "password": PASSWORD},
    "auth.settings": {"desired_retention": "0.9", "new_per_day": "20", "timezone": "UTC", "day_start_hour": "4"},
    "study.answer": {"question": "1", "reps": "0", "shown": "1700000000000", "answer": "1921"},
    "study.rate": {"question": "1", "reps": "0", "rating": "3", "shown": "1700000000000"},
    "quiz.start": {"deck": "0", "length": "3", "minutes": "5", "kinds": "date"},
    "quiz.answer": {"position": "1", "shown": "1700000000000", "answer": "1921"},
    "instructor.upload_document": {"deck_id": "fuzz", "title": "Fuzz"},
    "instructor.accept": {"q0-prompt": "When?", "q0-answer": "1921", "q0-explanation": "", "q0-accept": ""},
}
FILES = {"instructor.upload_bank", "instructor.upload_document"}

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.tuples(st.text(max_size=80), st.just(False)),
    st.tuples(st.integers().map(str), st.just(False)),
    st.tuples(st.floats(allow_nan=True, allow_infinity=True).map(repr), st.just(False)),
)


def _post_rules(app: Flask) -> list[tuple[str, str]]:
    return sorted(
        (rule.endpoint, re.sub(r"<(?:[^:<>]+:)?[^<>]+>", "1", rule.rule).replace("/1/1/", "/1/0/"))
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and rule.endpoint not in ("auth.logout",)
    )


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_one_hostile_field_in_an_otherwise_valid_form_answers_no_500(
    fuzz_app: Flask, roles: dict[str, Role_], scratch: Role_, data: st.DataObject
) -> None:
    role = roles[data.draw(st.sampled_from(["learner", "instructor"]), label="role")]
    endpoint, url = data.draw(st.sampled_from(_post_rules(fuzz_app)), label="route")
    valid = dict(VALID.get(endpoint, {}))
    field = data.draw(st.sampled_from(sorted(valid) + ["answer", "gap", "file-name", "file-body"]), label="field")
    value = data.draw(hostile_text, label="value")
    if endpoint in FILES or field.startswith("file"):
        files = {"file": (io.BytesIO(b"deck: {id: x, title: X}\nquestions: []\n"), "deck.yaml")}
        if field == "file-name":
            files["file"] = (io.BytesIO(b"text"), value[0] or "x")
        elif field == "file-body":
            files["file"] = (io.BytesIO(value[0].encode("utf-8", "surrogatepass")), "doc.txt")
        form = {k: v for k, v in valid.items()} | ({field: value[0]} if field in valid else {})
        response = role.client.post(
            url, data={"csrf_token": role.token, **form, **files}, content_type="multipart/form-data"
        )
        _check(response, f"{role.name} {endpoint} {field}={value[0][:40]!r}")
        return
    fields = {name: (text, False) for name, text in valid.items()} | {field: value}
    client = role.client
    token = role.token
    if endpoint in SCRATCH:
        client, token = scratch.client, scratch.token
    response = client.post(url, data=_body(fields, token), content_type="application/x-www-form-urlencoded")
    _check(response, f"{role.name} {endpoint} {field}={value[0][:40]!r}")
