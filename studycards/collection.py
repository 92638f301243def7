"""The collection: one SQLite file with the cards, their schedules and the review log.

Notes and deck files stay the source of the content; the collection syncs them in
(sync.py), schedules answers (scheduling.py) and orders study (queue.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from datetime import date, tzinfo
from pathlib import Path
from types import TracebackType
from typing import Any

from studycards.clock import Clock, StudyDay, system_clock
from studycards.model import ImportBatch, LoggedReview, NoteRecord, Schedule
from studycards.options import Options
from studycards.rows import CardRow, DeckStatus, HistoryRow, SyncReport

__all__ = [
    "CardRow",
    "Collection",
    "DeckStatus",
    "HistoryRow",
    "SyncReport",
    "default_collection_path",
]


def default_collection_path() -> Path:
    """$STUDYCARDS_COLLECTION, else collection.db in the platform's user data directory."""
    env = os.environ.get("STUDYCARDS_COLLECTION")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("studycards", appauthor=False)) / "collection.db"


class Collection:
    """Open with `Collection.open(path, clock)`; use as a context manager or call close()."""

    study_day: StudyDay

    @classmethod
    def open(
        cls, path: Path, clock: Clock = system_clock, *, fuzz: bool = True, tz: tzinfo | None = None
    ) -> Collection:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Collection:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def today(self) -> date:
        raise NotImplementedError

    def import_batch(self, batch: ImportBatch) -> SyncReport:
        raise NotImplementedError

    def decks(self) -> list[str]:
        raise NotImplementedError

    def status(self) -> list[DeckStatus]:
        raise NotImplementedError

    def reviewed_today(self) -> int:
        raise NotImplementedError

    def streak(self) -> int:
        raise NotImplementedError

    def card_rows(self, deck: str | None = None, search: str | None = None) -> Iterator[CardRow]:
        raise NotImplementedError

    def history(self, deck: str | None = None) -> Iterator[HistoryRow]:
        raise NotImplementedError

    def note_records(self, deck: str | None = None) -> Iterator[NoteRecord]:
        raise NotImplementedError

    def review_log(self, deck: str | None = None) -> Iterator[LoggedReview]:
        raise NotImplementedError

    def schedules(self, deck: str | None = None) -> Iterator[tuple[str, Schedule, bool]]:
        raise NotImplementedError

    def preset_of(self, deck: str) -> Options:
        raise NotImplementedError

    def set_options(self, deck: str, **changes: Any) -> Options:
        raise NotImplementedError

    def set_parameters(self, deck: str, params: Sequence[float]) -> None:
        raise NotImplementedError

    def reschedule(self, deck: str | None) -> int:
        raise NotImplementedError

    def set_suspended(self, card_ids: Sequence[str], suspended: bool) -> int:
        raise NotImplementedError

    def orphans(self) -> list[CardRow]:
        raise NotImplementedError

    def delete_orphans(self) -> int:
        raise NotImplementedError

    def backup(self, reason: str) -> Path:
        raise NotImplementedError

    def backups(self) -> list[Path]:
        raise NotImplementedError

    def restore(self, name: str | None) -> Path:
        raise NotImplementedError
