"""The decks screen's dialogs: renaming a deck, and confirming that one is to be deleted."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from studycards.collection.deck_edits import DeckSize
from studycards.errors import StudycardsError
from studycards.text import strip_terminal_controls
from studycards.tui.widgets.safe_text import styled


class RenameDeckScreen(ModalScreen[str | None]):
    """A box with the deck's full name to edit; Enter renames, Escape cancels. A name the
    collection refuses (another deck's) is said in the box, which stays open."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, deck: str, rename: Callable[[str], str]) -> None:
        super().__init__()
        self.deck = deck
        self._rename = rename

    def compose(self) -> ComposeResult:
        with Vertical(id="deck-dialog", classes="dialog"):
            title = Text("Rename ")
            title.append_text(styled((self.deck, "bold")))
            yield Static(title)
            yield Input(strip_terminal_controls(self.deck), id="new-name")
            yield Static(id="dialog-error")
            yield Static(Text("Enter renames (`::` nests a deck) · Escape cancels", style="dim"))

    @on(Input.Submitted, "#new-name")
    def _submit(self, event: Input.Submitted) -> None:
        try:
            renamed = self._rename(event.value)
        except StudycardsError as error:
            self.query_one("#dialog-error", Static).update(Text(str(error), style="bold red"))
            return
        self.dismiss(renamed)

    def action_cancel(self) -> None:
        self.dismiss(None)


class DeleteDeckScreen(ModalScreen[bool]):
    """Are you sure? Says what goes (cards and their history) and how to get it back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Delete"),
        Binding("n,escape", "answer(False)", "Cancel"),
    ]

    def __init__(self, size: DeckSize) -> None:
        super().__init__()
        self.deck_size = size

    def compose(self) -> ComposeResult:
        size = self.deck_size
        question = Text("Delete the deck ")
        question.append_text(styled((size.deck, "bold")))
        if size.decks > 1:
            question.append(f" and its {size.decks - 1} subdeck{'s' * (size.decks > 2)}")
        question.append("?")
        what = (
            f"{size.cards:,} card{'s' * (size.cards != 1)} and "
            f"{size.reviews:,} review{'s' * (size.reviews != 1)} in their history go with it. "
            "A backup is taken first: `studycards backup restore` brings it all back."
        )
        with Vertical(id="deck-dialog", classes="dialog"):
            yield Static(question)
            yield Static(Text(what))
            if size.sources:
                yield Static(
                    Text(
                        "Its notes are still in their files: importing or syncing them again "
                        "brings them back as new cards.",
                        style="dim",
                    )
                )
            with Horizontal(id="dialog-buttons"):
                yield Button("Delete (y)", id="delete", variant="error")
                yield Button("Cancel (n)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "delete")

    def action_answer(self, delete: bool) -> None:
        self.dismiss(delete)
