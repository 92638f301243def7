"""Changes to cards picked by id, outside a study session: suspending, flagging and marking,
as Anki's browser and `studycards suspend` make them. Each runs inside the caller's one
write transaction, and an unknown id changes nothing at all."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from studycards.errors import NotFoundError, StudycardsError


def _card_pks(conn: sqlite3.Connection, card_ids: Sequence[str]) -> list[int]:
    """The row ids of `card_ids`, or NotFoundError naming the first unknown one."""
    pks = []
    for card_id in dict.fromkeys(card_ids):
        row = conn.execute("SELECT id FROM cards WHERE card_id = ?", (card_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no card with id {card_id!r}; `studycards cards` lists ids")
        pks.append(row[0])
    return pks


def _update(conn: sqlite3.Connection, sql: str, value: int, card_ids: Sequence[str]) -> int:
    return sum(conn.execute(sql, (value, pk, value)).rowcount for pk in _card_pks(conn, card_ids))


def set_suspended(conn: sqlite3.Connection, card_ids: Sequence[str], suspended: bool) -> int:
    """Suspend or unsuspend cards; how many changed."""
    sql = "UPDATE cards SET suspended = ? WHERE id = ? AND suspended != ?"
    return _update(conn, sql, int(suspended), card_ids)


def check_flag(flag: int) -> None:
    """Anki's flags: 1-7, and 0 for none."""
    if not 0 <= flag <= 7:
        raise StudycardsError(f"flags are numbered 0 to 7, not {flag}")


def set_flag(conn: sqlite3.Connection, card_ids: Sequence[str], flag: int) -> int:
    """Give cards flag 1-7, or none with 0; how many changed."""
    check_flag(flag)
    return _update(conn, "UPDATE cards SET flag = ? WHERE id = ? AND flag != ?", flag, card_ids)


def set_marked(conn: sqlite3.Connection, card_ids: Sequence[str], marked: bool) -> int:
    """Mark or unmark the notes of cards (a mark belongs to the note); how many notes changed."""
    sql = (
        "UPDATE notes SET marked = ? WHERE id = (SELECT note FROM cards WHERE id = ?) "
        "AND marked != ?"
    )
    return _update(conn, sql, int(marked), card_ids)
