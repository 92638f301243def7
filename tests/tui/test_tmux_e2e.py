"""End to end: the real `studycards` in a real terminal (tmux), killed with SIGKILL mid-session.

Three answers given before the kill must be in `studycards history --json` afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from studycards.clock import FrozenClock
from tests.tui.conftest import demo_notes, open_with

STUDYCARDS = Path(sys.executable).with_name("studycards")


class Tmux:
    """One private tmux server (its own socket), so the test never touches a user's tmux."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def run(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
        return result.stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "study")

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if text in shown:
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared; the screen shows:\n{shown}")
            time.sleep(0.1)

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "study", *keys)


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    assert shutil.which("tmux"), "tmux is needed for the end-to-end test"
    server = Tmux(f"studycards-test-{os.getpid()}-{tmp_path.name}")
    yield server
    subprocess.run(["tmux", "-L", server.socket, "kill-server"], capture_output=True, check=False)


def history(db: Path) -> list[dict[str, Any]]:
    out = subprocess.run(
        [str(STUDYCARDS), "history", "--json", "--collection", str(db)],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    try:
        parsed = json.loads(out)
    except json.JSONDecodeError:
        return [json.loads(line) for line in out.splitlines() if line.strip()]
    return parsed if isinstance(parsed, list) else [parsed]


@pytest.mark.slow
def test_three_answers_survive_sigkill(tmp_path: Path, clock: FrozenClock, tmux: Tmux) -> None:
    db = tmp_path / "e2e.db"
    open_with(db, clock, demo_notes()).close()
    tmux.run(
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-s",
        "study",
        "-x",
        "100",
        "-y",
        "30",
        "-e",
        f"HOME={os.environ['HOME']}",
        f"exec {STUDYCARDS} --collection {db}",
    )
    tmux.wait_for("AI race")
    tmux.keys("Enter")
    for _ in range(3):
        tmux.wait_for("Show answer")
        tmux.keys("Space")
        tmux.wait_for("Again")
        tmux.keys("3")
    tmux.wait_for("Show answer")
    pid = int(tmux.run("list-panes", "-t", "study", "-F", "#{pane_pid}").split()[0])
    os.kill(pid, signal.SIGKILL)
    rows = history(db)
    assert [row["rating"] for row in rows] == [3, 3, 3]
    assert len({row["card_id"] for row in rows}) == 3
