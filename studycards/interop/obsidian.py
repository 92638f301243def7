"""Obsidian Spaced Repetition flashcards (st3v3nmw/obsidian-spaced-repetition, default
settings): `Q::A`, `Q:::A` (both directions), multi-line cards split by a `?` line (`??` both
directions), clozes with `==text==` or `{{c1::text}}`, decks from `#flashcards/...` tags.

The plugin's own scheduling comments (`<!--SR:!2024-08-16,51,230-->`) carry no review
history, only a due date, so they are dropped and the cards start new.
"""

from __future__ import annotations

import re
from pathlib import Path

from studycards.cards import cloze_numbers, strip_cloze
from studycards.interop.markdown_common import Block, NoteCollector, blocks, split_front_matter
from studycards.model import Deck, ImportBatch, Note, NoteType, Source

_TAG = re.compile(r"(?<![\w#/])#flashcards(?:/([\w/\-]+))?(?![\w\-])", re.UNICODE)
_FRONT_TAG = re.compile(r"(?<![\w/])flashcards(?:/([\w/\-]+))?(?![\w\-])", re.UNICODE)
_SR_COMMENT = re.compile(r"\s*<!--SR:[^>]*-->")
# ==highlight==, with text that neither starts nor ends with a space or `=`; or an inline
# code span, matched first so that `a == b == c` in code is left alone.
_HIGHLIGHT = re.compile(r"(`[^`\n]*`)|==([^=\s](?:[^\n]*?[^=\s])?)==")
_ANKI_CLOZE = re.compile(r"\{\{c\d+::")
_NOT_SEPARATOR = re.compile(r"\{\{c\d+::.*?\}\}|`[^`]*`")


def looks_like_obsidian(text: str) -> bool:
    """Whether a Markdown file holds Obsidian SR cards: the plugin only reads notes tagged
    `#flashcards` (inline or in the front matter), so neither do we."""
    front, _, body = split_front_matter(text)
    return bool(_TAG.search(body)) or any(
        line.lstrip().startswith(("tags", "-")) and _FRONT_TAG.search(line)
        for line in front.split("\n")
    )


def _deck_of(sub: str | None, fallback: str) -> str:
    return "::".join(part for part in (sub or "").split("/") if part) or fallback


def read_obsidian(path: Path, text: str) -> ImportBatch:
    front, offset, body = split_front_matter(text)
    deck = path.stem
    for line in front.split("\n"):
        match = _FRONT_TAG.search(line)
        if match and line.lstrip().startswith(("tags", "-")):
            deck = _deck_of(match.group(1), path.stem)
            break
    found = NoteCollector()
    for block in blocks(body, offset):
        deck = _read_block(path, block, deck, found)
    by_deck: dict[str, list[Note]] = {}
    for note in found.notes:
        by_deck.setdefault(note.deck, []).append(note)
    decks = tuple(Deck(name, tuple(group), path=str(path)) for name, group in by_deck.items())
    return ImportBatch(str(path), decks, warnings=tuple(found.warnings))


def _clean(text: str) -> str:
    return _TAG.sub("", _SR_COMMENT.sub("", text)).strip()


def _read_block(path: Path, block: Block, deck: str, found: NoteCollector) -> str:
    """Add the block's cards to `found`; returns the deck for the blocks that follow."""
    lines = []
    for number, line in block.lines:
        tags = list(_TAG.finditer(line))
        if tags and not _clean(line):
            deck = _deck_of(tags[-1].group(1), path.stem)  # a tag line: applies from here on
            continue
        lines.append((number, line))
    if not lines:
        return deck
    source = Source(str(path), lines[0][0], block.heading)

    def add(
        note_type: NoteType,
        key: str,
        fields: dict[str, str],
        line: int,
        own_deck: str,
        rev: bool = False,
    ) -> None:
        where = Source(str(path), line, block.heading)
        found.add(note_type, own_deck, key, fields, where, reversed_=rev)

    def card_deck(line: str) -> str:
        tag = _TAG.match(line.lstrip())
        return _deck_of(tag.group(1), path.stem) if tag else deck

    marker = next((i for i, (_, line) in enumerate(lines) if line.strip() in {"?", "??"}), None)
    if marker is not None:
        question = _clean("\n".join(line for _, line in lines[:marker]))
        answer = _clean("\n".join(line for _, line in lines[marker + 1 :]))
        both = lines[marker][1].strip() == "??"
        fields = {"question": question, "answer": answer}
        add(NoteType.BASIC, question, fields, lines[0][0], card_deck(lines[0][1]), both)
        return deck
    single = [(n, line) for n, line in lines if _single_line(line) is not None]
    if not single:
        text = _clean("\n".join(line for _, line in lines))
        cloze = _to_cloze(text)
        if cloze is not None:
            add(
                NoteType.CLOZE,
                strip_cloze(cloze),
                {"text": cloze, "extra": ""},
                source.line,
                card_deck(lines[0][1]),
            )
        return deck
    for number, line in lines:
        split = _single_line(line)
        if split is not None:
            question, answer, both = split
            fields = {"question": _clean(question), "answer": _clean(answer)}
            add(NoteType.BASIC, fields["question"], fields, number, card_deck(line), both)
        elif (cloze := _to_cloze(_clean(line))) is not None:
            add(
                NoteType.CLOZE,
                strip_cloze(cloze),
                {"text": cloze, "extra": ""},
                number,
                card_deck(line),
            )
    return deck


def _single_line(line: str) -> tuple[str, str, bool] | None:
    """(question, answer, both directions) of a `Q::A` / `Q:::A` line, else None."""
    # `::` inside a cloze or inline code (`std::vec`) is not a separator.
    masked = _NOT_SEPARATOR.sub(lambda m: "\0" * len(m.group(0)), line)
    if ":::" in masked:
        at = masked.index(":::")
        return line[:at], line[at + 3 :], True
    if "::" in masked:
        at = masked.index("::")
        return line[:at], line[at + 2 :], False
    return None


def _to_cloze(text: str) -> str | None:
    """Text with `==x==` highlights numbered as Anki deletions after any `{{cN::}}` ones."""
    counter = max(cloze_numbers(text), default=0)

    def number(match: re.Match[str]) -> str:
        nonlocal counter
        if match.group(1):
            return match.group(1)
        counter += 1
        return f"{{{{c{counter}::{match.group(2)}}}}}"

    converted = _HIGHLIGHT.sub(number, text)
    return converted if cloze_numbers(converted) else None
