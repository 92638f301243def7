"""The deck-file reader: a line-by-line parser that names `PATH:LINE` for every problem."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from studycards.errors import DeckFileError, NoteError
from studycards.model import (
    NOTE_FIELDS,
    Deck,
    Note,
    NoteType,
    Source,
    is_valid_explicit_id,
)
from studycards.notes.cards import cloze_numbers, note_id_of
from studycards.notes.reading import front_matter

_NOTE = re.compile(r"###[ \t]+(\S+)(?:[ \t]+(\S+))?[ \t]*$")
_SECTION = re.compile(r"##(?:[ \t]+(.*))?$")
_TITLE = re.compile(r"#[ \t]+(.+)$")
_FIELD = re.compile(r"(?:[-*][ \t]+)?([A-Za-z_]+)[ \t]*:(?:[ \t]?(.*))?$")
_SOURCE = re.compile(r"(.*):(\d+)$")
_EXTRA_FIELDS = ("source", "tags", "reversed", "guid")
_YES = {
    "yes": True,
    "true": True,
    "on": True,
    "1": True,
    "no": False,
    "false": False,
    "off": False,
    "0": False,
}


def canonical_value(value: str) -> str:
    """A field value as a deck file keeps it: no trailing spaces on lines, none around it."""
    if "\n" in value:
        value = "\n".join(line.rstrip() for line in value.split("\n"))
    return value.strip()


@dataclass
class _Draft:
    type: NoteType
    explicit_id: str
    line: int
    heading: str
    fields: dict[str, str] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)


class DeckParser:
    """Parses one deck file's text; `parse()` returns the Deck or raises DeckFileError."""

    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self.lines = text.split("\n")
        self.meta: dict[str, Any] = {}
        self.title = ""
        self.body_start = 0
        self.drafts: list[_Draft] = []

    def _error(self, message: str, line: int) -> DeckFileError:
        return DeckFileError(message, path=self.path, line=line)

    def _front_matter(self) -> None:
        text = "\n".join(self.lines).removeprefix("\ufeff")
        try:
            split = front_matter(text, self.path)
            self.meta = split.read(self.path)
        except NoteError as error:
            raise self._error(error.message, error.line or 1) from None
        self.body_start = split.body_line - 1

    def parse(self) -> Deck:
        self._front_matter()
        heading = ""
        draft: _Draft | None = None
        current: str | None = None  # the field that indented lines continue
        blanks = 0
        in_comment = False
        for index in range(self.body_start, len(self.lines)):
            number = index + 1
            line = self.lines[index]
            if in_comment:
                in_comment = "-->" not in line
                continue
            if not line.strip():
                blanks += 1
                continue
            if current is not None and draft is not None and line[:1] in (" ", "\t"):
                body = line[2:] if line.startswith("  ") else line[1:]
                draft.fields[current] += "\n" * (blanks + 1) + body
                blanks = 0
                continue
            blanks = 0
            current = None
            stripped = line.strip()
            if stripped.startswith("<!--"):
                in_comment = "-->" not in stripped
                continue
            if line.startswith("###"):
                draft = self._start_note(line, number, heading)
                continue
            section = _SECTION.match(line)
            if section:
                heading = (section.group(1) or "").strip()
                continue
            title = _TITLE.match(line)
            if title:
                self.title = self.title or title.group(1).strip()
                continue
            match = _FIELD.match(stripped)
            if match is None or draft is None:
                if draft is None:
                    raise self._error(
                        "text outside a note; start each note with a line like `### term`", number
                    )
                raise self._error(
                    "expected `- field: value` (or a value line indented by two spaces)", number
                )
            current = self._add_field(draft, match.group(1), match.group(2) or "", number)
        return self._deck()

    def _start_note(self, line: str, number: int, heading: str) -> _Draft:
        match = _NOTE.match(line)
        # An Anki note rendered from its own templates lives in the collection only.
        kinds = ", ".join(t.value for t in NOTE_FIELDS)
        if match is None:
            raise self._error(f"a note starts with `### TYPE [ID]`, TYPE one of {kinds}", number)
        try:
            note_type = NoteType(match.group(1).lower())
            if note_type not in NOTE_FIELDS:
                raise ValueError(note_type)
        except ValueError:
            raise self._error(
                f"unknown note type `{match.group(1)}`; use one of {kinds}", number
            ) from None
        explicit = match.group(2) or ""
        if explicit and not is_valid_explicit_id(explicit):
            raise self._error(
                f"note id `{explicit}` must be 1-64 letters, digits or `_.:-`", number
            )
        draft = _Draft(note_type, explicit, number, heading)
        self.drafts.append(draft)
        return draft

    def _add_field(self, draft: _Draft, name: str, value: str, number: int) -> str:
        name = name.lower()
        allowed = (*NOTE_FIELDS[draft.type], *_EXTRA_FIELDS)
        if name not in allowed:
            raise self._error(
                f"`{name}` is not a field of a {draft.type} note (fields: {', '.join(allowed)})",
                number,
            )
        if name in draft.fields:
            raise self._error(
                f"`{name}` appears twice in this note (first on line {draft.field_lines[name]})",
                number,
            )
        draft.fields[name] = value
        draft.field_lines[name] = number
        return name

    def _deck_name(self) -> str:
        for key in ("deck", "title"):
            value = self.meta.get(key)
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                name = str(value).strip()
                if "\n" in name or "\t" in name:
                    name = " ".join(name.split())  # a deck name is one line
                if name:
                    return name
        return self.title or PurePath(self.path).stem or "deck"

    def _tags(self, value: Any, line: int) -> tuple[str, ...]:
        if value is None:
            return ()
        items = value.split() if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(t, str | int) for t in items):
            raise self._error("`tags` must be a list of words", line)
        return tuple(dict.fromkeys(str(t) for t in items if str(t)))

    def _deck(self) -> Deck:
        name = self._deck_name()
        tags = self._tags(self.meta.get("tags"), 1)
        source = self.meta.get("source")
        deck_path = str(source) if isinstance(source, str) and source else self.path
        meta = self.meta.get("meta")
        if meta is not None and not isinstance(meta, dict):
            raise self._error("`meta` must be `key: value` pairs", 1)
        notes: list[Note] = []
        seen: dict[str, int] = {}
        for draft in self.drafts:
            note = self._note(draft, name, tags)
            if note.note_id in seen:
                raise self._error(
                    f"note id {note.note_id} is already used by the note on line {seen[note.note_id]}",
                    draft.line,
                )
            seen[note.note_id] = draft.line
            notes.append(note)
        return Deck(name=name, notes=tuple(notes), tags=tags, path=deck_path, meta=meta or {})

    def _note(self, draft: _Draft, deck: str, deck_tags: tuple[str, ...]) -> Note:
        values = {name: canonical_value(value) for name, value in draft.fields.items()}
        fields = {name: values.get(name, "") for name in NOTE_FIELDS[draft.type]}
        self._check(draft, fields)
        note_id = draft.explicit_id or note_id_of(draft.type, fields)
        tags = deck_tags
        if "tags" in values:
            tags = self._tags(values["tags"], draft.field_lines["tags"])
        reversed_ = False
        if "reversed" in values:
            if values["reversed"].lower() not in _YES:
                raise self._error("`reversed` must be yes or no", draft.field_lines["reversed"])
            reversed_ = _YES[values["reversed"].lower()]
        return Note(
            note_id=note_id,
            type=draft.type,
            deck=deck,
            fields=fields,
            tags=tags,
            source=self._source(values.get("source", ""), draft),
            reversed=reversed_,
            guid=values.get("guid", ""),
        )

    def _source(self, value: str, draft: _Draft) -> Source:
        if not value:
            return Source(self.path, draft.line, draft.heading)
        match = _SOURCE.match(value)
        if match:
            return Source(match.group(1), int(match.group(2)), draft.heading)
        return Source(value, 0, draft.heading)

    def _check(self, draft: _Draft, fields: dict[str, str]) -> None:
        need = {
            NoteType.TERM: ("term",),
            NoteType.FIGURE: ("text",),
            NoteType.BASIC: ("question", "answer"),
            NoteType.CLOZE: ("text",),
        }[draft.type]
        for name in need:
            if not fields[name]:
                raise self._error(f"this {draft.type} note has no `{name}`", draft.line)
        if draft.type in (NoteType.FIGURE, NoteType.CLOZE) and not cloze_numbers(fields["text"]):
            raise self._error(
                "the text hides nothing; mark the hidden part as {{c1::hidden}}",
                draft.field_lines.get("text", draft.line),
            )
