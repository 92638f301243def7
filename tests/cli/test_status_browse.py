"""`status`, `cards`, `history`, `stats`, `backup`, `suspend`: what a user sees after studying."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from studycards.cli.browse import TABLE_LIMIT
from studycards.clock import FrozenClock
from studycards.collection import Collection
from tests.builders import batch, questions
from tests.cli.clirun import BUNDLED_DECK, Studycards

CARD_FIELDS = {
    "deck",
    "note_id",
    "card_id",
    "kind",
    "front",
    "back",
    "answer",
    "tags",
    "source",
    "state",
    "suspended",
    "buried",
    "due",
    "stability",
    "difficulty",
    "reps",
    "lapses",
    "last_review",
    "flag",
    "marked",
    "other_sources",
}


@pytest.fixture
def sc(tmp_path: Path) -> Studycards:
    studycards = Studycards(tmp_path / "collection.db")
    studycards("import", str(BUNDLED_DECK))
    return studycards


def test_status_counts_new_cards_against_the_daily_limit(sc: Studycards) -> None:
    status = sc("status", "--json").json()
    total = len(sc("cards", "--json").json_lines())
    (deck,) = status["decks"]
    assert deck["new"] == min(20, total)
    assert deck["learning"] == deck["review"] == 0
    assert deck["total"] == total
    assert status["reviewed_today"] == 0
    assert status["totals"]["total"] == total


def test_status_after_studying_moves_cards_from_new_to_learning(sc: Studycards) -> None:
    sc("review", "--plain", input="\n3\n\n1\nq\n")
    status = sc("status", "--json").json()
    assert status["reviewed_today"] == 2
    assert status["streak"] == 1
    deck = status["decks"][0]
    # Good and Again on new cards both leave them in learning (1m 10m steps).
    assert deck["learning"] == 2
    assert deck["new"] <= 18


def test_status_table_shows_the_deck_and_its_counts(sc: Studycards) -> None:
    status = sc("status", "--json").json()["decks"][0]
    out = sc("status").out
    assert status["deck"] in out
    assert "New" in out and "Learn" in out and "Due" in out
    assert str(status["new"]) in out


def test_empty_collection_status_tells_how_to_start(tmp_path: Path) -> None:
    Collection.open(tmp_path / "empty.db").close()
    out = Studycards(tmp_path / "empty.db")("status").out
    assert "studycards import --bundled" in out


def test_cards_json_has_the_design_fields_and_filters(sc: Studycards) -> None:
    rows = sc("cards", "--json").json_lines()
    assert set(rows[0]) == CARD_FIELDS
    assert all(row["state"] == "new" and row["due"] is None for row in rows)
    word = rows[0]["front"][:2]
    found = sc("cards", "--search", word, "--json").json_lines()
    assert found and all(
        word.casefold() in (row["front"] + row["back"]).casefold() for row in found
    )
    assert len(found) < len(rows)
    assert sc("cards", "--deck", rows[0]["deck"], "--json").json_lines() == rows


def test_cards_table_lists_whole_card_ids(sc: Studycards) -> None:
    rows = sc("cards", "--json").json_lines()
    out = sc("cards").out
    assert all(row["card_id"] in out for row in rows)


def test_history_lists_answers_oldest_first(sc: Studycards) -> None:
    sc("review", "--plain", input="\n4\n\n2\nq\n")
    rows = sc("history", "--json").json_lines()
    assert [row["rating"] for row in rows] == [4, 2]
    assert rows[0]["reviewed_at"] <= rows[1]["reviewed_at"]
    assert rows[0]["reviewed_at"].endswith("+00:00")
    out = sc("history").out
    assert "Easy" in out and "Hard" in out
    assert rows[0]["card_id"] in out
    assert out.splitlines()[-1].strip() == "2 answers"


def test_one_answer_and_one_card_are_counted_in_the_singular(sc: Studycards) -> None:
    sc("review", "--plain", input="\n3\nq\n")
    assert sc("history").out.splitlines()[-1].strip() == "1 answer"
    card = sc("history", "--json").json_lines()[0]["card_id"]
    assert sc("cards", "--search", f"id:{card}").out.splitlines()[-1].strip() == "1 card"


def test_stats_json_reflects_todays_answers(sc: Studycards) -> None:
    sc("review", "--plain", input="\n3\n\n3\n\n1\nq\n")
    stats = sc("stats", "--json").json()
    today = stats["today"]
    date.fromisoformat(today)
    assert stats["reviewed_today"] == 3
    assert stats["heatmap"][today] == 3
    assert len(stats["heatmap"]) == 365
    assert len(stats["forecast"]) == 30
    # Learning cards due within minutes count as due today.
    assert stats["forecast"][0] >= 1
    assert sum(stats["counts"].values()) == len(sc("cards", "--json").json_lines())
    assert stats["counts"]["learning"] == 3
    assert stats["streak"] == 1


def test_stats_draws_pictures_with_headings(sc: Studycards) -> None:
    out = sc("stats").out
    for heading in ("Reviews in the past year", "Due in the next 30 days", "True retention"):
        assert heading in out


def test_stats_of_an_unknown_deck_is_an_error(sc: Studycards) -> None:
    ran = sc.process("stats", "--deck", "Nope")
    assert ran.code != 0
    assert ran.err.startswith("studycards: error: no deck named 'Nope'")


def test_suspend_and_unsuspend_by_card_id(sc: Studycards) -> None:
    rows = sc("cards", "--json").json_lines()
    card = rows[0]["card_id"]
    assert "Suspended 1 of 1" in sc("suspend", card).out
    suspended = {row["card_id"]: row["suspended"] for row in sc("cards", "--json").json_lines()}
    assert suspended[card] is True
    assert sc("status", "--json").json()["decks"][0]["suspended"] == 1
    sc("unsuspend", card)
    assert sc("status", "--json").json()["decks"][0]["suspended"] == 0
    wrong = sc.process("suspend", "no-such-card")
    assert wrong.code != 0
    assert wrong.err.startswith("studycards: error: no card with id 'no-such-card'")


def test_backup_create_list_and_restore_bring_back_the_old_state(sc: Studycards) -> None:
    sc("backup", "create", "--reason", "before-study")
    named = [b["name"] for b in sc("backup", "list", "--json").json_lines()]
    mine = next(name for name in named if "before-study" in name)
    sc("review", "--plain", input="\n3\nq\n")
    assert len(sc("history", "--json").json_lines()) == 1
    assert "Restored" in sc("backup", "restore", mine).out
    assert sc("history", "--json").json_lines() == []
    # The state before the restore was itself backed up.
    assert any("restore" in b["name"] for b in sc("backup", "list", "--json").json_lines())


def test_a_file_that_is_not_a_collection_is_a_one_line_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database\n" * 100, encoding="utf-8")
    ran = Studycards(bogus).process("status")
    assert ran.code != 0
    assert ran.err.startswith("studycards: error:")
    assert len(ran.err.splitlines()) == 1
    assert bogus.read_text(encoding="utf-8") == "not a database\n" * 100


def test_a_long_card_list_is_cut_with_a_note_and_json_has_all(
    tmp_path: Path, clock: FrozenClock
) -> None:
    with Collection.open(tmp_path / "big.db", clock) as col:
        col.import_batch(batch("many", ("Many", questions("Many", TABLE_LIMIT + 100))))
    sc = Studycards(tmp_path / "big.db")
    out = sc("cards").out
    assert f"the first {TABLE_LIMIT} of {TABLE_LIMIT + 100} cards" in out
    assert "q000" in out and f"q{TABLE_LIMIT + 99:03d}" not in out
    assert len(sc("cards", "--json").json_lines()) == TABLE_LIMIT + 100


def test_status_says_it_counts_answers_not_cards(sc: Studycards) -> None:
    # Two answers; the line counts answers (a card answered twice counts twice).
    sc("review", "--plain", input="\n1\n\n3\nq\n")
    assert sc("status", "--json").json()["reviewed_today"] == 2
    out = sc("status").out
    assert "2 answers today" in out and "Studied" not in out
