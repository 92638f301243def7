"""`cards --search` and the browser: Anki's search words. Words side by side must all match;
`or` between them is either (it binds looser than the side-by-side `and`, as in Anki);
parentheses group, and `-` in front of a word or a group excludes.

    capital                 text in the question, answer or tags, in any case
    "capital of"            a phrase (`\"` for a quote inside it)
    tag:geo  tag:geo*       a tag (or one below it, `geo::europe`); `*` matches anything
    deck:Lang               a deck and its subdecks; `*` matches anything
    is:new  is:learning  is:review  is:relearning  is:suspended  is:buried  is:marked  is:leech
    is:due                  what today's study would show: reviews due today, learning due now
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

from studycards.errors import StudycardsError
from studycards.model import CardKind, State
from studycards.rows import CardRow

_STATES = {state.label: int(state) for state in State}
_IS = (*_STATES, "due", "suspended", "buried", "marked", "leech")
_KINDS = ("tag", "deck", "is", "flag", "id", "rated", "prop")
_RATED = re.compile(r"([1-9]\d{0,3})(?::([1-4]))?")
_PROP = re.compile(r"(ivl|due|reps|lapses|s|d)(<=|>=|!=|=|<|>)(-?\d+(?:\.\d+)?)")
_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt, "<=": operator.le, "=": operator.eq,
    "!=": operator.ne, ">=": operator.ge, ">": operator.gt,
}  # fmt: skip


# More parentheses than anyone types; it keeps the recursive reading far from Python's limit.
MAX_GROUPS = 100


class SearchError(StudycardsError):
    """A search the user typed cannot be read."""


@dataclass(frozen=True, slots=True)
class Term:
    kind: str  # "text" or one of _KINDS
    value: str  # case-folded, except an id
    negated: bool = False


@dataclass(frozen=True, slots=True)
class Group:
    """Terms and groups that must all match (`any_of`: of which one must), or not (`negated`)."""

    parts: tuple[Term | Group, ...]
    any_of: bool = False
    negated: bool = False


Query = Group

# One token: a parenthesis, or a word: `-` to exclude, then a quoted phrase,
# `kind:"quoted value"`, or anything up to a space, a quote or a parenthesis.
_TOKEN = re.compile(
    r'(-?)(?:(\()|"((?:[^"\\]|\\.)*)"|([a-z]+):"((?:[^"\\]|\\.)*)"|([^\s"()]+)|(\)))',
    re.I,
)
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def parse(search: str | None) -> Query:
    """`search` as a query; SearchError says what is wrong with it and why."""
    tokens = _tokens(search or "")
    if sum(token in ("(", "-(") for token in tokens) > MAX_GROUPS:
        raise SearchError(f"the search has more than {MAX_GROUPS} parentheses; simplify it")
    query, pos = _any_of(tokens, 0, search or "")
    if pos < len(tokens):
        raise SearchError(f"the search {search!r} closes a parenthesis it never opened")
    return query


def _tokens(search: str) -> list[Term | str]:
    """Terms, and `(`, `-(`, `)` and `or` as strings."""
    tokens: list[Term | str] = []
    pos = 0
    text = search.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise SearchError(f"the search {search!r} has a quote that is never closed")
        minus, opening, phrase, kind, quoted, word, closing = match.groups()
        if closing and minus:
            raise SearchError(f"the search {search!r} has a `-` before a closing parenthesis")
        if opening or closing:
            tokens.append(minus + (opening or closing))
        elif word is not None and word.casefold() in ("or", "and") and not minus:
            tokens.append(word.casefold())
        else:
            if phrase is not None:
                value = _unescape(phrase)
                # A quoted `deck:My deck` is a deck, as in Anki; other phrases are text.
                term = _term(value) if _has_kind(value) else Term("text", value.casefold())
            elif kind is not None:
                term = _term(kind + ":" + _unescape(quoted))
            else:
                term = _term(word)
            if minus:
                term = Term(term.kind, term.value, not term.negated)
            if term.value or term.kind != "text":
                tokens.append(term)
        pos = match.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return tokens


def _any_of(tokens: list[Term | str], pos: int, search: str) -> tuple[Group, int]:
    """`a b or c d`: (a and b) or (c and d), up to a `)` or the end."""
    alternatives: list[Group] = []
    while True:
        group, pos = _all_of(tokens, pos, search)
        if alternatives and not group.parts:
            raise SearchError(f"the search {search!r} has an `or` with nothing after it")
        alternatives.append(group)
        if pos < len(tokens) and tokens[pos] == "or":
            pos += 1
            continue
        break
    if len(alternatives) == 1:
        return alternatives[0], pos
    return Group(tuple(alternatives), any_of=True), pos


def _all_of(tokens: list[Term | str], pos: int, search: str) -> tuple[Group, int]:
    parts: list[Term | Group] = []
    while pos < len(tokens):
        token = tokens[pos]
        if token in (")", "or"):
            break
        pos += 1
        if token == "and":
            continue
        if isinstance(token, Term):
            parts.append(token)
            continue
        inner, pos = _any_of(tokens, pos, search)
        if pos >= len(tokens) or tokens[pos] != ")":
            raise SearchError(f"the search {search!r} opens a parenthesis it never closes")
        pos += 1
        parts.append(Group(inner.parts, inner.any_of, negated=token == "-("))
    if not parts and pos < len(tokens) and tokens[pos] == "or":
        raise SearchError(f"the search {search!r} has an `or` with nothing before it")
    return Group(tuple(parts)), pos


def _unescape(quoted: str) -> str:
    return _ESCAPE.sub(r"\1", quoted)


def _has_kind(value: str) -> bool:
    kind, colon, _ = value.partition(":")
    return bool(colon) and kind.casefold() in _KINDS


def _term(word: str) -> Term:
    negated = word.startswith("-")
    if negated:
        word = word[1:]
    kind, colon, value = word.partition(":")
    kind = kind.casefold()
    if not colon or kind not in _KINDS:
        return Term("text", word.casefold(), negated)  # `100:1` is text too
    if kind == "id":
        return Term(kind, value, negated)
    value = value.casefold()
    if kind == "is" and value not in _IS:
        raise SearchError(f"is:{value} is not a search; use one of is:{', is:'.join(_IS)}")
    if kind == "flag" and value not in tuple("01234567"):
        raise SearchError(f"flag:{value} is not a flag; flags are 1 to 7, and flag:0 for none")
    if not value:
        raise SearchError(f"{kind}: needs a value, as in {kind}:{_EXAMPLE[kind]}")
    if kind == "rated" and not _RATED.fullmatch(value):
        raise SearchError(f"rated:{value} is not a search; write rated:DAYS or rated:DAYS:1-4")
    if kind == "prop" and not _PROP.fullmatch(value):
        raise SearchError(
            f"prop:{value} is not a search; write prop: then ivl, due, reps, lapses, s or d, "
            "a comparison (< <= = != >= >) and a number, as in prop:ivl>=10"
        )
    return Term(kind, value, negated)


_EXAMPLE = {
    "tag": "geo", "deck": "Lang", "id": "a1b2c3d4e5f60718-0", "rated": "7", "prop": "ivl>=10",
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
    if value in _STATES:
        return row.state.label == value
    if value == "due":
        return _due(row, today)
    if value == "leech":
        return "leech" in (tag.casefold() for tag in row.card.tags)
    return bool({"suspended": row.suspended, "buried": row.buried, "marked": row.marked}[value])


def _property(row: CardRow, value: str, today: Today) -> bool:
    match = _PROP.fullmatch(value)
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
        elif term.kind == "is" and term.value in _STATES:
            clauses.append("c.state = ?")
            params.append(_STATES[term.value])
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
