"""Fit FSRS parameters to a review log with fsrs-rs-python, the Rust FSRS that Anki uses.

The training items are built the way Anki builds them: per card, in time order, from the
card's last start as a new card; one item per review that came on a later study day than the
previous one, holding every review up to it (the last review is the label). Elapsed time is
counted in study days, so a review at 1 am still belongs to the evening before.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from studycards.clock import StudyDay
from studycards.errors import StudycardsError
from studycards.model import LoggedReview, State

if TYPE_CHECKING:
    from fsrs_rs_python import FSRSItem

# Anki asks for 400 training items before it calls a fit worthwhile (rslib's compute_params:
# "less than 400 items - the caller should check the fsrs_items count").
MIN_REVIEWS = 400

# fsrs-rs computes in f32: 0.8 comes back as 0.800000011920929, which py-fsrs rejects as out
# of bounds. Six decimals keep every value the Rust side chose and land bounds exactly.
_DECIMALS = 6
_ONE_DAY = timedelta(days=1)


class NotEnoughHistoryError(StudycardsError):
    """The log has too few reviews on later days to fit parameters to."""

    def __init__(self, have: int, needed: int = MIN_REVIEWS) -> None:
        super().__init__(
            f"optimizing needs at least {needed} reviews made a day or more after the card's "
            f"previous review; the log has {have}, so study about {needed - have} more first"
        )
        self.have = have
        self.needed = needed


@dataclass(frozen=True, slots=True, kw_only=True)
class OptimizeResult:
    """The fitted parameters and how well each set predicts the log (lower is better).

    `params` are the fitted ones; `improved` says whether they predict the log better than
    `current` (lower log loss, Anki's test before it keeps new parameters), which is when a
    caller should save them.
    """

    params: tuple[float, ...]
    current: tuple[float, ...]
    log_loss_before: float
    log_loss_after: float
    rmse_before: float
    rmse_after: float
    reviews_used: int
    improved: bool

    @property
    def in_force(self) -> tuple[float, ...]:
        """The parameters to schedule with from now on: the fitted ones if they are better."""
        return self.params if self.improved else self.current


@dataclass(frozen=True, slots=True)
class TrainingSet:
    """FSRS items with the integer id of the card each came from (for `card_ids=`)."""

    items: list[FSRSItem]
    card_ids: list[int]


def training_set(log: Iterable[LoggedReview], study_day: StudyDay | None = None) -> TrainingSet:
    """The training items of a review log, in one pass, in the order of their last review
    (Anki sorts them so; fsrs-rs weights recent items more).

    A card's history starts at its last review as a new card (a reset starts it over); a card
    whose log has no such review (history cut off by an import) is left out, as Anki does.
    """
    reviews = log if isinstance(log, Sequence) else list(log)
    try:
        return _training_set(reviews, study_day or StudyDay())
    except _OutOfOrder:
        ordered = sorted(reviews, key=lambda logged: logged.review.reviewed_at)
        return _training_set(ordered, study_day or StudyDay())


class _OutOfOrder(Exception):
    pass


def _training_set(log: Sequence[LoggedReview], study_day: StudyDay) -> TrainingSet:
    from fsrs_rs_python import FSRSItem, FSRSReview

    # card id -> (its reviews so far, [study day of the last one, its number for card_ids])
    histories: dict[str, tuple[list[FSRSReview], list[int]]] = {}
    reviews: dict[int, FSRSReview] = {}
    items: list[FSRSItem] = []
    card_ids: list[int] = []
    new = State.NEW
    started = day = 0
    previous = day_ends = datetime.min.replace(tzinfo=timezone.utc)
    for logged in log:
        review = logged.review
        when = review.reviewed_at
        # In a time-ordered log the study day changes only when a rollover is crossed.
        if when >= day_ends:
            # Local-time lookups are the slow part: two per rollover, not four.
            date_ = study_day.day_of(when)
            day = date_.toordinal()
            day_ends = study_day.start(date_ + _ONE_DAY)
        elif when < previous:
            raise _OutOfOrder
        previous = when
        if logged.before.state == new:
            first = reviews.get(review.rating)
            if first is None:
                first = reviews[review.rating] = FSRSReview(review.rating, 0)
            histories[review.card_id] = ([first], [day, started])
            started += 1
            continue
        history = histories.get(review.card_id)
        if history is None:
            continue
        prefix, last = history
        delta = day - last[0]
        # Reviews are values: share one object per (delta, rating) instead of a million.
        key = delta * 8 + review.rating
        shared = reviews.get(key)
        if shared is None:
            shared = reviews[key] = FSRSReview(review.rating, delta)
        prefix.append(shared)
        if delta > 0:
            last[0] = day
            items.append(FSRSItem(prefix))
            card_ids.append(last[1])
    return TrainingSet(items, card_ids)


def optimize(
    log: Iterable[LoggedReview],
    current: Sequence[float],
    *,
    study_day: StudyDay | None = None,
    relearning_steps: int | None = None,
    min_reviews: int = MIN_REVIEWS,
) -> OptimizeResult:
    """Fit parameters to `log` and compare them with `current` (empty = FSRS-6 defaults).

    `relearning_steps` is how many the preset has: as in Anki, fsrs-rs then keeps the
    same-day parameters consistent with them. Raises NotEnoughHistoryError when fewer than
    `min_reviews` training items exist.
    """
    from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS

    data = training_set(log, study_day)
    if len(data.items) < min_reviews:
        raise NotEnoughHistoryError(len(data.items), min_reviews)
    before_params = list(current) if current else list(DEFAULT_PARAMETERS)
    fitted = FSRS(before_params).compute_parameters(
        data.items, card_ids=data.card_ids, num_relearning_steps=relearning_steps
    )
    params = tuple(round(float(value), _DECIMALS) for value in fitted)
    before = FSRS(before_params).evaluate(data.items)
    after = FSRS(list(params)).evaluate(data.items)
    improved = after.log_loss < before.log_loss
    return OptimizeResult(
        params=params,
        current=tuple(before_params),
        log_loss_before=before.log_loss,
        log_loss_after=after.log_loss,
        rmse_before=before.rmse_bins,
        rmse_after=after.rmse_bins,
        reviews_used=len(data.items),
        improved=improved,
    )
