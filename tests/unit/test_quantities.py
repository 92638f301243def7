"""Quantities in a sentence: the span a figure card would hide, its kind, and the numbers that
state no quantity at all. Every sentence here is written for this test."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studycards.notes.extract.quantities import NOT_QUANTITIES, Kind, chinese_value, find_quantities


def spans(text: str) -> list[tuple[str, Kind]]:
    return [(text[q.start : q.end], q.kind) for q in find_quantities(text)]


def figures(text: str) -> list[str]:
    """The quantities of `text` as a card would hide them, leaving out non-quantities."""
    return [text[q.start : q.end] for q in find_quantities(text) if q.kind not in NOT_QUANTITIES]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Chinese fractions, whole ranges of them, and 百分之 as a percentage.
        ("全村四分之三的农田靠水库灌溉。", [("四分之三", Kind.FRACTION)]),
        ("新药只对五分之一到二十分之一的病人有效。", [("五分之一到二十分之一", Kind.FRACTION)]),
        ("产量提高了百分之五十。", [("百分之五十", Kind.PERCENT)]),
        ("超过一半的样本被淘汰。", [("一半", Kind.FRACTION)]),
        # Ranges are one quantity, with the unit of both ends.
        ("新厂房的产能是旧厂的二到三倍。", [("二到三倍", Kind.MULTIPLE)]),
        ("Compilers got 5x–20x faster.", [("5x–20x", Kind.MULTIPLE)]),
        ("渡船每天往返 40 到 60 英里。", [("40 到 60 英里", Kind.MEASURE)]),
        ("每个小组通常有 2 到 4 个成员。", [("2 到 4 个", Kind.COUNT)]),
        ("占比高达70%-80%。", [("70%-80%", Kind.PERCENT)]),
        ("预算约350亿-400亿美元。", [("350亿-400亿美元", Kind.MONEY)]),
        ("审批周期是18到24个月。", [("18到24个月", Kind.DURATION)]),
        ("In 5 to 10 years the pond fills with reeds.", [("5 to 10 years", Kind.DURATION)]),
        # Units the forms table lists as missing.
        ("硬盘容量是 64 GB，手册有 300 页。", [("64 GB", Kind.MEASURE), ("300 页", Kind.COUNT)]),
        (
            "灯塔高 120 英尺，镜片直径 30 英寸。",
            [("120 英尺", Kind.MEASURE), ("30 英寸", Kind.MEASURE)],
        ),
        ("The wreck lies at 41°20' north.", [("41°20'", Kind.MEASURE)]),
        # Magnitudes and prices per unit.
        ("电站投资约2.3万亿美元。", [("2.3万亿美元", Kind.MONEY)]),
        ("矿场估值为6-7美元/瓦。", [("6-7美元/瓦", Kind.MONEY)]),
        ("公司有9万名员工。", [("9万名", Kind.COUNT)]),
        ("这门课提供 50 种语言。", [("50 种", Kind.COUNT)]),
        ("参数量要到千亿级。", [("千亿", Kind.AMOUNT)]),
        # Money in every notation.
        (
            "The bridge cost $30 million and the tunnel $1.2 billion.",
            [
                ("$30 million", Kind.MONEY),
                ("$1.2 billion", Kind.MONEY),
            ],
        ),
        (
            "Rent rose to €1,200, then £900, then ¥5000.",
            [
                ("€1,200", Kind.MONEY),
                ("£900", Kind.MONEY),
                ("¥5000", Kind.MONEY),
            ],
        ),
        ("The fund lent $52M.", [("$52M", Kind.MONEY)]),
        ("一杯咖啡 10 块钱。", [("10 块钱", Kind.MONEY)]),
        ("They paid 4 dollars a day.", [("4 dollars", Kind.MONEY)]),
        # Ratios, and English spelled out.
        ("守军与攻军的伤亡比是100:1。", [("100:1", Kind.RATIO)]),
        ("A one to one ratio of cats to dogs.", [("one to one", Kind.RATIO)]),
        ("Eleven ships were lost in the storm.", [("Eleven", Kind.COUNT)]),
        ("A fifth of the harvest rotted.", [("A fifth", Kind.FRACTION)]),
        ("Walking uses four times fewer calories.", [("four times", Kind.MULTIPLE)]),
        ("The cortex has 16 billion neurons.", [("16 billion", Kind.COUNT)]),
    ],
)
def test_quantities_as_a_card_would_hide_them(
    sentence: str, expected: list[tuple[str, Kind]]
) -> None:
    assert spans(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "qualified"),
    [
        ("电网利用率仅约50%。", "约50%"),
        ("他们囤积了近百名工程师。", "近百名"),
        ("订单超过 1600万次。", "超过 1600万次"),
        ("建设周期长达十年以上。", "十年以上"),
        ("排队要15分钟左右。", "15分钟左右"),
        ("团队有1万多名员工。", "1万多名"),
        ("It holds more than one-third of the water.", "more than one-third"),
        ("Most tumours carry 50 or so mutations.", "50 or so"),
        ("The drop was almost 85%.", "almost 85%"),
    ],
)
def test_approximation_words_are_recorded_not_hidden(sentence: str, qualified: str) -> None:
    (quantity,) = [q for q in find_quantities(sentence) if q.kind not in NOT_QUANTITIES]
    assert quantity.approximate
    assert sentence[quantity.lead : quantity.tail] == qualified
    # The hedge stays on the question side: "约[…]" asks for the figure, not for "about".
    assert sentence[quantity.start : quantity.end] in qualified


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("1945年战争结束。", Kind.YEAR),
        ("从23年开始，他每年都来。", Kind.YEAR),
        ("98年他进了大学。", Kind.YEAR),
        ("17年到19年，公司一直在转型。", Kind.YEAR),
        ("公元 800 年，城墙建成。", Kind.YEAR),
        ("一九四五年的冬天很冷。", Kind.YEAR),
        ("Rome fell long after 133 BC.", Kind.YEAR),
        ("Cotton boomed in the 1790s.", Kind.YEAR),
        ("会议在10:30开始。", Kind.DATE),
        ("Published 2026-03-04.", Kind.DATE),
        ("The treaty was signed on March 3.", Kind.DATE),
        ("会议定在3月举行。", Kind.DATE),
        ("GPT-4 answered first.", Kind.NAME),
        ("The B-29 flew at night.", Kind.NAME),
        ("We ran Qwen 72B locally.", Kind.NAME),
        ("Hut 8 is a mining company.", Kind.NAME),
        ("服务要7x24小时在线。", Kind.NAME),
        ("节目叫硅谷101。", Kind.NAME),
        ("The video is encoded as H.264.", Kind.NAME),
        ("这是第三版教材。", Kind.ORDINAL),
        ("She finished 3rd.", Kind.ORDINAL),
        ("Gracchus ran for a third term.", Kind.ORDINAL),
        ("三十年战争让这片土地荒芜。", Kind.NAME),
        ("The Thirty Years' War ended in a treaty.", Kind.NAME),
    ],
)
def test_numbers_that_state_no_quantity(sentence: str, kind: Kind) -> None:
    assert [k for _, k in spans(sentence)] == [kind]


@pytest.mark.parametrize(
    "sentence",
    [
        "二战以后，一些国家统一了货币。",  # 二战, 一些, 统一: words, not numbers
        "他们在单一数字上争论不休。",
        "这本三体小说很好看。",
        "千万不要忘记备份。",
        "少数几次实验失败了。",
        "We had a double whammy that year.",
    ],
)
def test_numerals_inside_words_are_no_numbers(sentence: str) -> None:
    assert figures(sentence) == []


def test_shang_cheng_and_shu_open_a_rough_count_only_before_a_numeral() -> None:
    # 上千 "up to a thousand", 数十 "dozens": approximate counts, the opener in the figure.
    assert spans("公司有上千名员工。") == [("上千名", Kind.COUNT)]
    assert spans("数十个国家参加了会议。") == [("数十个", Kind.COUNT)]
    assert all(q.approximate for q in find_quantities("公司有上千名员工，数十个国家。"))
    # 上一次 is "last time", no number; 数 before no numeral is a word of its own.
    assert spans("上一次是三点五倍。") == [("三点五倍", Kind.MULTIPLE)]
    assert spans("数点五分钟") == [("五分钟", Kind.DURATION)]


def test_a_clock_time_is_no_ratio_but_a_screen_shape_is() -> None:
    assert spans("屏幕比例是16：9。") == [("16：9", Kind.RATIO)]
    assert spans("列车 9:45 出发。") == [("9:45", Kind.DATE)]


def test_frequency_is_a_count_and_a_product_is_a_name() -> None:
    assert spans("Exercise five times a week.") == [("five times", Kind.COUNT)]
    assert spans("A 1920x1080 screen.") == [("1920x1080", Kind.NAME)]


def test_values_follow_the_numerals() -> None:
    values = {
        "四分之三的人": 0.75,
        "三万五千人": 35000,
        "两年": 2,
        "2.3万亿美元": 2.3e12,
        "$52M": 52e6,
        "百分之五十": 50,
        "a third of them": 1 / 3,
        "forty times": 40,
        "一两百人": 100,  # the lower end of a rough count
    }
    for text, value in values.items():
        (quantity,) = find_quantities(text)
        assert quantity.value == pytest.approx(value), text


def test_chinese_values_come_from_the_numeral_library() -> None:
    assert chinese_value("三万五千") == 35000
    assert chinese_value("两") == 2
    assert chinese_value("三点五") == 3.5
    assert chinese_value("十几") is None


_ADVERSARIAL = st.lists(
    st.sampled_from(
        [
            *"0123456789,.:：-–~%$ 万亿千百十几两一二三到至分之年个倍美元xX°'年代第公元",
            *["to ", "and ", "more than ", "about ", "one", "third", " million", "GPT-"],
        ]
    ),
    max_size=120,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), _ADVERSARIAL))
def test_any_text_gives_ordered_spans_inside_it(text: str) -> None:
    found = find_quantities(text)
    previous_end = 0
    for quantity in found:
        assert previous_end <= quantity.start < quantity.end <= len(text)
        assert quantity.lead <= quantity.start and quantity.end <= quantity.tail <= len(text)
        previous_end = quantity.end


@pytest.mark.parametrize(
    "text",
    [
        "1" * 20_000,
        "1," * 10_000,
        "1-" * 10_000,
        "1 to " * 5_000,
        "一到" * 10_000,
        "分之" * 10_000,
        "$" * 10_000 + "1",
        "1 " * 10_000 + "years",
        "Qwen " * 5_000,
    ],
)
def test_long_runs_are_read_in_one_pass(text: str) -> None:
    # A pattern that backtracks over these would not come back for minutes; each is read in
    # well under a second.
    find_quantities(text)
