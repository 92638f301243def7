"""Notes → an .apkg Anki imports cleanly, and re-imports as updates, never duplicates.

genanki writes the notes, cards, note types and decks (schema 11, `collection.anki2`, which
every current Anki reads). We then set what genanki cannot (anki_formats.md §2.3):

- each note's own modification time. Anki updates a note only when the incoming `mod` is
  newer, so `mod` is `NoteRecord.modified`, the time the content last changed: a changed
  note is newer than what Anki has, an unchanged one is not, and an edit made in Anki since
  is kept. For a note that came from an Anki package the collection keeps Anki's own mod
  time (ImportBatch.modified), so an Anki edit made after that package was written still
  wins over a re-export.
- with scheduling: the cards' state, FSRS memory state and the review log.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable
from datetime import datetime
from functools import cache
from pathlib import Path

import genanki

from studycards.cards import card_ords, cloze_numbers
from studycards.clock import Clock, StudyDay
from studycards.errors import ExportError
from studycards.interop import notetypes
from studycards.interop.anki_schedule import card_columns, revlog_row
from studycards.interop.anki_templates import CSS, TEMPLATES
from studycards.interop.export_result import ExportResult
from studycards.interop.html_text import media_references, text_to_html
from studycards.model import Note, NoteRecord, NoteType

__all__ = ["ExportResult", "write_apkg"]


@cache
def _model(note_type: NoteType) -> genanki.Model:
    kind = (
        genanki.Model.CLOZE
        if note_type in (NoteType.CLOZE, NoteType.FIGURE)
        else genanki.Model.FRONT_BACK
    )
    return genanki.Model(
        notetypes.IDS[note_type],
        notetypes.NAMES[note_type],
        fields=[{"name": name} for name in notetypes.ANKI_FIELDS[note_type]],
        templates=TEMPLATES[note_type],
        css=CSS,
        model_type=kind,
    )


def deck_id(name: str) -> int:
    """A stable deck id from the name (Anki matches decks by name; genanki needs an id)."""
    return (1 << 30) + int.from_bytes(
        hashlib.blake2b(name.encode(), digest_size=4).digest(), "big"
    ) % (1 << 30)


def _fields(note: Note, media: set[str] | None) -> list[str]:
    exists = media.__contains__ if media is not None else None
    values = [text_to_html(value, exists) for value in note.fields.values()]
    if note.type is NoteType.BASIC:
        values.append("y" if note.reversed else "")
    values.append(text_to_html(notetypes.format_source(note.source)))
    values.append(note.note_id)
    return values


def _tags(note: Note, marked: bool) -> list[str]:
    tags = ["_".join(tag.split()) for tag in note.tags if tag.strip()]
    if marked and "marked" not in tags:
        tags.append("marked")
    return sorted(set(tags))  # Anki keeps tags sorted; so do we, so a round trip is exact


def write_apkg(
    records: Iterable[NoteRecord],
    path: Path,
    *,
    with_scheduling: bool,
    media_dir: Path | None,
    clock: Clock,
    study_day: StudyDay,
) -> ExportResult:
    """Write `records` to `path` as an Anki package. Cloze notes without a deletion are left
    out with a warning (genanki would give them no card at all)."""
    now = clock()
    available = (
        {p.name for p in media_dir.iterdir() if p.is_file()}
        if media_dir and media_dir.is_dir()
        else set()
    )
    decks: dict[str, genanki.Deck] = {}
    kept: list[tuple[NoteRecord, str]] = []  # with each note's GUID
    warnings: list[str] = []
    media: set[str] = set()
    for record in records:
        note = record.note
        if note.type in (NoteType.CLOZE, NoteType.FIGURE) and not cloze_numbers(note["text"]):
            warnings.append(
                f"{note.source}: cloze note {note.note_id} has no deletions; not exported"
            )
            continue
        for value in note.fields.values():
            media.update(name for name in media_references(value) if name in available)
        deck = decks.get(note.deck)
        if deck is None:
            deck = decks[note.deck] = genanki.Deck(deck_id(note.deck), note.deck)
        guid = notetypes.guid_for_note(note.note_id, note.guid)
        deck.add_note(
            genanki.Note(
                model=_model(note.type),
                fields=_fields(note, available),
                tags=_tags(note, record.marked),
                guid=guid,
            )
        )
        kept.append((record, guid))
    files = [media_dir / name for name in sorted(media)] if media_dir else []
    path = path.resolve()
    try:
        with tempfile.TemporaryDirectory(prefix=".studycards-export-", dir=path.parent) as tmp:
            db = Path(tmp) / "collection.anki2"
            reviews = _write_db(db, list(decks.values()), kept, with_scheduling, now, study_day)
            staged = Path(tmp) / "package.apkg"
            with zipfile.ZipFile(staged, "w") as archive:
                archive.write(db, "collection.anki2")
                archive.writestr("media", json.dumps({str(i): f.name for i, f in enumerate(files)}))
                for index, file in enumerate(files):
                    archive.write(file, str(index))
            os.replace(staged, path)
    except OSError as error:
        raise ExportError(
            f"cannot write the package: {error.strerror or error}", path=str(path)
        ) from error
    except sqlite3.Error as error:
        # The package's own database is built in the same folder: a full disk shows here.
        raise ExportError(
            f"cannot write the package: {error} (is the disk full?)", path=str(path)
        ) from error
    cards = sum(len(card_ords(record.note)) for record, _ in kept)
    return ExportResult(path, len(kept), cards, reviews, len(files), tuple(warnings))


def _write_db(
    db: Path,
    decks: list[genanki.Deck],
    records: list[tuple[NoteRecord, str]],
    with_scheduling: bool,
    now: datetime,
    study_day: StudyDay,
) -> int:
    timestamp = now.timestamp()
    con = sqlite3.connect(db)
    try:
        cursor = con.cursor()
        # A scratch file that is zipped and then thrown away: no journal, no fsync per
        # statement (genanki's schema script alone would cost a third of a second of syncs).
        cursor.execute("PRAGMA journal_mode=OFF")
        cursor.execute("PRAGMA synchronous=OFF")
        genanki.Package(decks).write_to_db(
            cursor, timestamp, itertools.count(int(timestamp * 1000))
        )
        cursor.execute("CREATE TEMP TABLE m (guid TEXT PRIMARY KEY, mod INTEGER)")
        cursor.executemany(
            "INSERT OR REPLACE INTO m VALUES (?, ?)",
            ((guid, int(r.modified.timestamp())) for r, guid in records),
        )
        cursor.execute("UPDATE notes SET mod = m.mod FROM m WHERE m.guid = notes.guid")
        # Day numbers in the package count from the start of today's study day.
        crt = int(study_day.start(study_day.day_of(now)).timestamp())
        # schedVer 2 tells Anki the cards are already in the v2/v3 encoding; without it Anki
        # "upgrades" a v1 collection and rewrites the review log's answer buttons.
        (conf,) = cursor.execute("SELECT conf FROM col").fetchone()
        conf = json.dumps({**json.loads(conf), "schedVer": 2, "sched2021": True})
        cursor.execute(
            "UPDATE col SET crt = ?, mod = ?, conf = ?", (crt, int(timestamp * 1000), conf)
        )
        reviews = _write_scheduling(cursor, records, now, study_day) if with_scheduling else 0
        con.commit()
        return reviews
    finally:
        con.close()


def _write_scheduling(
    cursor: sqlite3.Cursor,
    records: list[tuple[NoteRecord, str]],
    now: datetime,
    study_day: StudyDay,
) -> int:
    today = study_day.number(now)
    card_ids = {
        (g, o): cid
        for cid, g, o in cursor.execute(
            "SELECT cards.id, notes.guid, cards.ord FROM cards JOIN notes ON notes.id = cards.nid"
        )
    }
    updates = []
    revlog = []
    used: set[int] = set()
    next_free: dict[int, int] = {}
    position = 0
    for record, note_guid in records:
        for card in record.cards:
            cid = card_ids.get((note_guid, card.ord))
            if cid is None:
                continue
            position += 1
            columns = card_columns(card, today=today, study_day=study_day, position=position)
            updates.append((*columns, cid))
            for entry in card.history:
                base = round(entry.review.reviewed_at.timestamp() * 1000)
                # Revlog ids are unique; two answers in one millisecond take the next free one.
                rid = next_free.get(base, base)
                while rid in used:
                    rid += 1
                next_free[base] = rid + 1
                used.add(rid)
                revlog.append((rid, cid, -1, *revlog_row(entry)))
    cursor.executemany(
        "UPDATE cards SET type=?, queue=?, due=?, ivl=?, factor=?, reps=?, lapses=?, left=?, flags=?, data=?"
        " WHERE id=?",
        updates,
    )
    cursor.executemany(
        "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) VALUES (?,?,?,?,?,?,?,?,?)",
        revlog,
    )
    return len(revlog)
