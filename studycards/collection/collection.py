"""The collection: one SQLite file with the cards, their schedules and the review log.

Notes and deck files stay the source of the content; the collection syncs them in
(sync.py), schedules answers (scheduling.py) and orders study (queue.py). Reading views
(cards, history, exports) live in reading.py; backups in backups.py.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, tzinfo
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from studycards.bulk import no_gc_pauses
from studycards.clock import Clock, StudyDay, system_clock, to_ms
from studycards.collection import backups, card_edits, deck_edits
from studycards.collection.deck_edits import DeckDeletion, DeckSize
from studycards.collection.store import Store, read_meta, write_meta
from studycards.errors import NOTHING_IMPORTED, Aborted, NotFoundError
from studycards.model import ImportBatch, LoggedReview, NoteRecord, Schedule
from studycards.notes.deck_names import ancestors, in_subtree, match_deck, renamed
from studycards.options import (
    DEFAULT_PRESET,
    Options,
    StudyAllLimits,
    validated,
    validated_study_all,
)
from studycards.rows import CardRow, DeckStatus, HistoryRow, SyncReport

if TYPE_CHECKING:
    # reading, sync and scheduling (which loads fsrs) load on first use: `status` needs
    # none of them, and a fresh process feels every import.
    from studycards.rows import CardInfo, ExportLogRow
    from studycards.scheduling.optimizer import OptimizeResult
    from studycards.scheduling.scheduler import Scheduler

T = TypeVar("T")

__all__ = [
    "CardRow",
    "Collection",
    "DeckStatus",
    "HistoryRow",
    "SyncReport",
    "default_collection_path",
]


def _write_preset(conn: sqlite3.Connection, name: str, options: Options) -> None:
    conn.execute(
        "INSERT INTO presets VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET options = excluded.options",
        (name, json.dumps(options.to_json())),
    )


def default_collection_path() -> Path:
    """$STUDYCARDS_COLLECTION, else collection.db in the platform's user data directory."""
    return env_collection_path() or user_data_collection_path()


def env_collection_path() -> Path | None:
    """$STUDYCARDS_COLLECTION, if set."""
    env = os.environ.get("STUDYCARDS_COLLECTION")
    return Path(env).expanduser() if env else None


def user_data_collection_path() -> Path:
    """collection.db in the platform's user data directory: the one place whose missing
    folders studycards creates itself (a new user has never made them)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("studycards", appauthor=False)) / "collection.db"


# The meta row holding the limits of "study all"; absent until they are first changed.
_STUDY_ALL_KEY = "study_all_limits"


class Collection:
    """Open with `Collection.open(path, clock)`; use as a context manager or call close()."""

    study_day: StudyDay

    def __init__(self, store: Store, clock: Clock, *, fuzz: bool, tz: tzinfo | None) -> None:
        self.store = store
        self.path = store.path
        self.clock = clock
        self.fuzz = fuzz
        self._tz = tz
        self._decks: dict[int, tuple[str, str]] | None = None
        # Folded name → name of every deck, while an import files notes into decks.
        self._folded_decks: dict[str, str] | None = None
        self._renames: dict[str, str] = {}
        self._presets: dict[str, Options] = {}
        self._study_all = StudyAllLimits()
        self._schedulers: dict[str, Scheduler] = {}
        self._load_settings()

    @classmethod
    def open(
        cls,
        path: Path,
        clock: Clock = system_clock,
        *,
        fuzz: bool = True,
        tz: tzinfo | None = None,
        read_only: bool = False,
        make_folders: bool = False,
    ) -> Collection:
        """Open the collection at `path`, creating it if needed unless `read_only` (then it
        must exist and is never written). `make_folders`: create missing parent folders too.
        `tz` = None: local time."""
        # Absolute from here on: the media folder, backups and the scratch files an import
        # unpacks beside the collection must not depend on the working directory.
        target = Path(path).expanduser().absolute()
        store = Store.open(target, read_only=read_only, make_folders=make_folders)
        return cls(store, clock, fuzz=fuzz, tz=tz)

    @property
    def media_dir(self) -> Path:
        """Where importers store media files of this collection (next to the file)."""
        return self.path.with_name(self.path.name + ".media")

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Collection:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- settings, decks and presets ------------------------------------------------------

    def _load_settings(self) -> None:
        with self.store.guard("read the collection settings"):
            row = self.store.conn.execute(
                "SELECT value FROM meta WHERE key = 'rollover_hour'"
            ).fetchone()
            self.study_day = StudyDay(int(row[0]) if row else 4, self._tz)
            stored = read_meta(self.store.conn, _STUDY_ALL_KEY)
            self._study_all = (
                StudyAllLimits.from_json(json.loads(stored)) if stored else StudyAllLimits()
            )
            self._presets = {
                name: Options.from_json(json.loads(data))
                for name, data in self.store.conn.execute("SELECT name, options FROM presets")
            }
        self._schedulers = {}
        self.decks_changed()

    def decks_changed(self) -> None:
        """Forget what is known about the decks: they were renamed, added or deleted."""
        self._decks = None
        self._folded_decks = None
        with self.store.guard("read the deck renames"):
            self._renames = deck_edits.read_renames(self.store.conn)

    def deck_map(self) -> dict[int, tuple[str, str]]:
        """deck id → (name, preset name), cached until the decks change."""
        if self._decks is None:
            with self.store.guard("read the decks"):
                self._decks = {
                    did: (name, preset)
                    for did, name, preset in self.store.conn.execute(
                        "SELECT id, name, preset FROM decks"
                    )
                }
        return self._decks

    def deck_names(self) -> dict[int, str]:
        return {did: name for did, (name, _) in self.deck_map().items()}

    def options_of(self, deck_id: int) -> Options:
        preset = self.deck_map()[deck_id][1]
        return self._presets.get(preset) or self._presets[DEFAULT_PRESET]

    def scheduler_of(self, deck_id: int) -> Scheduler:
        preset = self.deck_map()[deck_id][1]
        if preset not in self._schedulers:
            from studycards.scheduling.scheduler import Scheduler

            self._schedulers[preset] = Scheduler(
                self.options_of(deck_id), self.study_day, fuzz=self.fuzz
            )
        return self._schedulers[preset]

    def _ensure_deck(self, name: str, meta: dict[str, Any]) -> int:
        """The id of deck `name` (after the user's renames, in the spelling of an existing
        deck), creating it and its parents; inside a write transaction."""
        conn = self.store.conn
        if self._folded_decks is None:
            rows = conn.execute("SELECT name FROM decks")
            self._folded_decks = {found.casefold(): found for (found,) in rows}
        name = deck_edits.name_for_import(name, self._renames, self._folded_decks)
        for holder in reversed([name, *ancestors(name)]):
            conn.execute("INSERT OR IGNORE INTO decks (name) VALUES (?)", (holder,))
            self._folded_decks.setdefault(holder.casefold(), holder)
        conn.execute(
            "UPDATE decks SET meta = ? WHERE name = ?",
            (json.dumps(meta, ensure_ascii=False, default=str), name),
        )
        self._decks = None
        return int(conn.execute("SELECT id FROM decks WHERE name = ?", (name,)).fetchone()[0])

    def active_decks(self, decks: Sequence[str] | None) -> dict[int, str]:
        """deck id → name of `decks` and their subdecks (all decks when None); a name
        matches as `find_deck` matches it."""
        names = self.deck_names()
        if decks is None:
            return names
        found = [self.find_deck(deck) for deck in decks]
        return {did: name for did, name in names.items() if any(in_subtree(name, d) for d in found)}

    def listed_decks(self) -> dict[int, str]:
        """deck id → name of the decks in the list: those with a card that is not orphaned
        (theirs or a subdeck's). Decks emptied by deletions drop out of it."""
        with self.store.guard("read the decks"):
            return deck_edits.listed(self.store.conn, self.deck_names())

    def decks(self) -> list[str]:
        """The names of the decks in the list, sorted."""
        return sorted(self.listed_decks().values())

    def find_deck(self, name: str, *, looked_for: str = "deck") -> str:
        """The deck in the list that `name` means: the same name, or the one that differs
        only in case, or the deck a deck of that name was renamed to. NotFoundError (with
        the closest name) otherwise."""
        names = self.listed_decks().values()
        try:
            return match_deck(name, names, looked_for=looked_for)
        except NotFoundError:
            now_called = renamed(name, self._renames)
            if now_called == name:
                raise
            return match_deck(now_called, names, looked_for=looked_for)

    def rename_deck(self, old: str, new: str) -> str:
        """Rename deck `old` with its subdecks; the new name. Never merges two decks."""
        return deck_edits.rename_deck(self, old, new)

    def deck_size(self, name: str) -> DeckSize:
        """How many decks, cards and reviews deleting deck `name` would remove."""
        return deck_edits.deck_size(self, name)

    def delete_deck(self, name: str) -> DeckDeletion:
        """Delete deck `name`, its subdecks, cards and their history, after a backup."""
        return deck_edits.delete_deck(self, name)

    def deck_meta(self, deck_id: int) -> dict[str, Any]:
        row = self.store.conn.execute("SELECT meta FROM decks WHERE id = ?", (deck_id,)).fetchone()
        data = json.loads(row[0]) if row else {}
        return data if isinstance(data, dict) else {}

    def preset_of(self, deck: str) -> Options:
        did = self._deck_id(deck)
        return validated(self.options_of(did), rollover_hour=self.study_day.rollover_hour)

    def _deck_id(self, deck: str) -> int:
        found = self.find_deck(deck)
        return next(did for did, name in self.deck_names().items() if name == found)

    def set_options(self, deck: str, **changes: Any) -> Options:
        """Change `deck`'s preset (a deck on the Default preset gets its own first)."""
        did = self._deck_id(deck)
        if "parameters" in changes:
            from studycards.scheduling.scheduler import validate_parameters

            changes["parameters"] = validate_parameters(changes["parameters"])
        options = validated(self.preset_of(deck), **changes)
        name, preset = self.deck_map()[did]
        if preset == DEFAULT_PRESET:
            preset = name
        with self.store.write("save the deck options") as conn:
            _write_preset(conn, preset, options)
            conn.execute("UPDATE decks SET preset = ? WHERE id = ?", (preset, did))
            conn.execute(
                "UPDATE meta SET value = ? WHERE key = 'rollover_hour'",
                (str(options.rollover_hour),),
            )
        self._load_settings()
        return options

    def study_all_limits(self) -> StudyAllLimits:
        """The daily limits of studying every deck at once."""
        return self._study_all

    def set_study_all_limits(self, **changes: Any) -> StudyAllLimits:
        """Change the limits of studying every deck at once (`new_per_day`, `reviews_per_day`)."""
        limits = validated_study_all(self._study_all, **changes)
        with self.store.write("save the limits of studying all decks") as conn:
            write_meta(conn, _STUDY_ALL_KEY, json.dumps(limits.to_json()))
        self._load_settings()
        return limits

    def set_parameters(self, deck: str | None, params: Sequence[float]) -> None:
        """Save fitted FSRS parameters (after a backup): to `deck`'s preset, which a deck on
        the Default preset gets of its own as with set_options; with no deck, to every preset
        a deck uses, as Anki saves a preset's parameters for all the decks that share it."""
        from studycards.scheduling.scheduler import validate_parameters

        values = validate_parameters(params)
        self.backup("optimize")
        if deck is not None:
            self.set_options(deck, parameters=values)
            return
        used = sorted({preset for _, preset in self.deck_map().values()})
        with self.store.write("save the fitted parameters") as conn:
            for preset in used:
                options = self._presets.get(preset) or self._presets[DEFAULT_PRESET]
                _write_preset(conn, preset, validated(options, parameters=values))
        self._load_settings()

    def optimize(
        self, deck: str | None, *, progress: Callable[[str], None] = lambda _: None
    ) -> OptimizeResult:
        """Fit FSRS parameters to the review log of `deck` and its subdecks (every deck when
        None) and save them, as set_parameters does, if they predict the answers better than
        the current ones. NotEnoughHistoryError when the log is too short to fit."""
        from studycards.scheduling.optimizer import optimize

        targets = [deck] if deck is not None else self.decks()
        if not targets:
            raise NotFoundError("the collection has no decks yet; import one first")
        preset = self.preset_of(targets[0])
        progress("Reading the review log…")
        log = list(self.review_log(deck))
        progress(f"Fitting FSRS to {len(log):,} answers…")
        result = optimize(
            log,
            preset.parameters,
            study_day=self.study_day,
            relearning_steps=len(preset.relearning_steps),
        )
        if result.improved:
            self.set_parameters(deck, result.params)
        return result

    # -- time ---------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.study_day.day_of(self.clock())

    def day_bounds_ms(self, now: datetime | None = None) -> tuple[int, int]:
        """(start, end) of the current study day in UTC milliseconds."""
        return self.study_day.bounds_ms(now or self.clock())

    # -- import -------------------------------------------------------------------------

    def import_batch(self, batch: ImportBatch) -> SyncReport:
        """`import_batches` of one batch."""
        return self.import_batches([batch])[0]

    def import_batches(
        self,
        batches: Sequence[ImportBatch],
        *,
        progress: Callable[[int, ImportBatch], None] | None = None,
        record: Callable[[sqlite3.Connection, int], None] | None = None,
    ) -> list[SyncReport]:
        """Sync importers' results after one backup, all in one transaction; idempotent.

        Interrupted (Ctrl-C, a crash, a full disk), nothing of it is written. A note several
        files write (the same term in two notes of a folder) is one note with each file as a
        source (note_sources.py). `progress(n, batch)` is called before batch n (from 1);
        `record(conn, now_ms)` writes what the caller adds to the same transaction."""
        if not any(b.decks or b.reviews or self._has_notes_from(b.origin) for b in batches):
            return [SyncReport(warnings=b.warnings) for b in batches]
        commits = self.store.commits
        try:
            self.backup("import")
            now_ms = to_ms(self.clock())
            from studycards.collection.sync import sync_batch

            reports = []
            moves: set[tuple[int, int]] = set()
            with no_gc_pauses(), self.store.write("import") as conn:
                (made_after,) = conn.execute("SELECT coalesce(max(id), 0) FROM decks").fetchone()
                for number, batch in enumerate(batches, 1):
                    if progress is not None:
                        progress(number, batch)
                    self._attach_presets(conn, batch)
                    report = sync_batch(
                        conn,
                        batch,
                        deck_id=self._ensure_deck,
                        scheduler_for=self.scheduler_of,
                        now_ms=now_ms,
                        moves=moves,
                    )
                    reports.append(report)
                if moves:
                    deck_edits.settle_moves(conn, moves, made_after=made_after)
                if record is not None:
                    record(conn, now_ms)
        except KeyboardInterrupt:
            if self.store.commits != commits:
                raise Aborted("the import was saved just before the interrupt") from None
            raise Aborted(NOTHING_IMPORTED) from None
        finally:
            # Also after a rollback: the decks it would have made are not there.
            self.decks_changed()
            if any(batch.presets for batch in batches):
                self._load_settings()  # the presets it made, or none if it was undone
        return reports

    def _attach_presets(self, conn: sqlite3.Connection, batch: ImportBatch) -> None:
        """The presets `batch` brings, made if no preset has their name (one that has is left
        as it is), and given to each of its decks that is still on the Default preset."""
        if not batch.deck_presets:
            return
        for name, options in batch.presets.items():
            conn.execute(
                "INSERT OR IGNORE INTO presets (name, options) VALUES (?, ?)",
                (name, json.dumps(options.to_json())),
            )
        for deck, preset in batch.deck_presets.items():
            if preset not in batch.presets:
                continue
            did = self._ensure_deck(deck, {})
            conn.execute(
                "UPDATE decks SET preset = ? WHERE id = ? AND preset = ?",
                (preset, did, DEFAULT_PRESET),
            )
        self._presets = {
            name: Options.from_json(json.loads(data))
            for name, data in conn.execute("SELECT name, options FROM presets")
        }
        self._schedulers = {}
        self.decks_changed()

    def _has_notes_from(self, origin: str) -> bool:
        with self.store.guard("read the collection"):
            return (
                self.store.conn.execute(
                    "SELECT 1 FROM notes WHERE origin = ? AND orphaned = 0 LIMIT 1", (origin,)
                ).fetchone()
                is not None
            )

    # -- reading -------------------------------------------------------------------------

    def _deck_ids(self, deck: str | None) -> list[int] | None:
        """The ids of `deck` and its subdecks; None for every deck."""
        return None if deck is None else list(self.active_decks([deck]))

    def _guarded(self, doing: str, rows: Iterator[T]) -> Iterator[T]:
        """`rows`, with an SQLite error while reading them told as a StoreError."""
        with self.store.guard(doing):
            yield from rows

    def card_rows(self, deck: str | None = None, search: str | None = None) -> Iterator[CardRow]:
        return self._card_rows(self._deck_ids(deck), search)

    def _card_rows(
        self, deck_ids: list[int] | None, search: str | None, *, orphaned: bool = False
    ) -> Iterator[CardRow]:
        from studycards.collection import reading

        rows = reading.card_rows(
            self.store.conn,
            deck_ids,
            search,
            names=self.deck_names(),
            study_day=self.study_day,
            now=self.clock(),
            orphaned=orphaned,
        )
        return self._guarded("list the cards", rows)

    def history(self, deck: str | None = None) -> Iterator[HistoryRow]:
        from studycards.collection import reading

        rows = reading.history(self.store.conn, self._deck_ids(deck), names=self.deck_names())
        return self._guarded("read the review log", rows)

    def note_records(
        self, deck: str | None = None, *, with_history: bool = True
    ) -> Iterator[NoteRecord]:
        from studycards.collection import reading

        records = reading.note_records(
            self.store.conn,
            self._deck_ids(deck),
            names=self.deck_names(),
            today=self.study_day.number(self.clock()),
            retention_of=lambda did: self.options_of(did).desired_retention,
            with_history=with_history,
        )
        return self._guarded("read the notes", records)

    def export_log(self, deck: str | None = None) -> Iterator[ExportLogRow]:
        from studycards.collection import reading

        rows = reading.export_log(self.store.conn, self._deck_ids(deck))
        return self._guarded("read the review log", rows)

    def review_log(self, deck: str | None = None) -> Iterator[LoggedReview]:
        from studycards.collection import reading

        rows = reading.review_log(self.store.conn, self._deck_ids(deck))
        return self._guarded("read the review log", rows)

    def schedules(self, deck: str | None = None) -> Iterator[tuple[str, Schedule, bool]]:
        from studycards.collection import reading

        rows = reading.schedules(self.store.conn, self._deck_ids(deck))
        return self._guarded("read the schedules", rows)

    def card_info(self, card_id: str) -> CardInfo:
        """Anki's card info for the card `card_id`."""
        from studycards.collection import reading

        with self.store.guard("read the card"):
            found = self.store.conn.execute(
                "SELECT id FROM cards WHERE card_id = ?", (card_id,)
            ).fetchone()
            if found is None:
                raise NotFoundError(f"no card with id {card_id!r}; `studycards cards` lists ids")
            (pk,) = found
            return reading.card_info(
                self.store.conn,
                pk,
                names=self.deck_names(),
                now=self.clock(),
                decay_of=lambda did: self.options_of(did).parameters[20],
            )

    def orphans(self) -> list[CardRow]:
        return list(self._card_rows(None, None, orphaned=True))

    # -- changes -------------------------------------------------------------------------

    def set_suspended(self, card_ids: Sequence[str], suspended: bool) -> int:
        """Suspend or unsuspend cards by id; how many changed. Unknown ids change nothing."""
        with self.store.write("suspend cards") as conn:
            return card_edits.set_suspended(conn, card_ids, suspended)

    def set_flag(self, card_ids: Sequence[str], flag: int) -> int:
        """Flag cards by id (1-7, 0 removes); how many changed."""
        with self.store.write("flag cards") as conn:
            return card_edits.set_flag(conn, card_ids, flag)

    def set_marked(self, card_ids: Sequence[str], marked: bool) -> int:
        """Mark or unmark the notes of cards by id; how many notes changed."""
        with self.store.write("mark notes") as conn:
            return card_edits.set_marked(conn, card_ids, marked)

    def delete_orphans(self) -> int:
        """Delete orphaned cards and notes with their history (after a backup)."""
        if not self.orphans():
            return 0
        self.backup("delete-orphans")
        with self.store.write("delete orphans") as conn:
            deleted = conn.execute(
                "DELETE FROM cards WHERE orphaned = 1 OR note IN "
                "(SELECT id FROM notes WHERE orphaned = 1)"
            ).rowcount
            conn.execute(
                "DELETE FROM notes WHERE orphaned = 1 OR id NOT IN (SELECT note FROM cards)"
            )
            deck_edits.prune(conn)
        self.decks_changed()
        return deleted

    def reschedule(self, deck: str | None) -> int:
        """Recompute every studied card's memory state and due date from its history with the
        current parameters (after a backup); how many cards were rescheduled."""
        from studycards.collection.history import reschedule

        self.backup("reschedule")
        deck_ids = list(self.active_decks([deck] if deck else None))
        with self.store.write("reschedule cards") as conn:
            return reschedule(conn, deck_ids, scheduler_for=self.scheduler_of)

    def backup(self, reason: str, *, by_user: bool = False) -> Path:
        """Back up the collection; a backup `by_user` is never pruned by automatic ones."""
        return backups.create(self.store, reason, by_user=by_user)

    def backups(self) -> list[Path]:
        return backups.listing(self.path)

    def restore(self, name: str | None) -> Path:
        """Replace the collection with backup `name` (newest when None); the current state is
        backed up first, so a restore can itself be undone."""
        source = backups.find(self.path, name)
        self.backup("before-restore")
        self.store.restore_from(source)
        self._load_settings()
        return source
