"""Collection views and settings: status, streak, cards, history, exports, options."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from studycards.clock import FrozenClock
from studycards.errors import NotFoundError, OptionsError
from studycards.model import Rating, State
from studycards.options import DEFAULT_PARAMETERS, Options
from studycards.study import today
from studycards.study.session import Session
from tests.builders import basic, batch, questions, term
from tests.unit.collection_helpers import fronts, open_collection


def test_status_counts_each_deck_with_its_subdecks(tmp_path: Path, clock: FrozenClock) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(
            batch(
                "d.md",
                ("Lang::French", questions("Lang::French", 3)),
                ("Lang", [term("Lang", "x")]),
            )
        )
        fronts(Session(col, ["Lang::French"]), ratings=1)
        status = {row.deck: row.to_json() for row in today.status(col)}
        assert status["Lang::French"] == {
            "deck": "Lang::French",
            "new": 2,
            "learning": 1,
            "review": 0,
            "total": 3,
            "suspended": 0,
            "reviewed_today": 1,
        }
        # The parent counts its own term (one card, its sibling is for tomorrow) and the subdeck.
        assert status["Lang"]["new"] == 3
        assert status["Lang"]["total"] == 5
        assert today.reviewed_today(col) == 1


def test_streak_counts_consecutive_study_days(tmp_path: Path, clock: FrozenClock) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("d.md", ("Deck", questions("Deck", 20))))
        assert today.streak(col) == 0
        for _ in range(3):
            fronts(Session(col), ratings=1, rating=Rating.EASY)
            clock.advance(timedelta(days=1))
        # Nothing studied yet today: yesterday's streak still stands.
        assert today.streak(col) == 3
        clock.advance(timedelta(days=1))
        assert today.streak(col) == 0


def test_card_rows_carry_the_design_json_fields(tmp_path: Path, clock: FrozenClock) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("d.md", ("Deck", [basic("Deck", "What is FSRS?", "A scheduler")])))
        fronts(Session(col), ratings=1)
        row = next(col.card_rows()).to_json()
        assert set(row) == {
            "deck", "note_id", "card_id", "kind", "front", "back", "answer", "tags", "source",
            "state", "suspended", "buried", "due", "stability", "difficulty", "reps", "lapses",
            "last_review", "flag", "marked", "other_sources",
        }  # fmt: skip
        assert row["state"] == "learning" and row["reps"] == 1
        assert row["due"] == (clock.now + timedelta(minutes=10)).isoformat()
        assert row["source"] == {"path": "notes/ai-race.md", "line": 1, "heading": "Questions"}
        assert row["other_sources"] == []
        json.dumps(row)


def test_card_search_matches_text_tags_and_state(tmp_path: Path, clock: FrozenClock) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(
            batch(
                "d.md",
                ("Deck", [basic("Deck", "Capital of France?", "Paris"), term("Deck", "Zeitgeist")]),
            )
        )
        assert [r.card.front for r in col.card_rows(search="paris")] == ["Capital of France?"]
        assert len(list(col.card_rows(search="tag:reverse"))) == 1
        assert len(list(col.card_rows(search="is:new"))) == 3
        assert list(col.card_rows(search="nothing like this")) == []
        with pytest.raises(NotFoundError):
            list(col.card_rows(deck="Missing"))


def test_history_json_has_the_design_fields_in_time_order(
    tmp_path: Path, clock: FrozenClock
) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("d.md", ("A", questions("A", 1)), ("B", questions("B", 1, "b"))))
        session = Session(col)
        for rating in (Rating.HARD, Rating.EASY):
            clock.advance(timedelta(seconds=4))
            session.reveal()
            session.answer(rating)
        rows = [row.to_json() for row in col.history()]
        assert [set(row) for row in rows] == [
            {
                "card_id",
                "kind",
                "rating",
                "reviewed_at",
                "duration_ms",
                "stability",
                "difficulty",
                "due",
            }
        ] * 2
        assert [row["rating"] for row in rows] == [2, 4]
        assert rows[0]["reviewed_at"] < rows[1]["reviewed_at"]
        assert [row.deck for row in col.history(deck="B")] == ["B"]
        logged = list(col.review_log())
        assert logged[0].before.state is State.NEW and logged[0].after.state is State.LEARNING


def test_note_records_hold_schedule_history_and_retention(
    tmp_path: Path, clock: FrozenClock
) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("d.md", ("Deck", [term("Deck", "alpha")])))
        col.set_options("Deck", desired_retention=0.85)
        fronts(Session(col), ratings=1)
        (record,) = col.note_records()
        assert record.note.fields["term"] == "alpha"
        assert [card.ord for card in record.cards] == [0, 1]
        assert record.cards[0].desired_retention == 0.85
        assert len(record.cards[0].history) == 1 and record.cards[1].buried
        schedules = {card_id: (s, suspended) for card_id, s, suspended in col.schedules()}
        assert schedules[f"{record.note.note_id}-0"][0].reps == 1


def test_options_are_per_deck_and_validated(tmp_path: Path, clock: FrozenClock) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(
            batch("d.md", ("A", questions("A", 1, "a")), ("B", questions("B", 1, "b")))
        )
        assert col.preset_of("A") == Options()
        changed = col.set_options("A", new_per_day=5, learning_steps="2m 20m 1h")
        assert changed.new_per_day == 5
        assert [s.total_seconds() for s in changed.learning_steps] == [120, 1200, 3600]
        assert col.preset_of("B").new_per_day == 20
        for bad in ({"desired_retention": 0.5}, {"new_per_day": -1}, {"learning_steps": "1x"}):
            with pytest.raises(OptionsError):
                col.set_options("A", **bad)
        with pytest.raises(NotFoundError):
            col.set_options("Missing", new_per_day=1)
        assert col.preset_of("A").new_per_day == 5


def test_new_parameters_and_reschedule_move_due_dates(tmp_path: Path, clock: FrozenClock) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("d.md", ("Deck", questions("Deck", 3))))
        fronts(Session(col), rating=Rating.EASY)
        before = {row.card.card_id: row.due for row in col.card_rows()}
        params = list(DEFAULT_PARAMETERS)
        params[3] = 30.0  # Easy first answers are remembered much longer
        col.set_parameters("Deck", params)
        assert col.preset_of("Deck").parameters == tuple(params)
        assert col.reschedule("Deck") == 3
        after = {row.card.card_id: row.due for row in col.card_rows()}
        assert all(after[c] > before[c] for c in before)  # type: ignore[operator]
        assert [h.stability for h in col.history()] == [30.0] * 3
        assert any("optimize" in p.name for p in col.backups())
        assert any("reschedule" in p.name for p in col.backups())


def test_parameters_for_every_deck_go_to_the_presets_the_decks_use(
    tmp_path: Path, clock: FrozenClock
) -> None:
    decks = [f"Deck {n}" for n in range(5)]
    params = list(DEFAULT_PARAMETERS)
    params[3] = 30.0
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("d.md", *((deck, questions(deck, 2, deck)) for deck in decks)))
        col.set_options("Deck 4", new_per_day=5)  # one deck has a preset of its own
        col.set_parameters(None, params)
        presets = [name for (name,) in col.store.conn.execute("SELECT name FROM presets")]
        assert sorted(presets) == ["Deck 4", "Default"]
        assert all(col.preset_of(deck).parameters == tuple(params) for deck in decks)
        assert col.preset_of("Deck 4").new_per_day == 5


def test_set_suspended_by_card_id(tmp_path: Path, clock: FrozenClock) -> None:
    note = basic("Deck", "q?")
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("d.md", ("Deck", [note])))
        card_id = f"{note.note_id}-0"
        assert col.set_suspended([card_id], True) == 1
        assert col.set_suspended([card_id], True) == 0
        with pytest.raises(NotFoundError):
            col.set_suspended([card_id, "nope-0"], False)
        assert next(col.card_rows()).suspended
        assert col.set_suspended([card_id], False) == 1


def test_status_counts_learning_cards_as_a_session_would_show_them(
    tmp_path: Path, clock: FrozenClock
) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("d.md", ("Deck", questions("Deck", 1))))
        col.set_options("Deck", learning_steps="30m 1h")
        fronts(Session(col), ratings=1, rating=Rating.AGAIN)  # back to the 30-minute step
        assert today.status(col)[0].learning == 0  # due in 30 minutes: not yet
        clock.advance(timedelta(minutes=11))
        assert today.status(col)[0].learning == 1  # within the 20-minute learn-ahead
        assert Session(col).counts().learning == 1
