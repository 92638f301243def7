"""Model values to and from table rows: times in integer milliseconds, JSON for lists.

Rows are read by name: each query declares a NamedTuple of what it selects (single columns,
or a ScheduleRow / NoteRow of several), `select` writes its SELECT list and `row_factory`
reads rows back into it, so no caller counts column positions.
"""

from __future__ import annotations

import json
import sqlite3
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from json.encoder import encode_basestring as _string
from operator import itemgetter
from typing import Any, NamedTuple, TypeVar

from studycards.clock import from_ms, to_ms
from studycards.model import Note, NoteType, ReviewKind, Schedule, ScheduleRow, Source, State

SCHEDULE_COLUMNS = ScheduleRow._fields
# The review log keeps the schedule before (b_) and after (a_) each answer.
BEFORE_COLUMNS = tuple(f"b_{name}" for name in SCHEDULE_COLUMNS)
AFTER_COLUMNS = tuple(f"a_{name}" for name in SCHEDULE_COLUMNS)


class NoteRow(NamedTuple):
    """A Note's own columns in the notes table (its deck is a column of its own)."""

    note_id: str
    type: str
    fields: str
    tags: str
    source_path: str
    source_line: int
    source_heading: str
    reversed: int
    guid: str


NOTE_COLUMNS = NoteRow._fields
Row = TypeVar("Row", bound=NamedTuple)


def columns(names: Sequence[str], prefix: str = "") -> str:
    """`names` as a SELECT or INSERT list, each with `prefix` ("c." or "r.b_")."""
    return ", ".join(prefix + name for name in names)


def placeholders(count: int) -> str:
    """The `?` marks of a VALUES list of `count` columns."""
    return ", ".join("?" * count)


def insert_sql(table: str, names: Sequence[str]) -> str:
    """INSERT of one row of `names`, in that order."""
    return f"INSERT INTO {table} ({columns(names)}) VALUES ({placeholders(len(names))})"


def set_sql(names: Sequence[str]) -> str:
    """An UPDATE's SET list for `names`, in that order."""
    return f"({columns(names)}) = ({placeholders(len(names))})"


SCHEDULE_SQL = columns(SCHEDULE_COLUMNS)
SET_SCHEDULE = set_sql(SCHEDULE_COLUMNS)
# The review-log rows (aliased `r`) that are answers, not an entry Anki logged for a reset,
# a reschedule or a cramming review (model.ReviewKind).
ANSWERS = f"r.kind = {int(ReviewKind.ANSWER)}"


def _row_parts(row_type: type[NamedTuple]) -> list[type[NamedTuple] | None]:
    """For each field of a row type, the NamedTuple of columns it groups (a ScheduleRow, a
    NoteRow), or None for a single column."""
    hints = typing.get_type_hints(row_type)
    parts: list[type[NamedTuple] | None] = []
    for name in row_type._fields:
        hint = hints[name]
        nested = isinstance(hint, type) and issubclass(hint, tuple) and hasattr(hint, "_fields")
        parts.append(hint if nested else None)
    return parts


def select(row_type: type[NamedTuple], **sources: str) -> str:
    """The SELECT list that `row_factory(row_type)` reads, in the row type's field order: a
    column field is `sources[name]` (an SQL expression; the field's own name if not given),
    a grouped field (ScheduleRow, NoteRow) is its columns, each prefixed with `sources[name]`
    (such as "c." or "r.b_")."""
    out = []
    for name, part in zip(row_type._fields, _row_parts(row_type), strict=True):
        source = sources.pop(name, None)
        if part is None:
            out.append(source or name)
        else:
            out.append(columns(part._fields, source or ""))
    if sources:
        raise TypeError(f"{row_type.__name__} has no field {next(iter(sources))!r}")
    return ", ".join(out)


def row_factory(row_type: type[Row]) -> Callable[[sqlite3.Cursor, tuple[Any, ...]], Row]:
    """A cursor row factory that gives rows as `row_type`, a NamedTuple whose fields are
    single columns or NamedTuples of consecutive columns (as `select` lists them)."""
    picks: list[int | slice] = []
    nested: list[tuple[int, Callable[[Iterable[Any]], NamedTuple]]] = []
    width = 0
    for index, part in enumerate(_row_parts(row_type)):
        if part is None:
            picks.append(width)
            width += 1
        else:
            size = len(part._fields)
            picks.append(slice(width, width + size))
            nested.append((index, part._make))
            width += size
    make = row_type._make
    if not nested:
        # NamedTuple._make refuses a row of the wrong width.
        return lambda cursor, row: make(row)
    pick = itemgetter(*picks)

    def build(cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> Row:
        if len(row) != width:
            raise TypeError(f"{row_type.__name__} reads {width} columns, not {len(row)}")
        values = list(pick(row)) if len(picks) > 1 else [pick(row)]
        for index, part_make in nested:
            values[index] = part_make(values[index])
        return make(values)

    return build


def _ms(when: datetime | None) -> int | None:
    return None if when is None else to_ms(when)


def _when(ms: int | None) -> datetime | None:
    return None if ms is None else from_ms(ms)


def schedule_values(schedule: Schedule, position: int) -> ScheduleRow:
    """The stored form of `schedule`; a new card's due is its position."""
    return ScheduleRow(
        state=int(schedule.state),
        step=schedule.step,
        stability=schedule.stability,
        difficulty=schedule.difficulty,
        due=position if schedule.state is State.NEW else _ms(schedule.due),
        last_review=_ms(schedule.last_review),
        reps=schedule.reps,
        lapses=schedule.lapses,
    )


def schedule_from(row: ScheduleRow) -> Schedule:
    """The Schedule a stored row holds."""
    state = State(row.state)
    return Schedule(
        state=state,
        step=row.step,
        stability=row.stability,
        difficulty=row.difficulty,
        due=None if state is State.NEW else _when(row.due),
        last_review=_when(row.last_review),
        reps=row.reps,
        lapses=row.lapses,
    )


def _json_fields(fields: Mapping[str, str]) -> str:
    """json.dumps(fields, ensure_ascii=False) for a mapping of strings, byte for byte,
    without the encoder set-up json.dumps pays on every call (once per imported note)."""
    return "{" + ", ".join(f"{_string(k)}: {_string(v)}" for k, v in fields.items()) + "}"


def _json_list(items: Sequence[str]) -> str:
    """json.dumps(list(items), ensure_ascii=False) for strings."""
    return "[" + ", ".join(map(_string, items)) + "]"


def note_values(note: Note) -> NoteRow:
    return NoteRow(
        note_id=note.note_id,
        type=str(note.type),
        fields=_json_fields(note.fields),
        tags=_json_list(note.tags),
        source_path=note.source.path,
        source_line=note.source.line,
        source_heading=note.source.heading,
        reversed=int(note.reversed),
        guid=note.guid,
    )


def note_from(row: NoteRow, deck: str) -> Note:
    """A Note from its stored columns and its deck's name."""
    return Note(
        note_id=row.note_id,
        type=NoteType(row.type),
        deck=deck,
        fields=json.loads(row.fields),
        tags=tuple(json.loads(row.tags)),
        source=Source(row.source_path, row.source_line, row.source_heading),
        reversed=bool(row.reversed),
        guid=row.guid,
    )
