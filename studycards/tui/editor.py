"""Open `$EDITOR` at a line of a note or deck file, with the app suspended meanwhile; or,
for a note whose text is kept in the collection, on a temporary document of its fields."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
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
        return f"The editor exited with status {result.returncode}; nothing changed"
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


def edit_in_collection(
    app: App[Any], document: tuple[str, int], save: Callable[[str, str], bool]
) -> bool:
    """Edit a note whose text is kept in the collection (note_text.py): its `document` (the
    text, and the line of its first field) in a temporary Markdown file, the editor on it,
    then `save(text, path)`. The file goes once saved; if the edit cannot be saved, it stays
    and the notification names it, so nothing typed is lost. True when the note changed."""
    text, line = document
    with tempfile.NamedTemporaryFile(
        "w", suffix=".md", prefix="studycards-note-", delete=False, encoding="utf-8"
    ) as handle:
        handle.write(text)
    path = Path(handle.name)
    error = edit_source(app, path, line)
    if error:
        path.unlink(missing_ok=True)
        app.notify(error, severity="error", markup=False)
        return False
    try:
        changed = save(path.read_text(encoding="utf-8"), str(path))
    except (StudycardsError, UnicodeDecodeError) as problem:
        app.notify(
            f"Not saved: {problem}. Your text is kept in {path}",
            severity="error",
            timeout=20,
            markup=False,
        )
        return False
    path.unlink(missing_ok=True)
    app.notify("Saved the note" if changed else "The note is unchanged", timeout=2)
    return changed
