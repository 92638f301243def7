"""`studycards status` on a big collection, as a user runs it: a fresh process each time.

Builds the collections of bench_session (CARDS cards in 10 subdecks, REVLOG review-log rows,
a review backlog due today), then times, as the median of RUNS fresh processes:
- `studycards status` (rich table) and `studycards status --json`;
- the peer: a fresh Python process that opens the same-size Anki collection with the real
  `anki` library and computes its deck tree with due counts (`sched.deck_due_tree()`);
- a bare `python -c pass`, the floor both pay.
It also prints the in-process part (the command without interpreter start and imports).
Goal: `studycards status` <= 300 ms, quick enough to run from a shell prompt or a status bar.

    .venv/bin/python -m bench.bench_status [--cards 100000] [--revlog 1000000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from bench.bench_session import build_anki, build_ours
from studycards.cli import cli

STUDYCARDS = Path(sys.executable).with_name("studycards")
ANKI_STATUS = (
    "import sys\n"
    "from anki.collection import Collection\n"
    "col = Collection(sys.argv[1])\n"
    "tree = col.sched.deck_due_tree()\n"
    "print(sum(node.review_count + node.learn_count + node.new_count for node in tree.children))\n"
    "col.close()\n"
)


def median_run(command: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--revlog", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ours_path = Path(tmp) / "ours.db"
        anki_path = Path(tmp) / "anki.anki2"
        started = time.perf_counter()
        build_ours(ours_path, args.cards, args.revlog)[0].close()
        build_anki(anki_path, args.cards, args.revlog).close()  # type: ignore[attr-defined]
        print(f"built both collections in {time.perf_counter() - started:.0f} s")

        env = {**os.environ, "STUDYCARDS_COLLECTION": str(ours_path), "COLUMNS": "100"}
        table = median_run([str(STUDYCARDS), "status"], args.runs, env)
        as_json = median_run([str(STUDYCARDS), "status", "--json"], args.runs, env)
        anki = median_run([sys.executable, "-c", ANKI_STATUS, str(anki_path)], args.runs)
        floor = median_run([sys.executable, "-c", "pass"], args.runs)

        runner = CliRunner()
        in_process = []
        for _ in range(args.runs):
            started = time.perf_counter()
            result = runner.invoke(
                cli, ["status", "--json"], env={"STUDYCARDS_COLLECTION": str(ours_path)}
            )
            in_process.append(time.perf_counter() - started)
            assert result.exit_code == 0, result.output

    print(f"cards {args.cards:,}, review-log rows {args.revlog:,}, median of {args.runs} runs")
    print(f"studycards status (table), fresh process:  {table * 1000:6.0f} ms  (goal <= 300 ms)")
    print(f"studycards status --json, fresh process:   {as_json * 1000:6.0f} ms")
    print(f"Anki open + deck_due_tree, fresh process:  {anki * 1000:6.0f} ms")
    print(f"python -c pass (the floor of both):        {floor * 1000:6.0f} ms")
    print(
        f"status --json in process, imports warm:    {statistics.median(in_process) * 1000:6.0f} ms"
    )
    print(f"ratio studycards status / Anki: {table / anki:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
