"""Broken and hostile files: each refused with one line naming the file and the reason,
nothing written outside the media folder, in bounded time and memory."""

from __future__ import annotations

import hashlib
import sqlite3
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import zstandard

from studycards.clock import FrozenClock, StudyDay
from studycards.errors import ImportFormatError
from studycards.interop.anki_export import write_apkg
from studycards.interop.readers import Limits, read_import
from studycards.model import NoteType
from tests.builders import note

from .anki_fixtures import AnkiDeck, build_anki_deck
from .conftest import record, sample_records

MiB = 1 << 20


@pytest.fixture(scope="module")
def modern(tmp_path_factory: pytest.TempPathFactory) -> AnkiDeck:
    return build_anki_deck(tmp_path_factory.mktemp("anki"), "modern.apkg", legacy=False)


@pytest.fixture
def ours(tmp_path: Path, clock: FrozenClock) -> Path:
    """A valid legacy (genanki, collection.anki2) package to break."""
    out = tmp_path / "src" / "ours.apkg"
    out.parent.mkdir()
    write_apkg(
        sample_records(),
        out,
        with_scheduling=False,
        media_dir=None,
        clock=clock,
        study_day=StudyDay(),
    )
    return out


@pytest.fixture
def place(tmp_path: Path) -> Iterator[Path]:
    """The collection folder; after each test nothing but an empty media folder may be in it,
    and nothing may appear beside it."""
    folder = tmp_path / "home" / "collection"
    folder.mkdir(parents=True)
    yield folder
    assert list((tmp_path / "home").iterdir()) == [folder]
    assert [p.name for p in folder.rglob("*") if p.name != "media"] == []


def rezip(source: Path, target: Path, replace: dict[str, bytes | None]) -> Path:
    """Copy a zip, replacing (or, with None, dropping) members and adding new ones."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            if info.filename in replace:
                continue
            new.writestr(info, old.read(info.filename))
        for name, data in replace.items():
            if data is not None:
                new.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return target


def refused(path: Path, place: Path, limits: Limits | None = None) -> str:
    started = time.monotonic()
    with pytest.raises(ImportFormatError) as caught:
        if limits is None:
            read_import(path, media_dir=place / "media")
        else:
            read_import(path, media_dir=place / "media", limits=limits)
    assert time.monotonic() - started < 10
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message


def zeros_bomb(mib: int) -> bytes:
    """`mib` MiB of zeros as zstd, built a chunk at a time so the test stays small too."""
    packer = zstandard.ZstdCompressor(write_content_size=False).compressobj()
    chunk = b"\0" * MiB
    parts = [packer.compress(chunk) for _ in range(mib)]
    return b"".join(parts) + packer.flush()


def media_entry(name: str, data: bytes) -> bytes:
    name_bytes = name.encode()
    entry = b"\x0a" + bytes([len(name_bytes)]) + name_bytes + b"\x10" + bytes([len(data)])
    entry += b"\x1a\x14" + hashlib.sha1(data).digest()
    return b"\x0a" + bytes([len(entry)]) + entry


def test_zip_member_with_a_parent_path_is_refused(ours: Path, place: Path, tmp_path: Path) -> None:
    bad = rezip(ours, tmp_path / "slip.apkg", {"../../evil.txt": b"x"})
    assert "unsafe member name" in refused(bad, place)
    assert not (tmp_path.parent / "evil.txt").exists()


@pytest.mark.parametrize(
    "name", ["../../evil.txt", "/tmp/evil.txt", "C:evil.txt", "sub/evil.txt", ".hidden"]
)
def test_legacy_media_map_with_an_unsafe_name_is_refused(
    ours: Path, place: Path, tmp_path: Path, name: str
) -> None:
    bad = rezip(
        ours, tmp_path / "slip.apkg", {"media": f'{{"0": "{name}"}}'.encode(), "0": b"data"}
    )
    assert "unsafe media file name" in refused(bad, place)


def test_modern_media_map_with_an_unsafe_name_is_refused(
    modern: AnkiDeck, place: Path, tmp_path: Path
) -> None:
    packed = zstandard.ZstdCompressor().compress(media_entry("../evil.png", b"data"))
    bad = rezip(modern.path, tmp_path / "slip.apkg", {"media": packed})
    assert "unsafe media file name" in refused(bad, place)


def test_zstd_bomb_in_a_media_file_is_stopped_at_the_cap(
    modern: AnkiDeck, place: Path, tmp_path: Path
) -> None:
    # 256 MiB of zeros in a frame that does not declare its size: a few KiB on disk.
    bomb = zeros_bomb(256)
    assert len(bomb) < 64 * 1024
    with zipfile.ZipFile(modern.path) as z:
        media = z.read("media")
    bad = rezip(modern.path, tmp_path / "bomb.apkg", {"0": bomb, "media": media})
    message = refused(bad, place, Limits(media_file_bytes=8 * MiB))
    assert "larger than the 8 MiB limit" in message


def test_zstd_bomb_as_the_collection_is_stopped_at_the_cap(
    modern: AnkiDeck, place: Path, tmp_path: Path
) -> None:
    bomb = zeros_bomb(64)
    bad = rezip(modern.path, tmp_path / "bomb.apkg", {"collection.anki21b": bomb})
    assert "the collection is larger" in refused(bad, place, Limits(collection_bytes=16 * MiB))


def test_deflate_bomb_member_is_refused_by_its_declared_size(
    ours: Path, place: Path, tmp_path: Path
) -> None:
    bad = rezip(ours, tmp_path / "bomb.apkg", {"collection.anki2": b"\0" * (40 * MiB)})
    assert bad.stat().st_size < MiB
    assert "larger than" in refused(bad, place, Limits(collection_bytes=8 * MiB))


def test_package_over_the_archive_cap_is_refused(ours: Path, place: Path) -> None:
    assert "larger than the 1 KiB limit" in refused(ours, place, Limits(archive_bytes=1024))


def test_truncated_zip_is_refused(ours: Path, place: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.apkg"
    cut.write_bytes(ours.read_bytes()[: ours.stat().st_size // 2])
    assert "zip" in refused(cut, place) or "damaged" in refused(cut, place)


def test_a_file_that_is_not_a_zip_is_refused(place: Path, tmp_path: Path) -> None:
    fake = tmp_path / "deck.apkg"
    fake.write_text("this is a text file, not a package")
    assert "not a valid zip archive" in refused(fake, place)


def test_a_package_from_a_newer_anki_is_refused(ours: Path, place: Path, tmp_path: Path) -> None:
    bad = rezip(ours, tmp_path / "new.apkg", {"meta": b"\x08\x09"})
    assert "newer Anki" in refused(bad, place)


def test_a_package_without_a_collection_is_refused(ours: Path, place: Path, tmp_path: Path) -> None:
    bad = rezip(ours, tmp_path / "empty.apkg", {"collection.anki2": None})
    assert "no collection" in refused(bad, place)


def test_a_collection_that_is_not_sqlite_is_refused(
    ours: Path, place: Path, tmp_path: Path
) -> None:
    bad = rezip(
        ours, tmp_path / "junk.apkg", {"collection.anki2": b"SQLite format 3\0" + b"\xff" * 5000}
    )
    assert "collection" in refused(bad, place)


def _hostile_package(ours: Path, tmp_path: Path, sql: str) -> Path:
    """Our own package with `sql` run on its collection: one hostile change, all else valid."""
    db = tmp_path / "hostile.anki2"
    with zipfile.ZipFile(ours) as z:
        db.write_bytes(z.read("collection.anki2"))
    con = sqlite3.connect(db)
    con.executescript(sql)
    con.commit()
    con.close()
    return rezip(ours, tmp_path / "hostile.apkg", {"collection.anki2": db.read_bytes()})


def test_a_notes_view_with_an_endless_recursive_query_is_refused_quickly(
    ours: Path, place: Path, tmp_path: Path
) -> None:
    endless = (
        "DROP TABLE notes; CREATE VIEW notes AS WITH RECURSIVE r(id) AS "
        "(SELECT 1 UNION ALL SELECT id + 1 FROM r) SELECT id, '' AS guid, 0 AS mid, 0 AS mod, "
        "'' AS tags, '' AS flds FROM r;"
    )
    bad = _hostile_package(ours, tmp_path, endless)
    assert "unexpected schema objects: view notes" in refused(bad, place)


def test_a_collection_with_a_trigger_is_refused(ours: Path, place: Path, tmp_path: Path) -> None:
    trigger = "CREATE TRIGGER t AFTER INSERT ON notes BEGIN DELETE FROM cards; END;"
    bad = _hostile_package(ours, tmp_path, trigger)
    assert "trigger t" in refused(bad, place)


def test_a_collection_without_anki_tables_is_refused(
    ours: Path, place: Path, tmp_path: Path
) -> None:
    bad = _hostile_package(ours, tmp_path, "DROP TABLE revlog;")
    assert "not an Anki collection" in refused(bad, place)


def test_a_slow_query_is_interrupted_at_the_time_cap(
    ours: Path, place: Path, tmp_path: Path
) -> None:
    # Many notes and a zero time budget: the progress handler stops the read.
    rows = (
        "INSERT INTO notes WITH RECURSIVE r(i) AS (SELECT 10 UNION ALL SELECT i + 1 FROM r LIMIT 5000)"
        " SELECT i, 'g' || i, 1, 0, -1, '', 'x', 'x', 0, 0, '' FROM r;"
    )
    bad = _hostile_package(ours, tmp_path, rows)
    assert "took too long" in refused(bad, place, Limits(sqlite_seconds=0))


@pytest.mark.parametrize("suffix", [".txt", ".csv", ".md"])
def test_text_in_an_unknown_encoding_is_refused(place: Path, tmp_path: Path, suffix: str) -> None:
    latin1 = tmp_path / f"cards{suffix}"
    latin1.write_bytes("#flashcards\nQuestion façade::réponse\n".encode("cp1252") + b"\x81\x8d")
    assert "not UTF-8 text" in refused(latin1, place)


def test_text_over_the_size_cap_is_refused(place: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("front\tback\n" * 200_000)
    assert "larger than" in refused(big, place, Limits(text_bytes=MiB))


def test_binary_posing_as_text_is_refused(place: Path, tmp_path: Path) -> None:
    binary = tmp_path / "cards.csv"
    binary.write_bytes(b"front,back\n\x00\x00\x00")
    assert "NUL" in refused(binary, place)


def test_media_stored_before_a_refused_file_is_removed_again(
    place: Path, tmp_path: Path, clock: FrozenClock
) -> None:
    source_media = tmp_path / "source-media"
    source_media.mkdir()
    (source_media / "a.png").write_bytes(b"small")
    (source_media / "b.png").write_bytes(b"x" * (2 * MiB))
    pictured = note(
        NoteType.BASIC,
        "Pics",
        {"question": "two pictures", "answer": "[image: a.png] [image: b.png]"},
    )
    out = tmp_path / "pics.apkg"
    result = write_apkg(
        [record(pictured)],
        out,
        with_scheduling=False,
        media_dir=source_media,
        clock=clock,
        study_day=StudyDay(),
    )
    assert result.media == 2

    assert "media file 'b.png' is larger than the 1 MiB limit" in refused(
        out, place, Limits(media_file_bytes=MiB)
    )
    assert not (place / "media" / "a.png").exists()


def test_rows_with_the_wrong_types_import_or_are_refused_never_crash(
    ours: Path, place: Path, tmp_path: Path
) -> None:
    # SQLite stores whatever it is given: text where Anki keeps numbers, blobs, NULLs.
    odd = (
        "UPDATE cards SET ord = 'x', type = '', queue = x'00'; "
        "UPDATE notes SET mod = 'soon', tags = x'ff00', flds = 99; "
        "INSERT INTO revlog VALUES (1, 'card', -1, 'good', 1, 1, 1, 'long', 'review');"
    )
    bad = _hostile_package(ours, tmp_path, odd)
    try:
        batch = read_import(bad, media_dir=place / "media")
    except ImportFormatError as error:
        assert str(error).startswith(f"{bad}: ")
    else:
        assert batch is not None and batch.reviews == ()


def test_too_many_members_are_refused(ours: Path, place: Path) -> None:
    assert "more members than the limit of 1" in refused(ours, place, Limits(members=1))


def test_media_over_the_total_cap_is_refused(
    place: Path, tmp_path: Path, clock: FrozenClock
) -> None:
    source_media = tmp_path / "source-media"
    source_media.mkdir()
    names = [f"p{i}.png" for i in range(3)]
    for name in names:
        (source_media / name).write_bytes(name.encode() * 300_000)
    answer = " ".join(f"[image: {name}]" for name in names)
    pictured = note(NoteType.BASIC, "Pics", {"question": "three pictures", "answer": answer})
    out = tmp_path / "pics.apkg"
    write_apkg(
        [record(pictured)],
        out,
        with_scheduling=False,
        media_dir=source_media,
        clock=clock,
        study_day=StudyDay(),
    )

    assert "exceed the total size limit" in refused(out, place, Limits(media_total_bytes=4 * MiB))
    assert not (place / "media").exists() or not any((place / "media").iterdir())


def test_names_from_the_file_cannot_break_the_one_line_message(
    ours: Path, place: Path, tmp_path: Path
) -> None:
    sneaky = 'CREATE VIEW "v\n\x1b[31mred" AS SELECT 1;'
    bad = _hostile_package(ours, tmp_path, sneaky)
    assert "view v??[31mred" in refused(bad, place)


def test_a_table_of_contents_declaring_millions_of_members_is_refused_before_loading(
    ours: Path, place: Path, tmp_path: Path
) -> None:
    data = bytearray(ours.read_bytes())
    at = data.rfind(b"PK\x05\x06")
    data[at + 8 : at + 12] = (0xFFFF).to_bytes(2, "little") * 2  # entries: 65,535
    bad = tmp_path / "toc.apkg"
    bad.write_bytes(bytes(data))
    assert "more members than the limit of 1000" in refused(bad, place, Limits(members=1000))
