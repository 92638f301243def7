"""The document a note is edited in when its text is kept in the collection: what it shows,
what an edit of it changes, and the edits it refuses (against a real collection file)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studycards.clock import FrozenClock
from studycards.collection.note_text import (
    card_note_document,
    note_document,
    read_note_document,
    save_card_note_document,
)
from studycards.errors import NoteError
from studycards.model import Deck, ImportBatch, Rating
from studycards.study.session import Session
from tests.builders import basic, cloze
from tests.unit.collection_helpers import open_collection

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=timezone.utc)


def test_an_untouched_document_reads_back_as_the_same_note() -> None:
    note = basic("Deck", "Capital of Peru?", "Lima\n\n<b>on the Rímac</b>")
    text, line = note_document(note, deck="Deck", origin="/tmp/deck.apkg")
    assert "/tmp/deck.apkg" in text.splitlines()[0]
    assert text.splitlines()[line - 1] == "Capital of Peru?"
    assert read_note_document(text, note, path="n.md") == note


# Field text as an editor saves it: lines end in \n (a lone \r is read as a line end too), no
# line is a field heading, and blank lines at either end are not kept.
field_text = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\r")).filter(
    lambda value: (
        value.strip("\n") == value and not any(line.startswith("## ") for line in value.split("\n"))
    )
)


@given(question=field_text.filter(str.strip), answer=field_text)
def test_any_field_text_survives_the_document(question: str, answer: str) -> None:
    note = basic("Deck", question, answer)
    text, _ = note_document(note, deck="Deck", origin="")
    back = read_note_document(text, note, path="n.md")
    assert back.fields == note.fields


def test_tags_and_fields_change_and_a_lost_heading_is_named() -> None:
    note = basic("Deck", "Capital of Peru?", "Lima")
    text, _ = note_document(note, deck="Deck", origin="")
    edited = text.replace("tags:", "tags: geo  peru geo").replace("\nLima\n", "\nLima, Peru\n")
    back = read_note_document(edited, note, path="n.md")
    assert back.tags == ("geo", "peru")
    assert back["answer"] == "Lima, Peru"
    with pytest.raises(NoteError, match=r"n\.md:1: the heading `## answer` is missing"):
        read_note_document(text.replace("## answer", "answer"), note, path="n.md")


def test_a_cloze_left_without_a_deletion_is_refused_and_a_new_one_adds_a_card(
    tmp_path: Path,
) -> None:
    note = cloze("Deck", "{{c1::Lima}} is the capital of Peru")
    package = str(tmp_path / "deck.apkg")
    with open_collection(tmp_path, FrozenClock(NOW)) as col:
        col.import_batch(ImportBatch(origin=package, decks=(Deck("Deck", (note,)),)))
        session = Session(col, ["Deck"])
        session.reveal()
        session.answer(Rating.GOOD)
        card_id = f"{note.note_id}-0"
        text, _ = card_note_document(col, card_id)
        with pytest.raises(NoteError, match="would make no card"):
            save_card_note_document(col, card_id, text.replace("{{c1::Lima}}", "Lima"), path="x")
        more = text.replace("of Peru", "of {{c2::Peru}}")
        assert save_card_note_document(col, card_id, more, path="x")
        rows = {row.card.card_id: row for row in col.card_rows()}
        assert sorted(rows) == [card_id, f"{note.note_id}-1"]
        assert rows[card_id].reps == 1 and rows[f"{note.note_id}-1"].reps == 0
        # Dropping the first deletion orphans its card, which keeps its history.
        fewer = more.replace("{{c1::Lima}}", "Lima")
        assert save_card_note_document(col, card_id, fewer, path="x")
        (orphan,) = col.orphans()
        assert orphan.card.card_id == card_id and orphan.reps == 1
