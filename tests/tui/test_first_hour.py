"""What a new user met in the app's first hour: the welcome screen's keys, counts that hold
when cards are set aside, the same word for a buried card everywhere, a list of keys
without blanks or the tree's internals, messages that hide nothing, card info with the
card's text, and Ctrl-C that quits."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import DataTable

from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.study import today
from studycards.study.session import Session
from studycards.tui.app import StudyApp
from studycards.tui.screens.browse import BrowseScreen
from studycards.tui.screens.info import CardInfoScreen
from studycards.tui.screens.review import ReviewScreen
from tests.builders import basic
from tests.tui.conftest import MakeCollection, messages

SIZE = (80, 24)


def text_of(app: StudyApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_escape_then_enter_on_the_welcome_screen_studies_the_bundled_deck(
    tmp_path: Path, clock: FrozenClock
) -> None:
    with Collection.open(tmp_path / "empty.db", clock, fuzz=False) as col:
        app = StudyApp(col, clock=clock)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.press("escape", "enter")
            assert isinstance(app.screen, ReviewScreen)


def capitals(make_collection: MakeCollection, count: int) -> Collection:
    countries = ["France", "Peru", "Japan", "Kenya", "Chile", "Nepal", "Ghana", "Laos"][:count]
    col = make_collection(
        [basic("Geo", f"Capital of {c}?", "?", line=n) for n, c in enumerate(countries)]
    )
    col.set_options("Geo", new_per_day=3)
    return col


async def test_burying_or_suspending_a_new_card_lets_the_next_one_in(
    make_collection: MakeCollection, clock: FrozenClock
) -> None:
    # Anki's daily limit counts cards answered: a new card set aside is replaced by the next.
    col = capitals(make_collection, 8)
    app = StudyApp(col, decks=["Geo"], clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        assert text_of(app, "#counts") == "3 + 0 + 0"
        for key in ("minus", "at", "equals_sign", "exclamation_mark"):
            await pilot.press(key)
            assert text_of(app, "#counts") == "3 + 0 + 0", key
        await pilot.press("space", "3")
        assert text_of(app, "#counts") == "2 + 1 + 0"
        await pilot.press("u", "u")  # the answer, then the last suspend
        assert text_of(app, "#counts") == "3 + 0 + 0"
    # The decks screen and `status` count the same way.
    assert [(row.deck, row.new) for row in today.status(col)] == [("Geo", 3)]


def test_set_aside_cards_are_replaced_only_while_there_are_more(
    make_collection: MakeCollection,
) -> None:
    session = Session(capitals(make_collection, 4), ["Geo"])
    assert session.counts().new == 3
    session.bury_card()
    assert session.counts().new == 3
    session.suspend_card()
    assert session.counts().new == 2, "the fourth card was the last one"
    session.undo()
    assert session.counts().new == 3


async def test_a_buried_card_reads_buried_in_the_browser_as_in_the_shell(
    make_collection: MakeCollection, clock: FrozenClock
) -> None:
    col = capitals(make_collection, 2)
    app = StudyApp(col, decks=["Geo"], clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("minus", "q", "b")
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        states = [str(screen.query_one(DataTable).get_row_at(i)[4]) for i in range(2)]
    assert states == ["buried", "new"]
    assert [row.buried for row in col.card_rows()] == [True, False]


def key_list(app: StudyApp) -> list[str]:
    console = Console(width=60, record=True, color_system=None)
    console.print(app.screen.query_one("BindingsTable").render())
    return [line.strip() for line in console.export_text().splitlines() if line.strip()]


async def test_the_list_of_keys_has_no_blank_entries_and_the_apps_keys_first(
    make_collection: MakeCollection, clock: FrozenClock
) -> None:
    col = capitals(make_collection, 2)
    app = StudyApp(col, clock=clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        lines = key_list(app)
        assert lines[0].split()[-1] == "Study" and "Fold" in lines[1]
        assert not any(word in " ".join(lines) for word in ("Cursor", "Scroll", "sibling"))
        await pilot.press("question_mark", "enter", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        lines = key_list(app)
        assert all(len(line.split()) > 1 for line in lines), lines
        assert any(line.endswith("Again") for line in lines)
        # The screen's own j/k/PgUp/PgDn "Scroll", not the container's eight scroll keys.
        assert not any("Scroll Up" in line or "Page Left" in line for line in lines), lines
        await pilot.press("question_mark", "space", "i", "escape", "question_mark")
        await pilot.pause()
        after = key_list(app)
        assert not any("Scroll Up" in line or "Page Left" in line for line in after), after


async def test_messages_during_a_review_cover_neither_the_card_nor_its_buttons(
    make_collection: MakeCollection, clock: FrozenClock
) -> None:
    col = capitals(make_collection, 3)
    app = StudyApp(col, decks=["Geo"], clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("minus", "space")
        await pilot.pause()
        assert await messages(pilot) == ["Card buried until tomorrow"]
        assert not app.screen.query("Toast"), "no pop-up over the buttons"
        line = app.screen.query_one("#message").region
        for other in ("#answer-bar", "#card-scroll"):
            assert not line.overlaps(app.screen.query_one(other).region), other


async def test_card_info_shows_the_question_and_answer_above_the_numbers(
    make_collection: MakeCollection, clock: FrozenClock
) -> None:
    col = make_collection([basic("Geo", "Capital of Peru?", "Lima", line=1)])
    app = StudyApp(col, decks=["Geo"], clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("space", "i")
        assert isinstance(app.screen, CardInfoScreen)
        card = app.screen.query_one("#info-card")
        assert "Capital of Peru?" in str(card.render()) and "Lima" in str(card.render())
        numbers = app.screen.query("Static").last()
        assert card.region.y < numbers.region.y


async def test_ctrl_c_quits_the_app_with_every_answer_saved(
    make_collection: MakeCollection, clock: FrozenClock
) -> None:
    col = capitals(make_collection, 2)
    app = StudyApp(col, decks=["Geo"], clock=clock)

    async def answer_then_quit(pilot: Pilot[None]) -> None:
        await pilot.press("space", "3", "ctrl+c")

    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await answer_then_quit(pilot)
        await pilot.pause()
        assert not app.is_running
    assert len(list(col.history())) == 1
