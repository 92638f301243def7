"""Which figure candidates of a note become cards: the key ones, once each, as many as the
note or the build asks for."""

from __future__ import annotations

import pytest

from studycards.notes.extract.figurepick import (
    ALL_FIGURES,
    KEY_FIGURES,
    NO_FIGURES,
    Candidate,
    FigurePolicy,
    figure_policy,
    pick,
)
from studycards.notes.extract.figurescore import Verdict
from studycards.notes.extract.quantities import Kind


def candidate(
    line: int,
    text: str,
    score: float,
    *,
    kind: Kind = Kind.PERCENT,
    value: float | None = None,
    section: str = "",
    after: str = "",
    block: int | None = None,
    cjk: bool = True,
    hidden: bool = False,
) -> Candidate:
    reason = "" if score >= 0.5 else "a small count"
    return Candidate(
        line=line,
        text=text,
        kind=kind,
        value=value,
        section=section,
        after=after,
        verdict=Verdict(score, reason),
        block=line if block is None else block,
        cjk=cjk,
        hidden=hidden,
    )


def test_key_figures_are_kept_and_the_rest_say_why() -> None:
    candidates = [
        candidate(3, "40%", 0.7, value=40),
        candidate(5, "三个", 0.35, kind=Kind.COUNT, value=3),
        candidate(9, "1945", 0.0, kind=Kind.YEAR, value=1945),
    ]
    candidates[2] = candidates[2]._replace(verdict=Verdict(0.0, "a year, not a quantity"))
    result = pick(candidates)
    assert result.kept == [0]
    assert result.skipped == [(1, "a small count (score 0.35)"), (2, "a year, not a quantity")]


def test_a_figure_said_again_in_its_section_is_one_card() -> None:
    candidates = [
        candidate(3, "500亿美元", 0.7, kind=Kind.MONEY, section="成本"),
        candidate(8, "500亿美元", 0.7, kind=Kind.MONEY, section="成本"),
        candidate(20, "500亿美元", 0.7, kind=Kind.MONEY, section="融资"),
    ]
    result = pick(candidates)
    assert result.kept == [0, 2]
    assert result.skipped == [(1, "the same figure as line 3")]


def test_a_figure_said_again_with_the_same_words_after_it_is_one_card() -> None:
    candidates = [
        candidate(3, "1万颗", 0.6, kind=Kind.COUNT, section="轨道", after="卫星"),
        candidate(30, "1万颗", 0.6, kind=Kind.COUNT, section="成本", after="卫星"),
        candidate(40, "1万颗", 0.6, kind=Kind.COUNT, section="风险", after="碎片"),
    ]
    assert pick(candidates).kept == [0, 2]


def test_a_translation_beside_a_figure_gives_no_second_card() -> None:
    candidates = [
        candidate(10, "40%", 0.7, value=40, cjk=True),
        candidate(11, "40%", 0.7, value=40, cjk=False),
        candidate(20, "三个月", 0.6, kind=Kind.DURATION, value=3, cjk=True),
        candidate(22, "three months", 0.6, kind=Kind.DURATION, value=3, cjk=False),
        candidate(30, "12%", 0.7, value=12, cjk=True),
    ]
    result = pick(candidates)
    assert result.kept == [0, 2, 4]
    assert result.skipped == [
        (1, "the same figure as line 10 (its translation)"),
        (3, "the same figure as line 20 (its translation)"),
    ]


def test_a_heading_is_no_translation_to_drop_a_figure_for() -> None:
    """Headings and years give candidates that are never cards: they neither decide the
    note's main script nor stand in for a figure said again below them."""
    for near, said in (("十亿美元", "十亿美元"), ("$2 billion", "$2 billion")):
        candidates = [
            candidate(1, "2026", 0.0, kind=Kind.YEAR, value=2026, cjk=False),
            candidate(2, "3", 0.0, kind=Kind.ORDINAL, value=3, cjk=False),
            candidate(3, near, 0.0, kind=Kind.MONEY, value=1e9, cjk=False),
            candidate(5, said, 0.7, kind=Kind.MONEY, value=1e9, cjk=True),
            candidate(9, "12%", 0.7, value=12, cjk=True),
        ]
        assert pick(candidates).kept == [3, 4], near


def test_a_folded_original_gives_no_second_card() -> None:
    candidates = [
        candidate(10, "3:1", 0.8, kind=Kind.RATIO, value=3, cjk=True),
        candidate(12, "3:1", 0.8, kind=Kind.RATIO, value=3, cjk=False, hidden=True),
    ]
    result = pick(candidates)
    assert result.kept == [0]
    assert result.skipped == [(1, "the same figure as line 10 (its folded original)")]


def test_a_number_asks_for_the_most_key_figures_in_note_order() -> None:
    candidates = [
        candidate(1, "10%", 0.55, value=10),
        candidate(2, "20%", 0.9, value=20),
        candidate(3, "三个", 0.35, kind=Kind.COUNT, value=3),
        candidate(4, "30%", 0.7, value=30),
    ]
    result = pick(candidates, FigurePolicy(limit=2))
    assert result.kept == [1, 3]
    assert (0, "not among the note's 2 most key figures (figures: 2)") in result.skipped
    # Below the bar for a card of its own, a figure still counts when more are asked for.
    assert pick(candidates, FigurePolicy(limit=4)).kept == [0, 1, 2, 3]


def test_all_cards_every_quantity_and_none_cards_nothing() -> None:
    candidates = [
        candidate(1, "10%", 0.55, value=10),
        candidate(2, "三个", 0.35, kind=Kind.COUNT, value=3),
        candidate(3, "1945", 0.0, kind=Kind.YEAR, value=1945),
    ]
    assert pick(candidates, ALL_FIGURES).kept == [0, 1]
    nothing = pick(candidates, NO_FIGURES)
    assert nothing.kept == []
    assert [reason for _, reason in nothing.skipped] == ["figures: none for this note"] * 3


@pytest.mark.parametrize(
    ("value", "policy"),
    [
        ("all", ALL_FIGURES),
        ("None", NO_FIGURES),
        (False, NO_FIGURES),
        ("key", KEY_FIGURES),
        (5, FigurePolicy(limit=5)),
        ("12", FigurePolicy(limit=12)),
        (0, NO_FIGURES),
    ],
)
def test_policies_as_written_in_front_matter_or_on_the_command_line(
    value: object, policy: FigurePolicy
) -> None:
    assert figure_policy(value) == policy


@pytest.mark.parametrize("value", ["many", -3, 2.5, ["all"]])
def test_a_policy_that_is_none_of_these_says_what_is_accepted(value: object) -> None:
    with pytest.raises(ValueError, match="all, none, key or a whole number"):
        figure_policy(value)
