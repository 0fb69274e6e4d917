"""The card browser, and the actions on cards (from the browser and from the study page)."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from quiz.cards.forms import ActionForm, SearchForm
from quiz.models import utcnow
from quiz.scheduling import format_interval
from quiz.services.learning import browser, holds
from quiz.services.learning.options import choices

bp = Blueprint("cards", __name__)


@bp.app_template_filter("due_label")
def due_label(due: datetime) -> str:
    """When a card is due, from now: "now", "in 10 min", "in 3 d"."""
    wait = due - utcnow()
    return "now" if wait.total_seconds() <= 0 else f"in {format_interval(wait)}"


def _search(deck: str | None, tag: str | None, state: str | None, text: str | None) -> browser.Search:
    """The search the form's fields describe; a value that names nothing is left out."""
    return browser.Search(
        text=(text or "").strip()[: browser.MAX_TEXT],
        deck_id=int(deck) if deck and deck.isdigit() and len(deck) < 10 else None,
        tag=tag[:100] if tag else None,
        state=state if state in browser.STATES else None,
    )


@bp.get("/cards")
@login_required
def index() -> str:
    """List the learner's cards matching a search, a page at a time, with actions on those ticked."""
    form = SearchForm(request.args)
    form.validate()
    found = _search(form.deck.data, form.tag.data, form.state.data if not form.state.errors else None, form.q.data)
    page = browser.search(current_user, found, utcnow(), page=(form.page.data or 1) if not form.page.errors else 1)
    listed = choices()
    form.deck.choices = [("", "Any deck"), *((str(i), title) for i, title in listed.decks)]
    form.tag.choices = [("", "Any tag"), *((t, t) for t in listed.tags)]
    return render_template("cards/index.html", form=form, page=page, actions=ActionForm(formdata=None))


def _back(target: str | None) -> str:
    """The page an action returns to: the browser or the study page, never elsewhere."""
    if target and (target == "/study" or target == "/cards" or target.startswith("/cards?")) and "\\" not in target:
        return target
    return url_for("cards.index")


@bp.post("/cards/act")
@login_required
def act() -> Response:
    """Suspend, unsuspend, bury, unbury or forget the cards ticked (or every card of the search)."""
    form = ActionForm()
    if not form.validate_on_submit():
        flash("Choose an action for the cards you selected.", "error")
        return redirect(_back(form.next.data), 303)
    every = _search(form.deck.data, form.tag.data, form.state.data, form.q.data) if form.every.data else None
    changed = browser.act(current_user, form.action.data, form.ids.data, every, utcnow())
    if changed is None:
        flash("Select the cards first: tick them in the list.", "error")
    else:
        flash(f"{changed} card{'' if changed == 1 else 's'} {holds.ACTIONS[form.action.data]}.", "success")
    return redirect(_back(form.next.data), 303)
