"""Collections and sessions for tests: a collection file without fuzz, and what a session
shows as it is studied. The notes themselves come from tests/builders.py."""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path

from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.model import Rating
from studycards.study.session import Session


def open_collection(
    tmp_path: Path, clock: FrozenClock, tz: tzinfo | None = None, name: str = "col.db"
) -> Collection:
    return Collection.open(tmp_path / name, clock, fuzz=False, tz=tz)


def fronts(session: Session, ratings: int = 0, rating: Rating = Rating.GOOD) -> list[str]:
    """Fronts of the cards shown, answering each with `rating` (all if ratings == 0)."""
    shown: list[str] = []
    while session.current is not None and (ratings == 0 or len(shown) < ratings):
        shown.append(session.current.card.front)
        session.reveal()
        session.answer(rating)
    return shown


def front_of(session: Session) -> str | None:
    """The front of the card on screen, or None when the session is over."""
    return session.current.card.front if session.current is not None else None
