"""Property: for any deck tree and limits, today's queue never exceeds a deck's limit (counting
its subdecks), and leaves a card out only when some deck above it has used its limit up;
studying all decks, the collection's "study all" limits are one more deck on top."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from studycards.clock import FrozenClock
from studycards.model import Rating, Review
from studycards.notes.deck_names import in_subtree
from studycards.study import today
from studycards.study.queue import Gathered
from tests.builders import batch, questions
from tests.unit.collection_helpers import open_collection

DECKS = ("P", "P::A", "P::B", "P::A::X", "Q")
# Studying all decks: the collection is the deck on top, under its "study all" limits.
ALL = "(all decks)"


def holds(deck: str, tree: str) -> bool:
    return tree == ALL or in_subtree(deck, tree)


@settings(max_examples=25, deadline=None)
@given(
    cards=st.fixed_dictionaries(
        {deck: st.tuples(st.integers(0, 4), st.integers(0, 4)) for deck in DECKS}
    ),
    limits=st.fixed_dictionaries(
        {deck: st.tuples(st.integers(0, 6), st.integers(0, 8)) for deck in (*DECKS, ALL)}
    ),
    study_all=st.booleans(),
)
def test_the_queue_respects_every_limit_and_is_full_otherwise(
    cards: dict[str, tuple[int, int]], limits: dict[str, tuple[int, int]], study_all: bool
) -> None:
    clock = FrozenClock(datetime(2026, 3, 4, 12, 0, tzinfo=timezone.utc))
    decks, reviews = [], []
    for deck, (new, due) in cards.items():
        review_notes = questions(deck, due, f"{deck} r")
        reviews += [
            Review(f"{n.note_id}-0", Rating.EASY, clock.now - timedelta(days=30))
            for n in review_notes
        ]
        decks.append((deck, [*review_notes, *questions(deck, new, f"{deck} n")]))
    with tempfile.TemporaryDirectory() as folder, open_collection(Path(folder), clock) as col:
        col.import_batch(batch("deck.md", *decks, reviews=reviews))
        listed = col.decks()  # a deck with no card is in no list, and has no options
        for deck, (new_limit, review_limit) in limits.items():
            if deck == ALL:
                col.set_study_all_limits(new_per_day=new_limit, reviews_per_day=review_limit)
            elif deck in listed:
                col.set_options(deck, new_per_day=new_limit, reviews_per_day=review_limit)
        names = col.deck_names()
        studied: tuple[str, ...]
        if study_all:
            queue = today.gather(col, col.active_decks(None), study_all=True)
            studied = (*DECKS, ALL)
        else:
            queue = today.gather(col, col.active_decks(["P"])) if "P" in listed else Gathered()
            studied = tuple(deck for deck in DECKS if in_subtree(deck, "P"))
        deck_of = {
            pk: names[did]
            for pk, did in col.store.conn.execute("SELECT id, deck_id FROM cards").fetchall()
        }
        for deck in studied:
            new_limit, review_limit = limits[deck]
            new = sum(holds(deck_of[pk], deck) for pk in queue.new)
            due = sum(holds(deck_of[pk], deck) for pk in queue.reviews)
            assert new <= new_limit
            assert due + new <= review_limit

        def full(deck: str, kind: str) -> bool:
            """Whether `deck` (with its subdecks) has used up its limit of `kind`."""
            new_limit, review_limit = limits[deck]
            new = sum(holds(deck_of[pk], deck) for pk in queue.new)
            due = sum(holds(deck_of[pk], deck) for pk in queue.reviews)
            if kind == "review":
                return due + new >= review_limit
            return new >= new_limit or due + new >= review_limit

        gathered = set(queue.new) | set(queue.reviews)
        for pk, deck in deck_of.items():
            if pk in gathered or not any(holds(deck, tree) for tree in studied):
                continue
            chain = [tree for tree in studied if holds(deck, tree)]
            state = col.store.conn.execute(
                "SELECT state FROM cards WHERE id = ?", (pk,)
            ).fetchone()[0]
            kind = "review" if state == 2 else "new"
            assert any(full(d, kind) for d in chain), (deck, kind)
