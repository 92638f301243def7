"""Deck files: written by the builder, editable by hand, read back to the same deck."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studycards.errors import DeckFileError
from studycards.interop.filekind import FileKind, kind_of
from studycards.model import NOTE_FIELDS, Deck, Note, NoteType, Source, note_id_for
from studycards.notes.builder import build_deck, build_decks
from studycards.notes.cards import cards_of
from studycards.notes.deckfile import (
    deck_file_name,
    parse_deck_text,
    read_deck_file,
    render_deck,
)

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def bundled(monkeypatch: pytest.MonkeyPatch) -> Deck:
    # Built as `studycards build data/` run from the repository builds it: relative paths.
    monkeypatch.chdir(REPO)
    return build_deck(Path("data/us-china-ai-race.md"))


def test_bundled_deck_round_trips_and_renders_byte_identically(bundled: Deck) -> None:
    text = render_deck(bundled)
    again = parse_deck_text(text, "decks/us-china-ai-race.md")
    assert again == bundled
    assert render_deck(again) == text


def test_committed_deck_file_is_what_the_builder_makes_now(bundled: Deck) -> None:
    committed = REPO / "decks" / "us-china-ai-race.md"
    assert committed.read_text(encoding="utf-8") == render_deck(bundled)
    assert read_deck_file(committed) == bundled


def test_deck_file_is_readable_markdown_with_cjk_as_is(bundled: Deck) -> None:
    text = render_deck(bundled)
    assert "\\u" not in text and "deck: 美中AI竞赛的未来走向" in text
    assert "## 危险的领先劣势" in text
    note = bundled.notes[0]
    assert f"### term {note.note_id}\n- term: 大规模杀伤性武器\n" in text


HAND_WRITTEN = """\
---
deck: Spanish::Verbs
tags: [spanish]
---
# Spanish verbs

## Present tense

### basic
- question: ¿Cómo se dice "to be"?
- answer: ser / estar
  (two verbs:
    ser for identity)

### cloze my-id.1
- text: Yo {{c1::soy}} estudiante.
- tags: spanish grammar

<!-- a comment
over two lines -->
### term
term: hablar
english: to speak
"""


def test_hand_written_deck_file() -> None:
    deck = parse_deck_text(HAND_WRITTEN, "decks/spanish.md")
    assert deck.name == "Spanish::Verbs" and deck.tags == ("spanish",)
    basic, cloze, term = deck.notes
    assert basic["answer"] == "ser / estar\n(two verbs:\n  ser for identity)"
    assert basic.note_id == note_id_for(NoteType.BASIC, basic["question"])
    assert basic.source == Source("decks/spanish.md", 9, "Present tense")
    assert cloze.note_id == "my-id.1" and cloze.tags == ("spanish", "grammar")
    assert [c.answer for c in cards_of(cloze)] == ["soy"]
    assert term["english"] == "to speak" and term.tags == ("spanish",)


def test_explicit_id_wins_and_survives_edits(bundled: Deck) -> None:
    text = render_deck(bundled)
    edited = text.replace("- definition: 指确保AI的目标与人类价值观一致", "- definition: 新的定义")
    assert edited != text
    before = {n.note_id for n in bundled.notes}
    after = parse_deck_text(edited, "d.md")
    assert {n.note_id for n in after.notes} == before
    assert any(n.fields.get("definition") == "新的定义" for n in after.notes)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("stray text\n", 1, "outside a note"),
        ("### term\n- term: a\n### quiz\n", 3, "unknown note type"),
        ("### term bad/id\n- term: a\n", 1, "must be 1-64"),
        ("### term\n- term: a\n- colour: red\n", 3, "not a field of a term note"),
        ("### term\n- term: a\n- term: b\n", 3, "appears twice"),
        ("### term x\n- term: a\n\n### term x\n- term: b\n", 4, "already used"),
        ("### figure\n- text: no cloze here\n", 2, "hides nothing"),
        ("### basic\n- question: q\n", 1, "no `answer`"),
        ("---\ndeck: x\n", 1, "never closed"),
        ("---\ndeck: [x\n---\n", 2, "not valid YAML"),
        ("### basic\n- question: q\n- answer: a\n- reversed: maybe\n", 4, "yes or no"),
        ("### term\n- term: a\nnot a field line\n", 3, "expected `- field: value`"),
    ],
)
def test_errors_name_path_and_line(text: str, line: int, words: str) -> None:
    with pytest.raises(DeckFileError) as caught:
        parse_deck_text(text, "decks/x.md")
    assert str(caught.value).startswith(f"decks/x.md:{line}: ")
    assert words in str(caught.value)


def test_read_deck_file_refuses_binary(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"\x00\x01\x02")
    with pytest.raises(DeckFileError, match="binary"):
        read_deck_file(path)


def test_a_deck_file_is_told_from_a_note(tmp_path: Path, bundled: Deck) -> None:
    deck_file, note, hand = tmp_path / "a.md", tmp_path / "b.md", tmp_path / "c.md"
    deck_file.write_text(render_deck(bundled), encoding="utf-8")
    note.write_bytes((REPO / "data/us-china-ai-race.md").read_bytes())
    hand.write_text("### basic\n- question: q\n- answer: a\n", encoding="utf-8")
    assert kind_of(deck_file) is kind_of(hand) is FileKind.DECK_FILE
    assert kind_of(note) is FileKind.NOTE
    assert kind_of(tmp_path / "missing.md") is FileKind.NOTE  # its reader says it is missing


def test_a_note_that_names_its_deck_is_still_a_note(tmp_path: Path) -> None:
    named, empty = tmp_path / "named.md", tmp_path / "empty.md"
    named.write_text(
        "---\ndeck: Reading::Later\ntitle: Found\n---\n\nThe **keel** (a ship's spine) held.\n",
        encoding="utf-8",
    )
    # A deck file of no notes (front matter and its comment) is still a deck file.
    empty.write_text("---\ndeck: Spare\n---\n<!-- nothing yet -->\n", encoding="utf-8")
    assert kind_of(named) is FileKind.NOTE
    assert kind_of(empty) is FileKind.DECK_FILE
    (deck,) = build_decks([named]).decks
    assert deck.name == "Reading::Later" and {n.deck for n in deck.notes} == {"Reading::Later"}


def test_deck_file_name() -> None:
    assert (
        deck_file_name(Deck("美中", (), path="data/us-china-ai-race.md")) == "us-china-ai-race.md"
    )
    assert deck_file_name(Deck("Spanish::Verbs / Ser", ())) == "spanish-verbs-ser.md"
    assert deck_file_name(Deck("能源 转型", ())) == "能源-转型.md"
    assert deck_file_name(Deck("../..", ())) == "deck.md"


# Field values as the builder and the reader keep them: no surrounding whitespace, no
# trailing spaces on lines, no carriage returns.
_CHARS = st.characters(blacklist_categories=["Cs"], blacklist_characters="\r")
_value = st.text(_CHARS, max_size=40).map(
    lambda v: "\n".join(line.rstrip() for line in v.split("\n")).strip()
)
_line_text = (
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters=":"),
        min_size=1,
        max_size=20,
    )
    .map(str.strip)
    .filter(bool)
)
_tag = st.text(
    st.characters(whitelist_categories=("L", "N"), whitelist_characters="-_:"),
    min_size=1,
    max_size=8,
)


@st.composite
def decks(draw: st.DrawFn) -> Deck:
    name = draw(_line_text)
    deck_tags = tuple(dict.fromkeys(draw(st.lists(_tag, max_size=3))))
    notes = []
    for index in range(draw(st.integers(0, 5))):
        note_type = draw(st.sampled_from(list(NOTE_FIELDS)))  # the types a deck file holds
        fields = {field: draw(_value) for field in NOTE_FIELDS[note_type]}
        required = {"term": "term", "figure": "text", "basic": "question", "cloze": "text"}
        main = required[str(note_type)]
        if note_type in (NoteType.FIGURE, NoteType.CLOZE):
            fields[main] = f"{fields[main]} {{{{c1::{draw(_line_text)}}}}}".strip()
        else:
            fields[main] = fields[main] or "x"
        if note_type is NoteType.BASIC:
            fields["answer"] = fields["answer"] or "y"
        tags = (
            deck_tags
            if draw(st.booleans())
            else tuple(dict.fromkeys(draw(st.lists(_tag, max_size=2))))
        )
        source = Source(
            draw(_line_text),
            draw(st.integers(1, 10_000)),
            draw(st.sampled_from(["", "A", "B 节"]) | _line_text),
        )
        notes.append(
            Note(
                note_id=f"id{index}",
                type=note_type,
                deck=name,
                fields=fields,
                tags=tags,
                source=source,
                reversed=note_type is NoteType.BASIC and draw(st.booleans()),
                guid=draw(st.sampled_from(["", "Ab3$x"])),
            )
        )
    meta = draw(
        st.dictionaries(_line_text, st.none() | st.booleans() | st.integers() | _value, max_size=3)
    )
    return Deck(name, tuple(notes), tags=deck_tags, path=draw(_line_text), meta=meta)


@settings(max_examples=80, deadline=None)
@given(decks())
def test_any_deck_round_trips(deck: Deck) -> None:
    text = render_deck(deck)
    assert parse_deck_text(text, "d.md") == deck
    assert render_deck(parse_deck_text(text, "d.md")) == text


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "---\n",
                "### term\n",
                "### figure x\n",
                "- term: a\n",
                "- text: {{c1::x}}\n",
                "  more\n",
                "\n",
                "## h\n",
                "<!--\n",
                "-->\n",
                "deck: [\n",
            ]
        )
        | st.text(max_size=12),
        max_size=25,
    ).map("".join)
)
def test_arbitrary_text_gives_a_deck_or_a_deck_file_error(text: str) -> None:
    try:
        deck = parse_deck_text(text, "d.md")
    except DeckFileError as error:
        assert str(error).startswith("d.md:")
    else:
        assert parse_deck_text(render_deck(deck), "d.md").notes == deck.notes


@pytest.mark.parametrize(
    "text",
    [
        "### term a" + " \t" * 20_000 + "b c\n",
        "### term\n- term:" + " \t" * 20_000 + "x\n",
        "### term\n- term: a\n" + "  b\n" * 20_000,
        "### term\n- term: a\n" + "\n" * 20_000 + "  b\n",
    ],
    ids=["header", "field", "continuations", "blank lines"],
)
def test_hostile_deck_files_are_read_in_linear_time(text: str) -> None:
    started = time.perf_counter()
    try:
        parse_deck_text(text, "d.md")
    except DeckFileError as error:
        assert str(error).startswith("d.md:1:")
    assert time.perf_counter() - started < 10


def test_a_note_with_a_basic_heading_is_not_a_deck_file(tmp_path: Path) -> None:
    note = tmp_path / "income.md"
    note.write_text(
        "# Universal income\n\n### basic\n\nA basic income of 1000 dollars.\n", encoding="utf-8"
    )
    assert kind_of(note) is FileKind.NOTE
