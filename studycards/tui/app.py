"""The study app: which screen is up, and the commands every screen can reach.

Screens hold the layout and keys; the collection and session hold every decision.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.markup import escape
from textual.notifications import SeverityLevel
from textual.screen import Screen

from studycards.clock import Clock
from studycards.collection import Collection
from studycards.errors import StudycardsError
from studycards.render import BUNDLED_HINT, EMPTY_COLLECTION, OWN_NOTES_HINT
from studycards.study.session import Session
from studycards.text import strip_terminal_controls
from studycards.tui.screens.decks import DecksScreen
from studycards.tui.screens.review import ReviewScreen


class StudyApp(App[None]):
    CSS_PATH = Path(__file__).with_name("studycards.tcss")
    TITLE = "studycards"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        # Every answer is saved when it is given, so Ctrl-C can simply quit, as in any
        # terminal program (Textual's default only says how to quit).
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        # Every key of the screen on show, in a side panel (Anki users look for `?` or F1).
        Binding("question_mark,f1", "toggle_keys", "Keys", key_display="?", show=False),
    ]

    def __init__(
        self,
        col: Collection,
        *,
        decks: Sequence[str] | None = None,
        review: bool = False,
        clock: Clock | None = None,
    ) -> None:
        """`review`: open a session on `decks` (all when None) over the decks screen."""
        super().__init__()
        self.col = col
        # The collection's clock, so a session's `shown_at` and the timer agree.
        self.clock: Clock = clock or col.clock
        self._start_decks = list(decks) if decks else None
        self._start_review = review or bool(decks)

    def on_mount(self) -> None:
        self.push_screen(DecksScreen())
        # The notes' folders are read for changes first: after the deck list is drawn, or,
        # when a session opens at once, before it picks its cards.
        if self._start_review:
            self.sync_notes()
            self.study(self._start_decks)
        else:
            self.call_after_refresh(self.sync_notes)

    def sync_notes(self) -> None:
        """Read what changed in the folders imported so far, as `studycards sync` does, and
        say what it brought."""
        from studycards.collection.importing import sync_sources

        try:
            result = sync_sources(self.col)
        except StudycardsError as error:
            self.notify(f"Your notes were not synced: {error}", severity="error", markup=False)
            return
        for line in result.skipped:
            self.notify(line, severity="warning", timeout=8, markup=False)
        total = result.total()
        if total.added or total.updated or total.orphaned:
            self.notify(
                f"{total.added} added, {total.updated} updated, {total.orphaned} orphaned",
                title="Your notes changed",
                markup=False,
            )
            if isinstance(self.screen, DecksScreen):
                self.screen.reload()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """During a review, messages go to the line above the answer buttons, where they
        cover nothing; elsewhere they pop up as usual."""
        if isinstance(self.screen, ReviewScreen):
            self.screen.say(f"{title}: {message}" if title else message, severity, timeout)
            return
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def action_toggle_keys(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    # What screens ask the app to do ------------------------------------------------------

    def study(self, decks: Sequence[str] | None) -> None:
        """Open a review session on `decks` (with subdecks; all when None)."""
        try:
            session = Session(self.col, decks)
        except StudycardsError as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)
            return
        if session.current is None:
            if not self.col.decks():
                return  # the decks screen says the collection is empty, and how to start
            what = ", ".join(decks) if decks else "any deck"
            self.notify(f"Nothing due in {what} right now.", title="Congratulations!", markup=False)
            return
        self.push_screen(ReviewScreen(session))

    def finish(self, session: Session) -> None:
        """Replace a finished review with its summary; the summary goes back to the decks."""
        from studycards.tui.screens.summary import SummaryScreen

        self.switch_screen(SummaryScreen(session, self.clock()))

    def browse(self, deck: str | None) -> None:
        """Open the card browser on `deck` (all cards when None), as Anki's `deck:current`."""
        from studycards.tui.screens.browse import BrowseScreen

        search = '"deck:' + deck.replace("\\", "\\\\").replace('"', '\\"') + '"' if deck else ""
        self.push_screen(BrowseScreen(search))

    def show_stats(self, deck: str | None) -> None:
        from studycards.tui.screens.stats import StatsScreen

        self.push_screen(StatsScreen(deck))

    def empty_message(self) -> str:
        from studycards.collection.bundled import bundled_decks
        from studycards.notes.cards import cards_of

        try:
            decks = bundled_decks()
        except StudycardsError as error:
            return f"Your collection is empty, and the bundled deck cannot be read: {error}"
        if not decks:
            return f"{EMPTY_COLLECTION} Add cards with `{OWN_NOTES_HINT}`."
        names = ", ".join(f"“{deck.name}”" for deck in decks)
        cards = sum(len(cards_of(note)) for deck in decks for note in deck.notes)
        return (
            f"{EMPTY_COLLECTION}\n\n"
            f"Press Enter to study the bundled deck:  {names}  ({cards} cards)\n"
            f"(in the shell: {BUNDLED_HINT})\n\n"
            f"To study your own notes: {OWN_NOTES_HINT}"
        )

    def study_bundled(self) -> None:
        """Import the bundled deck (idempotent) and study it."""
        from studycards.collection.bundled import import_bundled

        try:
            imported = import_bundled(self.col)
        except StudycardsError as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)
            return
        if not imported.files:
            self.notify("No bundled deck was found in this installation.", severity="error")
            return
        self.study([deck.name for result in imported.files for deck in result.batch.decks])

    # Command palette ---------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Study all decks", "Review every deck that has cards due", lambda: self.study(None)
        )
        for name in self.col.decks():
            # Palette titles are markup; a deck name is data.
            title = f"Study {escape(strip_terminal_controls(name))}"
            yield SystemCommand(
                title, "Review this deck and its subdecks", lambda d=name: self.study([d])
            )
        if isinstance(screen, DecksScreen) and screen.selected_deck is not None:
            deck = escape(strip_terminal_controls(screen.selected_deck))
            yield SystemCommand(
                f"Rename deck {deck}",
                "Give the highlighted deck a new name; its subdecks move with it",
                screen.action_rename_deck,
            )
            yield SystemCommand(
                f"Delete deck {deck}",
                "Delete the highlighted deck, its cards and their history (asks first)",
                screen.action_delete_deck,
            )
        if not isinstance(screen, ReviewScreen):
            # Not over a review: a card suspended in the browser would still be on show.
            yield SystemCommand(
                "Browse cards",
                "Search every card with Anki's search words; suspend, flag and mark",
                lambda: self.browse(None),
            )
        yield SystemCommand(
            "Statistics",
            "Heatmap, forecast, retention and card counts",
            lambda: self.show_stats(None),
        )
        yield SystemCommand(
            "Import the bundled deck",
            "Add the deck that ships with studycards and study it",
            self.study_bundled,
        )
        if isinstance(screen, ReviewScreen):
            yield SystemCommand("Undo", "Undo the last answer, bury or suspend", screen.action_undo)
            yield SystemCommand(
                "Card info", "History, stability, difficulty and due date", screen.action_info
            )
            yield SystemCommand(
                "Edit card source",
                "Open $EDITOR at the card's line and re-import (an Anki card: its fields)",
                screen.action_edit,
            )
            yield SystemCommand(
                "Bury card", "Hide this card until tomorrow", screen.action_bury_card
            )
            yield SystemCommand(
                "Suspend card", "Stop showing this card", screen.action_suspend_card
            )
            yield SystemCommand(
                "Back to decks",
                "Leave the review (every answer is already saved)",
                screen.action_back,
            )
