"""Renaming and deleting decks, and which decks are in the list at all.

A deck is in the list (status, the decks screen, `options`) while it or a deck under it holds
a card that is not orphaned; a deck left with no cards at all (by a deletion, a rename, or an
import that moved its notes elsewhere) is removed from the collection, parents that end up
empty with it. Renaming moves a deck's whole subtree, as in Anki, and is
remembered: a note file or deck file that still names the old deck files its notes under the
new name at the next import or sync, instead of bringing the old deck back.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from studycards.collection.store import read_meta, write_meta
from studycards.notes.deck_names import (
    SEPARATOR,
    DeckNameError,
    ancestors,
    in_subtree,
    moved,
    normalized,
    renamed,
)
from studycards.options import DEFAULT_PRESET

if TYPE_CHECKING:
    from studycards.collection import Collection

# The meta row holding the renames (old name → new name); absent until the first rename.
RENAMES_KEY = "deck_renames"


@dataclass(frozen=True, slots=True)
class DeckSize:
    """What deleting a deck (with its subdecks) takes away."""

    deck: str
    decks: int
    cards: int
    reviews: int
    # The files its notes were imported from that are still there: importing or syncing
    # them again brings the notes back, as new cards.
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DeckDeletion:
    size: DeckSize
    backup: Path


def read_renames(conn: sqlite3.Connection) -> dict[str, str]:
    stored = read_meta(conn, RENAMES_KEY)
    data = json.loads(stored) if stored else {}
    if not isinstance(data, dict):
        return {}
    return {str(old): str(new) for old, new in data.items()}


def _write_renames(conn: sqlite3.Connection, renames: Mapping[str, str]) -> None:
    write_meta(conn, RENAMES_KEY, json.dumps(dict(renames), ensure_ascii=False))


def canonical(name: str, existing: Mapping[str, str]) -> str:
    """`name` spelled as the decks that already exist spell it, level by level, ignoring
    case (`existing`: folded name → name): `notes::cold war` joins `Notes::Cold War`."""
    spelled: list[str] = []
    for part in normalized(name).split(SEPARATOR):
        prefix = SEPARATOR.join([*spelled, part])
        found = existing.get(prefix.casefold())
        spelled.append(found.rsplit(SEPARATOR, 1)[-1] if found else part)
    return SEPARATOR.join(spelled)


def name_for_import(name: str, renames: Mapping[str, str], existing: Mapping[str, str]) -> str:
    """The deck a source's deck `name` goes to: after the user's renames, and joined with an
    existing deck whose name differs only in case, as Anki does."""
    return canonical(renamed(normalized(name), renames), existing)


def _in_study(conn: sqlite3.Connection, deck_id: int) -> bool:
    """Whether the deck holds a card that is not orphaned (the `cards_deck` index)."""
    return (
        conn.execute(
            "SELECT 1 FROM cards WHERE deck_id = ? AND orphaned = 0 LIMIT 1", (deck_id,)
        ).fetchone()
        is not None
    )


def listed(conn: sqlite3.Connection, names: Mapping[int, str]) -> dict[int, str]:
    """The decks of the list: those holding a card that is not orphaned, with their parents.
    One index lookup per deck (the `cards_deck` index)."""
    holding = [did for did in names if _in_study(conn, did)]
    wanted: set[str] = set()
    for did in holding:
        wanted.add(names[did])
        wanted.update(ancestors(names[did]))
    return {did: name for did, name in names.items() if name in wanted}


def prune(conn: sqlite3.Connection) -> int:
    """Remove decks that hold no card and no note, and have no subdeck that does; inside a
    write transaction. How many were removed."""
    names = dict(conn.execute("SELECT id, name FROM decks").fetchall())
    used = {did for (did,) in conn.execute("SELECT DISTINCT deck_id FROM cards")}
    used |= {did for (did,) in conn.execute("SELECT DISTINCT deck_id FROM notes")}
    used |= {did for (did,) in conn.execute("SELECT DISTINCT deck_id FROM note_sources")}
    keep: set[str] = set()
    for did in used:
        if did in names:
            keep.add(names[did])
            keep.update(ancestors(names[did]))
    empty = [did for did, name in names.items() if name not in keep]
    conn.executemany("DELETE FROM decks WHERE id = ?", [(did,) for did in empty])
    return len(empty)


def settle_moves(
    conn: sqlite3.Connection, moves: Iterable[tuple[int, int]], *, made_after: int
) -> None:
    """After an import moved cards from deck to deck (a note file moved to another folder,
    its `deck:` changed, a collection made before the folder tree read into it), inside its
    transaction: a deck the import made (id above `made_after`) that is still on the Default
    preset takes the preset of a deck it emptied (no card left in study), so the options and
    limits the user set follow the notes; and the decks left without a card are removed
    (prune). A deck that keeps cards keeps its options to itself: a shared term moving to
    a new note's deck does not hand that deck the options of its old one."""
    presets = dict(conn.execute("SELECT id, preset FROM decks").fetchall())
    emptied = {before for before, _ in moves if not _in_study(conn, before)}
    for before, now in sorted(moves):
        came_with = presets.get(before, DEFAULT_PRESET)
        made = now > made_after and presets.get(now) == DEFAULT_PRESET
        if made and before in emptied and came_with != DEFAULT_PRESET:
            conn.execute("UPDATE decks SET preset = ? WHERE id = ?", (came_with, now))
            presets[now] = came_with
    prune(conn)


def _subtree(names: Mapping[int, str], root: str) -> dict[int, str]:
    return {did: name for did, name in names.items() if in_subtree(name, root)}


def _marks(ids: Iterable[int]) -> str:
    return ",".join(str(int(did)) for did in ids)


def deck_size(col: Collection, name: str) -> DeckSize:
    """The cards and reviews of deck `name` and its subdecks (orphaned cards too)."""
    deck = col.find_deck(name)
    ids = _subtree(col.deck_names(), deck)
    with col.store.guard("count the deck's cards"):
        (cards,) = col.store.conn.execute(
            f"SELECT count(*) FROM cards WHERE deck_id IN ({_marks(ids)})"
        ).fetchone()
        (reviews,) = col.store.conn.execute(
            f"SELECT count(*) FROM revlog WHERE card IN "
            f"(SELECT id FROM cards WHERE deck_id IN ({_marks(ids)}))"
        ).fetchone()
        origins = col.store.conn.execute(
            f"SELECT DISTINCT origin FROM notes WHERE deck_id IN ({_marks(ids)}) "
            "AND orphaned = 0 ORDER BY origin"
        ).fetchall()
    sources = tuple(origin for (origin,) in origins if origin and Path(origin).is_file())
    return DeckSize(deck, len(ids), int(cards), int(reviews), sources)


def delete_deck(col: Collection, name: str) -> DeckDeletion:
    """Delete deck `name` with its subdecks, their cards and their review history, after a
    backup (restoring it undoes the deletion)."""
    size = deck_size(col, name)
    ids = _subtree(col.deck_names(), size.deck)
    backup = col.backup("delete-deck")
    with col.store.write(f"delete the deck {size.deck}") as conn:
        # The review log goes with its cards (ON DELETE CASCADE).
        conn.execute(f"DELETE FROM cards WHERE deck_id IN ({_marks(ids)})")
        conn.execute(f"DELETE FROM notes WHERE deck_id IN ({_marks(ids)})")
        # A note kept elsewhere is no longer written in these decks' files.
        conn.execute(f"DELETE FROM note_sources WHERE deck_id IN ({_marks(ids)})")
        conn.execute(f"DELETE FROM decks WHERE id IN ({_marks(ids)})")
        prune(conn)
        # Sources naming the deck come back under their own name, not a deleted one's.
        renames = read_renames(conn)
        kept = {old: new for old, new in renames.items() if not in_subtree(new, size.deck)}
        if kept != renames:
            _write_renames(conn, kept)
    col.decks_changed()
    return DeckDeletion(size, backup)


def rename_deck(col: Collection, old: str, new: str) -> str:
    """Rename deck `old` (with its subdecks) to `new`; the name it now has.

    A name that differs only in case is the same deck, so changing the case is a rename.
    Renaming onto another deck is refused: two decks are never merged by a rename (Anki
    would quietly call the renamed one `new+`).
    """
    source = col.find_deck(old)
    target = normalized(new)
    if target == source:
        return source
    if in_subtree(target, source) and target.casefold() != source.casefold():
        raise DeckNameError(f"cannot move the deck {source!r} into its own subdeck {target!r}")
    names = col.deck_names()
    moving = _subtree(names, source)
    staying = {did: name for did, name in names.items() if did not in moving}
    existing = {name.casefold(): name for name in staying.values()}
    target = canonical(target, existing)
    listed_names = set(col.listed_decks().values())
    for name in moving.values():
        clash = existing.get(moved(name, source, target).casefold())
        if clash is not None:
            hint = (
                ""
                if clash in listed_names
                else " (it holds only orphaned cards: `studycards orphans --delete` removes them)"
            )
            raise DeckNameError(
                f"a deck named {clash!r} already exists{hint}; renaming never merges two "
                "decks: rename or delete that one first"
            )
    with col.store.write(f"rename the deck {source}") as conn:
        # Two steps, so no new name meets an old one still in place (names are unique).
        for did in moving:
            conn.execute("UPDATE decks SET name = ? WHERE id = ?", (f"\x00{did}", did))
        for did, name in moving.items():
            conn.execute(
                "UPDATE decks SET name = ? WHERE id = ?", (moved(name, source, target), did)
            )
        for parent in reversed(ancestors(target)):
            conn.execute("INSERT OR IGNORE INTO decks (name) VALUES (?)", (parent,))
        prune(conn)
        renames = {
            before: moved(after, source, target) if in_subtree(after, source) else after
            for before, after in read_renames(conn).items()
        }
        renames[source] = target
        _write_renames(
            conn, {before: after for before, after in renames.items() if before != after}
        )
    col.decks_changed()
    return target
