"""The class view: the roster and the item analysis against a class worked out by hand; instructors only."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from quiz.models import Role
from quiz.periods import period
from quiz.services.stats.classroom import item_analysis, roster

NOW = datetime(2026, 3, 10, 16, tzinfo=UTC)


def at(day: int, hour: int = 12, minute: int = 0, month: int = 3, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def run(history, service, *args, **kwargs):
    """Call a class-wide service (it takes no user) in a fresh app context."""
    return history._run(lambda: service(*args, **kwargs))


@pytest.fixture
def items_class(history):
    """Four learners, four questions; ✓ rated Good, ✗ rated Again (cat's first q1 is Easy).

    Shares right: ann 3/4, ben 2/4, cat 2/5, dan 1/4, so the upper group (27% of
    four, rounded: one learner) is ann and the lower group is dan.
    """
    q1, q2, q3, q4 = "aid-amount", "treaty-name", "capital-flashcard", "relations-date"
    answers = {
        "ann": [(q1, 3), (q2, 3), (q3, 1), (q4, 3)],
        "ben": [(q1, 3), (q2, 3), (q3, 1), (q4, 1)],
        "cat": [(q1, 4), (q2, 1), (q3, 3), (q4, 1), (q1, 1)],  # q1 learned (Easy), then forgotten: a lapse
        "dan": [(q1, 1), (q2, 1), (q3, 3), (q4, 1)],
    }
    for name, reviews in answers.items():
        learner = history.learner(name)
        for n, (key, rating) in enumerate(reviews):
            day = 9 if n < 4 else 10
            history.review(learner, key, rating, at(day, 10, n), correct=rating > 1)
    # An instructor's own reviews are not the class's.
    ivy = history.learner("ivy", role=Role.INSTRUCTOR)
    history.review(ivy, q3, 1, at(9), correct=False)
    # Reviews before the period do not count in it.
    history.review(history.learner("old"), q2, 1, at(1, month=2), correct=False)
    return answers


def test_item_analysis_by_hand(items_class, history):
    # A class of four is far below the sample D needs; min_group=1 checks the arithmetic.
    items = {i.key: i for i in run(history, item_analysis, NOW, period("7"), min_group=1)}
    assert set(items) == {"aid-amount", "treaty-name", "capital-flashcard", "relations-date"}
    q1, q2, q3, q4 = items["aid-amount"], items["treaty-name"], items["capital-flashcard"], items["relations-date"]
    assert (q1.attempts, q1.learners, q1.correct) == (5, 4, pytest.approx(3 / 5))
    assert (q2.attempts, q2.correct) == (4, 0.5)
    assert (q3.attempts, q3.correct) == (4, 0.5)
    assert (q4.attempts, q4.correct) == (4, 0.25)
    # Only cat's second q1 review met a card in review: rated Again, a lapse.
    assert q1.lapse_rate == 1.0 and q2.lapse_rate is None
    # D = p(ann) - p(dan).
    assert q1.discrimination == 1.0  # ann 1, dan 0
    assert q2.discrimination == 1.0
    assert q3.discrimination == -1.0  # ann wrong, dan right: check the key
    assert q4.discrimination == 1.0
    assert q3.flags == ["stronger learners miss it more often: check the answer key"]
    assert "most answers are wrong: hard or ambiguous" in q4.flags


def test_items_sort_worst_discrimination_first_by_default(items_class, history):
    keys = [i.key for i in run(history, item_analysis, NOW, period("7"), min_group=1)]
    assert keys[0] == "capital-flashcard"
    by_correct = [i.key for i in run(history, item_analysis, NOW, period("7"), sort="correct", descending=True)]
    assert by_correct[0] == "aid-amount" and by_correct[-1] == "relations-date"


def test_a_learner_who_met_a_question_alone_gives_no_discrimination(history):
    ann, ben = history.learner("ann"), history.learner("ben")
    history.review(ann, "aid-amount", 3, at(9), correct=True)
    history.review(ann, "treaty-name", 3, at(9, 13), correct=True)
    history.review(ben, "aid-amount", 1, at(9), correct=False)
    items = {i.key: i for i in run(history, item_analysis, NOW, period("7"), min_group=1)}
    assert items["aid-amount"].discrimination == 1.0  # ann upper, ben lower
    assert items["treaty-name"].discrimination is None  # the lower group never met it


def test_a_small_class_gets_not_enough_data_instead_of_a_verdict(items_class, history):
    """Four learners: D of -1 on q3 would say "check the key", but one learner a group proves nothing."""
    items = {i.key: i for i in run(history, item_analysis, NOW, period("7"))}
    assert all(i.discrimination is None for i in items.values())
    assert all(i.flags == [] and not i.enough_data for i in items.values())


def test_a_large_class_gets_its_discrimination_and_a_wrong_key_stands_out(history):
    """40 learners (groups of 11): the strong ones answer "1918" where the key says 1921."""
    strong = [history.learner(f"s{n:02}") for n in range(20)]
    weak = [history.learner(f"w{n:02}") for n in range(20)]
    for n, learner in enumerate(strong):
        history.review(learner, "aid-amount", 3, at(9, 9, n), correct=True)
        history.review(learner, "treaty-name", 3, at(9, 10, n), correct=True)
        history.review(learner, "relations-date", 1, at(9, 11, n), correct=False, answer="1918 " if n % 2 else "1918")
    for n, learner in enumerate(weak):
        history.review(learner, "aid-amount", 1, at(9, 9, n), correct=False, answer="$9 million")
        history.review(learner, "treaty-name", 1, at(9, 10, n), correct=False)
        history.review(learner, "relations-date", 3, at(9, 11, n), correct=True)
    items = {i.key: i for i in run(history, item_analysis, NOW, period("7"))}
    date = items["relations-date"]
    assert (date.upper, date.lower) == (11, 11)
    assert date.discrimination == -1.0
    assert "stronger learners miss it more often: check the answer key" in date.flags
    assert date.wrong_answers == (("1918", 20),)
    assert items["aid-amount"].discrimination == 1.0
    assert items["aid-amount"].wrong_answers == (("$9 million", 20),)


@pytest.fixture
def roster_class(history):
    """Ann (UTC), Ben (Tokyo, 4 a.m. days), Cat (nothing yet) and an instructor."""
    ann = history.learner("ann", tz="UTC", hour=0)
    # A mature card: two Easy ratings long ago, then a pass inside the period.
    history.review(ann, "relations-date", 4, at(1, 15, month=12, year=2025))
    history.review(ann, "relations-date", 4, at(9, 15, month=12, year=2025))
    history.review(ann, "relations-date", 3, at(8, 9))
    history.review(ann, "aid-amount", 3, at(9, 9))
    history.review(ann, "aid-amount", 1, at(10, 9))
    # Quizzes on questions without a mature card: money, agreements, names.
    kinds = ("money", "agreement", "name")
    history.quiz(ann, [True, True, False], at(9, 10), kinds=kinds)  # 2 of 3
    history.quiz(ann, [True, False], at(10, 10), kinds=kinds)  # 1 of 2
    history.quiz(ann, [True, True], at(10, 11), finish=False, kinds=kinds)  # unfinished: 1 answer, no score
    ben = history.learner("ben", tz="Asia/Tokyo", hour=4)
    history.review(ben, "aid-amount", 3, at(8, 20))  # 05:00 JST on 9 March [9 Mar]
    history.review(ben, "treaty-name", 3, at(9, 18))  # 03:00 JST on 10 March [9 Mar]
    history.review(ben, "capital-flashcard", 3, at(10, 14))  # 23:00 JST [10 Mar]
    history.learner("cat")
    ivy = history.learner("ivy", role=Role.INSTRUCTOR)
    history.review(ivy, "aid-amount", 3, at(10, 15))


def test_the_roster_by_hand(roster_class, history):
    rows = {r.username: r for r in run(history, roster, NOW, period("7"))}
    assert list(rows) == ["ann", "ben", "cat"]  # learners only, by name
    ann, ben, cat = rows["ann"], rows["ben"], rows["cat"]
    # 3 studied + 3 + 2 + 1 quiz answers in the period; the two old reviews are not in it.
    assert ann.reviews == 9 and ben.reviews == 3 and cat.reviews == 0
    assert ann.last_active == at(10, 11) and ben.last_active == at(10, 14) and cat.last_active is None
    assert ann.retention == 1.0 and ben.retention is None
    assert (ann.quiz_average, ann.quizzes) == (pytest.approx((2 / 3 + 1 / 2) / 2), 2)
    assert ben.quiz_average is None and ben.quizzes == 0
    # Ann: 8, 9, 10 March. Ben, in Tokyo: 9 and 10 March (three days in UTC).
    assert (ann.streak, ben.streak, cat.streak) == (3, 2, 0)


def test_the_roster_sorts_by_any_column_empty_values_last(roster_class, history):
    def order(sort, descending=False):
        return [r.username for r in run(history, roster, NOW, period("7"), sort=sort, descending=descending)]

    assert order("streak", True) == ["ann", "ben", "cat"]
    assert order("streak") == ["cat", "ben", "ann"]
    assert order("reviews", True) == ["ann", "ben", "cat"]
    assert order("quiz") == ["ann", "ben", "cat"]  # only ann has an average; the rest by name
    assert order("last_active", True) == ["ben", "ann", "cat"]
    assert order("nonsense") == ["ann", "ben", "cat"]


def test_the_class_page_lists_learners_and_items_for_instructors(roster_class, accounts, client):
    accounts.login("ivy")
    html = client.get("/progress/class?range=all&sort=reviews&dir=asc").data.decode()
    assert re.findall(r'<tr data-learner="(\w+)">', html) == ["cat", "ben", "ann"]
    assert '<th scope="col" aria-sort="ascending">' in html
    # The sorted column's heading sorts the other way.
    assert 'href="/progress/class?range=all&amp;sort=reviews&amp;dir=desc"' in html
    assert 'id="items"' in html and 'data-key="aid-amount"' in html
    assert ">Class</a>" in client.get("/progress").data.decode()


def test_learners_get_403_from_the_class_view(roster_class, accounts, client):
    accounts.login("ann")
    assert client.get("/progress/class").status_code == 403
    assert ">Class</a>" not in client.get("/progress").data.decode()


def test_the_class_view_needs_a_login(client):
    response = client.get("/progress/class")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_class_without_reviews_renders(history, accounts, client):
    history.learner("ivy", role=Role.INSTRUCTOR)
    history.learner("ann")
    accounts.login("ivy")
    html = client.get("/progress/class").data
    assert b"No reviews by learners in this period." in html and b'data-learner="ann"' in html
    for key in ("7", "all"):
        assert client.get(f"/progress/class?range={key}&isort=lapses&idir=desc").status_code == 200


def test_all_time_counts_every_review(roster_class, history):
    rows = {r.username: r for r in run(history, roster, NOW + timedelta(days=100), period("all"))}
    assert rows["ann"].reviews == 11 and rows["ann"].streak == 0


def test_the_item_analysis_comes_a_page_at_a_time(items_class, accounts, client, monkeypatch):
    from quiz.services.stats import classroom

    monkeypatch.setattr(classroom, "ITEMS_PER_PAGE", 3)
    accounts.login("ivy")
    first = client.get("/progress/class?isort=question&range=all").data.decode()
    assert re.findall(r'<tr data-key="([\w-]+)">', first) == ["aid-amount", "capital-flashcard", "relations-date"]
    assert "4 questions, page 1 of 2." in first
    following = re.search(r'href="([^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
    assert "isort=question" in following and "range=all" in following
    second = client.get(following).data.decode()
    assert re.findall(r'<tr data-key="([\w-]+)">', second) == ["treaty-name"]
    assert 'rel="prev"' in second and 'rel="next"' not in second
    # Another order starts again from the first page; a page past the end shows the last one.
    assert "ipage" not in re.search(r'href="([^"]*isort=attempts[^"]*)"', second).group(1)
    for page in ("99", "-3", "x"):
        assert client.get(f"/progress/class?range=all&ipage={page}").status_code == 200


def test_both_tables_can_be_narrowed_to_some_users(items_class, history):
    import sqlalchemy as sa

    from quiz.models import User

    some = sa.select(User.id).where(User.username.in_(["ann", "dan"]))
    rows = run(history, roster, NOW, period("7"), user_ids=some)
    assert [r.username for r in rows] == ["ann", "dan"]
    items = {i.key: i for i in run(history, item_analysis, NOW, period("7"), min_group=1, user_ids=some)}
    # Ann (3 of 4 right) is the upper group, Dan (1 of 4) the lower one.
    assert (items["aid-amount"].attempts, items["aid-amount"].learners) == (2, 2)
    assert items["aid-amount"].discrimination == 1.0 and items["relations-date"].discrimination == 1.0
    assert items["capital-flashcard"].discrimination == -1.0
