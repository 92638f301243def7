"""The collection file: created safely, foreign files refused untouched, busy made clear."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from studycards.clock import FrozenClock
from studycards.collection import Collection, default_collection_path
from studycards.collection import store as store_module
from studycards.errors import CollectionBusyError, NotFoundError, StoreError
from studycards.model import Rating
from studycards.study.session import Session
from tests.builders import basic, batch, questions
from tests.unit.collection_helpers import open_collection


def test_a_new_collection_uses_wal_strict_tables_and_foreign_keys(
    tmp_path: Path, clock: FrozenClock
) -> None:
    path = tmp_path / "col.db"
    with Collection.open(path, clock) as col:
        conn = col.store.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        for table in ("cards", "notes", "revlog", "decks", "presets"):
            sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()
            assert sql[0].rstrip().endswith("STRICT"), table
    assert path.is_file()


def test_queue_queries_use_the_queue_index(tmp_path: Path, clock: FrozenClock) -> None:
    with open_collection(tmp_path, clock) as col:
        plan = col.store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM cards WHERE deck_id = 1 AND state = 2 "
            "AND due < 5 AND suspended = 0 AND orphaned = 0 ORDER BY due"
        ).fetchall()
        assert any("cards_queue" in str(step) for step in plan)


@pytest.mark.parametrize(
    "content",
    [b"hello, this is a text file\n" * 10, b"\x00\x01\x02garbage" * 100, b"SQLite format"],
)
def test_a_file_that_is_not_a_collection_is_refused_and_left_alone(
    tmp_path: Path, clock: FrozenClock, content: bytes
) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="not a studycards collection"):
        Collection.open(path, clock)
    assert path.read_bytes() == content
    assert not (tmp_path / "notes.db-wal").exists()


def test_another_apps_sqlite_database_is_refused_and_left_alone(
    tmp_path: Path, clock: FrozenClock
) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a studycards collection"):
        Collection.open(path, clock)
    assert path.read_bytes() == before


def test_a_collection_from_a_newer_studycards_is_refused(
    tmp_path: Path, clock: FrozenClock
) -> None:
    path = tmp_path / "col.db"
    Collection.open(path, clock).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer studycards"):
        Collection.open(path, clock)


def test_a_truncated_collection_gives_a_clear_error(tmp_path: Path, clock: FrozenClock) -> None:
    path = tmp_path / "col.db"
    with Collection.open(path, clock) as col:
        col.import_batch(batch("d.md", ("Deck", questions("Deck", 300))))
        col.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(StoreError), Collection.open(path, clock) as col:
        list(col.card_rows())


def test_a_directory_is_refused(tmp_path: Path, clock: FrozenClock) -> None:
    with pytest.raises(StoreError, match="directory"):
        Collection.open(tmp_path, clock)


def test_a_busy_collection_raises_collection_busy_not_locked(
    tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 50)
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("d.md", ("Deck", [basic("Deck", "q?")])))
        session = Session(col)
        blocker = sqlite3.connect(tmp_path / "col.db", isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            session.reveal()
            with pytest.raises(CollectionBusyError, match="busy"):
                session.answer(Rating.GOOD)
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        # Nothing was half-written: the answer can simply be given again.
        session.answer(Rating.GOOD)
        assert len(list(col.history())) == 1


def test_backup_and_restore_bring_back_the_earlier_state(
    tmp_path: Path, clock: FrozenClock
) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("d.md", ("Deck", [basic("Deck", "q?")])))
        saved = col.backup("manual")
        session = Session(col)
        session.reveal()
        session.answer(Rating.GOOD)
        assert len(list(col.history())) == 1
        assert col.restore(saved.name) == saved
        assert list(col.history()) == []
        # The state before the restore was itself backed up, so the restore can be undone.
        assert "before-restore" in col.backups()[-1].name
        col.restore(col.backups()[-1].name)
        assert len(list(col.history())) == 1
        with pytest.raises(NotFoundError):
            col.restore("no-such-backup")


def test_default_path_honours_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert default_collection_path().name == "collection.db"
    assert "studycards" in str(default_collection_path())
    monkeypatch.setenv("STUDYCARDS_COLLECTION", str(tmp_path / "mine.db"))
    assert default_collection_path() == tmp_path / "mine.db"


def _deny_writes(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    # Tests run as root, for whom chmod denies nothing; deny write access the way a
    # read-only mount or a file owned by someone else would answer os.access.
    real_access = os.access

    def access(path: str | os.PathLike[str], mode: int) -> bool:
        if mode & os.W_OK and Path(path) == denied:
            return False
        return real_access(path, mode)

    monkeypatch.setattr(os, "access", access)


def test_a_read_only_collection_is_refused_and_left_as_it_was(
    tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "col.db"
    with Collection.open(path, clock) as col:
        col.import_batch(batch("deck.md", ("Deck", [basic("Deck", "why?")])))
    before = path.read_bytes()
    _deny_writes(monkeypatch, path)
    with pytest.raises(StoreError, match="read-only") as refused:
        Collection.open(path, clock)
    assert str(path) in str(refused.value)
    assert path.read_bytes() == before


def test_a_new_collection_in_a_read_only_folder_is_refused_without_a_file(
    tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    _deny_writes(monkeypatch, folder)
    with pytest.raises(StoreError, match="read-only"):
        Collection.open(folder / "col.db", clock)
    assert list(folder.iterdir()) == []
