"""Notes → an .apkg Anki imports cleanly, and re-imports as updates, never duplicates.

genanki writes the notes, cards, note types and decks (schema 11, `collection.anki2`, which
every current Anki reads). We then set what genanki cannot:

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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import genanki

from studycards.clock import Clock, StudyDay
from studycards.errors import ExportError
from studycards.interop import notetypes
from studycards.interop.anki_schedule import card_columns, log_row, revlog_values
from studycards.interop.anki_templates import CSS, HR, TEMPLATES
from studycards.interop.export_result import ExportResult
from studycards.interop.html_text import media_references, text_to_html
from studycards.model import Note, NoteRecord, NoteType, card_id_for
from studycards.notes.cards import anki_faces, card_ords, cloze_html, cloze_numbers, plain

if TYPE_CHECKING:
    from studycards.rows import ExportLogRow

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


@cache
def _anki_model(size: int) -> genanki.Model:
    """The note type a note rendered from Anki templates goes out in: one front and one back
    field per card, as the card reads here, and a template per card that shows them."""
    return genanki.Model(
        notetypes.ANKI_BASE_ID + size,
        f"{notetypes.ANKI_NAME} ({size} cards)",
        fields=[{"name": name} for name in notetypes.anki_card_fields(size)],
        templates=[
            {
                "name": f"Card {n}",
                "qfmt": f"{{{{Card {n} Front}}}}",
                "afmt": f"{{{{FrontSide}}}}{HR}{{{{Card {n} Back}}}}",
            }
            for n in range(1, size + 1)
        ],
        css=CSS,
    )


def _note_model(note: Note) -> genanki.Model:
    if note.type is NoteType.ANKI:
        return _anki_model(max(card_ords(note)) + 1)
    return _model(note.type)


def deck_id(name: str) -> int:
    """A stable deck id from the name (Anki matches decks by name; genanki needs an id)."""
    return (1 << 30) + int.from_bytes(
        hashlib.blake2b(name.encode(), digest_size=4).digest(), "big"
    ) % (1 << 30)


def _fields(note: Note, media: set[str] | None) -> list[str]:
    exists = media.__contains__ if media is not None else None
    if note.type is NoteType.ANKI:
        sides = {ord_: (plain(f.question), plain(f.answer)) for ord_, f in anki_faces(note)}
        return [
            text_to_html(side, exists)
            for ord_ in range(max(sides) + 1)
            for side in sides.get(ord_, ("", ""))
        ]
    values = [cloze_html(text_to_html(value, exists)) for value in note.fields.values()]
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


# Notes handed to genanki at a time: its objects never hold a whole deck at once.
_CHUNK = 2000
# Review-log rows per executemany.
_LOG_BATCH = 5000
_INSERT_REVLOG = (
    "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
    " VALUES (?,?,?,?,?,?,?,?,?)"
)


@dataclass
class _Written:
    notes: int = 0
    cards: int = 0
    reviews: int = 0
    media: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)


def write_apkg(
    records: Iterable[NoteRecord],
    path: Path,
    *,
    with_scheduling: bool,
    media_dir: Path | None,
    clock: Clock,
    study_day: StudyDay,
    review_log: Iterable[ExportLogRow] | None = None,
) -> ExportResult:
    """Write `records` to `path` as an Anki package. Cloze notes without a deletion are left
    out with a warning (genanki would give them no card at all).

    Records are read once, as they come, so a generator keeps memory flat. With scheduling,
    the review log is the records' own card history, or `review_log` when given (rows in
    time order, as `Collection.export_log` streams them; the records' history is then
    ignored and rows of cards not in `records` are left out)."""
    now = clock()
    available = (
        {p.name for p in media_dir.iterdir() if p.is_file()}
        if media_dir and media_dir.is_dir()
        else set()
    )
    path = path.resolve()
    try:
        with tempfile.TemporaryDirectory(prefix=".studycards-export-", dir=path.parent) as tmp:
            db = Path(tmp) / "collection.anki2"
            written = _write_db(db, records, available, with_scheduling, review_log, now, study_day)
            files = [media_dir / name for name in sorted(written.media)] if media_dir else []
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
    return ExportResult(
        path, written.notes, written.cards, written.reviews, len(files), tuple(written.warnings)
    )


def _write_db(
    db: Path,
    records: Iterable[NoteRecord],
    available: set[str],
    with_scheduling: bool,
    review_log: Iterable[ExportLogRow] | None,
    now: datetime,
    study_day: StudyDay,
) -> _Written:
    timestamp = now.timestamp()
    con = sqlite3.connect(db)
    try:
        cursor = con.cursor()
        # A scratch file that is zipped and then thrown away: no journal, no fsync per
        # statement (genanki's schema script alone would cost a third of a second of syncs).
        cursor.execute("PRAGMA journal_mode=OFF")
        cursor.execute("PRAGMA synchronous=OFF")
        ids = itertools.count(int(timestamp * 1000))
        genanki.Package([]).write_to_db(cursor, timestamp, ids)  # schema and collection row
        # Indexes are built once at the end, by sorting: kept up row by row, the cards and
        # review-log indexes thrash SQLite's page cache on a large deck (3× the time).
        indexes = cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        ).fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("CREATE TEMP TABLE m (guid TEXT PRIMARY KEY, mod INTEGER)")
        written = _Written()
        scheduling = _Scheduling(cursor, now, study_day) if with_scheduling else None
        for chunk in _batches(records, _CHUNK):
            kept = _write_notes(cursor, chunk, available, timestamp, ids, written)
            if scheduling is not None:
                scheduling.add_cards(kept, with_history=review_log is None)
        cursor.execute("UPDATE notes SET mod = m.mod FROM m WHERE m.guid = notes.guid")
        if scheduling is not None:
            if review_log is None:
                scheduling.write_history()
            else:
                scheduling.add_log(review_log)
        written.reviews = scheduling.reviews if scheduling is not None else 0
        # Day numbers in the package count from the start of today's study day.
        crt = int(study_day.start(study_day.day_of(now)).timestamp())
        # schedVer 2 tells Anki the cards are already in the v2/v3 encoding; without it Anki
        # "upgrades" a v1 collection and rewrites the review log's answer buttons.
        conf, models = cursor.execute("SELECT conf, models FROM col").fetchone()
        conf = json.dumps({**json.loads(conf), "schedVer": 2, "sched2021": True})
        # genanki adds each note type under an int key beside the str key it read back, once
        # per batch; loading keeps one of each.
        models = json.dumps(json.loads(models))
        cursor.execute(
            "UPDATE col SET crt = ?, mod = ?, conf = ?, models = ?",
            (crt, int(timestamp * 1000), conf, models),
        )
        for _, sql in indexes:
            cursor.execute(sql)
        con.commit()
        return written
    finally:
        con.close()


def _batches(records: Iterable[NoteRecord], size: int) -> Iterator[list[NoteRecord]]:
    it = iter(records)
    while batch := list(itertools.islice(it, size)):
        yield batch


def _write_notes(
    cursor: sqlite3.Cursor,
    records: Iterable[NoteRecord],
    available: set[str],
    timestamp: float,
    ids: Iterator[int],
    written: _Written,
) -> list[tuple[NoteRecord, str]]:
    """Write one batch of notes and their cards through genanki; the kept records with each
    note's GUID."""
    decks: dict[str, genanki.Deck] = {}
    kept: list[tuple[NoteRecord, str]] = []
    for record in records:
        note = record.note
        if note.type in (NoteType.CLOZE, NoteType.FIGURE) and not cloze_numbers(note["text"]):
            written.warnings.append(
                f"{note.source}: cloze note {note.note_id} has no deletions; not exported"
            )
            continue
        for value in note.fields.values():
            written.media.update(name for name in media_references(value) if name in available)
        deck = decks.get(note.deck)
        if deck is None:
            deck = decks[note.deck] = genanki.Deck(deck_id(note.deck), note.deck)
        guid = notetypes.guid_for_note(note.note_id, note.guid)
        deck.add_note(
            genanki.Note(
                model=_note_model(note),
                fields=_fields(note, available),
                tags=_tags(note, record.marked),
                guid=guid,
            )
        )
        kept.append((record, guid))
        written.notes += 1
        written.cards += len(card_ords(note))
    for deck in decks.values():
        deck.write_to_db(cursor, timestamp, ids)
    cursor.executemany(
        "INSERT OR REPLACE INTO m VALUES (?, ?)",
        ((guid, int(r.modified.timestamp())) for r, guid in kept),
    )
    return kept


class _Scheduling:
    """Cards' scheduling and the review log, written batch by batch as the notes are."""

    def __init__(self, cursor: sqlite3.Cursor, now: datetime, study_day: StudyDay) -> None:
        self.cursor = cursor
        self.study_day = study_day
        self.today = study_day.number(now)
        self.position = 0
        self.reviews = 0
        self.last_card = 0  # genanki's ids only grow: cards above this are the new batch's
        self.cids: dict[str, int] = {}  # our card id → Anki's, for the review log
        self.last_id = self.last_base = -1  # the review log's, as it is written
        self.history: list[tuple[int, ExportLogRow]] = []  # from the records, when no log is given

    def add_cards(self, kept: list[tuple[NoteRecord, str]], *, with_history: bool) -> None:
        card_ids = {
            (g, o): cid
            for cid, g, o in self.cursor.execute(
                "SELECT cards.id, notes.guid, cards.ord FROM cards"
                " JOIN notes ON notes.id = cards.nid WHERE cards.id > ?",
                (self.last_card,),
            )
        }
        self.last_card = max(card_ids.values(), default=self.last_card)
        updates = []
        for record, note_guid in kept:
            for card in record.cards:
                cid = card_ids.get((note_guid, card.ord))
                if cid is None:
                    continue
                self.position += 1
                columns = card_columns(
                    card, today=self.today, study_day=self.study_day, position=self.position
                )
                updates.append((*columns, cid))
                self.cids[card_id_for(record.note.note_id, card.ord)] = cid
                if with_history:
                    self.history.extend((cid, log_row(entry)) for entry in card.history)
        self.cursor.executemany(
            "UPDATE cards SET type=?, queue=?, due=?, ivl=?, factor=?, reps=?, lapses=?, left=?,"
            " flags=?, data=? WHERE id=?",
            updates,
        )

    def write_history(self) -> None:
        """The records' own card history, in time order (a stable sort: ties stay in card
        order)."""
        self.history.sort(key=lambda pair: pair[1].reviewed_at)
        self._write_log(self.history)
        self.history = []

    def add_log(self, rows: Iterable[ExportLogRow]) -> None:
        """Review-log rows by our card ids; rows of cards not exported are left out."""
        cids = self.cids
        self._write_log((cid, row) for row in rows if (cid := cids.get(row.card_id)) is not None)

    def _write_log(self, rows: Iterable[tuple[int, ExportLogRow]]) -> None:
        """Insert with each answer's millisecond as its revlog id. Revlog ids are unique:
        an answer whose millisecond is taken (two in one millisecond) takes the next free
        id. Answers come in time order, so the next free id is always just past the last one
        given, and nothing else needs remembering however long the log is."""
        batch: list[tuple[int, ...]] = []
        last, last_base = self.last_id, self.last_base
        for cid, row in rows:
            base = row.reviewed_at
            if base < last_base:
                raise ValueError("the review log must be in time order")
            last_base = base
            last = base if base > last else last + 1
            batch.append((last, cid, -1, *revlog_values(row)))
            if len(batch) == _LOG_BATCH:
                self.cursor.executemany(_INSERT_REVLOG, batch)
                self.reviews += len(batch)
                batch = []
        self.cursor.executemany(_INSERT_REVLOG, batch)
        self.reviews += len(batch)
        self.last_id, self.last_base = last, last_base
