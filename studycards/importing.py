"""Importing paths: the one workflow behind `studycards import`, the app's re-read after an
edit and the bundled deck.

Every path is read first, so a bad file stops the import before the collection changes;
then one backup is made and every file's notes are written in one transaction. Ctrl-C, a
crash or a full disk in the middle leaves the collection exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studycards.errors import Aborted
from studycards.model import ImportBatch
from studycards.rows import SyncReport

if TYPE_CHECKING:
    from studycards.collection import Collection

# Called before each file's notes are written: (its number from 1, how many, its batch).
Progress = Callable[[int, int, ImportBatch], None]


@dataclass(frozen=True, slots=True)
class Imported:
    """One source file's part of an import: what was read and what it changed."""

    batch: ImportBatch
    report: SyncReport

    @property
    def warnings(self) -> tuple[str, ...]:
        """The file's warnings, reading's and syncing's, each once."""
        return tuple(dict.fromkeys((*self.batch.warnings, *self.report.warnings)))


def import_paths(
    col: Collection,
    paths: Sequence[Path],
    *,
    progress: Progress | None = None,
    obsidian: Mapping[str, Any] | None = None,
) -> list[Imported]:
    """Read every path, then write them all after one backup in one transaction.
    `obsidian` overrides Obsidian SR settings (ObsidianSettings field names)."""
    from studycards.sources import read_sources

    try:
        batches = read_sources(paths, media_dir=col.media_dir, obsidian=obsidian)
    except KeyboardInterrupt:
        raise Aborted("nothing was imported; the collection is as it was") from None

    def each(number: int, batch: ImportBatch) -> None:
        if progress is not None:
            progress(number, len(batches), batch)

    reports = col.import_batches(batches, progress=each)
    return [Imported(batch, report) for batch, report in zip(batches, reports, strict=True)]
