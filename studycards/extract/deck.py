"""One read note → one Deck of term notes and figure notes, in the order the note meets them."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from studycards.cards import CLOZE_MARKER, strip_cloze
from studycards.extract.figures import find_figures
from studycards.extract.markdown import Paragraph, paragraphs
from studycards.extract.sentences import clause_ends, clause_starts, sentences
from studycards.extract.terms import GLOSSED_TERM, Gloss, clean_term, is_reference, parse_gloss
from studycards.model import Deck, Note, NoteType, Source, note_id_for
from studycards.notes import NoteText

# Links keep their text; bare URLs go (a number in a URL is not a fact); emphasis markers go.
# Each pattern runs only when a cheap substring test says it can match.
# Brackets and parentheses are excluded inside, so a run of `[` or `(` is scanned once.
_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\n]*\)")
_URL = re.compile(r"<?https?://[^\s）)>]+>?")
_SINGLE_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])|(?<=[^\s*])\*(?![\w*])")


def _clean_inline(text: str) -> str:
    if "**" in text:
        text = text.replace("**", "")
    if "__" in text:
        text = text.replace("__", "")
    if "`" in text:
        text = text.replace("`", "")
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if "://" in text:
        text = _URL.sub("", text)
    if "*" in text:
        text = _SINGLE_STAR.sub("", text)
    return text


# A sentence that opens with a bare demonstrative and a copula ("这是一种非常独特的20年时期",
# "It was a 20-year period") says nothing on its own about what its first clause measures.
_DEMONSTRATIVE = re.compile(
    r"(?:这|那|此|它)(?:就|只|真|也|又|还|便)?是|(?:This|That|It|These|Those) (?:is|was|are|were)\b"
)
# "纵观世界历史，例如第二次世界大战，…": the framing clause says nothing the example does not.
_FRAMING = re.compile(r"(?:纵观|回顾|综观|放眼|纵览)[^，,。]{0,24}[，,]\s*(?=例如|比如|譬如)")
# A sentence whose subject is a pronoun ("因此，他们获得…", "这将需要…", "They lost …").
_PRONOUN = re.compile(
    r"(?:(?:因此|所以|但是|但|而且|而|同时|于是)[，,]?)?(?:他们|她们|它们|他|她|它|这|那|此)"
    r"|(?:So,? |But |And |Thus,? )?(?:They|He|She|It|Their|His|Her|Its|This|That|These|Those)\b"
)
# A previous sentence longer than this is too long to lead a card; the pronoun stays alone.
MAX_LEAD = 60
_NEWLINE = re.compile(r"[ \t]*\n[ \t]*")
# Punctuation a clause cut from its sentence should not end with.
_TRAILING = " \t\n，,；;：:、。！？!?."
_ASCII_WORD_END = re.compile(r"[A-Za-z0-9,.;:!?)\]'\"%]")
# Longer than this, a figure's text starts one clause before the figure instead of at the
# sentence start: a card is read at a glance.
MAX_FIGURE_TEXT = 90
# A figure card needs this much text besides the figure to ask about anything.
_MIN_CONTEXT = 4


def _join_lines(text: str) -> str:
    """Paragraph lines joined: with a space between Latin words, directly between CJK."""
    if "\n" not in text:
        return text

    def repl(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        return " " if _ASCII_WORD_END.match(before) or _ASCII_WORD_END.match(after) else ""

    return _NEWLINE.sub(repl, text)


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
        self.notes: dict[str, Note] = {}
        self.glosses: dict[str, Gloss] = {}

    def term(self, term: str, gloss: Gloss, source: Source) -> None:
        note_id = note_id_for(NoteType.TERM, self.deck, term)
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
        note_id = note_id_for(NoteType.FIGURE, self.deck, strip_cloze(text))
        if note_id not in self.notes:
            # The context only earns its place on the card if it says more than the text.
            same = context.rstrip(_TRAILING) == text
            fields = {"text": text, "context": "" if same else context}
            self.notes[note_id] = Note(
                note_id, NoteType.FIGURE, self.deck, fields, self.tags, source
            )


def _marked(
    text: str, start: int, end: int, figures: list[tuple[int, int]], numbers: dict[str, int]
) -> str:
    pieces: list[str] = []
    pos = start
    for fig_start, fig_end in figures:
        if fig_start < start or fig_end > end:
            continue
        figure = text[fig_start:fig_end]
        number = numbers.setdefault(figure, len(numbers) + 1)
        pieces.append(text[pos:fig_start])
        pieces.append(f"{{{{c{number}::{figure}}}}}")
        pos = fig_end
    pieces.append(text[pos:end])
    return _join_lines("".join(pieces)).strip()


def _words(text: str, start: int, end: int, figures: list[tuple[int, int]]) -> int:
    """About how many characters of text[start:end] are neither spaces nor figures."""
    inside = sum(min(e, end) - max(s, start) for s, e in figures if s < end and e > start)
    part = text[start:end]
    return len(part) - part.count(" ") - inside


def _figure_span(
    text: str, start: int, end: int, figures: list[tuple[int, int]]
) -> tuple[int, int]:
    """The part of sentence [start, end) a figure card asks: up to the last figure's clause,
    or further while that leaves too little to say what the figure is about (`未来五年，…`)."""
    last = figures[-1][1]
    breaks = clause_starts(text, start, end)  # [start, after each clause break…]
    ends = [x for x in breaks[1:] if x >= last]
    ends.append(end)
    clause_end = ends[0]
    for later in ends[1:]:
        if _words(text, start, clause_end, figures) >= _MIN_CONTEXT * 2:
            break
        clause_end = later
    if clause_end - start <= MAX_FIGURE_TEXT:
        return start, clause_end
    first_clause = max(i for i, x in enumerate(breaks) if x <= figures[0][0])
    return breaks[max(first_clause - 1, 0)], clause_end


def _lead(text: str, previous: tuple[int, int] | None, span_start: int) -> str:
    """The previous sentence, when this one opens with a pronoun that only it explains
    ("他们拥有…约20-30年的技术领先优势" after the sentence naming the coalition)."""
    if previous is None or not _PRONOUN.match(text, span_start):
        return ""
    lead = _join_lines(text[previous[0] : previous[1]]).strip()
    framing = _FRAMING.match(lead)
    if framing:
        lead = lead[framing.end() :]
    return lead if len(lead) <= MAX_LEAD else ""


def _figures_in(paragraph: Paragraph, text: str, collector: _Collector) -> None:
    every = find_figures(text)
    if not every:
        return  # most paragraphs: no sentence splitting needed
    previous: tuple[int, int] | None = None
    first = 0
    for start, end in sentences(text):
        sentence, previous = previous, (start, end)
        while first < len(every) and every[first][0] < start:
            first += 1
        last = first
        while last < len(every) and every[last][1] <= end:
            last += 1
        if last == first:
            continue
        figures = every[first:last]
        if _DEMONSTRATIVE.match(text, start):
            first_clause_end = clause_ends(text, start, end)[0]
            figures = [f for f in figures if f[0] >= first_clause_end]
            if not figures:
                continue
        span_start, span_end = _figure_span(text, start, end, figures)
        framing = _FRAMING.match(text, span_start)
        if framing and framing.end() <= figures[0][0]:
            span_start = framing.end()
        if _words(text, span_start, span_end, figures) < _MIN_CONTEXT:
            continue
        numbers: dict[str, int] = {}
        question = _marked(text, span_start, span_end, figures, numbers).rstrip(_TRAILING)
        unmarked = CLOZE_MARKER.sub("", question)
        if any(figure in unmarked for figure in numbers):
            continue  # the figure also stands unmarked in its clause ("1.2 … 1.2"): no fair card
        context = _marked(text, start, end, figures, numbers)
        lead = _lead(text, sentence, span_start)
        if any(figure in lead for figure in numbers):
            lead = ""  # it would show the hidden figure on the question side
        if lead:
            joiner = " " if _ASCII_WORD_END.match(lead[-1]) else ""
            question, context = lead + joiner + question, lead + joiner + context
        line = paragraph.line + text.count("\n", 0, start)
        collector.figure(question, context, Source(collector.path, line, paragraph.heading))


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
            _figures_in(paragraph, _clean_inline(raw), collector)
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
                collector.term(term, gloss, Source(note.path, line, paragraph.heading))
        pieces.append(raw[pos:])
        _figures_in(paragraph, _clean_inline("".join(pieces)), collector)
    rest = {key: value for key, value in meta.items() if key not in ("title", "tags")}
    return Deck(
        name=name, notes=tuple(collector.notes.values()), tags=tags, path=note.path, meta=rest
    )
