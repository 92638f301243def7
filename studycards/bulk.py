"""Bulk work without the cyclic garbage collector.

An import builds hundreds of thousands of small objects (notes, answers, rows) that all live
until it ends. Each batch of new objects starts a collection, and every few of those a full
one that walks the whole heap, so the import slows down as its own results pile up: a third of
the reading time of a 10,000-note Anki package in a process that also holds a UI. None of
these objects refer to each other in cycles, so nothing is lost by collecting once, after.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_gc_pauses() -> Iterator[None]:
    """Pause the cyclic collector for the block, then restore it as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
