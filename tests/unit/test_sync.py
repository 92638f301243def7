"""Importing into the collection: idempotent, edits keep history, vanished notes orphaned."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from studycards.clock import FrozenClock
from studycards.model import Rating, Review
from studycards.study import today
from studycards.study.session import Session
from tests.builders import basic, batch, cloze, term
from tests.unit.collection_helpers import open_collection


def test_first_import_adds_every_card_and_reimport_changes_nothing(
    tmp_path: Path, clock: FrozenClock
) -> None:
    notes = [term("Deck", "alpha"), term("Deck", "beta"), basic("Deck", "why?")]
    with open_collection(tmp_path, clock) as col:
        first = col.import_batch(batch("deck.md", ("Deck", notes)))
        rows_before = [row.to_json() for row in col.card_rows()]
        second = col.import_batch(batch("deck.md", ("Deck", notes)))
        assert (first.added, first.updated, first.unchanged) == (5, 0, 0)
        assert (second.added, second.updated, second.unchanged, second.orphaned) == (0, 0, 5, 0)
        assert [row.to_json() for row in col.card_rows()] == rows_before


def test_the_same_notes_from_another_file_are_reported_unchanged_and_keep_their_time(
    tmp_path: Path, clock: FrozenClock
) -> None:
    # A deck exported to .apkg and imported back arrives from another file with the same text.
    notes = [term("Deck", "alpha"), basic("Deck", "why?")]
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("deck.md", ("Deck", notes)))
        modified = [record.modified for record in col.note_records()]
        clock.advance(timedelta(hours=1))
        moved = col.import_batch(batch("deck.apkg", ("Deck", notes)))
        assert (moved.added, moved.updated, moved.unchanged, moved.orphaned) == (0, 0, 3, 0)
        assert [record.modified for record in col.note_records()] == modified


def test_editing_a_definition_updates_in_place_and_keeps_history(
    tmp_path: Path, clock: FrozenClock
) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("deck.md", ("Deck", [term("Deck", "alpha", "first meaning")])))
        session = Session(col)
        assert session.current is not None
        studied = session.current.card.card_id
        session.reveal()
        session.answer(Rating.GOOD)
        clock.advance(timedelta(hours=1))
        report = col.import_batch(
            batch("deck.md", ("Deck", [term("Deck", "alpha", "a better meaning")]))
        )
        assert (report.added, report.updated) == (0, 2)
        rows = {row.card.card_id: row for row in col.card_rows()}
        assert len(rows) == 2
        assert "a better meaning" in rows[studied].card.back
        assert rows[studied].reps == 1
        assert [h.card_id for h in col.history()] == [studied]
        record = next(col.note_records())
        assert record.modified == clock.now


def test_notes_that_leave_their_file_become_orphans_and_can_come_back(
    tmp_path: Path, clock: FrozenClock
) -> None:
    keep, leave = basic("Deck", "stays?"), basic("Deck", "goes?")
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("deck.md", ("Deck", [keep, leave])))
        report = col.import_batch(batch("deck.md", ("Deck", [keep])))
        assert report.orphaned == 1
        assert [row.card.front for row in col.orphans()] == ["goes?"]
        assert [row.card.front for row in col.card_rows()] == ["stays?"]
        assert today.status(col)[0].new == 1
        back = col.import_batch(batch("deck.md", ("Deck", [keep, leave])))
        assert back.added == 0 and not col.orphans()
        col.import_batch(batch("deck.md", ("Deck", [keep])))
        assert col.delete_orphans() == 1
        assert not col.orphans()
        assert col.import_batch(batch("deck.md", ("Deck", [keep, leave]))).added == 1


def test_other_files_notes_are_not_orphaned_by_an_import(
    tmp_path: Path, clock: FrozenClock
) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("a.md", ("A", [basic("A", "one?")])))
        report = col.import_batch(batch("b.md", ("B", [basic("B", "two?")])))
        assert report.orphaned == 0
        assert sorted(row.card.front for row in col.card_rows()) == ["one?", "two?"]


def test_a_new_cloze_deletion_adds_a_card_and_a_removed_one_is_orphaned(
    tmp_path: Path, clock: FrozenClock
) -> None:
    with open_collection(tmp_path, clock) as col:
        note_v1 = cloze("Deck", "{{c1::Paris}} is in {{c2::France}}")
        col.import_batch(batch("deck.md", ("Deck", [note_v1])))
        assert len(list(col.card_rows())) == 2
        # Same identifying text, so the same note id; only the markers move.
        note_v2 = cloze("Deck", "{{c1::Paris}} is in France")
        assert note_v2.note_id == note_v1.note_id
        report = col.import_batch(batch("deck.md", ("Deck", [note_v2])))
        assert report.orphaned == 1
        assert [row.card.card_id for row in col.orphans()] == [f"{note_v1.note_id}-1"]


def test_imported_reviews_are_replayed_and_never_duplicated(
    tmp_path: Path, clock: FrozenClock
) -> None:
    note = basic("Deck", "capital of France?", "Paris")
    card_id = f"{note.note_id}-0"
    start = clock.now - timedelta(days=10)
    reviews = [
        Review(card_id, Rating.GOOD, start, 3000),
        Review(card_id, Rating.GOOD, start + timedelta(minutes=10), 2000),
        Review(card_id, Rating.GOOD, start + timedelta(days=3), 2500),
    ]
    with open_collection(tmp_path, clock) as col:
        report = col.import_batch(batch("a.apkg", ("Deck", [note]), reviews=reviews))
        again = col.import_batch(batch("a.apkg", ("Deck", [note]), reviews=reviews))
        assert (report.reviews_added, again.reviews_added) == (3, 0)
        history = list(col.history())
        assert [h.rating for h in history] == [Rating.GOOD] * 3
        row = next(col.card_rows())
        assert row.reps == 3 and row.state.label == "review"
        assert row.stability == history[-1].stability
        assert row.last_review == start + timedelta(days=3)


def test_suspended_cards_in_an_import_arrive_suspended(tmp_path: Path, clock: FrozenClock) -> None:
    note = basic("Deck", "hidden?")
    with open_collection(tmp_path, clock) as col:
        col.import_batch(
            batch("a.apkg", ("Deck", [note]), suspended=frozenset({f"{note.note_id}-0"}))
        )
        assert next(col.card_rows()).suspended
        assert Session(col).current is None


def test_every_import_makes_a_backup_and_ten_are_kept(tmp_path: Path, clock: FrozenClock) -> None:
    with open_collection(tmp_path, clock) as col:
        for i in range(12):
            col.import_batch(batch(f"{i}.md", (f"D{i}", [basic(f"D{i}", "q?")])))
        backups = col.backups()
        assert len(backups) == 10
        assert backups == sorted(backups)


def test_a_backup_you_make_outlives_any_number_of_automatic_ones(
    tmp_path: Path, clock: FrozenClock
) -> None:
    with open_collection(tmp_path, clock) as col:
        mine = col.backup("before exam", by_user=True)
        plain = col.backup("manual", by_user=True)
        # An automatic backup whose reason reads like a user's is still automatic.
        col.backup("manual")
        for i in range(12):
            col.import_batch(batch(f"{i}.md", (f"D{i}", [basic(f"D{i}", f"q{i}?")])))
        backups = col.backups()
    assert mine.name.endswith("-manual-before-exam.db") and plain.name.endswith("-manual.db")
    assert backups[:2] == [mine, plain]
    assert len(backups) == 12
    assert all(path.name.endswith("-import.db") for path in backups[2:])


def test_emptying_a_file_orphans_all_its_notes(tmp_path: Path, clock: FrozenClock) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("deck.md", ("Deck", [basic("Deck", "a?"), basic("Deck", "b?")])))
        report = col.import_batch(batch("deck.md"))
        assert report.orphaned == 2
        assert list(col.card_rows()) == []
        assert col.import_batch(batch("never-seen.md")).orphaned == 0


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.integers(0, 7), st.integers(0, 2)), max_size=8),
        min_size=1,
        max_size=5,
    )
)
def test_any_sequence_of_imports_keeps_one_card_per_id_and_orphans_the_rest(
    imports: list[list[tuple[int, int]]],
) -> None:
    """Each import holds some of eight terms, each in one of three wordings."""
    clock = FrozenClock(datetime(2026, 3, 4, 12, 0, tzinfo=timezone.utc))
    with tempfile.TemporaryDirectory() as folder, open_collection(Path(folder), clock) as col:
        ever: set[str] = set()
        for chosen in imports:
            notes = {
                word: term("Deck", f"word{word}", f"meaning {version}") for word, version in chosen
            }
            col.import_batch(batch("deck.md", ("Deck", list(notes.values()))))
            expected = {f"{note.note_id}-{o}" for note in notes.values() for o in (0, 1)}
            ever |= expected
            live = [row.card.card_id for row in col.card_rows()]
            assert sorted(live) == sorted(expected)
            assert {row.card.card_id for row in col.orphans()} == ever - expected
            for row in col.card_rows():
                word = row.card.front if row.card.kind == "term" else row.card.answer
                version = dict(chosen)[int(word.lower().removeprefix("word"))]
                assert f"meaning {version}" in row.card.back + row.card.front


def test_imported_histories_match_fsrs_rs_memory_states(tmp_path: Path, clock: FrozenClock) -> None:
    """Replaying through the collection (import → FSRS) agrees with fsrs-rs to 1e-3."""
    import random

    from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

    from studycards.options import DEFAULT_PARAMETERS

    rng = random.Random(11)
    notes = [basic("Deck", f"history {i}?") for i in range(40)]
    reviews, expected = [], {}
    for note in notes:
        card_id = f"{note.note_id}-0"
        when = clock.now - timedelta(days=400)
        items = []
        for index in range(rng.randint(1, 10)):
            gap = 0 if index == 0 else rng.choice([0, 1, 2, 4, 9, 20, 45])
            when += timedelta(days=gap, minutes=rng.randint(1, 30))
            rating = rng.choice([1, 2, 3, 3, 4])
            reviews.append(Review(card_id, Rating(rating), when, 1000))
            items.append(FSRSReview(rating, gap))
        expected[card_id] = FSRS(list(DEFAULT_PARAMETERS)).memory_state(FSRSItem(items))
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("a.apkg", ("Deck", notes), reviews=reviews))
        for card_id, schedule, _ in col.schedules():
            assert schedule.stability is not None and schedule.difficulty is not None
            assert abs(schedule.stability - expected[card_id].stability) <= 1e-3 * max(
                1.0, expected[card_id].stability
            )
            assert abs(schedule.difficulty - expected[card_id].difficulty) <= 1e-3


def test_a_review_coming_back_with_a_nudged_timestamp_is_not_a_new_review(
    tmp_path: Path, clock: FrozenClock
) -> None:
    note = basic("Deck", "q?")
    card_id = f"{note.note_id}-0"
    at = clock.now - timedelta(days=3)
    with open_collection(tmp_path, clock) as col:
        col.import_batch(
            batch("a.apkg", ("Deck", [note]), reviews=[Review(card_id, Rating.GOOD, at)])
        )
        nudged = Review(card_id, Rating.GOOD, at + timedelta(milliseconds=1))
        again = col.import_batch(batch("b.apkg", ("Deck", [note]), reviews=[nudged]))
        assert again.reviews_added == 0
        later = Review(card_id, Rating.GOOD, at + timedelta(days=1))
        assert (
            col.import_batch(batch("b.apkg", ("Deck", [note]), reviews=[later])).reviews_added == 1
        )
        assert len(list(col.history())) == 2


@settings(max_examples=40, deadline=None)
@given(
    answers=st.lists(
        st.tuples(st.integers(0, 8_000), st.sampled_from([Rating.AGAIN, Rating.GOOD])),
        min_size=1,
        max_size=8,
    )
)
def test_a_history_imported_at_once_or_in_two_steps_is_the_same(
    answers: list[tuple[int, Rating]],
) -> None:
    # Timestamps a few seconds apart, some the same review nudged by Anki, some not.
    clock = FrozenClock(datetime(2026, 3, 4, 12, 0, tzinfo=timezone.utc))
    note = basic("Deck", "q?")
    card_id = f"{note.note_id}-0"
    start = clock.now - timedelta(days=1)
    reviews = [Review(card_id, r, start + timedelta(milliseconds=ms)) for ms, r in answers]
    earliest = min(reviews, key=lambda review: review.reviewed_at)
    histories = []
    with tempfile.TemporaryDirectory() as tmp:
        for steps in ([reviews], [[earliest], reviews]):
            with open_collection(Path(tmp), clock, name=f"{len(steps)}.db") as col:
                for part in steps:
                    col.import_batch(batch("a.apkg", ("Deck", [note]), reviews=part))
                histories.append([(h.reviewed_at, h.rating) for h in col.history()])
    assert histories[0] == histories[1]
    assert len(histories[0]) <= len(answers)
