"""Undo for a study session: what a change touched, saved before it, restored exactly.

An entry keeps the full mutable state of every card and note the change wrote (the card,
buried siblings, a leech tag) plus the review-log row it added, which undo deletes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from studycards.store.codec import SCHEDULE_COLUMNS

# The schedule plus what bury, suspend and flag change: everything an undo must put back.
CARD_STATE = (*SCHEDULE_COLUMNS, "suspended", "buried_day", "flag")
_CARD_STATE_SQL = ", ".join(CARD_STATE)


@dataclass(frozen=True, slots=True)
class Saved:
    """Rows as they were: cards (id, *CARD_STATE) and notes (id, tags, marked)."""

    cards: tuple[tuple[Any, ...], ...]
    notes: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True, slots=True)
class UndoEntry:
    action: str  # "Good", "Bury", "Suspend Note", ...
    saved: Saved
    revlog_id: int | None
    card_pk: int  # the card on screen when the change was made
    session: Any  # the session's own bookkeeping, restored as it was

    @property
    def label(self) -> str:
        return f"Undo {self.action}"


def save(conn: sqlite3.Connection, note_pk: int, *, whole_note: bool, card_pk: int) -> Saved:
    """The state of one card (or every card of its note) and of the note."""
    if whole_note:
        cards = conn.execute(
            f"SELECT id, {_CARD_STATE_SQL} FROM cards WHERE note = ?", (note_pk,)
        ).fetchall()
    else:
        cards = conn.execute(
            f"SELECT id, {_CARD_STATE_SQL} FROM cards WHERE id = ?", (card_pk,)
        ).fetchall()
    notes = conn.execute("SELECT id, tags, marked FROM notes WHERE id = ?", (note_pk,)).fetchall()
    return Saved(tuple(cards), tuple(notes))


def restore(conn: sqlite3.Connection, saved: Saved, revlog_id: int | None) -> None:
    """Put the saved rows back and drop the logged answer; inside a write transaction."""
    assignments = ", ".join(f"{column} = ?" for column in CARD_STATE)
    conn.executemany(
        f"UPDATE cards SET {assignments} WHERE id = ?", [(*row[1:], row[0]) for row in saved.cards]
    )
    conn.executemany(
        "UPDATE notes SET tags = ?, marked = ? WHERE id = ?",
        [(tags, marked, pk) for pk, tags, marked in saved.notes],
    )
    if revlog_id is not None:
        conn.execute("DELETE FROM revlog WHERE id = ?", (revlog_id,))


def card_pks(saved: Saved) -> Sequence[int]:
    return [row[0] for row in saved.cards]
