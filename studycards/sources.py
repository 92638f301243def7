"""Which reader takes which path: deck files, Markdown notes and folders, Anki and friends.

`studycards import` and `studycards review PATH` hand their paths here and sync the batches.
Every path is read before anything is synced, so a bad file stops the import before the
collection changes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studycards.errors import ImportFormatError, NotFoundError, StudycardsError
from studycards.filekind import is_markdown
from studycards.model import ImportBatch, Source

if TYPE_CHECKING:
    from studycards.collection import Collection
    from studycards.interop.obsidian import ObsidianSettings

KNOWN_FORMATS = (
    "a deck file, Markdown notes or a folder of them, .apkg, .colpkg, .txt, .csv or .tsv"
)


def read_sources(
    paths: Sequence[Path], *, media_dir: Path, obsidian: Mapping[str, Any] | None = None
) -> list[ImportBatch]:
    """One batch per source file, in the order given (folders in sorted file order).

    A batch's origin is the file's absolute path, so importing the same file again, from any
    working directory, updates the same notes and orphans the ones that left it.

    `obsidian` overrides the Obsidian SR settings a vault's plugin data gives (by
    ObsidianSettings field name).

    A path that does not exist, or a file named on its own that cannot be read or is in no
    format we read, raises, naming it. A note inside a folder that cannot be read is skipped
    with a warning (on the first batch), the way `build` skips it: its cards stay as they were.
    """
    from studycards.builder import find_note_files

    for path in paths:
        if not path.exists():
            raise NotFoundError("no such file or folder", path=str(path))
    batches: list[ImportBatch] = []
    skipped: list[str] = []
    for path in paths:
        if not path.is_dir():
            batches.append(_read_file(path, media_dir=media_dir, obsidian=obsidian))
            continue
        files = find_note_files([path])
        if not files:
            raise ImportFormatError("the folder holds no Markdown notes (*.md)", path=str(path))
        for file in files:
            try:
                batches.append(_read_file(file, media_dir=media_dir, obsidian=obsidian))
            except StudycardsError as error:
                skipped.append(str(error))
    if skipped:
        if not batches:
            raise ImportFormatError(f"no note could be read; the first: {skipped[0]}")
        first = batches[0]
        batches[0] = dataclasses.replace(first, warnings=(*first.warnings, *skipped))
    return batches


def _read_file(
    path: Path, *, media_dir: Path, obsidian: Mapping[str, Any] | None = None
) -> ImportBatch:
    from studycards import interop
    from studycards.filekind import FileKind, kind_of
    from studycards.notes import read_note_bytes

    origin = str(path.resolve())
    settings = interop.settings_for(path, obsidian) if is_markdown(path) else None
    # A Markdown file is read once to tell its kind; notes and deck files go to the builder.
    data = read_note_bytes(path) if is_markdown(path) else None
    kind = kind_of(path, data, obsidian=settings)
    if kind in (FileKind.NOTE, FileKind.DECK_FILE):
        note = _read_markdown(path, origin)
        warning = _untagged_cards(path, data, settings) if kind is FileKind.NOTE else None
        return dataclasses.replace(note, warnings=(warning, *note.warnings)) if warning else note
    batch = interop.read_import(path, media_dir=media_dir, kind=kind, obsidian=settings)
    if batch is None:
        raise ImportFormatError(
            f"not a format studycards imports; expected {KNOWN_FORMATS}", path=str(path)
        )
    return dataclasses.replace(batch, origin=origin)


def _untagged_cards(
    path: Path, data: bytes | None, settings: ObsidianSettings | None
) -> str | None:
    """The warning for a note with Obsidian SR cards but none of the flashcard tags."""
    from studycards.interop.obsidian import untagged_cards_warning

    if data is None or settings is None:
        return None
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n")
    return untagged_cards_warning(path, text, settings)


def _read_markdown(path: Path, origin: str) -> ImportBatch:
    from studycards.builder import build_decks

    result = build_decks([path])
    if not result.decks:
        # The builder's problem line already reads `PATH:LINE: what is wrong`.
        raise ImportFormatError(result.problems[0] if result.problems else f"{path}: no notes")
    return ImportBatch(origin=origin, decks=tuple(result.decks), warnings=tuple(result.problems))


def edit_location(col: Collection, note_pk: int, source: Source) -> tuple[Path, int] | None:
    """Where to edit a note: its source file at its line (a relative path is also looked for
    beside the file it was imported from), else that file itself at line 1. Only Markdown
    (a note, a deck file) is edited as a file and read again; a note from an Anki package or
    text file has None, and is edited in the collection (note_text.py)."""
    origin = col.store.conn.execute("SELECT origin FROM notes WHERE id = ?", (note_pk,)).fetchone()
    imported_from = origin[0] if origin else ""
    candidates = []
    if source.path:
        path = Path(source.path)
        candidates.append(path)
        if not path.is_absolute() and imported_from:
            candidates.append(Path(imported_from).parent / path)
    for path in candidates:
        if is_markdown(path) and path.is_file():
            return path, max(1, source.line)
    if is_markdown(imported_from) and Path(imported_from).is_file():
        return Path(imported_from), 1
    return None


def card_edit_location(col: Collection, card_id: str) -> tuple[Path, int] | None:
    """edit_location of the note of the card `card_id`."""
    row = col.store.conn.execute("SELECT note FROM cards WHERE card_id = ?", (card_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no card with id {card_id!r}; `studycards cards` lists ids")
    (note_pk,) = row
    path, line, heading = col.store.conn.execute(
        "SELECT source_path, source_line, source_heading FROM notes WHERE id = ?", (note_pk,)
    ).fetchone()
    return edit_location(col, note_pk, Source(path, line, heading))


def reimport_file(col: Collection, path: Path) -> None:
    """Read `path` again (after an edit) and sync what it now holds."""
    from studycards.importing import import_paths

    import_paths(col, [path])
