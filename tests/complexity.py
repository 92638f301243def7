"""Whether reading hostile input stays linear, checked in a way a busy machine does not break.

A fixed bound on one run's time fails whenever the machine is loaded. Timing the same code on
an input and on one FACTOR times as large compares like with like: linear code takes about
FACTOR times as long, code that backtracks or rescans FACTOR² times (or worse), far above the
limit of three times linear. The time is this process's CPU time, which other processes on a
busy machine do not inflate as they do the wall clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable

FACTOR = 5


def _seconds(run: Callable[[str], object], text: str) -> float:
    started = time.process_time()
    run(text)
    return time.process_time() - started


def assert_linear(run: Callable[[str], object], make: Callable[[int], str], n: int) -> None:
    """`run` on `make(FACTOR * n)` takes at most 3 * FACTOR times as long as on `make(n)`.

    The two sizes are timed in turn, five times, and the best of each is kept: the CPU time of
    one run swings by up to twice here (a virtual machine's cores), and the best of five
    finds each size's undisturbed time, so linear code stays near FACTOR and quadratic near
    FACTOR². Choose n so that `run(make(n))` takes some tens of milliseconds: much less, and
    timer noise dominates the ratio (the 10 ms of slack covers that); much more, and the
    test is slow.
    """
    texts = (make(n), make(FACTOR * n))
    small = large = float("inf")
    for _ in range(5):
        small = min(small, _seconds(run, texts[0]))
        large = min(large, _seconds(run, texts[1]))
    assert large <= 3 * FACTOR * small + 0.01, (
        f"{FACTOR}x the input took {large / max(small, 1e-9):.1f}x as long "
        f"({small:.3f} s, then {large:.3f} s): not linear"
    )
