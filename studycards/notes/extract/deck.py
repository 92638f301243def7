"""One read note → one Deck of term notes and figure notes, in the order the note meets them."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import PurePath
from typing import Any, NamedTuple

from studycards.errors import NoteError
from studycards.model import Deck, Note, NoteType, Source, note_id_hasher
from studycards.notes.cards import figure_twin_id, masked
from studycards.notes.deck_names import normalized
from studycards.notes.extract.figurenotes import (
    TRAILING,
    FigureBlock,
    Spot,
    figure_notes,
    figure_spots,
    heading_spots,
    label_end,
    link_titles,
)
from studycards.notes.extract.figurepick import KEY_FIGURES, FigurePolicy, figure_policy, pick
from studycards.notes.extract.glossary import defined_term, labels, read_block
from studycards.notes.extract.markdown import Block, BlockKind, Mark, read_body
from studycards.notes.extract.skips import Skip
from studycards.notes.extract.terms import Gloss, collapse_spaces
from studycards.notes.reading import NoteText
from studycards.text import normalize_key

# Blocks that are prose: headings and table cells give no cards.
_PROSE = frozenset({BlockKind.PARAGRAPH, BlockKind.TERM, BlockKind.DEFINITION, BlockKind.FOOTNOTE})


def _text(value: Any) -> str:
    """A front-matter scalar as one line of text ("" for anything else)."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return " ".join(str(value).split())
    return ""


def _named_deck(meta: dict[str, Any]) -> str:
    named = _text(meta.get("deck"))
    return named if named.strip(": ") else ""


def deck_name(meta: dict[str, Any], path: str) -> str:
    """The deck a note's cards go to: its front matter's `deck:` (a full `A::B` name, which
    also keeps a folder's tree off it, see deck_names.in_folder), else its title, else its
    file name."""
    named = _named_deck(meta)
    if named:
        return normalized(named)
    title = _text(meta.get("title"))
    if title:
        return title
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

    def is_term(self, bold: str) -> bool:
        """Whether the bold text `bold` named a glossary term of this note."""
        term = collapse_spaces(bold)
        return bool(term) and self.term_id(term) in self.notes

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
            differs = normalize_key(old.definition) != normalize_key(gloss.definition)
            if not (old.definition and gloss.definition and differs):
                return
            if source.heading == known.source.heading:
                return
            # The same word defined again, in another section and with another meaning (a
            # gene's deletion, then a chromosome's): a card of its own.
            note_id = self.term_id(f"{term} ({source.heading})")
            if note_id in self.notes:
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
        return Note(note_id, NoteType.TERM, self.deck, fields, self.tags, source)

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
        self.notes[note_id] = Note(note_id, NoteType.FIGURE, self.deck, fields, self.tags, source)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _cut(
    text: str, cuts: list[tuple[int, int]], spans: list[tuple[int, int]]
) -> tuple[str, list[tuple[int, int]]]:
    """`text` without the stretches in `cuts` (sorted, apart), and `spans` moved to match
    (those inside a cut are gone). A cut keeps its line breaks, so lines still count."""
    if not cuts:
        return text, spans
    pieces: list[str] = []
    pos = 0
    for start, end in cuts:
        pieces.append(text[pos:start])
        pieces.append("\n" * text.count("\n", start, end))
        pos = end
    pieces.append(text[pos:])

    def moved(at: int) -> int:
        return at - sum(e - s - text.count("\n", s, e) for s, e in cuts if e <= at)

    kept = [(moved(s), moved(e)) for s, e in spans if not _overlaps(cuts, s, e)]
    return "".join(pieces), kept


class Extraction(NamedTuple):
    """A note's deck, and what the builder looked at in it and did not card, with why."""

    deck: Deck
    skipped: tuple[Skip, ...] = ()


def _merged(cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(cuts):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def note_figure_policy(note: NoteText, default: FigurePolicy) -> FigurePolicy:
    """The note's front matter `figures:` (all, none, key or a number), else `default`."""
    if "figures" not in note.meta:
        return default
    try:
        return figure_policy(note.meta["figures"])
    except ValueError as error:
        raise NoteError(f"front matter: {error}", path=note.path) from None


def _names_term(collector: _Collector, text: str, span: tuple[int, int]) -> bool:
    return collector.is_term(text[span[0] : span[1]])


def _figure_block(
    block: Block, cuts: list[tuple[int, int]], is_term: Callable[[tuple[int, int]], bool]
) -> FigureBlock:
    """What the figure reader needs of a paragraph whose glosses `cuts` are cut out;
    `is_term` tells the bold stretches that named a glossary term."""
    # Numbers in code or math are no figures; the code stays on the card as written.
    verbatim = block.marked(Mark.CODE) + block.marked(Mark.MATH)
    text, verbatim = _cut(block.text, cuts, verbatim)
    bold = block.marked(Mark.STRONG)
    links = block.marked(Mark.LINK)
    # A glossary term is a name: its numbers (`**GPT-4o**（…）`, `**word 3-1**`) are no figures.
    terms = [span for span in bold if any(span[1] == cut[0] for cut in cuts) and is_term(span)]
    if cuts:
        bold, links = _cut(block.text, cuts, bold)[1], _cut(block.text, cuts, links)[1]
        terms = _cut(block.text, cuts, terms)[1]
    titles = link_titles(text, links, label_end(text, bold)) if links else ()
    return FigureBlock(
        text, block.line, block.heading, verbatim, bold, block.hidden, titles, tuple(terms)
    )


def _figures(
    blocks: list[tuple[FigureBlock, list[Spot]]],
    collector: _Collector,
    policy: FigurePolicy,
) -> list[tuple[int, str, str]]:
    """The picked figures of the note's paragraphs into `collector`; every other candidate
    as (line, figure, why not)."""
    candidates = [spot.candidate for _, spots in blocks for spot in spots]
    picked = pick(candidates, policy)
    kept = set(picked.kept)
    skipped = [(candidates[i].line, candidates[i].text, why) for i, why in picked.skipped]
    number = 0
    for block, spots in blocks:
        figures = [(spot.start, spot.end) for i, spot in enumerate(spots, number) if i in kept]
        number += len(spots)
        text = block.text
        found = figure_notes(
            text, line=block.line, heading=block.heading, path=collector.path, figures=figures
        )
        for question, context, source in found.notes:
            collector.figure(question, context, source)
        lines = {(spot.start, spot.end): spot.candidate.line for spot in spots}
        skipped += [(lines[span], text[span[0] : span[1]], why) for span, why in found.dropped]
    return sorted(skipped)


def extract_note(note: NoteText, *, figures: FigurePolicy = KEY_FIGURES) -> Extraction:
    """The deck of `note`: its glossary terms and key-figure sentences, deduplicated by id,
    with every annotation and figure candidate it did not card and why. `figures` is how
    many figures a note keeps unless its front matter says."""
    meta = note.meta
    name = deck_name(meta, note.path)
    tags = deck_tags(meta)
    policy = note_figure_policy(note, figures)
    collector = _Collector(name, tags, note.path)
    skipped: list[Skip] = []
    body = read_body(note.body, note.body_line)
    seen_labels = labels(body)
    blocks: list[tuple[FigureBlock, list[Spot]]] = []
    previous: Block | None = None
    for index, block in enumerate(body):
        if (
            block.kind is BlockKind.DEFINITION
            and previous is not None
            and previous.kind is BlockKind.TERM
        ):
            entry = defined_term(previous, block)
            for found in entry.found:
                collector.term(
                    found.term, found.gloss, Source(note.path, found.line, previous.heading)
                )
            skipped.extend(entry.skipped)
        previous = block
        reading = read_block(block, seen_labels)
        for found in reading.found:
            collector.term(found.term, found.gloss, Source(note.path, found.line, block.heading))
        skipped.extend(reading.skipped)
        if block.kind is BlockKind.HEADING:
            blocks.append(
                (
                    _figure_block(block, [], lambda span: False),
                    heading_spots(block.text, line=block.line, index=index),
                )
            )
            continue
        if block.kind not in _PROSE:
            continue
        cuts = _merged(reading.cuts)
        figure_block = _figure_block(block, cuts, partial(_names_term, collector, block.text))
        blocks.append((figure_block, figure_spots(figure_block, index)))
    skipped.extend(Skip(*dropped) for dropped in _figures(blocks, collector, policy))
    # Figures are read once the whole note is seen; in the deck, each note stands where the
    # note met it (a stable sort keeps a paragraph's terms before its figures).
    notes = sorted(collector.notes.values(), key=lambda n: n.source.line)
    rest = {key: value for key, value in meta.items() if key not in ("title", "tags")}
    if not _named_deck(meta):
        # Only a usable `deck:` stays: deck_names.in_folder reads it as the note's choice.
        rest.pop("deck", None)
    deck = Deck(name=name, notes=tuple(notes), tags=tags, path=note.path, meta=rest)
    return Extraction(deck, _collapsed(skipped))


def _collapsed(skipped: list[Skip]) -> tuple[Skip, ...]:
    """The skips in line order, each annotation once: a speaker's label that opens forty
    paragraphs is one line, at its first use, with the count."""
    first: dict[tuple[str, str], Skip] = {}
    times: Counter[tuple[str, str]] = Counter()
    for skip in sorted(skipped, key=lambda skip: skip.line):
        key = (normalize_key(skip.text), skip.reason)
        first.setdefault(key, skip)
        times[key] += 1
    return tuple(
        skip if times[key] == 1 else skip._replace(reason=f"{skip.reason} ({times[key]} times)")
        for key, skip in first.items()
    )
