"""Pilot tests of the card browser: `b` on a deck lists its cards, Anki's search words narrow
them, and `@`, `*` and `f` digit suspend, mark and flag the highlighted card."""

from __future__ import annotations

from textual.widgets import DataTable

from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.rows import CardRow
from studycards.tui.app import StudyApp
from studycards.tui.screens.browse import BrowseScreen
from studycards.tui.screens.decks import DecksScreen
from studycards.tui.screens.info import CardInfoScreen
from studycards.tui.widgets.safe_text import CardText
from tests.builders import basic
from tests.tui.conftest import MARKUP_QUESTION, EditedDeck, MakeCollection, demo_notes, messages

SIZE = (100, 30)


def table_rows(app: StudyApp) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


def fronts(app: StudyApp) -> list[str]:
    screen = app.screen
    assert isinstance(screen, BrowseScreen)
    return [row.card.front for row in screen.rows]


def highlighted_card(app: StudyApp) -> str:
    screen = app.screen
    assert isinstance(screen, BrowseScreen)
    return screen.rows[screen.query_one(DataTable).cursor_row].card.card_id


def row_of(col: Collection, card_id: str) -> CardRow:
    (row,) = [r for r in col.card_rows() if r.card.card_id == card_id]
    return row


async def test_b_browses_the_highlighted_deck_and_q_goes_back(
    col: Collection, clock: FrozenClock
) -> None:
    app = StudyApp(col, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("down", "b")  # the subdeck `AI race::Capitals`
        assert isinstance(app.screen, BrowseScreen)
        assert fronts(app) == ["Capital of France?"]
        await pilot.press("q")
        assert isinstance(app.screen, DecksScreen)
        await pilot.press("up", "b")  # the parent: its own cards and its subdeck's
        every = sum(1 for _ in col.card_rows())
        assert len(table_rows(app)) == every == 5


async def test_a_search_narrows_the_table_and_a_bad_one_says_why(
    col: Collection, clock: FrozenClock
) -> None:
    app = StudyApp(col, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("b", "slash", "ctrl+u", *"chips -compute", "enter")
        assert fronts(app) == ["Which chips did the 2022 export controls target?"]
        assert table_rows(app)[0][0].startswith("Which chips") and table_rows(app)[0][0][-1] == "…"
        await pilot.press("slash", "ctrl+u", *"flag:9", "enter")
        assert len(table_rows(app)) == 1  # the last good search stays on screen
        assert any("flags are 1 to 7" in text for text in await messages(pilot))
        await pilot.press("escape")  # out of the search box first
        assert isinstance(app.screen, BrowseScreen)


async def test_suspend_mark_and_flag_the_highlighted_card(
    col: Collection, clock: FrozenClock
) -> None:
    app = StudyApp(col, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("b", "down")
        card_id = highlighted_card(app)
        await pilot.press("at", "asterisk", "f", "3")
        row = row_of(col, card_id)
        assert (row.suspended, row.marked, row.flag) == (True, True, 3)
        assert highlighted_card(app) == card_id  # the cursor stays on the card
        assert table_rows(app)[1][4] == "suspended"
        await pilot.press("at", "asterisk", "f", "0")
        row = row_of(col, card_id)
        assert (row.suspended, row.marked, row.flag) == (False, False, 0)
        # `f` then another key flags nothing and the key does its own job.
        await pilot.press("f", "q")
        assert isinstance(app.screen, DecksScreen)
        assert row_of(col, card_id).flag == 0


async def test_card_text_is_shown_literally(
    make_collection: MakeCollection, clock: FrozenClock
) -> None:
    col = make_collection([*demo_notes(), basic("AI race", MARKUP_QUESTION, "[i]no[/i]", line=50)])
    app = StudyApp(col, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("b", "slash", "ctrl+u", *'"bold red"', "enter")
        (row,) = table_rows(app)
        assert row[0].startswith("What does [bold red]")
        assert "\x1b" not in row[0]
        panel = str(app.screen.query_one("#card", CardText).render())
        assert "[i]no[/i]" in panel and "\x1b" not in panel


async def test_the_table_fits_a_resized_terminal(col: Collection, clock: FrozenClock) -> None:
    app = StudyApp(col, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b", "down")
        card_id = highlighted_card(app)
        await pilot.resize_terminal(140, 30)
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.virtual_size.width <= 140
        assert sum(column.width for column in table.columns.values()) > 100  # it grew
        assert highlighted_card(app) == card_id


async def test_i_shows_the_highlighted_cards_info(col: Collection, clock: FrozenClock) -> None:
    app = StudyApp(col, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("b", "down", "down")
        card_id = highlighted_card(app)
        await pilot.press("i")
        assert isinstance(app.screen, CardInfoScreen)
        assert app.screen.info.card_id == card_id and app.screen.info.history == []
        await pilot.press("escape")
        assert isinstance(app.screen, BrowseScreen)


async def test_u_puts_back_the_last_changes_one_by_one(col: Collection, clock: FrozenClock) -> None:
    app = StudyApp(col, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("b")
        first = highlighted_card(app)
        await pilot.press("f", "2", "down", "at", "asterisk")
        second = highlighted_card(app)
        await pilot.press("u")  # the mark
        assert (row_of(col, second).suspended, row_of(col, second).marked) == (True, False)
        await pilot.press("u", "u")  # the suspension, then the first card's flag
        assert row_of(col, second).suspended is False
        assert row_of(col, first).flag == 0
        await pilot.press("u")
        assert any("Nothing to undo" in text for text in await messages(pilot))


async def test_e_edits_the_cards_source_and_the_table_shows_the_new_text(
    col: Collection, clock: FrozenClock, edited_deck: EditedDeck
) -> None:
    log, deck_file = edited_deck.log, edited_deck.deck_file
    app = StudyApp(col, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("b", "slash", "ctrl+u", *"deck:capitals peru", "enter", "e")
        await pilot.pause()
        assert log.read_text().endswith(str(deck_file))
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        assert [row.card.answer for row in screen.rows] == ["Lima, on the Rímac"]
