"""Built decks (with what each note's build skipped) cached by note content, so `studycards build` skips extraction for unchanged
notes. Keyed by the note's path, its bytes and the extractor's own source, so a new version of
the extractor never serves decks the old one built."""

from __future__ import annotations

import hashlib
import json
import os
from collections import OrderedDict
from pathlib import Path
from typing import Any, Protocol

from studycards.extract.deck import Extraction
from studycards.extract.skips import Skip
from studycards.model import Deck, Note, NoteType, Source

Key = tuple[str, bytes]
# Beyond this many cached decks, the least recently used half is dropped.
MAX_ENTRIES = 20_000


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


def _code_version() -> bytes:
    """A digest of the modules that turn bytes into a Deck and of the versions of the libraries
    that read the Markdown: change any, and the cache misses."""
    from importlib.metadata import version

    from studycards import cards, extract, frontmatter_yaml, model, notes, text

    digest = hashlib.blake2b(digest_size=16)
    for library in ("markdown-it-py", "mdit-py-plugins", "python-frontmatter", "pyyaml"):
        digest.update(f"{library} {version(library)}\n".encode())
    folder = Path(extract.__file__).parent
    files = sorted(folder.glob("*.py"))
    modules = (cards, frontmatter_yaml, model, notes, text)
    files += [Path(m.__file__ or "") for m in modules]
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
            entries = sorted(os.scandir(self.folder), key=lambda e: e.stat().st_mtime)
            for entry in (
                entries[: max(0, len(entries) - MAX_ENTRIES // 2)]
                if len(entries) > MAX_ENTRIES
                else []
            ):
                os.unlink(entry.path)
        except OSError:
            return
