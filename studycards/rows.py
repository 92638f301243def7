"""The rows the collection hands out: import reports, deck status, cards and history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from studycards.model import Card, LoggedReview, Rating, ReviewKind, Source, State


def iso(when: datetime | None) -> str | None:
    """ISO 8601 UTC with a `Z`-free `+00:00` offset, as every command's JSON writes times."""
    return when.isoformat() if when is not None else None


class ExportLogRow(NamedTuple):
    """One logged answer, as plain values: what an Anki review-log row is made of. The
    exporter streams a million of these, so they are tuples, not objects holding Schedules."""

    card_id: str  # as card_id_for makes it
    reviewed_at: int  # ms
    rating: int
    duration_ms: int
    before_state: int
    before_due: int | None  # ms (a new card's position)
    before_last_review: int | None  # ms
    after_state: int
    after_due: int | None  # ms
    kind: int = 0  # ReviewKind: an answer, or a Forget, reschedule or cram entry


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncReport:
    """What one import changed, counted in cards (reviews in review-log rows)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    orphaned: int = 0
    reviews_added: int = 0
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "orphaned": self.orphaned,
            "reviews_added": self.reviews_added,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class DeckStatus:
    """One deck's line in `status`: cards due today after limits, like Anki's deck list
    (learning counts the intraday cards due within the 20-minute learn-ahead and the
    interday ones the review limit leaves room for, as a session does).

    Counts include subdecks (a parent's limits cap them); `total` and `suspended` count every
    card in the deck and its subdecks; orphans are left out.
    """

    deck: str
    new: int
    learning: int
    review: int
    total: int
    suspended: int
    reviewed_today: int

    def to_json(self) -> dict[str, Any]:
        return {
            "deck": self.deck,
            "new": self.new,
            "learning": self.learning,
            "review": self.review,
            "total": self.total,
            "suspended": self.suspended,
            "reviewed_today": self.reviewed_today,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Overview:
    """`status`: every deck's line, and the line of studying all decks at once (its `deck` is
    empty; its counts are under the collection's "study all" limits, as that session's)."""

    decks: list[DeckStatus]
    study_all: DeckStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class CardRow:
    """A card with its scheduling state: one line of `cards --json`."""

    card: Card
    state: State
    suspended: bool
    buried: bool
    due: datetime | None
    stability: float | None
    difficulty: float | None
    reps: int
    lapses: int
    last_review: datetime | None
    flag: int = 0
    orphaned: bool = False
    marked: bool = False  # the note's mark
    # Where else the card's note is written (the same term in several notes): `source` is
    # the one its text comes from.
    other_sources: tuple[Source, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            **self.card.to_json(),
            "other_sources": [source.to_json() for source in self.other_sources],
            "state": self.state.label,
            "suspended": self.suspended,
            "buried": self.buried,
            "due": iso(self.due),
            "stability": self.stability,
            "difficulty": self.difficulty,
            "reps": self.reps,
            "lapses": self.lapses,
            "last_review": iso(self.last_review),
            "flag": self.flag,
            "marked": self.marked,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class HistoryRow:
    """One logged answer, or one entry Anki logged that is not one (a reset to new, a
    reschedule, a cramming review): one line of `history --json`; the memory state is
    after it."""

    card_id: str
    deck: str
    rating: Rating | None  # None for an entry that is not an answer (see kind)
    reviewed_at: datetime
    duration_ms: int
    stability: float | None
    difficulty: float | None
    due: datetime | None
    kind: ReviewKind = ReviewKind.ANSWER

    def to_json(self) -> dict[str, Any]:
        return {
            "card_id": self.card_id,
            "kind": self.kind.label,
            "rating": None if self.rating is None else int(self.rating),
            "reviewed_at": iso(self.reviewed_at),
            "duration_ms": self.duration_ms,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": iso(self.due),
        }


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
