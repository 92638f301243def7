"""Changes to cards picked by id, outside a study session: suspending, flagging and marking,
as Anki's browser and `studycards suspend` make them. Each call is one transaction, and an
unknown id changes nothing at all."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING

from studycards.errors import NotFoundError, StudycardsError

if TYPE_CHECKING:
    from studycards.collection import Collection


def _card_pks(conn: sqlite3.Connection, card_ids: Sequence[str]) -> list[int]:
    """The row ids of `card_ids`, or NotFoundError naming the first unknown one."""
    pks = []
    for card_id in dict.fromkeys(card_ids):
        row = conn.execute("SELECT id FROM cards WHERE card_id = ?", (card_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no card with id {card_id!r}; `studycards cards` lists ids")
        pks.append(row[0])
    return pks


def _update(col: Collection, doing: str, sql: str, value: int, card_ids: Sequence[str]) -> int:
    with col.store.write(doing) as conn:
        return sum(
            conn.execute(sql, (value, pk, value)).rowcount for pk in _card_pks(conn, card_ids)
        )


def set_suspended(col: Collection, card_ids: Sequence[str], suspended: bool) -> int:
    """Suspend or unsuspend cards; how many changed."""
    sql = "UPDATE cards SET suspended = ? WHERE id = ? AND suspended != ?"
    return _update(col, "suspend cards", sql, int(suspended), card_ids)


def set_flag(col: Collection, card_ids: Sequence[str], flag: int) -> int:
    """Give cards flag 1-7, or none with 0; how many changed."""
    if not 0 <= flag <= 7:
        raise StudycardsError(f"flags are numbered 0 to 7, not {flag}")
    return _update(
        col, "flag cards", "UPDATE cards SET flag = ? WHERE id = ? AND flag != ?", flag, card_ids
    )


def set_marked(col: Collection, card_ids: Sequence[str], marked: bool) -> int:
    """Mark or unmark the notes of cards (a mark belongs to the note); how many notes changed."""
    sql = (
        "UPDATE notes SET marked = ? WHERE id = (SELECT note FROM cards WHERE id = ?) "
        "AND marked != ?"
    )
    return _update(col, "mark notes", sql, int(marked), card_ids)
