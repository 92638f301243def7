"""Running `studycards` in tests: in-process with click's runner (fast), or as the installed
command in a subprocess (real stdin/stdout, exit codes and the one-line error format)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from studycards.cli import cli

REPO = Path(__file__).resolve().parents[2]
BUNDLED_DECK = REPO / "decks" / "us-china-ai-race.md"
STUDYCARDS = Path(sys.executable).with_name("studycards")


def ctrl_c_as_in_a_terminal() -> None:
    """For `subprocess.Popen(preexec_fn=…)`: the child takes Ctrl-C (SIGINT) as a command run
    from a terminal does, even when pytest itself was started with SIGINT ignored (in the
    background of a shell without job control), which its children would inherit."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@dataclass
class Ran:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    def json_lines(self) -> list[Any]:
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


class Studycards:
    """The command line bound to one collection file."""

    def __init__(self, collection: Path) -> None:
        self.collection = collection

    def __call__(self, *args: str, input: str | None = None) -> Ran:
        """In process; raises if the command fails, so a test sees why."""
        result = CliRunner().invoke(
            cli,
            [*args],
            input=input,
            env={"STUDYCARDS_COLLECTION": str(self.collection), "COLUMNS": "100"},
            catch_exceptions=False,
        )
        ran = Ran(result.exit_code, result.stdout, result.stderr)
        assert ran.code == 0, f"studycards {' '.join(args)} failed: {ran.err}{ran.out}"
        return ran

    def process(
        self,
        *args: str,
        input: str | None = None,
        timeout: float = 60,
        cwd: Path | None = None,
        prefix: tuple[str, ...] = (),
    ) -> Ran:
        """The installed command in a subprocess, exit code whatever it is; `prefix` runs it
        under another command (see `read_only_view`)."""
        env = {**os.environ, "STUDYCARDS_COLLECTION": str(self.collection), "COLUMNS": "100"}
        return run(*prefix, str(STUDYCARDS), *args, env=env, input=input, timeout=timeout, cwd=cwd)


def run(
    *command: str,
    env: dict[str, str],
    input: str | None = None,
    timeout: float = 60,
    cwd: Path | None = None,
) -> Ran:
    done = subprocess.run(
        command,
        input=input,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
        cwd=cwd,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


def read_only_view(folder: Path) -> tuple[str, ...]:
    """A command prefix under which `folder` is read-only, as on a read-only disk.

    Tests run as root, for whom file modes deny nothing: there the folder is bind-mounted
    read-only in a private mount namespace. Anyone else gets the folder and its files made
    read-only by mode (pytest's tmp_path cleanup copes with that).
    """
    if os.geteuid() == 0 and shutil.which("unshare"):
        script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'
        return ("unshare", "--mount", "sh", "-c", script, "sh", str(folder))
    for path in [*folder.iterdir(), folder]:
        path.chmod(path.stat().st_mode & ~0o222)
    return ()
