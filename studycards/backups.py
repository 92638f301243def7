"""Collection backups: SQLite backup-API copies in a folder next to the collection.

Made before every import, optimize, reschedule, orphan deletion and restore; the newest
KEEP are kept. Names sort by time: `20260304-120000-123456-import.db`.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

from studycards.errors import NotFoundError
from studycards.store import Store

KEEP = 10
_REASON = re.compile(r"[^a-z0-9-]+")


def folder(collection: Path) -> Path:
    return collection.with_name(collection.name + ".backups")


def listing(collection: Path) -> list[Path]:
    """Backups of `collection`, oldest first."""
    where = folder(collection)
    if not where.is_dir():
        return []
    return sorted(path for path in where.glob("*.db") if path.is_file())


def create(store: Store, reason: str) -> Path:
    """Back up `store` now; prune to the newest KEEP."""
    where = folder(store.path)
    where.mkdir(parents=True, exist_ok=True)
    # Wall time, not the injected clock: backups are about real files on disk.
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-%f")
    slug = _REASON.sub("-", reason.lower()).strip("-") or "manual"
    target = where / f"{stamp}-{slug}.db"
    counter = 1
    while target.exists():
        counter += 1
        target = where / f"{stamp}-{counter:02d}-{slug}.db"
    store.backup_to(target)
    for old in listing(store.path)[:-KEEP]:
        old.unlink(missing_ok=True)
    return target


def find(collection: Path, name: str | None) -> Path:
    """Backup `name` (file name, with or without .db, or a unique prefix); newest if None."""
    found = listing(collection)
    if not found:
        raise NotFoundError("there are no backups yet", path=str(folder(collection)))
    if name is None:
        return found[-1]
    exact = [p for p in found if name in (p.name, p.stem)]
    if exact:
        return exact[0]
    prefixed = [p for p in found if p.name.startswith(name)]
    if len(prefixed) == 1:
        return prefixed[0]
    raise NotFoundError(
        f"no single backup named {name!r}; `studycards backup list` shows them",
        path=str(folder(collection)),
    )
