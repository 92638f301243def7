"""ImportBatch → collection: insert new notes, update changed ones in place, orphan vanished
ones, replay imported reviews through FSRS. Idempotent; one transaction; never duplicates.

Unchanged notes cost one hash comparison: the batch's notes are looked up in chunks and
only changed rows are written, with executemany.
"""

from __future__ import annotations

import hashlib
import sqlite3
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from studycards.cards import card_ords
from studycards.model import ImportBatch, Note, Rating, Review, card_id_for
from studycards.rows import SyncReport
from studycards.scheduling import Scheduler
from studycards.store.codec import (
    AFTER_SQL,
    BEFORE_SQL,
    SCHEDULE_SQL,
    note_values,
    to_ms,
)

T = TypeVar("T")
_CHUNK = 500
ORD_SPAN = 1000  # card position = note position * ORD_SPAN + ord


def chunks(items: Sequence[T], size: int = _CHUNK) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def content_hash(note: Note) -> str:
    """What decides `modified`: the note's text, tags and type, not where it sits."""
    parts = [str(note.type), *note.fields.values(), "\x1e", *note.tags, "\x1e"]
    parts += [str(int(note.reversed)), note.guid]
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=12).hexdigest()


@dataclass
class _Existing:
    pk: int
    content_hash: str
    orphaned: bool
    deck_id: int
    position: int
    origin: str
    source: tuple[str, int, str]


@dataclass
class _Counts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    orphaned: int = 0
    reviews: int = 0


def sync_batch(
    conn: sqlite3.Connection,
    batch: ImportBatch,
    *,
    deck_id: Callable[[str, dict[str, Any]], int],
    scheduler_for: Callable[[int], Scheduler],
    now_ms: int,
) -> SyncReport:
    """Write `batch` into the open transaction on `conn`."""
    counts = _Counts()
    warnings = list(batch.warnings)
    seen: set[str] = set()
    for deck in batch.decks:
        did = deck_id(deck.name, dict(deck.meta))
        notes = [n for n in deck.notes if n.note_id not in seen]
        for note in deck.notes:
            seen.add(note.note_id)
        _sync_notes(conn, notes, did, batch, now_ms, counts)
    _orphan_vanished(conn, batch.origin, seen, counts)
    if batch.reviews:
        _import_reviews(conn, batch.reviews, scheduler_for, counts, warnings)
    return SyncReport(
        counts.added,
        counts.updated,
        counts.unchanged,
        counts.orphaned,
        counts.reviews,
        tuple(warnings),
    )


def _existing(conn: sqlite3.Connection, note_ids: Sequence[str]) -> dict[str, _Existing]:
    found = {}
    for part in chunks(note_ids):
        marks = ",".join("?" * len(part))
        for row in conn.execute(
            "SELECT note_id, id, content_hash, orphaned, deck_id, position, origin, "
            f"source_path, source_line, source_heading FROM notes WHERE note_id IN ({marks})",
            list(part),
        ):
            found[row[0]] = _Existing(
                row[1], row[2], bool(row[3]), row[4], row[5], row[6], (row[7], row[8], row[9])
            )
    return found


def _sync_notes(
    conn: sqlite3.Connection,
    notes: Sequence[Note],
    did: int,
    batch: ImportBatch,
    now_ms: int,
    counts: _Counts,
) -> None:
    existing = _existing(conn, [n.note_id for n in notes])
    new_cards: list[tuple[Any, ...]] = []
    new_notes: list[tuple[int, Note, tuple[Any, ...]]] = []
    for index, note in enumerate(notes):
        digest = content_hash(note)
        old = existing.get(note.note_id)
        source = (note.source.path, note.source.line, note.source.heading)
        if old is None:
            row = (
                *note_values(note),
                did,
                batch.origin,
                index,
                digest,
                _changed_at(batch, note, now_ms),
            )
            new_notes.append((index, note, row))
            continue
        same_place = (old.deck_id, old.position, old.origin, old.source) == (
            did,
            index,
            batch.origin,
            source,
        )
        if old.content_hash == digest and same_place and not old.orphaned:
            # Same content, same cards: nothing to read or write.
            counts.unchanged += len(card_ords(note))
            continue
        modified = _changed_at(batch, note, now_ms) if old.content_hash != digest else None
        conn.execute(
            "UPDATE notes SET type=?, fields=?, tags=?, source_path=?, source_line=?, "
            "source_heading=?, reversed=?, guid=?, deck_id=?, origin=?, position=?, "
            "content_hash=?, modified=coalesce(?, modified), orphaned=0 WHERE id=?",
            (*note_values(note)[1:], did, batch.origin, index, digest, modified, old.pk),
        )
        # Same text arriving from another file or place is a move, not an edit: the user is
        # told "unchanged", as Anki says of a note it already has.
        edited = old.content_hash != digest or old.orphaned
        _sync_cards(conn, note, old.pk, did, index, batch, counts, new_cards, edited=edited)
    _insert_notes(conn, new_notes, did, batch, counts, new_cards)
    conn.executemany(
        f"INSERT INTO cards (card_id, note, ord, deck_id, position, {SCHEDULE_SQL}, suspended) "
        "VALUES (?, ?, ?, ?, ?, 0, NULL, NULL, NULL, ?, NULL, 0, 0, ?)",
        new_cards,
    )


def _insert_notes(
    conn: sqlite3.Connection,
    new_notes: Sequence[tuple[int, Note, tuple[Any, ...]]],
    did: int,
    batch: ImportBatch,
    counts: _Counts,
    new_cards: list[tuple[Any, ...]],
) -> None:
    """Insert new notes in one executemany, then queue their cards (new, in file order)."""
    if not new_notes:
        return
    # Ids are given, not looked up afterwards: the write lock is held, so max(id) is ours.
    first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM notes").fetchone()[0]
    conn.executemany(
        "INSERT INTO notes (id, note_id, type, fields, tags, source_path, source_line, "
        "source_heading, reversed, guid, deck_id, origin, position, content_hash, "
        "modified) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(first + i, *row) for i, (_, _, row) in enumerate(new_notes)],
    )
    pks = {note.note_id: first + i for i, (_, note, _) in enumerate(new_notes)}
    for index, note, _ in new_notes:
        for ord_ in card_ords(note):
            card_id = card_id_for(note.note_id, ord_)
            position = index * ORD_SPAN + ord_
            suspended = int(card_id in batch.suspended)
            new_cards.append((card_id, pks[note.note_id], ord_, did, position, position, suspended))
            counts.added += 1


def _changed_at(batch: ImportBatch, note: Note, now_ms: int) -> int:
    """When the note's content changed: the source's own time if the importer knows it
    (an Anki note's mod time), never later than now; else now."""
    when = batch.modified.get(note.note_id)
    return min(to_ms(when) or now_ms, now_ms) if when is not None else now_ms


def _sync_cards(
    conn: sqlite3.Connection,
    note: Note,
    note_pk: int,
    did: int,
    index: int,
    batch: ImportBatch,
    counts: _Counts,
    new_cards: list[tuple[Any, ...]],
    *,
    edited: bool,
) -> None:
    wanted = {card_id_for(note.note_id, ord_): ord_ for ord_ in card_ords(note)}
    have = {
        row[0]: (row[1], bool(row[2]))
        for row in conn.execute(
            "SELECT card_id, id, orphaned FROM cards WHERE note = ?", (note_pk,)
        )
    }
    for card_id, ord_ in wanted.items():
        position = index * ORD_SPAN + ord_
        if card_id not in have:
            new_cards.append(
                (
                    card_id,
                    note_pk,
                    ord_,
                    did,
                    position,
                    position,
                    int(card_id in batch.suspended),
                )
            )
            counts.added += 1
            continue
        conn.execute(
            "UPDATE cards SET deck_id = ?, position = ?, orphaned = 0, "
            "due = CASE WHEN state = 0 THEN ? ELSE due END WHERE id = ?",
            (did, position, position, have[card_id][0]),
        )
        if edited or have[card_id][1]:
            counts.updated += 1
        else:
            counts.unchanged += 1
    for card_id, (pk, orphaned) in have.items():
        if card_id not in wanted and not orphaned:
            conn.execute("UPDATE cards SET orphaned = 1 WHERE id = ?", (pk,))
            counts.orphaned += 1


def _orphan_vanished(
    conn: sqlite3.Connection, origin: str, seen: set[str], counts: _Counts
) -> None:
    gone = [
        pk
        for pk, note_id in conn.execute(
            "SELECT id, note_id FROM notes WHERE origin = ? AND orphaned = 0", (origin,)
        )
        if note_id not in seen
    ]
    for part in chunks(gone):
        marks = ",".join("?" * len(part))
        conn.execute(f"UPDATE notes SET orphaned = 1 WHERE id IN ({marks})", list(part))
        cur = conn.execute(
            f"UPDATE cards SET orphaned = 1 WHERE note IN ({marks}) AND orphaned = 0", list(part)
        )
        counts.orphaned += cur.rowcount


def _import_reviews(
    conn: sqlite3.Connection,
    reviews: Sequence[Review],
    scheduler_for: Callable[[int], Scheduler],
    counts: _Counts,
    warnings: list[str],
) -> None:
    by_card: dict[str, list[Review]] = defaultdict(list)
    for review in reviews:
        by_card[review.card_id].append(review)
    cards: dict[str, tuple[int, int, int]] = {}  # card id -> (pk, deck id, position)
    for part in chunks(list(by_card)):
        marks = ",".join("?" * len(part))
        for card_id, pk, did, position in conn.execute(
            f"SELECT card_id, id, deck_id, position FROM cards WHERE card_id IN ({marks})",
            list(part),
        ):
            cards[card_id] = (pk, did, position)
    logged_of = logged_reviews(conn, [pk for pk, _, _ in cards.values()])
    unknown = 0
    writer = HistoryWriter(conn)
    for card_id, incoming in by_card.items():
        if card_id not in cards:
            unknown += len(incoming)
            continue
        pk, did, position = cards[card_id]
        had = logged_of.get(pk)
        logged = dict(had) if had else {}
        times = sorted(logged)
        fresh = 0
        for review in incoming:
            at = to_ms(review.reviewed_at)
            assert at is not None
            if not _already_logged(logged, times, at, review.rating):
                logged[at] = (review.rating, review.duration_ms, 1)
                insort(times, at)
                fresh += 1
        if fresh:
            counts.reviews += fresh
            writer.add(pk, position, logged, scheduler_for(did), replace=bool(had))
    writer.flush()
    if unknown:
        warnings.append(f"skipped {unknown} reviews of cards that are not in the import")


Logged = dict[int, tuple[Rating, int, int]]  # reviewed_at ms -> (rating, duration ms, imported)


def logged_reviews(conn: sqlite3.Connection, pks: Sequence[int]) -> dict[int, Logged]:
    """The review log of each card in `pks` that has one."""
    found: dict[int, Logged] = {}
    for part in chunks(pks):
        marks = ",".join("?" * len(part))
        for card, at, rating, duration, imported in conn.execute(
            "SELECT card, reviewed_at, rating, duration_ms, imported FROM revlog "
            f"WHERE card IN ({marks})",
            list(part),
        ):
            found.setdefault(card, {})[at] = (Rating(rating), duration, imported)
    return found


# Anki keeps review ids unique by nudging colliding timestamps by a millisecond or so; a
# review of the same card with the same rating this close is the same review coming back.
SAME_REVIEW_MS = 2000


def _already_logged(logged: Logged, times: list[int], at: int, rating: Rating) -> bool:
    """Whether `at` is (within SAME_REVIEW_MS, same rating) a review in `logged`, whose
    times are `times`, sorted."""
    if at in logged:
        return True
    index = bisect_left(times, at - SAME_REVIEW_MS)
    while index < len(times) and times[index] <= at + SAME_REVIEW_MS:
        if logged[times[index]][0] == rating:
            return True
        index += 1
    return False


class HistoryWriter:
    """Replays card histories through FSRS and writes them: each card's log rows with the
    schedule before and after every answer, and the card's schedule after the last one.
    Rows are collected and written in a few executemany calls at `flush`."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._replaced: list[tuple[int]] = []
        self._rows: list[tuple[Any, ...]] = []
        self._cards: list[tuple[Any, ...]] = []

    def add(
        self, pk: int, position: int, logged: Logged, scheduler: Scheduler, *, replace: bool
    ) -> None:
        """Queue card `pk`'s whole history; `replace` if it has log rows to delete first."""
        times = sorted(logged)
        steps = scheduler.replay_rows([(at, int(logged[at][0])) for at in times], pk, position)
        if replace:
            self._replaced.append((pk,))
        self._rows.extend(
            (pk, at, int(logged[at][0]), logged[at][1], logged[at][2], *before, *after)
            for at, (before, after) in zip(times, steps, strict=True)
        )
        self._cards.append((*steps[-1][1], pk))

    def flush(self) -> None:
        conn = self.conn
        conn.executemany("DELETE FROM revlog WHERE card = ?", self._replaced)
        conn.executemany(
            f"INSERT INTO revlog (card, reviewed_at, rating, duration_ms, imported, "
            f"{BEFORE_SQL}, {AFTER_SQL}) "
            "VALUES (?,?,?,?,?, ?,?,?,?,?,?,?,?, ?,?,?,?,?,?,?,?)",
            self._rows,
        )
        conn.executemany(
            f"UPDATE cards SET ({SCHEDULE_SQL}) = (?,?,?,?,?,?,?,?) WHERE id = ?", self._cards
        )
        self._replaced, self._rows, self._cards = [], [], []
