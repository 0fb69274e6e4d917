"""Learners with histories built through the services at explicit times, and a second, tagged deck."""

from __future__ import annotations

import textwrap
from typing import Any

import pytest
from flask import Flask

from tests.progress.conftest import History

SECOND_DECK = textwrap.dedent(
    """\
    deck:
      id: history
      title: Sylvanian history
    questions:
      - id: war-end
        type: short
        kind: date
        prompt: In what year did the Sylvanian war end?
        answer: "1933"
        tags: [war, dates]
      - id: army-leader
        type: short
        kind: name
        prompt: Who led Sylvania's army in the war?
        answer: Trentino
        tags: [war]
      - id: peace-city
        type: short
        kind: name
        prompt: In which city was the Sylvanian peace signed?
        answer: Ravel
        tags: [treaties]
    """
)


@pytest.fixture
def history(app: Flask, quizzer: Any) -> History:
    """History builder on the test app's database."""
    return History(app, quizzer.right)


@pytest.fixture
def second_deck(runner, tmp_path) -> None:
    """Import a second deck whose questions carry tags (the small bank's deck stays)."""
    folder = tmp_path / "second"
    folder.mkdir()
    (folder / "history.yaml").write_text(SECOND_DECK)
    result = runner.invoke(args=["bank", "import", str(folder)])
    assert result.exit_code == 0, result.output
