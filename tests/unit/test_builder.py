"""Building folders of notes: identity across edits, deterministic files, bad notes skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from studycards.errors import StudycardsError
from studycards.model import Deck, NoteType
from studycards.notes.builder import (
    DeckCache,
    DiskDeckCache,
    build_decks,
    find_note_files,
    write_decks,
)
from studycards.notes.deckfile import read_deck_file, render_deck

REPO = Path(__file__).resolve().parents[2]
BUNDLED = (REPO / "data" / "us-china-ai-race.md").read_text(encoding="utf-8")


def ids(deck: Deck, note_type: NoteType) -> dict[str, str]:
    key = "term" if note_type is NoteType.TERM else "text"
    return {note[key]: note.note_id for note in deck.notes if note.type is note_type}


def build_one(path: Path) -> Deck:
    result = build_decks([path])
    assert result.problems == []
    (deck,) = result.decks
    return deck


def test_editing_definitions_and_other_sentences_keeps_every_id(tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_text(BUNDLED, encoding="utf-8")
    before = build_one(note)
    edited = (
        BUNDLED.replace("指确保AI的目标与人类价值观一致", "指让AI按人类的意图行事")
        .replace("Weapons of Mass Destruction）", "Weapons  of mass destruction）")
        .replace("这种技术代差的优势是决定性的。", "这种优势是决定性的，而且更长久。")
        .replace("### 历史的警示", "### 历史的教训")
    )
    note.write_text(edited, encoding="utf-8")
    after = build_one(note)
    assert ids(after, NoteType.TERM) == ids(before, NoteType.TERM)
    assert ids(after, NoteType.FIGURE) == ids(before, NoteType.FIGURE)
    alignment = next(n for n in after.notes if n.type is NoteType.TERM and n["term"] == "对齐")
    assert alignment["definition"] == "指让AI按人类的意图行事"


def test_rebuilding_unchanged_notes_gives_byte_identical_files(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.md").write_text(BUNDLED, encoding="utf-8")
    (tmp_path / "notes" / "b.md").write_text(
        BUNDLED.replace("美中AI竞赛", "第二份"), encoding="utf-8"
    )
    out = tmp_path / "decks"
    first = [file.path for file in write_decks(build_decks([tmp_path / "notes"]).decks, out)]
    contents = [p.read_bytes() for p in first]
    stamps = [p.stat().st_mtime_ns for p in first]
    second = write_decks(build_decks([tmp_path / "notes"]).decks, out)
    assert [file.path for file in second] == first and not any(f.changed for f in second)
    assert [p.read_bytes() for p in first] == contents
    # Unchanged files are not rewritten, so tools that watch mtimes see nothing to do.
    assert [p.stat().st_mtime_ns for p in first] == stamps
    assert [p.name for p in first] == ["a.md", "b.md"]


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text(BUNDLED, encoding="utf-8")
    files = write_decks(build_decks([note]).decks, tmp_path / "out", dry_run=True)
    assert files == [(tmp_path / "out" / "n.md", True)] and not (tmp_path / "out").exists()


def test_same_file_names_from_two_folders_do_not_overwrite_each_other(tmp_path: Path) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "n.md").write_text(BUNDLED.replace("美中", folder), encoding="utf-8")
    decks = build_decks([tmp_path]).decks
    paths = [file.path for file in write_decks(decks, tmp_path / "out")]
    assert [p.name for p in paths] == ["n.md", "n-2.md"]
    assert [read_deck_file(p).name for p in paths] == [d.name for d in decks]


def test_folders_are_searched_recursively_skipping_hidden_and_other_files(tmp_path: Path) -> None:
    for name in ("a.md", "sub/b.markdown", "sub/deeper/c.MD", ".hidden/d.md", "sub/.e.md", "f.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("人口下降了50%。", encoding="utf-8")
    found = find_note_files([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a.md",
        "sub/b.markdown",
        "sub/deeper/c.MD",
    ]
    # A file named explicitly is taken whatever its extension, and only once.
    assert find_note_files([tmp_path / "f.txt", tmp_path / "f.txt"]) == [tmp_path / "f.txt"]


def test_symlink_loops_are_safe(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.md").write_text("人口下降了50%。", encoding="utf-8")
    (tmp_path / "notes" / "loop").symlink_to(tmp_path / "notes", target_is_directory=True)
    (tmp_path / "notes" / "self.md").symlink_to(tmp_path / "notes" / "self.md")
    result = build_decks([tmp_path / "notes"])
    assert [d.name for d in result.decks] == ["notes::a"]


def test_bad_notes_are_problems_and_the_rest_is_built(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(BUNDLED, encoding="utf-8")
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "latin1.md").write_bytes(b"caf\xe9\n")
    (tmp_path / "yaml.md").write_text("---\ntitle: [x\n---\nbody\n", encoding="utf-8")
    (tmp_path / "open.md").write_text("---\ntitle: x\n", encoding="utf-8")
    result = build_decks([tmp_path, tmp_path / "missing.md"])
    assert [d.name for d in result.decks] == [f"{tmp_path.name}::美中AI竞赛的未来走向"]
    assert len(result.problems) == 5
    assert result.problems[0] == f"{tmp_path / 'missing.md'}: no such file or folder"
    problems = "\n".join(result.problems)
    for name in ("empty.md", "latin1.md:1", "yaml.md:2", "open.md:1"):
        assert str(tmp_path / name) in problems
    assert all("\n" not in problem for problem in result.problems)


def test_deck_files_among_the_inputs_are_read_as_they_are(tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_text(BUNDLED, encoding="utf-8")
    deck = build_one(note)
    deck_file = tmp_path / "decks" / "hand.md"
    deck_file.parent.mkdir()
    deck_file.write_text(render_deck(deck), encoding="utf-8")
    result = build_decks([tmp_path])
    assert result.deck_files == [deck_file]
    # The note gets the folder's tree; the deck file keeps the name it says.
    assert [d.name for d in result.decks] == [deck.name, f"{tmp_path.name}::{deck.name}"]
    assert result.decks[0] == deck


def test_cache_skips_extraction_for_unchanged_notes(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text(BUNDLED, encoding="utf-8")
    cache = DeckCache()
    first = build_decks([note], cache=cache).decks[0]
    assert build_decks([note], cache=cache).decks[0] is first
    note.write_text(BUNDLED.replace("六个月", "七个月"), encoding="utf-8")
    changed = build_decks([note], cache=cache).decks[0]
    assert changed is not first and changed != first


def test_progress_is_reported_per_file(tmp_path: Path) -> None:
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text("人口下降了50%。", encoding="utf-8")
    seen: list[tuple[int, int]] = []
    build_decks([tmp_path], progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 2), (2, 2)]


def test_disk_cache_serves_unchanged_notes_across_processes(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text(BUNDLED, encoding="utf-8")
    folder = tmp_path / "cache"
    first = build_decks([note], cache=DiskDeckCache(folder)).decks[0]
    (entry,) = folder.iterdir()
    # A new cache object stands for a new process: it reads what the first one wrote.
    again = build_decks([note], cache=DiskDeckCache(folder)).decks[0]
    assert again == first and render_deck(again) == render_deck(first)
    # A damaged entry is a miss, never an error.
    entry.write_text("{not json", encoding="utf-8")
    assert build_decks([note], cache=DiskDeckCache(folder)).decks[0] == first


def test_disk_cache_entry_is_keyed_by_content(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text(BUNDLED, encoding="utf-8")
    cache = DiskDeckCache(tmp_path / "cache")
    build_decks([note], cache=cache)
    note.write_text(BUNDLED.replace("六个月", "七个月"), encoding="utf-8")
    changed = build_decks([note], cache=cache).decks[0]
    assert any("七个月" in n.fields.get("text", "") for n in changed.notes)
    assert len(list((tmp_path / "cache").iterdir())) == 2


def test_an_output_folder_that_cannot_be_made_is_a_clear_error(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text(BUNDLED, encoding="utf-8")
    blocker = tmp_path / "decks"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(StudycardsError) as caught:
        write_decks(build_decks([note]).decks, blocker)
    assert str(caught.value).startswith(f"{blocker}: cannot create the output folder")
    assert blocker.read_text(encoding="utf-8") == "a file where the folder should be"


def test_a_deck_file_the_note_did_not_build_is_never_replaced(tmp_path: Path) -> None:
    note = tmp_path / "notes" / "spanish.md"
    note.parent.mkdir()
    note.write_text("---\ntitle: Spanish\n---\n人口下降了50%的比例。\n", encoding="utf-8")
    out = tmp_path / "decks"
    out.mkdir()
    hand = out / "spanish.md"
    hand.write_text("### basic\n- question: ¿Qué?\n- answer: What?\n", encoding="utf-8")
    with pytest.raises(StudycardsError, match="was not built from"):
        write_decks(build_decks([note]).decks, out)
    assert hand.read_text(encoding="utf-8").startswith("### basic")
    # Its own earlier build is replaced as usual.
    hand.unlink()
    write_decks(build_decks([note]).decks, out)
    note.write_text("---\ntitle: Spanish\n---\n人口下降了60%的比例。\n", encoding="utf-8")
    ((path, _),) = write_decks(build_decks([note]).decks, out)
    assert "60%" in path.read_text(encoding="utf-8")


def test_the_same_note_spelled_absolutely_may_replace_its_deck(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("notes").mkdir()
    Path("notes/n.md").write_text("人口下降了50%的比例。\n", encoding="utf-8")
    write_decks(build_decks([Path("notes")]).decks, Path("decks"))
    Path("notes/n.md").write_text("人口下降了60%的比例。\n", encoding="utf-8")
    ((path, _),) = write_decks(build_decks([tmp_path / "notes"]).decks, tmp_path / "decks")
    assert "60%" in path.read_text(encoding="utf-8")
