"""Card text is data: helpers that keep it from acting on the terminal."""

from __future__ import annotations

import re
import unicodedata

# ESC-introduced sequences: CSI (ESC [ ... final), OSC/DCS/SOS/PM/APC strings (terminated by
# BEL or ST), and two-byte escapes. Their 8-bit C1 forms (U+009B CSI, U+009D OSC, ...) as well.
_ESCAPE_SEQUENCE = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]                          # CSI
  | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]).*?(?:\x07|\x1b\\|\x9c|$)  # OSC, DCS, SOS, PM, APC
  | \x1b[@-Z\\-_]                                             # other two-byte escapes
  | \x1b                                                      # a lone ESC
    """,
    re.VERBOSE | re.DOTALL,
)
# C0 and C1 controls other than tab and newline, plus DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_terminal_controls(text: str) -> str:
    """Remove escape sequences and control characters so text cannot restyle a terminal,
    write the clipboard (OSC 52) or move the cursor. Tabs and newlines stay."""
    if text.isprintable():
        # Every sequence and character removed below starts with a control character (Cc),
        # never printable: most text (deck names, counts) skips the two searches.
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


# Full-width punctuation of Chinese prose, each of which NFKC maps to one ASCII character.
# Replacing them first gives the same NFKC form (their decompositions are unchanged) and
# usually leaves text that is already normalized, so the slow full normalization is skipped.
_FULL_WIDTH = (
    ("，", ","),
    ("：", ":"),
    ("；", ";"),
    ("！", "!"),
    ("？", "?"),
    ("（", "("),
    ("）", ")"),
    ("％", "%"),
    ("\u3000", " "),
)


def normalize_key(text: str) -> str:
    """The form of a term, question or clause that identifies it: NFKC, whitespace collapsed,
    case-folded. Full-width and half-width spellings of the same text become equal."""
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        for wide, narrow in _FULL_WIDTH:
            if wide in text:  # a one-character test is cheaper than a replace that finds none
                text = text.replace(wide, narrow)
        text = unicodedata.normalize("NFKC", text)
    # Only runs of spaces, edge spaces or other whitespace (none of it printable) change
    # under the split-and-join; most keys have none, and the tests are cheaper than a copy.
    if "  " in text or not text.isprintable() or text[:1] == " " or text[-1:] == " ":
        text = " ".join(text.split())
    return text.casefold()
