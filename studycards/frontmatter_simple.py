"""The usual front matter read without libyaml: `key: value` lines and `- item` lists.

Almost every note's front matter is flat: keys at the start of the line, plain or quoted
one-line values, `[]`, block lists of such values, comments. Handing that to libyaml costs
more than the rest of reading the note (its Python-side node constructor dominates), so this
reader takes exactly that shape and gives what `yaml.load` with the safe loader followed by
`frontmatter_yaml._plain` gives. It answers None at the first line or value it cannot read
with certainty (tabs, escapes, anchors, tags, block scalars, continuation lines, nested
mappings, flow collections, comments after a value, unusual characters…): the caller then
parses the whole block with libyaml, which also reports any error with its line.

Plain scalars are resolved with PyYAML's own implicit resolvers and constructed by its own
SafeConstructor, so `yes`, `~`, `0x1F`, `1:30`, `.inf` and `2024-06-06` mean here what they
mean to the safe loader.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

# Characters a plain scalar may not start with (or, for `-?:`, that we do not try to read).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_CONSTRUCTED = frozenset(
    {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"}
)


class _Unsure(Exception):
    """The front matter leaves this reader's shape: libyaml must read it."""


@cache
def _constructor() -> SafeConstructor:
    return SafeConstructor()


_Resolvers = tuple[tuple[str, "re.Pattern[str]"], ...]


@cache
def _resolver_table() -> tuple[dict[str, _Resolvers], _Resolvers]:
    """PyYAML's implicit resolvers by a plain scalar's first character, in the order it tries
    them, and those it tries on any scalar."""
    table = Resolver.yaml_implicit_resolvers
    anywhere = tuple((str(tag), pattern) for tag, pattern in table.get(None, ()))
    by_first = {
        first: tuple((str(tag), pattern) for tag, pattern in resolvers) + anywhere
        for first, resolvers in table.items()
        if first is not None
    }
    return by_first, anywhere


def _tag(value: str) -> str:
    """The tag PyYAML's resolver gives the plain scalar `value` (never empty)."""
    by_first, anywhere = _resolver_table()
    for tag, pattern in by_first.get(value[0], anywhere):
        if pattern.match(value):
            return tag
    return _STR


def _plain_scalar(value: str) -> Any:
    tag = _tag(value)
    if tag == _STR:
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return SafeConstructor.bool_values[value.lower()]
    if tag not in _CONSTRUCTED:
        raise _Unsure  # `<<` and `=`: the safe loader has no plain meaning for them
    try:
        built = SafeConstructor.yaml_constructors[tag](_constructor(), yaml.ScalarNode(tag, value))
    except Exception:  # an impossible date, say: libyaml's path raises what it raises
        raise _Unsure from None
    # As frontmatter_yaml._plain makes them: dates as ISO text, NaN and infinities as written.
    if isinstance(built, datetime | date):
        return built.isoformat()
    if isinstance(built, float) and (built != built or abs(built) == float("inf")):
        return str(built)
    return built


def _value(raw: str) -> Any:
    """The value written as `raw` (after `key: ` or `- `), or _Unsure."""
    raw = raw.rstrip(" ")
    if not raw:
        raise _Unsure  # an empty list item
    first = raw[0]
    if first == "'":
        inner = raw[1:-1]
        if len(raw) < 2 or raw[-1] != "'" or "'" in inner.replace("''", ""):
            raise _Unsure  # a quote closed early, on another line, or followed by more text
        return inner.replace("''", "'")
    if first == '"':
        inner = raw[1:-1]
        if len(raw) < 2 or raw[-1] != '"' or '"' in inner or "\\" in inner:
            raise _Unsure
        return inner
    if raw == "[]":
        return []
    if raw == "{}":
        return {}
    if first in _INDICATORS or ": " in raw or raw[-1] == ":" or " #" in raw:
        raise _Unsure
    by_first, anywhere = _resolver_table()
    if first not in by_first and not anywhere:
        return raw  # no implicit resolver applies to it: text (most values)
    return _plain_scalar(raw)


def _is_key(name: str) -> bool:
    """A key we read ourselves: a short ASCII word (letters, digits, `_`, `-`, not starting
    with a digit or `-`). Quoted keys, `? ` keys, `key :` and the like go to libyaml."""
    if len(name) > 64 or not name.isascii():
        return False
    # ASCII identifiers are [A-Za-z_][A-Za-z0-9_]*; a `-` may follow the first character.
    return name.isidentifier() or (name[0] != "-" and name.replace("-", "_").isidentifier())


def load_simple_yaml(text: str, max_values: int) -> dict[str, Any] | None:
    """The front matter `text` as plain data, exactly as the safe loader and `_plain` would
    give it, or None when it is not of the simple shape (or holds more than `max_values`
    values): then libyaml must read it."""
    result: dict[str, Any] = {}
    open_key: str | None = None  # a key without a value on its line: a list may follow
    items: list[Any] | None = None
    indent = 0
    count = 1  # the mapping itself, as _plain counts values
    # Only `yes`, `No`, `null`, `~`… (five characters at most) resolve to something else.
    anywhere = bool(_resolver_table()[1])
    try:
        for line in text.split("\n"):
            if not line.isprintable():
                # Tabs, controls, other line breaks, byte-order marks, odd spaces: libyaml's
                # rules for those are its own (str.isprintable admits none of them).
                raise _Unsure
            stripped = line.lstrip(" ")
            if not stripped or stripped[0] == "#":
                continue  # blank lines and comment lines mean nothing anywhere
            if stripped[0] == "-" and stripped[1:2] in ("", " "):
                if open_key is None:
                    raise _Unsure
                here = len(line) - len(stripped)
                if items is None:
                    items, indent = [], here
                    result[open_key] = items
                elif here != indent:
                    raise _Unsure
                items.append(_value(stripped[2:]))
                count += 1
                continue
            if line[0] == " ":
                raise _Unsure  # a continuation line or a nested mapping
            key, colon, rest = line.partition(":")
            if not colon or not _is_key(key) or (rest and rest[0] != " "):
                raise _Unsure
            if key in result or ((len(key) <= 5 or anywhere) and _tag(key) != _STR):
                raise _Unsure  # a repeated key, or `yes:`/`null:` keys that are not text
            rest = rest.lstrip(" ")
            count += 2
            items = None
            if not rest or rest[0] == "#":
                result[key] = None
                open_key = key
            else:
                result[key] = _value(rest)
                open_key = None
    except _Unsure:
        return None
    if count > max_values:
        return None
    return result
