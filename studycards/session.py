"""A study session, headless: the Textual UI and the line mode both drive this.

The session shows one card at a time in Anki's v3 order (queue.py), records each answer as
one transaction before the next card is shown, and keeps an undo stack of several levels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from studycards.cards import Faces
from studycards.collection import Collection
from studycards.model import Card, LoggedReview, Rating, State


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Preview:
    """What one answer button would do: the next due time and Anki's short label."""

    rating: Rating
    due: datetime
    label: str


@dataclass(frozen=True, slots=True)
class Counts:
    """Cards remaining in this session after limits, by Anki's three colours."""

    new: int
    learning: int
    review: int


@dataclass(frozen=True, slots=True)
class Summary:
    studied: int
    seconds: float
    again: int
    next_due: datetime | None


@dataclass(frozen=True, slots=True)
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


class Session:
    """Study `decks` (each with its subdecks; all decks when None) of `col`."""

    def __init__(self, col: Collection, decks: Sequence[str] | None = None) -> None:
        self.col = col
        self.decks = tuple(decks) if decks is not None else None
        self.current: StudyCard | None = None
        self.revealed = False
        raise NotImplementedError

    def reveal(self) -> None:
        raise NotImplementedError

    def previews(self) -> list[Preview]:
        raise NotImplementedError

    def counts(self) -> Counts:
        raise NotImplementedError

    def answer(self, rating: Rating) -> None:
        raise NotImplementedError

    def bury_card(self) -> None:
        raise NotImplementedError

    def bury_note(self) -> None:
        raise NotImplementedError

    def suspend_card(self) -> None:
        raise NotImplementedError

    def suspend_note(self) -> None:
        raise NotImplementedError

    def toggle_mark(self) -> bool:
        raise NotImplementedError

    def set_flag(self, n: int) -> None:
        raise NotImplementedError

    @property
    def undo_label(self) -> str | None:
        raise NotImplementedError

    def undo(self) -> str | None:
        raise NotImplementedError

    def summary(self) -> Summary:
        raise NotImplementedError

    def card_info(self) -> CardInfo:
        raise NotImplementedError

    def source_location(self) -> tuple[Path, int] | None:
        raise NotImplementedError

    def reimport(self, path: Path) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        raise NotImplementedError
