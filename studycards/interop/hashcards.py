"""hashcards decks (eudoxia0/hashcards): one Markdown file per deck, `Q:`/`A:` cards and
`C:` clozes whose `[brackets]` are each a deletion of their own. As in hashcards, a card runs
until the next `Q:` or `C:` line and text before the first card is not part of any. The deck
is named by TOML front matter `name = "…"`, else the file. Where hashcards stops with an
error (a question without an answer), we skip that card with a warning."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from studycards.cards import strip_cloze
from studycards.interop.markdown_common import NoteCollector, split_front_matter
from studycards.model import Deck, ImportBatch, NoteType, Source

_START = re.compile(r"^([QAC]):(?:\s|$)")
# A deletion is `[text]`, but not an image `![..]`, a link `[..](..)` or a footnote `[^1]`.
_BRACKET = re.compile(r"(?<![!\\])\[([^\[\]\n^][^\[\]\n]*)\](?!\()")


def looks_like_hashcards(text: str) -> bool:
    """Whether the file is a hashcards deck: it has a `Q:` line followed by an `A:` line, or a
    `C:` line with a bracketed deletion, and any front matter is TOML rather than YAML."""
    front, _, body = split_front_matter(text)
    if front and not _is_toml(front):
        return False
    lines = body.split("\n")
    question = False
    for line in lines:
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
    cards: list[tuple[str, int, list[str], list[str]]] = []  # kind, line, first part, answer
    for index, line in enumerate(body.split("\n")):
        line_number = index + offset + 1
        match = _START.match(line)
        if match and match.group(1) == "A" and cards and cards[-1][0] == "Q" and not cards[-1][3]:
            cards[-1][3].append(line[2:].strip())
        elif match and match.group(1) in "QC":
            cards.append((match.group(1), line_number, [line[2:].strip()], []))
        elif cards:
            (cards[-1][3] if cards[-1][3] else cards[-1][2]).append(line.rstrip())
    found = NoteCollector(warnings=warnings)
    for kind, at, first, answer in cards:
        where = Source(str(path), at)
        question = "\n".join(first).strip()
        if kind == "Q":
            if not answer:
                warnings.append(f"{where}: a question without an `A:` answer; skipped")
                continue
            note_type, key = NoteType.BASIC, question
            fields = {"question": question, "answer": "\n".join(answer).strip()}
        else:
            cloze = _number_brackets(question)
            if cloze is None:
                warnings.append(f"{where}: a `C:` card without [brackets]; skipped")
                continue
            note_type, key, fields = (
                NoteType.CLOZE,
                strip_cloze(cloze),
                {"text": cloze, "extra": ""},
            )
        found.add(note_type, deck, key, fields, where)
    decks = (Deck(deck, tuple(found.notes), path=str(path)),) if found.notes else ()
    return ImportBatch(str(path), decks, warnings=tuple(found.warnings))


def _number_brackets(text: str) -> str | None:
    """`text` with each `[bracket]` an Anki deletion of its own, or None without any."""
    counter = 0

    def number(match: re.Match[str]) -> str:
        nonlocal counter
        counter += 1
        return f"{{{{c{counter}::{match.group(1)}}}}}"

    cloze = _BRACKET.sub(number, text)
    return cloze if counter else None
