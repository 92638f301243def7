"""Reading a 10,000-note .apkg against Anki's own importer on the same file, same run.

    .venv/bin/python -m bench.bench_import [N]        (default 10000)

Two packages of the same N notes (half Q/A, half two-deletion clozes, a review each):
the legacy one studycards writes (genanki's collection.anki2) and a modern one Anki writes
from it (zstd collection.anki21b). Anki imports each into a fresh collection; studycards
reads each into an ImportBatch (`read_import`). The target is a ratio of at most 2. The
last line adds the collection's sync of that batch, which is what `studycards import` does.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from anki.collection import (
    Collection,
    ExportAnkiPackageOptions,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)

from bench.bench_export import NOW, make_records
from studycards.clock import FrozenClock, StudyDay
from studycards.collection import Collection as Studycards
from studycards.interop import read_import
from studycards.interop.anki_export import write_apkg


def anki_import(package: Path, folder: Path) -> float:
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    try:
        options = ImportAnkiPackageOptions(with_scheduling=True)
        started = time.perf_counter()
        col.import_anki_package(
            ImportAnkiPackageRequest(package_path=str(package), options=options)
        )
        return time.perf_counter() - started
    finally:
        col.close()


def ours_read(package: Path, media: Path) -> float:
    started = time.perf_counter()
    batch = read_import(package, media_dir=media)
    elapsed = time.perf_counter() - started
    assert batch is not None and sum(len(d.notes) for d in batch.decks) > 0
    return elapsed


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        legacy = root / "legacy.apkg"
        write_apkg(
            make_records(count, history=True),
            legacy,
            with_scheduling=True,
            media_dir=None,
            clock=FrozenClock(NOW),
            study_day=StudyDay(),
        )
        (root / "maker").mkdir()
        maker = Collection(str(root / "maker" / "collection.anki2"))
        maker.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(legacy), options=ImportAnkiPackageOptions(with_scheduling=True)
            )
        )
        modern = root / "modern.apkg"
        maker.export_anki_package(
            out_path=str(modern),
            options=ExportAnkiPackageOptions(with_scheduling=True, with_media=True, legacy=False),
            limit=None,
        )
        maker.close()

        print(f"import {count} notes")
        for name, package in (
            ("legacy (collection.anki2)", legacy),
            ("modern (anki21b, zstd)", modern),
        ):
            tag = name[:6]
            theirs = statistics.median(
                anki_import(package, root / f"anki-{tag}-{i}") for i in range(3)
            )
            mine = statistics.median(
                ours_read(package, root / f"media-{tag}-{i}") for i in range(3)
            )
            print(
                f"  {name:26} anki {theirs:6.3f} s   studycards read {mine:6.3f} s"
                f"   ratio {mine / theirs:4.2f}  (target <= 2)"
            )
            modern_times = (theirs, mine)

        batch = read_import(modern, media_dir=root / "media-sync")
        assert batch is not None
        with Studycards.open(root / "sync" / "collection.db", FrozenClock(NOW)) as col:
            started = time.perf_counter()
            report = col.import_batch(batch)
            synced = time.perf_counter() - started
        print(
            f"  + collection sync of the modern batch: {synced:6.3f} s "
            f"({report.added} cards, {report.reviews_added} reviews replayed through FSRS)"
        )
        # What a user waits for is read + sync; Anki's import also writes its collection.
        theirs, mine = modern_times
        print(
            f"  whole `studycards import` of the modern package: {mine + synced:6.3f} s"
            f"   ratio to Anki's import {(mine + synced) / theirs:4.2f}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
