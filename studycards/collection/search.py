"""`cards --search` and the browser: Anki's search words. Words side by side must all match;
`or` between them is either (it binds looser than the side-by-side `and`, as in Anki);
parentheses group, and `-` in front of a word or a group excludes.

    capital                 text in the question, answer or tags, in any case
    "capital of"            a phrase (`\"` for a quote inside it)
    tag:geo  tag:geo*       a tag (or one below it, `geo::europe`); `*` matches anything
    deck:Lang               a deck and its subdecks; `*` matches anything
    is:new  is:learning  is:review  is:relearning  is:suspended  is:buried  is:marked  is:leech
    is:due                  as Anki's: reviews due by the day's end and learning due now, before the daily limits
    flag:1 … flag:7, flag:0 a flag (flag:0: none)
    id:ID                   a card or a note by its id
    rated:7  rated:7:1      answered in the last 7 days (of them, with Again: 1 … Easy: 4)
    prop:ivl>=10            a property compared with a number: ivl (interval, days) and due
                            (days from today) of review cards, reps, lapses, s (stability,
                            days), d (difficulty, 1-10)
    -word  -(a or b)        cards the word (the group) does not match
    a or b   a (b or c)     either; both a and one of b, c

The words SQL can decide narrow the query; every word is checked card by card as well.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass
from datetime import datetime
from fnmatch import fnmatchcase
from typing import Any

from studycards.collection.search_words import (
    PROP,
    STATES,
    Group,
    Query,
    SearchError,
    Term,
    parse,
)
from studycards.model import CardKind, State
from studycards.rows import CardRow

__all__ = ["Query", "SearchError", "Today", "matches", "narrowing", "parse"]

_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt, "<=": operator.le, "=": operator.eq,
    "!=": operator.ne, ">=": operator.ge, ">": operator.gt,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Today:
    """What searches about time compare with: the end of the study day and the time up to
    which a learning card counts as due (now plus Anki's learn-ahead limit) for `is:due`;
    the study day of an instant and of today for `prop:due`; and, for `rated:`, the cards
    answered in the last N days (with one rating, if given)."""

    day_end: datetime
    learn_ahead: datetime
    day_of: Callable[[datetime], int]
    today: int
    rated: Callable[[int, int | None], Set[str]]


def matches(row: CardRow, query: Query, today: Today) -> bool:
    """Whether the card `row` satisfies the query."""
    return _holds(row, query, today)


def _holds(row: CardRow, part: Term | Group, today: Today) -> bool:
    if isinstance(part, Term):
        return _matches(row, part, today) != part.negated
    each = (_holds(row, inner, today) for inner in part.parts)
    found = any(each) if part.any_of else all(each)
    return found != part.negated


def _due(row: CardRow, today: Today) -> bool:
    if row.suspended or row.buried or row.due is None:
        return False
    if row.state is State.REVIEW:
        return row.due < today.day_end
    return row.state in (State.LEARNING, State.RELEARNING) and row.due <= today.learn_ahead


def _matches(row: CardRow, term: Term, today: Today) -> bool:
    value = term.value
    if term.kind == "text":
        card = row.card
        text = " ".join((card.front, card.back, card.answer, *card.tags))
        return value in text.casefold()
    if term.kind == "tag":
        return any(_names(tag.casefold(), value) for tag in row.card.tags)
    if term.kind == "deck":
        return _names(row.card.deck.casefold(), value)
    if term.kind == "flag":
        return row.flag == int(value)
    if term.kind == "id":
        return value in (row.card.card_id, row.card.note_id)
    if term.kind == "rated":
        days, _, rating = value.partition(":")
        return row.card.card_id in today.rated(int(days), int(rating) if rating else None)
    if term.kind == "prop":
        return _property(row, value, today)
    if value in STATES:
        return row.state.label == value
    if value == "due":
        return _due(row, today)
    if value == "leech":
        return "leech" in (tag.casefold() for tag in row.card.tags)
    return bool({"suspended": row.suspended, "buried": row.buried, "marked": row.marked}[value])


def _property(row: CardRow, value: str, today: Today) -> bool:
    match = PROP.fullmatch(value)
    assert match is not None  # checked when the term was read
    name, comparison, number = match.groups()
    found: float | None
    if name in ("reps", "lapses"):
        found = row.reps if name == "reps" else row.lapses
    elif name == "s":
        found = row.stability
    elif name == "d":
        found = row.difficulty
    elif row.due is None or row.state is not State.REVIEW:
        found = None  # interval and due day are a review card's, as in Anki
    elif name == "due":
        found = today.day_of(row.due) - today.today
    else:
        last = row.last_review
        found = None if last is None else round((row.due - last).total_seconds() / 86400)
    return found is not None and _COMPARE[comparison](found, float(number))


def _names(name: str, pattern: str) -> bool:
    """Anki's tag and deck match: the name or one below it (`::`), `*` for anything."""
    if "*" in pattern:
        return fnmatchcase(name, pattern) or fnmatchcase(name, pattern + "::*")
    return name == pattern or name.startswith(pattern + "::")


def narrowing(query: Query, decks: Mapping[int, str]) -> tuple[str, list[Any]]:
    """A WHERE clause (over cards `c` and notes `n`) keeping every card that may match: the
    positive terms SQL can decide, among those every card must match, narrow the query so
    a large collection is not read whole for them. `decks`: deck id -> name."""
    clauses: list[str] = []
    params: list[Any] = []
    # The terms directly in the top group must all match; a top `or` holds only groups.
    for term in query.parts:
        if not isinstance(term, Term) or term.negated:
            continue
        if term.kind == "id":
            clauses.append("(c.card_id = ? OR n.note_id = ?)")
            params += [term.value, term.value]
        elif term.kind == "flag":
            clauses.append("c.flag = ?")
            params.append(int(term.value))
        elif term.kind == "is" and term.value in STATES:
            clauses.append("c.state = ?")
            params.append(STATES[term.value])
        elif term.kind == "is" and term.value == "due":
            clauses.append("c.state != 0 AND c.suspended = 0")
        elif term.kind == "is" and term.value in ("suspended", "marked"):
            clauses.append("c.suspended = 1" if term.value == "suspended" else "n.marked = 1")
        elif term.kind == "deck":
            ids = [did for did, name in decks.items() if _names(name.casefold(), term.value)]
            clauses.append(f"c.deck_id IN ({','.join('?' * len(ids))})" if ids else "0")
            params += ids
        elif term.kind == "text":
            clause, extra = _text_prefilter(term.value)
            clauses.append(clause)
            params += extra
    return " AND ".join(clauses) or "1", params


def _text_prefilter(needle: str) -> tuple[str, list[Any]]:
    """A WHERE clause that drops only notes that cannot match the text search `needle`.

    A card's text is its note's field values and tags, joined with separators that are not
    letters or digits, plus its kind name; cloze markers are the one change made inside a
    word. So for a note whose stored fields are ASCII (lower() = casefold()) and hold no
    cloze marker, every ASCII word of the needle is a substring of its raw fields and tags.
    Other notes, and needles that are not ASCII or could match a kind name, are left to
    `matches` row by row.
    """
    words = re.findall(r"[a-z0-9]+", needle)
    if not needle.isascii() or not words:
        return "1", []
    if any(word in str(kind) for word in words for kind in CardKind):
        return "1", []
    raw = "lower(n.fields || ' ' || n.tags)"
    each = " AND ".join(f"instr({raw}, ?) > 0" for _ in words)
    unchecked = (
        "instr(n.fields, '{{') > 0 "
        "OR length(CAST(n.fields || n.tags AS BLOB)) != length(n.fields || n.tags)"
    )
    return f"({unchecked} OR ({each}))", list(words)
