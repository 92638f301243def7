"""Card histories: imported answers merged into a card's review log without duplicates,
then replayed through FSRS (Scheduler.replay_rows) and written with the schedule before and
after every answer."""

from __future__ import annotations

import sqlite3
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import itemgetter
from typing import TypeVar

from studycards.clock import to_ms
from studycards.collection.store.codec import (
    AFTER_COLUMNS,
    BEFORE_COLUMNS,
    SET_SCHEDULE,
    insert_sql,
    placeholders,
    schedule_from,
    schedule_values,
)
from studycards.model import HistoryEvent, KeptSchedule, Review, ReviewKind, ScheduleRow, State
from studycards.scheduling.scheduler import Scheduler

T = TypeVar("T")
_CHUNK = 500
# A review-log row as the history writes it: the answer, then the schedule before and after.
_REVLOG_INSERT = insert_sql(
    "revlog",
    (
        "card",
        "reviewed_at",
        "rating",
        "duration_ms",
        "imported",
        "kind",
        *BEFORE_COLUMNS,
        *AFTER_COLUMNS,
    ),
)


def chunks(items: Sequence[T], size: int = _CHUNK) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# reviewed_at ms, rating (0 for what is not an answer), duration ms, ReviewKind
Answer = tuple[int, int, int, int]
# A card's log: reviewed_at ms -> (rating 1-4 or 0, duration ms, imported, ReviewKind)
Logged = dict[int, tuple[int, int, int, int]]

_ANSWER = int(ReviewKind.ANSWER)

# Anki keeps review ids unique by nudging colliding timestamps by a millisecond or so; a
# review of the same card with the same rating this close is the same review coming back.
SAME_REVIEW_MS = 2000


def answers_by_card(
    reviews: Sequence[Review], events: Sequence[HistoryEvent] = ()
) -> dict[str, list[Answer]]:
    """The batch's answers and other log entries, per card id, in time order."""
    by_card: dict[str, list[Answer]] = defaultdict(list)
    for review in reviews:
        at = to_ms(review.reviewed_at)
        by_card[review.card_id].append((at, int(review.rating), review.duration_ms, _ANSWER))
    for event in events:
        by_card[event.card_id].append((to_ms(event.at), 0, event.duration_ms, int(event.kind)))
    for answers in by_card.values():
        answers.sort(key=itemgetter(0))
    return by_card


def merge_answers(logged: Logged, answers: Sequence[Answer]) -> int:
    """Add the answers (in time order) `logged` does not hold yet; how many were added."""
    if not logged:
        return _first_answers(logged, answers)
    times = sorted(logged)
    fresh = 0
    for at, rating, duration, kind in answers:
        if not _already_logged(logged, times, at, rating, kind):
            logged[at] = (rating, duration, 1, kind)
            insort(times, at)
            fresh += 1
    return fresh


def _first_answers(logged: Logged, answers: Sequence[Answer]) -> int:
    """merge_answers into an empty log (every new card's): with the answers in time order,
    only the answers just kept can be the same answer again."""
    kept: list[int] = []
    for at, rating, duration, kind in answers:
        if at in logged:
            continue
        repeat = False
        for earlier in reversed(kept):
            if at - earlier > SAME_REVIEW_MS:
                break
            if logged[earlier][0] == rating and logged[earlier][3] == kind:
                repeat = True
                break
        if not repeat:
            logged[at] = (rating, duration, 1, kind)
            kept.append(at)
    return len(kept)


def import_reviews(
    conn: sqlite3.Connection,
    by_card: dict[str, list[Answer]],
    scheduler_for: Callable[[int], Scheduler],
    warnings: list[str],
    history: HistoryWriter,
    *,
    kept: Mapping[str, KeptSchedule] | None = None,
) -> int:
    """Merge `by_card`'s answers into the logs of cards already in the collection and queue
    their replays on `history`; how many answers were new. A card whose latest answer the
    batch brings takes the schedule `kept` has for it (the other app's)."""
    if not by_card:
        return 0
    added = 0
    cards: dict[str, tuple[int, int, int]] = {}  # card id -> (pk, deck id, position)
    for part in chunks(list(by_card)):
        marks = placeholders(len(part))
        for card_id, pk, did, position in conn.execute(
            f"SELECT card_id, id, deck_id, position FROM cards WHERE card_id IN ({marks})",
            list(part),
        ):
            cards[card_id] = (pk, did, position)
    logged_of = logged_reviews(conn, [pk for pk, _, _ in cards.values()])
    unknown = 0
    for card_id, answers in by_card.items():
        if card_id not in cards:
            unknown += len(answers)
            continue
        pk, did, position = cards[card_id]
        had = logged_of.get(pk)
        logged = dict(had) if had else {}
        fresh = merge_answers(logged, answers)
        if fresh:
            added += fresh
            latest = max(at for at, *_ in answers) >= max(logged)
            theirs = (kept or {}).get(card_id) if latest else None
            history.add(pk, position, logged, scheduler_for(did), replace=bool(had), kept=theirs)
    if unknown:
        warnings.append(f"skipped {unknown} reviews of cards that are not in the import")
    return added


def logged_reviews(conn: sqlite3.Connection, pks: Sequence[int]) -> dict[int, Logged]:
    """The review log of each card in `pks` that has one."""
    found: dict[int, Logged] = {}
    for part in chunks(pks):
        marks = placeholders(len(part))
        for card, at, rating, duration, imported, kind in conn.execute(
            "SELECT card, reviewed_at, rating, duration_ms, imported, kind FROM revlog "
            f"WHERE card IN ({marks})",
            list(part),
        ):
            found.setdefault(card, {})[at] = (rating, duration, imported, kind)
    return found


def _already_logged(logged: Logged, times: list[int], at: int, rating: int, kind: int) -> bool:
    """Whether `at` is (within SAME_REVIEW_MS, same rating and kind) a review in `logged`,
    whose times are `times`, sorted."""
    if at in logged:
        return True
    index = bisect_left(times, at - SAME_REVIEW_MS)
    while index < len(times) and times[index] <= at + SAME_REVIEW_MS:
        entry = logged[times[index]]
        if entry[0] == rating and entry[3] == kind:
            return True
        index += 1
    return False


class HistoryWriter:
    """Replays card histories through FSRS and writes them: each card's log rows with the
    schedule before and after every answer, and the card's schedule after the last one.
    Rows are collected and written in a few executemany calls at `flush`."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._replaced: list[tuple[int]] = []
        self._rows: list[tuple[object, ...]] = []  # _REVLOG_INSERT's values
        self._cards: list[tuple[object, ...]] = []  # a card's ScheduleRow, then its id

    def add(
        self,
        pk: int,
        position: int,
        logged: Logged,
        scheduler: Scheduler,
        *,
        replace: bool,
        update: bool = True,
        kept: KeptSchedule | None = None,
    ) -> ScheduleRow:
        """Queue card `pk`'s whole history; `replace` if it has log rows to delete first,
        `update` to set the card's schedule (a card still to be inserted is not there yet).
        Returns the schedule after the last answer: the replayed one, or with `kept` the
        one another app left the card at (Scheduler.kept), the replay giving its memory."""
        times = sorted(logged)
        steps = scheduler.replay_rows(
            [(at, logged[at][0], logged[at][3]) for at in times], pk, position
        )
        if replace:
            self._replaced.append((pk,))
        rows = self._rows
        for at, (before, after) in zip(times, steps, strict=True):
            rows.append((pk, at, *logged[at], *before, *after))
        final = steps[-1][1]
        if kept is not None:
            replayed = schedule_from(final) if kept.memory_from_history else None
            final = schedule_values(scheduler.kept(kept, replayed), position)
        if update:
            self._cards.append((*final, pk))
        return final

    def flush(self) -> None:
        conn = self.conn
        conn.executemany("DELETE FROM revlog WHERE card = ?", self._replaced)
        conn.executemany(_REVLOG_INSERT, self._rows)
        conn.executemany(f"UPDATE cards SET {SET_SCHEDULE} WHERE id = ?", self._cards)
        self._replaced, self._rows, self._cards = [], [], []


def reschedule(
    conn: sqlite3.Connection, deck_ids: Sequence[int], *, scheduler_for: Callable[[int], Scheduler]
) -> int:
    """Replay the history of each studied card of `deck_ids` with its deck's scheduler (the
    preset's current parameters), inside the caller's write transaction; how many cards."""
    if not deck_ids:
        return 0
    cards = conn.execute(
        f"SELECT id, deck_id, position FROM cards WHERE deck_id IN ({placeholders(len(deck_ids))}) "
        f"AND state != {int(State.NEW)} AND id IN (SELECT card FROM revlog)",
        list(deck_ids),
    ).fetchall()
    writer = HistoryWriter(conn)
    logged_of = logged_reviews(conn, [pk for pk, _, _ in cards])
    for pk, did, position in cards:
        writer.add(pk, position, logged_of[pk], scheduler_for(did), replace=True)
    writer.flush()
    return len(cards)
