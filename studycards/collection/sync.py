"""ImportBatch → collection: insert new notes, update changed ones in place, orphan vanished
ones, replay imported reviews through FSRS. Idempotent; one transaction; never duplicates.

Unchanged notes cost one hash comparison: the batch's notes are looked up in chunks and
only changed rows are written, with executemany.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from studycards.clock import to_ms
from studycards.collection import note_sources
from studycards.collection.history import (
    Answer,
    HistoryWriter,
    Logged,
    answers_by_card,
    chunks,
    import_reviews,
    merge_answers,
)
from studycards.collection.note_sources import SourceRow, preferred_ids, rank
from studycards.collection.store.codec import (
    NOTE_COLUMNS,
    SCHEDULE_COLUMNS,
    insert_sql,
    note_from,
    note_values,
    placeholders,
    row_factory,
    schedule_values,
    select,
    set_sql,
)
from studycards.interop.filekind import carries_copies
from studycards.model import ImportBatch, Note, NoteType, Schedule, anki_note_id, card_id_for
from studycards.notes.cards import card_ords, figure_twin_id
from studycards.rows import SyncReport
from studycards.scheduling.scheduler import Scheduler

ORD_SPAN = 1000  # card position = note position * ORD_SPAN + ord
# A new note's row: its id, its own columns, then where it sits and what it holds.
_NOTE_INSERT = insert_sql(
    "notes",
    (
        "id",
        *NOTE_COLUMNS,
        "deck_id",
        "origin",
        "position",
        "content_hash",
        "modified",
        "marked",
        "preferred",
    ),
)
# A new card's row: its ids and place, its schedule, and what an importer carried over.
_CARD_INSERT = insert_sql(
    "cards",
    ("id", "card_id", "note", "ord", "deck_id", "position", *SCHEDULE_COLUMNS, "suspended", "flag"),
)


def content_hash(note: Note) -> str:
    """What decides `modified`: the note's text, tags and type, not where it sits."""
    parts = [str(note.type), *note.fields.values(), "\x1e", *note.tags, "\x1e"]
    parts += [str(int(note.reversed)), note.guid]
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=12).hexdigest()


class _Existing(NamedTuple):
    """What syncing a note needs to know of the note the collection already has."""

    note_id: str
    id: int
    content_hash: str
    orphaned: int
    deck_id: int
    position: int
    origin: str
    source_path: str
    source_line: int
    source_heading: str
    preferred: int


_EXISTING = select(_Existing)


class _Alias(NamedTuple):
    old: str
    new: str


class _Guid(NamedTuple):
    note_id: str
    guid: str


class _Known(NamedTuple):
    """A figure note the collection has, as _figure_twins_apart weighs it."""

    origin: str
    text: str
    orphaned: bool


_read_existing = row_factory(_Existing)


@dataclass
class _Counts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    orphaned: int = 0
    reviews: int = 0
    # (deck before, deck now) of the cards that changed deck.
    moves: set[tuple[int, int]] = dataclasses.field(default_factory=set)


def sync_batch(
    conn: sqlite3.Connection,
    batch: ImportBatch,
    *,
    deck_id: Callable[[str, dict[str, Any]], int],
    scheduler_for: Callable[[int], Scheduler],
    now_ms: int,
    moves: set[tuple[int, int]] | None = None,
) -> SyncReport:
    """Write `batch` into the open transaction on `conn`. A note another file has as well is
    one note with both as its sources (note_sources.py). `moves` gets (deck before, deck
    now) of the cards that changed deck: a note whose file or `deck:` moved."""
    batch = resolve_ids(conn, batch)
    counts = _Counts()
    warnings = list(batch.warnings)
    seen: set[str] = set()
    history = HistoryWriter(conn)
    answers = answers_by_card(batch.reviews, batch.events)
    new_cards = _NewCards(conn, batch, answers, history, scheduler_for)
    for deck in batch.decks:
        did = deck_id(deck.name, dict(deck.meta))
        arrived = _figure_twins_apart(conn, deck.notes, batch.origin)
        notes = [n for n in arrived if n.note_id not in seen]
        for note in arrived:
            seen.add(note.note_id)
        preferred = preferred_ids(deck)
        _sync_notes(conn, notes, did, batch, now_ms, counts, new_cards, preferred)
        new_cards.flush()
    _settle(conn, batch.origin, seen, now_ms, counts, new_cards)
    new_cards.flush()
    counts.added += new_cards.added
    counts.reviews += new_cards.reviews
    # Answers to cards that were already in the collection (new cards took theirs).
    counts.reviews += import_reviews(
        conn, new_cards.answers, scheduler_for, warnings, history, kept=batch.kept
    )
    history.flush()
    if moves is not None:
        moves |= counts.moves
    return SyncReport(
        added=counts.added,
        updated=counts.updated,
        unchanged=counts.unchanged,
        orphaned=counts.orphaned,
        reviews_added=counts.reviews,
        warnings=tuple(warnings),
    )


def resolve_ids(conn: sqlite3.Connection, batch: ImportBatch) -> ImportBatch:
    """`batch` with the ids of notes the collection already has under another id replaced
    by that id, in its notes and in every card id and note id its reviews, flags and
    progress refer to:

    - an id an older studycards derived (note_aliases, see store/rekey.py): a deck file or
      package written before the ids changed updates the notes it made;
    - a note that came with the Anki GUID our export gave one of ours (a `.txt`/`.csv` export
      read back, or a package of Anki's own note types made from one): it is that note.
    """
    ids = [note.note_id for deck in batch.decks for note in deck.notes]
    found = _aliases(conn, ids) | _ours_by_guid(conn, batch)
    if not found:
        return batch

    def note_id(old: str) -> str:
        return found.get(old, old)

    def card_id(old: str) -> str:
        note, dash, ord_ = old.rpartition("-")
        return f"{found[note]}-{ord_}" if dash and note in found else old

    decks = tuple(
        dataclasses.replace(
            deck,
            notes=tuple(
                dataclasses.replace(note, note_id=found[note.note_id])
                if note.note_id in found
                else note
                for note in deck.notes
            ),
        )
        for deck in batch.decks
    )
    return dataclasses.replace(
        batch,
        decks=decks,
        reviews=tuple(dataclasses.replace(r, card_id=card_id(r.card_id)) for r in batch.reviews),
        suspended=frozenset(map(card_id, batch.suspended)),
        flags={card_id(key): value for key, value in batch.flags.items()},
        progress={card_id(key): value for key, value in batch.progress.items()},
        events=tuple(dataclasses.replace(e, card_id=card_id(e.card_id)) for e in batch.events),
        kept={card_id(key): value for key, value in batch.kept.items()},
        marked=frozenset(map(note_id, batch.marked)),
        modified={note_id(key): value for key, value in batch.modified.items()},
    )


def _aliases(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, str]:
    if conn.execute("SELECT 1 FROM note_aliases LIMIT 1").fetchone() is None:
        return {}  # a collection made since the ids changed: nothing to look up
    aliases: dict[str, str] = {}
    for part in chunks(ids):
        cursor = conn.execute(
            f"SELECT old, new FROM note_aliases WHERE old IN ({placeholders(len(part))})",
            list(part),
        )
        cursor.row_factory = row_factory(_Alias)
        aliases.update((row.old, row.new) for row in cursor)
    return aliases


def _ours_by_guid(conn: sqlite3.Connection, batch: ImportBatch) -> dict[str, str]:
    """Incoming note id → the id of the note of ours that the incoming Anki GUID was given
    to by an export, for notes known only by their GUID that the collection lacks."""
    by_guid = {
        note.guid: note.note_id
        for deck in batch.decks
        for note in deck.notes
        if note.guid and note.note_id == anki_note_id(note.guid)
    }
    if not by_guid:
        return {}
    have = set(_existing(conn, list(by_guid.values())))
    by_guid = {guid: note_id for guid, note_id in by_guid.items() if note_id not in have}
    if not by_guid:
        return {}
    from studycards.interop.notetypes import guid_for_note

    cursor = conn.execute("SELECT note_id, guid FROM notes")
    cursor.row_factory = row_factory(_Guid)
    found = {}
    for row in cursor:
        guid = guid_for_note(row.note_id, row.guid)
        if guid in by_guid:
            found[by_guid[guid]] = row.note_id
    return found


def _figure_twins_apart(
    conn: sqlite3.Connection, notes: Sequence[Note], origin: str
) -> Sequence[Note]:
    """`notes`, where a figure clause whose id (masked figures) another file's different
    clause already has takes the id its figures give (cards.figure_twin_id), as a clause
    does beside a twin in its own note. Templated sentences in many notes ("slept 7 hours")
    stay one note each; a note moved to another file, or corrected, keeps its id.

    The other file counts while it exists (a note moved away leaves none) and its clause is
    not orphaned; a clause that took its twin id keeps it while its file has it."""
    figures = {n.note_id: n for n in notes if n.type is NoteType.FIGURE}
    if not figures:
        return notes
    twins = {note_id: figure_twin_id(note["text"]) for note_id, note in figures.items()}
    ids = [*figures, *twins.values()]
    known: dict[str, _Known] = {}
    for part in chunks(ids):
        for note_id, source, fields, orphaned in conn.execute(
            "SELECT note_id, origin, fields, orphaned FROM notes "
            f"WHERE note_id IN ({placeholders(len(part))})",
            list(part),
        ):
            known[note_id] = _Known(source, json.loads(fields).get("text", ""), bool(orphaned))
    apart: dict[str, str] = {}
    for note_id, note in figures.items():
        twin = twins[note_id]
        if twin == note_id:
            continue
        mine = known.get(twin)
        other = known.get(note_id)
        if (mine is not None and mine.origin == origin) or (
            other is not None
            and other.origin != origin
            and other.text != note["text"]
            and not other.orphaned
            and Path(other.origin).exists()
        ):
            apart[note_id] = twin
    if not apart:
        return notes
    return [
        dataclasses.replace(n, note_id=apart[n.note_id]) if n.note_id in apart else n for n in notes
    ]


def _existing(conn: sqlite3.Connection, note_ids: Sequence[str]) -> dict[str, _Existing]:
    found = {}
    for part in chunks(note_ids):
        cursor = conn.execute(
            f"SELECT {_EXISTING} FROM notes WHERE note_id IN ({placeholders(len(part))})",
            list(part),
        )
        cursor.row_factory = _read_existing
        for row in cursor:
            found[row.note_id] = row
    return found


def _sync_notes(
    conn: sqlite3.Connection,
    notes: Sequence[Note],
    did: int,
    batch: ImportBatch,
    now_ms: int,
    counts: _Counts,
    new_cards: _NewCards,
    preferred: frozenset[str],
) -> None:
    existing = _existing(conn, [n.note_id for n in notes])
    copies = carries_copies(batch.origin)
    new_notes: list[tuple[int, Note, tuple[object, ...]]] = []  # _NOTE_INSERT's, but the id
    for index, note in enumerate(notes):
        digest = content_hash(note)
        old = existing.get(note.note_id)
        if old is None:
            row = (
                *note_values(note),
                did,
                batch.origin,
                index,
                digest,
                _changed_at(batch, note, now_ms),
                int(note.note_id in batch.marked),
                int(note.note_id in preferred),
            )
            new_notes.append((index, note, row))
            continue
        chosen = note.note_id in preferred
        origin = batch.origin
        if copies and old.origin != batch.origin and not old.orphaned:
            if not carries_copies(old.origin):
                # A package or text export holding a note whose text lives in a note or
                # deck file: the file keeps the note; the batch brings only its history.
                counts.unchanged += len(card_ords(note))
                continue
            origin = old.origin  # a newer copy updates the note where it came from
        elif (
            old.origin != batch.origin and not old.orphaned and note_sources.still_there(old.origin)
        ):
            # Another file has this note too: which text it takes (note_sources.rank).
            here = SourceRow(old.id, note_values(note), batch.origin, did, index, digest, chosen)
            if rank(old.origin, bool(old.preferred)) <= rank(batch.origin, chosen):
                note_sources.keep(conn, here)
                counts.unchanged += len(card_ords(note))
                continue
            note_sources.keep(conn, _primary(conn, old.id))
            note_sources.drop(conn, old.id, batch.origin)
        same_place = (
            old.deck_id == did
            and old.position == index
            and old.origin == origin
            and (old.source_path, old.source_line, old.source_heading)
            == (note.source.path, note.source.line, note.source.heading)
        )
        if (
            old.content_hash == digest
            and same_place
            and not old.orphaned
            and bool(old.preferred) == chosen
        ):
            # Same content, same cards: nothing to read or write.
            counts.unchanged += len(card_ords(note))
            continue
        # This file now gives the note its text: it is no longer one of the others.
        note_sources.drop(conn, old.id, batch.origin)
        modified = _changed_at(batch, note, now_ms) if old.content_hash != digest else None
        # A note without a GUID of its own keeps the one it has: the GUID an export gave it
        # stays its identity in Anki (store/rekey.py gives re-keyed notes their old one).
        conn.execute(
            "UPDATE notes SET type=:type, fields=:fields, tags=:tags, source_path=:source_path, "
            "source_line=:source_line, source_heading=:source_heading, reversed=:reversed, "
            "guid=coalesce(nullif(:guid, ''), guid), deck_id=:deck_id, origin=:origin, "
            "position=:position, content_hash=:content_hash, preferred=:preferred, "
            "modified=coalesce(:modified, modified), orphaned=0 WHERE id=:id",
            {
                **note_values(note)._asdict(),
                "deck_id": did,
                "origin": origin,
                "position": index,
                "content_hash": digest,
                "preferred": int(chosen),
                "modified": modified,
                "id": old.id,
            },
        )
        # Same text arriving from another file or place is a move, not an edit: the user is
        # told "unchanged", as Anki says of a note it already has.
        edited = old.content_hash != digest or bool(old.orphaned)
        _sync_cards(conn, note, old.id, did, index, counts, new_cards, edited=edited)
    _insert_notes(conn, new_notes, did, new_cards)


def edit_note(
    conn: sqlite3.Connection,
    note: Note,
    *,
    scheduler_for: Callable[[int], Scheduler],
    now_ms: int,
) -> bool:
    """Write an edit of `note`'s text and tags made in the app (the note's text is in no file
    of the user's) in place: same deck, place and origin. Its cards keep their history; a
    card the edit adds (a new cloze) is new, one it drops is orphaned. False if unchanged."""
    old = _existing(conn, [note.note_id])[note.note_id]
    digest = content_hash(note)
    if digest == old.content_hash:
        return False
    values = note_values(note)
    conn.execute(
        "UPDATE notes SET fields = ?, tags = ?, content_hash = ?, modified = ? WHERE id = ?",
        (values.fields, values.tags, digest, now_ms, old.id),
    )
    batch = ImportBatch(origin=old.origin, decks=())
    new_cards = _NewCards(conn, batch, {}, HistoryWriter(conn), scheduler_for)
    _sync_cards(conn, note, old.id, old.deck_id, old.position, _Counts(), new_cards, edited=True)
    new_cards.flush()
    return True


def _insert_notes(
    conn: sqlite3.Connection,
    new_notes: Sequence[tuple[int, Note, tuple[object, ...]]],
    did: int,
    new_cards: _NewCards,
) -> None:
    """Insert new notes in one executemany, then queue their cards (in file order)."""
    if not new_notes:
        return
    # Ids are given, not looked up afterwards: the write lock is held, so max(id) is ours.
    first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM notes").fetchone()[0]
    conn.executemany(_NOTE_INSERT, [(first + i, *row) for i, (_, _, row) in enumerate(new_notes)])
    pks = {note.note_id: first + i for i, (_, note, _) in enumerate(new_notes)}
    for index, note, _ in new_notes:
        for ord_ in card_ords(note):
            new_cards.add(card_id_for(note.note_id, ord_), pks[note.note_id], ord_, did, index)


def _changed_at(batch: ImportBatch, note: Note, now_ms: int) -> int:
    """When the note's content changed: the source's own time if the importer knows it
    (an Anki note's mod time), never later than now; else now."""
    when = batch.modified.get(note.note_id)
    return min(to_ms(when), now_ms) if when is not None else now_ms


def _sync_cards(
    conn: sqlite3.Connection,
    note: Note,
    note_pk: int,
    did: int,
    index: int,
    counts: _Counts,
    new_cards: _NewCards,
    *,
    edited: bool,
) -> None:
    wanted = {card_id_for(note.note_id, ord_): ord_ for ord_ in card_ords(note)}
    have = {
        card_id: (pk, bool(orphaned), deck_id)
        for card_id, pk, orphaned, deck_id in conn.execute(
            "SELECT card_id, id, orphaned, deck_id FROM cards WHERE note = ?", (note_pk,)
        )
    }
    for card_id, ord_ in wanted.items():
        position = index * ORD_SPAN + ord_
        if card_id not in have:
            new_cards.add(card_id, note_pk, ord_, did, index)
            continue
        if have[card_id][2] != did:
            counts.moves.add((have[card_id][2], did))
        conn.execute(
            "UPDATE cards SET deck_id = ?, position = ?, orphaned = 0, "
            "due = CASE WHEN state = 0 THEN ? ELSE due END WHERE id = ?",
            (did, position, position, have[card_id][0]),
        )
        if edited or have[card_id][1]:
            counts.updated += 1
        else:
            counts.unchanged += 1
    for card_id, (pk, orphaned, _) in have.items():
        if card_id not in wanted and not orphaned:
            conn.execute("UPDATE cards SET orphaned = 1 WHERE id = ?", (pk,))
            counts.orphaned += 1


def _settle(
    conn: sqlite3.Connection,
    origin: str,
    seen: set[str],
    now_ms: int,
    counts: _Counts,
    new_cards: _NewCards,
) -> None:
    """After file `origin` is read (holding the notes `seen`): it is no longer a source of
    the notes it dropped; a note it was the primary of goes to its next source, or becomes an
    orphan when it has none; and a note it shares takes the best of its sources' texts."""
    note_sources.forget_origin(conn, origin, seen)
    gone = [
        pk
        for pk, note_id in conn.execute(
            "SELECT id, note_id FROM notes WHERE origin = ? AND orphaned = 0", (origin,)
        )
        if note_id not in seen
    ]
    orphans = []
    for pk in gone:
        others = note_sources.others_of(conn, pk)
        if others:
            _promote(conn, others[0], now_ms, counts, new_cards, demote=False)
        else:
            orphans.append(pk)
    for part in chunks(orphans):
        marks = ",".join("?" * len(part))
        conn.execute(f"UPDATE notes SET orphaned = 1 WHERE id IN ({marks})", list(part))
        cur = conn.execute(
            f"UPDATE cards SET orphaned = 1 WHERE note IN ({marks}) AND orphaned = 0", list(part)
        )
        counts.orphaned += cur.rowcount
    for pk in note_sources.shared_from(conn, origin):
        best = note_sources.others_of(conn, pk)[0]
        primary = _primary(conn, pk)
        if rank(best.origin, bool(best.preferred)) < rank(origin, bool(primary.preferred)):
            _promote(conn, best, now_ms, counts, new_cards, demote=True)


_PRIMARY = select(SourceRow, note="id", text="")
_read_primary = row_factory(SourceRow)


def _primary(conn: sqlite3.Connection, note_pk: int) -> SourceRow:
    """The note `note_pk` as its primary source writes it (its own row)."""
    cursor = conn.execute(f"SELECT {_PRIMARY} FROM notes WHERE id = ?", (note_pk,))
    cursor.row_factory = _read_primary
    row: SourceRow = cursor.fetchone()
    return row


def _promote(
    conn: sqlite3.Connection,
    row: SourceRow,
    now_ms: int,
    counts: _Counts,
    new_cards: _NewCards,
    *,
    demote: bool,
) -> None:
    """Make source `row` the primary of its note: the note takes its text and place (its
    cards keep their history). `demote`: the primary until now stays one of its sources."""
    if demote:
        note_sources.keep(conn, _primary(conn, row.note))
    note_sources.drop(conn, row.note, row.origin)
    current = _primary(conn, row.note)
    changed = current.content_hash != row.content_hash
    conn.execute(
        f"UPDATE notes SET {set_sql(NOTE_COLUMNS)}, deck_id = ?, origin = ?, position = ?, "
        "content_hash = ?, preferred = ?, modified = CASE WHEN ? THEN ? ELSE modified END, "
        "orphaned = 0 WHERE id = ?",
        (
            *row.text,
            row.deck_id,
            row.origin,
            row.position,
            row.content_hash,
            row.preferred,
            changed,
            now_ms,
            row.note,
        ),
    )
    note = note_from(row.text, "")
    _sync_cards(conn, note, row.note, row.deck_id, row.position, counts, new_cards, edited=changed)


class _NewCards:
    """Cards to insert, with ids given here so that their imported answers can be replayed
    (the fuzz is keyed by the id) and written with the card: its schedule goes straight into
    the insert instead of an update afterwards."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        batch: ImportBatch,
        answers: dict[str, list[Answer]],
        history: HistoryWriter,
        scheduler_for: Callable[[int], Scheduler],
    ) -> None:
        self.conn = conn
        self.suspended = batch.suspended
        self.flags = batch.flags
        self.progress = batch.progress
        self.kept = batch.kept
        self.answers = answers
        self.history = history
        self.scheduler_for = scheduler_for
        self.rows: list[tuple[object, ...]] = []  # _CARD_INSERT's values
        self.added = self.reviews = 0
        self._next: int | None = None

    def add(self, card_id: str, note_pk: int, ord_: int, did: int, index: int) -> None:
        if self._next is None:
            # The write lock is held, so max(id) stays ours.
            row = self.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM cards").fetchone()
            (self._next,) = row
        pk = self._next
        self._next += 1
        position = index * ORD_SPAN + ord_
        schedule = schedule_values(Schedule(), position)
        answers = self.answers.pop(card_id, None)
        kept = self.kept.get(card_id)
        if answers:
            logged: Logged = {}
            self.reviews += merge_answers(logged, answers)
            schedule = self.history.add(
                pk,
                position,
                logged,
                self.scheduler_for(did),
                replace=False,
                update=False,
                kept=kept,
            )
        elif kept is not None:
            schedule = schedule_values(self.scheduler_for(did).kept(kept), position)
        elif (progress := self.progress.get(card_id)) is not None:
            schedule = schedule_values(self.scheduler_for(did).from_sm2(progress), position)
        suspended = int(card_id in self.suspended)
        flag = self.flags.get(card_id, 0)
        self.rows.append((pk, card_id, note_pk, ord_, did, position, *schedule, suspended, flag))
        self.added += 1

    def flush(self) -> None:
        self.conn.executemany(_CARD_INSERT, self.rows)
        self.rows = []
