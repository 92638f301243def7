"""Real processes on one collection: a killed session keeps every rated card, and two
sessions studying at once both finish with every answer logged and the file intact."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from studycards.clock import FrozenClock
from tests.builders import batch, questions
from tests.conftest import REPO
from tests.unit.collection_helpers import open_collection

STUDY = textwrap.dedent(
    """
    import sys, time
    from studycards.collection import Collection
    from studycards.model import Rating
    from studycards.study.session import Session

    path, answers, pause = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    with Collection.open(path, fuzz=False) as col:
        session = Session(col)
        for done in range(1, answers + 1):
            session.reveal()
            session.answer(Rating.GOOD)
            print(done, flush=True)
            time.sleep(pause)
    """
)


def _collection(tmp_path: Path, clock: FrozenClock, cards: int) -> Path:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("deck.md", ("Deck", questions("Deck", cards))))
        col.set_options("Deck", new_per_day=cards)
        col.set_study_all_limits(new_per_day=cards)
    return tmp_path / "col.db"


def _study(path: Path, answers: int, pause: float) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", STUDY, str(path), str(answers), str(pause)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _logged(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(conn.execute("SELECT count(*) FROM revlog").fetchone()[0])
    finally:
        conn.close()


def test_a_session_killed_mid_way_keeps_every_rated_card(
    tmp_path: Path, clock: FrozenClock
) -> None:
    path = _collection(tmp_path, clock, 20)
    process = _study(path, 20, 0.2)
    assert process.stdout is not None
    for _ in range(5):
        process.stdout.readline()
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert _logged(path) == 5


def test_two_sessions_at_once_both_finish_and_log_every_answer(
    tmp_path: Path, clock: FrozenClock
) -> None:
    path = _collection(tmp_path, clock, 40)
    first, second = _study(path, 25, 0.0), _study(path, 25, 0.0)
    for process in (first, second):
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert out.split()[-1] == "25"
    assert _logged(path) == 50


def test_processes_creating_the_same_new_collection_at_once_all_succeed(tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    script = (
        "import sys; from pathlib import Path; from studycards.collection import Collection\n"
        "with Collection.open(Path(sys.argv[1])) as col: print(col.decks())"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(path)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert out.strip() == "[]"
    assert _logged(path) == 0
