"""Which files of a remembered folder an import reads again: the ones whose size or
modification time changed, every one after studycards itself changed, and a broken one
until it can be read."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from studycards.clock import FrozenClock
from studycards.collection import Collection, folders
from studycards.collection.importing import ImportResult, import_paths


def _write(path: Path, term: str, definition: str) -> None:
    path.write_text(f"# {term}\n\nThe **{term}** ({definition}) is here.\n", encoding="utf-8")


def _read(result: ImportResult) -> list[str]:
    return [Path(f.batch.origin).name for f in result.files if not f.gone]


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    folder = tmp_path / "vault"
    folder.mkdir()
    _write(folder / "a.md", "anvil", "the block a smith hammers on")
    _write(folder / "b.md", "bellows", "the bag that blows air into a fire")
    return folder


def test_only_files_whose_stamp_changed_are_read(
    vault: Path, tmp_path: Path, clock: FrozenClock
) -> None:
    with Collection.open(tmp_path / "c.db", clock) as col:
        assert _read(import_paths(col, [vault])) == ["a.md", "b.md"]
        assert _read(import_paths(col, [vault])) == []
        # Same size, new time: read (and found unchanged in content).
        info = (vault / "a.md").stat()
        os.utime(vault / "a.md", ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
        result = import_paths(col, [vault])
        assert _read(result) == ["a.md"]
        assert result.files[0].report.unchanged == 2 and result.unchanged_files == 1
        assert _read(import_paths(col, [vault])) == []


def test_a_newer_studycards_reads_every_file_again(
    vault: Path, tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Collection.open(tmp_path / "c.db", clock) as col:
        import_paths(col, [vault])
        monkeypatch.setattr(folders, "reader_version", lambda: "a newer reader")
        assert _read(import_paths(col, [vault])) == ["a.md", "b.md"]
        assert _read(import_paths(col, [vault])) == []


def test_a_note_that_cannot_be_read_keeps_its_cards_and_is_tried_again(
    vault: Path, tmp_path: Path, clock: FrozenClock
) -> None:
    with Collection.open(tmp_path / "c.db", clock) as col:
        import_paths(col, [vault])
        (vault / "b.md").write_bytes(b"\x00" * 64)  # not text any more
        result = import_paths(col, [vault])
        assert _read(result) == [] and "b.md" in result.skipped[0]
        assert {row.card.front for row in col.card_rows()} >= {"bellows"}
        assert col.orphans() == []
        _write(vault / "b.md", "bellows", "a bag that blows air into a forge")
        assert _read(import_paths(col, [vault])) == ["b.md"]
        assert col.orphans() == []


def test_a_file_in_a_sub_folder_imported_before_is_not_gone_from_the_parent(
    vault: Path, tmp_path: Path, clock: FrozenClock
) -> None:
    (vault / "sub").mkdir()
    _write(vault / "sub" / "c.md", "crucible", "a pot that holds molten metal")
    with Collection.open(tmp_path / "c.db", clock) as col:
        import_paths(col, [vault / "sub"])
        result = import_paths(col, [vault])
        assert _read(result) == ["a.md", "b.md"] and result.unchanged_files == 1
        assert [f for f in result.files if f.gone] == []
        with col.store.guard("read"):
            assert folders.source_folders(col.store.conn) == [
                (vault / "sub").resolve(),
                vault.resolve(),
            ]


def test_only_a_change_to_the_code_that_reads_files_makes_studycards_read_them_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "studycards"
    shutil.copytree(Path(folders.__file__).resolve().parents[1], package)
    monkeypatch.setattr(folders, "_PACKAGE", package)

    def version() -> str:
        return folders.reader_version.__wrapped__()

    first = version()
    for shown_only in ("render.py", "study/session.py", "tui/app.py", "cli/status.py"):
        with (package / shown_only).open("a", encoding="utf-8") as code:
            code.write("# drawn or studied differently\n")
        assert version() == first, shown_only
    for reading in ("notes/extract/glossary.py", "interop/obsidian.py", "collection/sync.py"):
        with (package / reading).open("a", encoding="utf-8") as code:
            code.write("# read differently\n")
        assert version() != first, reading
        first = version()
