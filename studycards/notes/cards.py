"""From a note to its cards: cloze markers, the question and answer sides, the card JSON.

The sides are built as segments with a role, so a UI can highlight the blank or the hidden
answer without parsing text; `front`/`back` are the same segments joined as plain text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from studycards.model import (
    Card,
    CardKind,
    Note,
    NoteType,
    anki_sides,
    card_id_for,
    note_id_for,
)
from studycards.text import normalize_key

BLANK = "[…]"

# Marks in the rendered sides of an ANKI note's cloze card (private-use characters, never in
# note text: the renderer removes them from fields first): the hidden part on the question
# and the revealed part on the answer, each up to END_MARK.
BLANK_MARK = "\ue001"
ANSWER_MARK = "\ue002"
END_MARK = "\ue003"
CARD_MARKS = re.compile("[\ue001-\ue003]")
_MARKED = re.compile("([\ue001\ue002])(.*?)\ue003", re.DOTALL)

# {{c1::hidden}} or {{c1::hidden::hint}}. Hidden text may hold braces that pair up, two deep
# (`{{c1::x^{2}}}` hides `x^{2}`, as math and code need), and no `}}` or `{{cN::` of its own. Anki reads
# the first `}}` as the end; the exporter writes braces inside a deletion as entities, so
# Anki shows the same text (cloze_html).
_HIDDEN = r"(?:(?!\{\{c\d+::)(?:\{(?:[^{}]|\{[^{}]*\})*\}|[^{}]|\}(?!\})|\{))*?"
CLOZE_MARKER = re.compile(rf"\{{\{{c(\d+)::({_HIDDEN})(?:::((?:(?!\}}\}}).)*))?\}}\}}", re.DOTALL)


class Role(StrEnum):
    TEXT = "text"  # plain text
    BLANK = "blank"  # the hidden part, on the question side
    ANSWER = "answer"  # the hidden part revealed, on the answer side
    TERM = "term"  # the term itself, shown large


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    role: Role = Role.TEXT


@dataclass(frozen=True, slots=True)
class Faces:
    """What a card shows: the question, then the answer."""

    question: tuple[Segment, ...]
    answer: tuple[Segment, ...]


def cloze_numbers(text: str) -> list[int]:
    """The distinct deletion numbers in `text`, ascending (c1 → 1)."""
    return sorted({int(m.group(1)) for m in CLOZE_MARKER.finditer(text) if int(m.group(1)) > 0})


def strip_cloze(text: str) -> str:
    """`text` with every marker replaced by its hidden text."""
    return CLOZE_MARKER.sub(lambda m: m.group(2), text)


def cloze_marker(number: int, hidden: str) -> str | None:
    """`{{cN::hidden}}`, or None when the marker could not say where `hidden` ends (it holds
    `::` or a `}}` that does not close a pair of braces)."""
    marker = f"{{{{c{number}::{hidden}}}}}"
    # Read as it will be read in its text: from the start, ending where the pattern ends.
    found = CLOZE_MARKER.match(marker)
    if found is None or found.end() != len(marker) or found.group(2) != hidden:
        return None
    return marker


def cloze_html(marked_html: str) -> str:
    """Deletion markers in field HTML with the braces of their hidden text and hint written
    as entities, so that Anki, which ends a deletion at its first `}}`, reads them whole."""

    def escape(match: re.Match[str]) -> str:
        hidden, hint = (_brace_entities(g) if g else g for g in match.group(2, 3))
        return f"{{{{c{match.group(1)}::{hidden}{'::' + hint if hint else ''}}}}}"

    return CLOZE_MARKER.sub(escape, marked_html)


def _brace_entities(text: str) -> str:
    return text.replace("{", "&#123;").replace("}", "&#125;")


# What stands for a hidden figure in a figure note's identity: one fixed character for every
# `{{cN::…}}`, whatever it hides or is numbered. SUB is no printable text and no whitespace,
# so no clause can hold it and normalize_key keeps it.
FIGURE_MASK = "\x1a"


def masked(text: str) -> str:
    """`text` with every marker replaced by FIGURE_MASK: a figure clause's identity."""
    return CLOZE_MARKER.sub(FIGURE_MASK, text)


def identity_key(note_type: NoteType, fields: Mapping[str, str]) -> str:
    """The text that identifies a note (model.note_id_for hashes it): the term, the question,
    a cloze's text without its markers, or a figure clause with its figures masked, so that
    correcting a figure keeps the note and its sibling cards keep their history."""
    if note_type is NoteType.TERM:
        return fields["term"]
    if note_type is NoteType.BASIC:
        return fields["question"]
    if note_type is NoteType.FIGURE:
        return masked(fields["text"])
    return strip_cloze(fields["text"])


def note_id_of(note_type: NoteType, fields: Mapping[str, str]) -> str:
    """The derived id of a note with these fields (an explicit id in a deck file wins)."""
    return note_id_for(note_type, identity_key(note_type, fields))


def figure_twin_id(text: str) -> str:
    """The id of a figure clause `text` whose masked id another clause has, one that differs
    only in its figures ("sold 5,000 tractors", "sold 7,000 tractors"): its figures tell it
    apart, so neither fact is lost."""
    return note_id_for(NoteType.FIGURE, strip_cloze(text))


def _cloze_segments(text: str, number: int, *, reveal: bool) -> list[Segment]:
    segments: list[Segment] = []
    pos = 0
    for m in CLOZE_MARKER.finditer(text):
        if m.start() > pos:
            segments.append(Segment(text[pos : m.start()]))
        if int(m.group(1)) != number:
            segments.append(Segment(m.group(2)))
        elif reveal:
            segments.append(Segment(m.group(2), Role.ANSWER))
        else:
            hint = m.group(3)
            segments.append(Segment(f"[{hint}]" if hint else BLANK, Role.BLANK))
        pos = m.end()
    if pos < len(text):
        segments.append(Segment(text[pos:]))
    return segments


def _hidden(text: str, number: int) -> str:
    return " … ".join(m.group(2) for m in CLOZE_MARKER.finditer(text) if int(m.group(1)) == number)


def plain(segments: tuple[Segment, ...] | list[Segment]) -> str:
    """Segments as one string; a revealed answer is marked with brackets."""
    return "".join(f"[{s.text}]" if s.role is Role.ANSWER else s.text for s in segments)


def term_gloss(note: Note) -> str:
    """The back of a term card: `English (ABBR)` on one line, the definition on the next."""
    english, abbr, definition = note["english"], note["abbr"], note["definition"]
    name = f"{english} ({abbr})" if english and abbr else english or abbr
    return "\n".join(part for part in (name, definition) if part)


def reverse_gives_away(note: Note) -> bool:
    """Whether a term's reverse card would show the term in its question: an expansion that
    contains it (`GPT` → `GPT-4 family`), a definition that names it. Its term card stays."""
    term = normalize_key(note["term"])
    if not term:
        return False
    gloss = normalize_key(term_gloss(note))
    # Most glosses do not hold the term at all; only one that does is searched with a pattern
    # made for the term (compiled anew for each, too costly for every term of every build).
    if term not in gloss:
        return False
    # A Latin term counts as a whole word (`AI` is not in `said`); CJK has no word breaks.
    edge = r"(?<![a-z0-9])" if term[0].isascii() else ""
    end = r"(?![a-z0-9])" if term[-1].isascii() else ""
    return re.search(edge + re.escape(term) + end, gloss) is not None


def card_ords(note: Note) -> list[int]:
    """The ordinals of the cards a note yields (Anki's: template index, or cloze number - 1)."""
    if note.type is NoteType.TERM:
        return [0] if reverse_gives_away(note) else [0, 1]
    if note.type is NoteType.BASIC:
        return [0, 1] if note.reversed else [0]
    if note.type is NoteType.ANKI:
        return list(anki_sides(note.fields))
    return [n - 1 for n in cloze_numbers(note["text"])]


def marked_segments(text: str) -> list[Segment]:
    """An ANKI card side as segments: its marked cloze parts as the blank or the answer."""
    segments: list[Segment] = []
    pos = 0
    for match in _MARKED.finditer(text):
        if match.start() > pos:
            segments.append(Segment(text[pos : match.start()]))
        role = Role.BLANK if match.group(1) == BLANK_MARK else Role.ANSWER
        segments.append(Segment(CARD_MARKS.sub("", match.group(2)), role))
        pos = match.end()
    if pos < len(text):
        segments.append(Segment(CARD_MARKS.sub("", text[pos:])))
    return segments


def _anki_side(note: Note, ord_: int) -> tuple[str, str]:
    return note.fields.get(f"{ord_} front", ""), note.fields.get(f"{ord_} back", "")


def card_kind(note: Note, ord_: int) -> CardKind:
    if note.type is NoteType.ANKI:
        return CardKind.CLOZE if BLANK_MARK in _anki_side(note, ord_)[0] else CardKind.BASIC
    if note.type is NoteType.TERM:
        return CardKind.TERM if ord_ == 0 else CardKind.REVERSE
    if note.type is NoteType.BASIC:
        return CardKind.BASIC if ord_ == 0 else CardKind.REVERSE
    return CardKind.FIGURE if note.type is NoteType.FIGURE else CardKind.CLOZE


def faces(note: Note, ord_: int) -> Faces:
    """The question and answer sides of card `ord_` of `note`."""
    if note.type is NoteType.ANKI:
        front, back = _anki_side(note, ord_)
        return Faces(tuple(marked_segments(front)), tuple(marked_segments(back)))
    if note.type is NoteType.TERM:
        term = Segment(note["term"], Role.TERM)
        gloss = Segment(term_gloss(note))
        return Faces((term,), (gloss,)) if ord_ == 0 else Faces((gloss,), (term,))
    if note.type is NoteType.BASIC:
        question, answer = Segment(note["question"]), Segment(note["answer"])
        return Faces((question,), (answer,)) if ord_ == 0 else Faces((answer,), (question,))
    number = ord_ + 1
    question_side = _cloze_segments(note["text"], number, reveal=False)
    if note.type is NoteType.FIGURE:
        context = note["context"] or note["text"]
        return Faces(tuple(question_side), tuple(_cloze_segments(context, number, reveal=True)))
    answer_side = _cloze_segments(note["text"], number, reveal=True)
    if note["extra"]:
        answer_side.append(Segment("\n\n" + note["extra"]))
    return Faces(tuple(question_side), tuple(answer_side))


def anki_faces(note: Note) -> list[tuple[int, Faces]]:
    """Every card of an ANKI note with its sides, in ordinal order."""
    return [(ord_, faces(note, ord_)) for ord_ in card_ords(note)]


def answer_of(note: Note, ord_: int) -> str:
    """The hidden text of a figure/cloze card, the main answer otherwise."""
    if note.type is NoteType.ANKI:
        back = _anki_side(note, ord_)[1]
        revealed = [
            CARD_MARKS.sub("", m.group(2))
            for m in _MARKED.finditer(back)
            if m.group(1) == ANSWER_MARK
        ]
        return " … ".join(revealed) if revealed else CARD_MARKS.sub("", back)
    if note.type is NoteType.TERM:
        if ord_ == 1:
            return note["term"]
        return note["english"] or note["abbr"] or note["definition"]
    if note.type is NoteType.BASIC:
        return note["answer"] if ord_ == 0 else note["question"]
    return _hidden(note["text"], ord_ + 1)


def card_of(note: Note, ord_: int) -> Card:
    """Card `ord_` of `note`, also for an orphaned ordinal the note no longer yields."""
    kind = card_kind(note, ord_)
    side = faces(note, ord_)
    return Card(
        card_id=card_id_for(note.note_id, ord_),
        note_id=note.note_id,
        ord=ord_,
        kind=kind,
        deck=note.deck,
        front=plain(side.question),
        back=plain(side.answer),
        answer=answer_of(note, ord_),
        tags=note.tags if str(kind) in note.tags else (*note.tags, str(kind)),
        source=note.source,
    )


def cards_of(note: Note) -> list[Card]:
    """Every card of `note`, in ordinal order. A cloze note without deletions has none."""
    return [card_of(note, ord_) for ord_ in card_ords(note)]
