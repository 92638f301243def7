"""Property: `status` counts every deck tree from one read of the due cards, and gets what
building that deck's study queue (`Collection.gather`) would hold, for any deck tree,
limits, siblings, learning cards and sibling-burying setting; its "all decks" line is what
a session on every deck (under the "study all" limits) holds."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from studycards.clock import FrozenClock, StudyDay
from studycards.model import Rating, Review
from studycards.study import today
from studycards.study.session import Session
from tests.builders import batch, questions, term
from tests.unit.collection_helpers import open_collection

DECKS = ("P", "P::A", "P::B", "P::A::X", "Q")

deck_cards = st.fixed_dictionaries(
    {
        "due": st.integers(0, 4),
        "new": st.integers(0, 3),
        "learning": st.integers(0, 2),
        # forgotten just before a rollover: the relearning step ends on the next study day
        "interday": st.integers(0, 2),
        # term notes: two sibling cards, one of them due (the other new), or both due
        "half_due_terms": st.integers(0, 2),
        "due_terms": st.integers(0, 2),
    }
)


@settings(max_examples=40, deadline=None)
@given(
    cards=st.fixed_dictionaries({deck: deck_cards for deck in DECKS}),
    limits=st.fixed_dictionaries(
        {deck: st.tuples(st.integers(0, 5), st.integers(0, 9), st.booleans()) for deck in DECKS}
    ),
    # Whether any note has two due cards: status counts differently with and without.
    due_siblings=st.booleans(),
    study_all=st.tuples(st.integers(0, 12), st.integers(0, 20)),
)
def test_status_counts_what_each_decks_queue_holds(
    cards: dict[str, dict[str, int]],
    limits: dict[str, tuple[int, int, bool]],
    due_siblings: bool,
    study_all: tuple[int, int],
) -> None:
    clock = FrozenClock(datetime(2026, 3, 4, 12, 0, tzinfo=timezone.utc))
    long_ago = clock.now - timedelta(days=30)
    study_day = StudyDay()  # the collection's: 4 am, local time
    late_night = study_day.start(study_day.day_of(clock.now) - timedelta(days=1))
    late_night -= timedelta(minutes=5)
    decks, reviews = [], []
    for deck, wanted in cards.items():
        due = questions(deck, wanted["due"], f"{deck} r")
        learning = questions(deck, wanted["learning"], f"{deck} l")
        interday = questions(deck, wanted["interday"], f"{deck} d")
        reviews += [Review(f"{n.note_id}-0", Rating.EASY, long_ago) for n in interday]
        reviews += [Review(f"{n.note_id}-0", Rating.AGAIN, late_night) for n in interday]
        half = [term(deck, f"{deck} half {i}") for i in range(wanted["half_due_terms"])]
        both = [term(deck, f"{deck} both {i}") for i in range(wanted["due_terms"] * due_siblings)]
        reviews += [Review(f"{n.note_id}-0", Rating.EASY, long_ago) for n in due + half + both]
        reviews += [Review(f"{n.note_id}-1", Rating.EASY, long_ago) for n in both]
        # Again a few minutes ago: in learning, due within the learn-ahead.
        reviews += [
            Review(f"{n.note_id}-0", Rating.AGAIN, clock.now - timedelta(minutes=3))
            for n in learning
        ]
        new = questions(deck, wanted["new"], f"{deck} n")
        decks.append((deck, [*due, *learning, *interday, *half, *both, *new]))
    with tempfile.TemporaryDirectory() as folder, open_collection(Path(folder), clock) as col:
        col.import_batch(batch("deck.md", *decks, reviews=reviews))
        listed = col.decks()  # a deck with no card is in no list, and has no options
        for deck, (new_limit, review_limit, bury) in limits.items():
            if deck not in listed:
                continue
            col.set_options(
                deck, new_per_day=new_limit, reviews_per_day=review_limit, bury_siblings=bury
            )
        col.set_study_all_limits(new_per_day=study_all[0], reviews_per_day=study_all[1])
        overview = today.overview(col)
        for row in overview.decks:
            queue = today.gather(col, col.active_decks([row.deck]), ordered=False)
            # Every learning card here is due within the learn-ahead, so all of them count,
            # and the interday ones the review limit let in.
            learning_count = len(queue.learning) + len(queue.day_learning)
            expected = (len(queue.new), learning_count, len(queue.reviews))
            assert (row.new, row.learning, row.review) == expected, row.deck
        everything = overview.study_all
        queue = today.gather(col, col.active_decks(None), study_all=True)
        learning_count = len(queue.learning) + len(queue.day_learning)
        expected = (len(queue.new), learning_count, len(queue.reviews))
        assert (everything.new, everything.learning, everything.review) == expected
        counts = Session(col, None).counts()
        assert (counts.new, counts.learning, counts.review) == expected
