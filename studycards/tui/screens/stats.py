"""Statistics: the review calendar, the forecast, true retention, counts and memory strength."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from studycards.errors import StudycardsError
from studycards.render import stats_page
from studycards.tui.screens.base import StudyScreen
from studycards.tui.widgets.safe_text import styled


class StatsScreen(StudyScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape,t", "back", "Back", key_display="q"),
        Binding("a", "toggle_scope", "Deck / all decks"),
        Binding("j,down", "scroll(1)", "Scroll", show=False),
        Binding("k,up", "scroll(-1)", "Scroll", show=False),
    ]

    def __init__(self, deck: str | None) -> None:
        super().__init__()
        self.deck = deck
        # What is on show: the deck the screen was opened for, or the whole collection.
        self.showing = deck

    def compose(self) -> ComposeResult:
        yield Static(id="stats-title")
        with VerticalScroll(id="stats-body"):
            yield Static(id="stats")
        yield Footer()

    def on_mount(self) -> None:
        self._draw()
        self.query_one("#stats-body").focus()

    def _draw(self) -> None:
        from studycards.study.stats import compute_stats

        try:
            stats = compute_stats(self.study_app.col, self.showing)
        except StudycardsError as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)
            return
        title = styled(("Statistics · ", "bold"), (self.showing or "all decks", "bold"))
        self.query_one("#stats-title", Static).update(title)
        self.query_one("#stats", Static).update(styled(*stats_page(stats)))

    def action_toggle_scope(self) -> None:
        """Anki's deck / collection switch: between the deck opened for and all decks."""
        self.showing = None if self.showing is not None else self.deck
        self._draw()

    def action_back(self) -> None:
        self.dismiss()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#stats-body", VerticalScroll).scroll_relative(y=lines, animate=False)
