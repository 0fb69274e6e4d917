"""The first-cut progress page renders and counts what the learner did."""

from __future__ import annotations


def test_progress_shows_cards_reviews_and_accuracy_after_two_ratings(accounts, studier, client):
    accounts.register()
    studier.rate(3, studier.answer("March 3, 1921"))
    studier.rate(1, studier.answer("$12.5 billion"))
    html = client.get("/progress").data
    assert b'<dd id="cards-new">4</dd>' in html
    assert b'<dd id="cards-learning">2</dd>' in html
    assert b'<dd id="cards-review">0</dd>' in html
    assert b'<dd id="reviews-today">2</dd>' in html
    assert b'<dd id="accuracy-7">50%</dd>' in html
