"""What a user who mistypes gets: one line in the house format, with click's "did you
mean", `-h` as `--help`, and deck names matched the way Anki matches them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.clirun import BUNDLED_DECK, Studycards

DECK = "美中AI竞赛的未来走向"


@pytest.fixture
def sc(tmp_path: Path) -> Studycards:
    studycards = Studycards(tmp_path / "collection.db")
    studycards("import", str(BUNDLED_DECK))
    studycards("import", str(write_deck(tmp_path / "chips.md", "Chip War Notes::Fabs")))
    return studycards


def write_deck(path: Path, name: str) -> Path:
    path.write_text(
        f"---\ndeck: {name}\n---\n\n### basic\n- question: Who makes EUV machines?\n"
        "- answer: ASML\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["stauts"], ["No such command 'stauts'", "'status'", "`studycards -h`"]),
        (["status", "--jsn"], ["No such option '--jsn'", "'--json'", "studycards status -h"]),
        (["build"], ["Missing argument 'NOTES...'", "studycards build -h"]),
        (["--collection", "{tmp}", "status"], ["'--collection'", "is a directory"]),
        (["options", DECK, "--leech-action", "nuke"], ["'nuke' is not one of"]),
    ],
)
def test_a_usage_error_is_one_line_in_the_house_format(
    sc: Studycards, tmp_path: Path, args: list[str], words: list[str]
) -> None:
    ran = sc.process(*(arg.format(tmp=tmp_path) for arg in args))
    assert ran.code == 2
    assert ran.out == ""
    (line,) = ran.err.splitlines()
    assert line.startswith("studycards: error: ")
    for word in words:
        assert word in line


def test_dash_h_is_help_for_the_group_and_every_command(sc: Studycards) -> None:
    for args in (["-h"], ["status", "-h"], ["backup", "list", "-h"]):
        ran = sc.process(*args)
        assert ran.code == 0 and ran.out.startswith("Usage: studycards"), ran
        assert ran.out == sc.process(*args[:-1], "--help").out


def test_deck_names_match_in_any_case_with_their_subdecks(sc: Studycards) -> None:
    everything = {row["card_id"] for row in sc("cards", "--json").json_lines()}
    chips = sc("cards", "--deck", "chip war notes", "--json").json_lines()
    assert chips and {row["deck"] for row in chips} == {"Chip War Notes::Fabs"}
    assert {row["card_id"] for row in chips} < everything
    assert sc("history", "--deck", "CHIP WAR NOTES::fabs").code == 0
    assert "Chip War Notes" in sc("stats", "--deck", "chip war notes").out
    assert sc("options", "chip war notes", "--json").json()["deck"] == "Chip War Notes"


def test_an_unknown_deck_suggests_the_closest_one(sc: Studycards, tmp_path: Path) -> None:
    for args in (
        ["cards", "--deck", "chip wars notes"],
        ["stats", "--deck", "Chip War Note"],
        ["export", "chip war notez", "-o", str(tmp_path / "x.apkg")],
        ["review", "--plain", "Chip War Nots"],
        ["options", "fabs"],
    ):
        ran = sc.process(*args, input="q\n")
        assert ran.code == 1, args
        (line,) = ran.err.splitlines()
        assert line.startswith("studycards: error: ")
        assert "did you mean 'Chip War Notes" in line, line
    far = sc.process("cards", "--deck", "zzzz")
    assert "`studycards status` lists the decks" in far.err


def _raising(error: BaseException) -> Callable[..., None]:
    def run(*_: object, **__: object) -> None:
        raise error

    return run


def test_a_ctrl_c_that_python_wraps_in_a_runtime_error_ends_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Python 3.11 reports a Ctrl-C landing while a module is being imported as a RuntimeError
    # raised from the KeyboardInterrupt.
    from studycards import cli as entry

    try:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as interrupt:
            raise RuntimeError("import interrupted") from interrupt
    except RuntimeError as wrapped:
        error = wrapped
    monkeypatch.setattr(entry.cli, "main", _raising(error))
    monkeypatch.setattr("sys.argv", ["studycards", "import", "notes/"])
    with pytest.raises(SystemExit) as ended:
        entry.main()
    assert ended.value.code == 130
    assert capsys.readouterr().err == "studycards: aborted\n"
    # Any other RuntimeError is a bug, and keeps its traceback.
    monkeypatch.setattr(entry.cli, "main", _raising(RuntimeError("a bug")))
    with pytest.raises(RuntimeError, match="a bug"):
        entry.main()
