"""Turn progress figures into the page's SVG charts, each with a one-sentence description.

Presentation only: plain data from the services in, markup from :mod:`quiz.charts` out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from markupsafe import Markup

from quiz import charts
from quiz.bank import cloze_fill
from quiz.days import zone
from quiz.richtext import plain
from quiz.services.stats.history import Activity, Bucket, Score
from quiz.services.stats.memory import KindMastery
from quiz.services.stats.progress import ProgressPage

__all__ = [
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
    "time_chart",
]

RATINGS = ("Again", "Hard", "Good", "Easy")


def _day(day: date) -> str:
    return f"{day.day} {day:%b}"


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
        ticks=[_day(b.first) for b in buckets],
        chart_id="chart-reviews",
        title="Reviews per day, by rating" + _per_day(spent),
        description=f"{spent.total.reviews} reviews {_span(spent)}.{peak}",
        whole=spent.bucket_days == 1,
    )


def time_chart(spent: Activity) -> Markup:
    """Minutes spent answering per day."""
    minutes = [b.tally.seconds / 60 / b.days for b in spent.buckets]
    return charts.bar_chart(
        [bucket_label(b) for b in spent.buckets],
        [charts.Series("Time", minutes, "time")],
        ticks=[_day(b.first) for b in spent.buckets],
        chart_id="chart-time",
        title="Minutes per day" + _per_day(spent),
        description=f"{spent.total.seconds / 60:.0f} minutes answering questions {_span(spent)}.",
        unit=" min",
        whole=False,
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
    return [(i + 0.5, _day(spent.buckets[i].first)) for i in picks]


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


def scores_chart(scores: Sequence[Score], spent: Activity, since: datetime, until: datetime, tz: str) -> Markup:
    """Each quiz finished in the period as a point, with the least-squares trend.

    Args:
        scores: The finished attempts, oldest first.
        spent: The period's activity (for its first and last day).
        since: When the period's first study day starts.
        until: When its last study day ends.
        tz: The learner's time zone, for the dates in tooltips.
    """
    points = []
    for s in scores:
        local = s.finished_at.astimezone(zone(tz))
        label = f"{_day(local.date())} {local:%H:%M}: {s.score} of {s.length} ({s.share:.0%}), {s.deck}"
        points.append(charts.Point(s.finished_at.timestamp(), s.share, label))
    if scores:
        average = sum(s.share for s in scores) / len(scores)
        fit = charts.linear_trend([(p.x, p.y) for p in points if p.y is not None])
        direction = ""
        if fit is not None and fit[0]:
            direction = " The trend is rising." if fit[0] > 0 else " The trend is falling."
        summary = f"{len(scores)} quizzes finished {_span(spent)}, {average:.0%} on average.{direction}"
    else:
        summary = f"No quiz finished {_span(spent)}."
    return charts.line_chart(
        points,
        x_range=(since.timestamp(), until.timestamp()),
        x_ticks=[(since.timestamp(), _day(spent.first)), (until.timestamp(), _day(spent.last))],
        chart_id="chart-scores",
        title="Quiz scores",
        description=summary,
        connect=False,
        trend=True,
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


def mastery_chart(kinds: Sequence[KindMastery], target: float) -> Markup:
    """Share of each kind's questions predicted to be recalled at or above the target."""
    return charts.meter_chart(
        [(k.kind, k.share) for k in kinds],
        chart_id="chart-mastery",
        title="Mastery by kind",
        description=f"Share of questions of each kind you would now recall with at least {target:.0%} "
        "probability: " + "; ".join(f"{k.kind} {k.mastered} of {k.questions}" for k in kinds) + ".",
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


def page_charts(page: ProgressPage, tz: str) -> dict[str, Markup]:
    """Return every chart of the progress page, by name."""
    spent = page.activity
    return {
        "reviews": reviews_chart(spent),
        "time": time_chart(spent),
        "accuracy": accuracy_chart(spent),
        "retention": retention_chart(spent, page.target),
        "scores": scores_chart(page.scores, spent, page.since, page.until, tz),
        "forecast": forecast_chart(page.overview.forecast),
        "mastery": mastery_chart(page.mastery, page.target),
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
