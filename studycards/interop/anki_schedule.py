"""A studycards card's scheduling in Anki's columns: card type, queue, due, interval, reps,
lapses, the FSRS memory state in `cards.data`, and the review log as `revlog` rows.

Anki's encodings: type 0 new, 1 learn, 2 review, 3 relearn; queue 0 new, 1 learn (due in
epoch seconds), 2 review (due as a day number since the collection was created), 3 learn
across a day boundary (day number), -1 suspended, -3 buried; revlog ivl in days when
positive, seconds when negative; time in milliseconds.
"""

from __future__ import annotations

import json
from typing import NamedTuple

from studycards.clock import DAY_MS, StudyDay, to_ms
from studycards.interop.anki_collection import FILTERED, MANUAL, RESCHEDULED
from studycards.model import CardRecord, LoggedReview, ReviewKind, State
from studycards.rows import ExportLogRow

_QUEUE_SUSPENDED, _QUEUE_BURIED = -1, -3
_DEFAULT_FACTOR = 2500
# Anki's default learning steps (1m 10m) and relearning step (10m): `left` counts the steps
# still to go, today's share in the thousands.
_LEARNING_STEPS, _RELEARNING_STEPS = 2, 1


class CardColumns(NamedTuple):
    """The `cards` columns we set, in the order of the exporter's UPDATE."""

    type: int
    queue: int
    due: int
    ivl: int
    factor: int
    reps: int
    lapses: int
    left: int
    flags: int
    data: str


def card_columns(
    record: CardRecord, *, today: int, study_day: StudyDay, position: int
) -> CardColumns:
    """Anki's card columns for `record`; day numbers count from `today` (a study day number)."""
    s = record.schedule
    flags = record.flag & 7
    if s.state is State.NEW or s.due is None:
        queue = _QUEUE_SUSPENDED if record.suspended else 0
        return CardColumns(0, queue, position, 0, 0, 0, 0, 0, flags, "")
    data = ""
    if s.stability is not None and s.difficulty is not None:
        memory: dict[str, float | int] = {
            "s": round(s.stability, 4),
            "d": round(s.difficulty, 4),
            "dr": round(record.desired_retention, 4),
        }
        if s.last_review is not None:
            memory["lrt"] = int(s.last_review.timestamp())
        data = json.dumps(memory, separators=(",", ":"))
    if s.state is State.REVIEW:
        card_type, queue = 2, 2
        due_day = study_day.number(s.due)
        due = due_day - today
        last_day = study_day.number(s.last_review) if s.last_review else due_day
        ivl = max(1, due_day - last_day)
        left = 0
    else:
        card_type = 1 if s.state is State.LEARNING else 3
        steps = _LEARNING_STEPS if s.state is State.LEARNING else _RELEARNING_STEPS
        remaining = max(1, steps - (s.step or 0))
        left = remaining * 1000 + remaining
        ivl = 0 if s.state is State.LEARNING else max(1, round(s.stability or 1))
        due_day = study_day.number(s.due)
        if due_day <= today:
            queue, due = 1, int(s.due.timestamp())
        else:
            queue, due = 3, due_day - today
    if record.suspended:
        queue = _QUEUE_SUSPENDED
    elif record.buried:
        queue = _QUEUE_BURIED
    return CardColumns(
        card_type, queue, due, ivl, _DEFAULT_FACTOR, s.reps, s.lapses, left, flags, data
    )


# Stored state numbers as plain ints: a million-row log compares them a few million times.
_NEW, _LEARNING, _REVIEW, _RELEARNING = (int(state) for state in State)
_REVLOG_TYPE = {_NEW: 0, _LEARNING: 0, _REVIEW: 1, _RELEARNING: 2}
_ANSWER, _FORGET, _RESCHEDULE, _CRAM = (int(kind) for kind in ReviewKind)


def log_row(entry: LoggedReview) -> ExportLogRow:
    """A logged answer as the plain row `revlog_values` reads (what `export_log` streams)."""
    before, after = entry.before, entry.after
    return ExportLogRow(
        card_id=entry.review.card_id,
        reviewed_at=to_ms(entry.review.reviewed_at),
        rating=int(entry.review.rating),
        duration_ms=entry.review.duration_ms,
        before_state=int(before.state),
        before_due=to_ms(before.due) if before.due is not None else None,
        before_last_review=to_ms(before.last_review) if before.last_review is not None else None,
        after_state=int(after.state),
        after_due=to_ms(after.due) if after.due is not None else None,
    )


def revlog_values(row: ExportLogRow) -> tuple[int, int, int, int, int, int]:
    """(ease, ivl, lastIvl, factor, time ms, type) of one review-log entry."""
    at, before, after = row.reviewed_at, row.before_state, row.after_state
    before_due, after_due, duration = row.before_due, row.after_due, row.duration_ms
    # The interval rule (whole days in review, negative seconds while learning) is written
    # out twice rather than called: this runs once per answer of a million-row log.
    if after_due is None or after == _NEW:
        ivl = 0
    elif after == _REVIEW:
        ivl = max(1, round((after_due - at) / DAY_MS))
    else:
        ivl = -max(1, int((after_due - at) / 1000))
    if before_due is None or before == _NEW:
        last_ivl = 0
    else:
        last = at if row.before_last_review is None else row.before_last_review
        if before == _REVIEW:
            last_ivl = max(1, round((before_due - last) / DAY_MS))
        else:
            last_ivl = -max(1, int((before_due - last) / 1000))
    factor = _DEFAULT_FACTOR if after == _REVIEW else 0
    time = 0 if duration < 0 else 60_000 if duration > 60_000 else duration
    kind = row.kind
    if kind == _ANSWER:
        return (row.rating, ivl, last_ivl, factor, time, _REVLOG_TYPE[before])
    # The entries that are no answer, written as Anki writes them (and reads them back,
    # anki_progress._kind): Forget is a manual entry with no ease and no factor; a due date
    # moved is a rescheduled entry with no ease; an answer in a filtered deck that does not
    # reschedule is a filtered entry with no factor.
    if kind == _FORGET:
        return (0, 0, last_ivl, 0, 0, MANUAL)
    if kind == _RESCHEDULE:
        return (0, ivl, last_ivl, factor, 0, RESCHEDULED)
    return (row.rating, ivl, last_ivl, 0, time, FILTERED)
