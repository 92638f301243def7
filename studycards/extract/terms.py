"""Glossary annotations: a bold term right after which a parenthetical gloss explains it.

`**对齐**（Alignment: 指确保AI的目标与人类价值观一致）`, `**大规模杀伤性武器**（WMDs: Weapons
of Mass Destruction）`, `**相互保证毁灭**（Mutually Assured Destruction: MAD）`,
`**total war** (a conflict in which …)`. Bold text with no gloss after it is emphasis.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

# The first parenthesis or line break after a gloss opens: a gloss is one aside, closed on
# its line without another parenthesis inside.
_GLOSS_STOP = re.compile(r"[（()）\n]")
# The first colon that is not inside a ratio or a time (3:1, 10:30).
# A character class first, so the engine skips to colons instead of trying every branch
# at every position.
_COLON = re.compile(r"[：:](?:(?<=：)|(?<!\d:)|(?!\d))")
_ABBR = re.compile(r"[A-Z][A-Za-z0-9&./-]{0,11}")
# A file name is found by its extension alone, so the pattern cannot backtrack over a long word.
_REFERENCE = re.compile(r"[§.](?:(?<=§)|(?<=[\w-]\.)(?:md|py|rs|ts|js|json|toml|ya?ml|txt)\b)")
# Longer than this, the text before a colon is a sentence, not an English name.
_MAX_NAME_WORDS = 6
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


class Gloss(NamedTuple):
    """What a gloss says about its term (a tuple: made for every annotation of a cold build)."""

    english: str = ""
    abbr: str = ""
    definition: str = ""


def is_abbreviation(text: str) -> bool:
    """`WMDs`, `MAD`, `CCP`, `U.S.`, `ＡＩ`: short, mostly capitals, one word."""
    if len(text) > 24 or not text:
        return False
    if not text.isascii():
        if "\u4e00" <= text[0] <= "\u9fff":
            return False  # a CJK ideograph is its own NFKC form, never a capital letter
        text = unicodedata.normalize("NFKC", text)
    if text[1:2].islower() and text[2:3].islower():
        return False  # two lower-case letters already: `Alignment`, not `WMDs`
    if not _ABBR.fullmatch(text):
        return False
    # ASCII now: at least two letters, all capitals but at most one (`WMDs`). Counted by
    # str methods mapped in C rather than a comprehension.
    return sum(map(str.isupper, text)) >= 2 and sum(map(str.islower, text)) <= 1


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def collapse_spaces(text: str) -> str:
    """`" ".join(text.split())`: whitespace runs as one space, none at the ends. Only runs of
    spaces, edge spaces or other whitespace (none of it printable) change anything, and
    testing for those is cheaper than the copy."""
    if "  " in text or not text.isprintable() or text[:1] == " " or text[-1:] == " ":
        return " ".join(text.split())
    return text


def parse_gloss(term: str, gloss: str) -> Gloss:
    """Split a gloss into English name, abbreviation and definition by its shape."""
    gloss = collapse_spaces(gloss)
    colon = _COLON.search(gloss)
    if colon is None:
        if is_abbreviation(gloss) and not is_abbreviation(term):
            return Gloss(abbr=gloss)
        if has_cjk(term) and not has_cjk(gloss):
            return Gloss(english=gloss)
        if is_abbreviation(term) and not has_cjk(gloss):
            return Gloss(english=gloss)
        return Gloss(definition=gloss)
    left = gloss[: colon.start()].strip()
    right = gloss[colon.end() :].strip()
    if not left:
        return Gloss(definition=right)
    if not right:
        return parse_gloss(term, left)
    if is_abbreviation(left) and not is_abbreviation(right) and not has_cjk(right):
        return Gloss(english=right, abbr=left)  # WMDs: Weapons of Mass Destruction
    if is_abbreviation(right) and not has_cjk(left):
        return Gloss(english=left, abbr=right)  # Mutually Assured Destruction: MAD
    # The gloss's whitespace is single spaces now, and `left` is stripped and not empty.
    if has_cjk(left) or left.count(" ") + 1 > _MAX_NAME_WORDS:
        return Gloss(definition=gloss)  # a sentence with a colon in it, not `Name: definition`
    return Gloss(english=left, definition=right)


def gloss_after(text: str, end: int) -> tuple[int, int] | None:
    """(start, end) of the parenthetical gloss right after a bold term that ends at `end` of
    a block's text (`**对齐**（Alignment）`: one space or tab may come between), or None."""
    pos = end + 1 if text[end : end + 1] in (" ", "\t") else end
    if text[pos : pos + 1] not in ("（", "("):
        return None
    stop = _GLOSS_STOP.search(text, pos + 1)
    if stop is None or text[stop.start()] not in ")）":
        return None
    return pos + 1, stop.start()


def is_reference(term: str, gloss: str) -> bool:
    """`**Design** (§3)`, `**Scheduler** (src/fsrs.rs)`: a bold label with a citation after
    it, as technical notes write them, not a term with its gloss. (Code and URLs in either
    are told by the Markdown reader's marks.)"""
    # _REFERENCE needs one of these; most glosses have none.
    if "§" in gloss or "." in gloss:
        return _REFERENCE.search(gloss) is not None
    return False


def clean_term(text: str) -> str:
    return collapse_spaces(text)
