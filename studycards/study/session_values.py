"""What a study session shows: the card on screen, button previews, counts, summaries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from studycards.model import Card, Rating, Source, State
from studycards.notes.cards import Faces
from studycards.render import interval_label


@dataclass(frozen=True, slots=True, kw_only=True)
class StudyCard:
    """The card on screen, with everything a UI shows around it."""

    card: Card
    faces: Faces
    state: State
    deck_title: str
    context: str
    flag: int
    marked: bool
    shown_at: datetime
    # Where else the card's note is written (the same term in several notes).
    other_sources: tuple[Source, ...] = ()


@dataclass(frozen=True, slots=True)
class Preview:
    """What one answer button would do: the next due time and Anki's short label."""

    rating: Rating
    due: datetime
    label: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Counts:
    """Cards remaining in this session after limits, by Anki's three colours."""

    new: int
    learning: int
    review: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Summary:
    studied: int
    seconds: float
    again: int
    next_due: datetime | None


__all__ = ["Counts", "Preview", "StudyCard", "Summary", "interval_label"]
