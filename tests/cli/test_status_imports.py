"""`studycards status` starts fast: a fresh process loads only what the command uses.

Every module imported is paid on each run; these are the ones status has no use for (the
scheduler and fsrs, the sync and reading views, the build progress bar, the Textual UI).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from studycards.clock import FrozenClock
from studycards.collection import Collection
from tests.builders import batch, questions

NOT_FOR_STATUS = (
    "fsrs",
    "studycards.scheduling.scheduler",
    "studycards.collection.sync",
    "studycards.collection.reading",
    "studycards.notes.cards",
    "rich.progress",
    "platformdirs",
    "textual",
)

_PROBE = """
import json, sys
from studycards.cli import main
sys.argv = ["studycards", "status", *sys.argv[1:]]
main()
print(json.dumps(sorted(name for name in {names} if name in sys.modules)))
"""


def test_status_loads_no_module_it_does_not_use(tmp_path: Path, clock: FrozenClock) -> None:
    path = tmp_path / "collection.db"
    with Collection.open(path, clock) as col:
        col.import_batch(batch("deck.md", ("Spanish::Verbs", questions("Spanish::Verbs", 3))))
    for args in ([], ["--json"]):
        done = subprocess.run(
            [sys.executable, "-c", _PROBE.format(names=repr(NOT_FOR_STATUS)), *args],
            capture_output=True,
            text=True,
            env={**os.environ, "STUDYCARDS_COLLECTION": str(path), "COLUMNS": "100"},
            timeout=60,
            check=True,
        )
        assert "Verbs" in done.stdout  # the command did its work
        assert json.loads(done.stdout.splitlines()[-1]) == []
