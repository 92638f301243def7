"""studycards → .apkg → (Anki →) studycards: the same notes, ids and history come back."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from studycards.clock import FrozenClock, StudyDay
from studycards.interop.anki_export import write_apkg
from studycards.interop.readers import read_import
from studycards.model import Note, NoteRecord

from .conftest import export_apkg, import_apkg, sample_notes, sample_records


def as_in_anki(note: Note) -> Note:
    """Anki tags cannot hold spaces and are kept sorted."""
    return dataclasses.replace(note, tags=tuple(sorted("_".join(t.split()) for t in note.tags)))


def imported_notes(path: Path, media: Path) -> dict[str, Note]:
    batch = read_import(path, media_dir=media)
    assert batch is not None and batch.warnings == ()
    return {n.note_id: n for deck in batch.decks for n in deck.notes}


def export(records: list[NoteRecord], path: Path, clock: FrozenClock) -> Path:
    return write_apkg(
        records, path, with_scheduling=False, media_dir=None, clock=clock, study_day=StudyDay()
    ).path


def test_our_package_reads_back_as_the_same_notes(tmp_path: Path, clock: FrozenClock) -> None:
    path = export(sample_records(), tmp_path / "race.apkg", clock)
    back = imported_notes(path, tmp_path / "media")
    originals = {n.note_id: n for n in sample_notes()}
    assert set(back) == set(originals)
    for note_id, original in originals.items():
        assert back[note_id] == as_in_anki(original)


def test_through_anki_and_back_nothing_is_lost_or_duplicated(
    tmp_path: Path, clock: FrozenClock, anki_col: Any
) -> None:
    import_apkg(anki_col, export(sample_records(), tmp_path / "race.apkg", clock))
    again = tmp_path / "from-anki.apkg"
    export_apkg(anki_col, again)
    back = imported_notes(again, tmp_path / "media")
    originals = {n.note_id: n for n in sample_notes()}
    assert set(back) == set(originals)
    for note_id, original in originals.items():
        assert back[note_id] == as_in_anki(original)
