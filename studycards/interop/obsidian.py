"""Obsidian Spaced Repetition flashcards (st3v3nmw/obsidian-spaced-repetition): `Q::A`,
`Q:::A` (both directions), multi-line cards split by a `?` line (`??` both directions),
clozes with `==text==` (optionally `==2;;text;;hint==`, the plugin's group and hint) or
`{{c1::text}}`, decks from `#flashcards/...` tags, HTML comments and fenced code skipped.

The plugin's settings that change how notes are read (its flashcard tags, separators, the
end marker of multi-line cards, the cloze styles) are ObsidianSettings: the plugin's own
`.obsidian/plugins/obsidian-spaced-repetition/data.json` when it sits in a folder above the
note, then whatever `studycards import --obsidian-…` says.

The plugin's scheduling comments (`<!--SR:!2024-08-16,51,230-->`: due date, interval in
days, ease in percent; one `!` entry per card of a note, in card order) keep no review log,
only where SM-2 left each card. That progress comes along (ImportBatch.progress): each card
starts as a review card due on its date, with the memory state Anki gives an SM-2 card when
FSRS is turned on. The plugin's FSRS entries (`!fsrs,…`) are not read; those cards start new.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from studycards.interop.markdown_common import (
    Block,
    NoteCollector,
    blocks,
    display_text,
    split_front_matter,
)
from studycards.model import Deck, ImportBatch, Note, NoteType, Sm2Progress, Source, card_id_for
from studycards.notes.cards import cloze_marker, cloze_numbers, strip_cloze

PLUGIN_DATA = Path(".obsidian", "plugins", "obsidian-spaced-repetition", "data.json")
_PLUGIN_DATA_BYTES = 1 << 20

_SR_COMMENT = re.compile(r"\s*<!--SR:[^>]*-->")
_OTHER_COMMENT = re.compile(r"<!--(?!SR:).*?-->", re.DOTALL)
_SR_ENTRY = re.compile(r"!(\d{4})-(\d{2})-(\d{2}),(\d{1,5}),(\d{2,4})")
_SR_ENTRIES = re.compile(f"(?:{_SR_ENTRY.pattern})+")
# Dates and intervals outside these are not a schedule (a typo, a hostile file).
_FIRST_YEAR, _LAST_YEAR, _MAX_INTERVAL = 1970, 2200, 36500
_ANKI_CLOZE = re.compile(r"\{\{c\d+::")
_NOT_SEPARATOR = re.compile(r"\{\{c\d+::.*?\}\}|`[^`]*`")
# The plugin's cloze group and hint inside a highlight: `==2;;answer;;hint==`.
_GROUP = re.compile(r"^(\d+);;")
_HINT = re.compile(r";;([^;]*)$")


@dataclass(frozen=True)
class ObsidianSettings:
    """The plugin settings that decide what is a card (defaults: the plugin's)."""

    tags: tuple[str, ...] = ("flashcards",)  # without the `#`
    inline: str = "::"
    inline_reversed: str = ":::"
    multiline: str = "?"
    multiline_reversed: str = "??"
    end_marker: str = ""  # empty: a multi-line card ends at a blank line
    highlight: bool = True  # ==text==
    bold: bool = False  # **text**
    curly: bool = False  # {{text}}
    ignored_tags: tuple[str, ...] = ()
    # Where the settings came from, for messages (the data.json file, or "").
    origin: str = field(default="", compare=False)

    @classmethod
    def from_plugin(cls, data: Mapping[str, Any], origin: str = "") -> ObsidianSettings:
        """The settings in the plugin's data.json (its `settings` object, or the object
        itself in old versions); what is missing or of the wrong type keeps its default."""
        raw = data.get("settings", data)
        settings: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
        default = cls()

        def text(key: str, fallback: str) -> str:
            value = settings.get(key)
            return value if isinstance(value, str) else fallback

        def flag(key: str, fallback: bool) -> bool:
            value = settings.get(key)
            return value if isinstance(value, bool) else fallback

        def tags(key: str, fallback: tuple[str, ...]) -> tuple[str, ...]:
            value = settings.get(key)
            if not isinstance(value, list):
                return fallback
            return tuple(t.lstrip("#") for t in value if isinstance(t, str) and t.lstrip("#"))

        highlight = flag("convertHighlightsToClozes", default.highlight)
        bold = flag("convertBoldTextToClozes", default.bold)
        curly = flag("convertCurlyBracketsToClozes", default.curly)
        patterns = settings.get("clozePatterns")
        if isinstance(patterns, list):  # newer versions name the cloze styles as patterns
            kinds = [p.strip()[:2] for p in patterns if isinstance(p, str)]
            highlight, bold, curly = "==" in kinds, "**" in kinds, "{{" in kinds
        return cls(
            tags=tags("flashcardTags", default.tags),
            inline=text("singleLineCardSeparator", default.inline),
            inline_reversed=text("singleLineReversedCardSeparator", default.inline_reversed),
            multiline=text("multilineCardSeparator", default.multiline),
            multiline_reversed=text("multilineReversedCardSeparator", default.multiline_reversed),
            end_marker=text("multilineCardEndMarker", default.end_marker),
            highlight=highlight,
            bold=bold,
            curly=curly,
            ignored_tags=tags("flashcardTagsToIgnore", default.ignored_tags),
            origin=origin,
        )

    def tag_names(self) -> str:
        return ", ".join(f"#{tag}" for tag in self.tags) or "(none)"

    @cached_property
    def _tag(self) -> re.Pattern[str]:
        names = "|".join(re.escape(tag) for tag in self.tags) or r"(?!)"
        return re.compile(rf"(?<![\w#/])#(?:{names})(?:/([\w/\-]+))?(?![\w\-])", re.UNICODE)

    @cached_property
    def _front_tag(self) -> re.Pattern[str]:
        names = "|".join(re.escape(tag) for tag in self.tags) or r"(?!)"
        return re.compile(rf"(?<![\w/])#?(?:{names})(?:/([\w/\-]+))?(?![\w\-])", re.UNICODE)

    @cached_property
    def _ignored(self) -> re.Pattern[str] | None:
        if not self.ignored_tags:
            return None
        names = "|".join(re.escape(tag) for tag in self.ignored_tags)
        return re.compile(rf"(?<![\w#/])#(?:{names})(?:/[\w/\-]+)?(?![\w\-])", re.UNICODE)

    @cached_property
    def _cloze(self) -> re.Pattern[str]:
        # Inline code first, so that `a == b == c` in code is left alone; then each style,
        # with text that neither starts nor ends with a space or the style's character.
        styles = [r"(`[^`\n]*`)"]
        if self.highlight:
            styles.append(r"==([^=\s](?:[^\n]*?[^=\s])?)==")
        if self.bold:
            styles.append(r"\*\*([^*\s](?:[^\n]*?[^*\s])?)\*\*")
        if self.curly:
            styles.append(r"\{\{(?!c\d+::)([^{}\s](?:[^\n]*?[^{}\s])?)\}\}")
        return re.compile("|".join(styles))


DEFAULT_SETTINGS = ObsidianSettings()


def plugin_settings(note: Path) -> ObsidianSettings | None:
    """The plugin's settings from the data.json of the vault the note sits in (the nearest
    folder above it with one), or None when there is none or it cannot be read."""
    for folder in note.absolute().parents:
        candidate = folder / PLUGIN_DATA
        try:
            if not candidate.is_file() or candidate.stat().st_size > _PLUGIN_DATA_BYTES:
                continue
            data = json.loads(candidate.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
        if isinstance(data, dict):
            return ObsidianSettings.from_plugin(data, str(candidate))
    return None


def settings_for(note: Path, overrides: Mapping[str, Any] | None = None) -> ObsidianSettings:
    """The settings a note is read with: the vault's plugin data, then `overrides` (the
    import command's options, by ObsidianSettings field name; None values ignored)."""
    settings = plugin_settings(note) or DEFAULT_SETTINGS
    given = {key: value for key, value in (overrides or {}).items() if value is not None}
    return replace(settings, **given) if given else settings


def looks_like_obsidian(text: str, settings: ObsidianSettings = DEFAULT_SETTINGS) -> bool:
    """Whether a Markdown file holds Obsidian SR cards: the plugin only reads notes with one
    of its flashcard tags (inline or in the front matter), so neither do we."""
    front, _, body = split_front_matter(text)
    return bool(settings._tag.search(_OTHER_COMMENT.sub("", body))) or any(
        line.lstrip().startswith(("tags", "-")) and settings._front_tag.search(line)
        for line in front.split("\n")
    )


_CARD_SYNTAX = re.compile(r"<!--SR:|^\s*\?\??\s*$|\S::\S", re.MULTILINE)


def untagged_cards_warning(path: Path, text: str, settings: ObsidianSettings) -> str | None:
    """One line for a note that looks like Obsidian SR cards (scheduling comments, `?`
    lines, `Q::A`) but carries none of the flashcard tags, so the plugin, and we, skip it."""
    if looks_like_obsidian(text, settings) or not _CARD_SYNTAX.search(text):
        return None
    where = f" (from {settings.origin})" if settings.origin else ""
    return (
        f"{path}: Obsidian SR cards without any of the flashcard tags {settings.tag_names()}"
        f"{where}; they were not read as cards (--obsidian-tag TAG names the vault's tag)"
    )


def _deck_of(sub: str | None, fallback: str) -> str:
    return "::".join(part for part in (sub or "").split("/") if part) or fallback


def read_obsidian(
    path: Path, text: str, settings: ObsidianSettings = DEFAULT_SETTINGS
) -> ImportBatch:
    front, offset, body = split_front_matter(text)
    deck = path.stem
    for line in front.split("\n"):
        match = settings._front_tag.search(line)
        if match and line.lstrip().startswith(("tags", "-")):
            deck = _deck_of(match.group(1), path.stem)
            break
    # Comments other than scheduling ones are not read (the plugin skips them); their lines
    # stay, so line numbers keep pointing at the note.
    body = _OTHER_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), body)
    reader = _Reader(path, settings)
    for block in _card_blocks(body, offset, settings):
        deck = reader.block(block, deck)
    by_deck: dict[str, list[Note]] = {}
    for note in reader.found.notes:
        by_deck.setdefault(note.deck, []).append(note)
    decks = tuple(Deck(name, tuple(group), path=str(path)) for name, group in by_deck.items())
    return ImportBatch(
        origin=str(path),
        decks=decks,
        warnings=tuple(reader.found.warnings),
        progress=reader.progress,
    )


def _card_blocks(body: str, offset: int, settings: ObsidianSettings) -> Iterator[Block]:
    """Paragraphs; with an end marker, a multi-line card runs over blank lines up to it."""
    if not settings.end_marker.strip():
        yield from blocks(body, offset)
        return
    lines: list[tuple[int, str]] = []
    heading = ""
    for block in blocks(body, offset):
        if block.heading != heading and lines:
            yield Block(tuple(lines), heading)
            lines = []
        heading = block.heading
        if lines:  # an open multi-line card goes on over the blank line
            lines.append((block.lines[0][0] - 1, ""))
        for number, line in block.lines:
            if line.strip() == settings.end_marker.strip():
                if lines:
                    yield Block(tuple(lines), heading)
                lines = []
            else:
                lines.append((number, line))
        if lines and not _is_open_multiline(lines, settings):
            yield Block(tuple(lines), heading)
            lines = []
    if lines:
        yield Block(tuple(lines), heading)


def _is_open_multiline(lines: Sequence[tuple[int, str]], settings: ObsidianSettings) -> bool:
    separators = {settings.multiline, settings.multiline_reversed} - {""}
    return any(line.strip() in separators for _, line in lines)


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


class _Reader:
    """Cards, their progress and the warnings of one note, block by block."""

    def __init__(self, path: Path, settings: ObsidianSettings) -> None:
        self.path = path
        self.settings = settings
        self.found = NoteCollector()
        self.progress: dict[str, Sm2Progress] = {}

    def clean(self, text: str) -> str:
        return self.settings._tag.sub("", _SR_COMMENT.sub("", text)).strip()

    def block(self, block: Block, deck: str) -> str:
        """Add the block's cards to `found` and their scheduling to `progress`; returns the
        deck for the blocks that follow."""
        path, settings = self.path, self.settings
        lines = []
        comments: dict[int, list[Sm2Progress]] = {}  # line number -> its comment's entries
        for number, line in block.lines:
            entries = _entries(line)
            if entries is None:
                self.found.warnings.append(
                    f"{path}:{number}: a scheduling comment studycards cannot read; "
                    "the card starts new"
                )
            elif entries:
                comments[number] = entries
            tags = list(settings._tag.finditer(line))
            if tags and not self.clean(line):
                deck = _deck_of(tags[-1].group(1), path.stem)  # a tag line: from here on
                continue
            lines.append((number, line))
        if not lines or (
            settings._ignored is not None
            and any(settings._ignored.search(line) for _, line in lines)
        ):
            return deck
        # A multi-line card's comment follows its last line; a one-line card's is on its
        # line or, alone, on the next.
        block_entries = comments[max(comments)] if comments else []

        def own_entries(number: int) -> list[Sm2Progress]:
            if number in comments:
                return comments[number]
            following = comments.get(number + 1, [])
            alone = any(n == number + 1 and not self.clean(text) for n, text in block.lines)
            return following if alone else []

        def card_deck(line: str) -> str:
            tag = settings._tag.match(line.lstrip())
            return _deck_of(tag.group(1), path.stem) if tag else deck

        def where(number: int) -> Source:
            return Source(str(path), number, block.heading)

        separators = {settings.multiline, settings.multiline_reversed} - {""}
        marker = next((i for i, (_, line) in enumerate(lines) if line.strip() in separators), None)
        if marker is not None:
            question = self.clean("\n".join(line for _, line in lines[:marker]))
            answer = self.clean("\n".join(line for _, line in lines[marker + 1 :]))
            both = lines[marker][1].strip() == settings.multiline_reversed
            first = lines[0]
            self.add_basic(question, answer, where(first[0]), card_deck(first[1]), both)
            self.schedule(self.last, 1 + both, block_entries)
            return deck
        single = [(n, line) for n, line in lines if self.single_line(line) is not None]
        if not single:
            self.add_cloze(
                self.clean("\n".join(line for _, line in lines)),
                where(lines[0][0]),
                card_deck(lines[0][1]),
                block_entries,
            )
            return deck
        for number, line in lines:
            split = self.single_line(line)
            if split is not None:
                question, answer, both = split
                self.add_basic(
                    self.clean(question), self.clean(answer), where(number), card_deck(line), both
                )
                self.schedule(self.last, 1 + both, own_entries(number))
            else:
                self.add_cloze(
                    self.clean(line), where(number), card_deck(line), own_entries(number)
                )
        return deck

    last: str | None = None  # the id of the note just added (None if it was skipped)

    def add_basic(self, question: str, answer: str, where: Source, deck: str, both: bool) -> None:
        fields = {"question": display_text(question), "answer": display_text(answer)}
        self.last = self.found.add(NoteType.BASIC, deck, question, fields, where, reversed_=both)

    def add_cloze(
        self, text: str, where: Source, deck: str, entries: Sequence[Sm2Progress]
    ) -> None:
        try:
            cloze = self.to_cloze(text)
        except ValueError as error:
            self.found.warnings.append(f"{where}: {error}; skipped")
            return
        if cloze is None:
            return
        fields = {"text": display_text(cloze), "extra": ""}
        self.last = self.found.add(NoteType.CLOZE, deck, strip_cloze(cloze), fields, where)
        self.schedule(self.last, len(cloze_numbers(cloze)), entries)

    def schedule(self, note_id: str | None, cards: int, entries: Sequence[Sm2Progress]) -> None:
        """One entry per card, in card order: forward then reverse, c1, c2, …"""
        if note_id is not None:
            for ord_, entry in enumerate(entries[:cards]):
                self.progress[card_id_for(note_id, ord_)] = entry

    def single_line(self, line: str) -> tuple[str, str, bool] | None:
        """(question, answer, both directions) of a `Q::A` / `Q:::A` line, else None."""
        # A separator inside a cloze or inline code (`std::vec`) is not one.
        masked = _NOT_SEPARATOR.sub(lambda m: "\0" * len(m.group(0)), line)
        for separator, both in (
            (self.settings.inline_reversed, True),
            (self.settings.inline, False),
        ):
            if separator and separator in masked:
                at = masked.index(separator)
                return line[:at], line[at + len(separator) :], both
        return None

    def to_cloze(self, text: str) -> str | None:
        """Text with the plugin's clozes numbered as Anki deletions after any `{{cN::}}`
        ones (a `2;;` group prefix sets the number, a `;;hint` suffix the hint); None
        without any; ValueError for one a deletion marker cannot hold."""
        counter = max(cloze_numbers(text), default=0)

        def number(match: re.Match[str]) -> str:
            nonlocal counter
            hidden = next((g for g in match.groups()[1:] if g is not None), None)
            if hidden is None:
                return match.group(0)  # inline code
            group = _GROUP.match(hidden)
            if group:
                ordinal, hidden = int(group.group(1)), hidden[group.end() :]
                counter = max(counter, ordinal)
            else:
                counter += 1
                ordinal = counter
            hint = _HINT.search(hidden)
            if hint:
                hidden = hidden[: hint.start()]
            marker = cloze_marker(ordinal, hidden)
            if marker is None:
                raise ValueError(f"the cloze `{hidden}` holds `::` or an unpaired `}}}}`")
            return marker[:-2] + f"::{hint.group(1)}}}}}" if hint and hint.group(1) else marker

        converted = self.settings._cloze.sub(number, text)
        return converted if cloze_numbers(converted) else None
