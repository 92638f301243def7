"""What the builder looked at and made no card of, and why: nothing is dropped without a word.

Every reader of a note (glossary terms, figures, the Markdown reader itself) records a Skip
for each annotation or candidate it decides against; `studycards build --explain` lists them
and the build summary counts them per note.
"""

from __future__ import annotations

from typing import NamedTuple

# A skipped annotation is quoted up to this many characters.
MAX_QUOTE = 60


class Skip(NamedTuple):
    """At file line `line`, `text` made no card, for `reason` (a phrase: "a speaker label")."""

    line: int
    text: str
    reason: str


def quote(text: str) -> str:
    """`text` on one line, shortened to MAX_QUOTE characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= MAX_QUOTE else flat[: MAX_QUOTE - 1].rstrip() + "…"


def explain(path: str, skip: Skip) -> str:
    """`PATH:LINE: skipped "…": reason`, the line `build --explain` prints for `skip`."""
    return f'{path}:{skip.line}: skipped "{quote(skip.text)}": {skip.reason}'
