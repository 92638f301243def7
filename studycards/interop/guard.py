"""Defences for reading files someone else made: size caps, safe media names, bounded
decompression and a read-only SQLite that cannot run code or loop forever.

Real Anki happily inflates a zstd bomb to a gigabyte; we refuse anything over a cap instead,
and every refusal is an ImportFormatError that names the file and the reason.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import zstandard

from studycards.errors import ImportFormatError

_MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps on what one import may read, inflate, store and spend."""

    archive_bytes: int = 4096 * _MiB
    members: int = 200_000
    collection_bytes: int = 512 * _MiB
    media_file_bytes: int = 256 * _MiB
    media_total_bytes: int = 4096 * _MiB
    text_bytes: int = 64 * _MiB
    sqlite_seconds: float = 120.0


DEFAULT_LIMITS = Limits()

_CHUNK = 1024 * 1024
# A media name must be one plain path component: no separators, no parent links, no drive
# letters, no control characters, nothing a shell or Windows would treat specially.
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
_WINDOWS_RESERVED = re.compile(r"(?i)^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$")


def safe_media_name(name: str) -> str | None:
    """`name` if it is safe to create inside the media folder, else None. NFC, like Anki."""
    name = unicodedata.normalize("NFC", name)
    if not name or name in {".", ".."} or name.startswith(".") or len(name.encode()) > 200:
        return None
    if _UNSAFE_NAME.search(name) or _WINDOWS_RESERVED.match(name) or name.strip() != name:
        return None
    return name


_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def refuse(path: Path, reason: str) -> ImportFormatError:
    """The error for a file we will not read. Names quoted from the file can hold anything,
    so control characters become `?`: the message stays one line and cannot drive a terminal."""
    return ImportFormatError(_CONTROLS.sub("?", reason), path=str(path))


def describe_size(limit: int) -> str:
    """A cap as a person reads it: `512 MiB`, `64 KiB`, `100 bytes`."""
    if limit >= _MiB and limit % _MiB == 0:
        return f"{limit // _MiB} MiB"
    if limit >= 1024:
        return f"{limit / 1024:g} KiB"
    return f"{limit} bytes"


def copy_capped(source: IO[bytes], target: IO[bytes], cap: int, *, path: Path, what: str) -> int:
    """Copy in chunks, refusing once more than `cap` bytes arrive. Returns the byte count."""
    total = 0
    while chunk := source.read(_CHUNK):
        total += len(chunk)
        if total > cap:
            raise refuse(path, f"{what} is larger than the {describe_size(cap)} limit")
        target.write(chunk)
    return total


def read_capped(source: IO[bytes], cap: int, *, path: Path, what: str) -> bytes:
    parts: list[bytes] = []
    total = 0
    while chunk := source.read(_CHUNK):
        total += len(chunk)
        if total > cap:
            raise refuse(path, f"{what} is larger than the {describe_size(cap)} limit")
        parts.append(chunk)
    return b"".join(parts)


def unzstd_stream(source: IO[bytes]) -> IO[bytes]:
    """A streaming zstd reader: frames may omit their size, so never trust a header."""
    reader: IO[bytes] = zstandard.ZstdDecompressor().stream_reader(source, read_across_frames=True)
    return reader


def write_new_file(directory: Path, name: str, data: bytes) -> None:
    """Create `directory/name` without following links or replacing anything."""
    target = directory / name
    if target.resolve().parent != directory.resolve():
        raise OSError(f"{name!r} escapes {directory}")
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


_ALLOWED_OBJECTS = {"table", "index"}


@contextmanager
def open_untrusted_sqlite(
    db: Path, *, origin: Path, limits: Limits
) -> Iterator[sqlite3.Connection]:
    """Open a collection read-only, refusing views and triggers (a `notes` view can hide an
    endless recursive query) and interrupting any statement that runs past the time cap."""
    try:
        # A URI needs an absolute path; it also escapes `?`, `#` and `%` in folder names.
        con = sqlite3.connect(f"{db.absolute().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as error:
        raise refuse(origin, f"the collection cannot be opened: {error}") from error
    deadline = time.monotonic() + limits.sqlite_seconds
    con.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    try:
        con.execute("PRAGMA trusted_schema=OFF")
        con.execute("PRAGMA cell_size_check=ON")
        con.execute("PRAGMA query_only=ON")
        try:
            objects = con.execute("SELECT type, name FROM sqlite_master").fetchall()
        except sqlite3.DatabaseError as error:
            raise refuse(origin, f"the collection is not a valid database: {error}") from error
        odd = sorted(f"{kind} {name}" for kind, name in objects if kind not in _ALLOWED_OBJECTS)
        if odd:
            raise refuse(
                origin, f"the collection holds unexpected schema objects: {', '.join(odd)}"
            )
        yield con
    except sqlite3.OperationalError as error:
        if getattr(error, "sqlite_errorcode", 0) == sqlite3.SQLITE_INTERRUPT:
            raise refuse(origin, "reading the collection took too long") from error
        raise refuse(origin, f"the collection cannot be read: {error}") from error
    except sqlite3.DatabaseError as error:
        raise refuse(origin, f"the collection is damaged: {error}") from error
    finally:
        con.close()


def read_text(path: Path, limits: Limits) -> str:
    """A text file's contents: UTF-8 (with or without BOM) or BOM-marked UTF-16; anything
    else is refused rather than guessed, so no note is silently garbled."""
    try:
        with path.open("rb") as handle:
            data = read_capped(handle, limits.text_bytes, path=path, what="the file")
    except OSError as error:
        raise refuse(path, f"cannot read the file: {error.strerror}") from error
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise refuse(path, f"not UTF-8 text (unknown encoding at byte {error.start})") from error
    if "\x00" in text:
        raise refuse(path, "not a text file (it contains NUL bytes)")
    return text.replace("\r\n", "\n").replace("\r", "\n")
