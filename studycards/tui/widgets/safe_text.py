"""Card text as Rich `Text` that cannot act as markup or on the terminal.

Every string from a note goes through `safe()`: control sequences are stripped and the result
is a plain `Text` (never parsed for `[style]` markup), so `[bold red]x[/]` shows literally.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from studycards.cards import Role, Segment
from studycards.text import strip_terminal_controls

# Anki's colours for the three queues, used wherever counts appear.
NEW_STYLE = "bold #6c9cff"
LEARN_STYLE = "bold #ff6b6b"
DUE_STYLE = "bold #5fd75f"

_ROLE_STYLES = {
    Role.TEXT: "",
    Role.BLANK: "bold reverse #ffd75f",
    Role.ANSWER: "bold underline #5fd75f",
    Role.TERM: "bold #ffd75f",
}


def safe(text: str, style: str = "") -> Text:
    """`text` stripped of terminal controls, as literal Rich text."""
    return Text(strip_terminal_controls(text), style=style)


def segments_text(segments: Iterable[Segment]) -> Text:
    """One side of a card, with the blank and the revealed answer highlighted."""
    out = Text()
    for segment in segments:
        out.append_text(safe(segment.text, _ROLE_STYLES[segment.role]))
    return out


def counts_text(
    new: int, learning: int, due: int, *, current: int | None = None, sep: str = " + "
) -> Text:
    """`new + learn + due`, each in its queue colour; the queue of the card on screen
    (`current`: 0 new, 1 learn, 2 due) is underlined, as in Anki's reviewer."""
    parts = [(new, NEW_STYLE), (learning, LEARN_STYLE), (due, DUE_STYLE)]
    text = Text()
    for index, (value, style) in enumerate(parts):
        if index:
            text.append(sep)
        text.append(str(value), style=f"{style} underline" if index == current else style)
    return text
