"""Card info (Anki's `i`): the card's question and answer, its memory state, the due time
and the review history."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from studycards import render
from studycards.model import Card, Rating
from studycards.rows import CardInfo
from studycards.tui.widgets.safe_text import CardText, Wrapped, styled


def card_text(card: Card) -> Wrapped:
    """The question and the answer, as Anki's card info shows them above the numbers."""
    return Wrapped(
        styled(
            (f"{'Question':<16}", "dim"),
            (card.front, "bold"),
            "\n",
            (f"{'Answer':<16}", "dim"),
            card.back,
        )
    )


def info_table(info: CardInfo) -> Table:
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column()
    stability = render.number(info.stability, 1, empty="—")
    difficulty = render.number(info.difficulty, 1, empty="—")
    retrievability = "—" if info.retrievability is None else f"{info.retrievability:.0%}"
    for name, value in (
        ("Card", info.card_id),
        ("Deck", info.deck),
        ("State", info.state.label),
        ("Due", render.local_minute(info.due) or "—"),
        ("Stability", stability + (" days" if info.stability else "")),
        ("Difficulty", difficulty + (" / 10" if info.difficulty else "")),
        ("Retrievability", retrievability),
        ("Reviews", str(info.reps)),
        ("Lapses", str(info.lapses)),
    ):
        facts.add_row(name, styled(value))
    for number, source in enumerate(info.sources):
        facts.add_row("Source" if number == 0 else "Also in", styled(str(source)))
    return facts


def history_table(info: CardInfo) -> Table | Text:
    if not info.history:
        return Text("No reviews yet.", style="dim")
    table = Table(title="History", expand=True, title_justify="left")
    for column in ("Date", "Rating", "Interval", "Stability", "Time"):
        table.add_column(column, justify="left" if column in ("Date", "Rating") else "right")
    for logged in info.history:
        review, after = logged.review, logged.after
        rating = Rating(review.rating)
        table.add_row(
            render.local_minute(review.reviewed_at),
            styled((render.RATING_NAMES[rating], render.RATING_STYLES[rating])),
            render.span(review.reviewed_at, after.due) if after.due is not None else "—",
            render.number(after.stability, 1, empty="—"),
            render.answer_time(review.duration_ms),
        )
    return table


class CardInfoScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,i", "dismiss", "Close")]

    def __init__(self, info: CardInfo, card: Card) -> None:
        super().__init__()
        self.info = info
        self.card = card

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="info-box"):
            info_card = CardText(id="info-card")
            info_card.update(card_text(self.card))
            yield info_card
            yield Static(info_table(self.info))
            yield Static(history_table(self.info))

    def on_mount(self) -> None:
        self.query_one("#info-box").border_title = "Card info"

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
