"""Open `$EDITOR` at a line of a note or deck file, with the app suspended meanwhile."""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App, SuspendNotSupported

from studycards.errors import StudycardsError


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


def edit_and_reimport(
    app: App[Any], location: tuple[Path, int] | None, reimport: Callable[[Path], None]
) -> bool:
    """Edit a card's source at `location`, then `reimport` the file, telling the user in a
    notification what went wrong; True when the file was read again."""
    if location is None:
        app.notify("This card has no source file to edit", severity="warning")
        return False
    path, line = location
    error = edit_source(app, path, line)
    if error:
        app.notify(error, severity="error", markup=False)
        return False
    try:
        reimport(path)
    except StudycardsError as problem:  # a user's edit may break the file; say so
        app.notify(f"Not re-imported: {problem}", severity="error", timeout=8, markup=False)
        return False
    app.notify(f"Re-imported {path.name}", timeout=2, markup=False)
    return True
