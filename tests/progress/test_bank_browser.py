"""The bank browser finds questions by text, deck, tag, kind, type and source, with each one's statistics."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from quiz.extensions import db
from quiz.models import Role
from quiz.services.accounts.users import create_user
from tests.support import PASSWORD, Accounts


@pytest.fixture
def teacher(app, client):
    with app.app_context():
        create_user("teach", PASSWORD, role=Role.INSTRUCTOR)
        db.session.remove()
    Accounts(client).login("teach")
    return client


def keys(client, **query) -> list[str]:
    page = client.get("/instructor/bank", query_string=query)
    assert page.status_code == 200
    return re.findall(r'<tr data-key="([^"]+)">', page.data.decode())


def test_learners_cannot_browse_the_bank(accounts, client):
    accounts.register("learner")
    assert client.get("/instructor/bank").status_code == 403
    assert client.get("/instructor/bank/1").status_code == 403


def test_every_question_is_listed_and_each_filter_narrows_the_list(teacher):
    everything = keys(teacher)
    assert len(everything) == 6
    assert keys(teacher, q="FREEDONIA") == [k for k in everything if k in keys(teacher, q="freedonia")]
    assert keys(teacher, q="capital") == ["capital-flashcard"]
    assert keys(teacher, kind="money") == ["aid-amount"]
    assert set(keys(teacher, type="choice")) < set(everything)
    assert keys(teacher, deck="no-such-deck") == []
    assert keys(teacher, q="100%_") == []  # LIKE wildcards are taken literally
    assert keys(teacher, source="freedonia.txt") == everything
    assert keys(teacher, status="retired") == []


def test_a_question_page_shows_the_question_and_its_statistics(teacher, history):
    ann = history.learner("ann")
    history.review(ann, "aid-amount", 1, datetime(2026, 3, 9, 12, tzinfo=UTC), correct=False, answer="$9 million")
    row = re.search(
        r'<tr data-key="aid-amount">.*?href="(/instructor/bank/\d+)".*?</tr>',
        teacher.get("/instructor/bank").data.decode(),
        re.S,
    )
    cells = re.findall(r'<td class="num">(.*?)</td>', row.group(0), re.S)
    assert cells[0] == "0%" and "not enough data" in cells[2] and cells[3] == "1"
    page = teacher.get(row.group(1)).data.decode()
    assert "How much" in page or "aid" in page
    assert re.search(r'id="stat-attempts">1<', page) and re.search(r'id="stat-correct">0%<', page)
    assert "<td>$9 million</td>" in page
    assert teacher.get("/instructor/bank/999999").status_code == 404


def test_paging_keeps_the_filters(teacher, monkeypatch):
    from quiz.services.bank import browser

    monkeypatch.setattr(browser, "PER_PAGE", 4)
    first = teacher.get("/instructor/bank?q=e").data.decode()
    assert 'rel="next"' in first and "q=e" in re.search(r'href="([^"]+)" rel="next"', first).group(1)


def test_the_browser_figures_match_the_class_views_item_analysis(app, history):
    """Same definitions, two ways of computing them: 24 learners of mixed strength, all time."""
    from quiz.periods import period
    from quiz.services.bank.browser import question_stats
    from quiz.services.stats.classroom import item_analysis

    keys = ["aid-amount", "treaty-name", "relations-date", "capital-flashcard"]
    for n in range(24):
        learner = history.learner(f"l{n:02}")
        for k, key in enumerate(keys):
            right = (n * 7 + k * 3) % 5 < 1 + n % 4
            history.review(learner, key, 3 if right else 1, datetime(2026, 3, 9, 9, n, k, tzinfo=UTC), correct=right)
    with app.app_context():
        expected = {
            i.question_id: i for i in item_analysis(datetime(2026, 3, 10, tzinfo=UTC), period("all"), min_group=3)
        }
        got = question_stats(list(expected), min_group=3)
    assert set(got) == set(expected)
    for qid, item in expected.items():
        mine = got[qid]
        assert (mine.attempts, mine.learners, mine.upper, mine.lower) == (
            item.attempts,
            item.learners,
            item.upper,
            item.lower,
        )
        assert mine.correct == pytest.approx(item.correct)
        assert (mine.discrimination is None) == (item.discrimination is None)
        if item.discrimination is not None:
            assert mine.discrimination == pytest.approx(item.discrimination)
