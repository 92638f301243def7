"""A folder of Markdown notes as a daily habit, at 300, 1,000 and 3,000 notes, against Anki.

    .venv/bin/python -m bench.bench_vault [COUNT ...] [--runs N] [--studycards PATH]

For each COUNT (default 300 1000 3000) a vault of generated notes (our own text: three
glossary terms and four sentences with figures each, in sub-folders of 50) is timed through
the real command, `studycards import VAULT` and `studycards sync`, in a subprocess as a user
runs them:

- cold: the first import into a new collection;
- unchanged: importing the same folder again;
- one edit: importing it again after one note's definition and figure changed;
- sync: `studycards sync` with nothing changed (skipped when the studycards run has no sync);

and, as the peer, the same notes in one package (`studycards export`) imported by the real
`anki` library into a new Anki collection. Each figure is the best of --runs runs. Command
start-up (about 0.2 s, Python and the imports) is in every studycards figure; the line
`start-up` says how much, measured with `studycards --version`.

`--studycards PATH` times another checkout's command (its `.venv/bin/studycards`), which is
how the figures before a change are taken.
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


def measure(command: Path, count: int, runs: int, root: Path) -> dict[str, float]:
    vault = root / f"vault-{count}"
    paths = write_vault(vault, count)
    best: dict[str, float] = {}

    def keep(name: str, seconds: float) -> None:
        best[name] = min(best.get(name, float("inf")), seconds)

    sync = has_sync(command)
    for attempt in range(runs):
        collection = root / f"c-{count}-{attempt}" / "collection.db"
        collection.parent.mkdir()
        keep("cold", run(command, "import", str(vault), collection=collection))
        keep("unchanged", run(command, "import", str(vault), collection=collection))
        paths[count // 2].write_text(note_text(count // 2, edited=attempt % 2 == 0))
        keep("one edit", run(command, "import", str(vault), collection=collection))
        if sync:
            keep("sync", run(command, "sync", collection=collection))
        if attempt == 0:
            package = root / f"vault-{count}.apkg"
            run(command, "export", "-o", str(package), collection=collection)
        keep("anki", anki_import(package, root / f"anki-{count}-{attempt}"))
        shutil.rmtree(collection.parent)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("counts", nargs="*", type=int, default=[300, 1000, 3000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--studycards", type=Path, default=Path(sys.executable).with_name("studycards")
    )
    args = parser.parse_args()
    command: Path = args.studycards
    startup = min(
        run(command, "--version", collection=Path(tempfile.gettempdir()) / "unused.db")
        for _ in range(5)
    )
    print(f"{command}  (best of {args.runs}; load {os.getloadavg()[0]:.1f})")
    print(f"start-up {startup:.3f} s")
    print(
        f"{'notes':>6} {'cold':>8} {'unchanged':>10} {'one edit':>9} {'sync':>7} "
        f"{'anki':>8} {'cold/anki':>10} {'cold/first':>11}"
    )
    first_cold = None
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.counts:
            best = measure(command, count, args.runs, Path(tmp))
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
