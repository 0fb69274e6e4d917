"""Deleting one's own account: data offered first, a confirmation, and the class figures unchanged."""

from __future__ import annotations

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Card, QuizAnswer, QuizAttempt, Review, Role, User, utcnow
from quiz.periods import period
from quiz.services.accounts.users import create_user
from quiz.services.stats.classroom import item_analysis, roster
from tests.accounts.helpers import WRONG, login, post_form, register
from tests.support import PASSWORD, Quizzer, Studier


def study_some(browser, wrong: bool) -> None:
    """Answer and rate the first three cards (wrongly or rightly), and take a short quiz."""
    studier = Studier(browser)
    for _ in range(3):
        side = studier.answer("a wrong answer with my phone number 555-0100" if wrong else "1848")
        studier.rate(1 if wrong else 3, side)
    quizzer = Quizzer(browser)
    attempt = quizzer.begin(length=3)
    quizzer.answer_all(attempt, wrong=dict.fromkeys(Quizzer.right, "my secret answer") if wrong else None)


def class_figures(app):
    with app.app_context():
        try:
            items = [
                (i.key, i.attempts, i.learners, round(i.correct, 6), i.discrimination)
                for i in item_analysis(utcnow(), period("all"))
            ]
            names = [r.username for r in roster(utcnow(), period("all"))]
            return items, names
        finally:
            db.session.remove()


def test_the_delete_page_offers_the_exports_first(browser):
    register(browser, "ada")
    page = browser.get("/account/delete").get_data(as_text=True)
    for link in ("/progress/export/reviews.csv", "/progress/export/quizzes.csv", "/progress/export/all.json"):
        assert f'href="{link}"' in page
    assert browser.get("/progress/export/all.json").status_code == 200
    assert 'href="/account/delete"' in browser.get("/settings").get_data(as_text=True)


def test_deleting_needs_the_password_and_the_box_ticked(browser, query):
    register(browser, "ada")
    page = post_form(browser, "/account/delete", {"password": PASSWORD})
    assert b"Tick the box to confirm" in page.data
    page = post_form(browser, "/account/delete", {"password": "not mine", "confirm": "y"})
    assert b"That is not your current password." in page.data
    assert query(lambda s: s.scalar(sa.select(sa.func.count(User.id)))) == 1


def test_a_deleted_learner_is_gone_but_the_item_analysis_is_unchanged(app, browsers, query):
    ada, bob = browsers(), browsers()
    register(ada, "ada")
    register(bob, "bob")
    study_some(ada, wrong=True)
    study_some(bob, wrong=False)
    before_items, before_names = class_figures(app)
    assert before_names == ["ada", "bob"] and before_items

    response = post_form(ada, "/account/delete", {"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert b"Your account has been deleted." in ada.get("/login").data
    assert ada.get("/study").status_code == 302

    after_items, after_names = class_figures(app)
    assert after_names == ["bob"]
    assert after_items == before_items

    # What is kept names nobody and holds nothing ada typed; her cards are gone.
    def kept(session):
        former = session.scalars(sa.select(User).where(User.role == Role.FORMER)).one()
        return {
            "former": (former.username, former.password_hash),
            "answers": session.scalars(sa.select(Review.answer).where(Review.user_id == former.id)).all()
            + session.scalars(
                sa.select(QuizAnswer.answer).join(QuizAttempt).where(QuizAttempt.user_id == former.id)
            ).all(),
            "cards": session.scalar(sa.select(sa.func.count()).select_from(Card).where(Card.user_id == former.id)),
            "ada": session.scalar(sa.select(User.id).where(User.username == "ada")),
        }

    found = query(kept)
    assert found["former"][0].startswith("former-") and found["former"][1] == "!"
    assert found["answers"] and set(found["answers"]) == {None}
    assert found["cards"] == 0 and found["ada"] is None

    # The name is free again, and nobody can log in to what is left.
    assert WRONG in login(browsers(), found["former"][0], "!").data
    assert register(browsers(), "ada").status_code == 303


def test_the_only_admin_cannot_delete_their_account(app, browser, query):
    query(lambda s: create_user("boss", PASSWORD, role=Role.ADMIN))
    login(browser, "boss")
    page = post_form(browser, "/account/delete", {"password": PASSWORD, "confirm": "y"})
    assert b"You are the only admin" in page.data
    assert query(lambda s: s.scalar(sa.select(User.id).where(User.username == "boss"))) is not None


def test_an_instructor_with_no_history_is_simply_deleted(browser, query):
    query(lambda s: create_user("teach", PASSWORD, role=Role.INSTRUCTOR))
    login(browser, "teach")
    assert post_form(browser, "/account/delete", {"password": PASSWORD, "confirm": "y"}).status_code == 303
    assert query(lambda s: s.scalar(sa.select(sa.func.count(User.id)))) == 0
