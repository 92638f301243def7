"""Notes and folders → decks → deck files. A bad note is a problem line, never the end of a build.

`build_decks` is what both `studycards build` and `studycards import FOLDER` call: files and
folders in, decks and one `PATH:LINE: what` line per skipped file out.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from studycards.buildcache import DeckCache, DeckStore, DiskDeckCache
from studycards.deck_names import in_folder
from studycards.deckfile import (
    built_from,
    deck_file_name,
    deck_from_bytes,
    is_deck_text,
    render_deck,
)
from studycards.errors import StudycardsError
from studycards.extract.deck import Extraction, extract_note
from studycards.extract.skips import Skip
from studycards.filekind import is_markdown
from studycards.files import write_atomically
from studycards.model import Deck
from studycards.notes import parse_note, read_note_bytes

__all__ = [
    "BuildResult",
    "DeckCache",
    "DeckFile",
    "DiskDeckCache",
    "build_deck",
    "build_decks",
    "find_note_files",
    "write_decks",
]


@dataclass
class BuildResult:
    """The decks built (in input order) and the files skipped, one `PATH:LINE: what` each."""

    decks: list[Deck] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # The file each deck came from, parallel to `decks`.
    origins: list[Path] = field(default_factory=list)
    # Inputs that were deck files already: read as they are, not built (and not rewritten).
    deck_files: list[Path] = field(default_factory=list)
    # What each deck's note had that made no card, and why; parallel to `decks` (empty for a
    # deck file).
    skipped: list[tuple[Skip, ...]] = field(default_factory=list)

    def built(self) -> list[Deck]:
        """The decks built from notes, leaving out the deck files that were read as they are."""
        already = set(self.deck_files)
        return [d for d, o in zip(self.decks, self.origins, strict=True) if o not in already]


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


class NoteFile(NamedTuple):
    """A note file found in a folder: its path, its real path (symlinks resolved, as
    os.path.realpath gives it) and the `stat` of it taken while walking."""

    path: Path
    real: str
    info: os.stat_result


def walk_notes(folder: Path) -> Iterator[NoteFile]:
    """The note files under `folder`, sorted, hidden ones skipped, following symlinks but
    never into a loop. One `stat` per entry; real paths are worked out once per folder."""
    yield from _walk(folder, os.path.realpath(folder), set())


def _walk(folder: Path, real: str, seen: set[tuple[int, int]]) -> Iterator[NoteFile]:
    try:
        info = folder.stat()
    except OSError:
        return
    key = (info.st_dev, info.st_ino)
    if key in seen:
        return
    seen.add(key)
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if _is_hidden(entry.name):
            continue
        try:
            info = entry.stat()
        except OSError:
            continue  # a dangling symlink
        inside = os.path.realpath(entry.path) if entry.is_symlink() else f"{real}/{entry.name}"
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(Path(entry.path), inside, seen)
        elif stat.S_ISREG(info.st_mode) and is_markdown(entry.name):
            yield NoteFile(Path(entry.path), inside, info)


def find_note_files(paths: Sequence[Path]) -> list[Path]:
    """Files as given, folders recursed for `*.md`/`*.markdown` (hidden ones skipped); each
    file once, in the order given."""
    found: dict[Path, None] = {}
    seen: set[tuple[int, int]] = set()
    for path in paths:
        if path.is_dir():
            for note in _walk(path, os.path.realpath(path), seen):
                found.setdefault(note.path, None)
        else:
            found.setdefault(path, None)
    return list(found)


def _built(path: Path, data: bytes, cache: DeckStore | None) -> Extraction:
    if cache is None:
        return extract_note(parse_note(data, str(path)))  # no cache, no content hash
    key = (str(path), hashlib.blake2b(data, digest_size=16).digest())
    cached = cache.get(key)
    if cached is not None:
        return cached
    built = extract_note(parse_note(data, str(path)))
    cache.put(key, built)
    return built


def build_deck(path: Path, *, cache: DeckStore | None = None) -> Deck:
    """The deck of one note file. Raises StudycardsError (NoteError) naming the file."""
    return _built(path, read_note_bytes(path), cache).deck


def folder_of(path: Path, folders: Sequence[Path]) -> tuple[str, ...]:
    """The deck tree above a note found in one of `folders`: that folder's name, then the
    subfolders down to the note (`notes/history/cold-war.md` → ("notes", "history"))."""
    for folder in folders:
        # As given (a walk yields paths below the folder as given), else both resolved.
        for inner, outer in ((path, folder), (path.resolve(), folder.resolve())):
            if inner.is_relative_to(outer):
                name = folder.resolve().name or str(folder.resolve())
                return (name, *inner.relative_to(outer).parent.parts)
    return ()


def build_decks(
    paths: Sequence[Path],
    *,
    cache: DeckStore | None = None,
    progress: Callable[[int, int], None] | None = None,
    within: Sequence[Path] = (),
) -> BuildResult:
    """Build every note under `paths`; deck files among them are read as they are.

    A note found in a folder (one of `paths`, or of `within`, the folders the `paths` were
    found in) goes to a deck under that folder's tree (deck_names.in_folder).
    Missing paths and unreadable notes become `problems`; the rest is still built.
    `cache` (a DeckCache, or a DiskDeckCache for the command line) skips extraction for
    notes whose bytes it has seen.
    """
    result = BuildResult()
    for path in paths:
        if not path.exists() and not path.is_symlink():
            result.problems.append(f"{path}: no such file or folder")
    files = [p for p in find_note_files(paths) if p.exists() or p.is_symlink()]
    folders = [*within, *(path for path in paths if path.is_dir())]
    for done, path in enumerate(files, 1):
        try:
            data = read_note_bytes(path)
            if is_deck_text(data[: 64 * 1024]):
                result.decks.append(deck_from_bytes(data, str(path)))
                result.deck_files.append(path)
                result.skipped.append(())
            else:
                built = _built(path, data, cache)
                result.decks.append(in_folder(built.deck, folder_of(path, folders)))
                result.skipped.append(built.skipped)
            result.origins.append(path)
        except StudycardsError as error:
            result.problems.append(str(error))
        except RecursionError:
            result.problems.append(f"{path}: the note is nested too deeply to read")
        if progress is not None:
            progress(done, len(files))
    return result


def _unique_names(decks: Sequence[Deck]) -> list[str]:
    names: list[str] = []
    used: set[str] = set()
    for deck in decks:
        name = deck_file_name(deck)
        stem, n = name[: -len(".md")], 2
        while name.casefold() in used:
            name, n = f"{stem}-{n}.md", n + 1
        used.add(name.casefold())
        names.append(name)
    return names


def _same_file(recorded: str | None, path: str) -> bool:
    """Whether a deck file's recorded source is `path`, however either is spelled."""
    if recorded is None:
        return False
    return recorded == path or Path(recorded).resolve() == Path(path).resolve()


def _check_targets(decks: Sequence[Deck], targets: Sequence[Path]) -> list[bytes | None]:
    """The current bytes of each target (None if absent). Refuses, before anything is
    written, to replace a file that is not this deck's own earlier build: a hand-written deck
    file or one built from another note would be lost."""
    current: list[bytes | None] = []
    for deck, target in zip(decks, targets, strict=True):
        try:
            data: bytes | None = target.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            data = None  # nothing in the way (a missing folder is reported when it is made)
        except OSError as error:
            raise StudycardsError(
                f"cannot read the existing deck file: {error.strerror or error}", path=str(target)
            ) from None
        if data is not None and not _same_file(built_from(data), deck.path):
            raise StudycardsError(
                f"exists and was not built from {deck.path}; not replacing it "
                "(move it away or choose another --out folder)",
                path=str(target),
            )
        current.append(data)
    return current


class DeckFile(NamedTuple):
    """A deck file a build writes, and whether its content changes (False: left as it is)."""

    path: Path
    changed: bool


def write_decks(decks: Sequence[Deck], out_dir: Path, *, dry_run: bool = False) -> list[DeckFile]:
    """Write one deck file per deck into `out_dir`; returns each file and whether it changed
    (on a dry run: would change, and nothing is written).

    A file whose content would not change is left untouched, so its mtime stays; others are
    replaced atomically, so an interrupted build (Ctrl-C too) never leaves half a deck file or
    a temporary one. A file in the way that this deck did not build is never replaced
    (StudycardsError, nothing written), on a dry run too.
    """
    targets = [out_dir / name for name in _unique_names(decks)]
    if not targets:
        return []
    current = _check_targets(decks, targets)
    if not dry_run:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StudycardsError(
                f"cannot create the output folder: {error.strerror or error}", path=str(out_dir)
            ) from None
    files: list[DeckFile] = []
    for deck, target, existing in zip(decks, targets, current, strict=True):
        content = render_deck(deck).encode("utf-8")
        files.append(DeckFile(target, existing != content))
        if dry_run or existing == content:
            continue
        try:
            write_atomically(target, content)
        except OSError as error:
            raise StudycardsError(
                f"cannot write the deck file: {error.strerror or error}", path=str(target)
            ) from None
    return files
