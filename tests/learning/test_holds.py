"""Suspend, bury and forget, and leeches, through the services at explicit times.

Ada lives in New York and starts her study day at 4 a.m.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Card, Hold, Review, User
from quiz.scheduling import Rating, State
from quiz.services.learning import holds, queue
from quiz.services.stats.progress import overview

NY = "America/New_York"


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def shown(history, user, now, limit=20):
    """The prompts' keys of the cards the learner would study at ``now``, in order, without rating them."""
    return history.call(lambda u: _walk(u, now, limit), user)


def _walk(user, now, limit):
    seen = []
    item = queue.next_card(user, now)
    while item is not None and len(seen) < limit:
        seen.append(item.question.key)
        # Hold it back for the rest of the walk (rolled back after it).
        db.session.merge(Hold(user_id=user.id, question_id=item.question.id, suspended=True, changed_at=now))
        db.session.flush()
        item = queue.next_card(user, now)
    db.session.rollback()
    return seen


def key_id(history, key):
    return history.question_id(key)


def act(history, user, action, keys, now):
    ids = [history.question_id(k) for k in keys]
    return history.call(holds.apply, user, action, ids, now)


def counts(history, user, now):
    return history.call(queue.today, user, now)


def test_a_suspended_new_card_is_never_shown_until_unsuspended(history):
    ada = history.learner("ada", tz=NY)
    now = utc(3, 10, 16)
    assert shown(history, ada, now)[0] == "relations-date"
    assert act(history, ada, "suspend", ["relations-date"], now) == 1
    later = now + timedelta(days=30)
    assert "relations-date" not in shown(history, ada, now)
    assert "relations-date" not in shown(history, ada, later)
    assert counts(history, ada, now).new == 5
    # Suspending it again changes nothing.
    assert act(history, ada, "suspend", ["relations-date"], now) == 0
    assert act(history, ada, "unsuspend", ["relations-date"], later) == 1
    assert shown(history, ada, later)[0] == "relations-date"
    # Nothing left to hold: the row goes.
    assert history._run(lambda: db.session.scalar(sa.select(sa.func.count()).select_from(Hold))) == 0


def test_a_suspended_due_card_is_neither_shown_nor_counted(history):
    ada = history.learner("ada", tz=NY)
    history.review(ada, "aid-amount", 4, utc(3, 1, 15))  # Easy: in review, due some days later
    now = utc(4, 20, 16)  # long after: due
    assert shown(history, ada, now)[0] == "aid-amount"
    assert counts(history, ada, now).due == 1
    act(history, ada, "suspend", ["aid-amount"], now)
    assert "aid-amount" not in shown(history, ada, now)
    assert counts(history, ada, now).due == 0
    assert history.call(queue.next_due_at, ada, now) is not None  # new cards still come tomorrow


def test_bury_lasts_until_the_learners_next_study_day_starts(history):
    # 03:30 EDT on 10 March is still the study day of 9 March: the bury ends at 04:00 EDT, half an hour later.
    ada = history.learner("ada", tz=NY, hour=4)
    night = utc(3, 10, 7, 30)
    assert act(history, ada, "bury", ["relations-date"], night) == 1
    until = history._run(lambda: db.session.scalar(sa.select(Hold.buried_until)))
    assert until == utc(3, 10, 8, 0)
    assert "relations-date" not in shown(history, ada, utc(3, 10, 7, 59))
    assert shown(history, ada, utc(3, 10, 8, 0))[0] == "relations-date"
    # Buried after 4 a.m., it stays buried the whole day, until 4 a.m. the next morning.
    act(history, ada, "bury", ["relations-date"], utc(3, 10, 8, 1))
    assert "relations-date" not in shown(history, ada, utc(3, 11, 7, 59))
    assert shown(history, ada, utc(3, 11, 8, 0))[0] == "relations-date"


def test_bury_follows_the_day_start_hour_and_zone(history):
    # Vilnius, study day starting at 6: buried at 05:00 local (03:00 UTC) ends at 06:00 local the same morning.
    ona = history.learner("ona", tz="Europe/Vilnius", hour=6)
    act(history, ona, "bury", ["relations-date"], utc(1, 15, 3))
    assert history._run(lambda: db.session.scalar(sa.select(Hold.buried_until))) == utc(1, 15, 4)


def test_a_buried_due_card_comes_back_the_next_day_and_unbury_brings_it_back_now(history):
    ada = history.learner("ada", tz=NY)
    history.review(ada, "aid-amount", 4, utc(3, 1, 15))
    now = utc(4, 20, 16)
    act(history, ada, "bury", ["aid-amount"], now)
    assert counts(history, ada, now).due == 0
    assert "aid-amount" not in shown(history, ada, now)
    assert act(history, ada, "unbury", ["aid-amount"], now) == 1
    assert shown(history, ada, now)[0] == "aid-amount"


def test_holds_are_per_learner(history):
    ada, bob = history.learner("ada"), history.learner("bob")
    now = utc(3, 10, 16)
    act(history, ada, "suspend", ["relations-date"], now)
    assert shown(history, bob, now)[0] == "relations-date"


def test_forget_makes_a_new_card_and_keeps_the_log_and_the_figures(history, query):
    ada = history.learner("ada", tz=NY)
    history.review(ada, "aid-amount", 4, utc(3, 1, 15), correct=True)
    history.review(ada, "treaty-name", 3, utc(3, 1, 15, 5), correct=True)
    now = utc(3, 2, 16)
    before = history.call(overview, ada, now)
    assert (before.new, before.learning + before.review) == (4, 2)
    assert act(history, ada, "forget", ["aid-amount"], now) == 1
    # The log is as it was: both reviews, neither undone.
    reviews = query(lambda s: s.scalar(sa.select(sa.func.count(Review.id)).where(Review.undone_at.is_(None))))
    assert reviews == 2
    after = history.call(overview, ada, now)
    assert (after.new, after.learning + after.review) == (5, 1)
    assert after.reviews_7 == before.reviews_7 == 2
    assert after.accuracy_7 == before.accuracy_7
    # It is a new card again, studied after the other new cards (as a card added behind the frontier).
    item = history.call(queue.study_item, ada, history.question_id("aid-amount"), now=now)
    assert item is not None and item.card is None
    assert shown(history, ada, now)[-1] == "aid-amount"
    # Its next review is its first again: it counts toward the day's new cards, then it is a card as any other.
    history.review(ada, "aid-amount", 3, utc(3, 2, 16, 1), correct=True)
    first = query(lambda s: s.scalars(sa.select(Review).order_by(Review.id.desc()).limit(1)).one())
    assert first.state_before is None and first.lapses_before == 0
    card = query(lambda s: s.scalars(sa.select(Card).where(Card.question_id == first.question_id)).one())
    assert (card.reps, card.lapses, State(card.state)) == (1, 0, State.Learning)


def test_forgetting_a_new_card_changes_nothing_and_forget_keeps_a_suspension(history):
    ada = history.learner("ada")
    now = utc(3, 2, 16)
    assert act(history, ada, "forget", ["relations-date"], now) == 0
    history.review(ada, "aid-amount", 4, utc(3, 1, 15))
    act(history, ada, "suspend", ["aid-amount"], now)
    act(history, ada, "forget", ["aid-amount"], now)
    assert "aid-amount" not in shown(history, ada, now + timedelta(days=3))


def test_undo_after_a_forget_does_not_bring_the_old_card_back(history, query):
    ada = history.learner("ada")
    history.review(ada, "aid-amount", 3, utc(3, 2, 15))
    act(history, ada, "forget", ["aid-amount"], utc(3, 2, 15, 1))
    history.undo(ada, utc(3, 2, 15, 2))
    assert query(lambda s: s.scalar(sa.select(sa.func.count()).select_from(Card))) == 0
    assert query(lambda s: s.scalar(sa.select(Review.undone_at))) is None


def lapse_until(history, user, key, lapses, start):
    """Learn ``key`` (Easy), then let it lapse ``lapses`` times, each lapse on its due day; return the time after."""
    at = start
    history.review(user, key, 4, at)
    for _ in range(lapses):
        due = history._run(
            lambda: db.session.scalar(
                sa.select(Card.due).where(Card.user_id == user, Card.question_id == history.question_id(key))
            )
        )
        at = max(due, at) + timedelta(minutes=1)
        history.review(user, key, 1, at)  # Again: a lapse
        at += timedelta(minutes=11)
        history.review(user, key, 3, at)  # Good: back in review
    return at


def set_threshold(history, user, threshold):
    def change():
        db.session.get(User, user).leech_threshold = threshold
        db.session.commit()

    history._run(change)


def hold_of(history, user, key):
    return history._run(
        lambda: db.session.execute(
            sa.select(Hold.suspended, Hold.leech).where(
                Hold.user_id == user, Hold.question_id == history.question_id(key)
            )
        ).first()
    )


def test_a_card_is_a_leech_and_suspended_at_the_threshold(history):
    ada = history.learner("ada")
    set_threshold(history, ada, 3)
    at = lapse_until(history, ada, "aid-amount", 2, utc(3, 1, 15))
    assert hold_of(history, ada, "aid-amount") is None
    card_due = history._run(lambda: db.session.scalar(sa.select(Card.due)))
    at = max(card_due, at) + timedelta(minutes=1)
    history.review(ada, "aid-amount", 1, at)  # the third lapse
    assert tuple(hold_of(history, ada, "aid-amount")) == (True, True)
    user_id, question_id = ada, history.question_id("aid-amount")
    assert history.call(holds.became_leech, user_id, question_id, Rating.Again, at)
    assert not history.call(holds.became_leech, user_id, question_id, Rating.Again, at + timedelta(seconds=1))
    assert "aid-amount" not in shown(history, ada, at + timedelta(days=60))


def test_an_unsuspended_leech_is_suspended_again_every_half_threshold(history):
    assert [n for n in range(1, 30) if holds.is_leech_lapse(n, 8)] == [8, 12, 16, 20, 24, 28]
    assert [n for n in range(1, 8) if holds.is_leech_lapse(n, 3)] == [3, 4, 5, 6, 7]
    assert not any(holds.is_leech_lapse(n, 0) for n in range(1, 50))
    ada = history.learner("ada")
    set_threshold(history, ada, 4)
    at = lapse_until(history, ada, "aid-amount", 4, utc(3, 1, 15))
    assert tuple(hold_of(history, ada, "aid-amount")) == (True, True)
    act(history, ada, "unsuspend", ["aid-amount"], at)
    assert tuple(hold_of(history, ada, "aid-amount")) == (False, True)  # still marked a leech
    at = lapse_until_more(history, ada, "aid-amount", 1, at)
    assert tuple(hold_of(history, ada, "aid-amount")) == (False, True)  # 5 lapses: not yet
    at = lapse_until_more(history, ada, "aid-amount", 1, at)
    assert tuple(hold_of(history, ada, "aid-amount")) == (True, True)  # 6 = 4 + 4 / 2


def lapse_until_more(history, user, key, lapses, start):
    at = start
    for _ in range(lapses):
        due = history._run(
            lambda: db.session.scalar(
                sa.select(Card.due).where(Card.user_id == user, Card.question_id == history.question_id(key))
            )
        )
        at = max(due, at) + timedelta(minutes=1)
        history.review(user, key, 1, at)
        at += timedelta(minutes=11)
        history.review(user, key, 3, at)
    return at


def test_no_leech_when_the_threshold_is_zero(history):
    ada = history.learner("ada")
    set_threshold(history, ada, 0)
    lapse_until(history, ada, "aid-amount", 10, utc(3, 1, 15))
    assert hold_of(history, ada, "aid-amount") is None
    lapses = history._run(lambda: db.session.scalar(sa.select(Card.lapses)))
    assert lapses == 10


def test_forgetting_a_leech_clears_the_mark(history):
    ada = history.learner("ada")
    set_threshold(history, ada, 2)
    at = lapse_until(history, ada, "aid-amount", 2, utc(3, 1, 15))
    act(history, ada, "forget", ["aid-amount"], at)
    assert tuple(hold_of(history, ada, "aid-amount")) == (True, False)  # still suspended, no longer a leech


def test_actions_leave_out_retired_and_unknown_questions(history, app):
    ada = history.learner("ada")
    with app.app_context():
        from quiz.models import Question

        db.session.execute(sa.update(Question).where(Question.key == "aid-amount").values(retired_at=utc(1, 1, 0)))
        db.session.commit()
    assert act(history, ada, "suspend", ["aid-amount"], utc(3, 1, 15)) == 0
    assert history.call(holds.apply, ada, "suspend", [10**9], utc(3, 1, 15)) == 0


def test_undoing_the_lapse_that_made_a_leech_undoes_the_mark(history):
    ada = history.learner("ada")
    set_threshold(history, ada, 1)
    history.review(ada, "aid-amount", 4, utc(3, 1, 15))
    due = history._run(lambda: db.session.scalar(sa.select(Card.due)))
    history.review(ada, "aid-amount", 1, due + timedelta(minutes=1))
    assert tuple(hold_of(history, ada, "aid-amount")) == (True, True)
    history.undo(ada, due + timedelta(minutes=2))
    assert hold_of(history, ada, "aid-amount") is None
    assert history.call(queue.next_card, ada, due + timedelta(minutes=3)).question.key == "aid-amount"
