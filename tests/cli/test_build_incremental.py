"""`studycards build` again on a folder it built: unchanged notes are recognised by their size
and modification time without being read, as git's index recognises unchanged files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from studycards.cli import cli

# Long enough ago that no clock tick is shared with a build (see test_racy_*).
AN_HOUR_AGO = 3600 * 10**9


def note(topic: str, share: int) -> str:
    return (
        f"# {topic}\n\n"
        f"A **{topic.lower()} ledger** (a book where every sale of the {topic.lower()} "
        "market is written down) was kept by the clerk.\n\n"
        f"The {topic.lower()} mill ground {share}% of the grain the farms brought in.\n"
    )


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    notes = tmp_path / "notes"
    notes.mkdir()
    for topic, share in (("Harbour", 41), ("Orchard", 52), ("Quarry", 63)):
        age(write(notes / f"{topic.lower()}.md", note(topic, share)))
    return notes


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def age(path: Path, *, by: int = AN_HOUR_AGO) -> None:
    """Move the file's modification time back, as a note edited earlier in the day has."""
    mtime = path.stat().st_mtime_ns - by
    os.utime(path, ns=(mtime, mtime))


def same_size_other_bytes(path: Path, old: str, new: str) -> None:
    """Change the file's bytes but not its size or modification time (its stamp)."""
    assert len(old.encode()) == len(new.encode())
    stamp = path.stat().st_mtime_ns
    write(path, path.read_text(encoding="utf-8").replace(old, new))
    os.utime(path, ns=(stamp, stamp))


def build(*args: str) -> Result:
    result = CliRunner().invoke(cli, ["build", "notes", "--out", "decks", *args])
    assert result.exit_code == 0, result.output
    return result


def cards(*args: str) -> list[str]:
    return [json.loads(line)["back"] for line in build("--json", *args).stdout.splitlines()]


def deck_files(out: Path = Path("decks")) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(out.iterdir())}


def test_an_unchanged_note_is_built_from_its_stamp_without_being_read(folder: Path) -> None:
    first = build()
    assert "3 deck files written" in first.stderr
    before = deck_files()
    # Bytes changed behind the stamp's back: a build that read the note would see 14%.
    same_size_other_bytes(folder / "harbour.md", "41%", "14%")
    again = build()
    assert "0 deck files written to decks, 3 unchanged" in again.stderr
    assert deck_files() == before
    # Its cards come from the earlier build, not from the file.
    backs = cards()
    assert any("[41%]" in back for back in backs) and not any("14%" in b for b in backs)


def test_a_note_touched_without_a_change_leaves_its_deck_file_as_it_was(folder: Path) -> None:
    build()
    before = deck_files()
    orchard = folder / "orchard.md"
    os.utime(orchard, ns=(orchard.stat().st_mtime_ns + 10**9,) * 2)  # `touch`, an hour ago
    again = build()
    assert "0 deck files written to decks, 3 unchanged" in again.stderr
    assert deck_files() == before


def test_an_edited_note_changes_its_cards_and_only_its_deck_file(folder: Path) -> None:
    build()
    before = deck_files()
    quarry = folder / "quarry.md"
    write(quarry, quarry.read_text(encoding="utf-8").replace("63%", "36.5%"))
    again = build()
    assert "1 deck file written to decks, 2 unchanged" in again.stderr
    after = deck_files()
    assert after["quarry.md"][0] != before["quarry.md"][0]
    assert b"36.5%" in after["quarry.md"][0]
    assert {name: after[name] for name in ("harbour.md", "orchard.md")} == {
        name: before[name] for name in ("harbour.md", "orchard.md")
    }
    # A rebuild from scratch makes the same files, byte for byte.
    CliRunner().invoke(cli, ["build", "notes", "--out", "fresh", "--no-cache"])
    assert {n: data for n, (data, _) in deck_files(Path("fresh")).items()} == {
        n: data for n, (data, _) in after.items()
    }


def test_front_matter_and_the_figures_option_rebuild_what_they_change(folder: Path) -> None:
    assert sum("%]" in back for back in cards()) == 3
    assert sum("%]" in back for back in cards("--figures", "none")) == 0
    assert sum("%]" in back for back in cards()) == 3
    harbour = folder / "harbour.md"
    write(harbour, "---\nfigures: none\n---\n" + harbour.read_text(encoding="utf-8"))
    backs = cards()
    assert sum("%]" in back for back in backs) == 2 and not any("41%" in b for b in backs)


def test_a_new_version_of_the_builder_reads_every_note_again(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studycards.notes import buildcache

    build()
    same_size_other_bytes(folder / "harbour.md", "41%", "14%")
    monkeypatch.setattr(buildcache, "_code_version", lambda: b"the next version")
    assert any("[14%]" in back for back in cards())


def test_a_deck_file_removed_or_edited_by_hand_is_written_again(folder: Path) -> None:
    build()
    before = deck_files()
    Path("decks/orchard.md").unlink()
    edited = Path("decks/quarry.md")
    edited.write_bytes(edited.read_bytes().replace(b"63%", b"99%"))
    again = build()
    assert "2 deck files written to decks, 1 unchanged" in again.stderr
    assert {n: data for n, (data, _) in deck_files().items()} == {
        n: data for n, (data, _) in before.items()
    }


def test_another_output_folder_gets_its_own_deck_files(folder: Path) -> None:
    build()
    result = CliRunner().invoke(cli, ["build", "notes", "--out", "elsewhere"])
    assert "3 deck files written to elsewhere" in result.stderr
    assert sorted(p.name for p in Path("elsewhere").iterdir()) == sorted(deck_files())


def test_racy_a_note_changed_in_the_tick_the_build_ended_is_read_again(folder: Path) -> None:
    # A note whose modification time is not older than the build that saw it may change
    # again without its stamp changing (a coarse clock, a fast editor): it is read again.
    harbour = folder / "harbour.md"
    age(harbour, by=-2 * AN_HOUR_AGO)  # as late as the build, or later
    build()
    same_size_other_bytes(harbour, "41%", "14%")
    assert any("[14%]" in back for back in cards())


def test_a_dry_run_remembers_nothing(folder: Path) -> None:
    from studycards.cli.build import index_folder

    result = CliRunner().invoke(cli, ["build", "notes", "--out", "decks", "--dry-run"])
    assert result.exit_code == 0 and not index_folder().exists()
    assert "dry run: 3 deck files would be written" in result.stderr


def test_a_damaged_index_only_costs_a_full_build(folder: Path) -> None:
    from studycards.cli.build import index_folder

    build()
    before = deck_files()
    for index in index_folder().iterdir():
        index.write_bytes(b'{"notes/harbour.md": [1, "x"]}')
    same_size_other_bytes(folder / "harbour.md", "41%", "14%")
    again = build()
    assert "1 deck file written to decks, 2 unchanged" in again.stderr
    assert b"14%" in Path("decks/harbour.md").read_bytes()
    assert deck_files()["orchard.md"] == before["orchard.md"]


def test_a_large_rebuild_lists_only_the_decks_that_changed(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    for number in range(60):
        age(write(notes / f"n{number:02d}.md", note(f"Topic{number:02d}", number + 10)))
    os.chdir(tmp_path)
    try:
        build()
        write(notes / "n07.md", note("Topic07", 99))
        again = build()
    finally:
        os.chdir(Path(__file__).parent)
    rows = [line for line in again.stderr.splitlines() if "notes::" in line]
    assert len(rows) == 1 and "notes::n07 " in rows[0] and "decks/n07.md" in rows[0]
    assert "… and 59 decks whose file is unchanged" in again.stderr
    assert "1 deck file written to decks, 59 unchanged" in again.stderr


def test_only_the_last_indexes_are_kept(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from studycards.cli.build import index_folder
    from studycards.notes import buildcache

    monkeypatch.setattr(buildcache, "MAX_INDEXES", 2)
    for out in ("one", "two", "three"):
        assert CliRunner().invoke(cli, ["build", "notes", "--out", out]).exit_code == 0
    assert len(list(index_folder().iterdir())) == 2
    # The last folder built is still recognised: nothing is read again.
    same_size_other_bytes(folder / "harbour.md", "41%", "14%")
    again = CliRunner().invoke(cli, ["build", "notes", "--out", "three"])
    assert "0 deck files written to three, 3 unchanged" in again.stderr


def test_racy_a_deck_file_changed_in_the_tick_the_build_ended_is_compared_again(
    folder: Path,
) -> None:
    build()
    deck = Path("decks/orchard.md")
    before = deck.read_bytes()
    late = deck.stat().st_mtime_ns + 2 * AN_HOUR_AGO  # as late as the build, or later
    os.utime(deck, ns=(late, late))
    build()  # the index now holds that stamp
    deck.write_bytes(before.replace(b"52%", b"25%"))  # same size, same stamp
    os.utime(deck, ns=(late, late))
    assert "1 deck file written to decks, 2 unchanged" in build().stderr
    assert deck.read_bytes() == before
