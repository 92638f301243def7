"""Notes from a real Anki package (made by the `anki` library, with answers given by Anki's
own scheduler) edited in the collection: the edit lands in the same note, the cards keep their
history, and importing the same package again never copies the note."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from studycards.collection import Collection
from studycards.collection.note_text import card_note_document, save_card_note_document
from studycards.collection.sources import card_edit_location
from tests.cli.clirun import Studycards

from .anki_fixtures import build_anki_deck


def studied_basic_card(sc: Studycards) -> dict[str, Any]:
    rows = sc("cards", "--json").json_lines()
    card: dict[str, Any] = next(
        r for r in rows if r["kind"] == "basic" and r["reps"] and r["card_id"].endswith("-0")
    )
    return card


def test_a_packaged_note_is_edited_in_place_and_a_reimport_keeps_the_edit(
    tmp_path: Path,
) -> None:
    deck = build_anki_deck(tmp_path / "maker", "french.apkg", legacy=False)
    sc = Studycards(tmp_path / "collection.db")
    sc("import", str(deck.path))
    card = studied_basic_card(sc)
    cards_before = len(sc("cards", "--json").json_lines())
    history = sc("history", "--json").out
    with Collection.open(tmp_path / "collection.db") as col:
        # Not a file to open in an editor: the package is binary.
        assert card_edit_location(col, card["card_id"]) is None
        text, line = card_note_document(col, card["card_id"])
        lines = text.split("\n")
        # The editor opens on the first field: its heading two lines up.
        assert lines[line - 3].startswith("## ")
        lines[line - 1] = "Edited: " + lines[line - 1]
        edited = "\n".join(lines)
        assert save_card_note_document(col, card["card_id"], edited, path="note.md")
        # Saving the same text again changes nothing.
        again = card_note_document(col, card["card_id"])[0]
        assert not save_card_note_document(col, card["card_id"], again, path="note.md")
    after = {row["card_id"]: row for row in sc("cards", "--json").json_lines()}
    assert after[card["card_id"]]["front"].startswith("Edited: ")
    assert (after[card["card_id"]]["reps"], after[card["card_id"]]["stability"]) == (
        card["reps"],
        card["stability"],
    )
    assert sc("history", "--json").out == history
    # Importing the package again brings its own text back, onto the same note: nothing is
    # added and no answer is lost.
    report = sc("import", str(deck.path), "--json").json_lines()[0]
    assert report["added"] == 0
    rows = {row["card_id"]: row for row in sc("cards", "--json").json_lines()}
    assert len(rows) == cards_before
    assert rows[card["card_id"]]["front"] == card["front"]
    assert sc("history", "--json").out == history


def test_a_packaged_cloze_is_edited_side_by_side_and_keeps_its_cards(tmp_path: Path) -> None:
    deck = build_anki_deck(tmp_path / "maker", "french.apkg", legacy=False)
    sc = Studycards(tmp_path / "collection.db")
    sc("import", str(deck.path))
    cloze = next(r for r in sc("cards", "--json").json_lines() if r["kind"] == "cloze")
    with Collection.open(tmp_path / "collection.db") as col:
        text, _ = card_note_document(col, cloze["card_id"])
        # Anki's own note types come as the cards Anki renders: one heading per side.
        assert "## 0 front" in text and "## 1 back" in text
        assert save_card_note_document(
            col, cloze["card_id"], text.replace("\ncapital\n", "\nits capital\n"), path="n.md"
        )
    note = cloze["note_id"]
    rows = [r for r in sc("cards", "--json").json_lines() if r["note_id"] == note]
    assert [r["card_id"] for r in rows] == [f"{note}-0", f"{note}-1"]
    assert all("its capital" in r["back"] for r in rows)


def test_a_note_from_an_anki_text_file_is_edited_in_the_collection(tmp_path: Path) -> None:
    words = tmp_path / "words.txt"
    words.write_text("#separator:tab\n#html:false\nhouse\tmaison\ncat\tchat\n", encoding="utf-8")
    sc = Studycards(tmp_path / "collection.db")
    sc("import", str(words))
    card = sc("cards", "--json").json_lines()[0]
    with Collection.open(tmp_path / "collection.db") as col:
        assert card_edit_location(col, card["card_id"]) is None
        text, _ = card_note_document(col, card["card_id"])
        assert save_card_note_document(
            col, card["card_id"], text.replace("maison", "la maison"), path="note.md"
        )
    assert sc("cards", "--json").json_lines()[0]["back"] == "la maison"
