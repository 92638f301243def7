"""Which cards to study today, in Anki v3's order.

Gathering: intraday learning due today (no limit), then interday learning (a learning card
whose step ended on a later study day than its last answer; Anki's "day learning" queue)
and reviews due today (sorted by due day, ties in a per-day random order; or by
retrievability ascending), both under the review limit, then new cards in deck-file order,
deck by deck; each under the limits of its deck and the decks above it. Interday learning
is spread through the reviews, and new cards through both. Each step is one indexed SQL
query that stops as soon as the limits are used up, so a large collection is never loaded
whole.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar

from studycards.clock import DAY_MS, StudyDay, from_ms
from studycards.collection.store.codec import row_factory, select
from studycards.model import State
from studycards.notes.deck_names import tree_order
from studycards.options import Options
from studycards.scheduling.anki_rules import LEARN_AHEAD_MS
from studycards.study.limits import DeckLimits

T = TypeVar("T")

# The cards that can be studied at all (a card buried today is left out by day): the cards
# the cards_queue index holds, which SQLite uses only for a query that says so in these words.
ACTIVE = "suspended = 0 AND orphaned = 0"
IN_LEARNING = f"state IN ({int(State.LEARNING)}, {int(State.RELEARNING)})"


class LearningCard(NamedTuple):
    card: int
    deck: int
    note: int
    due: int
    # An interday card (Anki's "day learning"): its step ends on a later study day than its
    # last answer. Anki counts it as a review, under the review limit; intraday learning
    # cards are never limited.
    interday: bool


def is_interday(study_day: StudyDay, due_ms: int, last_review_ms: int | None) -> bool:
    """Whether a learning card due at `due_ms`, last answered at `last_review_ms`, is an
    interday one (scheduling moved its step to the start of that later day)."""
    if last_review_ms is None:
        return False
    return study_day.days_between(from_ms(last_review_ms), from_ms(due_ms)) > 0


class _LearningRow(NamedTuple):
    card: int
    deck: int
    note: int
    due: int
    last_review: int | None


def learning_cards(
    conn: sqlite3.Connection,
    deck_ids: Sequence[int],
    *,
    study_day: StudyDay,
    today: int,
    day_end_ms: int,
    due_by_ms: int | None = None,
) -> list[LearningCard]:
    """The learning and relearning cards of `deck_ids` due today (before the study day ends,
    and by `due_by_ms` if given), soonest first: Anki's intraday learning queue, and the
    interday learning cards that the review limit lets in (`take_day_learning`)."""
    marks = ",".join("?" * len(deck_ids))
    rows = conn.execute(
        f"SELECT {select(_LearningRow, card='id', deck='deck_id')} FROM cards "
        f"WHERE deck_id IN ({marks}) AND {IN_LEARNING} AND due < ? AND due <= ? AND {ACTIVE} "
        "AND buried_day != ? ORDER BY due, id",
        (*deck_ids, day_end_ms, day_end_ms if due_by_ms is None else due_by_ms, today),
    )
    rows.row_factory = row_factory(_LearningRow)
    return [
        LearningCard(
            row.card, row.deck, row.note, row.due, is_interday(study_day, row.due, row.last_review)
        )
        for row in rows
    ]


def learning_count(cards: Iterable[LearningCard], now_ms: int) -> int:
    """Anki's learning count of the intraday cards: those due within the learn-ahead limit.
    The interday cards gathered (`take_day_learning`) count on top of these."""
    until = now_ms + LEARN_AHEAD_MS
    return sum(not card.interday and card.due <= until for card in cards)


def take_day_learning(
    cards: Iterable[LearningCard],
    limits: DeckLimits,
    seen_notes: set[int],
    *,
    bury_of: Callable[[int], bool],
) -> list[int]:
    """The interday learning cards of `cards` that today's review limits let in, in due
    order, before any review (Anki gathers them first); a card whose note is in
    `seen_notes` is skipped where siblings are buried."""
    taken: list[int] = []
    for card in cards:
        if not card.interday:
            continue
        if limits.reviews_exhausted():
            break
        if card.note in seen_notes and bury_of(card.deck):
            continue
        if limits.can_review(card.deck):
            limits.take_review(card.deck)
            taken.append(card.card)
            seen_notes.add(card.note)
    return taken


@dataclass
class Gathered:
    """Card keys (cards.id) of today's queue."""

    # Intraday learning cards due today (never limited).
    learning: list[int] = field(default_factory=list)
    # Interday learning cards, under the review limit.
    day_learning: list[int] = field(default_factory=list)
    reviews: list[int] = field(default_factory=list)
    new: list[int] = field(default_factory=list)

    @property
    def main(self) -> list[int]:
        """The main queue: interday learning spread through the reviews, new cards through
        both (Anki's default "mix with reviews" for both)."""
        return intersperse(intersperse(self.reviews, self.day_learning), self.new)


def intersperse(first: Sequence[T], second: Sequence[T]) -> list[T]:
    """Both lists merged, the second spread evenly through the first (Anki's Intersperser)."""
    if not second:
        return list(first)
    if not first:
        return list(second)
    keyed = [((i + 1) / (len(first) + 1), 0, item) for i, item in enumerate(first)]
    keyed += [((i + 1) / (len(second) + 1), 1, item) for i, item in enumerate(second)]
    keyed.sort(key=lambda entry: (entry[0], entry[1]))
    return [item for _, _, item in keyed]


def review_order_sql(options: Options) -> str:
    """ORDER BY for due reviews; `:shift` moves due times onto study-day boundaries."""
    tiebreak = "((id + :salt) * 2654435761) % 4294967296"
    if options.review_order == "retrievability":
        # Retrievability falls as elapsed time over stability grows, whatever the decay
        # (forgetting_curve.py), so sorting by that ratio is sorting by retrievability.
        return f"max(0, :now - last_review) * 1.0 / stability DESC, {tiebreak}"
    return f"(due + :shift) / {DAY_MS}, {tiebreak}"


def gather(
    conn: sqlite3.Connection,
    active: Mapping[int, str],
    limits: DeckLimits,
    *,
    order: Options,
    bury_of: Callable[[int], bool],
    study_day: StudyDay,
    today: int,
    now_ms: int,
    day_end_ms: int,
    day_shift_ms: int,
    ordered: bool = True,
) -> Gathered:
    """Today's queue for the `active` decks (id → name).

    `ordered=False` skips sorting the due reviews: for counting (status) the order changes
    nothing but the choice of cards, and the sort is most of the work on a large backlog.
    """
    out = Gathered()
    if not active:
        return out
    ids = list(active)
    learning = learning_cards(conn, ids, study_day=study_day, today=today, day_end_ms=day_end_ms)
    out.learning = [card.card for card in learning if not card.interday]
    seen_notes = {card.note for card in learning if not card.interday}
    out.day_learning = take_day_learning(learning, limits, seen_notes, bury_of=bury_of)
    params = {"day_end": day_end_ms, "today": today, "salt": today, "shift": day_shift_ms}
    params["now"] = now_ms
    params.update({f"d{i}": did for i, did in enumerate(ids)})
    deck_marks = ",".join(f":d{i}" for i in range(len(ids)))
    reviews = conn.execute(
        f"SELECT id, deck_id, note FROM cards WHERE deck_id IN ({deck_marks}) "
        f"AND state = {int(State.REVIEW)} AND due < :day_end AND {ACTIVE} "
        f"AND buried_day != :today" + (f" ORDER BY {review_order_sql(order)}" if ordered else ""),
        params,
    )
    for pk, did, note in reviews:
        if limits.reviews_exhausted():
            break
        if note in seen_notes and bury_of(did):
            continue
        if limits.can_review(did):
            limits.take_review(did)
            out.reviews.append(pk)
            seen_notes.add(note)
    out.new = take_new(conn, active, limits, seen_notes, bury_of=bury_of, today=today)
    return out


def take_new(
    conn: sqlite3.Connection,
    active: Mapping[int, str],
    limits: DeckLimits,
    seen_notes: set[int],
    *,
    bury_of: Callable[[int], bool],
    today: int,
) -> list[int]:
    """Today's new cards, deck by deck in the deck list's order, each deck's in deck-file
    order, under the limits; a card whose note is in `seen_notes` is skipped where siblings
    are buried."""
    taken: list[int] = []
    for did in sorted(active, key=lambda d: tree_order(active[d])):
        if not limits.can_new(did):
            continue
        for pk, note in conn.execute(
            f"SELECT id, note FROM cards WHERE deck_id = ? AND state = {int(State.NEW)} "
            f"AND {ACTIVE} AND buried_day != ? ORDER BY due",
            (did, today),
        ):
            if note in seen_notes and bury_of(did):
                continue
            limits.take_new(did)
            taken.append(pk)
            seen_notes.add(note)
            if not limits.can_new(did):
                break
    return taken
