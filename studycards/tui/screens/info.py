"""Card info (Anki's `i`): the memory state, the due time and the review history."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from studycards.model import Rating
from studycards.session import CardInfo
from studycards.tui.widgets.safe_text import safe


def _number(value: float | None, fmt: str) -> str:
    return "—" if value is None else format(value, fmt)


def info_table(info: CardInfo) -> Table:
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column()
    due = info.due.strftime("%Y-%m-%d %H:%M UTC") if info.due else "—"
    retrievability = "—" if info.retrievability is None else f"{info.retrievability:.0%}"
    for name, value in (
        ("Card", info.card_id),
        ("Deck", info.deck),
        ("State", info.state.label),
        ("Due", due),
        ("Stability", _number(info.stability, ".1f") + (" days" if info.stability else "")),
        ("Difficulty", _number(info.difficulty, ".1f") + (" / 10" if info.difficulty else "")),
        ("Retrievability", retrievability),
        ("Reviews", str(info.reps)),
        ("Lapses", str(info.lapses)),
    ):
        facts.add_row(name, Text(value))
    for number, source in enumerate(info.sources):
        facts.add_row("Source" if number == 0 else "Also in", safe(str(source)))
    return facts


def history_table(info: CardInfo) -> Table | Text:
    if not info.history:
        return Text("No reviews yet.", style="dim")
    table = Table(title="History", expand=True, title_justify="left")
    for column in ("Date", "Rating", "Interval", "Stability", "Time"):
        table.add_column(column, justify="left" if column in ("Date", "Rating") else "right")
    for logged in info.history:
        review, after = logged.review, logged.after
        interval = "—"
        if after.due is not None:
            days = (after.due - review.reviewed_at).total_seconds() / 86400
            interval = f"{days:.1f}d" if days >= 1 else f"{days * 1440:.0f}m"
        table.add_row(
            review.reviewed_at.strftime("%Y-%m-%d %H:%M"),
            Rating(review.rating).name.title(),
            interval,
            _number(after.stability, ".1f"),
            f"{review.duration_ms / 1000:.0f}s",
        )
    return table


class CardInfoScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,i", "dismiss", "Close")]

    def __init__(self, info: CardInfo) -> None:
        super().__init__()
        self.info = info

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="info-box"):
            yield Static(info_table(self.info))
            yield Static(history_table(self.info))

    def on_mount(self) -> None:
        self.query_one("#info-box").border_title = "Card info"

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
