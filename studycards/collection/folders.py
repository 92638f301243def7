"""The folders of notes a collection remembers, and which of their files changed since.

`studycards import FOLDER` records the folder and, for every file it read there, the file's
stamp (size and modification time, filestamp.py) and the studycards that read it. The next
import of the folder, `studycards sync` and the app on start read only the files whose stamp
changed, and orphan the notes of files that are gone. All of it is written in the import's
own transaction, so a stamp never claims a file the collection does not hold.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NamedTuple

from studycards.collection.store.codec import Row, row_factory, select
from studycards.notes.filestamp import Stamp, stamp_of

# The studycards package: this file is studycards/collection/folders.py.
_PACKAGE = Path(__file__).resolve().parents[1]
_NOT_READING = ("cli", "tui", "study", "render.py", "launch.py", "__main__.py")


@cache
def reader_version() -> str:
    """A digest of the code that turns files into notes: a file read by another studycards
    is read again, so an improved reader reaches every note. What only shows or studies the
    collection (the two faces, render.py, study/) is left out: changing how a count is drawn
    must not make a whole vault be read again."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(_PACKAGE.rglob("*.py")):
        relative = path.relative_to(_PACKAGE)
        if relative.parts[0] not in _NOT_READING:
            digest.update(str(relative).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _under(folder: str) -> tuple[str, str]:
    """The range of origins inside `folder`: every path that starts with `folder/`."""
    prefix = folder.rstrip("/") + "/"
    return prefix, prefix[:-1] + chr(ord("/") + 1)


@dataclass
class FolderState:
    """What the collection knows of the files of some folders, and what a scan found."""

    recorded: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # origin → row
    sources: set[str] = field(default_factory=set)  # of the folders, those already recorded
    found: dict[str, Stamp] = field(default_factory=dict)  # origin → stamp now
    unchanged: set[str] = field(default_factory=set)

    def is_unchanged(self, origin: str, info: os.stat_result) -> bool:
        """Whether the file `origin`, which `stat` says is `info` now, is as it was when it
        was last read."""
        stamp = stamp_of(info)
        self.found[origin] = stamp
        if self.recorded.get(origin) == (*stamp, reader_version()):
            self.unchanged.add(origin)
            return True
        return False

    def gone(self) -> list[str]:
        """Files recorded inside the folders that their scan did not find."""
        return sorted(origin for origin in self.recorded if origin not in self.found)


class _FileRow(NamedTuple):
    origin: str
    size: int
    mtime_ns: int
    reader: str


class _Path(NamedTuple):
    path: str


class _Id(NamedTuple):
    id: int


class _Name(NamedTuple):
    name: str


def _rows(conn: sqlite3.Connection, row_type: type[Row], sql: str, *args: object) -> list[Row]:
    """The rows of `sql` (whose SELECT list is `{select}`) as `row_type`."""
    cursor = conn.execute(sql.format(select=select(row_type)), args)
    cursor.row_factory = row_factory(row_type)
    return list(cursor)


def recorded_files(conn: sqlite3.Connection, folders: Iterable[str]) -> FolderState:
    """The recorded stamps of every file inside `folders` (absolute, resolved paths)."""
    state = FolderState()
    for folder in folders:
        if _rows(conn, _Path, "SELECT {select} FROM sources WHERE path = ?", folder):
            state.sources.add(folder)
        low, high = _under(folder)
        for row in _rows(
            conn,
            _FileRow,
            "SELECT {select} FROM source_files WHERE origin >= ? AND origin < ?",
            low,
            high,
        ):
            state.recorded[row.origin] = (row.size, row.mtime_ns, row.reader)
    return state


def remember(
    conn: sqlite3.Connection,
    folders: Iterable[str],
    read: Mapping[str, Stamp],
    gone: Iterable[str],
    *,
    now_ms: int,
) -> None:
    """Record `folders` as sources, the stamps of the files `read` from them, and forget the
    files that are `gone`; inside the import's transaction."""
    ids: dict[str, int] = {}
    for folder in folders:
        conn.execute(
            "INSERT INTO sources (path, added) VALUES (?, ?) ON CONFLICT(path) DO NOTHING",
            (folder, now_ms),
        )
        [row] = _rows(conn, _Id, "SELECT {select} FROM sources WHERE path = ?", folder)
        ids[folder] = row.id
    version = reader_version()
    rows = []
    for origin, stamp in read.items():
        owner = max((f for f in ids if origin.startswith(_under(f)[0])), key=len, default=None)
        if owner is not None:
            rows.append((origin, ids[owner], stamp.size, stamp.mtime_ns, version))
    conn.executemany(
        "INSERT INTO source_files (origin, source, size, mtime_ns, reader) VALUES (?,?,?,?,?) "
        "ON CONFLICT(origin) DO UPDATE SET source = excluded.source, size = excluded.size, "
        "mtime_ns = excluded.mtime_ns, reader = excluded.reader",
        rows,
    )
    conn.executemany("DELETE FROM source_files WHERE origin = ?", [(o,) for o in gone])


def source_folders(conn: sqlite3.Connection) -> list[Path]:
    """The folders imported so far, in the order they were first imported."""
    return [
        Path(row.path) for row in _rows(conn, _Path, "SELECT {select} FROM sources ORDER BY id")
    ]


def decks_from(conn: sqlite3.Connection, origin: str) -> list[str]:
    """The decks of the notes in study that came from `origin`: a file, or every file inside
    a folder; in the order of their notes' first import."""
    low, high = _under(origin)
    rows = _rows(
        conn,
        _Name,
        "SELECT {select} FROM notes n JOIN decks d ON d.id = n.deck_id "
        "WHERE n.orphaned = 0 AND (n.origin = ? OR (n.origin >= ? AND n.origin < ?) "
        # A note the path writes too, whose text comes from another file (note_sources.py).
        "OR n.id IN (SELECT note FROM note_sources WHERE origin = ? "
        "OR (origin >= ? AND origin < ?))) "
        "GROUP BY d.id ORDER BY min(n.id)",
        origin,
        low,
        high,
        origin,
        low,
        high,
    )
    return [row.name for row in rows]
