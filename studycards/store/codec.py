"""Model values to and from table rows: times in integer milliseconds, JSON for lists."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from json.encoder import encode_basestring as _string
from typing import Any

from studycards.clock import from_ms, to_ms
from studycards.model import Note, NoteType, Schedule, Source, State

SCHEDULE_COLUMNS = (
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reps",
    "lapses",
)
SCHEDULE_SQL = ", ".join(SCHEDULE_COLUMNS)
BEFORE_SQL = ", ".join(f"b_{c}" for c in SCHEDULE_COLUMNS)
AFTER_SQL = ", ".join(f"a_{c}" for c in SCHEDULE_COLUMNS)
NOTE_COLUMNS = (
    "note_id, type, fields, tags, source_path, source_line, source_heading, reversed, guid"
)


def _ms(when: datetime | None) -> int | None:
    return None if when is None else to_ms(when)


def _when(ms: int | None) -> datetime | None:
    return None if ms is None else from_ms(ms)


def schedule_values(schedule: Schedule, position: int) -> tuple[Any, ...]:
    """Column values for SCHEDULE_COLUMNS; a new card's due is its position."""
    due = position if schedule.state is State.NEW else _ms(schedule.due)
    return (
        int(schedule.state),
        schedule.step,
        schedule.stability,
        schedule.difficulty,
        due,
        _ms(schedule.last_review),
        schedule.reps,
        schedule.lapses,
    )


def schedule_from(row: Sequence[Any]) -> Schedule:
    """A Schedule from the eight SCHEDULE_COLUMNS values."""
    state = State(row[0])
    return Schedule(
        state=state,
        step=row[1],
        stability=row[2],
        difficulty=row[3],
        due=None if state is State.NEW else _when(row[4]),
        last_review=_when(row[5]),
        reps=row[6],
        lapses=row[7],
    )


def _json_fields(fields: Mapping[str, str]) -> str:
    """json.dumps(fields, ensure_ascii=False) for a mapping of strings, byte for byte,
    without the encoder set-up json.dumps pays on every call (once per imported note)."""
    return "{" + ", ".join(f"{_string(k)}: {_string(v)}" for k, v in fields.items()) + "}"


def _json_list(items: Sequence[str]) -> str:
    """json.dumps(list(items), ensure_ascii=False) for strings."""
    return "[" + ", ".join(map(_string, items)) + "]"


def note_values(note: Note) -> tuple[Any, ...]:
    return (
        note.note_id,
        str(note.type),
        _json_fields(note.fields),
        _json_list(note.tags),
        note.source.path,
        note.source.line,
        note.source.heading,
        int(note.reversed),
        note.guid,
    )


def note_from(row: Sequence[Any], deck: str) -> Note:
    """A Note from NOTE_COLUMNS values and its deck's name."""
    return Note(
        note_id=row[0],
        type=NoteType(row[1]),
        deck=deck,
        fields=json.loads(row[2]),
        tags=tuple(json.loads(row[3])),
        source=Source(row[4], row[5], row[6]),
        reversed=bool(row[7]),
        guid=row[8],
    )
