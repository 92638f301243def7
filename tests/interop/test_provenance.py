"""A note's origin is where its text lives: reading back a copy of our notes (our own Anki
text or package export) finds them, adds nothing and leaves them with their file."""

from __future__ import annotations

from pathlib import Path

import pytest

from studycards.collection import Collection
from studycards.collection.sources import card_edit_location
from tests.cli.clirun import BUNDLED_DECK, Studycards


@pytest.fixture
def sc(tmp_path: Path) -> Studycards:
    studycards = Studycards(tmp_path / "collection.db")
    studycards("import", str(BUNDLED_DECK))
    studycards("review", "--plain", input="\n3\n\n1\nq\n")
    return studycards


@pytest.mark.parametrize("name", ["export.csv", "export.txt", "export.apkg"])
def test_our_own_export_read_back_adds_nothing_and_moves_nothing(
    sc: Studycards, tmp_path: Path, name: str
) -> None:
    cards = sc("cards", "--json").json_lines()
    history = sc("history", "--json").json_lines()
    export = tmp_path / name
    sc("export", "-o", str(export))
    [report] = sc("import", str(export), "--json").json_lines()
    assert (report["added"], report["updated"], report["orphaned"]) == (0, 0, 0)
    assert report["unchanged"] == len(cards) > 0
    # Text, deck and source as the deck file gives them; no reverse card with the source line.
    assert sc("cards", "--json").json_lines() == cards
    assert sc("history", "--json").json_lines() == history
    with Collection.open(sc.collection) as col:
        for card in cards:
            location = card_edit_location(col, card["card_id"])
            assert location is not None and location[0].suffix == ".md"
    # Importing the deck file again finds everything where it was.
    [again] = sc("import", str(BUNDLED_DECK), "--json").json_lines()
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, len(cards))


def test_a_package_of_notes_whose_file_is_gone_takes_them_over(
    tmp_path: Path,
) -> None:
    """Once its file is deleted, the package is where the text lives: the notes come back
    from it into study, with their history."""
    deck = tmp_path / "deck.md"
    deck.write_text(BUNDLED_DECK.read_text(encoding="utf-8"), encoding="utf-8")
    sc = Studycards(tmp_path / "collection.db")
    sc("import", str(deck))
    count = len(sc("cards", "--json").json_lines())
    sc("review", "--plain", input="\n3\nq\n")
    package = tmp_path / "saved.apkg"
    sc("export", "-o", str(package), "--with-scheduling")
    deck.write_text(deck.read_text(encoding="utf-8").split("\n## ")[0], encoding="utf-8")
    sc("import", str(deck))
    assert len(sc("orphans", "--json").json_lines()) == count
    [report] = sc("import", str(package), "--json").json_lines()
    assert report["added"] == 0 and report["updated"] == count
    assert len(sc("cards", "--json").json_lines()) == count
    assert len(sc("history", "--json").json_lines()) == 1
