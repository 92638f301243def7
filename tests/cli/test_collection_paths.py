"""Which commands may create a collection, and which work on one they cannot write to.

Reading commands never create anything: a mistyped --collection says there is no collection
there, in one line. Writing commands create the file, and its missing folders only in the
default location. A read-only collection can be read by every reading command.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli.clirun import BUNDLED_DECK, STUDYCARDS, Ran, Studycards, read_only_view, run

READING = [
    ["status"],
    ["status", "--json"],
    ["cards"],
    ["history"],
    ["stats"],
    ["export", "-o", "{out}/all.apkg"],
    ["export", "-o", "{out}/all.csv"],
    ["backup", "list"],
    ["orphans"],
    ["options", "美中AI竞赛的未来走向"],
]


def one_error_line(ran: Ran) -> str:
    assert ran.code == 1, ran
    lines = ran.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("studycards: error: "), ran.err
    assert "Traceback" not in ran.err
    return lines[0]


@pytest.mark.parametrize("command", READING, ids=" ".join)
def test_a_reading_command_on_a_mistyped_path_creates_nothing(
    tmp_path: Path, command: list[str]
) -> None:
    typo = tmp_path / "notes" / "typo" / "c.db"
    args = [part.format(out=tmp_path) for part in command]
    line = one_error_line(Studycards(typo).process(*args))
    assert f"{typo}: no collection here" in line
    assert not (tmp_path / "notes").exists()
    assert not list(tmp_path.glob("all.*"))


def test_a_writing_command_creates_the_file_but_not_a_mistyped_folder(tmp_path: Path) -> None:
    typo = tmp_path / "typo" / "c.db"
    line = one_error_line(Studycards(typo).process("import", str(BUNDLED_DECK)))
    assert "its folder does not exist" in line
    assert not typo.parent.exists()
    made = tmp_path / "c.db"
    assert Studycards(made).process("import", str(BUNDLED_DECK)).code == 0
    assert made.is_file()


def test_the_default_location_is_created_with_its_folders(tmp_path: Path) -> None:
    data = tmp_path / "xdg-data"
    env = {**os.environ, "XDG_DATA_HOME": str(data), "COLUMNS": "100"}
    env.pop("STUDYCARDS_COLLECTION", None)
    missing = run(str(STUDYCARDS), "status", env=env)
    assert "no collection here" in one_error_line(missing)
    assert not data.exists(), "status must not create the default folder either"
    assert run(str(STUDYCARDS), "import", str(BUNDLED_DECK), env=env).code == 0
    assert (data / "studycards" / "collection.db").is_file()


def files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.rglob("*") if path.is_file()}


@pytest.fixture
def read_only(tmp_path: Path) -> tuple[Studycards, tuple[str, ...], Path]:
    """A collection with the bundled deck and one answer, in a folder made read-only, and
    a writable folder for exports."""
    folder = tmp_path / "readonly"
    folder.mkdir()
    sc = Studycards(folder / "c.db")
    sc("import", str(BUNDLED_DECK))
    sc("review", "--plain", input="\n3\nq\n")
    out = tmp_path / "out"
    out.mkdir()
    return sc, read_only_view(folder), out


@pytest.mark.parametrize("command", READING, ids=" ".join)
def test_a_reading_command_works_on_a_read_only_collection(
    read_only: tuple[Studycards, tuple[str, ...], Path], command: list[str]
) -> None:
    sc, view, out = read_only
    before = files(sc.collection.parent)
    ran = sc.process(*(part.format(out=out) for part in command), prefix=view)
    assert ran.code == 0, ran.err
    assert ran.err == ""
    assert files(sc.collection.parent) == before


def test_a_writing_command_refuses_a_read_only_collection_in_one_line(
    read_only: tuple[Studycards, tuple[str, ...], Path],
) -> None:
    sc, view, _ = read_only
    for command in (["import", str(BUNDLED_DECK)], ["review", "--plain"], ["suspend", "x"]):
        line = one_error_line(sc.process(*command, prefix=view, input="q\n"))
        assert f"{sc.collection}: is read-only" in line


def test_a_reading_command_leaves_no_file_beside_the_collection(tmp_path: Path) -> None:
    sc = Studycards(tmp_path / "c.db")
    sc("import", str(BUNDLED_DECK))
    before = sorted(path.name for path in tmp_path.iterdir())
    for command in (["status"], ["cards", "--json"], ["stats"], ["history"]):
        assert sc.process(*command).code == 0
        assert sorted(path.name for path in tmp_path.iterdir()) == before, command
