"""Undo for a study session: what a change touched, saved before it, restored exactly.

An entry keeps the full mutable state of every card and note the change wrote (the card,
buried siblings, a leech tag) plus the review-log row it added, which undo deletes.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import NamedTuple

from studycards.collection.store.codec import SCHEDULE_COLUMNS, row_factory, select
from studycards.model import ScheduleRow
from studycards.study.session_book import Step


class CardState(NamedTuple):
    """A card's schedule plus what bury, suspend and flag change: all an undo puts back."""

    id: int
    schedule: ScheduleRow
    suspended: int
    buried_day: int
    flag: int


class NoteState(NamedTuple):
    """What a change can do to a note: a leech tag, a mark."""

    id: int
    tags: str
    marked: int


# CardState's columns, as the cards table names them.
CARD_STATE = (*SCHEDULE_COLUMNS, *(f for f in CardState._fields if f not in ("id", "schedule")))
_CARD_STATE = select(CardState)
_NOTE_STATE = select(NoteState)
_RESTORE_CARD = ", ".join(f"{column} = :{column}" for column in CARD_STATE)


@dataclass(frozen=True, slots=True)
class Saved:
    """Rows as they were before a change."""

    cards: tuple[CardState, ...]
    notes: tuple[NoteState, ...]


@dataclass(frozen=True, slots=True)
class UndoEntry:
    action: str  # "Good", "Bury", "Suspend Note", ...
    saved: Saved
    revlog_id: int | None
    card_pk: int  # the card on screen when the change was made
    session: Step  # the session's own bookkeeping, restored as it was

    @property
    def label(self) -> str:
        return f"Undo {self.action}"


def save(conn: sqlite3.Connection, note_pk: int, *, whole_note: bool, card_pk: int) -> Saved:
    """The state of one card (or every card of its note) and of the note."""
    if whole_note:
        cards = conn.execute(f"SELECT {_CARD_STATE} FROM cards WHERE note = ?", (note_pk,))
    else:
        cards = conn.execute(f"SELECT {_CARD_STATE} FROM cards WHERE id = ?", (card_pk,))
    cards.row_factory = row_factory(CardState)
    notes = conn.execute(f"SELECT {_NOTE_STATE} FROM notes WHERE id = ?", (note_pk,))
    notes.row_factory = row_factory(NoteState)
    return Saved(tuple(cards), tuple(notes))


def restore(conn: sqlite3.Connection, saved: Saved, revlog_id: int | None) -> None:
    """Put the saved rows back and drop the logged answer; inside a write transaction."""
    conn.executemany(
        f"UPDATE cards SET {_RESTORE_CARD} WHERE id = :id",
        [
            {
                **card.schedule._asdict(),
                "suspended": card.suspended,
                "buried_day": card.buried_day,
                "flag": card.flag,
                "id": card.id,
            }
            for card in saved.cards
        ],
    )
    conn.executemany(
        "UPDATE notes SET tags = :tags, marked = :marked WHERE id = :id",
        [note._asdict() for note in saved.notes],
    )
    if revlog_id is not None:
        conn.execute("DELETE FROM revlog WHERE id = ?", (revlog_id,))
