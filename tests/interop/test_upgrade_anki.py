"""After the ids lost their deck (schema 2), Anki still sees the same notes: a re-export of an
upgraded collection updates what an export made before the upgrade put into Anki, and that
old export imports back onto the upgraded notes."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path
from typing import Any

from studycards.clock import StudyDay, system_clock
from studycards.collection import Collection
from studycards.collection.store.rekey import schema1_guid
from studycards.interop.anki_export import write_apkg
from tests.cli.clirun import Studycards
from tests.cli.test_upgrade import OLD
from tests.interop.conftest import import_apkg


def _upgraded(tmp_path: Path) -> Path:
    path = tmp_path / "collection.db"
    con = sqlite3.connect(path)
    con.executescript((OLD / "collection.sql").read_text(encoding="utf-8"))
    con.close()
    Collection.open(path).close()
    return path


def _export_as_schema_1_did(path: Path, out: Path) -> int:
    """What `export` wrote before the upgrade: each note under its old id, GUID from it."""
    con = sqlite3.connect(path)
    rows = con.execute(
        "SELECT a.new, a.old, n.guid FROM note_aliases a JOIN notes n ON n.note_id = a.new"
    ).fetchall()
    con.close()
    # The note that stayed of two sharing a new id is the one whose GUID it kept.
    old_of = {new: old for new, old, guid in rows if guid == schema1_guid(old)}
    with Collection.open(path) as col:
        records = [
            dataclasses.replace(
                record,
                note=dataclasses.replace(record.note, note_id=old_of[record.note.note_id], guid=""),
            )
            for record in col.note_records(with_history=False)
        ]
    write_apkg(
        records,
        out,
        with_scheduling=False,
        media_dir=None,
        clock=system_clock,
        study_day=StudyDay(),
    )
    return len(records)


def test_a_re_export_updates_the_notes_an_old_export_put_into_anki(
    tmp_path: Path, anki_col: Any
) -> None:
    path = _upgraded(tmp_path)
    exported = _export_as_schema_1_did(path, tmp_path / "old.apkg")
    assert exported == 34
    assert len(import_apkg(anki_col, tmp_path / "old.apkg").new) == 34

    Studycards(path)("export", "-o", str(tmp_path / "new.apkg"))
    log = import_apkg(anki_col, tmp_path / "new.apkg")
    assert len(log.new) == 0
    assert anki_col.note_count() == 34


def test_an_old_export_imports_onto_the_upgraded_notes(tmp_path: Path) -> None:
    path = _upgraded(tmp_path)
    _export_as_schema_1_did(path, tmp_path / "old.apkg")
    sc = Studycards(path)
    cards = sc("cards", "--json").json_lines()
    [report] = sc("import", str(tmp_path / "old.apkg"), "--json").json_lines()
    assert (report["added"], report["reviews_added"]) == (0, 0)
    after = sc("cards", "--json").json_lines()
    assert [c["card_id"] for c in after] == [c["card_id"] for c in cards]
