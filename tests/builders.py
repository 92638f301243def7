"""Notes, decks and import batches made by hand for tests, with the ids the deck builder gives
the same notes (cards.note_id_of), read from one made-up note file unless a test says where."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from studycards.model import Deck, ImportBatch, Note, NoteType, Review, Source, note_id_for
from studycards.notes.cards import note_id_of

NOTE_FILE = "notes/ai-race.md"


def note(
    note_type: NoteType,
    deck: str,
    fields: Mapping[str, str],
    *,
    key: str | None = None,
    tags: tuple[str, ...] = (),
    reversed: bool = False,
    line: int = 1,
    heading: str = "",
) -> Note:
    """A note of any type; its id is derived from `key` if given, else from its fields."""
    return Note(
        note_id_for(note_type, key) if key is not None else note_id_of(note_type, fields),
        note_type,
        deck,
        dict(fields),
        tags,
        Source(NOTE_FILE, line, heading),
        reversed=reversed,
    )


def gloss_of(word: str) -> str:
    """A made-up translation of `word` that does not contain it (its letters mirrored)."""
    return word.translate(_MIRROR)


_MIRROR = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "zyxwvutsrqponmlkjihgfedcbaZYXWVUTSRQPONMLKJIHGFEDCBA",
)


def term(
    deck: str,
    word: str,
    definition: str = "",
    *,
    english: str | None = None,
    line: int = 1,
    heading: str = "Glossary",
) -> Note:
    """A glossary term: two sibling cards (term → meaning, meaning → term). Its made-up gloss
    does not name the term, so the reverse card is kept."""
    fields = {
        "term": word,
        "english": gloss_of(word).upper() if english is None else english,
        "abbr": "",
        "definition": definition or f"means {gloss_of(word)}",
    }
    return note(NoteType.TERM, deck, fields, line=line, heading=heading)


def basic(
    deck: str,
    question: str,
    answer: str = "yes",
    *,
    tags: tuple[str, ...] = (),
    line: int = 1,
    heading: str = "Questions",
) -> Note:
    """A question with one card."""
    fields = {"question": question, "answer": answer}
    return note(NoteType.BASIC, deck, fields, tags=tags, line=line, heading=heading)


def cloze(deck: str, text: str, *, extra: str = "", line: int = 1, heading: str = "") -> Note:
    """A text with `{{c1::hidden}}` parts: one card per number."""
    return note(NoteType.CLOZE, deck, {"text": text, "extra": extra}, line=line, heading=heading)


def figure(deck: str, text: str, context: str = "", *, line: int = 1, heading: str = "") -> Note:
    """A key figure: the clause with the figure hidden, and its whole sentence."""
    fields = {"text": text, "context": context or text}
    return note(NoteType.FIGURE, deck, fields, line=line, heading=heading)


def questions(deck: str, count: int, prefix: str = "q") -> list[Note]:
    """`count` questions q000, q001… (with `prefix`), on lines 1, 2…"""
    return [basic(deck, f"{prefix}{i:03d}", line=i + 1) for i in range(count)]


def batch(
    origin: str,
    *decks: tuple[str, Sequence[Note]],
    reviews: Sequence[Review] = (),
    suspended: frozenset[str] = frozenset(),
) -> ImportBatch:
    """What an importer of `origin` would hand over: these decks of notes, and answers."""
    return ImportBatch(
        origin=origin,
        decks=tuple(Deck(name, tuple(notes)) for name, notes in decks),
        reviews=tuple(reviews),
        suspended=suspended,
    )
