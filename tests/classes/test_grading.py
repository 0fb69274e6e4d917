"""The pure part of classes: join codes, the completion rule, gradebook CSV rows (no app)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from quiz.grading import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Goal,
    Progress,
    csv_document,
    csv_header,
    csv_row,
    format_code,
    new_code,
    normalize_code,
    safe_cell,
    status,
)


def test_codes_are_random_readable_and_typed_back_in_any_form():
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)
    code = next(iter(codes))
    shown = format_code(code)
    assert shown == f"{code[:5]}-{code[5:]}"
    assert normalize_code(shown.lower()) == code
    assert normalize_code(f"  {code[:3]} {code[3:]} ") == code
    assert normalize_code(code[:-1]) == ""  # too short
    assert normalize_code(code[:-1] + "0") == ""  # 0 is not in the alphabet
    assert normalize_code("") == ""


def test_studied_goal_needs_every_card():
    goal = Goal(require_studied=True, quiz_length=None)
    assert not status(goal, Progress(cards=5, studied=4)).done
    assert status(goal, Progress(cards=5, studied=5)).done
    assert not status(goal, Progress(cards=0, studied=0)).done  # no cards: nothing to study, not done


def test_quiz_goal_needs_the_pass_mark_on_the_best_attempt():
    goal = Goal(require_studied=False, quiz_length=20, pass_percent=85)
    assert not status(goal, Progress(cards=30, studied=30)).done  # studied, no quiz
    assert not status(goal, Progress(cards=30, best_score=84.9)).done
    assert status(goal, Progress(cards=30, best_score=85.0)).done


def test_both_goals_need_both():
    goal = Goal(require_studied=True, quiz_length=20, pass_percent=85)
    assert not status(goal, Progress(cards=3, studied=3, best_score=50.0)).done
    assert not status(goal, Progress(cards=3, studied=2, best_score=100.0)).done
    found = status(goal, Progress(cards=3, studied=3, best_score=90.0))
    assert found.done and found.studied_met and found.quiz_met
    assert Goal().describe() == "Every card studied at least once and a quiz of 20 with at least 85% right"


def test_cells_that_a_spreadsheet_would_run_are_defused():
    assert safe_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    for text in ("+1", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(text).startswith("'")
    assert safe_cell("ada") == "ada"
    assert safe_cell(-3) == "-3"  # a number stays a number
    assert safe_cell(None) == ""


def test_csv_rows_line_up_with_the_header_and_round_trip():
    goal = Goal()
    header = csv_header(["Week 1", "=cmd"])
    done = status(goal, Progress(cards=4, studied=4, best_score=92.5))
    untouched = status(goal, Progress(cards=4))
    at = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)
    rows = [
        csv_row(7, "=ada", "=ada", [done, untouched], at),
        csv_row(8, 'bob "the, quick"', 'bob "the, quick"', [untouched, done], None),
    ]
    assert header[:3] == ["user_id", "username", "display_name"]
    assert header[3:6] == ["Week 1 (score)", "Week 1 (studied %)", "Week 1 (done)"]
    assert header[6] == "'=cmd (score)"
    text = csv_document(header, rows)
    assert text.count("\r\n") == 3 and not text.startswith("\ufeff")
    assert '"bob ""the, quick"""' in text  # RFC 4180 quoting
    back = list(csv.reader(io.StringIO(text)))
    assert all(len(row) == len(header) for row in back)
    assert back[1] == ["7", "'=ada", "'=ada", "92.5", "100", "yes", "", "0", "no", "2026-12-02T09:30:00Z"]
    assert back[2][3:6] == ["", "0", "no"]  # no attempt: an empty score
