"""What the shell and the app both draw: colours, words, time and size formats, charts and
line breaks, written once.

Pure: no Rich, Textual or click. A piece of drawing is a list of runs, `(text, style)` pairs
whose style is a Rich style string ("bold #6c9cff"); the shell and the app each turn runs into
their own text objects, so neither holds a colour, a format or a picture of its own.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, TypeAlias

from studycards.model import Rating, State
from studycards.scheduling.anki_rules import LEARN_AHEAD_MS
from studycards.text import strip_terminal_controls

if TYPE_CHECKING:
    from studycards.notes.cards import Segment
    from studycards.rows import CardRow
    from studycards.study.stats import Stats

Run: TypeAlias = tuple[str, str]
"""A piece of text and its style."""

# Colours ----------------------------------------------------------------------------------

# Anki's deck-list colours for the three queues: new blue, learning red, due green.
NEW_COLOUR = "#6c9cff"
LEARN_COLOUR = "#ff6b6b"
DUE_COLOUR = "#5fd75f"
NEW_STYLE = f"bold {NEW_COLOUR}"
LEARN_STYLE = f"bold {LEARN_COLOUR}"
DUE_STYLE = f"bold {DUE_COLOUR}"
SUSPENDED_COLOUR = "#d7d75f"
STREAK_STYLE = "bold #ffd75f"

# A card's state in tables and charts: its queue's colour; suspended yellow, buried dim.
STATE_COLOURS = {
    "new": NEW_COLOUR,
    "learning": LEARN_COLOUR,
    "relearning": "#ffaf5f",
    "review": DUE_COLOUR,
    "suspended": SUSPENDED_COLOUR,
}
_STATE_STYLES = {
    State.NEW: NEW_STYLE,
    State.LEARNING: LEARN_STYLE,
    State.RELEARNING: LEARN_STYLE,
    State.REVIEW: DUE_STYLE,
}
RATING_NAMES = {
    Rating.AGAIN: "Again",
    Rating.HARD: "Hard",
    Rating.GOOD: "Good",
    Rating.EASY: "Easy",
}
RATING_STYLES = {
    Rating.AGAIN: "bold red",
    Rating.HARD: "bold yellow",
    Rating.GOOD: "bold green",
    Rating.EASY: "bold blue",
}
# Anki's flags, by number: the name and a terminal colour close to Anki's.
FLAG_NAMES = {1: "red", 2: "orange", 3: "green", 4: "blue", 5: "pink", 6: "turquoise", 7: "purple"}
FLAG_COLOURS = {
    1: "#ff5f5f",
    2: "#ffaf5f",
    3: "#5fd75f",
    4: "#5f87ff",
    5: "#ff87d7",
    6: "#5fd7d7",
    7: "#af87ff",
}
_ROLE_STYLES = {
    "text": "",
    "blank": "bold reverse #ffd75f",
    "answer": "bold underline #5fd75f",
    "term": "bold #ffd75f",
}

# Card text and counts ---------------------------------------------------------------------


def literal(text: str, style: str = "") -> Run:
    """Card or deck text as a run: terminal controls stripped, never read as markup."""
    return strip_terminal_controls(text), style


def segments(parts: Iterable[Segment]) -> list[Run]:
    """One side of a card, with the blank and the revealed answer highlighted."""
    return [literal(part.text, _ROLE_STYLES[part.role.value]) for part in parts]


def count(value: int, style: str) -> Run:
    """A count in its colour, or a dim 0, as Anki greys out empty counts."""
    return str(value), style if value else "dim"


def counts(
    new: int, learning: int, due: int, *, current: int | None = None, sep: str = " + "
) -> list[Run]:
    """`new + learn + due`, each in its queue's colour; the queue of the card on screen
    (`current`: 0 new, 1 learn, 2 due) underlined, as in Anki's reviewer."""
    runs: list[Run] = []
    for index, (value, style) in enumerate(
        ((new, NEW_STYLE), (learning, LEARN_STYLE), (due, DUE_STYLE))
    ):
        if index:
            runs.append((sep, ""))
        runs.append((str(value), f"{style} underline" if index == current else style))
    return runs


def card_state(row: CardRow) -> Run:
    """What a card is now, in the browser and in `studycards cards` alike: suspended and
    buried (Anki's queues) before the scheduling state."""
    if row.suspended:
        return "suspended", SUSPENDED_COLOUR
    if row.buried:
        return "buried", "dim"
    return row.state.label, _STATE_STYLES[row.state]


def marks(marked: bool, flag: int) -> list[Run]:
    """`★ marked ⚑ red` for the review header; nothing when neither."""
    runs: list[Run] = []
    if marked:
        runs.append(("★ marked ", STREAK_STYLE))
    if flag:
        runs.append((f"⚑ {FLAG_NAMES.get(flag, str(flag))} ", FLAG_COLOURS.get(flag, "")))
    return runs


# Words ------------------------------------------------------------------------------------


def plural(number: int, word: str) -> str:
    """`1 card`, `2 cards`, `1,200 cards`."""
    return f"{number:,} {word}" if number == 1 else f"{number:,} {word}s"


def streak(days: int) -> Run:
    """`3-day streak`, or a dim `no streak yet`."""
    return (f"{days}-day streak", STREAK_STYLE) if days else ("no streak yet", "dim")


def answers_today(number: int) -> str:
    """What `reviewed_today` counts: answers given, so a card answered twice counts twice."""
    return f"{plural(number, 'answer')} today"


EMPTY_COLLECTION = "Your collection is empty."
BUNDLED_HINT = "studycards import --bundled"
OWN_NOTES_HINT = "studycards import PATH"


def empty_collection_hint() -> str:
    """How to start, on an empty collection: the same words in the shell and the app."""
    return (
        f"{EMPTY_COLLECTION} Start with the bundled deck: {BUNDLED_HINT}\n"
        f"or your own notes: {OWN_NOTES_HINT}"
    )


# Tables -----------------------------------------------------------------------------------


def fit(text: str, width: int, *, cells: Callable[[str], int]) -> str:
    """`text` whole if it fits in `width` terminal cells, else cut to fit with `…` at the end."""
    if cells(text) <= width:
        return text
    kept: list[str] = []
    used = 0
    for char in text:
        used += cells(char)
        if used > width - 1:
            break
        kept.append(char)
    return "".join(kept) + "…"


def columns(
    header: Sequence[str],
    rows: Sequence[Sequence[Run]],
    *,
    width: int,
    cells: Callable[[str], int],
    gap: int = 4,
    shortest: int = 8,
) -> list[Run]:
    """Rows of cells, one run each, as aligned lines in the style of the shell's plain tables:
    a bold header, the first column (names) left-aligned, the others (counts) right-aligned,
    `gap` cells apart. Lines wider than `width` cut the names with `…`, down to `shortest`
    cells, so the counts stay whole; lines still too wide are left to the terminal to wrap.

    `status` lists a vault imported as a deck tree, thousands of decks, and rich's Table
    measures and lays out every cell at about 1.5 ms a row: seconds before the prompt is back.
    These lines cost microseconds a row. `cells` measures terminal cells (CJK takes two).
    """
    sizes = [[cells(text) for text, _ in row] for row in rows]
    widths = [
        max([cells(title), *(row[index] for row in sizes)]) for index, title in enumerate(header)
    ]
    excess = sum(widths) + gap * (len(widths) - 1) - width
    if excess > 0:
        widths[0] = max(widths[0] - excess, min(widths[0], shortest))
    runs: list[Run] = []
    for index, line in enumerate([[(title, "bold") for title in header], *rows]):
        if index:
            runs.append(("\n", ""))
        name, style = line[0]
        name = fit(name, widths[0], cells=cells)
        runs.append((name, style))
        pad = widths[0] - cells(name)
        for (text, style), column_width in zip(line[1:], widths[1:], strict=True):
            runs.append((" " * (pad + gap + column_width - cells(text)), ""))
            runs.append((text, style))
            pad = 0
    return runs


# Times and sizes --------------------------------------------------------------------------


def interval_label(seconds: float) -> str:
    """Anki's button label: `<1m`, `<10m` (under the learn-ahead), `1h`, `2d`, `3.2mo`, `1.5y`."""
    seconds = max(0.0, seconds)
    prefix = "<" if seconds < LEARN_AHEAD_MS / 1000 else ""
    days = seconds / 86400
    if seconds < 60:
        return "<1m"
    if seconds < 3600:
        unit, amount = "m", seconds / 60
    elif seconds < 86400:
        unit, amount = "h", seconds / 3600
    elif days < 30:
        unit, amount = "d", days
    elif days < 365:
        unit, amount = "mo", days / 30
    else:
        unit, amount = "y", days / 365
    # Minutes and days as whole numbers, longer units to one decimal, as Anki shows them.
    text = f"{round(amount + 1e-9)}" if unit in ("m", "d") else f"{round(amount, 1):g}"
    return f"{prefix}{text}{unit}"


def span(when: datetime, after: datetime) -> str:
    """The interval from `when` to `after` as Anki's card info lists it (`10m`, `3d`)."""
    return interval_label((after - when).total_seconds()).removeprefix("<")


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


def stopwatch(seconds: float) -> str:
    """`0:07`, `12:30`: how long the card on screen has been up."""
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def answer_time(milliseconds: int) -> str:
    """`4.2s`: how long an answer took."""
    return f"{milliseconds / 1000:.1f}s"


def relative(when: datetime, now: datetime) -> str:
    """`now`, `in 10 minutes`, `in 3 hours`, `in 2 days` (rounded, as Anki's summary does)."""
    seconds = (when - now).total_seconds()
    if seconds < 60:
        return "now"
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            return f"in {plural(round(seconds / size), unit)}"
    return "now"


def local_minute(when: datetime | None) -> str:
    """A UTC time as the local wall-clock minute, for people; JSON keeps ISO 8601 UTC."""
    return when.astimezone().strftime("%Y-%m-%d %H:%M") if when is not None else ""


def local_day(when: datetime | None) -> str:
    return when.astimezone().strftime("%Y-%m-%d") if when is not None else ""


def short_time(when: datetime | None, now: datetime) -> str:
    """The local time if `when` falls on today's local date, else the local date."""
    if when is None:
        return ""
    local = when.astimezone()
    if local.date() == now.astimezone().date():
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d")


def file_size(size: float) -> str:
    """`512 B`, `80.0 KiB`, `1.2 GiB`."""
    for unit in ("B", "KiB", "MiB"):
        if size < 1024:
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GiB"


def number(value: float | None, digits: int, *, empty: str = "") -> str:
    return empty if value is None else f"{value:.{digits}f}"


# Line breaks ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=512)
def _break_units(paragraph: str) -> tuple[str, ...]:
    # uniseg implements Unicode's line breaking rules (UAX #14): no break inside a number
    # (`20-30`, `50%`), an ASCII word or before closing punctuation, and a break allowed
    # between two CJK characters. It is slow per call, and card text is drawn again on every
    # resize and refresh, hence the cache.
    from uniseg.linebreak import line_break_units

    return tuple(line_break_units(paragraph))


def line_starts(text: str, width: int, *, cells: Callable[[str], int]) -> list[int]:
    """Where each line of `text` starts (offsets after the first) when wrapped to `width`
    cells, breaking only where Unicode's line breaking rules allow; a piece wider than a whole
    line is cut by characters. `cells` measures terminal cells (CJK characters take two)."""
    starts: list[int] = []
    offset = 0
    for index, paragraph in enumerate(text.split("\n")):
        if index:
            starts.append(offset)
        used = 0
        for unit in _break_units(paragraph):
            size = cells(unit.rstrip())
            if used and used + size > width:
                starts.append(offset)
                used = 0
            if size > width:
                # A word longer than a line: fold it where the line is full.
                for char in unit:
                    char_size = cells(char)
                    if used and used + char_size > width:
                        starts.append(offset)
                        used = 0
                    used += char_size
                    offset += 1
                continue
            used += cells(unit)
            offset += len(unit)
        offset += 1  # the newline
    return starts


# Charts -----------------------------------------------------------------------------------

# Empty, then four greens of rising intensity (GitHub's calendar, Anki's heatmap add-on).
HEAT = ("#2a2f35", "#0e4429", "#006d32", "#26a641", "#39d353")
_BLOCKS = " ▁▂▃▄▅▆▇█"
_WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "")
_BAR_COLOUR = "#5f87ff"
_HISTOGRAM_COLOUR = "#af87ff"


def _level(value: int, top: int) -> int:
    if value <= 0 or top <= 0:
        return 0
    return min(4, 1 + (value * 4 - 1) // top)


def month_labels(start: date, weeks: int) -> str:
    """The month names over a calendar of `weeks` week columns from Monday `start`: each over
    the week holding its first day. The last may run past the grid rather than be dropped."""
    months = [" "] * (weeks + 2)
    for week in range(weeks):
        sunday = start + timedelta(weeks=week, days=6)
        if sunday.day <= 7:
            label = sunday.strftime("%b")
            if all(c == " " for c in months[week : week + len(label)]):
                months[week : week + len(label)] = list(label)
    return "".join(months).rstrip()


def heatmap(counts: Mapping[date, int], today: date, *, weeks: int = 53) -> list[Run]:
    """A calendar of the past `weeks` weeks, one column per week (Monday on top)."""
    start = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    top = max(counts.values(), default=0)
    runs: list[Run] = [("    " + month_labels(start, weeks) + "\n", "dim")]
    for weekday in range(7):
        runs.append((f"{_WEEKDAYS[weekday]:<4}", "dim"))
        for week in range(weeks):
            day = start + timedelta(weeks=week, days=weekday)
            if day > today:
                runs.append((" ", ""))
            else:
                runs.append(("■", HEAT[_level(counts.get(day, 0), top)]))
        runs.append(("\n", ""))
    runs.append(("    less ", "dim"))
    runs.extend(("■", colour) for colour in HEAT)
    runs.append((" more", "dim"))
    total = sum(counts.values())
    active = sum(1 for value in counts.values() if value)
    runs.append((f"    {total} reviews on {plural(active, 'day')}", "dim"))
    return runs


def bars(values: Sequence[int], *, height: int = 6) -> list[Run]:
    """Vertical bars, one cell wide with a gap, scaled to the largest; eighth blocks for the
    fractions, so 30 days fit in 80 columns."""
    top = max(values, default=0)
    runs: list[Run] = []
    for row in range(height, 0, -1):
        label = str(top) if row == height and top else "0" if row == 1 else ""
        runs.append((f"{label:>5} ", "dim"))
        for value in values:
            eighths = round(value / top * height * 8) if top else 0
            filled = eighths - (row - 1) * 8
            # A non-zero day shows at least a sliver, so "a few" never looks like "none".
            if row == 1 and value and filled < 1:
                filled = 1
            runs.append((_BLOCKS[max(0, min(8, filled))] + " ", _BAR_COLOUR))
        runs.append(("\n", ""))
    return runs


def forecast(due: Sequence[int], *, height: int = 6) -> list[Run]:
    """Due cards per day from today; day 0 includes overdue cards."""
    runs = bars(due, height=height)
    axis = [" "] * (len(due) * 2)
    for day in range(0, len(due), 7):
        label = "today" if day == 0 else f"+{day}d"
        axis[day * 2 : day * 2 + len(label)] = list(label)
    runs.append(("      " + "".join(axis).rstrip() + "\n", "dim"))
    runs.append((f"      {sum(due)} due in the next {len(due)} days", "dim"))
    return runs


_PERIOD_TITLES = {
    "yesterday": "Yest.",
    "last week": "Week",
    "last month": "Month",
    "last year": "Year",
    "all time": "All",
}


def percent(passed: int, total: int) -> list[Run]:
    """`92% /25`: the pass rate, coloured by how it compares with the usual 90% target."""
    if not total:
        return [("—", "dim")]
    rate = passed / total
    style = "#5fd75f" if rate >= 0.85 else "#ffd75f" if rate >= 0.7 else "#ff6b6b"
    return [(f"{rate:.0%}", style), (f" /{total}", "dim")]


def retention_table(rows: Mapping[str, Mapping[str, tuple[int, int]]]) -> list[Run]:
    """True retention like Anki's table: `rows[kind][period] = (passed, total)`; columns
    right-aligned, two cells apart."""
    periods = list(next(iter(rows.values()), {}).keys())
    cells = {kind: [percent(*values[p]) for p in periods] for kind, values in rows.items()}
    titles = [_PERIOD_TITLES.get(period, period.title()) for period in periods]
    first = max((len(kind) for kind in rows), default=0)
    widths = [
        max(len(title), *(sum(len(text) for text, _ in cells[kind][i]) for kind in rows))
        for i, title in enumerate(titles)
    ]
    runs: list[Run] = [(" " * first, "")]
    for title, width in zip(titles, widths, strict=True):
        runs.append((f"  {title:>{width}}", "bold"))
    for kind, row in cells.items():
        runs.append(("\n" + kind.title().ljust(first), "bold"))
        for cell, width in zip(row, widths, strict=True):
            runs.append((" " * (2 + width - sum(len(text) for text, _ in cell)), ""))
            runs.extend(cell)
    return runs


def stacked_bar(parts: Sequence[tuple[str, int, str]], *, width: int = 60) -> list[Run]:
    """One bar split by share, then a legend: `parts` = (name, count, colour)."""
    total = sum(value for _, value, _ in parts)
    runs: list[Run] = []
    used = 0
    for index, (_, value, colour) in enumerate(parts):
        if not total:
            cells = 0
        elif index == len(parts) - 1:
            cells = width - used
        else:
            cells = round(value / total * width)
        runs.append(("█" * cells, colour))
        used += cells
    if not total:
        runs.append(("░" * width, "dim"))
    runs.append(("\n", ""))
    for name, value, colour in parts:
        runs.append(("■ ", colour))
        runs.append((f"{name} {value}   ", ""))
    return runs


def histogram(buckets: Sequence[tuple[str, int]], *, width: int = 40) -> list[Run]:
    """Horizontal bars, one per labelled bucket."""
    top = max((value for _, value in buckets), default=0)
    label_width = max((len(label) for label, _ in buckets), default=0)
    runs: list[Run] = []
    for index, (label, value) in enumerate(buckets):
        cells = round(value / top * width) if top else 0
        runs.append((("\n" if index else "") + f"{label:>{label_width}} ", "dim"))
        runs.append(("█" * cells, _HISTOGRAM_COLOUR))
        runs.append((f" {value}", "dim"))
    return runs


def stats_page(stats: Stats) -> list[Run]:
    """Calendar, forecast, retention table, counts and memory histograms, top to bottom, each
    under its title: `studycards stats` and the app's statistics screen draw this."""
    today, days = streak(stats.streak)[0], stats.reviewed_today
    sections = [
        (
            f"Reviews in the past year · {days} today · {today}",
            heatmap(stats.heatmap, stats.today),
        ),
        ("Due in the next 30 days", forecast(stats.forecast)),
        (
            "True retention (passed / reviewed; mature = interval of 21 days or more)",
            retention_table(stats.retention_rows()),
        ),
        (
            "Cards by state",
            stacked_bar(
                [(name, n, STATE_COLOURS.get(name, "white")) for name, n in stats.counts.items()]
            ),
        ),
        ("Stability (days until recall falls to 90%)", histogram(stats.stability_histogram)),
        (
            f"Retrievability now · {stats.today.isoformat()}",
            histogram(stats.retrievability_histogram),
        ),
    ]
    runs: list[Run] = []
    for index, (title, body) in enumerate(sections):
        runs.append(("\n\n" if index else "", ""))
        runs.append((title, "bold underline"))
        runs.append(("\n", ""))
        runs.extend(body)
    return runs
