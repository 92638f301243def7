"""What the review screen shows around a card: where it came from."""

from __future__ import annotations

from rich.text import Text

from studycards.study.session import StudyCard
from studycards.tui.widgets.safe_text import styled


def source_text(study: StudyCard) -> Text:
    """The card's origin, shown after the answer: sentence, note title › heading, path:line."""
    source = study.card.source
    text = Text()
    shown = "".join(segment.text for segment in study.faces.answer)
    # A figure card's answer side is usually the sentence already; repeat it only if not.
    if study.context and study.context.strip() != shown.strip():
        text.append_text(styled(("Sentence  ", "dim"), study.context, "\n"))
    title = " › ".join(part for part in (study.deck_title, source.heading) if part)
    if title:
        text.append_text(styled(("From      ", "dim"), (title, "italic"), "\n"))
    if source.path:
        text.append_text(styled(("Source    ", "dim"), str(source)))
    # The same term written in other notes too: the card's text is the first one's.
    for other in study.other_sources:
        text.append_text(styled(("\nAlso in   ", "dim"), str(other)))
    return text
