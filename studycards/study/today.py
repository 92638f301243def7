"""Today's work in a collection, as the command line and the app ask for it: the limits, the
queue in Anki's order, each deck's counts, what was answered today and the streak. The
collection holds the state; these read it under its guard, with its clock and study day."""

from __future__ import annotations

from typing import TYPE_CHECKING

from studycards.clock import DAY_MS, to_ms
from studycards.notes.deck_names import tree_order
from studycards.rows import DeckStatus, Overview
from studycards.study import daily
from studycards.study.limits import DeckLimits, deck_limits
from studycards.study.queue import Gathered
from studycards.study.queue import gather as gather_queue

if TYPE_CHECKING:
    from studycards.collection import Collection


def limits(col: Collection, active: dict[int, str], *, study_all: bool = False) -> DeckLimits:
    """Today's limits for the `active` decks; under the "study all" limits when
    `study_all` (then `active` is every deck)."""
    return deck_limits(
        active,
        col.deck_names(),
        col.options_of,
        done_today(col),
        study_all=col.study_all_limits() if study_all else None,
    )


def gather(
    col: Collection, active: dict[int, str], *, ordered: bool = True, study_all: bool = False
) -> Gathered:
    """Today's queue for the `active` decks (unsorted reviews if not `ordered`); every
    deck under the "study all" limits when `study_all`."""
    if not active:
        return Gathered()
    now = col.clock()
    start, end = col.day_bounds_ms(now)
    # The order is the studied deck's, as in Anki; studying all, the first deck's.
    root = min(active, key=lambda did: tree_order(active[did]))
    order = col.options_of(root)
    with col.store.guard("build the study queue"):
        return gather_queue(
            col.store.conn,
            active,
            limits(col, active, study_all=study_all),
            order=order,
            bury_of=lambda did: col.options_of(did).bury_siblings,
            study_day=col.study_day,
            today=col.study_day.number(now),
            now_ms=to_ms(now),
            day_end_ms=end,
            day_shift_ms=-(start % DAY_MS),
            ordered=ordered,
        )


def done_today(col: Collection) -> dict[int, tuple[int, int]]:
    """deck id → (new cards introduced, review cards answered) this study day."""
    with col.store.guard("count today's answers"):
        return daily.done_today(col.store.conn, col.study_day, col.clock())


def status(col: Collection) -> list[DeckStatus]:
    """Every deck, parents before children; counts include subdecks."""
    return overview(col).decks


def overview(col: Collection) -> Overview:
    """Every deck's status, and that of studying all decks at once."""
    names, listed = col.deck_names(), col.listed_decks()
    with col.store.guard("read the status"):
        return daily.overview(
            col.store.conn,
            names=names,
            listed=listed,
            options_of=col.options_of,
            study_all=col.study_all_limits(),
            study_day=col.study_day,
            now=col.clock(),
        )


def reviewed_today(col: Collection) -> int:
    with col.store.guard("count today's reviews"):
        return daily.reviewed_today(col.store.conn, col.study_day, col.clock())


def streak(col: Collection) -> int:
    """Consecutive study days with a review, ending today (or yesterday, if none yet)."""
    with col.store.guard("count the streak"):
        return daily.streak(col.store.conn, col.study_day, col.clock())
