"""The SQLite file under a collection: opening it safely, transactions, backups.

Only this package imports sqlite_utils. Callers get a plain `sqlite3.Connection` in
autocommit mode and wrap writes in `Store.write()`, which takes the write lock up front
(BEGIN IMMEDIATE) so two processes never deadlock, and turns "database is locked" into a
CollectionBusyError a user can read.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

from studycards.collection.store.version import SCHEMA_VERSION
from studycards.errors import CollectionBusyError, StoreError

__all__ = ["SCHEMA_VERSION", "Store", "read_meta", "write_meta"]

_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def read_meta(conn: sqlite3.Connection, key: str) -> str | None:
    """The collection-wide setting `key` from the meta table; None when never set."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def write_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    """Set the collection-wide setting `key`; inside a write transaction."""
    conn.execute(
        "INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def primary_code(error: sqlite3.Error) -> int:
    """SQLite's primary result code of `error` (SQLITE_BUSY, SQLITE_FULL...; 0 if SQLite did
    not raise it): the extended code's low byte."""
    return getattr(error, "sqlite_errorcode", 0) & 0xFF


def _is_disk(error: sqlite3.Error) -> bool:
    """A write the file system refused: disk full, file-size limit, I/O failure."""
    return primary_code(error) in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR)


def _is_busy(error: sqlite3.Error) -> bool:
    return primary_code(error) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


class Store:
    """An open collection file. Use `Store.open(path)`."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, read_only: bool = False) -> None:
        self.path = path
        self.conn = conn
        # Write transactions committed through this Store: a caller interrupted around a
        # write tells by it whether its changes were saved.
        self.commits = 0
        self.read_only = read_only

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False, make_folders: bool = False) -> Store:
        """Open the collection at `path`; a clear StoreError if it cannot be used.

        `read_only`: the collection must exist, and is only read (it may sit on a read-only
        disk); nothing is created. Otherwise a missing collection is created, inside a folder
        that must exist unless `make_folders` (for the default location, which a new user has
        never made). A file that is not ours is never written to: the header and the schema
        are checked before anything else happens.
        """
        path = Path(path)
        _check_file(path, read_only=read_only, make_folders=make_folders)
        conn = _connect(path, read_only=read_only)
        store = cls(path, conn, read_only=read_only)
        try:
            store._prepare()
        except _OlderSchema as older:
            conn.close()
            # A reading command is the first to open a collection an older studycards wrote:
            # it upgrades it once, as any command would, if the file may be written.
            if not _writable(path):
                raise StoreError(
                    f"was written by an older studycards (schema {older.version}) and is "
                    "read-only, so it cannot be upgraded to be read; copy it somewhere writable",
                    path=str(path),
                ) from None
            cls.open(path).close()
            return cls.open(path, read_only=True)
        except BaseException:
            conn.close()
            raise
        return store

    def _prepare(self) -> None:
        with self.guard("open the collection"):
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            tables = {
                row[0]
                for row in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if tables and "meta" not in tables:
                raise StoreError(
                    "is an SQLite database but not a studycards collection; "
                    "choose another file with --collection",
                    path=str(self.path),
                )
            version = 0
            if "meta" in tables:
                row = self.conn.execute(
                    "SELECT value FROM meta WHERE key = 'schema_version'"
                ).fetchone()
                version = int(row[0]) if row else 0
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"was written by a newer studycards (schema {version}, this one reads "
                    f"up to {SCHEMA_VERSION}); upgrade studycards to open it",
                    path=str(self.path),
                )
            if self.read_only:
                if not tables:
                    raise StoreError(
                        "is empty, not a collection yet; import a deck to make one",
                        path=str(self.path),
                    )
                if version < SCHEMA_VERSION:
                    raise _OlderSchema(version)
                return
            if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            if version < SCHEMA_VERSION:
                self._migrate(version)

    def _migrate(self, version: int) -> None:
        # sqlite-utils and the schema load only when a file is new or older than this
        # studycards: an up-to-date collection opens ~60 ms sooner, which `status` feels.
        from sqlite_utils import Database

        from studycards.collection.store.schema import migrations

        db = Database(self.conn, execute_plugins=False)
        if migrations.pending(db):
            if version:
                # An upgrade may rewrite every note (0002 re-keys them): the collection as
                # the older studycards left it stays restorable.
                from studycards.collection import backups

                backups.create(self, f"before-schema-{SCHEMA_VERSION}")
            with self.write("set up the collection"):
                migrations.apply(db)

    @contextlib.contextmanager
    def guard(self, doing: str) -> Iterator[None]:
        """Turn SQLite errors into one-line StoreErrors naming the file."""
        try:
            yield
        except sqlite3.OperationalError as error:
            if _is_busy(error):
                raise CollectionBusyError(
                    f"the collection is busy (another studycards is using it), could not "
                    f"{doing}; try again in a moment",
                    path=str(self.path),
                ) from None
            if _is_disk(error):
                raise StoreError(
                    f"cannot {doing}: {error} (is the disk full?); nothing was changed, "
                    "free some space and try again",
                    path=str(self.path),
                ) from None
            raise StoreError(f"cannot {doing}: {error}", path=str(self.path)) from None
        except sqlite3.IntegrityError as error:
            raise StoreError(f"cannot {doing}: {error}", path=str(self.path)) from None
        except sqlite3.DatabaseError as error:
            raise StoreError(
                f"cannot {doing}: the collection file is damaged ({error}); "
                "restore a backup with `studycards backup restore`",
                path=str(self.path),
            ) from None

    @contextlib.contextmanager
    def write(self, doing: str) -> Iterator[sqlite3.Connection]:
        """One write transaction; committed on success, rolled back on any error."""
        with self.guard(doing):
            nested = self.conn.in_transaction
            if nested:
                # Nested use (e.g. a migration inside open) joins the outer transaction.
                yield self.conn
                return
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                with _interrupt_deferred():
                    self.conn.execute("COMMIT")
                    self.commits += 1
            except BaseException:
                # SQLite may have ended the transaction itself (a full disk rolls it back).
                if self.conn.in_transaction:
                    with _interrupt_deferred():
                        self.conn.execute("ROLLBACK")
                raise

    def backup_to(self, destination: Path) -> None:
        """A consistent copy of the whole file, made with SQLite's backup API."""
        partial = destination.with_name(destination.name + ".partial")
        try:
            with self.guard("write a backup"):
                target = sqlite3.connect(partial)
                try:
                    self.conn.backup(target)
                finally:
                    target.close()
        except BaseException:
            # A half-written copy (e.g. on a full disk) would only take more space.
            partial.unlink(missing_ok=True)
            raise
        partial.replace(destination)

    def restore_from(self, source: Path) -> None:
        """Replace the collection's content with a backup's, in place."""
        _check_file(source, read_only=True)
        with self.guard("restore the backup"):
            origin = sqlite3.connect(f"{source.absolute().as_uri()}?mode=ro", uri=True)
            try:
                origin.backup(self.conn)
            finally:
                origin.close()

    def close(self) -> None:
        # No `PRAGMA optimize` here: on a large collection its ANALYZE costs a second at
        # every command's exit, and the queries' indexes are chosen well without statistics.
        self.conn.close()


@contextlib.contextmanager
def _interrupt_deferred() -> Iterator[None]:
    """Ctrl-C (SIGINT) during the block takes effect after it: a COMMIT or ROLLBACK always
    finishes, and the caller can tell which happened. Only the main thread handles signals."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, _frame: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)
    if caught:
        signal.raise_signal(signal.SIGINT)


def _writable(path: Path) -> bool:
    """Whether the file and its folder (where SQLite keeps its journal) may be written."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


class _OlderSchema(Exception):
    """A collection opened to be read needs a migration first."""

    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version


def _connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    timeout = BUSY_TIMEOUT_MS / 1000
    try:
        if not read_only or _writable(path):
            conn = sqlite3.connect(path, isolation_level=None, timeout=timeout)
            if read_only:
                # Not SQLite's read-only mode: a read-only connection would leave the WAL and
                # shared-memory files behind; this one tidies them away on closing.
                conn.execute("PRAGMA query_only = ON")
            return conn
        uri = path.resolve().as_uri()
        try:
            conn = sqlite3.connect(
                f"{uri}?mode=ro", uri=True, isolation_level=None, timeout=timeout
            )
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError:
            # A collection in WAL mode on a read-only disk: SQLite cannot make the shared-memory
            # file it reads through, but no one can be writing to such a file either.
            return sqlite3.connect(
                f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None, timeout=timeout
            )
    except sqlite3.Error as error:
        raise StoreError(f"cannot open the collection: {error}", path=str(path)) from None


def _check_file(path: Path, *, read_only: bool = False, make_folders: bool = False) -> None:
    """Refuse, without touching it, a path that cannot hold a collection."""
    if path.is_dir():
        raise StoreError("is a directory, not a collection file", path=str(path))
    parent = path.parent
    if not path.exists():
        if read_only:
            raise StoreError(
                "no collection here; import a deck to make one "
                "(`studycards import --bundled`, or choose another with --collection)",
                path=str(path),
            )
        if not parent.is_dir() and not make_folders:
            raise StoreError(
                "cannot create the collection: its folder does not exist", path=str(path)
            )
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"cannot create the folder: {error.strerror}", path=str(parent)
            ) from None
        if not os.access(parent, os.W_OK):
            raise StoreError(
                "cannot create the collection: the folder is read-only", path=str(path)
            )
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_HEADER))
    except OSError as error:
        raise StoreError(f"cannot read the collection: {error.strerror}", path=str(path)) from None
    if header and header != _HEADER:
        raise StoreError("is not a studycards collection (not an SQLite database)", path=str(path))
    if not read_only and not _writable(path):
        raise StoreError(
            "is read-only (the file or its folder), and this command writes to it",
            path=str(path),
        )
