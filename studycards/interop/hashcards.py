"""hashcards decks (eudoxia0/hashcards): one Markdown file per deck, read line by line as
hashcards' own parser reads it (src/parser.rs):

- `Q:` starts a question, `A:` its answer, `C:` a cloze; a card runs until the next `Q:` or
  `C:` line, a `---` separator line or the end of the file;
- a line starting with `#` is a comment, wherever it is; text between cards is not read;
- in a cloze, each `[bracket]` is a deletion of its own card (links' text included, as in
  hashcards), except the `[alt]` of an image `![alt](…)` and brackets escaped as `\\[` `\\]`.

The deck is named by TOML front matter `name = "…"`, else the file. Where hashcards stops
with an error (a question without an answer, an answer without a question), we skip that
card with a warning naming its line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from studycards.interop.markdown_common import NoteCollector, display_text, split_front_matter
from studycards.model import Deck, ImportBatch, NoteType, Source
from studycards.notes.cards import cloze_marker, strip_cloze

_START = re.compile(r"^([QAC]):")
# A deletion for the sniffer: `[text]`, not an image's `![alt]` or an escaped bracket.
_BRACKET = re.compile(r"(?<![!\\])\[[^\[\]\n]+\]")


def looks_like_hashcards(text: str) -> bool:
    """Whether the file is a hashcards deck: it has a `Q:` line followed by an `A:` line, or a
    `C:` line with a bracketed deletion, and any front matter is TOML rather than YAML."""
    front, _, body = split_front_matter(text)
    if front and not _is_toml(front):
        return False
    question = False
    for line in body.split("\n"):
        if line.startswith("Q:"):
            question = True
        elif (line.startswith("A:") and question) or (
            line.startswith("C:") and _BRACKET.search(line)
        ):
            return True
    return False


def _is_toml(front: str) -> bool:
    try:
        tomllib.loads(front)
    except tomllib.TOMLDecodeError:
        return False
    return True


@dataclass
class _Card:
    kind: str  # "Q" or "C"
    line: int
    first: list[str]  # the question or the cloze text
    answer: list[str] = field(default_factory=list)
    answered: bool = False


def read_hashcards(path: Path, text: str) -> ImportBatch:
    front, offset, body = split_front_matter(text)
    deck = path.stem
    warnings: list[str] = []
    if front:
        try:
            name = tomllib.loads(front).get("name")
        except tomllib.TOMLDecodeError as error:
            name = None
            warnings.append(
                f"{path}:1: front matter is not valid TOML ({error}); using the file name"
            )
        if isinstance(name, str) and name.strip():
            deck = name.strip()
    cards: list[_Card] = []
    current: _Card | None = None

    def finish() -> None:
        nonlocal current
        if current is not None:
            if current.kind == "Q" and not current.answered:
                warnings.append(
                    f"{path}:{current.line}: a question without an `A:` answer; skipped"
                )
            else:
                cards.append(current)
        current = None

    for index, line in enumerate(body.split("\n")):
        number = index + offset + 1
        start = _START.match(line)
        if start is None and line.strip() == "---":
            finish()
        elif start is None and line.lstrip().startswith("#"):
            continue  # a comment, also inside a card
        elif start is not None and start.group(1) in "QC":
            finish()
            current = _Card(start.group(1), number, [line[2:].strip()])
        elif start is not None:  # A:
            if current is None or current.kind != "Q" or current.answered:
                warnings.append(f"{path}:{number}: an `A:` answer without its `Q:`; skipped")
                finish()
            else:
                current.answered = True
                current.answer.append(line[2:].strip())
        elif current is not None:
            (current.answer if current.answered else current.first).append(line.rstrip())
    finish()
    found = NoteCollector(warnings=warnings)
    for card in cards:
        where = Source(str(path), card.line)
        first = "\n".join(card.first).strip()
        if card.kind == "Q":
            answer = display_text("\n".join(card.answer), math=True)
            fields = {"question": display_text(first, math=True), "answer": answer}
            found.add(NoteType.BASIC, deck, first, fields, where)
            continue
        try:
            cloze = _number_brackets(first)
        except ValueError as error:
            warnings.append(f"{where}: {error}; skipped")
            continue
        if cloze is None:
            warnings.append(f"{where}: a `C:` card without [brackets]; skipped")
            continue
        shown = display_text(cloze, math=True)
        found.add(NoteType.CLOZE, deck, strip_cloze(cloze), {"text": shown, "extra": ""}, where)
    decks = (Deck(deck, tuple(found.notes), path=str(path)),) if found.notes else ()
    return ImportBatch(origin=str(path), decks=decks, warnings=tuple(found.warnings))


def _number_brackets(text: str) -> str | None:
    """`text` with each deletion an Anki-style `{{cN::…}}` marker of its own (hashcards'
    bracket rules), None without any; ValueError for a deletion a marker cannot hold."""
    out: list[str] = []
    deletion: list[str] | None = None
    image = escaped = False
    count = 0
    for pos, char in enumerate(text):
        target = deletion if deletion is not None else out
        if escaped:
            escaped = False
            target.append(char)
        elif char == "\\" and text[pos + 1 : pos + 2] in ("[", "]"):
            escaped = True
        elif char == "!" and text[pos + 1 : pos + 2] == "[":
            image = True
            target.append(char)
        elif char == "[" and image:
            target.append(char)
        elif char == "]" and image:
            image = False
            target.append(char)
        elif char == "[":
            if deletion is not None:  # hashcards starts the deletion again at a new `[`
                out.extend(deletion)
            deletion = []
        elif char == "]" and deletion is None:
            continue  # hashcards drops a `]` that closes nothing
        elif char == "]" and deletion is not None:
            count += 1
            hidden = "".join(deletion)
            marker = cloze_marker(count, hidden)
            if marker is None:
                raise ValueError(f"the deletion [{hidden}] holds `::` or an unpaired `}}}}`")
            out.append(marker)
            deletion = None
        else:
            target.append(char)
    if deletion is not None:  # an unclosed `[`: its text stays, as hashcards keeps it
        out.extend(deletion)
    return "".join(out) if count else None
