"""A note written in more than one file: one note, with every place it comes from.

The same glossary term defined in several notes of a folder is one note (its id is the
term's). Its text and place are those of one of its sources, the *primary* (the note row:
`origin`, `deck_id`, the fields): the first in the order files are read, unless a note marks
its definition as the one to use (front matter `preferred:`, see `preferred_ids`). Every other
source is a row of `note_sources`, with its own text and place, so that when the primary
file drops the term, or is deleted, the next source takes over instead of the cards becoming
orphans: a term stays while any file still has it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path, PurePath
from typing import Any, NamedTuple

from studycards.collection.store.codec import NoteRow, insert_sql, row_factory, select
from studycards.model import Deck, NoteType, Source, note_id_for


class SourceRow(NamedTuple):
    """A note (row id `note`) as one of its sources writes it, and where it sits there."""

    note: int
    text: NoteRow
    origin: str
    deck_id: int
    position: int
    content_hash: str
    preferred: int


_COLUMNS = select(SourceRow, text="")
_INSERT = insert_sql("note_sources", tuple(_COLUMNS.split(", ")))
_read = row_factory(SourceRow)


def preferred_ids(deck: Deck) -> frozenset[str]:
    """The notes whose text in this deck's source is the one to use, wherever else they
    are written: the front matter's `preferred:`, a list of glossary terms (or a comma
    separated line of them), or `true` for every term of the note."""
    marked: Any = deck.meta.get("preferred")
    terms = [note for note in deck.notes if note.type is NoteType.TERM]
    if marked is True or (isinstance(marked, str) and marked.strip().lower() in ("all", "true")):
        return frozenset(note.note_id for note in terms)
    if isinstance(marked, str):
        words: list[Any] = marked.split(",")
    elif isinstance(marked, list):
        words = marked
    else:
        return frozenset()
    wanted = {
        note_id_for(NoteType.TERM, str(word))
        for word in words
        if isinstance(word, str | int | float) and not isinstance(word, bool) and str(word).strip()
    }
    return frozenset(note.note_id for note in terms if note.note_id in wanted)


def rank(origin: str, preferred: bool) -> tuple[bool, tuple[str, ...]]:
    """Which source's text a note takes (the lowest): a preferred one first, then the first
    in the order folders are read (by path, folder by folder, as the walk sorts them)."""
    return (not preferred, PurePath(origin).parts)


def still_there(origin: str) -> bool:
    """Whether a source file still exists: a file deleted or renamed since it was read, and
    not read again (a file imported on its own), is no source any more."""
    return Path(origin).is_file()


def others_of(conn: sqlite3.Connection, note_pk: int) -> list[SourceRow]:
    """The note's sources other than its primary, best first (`rank`); rows of files that
    are gone are dropped here."""
    cursor = conn.execute(f"SELECT {_COLUMNS} FROM note_sources WHERE note = ?", (note_pk,))
    cursor.row_factory = _read
    rows: list[SourceRow] = cursor.fetchall()
    for row in rows:
        if not still_there(row.origin):
            drop(conn, note_pk, row.origin)
    alive = [row for row in rows if still_there(row.origin)]
    return sorted(alive, key=lambda row: rank(row.origin, bool(row.preferred)))


def keep(conn: sqlite3.Connection, row: SourceRow) -> None:
    """Record (or update) one more source of note `row.note`."""
    drop(conn, row.note, row.origin)
    values = (row.origin, row.deck_id, row.position, row.content_hash, row.preferred)
    conn.execute(_INSERT, (row.note, *row.text, *values))


def drop(conn: sqlite3.Connection, note_pk: int, origin: str) -> None:
    conn.execute("DELETE FROM note_sources WHERE note = ? AND origin = ?", (note_pk, origin))


def forget_origin(conn: sqlite3.Connection, origin: str, seen: set[str]) -> None:
    """File `origin` is no longer a source of the notes it dropped (not in `seen`, ids)."""
    gone = [
        (note, origin)
        for note, note_id in conn.execute(
            "SELECT note, note_id FROM note_sources WHERE origin = ?", (origin,)
        )
        if note_id not in seen
    ]
    conn.executemany("DELETE FROM note_sources WHERE note = ? AND origin = ?", gone)


def shared_from(conn: sqlite3.Connection, origin: str) -> list[int]:
    """The notes whose primary is file `origin` and that other files write too."""
    return [
        note
        for (note,) in conn.execute(
            "SELECT DISTINCT s.note FROM notes n JOIN note_sources s ON s.note = n.id "
            "WHERE n.origin = ?",
            (origin,),
        )
    ]


def other_sources_of_all(conn: sqlite3.Connection) -> dict[int, list[Source]]:
    """other_sources of every note written in more than one file (few, in any collection)."""
    notes = [note for (note,) in conn.execute("SELECT DISTINCT note FROM note_sources")]
    return other_sources(conn, notes)


def other_sources(conn: sqlite3.Connection, note_pks: Iterable[int]) -> dict[int, list[Source]]:
    """Note pk → where else each note is written, best first, for the notes that are."""
    out: dict[int, list[SourceRow]] = {}
    for part in _parts(list(dict.fromkeys(note_pks))):
        cursor = conn.execute(
            f"SELECT {_COLUMNS} FROM note_sources WHERE note IN ({','.join('?' * len(part))})",
            part,
        )
        cursor.row_factory = _read
        for row in cursor:
            out.setdefault(row.note, []).append(row)
    own = {
        row.note: Source(row.path, row.line, row.heading)
        for part in _parts(list(out))
        for row in _primaries(conn, part)
    }
    listed: dict[int, list[Source]] = {}
    for note, rows in out.items():
        # Each place once, not the note's own (a deck file built from a note and the note
        # itself, both imported, name the same place).
        places = dict.fromkeys(
            Source(r.text.source_path, r.text.source_line, r.text.source_heading)
            for r in sorted(rows, key=lambda r: rank(r.origin, bool(r.preferred)))
            if still_there(r.origin)
        )
        places.pop(own.get(note, Source("")), None)
        if places:
            listed[note] = list(places)
    return listed


class _Primary(NamedTuple):
    note: int
    path: str
    line: int
    heading: str


_PRIMARY = select(
    _Primary, note="id", path="source_path", line="source_line", heading="source_heading"
)


def _primaries(conn: sqlite3.Connection, note_pks: list[int]) -> list[_Primary]:
    cursor = conn.execute(
        f"SELECT {_PRIMARY} FROM notes WHERE id IN ({','.join('?' * len(note_pks))})", note_pks
    )
    cursor.row_factory = row_factory(_Primary)
    found: list[_Primary] = cursor.fetchall()
    return found


def _parts(items: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(items), 500):
        yield items[start : start + 500]
