"""The optimizer: training items built as Anki builds them, and a fit that finds real signal."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import fsrs
import pytest
from fsrs_rs_python import FSRSItem

from bench.synthetic import HIDDEN_PARAMETERS, synthetic_log
from studycards.clock import StudyDay
from studycards.model import LoggedReview, Rating, Review, Schedule, State
from studycards.options import DEFAULT_PARAMETERS
from studycards.scheduling.optimizer import (
    MIN_REVIEWS,
    NotEnoughHistoryError,
    optimize,
    training_set,
)

UTC_4AM = StudyDay(4, timezone.utc)
MONDAY = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


def logged(card: str, rating: int, when: datetime, before: State = State.REVIEW) -> LoggedReview:
    return LoggedReview(
        review=Review(card, Rating(rating), when),
        before=Schedule(before),
        after=Schedule(State.REVIEW),
    )


def pairs(item: FSRSItem) -> list[tuple[int, int]]:
    """(rating, delta_t) of each review; fsrs-rs-python exposes them only through repr."""
    found = re.findall(r"rating: (\d+), delta_t: (\d+)", repr(item.reviews))
    return [(int(rating), int(delta)) for rating, delta in found]


def test_items_are_the_prefixes_that_end_on_a_later_day() -> None:
    log = [
        logged("a", 1, MONDAY, State.NEW),
        logged("a", 3, MONDAY + timedelta(minutes=10), State.LEARNING),
        logged("a", 3, MONDAY + timedelta(days=2)),
        logged("a", 1, MONDAY + timedelta(days=2, hours=1)),
        logged("a", 3, MONDAY + timedelta(days=5)),
    ]
    data = training_set(log, UTC_4AM)
    # The same-day reviews stay in the history but never end an item (nothing to predict).
    assert [pairs(item) for item in data.items] == [
        [(1, 0), (3, 0), (3, 2)],
        [(1, 0), (3, 0), (3, 2), (1, 0), (3, 3)],
    ]
    assert data.card_ids == [data.card_ids[0]] * 2


def test_elapsed_days_count_rollovers_not_24_hour_periods() -> None:
    evening = datetime(2026, 3, 2, 23, 0, tzinfo=timezone.utc)
    log = [
        logged("late", 3, evening, State.NEW),
        # 03:00 is still the evening's study day; 05:00 is the next one.
        logged("late", 3, evening + timedelta(hours=4)),
        logged("late", 3, evening + timedelta(hours=6)),
    ]
    data = training_set(log, UTC_4AM)
    assert [pairs(item) for item in data.items] == [[(3, 0), (3, 0), (3, 1)]]


def test_history_starts_at_the_last_new_card_review_and_needs_one() -> None:
    log = [
        # Imported mid-history: no review as a new card, so nothing to learn the start from.
        logged("cut", 3, MONDAY),
        logged("cut", 3, MONDAY + timedelta(days=3)),
        logged("reset", 1, MONDAY, State.NEW),
        logged("reset", 3, MONDAY + timedelta(days=1)),
        # Reset to new and learned again: only the second life counts.
        logged("reset", 4, MONDAY + timedelta(days=4), State.NEW),
        logged("reset", 3, MONDAY + timedelta(days=10)),
    ]
    data = training_set(log, UTC_4AM)
    assert [pairs(item) for item in data.items] == [[(1, 0), (3, 1)], [(4, 0), (3, 6)]]
    # Two lives of one card are two recurrences: they must not share a card id.
    assert data.card_ids[0] != data.card_ids[1]


def test_a_log_out_of_time_order_gives_the_same_items() -> None:
    log = synthetic_log(50, 6)
    shuffled = log[::2] + log[1::2]
    ordered = training_set(log, UTC_4AM)
    again = training_set(shuffled, UTC_4AM)
    assert [pairs(item) for item in again.items] == [pairs(item) for item in ordered.items]
    assert again.card_ids == ordered.card_ids


def test_too_little_history_says_how_many_reviews_are_needed() -> None:
    log = synthetic_log(30, 5)
    have = len(training_set(log).items)
    with pytest.raises(NotEnoughHistoryError) as raised:
        optimize(log, DEFAULT_PARAMETERS)
    assert raised.value.have == have
    assert raised.value.needed == MIN_REVIEWS
    assert f"at least {MIN_REVIEWS} reviews" in str(raised.value)
    assert f"the log has {have}" in str(raised.value)


def test_fit_to_a_learner_unlike_the_defaults_improves_log_loss_and_rmse() -> None:
    log = synthetic_log(1500, 10)
    result = optimize(log, DEFAULT_PARAMETERS, study_day=UTC_4AM)
    assert result.improved
    assert result.log_loss_after < result.log_loss_before
    assert result.rmse_after < result.rmse_before
    assert result.reviews_used == len(training_set(log, UTC_4AM).items)
    # The first-Good stability (w2) moves from the default toward the hidden learner's.
    assert abs(result.params[2] - HIDDEN_PARAMETERS[2]) < abs(
        DEFAULT_PARAMETERS[2] - HIDDEN_PARAMETERS[2]
    )
    # py-fsrs schedules with these next: it rejects out-of-bounds values, fsrs-rs only clips.
    fsrs.Scheduler(parameters=result.params)


def test_scoring_the_fitted_parameters_again_reproduces_their_score() -> None:
    log = synthetic_log(800, 10)
    first = optimize(log, [], study_day=UTC_4AM)
    second = optimize(log, first.params, study_day=UTC_4AM)
    assert second.log_loss_before == pytest.approx(first.log_loss_after, abs=1e-6)
    assert second.rmse_before == pytest.approx(first.rmse_after, abs=1e-6)
