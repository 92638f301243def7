"""Anki field HTML as terminal text, and media that survives Anki → studycards → Anki."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from studycards.clock import FrozenClock, StudyDay
from studycards.interop import html_text
from studycards.interop.anki_export import write_apkg
from studycards.interop.html_text import html_to_text, text_to_html
from studycards.interop.readers import read_import
from studycards.model import NoteType
from tests.builders import note
from tests.cli.clirun import Studycards

from .anki_fixtures import CAT_PNG, build_anki_deck
from .conftest import import_apkg, record


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("plain words", "plain words"),
        ("a &amp; b &lt;c&gt; &nbsp;d", "a & b <c> d"),
        ("one<br>two<br/>three", "one\ntwo\nthree"),
        ("<div>first</div><div>second</div>", "first\nsecond"),
        ("<b>bold</b> and <span style='color:red'>red</span>", "bold and red"),
        ("before<script>alert(1)</script><style>.x{}</style>after", "beforeafter"),
        ("<ul><li>one</li><li>two</li></ul>", "one\ntwo"),
        ('see <img src="a &amp; b.png"> here', "see [image: a & b.png] here"),
        ("say [sound:word.mp3]", "say [sound: word.mp3]"),
        ("{{c1::<b>Paris</b>}} is in France", "{{c1::Paris}} is in France"),
        ("evil \x1b]52;c;aGk=\x07 clipboard", "evil clipboard"),
        ("<p>unclosed <b>tags", "unclosed tags"),
        ("a<br><br>b", "a\n\nb"),
        # Code: indentation and blank lines kept, line numbers of highlighters dropped.
        ("<pre>if x:\n    y()\n\n\nz()</pre>after", "if x:\n    y()\n\n\nz()\nafter"),
        ("<div>if x:</div><div>&nbsp;&nbsp;&nbsp;&nbsp;y()</div>", "if x:\n    y()"),
        (
            '<pre><span class="linenos">1</span>a = 1\n<span class="linenos">2</span>  b</pre>',
            "a = 1\n  b",
        ),
        ('<table><tr><td class="gutter"><pre>1\n2</pre></td><td>x</td></tr></table>', "x"),
        ("<code>a[0] \\(b\\)</code>", "a[0] \\(b\\)"),
        # Furigana from Anki's syntax and from <ruby>; brackets that are not furigana stay.
        ("日本語[にほんご]を 勉強[べんきょう]", "日本語(にほんご)を勉強(べんきょう)"),
        ("<ruby>騒<rt>さわ</rt></ruby>がしい", "騒(さわ)がしい"),
        ("<ruby>漢<rp>(</rp><rt>かん</rt><rp>)</rp></ruby>", "漢(かん)"),
        ("xs[0] and [sound:a.mp3]", "xs[0] and [sound: a.mp3]"),
        # LaTeX and MathJax keep their source between dollars.
        ("[$]x^2[/$] [$$]y[/$$] \\(a\\) \\[b\\]", "$x^2$ $$y$$ $a$ $$b$$"),
        ("a <!-- a note to self --> b", "a b"),
        ('<audio src="w.mp3"></audio><video src="v.mp4"></video>', "[sound: w.mp3][sound: v.mp4]"),
        ("one\ntwo<b>!</b>", "one two!"),  # in HTML a line break in the source is a space
        ("one\ntwo", "one\ntwo"),  # a field without markup is text: its breaks stay
    ],
)
def test_anki_html_becomes_terminal_text(field: str, text: str) -> None:
    assert html_to_text(field) == text


# Fragments around the line-break fast path: entities split by a break, breaks spelled every
# way, other tags and a lone `<` that must fall back to the parser.
_FRAGMENTS = ["<br>", "<BR/>", "<br />", "<br\n>", "<br/ >", "<b>", "</div>", "<", ">", "&",
              "&amp;", "&amp", "&lt", "&#39;", "&#x41", ";", "a", " ", "  ", "\n", "\u00a0", "é"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=12).map("".join))
def test_line_breaks_read_without_the_parser_give_what_the_parser_gives(field: str) -> None:
    # A field without any tag is text, not HTML: its own line breaks stay (tested below).
    assume("<" in field)
    parser = html_text._TextParser(lambda name: name)
    parser.feed(field)
    parser.close()
    assert html_to_text(field) == html_text._tidy("".join(parser.parts))


def test_indented_text_goes_to_anki_and_back_with_its_indentation() -> None:
    code = "def f():\n    return 1\n\tdone"
    assert html_to_text(text_to_html(code)) == code.replace("\t", "    ")


def test_text_goes_back_to_html_with_known_media_only() -> None:
    text = "x < y & [image: cat.png] [image: gone.png] [sound: hi.mp3]\nnext"
    html = text_to_html(text, {"cat.png", "hi.mp3"}.__contains__)
    assert html == 'x &lt; y &amp; <img src="cat.png"> [image: gone.png] [sound:hi.mp3]<br>next'
    assert html_to_text(html) == "x < y & [image: cat.png] [image: gone.png] [sound: hi.mp3]\nnext"


def test_an_anki_image_travels_to_studycards_and_back_to_anki(
    tmp_path: Path, anki_col: Any
) -> None:
    deck = build_anki_deck(tmp_path / "maker", "french.apkg", legacy=False)
    (tmp_path / "mine").mkdir()
    sc = Studycards(tmp_path / "mine" / "collection.db")
    sc("import", str(deck.path))
    assert (tmp_path / "mine" / "collection.db.media" / "cat.png").read_bytes() == CAT_PNG

    out = tmp_path / "again.apkg"
    assert "1 media files" in sc("export", "-o", str(out)).out
    import_apkg(anki_col, out)

    # An Anki Basic note goes back in the note type of its rendered cards.
    note = anki_col.get_note(anki_col.find_notes('"Card 1 Front:*chat*"')[0])
    assert note["Card 1 Back"] == 'cat <img src="cat.png">'
    assert (Path(anki_col.media.dir()) / "cat.png").read_bytes() == CAT_PNG


def test_a_field_spelling_a_media_name_in_another_unicode_form_finds_the_file(
    tmp_path: Path, clock: FrozenClock
) -> None:
    source_media = tmp_path / "source-media"
    source_media.mkdir()
    (source_media / "café.png").write_bytes(CAT_PNG)
    n = note(NoteType.BASIC, "Pics", {"question": "where?", "answer": "[image: café.png]"})
    package = tmp_path / "pics.apkg"
    write_apkg(
        [record(n)],
        package,
        with_scheduling=False,
        media_dir=source_media,
        clock=clock,
        study_day=StudyDay(),
    )
    decomposed = "cafe\u0301.png"
    with zipfile.ZipFile(package) as z:
        db = tmp_path / "c.anki2"
        db.write_bytes(z.read("collection.anki2"))
        media = z.read("media")
        image = z.read("0")
    con = sqlite3.connect(db)
    con.execute("UPDATE notes SET flds = replace(flds, 'café.png', ?)", (decomposed,))
    con.commit()
    con.close()
    nfd = tmp_path / "nfd.apkg"
    with zipfile.ZipFile(nfd, "w") as z:
        z.write(db, "collection.anki2")
        z.writestr("media", media)
        z.writestr("0", image)

    batch = read_import(nfd, media_dir=tmp_path / "c" / "media")

    assert batch is not None and batch.media == ("café.png",)
    assert batch.decks[0].notes[0]["answer"] == "[image: café.png]"
