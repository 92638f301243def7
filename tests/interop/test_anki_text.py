"""Anki's plain-text format: our export imports into Anki without a mapping dialog and
without duplicates; Anki's and hand-written text files import into studycards."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from anki.collection import ImportCsvRequest

from studycards.interop.anki_text import write_anki_text
from studycards.interop.notetypes import guid_for_note
from studycards.interop.readers import read_import
from studycards.model import NoteType, anki_note_id
from studycards.notes.cards import cards_of
from tests.builders import note

from .conftest import record, sample_records


def anki_import_csv(col: Any, path: Path) -> Any:
    metadata = col.get_csv_metadata(path=str(path), delimiter=None)
    return col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata)).log


def test_anki_reads_our_text_export_headers_and_all(anki_col: Any, tmp_path: Path) -> None:
    result = write_anki_text(sample_records(), tmp_path / "race.txt")
    assert result.notes == 5

    log = anki_import_csv(anki_col, result.path)

    assert len(log.new) == 5
    assert anki_col.note_count() == 5
    assert anki_col.card_count() == 8
    assert not anki_col.get_empty_cards().notes
    names = {d.name for d in anki_col.decks.all_names_and_ids()}
    assert {"AI race", "AI race::Chips"} <= names
    term = anki_col.get_note(anki_col.find_notes("Front:先进制程")[0])
    assert term.note_type()["name"] == "Basic (and reversed card)"
    assert term.guid == guid_for_note(sample_records()[0].note.note_id)
    assert "advanced process node<br>Chip manufacturing at 7 nm &amp; below" in term["Back"]
    assert sorted(term.tags) == ["chips_and_fabs", "policy"]
    cloze = anki_col.get_note(anki_col.find_notes("note:Cloze Text:*TSMC*")[0])
    assert len(cloze.cards()) == 2


def test_importing_our_text_twice_into_anki_adds_nothing(anki_col: Any, tmp_path: Path) -> None:
    path = write_anki_text(sample_records(), tmp_path / "race.txt").path
    anki_import_csv(anki_col, path)
    log = anki_import_csv(anki_col, path)
    assert len(log.new) == 0
    assert anki_col.note_count() == 5


def test_text_export_skips_a_cloze_without_deletions(tmp_path: Path) -> None:
    empty = note(NoteType.CLOZE, "AI race", {"text": "nothing hidden", "extra": ""})
    result = write_anki_text([record(empty), *sample_records()], tmp_path / "race.txt")
    assert result.notes == 5 and len(result.warnings) == 1
    assert "nothing hidden" not in result.path.read_text()


def test_anki_text_export_reads_back_with_guids_decks_and_tags(
    anki_col: Any, tmp_path: Path
) -> None:
    anki_import_csv(anki_col, write_anki_text(sample_records(), tmp_path / "race.txt").path)
    exported = tmp_path / "from-anki.txt"
    anki_col.export_note_csv(
        out_path=str(exported),
        limit=None,
        with_html=True,
        with_tags=True,
        with_deck=True,
        with_notetype=True,
        with_guid=True,
    )
    batch = read_import(exported, media_dir=tmp_path / "media")
    assert batch is not None and batch.warnings == ()
    notes = {n.guid: n for d in batch.decks for n in d.notes}
    term_guid = guid_for_note(sample_records()[0].note.note_id)
    term = notes[term_guid]
    assert term.note_id == anki_note_id(term_guid)
    assert term.type is NoteType.BASIC and term.reversed and term.deck == "AI race::Chips"
    assert term["question"] == "先进制程"
    assert term["answer"].startswith(
        "advanced process node\nChip manufacturing at 7 nm & below <not for export>"
    )
    assert set(term.tags) == {"chips_and_fabs", "policy"}
    clozes = [n for n in notes.values() if n.type is NoteType.CLOZE]
    assert sorted(len(cards_of(n)) for n in clozes) == [1, 2]


def test_plain_tab_and_comma_files_without_headers(tmp_path: Path) -> None:
    tabbed = tmp_path / "capitals.tsv"
    tabbed.write_text("France\tParis\nJapan\tTokyo\textra, info\n\n", encoding="utf-8")
    commas = tmp_path / "words.csv"
    commas.write_text('chat,"cat, the animal"\n"two\nlines",deux\n', encoding="utf-8")

    capitals = read_import(tabbed, media_dir=tmp_path / "m")
    words = read_import(commas, media_dir=tmp_path / "m")

    assert capitals is not None and words is not None
    (deck,) = capitals.decks
    assert deck.name == "capitals"
    assert [(n["question"], n["answer"]) for n in deck.notes] == [
        ("France", "Paris"),
        ("Japan", "Tokyo\n\nextra, info"),
    ]
    assert [(n["question"], n["answer"]) for n in words.decks[0].notes] == [
        ("chat", "cat, the animal"),
        ("two\nlines", "deux"),
    ]
    assert [n.source.line for n in words.decks[0].notes] == [1, 3]


def test_headers_choose_deck_notetype_tags_and_html(tmp_path: Path) -> None:
    path = tmp_path / "hand.txt"
    path.write_text(
        "#separator:semicolon\n#html:true\n#notetype:Cloze\n#deck:Hand::Written\n#tags:handmade\n"
        "#tags column:3\n"
        "{{c1::Canberra}} is the capital of <b>Australia</b>;<i>extra</i> more;geo\n"
        "no deletion here;;\n",
        encoding="utf-8",
    )
    batch = read_import(path, media_dir=tmp_path / "m")
    assert batch is not None
    (deck,) = batch.decks
    (only,) = deck.notes
    assert deck.name == "Hand::Written"
    assert only.type is NoteType.CLOZE
    assert only["text"] == "{{c1::Canberra}} is the capital of Australia"
    assert only["extra"] == "extra more"
    assert only.tags == ("handmade", "geo")
    assert batch.warnings == (f"{path}:8: cloze note without deletions; skipped",)


def test_reading_the_same_text_twice_gives_the_same_ids(tmp_path: Path) -> None:
    path = tmp_path / "capitals.txt"
    path.write_text("France\tParis\n", encoding="utf-8")
    first = read_import(path, media_dir=tmp_path / "m")
    path.write_text("France\tParis, on the Seine\n", encoding="utf-8")
    second = read_import(path, media_dir=tmp_path / "m")
    assert first is not None and second is not None
    assert first.decks[0].notes[0].note_id == second.decks[0].notes[0].note_id


def test_a_marked_note_goes_out_as_ankis_marked_tag_and_comes_back_marked(
    tmp_path: Path,
) -> None:
    marked, plain = sample_records()[:2]
    records = [dataclasses.replace(marked, marked=True), plain]
    text = write_anki_text(records, tmp_path / "marked.txt").path
    assert "marked" in text.read_text(encoding="utf-8")
    batch = read_import(text, media_dir=tmp_path / "media")
    assert batch is not None
    guid = guid_for_note(marked.note.note_id)
    assert batch.marked == {anki_note_id(guid)}
    assert all("marked" not in note.tags for deck in batch.decks for note in deck.notes)


def test_a_csv_export_is_comma_separated_quoted_and_says_so(anki_col: Any, tmp_path: Path) -> None:
    import csv

    quoted = note(
        NoteType.BASIC, "AI race", {"question": 'Who said "scale, then scale"?', "answer": "x"}
    )
    records = [*sample_records(), record(quoted)]
    comma = write_anki_text(records, tmp_path / "race.csv").path
    tab = write_anki_text(records, tmp_path / "race.txt").path
    lines = comma.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#separator:comma"
    assert tab.read_text(encoding="utf-8").splitlines()[0] == "#separator:tab"
    body = [line for line in lines if not line.startswith("#")]
    rows = list(csv.reader(body))
    assert all(len(row) == 6 for row in rows), "every note is six fields, commas and all"
    assert any(row[3] == 'Who said "scale, then scale"?' for row in rows)
    # Anki reads the comma file as it reads the tab file: same notes, no mapping needed.
    assert len(anki_import_csv(anki_col, comma).new) == len(records)
    assert len(anki_import_csv(anki_col, tab).new) == 0


def test_a_line_with_one_field_in_a_comma_file_is_a_warning_and_skipped(tmp_path: Path) -> None:
    words = tmp_path / "words.csv"
    words.write_text("hola,hello\nadiós;goodbye\ngracias,thank you\n", encoding="utf-8")
    batch = read_import(words, media_dir=tmp_path / "m")
    assert batch is not None
    assert [n["question"] for n in batch.decks[0].notes] == ["hola", "gracias"]
    assert batch.warnings == (
        f"{words}:2: one field where the other lines have 2 (separated by comma); skipped",
    )
