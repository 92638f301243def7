"""What a gloss says: an English name, an abbreviation, a definition, told apart by shape.

`Alignment: 指确保AI的目标一致` is a name and a definition, `WMDs: Weapons of Mass
Destruction` an abbreviation and its expansion, `Net Revenue Retention, NRR` the same with a
comma, `英语：machine code` a name behind a label. glossary.py finds the glosses; this module
reads them.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

# The first colon that is not inside a ratio or a time (3:1, 10:30).
_COLON = re.compile(r"[：:](?:(?<=：)|(?<!\d:)|(?!\d))")
# `Net Revenue Retention, NRR`, `Model Context Protocol，模型上下文协议`: one comma between two
# names in different scripts.
_COMMA = re.compile(r"[，,]\s*")
_ABBR = re.compile(r"[A-Z][A-Za-z0-9&./-]{0,11}")
# A section sign and its number, or a file name (`src/fsrs.rs`, `notes.md`).
_REFERENCE = re.compile(r"§\s*[\d.]*|[\w./-]*\.(?:md|py|rs|ts|js|json|toml|ya?ml|txt)\b")
# What introduces a gloss without being part of it: `（英语：machine code）`, `（即…）`,
# `（注：…）`, `(i.e. …)`, `(aka …)`.
_LABEL = re.compile(
    r"(?:英语|英文|英|日语|全称|简称|又称|亦称|也称|也叫|或称|俗称|注|English|Eng\.?)\s*[：:]\s*"
    r"|(?:即(?![时刻将使便日])|也就是|亦即|i\.e\.,?|aka\b|a\.k\.a\.)\s*",
    re.IGNORECASE,
)
# Longer than this, the text before a colon is a sentence, not an English name.
MAX_NAME_WORDS = 6
# Longer than this (in CJK characters), a gloss is a definition, not a name.
MAX_NAME_CJK = 12
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_SENTENCE_MARKS = frozenset("。！？；!?;，,")


class Gloss(NamedTuple):
    """What a gloss says about its term."""

    english: str = ""
    abbr: str = ""
    definition: str = ""


def is_abbreviation(text: str) -> bool:
    """`WMDs`, `MAD`, `CCP`, `U.S.`, `ＡＩ`: one word of at most 12 characters, a capital
    first, at least two letters, and every letter a capital but at most one."""
    if not text or len(text) > 24:
        return False
    text = unicodedata.normalize("NFKC", text)
    if not _ABBR.fullmatch(text):
        return False
    letters = [char for char in text if char.isalpha()]
    capitals = sum(1 for char in letters if char.isupper())
    return len(letters) >= 2 and capitals >= max(2, len(letters) - 1)


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def collapse_spaces(text: str) -> str:
    """Whitespace runs as one space, none at the ends."""
    return " ".join(text.split())


def without_label(gloss: str) -> str:
    """The gloss without a label in front (`英语：machine code` → `machine code`)."""
    label = _LABEL.match(gloss)
    return gloss[label.end() :].strip() if label else gloss


def is_name(text: str) -> bool:
    """Whether `text` reads as a name rather than a sentence: no sentence marks, at most
    MAX_NAME_WORDS words or MAX_NAME_CJK CJK characters."""
    if not text or any(char in _SENTENCE_MARKS for char in text):
        return False
    if has_cjk(text):
        return len(_CJK.findall(text)) <= MAX_NAME_CJK
    return text.count(" ") + 1 <= MAX_NAME_WORDS


def initials(phrase: str) -> str:
    """`Model Context Protocol` → `MCP`, `Multi-Token Prediction` → `MTP`."""
    return "".join(word[0] for word in re.split(r"[\s-]+", phrase) if word).upper()


def _two_names(term: str, left: str, right: str) -> Gloss | None:
    """A gloss of two names joined by a comma, or None when it is not that shape."""
    if not (is_name(left) and is_name(right)):
        return None
    if is_abbreviation(right) and not has_cjk(left):
        return Gloss(english=left, abbr=right)  # Net Revenue Retention, NRR
    if is_abbreviation(left) and not has_cjk(right):
        return Gloss(english=right, abbr=left)
    if not has_cjk(left) and has_cjk(right):
        return Gloss(english=left, definition=right)  # Model Context Protocol，模型上下文协议
    if has_cjk(left) and not has_cjk(right) and not has_cjk(term):
        return Gloss(english=right, definition=left)
    return None


def parse_gloss(term: str, gloss: str) -> Gloss:
    """Split a gloss into English name, abbreviation and definition by its shape."""
    gloss = collapse_spaces(without_label(gloss))
    colon = _COLON.search(gloss)
    if colon is None:
        comma = _COMMA.search(gloss)
        if comma is not None and _COMMA.search(gloss, comma.end()) is None:
            two = _two_names(term, gloss[: comma.start()].strip(), gloss[comma.end() :].strip())
            if two is not None:
                return two
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
    if has_cjk(left) or left.count(" ") + 1 > MAX_NAME_WORDS:
        return Gloss(definition=gloss)  # a sentence with a colon in it, not `Name: definition`
    return Gloss(english=left, definition=right)


def with_definition(gloss: Gloss, definition: str) -> Gloss:
    """`gloss` with a definition written after it (`**Shadow IT**（影子IT）- 未经批准的工具`):
    a gloss that was only a short definition is then the name, and the text after it the
    definition."""
    if not definition:
        return gloss
    if gloss.definition and not gloss.english and is_name(gloss.definition):
        return Gloss(gloss.definition, gloss.abbr, definition)
    return gloss if gloss.definition else Gloss(gloss.english, gloss.abbr, definition)


def is_reference(gloss: str) -> bool:
    """`**Design** (§3)`, `**Scheduler** (src/fsrs.rs)`: a citation after a bold label, as
    technical notes write them, not a gloss. (Code and URLs are told by the Markdown reader's
    marks.)"""
    rest = _REFERENCE.sub("", gloss)
    return rest != gloss and sum(1 for char in rest if char.isalnum()) < 3
