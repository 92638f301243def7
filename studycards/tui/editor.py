"""Open `$EDITOR` at a line of a note or deck file, with the app suspended meanwhile."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path
from typing import Any

from textual.app import App, SuspendNotSupported


def editor_command(path: Path, line: int) -> list[str]:
    """`$VISUAL` or `$EDITOR` (else `vi`) with `+LINE`, which vi, vim, nano, emacs and micro read."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    command = shlex.split(editor)
    if line > 0:
        command.append(f"+{line}")
    command.append(str(path))
    return command


def edit_source(app: App[Any], path: Path, line: int) -> str | None:
    """Run the editor on `path` and wait for it; returns a message when it could not run."""
    command = editor_command(path, line)
    try:
        try:
            with app.suspend():
                result = subprocess.run(command, check=False)
        except SuspendNotSupported:
            # Headless runs (tests, pilot) have no terminal to hand over.
            result = subprocess.run(command, check=False, stdin=subprocess.DEVNULL)
    except OSError as error:
        return f"Could not start the editor {command[0]!r}: {error.strerror}"
    if result.returncode != 0:
        return f"The editor exited with status {result.returncode}; nothing re-imported"
    return None
