"""Snapshot tests: what the app looks like at 80×24 with a fixed clock and fixed data.

Update a snapshot only after looking at it (`pytest --snapshot-update`, then open the SVG).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from textual.pilot import Pilot

from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.model import Rating
from studycards.study.session import Session
from studycards.tui.app import StudyApp
from tests.builders import basic, term
from tests.tui.conftest import CJK_DEFINITION, CJK_FIGURES, MARKUP_QUESTION, MakeCollection

SnapCompare = Callable[..., bool]


def test_decks_screen(snap_compare: SnapCompare, col: Collection, clock: FrozenClock) -> None:
    assert snap_compare(StudyApp(col, clock=clock))


def test_question(snap_compare: SnapCompare, col: Collection, clock: FrozenClock) -> None:
    # The figure card, second in the deck: its blank is highlighted in the sentence.
    assert snap_compare(StudyApp(col, decks=["AI race"], clock=clock), press=["space", "3"])


def test_answer_with_interval_previews(
    snap_compare: SnapCompare, col: Collection, clock: FrozenClock
) -> None:
    # The figure card again: the blank is filled in and highlighted on the answer side.
    assert snap_compare(
        StudyApp(col, decks=["AI race"], clock=clock), press=["space", "3", "space"]
    )


def test_cjk_card(
    snap_compare: SnapCompare, make_collection: MakeCollection, clock: FrozenClock
) -> None:
    col = make_collection([term("中文", "算力", CJK_DEFINITION, english="computing power", line=3)])
    assert snap_compare(StudyApp(col, decks=["中文"], clock=clock), press=["space"])


def test_chinese_wraps_where_a_reader_allows_a_line_to_break(
    snap_compare: SnapCompare, make_collection: MakeCollection, clock: FrozenClock
) -> None:
    # Wrapping at spaces only cut such lines anywhere: inside `GW` or `20-30`, before `I，`.
    col = make_collection(
        [basic("中文", CJK_FIGURES, "美国在20-30年内需要新增100吉瓦（GW）的电力。", line=5)]
    )
    assert snap_compare(
        StudyApp(col, decks=["中文"], clock=clock), press=["space"], terminal_size=(44, 24)
    )


def test_markup_in_a_card_shows_literally(
    snap_compare: SnapCompare, make_collection: MakeCollection, clock: FrozenClock
) -> None:
    col = make_collection(
        [basic("[bold red]x[/]", MARKUP_QUESTION, "[link=https://x]y[/link]", line=4)]
    )
    assert snap_compare(StudyApp(col, decks=["[bold red]x[/]"], clock=clock), press=["space"])


def test_summary(
    snap_compare: SnapCompare, make_collection: MakeCollection, clock: FrozenClock
) -> None:
    col = make_collection(
        [
            basic("Solo", "Capital of France?", "Paris", line=1),
            basic("Solo", "Capital of Peru?", "Lima", line=2),
        ]
    )

    async def study(pilot: Pilot[Any]) -> None:
        await pilot.press("space", "1")
        clock.advance(timedelta(seconds=30))
        await pilot.press("space", "4", "space", "4")

    assert snap_compare(StudyApp(col, decks=["Solo"], clock=clock), run_before=study)


def test_stats_screen(snap_compare: SnapCompare, col: Collection, clock: FrozenClock) -> None:
    start = clock()
    for day in range(0, 60, 3):
        clock.set(start - timedelta(days=60 - day))
        session = Session(col)
        for _ in range(20):  # learning cards come back the same day; a day is a few answers
            if session.current is None:
                break
            session.reveal()
            session.answer(Rating.AGAIN if day % 9 == 0 else Rating.GOOD)
            clock.advance(timedelta(minutes=11))  # past the learning step
    clock.set(start)
    assert snap_compare(StudyApp(col, clock=clock), press=["t"], terminal_size=(80, 48))


def test_browse_screen(snap_compare: SnapCompare, col: Collection, clock: FrozenClock) -> None:
    # The second card suspended and its note marked with the keys, the first flagged green.
    first = next(col.card_rows()).card.card_id
    col.set_flag([first], 3)
    assert snap_compare(StudyApp(col, clock=clock), press=["b", "down", "at", "asterisk"])
