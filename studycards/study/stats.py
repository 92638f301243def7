"""Statistics like Anki's: review calendar, due forecast, true retention, counts, memory.

Pure functions over the review log and the card schedules, and `compute_stats`, the thin
wrapper that reads them from a collection. The CLI and the stats screen draw the result.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from studycards.clock import StudyDay
from studycards.model import LoggedReview, Rating, Schedule, State
from studycards.options import DEFAULT_PARAMETERS
from studycards.scheduling.forgetting_curve import retrievability_at

if TYPE_CHECKING:
    from studycards.collection import Collection

# Anki calls a card mature once its interval reaches 21 days.
MATURE_DAYS = 21
HEATMAP_DAYS = 365
FORECAST_DAYS = 30
# Anki's true retention table: the period name and how many study days back it reaches
# (today included); None = all time.
RETENTION_PERIODS: tuple[tuple[str, int | None], ...] = (
    ("today", 1),
    ("yesterday", 2),
    ("last week", 7),
    ("last month", 30),
    ("last year", 365),
    ("all time", None),
)
# FSRS-6's default decay (w20), for when the decks in view disagree.
DEFAULT_DECAY = DEFAULT_PARAMETERS[20]

_STABILITY_BUCKETS: tuple[tuple[str, float], ...] = (
    ("< 1 day", 1),
    ("1–3 days", 3),
    ("3–7 days", 7),
    ("1–2 weeks", 14),
    ("2–4 weeks", 30),
    ("1–3 months", 91),
    ("3–6 months", 182),
    ("6–12 months", 365),
    ("1–2 years", 730),
    ("2+ years", float("inf")),
)

Tally = tuple[int, int]  # (passed, total)


@dataclass(frozen=True)
class Stats:
    """Everything the stats pictures need, for one deck (with subdecks) or all decks."""

    today: date
    heatmap: dict[date, int]
    forecast: list[int]
    # retention[kind][period] = (passed, total); kind "young" or "mature".
    retention: dict[str, dict[str, Tally]]
    counts: dict[str, int]
    stability_histogram: list[tuple[str, int]]
    retrievability_histogram: list[tuple[str, int]]
    streak: int
    reviewed_today: int

    def retention_rows(self) -> dict[str, dict[str, Tally]]:
        """Young, mature and their total, each by period, as Anki's table shows them."""
        total = {
            period: (
                self.retention["young"][period][0] + self.retention["mature"][period][0],
                self.retention["young"][period][1] + self.retention["mature"][period][1],
            )
            for period, _ in RETENTION_PERIODS
        }
        return {**self.retention, "total": total}

    def to_json(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "reviewed_today": self.reviewed_today,
            "streak": self.streak,
            "heatmap": {day.isoformat(): count for day, count in sorted(self.heatmap.items())},
            "forecast": list(self.forecast),
            "retention": {
                kind: {
                    period: {"passed": passed, "total": total}
                    for period, (passed, total) in periods.items()
                }
                for kind, periods in self.retention_rows().items()
            },
            "counts": dict(self.counts),
            "stability_histogram": [
                {"bucket": label, "cards": count} for label, count in self.stability_histogram
            ],
            "retrievability_histogram": [
                {"bucket": label, "cards": count} for label, count in self.retrievability_histogram
            ],
        }


def study_days(
    log: Iterable[LoggedReview], study_day: StudyDay
) -> Iterator[tuple[LoggedReview, date]]:
    """Each review with the study day it belongs to.

    A time-ordered log changes day only at a rollover, so the day is looked up once per
    rollover crossed rather than once per review.
    """
    day = date.min
    starts = ends = datetime.min.replace(tzinfo=timezone.utc)
    for logged in log:
        when = logged.review.reviewed_at
        if not starts <= when < ends:
            day = study_day.day_of(when)
            starts = study_day.start(day)
            ends = study_day.start(day + timedelta(days=1))
        yield logged, day


def review_heatmap(
    days: Mapping[date, int], today: date, length: int = HEATMAP_DAYS
) -> dict[date, int]:
    """Reviews per study day for the `length` days ending today, zero-filled."""
    first = today - timedelta(days=length - 1)
    return {
        first + timedelta(days=n): days.get(first + timedelta(days=n), 0) for n in range(length)
    }


def study_streak(studied: Callable[[date], bool], today: date) -> int:
    """Consecutive study days with a review (`studied` says which), ending today, or
    yesterday if today has none yet (a streak is not broken before the day is over)."""
    day = today if studied(today) else today - timedelta(days=1)
    streak = 0
    while studied(day):
        streak += 1
        day -= timedelta(days=1)
    return streak


def true_retention(
    log: Iterable[tuple[LoggedReview, date]], today: date
) -> dict[str, dict[str, Tally]]:
    """Anki's true retention: of review-state cards, the share answered Hard or better.

    Only a card's first review of a study day counts (a same-day repeat measures nothing new);
    a card is mature when the interval it was reviewed at is 21 days or more. The log is in
    time order, so remembering each card's last counted day is enough to spot repeats.
    """
    tallies = {
        kind: {period: [0, 0] for period, _ in RETENTION_PERIODS} for kind in ("young", "mature")
    }
    counted: dict[str, date] = {}
    for logged, day in log:
        if logged.before.state != State.REVIEW:
            continue
        card = logged.review.card_id
        if counted.get(card) == day:
            continue
        counted[card] = day
        kind = "mature" if _interval_days(logged.before) >= MATURE_DAYS else "young"
        passed = logged.review.rating != Rating.AGAIN
        age = (today - day).days
        for period, reach in RETENTION_PERIODS:
            in_period = age == 1 if period == "yesterday" else reach is None or 0 <= age < reach
            if in_period:
                tally = tallies[kind][period]
                tally[0] += passed
                tally[1] += 1
    return {
        kind: {period: (tally[0], tally[1]) for period, tally in periods.items()}
        for kind, periods in tallies.items()
    }


def due_forecast(
    schedules: Iterable[tuple[Schedule, bool]],
    study_day: StudyDay,
    today: date,
    length: int = FORECAST_DAYS,
) -> list[int]:
    """Cards due on each of the next `length` study days; day 0 (today) includes overdue
    cards. New and suspended cards are not due on any day."""
    due = [0] * length
    for schedule, suspended in schedules:
        if suspended or schedule.state == State.NEW or schedule.due is None:
            continue
        offset = max(0, (study_day.day_of(schedule.due) - today).days)
        if offset < length:
            due[offset] += 1
    return due


def state_counts(schedules: Iterable[tuple[Schedule, bool]]) -> dict[str, int]:
    """Cards by state; suspended cards count only as suspended, as in Anki's card counts."""
    counts = {"new": 0, "learning": 0, "relearning": 0, "review": 0, "suspended": 0}
    for schedule, suspended in schedules:
        counts["suspended" if suspended else schedule.state.label] += 1
    return counts


def stability_histogram(schedules: Iterable[tuple[Schedule, bool]]) -> list[tuple[str, int]]:
    """Cards by stability (days until recall falls to 90%); new cards have none."""
    counts = Counter[str]()
    for schedule, _ in schedules:
        if schedule.stability is None:
            continue
        for label, upper in _STABILITY_BUCKETS:
            if schedule.stability < upper:
                counts[label] += 1
                break
    return [(label, counts[label]) for label, _ in _STABILITY_BUCKETS]


def retrievability_histogram(
    schedules: Iterable[tuple[Schedule, bool]], now: datetime, decay: float = DEFAULT_DECAY
) -> list[tuple[str, int]]:
    """Cards by current retrievability in tenths: 0–10% … 90–100%."""
    counts = [0] * 10
    for schedule, _ in schedules:
        value = retrievability_at(schedule, now, decay)
        if value is not None:
            counts[min(9, int(value * 10))] += 1
    return [(f"{tenth * 10}–{tenth * 10 + 10}%", count) for tenth, count in enumerate(counts)]


def build_stats(
    log: Iterable[LoggedReview],
    schedules: Sequence[tuple[Schedule, bool]],
    *,
    study_day: StudyDay,
    now: datetime,
    decay: float = DEFAULT_DECAY,
) -> Stats:
    """All statistics from a time-ordered review log and the current schedules."""
    today = study_day.day_of(now)
    per_day = Counter[date]()

    def counting() -> Iterator[tuple[LoggedReview, date]]:
        # One pass over the log feeds both the calendar and the retention table.
        for logged, day in study_days(log, study_day):
            per_day[day] += 1
            yield logged, day

    retention = true_retention(counting(), today)
    return Stats(
        today=today,
        heatmap=review_heatmap(per_day, today),
        forecast=due_forecast(schedules, study_day, today),
        retention=retention,
        counts=state_counts(schedules),
        stability_histogram=stability_histogram(schedules),
        retrievability_histogram=retrievability_histogram(schedules, now, decay),
        streak=study_streak(lambda day: per_day[day] > 0, today),
        reviewed_today=per_day.get(today, 0),
    )


def compute_stats(
    col: Collection, deck: str | None = None, *, now: datetime | None = None
) -> Stats:
    """Statistics of `deck` and its subdecks (all decks when None) at `now` (the
    collection's clock when None)."""
    schedules = [(schedule, suspended) for _, schedule, suspended in col.schedules(deck)]
    # Retrievability depends on the decay parameter (w20) of each card's preset; when the
    # decks in view disagree, FSRS-6's default stands in for all of them.
    decays = {col.preset_of(name).parameters[20] for name in ([deck] if deck else col.decks())}
    decay = decays.pop() if len(decays) == 1 else DEFAULT_DECAY
    return build_stats(
        col.review_log(deck),
        schedules,
        study_day=col.study_day,
        now=now or col.clock(),
        decay=decay,
    )


def _interval_days(schedule: Schedule) -> float:
    if schedule.due is None or schedule.last_review is None:
        return 0.0
    return (schedule.due - schedule.last_review).total_seconds() / 86400
