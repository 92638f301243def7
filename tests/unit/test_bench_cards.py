"""The deck-builder bench scores cards the way bench/gold/README.md promises its users."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.bench_cards import (
    Card,
    GoldFigure,
    GoldNote,
    GoldTerm,
    body_chars,
    load_gold,
    main,
    score_note,
)


def card(kind: str, *, line: int, front: str = "", back: str = "", answer: str = "") -> Card:
    raw: dict[str, Any] = {
        "kind": kind,
        "front": front,
        "back": back,
        "answer": answer,
        "source": {"path": "notes/[[odd]]__name.md", "line": line},
    }
    return Card(kind=kind, front=front, back=back, answer=answer, line=line, raw=raw)


TERMS = GoldNote(
    terms=(
        GoldTerm(term="Tariff", gloss="tax on imports", line=3, key=True),
        GoldTerm(term="Quota", gloss="cap on the amount", line=4, key=True),
        GoldTerm(term="Split", gloss="one share becomes", line=5, key=True),
        GoldTerm(term="Split", gloss="a team divides", line=9, key=True),
        GoldTerm(term="Embargo", gloss="ban on trade", line=7, key=False),
    ),
    figures=(),
)


def test_term_recall_and_precision_count_broken_cards_against_both() -> None:
    cards = [
        card("term", line=3, front="“tariff”", back="A  TAX on imports, paid at the border"),
        card("term", line=4, front="Quota", back="Quota"),  # front right, definition lost
        card("term", line=6, front="Why it matters", back="prices rise"),
        card("reverse", line=3, front="A tax on imports", back="Tariff"),
    ]
    score = score_note(TERMS, cards, body_chars=100, skipped=None)
    assert (score.found_terms, score.key_terms) == (1, 4)
    assert (score.good_term_cards, score.term_cards) == (1, 3)
    assert score.broken_terms == 1
    assert score.details["missed_terms"] == ["4: Quota", "5: Split", "9: Split"]


def test_a_term_defined_twice_is_two_labels_each_matched_by_its_own_definition() -> None:
    cards = [
        card("term", line=9, front="Split", back="When a team divides in two"),
        card("term", line=5, front="Split", back="One share becomes two shares"),
        card("term", line=5, front="Split", back="One share becomes two shares"),
    ]
    score = score_note(TERMS, cards, body_chars=100, skipped=None)
    assert score.found_terms == 2
    # The third card repeats one already matched: junk, not broken.
    assert (score.good_term_cards, score.term_cards, score.broken_terms) == (2, 3, 0)


def test_an_optional_term_helps_precision_when_carded_and_costs_no_recall_when_not() -> None:
    carded = score_note(
        TERMS,
        [card("term", line=7, front="Embargo", back="A ban on trade with a country")],
        body_chars=100,
        skipped=None,
    )
    assert (carded.good_term_cards, carded.term_cards) == (1, 1)
    assert carded.key_terms == 4


FIGURES = GoldNote(
    terms=(),
    figures=(
        GoldFigure(value="almost 85%", line=10, key=True, about="share"),
        GoldFigure(value="5 to 10 years", line=20, key=True, about="span"),
        GoldFigure(value="$3 billion", line=30, key=True, about="cost"),
        GoldFigure(value="two", line=40, key=False, about="kinds"),
    ),
)


def test_figures_match_by_answer_near_the_gold_line() -> None:
    cards = [
        card("figure", line=12, answer="85%"),  # the qualifier left outside the cloze
        card("figure", line=20, answer="5"),  # a range split in two matches neither half
        card("figure", line=20, answer="10 years"),
        card("figure", line=34, answer="$3 billion"),  # four lines off: another sentence
        card("figure", line=40, answer="Two"),
    ]
    score = score_note(FIGURES, cards, body_chars=2500, skipped=3)
    assert (score.found_figures, score.key_figures) == (1, 3)
    assert (score.good_figure_cards, score.figure_cards) == (2, 5)
    assert score.figures_per_1000_chars == 2.0
    assert score.skipped == 3
    assert score.details["junk_figure_cards"] == ["20: 5", "20: 10 years", "34: $3 billion"]


def test_markup_anywhere_on_a_card_is_a_leak_but_cloze_markers_and_paths_are_not() -> None:
    cards = [
        card("figure", line=1, front="Costs rose {{c1::12%}}", back="Costs rose 12%"),
        card("term", line=2, front="Tariff", back="see **trade**"),
        card("term", line=3, front="Quota", back="a cap }} on amounts"),
        card("term", line=4, front="Levy", back="a <span class='x'>charge</span>"),
        card("term", line=5, front="Duty", back="a tax, if a < b and c > d"),
        card("figure", line=6, front="\\[…] a day", back="\\[$16] a day", answer="$16"),
        card("term", line=7, front="Ratio", back="written \\frac{a}{b} in LaTeX"),
    ]
    score = score_note(GoldNote(terms=(), figures=()), cards, body_chars=10, skipped=None)
    assert score.leaks == 4
    assert [item.split(":")[0] for item in score.details["leaks"]] == ["2", "3", "4", "6"]


def test_body_characters_leave_out_yaml_and_toml_front_matter() -> None:
    body = "# Trade\n\nTariffs rose.\n"
    assert body_chars("---\ntitle: x\ntags: [a]\n---\n" + body) == len(body)
    assert body_chars('+++\ntitle = "x"\n+++\n' + body) == len(body)
    assert body_chars(body) == len(body)


def test_the_bench_builds_each_note_with_the_given_interpreter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "trade.md").write_text(
        "# Trade\n\n**Tariff** (Import duty) is charged at the border.\n\n"
        "Exports to the region fell by 12% in the first year of the duty.\n",
        encoding="utf-8",
    )
    gold = tmp_path / "gold.json"
    gold.write_text(
        json.dumps(
            {
                "corpus": "test",
                "files": {
                    "trade.md": {
                        "terms": [{"term": "Tariff", "gloss": "Import duty", "line": 3}],
                        "figures": [{"value": "12%", "line": 5, "about": "fall", "want": "key"}],
                    }
                },
            }
        ),
        encoding="utf-8",
    )
    assert load_gold(gold)["trade.md"].terms[0].key
    assert main([str(notes), str(gold), "--python", sys.executable, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    total = report["total"]
    assert (total["found_terms"], total["key_terms"]) == (1, 1)
    assert (total["found_figures"], total["key_figures"]) == (1, 1)
    assert total["leaks"] == 0


@pytest.mark.parametrize(
    ("answer", "value", "same"),
    [
        ("85 %", "85%", True),
        ("85%", "almost 85%", True),
        ("50", "50 or so", True),
        ("30%", "近 30%", True),
        ("2亿", "2亿多", True),
        ("超过 1600万次", "1600万次", True),
        ("千分之一", "不足千分之一", True),
        ("50%", "低于 50%", True),
        ("3万", "不超过3万", True),
        ("31 deaths", "31", True),
        ("30,906", "$30,906", True),
        ("24", "24 watts", True),
        ("about 100 years", "100", True),
        ("4 years", "4 dollars", False),
        ("$30", "$30 million", False),
        ("$52", "$52M", False),
        ("Eight", "Eight hundred pages", False),
        ("10 years", "5 to 10 years", False),
    ],
)
def test_a_figure_may_move_its_cloze_by_a_qualifier_or_a_unit_word_but_never_change_value(
    answer: str, value: str, same: bool
) -> None:
    note = GoldNote(terms=(), figures=(GoldFigure(value=value, line=1, key=True, about=""),))
    score = score_note(note, [card("figure", line=1, answer=answer)], body_chars=1, skipped=None)
    assert score.found_figures == (1 if same else 0)
