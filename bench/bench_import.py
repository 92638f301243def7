"""Importing a 10,000-note .apkg against Anki's own importer on the same file, same run.

    .venv/bin/python -m bench.bench_import [N]        (default 10000)

Two packages of the same N notes (half Q/A, half two-deletion clozes; two answers per card,
3N in all): the legacy one studycards writes (genanki's collection.anki2) and a modern one
Anki writes from it (zstd collection.anki21b). Anki imports each into a fresh collection, with
scheduling. studycards reads each (`read_import`) and syncs the batch into a fresh collection
(`Collection.import_batch`: notes, cards, and every answer replayed through FSRS), which is
what `studycards import` does. Runs alternate between the two, and each figure is the best of
RUNS wall times, so a busy neighbour slows both sides alike. The target is at most 2x.
"""

from __future__ import annotations

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
from studycards.interop.anki_export import write_apkg
from studycards.interop.readers import read_import

RUNS = 5


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


def ours_import(package: Path, folder: Path) -> tuple[float, float]:
    """Seconds to read the package and to sync it into a fresh collection."""
    started = time.perf_counter()
    batch = read_import(package, media_dir=folder / "media")
    read = time.perf_counter() - started
    assert batch is not None and sum(len(d.notes) for d in batch.decks) > 0
    with Studycards.open(folder / "collection.db", FrozenClock(NOW)) as col:
        started = time.perf_counter()
        report = col.import_batch(batch)
        synced = time.perf_counter() - started
    assert report.reviews_added == len(batch.reviews) > 0
    return read, synced


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

        print(f"import {count} notes, {3 * count:,} answers; best of {RUNS} alternating runs")
        for name, package in (
            ("legacy (collection.anki2)", legacy),
            ("modern (anki21b, zstd)", modern),
        ):
            tag = name[:6]
            theirs = read = synced = whole = float("inf")
            for run in range(RUNS):
                theirs = min(theirs, anki_import(package, root / f"anki-{tag}-{run}"))
                reading, syncing = ours_import(package, root / f"ours-{tag}-{run}")
                read, synced = min(read, reading), min(synced, syncing)
                whole = min(whole, reading + syncing)
            print(
                f"  {name:26} anki {theirs:6.3f} s   studycards {whole:6.3f} s "
                f"(best read {read:5.3f} s, best sync {synced:5.3f} s)"
            )
            print(
                f"  RATIO import / Anki's import: {whole / theirs:4.2f}x  (target <= 2x);"
                f" reading alone {read / theirs:4.2f}x"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
