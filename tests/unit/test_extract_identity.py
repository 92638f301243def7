"""What the cold build's shortcuts must keep: a note's id is the one its own text gives, and
every note is one that Note's own checks accept."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from studycards.errors import NoteError
from studycards.model import NOTE_FIELDS, Note, NoteType, note_id_for, note_id_hasher
from studycards.notes.cards import note_id_of
from studycards.notes.extract import figurenotes
from studycards.notes.extract.deck import extract_note
from studycards.notes.extract.quantities import find_quantities
from studycards.notes.extract.terms import collapse_spaces, is_abbreviation
from studycards.notes.reading import parse_note
from studycards.text import normalize_key

DATA = Path(__file__).resolve().parent.parent / "data"
_PROSE = (DATA / "chinese-energy.md").read_text(encoding="utf-8") + (
    DATA / "english-total-war.md"
).read_text(encoding="utf-8")
_FRAGMENTS = [
    *re.split(r"(?<=[。！？；，,.])", _PROSE),
    "\n",
    "\n\n",
    "**对齐**（Alignment: 指确保AI的目标一致）",
    "50%",
    "三个月",
    "1.2 million",
    "six months",
    "{{c1::",
    "}}",
    "{",
    "他们拥有约20-30年的优势。",
    "纵观历史，例如二战，美国40%的GDP用于战争。",
    "这是一个20年的时期，",
]


def _checked(note: Note) -> Note:
    """The same note built through Note's own constructor, which checks its fields."""
    assert tuple(note.fields) == NOTE_FIELDS[note.type]  # in order, as exporters list them
    return Note(note.note_id, note.type, note.deck, dict(note.fields), note.tags, note.source)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=30).map("".join))
def test_every_extracted_note_has_the_id_its_own_text_gives(text: str) -> None:
    try:
        deck = extract_note(parse_note(text.encode("utf-8"), "n.md")).deck
    except NoteError:
        return
    for note in deck.notes:
        assert _checked(note) == note
        assert note.note_id == note_id_of(note.type, note.fields)


def test_the_bundled_note_keeps_its_ids(bundled_note: Path) -> None:
    deck = extract_note(parse_note(bundled_note.read_bytes(), str(bundled_note))).deck
    figures = [n for n in deck.notes if n.type is NoteType.FIGURE]
    assert len(figures) >= 10
    for note in figures:
        assert note.note_id == note_id_of(NoteType.FIGURE, note.fields)
        assert _checked(note) == note


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(list(NoteType)),
    st.text(alphabet="Ａa 中，（）\u3000ｶﾞ%％\x1a", max_size=12),
)
def test_a_type_s_id_function_gives_note_id_for_ids(note_type: NoteType, key: str) -> None:
    assert note_id_hasher(note_type)(key) == note_id_for(note_type, key)


_OPENINGS = [
    "因此，",
    "所以",
    "但是",
    "但",
    "而且",
    "而",
    "同时",
    "于是",
    "他们",
    "她",
    "它",
    "这",
    "那",
    "此",
    "就是",
    "So, ",
    "But ",
    "And ",
    "Thus ",
    "They",
    "He",
    "She",
    "It",
    "Its",
    "This",
    "That",
    "These",
    "Those",
    " is",
    " was",
    "这是",
    "那也是",
    "人口",
    "x",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_OPENINGS), min_size=1, max_size=4).map("".join))
def test_sentences_the_patterns_match_start_with_a_listed_character(text: str) -> None:
    # The extractor skips these patterns unless the first character could start a match.
    if figurenotes._PRONOUN.match(text):
        assert text[0] in figurenotes._PRONOUN_FIRST
    if figurenotes._DEMONSTRATIVE.match(text):
        assert text[0] in figurenotes._DEMONSTRATIVE_FIRST
    if figurenotes._FRAMING.match(text):
        assert text[0] in figurenotes._FRAMING_FIRST


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=20)
    | st.text(" \t\n\u3000\u00a0a中，", max_size=12)
)
def test_whitespace_shortcuts_change_nothing(text: str) -> None:
    assert collapse_spaces(text) == " ".join(text.split())
    assert normalize_key(text) == " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


_NUMBERS = [
    "50%",
    "20-30%",
    "2000万",
    "1.2 million",
    "300,000",
    "3:1",
    "100：1",
    "三个月",
    "十年",
    "$5 billion",
    "$ 5",
    "six months",
    "百分之五十",
    "8-9 %",
    "100吉瓦（GW）",
    "5 GW",
    "，",
    "。",
    " ",
    ".",
    ":",
    "年",
    "1945年",
    "10:30",
    "twenty years'",
    "第三年",
    "数十年",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_NUMBERS + _FRAGMENTS[:40]), max_size=12).map("".join))
def test_figures_neither_start_with_a_space_nor_end_in_trailing_punctuation(text: str) -> None:
    # Figure notes trim questions around their markers, and look for clause breaks from a
    # figure's end, on this promise.
    for quantity in find_quantities(text):
        start, end = quantity.start, quantity.end
        assert not text[start].isspace()
        assert not text[end - 1].isspace() and text[end - 1] not in figurenotes.TRAILING
        assert text[end - 1] != "—"  # nor in a clause mark: clause breaks are found from there


def _abbreviation_as_defined(text: str) -> bool:
    """is_abbreviation as the glossary rules state it, without the shortcuts."""
    if not text or len(text) > 24:
        return False
    text = unicodedata.normalize("NFKC", text)
    if not re.fullmatch(r"[A-Z][A-Za-z0-9&./-]{0,11}", text):
        return False
    letters = [c for c in text if c.isalpha()]
    capitals = sum(1 for c in letters if c.isupper())
    return len(letters) >= 2 and capitals >= max(2, len(letters) - 1)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="AaBbZz0.&-/ ＡＩｓ中", max_size=14))
def test_abbreviation_shortcuts_change_nothing(text: str) -> None:
    assert is_abbreviation(text) == _abbreviation_as_defined(text)
