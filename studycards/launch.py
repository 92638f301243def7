"""The `studycards` command's entry point: Ctrl-C while the program is still loading ends
it quietly (status 130), as it does later, instead of with a traceback of the import."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from studycards.cli import main as run
    except KeyboardInterrupt:
        sys.exit(130)
    run()
