"""Reading a note file: bytes → text → front matter + body, keeping line numbers exact.

python-frontmatter would parse the YAML too, but it forgets where the body starts; every card
points back at `path:line`, so the split is done here (in the spirit of hashcards'
`extract_frontmatter`) and only the YAML itself goes to the loader.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studycards.errors import NoteError
from studycards.frontmatter_yaml import load_toml, load_yaml

MAX_NOTE_BYTES = 4 * 1024 * 1024

_BOMS = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# What GBK/GB18030 text decodes to outside ASCII: CJK ideographs and punctuation, full-width
# forms, kana, Greek/Cyrillic and symbols GBK carries. Bytes in another legacy encoding
# (Latin-1, Shift-JIS) that happen to decode as GB18030 land elsewhere, mostly in rare planes.
_NOT_GB_TEXT = re.compile(
    r"[^\x00-\x7f\u00a0-\u00ff\u0391-\u03c9\u0401-\u0451\u2000-\u27ff\u2e80-\u33ff"
    r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
)
_GB_PAIR = re.compile(rb"[\x81-\xfe][\x80-\xfe]")
_GB_PAIR_LOW = re.compile(rb"[\x81-\xfe][\x40-\x7e]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_FENCE = {"---": ("---", "..."), "+++": ("+++",)}


@dataclass(frozen=True, slots=True)
class NoteText:
    """A decoded note: its front matter and its body, with the body's first line number."""

    path: str
    meta: dict[str, Any]
    body: str
    # 1-based line number of the body's first line in the file.
    body_line: int
    encoding: str = "utf-8"


def _looks_like_latin_bytes(data: bytes) -> bool:
    """Windows-1252 or Latin-1 bytes that happen to decode as GBK: common Chinese characters
    are two bytes of 0xA1-0xFE, but `naïve` gives a high byte followed by an ASCII letter."""
    high = len(_GB_PAIR.findall(data))
    low = len(_GB_PAIR_LOW.findall(data))
    return low > high


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_note(data: bytes, path: str) -> tuple[str, str]:
    """`data` as text and the encoding it was in. Raises NoteError for anything but text."""
    if not data.strip():
        raise NoteError("the note is empty", path=path)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise NoteError(
                    f"not valid {encoding.upper()} despite its byte-order mark "
                    f"(bad bytes at offset {error.start + len(bom)})",
                    path=path,
                ) from None
    if b"\x00" in data:
        raise NoteError(
            "looks like a binary file (it contains NUL bytes), not a Markdown note",
            path=path,
            line=_line_at(data, data.index(b"\x00")),
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    plausible = text and _NOT_GB_TEXT.search(text) is None and _CONTROL.search(text) is None
    if plausible and not _looks_like_latin_bytes(data):
        return text, "gb18030"
    bad = data[utf8_error.start]
    raise NoteError(
        f"cannot decode byte 0x{bad:02x}: the note is not UTF-8, UTF-16 (with BOM) or GBK text; "
        "save it as UTF-8",
        path=path,
        line=_line_at(data, utf8_error.start),
    )


_TOML_KEY_LINE = re.compile(r"[A-Za-z0-9_.-]+[ \t]*=[^=]")


def _load_front_matter(raw: str, fence: str, path: str) -> dict[str, Any]:
    """YAML between `---`, TOML between `+++`; hashcards writes TOML between `---` too, which
    is tried when the YAML reading fails and the first line looks like `key = value`."""
    if fence == "+++":
        return load_toml(raw, path=path, first_line=2)
    try:
        return load_yaml(raw, path=path, first_line=2)
    except NoteError:
        if not _TOML_KEY_LINE.match(raw.lstrip()):
            raise
        try:
            return load_toml(raw, path=path, first_line=2)
        except NoteError:
            pass
        raise


def split_front_matter(text: str, path: str) -> tuple[dict[str, Any], str, int]:
    """(front matter, body, first body line) of decoded, newline-normalized `text`."""
    first_end = text.find("\n")
    first = (text if first_end < 0 else text[:first_end]).rstrip()
    if first not in _FENCE:
        return {}, text, 1
    closers = _FENCE[first]
    search = first_end
    while search >= 0:
        # The next line starting like a closing fence; only it can be one.
        starts = [at for at in (text.find("\n" + closer, search) for closer in closers) if at >= 0]
        if not starts:
            break
        start = min(starts) + 1
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        if text[start:end].rstrip() in closers:
            meta = _load_front_matter(text[first_end + 1 : start], first, path)
            return meta, text[end + 1 :], text.count("\n", 0, start) + 2
        search = start
    raise NoteError(
        f"front matter opened with `{first}` on line 1 is never closed", path=path, line=1
    )


def parse_note(data: bytes, path: str) -> NoteText:
    """Decode and split a note's bytes. Raises NoteError naming `path` (and the line)."""
    if len(data) > MAX_NOTE_BYTES:
        raise NoteError(
            f"the note is larger than {MAX_NOTE_BYTES // (1024 * 1024)} MiB; split it", path=path
        )
    text, encoding = decode_note(data, path)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, body, body_line = split_front_matter(text, path)
    return NoteText(path=path, meta=meta, body=body, body_line=body_line, encoding=encoding)


def read_note_bytes(path: Path) -> bytes:
    """The bytes of `path`, refusing files over the size cap before reading them whole."""
    try:
        # Unbuffered, and sized by fstat: reading `cap + 1` bytes through a buffered file
        # allocates the whole cap for every small note.
        with open(path, "rb", buffering=0) as handle:
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(min(size, MAX_NOTE_BYTES) + 1)
            # More than fstat said (a file still growing, a pipe): read on to the end or the cap.
            while len(data) > size and len(data) <= MAX_NOTE_BYTES:
                more = handle.read(MAX_NOTE_BYTES + 1 - len(data))
                if not more:
                    break
                data += more
    except IsADirectoryError:
        raise NoteError("is a folder, not a note", path=str(path)) from None
    except OSError as error:
        raise NoteError(
            f"cannot read the note: {error.strerror or error}", path=str(path)
        ) from None
    if len(data) > MAX_NOTE_BYTES:
        raise NoteError(
            f"the note is larger than {MAX_NOTE_BYTES // (1024 * 1024)} MiB; split it",
            path=str(path),
        )
    return data


def read_note(path: Path) -> NoteText:
    """Read and split the note at `path`."""
    return parse_note(read_note_bytes(path), str(path))
