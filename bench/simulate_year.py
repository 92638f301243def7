"""A simulated year of study through the real Session and store, checked every day.

A learner studies a CARDS-card deck (1,000 two-card term notes, the rest one-card questions)
every day for DAYS days at 10:00 UTC, 20 new cards a day, no review cap, through
`studycards.study.session.Session` on a real SQLite collection with an injected clock. It answers
the way fsrs-rs's simulator assumes a learner does: a review card is recalled with the
probability FSRS predicts (R after the study days elapsed, seeded), then rated Hard/Good/Easy
with fsrs-rs's review-rating odds; new, learning and relearning cards are rated with fsrs-rs's
first-rating and step-transition odds.

Every day it checks: no card lost or duplicated, every answer logged exactly once (and each
card's reps equal its log rows), `status` counts equal what the queue then serves, no card
due before the end of the session left unserved (limits allow everything here), no two
siblings answered on the same study day. Any violation stops the run with the day and rows.

Then it runs fsrs-rs-python's `simulate` with the same parameters, deck size, span, daily new
limit and desired retention (mean over SEEDS seeds) and prints the differences in reviews,
cards introduced, and cards memorized at the end (sum of R on the last day).
With `--sweep` it does all of that at desired retention 0.80, 0.90 and 0.95 and draws
workload against retention as a small terminal chart, like Anki's "help me decide".

    .venv/bin/python -m bench.simulate_year [--cards 10000] [--days 365] [--sweep] [--fuzz]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import fsrs_rs_python as rs

from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.collection.store.codec import to_ms
from studycards.model import Deck, ImportBatch, Note, NoteType, Rating, State, note_id_for
from studycards.options import DEFAULT_PARAMETERS
from studycards.rows import DeckStatus
from studycards.study import today
from studycards.study.session import Session

DECK = "Year"
TERM_NOTES = 1000
START = datetime(2027, 1, 4, 10, 0, tzinfo=timezone.utc)
ANSWER_SECONDS = 8
SEEDS = 10


class InvariantError(AssertionError):
    """A daily check failed; the message names the day and what was wrong."""


@dataclass
class Totals:
    """One simulated year's results, in fsrs-rs's terms."""

    reviews: int = 0  # answers to cards in the review state (fsrs-rs review_cnt)
    introduced: int = 0  # new cards seen for the first time (fsrs-rs learn_cnt)
    answers: int = 0  # every answer, learning steps included
    correct: int = 0  # review-state answers other than Again
    memorized: float = 0.0  # sum of R over studied cards on the last day
    cost_seconds: float = 0.0  # fsrs-rs's per-rating answer costs, summed
    per_day: list[int] = field(default_factory=list)


def deck_notes(cards: int, *, siblings: bool = True) -> tuple[Note, ...]:
    terms = min(TERM_NOTES, cards // 4) if siblings else 0
    notes = [
        Note(
            note_id_for(NoteType.TERM, f"term {i}"),
            NoteType.TERM,
            DECK,
            {"term": f"term {i}", "english": f"NAME {i}", "abbr": "", "definition": f"means {i}"},
        )
        for i in range(terms)
    ]
    notes += [
        Note(
            note_id_for(NoteType.BASIC, f"question {i}"),
            NoteType.BASIC,
            DECK,
            {"question": f"question {i}", "answer": f"answer {i}"},
        )
        for i in range(cards - 2 * terms)
    ]
    return tuple(notes)


class Learner:
    """Rates cards the way fsrs-rs's simulator models a learner."""

    def __init__(self, config: rs.SimulatorConfig, seed: int) -> None:
        self.rng = random.Random(seed)
        self.config = config
        self.decay = -DEFAULT_PARAMETERS[20]
        self.factor = 0.9 ** (1 / self.decay) - 1
        self.last: dict[int, int] = {}  # card pk → the learner's last rating

    def _pick(self, ratings: tuple[int, ...], weights: list[float]) -> int:
        return self.rng.choices(ratings, weights=weights)[0]

    def rate(self, pk: int, state: State, stability: float | None, elapsed_days: int) -> int:
        if state is State.NEW:
            rating = self._pick((1, 2, 3, 4), self.config.first_rating_prob)
        elif state is State.LEARNING:
            row = self.config.learning_step_transitions[self.last[pk] - 1]
            rating = self._pick((1, 2, 3, 4), row)
        elif state is State.RELEARNING:
            row = self.config.relearning_step_transitions[self.last[pk] - 1]
            rating = self._pick((1, 2, 3, 4), row)
        else:
            assert stability is not None
            recall = (1 + self.factor * elapsed_days / stability) ** self.decay
            if self.rng.random() < recall:
                rating = self._pick((2, 3, 4), self.config.review_rating_prob)
            else:
                rating = 1
        self.last[pk] = rating
        return rating


def simulator_config(cards: int, days: int) -> rs.SimulatorConfig:
    config = rs.default_simulator_config()
    config.deck_size = cards
    config.learn_span = days
    config.learn_limit = 20
    config.max_cost_perday = 1e12  # no time budget: the learner does everything due
    return config


def simulate_ours(
    path: Path,
    cards: int,
    days: int,
    retention: float,
    *,
    fuzz: bool,
    seed: int,
    siblings: bool = True,
) -> Totals:
    clock = FrozenClock(START)
    col = Collection.open(path, clock, fuzz=fuzz, tz=timezone.utc)
    col.import_batch(
        ImportBatch(
            origin="simulated-deck.md", decks=(Deck(DECK, deck_notes(cards, siblings=siblings)),)
        )
    )
    col.set_options(
        DECK, new_per_day=20, reviews_per_day=99999, desired_retention=retention,
        leech_action="tag", bury_siblings=True, rollover_hour=4,
    )  # fmt: skip
    config = simulator_config(cards, days)
    costs = config.state_rating_costs
    learner = Learner(config, seed)
    conn = col.store.conn
    ids = {card_id for (card_id,) in conn.execute("SELECT card_id FROM cards")}
    totals = Totals()
    for day in range(days):
        clock.set(START + timedelta(days=day))
        status = next(s for s in today.status(col) if s.deck == DECK)
        session = Session(col, [DECK])
        counts = session.counts()
        if (counts.new, counts.learning, counts.review) != (
            status.new,
            status.learning,
            status.review,
        ):
            raise InvariantError(f"day {day}: status {status} but the session counts {counts}")
        answered: list[tuple[int, int, int]] = []
        first_state: dict[int, State] = {}
        while session.current is not None:
            card_id = session.current.card.card_id
            pk, stability, last_ms = conn.execute(
                "SELECT id, stability, last_review FROM cards WHERE card_id = ?", (card_id,)
            ).fetchone()
            state = session.current.state
            first_state.setdefault(pk, state)
            elapsed = 0
            if last_ms is not None:
                elapsed = col.study_day.days_between(
                    datetime.fromtimestamp(last_ms / 1000, timezone.utc), clock()
                )
            rating = learner.rate(pk, state, stability, elapsed)
            clock.advance(timedelta(seconds=ANSWER_SECONDS))
            session.reveal()
            session.answer(Rating(rating))
            answered.append((pk, to_ms(clock()) or 0, rating))
            kind = {State.NEW: 0, State.LEARNING: 0, State.REVIEW: 1, State.RELEARNING: 2}[state]
            totals.cost_seconds += costs[kind][rating - 1]
            if state is State.REVIEW:
                totals.reviews += 1
                totals.correct += rating > 1
        served = Counter(first_state.values())
        totals.introduced += served[State.NEW]
        totals.answers += len(answered)
        totals.per_day.append(len(answered))
        check_day(col, day, ids, answered, served, status)
    end = clock()
    for stability, last_ms in conn.execute(
        "SELECT stability, last_review FROM cards WHERE state != 0"
    ):
        elapsed = col.study_day.days_between(
            datetime.fromtimestamp(last_ms / 1000, timezone.utc), end
        )
        totals.memorized += (1 + learner.factor * elapsed / stability) ** learner.decay
    col.close()
    return totals


def check_day(
    col: Collection,
    day: int,
    ids: set[str],
    answered: list[tuple[int, int, int]],
    served: Counter[State],
    status: DeckStatus,
) -> None:
    """The daily invariants; raises InvariantError naming the day."""
    conn = col.store.conn
    start, end = col.day_bounds_ms()
    today = col.study_day.number(col.clock())
    found = [card_id for (card_id,) in conn.execute("SELECT card_id FROM cards")]
    if len(found) != len(ids) or set(found) != ids:
        raise InvariantError(f"day {day}: cards lost or duplicated ({len(found)} vs {len(ids)})")
    logged = Counter(
        conn.execute(
            "SELECT card, reviewed_at, rating FROM revlog WHERE reviewed_at >= ? AND reviewed_at < ?",
            (start, end),
        ).fetchall()
    )
    if logged != Counter(answered):
        raise InvariantError(f"day {day}: log differs from answers: {logged - Counter(answered)}")
    mismatched = conn.execute(
        "SELECT count(*) FROM cards c WHERE reps != "
        "(SELECT count(*) FROM revlog r WHERE r.card = c.id)"
    ).fetchone()[0]
    if mismatched:
        raise InvariantError(f"day {day}: {mismatched} cards' reps differ from their log rows")
    if (served[State.NEW], served[State.REVIEW]) != (status.new, status.review):
        raise InvariantError(f"day {day}: status said {status}, the queue served {dict(served)}")
    unserved = conn.execute(
        "SELECT card_id, state, due FROM cards WHERE state != 0 AND due < ? AND suspended = 0 "
        "AND buried_day != ?",
        (end, today),
    ).fetchall()
    if unserved:
        raise InvariantError(f"day {day}: due cards left unserved: {unserved[:5]}")
    unexplained = conn.execute(
        "SELECT card_id FROM cards c WHERE buried_day = ? AND state != 0 AND due < ? AND NOT "
        "EXISTS (SELECT 1 FROM cards s JOIN revlog r ON r.card = s.id WHERE s.note = c.note "
        "AND s.id != c.id AND r.reviewed_at >= ?)",
        (today, end, start),
    ).fetchall()
    if unexplained:
        raise InvariantError(f"day {day}: buried without a sibling studied: {unexplained[:5]}")
    pairs = conn.execute(
        "SELECT c.note, count(DISTINCT r.card) FROM revlog r JOIN cards c ON c.id = r.card "
        "WHERE r.reviewed_at >= ? AND r.reviewed_at < ? GROUP BY c.note "
        "HAVING count(DISTINCT r.card) > 1",
        (start, end),
    ).fetchall()
    if pairs:
        raise InvariantError(f"day {day}: siblings studied on the same day: {pairs[:5]}")
    if served[State.NEW] < 20:
        # Fewer than 20 new cards is right only when every other one is a sibling of a card
        # studied today (and so buried).
        free = conn.execute(
            "SELECT count(*) FROM cards c WHERE state = 0 AND suspended = 0 AND NOT EXISTS "
            "(SELECT 1 FROM cards s JOIN revlog r ON r.card = s.id WHERE s.note = c.note "
            "AND r.reviewed_at >= ?)",
            (start,),
        ).fetchone()[0]
        if free:
            raise InvariantError(f"day {day}: {served[State.NEW]} new cards with {free} left")


@dataclass
class Peer:
    reviews: float
    introduced: float
    memorized: float
    cost_seconds: float
    spread: float  # standard deviation of reviews over the seeds
    pass_rate: float  # review answers other than Again, over all review answers


def simulate_fsrs_rs(cards: int, days: int, retention: float) -> Peer:
    config = simulator_config(cards, days)
    runs = [rs.simulate(list(DEFAULT_PARAMETERS), retention, config, seed) for seed in range(SEEDS)]
    reviews = [sum(r.review_cnt_per_day) for r in runs]
    return Peer(
        reviews=statistics.mean(reviews),
        introduced=statistics.mean(sum(r.learn_cnt_per_day) for r in runs),
        memorized=statistics.mean(r.memorized_cnt_per_day[-1] for r in runs),
        cost_seconds=statistics.mean(sum(r.cost_per_day) for r in runs),
        spread=statistics.stdev(reviews),
        pass_rate=sum(sum(r.correct_cnt_per_day) for r in runs) / max(1, sum(reviews)),
    )


def difference(ours: float, peer: float) -> str:
    return f"{(ours - peer) / peer * 100:+.1f}%" if peer else "n/a"


def report(retention: float, ours: Totals, peer: Peer, seconds: float) -> None:
    print(f"\ndesired retention {retention:.2f}: simulated in {seconds:.0f} s, all daily checks ok")
    print(f"  {'':28}{'studycards':>12}{'fsrs-rs':>12}{'difference':>12}")
    rows = [
        ("reviews (review state)", ours.reviews, peer.reviews),
        ("new cards introduced", ours.introduced, peer.introduced),
        ("memorized at the end (ΣR)", ours.memorized, peer.memorized),
        ("answer time, hours", ours.cost_seconds / 3600, peer.cost_seconds / 3600),
    ]
    for label, mine, theirs in rows:
        print(f"  {label:28}{mine:12,.0f}{theirs:12,.0f}{difference(mine, theirs):>12}")
    print(
        f"  all answers incl. learning steps: {ours.answers:,}; review pass rate "
        f"{ours.correct / max(1, ours.reviews):.3f} (fsrs-rs {peer.pass_rate:.3f}); fsrs-rs "
        f"reviews ±{peer.spread:,.0f} (1 sd "
        f"over {SEEDS} seeds); busiest day {max(ours.per_day, default=0)} answers"
    )


def chart(results: list[tuple[float, Totals, Peer]]) -> None:
    """Workload and knowledge against desired retention, as bars (█ studycards, ░ fsrs-rs)."""
    width = 40
    top_reviews = max(max(o.reviews, p.reviews) for _, o, p in results)
    top_memorized = max(max(o.memorized, p.memorized) for _, o, p in results)
    print("\nworkload (reviews in the year) and knowledge (cards memorized at the end)")
    for retention, ours, peer in results:
        for label, mine, theirs, top in (
            ("reviews", ours.reviews, peer.reviews, top_reviews),
            ("memorized", ours.memorized, peer.memorized, top_memorized),
        ):
            print(
                f"  {retention:.2f} {label:9} █{'█' * round(mine / top * width):<{width}} {mine:9,.0f}"
            )
            print(f"  {'':4} {'':9} ░{'░' * round(theirs / top * width):<{width}} {theirs:9,.0f}")
        per_hour = ours.memorized / (ours.cost_seconds / 3600)
        print(f"  {'':4} memorized per hour of study: {per_hour:.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--retention", type=float, default=0.90)
    parser.add_argument("--sweep", action="store_true", help="0.80, 0.90 and 0.95, with a chart")
    parser.add_argument("--fuzz", action="store_true", help="fuzz intervals (fsrs-rs does not)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--no-siblings", action="store_true", help="one-card notes only (nothing to bury)"
    )
    args = parser.parse_args()
    retentions = [0.80, 0.90, 0.95] if args.sweep else [args.retention]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for retention in retentions:
            started = time.perf_counter()
            ours = simulate_ours(
                Path(tmp) / f"year-{retention}.db", args.cards, args.days, retention,
                fuzz=args.fuzz, seed=args.seed, siblings=not args.no_siblings,
            )  # fmt: skip
            seconds = time.perf_counter() - started
            peer = simulate_fsrs_rs(args.cards, args.days, retention)
            report(retention, ours, peer, seconds)
            results.append((retention, ours, peer))
    if len(results) > 1:
        chart(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
