"""Note types with templates of their own come in with the cards Anki makes and shows: the
same cards per template, the same question on each, read as terminal text."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from anki.collection import Collection as AnkiCollection

from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.interop.anki_export import write_apkg
from studycards.interop.anki_render import CardTemplate, NoteTypeDef, generated_ords
from studycards.interop.html_text import html_to_text
from studycards.interop.readers import read_import
from studycards.model import ImportBatch, Note, NoteType, anki_note_id
from studycards.notes.cards import Role, cards_of, faces

from .anki_fixtures import TemplateDeck, build_template_deck
from .conftest import import_apkg

# How Anki's `{{hint:F}}` link reads here: `F: text` on a line, shown at once.
_ANKI_HINT = re.compile(
    r'<a class=hint href="#"\nonclick="[^"]*" draggable=false>\n(.*?)</a>\n'
    r'<div id="hint\w+" class=hint style="display: none">(.*?)</div>\n',
    re.DOTALL,
)


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> TemplateDeck:
    return build_template_deck(tmp_path_factory.mktemp("templates"))


@pytest.fixture(scope="module")
def batch(deck: TemplateDeck, tmp_path_factory: pytest.TempPathFactory) -> ImportBatch:
    read = read_import(deck.path, media_dir=tmp_path_factory.mktemp("media"))
    assert read is not None
    return read


@pytest.fixture(scope="module")
def anki(deck: TemplateDeck, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The same package in a fresh Anki collection: the judge."""
    folder = tmp_path_factory.mktemp("judge")
    col = AnkiCollection(str(folder / "collection.anki2"))
    import_apkg(col, deck.path, with_scheduling=True)
    yield col
    col.close()


def anki_question(card: Any) -> str:
    """Anki's question of a card as terminal text. Two things read differently here by
    design: the typing box is not shown, and a hint is shown as `Field: text`."""
    html = card.render_output().question_text
    html = _ANKI_HINT.sub(lambda m: f"<div>{m.group(1)}: {m.group(2)}</div>", html)
    html = re.sub(r"\[\[type:[^\]]*\]\]", "", html)
    return html_to_text(html).replace("[...]", "[…]")


def notes_by_guid(batch: ImportBatch) -> dict[str, Note]:
    return {note.guid: note for deck in batch.decks for note in deck.notes}


def anki_cards(anki: Any) -> list[Any]:
    return [anki.get_card(cid) for cid in anki.find_cards("")]


def test_every_card_anki_has_is_here_with_its_template(batch: ImportBatch, anki: Any) -> None:
    ours = Counter(
        (note.guid, card.ord) for note in notes_by_guid(batch).values() for card in cards_of(note)
    )
    theirs = Counter((card.note().guid, card.ord) for card in anki_cards(anki))
    assert ours == theirs
    per_template = Counter((card.note().note_type()["name"], card.ord) for card in anki_cards(anki))
    geography = {ord_ for kind, ord_ in per_template if kind == "Geography"}
    assert geography == set(range(13))  # each of the 13 templates makes some card
    assert batch.warnings == ()


def test_every_question_reads_as_anki_shows_it(batch: ImportBatch, anki: Any) -> None:
    notes = notes_by_guid(batch)
    for card in anki_cards(anki):
        note = notes[card.note().guid]
        ours = {c.ord: c.front for c in cards_of(note)}
        assert ours[card.ord] == anki_question(card), (note.guid, card.ord)


def test_the_map_card_asks_about_the_map(batch: ImportBatch, deck: TemplateDeck) -> None:
    erewhon = notes_by_guid(batch)[deck.guids["Erewhon"]]
    map_card = cards_of(erewhon)[4]
    assert map_card.front == "[image: erewhon-map.png]\nWhich country is highlighted?"
    assert map_card.back == "Erewhon"
    assert erewhon.type is NoteType.ANKI and erewhon.note_id == anki_note_id(erewhon.guid)
    # A country without a capital gets the card that asks about that, and no capital cards.
    commons = notes_by_guid(batch)[deck.guids["The Commons"]]
    assert [c.ord for c in cards_of(commons)] == [4, 5, 7, 10]


def test_anki_makes_the_cards_its_rules_say(deck: TemplateDeck, anki: Any) -> None:
    """generated_ords decides a note's cards as Anki's card generation does (used for a
    note that comes without cards): here against the cards Anki made when adding them."""
    for nid in anki.find_notes(""):
        note = anki.get_note(nid)
        kind = note.note_type()
        definition = NoteTypeDef(
            kind["name"],
            tuple(f["name"] for f in kind["flds"]),
            tuple(CardTemplate(t["name"], t["qfmt"], t["afmt"]) for t in kind["tmpls"]),
            cloze=kind["type"] == 1,
        )
        made = sorted(card.ord for card in note.cards())
        assert generated_ords(definition, list(note.fields)) == made, note.fields[0]


def test_japanese_reads_with_its_readings(batch: ImportBatch, deck: TemplateDeck) -> None:
    noisy = notes_by_guid(batch)[deck.guids["騒がしい"]]
    recognise, read, kana = cards_of(noisy)
    assert recognise.front == "騒がしい\n騒(さわ)がしい教室(きょうしつ)"
    assert read.front == "騒(さわ)がしい"
    assert (kana.front, kana.back) == ("さわがしい", "騒がしい")
    study = cards_of(notes_by_guid(batch)[deck.guids["日本語"]])
    assert study[0].front == "日本語\n毎日勉強(べんきょう)"
    assert study[1].front == "日本語(にほんご)を勉強(べんきょう)する"


def test_code_keeps_its_indentation_and_drops_line_numbers(
    batch: ImportBatch, deck: TemplateDeck
) -> None:
    notes = notes_by_guid(batch)
    (pre,) = cards_of(notes[deck.guids["pre"]])
    assert pre.front == (
        "What does it raise?\n"
        "def area(r):\n    if r < 0:\n        raise ValueError(r)\n\n    return 3.14 * r * r"
    )
    (nbsp,) = cards_of(notes[deck.guids["nbsp"]])
    assert nbsp.front == "Indented loop\nfor x in xs:\n    print(x)"
    (gutter,) = cards_of(notes[deck.guids["gutter"]])
    assert gutter.front == "Highlighted loop\nwhile True:\n    pass"


def test_cloze_cards_show_the_blank_and_the_answer_apart(
    batch: ImportBatch, deck: TemplateDeck
) -> None:
    note = notes_by_guid(batch)[deck.guids["cloze"]]
    first, second, third = cards_of(note)
    assert first.front == "[…] is dynamically typed; […] = 1 binds"
    assert first.answer == "Python … x"
    assert second.front == "Python is [how?] typed; x = 1 binds"
    assert third.front == "Python is dynamically typed; […] binds"
    assert third.back == "Python is dynamically typed; [x = 1] binds\na note"
    question = faces(note, 1).question
    assert [s.text for s in question if s.role is Role.BLANK] == ["[how?]"]


def test_importing_again_changes_nothing_and_keeps_one_note_per_anki_note(
    deck: TemplateDeck, tmp_path: Path, clock: FrozenClock
) -> None:
    with Collection.open(tmp_path / "col.db", clock) as col:
        first = col.import_batch(_read(deck, tmp_path))
        again = col.import_batch(_read(deck, tmp_path))
        notes = col.store.conn.execute("SELECT count(*) FROM notes").fetchone()[0]
    assert first.added == again.unchanged > 0
    assert (again.added, again.updated, again.orphaned) == (0, 0, 0)
    assert notes == len(deck.guids)


def test_exported_back_to_anki_each_note_keeps_its_cards_and_text(
    deck: TemplateDeck, tmp_path: Path, clock: FrozenClock, anki_col: Any
) -> None:
    with Collection.open(tmp_path / "col.db", clock) as col:
        col.import_batch(_read(deck, tmp_path))
        records = list(col.note_records())
        out = tmp_path / "back.apkg"
        write_apkg(
            records, out, with_scheduling=False, media_dir=None, clock=clock,
            study_day=col.study_day,
        )  # fmt: skip
    import_apkg(anki_col, out)
    by_guid = {r.note.guid: r.note for r in records}
    for nid in anki_col.find_notes(""):
        exported = anki_col.get_note(nid)
        ours = by_guid[exported.guid]
        assert sorted(c.ord for c in exported.cards()) == [c.ord for c in cards_of(ours)]
        for card in exported.cards():
            text = html_to_text(card.render_output().question_text)
            assert text == cards_of(ours)[[c.ord for c in cards_of(ours)].index(card.ord)].front


def _read(deck: TemplateDeck, tmp_path: Path) -> ImportBatch:
    batch = read_import(deck.path, media_dir=tmp_path / "media")
    assert batch is not None
    return batch
