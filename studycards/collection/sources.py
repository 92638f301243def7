"""Which reader takes which path: deck files, Markdown notes and folders, Anki and friends.

`studycards import` and `studycards review PATH` hand their paths here and sync the batches.
Every path is read before anything is synced, so a bad file stops the import before the
collection changes.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Container, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studycards.errors import ImportFormatError, NotFoundError, StudycardsError
from studycards.model import ImportBatch, Source
from studycards.notes.reading import is_markdown

if TYPE_CHECKING:
    from studycards.collection import Collection
    from studycards.interop.obsidian import ObsidianSettings

KNOWN_FORMATS = (
    "a deck file, Markdown notes or a folder of them, .apkg, .colpkg, .txt, .csv or .tsv"
)


def origin_of(path: Path) -> str:
    """A file's origin: its absolute path, so importing it again from any working directory
    updates the same notes and orphans the ones that left it."""
    return str(path.resolve())


def read_sources(
    paths: Sequence[Path], *, media_dir: Path, obsidian: Mapping[str, Any] | None = None
) -> list[ImportBatch]:
    """One batch per source file, in the order given (folders in sorted file order).

    `obsidian` overrides the Obsidian SR settings a vault's plugin data gives (by
    ObsidianSettings field name).

    A path that does not exist, or a file named on its own that cannot be read or is in no
    format we read, raises, naming it. A note inside a folder that cannot be read is skipped
    with a warning (on the first batch), the way `build` skips it: its cards stay as they were.
    """
    batches, skipped = read_paths(paths, media_dir=media_dir, obsidian=obsidian)
    if skipped:
        first = batches[0]
        batches[0] = dataclasses.replace(first, warnings=(*first.warnings, *skipped))
    return batches


def read_paths(
    paths: Sequence[Path],
    *,
    media_dir: Path,
    obsidian: Mapping[str, Any] | None = None,
    unchanged: Callable[[str, os.stat_result], bool] | None = None,
    sources: Container[str] = (),
    remembered: Sequence[Path] = (),
) -> tuple[list[ImportBatch], list[str]]:
    """read_sources, with the notes inside folders that could not be read apart, one
    `PATH:LINE: what` each. A file inside a folder for which `unchanged(origin, stat)` is
    true is not read at all. A folder in `sources` (imported before) may now be empty. A
    file named on its own inside one of the `remembered` folders keeps that folder's deck
    tree (deck_names.in_folder), as when the folder is read."""
    from studycards.notes.builder import walk_notes

    check_inputs(paths, sources=sources)
    batches: list[ImportBatch] = []
    skipped: list[str] = []
    left = 0
    done: set[str] = set()
    for path in paths:
        if not path.is_dir():
            origin = origin_of(path)
            if origin not in done:
                done.add(origin)
                home = max(
                    (f for f in remembered if Path(origin).is_relative_to(f)),
                    key=lambda f: len(f.parts),
                    default=None,
                )
                batches.append(
                    _read_file(path, origin, media_dir=media_dir, obsidian=obsidian, within=home)
                )
            continue
        for file, origin, info in walk_notes(path):
            if origin in done:
                continue  # also inside another folder given, or a symlink to it
            done.add(origin)
            if unchanged is not None and unchanged(origin, info):
                left += 1
                continue
            try:
                batches.append(
                    _read_file(file, origin, media_dir=media_dir, obsidian=obsidian, within=path)
                )
            except StudycardsError as error:
                skipped.append(str(error))
    if skipped and not batches and not left:
        raise ImportFormatError(f"no note could be read; the first: {skipped[0]}")
    return batches, skipped


def check_inputs(paths: Sequence[Path], *, sources: Container[str] = ()) -> None:
    """Refuse, naming it, a path that does not exist or a folder without a single note: the
    same words from `import`, `sync` and `build`. A folder in `sources` (imported before)
    may have become empty."""
    from studycards.notes.builder import walk_notes

    for path in paths:
        if not path.exists():
            raise NotFoundError("no such file or folder", path=str(path))
        # The walk stops at the first note: a rebuild of a large folder walks it only once.
        if (
            path.is_dir()
            and origin_of(path) not in sources
            and next(walk_notes(path), None) is None
        ):
            raise ImportFormatError("the folder holds no Markdown notes (*.md)", path=str(path))


def _read_file(
    path: Path,
    origin: str,
    *,
    media_dir: Path,
    obsidian: Mapping[str, Any] | None = None,
    within: Path | None = None,
) -> ImportBatch:
    """One file's batch; `within`: the folder it was found in, which names its deck tree."""
    from studycards.interop import readers
    from studycards.interop.filekind import FileKind, kind_of
    from studycards.notes.reading import read_note_bytes

    settings = readers.settings_for(path, obsidian) if is_markdown(path) else None
    # A Markdown file is read once to tell its kind; notes and deck files go to the builder.
    data = read_note_bytes(path) if is_markdown(path) else None
    kind = kind_of(path, data, obsidian=settings)
    if kind in (FileKind.NOTE, FileKind.DECK_FILE):
        note = _read_markdown(path, origin, within)
        warning = _untagged_cards(path, data, settings) if kind is FileKind.NOTE else None
        return dataclasses.replace(note, warnings=(warning, *note.warnings)) if warning else note
    batch = readers.read_import(path, media_dir=media_dir, kind=kind, obsidian=settings)
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


def _read_markdown(path: Path, origin: str, within: Path | None) -> ImportBatch:
    from studycards.notes.builder import build_decks

    result = build_decks([path], within=[within] if within is not None else [])
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
    from studycards.collection.importing import import_paths

    import_paths(col, [path])
