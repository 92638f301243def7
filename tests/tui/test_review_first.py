"""`studycards review DECK` shows the first card without counting the decks screen first.

The decks screen under the review reads every deck's counts (a second at a million cards);
it does so when the user comes back to it, and then shows what the review changed.
"""

from __future__ import annotations

import pytest

from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.rows import Overview
from studycards.study import today
from studycards.tui.app import StudyApp
from studycards.tui.screens.decks import DecksScreen
from studycards.tui.screens.review import ReviewScreen
from studycards.tui.widgets.deck_tree import DeckTree

SIZE = (80, 24)


def count_status_calls(monkeypatch: pytest.MonkeyPatch, col: Collection) -> list[int]:
    calls: list[int] = []
    real = today.overview

    def counted(of: Collection) -> Overview:
        if of is col:
            calls.append(1)
        return real(of)

    monkeypatch.setattr(today, "overview", counted)
    return calls


async def test_review_shows_its_first_card_before_any_deck_counts_are_read(
    col: Collection, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_status_calls(monkeypatch, col)
    app = StudyApp(col, decks=["AI race::Capitals"], clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.session.current is not None
        assert calls == []
        await pilot.press("space", "3")
        await pilot.press("q")
        assert isinstance(app.screen, DecksScreen)
        assert len(calls) == 1
        # The counts are read after the answer: the new card is now in learning.
        node = app.screen.query_one(DeckTree).get_node_at_line(1)
        assert node is not None and node.data == "AI race::Capitals"
        assert str(node.label).split() == ["Capitals", "0", "1", "0"]


async def test_the_decks_screen_alone_reads_its_counts_once(
    col: Collection, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_status_calls(monkeypatch, col)
    app = StudyApp(col, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DecksScreen)
        assert len(calls) == 1
        node = app.screen.query_one(DeckTree).get_node_at_line(1)
        assert node is not None
        assert str(node.label).split() == ["Capitals", "1", "0", "0"]


async def test_a_review_with_nothing_due_leaves_the_counted_decks_screen(
    col: Collection, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_status_calls(monkeypatch, col)
    app = StudyApp(col, decks=["No such deck"], clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DecksScreen)
        assert len(calls) == 1
        assert app.screen.query_one(DeckTree).display
