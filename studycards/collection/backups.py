"""Collection backups: SQLite backup-API copies in a folder next to the collection.

Made before every import, optimize, reschedule, orphan or deck deletion, restore and upgrade;
the newest KEEP of these are kept. Backups a user makes (`backup create`) are never pruned:
their names say so, `20260304-120000-123456-manual-before-exam.db`. Names sort by time.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

from studycards.collection.store import Store
from studycards.errors import NotFoundError, StoreError

KEEP = 10  # automatic backups
USER = "manual"
_REASON = re.compile(r"[^a-z0-9-]+")
_NAME = re.compile(r"\d{8}-\d{6}-\d{6}-(?:\d{2}-)?(.*)")  # stamp, counter, reason


def folder(collection: Path) -> Path:
    return collection.with_name(collection.name + ".backups")


def listing(collection: Path) -> list[Path]:
    """Backups of `collection`, oldest first."""
    where = folder(collection)
    if not where.is_dir():
        return []
    return sorted(path for path in where.glob("*.db") if path.is_file())


def _by_user(path: Path) -> bool:
    """Whether a backup was made by `backup create` (its reason starts with `manual`)."""
    named = _NAME.fullmatch(path.stem)
    return named is not None and named.group(1).startswith(USER)


def create(store: Store, reason: str, *, by_user: bool = False) -> Path:
    """Back up `store` now; then prune the automatic backups to the newest KEEP."""
    where = folder(store.path)
    try:
        where.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(
            f"cannot make the backup folder: {error.strerror or error}", path=str(where)
        ) from None
    # Wall time, not the injected clock: backups are about real files on disk.
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-%f")
    slug = _REASON.sub("-", reason.lower()).strip("-")
    if by_user:
        slug = USER if slug in ("", USER) else f"{USER}-{slug}"
    elif not slug or slug.startswith(USER):
        slug = f"auto-{slug}".strip("-")
    target = where / f"{stamp}-{slug}.db"
    counter = 1
    while target.exists():
        counter += 1
        target = where / f"{stamp}-{counter:02d}-{slug}.db"
    store.backup_to(target)
    automatic = [path for path in listing(store.path) if not _by_user(path)]
    for old in automatic[:-KEEP]:
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
