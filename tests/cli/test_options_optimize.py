"""`studycards options` and `studycards optimize` against real collection files."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from bench.synthetic import synthetic_log
from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.model import Review, card_id_for
from studycards.options import DEFAULT_PARAMETERS
from tests.builders import basic, batch
from tests.cli.clirun import BUNDLED_DECK, Studycards


@pytest.fixture
def sc(tmp_path: Path) -> Studycards:
    studycards = Studycards(tmp_path / "collection.db")
    studycards("import", str(BUNDLED_DECK))
    return studycards


def deck_of(sc: Studycards) -> str:
    name: str = sc("status", "--json").json()["decks"][0]["deck"]
    return name


def test_options_show_anki_defaults_and_change_one_value(sc: Studycards) -> None:
    deck = deck_of(sc)
    shown = sc("options", deck, "--json").json()
    assert shown["new_per_day"] == 20
    assert shown["reviews_per_day"] == 200
    assert shown["desired_retention"] == 0.9
    assert shown["learning_steps"] == "1m 10m"
    changed = sc("options", deck, "--new-per-day", "5", "--learning-steps", "2m 15m", "--json")
    assert changed.json()["new_per_day"] == 5
    assert changed.json()["learning_steps"] == "2m 15m"
    assert sc("status", "--json").json()["decks"][0]["new"] == 5
    # Unchanged values stay.
    assert sc("options", deck, "--json").json()["reviews_per_day"] == 200


def test_bad_option_values_are_one_line_errors_and_change_nothing(sc: Studycards) -> None:
    deck = deck_of(sc)
    before = sc("options", deck, "--json").json()
    ran = sc.process("options", deck, "--desired-retention", "0.5")
    assert ran.code != 0
    assert ran.err == "studycards: error: desired retention must be from 0.70 to 0.99, not 0.5\n"
    steps = sc.process("options", deck, "--learning-steps", "soon")
    assert steps.code != 0
    assert steps.err.startswith("studycards: error: learning step 'soon'")
    assert sc("options", deck, "--json").json() == before


def test_options_of_an_unknown_deck_is_an_error(sc: Studycards) -> None:
    ran = sc.process("options", "Nope")
    assert ran.code != 0
    assert ran.err.startswith("studycards: error: no deck named 'Nope'")


def test_optimize_with_little_history_says_how_many_reviews_it_needs(sc: Studycards) -> None:
    sc("review", "--plain", input="\n3\n\n3\nq\n")
    ran = sc.process("optimize")
    assert ran.code != 0
    assert ran.err.startswith("studycards: error: optimizing needs at least 400 reviews")
    assert "the log has 0" in ran.err  # same-day answers teach nothing about forgetting


@pytest.fixture
def studied(tmp_path: Path) -> Studycards:
    """A deck of 150 questions with a year and more of synthetic history, imported with it."""
    now = datetime.now(timezone.utc)
    log = synthetic_log(150, 7)
    notes = [basic("Synthetic", f"question {n}") for n in range(150)]
    ids = {f"synthetic-{n}": card_id_for(note.note_id, 0) for n, note in enumerate(notes)}
    reviews = [
        Review(ids[r.review.card_id], r.review.rating, r.review.reviewed_at, 3000)
        for r in log
        if r.review.reviewed_at < now
    ]
    with Collection.open(tmp_path / "studied.db", FrozenClock(now)) as col:
        col.import_batch(batch("synthetic", ("Synthetic", notes), reviews=reviews))
    return Studycards(tmp_path / "studied.db")


def test_optimize_saves_better_parameters_and_reports_both_scores(studied: Studycards) -> None:
    before = studied("cards", "--json").json_lines()
    result = studied("optimize", "Synthetic", "--json").json()
    assert result["reviews_used"] >= 400
    assert result["improved"] is True
    assert result["log_loss_after"] < result["log_loss_before"]
    saved = studied("options", "Synthetic", "--json").json()["parameters"]
    assert saved == result["parameters"]
    assert saved != list(DEFAULT_PARAMETERS)
    # Saving parameters alone does not move due dates; --reschedule does.
    assert studied("cards", "--json").json_lines() == before
    again = studied("optimize", "Synthetic", "--reschedule", "--json").json()
    assert again["rescheduled"] == len(before)
    after = studied("cards", "--json").json_lines()
    assert [row["stability"] for row in after] != [row["stability"] for row in before]
    backups = studied("backup", "list", "--json").json_lines()
    assert any("optimize" in backup["name"] for backup in backups)
    assert any("reschedule" in backup["name"] for backup in backups)


def test_optimize_prints_a_table_of_log_loss_and_rmse(studied: Studycards) -> None:
    out = studied("optimize").out
    assert "Log loss" in out
    assert "RMSE" in out
    assert "current" in out
    assert "optimized" in out


@pytest.fixture
def many_notes(tmp_path: Path) -> Studycards:
    """A folder of 30 notes imported, each note its own deck of 3 terms (6 cards)."""
    folder = tmp_path / "notes"
    folder.mkdir()
    for n in range(30):
        terms = "\n".join(f"**word {n}-{t}** (meaning {t} of note {n})" for t in range(3))
        (folder / f"note-{n:02d}.md").write_text(f"# Note {n:02d}\n\n{terms}\n", encoding="utf-8")
    studycards = Studycards(tmp_path / "collection.db")
    studycards("import", str(folder))
    return studycards


def test_study_all_has_its_own_limits_shown_and_changed_with_options_all(
    many_notes: Studycards,
) -> None:
    status = many_notes("status", "--json").json()
    # The folder's deck, over one deck per note.
    notes = [deck for deck in status["decks"] if deck["deck"].startswith("notes::")]
    assert len(notes) == 30 and len(status["decks"]) == 31
    # 3 new cards a deck: a term's reverse card waits for the next day (siblings are buried).
    assert sum(deck["new"] for deck in notes) == 90
    # Studying all of them offers the collection's 20, not 30 decks' worth.
    assert status["totals"]["new"] == 20
    assert status["totals"]["total"] == 180
    assert many_notes("options", "--all", "--json").json() == {
        "all": True,
        "new_per_day": 20,
        "reviews_per_day": 200,
    }
    shown = many_notes("options", "--all").out
    assert "Studying all decks at once" in shown and "new cards per day" in shown
    changed = many_notes("options", "--all", "--new-per-day", "5", "--json").json()
    assert changed["new_per_day"] == 5 and changed["reviews_per_day"] == 200
    assert many_notes("status", "--json").json()["totals"]["new"] == 5
    table = many_notes("status").out
    assert "All decks" in table
    # `review` with no deck serves exactly what status said: five new cards (Easy on each
    # graduates it, so nothing comes back within the session).
    ran = many_notes.process("review", "--plain", input="\n4\n" * 20)
    assert ran.code == 0, ran.err
    assert "Studied 5 cards" in ran.out
    after = many_notes("status", "--json").json()
    assert after["totals"]["new"] == 0
    assert after["reviewed_today"] == 5
    # A deck studied on its own still offers its own new cards.
    assert max(deck["new"] for deck in after["decks"] if "::" in deck["deck"]) == 3


def test_options_all_refuses_deck_options_and_a_deck_name(many_notes: Studycards) -> None:
    deck = many_notes("status", "--json").json()["decks"][0]["deck"]
    both = many_notes.process("options", deck, "--all")
    assert both.code != 0
    assert both.err.startswith("studycards: error: give either a deck")
    retention = many_notes.process("options", "--all", "--desired-retention", "0.8")
    assert retention.code != 0
    assert retention.err == (
        "studycards: error: --desired-retention is a deck option; --all sets only "
        "--new-per-day and --reviews-per-day\n"
    )
    bad = many_notes.process("options", "--all", "--reviews-per-day", "-3")
    assert bad.code != 0
    assert "reviews per day must be a whole number from 0 to 99999" in bad.err
    neither = many_notes.process("options")
    assert neither.code != 0
    assert "name a deck" in neither.err
    assert many_notes("options", "--all", "--json").json()["reviews_per_day"] == 200
