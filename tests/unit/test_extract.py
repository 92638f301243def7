"""From notes to term and figure notes: what cards a learner gets from the bundled and test notes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studycards.errors import NoteError
from studycards.model import Card, CardKind, Deck, NoteType
from studycards.notes.builder import build_deck
from studycards.notes.cards import cards_of, strip_cloze
from studycards.notes.deckfile import parse_deck_text, render_deck
from studycards.notes.extract.deck import extract_note
from studycards.notes.extract.figurenotes import FigureBlock, figure_spots
from studycards.notes.extract.sentences import sentences
from studycards.notes.extract.terms import Gloss, parse_gloss
from studycards.notes.reading import parse_note
from tests.complexity import assert_linear

DATA = Path(__file__).resolve().parent.parent / "data"

BUNDLED_TERMS = {
    "大规模杀伤性武器": ("Weapons of Mass Destruction", "WMDs"),
    "相互保证毁灭": ("Mutually Assured Destruction", "MAD"),
    "对齐": ("Alignment", ""),
    "智能爆炸": ("Intelligence Explosion", ""),
    "海湾战争 I": ("Gulf War I", ""),
    "超级智能": ("Superintelligence", ""),
    "工业爆炸": ("Industrial Explosion", ""),
    "中国共产党": ("Chinese Communist Party", "CCP"),
    "波动性": ("Volatility", ""),
    "第二次世界大战": ("World War II", ""),
    "第一次世界大战": ("World War I", ""),
    "国家权力": ("National Power", ""),
    "自由民主": ("Liberal Democracy", ""),
}


def deck_of(text: str, path: str = "note.md") -> Deck:
    return extract_note(parse_note(text.encode("utf-8"), path)).deck


def all_cards(deck: Deck) -> list[Card]:
    return [card for note in deck.notes for card in cards_of(note)]


@pytest.fixture(scope="module")
def bundled() -> Deck:
    return build_deck(Path(__file__).resolve().parents[2] / "data/us-china-ai-race.md")


def find_figures(text: str) -> list[tuple[int, int]]:
    """The spans of `text` (one paragraph) that look like key figures."""
    spots = figure_spots(FigureBlock(text, 1, "", [], []), 0)
    return [(spot.start, spot.end) for spot in spots if spot.candidate.verdict.key]


def figure_cards(deck: Deck) -> list[Card]:
    return [card for card in all_cards(deck) if card.kind is CardKind.FIGURE]


def card_with(cards: list[Card], answer: str, *words: str) -> Card:
    found = [c for c in cards if c.answer == answer and all(w in c.front for w in words)]
    assert found, f"no figure card hiding {answer!r} with {words}"
    return found[0]


def test_bundled_note_gives_all_13_terms_once_each_with_both_cards(bundled: Deck) -> None:
    terms = [note for note in bundled.notes if note.type is NoteType.TERM]
    assert {note["term"]: (note["english"], note["abbr"]) for note in terms} == BUNDLED_TERMS
    assert len(terms) == 13
    for note in terms:
        assert [card.kind for card in cards_of(note)] == [CardKind.TERM, CardKind.REVERSE]
    alignment = next(note for note in terms if note["term"] == "对齐")
    assert alignment["definition"] == "指确保AI的目标与人类价值观一致"


@pytest.mark.parametrize(
    ("answer", "about"),
    [
        ("100:1", ("海湾战争",)),
        ("50%", ("第二次世界大战", "GDP")),
        ("50%", ("三十年战争", "人口")),
        ("20-30%", ("七年战争", "普鲁士")),
        ("2000万", ("苏联士兵",)),
        ("20%", ("波兰",)),
        ("100吉瓦（GW）", ("计算集群",)),
        ("六个月", ("缓冲期",)),
    ],
)
def test_bundled_key_figures_are_hidden_in_a_clause_that_says_what_they_measure(
    bundled: Deck, answer: str, about: tuple[str, ...]
) -> None:
    card = card_with(figure_cards(bundled), answer, *about)
    assert "[…]" in card.front and answer not in card.front
    assert f"[{answer}]" in card.back


def test_glosses_are_removed_from_figure_context(bundled: Deck) -> None:
    card = card_with(figure_cards(bundled), "50%", "GDP")
    assert "例如第二次世界大战，[…]的GDP用于战争生产" in card.front
    for card in figure_cards(bundled):
        assert "**" not in card.front and "World War" not in card.front
        assert "Alignment" not in card.back


def test_figures_in_one_sentence_are_one_note_with_a_card_each(bundled: Deck) -> None:
    soldiers = card_with(figure_cards(bundled), "2000万")
    poland = card_with(figure_cards(bundled), "20%")
    assert soldiers.note_id == poland.note_id and soldiers.card_id != poland.card_id


def test_no_figures_from_front_matter_headings_glosses_or_event_names(bundled: Deck) -> None:
    answers = {card.answer for card in figure_cards(bundled)}
    # 1990-1991年 sits in a gloss, 2024-06-06 in front matter, 三十年/七年 name wars.
    assert not answers & {"1990-1991年", "1939-1945年", "2024", "三十年", "七年"}
    # The sentence about "this unique 20-year period" has no subject; it makes no card.
    assert "20年" not in answers


def test_every_card_carries_deck_tags_and_source(bundled: Deck) -> None:
    for card in all_cards(bundled):
        assert card.deck == "美中AI竞赛的未来走向"
        assert card.tags[:2] == ("llm", "national-security") and card.tags[-1] == str(card.kind)
        assert card.source.path.endswith("us-china-ai-race.md") and card.source.line > 25
        assert card.source.heading
    alignment = next(c for c in all_cards(bundled) if c.front == "对齐")
    assert (alignment.source.line, alignment.source.heading) == (32, "对齐缓冲的必要性")


def test_english_note_terms_figures_and_abbreviations() -> None:
    deck = build_deck(DATA / "english-total-war.md")
    terms = {n["term"]: n for n in deck.notes if n.type is NoteType.TERM}
    assert set(terms) == {
        "arsenal of democracy",
        "total war",
        "Mutually Assured Destruction",
        "ICBM",
        "GDP",
    }
    assert terms["total war"]["definition"].startswith("a conflict in which")
    assert terms["Mutually Assured Destruction"]["abbr"] == "MAD"
    assert terms["ICBM"]["english"] == "Intercontinental Ballistic Missile"
    assert terms["GDP"]["definition"].startswith("the market value")
    cards = figure_cards(deck)
    assert {c.answer for c in cards} == {
        "40%",
        "12 million",
        "8-9%",
        "3:1",
        "300,000",
        "1.2 million",
        "a third",
    }
    # `U.S.` does not end a sentence; the card keeps its subject.
    assert card_with(cards, "40%").front == "By 1944 the U.S. spent about […] of its GDP on the war"
    assert card_with(cards, "3:1").front.startswith("The Allies kept about a […] advantage")


def test_second_chinese_note_every_gloss_shape() -> None:
    deck = build_deck(DATA / "chinese-energy.md")
    terms = {n["term"]: n for n in deck.notes if n.type is NoteType.TERM}
    assert "非常" not in terms  # bold without a gloss is emphasis
    assert (terms["国际能源署"]["abbr"], terms["国际能源署"]["english"]) == (
        "IEA",
        "International Energy Agency",
    )
    assert (terms["液化天然气"]["abbr"], terms["液化天然气"]["english"]) == (
        "LNG",
        "Liquefied Natural Gas",
    )
    assert terms["可再生能源"]["english"] == "Renewable Energy"  # ASCII parens, full-width colon
    assert terms["超大规模数据中心"]["english"] == "Hyperscaler"  # a name, no definition
    assert deck.tags == ("能源", "电网")
    cards = figure_cards(deck)
    assert card_with(cards, "五年", "数据中心的用电量").front == "未来[…]，数据中心的用电量可能翻倍"
    assert card_with(cards, "6000亿美元").front == "国际能源署估计，全球电网投资每年需要[…]"
    assert "1930年" not in {c.answer for c in cards}


@pytest.mark.parametrize(
    ("term", "gloss", "expected"),
    [
        ("对齐", "Alignment: 指确保AI的目标一致", Gloss("Alignment", "", "指确保AI的目标一致")),
        ("对齐", "Alignment：指确保AI的目标一致", Gloss("Alignment", "", "指确保AI的目标一致")),
        (
            "大规模杀伤性武器",
            "WMDs: Weapons of Mass Destruction",
            Gloss("Weapons of Mass Destruction", "WMDs", ""),
        ),
        (
            "相互保证毁灭",
            "Mutually Assured Destruction: MAD",
            Gloss("Mutually Assured Destruction", "MAD", ""),
        ),
        ("超级智能", "Superintelligence", Gloss("Superintelligence", "", "")),
        (
            "total war",
            "a conflict in which states mobilise",
            Gloss("", "", "a conflict in which states mobilise"),
        ),
        ("Mutually Assured Destruction", "MAD", Gloss("", "MAD", "")),
        ("比例", "ratio 3:1 in favour", Gloss("ratio 3:1 in favour", "", "")),
    ],
)
def test_gloss_shapes(term: str, gloss: str, expected: Gloss) -> None:
    assert parse_gloss(term, gloss) == expected


def test_same_term_many_times_is_one_note_keyed_by_normalized_term() -> None:
    deck = deck_of(
        "**ＡＩ**（Artificial Intelligence）说。\n\n**ai** (Artificial Intelligence: machines that learn)\n"
    )
    (note,) = [n for n in deck.notes if n.type is NoteType.TERM]
    assert note["term"] == "ＡＩ" and note["definition"] == "machines that learn"


def test_a_note_moved_retitled_or_with_a_figure_corrected_keeps_its_ids() -> None:
    text = (
        "---\ntitle: Budgets\n---\n**Capex** (money spent on buildings and machines) grew.\n\n"
        "The city spent $150 million on its new tram line over 4 years.\n"
    )
    before = {note.type: note.note_id for note in deck_of(text, "notes/city.md").notes}
    moved = deck_of(
        text.replace("title: Budgets", "title: City budgets").replace("$150", "$170"),
        "archive/2024/transport.md",
    )
    assert {note.type: note.note_id for note in moved.notes} == before
    (figure,) = [n for n in moved.notes if n.type is NoteType.FIGURE]
    assert "{{c1::$170 million}}" in figure["text"]


def test_clauses_that_differ_only_in_their_figures_are_two_notes() -> None:
    deck = deck_of(
        "In the north, the company sold about 5,000 tractors to local farmers.\n\n"
        "In the north, the company sold about 7,000 tractors to local farmers.\n"
    )
    figures = [n for n in deck.notes if n.type is NoteType.FIGURE]
    assert [strip_cloze(n["text"]) for n in figures] == [
        "In the north, the company sold about 5,000 tractors to local farmers",
        "In the north, the company sold about 7,000 tractors to local farmers",
    ]
    assert len({n.note_id for n in figures}) == 2


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("F.D. Roosevelt met Mr. Smith in the U.S. capital. Then he left.", 2),
        ("e.g. this works. It ends here!", 2),
        ("第一句。第二句！第三句？第四句；第五句", 5),
        ("It cost 1.2 million. Next one.", 2),
    ],
)
def test_sentence_splitting_survives_abbreviations(text: str, count: int) -> None:
    assert len(sentences(text)) == count


def test_rich_markup_and_escapes_stay_text_and_html_tags_go() -> None:
    deck = deck_of(
        "**[bold red]x[/]**（Markup: \x1b[31m红色\x1b[0m）。[bold]人口[/]下降了<b>50%</b>的比例。\n"
    )
    fronts = [card.front for card in all_cards(deck)]
    assert "[bold red]x[/]" in fronts
    assert any("[bold]人口[/]下降了[…]的比例" in front for front in fronts)


def test_code_html_tables_urls_and_link_targets_give_no_figures() -> None:
    text = (
        "```\n人口下降50%\n```\n\n| a | b |\n|---|---|\n| x | 50% |\n\n"
        "见 https://x.org/50%25/3:1 的数据，配置是 `ratio = 3:1`。\n\n"
        '<div style="width: 50%">\n人口下降了40%\n</div>\n\n'
        "见[报告](https://x.org/report-30%25)和 <span title='20%'>说明</span>。\n"
    )
    assert figure_cards(deck_of(text)) == []


def test_deck_name_falls_back_to_file_name() -> None:
    assert deck_of("人口下降了50%。", "notes/my-notes.md").name == "my-notes"


@settings(max_examples=120, deadline=None)
@given(
    st.lists(
        st.sampled_from(list("**（）()：:。，,.!?；;%万亿年个月三十 \nabcXYZ0123456789-#>`[]{}c"))
        | st.sampled_from(["吉瓦", "例如", "他们", "U.S.", "**对齐**（Alignment: 指）", "\n\n"])
        | st.text(max_size=3),
        max_size=60,
    ).map("".join)
)
def test_arbitrary_text_never_crashes_the_extractor(text: str) -> None:
    try:
        deck = deck_of(text)
    except NoteError as error:  # empty notes, broken front matter
        assert str(error).startswith("note.md")
        return
    for note in deck.notes:
        for card in cards_of(note):
            assert card.front.strip()
        if note.type is NoteType.FIGURE:
            assert strip_cloze(note["text"]).strip()


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("20世纪50年代，人口增长了3%。", ["3%"]),
        ("一九四五年战争结束，死亡人数达到2000万。", ["2000万"]),
        ("他读三年级，每周练琴需要三个小时。", ["三个小时"]),
        ("一个世纪的进步压缩到十年内，第三年最快。", ["一个世纪", "十年"]),
        (
            "百分之五十的人口，20亿美元，100吉瓦（GW）。",
            ["百分之五十", "20亿美元", "100吉瓦（GW）"],
        ),
        (
            "The U.S. lost $5 billion, about 3.5% of 1.2 million in 1945.",
            ["$5 billion", "3.5%", "1.2 million"],
        ),
        (
            "Six months passed; the Thirty Years' War took 300,000 lives at 3:1 odds.",
            ["Six months", "300,000", "3:1"],
        ),
        ("GPT-4 and chapter 12 and 2024 and v1.2 are not figures.", []),
        ("At 23:00 and 05:00, a 16:9 screen; the interval is 36 500 days.", ["16:9"]),
    ],
)
def test_which_numbers_are_key_figures(text: str, figures: list[str]) -> None:
    assert [text[start:end] for start, end in find_figures(text)] == figures


# Each took 20-30 s at some 20,000 repeats with patterns that backtrack. The sizes here are
# what takes the current code some tens of milliseconds; the test grows them fivefold.
_HOSTILE: dict[str, tuple[Callable[[int], str], int]] = {
    "heading of spaces and tabs": (lambda n: "## a" + " \t" * n + "#x\n", 40_000),
    "unclosed links": (lambda n: "[" * n + "](" * n + "\n", 1_000),
    "open parentheses after a link": (lambda n: "[a](" + "(" * n + "\n50%", 100_000),
    "periods before a figure": (lambda n: "a. " * n + "50%\n", 2_000),
    "abbreviations before a figure": (lambda n: "U.S. " * n + "50%\n", 2_000),
    "open glosses": (lambda n: "**a**（" * n + "\n", 1_000),
    "one very long gloss": (lambda n: "**术语**（" + "字" * n + "）。\n", 200_000),
    "one long sentence of figures": (lambda n: "50%，" * n + "\n", 1_000),
    "one long sentence of distinct figures": (
        lambda n: "".join(f"{i}%，" for i in range(n)) + "\n",
        1_000,
    ),
}


@pytest.mark.parametrize(("make", "n"), list(_HOSTILE.values()), ids=list(_HOSTILE))
def test_hostile_notes_are_read_in_linear_time(make: Callable[[int], str], n: int) -> None:
    assert_linear(deck_of, make, n)


def test_no_figure_card_shows_its_answer_on_the_question_side(bundled: Deck) -> None:
    decks = [
        bundled,
        *(build_deck(DATA / name) for name in ("english-total-war.md", "chinese-energy.md")),
    ]
    decks.append(deck_of("中国新增了100吉瓦电力。他们将建成100吉瓦的集群。\n"))
    # `.50%` is not a figure (it follows a period), but it would give the answer away.
    decks.append(deck_of("人口下降了50%，相当于总数的.50%的比例。\n"))
    for card in (card for deck in decks for card in figure_cards(deck)):
        assert card.answer not in card.front, card.front
        assert f"[{card.answer}]" in card.back


def test_bold_labels_with_citations_are_not_terms() -> None:
    text = (
        "**Design** (README; blog https://example.org/post) and **Keys** (`src/drill.js`) and "
        "**Scheduler** (src/fsrs.rs) and **`0` = Reset** (different) but **对齐**（Alignment）。\n"
    )
    terms = [n["term"] for n in deck_of(text).notes if n.type is NoteType.TERM]
    assert terms == ["对齐"]


_FRAGMENTS = [
    *re.split(r"(?<=[。！？；，,.])", (DATA / "chinese-energy.md").read_text(encoding="utf-8")),
    *re.split(r"(?<=[。！？；，,.])", (DATA / "english-total-war.md").read_text(encoding="utf-8")),
    "\n",
    "\n\n",
    "**",
    "（",
    "50%",
    "三个月",
    " U.S. ",
    "他们",
    "这将",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=25).map("".join))
def test_shuffled_real_prose_gives_fair_cards(text: str) -> None:
    try:
        deck = deck_of(text)
    except NoteError:
        return
    for note in deck.notes:
        for card in cards_of(note):
            assert card.front.strip() and card.back.strip()
            if card.kind is CardKind.FIGURE:
                # A figure twice in its clause is hidden twice: the answer lists both.
                for part in card.answer.split(" … "):
                    assert part and f"[{part}]" in card.back
                assert "[…]" in card.front
    assert parse_deck_text(render_deck(deck), "d.md") == deck


def test_a_long_sentence_gives_one_short_card_per_clause_with_figures() -> None:
    text = (
        "1990年人口为500万，随着全球化的深入发展和技术的不断进步，各国之间的经济联系日益紧密，"
        "贸易往来频繁，投资规模不断扩大，跨国公司的影响力也与日俱增，到2020年人口增长到1200万。"
    )
    cards = figure_cards(deck_of(text))
    assert card_with(cards, "500万").front == "1990年人口为[…]"
    assert card_with(cards, "1200万").front == "跨国公司的影响力也与日俱增，到2020年人口增长到[…]"
    assert all(len(card.front) <= 40 for card in cards)
    # The answer side still shows the whole sentence.
    assert card_with(cards, "1200万").back.startswith("1990年人口为500万，")


def test_vague_quantities_are_not_figures() -> None:
    assert find_figures("在过去的几十年里，数百年来，第三年。") == []
