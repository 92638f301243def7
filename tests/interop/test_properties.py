"""Whatever text a note holds, it leaves as Anki HTML and comes back as the same text."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from studycards.clock import FrozenClock, StudyDay
from studycards.interop.anki_export import write_apkg
from studycards.interop.anki_render import (
    CardTemplate,
    NoteTypeDef,
    TemplateError,
    generated_ords,
    parse,
    render,
)
from studycards.interop.anki_text import write_anki_text
from studycards.interop.html_text import html_to_text, readable, text_to_html
from studycards.interop.readers import read_import
from studycards.model import Note, NoteRecord, NoteType, Source, note_id_for
from studycards.notes.cards import CARD_MARKS, cloze_marker, cloze_numbers, strip_cloze

from .conftest import T0, record

# Text as a person types it: any printable characters, spaces, line breaks.
_CHAR = st.characters(
    blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"), blacklist_characters="\u00a0"
)
_TEXT = st.lists(
    _CHAR
    | st.sampled_from(["\n", " ", "<", ">", "&", "&amp;", '"', "'", "{{", "}}", "[", "]", "<b>"]),
    max_size=60,
).map("".join)


def _tidy(text: str) -> str:
    """How Anki would show it: indentation and runs of two or more spaces kept (they go out
    as &nbsp;), a single space at a line's start and spaces at its end dropped, at most one
    blank line."""
    lines = []
    for line in text.split("\n"):
        line = line.rstrip(" ")
        indent = len(line) - len(line.lstrip(" "))
        lines.append(line.lstrip(" ") if indent == 1 else line)
    out = "\n".join(lines).strip("\n")
    while "\n\n\n" in out:
        out = out.replace("\n\n\n", "\n\n")
    return out


@settings(max_examples=150, deadline=None)
@given(_TEXT)
def test_text_survives_html_and_back(text: str) -> None:
    assume("[sound:" not in text and "[image:" not in text)  # those are media references
    assume(text == text.replace("\t", ""))
    assume(readable(text) == text)  # furigana and math are read as such (tested elsewhere)
    assert html_to_text(text_to_html(text)) == _tidy(text)


@settings(max_examples=30, deadline=None)
@given(_TEXT, _TEXT, st.lists(st.from_regex(r"[a-z][a-z0-9_-]{0,11}", fullmatch=True), max_size=3))
def test_any_basic_note_round_trips_through_a_package(
    question: str, answer: str, tags: list[str]
) -> None:
    question, answer = _tidy(question), _tidy(answer)
    assume(question and "[sound:" not in question + answer and "[image:" not in question + answer)
    assume("\t" not in question + answer)
    note = Note(
        note_id_for(NoteType.BASIC, question),
        NoteType.BASIC,
        "Deck",
        {"question": question, "answer": answer},
        tuple(sorted(set(tags))),
        Source("n.md", 3, "H"),
    )
    records: list[NoteRecord] = [record(note)]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "p.apkg"
        write_apkg(
            records,
            out,
            with_scheduling=False,
            media_dir=None,
            clock=FrozenClock(T0),
            study_day=StudyDay(),
        )
        batch = read_import(out, media_dir=Path(tmp) / "media")
    assert batch is not None
    ((back,),) = [deck.notes for deck in batch.decks]
    assert back == note


@settings(max_examples=40, deadline=None)
@given(_TEXT, _TEXT, st.sampled_from(["Deck", "A::B", "#hash deck", 'quote"deck']))
def test_any_basic_note_round_trips_through_anki_text(
    question: str, answer: str, deck: str
) -> None:
    question, answer = _tidy(question), _tidy(answer)
    assume(question and "[sound:" not in question + answer and "[image:" not in question + answer)
    fields = {"question": question, "answer": answer}
    note = Note(note_id_for(NoteType.BASIC, question), NoteType.BASIC, deck, fields)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "p.txt"
        write_anki_text([record(note)], out)
        batch = read_import(out, media_dir=Path(tmp) / "media")
    assert batch is not None and batch.warnings == ()
    ((back,),) = [d.notes for d in batch.decks]
    assert (back.deck, back["question"], back["answer"]) == (deck, question, answer)


# -- Anki's templates ---------------------------------------------------------------------

_MARK_PAIR = re.compile("[\ue001\ue002][^\ue001-\ue003]*\ue003")
_TEMPLATE_PIECES = ["{{", "}}", "{{#", "{{^", "{{/", "Front", "Back", "Extra", ":", "cloze",
                    "furigana", "kana", "text", "hint", "type", "FrontSide", "Tags", "c1", "::",
                    "<!--", "-->", "<br>", "{{=<% %>=}}", "<%", "%>", " ", "x[y]", "漢[かん]"]  # fmt: skip
_FIELD_PIECES = ["{{c1::", "{{c2::", "}}", "::", "hint", "a", " ", "<br>", "<div>", "</div>",
                 "漢字[かんじ]", "[sound:x.mp3]", "\ue001", "{{c0::"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_TEMPLATE_PIECES), max_size=14).map("".join),
    st.lists(st.sampled_from(_TEMPLATE_PIECES), max_size=8).map("".join),
    st.lists(st.lists(st.sampled_from(_FIELD_PIECES), max_size=8).map("".join), max_size=4),
    st.booleans(),
)
def test_any_template_renders_or_names_its_error(
    question: str, answer: str, values: list[str], cloze: bool
) -> None:
    """Whatever a note type holds, rendering gives HTML (or the error Anki would show) and
    card generation gives ordinals; nothing crashes."""
    kind = NoteTypeDef(
        "Any", ("Front", "Back", "Extra"), (CardTemplate("Card 1", question, answer),), cloze
    )
    ords = generated_ords(kind, values)
    assert ords and all(0 <= o <= 499 for o in ords)
    for ord_ in ords:
        card = render(kind, values, ord_ if cloze else 0)
        text = html_to_text(card.question) + html_to_text(card.answer)
        # Marks come from the cloze filter alone (a field's own are removed), in pairs.
        while (paired := _MARK_PAIR.sub("", text)) != text:
            text = paired
        assert not CARD_MARKS.search(text)
    try:
        parse(question)
    except TemplateError as error:
        assert str(error).startswith(("Found", "Missing"))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["{", "}", "::", ":", "x", "^", " ", "{2}", "}}", "c1", "\n"]),
             max_size=10).map("".join),
    st.integers(1, 30),
)  # fmt: skip
def test_a_deletion_marker_holds_its_text_or_says_it_cannot(hidden: str, number: int) -> None:
    """Any text a Markdown cloze hides, braces included, becomes a marker that gives it back
    whole, or none at all (the reader then warns): never a marker that cuts it short."""
    marker = cloze_marker(number, hidden)
    if marker is not None:
        assert strip_cloze(f"a {marker} b") == f"a {hidden} b"
        assert cloze_numbers(marker) == [number]
    else:  # only a `::` (a hint would start there) or a `}` can end a marker early
        assert "::" in hidden or "}" in hidden or ":" in (hidden[:1], hidden[-1:])
