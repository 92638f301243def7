"""Obsidian Spaced Repetition flashcards (st3v3nmw/obsidian-spaced-repetition, default
settings): `Q::A`, `Q:::A` (both directions), multi-line cards split by a `?` line (`??` both
directions), clozes with `==text==` or `{{c1::text}}`, decks from `#flashcards/...` tags.

The plugin's scheduling comments (`<!--SR:!2024-08-16,51,230-->`: due date, interval in
days, ease in percent; one `!` entry per card of a note, in card order) keep no review log,
only where SM-2 left each card. That progress comes along (ImportBatch.progress): each card
starts as a review card due on its date, with the memory state Anki gives an SM-2 card when
FSRS is turned on. The plugin's FSRS entries (`!fsrs,…`) are not read; those cards start new.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from studycards.cards import cloze_numbers, strip_cloze
from studycards.interop.markdown_common import Block, NoteCollector, blocks, split_front_matter
from studycards.model import Deck, ImportBatch, Note, NoteType, Sm2Progress, Source, card_id_for

_TAG = re.compile(r"(?<![\w#/])#flashcards(?:/([\w/\-]+))?(?![\w\-])", re.UNICODE)
_FRONT_TAG = re.compile(r"(?<![\w/])flashcards(?:/([\w/\-]+))?(?![\w\-])", re.UNICODE)
_SR_COMMENT = re.compile(r"\s*<!--SR:[^>]*-->")
_SR_ENTRY = re.compile(r"!(\d{4})-(\d{2})-(\d{2}),(\d{1,5}),(\d{2,4})")
_SR_ENTRIES = re.compile(f"(?:{_SR_ENTRY.pattern})+")
# Dates and intervals outside these are not a schedule (a typo, a hostile file).
_FIRST_YEAR, _LAST_YEAR, _MAX_INTERVAL = 1970, 2200, 36500
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
    progress: dict[str, Sm2Progress] = {}
    for block in blocks(body, offset):
        deck = _read_block(path, block, deck, found, progress)
    by_deck: dict[str, list[Note]] = {}
    for note in found.notes:
        by_deck.setdefault(note.deck, []).append(note)
    decks = tuple(Deck(name, tuple(group), path=str(path)) for name, group in by_deck.items())
    return ImportBatch(str(path), decks, warnings=tuple(found.warnings), progress=progress)


def _entries(line: str) -> list[Sm2Progress] | None:
    """The SM-2 entries of the scheduling comment on `line`, one per card: [] without a
    comment, None for one that cannot be read (an impossible date, the plugin's FSRS)."""
    comment = _SR_COMMENT.search(line)
    if comment is None:
        return []
    inner = comment.group(0).strip()[len("<!--SR:") : -len("-->")]
    if not _SR_ENTRIES.fullmatch(inner):
        return None
    entries = []
    for match in _SR_ENTRY.finditer(inner):
        year, month, day, interval, ease = (int(group) for group in match.groups())
        if not (_FIRST_YEAR <= year <= _LAST_YEAR and 0 < interval <= _MAX_INTERVAL):
            return None  # no schedule the plugin would write
        try:
            entries.append(Sm2Progress(date(year, month, day), interval, ease / 100))
        except ValueError:
            return None
    return entries


def _clean(text: str) -> str:
    return _TAG.sub("", _SR_COMMENT.sub("", text)).strip()


def _read_block(
    path: Path,
    block: Block,
    deck: str,
    found: NoteCollector,
    progress: dict[str, Sm2Progress],
) -> str:
    """Add the block's cards to `found` and their scheduling to `progress`; returns the deck
    for the blocks that follow."""
    lines = []
    comments: dict[int, list[Sm2Progress]] = {}  # line number -> its comment's entries
    for number, line in block.lines:
        entries = _entries(line)
        if entries is None:
            found.warnings.append(
                f"{path}:{number}: a scheduling comment studycards cannot read; the card starts new"
            )
        elif entries:
            comments[number] = entries
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
        entries: Sequence[Sm2Progress] = (),
    ) -> None:
        where = Source(str(path), line, block.heading)
        note_id = found.add(note_type, own_deck, key, fields, where, reversed_=rev)
        if note_id is not None:
            # One entry per card, in card order: forward then reverse, c1, c2, …
            cards = len(cloze_numbers(fields["text"])) if "text" in fields else 1 + rev
            for ord_, entry in enumerate(entries[:cards]):
                progress[card_id_for(note_id, ord_)] = entry

    # A multi-line card's comment follows its last line; a one-line card's is on its line
    # or, alone, on the next.
    block_entries = comments[max(comments)] if comments else []

    def own_entries(number: int) -> list[Sm2Progress]:
        if number in comments:
            return comments[number]
        following = comments.get(number + 1, [])
        alone = any(n == number + 1 and not _clean(text) for n, text in block.lines)
        return following if alone else []

    def card_deck(line: str) -> str:
        tag = _TAG.match(line.lstrip())
        return _deck_of(tag.group(1), path.stem) if tag else deck

    marker = next((i for i, (_, line) in enumerate(lines) if line.strip() in {"?", "??"}), None)
    if marker is not None:
        question = _clean("\n".join(line for _, line in lines[:marker]))
        answer = _clean("\n".join(line for _, line in lines[marker + 1 :]))
        both = lines[marker][1].strip() == "??"
        fields = {"question": question, "answer": answer}
        first = lines[0]
        add(NoteType.BASIC, question, fields, first[0], card_deck(first[1]), both, block_entries)
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
                entries=block_entries,
            )
        return deck
    for number, line in lines:
        split = _single_line(line)
        if split is not None:
            question, answer, both = split
            fields = {"question": _clean(question), "answer": _clean(answer)}
            entries = own_entries(number)
            add(NoteType.BASIC, fields["question"], fields, number, card_deck(line), both, entries)
        elif (cloze := _to_cloze(_clean(line))) is not None:
            add(
                NoteType.CLOZE,
                strip_cloze(cloze),
                {"text": cloze, "extra": ""},
                number,
                card_deck(line),
                entries=own_entries(number),
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
