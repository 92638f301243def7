"""A 300-note folder import stopped by Ctrl-C (SIGINT) or a full disk: the command says so in
one line, and `history --json` and `cards --json` show the collection exactly as before."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from studycards.clock import FrozenClock
from tests.cli.clirun import STUDYCARDS, ctrl_c_as_in_a_terminal

from .procs import check_sound, make_collection, study_process, write_notes
from .test_full_disk import assert_clear_failure, limited

pytestmark = pytest.mark.slow

ABORTED = "studycards: aborted: nothing was imported; the collection is as it was"
SAVED = "studycards: aborted: the import was saved just before the interrupt"


def views(path: Path) -> tuple[str, str]:
    """What a user sees of the collection: every card and every review, as JSON lines."""
    env = {**os.environ, "STUDYCARDS_COLLECTION": str(path)}
    out = []
    for command in ("cards", "history"):
        done = subprocess.run(
            [str(STUDYCARDS), command, "--json"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=True,
        )
        out.append(done.stdout)
    return out[0], out[1]


@pytest.fixture
def studied(tmp_path: Path, clock: FrozenClock) -> Path:
    path = tmp_path / "col.db"
    make_collection(path, clock, "Kept", 20)
    study_process(path, 12).communicate(timeout=60)
    return path


def test_ctrl_c_during_a_folder_import_leaves_the_collection_as_it_was(
    studied: Path, tmp_path: Path
) -> None:
    before = views(studied)
    cards_before = before[0].count("\n")
    notes = tmp_path / "notes"
    write_notes(notes, 300)
    backups = studied.with_name(studied.name + ".backups")
    rng = random.Random(3)
    outcomes: list[str] = []
    # Early rounds interrupt while the notes are read; later ones once the backup is made,
    # inside the one transaction that writes them.
    for round_ in range(6):
        made = set(backups.glob("*.db"))
        child = subprocess.Popen(
            [str(STUDYCARDS), "--collection", str(studied), "import", str(notes)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=ctrl_c_as_in_a_terminal,
        )
        deadline = time.monotonic() + 60
        if round_ < 2:
            # The collection is open (its WAL file is there): the notes are being read.
            wal = studied.with_name(studied.name + "-wal")
            while not wal.exists() and time.monotonic() < deadline:
                time.sleep(0.002)
            time.sleep(rng.uniform(0, 0.2))
        else:
            while set(backups.glob("*.db")) <= made and time.monotonic() < deadline:
                time.sleep(0.002)
            time.sleep(rng.uniform(0, 0.05))
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=60)
        assert "Traceback" not in err
        check_sound(studied)
        last = err.strip().splitlines()[-1] if err.strip() else ""
        if child.returncode == 0 or last == SAVED:
            outcomes.append("finished")  # the interrupt came after the commit
            break
        assert child.returncode == 130, err
        assert last == ABORTED
        assert views(studied) == before
        outcomes.append("inside" if round_ >= 2 else "reading")
    assert "inside" in outcomes, outcomes
    # Without an interrupt, the same import brings all 300 notes.
    done = subprocess.run(
        [str(STUDYCARDS), "--collection", str(studied), "import", str(notes)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    cards, history = views(studied)
    assert cards.count("\n") == cards_before + 300 * 5
    assert history == before[1]


def test_a_full_disk_during_a_folder_import_leaves_the_collection_as_it_was(
    studied: Path, tmp_path: Path
) -> None:
    conn_size = studied.stat().st_size
    before = views(studied)
    notes = tmp_path / "notes"
    write_notes(notes, 300)
    # Room for the backup (the collection's size), not for the import's writes.
    done = limited(conn_size + 64 * 1024, "--collection", str(studied), "import", str(notes))
    assert_clear_failure(done)
    assert "nothing was changed" in done.stderr
    check_sound(studied)
    assert views(studied) == before
