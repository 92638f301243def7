"""Small builders for collection tests: notes, decks and batches made by hand."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from pathlib import Path

from studycards.cards import strip_cloze
from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.model import Deck, ImportBatch, Note, NoteType, Rating, Review, Source, note_id_for
from studycards.session import Session


def term(deck: str, word: str, definition: str = "", line: int = 1) -> Note:
    """A glossary term: two sibling cards (term → meaning, meaning → term)."""
    return Note(
        note_id_for(NoteType.TERM, word),
        NoteType.TERM,
        deck,
        {
            "term": word,
            "english": word.upper(),
            "abbr": "",
            "definition": definition or f"means {word}",
        },
        source=Source("notes/source.md", line, "Terms"),
    )


def basic(deck: str, question: str, answer: str = "yes", line: int = 1) -> Note:
    """A question with one card."""
    return Note(
        note_id_for(NoteType.BASIC, question),
        NoteType.BASIC,
        deck,
        {"question": question, "answer": answer},
        source=Source("notes/source.md", line, "Questions"),
    )


def cloze(deck: str, text: str, line: int = 1) -> Note:
    return Note(
        note_id_for(NoteType.CLOZE, strip_cloze(text)),
        NoteType.CLOZE,
        deck,
        {"text": text, "extra": ""},
        source=Source("notes/source.md", line),
    )


def batch(
    origin: str,
    *decks: tuple[str, Sequence[Note]],
    reviews: Sequence[Review] = (),
    suspended: frozenset[str] = frozenset(),
) -> ImportBatch:
    return ImportBatch(
        origin=origin,
        decks=tuple(Deck(name, tuple(notes)) for name, notes in decks),
        reviews=tuple(reviews),
        suspended=suspended,
    )


def questions(deck: str, count: int, prefix: str = "q") -> list[Note]:
    return [basic(deck, f"{prefix}{i:03d}", line=i + 1) for i in range(count)]


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
