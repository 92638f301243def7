"""One note written in several files: which file's text it takes, how a note marks its own as
preferred, and what happens when a source goes away (against a real collection file)."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from pathlib import Path

from studycards.clock import FrozenClock
from studycards.collection.note_sources import preferred_ids, rank
from studycards.model import Deck, ImportBatch, Rating, Source
from studycards.study.session import Session
from tests.builders import basic, term
from tests.unit.collection_helpers import open_collection

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=timezone.utc)


def test_preferred_takes_a_list_a_line_or_every_term_of_the_note() -> None:
    notes = (term("D", "Keel"), term("D", "hull"), basic("D", "Keel?"))
    ids = {note["term"] if "term" in note.fields else "basic": note.note_id for note in notes}

    def marked(value: object) -> set[str]:
        found = preferred_ids(Deck("D", notes, meta={"preferred": value}))
        return {name for name, note_id in ids.items() if note_id in found}

    assert marked(["keel"]) == {"Keel"}  # a term's case and spacing do not matter
    assert marked("hull, KEEL ") == {"Keel", "hull"}
    assert marked(True) == marked("all") == {"Keel", "hull"}  # terms only, not questions
    assert marked(None) == marked(False) == marked(3) == marked(["nothing"]) == set()
    assert preferred_ids(Deck("D", notes)) == frozenset()


def test_the_first_file_in_reading_order_wins_unless_another_is_preferred() -> None:
    ordered = ["/v/a/z.md", "/v/a.md", "/v/b.md"]  # a folder's notes before a later name's
    assert sorted(ordered, key=lambda origin: rank(origin, False)) == ordered
    assert rank("/v/b.md", True) < rank("/v/a/z.md", False)


def test_a_note_takes_the_next_files_text_when_its_own_file_is_gone(tmp_path: Path) -> None:
    files = [tmp_path / "a.md", tmp_path / "b.md"]
    for file in files:
        file.write_text("a note", encoding="utf-8")

    def from_file(path: Path, deck: str) -> ImportBatch:
        note = term(deck, "keel", f"as {path.name} says")
        note = dataclasses.replace(note, source=Source(str(path), 3))
        return ImportBatch(origin=str(path), decks=(Deck(deck, (note,)),))

    with open_collection(tmp_path, FrozenClock(NOW)) as col:
        # Read in any order, a.md comes first: its text and deck, b.md listed as well.
        col.import_batches([from_file(files[1], "B"), from_file(files[0], "A")])
        rows = list(col.card_rows())
        assert {(r.card.deck, r.card.source.path) for r in rows} == {("A", str(files[0]))}
        assert all("as a.md says" in (r.card.front + r.card.back) for r in rows)
        assert {r.other_sources for r in rows} == {(Source(str(files[1]), 3),)}
        session = Session(col, ["A"])
        session.reveal()
        session.answer(Rating.GOOD)
        # a.md is deleted, and only b.md is read again: b.md's text is the card's now.
        files[0].unlink()
        col.import_batches([from_file(files[1], "B")])
        rows = list(col.card_rows())
        assert {(r.card.deck, r.other_sources) for r in rows} == {("B", ())}
        assert all("as b.md says" in (r.card.front + r.card.back) for r in rows)
        assert not col.orphans() and len(list(col.history())) == 1
