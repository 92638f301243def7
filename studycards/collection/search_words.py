"""Reading a search as Anki's search words (see search.py for what each word means): terms,
`or`, parentheses and `-`, into a Query; SearchError says what cannot be read and why."""

from __future__ import annotations

import re
from dataclasses import dataclass

from studycards.errors import StudycardsError
from studycards.model import State

STATES = {state.label: int(state) for state in State}
_IS = (*STATES, "due", "suspended", "buried", "marked", "leech")
_KINDS = ("tag", "deck", "is", "flag", "id", "rated", "prop")
_RATED = re.compile(r"([1-9]\d{0,3})(?::([1-4]))?")
PROP = re.compile(r"(ivl|due|reps|lapses|s|d)(<=|>=|!=|=|<|>)(-?\d+(?:\.\d+)?)")


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
    if kind == "prop" and not PROP.fullmatch(value):
        raise SearchError(
            f"prop:{value} is not a search; write prop: then ivl, due, reps, lapses, s or d, "
            "a comparison (< <= = != >= >) and a number, as in prop:ivl>=10"
        )
    return Term(kind, value, negated)


_EXAMPLE = {
    "tag": "geo", "deck": "Lang", "id": "a1b2c3d4e5f60718-0", "rated": "7", "prop": "ivl>=10",
}  # fmt: skip
