"""A full disk, simulated with RLIMIT_FSIZE on the studycards process: the failing write is a
one-line error (no traceback) and everything stored before is still there, unchanged."""

from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
from pathlib import Path

import pytest

from studycards.clock import FrozenClock
from tests.cli.clirun import STUDYCARDS

from .procs import check_sound, make_collection, study_process, write_deck

pytestmark = pytest.mark.slow


def snapshot(path: Path) -> tuple[list[tuple[object, ...]], ...]:
    conn = sqlite3.connect(path)
    try:
        return tuple(
            conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in ("notes", "cards", "revlog")
        )
    finally:
        conn.close()


def limited(limit: int, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run studycards with no file allowed to grow past `limit` bytes."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [str(STUDYCARDS), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=cap,
        env={**os.environ, "COLUMNS": "100"},
    )


@pytest.fixture
def studied(tmp_path: Path, clock: FrozenClock) -> Path:
    """A collection with 200 questions and 30 answers, checkpointed into the main file."""
    path = tmp_path / "col.db"
    make_collection(path, clock, "Full", 200)
    child = study_process(path, 30)
    child.communicate(timeout=120)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def assert_clear_failure(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines, done.stdout
    assert lines[-1].startswith("studycards: error: "), done.stderr
    assert "cannot " in lines[-1] and "is the disk full?" in lines[-1], lines[-1]


@pytest.mark.parametrize("room", ["no room for the backup", "no room for the import"])
def test_import_onto_a_full_disk_fails_clearly_and_keeps_everything(
    studied: Path, tmp_path: Path, room: str
) -> None:
    before = snapshot(studied)
    size = studied.stat().st_size
    # Half the file: the backup before the import cannot be written. The file's size plus a
    # little: the backup fits, the import's own writes do not.
    limit = size // 2 if room == "no room for the backup" else size + 16 * 1024
    deck = write_deck(tmp_path, "Large", 3000)
    done = limited(limit, "--collection", str(studied), "import", str(deck))
    assert_clear_failure(done)
    check_sound(studied)
    assert snapshot(studied) == before
    assert not list(studied.parent.rglob("*.partial")), "a half-written backup was left"
    # With room again, the same import works.
    retry = subprocess.run(
        [str(STUDYCARDS), "--collection", str(studied), "import", str(deck)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert retry.returncode == 0, retry.stderr
    check_sound(studied)


def test_studying_onto_a_full_disk_fails_clearly_and_keeps_every_earlier_answer(
    studied: Path,
) -> None:
    before = snapshot(studied)
    size = studied.stat().st_size
    answers = "\n3\n" * 400 + "q\n"
    done = limited(
        size + 8 * 1024, "--collection", str(studied), "review", "--plain", stdin=answers
    )
    assert_clear_failure(done)
    check_sound(studied)
    notes, _cards, revlog = snapshot(studied)
    assert notes == before[0]
    assert revlog[: len(before[2])] == before[2]


def test_exporting_onto_a_full_disk_fails_clearly_and_leaves_no_file(
    studied: Path, tmp_path: Path
) -> None:
    before = snapshot(studied)
    out = tmp_path / "out" / "deck.apkg"
    out.parent.mkdir()
    # Room for the collection as it is (export only reads it), not for the package.
    limit = 40 * 1024
    done = limited(
        limit, "--collection", str(studied), "export", "-o", str(out), "--with-scheduling"
    )
    assert_clear_failure(done)
    assert list(out.parent.iterdir()) == []
    assert snapshot(studied) == before
