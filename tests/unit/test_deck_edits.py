"""Deck names, renames and deletions against a real collection file: what a name matches,
where a renamed deck's source files their notes, and which decks stay in the list."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from studycards.clock import FrozenClock
from studycards.errors import NotFoundError
from studycards.model import Rating
from studycards.notes.deck_names import DeckNameError, match_deck, normalized, renamed
from studycards.study.session import Session
from tests.builders import batch, questions
from tests.unit.collection_helpers import open_collection

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=timezone.utc)


def test_a_name_matches_its_deck_whatever_the_case_and_a_typo_gets_a_suggestion() -> None:
    names = ["Languages", "Languages::Spanish", "History"]
    assert match_deck("History", names) == "History"
    assert match_deck("languages::SPANISH", names) == "Languages::Spanish"
    assert match_deck(" Languages :: Spanish ", names) == "Languages::Spanish"
    with pytest.raises(NotFoundError, match=r"no deck named 'Histroy'; did you mean 'History'\?"):
        match_deck("Histroy", names)
    with pytest.raises(NotFoundError, match="no deck named 'Zoology' \\("):
        match_deck("Zoology", names)
    # Two decks that differ only in case (made before names matched that way): be exact.
    with pytest.raises(NotFoundError, match="could be any of the decks 'NOTES', 'Notes'"):
        match_deck("notes", ["Notes", "NOTES"])
    assert match_deck("Notes", ["Notes", "NOTES"]) == "Notes"


def test_names_are_trimmed_around_each_part_and_empty_parts_dropped() -> None:
    assert normalized("  A ::  B::::C  ") == "A::B::C"
    for empty in ("", "  ", "::", " :: :: "):
        with pytest.raises(DeckNameError, match="is no deck name"):
            normalized(empty)


def test_renames_move_whole_subtrees_and_the_longest_old_name_wins() -> None:
    renames = {"Notes": "Reading", "Notes::History": "Past"}
    assert renamed("Notes", renames) == "Reading"
    assert renamed("notes::Physics::Waves", renames) == "Reading::Physics::Waves"
    assert renamed("Notes::History::Cold War", renames) == "Past::Cold War"
    assert renamed("Notebook", renames) == "Notebook"


def test_an_import_joins_the_deck_whose_name_differs_only_in_case(tmp_path: Path) -> None:
    with open_collection(tmp_path, FrozenClock(NOW)) as col:
        col.import_batch(batch("a.md", ("Notes::History", questions("Notes::History", 2))))
        col.import_batch(batch("b.md", ("notes::history::Cold War", questions("x", 1, "c"))))
        col.import_batch(batch("c.md", ("NOTES::Physics", questions("y", 1, "p"))))
        assert col.decks() == [
            "Notes",
            "Notes::History",
            "Notes::History::Cold War",
            "Notes::Physics",
        ]


def test_renames_chain_and_a_source_naming_an_old_deck_follows_them(tmp_path: Path) -> None:
    clock = FrozenClock(NOW)
    with open_collection(tmp_path, clock) as col:
        notes = questions("Notes::History", 3)
        col.import_batch(batch("a.md", ("Notes::History", notes)))
        session = Session(col, ["Notes"])
        session.reveal()
        session.answer(Rating.GOOD)
        assert col.rename_deck("notes::history", "Past") == "Past"
        assert col.rename_deck("Past", "Archive::Past") == "Archive::Past"
        assert col.decks() == ["Archive", "Archive::Past"]  # "Notes" had nothing else
        # The source still says Notes::History: its notes stay where the user put them.
        report = col.import_batch(batch("a.md", ("Notes::History", notes)))
        assert (report.added, report.unchanged) == (0, 3)
        assert col.decks() == ["Archive", "Archive::Past"]
        assert [row.deck for row in col.history()] == ["Archive::Past"]
        # Renaming back undoes the chain: the source's name is the deck's name again.
        assert col.rename_deck("Archive::Past", "Notes::History") == "Notes::History"
        col.import_batch(batch("a.md", ("Notes::History", notes)))
        assert col.decks() == ["Notes", "Notes::History"]
        assert col.find_deck("Past") == "Notes::History"


def test_a_rename_into_an_existing_parent_takes_its_spelling(tmp_path: Path) -> None:
    with open_collection(tmp_path, FrozenClock(NOW)) as col:
        col.import_batch(batch("a.md", ("Reading::Books", questions("Reading::Books", 1))))
        col.import_batch(batch("b.md", ("Loose", questions("Loose", 1, "l"))))
        assert col.rename_deck("Loose", "reading::Loose") == "Reading::Loose"
        assert col.decks() == ["Reading", "Reading::Books", "Reading::Loose"]


def test_deleting_a_deck_prunes_empty_parents_and_keeps_the_rest(tmp_path: Path) -> None:
    with open_collection(tmp_path, FrozenClock(NOW)) as col:
        col.import_batch(batch("a.md", ("A::B::C", questions("A::B::C", 2))))
        col.import_batch(batch("b.md", ("A::D", questions("A::D", 1, "d"))))
        deletion = col.delete_deck("a::b")
        assert (deletion.size.deck, deletion.size.decks, deletion.size.cards) == ("A::B", 2, 2)
        assert deletion.backup.is_file()
        assert col.decks() == ["A", "A::D"]
        names = set(col.deck_names().values())
        assert names == {"A", "A::D"}  # the rows are gone, not only hidden
        col.delete_deck("A::D")
        assert col.decks() == [] and col.deck_names() == {}
        assert col.store.conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 0
