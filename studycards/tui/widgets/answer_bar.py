"""The buttons under a card: "Show answer", then Again / Hard / Good / Easy with intervals.

The buttons never take focus, so Space and Enter always reach the review screen's bindings
(Anki's muscle memory) while a mouse click still works.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button

from studycards.model import Rating

_NAMES = {Rating.AGAIN: "Again", Rating.HARD: "Hard", Rating.GOOD: "Good", Rating.EASY: "Easy"}


class AnswerBar(Horizontal):
    """Shows either the reveal button or the four rating buttons."""

    def compose(self) -> ComposeResult:
        yield Button("Show answer  (space)", id="reveal", variant="primary")
        for rating, name in _NAMES.items():
            yield Button(name, id=f"rate-{rating.value}", classes=f"rate rate-{name.lower()}")

    def on_mount(self) -> None:
        for button in self.query(Button):
            button.can_focus = False

    def show_question(self) -> None:
        self.query_one("#reveal").display = True
        for button in self.query(".rate"):
            button.display = False

    def show_answer(self, labels: Sequence[tuple[Rating, str]]) -> None:
        """`labels`: each rating with the interval it leads to (`<1m`, `10m`, `2d`)."""
        self.query_one("#reveal").display = False
        for rating, interval in labels:
            button = self.query_one(f"#rate-{rating.value}", Button)
            button.label = Text.assemble(
                (f"{rating.value} ", "dim"), (_NAMES[rating], "bold"), f"  {interval}"
            )
            button.display = True
