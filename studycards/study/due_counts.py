"""Today's New / Learn / Due counts of every deck tree at once, for `status` and the decks
screen.

The counts are those of `queue.gather` for each deck with its subdecks, but the learning and
due review cards are read once for the whole collection instead of once per deck and again
for every deck above it. Without siblings among those cards (a note with two of them), the
reviews each deck tree can take are counted per deck instead of per card: under nested
limits the number a greedy pass takes does not depend on the order of the cards, so a
deck's cards in a row take min(its count, the room left in every limit above it).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from studycards.clock import StudyDay
from studycards.model import State
from studycards.study.limits import DeckLimits
from studycards.study.queue import (
    ACTIVE,
    LearningCard,
    learning_cards,
    learning_count,
    take_day_learning,
    take_new,
)


@dataclass(frozen=True)
class DueCount:
    new: int
    learning: int
    review: int


@dataclass
class Candidates:
    """Cards due today before limits, of every deck."""

    # learning cards, intraday and interday, in due order
    learning: list[LearningCard]
    # deck id → the notes of its due review cards, in the queue's reading order
    reviews: dict[int, list[int]]
    # Some note has more than one of these cards, so burying siblings may skip one.
    shared_notes: bool


def read_candidates(
    conn: sqlite3.Connection,
    deck_ids: list[int],
    *,
    study_day: StudyDay,
    today: int,
    day_end_ms: int,
) -> Candidates:
    """One indexed range scan per state over every deck (the same rows `gather` reads)."""
    learning = learning_cards(
        conn, deck_ids, study_day=study_day, today=today, day_end_ms=day_end_ms
    )
    marks = ",".join("?" * len(deck_ids))
    reviews: dict[int, list[int]] = {}
    for did, note in conn.execute(
        f"SELECT deck_id, note FROM cards WHERE deck_id IN ({marks}) "
        f"AND state = {int(State.REVIEW)} AND due < ? AND {ACTIVE} AND buried_day != ?",
        (*deck_ids, day_end_ms, today),
    ):
        reviews.setdefault(did, []).append(note)
    notes = {card.note for card in learning}
    total = len(learning)
    for group in reviews.values():
        notes.update(group)
        total += len(group)
    return Candidates(learning, reviews, shared_notes=len(notes) < total)


def count_tree(
    conn: sqlite3.Connection,
    active: Mapping[int, str],
    limits: DeckLimits,
    candidates: Candidates,
    *,
    bury_of: Callable[[int], bool],
    today: int,
    now_ms: int,
) -> DueCount:
    """What `gather` would queue for the `active` decks (one deck tree), counted."""
    learning = [card for card in candidates.learning if card.deck in active]
    seen_notes = {card.note for card in learning if not card.interday}
    day_learning = take_day_learning(learning, limits, seen_notes, bury_of=bury_of)
    # SQLite reads `deck_id IN (...)` in ascending deck id, as `gather` meets them.
    decks = sorted(did for did in active if did in candidates.reviews)
    review = 0
    if candidates.shared_notes:
        for did in decks:
            for note in candidates.reviews[did]:
                if limits.reviews_exhausted():
                    break
                if note in seen_notes and bury_of(did):
                    continue
                if limits.can_review(did):
                    limits.take_review(did)
                    review += 1
                    seen_notes.add(note)
    else:
        for did in decks:
            chain = limits.chains[did]
            notes = candidates.reviews[did]
            taken = max(0, min(len(notes), *(limits.review[d] for d in chain)))
            for d in chain:
                limits.review[d] -= taken
            review += taken
            seen_notes.update(notes[:taken])
    new = take_new(conn, active, limits, seen_notes, bury_of=bury_of, today=today)
    return DueCount(
        new=len(new), learning=learning_count(learning, now_ms) + len(day_learning), review=review
    )
