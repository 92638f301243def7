"""`studycards import`: the bundled deck, note folders, re-import, orphans and bad paths."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli.clirun import BUNDLED_DECK, REPO, Studycards


@pytest.fixture
def sc(tmp_path: Path) -> Studycards:
    return Studycards(tmp_path / "collection.db")


def test_bundled_deck_imports_once_and_reimport_changes_nothing(sc: Studycards) -> None:
    first = sc("import", str(BUNDLED_DECK), "--json").json_lines()
    cards = sc("cards", "--json").json_lines()
    assert len(first) == 1
    assert first[0]["added"] == len(cards) > 0
    assert first[0]["origin"] == str(BUNDLED_DECK.resolve())
    status_before = sc("status", "--json").json()

    again = sc("import", str(BUNDLED_DECK), "--json").json_lines()
    assert again[0]["added"] == again[0]["updated"] == again[0]["orphaned"] == 0
    assert again[0]["unchanged"] == len(cards)
    assert sc("status", "--json").json() == status_before
    assert sc("cards", "--json").json_lines() == cards


def test_the_same_file_from_another_directory_is_the_same_source(
    sc: Studycards, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sc("import", str(BUNDLED_DECK))
    monkeypatch.chdir(BUNDLED_DECK.parent)
    again = sc("import", BUNDLED_DECK.name, "--json").json_lines()
    assert again[0]["added"] == 0
    assert again[0]["orphaned"] == 0


def test_human_report_names_the_file_and_counts(sc: Studycards) -> None:
    out = sc("import", str(BUNDLED_DECK)).out
    cards = len(sc("cards", "--json").json_lines())
    assert "us-china-ai-race.md" in out
    assert f"{cards} added" in out


def test_a_folder_of_notes_is_built_and_imported(sc: Studycards, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    (notes / "sub").mkdir(parents=True)
    shutil.copy(REPO / "data" / "us-china-ai-race.md", notes / "sub" / "race.md")
    report = sc("import", str(notes), "--json").json_lines()
    assert len(report) == 1
    assert report[0]["added"] > 0
    assert report[0]["origin"] == str((notes / "sub" / "race.md").resolve())
    decks = [row["deck"] for row in sc("status", "--json").json()["decks"]]
    assert decks, "the note's deck is in the collection"


def test_a_note_removed_from_its_source_is_orphaned_then_deletable(
    sc: Studycards, tmp_path: Path
) -> None:
    deck = tmp_path / "deck.md"
    text = BUNDLED_DECK.read_text(encoding="utf-8")
    deck.write_text(text, encoding="utf-8")
    sc("import", str(deck))
    total = len(sc("cards", "--json").json_lines())

    # Drop the last note block: everything from the last `### ` heading on.
    cut = text.rindex("\n### ")
    deck.write_text(text[:cut] + "\n", encoding="utf-8")
    report = sc("import", str(deck), "--json").json_lines()[0]
    assert report["orphaned"] > 0
    orphans = sc("orphans", "--json").json_lines()
    assert len(orphans) == report["orphaned"]
    status = sc("status", "--json").json()
    assert status["totals"]["total"] == total - report["orphaned"]

    assert sc("orphans", "--delete", "--json").json() == {"deleted": report["orphaned"]}
    assert sc("orphans", "--json").json_lines() == []
    assert len(sc("cards", "--json").json_lines()) == total - report["orphaned"]


def test_missing_path_is_a_one_line_error_and_nothing_is_imported(
    sc: Studycards, tmp_path: Path
) -> None:
    missing = tmp_path / "nope.md"
    ran = sc.process("import", str(BUNDLED_DECK), str(missing))
    assert ran.code != 0
    assert ran.err == f"studycards: error: {missing}: no such file or folder\n"
    assert "Traceback" not in ran.err
    # The good file was not imported either: paths are read before anything changes, and
    # no collection was made for nothing.
    assert not sc.collection.exists()


def test_unknown_format_names_the_file(sc: Studycards, tmp_path: Path) -> None:
    odd = tmp_path / "slides.pdf"
    odd.write_bytes(b"%PDF-1.7\n")
    ran = sc.process("import", str(odd))
    assert ran.code != 0
    assert ran.err.startswith(f"studycards: error: {odd}: not a format studycards imports")
    assert len(ran.err.splitlines()) == 1


def test_an_unreadable_note_in_a_folder_is_skipped_with_a_warning(
    sc: Studycards, tmp_path: Path
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    shutil.copy(REPO / "data" / "us-china-ai-race.md", notes / "good.md")
    (notes / "bad.md").write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    ran = sc("import", str(notes), "--json")
    assert len(ran.json_lines()) == 1
    assert "studycards: warning:" in ran.err
    assert "bad.md" in ran.err
    assert len(sc("cards", "--json").json_lines()) > 0


def test_csv_round_trip_through_the_command_line(sc: Studycards, tmp_path: Path) -> None:
    words = tmp_path / "words.csv"
    words.write_text('hola,hello\nadiós;goodbye\n"sí, claro","yes, sure"\n', encoding="utf-8")
    ran = sc.process("import", str(words))
    assert ran.code == 0
    assert ran.err == (
        f"studycards: warning: {words.resolve()}:2: one field where the other lines have 2 "
        "(separated by comma); skipped\n"
    )
    out = tmp_path / "out.csv"
    assert sc.process("export", "-o", str(out)).code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("#separator:comma\n")
    assert '"sí, claro"' in text and "adiós" not in text


def test_the_bundled_deck_imports_from_any_folder(sc: Studycards, tmp_path: Path) -> None:
    elsewhere = tmp_path / "somewhere" / "else"
    elsewhere.mkdir(parents=True)
    ran = sc.process("import", "--bundled", cwd=elsewhere)
    assert ran.code == 0, ran.err
    assert "美中AI竞赛的未来走向" in ran.out and "added" in ran.out
    assert sc("cards", "--json").json_lines()
    again = sc.process("import", "--bundled", cwd=elsewhere)
    assert "0 added" in again.out, "importing it again changes nothing"


def test_import_without_a_path_says_what_to_give(sc: Studycards) -> None:
    ran = sc.process("import")
    assert ran.code == 2
    assert ran.err.startswith("studycards: error: give PATH... to import, or --bundled")
    assert not sc.collection.exists()


def test_the_empty_collection_hints_work_from_any_folder(sc: Studycards, tmp_path: Path) -> None:
    from studycards.collection import Collection

    Collection.open(sc.collection).close()
    for args in (["status"], ["review", "--plain"]):
        out = sc.process(*args, cwd=tmp_path, input="q\n").out
        assert "Your collection is empty" in out and "studycards import --bundled" in out
        hint = next(line for line in out.splitlines() if "--bundled" in line)
        command = hint[hint.index("studycards import") :].split()
        assert sc.process(*command[1:], cwd=tmp_path).code == 0, "the hint works as printed"
        sc.collection.unlink()
        Collection.open(sc.collection).close()
