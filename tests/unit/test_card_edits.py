"""Flagging, marking and suspending cards by id: all or nothing, and marks belong to notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from studycards.clock import FrozenClock
from studycards.errors import NotFoundError, StudycardsError
from tests.builders import batch, term
from tests.unit.collection_helpers import open_collection


def test_a_mark_is_the_notes_and_an_unknown_id_changes_nothing(
    tmp_path: Path, clock: FrozenClock
) -> None:
    with open_collection(tmp_path, clock) as col:
        note = term("Deck", "compute", "chips and data centres")
        col.import_batch(batch("d.md", ("Deck", [note])))
        front, back = f"{note.note_id}-0", f"{note.note_id}-1"
        assert col.set_marked([front], True) == 1
        assert {row.card.card_id: row.marked for row in col.card_rows()} == {
            front: True,
            back: True,
        }
        assert col.set_flag([back], 4) == 1 and col.set_flag([back], 4) == 0
        with pytest.raises(NotFoundError, match="no card with id 'nope'"):
            col.set_flag([front, "nope"], 2)
        with pytest.raises(StudycardsError, match="0 to 7"):
            col.set_flag([front], 8)
        with pytest.raises(NotFoundError):
            col.set_suspended([front, "nope"], True)
        flags = {row.card.card_id: (row.flag, row.suspended) for row in col.card_rows()}
        assert flags == {front: (0, False), back: (4, False)}
