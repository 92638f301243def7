"""Figure cards from notes written for this test: which figures a note keeps, and what each
question says about its figure."""

from __future__ import annotations

import pytest

from studycards.errors import NoteError
from studycards.model import Card, CardKind, Deck
from studycards.notes.cards import cards_of
from studycards.notes.extract.deck import extract_note
from studycards.notes.extract.figurepick import ALL_FIGURES, NO_FIGURES, FigurePolicy
from studycards.notes.reading import parse_note


def deck_of(text: str, *, figures: FigurePolicy | None = None) -> Deck:
    note = parse_note(text.encode("utf-8"), "note.md")
    extraction = extract_note(note) if figures is None else extract_note(note, figures=figures)
    return extraction.deck


def figure_cards(deck: Deck) -> list[Card]:
    return [c for n in deck.notes for c in cards_of(n) if c.kind is CardKind.FIGURE]


def answers(text: str, **options: FigurePolicy) -> list[str]:
    return [card.answer for card in figure_cards(deck_of(text, **options))]


def test_a_range_is_one_deletion() -> None:
    text = "新厂的产能是旧厂的二到三倍。\n\nIn 5 to 10 years the pond fills with reeds.\n"
    cards = figure_cards(deck_of(text))
    assert [c.answer for c in cards] == ["二到三倍", "5 to 10 years"]
    assert cards[1].front == "In […] the pond fills with reeds"


def test_a_pronoun_is_led_by_the_sentence_before() -> None:
    text = "## 渡口\n\n老渡口在河的东岸。它每天运送约3000名乘客。\n"
    (card,) = figure_cards(deck_of(text))
    assert card.front == "老渡口在河的东岸。它每天运送约[…]乘客"
    assert card.answer == "3000名"


def test_a_sentence_before_that_holds_another_answer_gives_way_to_the_heading() -> None:
    text = "## 北方船队\n\n船队在风暴中损失了40%的船只。它们的修复用了约18个月的工期。\n"
    cards = figure_cards(deck_of(text))
    repair = next(c for c in cards if c.answer == "18个月")
    assert repair.front.startswith("北方船队：它们的修复")
    assert "40%" not in repair.front


def test_a_pronoun_with_nothing_to_explain_it_makes_no_card() -> None:
    long_lead = "老渡口在河的东岸，" + "岸边有很多柳树和石阶，" * 8 + "风景很好。"
    assert answers(long_lead + "它每天运送约3000名乘客。\n") == []


def test_a_clause_that_says_little_is_led_by_its_heading() -> None:
    (card,) = figure_cards(deck_of("## 矿井深度\n\n约1200米。\n"))
    assert card.front == "矿井深度：约[…]"


def test_a_translation_beside_a_figure_gives_no_second_card() -> None:
    text = (
        "> 这座水坝拦住了40%的春汛。\n\n"
        "> The dam holds back 40% of the spring floods.\n\n"
        "其余的河段没有堤坝。\n"
    )
    assert answers(text) == ["40%"]


def test_a_folded_original_gives_no_second_card() -> None:
    text = (
        "这座水坝拦住了40%的春汛。\n\n"
        "<details>\n\nThe dam holds back 40% of the spring floods.\n\n</details>\n"
    )
    assert answers(text) == ["40%"]


@pytest.mark.parametrize(
    "text",
    [
        "**第2阶段：** 投入预算的一部分。\n",  # a bold label
        "- **Main:** [Three Rivers: 12 Lessons From 40 Years](https://example.org/video)\n",
        "**Model 3000**（a kind of tractor with 40 horsepower）is sold out.\n",  # a term's name
        "| year | share |\n|---|---|\n| 1990 | 40% |\n",  # a table cell: no sentence to ask
        "## 40% of the floods\n\nThe dam stands on the river.\n",  # a heading
        "The smith of workshop 12 forged the blades.\n",  # a number labelling a thing
    ],
)
def test_labels_titles_names_tables_and_headings_give_no_figure(text: str) -> None:
    assert answers(text) == []


_STATISTICS = """# The delta in numbers

The delta covers 12,400 square kilometres and holds 38% of the country's farmland.
Its rice harvest reached 4.2 million tonnes in a good year, about a fifth of the national crop.
The main channel carries 1,800 cubic metres of water a second, three times the flow of the
northern branch. The levees cost $2.3 billion to rebuild after the flood, and 85% of the
villages now sit behind them.
"""

_CONVERSATION = """# A chat about the delta

**Host:** I went there one day and it was lovely.

**Guest:** Yes, I stayed for a week, maybe two. I 100% agree it is the best time of the year.
We talked for an hour about the boats, and then a second hour about the birds.
"""


def test_a_note_dense_with_statistics_keeps_many_and_a_chat_few() -> None:
    assert len(answers(_STATISTICS)) >= 6
    assert answers(_CONVERSATION) == []


def test_front_matter_asks_for_all_none_or_a_number() -> None:
    every = answers("---\nfigures: all\n---\n" + _CONVERSATION)
    assert "a week" not in every and every  # all quantities, but never the idioms
    assert answers("---\nfigures: none\n---\n" + _STATISTICS) == []
    assert len(answers("---\nfigures: 2\n---\n" + _STATISTICS)) == 2
    # A build-wide default gives way to the note's own.
    assert answers("---\nfigures: 2\n---\n" + _STATISTICS, figures=NO_FIGURES) != []
    assert answers(_STATISTICS, figures=NO_FIGURES) == []
    assert len(answers(_CONVERSATION, figures=ALL_FIGURES)) == len(every)


def test_a_figures_value_that_means_nothing_names_the_note() -> None:
    with pytest.raises(NoteError, match=r"note\.md.*figures must be all, none, key"):
        deck_of("---\nfigures: lots\n---\nThe dam holds back 40% of the floods.\n")
