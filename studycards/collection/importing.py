"""Importing paths: the one workflow behind `studycards import` and `sync`, the app's re-read
after an edit and on start, and the bundled deck.

Every path is read first, so a bad file stops the import before the collection changes;
then one backup is made and every file's notes are written in one transaction. Ctrl-C, a
crash or a full disk in the middle leaves the collection exactly as it was.

A folder is remembered as a source (folders.py). Inside it, a file whose size and
modification time are those recorded when it was last read is not read again, and the notes
of a file that is gone become orphans.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studycards.errors import NOTHING_IMPORTED, Aborted
from studycards.model import ImportBatch
from studycards.rows import SyncReport

if TYPE_CHECKING:
    from studycards.collection import Collection

# Called before each file's notes are written: (its number from 1, how many, its batch).
Progress = Callable[[int, int, ImportBatch], None]


@dataclass(frozen=True, slots=True)
class Imported:
    """One source file's part of an import: what was read and what it changed. A file gone
    from its folder is a batch without decks whose report counts the cards it orphaned."""

    batch: ImportBatch
    report: SyncReport
    gone: bool = False

    @property
    def warnings(self) -> tuple[str, ...]:
        """The file's warnings, reading's and syncing's, each once."""
        return tuple(dict.fromkeys((*self.batch.warnings, *self.report.warnings)))


@dataclass(frozen=True)
class ImportResult:
    """What one import did: a line per file read or gone, and what it left alone."""

    files: list[Imported]
    # Files inside the folders that had not changed since they were last read.
    unchanged_files: int = 0
    # Notes inside folders that could not be read, one `PATH:LINE: what` each.
    skipped: list[str] = field(default_factory=list)
    # The folders looked at (sync: every remembered one).
    folders: list[Path] = field(default_factory=list)

    def total(self) -> SyncReport:
        """Every file's counts added up."""
        reports = [imported.report for imported in self.files]
        return SyncReport(
            added=sum(r.added for r in reports),
            updated=sum(r.updated for r in reports),
            unchanged=sum(r.unchanged for r in reports),
            orphaned=sum(r.orphaned for r in reports),
            reviews_added=sum(r.reviews_added for r in reports),
        )


def import_paths(
    col: Collection,
    paths: Sequence[Path],
    *,
    progress: Progress | None = None,
    obsidian: Mapping[str, Any] | None = None,
) -> ImportResult:
    """Read every path (in a folder, only what changed), then write them all after one
    backup in one transaction, and remember the folders. `obsidian` overrides Obsidian SR
    settings (ObsidianSettings field names)."""
    from studycards.collection.folders import recorded_files, remember, source_folders
    from studycards.collection.sources import origin_of, read_paths

    try:
        folders = [origin_of(path) for path in paths if path.is_dir()]
        with col.store.guard("read the collection"):
            state = recorded_files(col.store.conn, folders)
            remembered = source_folders(col.store.conn)
        batches, skipped = read_paths(
            paths,
            media_dir=col.media_dir,
            obsidian=obsidian,
            unchanged=state.is_unchanged,
            sources=state.sources,
            remembered=remembered,
        )
    except KeyboardInterrupt:
        raise Aborted(NOTHING_IMPORTED) from None
    read = {b.origin: state.found[b.origin] for b in batches if b.origin in state.found}
    # A note that could not be read keeps its cards, as do unchanged ones: neither is read
    # again, neither stamp is renewed, and their notes stay theirs (a file read this time
    # that has one of them too becomes one more of its sources: note_sources.py).
    gone = state.gone()
    every = [*batches, *(ImportBatch(origin=origin, decks=()) for origin in gone)]

    def each(number: int, batch: ImportBatch) -> None:
        if progress is not None:
            progress(number, len(every), batch)

    def record(conn: sqlite3.Connection, now_ms: int) -> None:
        remember(conn, folders, read, gone, now_ms=now_ms)

    reports = col.import_batches(every, progress=each, record=record if folders else None)
    files = [
        Imported(batch, report, gone=number >= len(batches))
        for number, (batch, report) in enumerate(zip(every, reports, strict=True))
    ]
    return ImportResult(
        files,
        unchanged_files=len(state.unchanged),
        skipped=skipped,
        folders=[Path(folder) for folder in folders],
    )


def sync_sources(col: Collection, *, progress: Progress | None = None) -> ImportResult:
    """Import every remembered folder again: only what changed is read. A folder that is not
    there (moved, or on a drive not mounted) is left as it is, with a warning."""
    from studycards.collection.folders import source_folders

    with col.store.guard("read the collection"):
        folders = source_folders(col.store.conn)
    present = [folder for folder in folders if folder.is_dir()]
    missing = [
        f"{folder}: the folder is not there (moved, or on a drive not mounted); "
        "its cards stay as they are"
        for folder in folders
        if not folder.is_dir()
    ]
    result = import_paths(col, present, progress=progress) if present else ImportResult([])
    return dataclasses.replace(result, skipped=[*missing, *result.skipped], folders=folders)
