"""The class view filtered by class: the roster and the item analysis count only the class's members."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import ClassMember, Classroom
from quiz.periods import period
from quiz.services.classes.rooms import member_ids
from quiz.services.stats.classroom import class_view, item_analysis, roster

NOW = datetime(2026, 3, 10, 16, tzinfo=UTC)


def at(day: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, 10, minute, tzinfo=UTC)


def make_class(history, owner: int, *members: int) -> int:
    def make() -> int:
        room = Classroom(owner_id=owner, name="Morning", join_code="ACDEFGHJKM")
        db.session.add(room)
        db.session.flush()
        db.session.add_all(ClassMember(class_id=room.id, user_id=m) for m in members)
        db.session.commit()
        return room.id

    return history._run(make)


def test_roster_and_items_of_one_class(history):
    teach = history.learner("teach", role="instructor")
    ann, ben, cat = (history.learner(n) for n in ("ann", "ben", "cat"))
    history.review(ann, "aid-amount", 3, at(9), correct=True)
    history.review(ben, "aid-amount", 1, at(9, 1), correct=False, answer="ten dollars")
    history.review(cat, "treaty-name", 1, at(9, 2), correct=False, answer="Riga Pact")
    class_id = make_class(history, teach, ann, ben)

    def check() -> None:
        everyone = roster(NOW, period("7"))
        assert [r.username for r in everyone] == ["ann", "ben", "cat"]
        members = roster(NOW, period("all"), user_ids=member_ids(class_id))
        assert [(r.username, r.reviews) for r in members] == [("ann", 1), ("ben", 1)]
        items = {i.key: i for i in item_analysis(NOW, period("7"), min_group=1, user_ids=member_ids(class_id))}
        assert set(items) == {"aid-amount"}  # cat's treaty-name is not the class's
        assert (items["aid-amount"].learners, items["aid-amount"].correct) == (2, 0.5)
        assert items["aid-amount"].wrong_answers == (("ten dollars", 1),)
        all_items = {i.key for i in item_analysis(NOW, period("all"), min_group=1)}
        assert all_items == {"aid-amount", "treaty-name"}
        view = class_view(NOW, period("all"), user_ids=sa.select(ClassMember.user_id).where(sa.false()))
        assert (view.learners, view.items) == ([], [])  # an empty class shows nobody, not everybody

    history._run(check)
