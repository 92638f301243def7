"""Writing one answer: the card's new state, the log row (state before and after), buried
siblings and the leech rule, all inside the caller's single transaction."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from studycards.clock import to_ms
from studycards.collection.store.codec import (
    AFTER_COLUMNS,
    BEFORE_COLUMNS,
    SET_SCHEDULE,
    insert_sql,
    schedule_values,
)
from studycards.model import Rating, Schedule, State
from studycards.options import Options
from studycards.study.undo import Saved, save

LEECH_TAG = "leech"
# A review-log row of a live answer: the answer, then the schedule before and after.
_REVLOG_INSERT = insert_sql(
    "revlog", ("card", "reviewed_at", "rating", "duration_ms", *BEFORE_COLUMNS, *AFTER_COLUMNS)
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Answer:
    card_pk: int
    note_pk: int
    before: Schedule
    after: Schedule
    rating: Rating
    at: datetime
    duration_ms: int


def record_answer(
    conn: sqlite3.Connection, answer: Answer, *, today: int, options: Options
) -> tuple[Saved, int, list[int]]:
    """Write `answer`; returns what undo needs (saved rows, log row id) and buried siblings."""
    saved = save(conn, answer.note_pk, whole_note=True, card_pk=answer.card_pk)
    position = 0
    if answer.before.state is State.NEW:
        (position,) = conn.execute(
            "SELECT position FROM cards WHERE id = ?", (answer.card_pk,)
        ).fetchone()
    after = schedule_values(answer.after, position)
    conn.execute(f"UPDATE cards SET {SET_SCHEDULE} WHERE id = ?", (*after, answer.card_pk))
    revlog_id = conn.execute(
        _REVLOG_INSERT,
        (
            answer.card_pk,
            to_ms(answer.at),
            int(answer.rating),
            answer.duration_ms,
            *schedule_values(answer.before, position),
            *after,
        ),
    ).lastrowid
    assert revlog_id is not None
    buried: list[int] = []
    if options.bury_siblings:
        # Anki buries new and review siblings; learning cards are never buried.
        buried = [
            pk
            for (pk,) in conn.execute(
                "UPDATE cards SET buried_day = ? WHERE note = ? AND id != ? "
                f"AND state IN ({int(State.NEW)}, {int(State.REVIEW)}) AND buried_day != ? "
                "RETURNING id",
                (today, answer.note_pk, answer.card_pk, today),
            )
        ]
    if is_leech(answer.after, answer.before, options.leech_threshold):
        mark_leech(conn, answer, suspend=options.leech_action == "suspend")
    return saved, revlog_id, buried


def is_leech(after: Schedule, before: Schedule, threshold: int) -> bool:
    """Anki's rule: at the threshold, then again every half threshold."""
    if after.lapses <= before.lapses or after.lapses < threshold:
        return False
    return (after.lapses - threshold) % max(1, threshold // 2) == 0


def mark_leech(conn: sqlite3.Connection, answer: Answer, *, suspend: bool) -> None:
    row = conn.execute("SELECT tags FROM notes WHERE id = ?", (answer.note_pk,)).fetchone()
    tags = json.loads(row[0])
    if LEECH_TAG not in tags:
        tags.append(LEECH_TAG)
        conn.execute(
            "UPDATE notes SET tags = ? WHERE id = ?",
            (json.dumps(tags, ensure_ascii=False), answer.note_pk),
        )
    if suspend:
        conn.execute("UPDATE cards SET suspended = 1 WHERE id = ?", (answer.card_pk,))
