"""What a study session shows: the card on screen, button previews, counts, summaries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from studycards.cards import Faces
from studycards.model import Card, LoggedReview, Rating, Source, State
from studycards.queue import LEARN_AHEAD_MS


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


@dataclass(frozen=True, slots=True, kw_only=True)
class CardInfo:
    card_id: str
    deck: str
    state: State
    due: datetime | None
    stability: float | None
    difficulty: float | None
    retrievability: float | None
    reps: int
    lapses: int
    history: list[LoggedReview]
    # Where the card's note is written: the source its text comes from, then the others.
    sources: tuple[Source, ...] = ()


def interval_label(seconds: float) -> str:
    """Anki's button label: `<1m`, `<10m` (under the learn-ahead), `1h`, `2d`, `3.2mo`, `1.5y`."""
    seconds = max(0.0, seconds)
    prefix = "<" if seconds < LEARN_AHEAD_MS / 1000 else ""
    days = seconds / 86400
    if seconds < 60:
        return "<1m"
    if seconds < 3600:
        unit, amount = "m", seconds / 60
    elif seconds < 86400:
        unit, amount = "h", seconds / 3600
    elif days < 30:
        unit, amount = "d", days
    elif days < 365:
        unit, amount = "mo", days / 30
    else:
        unit, amount = "y", days / 365
    # Minutes and days as whole numbers, longer units to one decimal, as Anki shows them.
    text = f"{round(amount + 1e-9)}" if unit in ("m", "d") else f"{round(amount, 1):g}"
    return f"{prefix}{text}{unit}"
