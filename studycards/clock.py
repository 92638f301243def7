"""Time: an injectable clock, and the study day that rolls over at a local hour.

Every stored time is UTC. Only "which study day is this" uses local time: Anki's day starts
at 4 am local by default, so a review at 1 am still counts for the evening before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo

Clock = Callable[[], datetime]

# Stored times are integer milliseconds since the epoch, UTC.
DAY_MS = 86_400_000
_HOUR_MS = 3_600_000
_MS = timedelta(milliseconds=1)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def system_clock() -> datetime:
    """Now, in UTC, with `timezone.utc` (py-fsrs rejects other UTC tzinfo objects)."""
    return datetime.now(timezone.utc)


def as_utc(when: datetime) -> datetime:
    """`when` converted to `timezone.utc`; naive datetimes are taken to be UTC already."""
    if when.tzinfo is None:
        return when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc)


def to_ms(when: datetime) -> int:
    """An instant as stored: integer milliseconds since the epoch."""
    return round(when.timestamp() * 1000)


def from_ms(ms: int) -> datetime:
    """A stored instant back as an aware UTC datetime."""
    return datetime.fromtimestamp(ms / 1000, timezone.utc)


class FrozenClock:
    """A clock for tests and simulations: it moves only when told to."""

    def __init__(self, now: datetime) -> None:
        self.now = as_utc(now)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta

    def set(self, when: datetime) -> None:
        self.now = as_utc(when)


@dataclass(frozen=True, slots=True)
class StudyDay:
    """The day boundary: study days start at `rollover_hour` o'clock in `tz`.

    `tz=None` means the system's local time zone, looked up per instant so DST is honoured.
    """

    rollover_hour: int = 4
    tz: tzinfo | None = None

    def _local(self, when: datetime) -> datetime:
        return as_utc(when).astimezone(self.tz) if self.tz else as_utc(when).astimezone()

    def day_of(self, when: datetime) -> date:
        """The study day an instant belongs to."""
        return (self._local(when) - timedelta(hours=self.rollover_hour)).date()

    def number(self, when: datetime) -> int:
        """The study day as an integer (proleptic ordinal), for day arithmetic and SQL."""
        return self.day_of(when).toordinal()

    def start(self, day: date) -> datetime:
        """The UTC instant study day `day` begins."""
        local = datetime(day.year, day.month, day.day, self.rollover_hour)
        aware = local.replace(tzinfo=self.tz) if self.tz else local.astimezone()
        return aware.astimezone(timezone.utc)

    def next_rollover(self, now: datetime) -> datetime:
        """The UTC instant the current study day ends."""
        return self.start(self.day_of(now) + timedelta(days=1))

    def bounds_ms(self, now: datetime) -> tuple[int, int]:
        """(start, end) of the study day `now` is in, in stored milliseconds."""
        day = self.day_of(now)
        return to_ms(self.start(day)), to_ms(self.start(day + timedelta(days=1)))

    def days_between(self, earlier: datetime, later: datetime) -> int:
        """Rollovers crossed between two instants (Anki's days_elapsed)."""
        return self.number(later) - self.number(earlier)


class DayNumbers:
    """StudyDay.number and StudyDay.start for integer milliseconds, for code that handles
    many stored times at once (a replayed history). The zone's offset is looked up once per
    UTC hour (an offset changes at most once within an hour, and such hours are done the
    slow way), so a long history costs a dictionary lookup per answer."""

    def __init__(self, study_day: StudyDay) -> None:
        self.study_day = study_day
        self._rollover = study_day.rollover_hour * _HOUR_MS
        self._offsets: dict[int, int | None] = {}

    def _offset(self, ms: int) -> int:
        offset = self.study_day._local(from_ms(ms)).utcoffset()
        assert offset is not None
        return offset // _MS

    def __call__(self, ms: int) -> int:
        hour = ms // _HOUR_MS
        if hour in self._offsets:
            offset = self._offsets[hour]
        else:
            first = self._offset(hour * _HOUR_MS)
            offset = first if first == self._offset(hour * _HOUR_MS + _HOUR_MS - 1) else None
            self._offsets[hour] = offset
        if offset is None:
            return self.study_day.number(from_ms(ms))
        return (ms + offset - self._rollover) // DAY_MS + _EPOCH_ORDINAL

    def start(self, number: int) -> int:
        """The instant study day `number` begins."""
        return to_ms(self.study_day.start(date.fromordinal(number)))
