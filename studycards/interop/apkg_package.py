"""The zip side of an Anki package: which version it is, its collection file, its media.

Three versions exist: legacy 1 (`collection.anki2`, what genanki writes), legacy 2
(`collection.anki21`) and latest (`meta` says 3; zstd `collection.anki21b`, zstd media,
protobuf media map). Modern packages also carry a dummy `collection.anki2` asking to update
Anki: we never read that one.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import zstandard

from studycards.interop import protowire
from studycards.interop.guard import (
    Limits,
    copy_capped,
    describe_size,
    read_capped,
    refuse,
    safe_media_name,
    unzstd_stream,
    write_new_file,
)

LEGACY_1, LEGACY_2, LATEST = 1, 2, 3
_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, zstandard.ZstdError)


@dataclass
class Package:
    """An opened package: the zip, its version and its media map (member → file name)."""

    path: Path
    archive: zipfile.ZipFile
    version: int
    media: dict[str, str] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)

    def close(self) -> None:
        self.archive.close()

    def _member(self, name: str) -> zipfile.ZipInfo | None:
        try:
            return self.archive.getinfo(name)
        except KeyError:
            return None

    def _open(self, info: zipfile.ZipInfo, cap: int, what: str) -> IO[bytes]:
        if info.file_size > cap:
            raise refuse(self.path, f"{what} is larger than the {describe_size(cap)} limit")
        return self.archive.open(info)

    def extract_collection(self, target: Path) -> None:
        """Write the real collection (never the dummy) to `target`, decompressed, capped."""
        name = {LEGACY_1: "collection.anki2", LEGACY_2: "collection.anki21"}.get(
            self.version, "collection.anki21b"
        )
        info = self._member(name)
        if info is None:
            raise refuse(self.path, f"the package has no {name}")
        cap = self.limits.collection_bytes
        try:
            out = target.open("wb")
        except OSError as error:
            raise refuse(self.path, f"cannot unpack it: {error.strerror or error}") from error
        try:
            with out, self._open(info, self.limits.archive_bytes, name) as raw:
                source = unzstd_stream(raw) if self.version == LATEST else raw
                copy_capped(source, out, cap, path=self.path, what="the collection")
        except _READ_ERRORS as error:
            raise refuse(self.path, f"the package is damaged ({name}: {error})") from error

    def store_media(self, media_dir: Path, wanted: set[str]) -> dict[str, str]:
        """Copy the media files notes refer to into `media_dir`. Returns original name →
        stored name: a name already taken by different content gets a short hash suffix.
        If any file is refused, the files this call created are removed again."""
        stored: dict[str, str] = {}
        created: list[Path] = []
        total = 0
        try:
            for member, name in self.media.items():
                if name not in wanted:
                    continue
                info = self._member(member)
                if info is None:
                    continue
                data = self._read_media(info, name)
                total += len(data)
                if total > self.limits.media_total_bytes:
                    raise refuse(self.path, "the media files exceed the total size limit")
                stored[name], new = _place(media_dir, name, data)
                if new:
                    created.append(media_dir / stored[name])
        except OSError as error:
            _remove(created)
            raise refuse(
                self.path, f"cannot store a media file: {error.strerror or error}"
            ) from error
        except BaseException:
            _remove(created)
            raise
        return stored

    def _read_media(self, info: zipfile.ZipInfo, name: str) -> bytes:
        cap = self.limits.media_file_bytes
        what = f"media file {name!r}"
        try:
            with self._open(info, self.limits.archive_bytes, what) as raw:
                source = unzstd_stream(raw) if self.version == LATEST else raw
                return read_capped(source, cap, path=self.path, what=what)
        except _READ_ERRORS as error:
            raise refuse(self.path, f"the package is damaged ({what}: {error})") from error


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _place(media_dir: Path, name: str, data: bytes) -> tuple[str, bool]:
    """Store `data` as `name` (or a hashed variant when taken); (stored name, newly written)."""
    digest = hashlib.sha1(data).hexdigest()
    candidates = [name]
    stem, dot, ext = name.rpartition(".")
    candidates.append(f"{stem}-{digest[:8]}.{ext}" if dot and stem else f"{name}-{digest[:8]}")
    media_dir.mkdir(parents=True, exist_ok=True)
    for candidate in candidates:
        target = media_dir / candidate
        if target.is_file() and not target.is_symlink():
            if hashlib.sha1(target.read_bytes()).hexdigest() == digest:
                return candidate, False
            continue
        if target.exists() or target.is_symlink():
            continue
        write_new_file(media_dir, candidate, data)
        return candidate, True
    raise OSError(f"no free name for {name!r}")


def open_package(path: Path, limits: Limits) -> Package:
    """Open and check a package: zip, size and member caps, version, media map."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise refuse(path, f"cannot read the file: {error.strerror}") from error
    if size > limits.archive_bytes:
        raise refuse(
            path, f"the package is larger than the {describe_size(limits.archive_bytes)} limit"
        )
    members, directory = _central_directory(path)
    if members > limits.members:
        raise refuse(path, f"the package has more members than the limit of {limits.members}")
    if directory > _DIRECTORY_CAP:
        raise refuse(path, "the package's table of contents is implausibly large")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise refuse(path, "not an Anki package (not a valid zip archive)") from error
    try:
        package = _inspect(path, archive, limits)
    except BaseException:
        archive.close()
        raise
    return package


_DIRECTORY_CAP = 64 << 20
_EOCD, _ZIP64_LOCATOR, _ZIP64_EOCD = b"PK\x05\x06", b"PK\x06\x07", b"PK\x06\x06"


def _central_directory(path: Path) -> tuple[int, int]:
    """(members, bytes) the zip's table of contents declares, read before zipfile loads it
    all into memory: a hostile archive can declare millions of entries. (0, 0) if absent."""
    try:
        with path.open("rb") as handle:
            end = handle.seek(0, 2)
            handle.seek(max(0, end - 65_557))
            tail = handle.read()
            at = tail.rfind(_EOCD)
            if at < 0 or len(tail) < at + 22:
                return 0, 0
            members = int.from_bytes(tail[at + 10 : at + 12], "little")
            directory = int.from_bytes(tail[at + 12 : at + 16], "little")
            locator = at - 20
            if locator >= 0 and tail[locator : locator + 4] == _ZIP64_LOCATOR:
                handle.seek(int.from_bytes(tail[locator + 8 : locator + 16], "little"))
                record = handle.read(56)
                if record[:4] == _ZIP64_EOCD and len(record) == 56:
                    members = int.from_bytes(record[32:40], "little")
                    directory = int.from_bytes(record[40:48], "little")
            return members, directory
    except (OSError, ValueError):
        return 0, 0


def _inspect(path: Path, archive: zipfile.ZipFile, limits: Limits) -> Package:
    infos = archive.infolist()
    if len(infos) > limits.members:
        raise refuse(path, f"the package has more members than the limit of {limits.members}")
    for info in infos:
        if safe_media_name(info.filename) is None and info.filename not in _KNOWN_MEMBERS:
            raise refuse(path, f"unsafe member name in the package: {info.filename!r}")
    names = {info.filename for info in infos}
    version = _version(path, archive, names, limits)
    package = Package(path, archive, version, limits=limits)
    package.media = _media_map(package, names)
    return package


_KNOWN_MEMBERS = {"collection.anki2", "collection.anki21", "collection.anki21b", "meta", "media"}


def _small(package: Package, name: str, decompress: bool) -> bytes:
    info = package.archive.getinfo(name)
    cap = 64 << 20
    try:
        with package._open(info, package.limits.archive_bytes, name) as raw:
            source = unzstd_stream(raw) if decompress else raw
            return read_capped(source, cap, path=package.path, what=f"the {name} member")
    except _READ_ERRORS as error:
        raise refuse(package.path, f"the package is damaged ({name}: {error})") from error


def _version(path: Path, archive: zipfile.ZipFile, names: set[str], limits: Limits) -> int:
    if "meta" in names:
        meta = _small(Package(path, archive, 0, limits=limits), "meta", decompress=False)
        try:
            version = protowire.integer(meta, 1)
        except protowire.WireError as error:
            raise refuse(path, "the package's meta member is damaged") from error
        if version not in (LEGACY_1, LEGACY_2, LATEST):
            raise refuse(path, f"made by a newer Anki (package version {version}); cannot read it")
        return version
    if "collection.anki21" in names:
        return LEGACY_2
    if "collection.anki2" in names:
        return LEGACY_1
    raise refuse(path, "not an Anki package (no collection inside)")


def _media_map(package: Package, names: set[str]) -> dict[str, str]:
    """Zip member → file name, keeping only entries whose names are safe (Anki refuses the
    whole package on an unsafe one; we do the same, naming the entry)."""
    if "media" not in names:
        return {}
    raw = _small(package, "media", decompress=package.version == LATEST)
    entries: list[tuple[str, str]] = []
    if package.version == LATEST:
        try:
            for index, (number, entry) in enumerate(protowire.fields(raw)):
                if number != 1 or not isinstance(entry, bytes):
                    continue
                legacy = protowire.first(entry, 4, index)
                entries.append((str(legacy), protowire.text(entry, 1)))
        except protowire.WireError as error:
            raise refuse(package.path, "the package's media map is damaged") from error
    else:
        try:
            loaded = json.loads(raw.decode("utf-8") or "{}")
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise refuse(package.path, "the package's media map is not valid JSON") from error
        if not isinstance(loaded, dict):
            raise refuse(package.path, "the package's media map is not a JSON object")
        entries = [(str(key), str(value)) for key, value in loaded.items()]
    media: dict[str, str] = {}
    for member, name in entries:
        if safe_media_name(name) is None or not member.isdigit():
            raise refuse(package.path, f"unsafe media file name in the package: {name!r}")
        media[member] = safe_media_name(name) or name
    return media
