"""Anki's plain-text format (.txt/.csv/.tsv), both ways.

Written with the header lines Anki 2.1.54+ reads (`#separator`, `#html`, `#guid column`,
`#notetype column`, `#deck column`, `#tags column`) and Anki's stock note types, so Anki
imports it without a mapping dialog and a re-import updates by GUID. Read with or without
headers: without them the separator is sniffed (tab, comma, semicolon, pipe) and the first
column is the front.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from studycards.errors import ExportError
from studycards.files import write_atomically
from studycards.interop.export_result import ExportResult
from studycards.interop.guard import DEFAULT_LIMITS, Limits, read_text, refuse
from studycards.interop.html_text import html_to_text, text_to_html
from studycards.interop.notetypes import format_source, guid_for_note
from studycards.model import (
    Deck,
    ImportBatch,
    Note,
    NoteRecord,
    NoteType,
    Source,
    anki_note_id,
    note_id_for,
)
from studycards.notes.cards import cards_of, cloze_html, cloze_numbers, strip_cloze, term_gloss

_SEPARATORS = {"comma": ",", "semicolon": ";", "tab": "\t", "space": " ", "pipe": "|", "colon": ":"}
_SNIFF_ORDER = ("\t", ",", ";", "|")
_HEADER_KEYS = {
    "separator", "html", "tags", "columns", "notetype", "deck",
    "notetype column", "deck column", "tags column", "guid column", "match scope", "if matches",
}  # fmt: skip


def _headers(lines: list[str]) -> tuple[dict[str, str], int]:
    """Header key → value, and how many lines they took."""
    headers: dict[str, str] = {}
    count = 0
    for line in lines:
        if count == 0 and line.lower().startswith("tags:"):
            headers["tags"] = line[5:].strip()
        elif line.startswith("#") and ":" in line:
            key, _, value = line[1:].partition(":")
            if key.strip().lower() not in _HEADER_KEYS:
                break
            headers[key.strip().lower()] = value.strip()
        else:
            break
        count += 1
    return headers, count


def _column(headers: dict[str, str], key: str, path: Path) -> int | None:
    value = headers.get(key)
    if value is None:
        return None
    if not value.isdigit() or int(value) < 1:
        raise refuse(path, f"#{key} must be a column number from 1, not {value!r}")
    return int(value) - 1


def read_anki_text(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> ImportBatch:
    text = read_text(path, limits)
    lines = text.split("\n")
    headers, header_lines = _headers(lines)
    body = "\n".join(lines[header_lines:])
    separator = headers.get("separator")
    if separator is not None:
        sep = _SEPARATORS.get(separator.lower(), separator)
        if len(sep) != 1:
            raise refuse(path, f"unknown #separator {separator!r}")
    else:
        sample = body[:8192]
        sep = next((s for s in _SNIFF_ORDER if s in sample), "\t")
    is_html = headers.get("html", "false").lower() == "true"
    special = {
        key: _column(headers, f"{key} column", path) for key in ("guid", "notetype", "deck", "tags")
    }
    file_tags = tuple(headers.get("tags", "").split())
    default_deck = headers.get("deck") or path.stem
    default_type = headers.get("notetype", "Basic")
    reader = csv.reader(io.StringIO(body), delimiter=sep, quotechar='"', strict=False)
    by_deck: dict[str, list[Note]] = {}
    warnings: list[str] = []
    seen: set[str] = set()
    marked: set[str] = set()
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise refuse(
            path, f"malformed text at line {reader.line_num + header_lines}: {error}"
        ) from error
    width = _usual_width(rows, headers, sep)
    for line_num, row in rows:
        line = line_num + header_lines
        if (
            not row
            or (row[0].startswith("#") and len(row) == 1)
            or not any(cell.strip() for cell in row)
        ):
            continue

        def cell(key: str, row: list[str] = row) -> str:
            index = special[key]
            return row[index].strip() if index is not None and index < len(row) else ""

        values = [v for i, v in enumerate(row) if i not in special.values()]
        cloze = "cloze" in (cell("notetype") or default_type).lower()
        if len(values) < 2 <= width and not cloze:
            # One field where the other lines have more, e.g. `adiós;goodbye` in a comma
            # file: it would become a card without an answer.
            warnings.append(
                f"{path}:{line}: one field where the other lines have {width} "
                f"(separated by {_separator_name(sep)}); skipped"
            )
            continue
        texts = [html_to_text(v) if is_html else v.strip() for v in values]
        deck = cell("deck") or default_deck
        every_tag = (*file_tags, *cell("tags").split())
        # Anki's "marked" tag is the note's mark here, as from a package.
        tags = tuple(dict.fromkeys(tag for tag in every_tag if tag.lower() != "marked"))
        note = _note(
            texts,
            cell("notetype") or default_type,
            deck,
            tags,
            cell("guid"),
            Source(str(path), line),
        )
        if isinstance(note, str):
            warnings.append(f"{path}:{line}: {note}; skipped")
        elif note.note_id in seen:
            warnings.append(f"{path}:{line}: the same note appears earlier; skipped")
        else:
            seen.add(note.note_id)
            by_deck.setdefault(deck, []).append(note)
            if any(tag.lower() == "marked" for tag in every_tag):
                marked.add(note.note_id)
    decks = tuple(Deck(name, tuple(notes), path=str(path)) for name, notes in by_deck.items())
    return ImportBatch(
        origin=str(path), decks=decks, warnings=tuple(warnings), marked=frozenset(marked)
    )


def _usual_width(rows: list[tuple[int, list[str]]], headers: dict[str, str], sep: str) -> int:
    """How many fields a line of the file has: `#columns:`, else the most common count."""
    if "columns" in headers:
        return len(headers["columns"].split(sep))
    counts = Counter(len(row) for _, row in rows if any(cell.strip() for cell in row))
    return counts.most_common(1)[0][0] if counts else 0


def _separator_name(sep: str) -> str:
    names = {value: name for name, value in _SEPARATORS.items()}
    return names.get(sep, repr(sep))


def _note(
    texts: list[str], type_name: str, deck: str, tags: tuple[str, ...], guid: str, source: Source
) -> Note | str:
    first = texts[0] if texts else ""
    rest = "\n\n".join(t for t in texts[1:] if t)
    if not first.strip():
        return "empty first field"
    if "cloze" in type_name.lower():
        if not cloze_numbers(first):
            return "cloze note without deletions"
        note_id = anki_note_id(guid) if guid else note_id_for(NoteType.CLOZE, strip_cloze(first))
        return Note(
            note_id, NoteType.CLOZE, deck, {"text": first, "extra": rest}, tags, source, guid=guid
        )
    note_id = anki_note_id(guid) if guid else note_id_for(NoteType.BASIC, first)
    reverse = "reverse" in type_name.lower() and "optional" not in type_name.lower()
    fields = {"question": first, "answer": rest}
    return Note(note_id, NoteType.BASIC, deck, fields, tags, source, reversed=reverse, guid=guid)


def _quote(value: str, sep: str) -> str:
    """A field as Anki's reader (RFC 4180) takes it: quoted, quotes doubled, when it holds
    the separator, a quote or a line break, or starts with `#` (csv.writer would leave that
    bare, and Anki reads such a line as a comment)."""
    if any(c in value for c in (sep, '"', "\n", "\r")) or value.startswith("#"):
        return '"' + value.replace('"', '""') + '"'
    return value


def text_fields(note: Note) -> tuple[str, str, str] | None:
    """(Anki stock note type, first field HTML, second field HTML), or None for a cloze note
    without deletions (Anki would make a blank card of it)."""
    source = format_source(note.source)
    footer = f'<br><br><span class="source">{text_to_html(source)}</span>' if source else ""
    if note.type is NoteType.TERM:
        return (
            "Basic (and reversed card)",
            text_to_html(note["term"]),
            text_to_html(term_gloss(note)) + footer,
        )
    if note.type is NoteType.BASIC:
        kind = "Basic (and reversed card)" if note.reversed else "Basic"
        return kind, text_to_html(note["question"]), text_to_html(note["answer"]) + footer
    if not cloze_numbers(note["text"]):
        return None
    extra = note["extra"] if note.type is NoteType.CLOZE else strip_cloze(note["context"])
    if note.type is NoteType.FIGURE and extra == strip_cloze(note["text"]):
        extra = ""
    back = text_to_html(extra) + footer if extra else footer.removeprefix("<br><br>")
    return "Cloze", cloze_html(text_to_html(note["text"])), back


def write_anki_text(records: Iterable[NoteRecord], path: Path) -> ExportResult:
    """Write Anki's text format: one row per note, GUID, stock note type, deck, two fields, tags.

    A `.csv` file is comma-separated, anything else tab-separated; the header says which."""
    sep = "," if path.suffix.lower() == ".csv" else "\t"
    out = [
        f"#separator:{_separator_name(sep)}",
        "#html:true",
        "#guid column:1",
        "#notetype column:2",
        "#deck column:3",
        "#tags column:6",
    ]
    notes = cards = 0
    warnings: list[str] = []
    for record in records:
        note = record.note
        marked = ("marked",) if record.marked else ()
        tags = " ".join(sorted({"_".join(t.split()) for t in (*note.tags, *marked) if t.strip()}))
        if note.type is NoteType.ANKI:
            # The text format has no note type of its own to carry several templates: each
            # card of an Anki-rendered note goes out as a Basic note, as it reads here.
            for card in cards_of(note):
                guid = guid_for_note(card.card_id)
                front, back = text_to_html(card.front), text_to_html(card.back)
                out.append(
                    sep.join(_quote(v, sep) for v in (guid, "Basic", note.deck, front, back, tags))
                )
                cards += 1
            notes += 1
            continue
        row = text_fields(note)
        if row is None:
            warnings.append(
                f"{note.source}: cloze note {note.note_id} has no deletions; not exported"
            )
            continue
        guid = guid_for_note(note.note_id, note.guid)
        out.append(
            sep.join(_quote(v, sep) for v in (guid, row[0], note.deck, row[1], row[2], tags))
        )
        notes += 1
        cards += len(record.cards)
    try:
        write_atomically(path, ("\n".join(out) + "\n").encode("utf-8"))
    except OSError as error:
        raise ExportError(f"cannot write the file: {error.strerror}", path=str(path)) from error
    return ExportResult(path, notes, cards, warnings=tuple(warnings))
