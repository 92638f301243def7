"""One read note → one Deck of term notes and figure notes, in the order the note meets them."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from studycards.cards import figure_twin_id, masked
from studycards.extract.figurenotes import TRAILING, figure_notes
from studycards.extract.markdown import Paragraph, paragraphs
from studycards.extract.notevalues import built_note, built_source
from studycards.extract.terms import GLOSSED_TERM, Gloss, clean_term, is_reference, parse_gloss
from studycards.model import Deck, Note, NoteType, Source, note_id_hasher
from studycards.notes import NoteText

# Links keep their text; bare URLs go (a number in a URL is not a fact); emphasis markers go.
# Each pattern runs only when a cheap substring test says it can match.
# Brackets and parentheses are excluded inside, so a run of `[` or `(` is scanned once.
_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\n]*\)")
_URL = re.compile(r"<?https?://[^\s）)>]+>?")
_SINGLE_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])|(?<=[^\s*])\*(?![\w*])")


def _clean_inline(text: str) -> str:
    # One-character tests first: they are plain scans, cheaper than looking for the pairs.
    star = "*" in text
    if star and "**" in text:
        text = text.replace("**", "")
    if "_" in text and "__" in text:
        text = text.replace("__", "")
    if "`" in text:
        text = text.replace("`", "")
    if "]" in text and "](" in text:
        text = _LINK.sub(r"\1", text)
    if ":" in text and "://" in text:
        text = _URL.sub("", text)
    if star and "*" in text:
        text = _SINGLE_STAR.sub("", text)
    return text


def deck_name(meta: dict[str, Any], path: str) -> str:
    title = meta.get("title")
    if isinstance(title, str | int | float) and not isinstance(title, bool) and str(title).strip():
        return " ".join(str(title).split())
    return PurePath(path).stem or "notes"


def deck_tags(meta: dict[str, Any]) -> tuple[str, ...]:
    """Front-matter tags as Anki tags: a list or a comma/space separated string, no spaces."""
    raw = meta.get("tags")
    if isinstance(raw, str):
        items: list[Any] = re.split(r"[,\s]+", raw)
    elif isinstance(raw, list):
        items = raw
    else:
        return ()
    tags: dict[str, None] = {}
    for item in items:
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            tag = "-".join(str(item).split()).lstrip("#")
            if tag:
                tags[tag] = None
    return tuple(tags)


class _Collector:
    """Accumulates a deck's notes, one per identity, first occurrence first."""

    def __init__(self, deck: str, tags: tuple[str, ...], path: str) -> None:
        self.deck, self.tags, self.path = deck, tags, path
        self.term_id = note_id_hasher(NoteType.TERM)
        self.figure_id = note_id_hasher(NoteType.FIGURE)
        self.notes: dict[str, Note] = {}
        self.glosses: dict[str, Gloss] = {}

    def term(self, term: str, gloss: Gloss, source: Source) -> None:
        note_id = self.term_id(term)
        known = self.notes.get(note_id)
        if known is not None:
            # Later occurrences only fill in what the first gloss left out.
            old = self.glosses[note_id]
            merged = Gloss(
                old.english or gloss.english,
                old.abbr or gloss.abbr,
                old.definition or gloss.definition,
            )
            if merged != old:
                self.glosses[note_id] = merged
                self.notes[note_id] = self._term_note(note_id, known["term"], merged, known.source)
            return
        self.glosses[note_id] = gloss
        self.notes[note_id] = self._term_note(note_id, term, gloss, source)

    def _term_note(self, note_id: str, term: str, gloss: Gloss, source: Source) -> Note:
        fields = {
            "term": term,
            "english": gloss.english,
            "abbr": gloss.abbr,
            "definition": gloss.definition,
        }
        return built_note(note_id, NoteType.TERM, self.deck, fields, self.tags, source)

    def figure(self, text: str, context: str, source: Source) -> None:
        note_id = self.figure_id(masked(text))
        known = self.notes.get(note_id)
        if known is not None:
            if known["text"] == text:
                return  # the same clause again
            note_id = figure_twin_id(text)  # another clause, differing in its figures
            if note_id in self.notes:
                return
        # The context only earns its place on the card if it says more than the text.
        same = context.rstrip(TRAILING) == text
        fields = {"text": text, "context": "" if same else context}
        self.notes[note_id] = built_note(
            note_id, NoteType.FIGURE, self.deck, fields, self.tags, source
        )


def _figures(paragraph: Paragraph, text: str, collector: _Collector) -> None:
    notes = figure_notes(text, line=paragraph.line, heading=paragraph.heading, path=collector.path)
    for question, context, source in notes:
        collector.figure(question, context, source)


def extract_deck(note: NoteText) -> Deck:
    """The deck of `note`: its glossary terms and key-figure sentences, deduplicated by id."""
    meta = note.meta
    name = deck_name(meta, note.path)
    tags = deck_tags(meta)
    collector = _Collector(name, tags, note.path)
    seen: set[tuple[str, str]] = set()
    for paragraph in paragraphs(note.body, note.body_line):
        raw = paragraph.text
        if "**" not in raw:
            _figures(paragraph, _clean_inline(raw), collector)
            continue
        # One pass finds the terms and cuts their glosses out of the text the figures see.
        pieces: list[str] = []
        pos = 0
        for match in GLOSSED_TERM.finditer(raw):
            bold, gloss_text = match.group(1), match.group(2)
            pieces.append(raw[pos : match.start()])
            pieces.append(bold)
            pos = match.end()
            if (bold, gloss_text) in seen:
                continue  # the same annotation again adds nothing
            seen.add((bold, gloss_text))
            term = clean_term(bold)
            if term and not is_reference(term, gloss_text):
                line = paragraph.line + raw.count("\n", 0, match.start())
                gloss = parse_gloss(term, gloss_text)
                collector.term(term, gloss, built_source(note.path, line, paragraph.heading))
        pieces.append(raw[pos:])
        _figures(paragraph, _clean_inline("".join(pieces)), collector)
    rest = {key: value for key, value in meta.items() if key not in ("title", "tags")}
    return Deck(
        name=name, notes=tuple(collector.notes.values()), tags=tags, path=note.path, meta=rest
    )
