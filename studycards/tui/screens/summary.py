"""The end of a session: what was studied, how long it took, and when the next card is due."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.widgets import Button, Footer, Static

from studycards.errors import StudycardsError
from studycards.render import duration, plural, relative
from studycards.study.session import Session, Summary
from studycards.tui.screens.base import StudyScreen


def summary_text(summary: Summary, now: datetime) -> Text:
    """The summary as a few lines; an again rate is the share of answers that were Again."""
    rate = summary.again / summary.studied if summary.studied else 0.0
    lines = Text()
    lines.append("Congratulations! You have finished for now.\n\n", style="bold")
    lines.append(f"Studied      {plural(summary.studied, 'card')}\n")
    lines.append(f"Time         {duration(summary.seconds)}\n")
    lines.append(f"Again        {summary.again} ({rate:.0%})\n")
    if summary.next_due is None:
        lines.append("Next card    none scheduled")
    else:
        lines.append(f"Next card    due {relative(summary.next_due, now)}")
    return lines


class SummaryScreen(StudyScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space,q,escape", "back", "Back to decks", key_display="enter"),
        Binding("t", "stats", "Stats"),
        Binding("u,ctrl+z", "undo", "Undo last answer", key_display="u"),
    ]

    def __init__(self, session: Session, now: datetime) -> None:
        super().__init__()
        self.session = session
        self.summary = session.summary()
        self.now = now

    def compose(self) -> ComposeResult:
        with Vertical(id="summary-box"):
            yield Static(summary_text(self.summary, self.now), id="summary")
            with Center():
                yield Button("Back to decks", id="summary-back", variant="primary")
        yield Footer()

    def on_button_pressed(self) -> None:
        self.dismiss()

    def action_back(self) -> None:
        self.dismiss()

    def action_undo(self) -> None:
        """Anki lets the last answer be taken back from the congratulations screen too."""
        from studycards.tui.screens.review import ReviewScreen

        label = self.session.undo_label
        try:
            undone = self.session.undo()
        except StudycardsError as error:
            self.notify(f"Not undone: {error}", severity="error", timeout=10, markup=False)
            return
        if undone is None:
            self.notify("Nothing to undo", timeout=2)
            return
        self.notify(label or "Undone", timeout=2)
        self.app.switch_screen(ReviewScreen(self.session))

    def action_stats(self) -> None:
        self.study_app.show_stats(None)
