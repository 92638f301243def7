"""A million cards: studycards against the real Anki library on the same-size collection.

Generates, with bulk SQL straight into each schema, a collection of CARDS cards (basic notes
in 10 subdecks of "Bench"; 95% in review with ~3% due today, 5% new) with REVLOG review-log
rows, once for studycards and once for Anki (notes added through Anki's own API, then cards
and log rows set in SQL). Then it measures, each in a fresh process as a user would meet it,
with the process's peak memory (ru_maxrss):

- `studycards status` vs Anki open + `sched.deck_due_tree()`;
- opening the review UI (process start → first card painted by the Textual app) vs Anki
  open + `sched.getCard()`;
- answer-and-next, median and p99 of ANSWERS answers (Session vs Anki v3 `answerCard` +
  `getCard`, FSRS on);
- `studycards cards --search TEXT` vs Anki `find_cards` of the same text;
- `studycards export Bench::D0 -o deck.apkg --with-scheduling` (a tenth of the cards) vs
  Anki `export_anki_package` of the same deck.

    .venv/bin/python -m bench.million [--cards 1000000] [--revlog 10000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_session import open_anki_bench
from studycards.clock import system_clock
from studycards.collection import Collection

DECKS = 10
DAY_MS = 86_400_000
STUDYCARDS = Path(sys.executable).with_name("studycards")
NEW_SHARE = 20  # one card in NEW_SHARE is new


def _numbers(conn: sqlite3.Connection, count: int) -> None:
    """A temp table n(i) holding 0..count-1, made in SQL (no Python loop)."""
    conn.execute("CREATE TEMP TABLE n (i INTEGER PRIMARY KEY)")
    conn.execute(
        "WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i + 1 < ?) "
        "INSERT INTO n SELECT i FROM k",
        (count,),
    )


def build_ours(path: Path, cards: int, revlog: int) -> None:
    Collection.open(path, system_clock).close()  # the real schema, by its migrations
    now_ms = int(time.time() * 1000)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).fetchall()
    conn.execute("BEGIN")
    for name, _ in indexes:
        conn.execute(f"DROP INDEX {name}")
    conn.execute("INSERT INTO decks (name) VALUES ('Bench')")
    for d in range(DECKS):
        conn.execute("INSERT INTO decks (name) VALUES (?)", (f"Bench::D{d}",))
    first_deck = conn.execute("SELECT id FROM decks WHERE name = 'Bench::D0'").fetchone()[0]
    _numbers(conn, cards)
    per_deck = cards // DECKS
    conn.execute(
        "INSERT INTO notes (id, note_id, deck_id, type, fields, tags, source_path, source_line, "
        "source_heading, reversed, guid, origin, position, content_hash, modified) "
        "SELECT i + 1, printf('bench%010d', i), ? + i / ?, 'basic', "
        "json_object('question', 'question ' || i, 'answer', 'answer ' || i), '[]', "
        "'bench.md', i % ? + 1, '', 0, '', 'bench.md', i % ?, printf('%024x', i), ? FROM n",
        (first_deck, per_deck, per_deck, per_deck, now_ms),
    )
    # Review cards: stability 2..200 days, last review a day plus a random part of 1.03
    # stabilities ago (never today, which would use up today's review limit).
    conn.execute(
        "CREATE TEMP TABLE plan AS SELECT i, 2 + (abs(random()) % 19800) / 100.0 AS s, "
        "abs(random()) % 1000 / 1000.0 AS f FROM n"
    )
    conn.execute(
        "INSERT INTO cards (id, card_id, note, ord, deck_id, position, state, step, stability, "
        "difficulty, due, last_review, reps, lapses) "
        "SELECT i + 1, printf('bench%010d-0', i), i + 1, 0, ? + i / ?, (i % ?) * 1000, "
        "CASE WHEN i % ? = ? - 1 THEN 0 ELSE 2 END, NULL, "
        "CASE WHEN i % ? = ? - 1 THEN NULL ELSE s END, "
        "CASE WHEN i % ? = ? - 1 THEN NULL ELSE 5.0 END, "
        "CASE WHEN i % ? = ? - 1 THEN (i % ?) * 1000 "
        "ELSE ? - (1 + CAST(f * s * 1.03 AS INTEGER)) * ? + CAST(round(s) AS INTEGER) * ? END, "
        "CASE WHEN i % ? = ? - 1 THEN NULL ELSE ? - (1 + CAST(f * s * 1.03 AS INTEGER)) * ? END, "
        "0, 0 FROM plan",
        (
            first_deck, per_deck, per_deck,
            NEW_SHARE, NEW_SHARE, NEW_SHARE, NEW_SHARE, NEW_SHARE, NEW_SHARE,
            NEW_SHARE, NEW_SHARE, per_deck, now_ms, DAY_MS, DAY_MS,
            NEW_SHARE, NEW_SHARE, now_ms, DAY_MS,
        ),
    )  # fmt: skip
    reviewed = cards - cards // NEW_SHARE
    per_card, extra = divmod(revlog, reviewed)
    _numbers_k(conn, per_card + 1)
    # Each studied card: per_card (+1 for the first `extra`) Good answers, 3 days apart,
    # the last one at its last_review.
    conn.execute(
        "CREATE TEMP TABLE studied AS SELECT c.id, c.last_review, row_number() OVER "
        "(ORDER BY c.id) - 1 AS rank FROM cards c WHERE c.state = 2"
    )
    conn.execute(
        "INSERT INTO revlog (card, reviewed_at, rating, duration_ms, b_state, b_step, "
        "b_stability, b_difficulty, b_due, b_last_review, b_reps, b_lapses, a_state, a_step, "
        "a_stability, a_difficulty, a_due, a_last_review, a_reps, a_lapses) "
        "SELECT s.id, s.last_review - k.k * 3 * ?, 3, 5000, 2, NULL, 3.0, 5.0, "
        "s.last_review - k.k * 3 * ?, s.last_review - (k.k + 1) * 3 * ?, 0, 0, 2, NULL, 3.0, "
        "5.0, s.last_review, s.last_review - k.k * 3 * ?, 0, 0 "
        "FROM studied s JOIN kk k ON k.k < ? + (s.rank < ?) ORDER BY s.id, k.k DESC",
        (DAY_MS, DAY_MS, DAY_MS, DAY_MS, per_card, extra),
    )
    conn.execute(
        "UPDATE cards SET reps = ? + (id IN (SELECT id FROM studied WHERE rank < ?)) "
        "WHERE state = 2",
        (per_card, extra),
    )
    for _, sql in indexes:
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    with Collection.open(path, system_clock) as col:
        for name in ["Bench", *(f"Bench::D{d}" for d in range(DECKS))]:
            col.set_options(name, reviews_per_day=9999)


def _numbers_k(conn: sqlite3.Connection, count: int) -> None:
    conn.execute("CREATE TEMP TABLE kk (k INTEGER PRIMARY KEY)")
    conn.executemany("INSERT INTO kk VALUES (?)", [(k,) for k in range(count)])


def build_anki(path: Path, cards: int, revlog: int) -> None:
    """Notes through Anki's own API, then card states and log rows in SQL. Resumable: a file
    whose notes are all there but that has no log rows gets only the second step."""
    from anki.collection import AddNoteRequest
    from anki.collection import Collection as AnkiCollection

    col = AnkiCollection(str(path))
    per_deck = cards // DECKS
    if col.card_count() < cards:
        col.set_config("fsrs", True)
        basic = col.models.by_name("Basic")
        assert basic is not None
        for d in range(DECKS):
            did = col.decks.id(f"Bench::D{d}")
            assert did is not None
            for start in range(0, per_deck, 50_000):
                requests = []
                for i in range(d * per_deck + start, d * per_deck + min(per_deck, start + 50_000)):
                    note = col.new_note(basic)
                    note["Front"] = f"question {i}"
                    note["Back"] = f"answer {i}"
                    requests.append(AddNoteRequest(note=note, deck_id=did))
                col.add_notes(requests)
    today = col.sched.today
    col.close()
    conn = sqlite3.connect(path, isolation_level=None)
    if conn.execute("SELECT count(*) FROM revlog").fetchone()[0] == 0:
        _anki_schedule(conn, today, cards, revlog)
    conn.close()
    open_anki_bench(path).close()


def _anki_schedule(conn: sqlite3.Connection, today: int, cards: int, revlog: int) -> None:
    conn.execute("BEGIN")
    conn.execute("CREATE TEMP TABLE plan (id INTEGER PRIMARY KEY, rank INTEGER, s REAL, f REAL)")
    conn.execute(
        "INSERT INTO plan SELECT id, row_number() OVER (ORDER BY id) - 1, "
        "2 + (abs(random()) % 19800) / 100.0, abs(random()) % 1000 / 1000.0 FROM cards"
    )
    conn.execute("DELETE FROM plan WHERE rank % ? = ? - 1", (NEW_SHARE, NEW_SHARE))
    conn.execute("UPDATE plan SET rank = rank - rank / ?", (NEW_SHARE,))
    conn.execute(
        "UPDATE cards SET type = 2, queue = 2, factor = 2500, ivl = CAST(round(p.s) AS INTEGER), "
        "due = ? - 1 - CAST(p.f * p.s * 1.03 AS INTEGER) + CAST(round(p.s) AS INTEGER), "
        "data = json_object('s', round(p.s, 2), 'd', 5.0, 'dr', 0.9) "
        "FROM plan p WHERE p.id = cards.id",
        (today,),
    )
    reviewed = cards - cards // NEW_SHARE
    per_card, extra = divmod(revlog, reviewed)
    _numbers_k(conn, per_card + 1)
    base = int(time.time() * 1000) - 3650 * DAY_MS
    conn.execute(
        "INSERT INTO revlog SELECT ? + p.rank * 16 + k.k, p.id, -1, 3, 10, 5, 2500, 5000, 1 "
        "FROM plan p JOIN kk k ON k.k < ? + (p.rank < ?)",
        (base, per_card, extra),
    )
    conn.execute("COMMIT")


# Each probe runs in a fresh interpreter and prints one JSON object of its own timings.
_OURS_REVIEW = """
import json, statistics, sys, time
from pathlib import Path
from studycards.collection import Collection
from studycards.model import Rating
from studycards.study.session import Session
col = Collection.open(Path(sys.argv[1]))
started = time.perf_counter()
session = Session(col, ["Bench"])
first = time.perf_counter() - started
times = []
for _ in range(int(sys.argv[2])):
    began = time.perf_counter()
    session.reveal()
    session.answer(Rating.GOOD)
    session.counts()
    session.previews()
    times.append(time.perf_counter() - began)
col.close()
print(json.dumps({"first": first, "answers": times}))
"""
_ANKI_REVIEW = """
import json, sys, time
from anki.collection import Collection
col = Collection(sys.argv[1])
started = time.perf_counter()
card = col.sched.getCard()
first = time.perf_counter() - started
times = []
for _ in range(int(sys.argv[2])):
    began = time.perf_counter()
    card.start_timer()
    col.sched.answerCard(card, 3)
    card = col.sched.getCard()
    col.sched.counts()
    times.append(time.perf_counter() - began)
col.close()
print(json.dumps({"first": first, "answers": times}))
"""
_OURS_UI = """
import asyncio, sys
from pathlib import Path
from studycards.collection import Collection
from studycards.tui.app import StudyApp
from studycards.tui.screens.review import ReviewScreen
async def main():
    app = StudyApp(Collection.open(Path(sys.argv[1])), decks=["Bench"])
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(6000):
            if isinstance(app.screen, ReviewScreen):
                break
            await pilot.pause(0.01)
        else:
            raise SystemExit("the review screen never opened")
        await pilot.pause()
        print('{"painted": true}', flush=True)
asyncio.run(main())
"""
_ANKI_STATUS = """
import sys
from anki.collection import Collection
col = Collection(sys.argv[1])
tree = col.sched.deck_due_tree()
print(sum(node.review_count + node.new_count for node in tree.children))
"""
_ANKI_OPEN_REVIEW = """
import sys
from anki.collection import Collection
col = Collection(sys.argv[1])
print(col.sched.getCard().id)
"""
_ANKI_SEARCH = """
import sys
from anki.collection import Collection
col = Collection(sys.argv[1])
print(len(col.find_cards(sys.argv[2])))
"""
_ANKI_EXPORT = """
import sys
from anki.collection import Collection, DeckIdLimit, ExportAnkiPackageOptions
col = Collection(sys.argv[1])
deck = col.decks.by_name(sys.argv[3])
count = col.export_anki_package(
    out_path=sys.argv[2],
    options=ExportAnkiPackageOptions(with_scheduling=True, with_deck_configs=False,
                                     with_media=False, legacy=False),
    limit=DeckIdLimit(deck["id"]),
)
print(count)
"""


# Loaded into every measured process via PYTHONPATH: at exit it records the process's own
# peak resident memory (VmHWM; ru_maxrss of a child would include the parent's, from fork).
_PEAK_HOOK = """
import atexit, os
def _record_peak():
    with open("/proc/self/status") as status:
        peak = next(line for line in status if line.startswith("VmHWM:"))
    with open(os.environ["PEAK_FILE"], "w") as out:
        out.write(peak.split()[1])
if os.environ.get("PEAK_FILE"):
    atexit.register(_record_peak)
"""


def measure(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak resident MB, stdout) of one fresh process."""
    with tempfile.TemporaryDirectory() as hook:
        Path(hook, "sitecustomize.py").write_text(_PEAK_HOOK)
        peak_file = Path(hook, "peak")
        child_env = {**(env or os.environ), "PEAK_FILE": str(peak_file), "PYTHONPATH": hook}
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, env=child_env, text=True)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"{command[:3]} failed ({done.returncode}): {done.stderr[-2000:]}")
        return elapsed, int(peak_file.read_text()) / 1024, done.stdout


def copy_collection(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        origin = Path(f"{source}{suffix}")
        if origin.exists():
            shutil.copyfile(origin, f"{target}{suffix}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=1_000_000)
    parser.add_argument("--revlog", type=int, default=10_000_000)
    parser.add_argument("--answers", type=int, default=300)
    parser.add_argument("--keep", type=Path, help="build into (or reuse) this folder")
    parser.add_argument("--no-anki", action="store_true")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="million-"))
    folder.mkdir(parents=True, exist_ok=True)
    ours, anki = folder / "ours.db", folder / "anki.anki2"
    if not ours.exists():
        started = time.perf_counter()
        build_ours(ours, args.cards, args.revlog)
        size = ours.stat().st_size / 2**20
        print(
            f"built the studycards collection in {time.perf_counter() - started:.0f} s, {size:,.0f} MB"
        )
    if not args.no_anki:
        started = time.perf_counter()
        build_anki(anki, args.cards, args.revlog)
        size = anki.stat().st_size / 2**20
        print(f"built the Anki collection in {time.perf_counter() - started:.0f} s, {size:,.0f} MB")
    py = sys.executable
    env = {**os.environ, "STUDYCARDS_COLLECTION": str(folder / "work.db"), "COLUMNS": "100"}
    rows: list[tuple[str, str, str]] = []

    def ours_run(command: list[str]) -> tuple[float, float, str]:
        copy_collection(ours, folder / "work.db")
        return measure(command, env)

    def anki_run(script: str, *extra: str) -> tuple[float, float, str] | None:
        if args.no_anki:
            return None
        copy_collection(anki, folder / "anki-work.anki2")
        return measure([py, "-c", script, str(folder / "anki-work.anki2"), *extra])

    def row(
        label: str, mine: tuple[float, float, str], theirs: tuple[float, float, str] | None
    ) -> None:
        peer = f"{theirs[0] * 1000:,.0f} ms, {theirs[1]:,.0f} MB" if theirs else "n/a"
        rows.append((label, f"{mine[0] * 1000:,.0f} ms, {mine[1]:,.0f} MB", peer))
        print(f"{label}: studycards {rows[-1][1]} | Anki {peer}", flush=True)

    floor = measure([py, "-c", "pass"])
    row("python -c pass (floor)", floor, floor)
    row("status", ours_run([str(STUDYCARDS), "status"]), anki_run(_ANKI_STATUS))
    row(
        "open the review UI → first card",
        ours_run([py, "-c", _OURS_UI, str(folder / "work.db")]),
        anki_run(_ANKI_OPEN_REVIEW),
    )
    needle = f"question {args.cards * 7 // 10 + 3}"
    row(
        f"cards --search '{needle}'",
        ours_run([str(STUDYCARDS), "cards", "--search", needle]),
        anki_run(_ANKI_SEARCH, f'"{needle}"'),
    )
    mine = ours_run([py, "-c", _OURS_REVIEW, str(folder / "work.db"), str(args.answers)])
    theirs = anki_run(_ANKI_REVIEW, str(args.answers))
    row("review process (queue + answers)", mine, theirs)
    ours_review = json.loads(mine[2])
    anki_review = json.loads(theirs[2]) if theirs else None
    for label, share in (("answer-and-next median", 0.5), ("answer-and-next p99", 0.99)):
        peer = (
            f"{percentile(anki_review['answers'], share) * 1000:.2f} ms" if anki_review else "n/a"
        )
        rows.append((label, f"{percentile(ours_review['answers'], share) * 1000:.2f} ms", peer))
        print(f"{label}: studycards {rows[-1][1]} | Anki {peer}", flush=True)
    peer = f"{anki_review['first'] * 1000:,.0f} ms" if anki_review else "n/a"
    rows.append(
        ("queue build (first card, in process)", f"{ours_review['first'] * 1000:,.0f} ms", peer)
    )
    # One tenth of the collection, as in every earlier run, so the numbers stay comparable
    # (ours now streams, in flat memory; see bench/README.md).
    row(
        f"export one deck ({args.cards // DECKS:,} cards) to .apkg with scheduling",
        ours_run(
            [
                str(STUDYCARDS),
                "export",
                "Bench::D0",
                "-o",
                str(folder / "ours.apkg"),
                "--with-scheduling",
            ]
        ),
        anki_run(_ANKI_EXPORT, str(folder / "anki.apkg"), "Bench::D0"),
    )
    print(f"\n| {args.cards:,} cards, {args.revlog:,} log rows | studycards | Anki |")
    print("|---|---|---|")
    for label, mine_text, peer_text in rows:
        print(f"| {label} | {mine_text} | {peer_text} |")
    if not args.keep:
        shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
