"""Obsidian Spaced Repetition and hashcards Markdown: the cards their users wrote."""

from __future__ import annotations

import json
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.interop.readers import looks_like_hashcards, looks_like_obsidian, read_import
from studycards.model import ImportBatch, Note, NoteType, State, card_id_for
from studycards.notes.cards import cards_of
from studycards.rows import CardRow

OBSIDIAN = """\
---
aliases: [chips]
---
# Semiconductors

#flashcards/tech/chips

What does EUV stand for?::Extreme ultraviolet lithography
<!--SR:!2024-08-16,51,230-->
ASML:::Dutch maker of EUV machines

Which node did TSMC ship in 2022?
?
3 nm
N3, in Tainan

Fab
??
A semiconductor fabrication plant

The ==Netherlands== restricted exports in ==2023==.

```
Not::a card inside code
```

#flashcards/people
{{c1::Morris Chang}} founded {{c2::TSMC}} in 1987.
"""


def read(tmp_path: Path, name: str, text: str) -> ImportBatch:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    batch = read_import(path, media_dir=tmp_path / "media")
    assert batch is not None
    return batch


def notes(batch: ImportBatch) -> list[Note]:
    return [n for deck in batch.decks for n in deck.notes]


def test_obsidian_cards_of_every_kind(tmp_path: Path) -> None:
    batch = read(tmp_path, "chips.md", OBSIDIAN)
    found = notes(batch)
    assert batch.warnings == ()
    summary = [(n.type, n.deck, next(iter(n.fields.values())), n.reversed) for n in found]
    assert summary == [
        (NoteType.BASIC, "tech::chips", "What does EUV stand for?", False),
        (NoteType.BASIC, "tech::chips", "ASML", True),
        (NoteType.BASIC, "tech::chips", "Which node did TSMC ship in 2022?", False),
        (NoteType.BASIC, "tech::chips", "Fab", True),
        (
            NoteType.CLOZE,
            "tech::chips",
            "The {{c1::Netherlands}} restricted exports in {{c2::2023}}.",
            False,
        ),
        (NoteType.CLOZE, "people", "{{c1::Morris Chang}} founded {{c2::TSMC}} in 1987.", False),
    ]
    assert found[0]["answer"] == "Extreme ultraviolet lithography"  # SR comment dropped
    assert found[2]["answer"] == "3 nm\nN3, in Tainan"
    assert found[2].source.line == 12 and found[2].source.heading == "Semiconductors"
    assert sum(len(cards_of(n)) for n in found) == 1 + 2 + 1 + 2 + 2 + 2


def test_obsidian_deck_falls_back_to_the_file_name(tmp_path: Path) -> None:
    batch = read(tmp_path, "Spanish words.md", "#flashcards\n\nperro::dog\n")
    assert [d.name for d in batch.decks] == ["Spanish words"]


def test_obsidian_front_matter_tag_names_the_deck(tmp_path: Path) -> None:
    batch = read(tmp_path, "x.md", "---\ntags:\n  - flashcards/lang/es\n---\nperro::dog\n")
    assert [d.name for d in batch.decks] == ["lang::es"]


def test_only_tagged_notes_are_obsidian(tmp_path: Path) -> None:
    assert looks_like_obsidian(OBSIDIAN)
    assert not looks_like_obsidian("# Notes\n\nA::B without the tag\n")
    assert not looks_like_obsidian("Issue #flashcardsmith is unrelated")
    plain = tmp_path / "plain.md"
    plain.write_text("# Reading notes\n\nJust prose here.\n", encoding="utf-8")
    assert read_import(plain, media_dir=tmp_path / "media") is None


HASHCARDS = """\
---
name = "Group theory"
---
Q: What is the order of a group?
A: The cardinality of its
underlying set.

C: A group is [abelian] if its operation is [commutative].

Q: Identity?
A: ![diagram](images/e.png) the element e with ea = ae = a
C: See [the book](https://example.com) and [Lagrange]'s theorem.
"""
# hashcards' own rules: `---` ends a card, `#` lines are comments anywhere, text between
# cards is not read, `\[` is a bracket, an image's `[alt]` no deletion, any text inside one.
HASHCARDS_RULES = """# Chapter 2, a comment
Q: Square of x?
A: x^{2}
<!-- to check: the exponent -->
---
Some prose between cards that hashcards does not read.

C: The square is [x^{2}] and the set [{a, b}], not \\[this\\]
# a comment inside a card
see ![figure](img/square.png).
---
Q: Euler's identity: \\(e^{i\\pi} + 1\\) = ?
A: \\(0\\) ![[note.mp3]]
"""


def test_hashcards_questions_and_bracket_clozes(tmp_path: Path) -> None:
    assert looks_like_hashcards(HASHCARDS)
    batch = read(tmp_path, "groups.md", HASHCARDS)
    (deck,) = batch.decks
    assert deck.name == "Group theory"
    first, cloze, identity, link = deck.notes
    assert (first["question"], first["answer"]) == (
        "What is the order of a group?",
        "The cardinality of its\nunderlying set.",
    )
    assert cloze["text"] == "A group is {{c1::abelian}} if its operation is {{c2::commutative}}."
    assert [c.ord for c in cards_of(cloze)] == [0, 1]
    assert identity["answer"] == "[image: images/e.png] the element e with ea = ae = a"
    # A link's text in brackets is a deletion, as hashcards reads it.
    assert link["text"] == (
        "See {{c1::the book}}(https://example.com) and {{c2::Lagrange}}'s theorem."
    )
    assert first.source.line == 4


def test_hashcards_separators_comments_and_clozes_as_hashcards_reads_them(
    tmp_path: Path,
) -> None:
    batch = read(tmp_path, "squares.md", HASHCARDS_RULES)
    assert batch.warnings == ()
    square, cloze, euler = notes(batch)
    assert (square["question"], square["answer"]) == ("Square of x?", "x^{2}")
    assert cloze["text"] == (
        "The square is {{c1::x^{2}}} and the set {{c2::{a, b}}}, not [this]\n"
        "see [image: img/square.png]."
    )
    assert next((c.front, c.answer) for c in cards_of(cloze)) == (
        "The square is […] and the set {a, b}, not [this]\nsee [image: img/square.png].",
        "x^{2}",
    )
    assert (euler["question"], euler["answer"]) == (
        "Euler's identity: $e^{i\\pi} + 1$ = ?",
        "$0$ [sound: note.mp3]",
    )


def test_a_deletion_a_marker_cannot_hold_is_a_warning(tmp_path: Path) -> None:
    batch = read(tmp_path, "odd.md", "C: Rust paths like [std::vec] and [ok]\n")
    assert notes(batch) == []
    assert batch.warnings == (f"{tmp_path / 'odd.md'}:1: the deletion [std::vec] holds `::` "
                              "or an unpaired `}}`; skipped",)  # fmt: skip


def test_hashcards_deck_is_the_file_without_front_matter(tmp_path: Path) -> None:
    batch = read(tmp_path, "algebra.md", "Q: 1+1?\nA: 2\n")
    assert [d.name for d in batch.decks] == ["algebra"]


def test_hashcards_problems_are_warnings_not_crashes(tmp_path: Path) -> None:
    batch = read(tmp_path, "bad.md", "Q: lonely question\n\nC: no brackets here\nQ: ok?\nA: yes\n")
    assert [n["question"] for n in notes(batch)] == ["ok?"]
    assert len(batch.warnings) == 2 and all("bad.md:" in w for w in batch.warnings)


def test_reading_notes_with_yaml_front_matter_are_not_hashcards() -> None:
    assert not looks_like_hashcards("---\ntitle: My notes\n---\nQ: in prose\nA: still prose\n")
    assert not looks_like_hashcards("# Notes\n\nC: no deletion\n")


def test_obsidian_and_hashcards_files_import_through_the_cli(tmp_path: Path) -> None:
    from tests.cli.clirun import Studycards

    obsidian = tmp_path / "chips.md"
    obsidian.write_text(OBSIDIAN, encoding="utf-8")
    hashcards = tmp_path / "groups.md"
    hashcards.write_text(HASHCARDS, encoding="utf-8")
    (tmp_path / "c").mkdir()
    sc = Studycards(tmp_path / "c" / "collection.db")

    reports = sc("import", str(obsidian), str(hashcards), "--json").json_lines()

    assert [r["added"] for r in reports] == [10, 6]
    decks = {row["deck"] for row in sc("cards", "--json").json_lines()}
    assert decks == {"tech::chips", "people", "Group theory"}
    again = sc("import", str(obsidian), str(hashcards), "--json").json_lines()
    assert [r["added"] + r["updated"] for r in again] == [0, 0]


def test_studycards_notes_and_deck_files_are_left_to_the_builder(bundled_note: Path) -> None:
    from tests.cli.clirun import BUNDLED_DECK

    for path in (bundled_note, BUNDLED_DECK):
        text = path.read_text(encoding="utf-8")
        assert not looks_like_obsidian(text) and not looks_like_hashcards(text), path


def test_obsidian_double_colons_in_code_are_not_cards(tmp_path: Path) -> None:
    batch = read(
        tmp_path,
        "rust.md",
        "#flashcards\n\nUse `std::vec::Vec` for growable arrays.\n\nVec::growable array\n",
    )
    assert [(n["question"], n["answer"]) for n in notes(batch)] == [("Vec", "growable array")]


def test_obsidian_equals_signs_in_code_or_spaced_are_not_clozes(tmp_path: Path) -> None:
    text = "#flashcards\n\nCompare with `a == b == c` or x == y == z.\n\nThe ==answer== is here.\n"
    batch = read(tmp_path, "eq.md", text)
    assert [n["text"] for n in notes(batch)] == ["The {{c1::answer}} is here."]


SCHEDULED = """\
#flashcards/es

hola::hello
<!--SR:!2026-03-10,12,250-->

perro:::dog <!--SR:!2026-03-06,4,230!2026-03-20,20,270-->

gato::cat

Madrid is in ==Spain== and Lima in ==Peru==.
<!--SR:!2026-03-05,3,250!2026-04-01,30,290-->

What is "to be"?
?
ser / estar
<!--SR:!2026-03-08,6,210-->

roto::broken <!--SR:!2026-02-30,5,250-->
"""


def test_obsidian_scheduling_comments_bring_each_cards_progress(
    tmp_path: Path, clock: FrozenClock
) -> None:
    batch = read(tmp_path, "es.md", SCHEDULED)
    by_front = {next(iter(n.fields.values())): n.note_id for n in notes(batch)}
    assert batch.warnings == (f"{tmp_path / 'es.md'}:18: a scheduling comment studycards "
                              "cannot read; the card starts new",)  # fmt: skip
    with Collection.open(tmp_path / "col.db", clock, fuzz=False) as col:  # 2026-03-04 noon
        col.import_batch(batch)
        rows = {row.card.card_id: row for row in col.card_rows()}

    def card(front: str, ord_: int = 0) -> CardRow:
        return rows[card_id_for(by_front[front], ord_)]

    hola = card("hola")
    assert hola.state is State.REVIEW and hola.last_review is not None
    assert hola.due == datetime(2026, 3, 10, 4, tzinfo=timezone.utc)  # the day's start, 4 am
    assert hola.due - hola.last_review == timedelta(days=12)
    # At 90% recall, FSRS's stability is the SM-2 interval; a lower ease, a harder card.
    assert hola.stability == pytest.approx(12, rel=1e-3)
    harder, easier = card("perro").difficulty, card("perro", 1).difficulty
    assert harder is not None and easier is not None and harder > easier  # ease 230 < 270
    assert card("perro", 1).due == datetime(2026, 3, 20, 4, tzinfo=timezone.utc)
    assert card("Madrid is in {{c1::Spain}} and Lima in {{c2::Peru}}.", 1).stability == (
        pytest.approx(30, rel=1e-3)
    )
    assert card('What is "to be"?').state is State.REVIEW
    assert card("gato").state is State.NEW and card("roto").state is State.NEW
    reviewing = {card_id for card_id, row in rows.items() if row.state is State.REVIEW}
    assert reviewing == set(batch.progress) and len(reviewing) == 6


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    entries=st.lists(
        st.tuples(
            st.sampled_from([0, 1, 1969, 1970, 2026, 2200, 2201, 9999]) | st.integers(0, 9999),
            st.sampled_from([0, 1, 2, 12, 13]) | st.integers(0, 99),
            st.sampled_from([0, 1, 28, 29, 31, 32]) | st.integers(0, 99),
            st.sampled_from([0, 1, 36500, 36501]) | st.integers(0, 99999),
            st.integers(0, 9999),
        ),
        min_size=1,
        max_size=3,
    )
)
@example(entries=[(1, 1, 1, 5, 250)])  # the first day there is
@example(entries=[(9999, 12, 31, 99999, 9999)])  # the last
@example(entries=[(2026, 3, 10, 12, 250), (2026, 2, 30, 3, 250)])  # one good, one impossible
def test_any_scheduling_comment_imports_or_is_a_warning(
    entries: list[tuple[int, int, int, int, int]],
) -> None:
    comment = "".join(f"!{y:04d}-{m:02d}-{d:02d},{i},{e}" for y, m, d, i, e in entries)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        batch = read(folder, "x.md", f"#flashcards\n\nq:::a <!--SR:{comment}-->\n")
        clock = FrozenClock(datetime(2026, 3, 4, 12, tzinfo=timezone.utc))
        with Collection.open(folder / "c.db", clock) as col:
            report = col.import_batch(batch)
            states = {row.state for row in col.card_rows()}
        assert report.added == 2
        assert states <= {State.NEW, State.REVIEW}
        assert bool(batch.progress) != bool(batch.warnings)


# -- Obsidian SR's own settings -----------------------------------------------------------

SPANISH = """\
#spanish/verbs

hablar→to speak

ser
+?+
to be (lasting)

permanent, unlike estar
+++

The verb ==ir== is irregular, and so is ==2;;tener;;to have==.

<!--
comer→to eat
-->
![500](https://example.com/map.png) mapa→map
"""


def _vault(tmp_path: Path, settings: dict[str, object]) -> Path:
    plugin = tmp_path / "vault" / ".obsidian" / "plugins" / "obsidian-spaced-repetition"
    plugin.mkdir(parents=True)
    (plugin / "data.json").write_text(json.dumps({"settings": settings}), encoding="utf-8")
    (tmp_path / "vault" / "langs").mkdir()
    return tmp_path / "vault" / "langs"


def test_a_vaults_plugin_settings_decide_what_is_a_card(tmp_path: Path) -> None:
    folder = _vault(
        tmp_path,
        {
            "flashcardTags": ["#spanish"],
            "singleLineCardSeparator": "→",
            "singleLineReversedCardSeparator": "↔",
            "multilineCardSeparator": "+?+",
            "multilineCardEndMarker": "+++",
            "clozePatterns": ["==[123;;]answer[;;hint]=="],
        },
    )
    batch = read(folder, "es.md", SPANISH)
    assert batch.warnings == ()
    speak, be, irregular, mapa = notes(batch)
    assert {n.deck for n in notes(batch)} == {"verbs"}
    assert (speak["question"], speak["answer"]) == ("hablar", "to speak")
    # The end marker, not the blank line, ends the multi-line card.
    assert be["answer"] == "to be (lasting)\n\npermanent, unlike estar"
    assert (
        irregular["text"] == "The verb {{c1::ir}} is irregular, and so is {{c2::tener::to have}}."
    )
    assert [c.front for c in cards_of(irregular)][1] == (
        "The verb ir is irregular, and so is [to have]."
    )
    assert mapa["question"] == "[image: https://example.com/map.png] mapa"  # comment skipped


def test_import_options_name_the_settings_without_a_vault(tmp_path: Path) -> None:
    from tests.cli.clirun import Studycards

    note = tmp_path / "es.md"
    note.write_text(SPANISH, encoding="utf-8")
    (tmp_path / "c").mkdir()
    sc = Studycards(tmp_path / "c" / "collection.db")
    options = ["--obsidian-tag", "#spanish", "--obsidian-separator", "→",
               "--obsidian-reversed-separator", "↔", "--obsidian-multiline-separator", "+?+",
               "--obsidian-end-marker", "+++", "--obsidian-cloze", "highlight"]  # fmt: skip
    (report,) = sc("import", str(note), *options, "--json").json_lines()
    assert report["added"] == 5
    fronts = {row["front"] for row in sc("cards", "--json").json_lines()}
    assert {"hablar", "ser", "The verb […] is irregular, and so is tener."} <= fronts


def test_a_note_with_cards_but_none_of_the_tags_says_so(tmp_path: Path) -> None:
    from tests.cli.clirun import Studycards

    folder = _vault(tmp_path, {"flashcardTags": ["#cards"]})
    note = folder / "chips.md"
    note.write_text(OBSIDIAN, encoding="utf-8")  # tagged #flashcards, the vault wants #cards
    (tmp_path / "c").mkdir()
    ran = Studycards(tmp_path / "c" / "collection.db").process("import", str(note))
    warnings = [line for line in ran.err.splitlines() if "warning" in line]
    assert len(warnings) == 1
    assert "chips.md: Obsidian SR cards without any of the flashcard tags #cards" in warnings[0]
    assert "data.json" in warnings[0] and "--obsidian-tag" in warnings[0]
    # With the vault's own tag the same note's cards are read.
    (tmp_path / "d").mkdir()
    again = Studycards(tmp_path / "d" / "collection.db")
    (report,) = again("import", str(note), "--obsidian-tag", "flashcards", "--json").json_lines()
    assert report["added"] == 10


def test_obsidian_clozes_hold_any_text_and_comments_hide_cards(tmp_path: Path) -> None:
    text = (
        "#flashcards\n\nThe square of x is ==x^{2}== and of y ==y^{2}==.\n\n"
        "<!-- Hidden::not a card -->\n\n"
        "A picture ![[graph.png|300]] of ==f==.\n"
    )
    batch = read(tmp_path, "maths.md", text)
    square, picture = notes(batch)
    assert square["text"] == "The square of x is {{c1::x^{2}}} and of y {{c2::y^{2}}}."
    assert [c.answer for c in cards_of(square)] == ["x^{2}", "y^{2}"]
    assert picture["text"] == "A picture [image: graph.png] of {{c1::f}}."
