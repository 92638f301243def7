"""Has a file changed since we last read it? Its size and modification time say so without
reading it, as git's index decides which files to look at again.

A stamp is taken from one `stat` call. Two stamps that differ mean the file may have changed
and must be read; equal stamps mean it has not, unless something rewrote it within the same
nanosecond tick keeping its size, which editors and sync tools do not do.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple


class Stamp(NamedTuple):
    size: int
    mtime_ns: int


def stamp_of(path: Path | str | os.stat_result) -> Stamp:
    """The stamp of a file, or of a `stat` result already taken. Raises OSError when the
    file cannot be looked at (gone, unreadable folder)."""
    info = path if isinstance(path, os.stat_result) else os.stat(path)
    return Stamp(info.st_size, info.st_mtime_ns)
