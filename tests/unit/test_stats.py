"""Statistics from hand-built review logs and schedules, with expectations worked out by hand."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from studycards.clock import FrozenClock, StudyDay
from studycards.model import LoggedReview, Rating, Review, Schedule, State
from studycards.scheduling.forgetting_curve import retrievability_at
from studycards.study.session import Session
from studycards.study.stats import (
    DEFAULT_DECAY,
    build_stats,
    compute_stats,
    due_forecast,
    retrievability_histogram,
    review_heatmap,
    stability_histogram,
    state_counts,
    study_days,
    study_streak,
    true_retention,
)
from tests.builders import batch, questions
from tests.unit.collection_helpers import fronts, open_collection

DAY = StudyDay(4, timezone.utc)
NOW = datetime(2026, 3, 4, 12, 0, tzinfo=timezone.utc)
TODAY = date(2026, 3, 4)


def review_state(interval_days: float, reviewed: datetime) -> Schedule:
    """A review card as it stood before an answer: last seen `interval_days` before it was due."""
    last = reviewed - timedelta(days=interval_days)
    return Schedule(
        State.REVIEW, stability=interval_days, difficulty=5.0, due=reviewed, last_review=last
    )


def answer(card: str, rating: Rating, when: datetime, before: Schedule) -> LoggedReview:
    return LoggedReview(
        review=Review(card, rating, when), before=before, after=Schedule(State.REVIEW)
    )


def test_reviews_belong_to_the_study_day_that_was_running() -> None:
    log = [
        answer("a", Rating.GOOD, datetime(2026, 3, 3, 23, 0, tzinfo=timezone.utc), Schedule()),
        # 03:59 is still March 3's study day with a 4 am rollover; 04:00 starts March 4.
        answer("b", Rating.GOOD, datetime(2026, 3, 4, 3, 59, tzinfo=timezone.utc), Schedule()),
        answer("c", Rating.GOOD, datetime(2026, 3, 4, 4, 0, tzinfo=timezone.utc), Schedule()),
    ]
    assert [day for _, day in study_days(log, DAY)] == [
        date(2026, 3, 3),
        date(2026, 3, 3),
        date(2026, 3, 4),
    ]


def test_heatmap_covers_the_past_year_zero_filled() -> None:
    per_day = {TODAY: 2, TODAY - timedelta(days=1): 1, TODAY - timedelta(days=400): 5}
    heatmap = review_heatmap(per_day, TODAY)
    assert len(heatmap) == 365
    assert min(heatmap) == TODAY - timedelta(days=364)
    assert max(heatmap) == TODAY
    assert heatmap[TODAY] == 2
    assert heatmap[TODAY - timedelta(days=1)] == 1
    # The review 400 days ago is outside the year.
    assert sum(heatmap.values()) == 3


@pytest.mark.parametrize(
    ("studied_days_ago", "streak"),
    [
        ((0, 1, 2, 4), 3),  # today, yesterday, the day before; the gap on day 3 ends it
        ((1, 2, 3), 3),  # nothing yet today: the streak still stands until the day ends
        ((2, 3), 0),  # nothing yesterday or today: broken
        ((), 0),
    ],
)
def test_streak_counts_consecutive_study_days(
    studied_days_ago: tuple[int, ...], streak: int
) -> None:
    per_day = {TODAY - timedelta(days=n): 1 for n in studied_days_ago}
    assert study_streak(per_day.__contains__, TODAY) == streak


def test_true_retention_counts_first_review_answers_by_maturity_and_period() -> None:
    today = datetime(2026, 3, 4, 9, 0, tzinfo=timezone.utc)
    yesterday = today - timedelta(days=1)
    ten_days_ago = today - timedelta(days=10)
    log = [
        # Young card (3-day interval) forgotten yesterday.
        answer("young", Rating.AGAIN, yesterday, review_state(3, yesterday)),
        # Young card answered Hard ten days ago: a pass.
        answer("young2", Rating.HARD, ten_days_ago, review_state(5, ten_days_ago)),
        # Mature card (30 days) passed today; its second review today does not count.
        answer("mature", Rating.GOOD, today, review_state(30, today)),
        answer("mature", Rating.AGAIN, today + timedelta(hours=1), review_state(30, today)),
        # A learning card's answer is not a retention measurement.
        answer("new", Rating.AGAIN, today, Schedule(State.LEARNING)),
    ]
    retention = true_retention(study_days(log, DAY), TODAY)
    assert retention["young"] == {
        "today": (0, 0),
        "yesterday": (0, 1),
        "last week": (0, 1),
        "last month": (1, 2),
        "last year": (1, 2),
        "all time": (1, 2),
    }
    assert retention["mature"] == {
        "today": (1, 1),
        "yesterday": (0, 0),
        "last week": (1, 1),
        "last month": (1, 1),
        "last year": (1, 1),
        "all time": (1, 1),
    }


def test_interval_of_exactly_21_days_is_mature() -> None:
    when = datetime(2026, 3, 4, 9, 0, tzinfo=timezone.utc)
    log = [
        answer("a", Rating.GOOD, when, review_state(21, when)),
        answer("b", Rating.GOOD, when, review_state(20.9, when)),
    ]
    retention = true_retention(study_days(log, DAY), TODAY)
    assert retention["mature"]["today"] == (1, 1)
    assert retention["young"]["today"] == (1, 1)


def test_forecast_puts_overdue_cards_today_and_respects_the_rollover() -> None:
    def due(when: datetime, state: State = State.REVIEW) -> Schedule:
        return Schedule(state, stability=5, difficulty=5, due=when, last_review=when)

    schedules = [
        (due(NOW - timedelta(days=3)), False),  # overdue: today
        (due(NOW + timedelta(minutes=10), State.LEARNING), False),  # later today
        (due(datetime(2026, 3, 5, 3, 0, tzinfo=timezone.utc)), False),  # before 4 am: today
        (due(datetime(2026, 3, 5, 10, 0, tzinfo=timezone.utc)), False),  # tomorrow
        (due(NOW + timedelta(days=29)), False),  # the last day shown
        (due(NOW + timedelta(days=40)), False),  # beyond the forecast
        (due(NOW), True),  # suspended: never due
        (Schedule(), False),  # new: not a review
    ]
    forecast = due_forecast(schedules, DAY, TODAY)
    assert len(forecast) == 30
    assert forecast[0] == 3
    assert forecast[1] == 1
    assert forecast[29] == 1
    assert sum(forecast) == 5


def test_counts_put_suspended_cards_only_under_suspended() -> None:
    schedules = [
        (Schedule(), False),
        (Schedule(), False),
        (Schedule(State.LEARNING), False),
        (Schedule(State.REVIEW), False),
        (Schedule(State.REVIEW), True),
        (Schedule(State.RELEARNING), False),
    ]
    assert state_counts(schedules) == {
        "new": 2,
        "learning": 1,
        "relearning": 1,
        "review": 1,
        "suspended": 1,
    }


def test_stability_histogram_buckets_by_lower_bound() -> None:
    schedules = [
        (Schedule(State.REVIEW, stability=0.5), False),
        (Schedule(State.REVIEW, stability=3.0), False),  # 3 days starts the 3–7 bucket
        (Schedule(State.REVIEW, stability=400.0), False),
        (Schedule(), False),  # new: no stability yet
    ]
    histogram = dict(stability_histogram(schedules))
    assert histogram["< 1 day"] == 1
    assert histogram["1–3 days"] == 0
    assert histogram["3–7 days"] == 1
    assert histogram["1–2 years"] == 1
    assert sum(histogram.values()) == 3


def test_retrievability_is_90_percent_after_stability_days() -> None:
    # FSRS defines stability as the time for recall probability to fall to 90%.
    schedule = Schedule(
        State.REVIEW, stability=12.0, difficulty=5.0, last_review=NOW - timedelta(days=12)
    )
    assert retrievability_at(schedule, NOW, DEFAULT_DECAY) == pytest.approx(0.9, abs=1e-9)
    fresh = Schedule(State.REVIEW, stability=12.0, difficulty=5.0, last_review=NOW)
    assert retrievability_at(fresh, NOW, DEFAULT_DECAY) == pytest.approx(1.0)
    assert retrievability_at(Schedule(), NOW, DEFAULT_DECAY) is None
    histogram = dict(retrievability_histogram([(schedule, False), (fresh, False)], NOW))
    # 0.9 exactly falls in the top tenth; 1.0 is capped into it too.
    assert histogram["90–100%"] == 2
    assert sum(histogram.values()) == 2


def test_build_stats_ties_the_parts_together() -> None:
    morning = datetime(2026, 3, 4, 8, 0, tzinfo=timezone.utc)
    log = [
        answer("a", Rating.GOOD, morning - timedelta(days=1), Schedule()),
        answer("a", Rating.GOOD, morning, review_state(1, morning)),
        answer("b", Rating.AGAIN, morning, Schedule()),
    ]
    schedules = [
        (
            Schedule(
                State.REVIEW,
                step=None,
                stability=3.0,
                difficulty=5.0,
                due=morning + timedelta(days=3),
                last_review=morning,
            ),
            False,
        ),
        (
            Schedule(
                State.LEARNING,
                step=0,
                stability=0.2,
                difficulty=7.0,
                due=morning + timedelta(minutes=1),
                last_review=morning,
            ),
            False,
        ),
        (Schedule(), False),
    ]
    stats = build_stats(log, schedules, study_day=DAY, now=NOW)
    assert stats.today == TODAY
    assert stats.reviewed_today == 2
    assert stats.streak == 2
    assert stats.counts["new"] == 1
    assert stats.forecast[0] == 1 and stats.forecast[3] == 1
    rows = stats.retention_rows()
    assert rows["total"]["today"] == (1, 1)
    data = stats.to_json()
    assert data["heatmap"][TODAY.isoformat()] == 2
    assert data["retention"]["young"]["today"] == {"passed": 1, "total": 1}
    assert data["forecast"] == stats.forecast


def test_compute_stats_reads_a_real_collection(tmp_path: Path, clock: FrozenClock) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("q", ("Deck", questions("Deck", 5))))
        session = Session(col, ["Deck"])
        fronts(session, ratings=3, rating=Rating.GOOD)
        stats = compute_stats(col)
        assert stats.today == TODAY
        assert stats.reviewed_today == 3
        assert stats.counts == {
            "new": 2,
            "learning": 3,
            "relearning": 0,
            "review": 0,
            "suspended": 0,
        }
        # Good on a new card moves it to the 10-minute step: due again today.
        assert stats.forecast[0] == 3
        clock.advance(timedelta(days=1))
        tomorrow = compute_stats(col, "Deck")
        assert tomorrow.today == TODAY + timedelta(days=1)
        assert tomorrow.reviewed_today == 0
        assert tomorrow.heatmap[TODAY] == 3
        assert tomorrow.streak == 1
