"""Values as table rows: any note text goes in as the JSON json.dumps writes and comes back
equal, and rows are read back by name."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studycards.collection.store.codec import (
    SCHEDULE_COLUMNS,
    columns,
    insert_sql,
    note_from,
    note_values,
    row_factory,
    schedule_from,
    schedule_values,
    select,
)
from studycards.model import Note, NoteType, Schedule, ScheduleRow, Source, State

text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)


@settings(max_examples=200, deadline=None)
@given(question=text, answer=text, tags=st.lists(text, max_size=4))
def test_note_fields_and_tags_round_trip_through_their_row(
    question: str, answer: str, tags: list[str]
) -> None:
    note = Note(
        "n1", NoteType.BASIC, "Deck", {"question": question, "answer": answer}, tuple(tags),
        Source("notes.md", 3, "Heading"),
    )  # fmt: skip
    row = note_values(note)
    assert row.fields == json.dumps(dict(note.fields), ensure_ascii=False)
    assert row.tags == json.dumps(tags, ensure_ascii=False)
    assert note_from(row, "Deck") == note


class _CardRow(NamedTuple):
    card: int
    schedule: ScheduleRow
    flag: int


def test_rows_come_back_by_name_in_the_order_select_lists_them() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE TABLE cards (id, flag, {columns(SCHEDULE_COLUMNS)})")
    schedule = Schedule(
        State.REVIEW, step=None, stability=3.5, difficulty=6.0, due=datetime(2026, 3, 9, tzinfo=timezone.utc),
        last_review=datetime(2026, 3, 1, tzinfo=timezone.utc), reps=4, lapses=1,
    )  # fmt: skip
    conn.execute(
        insert_sql("cards", ("id", "flag", *SCHEDULE_COLUMNS)),
        (7, 3, *schedule_values(schedule, 0)),
    )
    sql = select(_CardRow, card="c.id", schedule="c.")
    assert sql == f"c.id, {columns(SCHEDULE_COLUMNS, 'c.')}, flag"
    cursor = conn.execute(f"SELECT {sql} FROM cards c")
    cursor.row_factory = row_factory(_CardRow)
    row = cursor.fetchone()
    assert (row.card, row.flag) == (7, 3)
    assert schedule_from(row.schedule) == schedule
    # A query that selects something else is refused, not read off by one.
    cursor = conn.execute("SELECT id, state, flag FROM cards")
    cursor.row_factory = row_factory(_CardRow)
    with pytest.raises(TypeError, match="reads 10 columns, not 3"):
        cursor.fetchone()
    with pytest.raises(TypeError, match="no field 'deck'"):
        select(_CardRow, deck="c.deck_id")
