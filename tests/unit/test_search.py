"""`cards --search` takes Anki's search words: several at once, `-` to exclude, tags, decks,
states, flags, marks and ids; a search it cannot read is refused with a reason."""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.collection.search import SearchError, Today, matches, parse
from studycards.collection.search_words import Group, Term
from studycards.model import ImportBatch, Note, Rating, card_id_for
from studycards.study.session import Session
from tests.builders import basic, batch, cloze
from tests.cli.clirun import Studycards
from tests.unit.collection_helpers import open_collection

PARIS = dataclasses.replace(
    basic("Geo::Europe", "Capital of France?", "Paris"), tags=("geo::europe",)
)
ROME = dataclasses.replace(basic("Geo::Europe", "Capital of Italy?", "Rome"), tags=("geo",))
LIMA = dataclasses.replace(basic("Geo::Americas", "Capital of Peru?", "Lima"), tags=("travel",))
RATIO = cloze("My Deck", "The kill ratio was {{c1::100:1}} in the Gulf War")
NOW = datetime(2026, 3, 4, 12, 0, tzinfo=timezone.utc)
REPO = Path(__file__).resolve().parents[2]


def first_card(note: Note) -> str:
    return card_id_for(note.note_id, 0)


@pytest.fixture
def col(tmp_path: Path, clock: FrozenClock) -> Iterator[Collection]:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(by_deck())
        yield col


def by_deck() -> ImportBatch:
    imported = batch(
        "notes.md",
        ("Geo::Europe", [PARIS, ROME]),
        ("Geo::Americas", [LIMA]),
        ("My Deck", [RATIO]),
    )
    return dataclasses.replace(
        imported, flags={first_card(ROME): 3}, marked=frozenset({LIMA.note_id})
    )


def fronts(col: Collection, search: str) -> list[str]:
    return sorted(row.card.front for row in col.card_rows(search=search))


def test_words_must_all_match_and_a_minus_excludes(col: Collection) -> None:
    assert fronts(col, "capital") == ["Capital of France?", "Capital of Italy?", "Capital of Peru?"]
    assert fronts(col, "capital -paris") == ["Capital of Italy?", "Capital of Peru?"]
    assert fronts(col, '"of peru"') == ["Capital of Peru?"]
    assert fronts(col, "of peru") == ["Capital of Peru?"]
    assert fronts(col, '"peru of"') == []


def test_tags_and_decks_match_what_is_below_them_and_wildcards(col: Collection) -> None:
    assert fronts(col, "tag:geo") == ["Capital of France?", "Capital of Italy?"]
    assert fronts(col, "tag:geo::europe") == ["Capital of France?"]
    assert fronts(col, "tag:tra*") == ["Capital of Peru?"]
    assert fronts(col, "tag:eu") == []
    assert fronts(col, "deck:geo") == fronts(col, "deck:Geo::*") == fronts(col, "capital")
    assert fronts(col, "deck:geo::americas") == ["Capital of Peru?"]
    assert (
        fronts(col, 'deck:"my deck"')
        == fronts(col, '"deck:My Deck"')
        == ["The kill ratio was […] in the Gulf War"]
    )


def test_flags_marks_states_and_ids(col: Collection) -> None:
    assert fronts(col, "flag:3") == ["Capital of Italy?"]
    assert len(fronts(col, "flag:0")) == 3
    assert fronts(col, "is:marked") == ["Capital of Peru?"]
    assert fronts(col, "-is:marked tag:geo") == ["Capital of France?", "Capital of Italy?"]
    session = Session(col)
    assert session.current is not None
    answered = session.current.card.front
    session.reveal()
    session.answer(session.previews()[2].rating)  # Good: into learning
    assert fronts(col, "is:learning") == [answered]
    assert answered not in fronts(col, "is:new")
    assert fronts(col, f"id:{first_card(LIMA)}") == fronts(col, f"id:{LIMA.note_id}")
    # A figure like `100:1` is text (found in the answer), not a search keyword.
    assert fronts(col, "100:1") == fronts(col, "gulf") == ["The kill ratio was […] in the Gulf War"]


def test_is_due_is_what_todays_study_would_show(col: Collection, clock: FrozenClock) -> None:
    assert fronts(col, "is:due") == []  # new cards are not due, as in Anki
    session = Session(col)
    assert session.current is not None
    again = session.current.card.front
    session.reveal()
    session.answer(Rating.AGAIN)  # a learning card due in a minute
    assert session.current is not None
    easy = session.current.card.front
    session.reveal()
    session.answer(Rating.EASY)  # a review card due in days
    assert again in fronts(col, "is:due")  # learning due within the 20-minute learn-ahead
    assert easy not in fronts(col, "is:due")
    clock.advance(timedelta(days=30))
    assert {again, easy} <= set(fronts(col, "is:due"))
    assert easy not in fronts(col, "is:due -is:review")


def test_or_binds_looser_than_side_by_side_and_parentheses_group(col: Collection) -> None:
    france, italy, peru = "Capital of France?", "Capital of Italy?", "Capital of Peru?"
    assert fronts(col, "paris or lima") == [france, peru]
    assert fronts(col, "tag:geo rome or lima") == [italy, peru]  # (geo and rome) or lima
    assert fronts(col, "tag:geo (rome or lima)") == [italy]
    assert fronts(col, "capital -(paris or rome)") == [peru]
    assert fronts(col, "paris OR rome AND capital") == [france, italy]


def test_rated_and_prop_search_answers_and_card_properties(
    col: Collection, clock: FrozenClock
) -> None:
    def study(rating: Rating) -> str:
        session = Session(col)
        assert session.current is not None
        front = session.current.card.front
        session.reveal()
        session.answer(rating)
        return front

    yesterday_easy = study(Rating.EASY)  # a review card: several days' interval
    clock.advance(timedelta(days=1))
    today_again = study(Rating.AGAIN)
    assert fronts(col, "rated:1") == [today_again]
    assert fronts(col, "rated:2") == sorted([yesterday_easy, today_again])
    assert fronts(col, "rated:2:4") == [yesterday_easy]
    assert fronts(col, "rated:2:1") == [today_again]
    assert fronts(col, "prop:reps=1") == sorted([yesterday_easy, today_again])
    row = next(r for r in col.card_rows() if r.card.front == yesterday_easy)
    assert row.due is not None and row.last_review is not None and row.stability is not None
    interval = round((row.due - row.last_review).total_seconds() / 86400)
    assert fronts(col, f"prop:ivl={interval}") == [yesterday_easy]
    assert fronts(col, f"prop:due={interval - 1}") == [yesterday_easy]  # a day has passed
    assert fronts(col, f"prop:s>{row.stability - 0.01} prop:s<{row.stability + 0.01}") == [
        yesterday_easy
    ]
    assert today_again not in fronts(col, "prop:ivl>=0")  # a learning card: no review interval
    assert fronts(col, "prop:lapses>0") == []


@pytest.mark.parametrize(
    ("search", "reason"),
    [
        ("paris or", "`or` with nothing after it"),
        ("rated:0", "rated:DAYS"),
        ("rated:3:5", "rated:DAYS"),
        ("prop:ivl", "a comparison"),
        ("prop:color=red", "a comparison"),
        ("(" * 5000 + "a" + ")" * 5000, "more than 100 parentheses"),
        ("(paris", "never closes"),
        ("paris)", "never opened"),
        ("is:due-soon", "is:due-soon is not a search"),
        ("flag:9", "flags are 1 to 7"),
        ('capital "of', "quote that is never closed"),
        ("tag:", "tag: needs a value"),
    ],
)
def test_a_search_that_cannot_be_read_says_why(search: str, reason: str) -> None:
    with pytest.raises(SearchError, match=reason):
        parse(search)


def test_the_command_line_reports_a_bad_search_in_one_line(tmp_path: Path) -> None:
    sc = Studycards(tmp_path / "collection.db")
    sc("import", str(REPO / "decks"))
    result = sc.process("cards", "--search", "flag:red")
    assert result.code != 0
    assert result.err.strip().startswith("studycards: error: flag:red is not a flag")
    assert "Traceback" not in result.err


WORDS = [
    "capital", "-capital", "tag:geo", "-tag:geo", "deck:geo::europe", "deck:g*", "deck:none",
    "-deck:geo", "flag:3", "-flag:3",
    "flag:0", "prop:reps>=1", "prop:ivl>=1", "-prop:d<5", "is:marked", "-is:marked", "is:new", "-is:new", "is:suspended", "is:due", "-is:due", "peru",
    f"id:{first_card(PARIS)}", f"-id:{LIMA.note_id}", '"of italy"', "gulf", "ratio",
]  # fmt: skip
# Any query built from the words with `or`, parentheses, `-(…)` and side-by-side `and`.
terms = st.recursive(
    st.sampled_from(WORDS),
    lambda inner: st.one_of(
        st.tuples(inner, inner).map(" ".join),
        st.tuples(inner, inner).map(lambda pair: f"{pair[0]} or {pair[1]}"),
        inner.map(lambda query: f"({query})"),
        inner.map(lambda query: f"-({query})"),
    ),
    max_leaves=5,
)


@given(search=terms)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_narrowing_in_sql_never_drops_a_card_the_words_match(search: str) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        with Collection.open(folder / "c.db", FrozenClock(NOW), fuzz=False) as col:
            col.import_batch(by_deck())
            every = list(col.card_rows())
            today = Today(
                NOW + timedelta(hours=16),
                NOW + timedelta(minutes=20),
                col.study_day.number,
                col.study_day.number(NOW),
                lambda days, rating: {first_card(ROME)} if rating in (None, 3) else set(),
            )
            expected = [row.card.card_id for row in every if matches(row, parse(search), today)]
            assert [row.card.card_id for row in col.card_rows(search=search)] == expected
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# Pieces of searches, right and wrong: quotes and parentheses that may not pair up, escapes,
# keywords with and without values.
PIECES = ["a", "b", " ", "-", '"', "(", ")", "\\", ":", "*", "or", "and", "tag:", "deck:",
          "is:", "is:new", "flag:", "flag:9", "id:", "OR"]  # fmt: skip


@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
@settings(max_examples=300, deadline=None)
def test_any_typed_search_is_a_query_or_a_reason(search: str) -> None:
    try:
        query = parse(search)
    except SearchError as error:
        assert str(error)  # one sentence the user can act on
    else:
        # Nothing typed is lost: `b` is no keyword or operator, so every one typed is in a
        # word the query looks for.
        assert "".join(_values(query)).count("b") == search.count("b")


def _values(part: Term | Group) -> Iterator[str]:
    if isinstance(part, Term):
        yield part.value
    else:
        for inner in part.parts:
            yield from _values(inner)


# Searches built as trees of words, written out the way a user types them, must read back as
# the same tree: every word, `-`, `or` and parenthesis counts.
_WORDS = st.sampled_from(["alpha", "beta", "über", "x1", "100:1", "two words", 'a "quote"', "(x)"])
_KEYWORDS = st.sampled_from(
    [("tag", "geo"), ("tag", "geo::*"), ("deck", "my deck"), ("is", "new"), ("flag", "3")]
)
_TERMS = st.builds(
    Term,
    st.just("text"),
    _WORDS,
    st.booleans(),
) | st.builds(lambda kv, negated: Term(kv[0], kv[1], negated), _KEYWORDS, st.booleans())


def _all_of(children: st.SearchStrategy[Term | Group]) -> st.SearchStrategy[Group]:
    return st.lists(children, min_size=1, max_size=3).map(lambda parts: Group(tuple(parts)))


def _nested(inner: st.SearchStrategy[Group]) -> st.SearchStrategy[Group]:
    return st.builds(lambda g, negated: Group(g.parts, g.any_of, negated), inner, st.booleans())


def _queries(children: st.SearchStrategy[Term | Group]) -> st.SearchStrategy[Group]:
    all_of = _all_of(children)
    either = st.lists(all_of, min_size=2, max_size=3).map(lambda g: Group(tuple(g), any_of=True))
    return all_of | either


_TREES = _queries(st.recursive(_TERMS, lambda inner: _nested(_queries(inner)), max_leaves=8))


def _written(part: Term | Group, *, paren: bool = False) -> str:
    """`part` as typed: a group inside words side by side goes in parentheses."""
    if isinstance(part, Term):
        value = part.value
        if any(c in value for c in ' "()'):
            value = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        word = value if part.kind == "text" else f"{part.kind}:{value}"
        return ("-" if part.negated else "") + word
    if part.any_of:
        body = " or ".join(_written(group) for group in part.parts)
    else:
        body = " ".join(_written(inner, paren=True) for inner in part.parts)
    return f"{'-' if part.negated else ''}({body})" if paren else body


@given(_TREES)
@settings(max_examples=300, deadline=None)
def test_a_search_reads_back_as_the_words_it_was_written_from(query: Group) -> None:
    assert parse(_written(query)) == query
