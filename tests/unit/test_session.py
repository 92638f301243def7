"""The headless study session: answers, undo, bury, suspend, leeches, marks and flags."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.errors import StudycardsError
from studycards.model import Rating, State
from studycards.study.session import Counts, Session, Summary, interval_label
from tests.builders import basic, batch, questions, term
from tests.unit.collection_helpers import front_of, open_collection


def card_states(col: Collection) -> list[dict[str, object]]:
    return [row.to_json() | {"flag": row.flag} for row in col.card_rows()]


def test_rating_needs_the_answer_shown_first(tmp_path: Path, clock: FrozenClock) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("d.md", ("Deck", [basic("Deck", "q?")])))
        session = Session(col)
        with pytest.raises(StudycardsError, match="show the answer"):
            session.answer(Rating.GOOD)
        assert list(col.history()) == []


def test_each_answer_is_committed_before_the_next_card(tmp_path: Path, clock: FrozenClock) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("d.md", ("Deck", questions("Deck", 3))))
        session = Session(col)
        other = sqlite3.connect(tmp_path / "col.db")
        for expected in (1, 2, 3):
            clock.advance(timedelta(seconds=7))
            session.reveal()
            session.answer(Rating.GOOD)
            assert other.execute("SELECT count(*) FROM revlog").fetchone()[0] == expected
        other.close()
        assert [h.duration_ms for h in col.history()] == [7000, 7000, 7000]


def test_answer_time_is_capped_at_sixty_seconds(tmp_path: Path, clock: FrozenClock) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("d.md", ("Deck", [basic("Deck", "q?")])))
        session = Session(col)
        clock.advance(timedelta(minutes=5))
        session.reveal()
        session.answer(Rating.HARD)
        assert next(col.history()).duration_ms == 60_000
        assert session.summary().seconds == 60


def test_undo_several_levels_restores_every_card_exactly(
    tmp_path: Path, clock: FrozenClock
) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("d.md", ("Deck", [term("Deck", "alpha"), *questions("Deck", 3)])))
        session = Session(col)
        snapshots, fronts_shown = [], []
        for rating in (Rating.GOOD, Rating.AGAIN, Rating.EASY):
            snapshots.append(card_states(col))
            assert session.current is not None
            fronts_shown.append(session.current.card.front)
            clock.advance(timedelta(seconds=3))
            session.reveal()
            session.answer(rating)
        session.bury_card()
        assert session.undo_label == "Undo Bury"
        assert session.undo() == "Undo Bury"
        for name, snapshot, front in zip(
            ("Easy", "Again", "Good"), reversed(snapshots), reversed(fronts_shown), strict=True
        ):
            assert session.undo_label == f"Undo {name}"
            assert session.undo() == f"Undo {name}"
            assert card_states(col) == snapshot
            assert front_of(session) == front
            assert not session.revealed
        assert list(col.history()) == []
        assert [session.undo(), session.undo_label] == [None, None]
        assert session.counts().new == 4
        assert session.summary().studied == 0


def test_bury_and_suspend_take_the_card_away_and_undo_brings_it_back(
    tmp_path: Path, clock: FrozenClock
) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("d.md", ("Deck", [term("Deck", "alpha"), basic("Deck", "q?")])))
        col.set_options("Deck", bury_siblings=False)
        session = Session(col)
        assert session.counts().new == 3
        session.bury_note()
        assert session.counts().new == 1
        assert sum(row.buried for row in col.card_rows()) == 2
        session.undo()
        assert session.counts().new == 3 and front_of(session) == "alpha"
        session.suspend_card()
        assert [row.card.front for row in col.card_rows() if row.suspended] == ["alpha"]
        assert front_of(session) != "alpha"
        session.undo()
        session.suspend_note()
        assert sum(row.suspended for row in col.card_rows()) == 2
        assert front_of(session) == "q?"
        assert session.undo() == "Undo Suspend Note"
        assert not any(row.suspended for row in col.card_rows())


def test_a_leech_is_tagged_and_suspended_after_eight_lapses(
    tmp_path: Path, clock: FrozenClock
) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("d.md", ("Deck", [basic("Deck", "hard to remember?")])))
        session = Session(col)
        lapses = 0
        while lapses < 8:
            assert session.current is not None, "the card should come back until it is a leech"
            state = session.current.state
            session.reveal()
            session.answer(Rating.AGAIN if state is State.REVIEW else Rating.EASY)
            lapses += state is State.REVIEW
            clock.advance(timedelta(days=30))
            session.refresh()
        row = next(col.card_rows())
        assert row.lapses == 8 and row.suspended and "leech" in row.card.tags
        assert session.current is None
        session.undo()
        row = next(col.card_rows())
        assert row.lapses == 7 and not row.suspended and "leech" not in row.card.tags


def test_leech_action_tag_only_keeps_the_card(tmp_path: Path, clock: FrozenClock) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("d.md", ("Deck", [basic("Deck", "q?")])))
        col.set_options("Deck", leech_threshold=1, leech_action="tag")
        session = Session(col)
        session.reveal()
        session.answer(Rating.EASY)
        clock.advance(timedelta(days=30))
        session.refresh()
        session.reveal()
        session.answer(Rating.AGAIN)
        row = next(col.card_rows())
        assert "leech" in row.card.tags and not row.suspended


def test_mark_and_flag_are_saved_and_undoable(tmp_path: Path, clock: FrozenClock) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("d.md", ("Deck", [basic("Deck", "q?")])))
        session = Session(col)
        assert session.toggle_mark() is True
        session.set_flag(3)
        assert session.current is not None
        assert session.current.marked and session.current.flag == 3
        assert next(col.note_records()).marked
        with pytest.raises(StudycardsError):
            session.set_flag(8)
        assert session.undo() == "Undo Flag"
        assert session.current.flag == 0
        assert session.undo() == "Undo Mark"
        assert not next(col.note_records()).marked


def test_previews_and_labels_look_like_ankis_buttons(tmp_path: Path, clock: FrozenClock) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("d.md", ("Deck", [basic("Deck", "q?")])))
        session = Session(col)
        labels = [(p.rating, p.label) for p in session.previews()]
        assert labels == [
            (Rating.AGAIN, "<1m"),
            (Rating.HARD, "<6m"),
            (Rating.GOOD, "<10m"),
            (Rating.EASY, "8d"),
        ]
    assert [interval_label(s) for s in (30, 3600, 5400, 2 * 86400)] == ["<1m", "1h", "1.5h", "2d"]
    assert interval_label(96 * 86400) == "3.2mo"
    assert interval_label(548 * 86400) == "1.5y"


def test_summary_and_card_info(tmp_path: Path, clock: FrozenClock) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("d.md", ("Deck", questions("Deck", 2))))
        session = Session(col)
        session.reveal()
        session.answer(Rating.AGAIN)
        session.reveal()
        session.answer(Rating.EASY)
        info = session.card_info()
        assert info.state is State.LEARNING and info.reps == 1
        assert [h.review.rating for h in info.history] == [Rating.AGAIN]
        assert info.retrievability is not None and 0.9 < info.retrievability <= 1
        summary = session.summary()
        assert (summary.studied, summary.again) == (2, 1)
        assert summary.next_due == clock.now + timedelta(minutes=1)


def test_source_location_points_at_the_note_file(tmp_path: Path, clock: FrozenClock) -> None:
    note_file = tmp_path / "notes" / "ai-race.md"
    note_file.parent.mkdir()
    note_file.write_text("# Questions\n\nq?\n", encoding="utf-8")
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch(str(tmp_path / "deck.md"), ("Deck", [basic("Deck", "q?", line=3)])))
        session = Session(col)
        assert session.source_location() == (note_file, 3)


def test_a_deck_title_from_front_matter_is_shown(tmp_path: Path, clock: FrozenClock) -> None:
    from studycards.model import Deck, ImportBatch

    with open_collection(tmp_path, clock) as col:
        deck = Deck("ai", (basic("ai", "q?"),), meta={"title": "The AI race"})
        col.import_batch(ImportBatch(origin="deck.md", decks=(deck,)))
        session = Session(col)
        assert session.current is not None and session.current.deck_title == "The AI race"


def test_studying_an_unknown_deck_is_a_clear_error(tmp_path: Path, clock: FrozenClock) -> None:
    with open_collection(tmp_path, clock) as col, pytest.raises(StudycardsError, match="no deck"):
        Session(col, ["Nope"])


def test_a_figure_card_carries_its_whole_sentence(tmp_path: Path, clock: FrozenClock) -> None:
    from studycards.model import Note, NoteType
    from studycards.notes.cards import note_id_of

    fields = {
        "text": "the lead is {{c1::six months}}",
        "context": "Experts say the lead is {{c1::six months}} at most.",
    }
    figure = Note(note_id_of(NoteType.FIGURE, fields), NoteType.FIGURE, "Deck", fields)
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("d.md", ("Deck", [figure])))
        session = Session(col)
        assert session.current is not None
        assert session.current.card.front == "the lead is […]"
        assert session.current.context == "Experts say the lead is six months at most."


def test_reimport_after_an_edit_shows_the_new_text_and_keeps_the_card(
    tmp_path: Path, clock: FrozenClock
) -> None:
    from studycards.collection.sources import read_sources
    from studycards.model import Deck
    from studycards.notes.deckfile import render_deck

    deck_file = tmp_path / "deck.md"
    deck_file.write_text(
        render_deck(Deck("Deck", (basic("Deck", "Capital of France?", "Lyon"),))), encoding="utf-8"
    )
    with open_collection(tmp_path, clock) as col:
        for imported in read_sources([deck_file], media_dir=col.media_dir):
            col.import_batch(imported)
        session = Session(col)
        assert session.current is not None
        card_id = session.current.card.card_id
        deck_file.write_text(
            deck_file.read_text(encoding="utf-8").replace("Lyon", "Paris"), encoding="utf-8"
        )
        session.reimport(deck_file)
        assert session.current.card.card_id == card_id
        assert "Paris" in session.current.card.back
        assert len(list(col.card_rows())) == 1


def test_without_the_note_file_the_source_is_the_deck_file(
    tmp_path: Path, clock: FrozenClock
) -> None:
    deck_file = tmp_path / "deck.md"
    deck_file.write_text("# deck\n", encoding="utf-8")
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch(str(deck_file), ("Deck", [basic("Deck", "q?", line=9)])))
        session = Session(col)
        # notes/ai-race.md does not exist here, so editing goes to the deck file.
        assert session.source_location() == (deck_file, 1)
        info = session.card_info()
        assert info.state is State.NEW and info.retrievability is None and info.history == []
        deck_file.unlink()
        assert session.source_location() is None


def test_an_empty_collection_has_nothing_to_study(tmp_path: Path, clock: FrozenClock) -> None:
    with open_collection(tmp_path, clock) as col:
        session = Session(col)
        assert session.current is None
        assert session.counts() == Counts(new=0, learning=0, review=0)
        assert session.summary() == Summary(studied=0, seconds=0.0, again=0, next_due=None)
        assert session.undo() is None
        with pytest.raises(StudycardsError):
            session.reveal()
