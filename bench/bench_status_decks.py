"""`studycards status` on a vault imported as a deck tree: 3,000 notes, one leaf deck each,
about 3,200 decks in all, as bench_vault builds it.

Prints, best of RUNS:
- in process (after imports): `status` (the deck list a person reads) and its peer measured in
  the same run, `status --json` (the same rows, no layout), and their ratio;
- fresh processes, as from a shell prompt: the same two, and a bare `python -c pass`;
- with `--app`, the study app from process start to its decks screen painted, against a bare
  Textual app started the same way (bench_tui's measure). The app re-reads every note once
  after a change to the reading code (`folders.reader_version`): the first start is left out.
Goal: `status` <= 0.5 s in process at 3,200 decks, and within a few tenths of `--json`.

    .venv/bin/python -m bench.bench_status_decks [--notes 3000] [--runs 5] [--collection DB]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from bench.bench_tui import startup
from bench.bench_vault import write_vault
from studycards.cli import cli

STUDYCARDS = Path(sys.executable).with_name("studycards")


def best_in_process(args: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
        times.append(time.perf_counter() - started)
        assert result.exit_code == 0, result.output
    return min(times)


def best_process(command: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - started)
    return min(times)


def measure_app(collection: Path, runs: int) -> None:
    startup(str(collection))  # reads the notes again if the reading code changed since
    app = min(startup(str(collection)) for _ in range(runs))
    bare = min(startup("bare") for _ in range(runs))
    print(f"app start → decks painted {app:.2f} s, bare Textual app {bare:.2f} s")


def measure(collection: Path, runs: int) -> None:
    env = {"STUDYCARDS_COLLECTION": str(collection), "COLUMNS": "100"}
    decks = CliRunner().invoke(cli, ["status", "--json"], env=env).output.count('"deck"')
    print(f"load {os.getloadavg()[0]:.1f}, {decks:,} decks, best of {runs}")
    table = best_in_process(["status"], env, runs)
    as_json = best_in_process(["status", "--json"], env, runs)
    print(
        f"in process:  status {table:.3f} s, status --json {as_json:.3f} s, ratio {table / as_json:.2f}x"
    )
    process_env = {**os.environ, **env}
    table = best_process([str(STUDYCARDS), "status"], process_env, runs)
    as_json = best_process([str(STUDYCARDS), "status", "--json"], process_env, runs)
    bare = best_process([sys.executable, "-c", "pass"], process_env, runs)
    print(
        f"fresh process: status {table:.3f} s, status --json {as_json:.3f} s, "
        f"ratio {table / as_json:.2f}x (python -c pass {bare:.3f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--collection", type=Path, help="measure this collection instead")
    parser.add_argument("--app", action="store_true", help="also time the study app's start")
    args = parser.parse_args()
    if args.collection:
        measure(args.collection, args.runs)
        if args.app:
            measure_app(args.collection, args.runs)
        return
    with tempfile.TemporaryDirectory() as tmp:
        vault = Path(tmp) / "Notes"
        write_vault(vault, args.notes)
        collection = Path(tmp) / "collection.db"
        started = time.perf_counter()
        env = {"STUDYCARDS_COLLECTION": str(collection)}
        CliRunner().invoke(cli, ["import", str(vault)], env=env, catch_exceptions=False)
        print(f"imported {args.notes:,} notes in {time.perf_counter() - started:.1f} s")
        measure(collection, args.runs)
        if args.app:
            measure_app(collection, args.runs)


if __name__ == "__main__":
    main()
