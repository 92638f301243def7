"""One read note → one Deck of term notes and figure notes, in the order the note meets them."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from pathlib import PurePath
from typing import Any

from studycards.cards import figure_twin_id, masked
from studycards.deck_names import normalized
from studycards.errors import NoteError
from studycards.extract.figurenotes import (
    TRAILING,
    FigureBlock,
    Spot,
    figure_notes,
    figure_spots,
    heading_spots,
    label_end,
    link_titles,
)
from studycards.extract.figurepick import KEY_FIGURES, FigurePolicy, figure_policy, pick
from studycards.extract.markdown import Block, BlockKind, Mark, read_body
from studycards.extract.terms import Gloss, clean_term, gloss_after, is_reference, parse_gloss
from studycards.model import Deck, Note, NoteType, Source, note_id_hasher
from studycards.notes import NoteText

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
        term = clean_term(bold)
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


def _terms(
    block: Block, collector: _Collector, seen: set[tuple[str, str]]
) -> list[tuple[int, int]]:
    """Read the glossary annotations of `block` into `collector`; the glosses' stretches
    (parentheses and the space before them), which the figures do not see."""
    text = block.text
    code = block.marked(Mark.CODE)
    urls = block.marked(Mark.URL)
    cuts: list[tuple[int, int]] = []
    for start, end in block.marked(Mark.STRONG):
        found = gloss_after(text, end)
        if found is None:
            continue
        gloss_start, gloss_end = found
        cuts.append((end, gloss_end + 1))
        bold, gloss_text = text[start:end], text[gloss_start:gloss_end]
        if (bold, gloss_text) in seen:
            continue  # the same annotation again adds nothing
        seen.add((bold, gloss_text))
        term = clean_term(bold)
        if (
            not term
            or _overlaps(code, start, gloss_end)
            or any(gloss_start <= s <= gloss_end for s, _ in urls)
            or is_reference(term, gloss_text)
        ):
            continue  # a label with code or a citation after it, not a term
        gloss = parse_gloss(term, gloss_text)
        source = Source(collector.path, block.line_at(start), block.heading)
        collector.term(term, gloss, source)
    return cuts


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


def extract_deck(note: NoteText, *, figures: FigurePolicy = KEY_FIGURES) -> Deck:
    """The deck of `note`: its glossary terms and key-figure sentences, deduplicated by id.
    `figures` is how many figures a note keeps unless its front matter says."""
    meta = note.meta
    name = deck_name(meta, note.path)
    tags = deck_tags(meta)
    policy = note_figure_policy(note, figures)
    collector = _Collector(name, tags, note.path)
    seen: set[tuple[str, str]] = set()
    blocks: list[tuple[FigureBlock, list[Spot]]] = []
    for index, block in enumerate(read_body(note.body, note.body_line)):
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
        cuts = _terms(block, collector, seen) if block.spans else []
        figure_block = _figure_block(block, cuts, partial(_names_term, collector, block.text))
        blocks.append((figure_block, figure_spots(figure_block, index)))
    _figures(blocks, collector, policy)
    # Figures are read once the whole note is seen; in the deck, each note stands where the
    # note met it (a stable sort keeps a paragraph's terms before its figures).
    notes = sorted(collector.notes.values(), key=lambda n: n.source.line)
    rest = {key: value for key, value in meta.items() if key not in ("title", "tags")}
    if not _named_deck(meta):
        # Only a usable `deck:` stays: deck_names.in_folder reads it as the note's choice.
        rest.pop("deck", None)
    return Deck(name=name, notes=tuple(notes), tags=tags, path=note.path, meta=rest)
