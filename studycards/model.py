"""Notes, cards and schedules: the values every part of studycards passes around.

Pure: no I/O and no clock. A note is what a person writes once (a glossary term, a sentence
with a key figure, a question); its cards are what gets studied. Ids are derived from what
identifies a note, not from all of its text, so editing a definition keeps the card's history.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import KW_ONLY, dataclass, field
from datetime import date, datetime
from enum import IntEnum, StrEnum
from types import MappingProxyType
from typing import Any, NamedTuple

from studycards.options import Options
from studycards.text import normalize_key


class NoteType(StrEnum):
    """What a note is; it decides the note's fields and the cards it yields."""

    TERM = "term"
    FIGURE = "figure"
    BASIC = "basic"
    CLOZE = "cloze"
    # An Anki note of a note type of its own: its cards as Anki's templates render them.
    ANKI = "anki"


class CardKind(StrEnum):
    """What a card asks; the `kind` field of the card JSON."""

    TERM = "term"
    REVERSE = "reverse"
    FIGURE = "figure"
    BASIC = "basic"
    CLOZE = "cloze"


# The fields of each note type, in order. Cloze-bearing fields (`text`, `context`) mark hidden
# parts Anki's way, `{{c1::hidden}}` or `{{c1::hidden::hint}}`, so exports need no translation.
# An ANKI note's fields are its cards' sides instead (anki_sides), as many as it has cards.
NOTE_FIELDS: Mapping[NoteType, tuple[str, ...]] = MappingProxyType(
    {
        NoteType.TERM: ("term", "english", "abbr", "definition"),
        # text: the clause with the figure hidden; context: the whole sentence, same markers.
        NoteType.FIGURE: ("text", "context"),
        NoteType.BASIC: ("question", "answer"),
        NoteType.CLOZE: ("text", "extra"),
    }
)

_EXPLICIT_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a note came from: `path:line` under a section heading (line 0 when unknown)."""

    path: str
    line: int = 0
    heading: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "heading": self.heading}

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True, slots=True)
class Note:
    """One thing to learn. `fields` holds exactly the names in NOTE_FIELDS[type]."""

    note_id: str
    type: NoteType
    deck: str
    fields: Mapping[str, str]
    tags: tuple[str, ...] = ()
    source: Source = Source("")
    # BASIC only: also ask from the answer side (Obsidian's `:::`, Anki's "and reversed").
    reversed: bool = False
    # The Anki GUID of a note that came from Anki, so exporting it back updates that note.
    guid: str = ""

    def __post_init__(self) -> None:
        if self.type is NoteType.ANKI:
            anki_sides(self.fields)  # raises on fields that are not card sides
            return
        expected = NOTE_FIELDS[self.type]
        if tuple(self.fields) != expected:
            missing = [name for name in expected if name not in self.fields]
            extra = [name for name in self.fields if name not in expected]
            if missing or extra:
                raise ValueError(f"{self.type} note fields: missing {missing}, unexpected {extra}")
            object.__setattr__(self, "fields", {name: self.fields[name] for name in expected})

    def __getitem__(self, name: str) -> str:
        return self.fields[name]


_SIDE = re.compile(r"(\d{1,3}) (front|back)")


def anki_fields(sides: Mapping[int, tuple[str, str]]) -> dict[str, str]:
    """An ANKI note's fields: `"0 front"`, `"0 back"`, … for each card (ordinal → front,
    back), in ordinal order. The back is what the answer side adds to the front."""
    fields: dict[str, str] = {}
    for ord_ in sorted(sides):
        front, back = sides[ord_]
        fields[f"{ord_} front"] = front
        fields[f"{ord_} back"] = back
    return fields


def anki_sides(fields: Mapping[str, str]) -> dict[int, tuple[str, str]]:
    """An ANKI note's cards (ordinal → front, back) from its fields; ValueError for fields
    that are not the two sides of some cards."""
    sides: dict[int, dict[str, str]] = {}
    for name, value in fields.items():
        match = _SIDE.fullmatch(name)
        if match is None:
            raise ValueError(f"anki note field {name!r} is not a card side")
        sides.setdefault(int(match.group(1)), {})[match.group(2)] = value
    if any(len(pair) != 2 for pair in sides.values()):
        raise ValueError("anki note fields: each card needs a front and a back")
    return {ord_: (pair["front"], pair["back"]) for ord_, pair in sorted(sides.items())}


@dataclass(frozen=True, slots=True)
class Card:
    """One card as the card JSON of `build` and `cards` shows it."""

    card_id: str
    note_id: str
    ord: int
    kind: CardKind
    deck: str
    front: str
    back: str
    answer: str
    tags: tuple[str, ...]
    source: Source

    def to_json(self) -> dict[str, Any]:
        return {
            "deck": self.deck,
            "note_id": self.note_id,
            "card_id": self.card_id,
            "kind": str(self.kind),
            "front": self.front,
            "back": self.back,
            "answer": self.answer,
            "tags": list(self.tags),
            "source": self.source.to_json(),
        }


@dataclass(frozen=True, slots=True)
class Deck:
    """The notes of one deck, in study order, and where they were read from."""

    name: str
    notes: tuple[Note, ...]
    _: KW_ONLY
    tags: tuple[str, ...] = ()
    path: str = ""
    # Front matter of the source note, kept so a deck file can carry it through.
    meta: Mapping[str, Any] = field(default_factory=dict)


class State(IntEnum):
    """A card's scheduling state, stored as an integer (Anki's card types use the same values)."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3

    @property
    def label(self) -> str:
        return self.name.lower()


class Rating(IntEnum):
    """The four answer buttons, with Anki's numbers."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


@dataclass(frozen=True, slots=True)
class Schedule:
    """A card's FSRS memory state and due time. All datetimes are UTC (`timezone.utc`)."""

    state: State = State.NEW
    _: KW_ONLY
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0


class ScheduleRow(NamedTuple):
    """A Schedule as the collection stores it, under its column names: times in integer
    milliseconds (UTC), and a new card's due is its position. The history replay produces
    these directly."""

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: int | None
    last_review: int | None
    reps: int
    lapses: int


@dataclass(frozen=True, slots=True)
class Review:
    """One answer as it happened, the input from which FSRS state can be replayed."""

    card_id: str
    rating: Rating
    reviewed_at: datetime
    duration_ms: int = 0


class ReviewKind(IntEnum):
    """What a review-log row records: an answer, or something done to the card that is not
    one (Anki's revlog types Manual and Rescheduled, and its cramming)."""

    ANSWER = 0
    FORGET = 1  # reset to new ("Forget"): the memory state starts again
    RESCHEDULE = 2  # the due date moved by hand or by a rescheduling; memory unchanged
    CRAM = 3  # answered in a filtered deck that does not reschedule: nothing changed

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    """A review-log entry that is not an answer (ReviewKind other than ANSWER)."""

    card_id: str
    kind: ReviewKind
    at: datetime
    duration_ms: int = 0


@dataclass(frozen=True, slots=True)
class KeptSchedule:
    """Where another app's scheduler left a card, kept as it is: its state and due time,
    interval (days), counts and, when that app had one, its FSRS memory state. Without one,
    the memory comes from replaying the card's history (or, without that, from `interval`
    and `ease`, as Anki gives an SM-2 card one)."""

    state: State
    due: date | datetime  # a study day (a review card's), or a time (a learning card's)
    interval: int
    ease: float
    reps: int
    lapses: int
    stability: float | None = None
    difficulty: float | None = None
    last_review: datetime | None = None
    step: int | None = None  # a learning card's step
    # Whether the card's history (since its last reset) starts with its first learning
    # step, so that replaying it gives its memory state, as Anki decides (a history cleaned
    # up in part does not).
    memory_from_history: bool = True


def note_id_for(note_type: NoteType, key: str) -> str:
    """The stable id of a note: its type and its identifying text, normalized.

    The key is what `cards.identity_key` takes from the note's fields: the term (TERM), the
    clause with its figures masked (FIGURE), the question (BASIC) or the text without markers
    (CLOZE). Neither the deck nor the file is part of it, so a note moved to another folder,
    a renamed title or a renamed deck keeps its cards' history.
    """
    material = "\x1f".join((str(note_type), normalize_key(key)))
    return hashlib.blake2b(material.encode("utf-8"), digest_size=8).hexdigest()


def note_id_hasher(note_type: NoteType) -> Callable[[str], str]:
    """`note_id_for(note_type, key)` as a function of the key alone, for a builder that makes
    many ids of one type: the type's part of the material is made once."""
    prefix = str(note_type) + "\x1f"
    blake2b = hashlib.blake2b

    def note_id(key: str) -> str:
        return blake2b((prefix + normalize_key(key)).encode("utf-8"), digest_size=8).hexdigest()

    return note_id


def anki_note_id(guid: str) -> str:
    """The id of a note imported from Anki: its GUID identifies it across decks and edits."""
    return hashlib.blake2b(f"anki\x1f{guid}".encode(), digest_size=8).hexdigest()


def card_id_for(note_id: str, ord_: int) -> str:
    """Card id = note id + ordinal (Anki's template or cloze number, from 0)."""
    return f"{note_id}-{ord_}"


def is_valid_explicit_id(value: str) -> bool:
    """Whether a hand-written id in a deck file is usable: 1-64 of [A-Za-z0-9_.:-]."""
    return _EXPLICIT_ID.fullmatch(value) is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class LoggedReview:
    """An answer as the collection logged it: the review plus the card's state around it."""

    review: Review
    before: Schedule
    after: Schedule


@dataclass(frozen=True, slots=True)
class Sm2Progress:
    """Where an SM-2 scheduler left a card (Obsidian SR's `<!--SR:!2024-08-16,51,230-->`):
    due on `due`, after an interval of `interval` days, with ease factor `ease` (2.3 = 230%)."""

    due: date
    interval: int
    ease: float


@dataclass(frozen=True, kw_only=True)
class ImportBatch:
    """What an importer read from one file, for the collection to sync in one transaction.

    `reviews` and `suspended` refer to card ids of the notes in `decks`; a collection replays
    the reviews through FSRS to compute each card's state, and skips reviews it already has.
    """

    origin: str
    decks: tuple[Deck, ...]
    reviews: tuple[Review, ...] = ()
    suspended: frozenset[str] = frozenset()
    # Names of media files the importer stored in the collection's media folder.
    media: tuple[str, ...] = ()
    # Items the importer skipped, one sentence each, naming the file (and line when known).
    warnings: tuple[str, ...] = ()
    # note_id -> when the note last changed where it came from (Anki's note mod time). The
    # collection keeps it as the note's `modified`, so a later export does not look newer
    # than an edit made in Anki after this file was written, and does not overwrite it.
    modified: Mapping[str, datetime] = field(default_factory=dict)
    # card_id -> Anki's flag (1-7) and the note ids Anki marked. Like `suspended`, they are
    # given to cards and notes new to the collection; a re-import keeps the collection's own.
    flags: Mapping[str, int] = field(default_factory=dict)
    marked: frozenset[str] = frozenset()
    # card_id -> progress from a scheduler that keeps no review log. A card new to the
    # collection, with no reviews in the batch, starts from it (Scheduler.from_sm2).
    progress: Mapping[str, Sm2Progress] = field(default_factory=dict)
    # Review-log entries that are not answers (a reset to new, a reschedule), logged with
    # the answers; a reset starts the replayed memory state again.
    events: tuple[HistoryEvent, ...] = ()
    # card_id -> the schedule another app gave it, kept instead of the replayed one for a
    # card new to the collection (and for one whose latest answer this batch brings).
    kept: Mapping[str, KeptSchedule] = field(default_factory=dict)
    # Presets the batch brings (name -> options) and the preset each of its decks uses; a
    # deck still on the Default preset takes its own, an existing preset is left as it is.
    presets: Mapping[str, Options] = field(default_factory=dict)
    deck_presets: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class CardRecord:
    """One card with everything an export needs: state, flags and history."""

    ord: int
    schedule: Schedule
    suspended: bool = False
    buried: bool = False
    flag: int = 0
    desired_retention: float = 0.9
    history: tuple[LoggedReview, ...] = ()


@dataclass(frozen=True, kw_only=True)
class NoteRecord:
    """A note as the collection holds it, for exporters. `modified` is the last time its
    content changed (UTC): Anki updates an imported note only if this is newer."""

    note: Note
    cards: tuple[CardRecord, ...]
    modified: datetime
    marked: bool = False
