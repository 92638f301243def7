"""Whatever text a note holds, it leaves as Anki HTML and comes back as the same text."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from studycards.cards import CARD_MARKS
from studycards.clock import FrozenClock, StudyDay
from studycards.interop import read_import
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
from studycards.interop.html_text import html_to_text, text_to_html
from studycards.model import Note, NoteRecord, NoteType, Source, note_id_for

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
    """How Anki would show it: runs of spaces as one, lines trimmed, at most one blank line."""
    lines = [" ".join(line.split(" ")).strip() for line in text.split("\n")]
    lines = [" ".join(part for part in line.split(" ") if part) for line in lines]
    out = "\n".join(lines).strip()
    while "\n\n\n" in out:
        out = out.replace("\n\n\n", "\n\n")
    return out


@settings(max_examples=150, deadline=None)
@given(_TEXT)
def test_text_survives_html_and_back(text: str) -> None:
    assume("[sound:" not in text and "[image:" not in text)  # those are media references
    assume(text == text.replace("\t", ""))
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
