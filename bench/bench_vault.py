"""A folder of Markdown notes as a daily habit, at 300, 1,000 and 3,000 notes, against Anki.

    .venv/bin/python -m bench.bench_vault [COUNT ...] [--runs N] [--studycards PATH]
                                          [--sync-at COUNT ...]

For each COUNT (default 300 1000 3000) a vault of generated notes (our own text: three
glossary terms and four sentences with figures each, in sub-folders of 50) is timed through
`studycards import VAULT` and `studycards sync`:

- cold: the first import into a new collection;
- unchanged: importing the same folder again;
- one edit: importing it again after one note's definition and figure changed;
- sync: `studycards sync` with nothing changed (skipped when the studycards run has no sync);

and, as the peer, the same notes in one package (`studycards export`) imported by the real
`anki` library into a new Anki collection, in this process. Each figure is the best of
--runs runs.

By default this checkout's core is called in this process (`import_paths`, `sync_sources`,
opening the collection included), as the app does on start; a `studycards` command adds
its start-up, printed on its own (`studycards --version`). `--studycards PATH` times
another checkout's command in a subprocess instead (start-up included), which is how the
figures before a change are taken.

`--sync-at COUNT` (10000 for the sync target) times only `studycards sync` with nothing
changed, after one cold import of a vault of COUNT notes: what the app does on every start
(the same `sync_sources`). It skips the per-count table when no COUNT is given.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

_WORDS = (
    "river", "signal", "harbour", "ledger", "turbine", "orchard", "lattice", "beacon", "quarry",
    "compass", "granary", "furnace", "meadow", "foundry", "glacier", "canal", "archive", "valve",
)  # fmt: skip


def _word(n: int) -> str:
    return f"{_WORDS[n % len(_WORDS)]}{_WORDS[(n // len(_WORDS)) % len(_WORDS)]}{n}"


def note_text(n: int, *, edited: bool = False) -> str:
    """Note `n`: three glossed terms and four sentences with a figure, in our own words."""
    terms = [_word(3 * n + k) for k in range(3)]
    figure = 1200 + n + (7 if edited else 0)
    return (
        f"---\ntitle: Field notes {n}\ntags: [bench, set{n % 7}]\n---\n"
        f"# Field notes {n}\n\n## Terms\n\n"
        f"The **{terms[0]}** (a store of grain kept for a dry season{' at least' * edited}) "
        f"mattered to the town. A **{terms[1]}** (a small channel that carries water to a "
        f"field) ran past it, and the **{terms[2]}** (a record of every trade made in a "
        "market) was kept by the clerk.\n\n## Figures\n\n"
        f"In the first survey the valley of {terms[0]} held about {figure} farms along its "
        f"main road. The mill at {terms[1]} ford ground {40 + n % 50}% of the grain that the "
        f"farms brought in. A new bridge at {terms[2]} cost {3 + n % 9} million pounds in its "
        f"first year. The harbour of {terms[0]} handled {200 + n % 300} ships in the busiest "
        "month of the season.\n\n"
        "Some plain text follows, as notes have, without anything to learn from it. It talks "
        "about the weather, the road and the people who walked along it every morning.\n"
    )


def write_vault(folder: Path, count: int) -> list[Path]:
    paths = []
    for n in range(count):
        path = folder / f"area-{n // 50:03d}" / f"note-{n:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(note_text(n), encoding="utf-8")
        paths.append(path)
    return paths


def run(command: Path, *args: str, collection: Path) -> float:
    env = {**os.environ, "STUDYCARDS_COLLECTION": str(collection), "COLUMNS": "100"}
    started = time.perf_counter()
    done = subprocess.run(
        [str(command), *args], capture_output=True, text=True, env=env, check=False
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"studycards {' '.join(args)} failed: {done.stderr or done.stdout}")
    return seconds


def has_sync(command: Path) -> bool:
    done = subprocess.run([str(command), "--help"], capture_output=True, text=True, check=False)
    return " sync " in done.stdout


def anki_import(package: Path, folder: Path) -> float:
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    try:
        started = time.perf_counter()
        col.import_anki_package(
            ImportAnkiPackageRequest(package_path=str(package), options=ImportAnkiPackageOptions())
        )
        return time.perf_counter() - started
    finally:
        col.close()


class Through:
    """How a figure is taken: the command in a subprocess (another checkout, as a user runs
    it, start-up included), or this checkout's core called in this process, as the app does
    on start and as Anki is called here."""

    def __init__(self, command: Path | None) -> None:
        self.command = command

    def has_sync(self) -> bool:
        return self.command is None or has_sync(self.command)

    def import_(self, vault: Path, collection: Path) -> float:
        if self.command is not None:
            return run(self.command, "import", str(vault), collection=collection)
        from studycards.collection import Collection as Studycards
        from studycards.collection.importing import import_paths

        started = time.perf_counter()
        with Studycards.open(collection) as col:
            import_paths(col, [vault])
        return time.perf_counter() - started

    def sync(self, collection: Path) -> float:
        if self.command is not None:
            return run(self.command, "sync", collection=collection)
        from studycards.collection import Collection as Studycards
        from studycards.collection.importing import sync_sources

        started = time.perf_counter()
        with Studycards.open(collection) as col:
            sync_sources(col)
        return time.perf_counter() - started

    def export(self, package: Path, collection: Path) -> None:
        if self.command is not None:
            run(self.command, "export", "-o", str(package), collection=collection)
            return
        from studycards.clock import StudyDay, system_clock
        from studycards.collection import Collection as Studycards
        from studycards.interop.anki_export import write_apkg

        with Studycards.open(collection) as col:
            write_apkg(
                col.note_records(with_history=False),
                package,
                with_scheduling=False,
                media_dir=None,
                clock=system_clock,
                study_day=StudyDay(),
            )


def measure(through: Through, count: int, runs: int, root: Path) -> dict[str, float]:
    vault = root / f"vault-{count}"
    paths = write_vault(vault, count)
    best: dict[str, float] = {}

    def keep(name: str, seconds: float) -> None:
        best[name] = min(best.get(name, float("inf")), seconds)

    for attempt in range(runs):
        collection = root / f"c-{count}-{attempt}" / "collection.db"
        collection.parent.mkdir()
        keep("cold", through.import_(vault, collection))
        keep("unchanged", through.import_(vault, collection))
        paths[count // 2].write_text(note_text(count // 2, edited=attempt % 2 == 0))
        keep("one edit", through.import_(vault, collection))
        if through.has_sync():
            keep("sync", through.sync(collection))
        if attempt == 0:
            package = root / f"vault-{count}.apkg"
            through.export(package, collection)
        keep("anki", anki_import(package, root / f"anki-{count}-{attempt}"))
        shutil.rmtree(collection.parent)
    return best


def measure_sync(through: Through, count: int, runs: int, root: Path) -> tuple[float, float]:
    """(the cold import, the best unchanged `sync`) of a vault of `count` notes."""
    vault = root / f"sync-vault-{count}"
    write_vault(vault, count)
    collection = root / f"sync-{count}" / "collection.db"
    collection.parent.mkdir()
    cold = through.import_(vault, collection)
    best = min(through.sync(collection) for _ in range(runs))
    shutil.rmtree(collection.parent)
    shutil.rmtree(vault)
    return cold, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("counts", nargs="*", type=int)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--studycards", type=Path, default=None)
    parser.add_argument("--sync-at", type=int, nargs="+", default=[], metavar="COUNT")
    args = parser.parse_args()
    counts = args.counts or ([] if args.sync_at else [300, 1000, 3000])
    through = Through(args.studycards)
    command = args.studycards or Path(sys.executable).with_name("studycards")
    startup = min(
        run(command, "--version", collection=Path(tempfile.gettempdir()) / "unused.db")
        for _ in range(5)
    )
    how = f"{command} in a subprocess" if args.studycards else "in process"
    print(f"studycards {how} (best of {args.runs}; load {os.getloadavg()[0]:.1f})")
    print(f"command start-up {startup:.3f} s ({'in' if args.studycards else 'not in'} the figures)")
    with tempfile.TemporaryDirectory() as tmp:
        if counts:
            table(through, counts, args.runs, Path(tmp))
        for count in args.sync_at:
            cold, sync = measure_sync(through, count, args.runs, Path(tmp))
            print(
                f"{count:>6} notes: unchanged sync {sync:.3f} s (cold import {cold:.1f} s, "
                f"load {os.getloadavg()[0]:.1f})",
                flush=True,
            )


def table(through: Through, counts: list[int], runs: int, root: Path) -> None:
    """The cold / unchanged / one edit / sync / anki table, a row per count."""
    print(
        f"{'notes':>6} {'cold':>8} {'unchanged':>10} {'one edit':>9} {'sync':>7} "
        f"{'anki':>8} {'cold/anki':>10} {'cold/first':>11}"
    )
    first_cold = None
    for count in counts:
        best = measure(through, count, runs, root)
        first_cold = first_cold or best["cold"]
        sync = f"{best['sync']:7.3f}" if "sync" in best else f"{'-':>7}"
        print(
            f"{count:>6} {best['cold']:8.3f} {best['unchanged']:10.3f} "
            f"{best['one edit']:9.3f} {sync} {best['anki']:8.3f} "
            f"{best['cold'] / best['anki']:9.1f}x {best['cold'] / first_cold:10.1f}x",
            flush=True,
        )


if __name__ == "__main__":
    main()
