"""What the review screen shows around a card: its marks and flag, and where it came from."""

from __future__ import annotations

from rich.text import Text

from studycards.session import StudyCard
from studycards.tui.widgets.safe_text import safe

# Anki's flags, by number: the name and a terminal colour close to Anki's.
FLAG_NAMES = {1: "red", 2: "orange", 3: "green", 4: "blue", 5: "pink", 6: "turquoise", 7: "purple"}
FLAG_STYLES = {
    1: "#ff5f5f",
    2: "#ffaf5f",
    3: "#5fd75f",
    4: "#5f87ff",
    5: "#ff87d7",
    6: "#5fd7d7",
    7: "#af87ff",
}


def marks_text(marked: bool, flag: int) -> Text:
    """`★ marked ⚑ red` for the header; empty when neither."""
    text = Text()
    if marked:
        text.append("★ marked ", style="bold #ffd75f")
    if flag:
        text.append(f"⚑ {FLAG_NAMES.get(flag, str(flag))} ", style=FLAG_STYLES.get(flag, ""))
    return text


def source_text(study: StudyCard) -> Text:
    """The card's origin, shown after the answer: sentence, note title › heading, path:line."""
    source = study.card.source
    text = Text()
    shown = "".join(segment.text for segment in study.faces.answer)
    # A figure card's answer side is usually the sentence already; repeat it only if not.
    if study.context and study.context.strip() != shown.strip():
        text.append("Sentence  ", style="dim")
        text.append_text(safe(study.context))
        text.append("\n")
    title = " › ".join(part for part in (study.deck_title, source.heading) if part)
    if title:
        text.append("From      ", style="dim")
        text.append_text(safe(title, "italic"))
        text.append("\n")
    if source.path:
        text.append("Source    ", style="dim")
        text.append_text(safe(str(source)))
    # The same term written in other notes too: the card's text is the first one's.
    for other in study.other_sources:
        text.append("\nAlso in   ", style="dim")
        text.append_text(safe(str(other)))
    return text
