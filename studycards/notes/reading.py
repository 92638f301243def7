"""Reading a note file: bytes → text → front matter + body, keeping line numbers exact.

The front matter is found and split by python-frontmatter's handlers, ours for each format:
their patterns match only a whole fence line, so the body's first line is known exactly (the
library's own `parse` strips the text and forgets it), and their loaders are the capped safe
ones of `frontmatter_yaml`, whose errors name the file line.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from frontmatter import detect_format
from frontmatter.default_handlers import BaseHandler, JSONHandler, YAMLHandler

from studycards.errors import NoteError
from studycards.notes.frontmatter_yaml import load_json, load_toml, load_yaml

MAX_NOTE_BYTES = 4 * 1024 * 1024
# The file names a note has: Markdown, whatever kind of Markdown (filekind.py tells them apart).
MARKDOWN_SUFFIXES = (".md", ".markdown")


def is_markdown(path: Path | str) -> bool:
    return str(path).lower().endswith(MARKDOWN_SUFFIXES)


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


# hashcards writes TOML between `---` fences; it is read as such when the YAML reading fails
# and the first line looks like `key = value`.
_TOML_KEY_LINE = re.compile(r"[A-Za-z0-9_.-]+[ \t]*=[^=]")


class _YAML(YAMLHandler):
    """`---` … `---` (or `...`), read by the capped safe loader; TOML between `---` too."""

    FM_BOUNDARY = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)

    def detect(self, text: str) -> bool:
        return text.startswith("---") and bool(super().detect(text))

    def load(self, fm: str, **kwargs: object) -> dict[str, Any]:
        try:
            return load_yaml(fm, first_line=1)
        except NoteError:
            if not _TOML_KEY_LINE.match(fm.lstrip()):
                raise
            try:
                return load_toml(fm, first_line=1)
            except NoteError:
                pass
            raise


class _TOML(BaseHandler):
    """`+++` … `+++` (Hugo, Zola), read by tomllib (python-frontmatter's needs `toml`)."""

    FM_BOUNDARY = re.compile(r"^\+\+\+[ \t]*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> dict[str, Any]:
        return load_toml(fm, first_line=1)


class _JSON(JSONHandler):
    """A JSON object whose `{` and `}` stand alone on the first and closing lines (Hugo)."""

    def detect(self, text: str) -> bool:
        return text.startswith("{") and bool(super().detect(text))

    def load(self, fm: str, **kwargs: object) -> dict[str, Any]:
        return load_json(fm, first_line=1)


@cache
def _handlers() -> tuple[BaseHandler, ...]:
    return (_YAML(), _TOML(), _JSON())


class FrontMatter(NamedTuple):
    """A note's text split at its front matter, which is not read yet (`read` reads it)."""

    # The front matter's text as python-frontmatter's handler splits it: its first line is
    # the file's first line (the opening fence's rest, empty for `---` and `+++`).
    raw: str
    body: str
    # 1-based file line of the body's first line.
    body_line: int
    # The handler of the front matter's format (None: the note has no front matter).
    handler: BaseHandler | None

    def read(self, path: str) -> dict[str, Any]:
        """The front matter as plain data. Raises NoteError naming `path` and the line."""
        if self.handler is None:
            return {}
        try:
            meta = self.handler.load(self.raw)
        except NoteError as error:
            raise NoteError(error.message, path=path, line=error.line) from None
        assert isinstance(meta, dict)
        return meta


def front_matter(text: str, path: str = "") -> FrontMatter:
    """`text` (decoded, newlines normalized) split at its front matter: YAML between `---`,
    TOML between `+++` or a JSON object, told apart by python-frontmatter's handlers. This is
    the one splitter: notes, deck files and the Obsidian and hashcards readers all use it.
    Raises NoteError for front matter that is opened and never closed."""
    handler = detect_format(text, _handlers())
    if handler is None:
        return FrontMatter("", text, 1, None)
    try:
        raw, content = handler.split(text)
    except ValueError:
        fence = text.partition("\n")[0].strip()
        raise NoteError(
            f"front matter opened with `{fence}` on line 1 is never closed", path=path, line=1
        ) from None
    # The content starts right after the closing fence, at its line break.
    body = content[1:] if content.startswith("\n") else content
    return FrontMatter(raw, body, text.count("\n", 0, len(text) - len(body)) + 1, handler)


def split_front_matter(text: str, path: str) -> tuple[dict[str, Any], str, int]:
    """(front matter, body, first body line) of decoded, newline-normalized `text`."""
    split = front_matter(text, path)
    return split.read(path), split.body, split.body_line


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
