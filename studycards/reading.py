"""Read views of a collection: card rows, history, review log, schedules, export records.

Functions over a Collection (its methods delegate here) so collection.py stays small.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Set
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from studycards.cards import card_of
from studycards.clock import from_ms, to_ms
from studycards.errors import NotFoundError
from studycards.forgetting_curve import retrievability_at
from studycards.history import HistoryWriter, logged_reviews
from studycards.model import (
    CardRecord,
    LoggedReview,
    Note,
    NoteRecord,
    Rating,
    Review,
    Schedule,
    State,
)
from studycards.queue import LEARN_AHEAD_MS
from studycards.rows import CardRow, HistoryRow
from studycards.search import Today, matches, narrowing, parse
from studycards.session_values import CardInfo
from studycards.store.codec import (
    AFTER_SQL,
    BEFORE_SQL,
    NOTE_COLUMNS,
    SCHEDULE_SQL,
    note_from,
    schedule_from,
)

if TYPE_CHECKING:
    from studycards.collection import Collection

# Cards (c) of notes (n) still in their sources; orphans are listed only when asked for.
NOT_ORPHANED = "c.orphaned = 0 AND n.orphaned = 0"
_NOTE_SQL = ", ".join(f"n.{c.strip()}" for c in NOTE_COLUMNS.split(","))
_CARD_SQL = ", ".join(f"c.{c.strip()}" for c in SCHEDULE_SQL.split(","))


def _deck_filter(col: Collection, deck: str | None) -> tuple[str, list[Any]]:
    if deck is None:
        return "1", []
    ids = list(col.active_decks([deck]))
    return f"c.deck_id IN ({','.join('?' * len(ids))})", ids


def _stream(col: Collection, doing: str, sql: str, params: list[Any]) -> Iterator[Any]:
    """Rows in batches, so a million-card listing never sits in memory whole."""
    with col.store.guard(doing):
        cursor = col.store.conn.execute(sql, params)
        while batch := cursor.fetchmany(2000):
            yield from batch


def card_rows(
    col: Collection, deck: str | None, search: str | None, *, orphaned: bool = False
) -> Iterator[CardRow]:
    """Cards in deck order, then file order; `search` is Anki's search words (search.py)."""
    terms = parse(search)
    where, params = _deck_filter(col, deck)
    flag = f"NOT ({NOT_ORPHANED})" if orphaned else f"({NOT_ORPHANED})"
    now = col.clock()
    today = col.study_day.number(now)
    today_for = Today(
        col.study_day.next_rollover(now),
        now + timedelta(milliseconds=LEARN_AHEAD_MS),
        col.study_day.number,
        today,
        _answered_since(col, now),
    )
    names = col.deck_names()
    notes: dict[int, Note] = {}
    narrow, extra = narrowing(terms, names)
    for row in _stream(
        col,
        "list the cards",
        f"SELECT n.id, c.deck_id, {_NOTE_SQL}, c.ord, {_CARD_SQL}, c.suspended, "
        f"c.buried_day, c.flag, c.orphaned OR n.orphaned, n.marked FROM cards c "
        f"JOIN notes n ON n.id = c.note JOIN decks d ON d.id = c.deck_id "
        f"WHERE {where} AND {flag} AND {narrow} ORDER BY d.name, c.position",
        [*params, *extra],
    ):
        note = notes.get(row[0])
        if note is None:
            notes.clear()
            note = notes[row[0]] = note_from(row[2:11], names[row[1]])
        schedule = schedule_from(row[12:20])
        card_row = CardRow(
            card=card_of(note, row[11]),
            state=schedule.state,
            suspended=bool(row[20]),
            buried=row[21] == today,
            due=schedule.due,
            stability=schedule.stability,
            difficulty=schedule.difficulty,
            reps=schedule.reps,
            lapses=schedule.lapses,
            last_review=schedule.last_review,
            flag=row[22],
            orphaned=bool(row[23]),
            marked=bool(row[24]),
        )
        if matches(card_row, terms, today_for):
            yield card_row


def _answered_since(col: Collection, now: datetime) -> Callable[[int, int | None], Set[str]]:
    """For `rated:`: the ids of the cards answered in the last `days` study days (today
    included), with rating `rating` if given; one query per distinct question."""
    found: dict[tuple[int, int | None], frozenset[str]] = {}

    def answered(days: int, rating: int | None) -> Set[str]:
        if (days, rating) not in found:
            first = col.study_day.day_of(now) - timedelta(days=days - 1)
            since = to_ms(col.study_day.start(first))
            sql = (
                "SELECT DISTINCT c.card_id FROM revlog r JOIN cards c ON c.id = r.card "
                "WHERE r.reviewed_at >= ?" + ("" if rating is None else " AND r.rating = ?")
            )
            params = [since] if rating is None else [since, rating]
            rows = col.store.conn.execute(sql, params)
            found[days, rating] = frozenset(card_id for (card_id,) in rows)
        return found[days, rating]

    return answered


def _log_rows(col: Collection, deck: str | None) -> Iterator[tuple[Any, ...]]:
    """Review-log rows in time order, streamed: a million rows never sit in memory at once."""
    where, params = _deck_filter(col, deck)
    with col.store.guard("read the review log"):
        cursor = col.store.conn.execute(
            f"SELECT c.card_id, c.deck_id, r.rating, r.reviewed_at, r.duration_ms, "
            f"{BEFORE_SQL}, {AFTER_SQL}, r.card FROM revlog r JOIN cards c ON c.id = r.card "
            f"WHERE {where} ORDER BY r.reviewed_at, r.id",
            params,
        )
        while rows := cursor.fetchmany(2000):
            yield from rows


def _logged(row: tuple[Any, ...]) -> LoggedReview:
    when = from_ms(row[3])
    assert when is not None
    return LoggedReview(
        review=Review(row[0], Rating(row[2]), when, row[4]),
        before=schedule_from(row[5:13]),
        after=schedule_from(row[13:21]),
    )


def history(col: Collection, deck: str | None) -> Iterator[HistoryRow]:
    names = col.deck_names()
    for row in _log_rows(col, deck):
        logged = _logged(row)
        yield HistoryRow(
            card_id=logged.review.card_id,
            deck=names[row[1]],
            rating=logged.review.rating,
            reviewed_at=logged.review.reviewed_at,
            duration_ms=logged.review.duration_ms,
            stability=logged.after.stability,
            difficulty=logged.after.difficulty,
            due=logged.after.due,
            state_before=logged.before.state,
        )


def review_log(col: Collection, deck: str | None) -> Iterator[LoggedReview]:
    """Every logged answer in time order."""
    for row in _log_rows(col, deck):
        yield _logged(row)


def card_info(col: Collection, card_pk: int) -> CardInfo:
    """Anki's card info: the card's state, memory, retrievability now and its history."""
    row = col.store.conn.execute(
        f"SELECT card_id, deck_id, {SCHEDULE_SQL} FROM cards WHERE id = ?", (card_pk,)
    ).fetchone()
    if row is None:
        raise NotFoundError("that card is no longer in the collection")
    schedule = schedule_from(row[2:10])
    return CardInfo(
        card_id=row[0],
        deck=col.deck_names()[row[1]],
        state=schedule.state,
        due=schedule.due,
        stability=schedule.stability,
        difficulty=schedule.difficulty,
        retrievability=retrievability_at(
            schedule, col.clock(), col.options_of(row[1]).parameters[20]
        ),
        reps=schedule.reps,
        lapses=schedule.lapses,
        history=card_history(col, card_pk),
    )


def card_history(col: Collection, card_pk: int) -> list[LoggedReview]:
    rows = col.store.conn.execute(
        f"SELECT c.card_id, c.deck_id, r.rating, r.reviewed_at, r.duration_ms, "
        f"{BEFORE_SQL}, {AFTER_SQL}, r.card FROM revlog r JOIN cards c ON c.id = r.card "
        f"WHERE r.card = ? ORDER BY r.reviewed_at, r.id",
        (card_pk,),
    ).fetchall()
    return [_logged(row) for row in rows]


def schedules(col: Collection, deck: str | None) -> Iterator[tuple[str, Schedule, bool]]:
    """(card id, schedule, suspended) of every card that is not an orphan."""
    where, params = _deck_filter(col, deck)
    with col.store.guard("read the schedules"):
        rows = col.store.conn.execute(
            f"SELECT c.card_id, {_CARD_SQL}, c.suspended FROM cards c JOIN notes n "
            f"ON n.id = c.note WHERE {where} AND {NOT_ORPHANED}",
            params,
        ).fetchall()
    for row in rows:
        yield row[0], schedule_from(row[1:9]), bool(row[9])


def note_records(
    col: Collection, deck: str | None, *, with_history: bool = True
) -> Iterator[NoteRecord]:
    """Notes with their cards' state, flags and history, for exporters, in deck name, note,
    card order. Notes stream in batches; `with_history=False` leaves every card's history
    empty, so a large deck's review log is not held as objects (see `export_log`)."""
    where, params = _deck_filter(col, deck)
    names = col.deck_names()
    today = col.study_day.number(col.clock())
    history_of: defaultdict[int, list[LoggedReview]] = defaultdict(list)
    if with_history:
        for row in _log_rows(col, deck):
            history_of[row[21]].append(_logged(row))
    current: list[tuple[Any, ...]] = []
    for row in _stream(
        col,
        "read the notes",
        f"SELECT n.id, n.deck_id, {_NOTE_SQL}, n.modified, n.marked, c.id, c.ord, "
        f"{_CARD_SQL}, c.suspended, c.buried_day, c.flag FROM notes n "
        f"JOIN cards c ON c.note = n.id JOIN decks d ON d.id = n.deck_id "
        f"WHERE {where} AND {NOT_ORPHANED} "
        f"ORDER BY d.name, n.position, c.ord",
        params,
    ):
        if current and current[0][0] != row[0]:
            yield _record(col, current, names, today, history_of)
            current = []
        current.append(row)
    if current:
        yield _record(col, current, names, today, history_of)


# (card id as `card_id_for` makes it, reviewed at ms, rating, duration ms, state before, due before ms, last review
# before ms, state after, due after ms): what an Anki review-log row is made of.
ExportLogRow = tuple[str, int, int, int, int, int | None, int | None, int, int | None]


def export_log(col: Collection, deck: str | None) -> Iterator[ExportLogRow]:
    """The answers of the cards `note_records` yields, as plain rows in time order; streamed,
    so an exporter can write a million rows without a million objects."""
    where, params = _deck_filter(col, deck)
    return _stream(
        col,
        "read the review log",
        f"SELECT n.note_id || '-' || c.ord, r.reviewed_at, r.rating, r.duration_ms, r.b_state, "
        f"r.b_due, r.b_last_review, r.a_state, r.a_due FROM revlog r "
        f"JOIN cards c ON c.id = r.card JOIN notes n ON n.id = c.note "
        f"WHERE {where} AND {NOT_ORPHANED} ORDER BY r.reviewed_at, r.id",
        params,
    )


def _record(
    col: Collection,
    rows: list[tuple[Any, ...]],
    names: Mapping[int, str],
    today: int,
    history_of: Mapping[int, list[LoggedReview]],
) -> NoteRecord:
    first = rows[0]
    note = note_from(first[2:11], names[first[1]])
    retention = col.options_of(first[1]).desired_retention
    cards = tuple(
        CardRecord(
            ord=row[14],
            schedule=schedule_from(row[15:23]),
            suspended=bool(row[23]),
            buried=row[24] == today,
            flag=row[25],
            desired_retention=retention,
            history=tuple(history_of.get(row[13], ())),
        )
        for row in rows
    )
    modified = from_ms(first[11])
    assert modified is not None
    return NoteRecord(note=note, cards=cards, modified=modified, marked=bool(first[12]))


def reschedule(col: Collection, active: Mapping[int, str]) -> int:
    """Replay each studied card's history with its preset's current parameters."""
    ids = list(active)
    if not ids:
        return 0
    count = 0
    with col.store.write("reschedule cards") as conn:
        cards = conn.execute(
            f"SELECT id, deck_id, position FROM cards WHERE deck_id IN ({','.join('?' * len(ids))}) "
            f"AND state != {int(State.NEW)} AND id IN (SELECT card FROM revlog)",
            ids,
        ).fetchall()
        writer = HistoryWriter(conn)
        logged_of = logged_reviews(conn, [pk for pk, _, _ in cards])
        for pk, did, position in cards:
            writer.add(pk, position, logged_of[pk], col.scheduler_of(did), replace=True)
            count += 1
        writer.flush()
    return count
