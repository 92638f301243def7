"""Study-app speed on a 100,000-card collection.

Prints two numbers with the limits they must stay under, each next to a peer measured in the
same run:
- rating key → next card painted (pilot, median of many answers; limit 50 ms), against the
  same answer through the headless Session alone (what the UI adds on top);
- process start → decks screen painted (limit 1.5 s), against a bare Textual app with one
  Static started the same way (what Textual itself costs).

    .venv/bin/python bench/bench_tui.py [--cards 100000] [--answers 60] [--db PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.model import (
    Deck,
    ImportBatch,
    Note,
    NoteType,
    Rating,
    Review,
    Source,
    card_id_for,
    note_id_for,
)

NOW = datetime(2026, 3, 4, 12, tzinfo=timezone.utc)


def build(path: Path, cards: int) -> None:
    """`cards` cards in 20 subdecks (term notes, two cards each); a quarter of them were
    answered Easy ten days ago, so today has reviews due as well as new cards."""
    notes: dict[str, list[Note]] = {}
    reviews = []
    for i in range(cards // 2):
        deck = f"Bench::Part {i % 20:02d}"
        definition = f"definition of term {i} " * 3
        fields = {
            "term": f"term {i}",
            "english": f"english {i}",
            "abbr": "",
            "definition": definition,
        }
        note_id = note_id_for(NoteType.TERM, f"term {i}")
        notes.setdefault(deck, []).append(
            Note(note_id, NoteType.TERM, deck, fields, source=Source("bench.md", i + 1))
        )
        if i % 2 == 0:
            reviews.append(Review(card_id_for(note_id, 0), Rating.EASY, NOW - timedelta(days=10)))
    decks = tuple(Deck(name, tuple(group)) for name, group in notes.items())
    with Collection.open(path, FrozenClock(NOW)) as col:
        col.import_batch(ImportBatch(origin="bench.md", decks=decks, reviews=tuple(reviews)))
        # Enough cards for every measured answer, as a heavy user's limits would allow.
        col.set_options("Bench", new_per_day=9999, reviews_per_day=9999)


async def answer_latency(path: Path, answers: int) -> list[float]:
    """Seconds from a `3` key event to the first screen update that shows the next card.

    The key goes through Textual's own key dispatch (bindings, action, widget updates,
    layout); the end is `App._display`, where Textual hands a finished frame to the driver.
    Pilot's `press()` is not timed itself: it adds fixed idle waits of its own.
    """
    from textual import events

    from studycards.tui.app import StudyApp
    from studycards.tui.screens.review import ReviewScreen

    clock = FrozenClock(NOW)
    times: list[float] = []
    with Collection.open(path, clock) as col:
        app = StudyApp(col, decks=["Bench"], clock=clock)
        async with app.run_test(size=(80, 24)) as pilot:
            # (time, card on screen) of each frame handed to the driver
            painted: list[tuple[float, object]] = []
            display = app._display

            def timed_display(screen: Any, renderable: Any) -> None:
                display(screen, renderable)
                if renderable is not None and isinstance(screen, ReviewScreen):
                    painted.append((time.perf_counter(), screen.session.current))

            app._display = timed_display  # type: ignore[method-assign]
            await pilot.pause()
            for _ in range(answers):
                await pilot.press("space")
                await pilot.pause()
                screen = app.screen
                assert isinstance(screen, ReviewScreen), "the session ended before the benchmark"
                before = screen.session.current
                painted.clear()
                start = time.perf_counter()
                app.post_message(events.Key("3", "3"))
                while not any(card is not before for _, card in painted):
                    await asyncio.sleep(0)
                times.append(next(at for at, card in painted if card is not before) - start)
                await pilot.pause()
    return times


def session_latency(path: Path, answers: int) -> list[float]:
    from studycards.study.session import Session

    times = []
    with Collection.open(path, FrozenClock(NOW)) as col:
        session = Session(col, ["Bench"])
        for _ in range(answers):
            session.reveal()
            start = time.perf_counter()
            session.answer(Rating.GOOD)
            session.counts()
            session.previews() if session.current else None
            times.append(time.perf_counter() - start)
    return times


_STARTUP = """
import asyncio, sys
from pathlib import Path
async def main():
    if sys.argv[1] == "bare":
        from textual.app import App
        from textual.widgets import Static
        class Bare(App[None]):
            def compose(self):
                yield Static("decks")
        app = Bare()
    else:
        from studycards.collection import Collection
        from studycards.tui.app import StudyApp
        app = StudyApp(Collection.open(Path(sys.argv[1])))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        print("painted", flush=True)
asyncio.run(main())
"""


def startup(arg: str) -> float:
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", _STARTUP, arg], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - start
    child.wait()
    assert line.strip() == "painted", line
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--answers", type=int, default=60)
    parser.add_argument("--db", type=Path, help="reuse (or create) this collection file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.db"
        if not path.exists():
            start = time.perf_counter()
            build(path, args.cards)
            print(f"built {args.cards} cards in {time.perf_counter() - start:.1f} s")
        work = Path(tmp) / "work.db"
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{path}{suffix}")
            if source.exists():
                Path(f"{work}{suffix}").write_bytes(source.read_bytes())
        ui = asyncio.run(answer_latency(work, args.answers))
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{path}{suffix}")
            if source.exists():
                Path(f"{work}{suffix}").write_bytes(source.read_bytes())
        core = session_latency(work, args.answers)
        app_start = statistics.median(startup(str(work)) for _ in range(3))
        bare_start = statistics.median(startup("bare") for _ in range(3))
    ui_ms, core_ms = statistics.median(ui) * 1000, statistics.median(core) * 1000
    print(
        f"rating key → next card painted: median {ui_ms:.1f} ms (limit 50 ms) over {len(ui)} answers, p90 {sorted(ui)[int(len(ui) * 0.9)] * 1000:.1f} ms"
    )
    print(
        f"  peer: Session.answer + counts + previews alone: median {core_ms:.1f} ms; UI/core ratio {ui_ms / core_ms:.1f}x"
    )
    print(f"start → decks screen painted: {app_start:.2f} s (limit 1.5 s)")
    print(
        f"  peer: bare Textual app with one Static: {bare_start:.2f} s; ratio {app_start / bare_start:.2f}x"
    )


if __name__ == "__main__":
    main()
