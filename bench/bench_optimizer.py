"""How much `studycards.scheduling.optimizer.optimize` costs on top of fitting with fsrs-rs-python.

Ours: review log → training items → compute_parameters → evaluate the current and the fitted
parameters. Peer, in the same run on the same items: fsrs-rs-python's bare
`compute_parameters`, both the plain call and the `card_ids=` call we make (Anki makes it too).
Goal: ours within 2x of the bare call on 1,000,000 reviews (what we add, building the items and
evaluating both parameter sets, must not cost more than the fit itself).

    .venv/bin/python -m bench.bench_optimizer [--cards 100000] [--reviews-per-card 10]
"""

from __future__ import annotations

import argparse
import time

from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS

from bench.synthetic import synthetic_log
from studycards.scheduling.optimizer import optimize, training_set


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews-per-card", type=int, default=10)
    args = parser.parse_args()

    started = time.perf_counter()
    log = synthetic_log(args.cards, args.reviews_per_card)
    print(f"synthetic log: {len(log):,} reviews ({time.perf_counter() - started:.1f} s to make)")

    started = time.perf_counter()
    result = optimize(log, [])
    ours = time.perf_counter() - started

    started = time.perf_counter()
    data = training_set(log)
    building = time.perf_counter() - started
    fsrs = FSRS(list(DEFAULT_PARAMETERS))
    started = time.perf_counter()
    fsrs.evaluate(data.items)
    evaluating = time.perf_counter() - started
    started = time.perf_counter()
    fsrs.compute_parameters(data.items, card_ids=data.card_ids)
    bare_grouped = time.perf_counter() - started
    started = time.perf_counter()
    fsrs.compute_parameters(data.items)
    bare_plain = time.perf_counter() - started

    print(f"training items: {len(data.items):,}")
    print(
        f"log loss {result.log_loss_before:.4f} -> {result.log_loss_after:.4f}, "
        f"RMSE(bins) {result.rmse_before:.4f} -> {result.rmse_after:.4f}, "
        f"improved: {result.improved}"
    )
    print(f"ours, optimize():                          {ours:7.2f} s")
    print(f"  of which building items:                 {building:7.2f} s")
    print(f"  of which one evaluate() (x2 in ours):    {evaluating:7.2f} s")
    print(f"fsrs-rs compute_parameters(items, card_ids): {bare_grouped:5.2f} s")
    print(f"fsrs-rs compute_parameters(items):           {bare_plain:5.2f} s")
    print(
        f"ratio ours / bare compute_parameters(items):           {ours / bare_plain:5.2f}  (goal <= 2)"
    )
    print(f"ratio ours / bare compute_parameters(items, card_ids): {ours / bare_grouped:5.2f}")


if __name__ == "__main__":
    main()
