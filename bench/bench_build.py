"""Building decks from notes: a cold build of real notes against markdown-it-py's parse of the
same files, and a rebuild of a 10,000-note folder after one note is edited.

    .venv/bin/python -m bench.bench_build [--corpus DIR ...] [--notes N] [--runs R] [--skip-incremental]

**Cold** (default corpora `/work/shared/corpus/dimthink` and `/work/shared/corpus/english`):
each note built on its own with no cache (`build_decks`: read, decode, front matter, the
Markdown parse, extraction), against markdown-it-py reading and parsing the same file with
the same plugins (footnotes, definition lists, dollar math, front matter), its stock rules
and inline parse included. CPU seconds of this process, best of R, the two taken in turn.
The target: our build at most twice the parse (extraction costs at most as much again).

**Incremental**: N notes (default 10,000; `bench_vault`'s generated notes, our own words) are
built into a deck folder with `studycards build` in this process (the command as a user runs
it, less the interpreter's start and imports). Then, R times, one note is edited (its figure
and a definition change) and the folder built again. It prints the cold build, the best
rebuild (wall and CPU), the ratio, and the same rebuild as a fresh `studycards` process
(start-up and imports included), with the machine's load average. The target: a rebuild
≤ 0.3 s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from bench.bench_vault import note_text, write_vault
from studycards.cli import cli
from studycards.notes.builder import build_decks, find_note_files

CORPORA = (Path("/work/shared/corpus/dimthink"), Path("/work/shared/corpus/english"))
STUDYCARDS = Path(sys.executable).with_name("studycards")


def peer_parser() -> MarkdownIt:
    """markdown-it-py as a Markdown reader would set it up for these notes."""
    md = MarkdownIt("commonmark", {"tasklists": True})
    md.enable(["table", "strikethrough"])
    for plugin in (front_matter_plugin, footnote_plugin, deflist_plugin, dollarmath_plugin):
        md.use(plugin)
    return md


def best_of(runs: int, works: dict[str, Callable[[], object]]) -> dict[str, float]:
    """The fastest of `runs` runs of each work, taken in turn, in CPU seconds of this
    process: on a shared machine, wall time measures the neighbours as much as the code."""
    best = dict.fromkeys(works, float("inf"))
    for _ in range(runs):
        for name, work in works.items():
            started = time.process_time()
            work()
            best[name] = min(best[name], time.process_time() - started)
    return best


def cold(corpus: Path, runs: int) -> None:
    files = [p for p in find_note_files([corpus]) if p.name not in ("LICENSE.md", "README.md")]
    md = peer_parser()
    size = sum(p.stat().st_size for p in files)

    def peer() -> None:
        for path in files:
            md.parse(path.read_bytes().decode("utf-8"))

    def ours() -> None:
        for path in files:
            result = build_decks([path])  # no cache: every note read, parsed and extracted
            assert not result.problems, result.problems
            assert all(deck.name for deck in result.decks)

    times = best_of(runs, {"peer": peer, "ours": ours})
    per = {name: seconds / len(files) * 1e3 for name, seconds in times.items()}
    print(
        f"cold build, {corpus.name}: {len(files)} notes, {size / len(files) / 1024:.1f} KB a note"
    )
    print(f"  markdown-it-py parse : {per['peer']:6.2f} ms/note")
    print(f"  studycards build     : {per['ours']:6.2f} ms/note")
    print(f"  RATIO build / parse  : {times['ours'] / times['peer']:.2f}x  (target <= 2x)")


def incremental(count: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env = {"XDG_CACHE_HOME": str(root / "cache")}
        os.environ.update(env)
        os.chdir(root)
        paths = write_vault(root / "notes", count)
        edited = paths[count // 2]

        def build() -> tuple[float, float, str]:
            wall, cpu = time.perf_counter(), time.process_time()
            result = CliRunner().invoke(cli, ["build", "notes", "--out", "decks"])
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            assert result.exit_code == 0, result.output
            return wall, cpu, result.stderr.splitlines()[-1]

        cold_wall, cold_cpu, line = build()
        print(f"{count:,} notes, cold `studycards build` in process: {cold_wall:.1f} s ({line})")
        best_wall = best_cpu = best_process = float("inf")
        for _ in range(runs):
            # Each round edits the note, then the fresh process puts it back: two changes.
            index = count // 2
            edited.write_text(note_text(index, edited=True), encoding="utf-8")
            wall, cpu, line = build()
            assert line.startswith("1 deck file written"), line
            best_wall, best_cpu = min(best_wall, wall), min(best_cpu, cpu)
            edited.write_text(note_text(index), encoding="utf-8")
            started = time.perf_counter()
            subprocess.run(
                [str(STUDYCARDS), "build", "notes", "--out", "decks"],
                check=True,
                capture_output=True,
                env={**os.environ, **env},
            )
            best_process = min(best_process, time.perf_counter() - started)
        started = time.perf_counter()
        subprocess.run([str(STUDYCARDS), "--version"], check=True, capture_output=True)
        floor = time.perf_counter() - started
        print(
            f"rebuild after one edit, best of {runs}, in process: {best_wall * 1e3:.0f} ms wall, "
            f"{best_cpu * 1e3:.0f} ms CPU  (target <= 300 ms)"
        )
        print(
            f"  RATIO rebuild / cold build: {best_wall / cold_wall:.4f}  "
            f"(CPU {best_cpu / cold_cpu:.4f})"
        )
        print(
            f"  as a fresh process: {best_process * 1e3:.0f} ms "
            f"(`studycards --version` alone: {floor * 1e3:.0f} ms)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append")
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-incremental", action="store_true")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} at the start")
    for corpus in args.corpus or CORPORA:
        cold(corpus, args.runs)
    if not args.skip_incremental:
        incremental(args.notes, args.runs)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
