"""Read views of a collection: card rows, history, review log, schedules, export records.

Functions over an SQLite connection and the values they need (deck names, the study day, the
time); the Collection's methods call them inside its error guard.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from datetime import datetime, timedelta
from typing import Any, NamedTuple, TypeVar

from studycards.clock import StudyDay, from_ms, to_ms
from studycards.collection.note_sources import other_sources, other_sources_of_all
from studycards.collection.search import Today, matches, narrowing, parse
from studycards.collection.store.codec import (
    ANSWERS,
    NoteRow,
    note_from,
    placeholders,
    row_factory,
    schedule_from,
    select,
)
from studycards.errors import NotFoundError
from studycards.model import (
    CardRecord,
    LoggedReview,
    Note,
    NoteRecord,
    Rating,
    Review,
    ReviewKind,
    Schedule,
    ScheduleRow,
    Source,
)
from studycards.notes.cards import card_of
from studycards.rows import CardInfo, CardRow, ExportLogRow, HistoryRow
from studycards.scheduling.anki_rules import LEARN_AHEAD_MS
from studycards.scheduling.forgetting_curve import retrievability_at

# Cards (c) of notes (n) still in their sources; orphans are listed only when asked for.
NOT_ORPHANED = "c.orphaned = 0 AND n.orphaned = 0"
Row = TypeVar("Row", bound=NamedTuple)


class _CardListRow(NamedTuple):
    note_pk: int
    deck_id: int
    note: NoteRow
    ord: int
    schedule: ScheduleRow
    suspended: int
    buried_day: int
    flag: int
    orphaned: int
    marked: int


_CARD_LIST = select(
    _CardListRow,
    note_pk="n.id",
    deck_id="c.deck_id",
    note="n.",
    ord="c.ord",
    schedule="c.",
    suspended="c.suspended",
    buried_day="c.buried_day",
    flag="c.flag",
    orphaned="c.orphaned OR n.orphaned",
    marked="n.marked",
)


class _LogRow(NamedTuple):
    card_id: str
    deck_id: int
    rating: int
    reviewed_at: int
    duration_ms: int
    before: ScheduleRow
    after: ScheduleRow
    card: int
    kind: int


_LOG = select(
    _LogRow,
    card_id="c.card_id",
    deck_id="c.deck_id",
    rating="r.rating",
    reviewed_at="r.reviewed_at",
    duration_ms="r.duration_ms",
    before="r.b_",
    after="r.a_",
    card="r.card",
    kind="r.kind",
)


class _CardScheduleRow(NamedTuple):
    card_id: str
    deck_id: int
    schedule: ScheduleRow
    suspended: int


_CARD_SCHEDULE = select(
    _CardScheduleRow,
    card_id="c.card_id",
    deck_id="c.deck_id",
    schedule="c.",
    suspended="c.suspended",
)


class _NoteCardRow(NamedTuple):
    note_pk: int
    deck_id: int
    note: NoteRow
    modified: int
    marked: int
    card_pk: int
    ord: int
    schedule: ScheduleRow
    suspended: int
    buried_day: int
    flag: int


_NOTE_CARD = select(
    _NoteCardRow,
    note_pk="n.id",
    deck_id="n.deck_id",
    note="n.",
    modified="n.modified",
    marked="n.marked",
    card_pk="c.id",
    ord="c.ord",
    schedule="c.",
    suspended="c.suspended",
    buried_day="c.buried_day",
    flag="c.flag",
)


_EXPORT_LOG = select(
    ExportLogRow,
    card_id="n.note_id || '-' || c.ord",
    reviewed_at="r.reviewed_at",
    rating="r.rating",
    duration_ms="r.duration_ms",
    before_state="r.b_state",
    before_due="r.b_due",
    before_last_review="r.b_last_review",
    after_state="r.a_state",
    after_due="r.a_due",
    kind="r.kind",
)


def _deck_filter(deck_ids: Sequence[int] | None) -> tuple[str, list[Any]]:
    if deck_ids is None:
        return "1", []
    return f"c.deck_id IN ({placeholders(len(deck_ids))})", list(deck_ids)


def _stream(
    conn: sqlite3.Connection, row_type: type[Row], sql: str, params: Sequence[Any]
) -> Iterator[Row]:
    """Rows as `row_type`, in batches, so a million-card listing never sits in memory whole."""
    cursor = conn.execute(sql, params)
    cursor.row_factory = row_factory(row_type)
    while batch := cursor.fetchmany(2000):
        yield from batch


def card_rows(
    conn: sqlite3.Connection,
    deck_ids: Sequence[int] | None,
    search: str | None,
    *,
    names: Mapping[int, str],
    study_day: StudyDay,
    now: datetime,
    orphaned: bool = False,
) -> Iterator[CardRow]:
    """Cards of `deck_ids` (all when None) in deck order, then file order; `search` is
    Anki's search words (search.py); `names` are every deck's."""
    terms = parse(search)
    where, params = _deck_filter(deck_ids)
    flag = f"NOT ({NOT_ORPHANED})" if orphaned else f"({NOT_ORPHANED})"
    today = study_day.number(now)
    today_for = Today(
        study_day.next_rollover(now),
        now + timedelta(milliseconds=LEARN_AHEAD_MS),
        study_day.number,
        today,
        _answered_since(conn, study_day, now),
    )
    notes: dict[int, Note] = {}
    narrow, extra = narrowing(terms, names)
    also = other_sources_of_all(conn)
    for row in _stream(
        conn,
        _CardListRow,
        f"SELECT {_CARD_LIST} FROM cards c "
        f"JOIN notes n ON n.id = c.note JOIN decks d ON d.id = c.deck_id "
        f"WHERE {where} AND {flag} AND {narrow} ORDER BY d.name, c.position",
        [*params, *extra],
    ):
        note = notes.get(row.note_pk)
        if note is None:
            notes.clear()
            note = notes[row.note_pk] = note_from(row.note, names[row.deck_id])
        schedule = schedule_from(row.schedule)
        card_row = CardRow(
            card=card_of(note, row.ord),
            state=schedule.state,
            suspended=bool(row.suspended),
            buried=row.buried_day == today,
            due=schedule.due,
            stability=schedule.stability,
            difficulty=schedule.difficulty,
            reps=schedule.reps,
            lapses=schedule.lapses,
            last_review=schedule.last_review,
            flag=row.flag,
            orphaned=bool(row.orphaned),
            marked=bool(row.marked),
            other_sources=tuple(also.get(row.note_pk, ())),
        )
        if matches(card_row, terms, today_for):
            yield card_row


def _answered_since(
    conn: sqlite3.Connection, study_day: StudyDay, now: datetime
) -> Callable[[int, int | None], Set[str]]:
    """For `rated:`: the ids of the cards answered in the last `days` study days (today
    included), with rating `rating` if given; one query per distinct question."""
    found: dict[tuple[int, int | None], frozenset[str]] = {}

    def answered(days: int, rating: int | None) -> Set[str]:
        if (days, rating) not in found:
            first = study_day.day_of(now) - timedelta(days=days - 1)
            since = to_ms(study_day.start(first))
            sql = (
                "SELECT DISTINCT c.card_id FROM revlog r JOIN cards c ON c.id = r.card "
                f"WHERE r.reviewed_at >= ? AND {ANSWERS}"
                + ("" if rating is None else " AND r.rating = ?")
            )
            params = [since] if rating is None else [since, rating]
            rows = conn.execute(sql, params)
            found[days, rating] = frozenset(card_id for (card_id,) in rows)
        return found[days, rating]

    return answered


def _log_rows(
    conn: sqlite3.Connection, deck_ids: Sequence[int] | None, *, answers: bool = True
) -> Iterator[_LogRow]:
    """Review-log rows in time order (only the answers, unless `answers` is False), streamed:
    a million rows never sit in memory at once."""
    where, params = _deck_filter(deck_ids)
    if answers:
        where = f"{where} AND {ANSWERS}"
    return _stream(
        conn,
        _LogRow,
        f"SELECT {_LOG} FROM revlog r JOIN cards c ON c.id = r.card "
        f"WHERE {where} ORDER BY r.reviewed_at, r.id",
        params,
    )


def _logged(row: _LogRow) -> LoggedReview:
    return LoggedReview(
        review=Review(row.card_id, Rating(row.rating), from_ms(row.reviewed_at), row.duration_ms),
        before=schedule_from(row.before),
        after=schedule_from(row.after),
    )


_KINDS = {int(kind) for kind in ReviewKind}


def history(
    conn: sqlite3.Connection, deck_ids: Sequence[int] | None, *, names: Mapping[int, str]
) -> Iterator[HistoryRow]:
    """Every entry of the review log in time order: answers, and what Anki did to a card
    that was not one (a reset, a reschedule, a cramming review)."""
    for row in _log_rows(conn, deck_ids, answers=False):
        after = schedule_from(row.after)
        kind = ReviewKind(row.kind) if row.kind in _KINDS else ReviewKind.ANSWER
        yield HistoryRow(
            card_id=row.card_id,
            deck=names[row.deck_id],
            rating=Rating(row.rating) if kind is ReviewKind.ANSWER else None,
            reviewed_at=from_ms(row.reviewed_at),
            duration_ms=row.duration_ms,
            stability=after.stability,
            difficulty=after.difficulty,
            due=after.due,
            kind=kind,
        )


def review_log(conn: sqlite3.Connection, deck_ids: Sequence[int] | None) -> Iterator[LoggedReview]:
    """Every logged answer in time order."""
    for row in _log_rows(conn, deck_ids):
        yield _logged(row)


class _NoteSourceRow(NamedTuple):
    note_pk: int
    path: str
    line: int
    heading: str


_NOTE_SOURCE = select(
    _NoteSourceRow,
    note_pk="n.id",
    path="n.source_path",
    line="n.source_line",
    heading="n.source_heading",
)


def card_info(
    conn: sqlite3.Connection,
    card_pk: int,
    *,
    names: Mapping[int, str],
    now: datetime,
    decay_of: Callable[[int], float],
) -> CardInfo:
    """Anki's card info: the card's state, memory, retrievability at `now` (under the decay
    of its deck's preset, `decay_of(deck id)`) and its history."""
    cursor = conn.execute(f"SELECT {_CARD_SCHEDULE} FROM cards c WHERE c.id = ?", (card_pk,))
    cursor.row_factory = row_factory(_CardScheduleRow)
    row = cursor.fetchone()
    if row is None:
        raise NotFoundError("that card is no longer in the collection")
    schedule = schedule_from(row.schedule)
    cursor = conn.execute(
        f"SELECT {_NOTE_SOURCE} FROM cards c JOIN notes n ON n.id = c.note WHERE c.id = ?",
        (card_pk,),
    )
    cursor.row_factory = row_factory(_NoteSourceRow)
    note: _NoteSourceRow = cursor.fetchone()
    own = Source(note.path, note.line, note.heading)
    sources = (own, *other_sources(conn, [note.note_pk]).get(note.note_pk, ()))
    return CardInfo(
        card_id=row.card_id,
        deck=names[row.deck_id],
        state=schedule.state,
        due=schedule.due,
        stability=schedule.stability,
        difficulty=schedule.difficulty,
        retrievability=retrievability_at(schedule, now, decay_of(row.deck_id)),
        reps=schedule.reps,
        lapses=schedule.lapses,
        history=card_history(conn, card_pk),
        sources=sources if sources[0].path else sources[1:],
    )


def card_history(conn: sqlite3.Connection, card_pk: int) -> list[LoggedReview]:
    cursor = conn.execute(
        f"SELECT {_LOG} FROM revlog r JOIN cards c ON c.id = r.card "
        f"WHERE r.card = ? AND {ANSWERS} ORDER BY r.reviewed_at, r.id",
        (card_pk,),
    )
    cursor.row_factory = row_factory(_LogRow)
    return [_logged(row) for row in cursor]


def schedules(
    conn: sqlite3.Connection, deck_ids: Sequence[int] | None
) -> Iterator[tuple[str, Schedule, bool]]:
    """(card id, schedule, suspended) of every card that is not an orphan."""
    where, params = _deck_filter(deck_ids)
    for row in _stream(
        conn,
        _CardScheduleRow,
        f"SELECT {_CARD_SCHEDULE} FROM cards c JOIN notes n "
        f"ON n.id = c.note WHERE {where} AND {NOT_ORPHANED}",
        params,
    ):
        yield row.card_id, schedule_from(row.schedule), bool(row.suspended)


def note_records(
    conn: sqlite3.Connection,
    deck_ids: Sequence[int] | None,
    *,
    names: Mapping[int, str],
    today: int,
    retention_of: Callable[[int], float],
    with_history: bool = True,
) -> Iterator[NoteRecord]:
    """Notes with their cards' state, flags and history, for exporters, in deck name, note,
    card order; `retention_of(deck id)` is the desired retention of a deck's preset. Notes
    stream in batches; `with_history=False` leaves every card's history empty, so a large
    deck's review log is not held as objects (see `export_log`)."""
    where, params = _deck_filter(deck_ids)
    history_of: defaultdict[int, list[LoggedReview]] = defaultdict(list)
    if with_history:
        for log_row in _log_rows(conn, deck_ids):
            history_of[log_row.card].append(_logged(log_row))
    current: list[_NoteCardRow] = []
    for row in _stream(
        conn,
        _NoteCardRow,
        f"SELECT {_NOTE_CARD} FROM notes n "
        f"JOIN cards c ON c.note = n.id JOIN decks d ON d.id = n.deck_id "
        f"WHERE {where} AND {NOT_ORPHANED} "
        f"ORDER BY d.name, n.position, c.ord",
        params,
    ):
        if current and current[0].note_pk != row.note_pk:
            yield _record(current, names, today, retention_of, history_of)
            current = []
        current.append(row)
    if current:
        yield _record(current, names, today, retention_of, history_of)


def export_log(conn: sqlite3.Connection, deck_ids: Sequence[int] | None) -> Iterator[ExportLogRow]:
    """The review log of the cards `note_records` yields, as plain rows in time order: the
    answers, and the Forget, reschedule and cram entries an Anki import brought, so a round
    trip through Anki keeps them. Streamed, so an exporter can write a million rows without
    a million objects."""
    where, params = _deck_filter(deck_ids)
    return _stream(
        conn,
        ExportLogRow,
        f"SELECT {_EXPORT_LOG} FROM revlog r "
        f"JOIN cards c ON c.id = r.card JOIN notes n ON n.id = c.note "
        f"WHERE {where} AND {NOT_ORPHANED} ORDER BY r.reviewed_at, r.id",
        params,
    )


def _record(
    rows: list[_NoteCardRow],
    names: Mapping[int, str],
    today: int,
    retention_of: Callable[[int], float],
    history_of: Mapping[int, list[LoggedReview]],
) -> NoteRecord:
    first = rows[0]
    note = note_from(first.note, names[first.deck_id])
    retention = retention_of(first.deck_id)
    cards = tuple(
        CardRecord(
            ord=row.ord,
            schedule=schedule_from(row.schedule),
            suspended=bool(row.suspended),
            buried=row.buried_day == today,
            flag=row.flag,
            desired_retention=retention,
            history=tuple(history_of.get(row.card_pk, ())),
        )
        for row in rows
    )
    return NoteRecord(
        note=note, cards=cards, modified=from_ms(first.modified), marked=bool(first.marked)
    )
