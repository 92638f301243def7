"""`studycards` with no command: the study app on a terminal, help otherwise; and
`--collection` given before a command reaches that command."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from studycards.cli import cli
from studycards.clock import FrozenClock
from tests.tui.conftest import demo_notes, open_with


def test_no_command_without_a_terminal_prints_help() -> None:
    result = CliRunner().invoke(cli, [])
    assert result.exit_code == 0
    assert "Run without a command to open the study app." in result.output


def test_collection_before_the_command_is_the_one_used(tmp_path: Path, clock: FrozenClock) -> None:
    db = tmp_path / "mine.db"
    open_with(db, clock, demo_notes()).close()
    result = CliRunner().invoke(cli, ["--collection", str(db), "status", "--json"])
    assert result.exit_code == 0, result.output
    decks = {row["deck"] for row in json.loads(result.output)["decks"]}
    assert decks >= {"AI race", "AI race::Capitals"}
