"""Turn progress figures into the page's SVG charts, each with a one-sentence description.

Presentation only: plain data from the services in, markup from :mod:`quiz.charts` out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from markupsafe import Markup

from quiz import charts
from quiz.bank import cloze_fill
from quiz.days import study_date, zone
from quiz.richtext import plain
from quiz.services.stats.history import Activity, Bucket, Score
from quiz.services.stats.memory import MASTERY_DAYS, KindMastery
from quiz.services.stats.progress import ProgressPage

__all__ = [
    "TimeUnit",
    "accuracy_chart",
    "page_charts",
    "bucket_label",
    "calendar_chart",
    "forecast_chart",
    "mastery_chart",
    "months",
    "plain_prompt",
    "retention_chart",
    "reviews_chart",
    "scores_chart",
    "has_trend",
    "time_spent",
    "time_chart",
    "time_unit",
]

RATINGS = ("Again", "Hard", "Good", "Easy")
#: Periods longer than this many days name months and years under their axis, not days.
LONG_SPAN = 180
#: A trend is drawn through this many quizzes or more, taken on two study days or more.
TREND_QUIZZES = 3


def _day(day: date) -> str:
    return f"{day.day} {day:%b}"


def _tick(day: date, spent: Activity) -> str:
    """An axis label for ``day``: "3 Dec", or "Dec 2025" when the period is long."""
    return f"{day:%b %Y}" if (spent.last - spent.first).days > LONG_SPAN else _day(day)


@dataclass(frozen=True, slots=True)
class TimeUnit:
    """A unit to show durations in: its name on an axis, its symbol after a number, its seconds."""

    name: str
    symbol: str
    seconds: float


SECONDS, MINUTES, HOURS = TimeUnit("seconds", "s", 1), TimeUnit("minutes", "min", 60), TimeUnit("hours", "h", 3600)


def time_unit(peak_seconds: float) -> TimeUnit:
    """Return the unit that gives a duration of ``peak_seconds`` a readable number.

    Seconds below two minutes, minutes below three hours, hours beyond: a day's
    peak then reads between 0 and 120 seconds, 2 and 180 minutes, or 3 hours up.
    """
    if peak_seconds < 120:
        return SECONDS
    return MINUTES if peak_seconds < 3 * 3600 else HOURS


def time_spent(seconds: float) -> str:
    """Return a time spent as people write it: "45 s", "12 min", "1 h 20 min"."""
    whole = math.floor(seconds + 0.5)
    if whole < 60:
        return f"{whole} s"
    minutes = math.floor(seconds / 60 + 0.5)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if minutes else f"{hours} h"


def _amount(value: float) -> str:
    """A number for a tooltip: whole from 10 up, else to one decimal (without a trailing ".0")."""
    if value >= 10 or value == int(value):
        return f"{value:,.0f}"
    return f"{value:.1f}" if value >= 0.1 else f"{value:.2g}"


def bucket_label(bucket: Bucket) -> str:
    """Name a bucket: its day, or its first and last day."""
    if bucket.days == 1:
        return f"{bucket.first:%a} {_day(bucket.first)}"
    last = date.fromordinal(bucket.first.toordinal() + bucket.days - 1)
    return f"{_day(bucket.first)} – {_day(last)}"


def _span(spent: Activity) -> str:
    return f"from {_day(spent.first)} {spent.first.year} to {_day(spent.last)} {spent.last.year}"


def _per_day(spent: Activity) -> str:
    return "" if spent.bucket_days == 1 else f" (daily average over {spent.bucket_days}-day bars)"


def reviews_chart(spent: Activity) -> Markup:
    """Reviews per day, stacked by rating."""
    buckets = spent.buckets
    series = [
        charts.Series(name, [b.tally.ratings[i] / b.days for b in buckets], f"r{i + 1}")
        for i, name in enumerate(RATINGS)
    ]
    busiest = max(buckets, key=lambda b: b.tally.reviews / b.days)
    peak = (
        f" The busiest was {bucket_label(busiest)} with {busiest.tally.reviews} reviews."
        if busiest.tally.reviews
        else ""
    )
    return charts.bar_chart(
        [bucket_label(b) for b in buckets],
        series,
        ticks=[_tick(b.first, spent) for b in buckets],
        chart_id="chart-reviews",
        title="Reviews per day, by rating" + _per_day(spent),
        description=f"{spent.total.reviews} reviews {_span(spent)}.{peak}",
        whole=spent.bucket_days == 1,
    )


def time_chart(spent: Activity) -> Markup:
    """Time spent answering per day, in seconds, minutes or hours as the busiest day needs."""
    per_day = [b.tally.seconds / b.days for b in spent.buckets]
    unit = time_unit(max(per_day, default=0.0))
    return charts.bar_chart(
        [bucket_label(b) for b in spent.buckets],
        [charts.Series("Time", [s / unit.seconds for s in per_day], "time")],
        ticks=[_tick(b.first, spent) for b in spent.buckets],
        chart_id="chart-time",
        title=f"Time per day, in {unit.name}" + _per_day(spent),
        description=f"{time_spent(spent.total.seconds)} answering questions {_span(spent)}.",
        unit=f" {unit.symbol}",
        number=_amount,
        whole=False,
        y_label=unit.name,
    )


def _share_points(spent: Activity, attribute: str) -> list[charts.Point]:
    points = []
    for i, bucket in enumerate(spent.buckets):
        value = getattr(bucket.tally, attribute)
        label = f"{bucket_label(bucket)}: {value:.0%}" if value is not None else ""
        points.append(charts.Point(i + 0.5, value, label))
    return points


def _bucket_ticks(spent: Activity) -> list[tuple[float, str]]:
    n = len(spent.buckets)
    picks = sorted({0, n // 2, n - 1}) if n > 2 else list(range(n))
    return [(i + 0.5, _tick(spent.buckets[i].first, spent)) for i in picks]


def accuracy_chart(spent: Activity) -> Markup:
    """Share of answers right, per day or week."""
    return charts.line_chart(
        _share_points(spent, "accuracy"),
        x_range=(0, len(spent.buckets)),
        x_ticks=_bucket_ticks(spent),
        chart_id="chart-accuracy",
        title="Accuracy over time",
        description=f"Share of answers right {_span(spent)}: "
        + (f"{spent.total.accuracy:.0%} overall." if spent.total.accuracy is not None else "no reviews yet."),
    )


def retention_chart(spent: Activity, target: float) -> Markup:
    """True retention of mature cards, against the learner's desired retention."""
    overall = spent.total.retention
    return charts.line_chart(
        _share_points(spent, "retention"),
        x_range=(0, len(spent.buckets)),
        x_ticks=_bucket_ticks(spent),
        chart_id="chart-retention",
        title="True retention against your target",
        description=(
            f"Share of reviews of mature cards passed {_span(spent)}: "
            + (f"{overall:.0%}" if overall is not None else "no mature card reviewed yet")
            + f"; your target is {target:.0%}."
        ),
        target=target,
    )


def has_trend(scores: Sequence[Score], tz: str, hour: int = 4) -> bool:
    """Whether the quiz scores chart draws a trend: :data:`TREND_QUIZZES` quizzes or more, on two study days or more."""
    return len(scores) >= TREND_QUIZZES and len({study_date(s.finished_at, tz, hour) for s in scores}) >= 2


def scores_chart(
    scores: Sequence[Score], spent: Activity, since: datetime, until: datetime, tz: str, hour: int = 4
) -> Markup:
    """Each quiz finished in the period as a point, with the least-squares trend once there is one.

    A trend needs :data:`TREND_QUIZZES` quizzes or more on two study days or more:
    a line through the quizzes of one afternoon would say nothing about progress.

    Args:
        scores: The finished attempts, oldest first.
        spent: The period's activity (for its first and last day).
        since: When the period's first study day starts.
        until: When its last study day ends.
        tz: The learner's time zone, for the dates in tooltips.
        hour: The hour the learner's study day starts.
    """
    points = []
    for s in scores:
        local = s.finished_at.astimezone(zone(tz))
        label = f"{_day(local.date())} {local:%H:%M}: {s.score} of {s.length} ({s.share:.0%}), {s.deck}"
        points.append(charts.Point(s.finished_at.timestamp(), s.share, label))
    trend = has_trend(scores, tz, hour)
    if scores:
        average = sum(s.share for s in scores) / len(scores)
        direction = ""
        fit = charts.linear_trend([(p.x, p.y) for p in points if p.y is not None]) if trend else None
        if fit is not None and fit[0]:
            direction = " The trend is rising." if fit[0] > 0 else " The trend is falling."
        quizzes = "1 quiz" if len(scores) == 1 else f"{len(scores)} quizzes"
        summary = f"{quizzes} finished {_span(spent)}, {average:.0%} on average.{direction}"
    else:
        summary = f"No quiz finished {_span(spent)}."
    low, high = since.timestamp(), until.timestamp()
    if spent.first == spent.last:
        ticks = [((low + high) / 2, f"{spent.first:%a} {_day(spent.first)}")]
    else:
        ticks = [(low, _tick(spent.first, spent)), (high, _tick(spent.last, spent))]
    return charts.line_chart(
        points,
        x_range=(low, high),
        x_ticks=ticks,
        chart_id="chart-scores",
        title="Quiz scores",
        description=summary,
        connect=False,
        trend=trend,
    )


def forecast_chart(forecast: Sequence[tuple[date, int]]) -> Markup:
    """Cards falling due on each of the coming days (today includes overdue cards)."""
    total = sum(n for _, n in forecast)
    return charts.bar_chart(
        ["Today" if i == 0 else f"{d:%a} {_day(d)}" for i, (d, _) in enumerate(forecast)],
        [charts.Series("Due", [n for _, n in forecast], "due")],
        ticks=["Today" if i == 0 else _day(d) for i, (d, _) in enumerate(forecast)],
        chart_id="chart-forecast",
        title=f"Cards due in the next {len(forecast)} days",
        description=(
            f"{total} cards fall due over the next {len(forecast)} days, {forecast[0][1] if forecast else 0} today."
        ),
    )


def mastery_chart(kinds: Sequence[KindMastery]) -> Markup:
    """Share of each kind's questions mastered (stability of :data:`MASTERY_DAYS` days or more)."""
    return charts.meter_chart(
        [(k.kind, k.share) for k in kinds],
        chart_id="chart-mastery",
        title="Mastery by kind",
        description=f"Share of the questions of each kind you have mastered (a stability of {MASTERY_DAYS} days "
        "or more): " + "; ".join(f"{k.kind} {k.mastered} of {k.questions}" for k in kinds) + ".",
    )


def calendar_chart(days: dict[date, int], first: date, last: date) -> Markup:
    """The study calendar of the last year."""
    studied = sum(1 for d, n in days.items() if n and first <= d <= last)
    return charts.calendar_heatmap(
        days,
        first=first,
        last=last,
        chart_id="chart-calendar",
        title="Study days",
        description=f"You studied on {studied} of the {(last - first).days + 1} days since {_day(first)} {first.year}.",
    )


def page_charts(page: ProgressPage, tz: str, hour: int = 4) -> dict[str, Markup]:
    """Return every chart of the progress page, by name (``tz`` and ``hour`` define the learner's study days)."""
    spent = page.activity
    return {
        "reviews": reviews_chart(spent),
        "time": time_chart(spent),
        "accuracy": accuracy_chart(spent),
        "retention": retention_chart(spent, page.target),
        "scores": scores_chart(page.scores, spent, page.since, page.until, tz, hour),
        "forecast": forecast_chart(page.overview.forecast),
        "mastery": mastery_chart(page.mastery),
        "calendar": calendar_chart(page.calendar, page.calendar_first, spent.last),
    }


def months(days: dict[date, int]) -> list[tuple[date, int, int]]:
    """Return ``(first of month, days studied, reviews)`` for each month with a study day, newest first."""
    totals: dict[date, list[int]] = {}
    for day, count in days.items():
        if count:
            month = totals.setdefault(day.replace(day=1), [0, 0])
            month[0] += 1
            month[1] += count
    return [(month, n_days, n_reviews) for month, (n_days, n_reviews) in sorted(totals.items(), reverse=True)]


def plain_prompt(prompt: str) -> str:
    """Return a prompt as plain text: a cloze's gaps filled with their first answers, without Markdown marks."""
    return plain(cloze_fill(prompt, lambda answer: answer))
