"""SIGKILL at random points while studying, importing and optimizing: afterwards the file
opens, passes PRAGMA integrity_check, and every answer committed before the kill is there."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bench.synthetic import synthetic_log
from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.model import Review, card_id_for
from studycards.study import today
from tests.builders import batch, questions
from tests.cli.clirun import STUDYCARDS

from .procs import answers_of, check_sound, logged, make_collection, study_process, write_deck

pytestmark = pytest.mark.slow


def kill_after_lines(child: subprocess.Popen[str], lines: int, rng: random.Random) -> list[str]:
    """Read `lines` answer lines, wait a random sliver of time, then SIGKILL the child."""
    assert child.stdout is not None
    seen: list[str] = []
    assert child.stdout.readline().strip() == "ready"
    while len(seen) < lines:
        line = child.stdout.readline()
        if not line or line.strip() == "done":
            break
        seen.append(line)
    time.sleep(rng.uniform(0, 0.004))
    child.send_signal(signal.SIGKILL)
    # Read on through the same buffered reader: answers printed before the kill landed.
    seen += child.stdout.read().splitlines()
    child.wait(timeout=30)
    assert child.stderr is not None
    child.stderr.close()
    child.stdout.close()
    assert child.returncode in (-signal.SIGKILL, 0)
    return seen


def test_killed_while_studying_keeps_every_committed_answer(
    tmp_path: Path, clock: FrozenClock
) -> None:
    path = tmp_path / "col.db"
    make_collection(path, clock, "Kill", 300)
    rng = random.Random(6)
    printed = answers_of([])
    for round_ in range(6):
        child = study_process(path, 400, offset=round_)
        printed += answers_of(kill_after_lines(child, rng.randint(0, 40), rng))
        check_sound(path)
        in_log = logged(path)
        assert printed - in_log == answers_of([]), "an answer reported saved is missing"
        # At most the one answer in flight when the kill landed is in the log unreported.
        assert sum((in_log - printed).values()) <= round_ + 1
    assert sum(printed.values()) > 20


def test_killed_while_importing_leaves_all_or_nothing(tmp_path: Path, clock: FrozenClock) -> None:
    path = tmp_path / "col.db"
    make_collection(path, clock, "Kept", 20)
    child = study_process(path, 15)
    child.communicate(timeout=60)
    answered = logged(path)
    assert sum(answered.values()) == 15
    backups = path.with_name(path.name + ".backups")
    deck = write_deck(tmp_path, "Imported", 6000)
    rng = random.Random(11)
    outcomes = []
    for _ in range(4):
        made = set(backups.glob("*.db"))
        importer = subprocess.Popen(
            [str(STUDYCARDS), "--collection", str(path), "import", str(deck)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        # The import backs the collection up, then syncs in one transaction: kill inside it.
        deadline = time.monotonic() + 60
        while set(backups.glob("*.db")) <= made and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.04))
        importer.send_signal(signal.SIGKILL)
        importer.communicate(timeout=30)
        check_sound(path)
        assert logged(path) == answered
        conn = sqlite3.connect(path)
        imported = conn.execute(
            "SELECT count(*) FROM notes n JOIN decks d ON d.id = n.deck_id "
            "WHERE d.name = 'Imported'"
        ).fetchone()[0]
        conn.close()
        assert imported in (0, 6000), f"a killed import left {imported} of 6000 notes"
        outcomes.append(imported)
    assert 0 in outcomes, "no kill landed inside an import"
    done = subprocess.run(
        [str(STUDYCARDS), "--collection", str(path), "import", str(deck)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    check_sound(path)
    with Collection.open(path, clock) as col:
        totals = {status.deck: status.total for status in today.status(col)}
    assert totals == {"Imported": 6000, "Kept": 20}


@pytest.fixture
def studied(tmp_path: Path) -> Path:
    """150 questions with a year of synthetic history: enough for `optimize`."""
    now = datetime.now(timezone.utc)
    notes = questions("Synthetic", 150)
    ids = {f"synthetic-{n}": card_id_for(note.note_id, 0) for n, note in enumerate(notes)}
    reviews = tuple(
        Review(ids[r.review.card_id], r.review.rating, r.review.reviewed_at, 3000)
        for r in synthetic_log(150, 7)
        if r.review.reviewed_at < now
    )
    path = tmp_path / "studied.db"
    with Collection.open(path, FrozenClock(now)) as col:
        col.import_batch(batch("synthetic", ("Synthetic", notes), reviews=reviews))
    return path


def card_states(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT card_id, state, stability, difficulty, due FROM cards ORDER BY card_id"
        ).fetchall()
    finally:
        conn.close()


def test_killed_while_optimizing_keeps_the_history_and_valid_parameters(
    studied: Path, tmp_path: Path
) -> None:
    before = logged(studied)
    backups = studied.with_name(studied.name + ".backups")
    rng = random.Random(3)
    for round_ in range(4):
        cards_before = card_states(studied)
        made = set(backups.glob("*reschedule*.db"))
        child = subprocess.Popen(
            [
                str(STUDYCARDS),
                "--collection",
                str(studied),
                "optimize",
                "Synthetic",
                "--reschedule",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        # Optimizing saves the parameters, backs up, then reschedules every card in one
        # transaction: kill around that transaction.
        deadline = time.monotonic() + 60
        while set(backups.glob("*reschedule*.db")) <= made and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.03))
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)
        check_sound(studied)
        assert logged(studied) == before
        with Collection.open(studied) as col:
            parameters = col.preset_of("Synthetic").parameters
        assert len(parameters) == 21
        # Every card rescheduled or none: what is stored is either the state before this
        # run or the state a finished reschedule with the saved parameters gives.
        finished = tmp_path / f"finished-{round_}.db"
        source, copy = sqlite3.connect(studied), sqlite3.connect(finished)
        source.backup(copy)
        source.close()
        copy.close()
        with Collection.open(finished) as col:
            col.reschedule("Synthetic")
        assert card_states(studied) in (cards_before, card_states(finished))
    done = subprocess.run(
        [sys.executable, "-m", "studycards", "--collection", str(studied), "optimize"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    check_sound(studied)
