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
from functools import partial
from pathlib import Path
from typing import NamedTuple

from studycards.errors import StudycardsError
from studycards.files import write_atomically
from studycards.model import Deck
from studycards.notes.buildcache import (
    BuildIndex,
    DeckCache,
    DeckStore,
    DeckSummary,
    DiskDeckCache,
    Indexed,
)
from studycards.notes.deck_names import in_folder
from studycards.notes.deckfile import (
    built_from,
    deck_from_bytes,
    is_deck_text,
    render_deck,
)
from studycards.notes.extract.deck import Extraction, extract_note
from studycards.notes.extract.figurepick import KEY_FIGURES, FigurePolicy
from studycards.notes.extract.skips import Skip
from studycards.notes.filestamp import Stamp, stamp_of
from studycards.notes.reading import is_markdown, parse_note, read_note_bytes

__all__ = [
    "BuildIndex",
    "BuildResult",
    "BuiltNote",
    "DeckCache",
    "DeckFile",
    "DiskDeckCache",
    "build_deck",
    "build_decks",
    "find_note_files",
    "write_built",
    "write_decks",
]


class BuiltNote:
    """One input file's build: its deck's summary at once, the deck and what its note
    skipped when asked (a note recognised by its stamp is loaded from the cache only then)."""

    __slots__ = ("_built", "_load", "deck_file", "source", "summary", "written")

    def __init__(
        self,
        source: str,
        summary: DeckSummary,
        *,
        deck_file: bool,
        load: Callable[[], Extraction],
        written: tuple[str, Stamp] | None = None,
    ) -> None:
        # The file's path as found (a Path only when asked: a rebuild has thousands).
        self.source = source
        self.summary = summary
        # The input was a deck file already: read as it is, not built (and not rewritten).
        self.deck_file = deck_file
        # For a note recognised by its stamp (not read), its deck file and that file's stamp
        # as the last build into the same folder left them.
        self.written = written
        self._load = load
        self._built: Extraction | None = None

    @property
    def origin(self) -> Path:
        return Path(self.source)

    def _extraction(self) -> Extraction:
        if self._built is None:
            self._built = self._load()
        return self._built

    @property
    def deck(self) -> Deck:
        return self._extraction().deck

    @property
    def skipped(self) -> tuple[Skip, ...]:
        """What the note had that made no card, and why (empty for a deck file)."""
        return self._extraction().skipped


@dataclass
class BuildResult:
    """The files built (in input order) and the files skipped, one `PATH:LINE: what` each."""

    notes: list[BuiltNote] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def decks(self) -> list[Deck]:
        return [note.deck for note in self.notes]

    @property
    def origins(self) -> list[Path]:
        """The file each deck came from, parallel to `decks`."""
        return [note.origin for note in self.notes]

    @property
    def deck_files(self) -> list[Path]:
        """Inputs that were deck files already: read as they are, not built."""
        return [note.origin for note in self.notes if note.deck_file]

    @property
    def skipped(self) -> list[tuple[Skip, ...]]:
        """What each deck's note had that made no card, and why; parallel to `decks`."""
        return [note.skipped for note in self.notes]

    def built(self) -> list[BuiltNote]:
        """The notes built, leaving out the deck files that were read as they are."""
        return [note for note in self.notes if not note.deck_file]


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
    for path, real, info in _walk(str(folder), os.path.realpath(folder), set()):
        yield NoteFile(Path(path), real, info)


def _walk(
    folder: str, real: str, seen: set[tuple[int, int]]
) -> Iterator[tuple[str, str, os.stat_result]]:
    """walk_notes with paths as strings: a rebuild walks ten thousand notes in the time a
    Path object for each would take."""
    try:
        info = os.stat(folder)
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
            yield from _walk(entry.path, inside, seen)
        elif stat.S_ISREG(info.st_mode) and is_markdown(entry.name):
            yield entry.path, inside, info


def find_note_files(paths: Sequence[Path]) -> list[Path]:
    """Files as given, folders recursed for `*.md`/`*.markdown` (hidden ones skipped); each
    file once, in the order given."""
    found: dict[Path, None] = {}
    seen: set[tuple[int, int]] = set()
    for path in paths:
        if path.is_dir():
            for note, _, _ in _walk(str(path), os.path.realpath(path), seen):
                found.setdefault(Path(note), None)
        else:
            found.setdefault(path, None)
    return list(found)


def _digest(data: bytes, figures: FigurePolicy) -> bytes:
    """The note's cache key beside its path: its bytes and the options it is built with."""
    return hashlib.blake2b(f"figures={figures}\n".encode() + data, digest_size=16).digest()


def _extracted(
    path: Path, data: bytes, cache: DeckStore | None, figures: FigurePolicy
) -> tuple[Extraction, bytes]:
    """The note's deck and skips, from `cache` if it has seen these bytes, and its digest."""
    if cache is None:
        # No cache, no content hash.
        return extract_note(parse_note(data, str(path)), figures=figures), b""
    key = (str(path), _digest(data, figures))
    cached = cache.get(key)
    if cached is not None:
        return cached, key[1]
    built = extract_note(parse_note(data, str(path)), figures=figures)
    cache.put(key, built)
    return built, key[1]


def build_deck(path: Path, *, cache: DeckStore | None = None) -> Deck:
    """The deck of one note file. Raises StudycardsError (NoteError) naming the file."""
    return _extracted(path, read_note_bytes(path), cache, KEY_FIGURES)[0].deck


def folder_of(path: Path, folders: Sequence[Path]) -> tuple[str, ...]:
    """The deck tree above a note found in one of `folders`: that folder's name, then the
    subfolders down to the note (`notes/history/cold-war.md` → ("notes", "history"))."""
    for folder in folders:
        # As given (a walk yields paths below the folder as given), else both resolved.
        for inner, outer in ((path, folder), (path.resolve(), folder.resolve())):
            if inner.is_relative_to(outer):
                return (_tree_name(folder), *inner.relative_to(outer).parent.parts)
    return ()


def _tree_name(folder: Path) -> str:
    """The top deck of a folder's tree: its name (`/` itself has none: its path)."""
    real = folder.resolve()
    return real.name or str(real)


class _Input(NamedTuple):
    """A file to build: its path, its stamp and the deck tree above it."""

    path: str
    stamp: Stamp
    folder: tuple[str, ...]


def _inputs(paths: Sequence[Path], within: Sequence[Path], problems: list[str]) -> list[_Input]:
    """Every file under `paths` once, in order, with its stamp from the one `stat` the walk
    takes. A path that is not there is a problem."""
    folders = [*within, *(path for path in paths if path.is_dir())]
    found: dict[str, _Input] = {}
    seen: set[tuple[int, int]] = set()
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            if path.is_symlink():  # dangling: reading it says why
                found.setdefault(
                    str(path), _Input(str(path), Stamp(-1, -1), folder_of(path, folders))
                )
            else:
                problems.append(f"{path}: no such file or folder")
            continue
        if not stat.S_ISDIR(info.st_mode):
            found.setdefault(str(path), _Input(str(path), stamp_of(info), folder_of(path, folders)))
            continue
        # Without `within`, the folder that finds a note first in the walk is the one
        # folder_of names, so its tree is that folder's name and the subfolders walked.
        root = str(path)
        below = len(root) if root.endswith(os.sep) else len(root) + 1
        trees: dict[str, tuple[str, ...]] = {} if within else {root: (_tree_name(path),)}
        for note, _, note_info in _walk(root, os.path.realpath(path), seen):
            if note in found:
                continue
            parent = os.path.dirname(note)
            tree = trees.get(parent)
            if tree is None:
                if within:
                    tree = folder_of(Path(note), folders)
                else:
                    tree = (*trees[root], *parent[below:].split(os.sep))
                trees[parent] = tree
            found[note] = _Input(note, stamp_of(note_info), tree)
    return list(found.values())


def build_decks(
    paths: Sequence[Path],
    *,
    cache: DeckStore | None = None,
    index: BuildIndex | None = None,
    figures: FigurePolicy = KEY_FIGURES,
    progress: Callable[[int, int], None] | None = None,
    within: Sequence[Path] = (),
) -> BuildResult:
    """Build every note under `paths`; deck files among them are read as they are.

    A note found in a folder (one of `paths`, or of `within`, the folders the `paths` were
    found in) goes to a deck under that folder's tree (deck_names.in_folder).
    Missing paths and unreadable notes become `problems`; the rest is still built.
    `cache` (a DeckCache, or a DiskDeckCache for the command line) skips extraction for
    notes whose bytes it has seen. With an `index` too, a note whose stamp (size and
    modification time) is the one the index has is not even read: its summary comes from
    the index and its deck from `cache` when asked. `figures` is how many figure cards a
    note keeps unless its front matter says.
    """
    result = BuildResult()
    files = _inputs(paths, within, result.problems)
    for done, (key, stamp, folder) in enumerate(files, 1):
        known = index.get(key) if index is not None and cache is not None else None
        try:
            if known is not None and known.stamp == stamp and known.folder == folder:
                note = BuiltNote(
                    key,
                    known.summary,
                    deck_file=known.deck_file,
                    load=partial(_again, key, known, cache, figures),
                    written=known.written,
                )
                if index is not None:
                    index.keep(key)
            else:
                note, digest = _build(key, folder, cache, figures)
                if index is not None:
                    entry = Indexed(stamp, digest, folder, note.deck_file, note.summary, None)
                    index.put(key, entry)
            result.notes.append(note)
        except StudycardsError as error:
            result.problems.append(str(error))
        except RecursionError:
            result.problems.append(f"{key}: the note is nested too deeply to read")
        if progress is not None:
            progress(done, len(files))
    return result


def _build(
    source: str, folder: tuple[str, ...], cache: DeckStore | None, figures: FigurePolicy
) -> tuple[BuiltNote, bytes]:
    """A file read and built (a deck file read as it is), with its cache digest."""
    path = Path(source)
    data = read_note_bytes(path)
    if is_deck_text(data[: 64 * 1024]):
        built = Extraction(deck_from_bytes(data, str(path)))
        digest, deck_file = b"", True
    else:
        extraction, digest = _extracted(path, data, cache, figures)
        built = Extraction(in_folder(extraction.deck, folder), extraction.skipped)
        deck_file = False
    summary = DeckSummary.of(built.deck, len(built.skipped))
    note = BuiltNote(source, summary, deck_file=deck_file, load=lambda: built)
    return note, digest


def _again(
    source: str, known: Indexed, cache: DeckStore | None, figures: FigurePolicy
) -> Extraction:
    """The build of a note recognised by its stamp: from the cache, or (gone from it, or a
    deck file) read and built again."""
    if cache is not None and not known.deck_file:
        cached = cache.get((source, known.digest))
        if cached is not None:
            return Extraction(in_folder(cached.deck, known.folder), cached.skipped)
    return _build(source, known.folder, cache, figures)[0]._extraction()


def _unique_names(names: Sequence[str]) -> list[str]:
    unique: list[str] = []
    used: set[str] = set()
    for name in names:
        stem, n = name[: -len(".md")], 2
        while name.casefold() in used:
            name, n = f"{stem}-{n}.md", n + 1
        used.add(name.casefold())
        unique.append(name)
    return unique


def _same_file(recorded: str | None, path: str) -> bool:
    """Whether a deck file's recorded source is `path`, however either is spelled."""
    if recorded is None:
        return False
    return recorded == path or Path(recorded).resolve() == Path(path).resolve()


def _current(deck: Deck, target: Path) -> bytes | None:
    """The current bytes of `target` (None if absent). Refuses to replace a file that is not
    this deck's own earlier build: a hand-written deck file or one built from another note
    would be lost."""
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
    return data


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
    notes = [
        BuiltNote(
            deck.path,
            DeckSummary.of(deck),
            deck_file=False,
            load=partial(Extraction, deck),
        )
        for deck in decks
    ]
    return write_built(notes, out_dir, dry_run=dry_run)


def write_built(
    notes: Sequence[BuiltNote],
    out_dir: Path,
    *,
    dry_run: bool = False,
    index: BuildIndex | None = None,
) -> list[DeckFile]:
    """write_decks for the notes of a build. The deck file of a note recognised by its stamp
    is left as it is, without being read or its deck rendered, if its own stamp is the one
    the last build left; `index` learns the stamp of every other file."""
    folder = str(out_dir)
    names = [
        os.path.join(folder, name) for name in _unique_names([n.summary.file_name for n in notes])
    ]
    # Every file in the way is refused before anything is written.
    current: list[bytes | None] = []
    kept: list[bool] = []
    for note, name in zip(notes, names, strict=True):
        kept.append(note.written is not None and note.written == (name, _stamp(name)))
        current.append(None if kept[-1] else _current(note.deck, Path(name)))
    if not dry_run and names:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StudycardsError(
                f"cannot create the output folder: {error.strerror or error}", path=str(out_dir)
            ) from None
    files: list[DeckFile] = []
    for note, name, existing, same in zip(notes, names, current, kept, strict=True):
        target = Path(name)
        if same:
            files.append(DeckFile(target, False))
            continue
        content = render_deck(note.deck).encode("utf-8")
        files.append(DeckFile(target, existing != content))
        if dry_run:
            continue
        if existing != content:
            try:
                write_atomically(target, content)
            except OSError as error:
                raise StudycardsError(
                    f"cannot write the deck file: {error.strerror or error}", path=name
                ) from None
        if index is not None:
            index.wrote(note.source, target, _stamp(name))
    return files


def _stamp(path: str) -> Stamp | None:
    try:
        return stamp_of(path)
    except OSError:
        return None
