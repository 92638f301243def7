"""Several processes studying one collection while another imports into it: every answer
each of them reported is in the log exactly once, and none fails with "database is locked"."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.study import today
from tests.cli.clirun import STUDYCARDS

from .procs import answers_of, check_sound, logged, make_collection, study_process, write_deck

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("students", [2, 8])
def test_students_and_an_importer_share_a_collection(
    tmp_path: Path, clock: FrozenClock, students: int
) -> None:
    path = tmp_path / "col.db"
    make_collection(path, clock, "Shared", 400)
    deck = write_deck(tmp_path, "Arriving", 1500)
    children = [study_process(path, 40, offset=i) for i in range(students)]
    importer = subprocess.Popen(
        [str(STUDYCARDS), "--collection", str(path), "import", str(deck)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    reported = answers_of([])
    for child in children:
        out, err = child.communicate(timeout=240)
        assert child.returncode == 0, err
        assert "Traceback" not in err and "locked" not in err, err
        lines = out.splitlines()
        assert lines[0] == "ready" and lines[-1] == "done"
        mine = answers_of(lines)
        assert sum(mine.values()) == 40
        reported += mine
    out, err = importer.communicate(timeout=240)
    assert importer.returncode == 0, err
    assert err == ""
    check_sound(path)
    assert logged(path) == reported
    with Collection.open(path, clock) as col:
        totals = {status.deck: status.total for status in today.status(col)}
    assert totals == {"Arriving": 1500, "Shared": 400}
