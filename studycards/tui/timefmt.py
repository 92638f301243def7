"""Short human phrases for durations and due times."""

from __future__ import annotations

from datetime import datetime


def duration(seconds: float) -> str:
    """`45s`, `3m 20s`, `1h 05m`."""
    whole = max(0, round(seconds))
    if whole < 60:
        return f"{whole}s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes}m {secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"


def relative(when: datetime, now: datetime) -> str:
    """`now`, `in 10 minutes`, `in 3 hours`, `in 2 days` (rounded, as Anki's summary does)."""
    seconds = (when - now).total_seconds()
    if seconds < 60:
        return "now"
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            count = round(seconds / size)
            return f"in {count} {unit}" + ("" if count == 1 else "s")
    return "now"
