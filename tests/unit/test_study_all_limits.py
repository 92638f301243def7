"""Studying all decks at once runs under the collection's own daily limits ("study all"),
above every top-level deck, the way a parent deck's limits cap its subdecks in Anki's v3
scheduler; studying one deck, only that deck's limits and those below it apply."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from studycards.clock import FrozenClock
from studycards.errors import OptionsError
from studycards.model import Note, Rating, Review
from studycards.options import StudyAllLimits
from studycards.study import today
from studycards.study.session import Session
from tests.builders import batch, questions
from tests.unit.collection_helpers import open_collection

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=timezone.utc)


def many_decks(
    count: int, new: int, due: int = 0
) -> tuple[list[tuple[str, list[Note]]], list[Review]]:
    """`count` top-level decks (one per note, as a folder of notes imported one deck per
    note gives), each with `new` new cards and `due` reviews due today."""
    decks, reviews = [], []
    for i in range(count):
        name = f"Note {i:03d}"
        due_notes = questions(name, due, f"{name} r")
        reviews += [
            Review(f"{n.note_id}-0", Rating.EASY, NOW - timedelta(days=40)) for n in due_notes
        ]
        decks.append((name, [*due_notes, *questions(name, new, f"{name} n")]))
    return decks, reviews


def test_study_all_offers_the_collection_limit_not_the_sum_of_the_decks(tmp_path: Path) -> None:
    clock = FrozenClock(NOW)
    decks, _ = many_decks(50, new=5)
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("notes", *decks))
        assert col.study_all_limits() == StudyAllLimits(new_per_day=20, reviews_per_day=200)
        everything = Session(col, None)
        assert everything.counts().new == 20
        # One deck on its own still offers its own 5.
        assert Session(col, ["Note 007"]).counts().new == 5
        # The status line of "all decks" says what the session holds; each deck's line is
        # that deck studied alone.
        overview = today.overview(col)
        assert (overview.study_all.new, overview.study_all.total) == (20, 250)
        assert {row.new for row in overview.decks} == {5}


def test_study_all_limits_are_changed_and_kept_in_the_collection(tmp_path: Path) -> None:
    clock = FrozenClock(NOW)
    decks, _ = many_decks(10, new=5)
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("notes", *decks))
        assert col.set_study_all_limits(new_per_day=7) == StudyAllLimits(7, 200)
    with open_collection(tmp_path, clock) as col:
        assert col.study_all_limits() == StudyAllLimits(7, 200)
        assert Session(col, None).counts().new == 7
        with pytest.raises(OptionsError, match="new cards per day"):
            col.set_study_all_limits(new_per_day=-1)
        with pytest.raises(OptionsError, match="not a limit of studying all decks"):
            col.set_study_all_limits(desired_retention=0.8)
        assert col.study_all_limits() == StudyAllLimits(7, 200)


def test_each_decks_own_limit_still_caps_it_when_studying_all(tmp_path: Path) -> None:
    clock = FrozenClock(NOW)
    decks, _ = many_decks(3, new=5)
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("notes", *decks))
        for name, _ in decks:
            col.set_options(name, new_per_day=2)
        assert Session(col, None).counts().new == 6  # 2 from each, under the 20 on top


def test_new_cards_and_reviews_share_the_collection_review_limit(tmp_path: Path) -> None:
    clock = FrozenClock(NOW)
    decks, reviews = many_decks(4, new=5, due=3)
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("notes", *decks, reviews=reviews))
        col.set_study_all_limits(reviews_per_day=10)
        counts = Session(col, None).counts()
        # Anki's v3 order: the 12 due reviews first, up to the limit of 10; new cards also
        # count against the review limit, so none is left for them.
        assert (counts.review, counts.new) == (10, 0)
        col.set_study_all_limits(reviews_per_day=15)
        counts = Session(col, None).counts()
        assert (counts.review, counts.new) == (12, 3)
        assert (today.overview(col).study_all.review, today.overview(col).study_all.new) == (12, 3)


def test_cards_studied_today_use_up_the_collection_limit(tmp_path: Path) -> None:
    clock = FrozenClock(NOW)
    decks, _ = many_decks(10, new=5)
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("notes", *decks))
        col.set_study_all_limits(new_per_day=8)
        # Three new cards studied in one deck, on its own.
        alone = Session(col, ["Note 004"])
        for _ in range(3):
            alone.reveal()
            alone.answer(Rating.EASY)
        assert Session(col, None).counts().new == 5
        assert today.overview(col).study_all.new == 5
        # The next study day starts afresh.
        clock.advance(timedelta(days=1))
        assert Session(col, None).counts().new == 8


def test_a_session_on_all_decks_serves_exactly_the_collection_limit(tmp_path: Path) -> None:
    clock = FrozenClock(NOW)
    decks, _ = many_decks(30, new=2)
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("notes", *decks))
        col.set_study_all_limits(new_per_day=12)
        session = Session(col, None)
        served = 0
        while session.current is not None:
            session.reveal()
            session.answer(Rating.EASY)
            served += 1
        assert served == 12
        # Anki's deck order: the first decks of the list give their new cards first.
        studied = {row.deck for row in col.history()}
        assert studied == {f"Note {i:03d}" for i in range(6)}
        assert today.overview(col).study_all.new == 0
