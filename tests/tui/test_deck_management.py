"""Pilot tests of renaming and deleting decks from the decks screen: the keys, the dialogs
and the command palette, against a real collection file."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Input, Static

from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.model import Rating
from studycards.study.session import Session
from studycards.tui.app import StudyApp
from studycards.tui.screens.deck_dialogs import DeleteDeckScreen, RenameDeckScreen
from studycards.tui.screens.decks import DecksScreen
from studycards.tui.widgets.deck_tree import DeckTree
from tests.builders import basic
from tests.tui.conftest import MakeCollection, messages
from tests.tui.test_decks_screen import shown_decks

SIZE = (80, 24)


async def test_r_renames_the_highlighted_deck_and_keeps_its_cards_history(
    col: Collection, clock: FrozenClock
) -> None:
    session = Session(col, ["AI race::Capitals"])
    session.reveal()
    session.answer(Rating.GOOD)
    app = StudyApp(col, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("down", "r")
        dialog = app.screen
        assert isinstance(dialog, RenameDeckScreen)
        box = dialog.query_one("#new-name", Input)
        assert box.value == "AI race::Capitals"
        box.value = "Geography::Capitals"
        await pilot.press("enter")
        assert isinstance(app.screen, DecksScreen)
        assert shown_decks(app) == [
            "AI race",
            "Geography",
            "Geography::Capitals",
        ]
        # The cursor follows the deck to its new place.
        assert app.screen.query_one(DeckTree).selected_deck == "Geography::Capitals"
    assert [row.deck for row in col.history()] == ["Geography::Capitals"]


async def test_a_refused_name_is_explained_in_the_dialog_which_stays_open(
    make_collection: MakeCollection, clock: FrozenClock
) -> None:
    col = make_collection(
        [basic("Spanish", "¿Hola?", "Hello", line=1), basic("French", "Bonjour ?", "Hello", line=2)]
    )
    app = StudyApp(col, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        assert shown_decks(app) == ["French", "Spanish"]
        await pilot.press("r")
        dialog = app.screen
        assert isinstance(dialog, RenameDeckScreen)
        dialog.query_one("#new-name", Input).value = "spanish"
        await pilot.press("enter")
        assert app.screen is dialog
        error = str(dialog.query_one("#dialog-error", Static).render())
        assert "a deck named 'Spanish' already exists" in error
        await pilot.press("escape")
        assert isinstance(app.screen, DecksScreen)
    assert col.decks() == ["French", "Spanish"]


async def test_delete_asks_first_and_n_keeps_the_deck(col: Collection, clock: FrozenClock) -> None:
    app = StudyApp(col, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("down", "delete")
        dialog = app.screen
        assert isinstance(dialog, DeleteDeckScreen)
        text = " ".join(str(static.render()) for static in dialog.query(Static))
        assert "Delete the deck AI race::Capitals?" in text
        assert "1 card and 0 reviews in their history go with it" in text
        assert "studycards backup restore" in text
        await pilot.press("n")
        assert isinstance(app.screen, DecksScreen)
    assert col.decks() == ["AI race", "AI race::Capitals"]


async def test_delete_then_y_deletes_the_deck_and_says_how_to_undo_it(
    col: Collection, clock: FrozenClock
) -> None:
    app = StudyApp(col, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("down", "delete")
        assert isinstance(app.screen, DeleteDeckScreen)
        await pilot.press("y")
        assert isinstance(app.screen, DecksScreen)
        assert shown_decks(app) == ["AI race"]
        (message,) = [text for text in await messages(pilot) if "Deleted" in text]
        assert message.startswith("Deleted AI race::Capitals (1 card). To undo: ")
        backup = message.rsplit(" ", 1)[1]
        assert backup in [path.name for path in col.backups()]
        # Deleting the last deck leaves the empty collection's screen.
        await pilot.press("delete")
        assert isinstance(app.screen, DeleteDeckScreen)
        assert app.screen.deck_size.deck == "AI race"
        await pilot.press("y")
        assert shown_decks(app) == []
        assert app.screen.query_one("#empty").display


async def test_the_palette_renames_and_deletes_the_highlighted_deck(
    col: Collection, clock: FrozenClock
) -> None:
    app = StudyApp(col, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("down")
        commands = {
            Content.from_markup(c.title).plain: c for c in app.get_system_commands(app.screen)
        }
        assert "Rename deck AI race::Capitals" in commands
        commands["Delete deck AI race::Capitals"].callback()
        await pilot.pause()
        assert isinstance(app.screen, DeleteDeckScreen)
        await pilot.press("escape")
        commands["Rename deck AI race::Capitals"].callback()
        await pilot.pause()
        assert isinstance(app.screen, RenameDeckScreen)
