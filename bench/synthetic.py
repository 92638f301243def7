"""A synthetic review log: a learner scheduled with default FSRS-6 parameters whose memory
follows a hidden, different FSRS-6 model, so a fit to the log has something to find.

Used by the optimizer benchmark and by the optimizer tests; deterministic for a seed.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS, MemoryState

from studycards.model import LoggedReview, Rating, Review, Schedule, State

# Higher first stabilities and a steeper forgetting curve (decay 0.3 against 0.1542).
HIDDEN_PARAMETERS = [0.6, 1.6, 3.2, 11.0, *DEFAULT_PARAMETERS[4:20], 0.3]

_START = datetime(2025, 1, 1, 12, 0, tzinfo=timezone.utc)
_BEFORE = {
    State.NEW: Schedule(State.NEW),
    State.REVIEW: Schedule(State.REVIEW),
    State.RELEARNING: Schedule(State.RELEARNING),
}
_AFTER = Schedule(State.REVIEW)


def synthetic_log(cards: int, reviews_per_card: int, *, seed: int = 7) -> list[LoggedReview]:
    """`cards` × about `reviews_per_card` reviews, in time order, started over 365 days."""
    rng = random.Random(seed)
    hidden = FSRS(HIDDEN_PARAMETERS)
    scheduler = FSRS(list(DEFAULT_PARAMETERS))
    decay = HIDDEN_PARAMETERS[20]
    factor = 0.9 ** (-1 / decay) - 1
    raw: list[tuple[datetime, str, int, State]] = []

    for card in range(cards):
        card_id = f"synthetic-{card}"
        when = _START + timedelta(days=card % 365, minutes=card % 120)
        first = rng.choices((1, 2, 3, 4), weights=(0.2, 0.1, 0.6, 0.1))[0]
        raw.append((when, card_id, first, State.NEW))
        memory: MemoryState = getattr(hidden.next_states(None, 0.9, 0), _NAMES[first]).memory
        plan: MemoryState = getattr(scheduler.next_states(None, 0.9, 0), _NAMES[first]).memory
        done = 1
        if first <= 2:
            when += timedelta(minutes=10)
            memory, plan = _step(hidden, scheduler, memory, plan, 3, 0)
            raw.append((when, card_id, 3, State.REVIEW))
            done += 1
        while done < reviews_per_card:
            interval = min(3650, max(1, round(plan.stability)))
            when += timedelta(days=interval)
            recall = (1 + factor * interval / memory.stability) ** -decay
            if rng.random() < recall:
                rating = rng.choices((2, 3, 4), weights=(0.15, 0.75, 0.1))[0]
                memory, plan = _step(hidden, scheduler, memory, plan, rating, interval)
                raw.append((when, card_id, rating, State.REVIEW))
                done += 1
                continue
            memory, plan = _step(hidden, scheduler, memory, plan, 1, interval)
            raw.append((when, card_id, 1, State.REVIEW))
            when += timedelta(minutes=10)
            memory, plan = _step(hidden, scheduler, memory, plan, 3, 0)
            raw.append((when, card_id, 3, State.RELEARNING))
            done += 2
    raw.sort(key=lambda entry: entry[0])
    # Made in time order, as the collection's review_log makes them: objects read together
    # sit together in memory, as they do in the app.
    return [
        LoggedReview(
            review=Review(card_id, Rating(rating), _copy(when)),
            before=_BEFORE[before],
            after=_AFTER,
        )
        for when, card_id, rating, before in raw
    ]


_NAMES = {1: "again", 2: "hard", 3: "good", 4: "easy"}


def _step(
    hidden: FSRS, scheduler: FSRS, memory: MemoryState, plan: MemoryState, rating: int, days: int
) -> tuple[MemoryState, MemoryState]:
    name = _NAMES[rating]
    return (
        getattr(hidden.next_states(memory, 0.9, days), name).memory,
        getattr(scheduler.next_states(plan, 0.9, days), name).memory,
    )


def _copy(when: datetime) -> datetime:
    return datetime.fromtimestamp(when.timestamp(), timezone.utc)
