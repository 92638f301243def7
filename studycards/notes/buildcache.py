"""What earlier builds made, so `studycards build` redoes only the notes that changed.

Two layers, as git has its index over its objects:

- a note's built deck (with what its build skipped) is cached under its path and a digest of
  its bytes and the build options (`DeckCache` in memory, `DiskDeckCache` on disk), so a
  note touched without a change is not extracted again;
- a `BuildIndex` remembers, per note of one build, its stamp (size and modification time,
  filestamp.py), that digest, the summary of its deck and the stamp of the deck file it
  wrote. A note whose stamp is unchanged is recognised without being read, and its deck
  file, if its stamp is unchanged too, without being read or rendered again.

Both are keyed by the extractor's own source, so a new version of it never serves decks the
old one built, and an entry that cannot be read is a miss, never an error."""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections import OrderedDict
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from studycards.model import Deck, Note, NoteType, Source
from studycards.notes.extract.deck import Extraction
from studycards.notes.extract.skips import Skip
from studycards.notes.filestamp import Stamp, stamp_of

Key = tuple[str, bytes]
# Beyond this many cached decks, the least recently used half is dropped.
MAX_ENTRIES = 20_000
# Build indexes kept (one per output folder, options and version of studycards).
MAX_INDEXES = 32


class DeckStore(Protocol):
    def get(self, key: Key) -> Extraction | None: ...

    def put(self, key: Key, built: Extraction) -> None: ...


class DeckCache:
    """In memory, for one process (the review app re-reads a note after each edit)."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._decks: OrderedDict[Key, Extraction] = OrderedDict()

    def get(self, key: Key) -> Extraction | None:
        built = self._decks.get(key)
        if built is not None:
            self._decks.move_to_end(key)
        return built

    def put(self, key: Key, built: Extraction) -> None:
        self._decks[key] = built
        if len(self._decks) > self.size:
            self._decks.popitem(last=False)


@functools.cache
def _code_version() -> bytes:
    """A digest of the modules that turn bytes into a Deck and a deck into its file, and of
    the libraries that read the Markdown: change any, and the caches miss.

    Our modules are read whole. A library is known by the stamp of its package's first
    file, which any install or upgrade rewrites: asking the installed distributions their
    versions (importlib.metadata) costs a rebuild of an unchanged folder a third of its time.
    """
    import frontmatter
    import markdown_it
    import mdit_py_plugins
    import yaml

    from studycards import model, text
    from studycards.notes import builder, cards, deck_names, deckfile, extract, frontmatter_yaml
    from studycards.notes import reading as notes

    digest = hashlib.blake2b(digest_size=16)
    for library in (markdown_it, mdit_py_plugins, frontmatter, yaml):
        digest.update(f"{library.__name__} {stamp_of(library.__file__ or '')}\n".encode())
    folder = Path(extract.__file__).parent
    files = sorted(folder.glob("*.py"))
    modules = (builder, cards, deck_names, deckfile, frontmatter_yaml, model, notes, text)
    files += [Path(m.__file__ or "") for m in modules]
    files.append(Path(__file__))
    for file in files:
        digest.update(file.read_bytes())
    return digest.digest()


def deck_to_json(deck: Deck) -> dict[str, Any]:
    return {
        "name": deck.name,
        "tags": list(deck.tags),
        "path": deck.path,
        "meta": dict(deck.meta),
        "notes": [
            [
                n.note_id,
                str(n.type),
                list(n.fields.values()),
                list(n.tags),
                [n.source.path, n.source.line, n.source.heading],
                n.reversed,
                n.guid,
            ]
            for n in deck.notes
        ],
    }


def deck_from_json(data: dict[str, Any]) -> Deck:
    from studycards.model import NOTE_FIELDS

    notes = []
    for note_id, type_, values, tags, source, reversed_, guid in data["notes"]:
        note_type = NoteType(type_)
        fields = dict(zip(NOTE_FIELDS[note_type], values, strict=True))
        notes.append(
            Note(
                note_id,
                note_type,
                data["name"],
                fields,
                tuple(tags),
                Source(*source),
                reversed_,
                guid,
            )
        )
    return Deck(
        data["name"], tuple(notes), tags=tuple(data["tags"]), path=data["path"], meta=data["meta"]
    )


class DiskDeckCache:
    """One small JSON file per note in `folder`; unreadable entries are misses, never errors."""

    def __init__(self, folder: Path, *, read_only: bool = False) -> None:
        self.folder = folder
        # A dry run reads earlier builds but writes nothing, not even to the cache.
        self.read_only = read_only
        self._version = _code_version()
        self._written = 0

    def _file(self, key: Key) -> Path:
        path, content = key
        name = hashlib.blake2b(
            self._version + content + path.encode("utf-8", "surrogatepass"), digest_size=16
        ).hexdigest()
        return self.folder / f"{name}.json"

    def get(self, key: Key) -> Extraction | None:
        try:
            data = json.loads(self._file(key).read_bytes())
            skipped = tuple(Skip(line, text, reason) for line, text, reason in data["skipped"])
            return Extraction(deck_from_json(data), skipped)
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def put(self, key: Key, built: Extraction) -> None:
        if self.read_only:
            return
        target = self._file(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = target.with_suffix(f".{os.getpid()}.tmp")
            data = deck_to_json(built.deck) | {"skipped": [list(skip) for skip in built.skipped]}
            temporary.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
            os.replace(temporary, target)
        except OSError:
            return  # a cache that cannot be written only costs speed
        self._written += 1
        if self._written == 1:
            self._prune()

    def _prune(self) -> None:
        try:
            # Counted by name first: a `stat` of every entry would cost each rebuild that
            # writes one entry more than the rest of it.
            with os.scandir(self.folder) as scan:
                if sum(1 for _ in scan) <= MAX_ENTRIES:
                    return
            entries = sorted(os.scandir(self.folder), key=lambda e: e.stat().st_mtime)
            for entry in entries[: max(0, len(entries) - MAX_ENTRIES // 2)]:
                os.unlink(entry.path)
        except OSError:
            return


class DeckSummary(NamedTuple):
    """What a build reports and writes of a deck, without the deck: its name, the file name
    it is written under, and its counts."""

    name: str
    file_name: str
    notes: int
    terms: int
    figures: int
    cards: int
    skipped: int

    @classmethod
    def of(cls, deck: Deck, skipped: int = 0) -> DeckSummary:
        from studycards.notes.cards import card_ords
        from studycards.notes.deckfile import deck_file_name

        return cls(
            deck.name,
            deck_file_name(deck),
            len(deck.notes),
            sum(1 for note in deck.notes if note.type is NoteType.TERM),
            sum(1 for note in deck.notes if note.type is NoteType.FIGURE),
            sum(len(card_ords(note)) for note in deck.notes),
            skipped,
        )


class Indexed(NamedTuple):
    """One note as the last build left it."""

    stamp: Stamp
    # The digest of its bytes and the build options: its DeckStore key with the path.
    digest: bytes
    # The folder tree it was built under (builder.folder_of): the same note named from
    # another folder makes another deck.
    folder: tuple[str, ...]
    # It was a deck file, read as it is.
    deck_file: bool
    summary: DeckSummary
    # Its deck file and that file's stamp as the build left it; None when none was written.
    written: tuple[str, Stamp] | None


class BuildIndex:
    """The notes of the last build into one output folder, by path, in one file in `folder`.

    The file is named by the extractor's version, the build options, the working folder and
    the output folder, so a build with other options or into another folder never reads
    another's entries. Only the notes of the last build are kept: a note that left the
    build leaves the index.
    """

    def __init__(self, folder: Path, *, out_dir: Path, options: str) -> None:
        name = hashlib.blake2b(
            b"\0".join(
                part.encode("utf-8", "surrogatepass")
                for part in (options, os.getcwd(), os.path.realpath(out_dir))
            )
            + _code_version(),
            digest_size=16,
        ).hexdigest()
        self.file = folder / f"index-{name}.json"
        # Entries as stored (converted when asked), and the index file's modification time.
        self._before: dict[str, list[Any]] = {}
        self._saved = 0
        self._now: dict[str, Indexed | list[Any]] = {}
        try:
            with open(self.file, "rb") as handle:
                self._saved = os.fstat(handle.fileno()).st_mtime_ns
                self._before = json.loads(handle.read())
        except (OSError, ValueError):
            self._before = {}

    def get(self, path: str) -> Indexed | None:
        """The note at `path` as the last build left it."""
        stored = self._before.get(path)
        if stored is None:
            return None
        # As git does with its index: a file modified in the same clock tick as the index
        # was saved may have changed again in that tick without its stamp changing, so it is
        # looked at again (read and compared: a note is not rebuilt unless its bytes changed,
        # a deck file not rewritten unless it differs).
        try:
            if stored[1] >= self._saved:  # the note's modification time
                return None
            entry = _indexed(stored)
        except (ValueError, TypeError, IndexError):
            return None
        if entry.written is not None and entry.written[1].mtime_ns >= self._saved:
            return entry._replace(written=None)
        return entry

    def keep(self, path: str) -> None:
        """The note at `path` is as the last build left it (get gave its entry)."""
        self._now[path] = self._before[path]

    def put(self, path: str, entry: Indexed) -> None:
        """The note at `path` as this build leaves it."""
        self._now[path] = entry

    def wrote(self, path: str, target: Path, stamp: Stamp | None) -> None:
        """The note at `path` has its deck in `target`, which is as `stamp` says (None: it
        could not be looked at)."""
        entry = self._now.get(path)
        if entry is None:
            return
        written = None if stamp is None else (str(target), stamp)
        if isinstance(entry, list):
            entry = _indexed(entry)
        self._now[path] = entry._replace(written=written)

    def save(self) -> None:
        """Replace the index by this build's notes; a failure only costs speed next time."""
        data = {
            path: entry if isinstance(entry, list) else _entry_json(entry)
            for path, entry in self._now.items()
        }
        if data == self._before:
            return  # the same notes, the same files: nothing to remember anew
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.file.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
            os.replace(temporary, self.file)
            self._prune()
        except OSError:
            return

    def _prune(self) -> None:
        """Keep the MAX_INDEXES indexes saved last: each version of studycards, each set of
        options and each output folder leaves one."""
        indexes = sorted(self.file.parent.glob("index-*.json"), key=lambda p: p.stat().st_mtime_ns)
        for stale in indexes[:-MAX_INDEXES]:
            stale.unlink(missing_ok=True)


def _entry_json(entry: Indexed) -> list[Any]:
    """An entry as stored: flat, the stamp first (size, modification time, digest, deck file
    or not, the summary's seven fields, the deck file and its stamp or three nulls, the
    folder tree)."""
    written = (None, None, None) if entry.written is None else (entry.written[0], *entry.written[1])
    return [
        *entry.stamp,
        entry.digest.hex(),
        entry.deck_file,
        *entry.summary,
        *written,
        *entry.folder,
    ]


def _indexed(data: list[Any]) -> Indexed:
    target, size, mtime_ns = data[11:14]
    return Indexed(
        Stamp(data[0], data[1]),
        bytes.fromhex(data[2]),
        tuple(data[14:]),
        bool(data[3]),
        DeckSummary._make(data[4:11]),
        None if target is None else (target, Stamp(size, mtime_ns)),
    )
