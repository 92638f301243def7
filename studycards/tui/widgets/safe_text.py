"""Card text as Rich objects that cannot act as markup or on the terminal, and that wrap
where Unicode's line breaking rules allow.

Every string from a note goes through `styled()`: control sequences are stripped and the
result is a plain `Text` (never parsed for `[style]` markup), so `[bold red]x[/]` shows
literally. What to draw, and in which colour, comes from `studycards.render`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text
from textual.widget import Widget

from studycards.render import Run, line_starts, literal


def styled(*runs: Run | str) -> Text:
    """Runs of `studycards.render` (or plain strings) as one Text: never markup, and every
    piece stripped of terminal control sequences."""
    return Text.assemble(*(literal(run) if isinstance(run, str) else literal(*run) for run in runs))


class Wrapped:
    """Text that wraps by Unicode's line breaking rules (UAX #14) instead of at spaces only:
    a Chinese sentence breaks between characters but never inside `20-30`, `GW` or before
    `）`, and English still breaks at spaces."""

    def __init__(self, text: Text, *, justify: Literal["left", "center"] = "left") -> None:
        self.text = text
        self.justify: Literal["left", "center"] = justify

    @classmethod
    def of(cls, runs: Iterable[Run], *, justify: Literal["left", "center"] = "left") -> Wrapped:
        return cls(styled(*runs), justify=justify)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, options.max_width)
        lines = self.text.divide(line_starts(self.text.plain, width, cells=cell_len))
        for line in lines:
            line.rstrip()
            if self.justify == "center":
                line.align("center", width)
            # Segments, not the Text itself: Rich would wrap a Text again, at spaces only.
            yield from line.render(console)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_len(line) for line in self.text.plain.split("\n")), default=0)
        return Measurement(min(widest, 1), widest)

    def __str__(self) -> str:
        return self.text.plain


class CardText(Widget):
    """Card text on screen, wrapped by Unicode's line breaking rules (`Wrapped`)."""

    DEFAULT_CSS = """
    CardText {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.text = Wrapped(Text())

    def update(self, text: Wrapped) -> None:
        self.text = text
        self.refresh(layout=True)

    def render(self) -> Wrapped:
        return self.text
