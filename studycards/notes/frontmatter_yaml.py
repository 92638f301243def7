"""Front matter parsed safely: YAML through libyaml's safe loader (TOML and JSON through the
standard library), then bounded and made plain.

A note's front matter is untrusted text. The safe loader builds no objects from tags; what it
does build is walked once, with a cap on depth and on the number of values, so an alias bomb or
a deep nest is refused in bounded time instead of exploding later in whoever reads the values.
Every error names the file line it is on: `first_line` is the line of the text's first line.
"""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date, datetime
from typing import Any

import yaml

from studycards.errors import NoteError

MAX_DEPTH = 20
MAX_VALUES = 10_000
# Front matter longer than this is not front matter a person wrote; refuse before parsing.
MAX_FRONT_MATTER_BYTES = 256 * 1024

_TOML_WHERE = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)")
_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Budget:
    __slots__ = ("left",)

    def __init__(self) -> None:
        self.left = MAX_VALUES


def _plain(value: Any, depth: int, budget: _Budget, where: tuple[str | None, int]) -> Any:
    """`value` as JSON-compatible data (str, int, float, bool, None, list, dict with str keys).

    Shared references (YAML aliases) are expanded here, so the value budget counts what a reader
    would see, and stops an alias bomb after MAX_VALUES values."""
    path, line = where
    budget.left -= 1
    if budget.left < 0:
        raise NoteError(f"front matter has more than {MAX_VALUES} values", path=path, line=line)
    if depth > MAX_DEPTH:
        raise _too_deep(path, line)
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        # NaN and infinities are not JSON; keep what the person wrote.
        return value if value == value and abs(value) != float("inf") else str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {
            str(_plain(key, depth + 1, budget, where)): _plain(item, depth + 1, budget, where)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [_plain(item, depth + 1, budget, where) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(str(_plain(item, depth + 1, budget, where)) for item in value)
    if isinstance(value, bytes):
        raise NoteError("front matter holds a binary (!!binary) value", path=path, line=line)
    raise NoteError(
        f"front matter holds an unsupported {type(value).__name__} value", path=path, line=line
    )


def _as_mapping(data: Any, path: str | None, line: int) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise NoteError("front matter must be `key: value` lines", path=path, line=line)
    plain = _plain(data, 0, _Budget(), (path, line))
    assert isinstance(plain, dict)
    return plain


def _too_deep(path: str | None, line: int) -> NoteError:
    """What a parser's RecursionError means: nesting deeper than any reader would follow."""
    return NoteError(f"front matter is nested deeper than {MAX_DEPTH}", path=path, line=line)


def _check_size(text: str, path: str | None, line: int) -> None:
    if len(text) > MAX_FRONT_MATTER_BYTES:
        raise NoteError(
            f"front matter is longer than {MAX_FRONT_MATTER_BYTES // 1024} KiB",
            path=path,
            line=line,
        )


def load_yaml(text: str, *, path: str | None = None, first_line: int) -> dict[str, Any]:
    """Parse YAML front matter whose first line is line `first_line` of the file."""
    _check_size(text, path, first_line)
    try:
        data = yaml.load(text, Loader=_Loader)  # _Loader is libyaml's safe loader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        # libyaml marks an unclosed bracket at the end of the stream; point at the last line.
        last = first_line + text.rstrip("\n").count("\n")
        line = min(first_line + mark.line, last) if mark is not None else first_line
        what = error.problem or error.context or "not valid YAML"
        raise NoteError(f"front matter is not valid YAML: {what}", path=path, line=line) from None
    except yaml.YAMLError as error:
        raise NoteError(
            f"front matter is not valid YAML: {error}", path=path, line=first_line
        ) from None
    except (ValueError, OverflowError) as error:
        # A value of the right shape that cannot exist: `date: 2024-13-45`.
        raise NoteError(
            f"front matter holds an impossible value: {error}", path=path, line=first_line
        ) from None
    except RecursionError:
        raise _too_deep(path, first_line) from None
    return _as_mapping(data, path, first_line)


def load_toml(text: str, *, path: str | None = None, first_line: int) -> dict[str, Any]:
    """Parse TOML front matter (`+++` fences, as Hugo and hashcards-style notes use)."""
    _check_size(text, path, first_line)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # Python 3.14 gives the line; before, only the message does: `(at line 3, column 5)`,
        # or `(at end of document)`, which is the last line.
        where = _TOML_WHERE.search(str(error))
        if where is None:
            number = getattr(error, "lineno", 1)
        elif where.group(1) is None:
            number = text.rstrip("\n").count("\n") + 1
        else:
            number = int(where.group(1))
        message = _TOML_WHERE.sub("", str(error)).strip()
        raise NoteError(
            f"front matter is not valid TOML: {message}", path=path, line=first_line + number - 1
        ) from None
    except RecursionError:
        raise _too_deep(path, first_line) from None
    return _as_mapping(data, path, first_line)


def load_json(text: str, *, path: str | None = None, first_line: int) -> dict[str, Any]:
    """Parse JSON front matter (a `{` … `}` object at the top, as Hugo reads it)."""
    _check_size(text, path, first_line)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        line = first_line + error.lineno - 1
        raise NoteError(
            f"front matter is not valid JSON: {error.msg}", path=path, line=line
        ) from None
    except RecursionError:
        raise _too_deep(path, first_line) from None
    return _as_mapping(data, path, first_line)
