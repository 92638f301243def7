"""Which quantities look like key figures: the judgement a careful reader makes, on sentences
written for this test."""

from __future__ import annotations

import pytest

from studycards.notes.extract.figurenotes import FigureBlock, figure_spots
from studycards.notes.extract.figurescore import Verdict, emphasised, judge
from studycards.notes.extract.quantities import Quantity, find_quantities


def verdicts(sentence: str, *, bold: str = "", label: str = "") -> dict[str, Verdict]:
    """Each quantity of `sentence` (by its text) and its verdict; `bold` is the part of the
    sentence set in bold, `label` the bold label it opens with."""
    found = find_quantities(sentence)
    spans = []
    if bold:
        at = sentence.index(bold)
        spans.append((at, at + len(bold)))
    judged = judge(sentence, found, bold=spans, label=len(label))
    return {sentence[q.start : q.end]: v for q, v in zip(found, judged, strict=True)}


def verdict(sentence: str, figure: str, **options: object) -> Verdict:
    return verdicts(sentence, **options)[figure]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("灯塔的光在晴天能照到 40 公里外。", "40 公里"),
        ("The dam supplies 12% of the province's electricity.", "12%"),
        ("二战时，交战国把一半以上的GDP投入军工，英国达到55%。", "55%"),
        ("守军与攻军的伤亡比约为10:1。", "10:1"),
        ("修复这座桥花了$170 million。", "$170 million"),
        ("全村四分之三的农田靠水库灌溉。", "四分之三"),
        ("The new turbine is 1.6 times as efficient.", "1.6 times"),
        ("该港口每年吞吐 4.3万个集装箱。", "4.3万个"),
        ("一座大型核电站的建设周期长达十年以上。", "十年"),
        ("转产改造只需9到12个月。", "9到12个月"),
        ("Most patients survived within 3 years of the operation.", "3 years"),
        ("The coefficient of size to strength is 0.7 to 0.9.", "0.7 to 0.9"),
        ("走完这段路，大概九个月。", "九个月"),
        ("新港口的领先优势仅有三个月。", "三个月"),
        ("工厂需要大约六个月的“缓冲期”。", "六个月"),
        ("这项改革把一个世纪的变化压缩到了不到十年内。", "十年"),
        # A sentence that says how many parts or kinds there are.
        ("A cell membrane is made up of two layers of lipids.", "two"),
        ("这种茶按发酵程度共有六类。", "六类"),
        # A range of small counts is said with care.
        ("一个编辑一次最多能盯三到五个专栏。", "三到五个"),
        ("A nurse can watch 3 to 5 beds at once.", "3 to 5"),
        # "would" tells what came next in a history, not a supposition.
        ("The general would serve as consul 6 times.", "6 times"),
        # An equivalence that makes a figure tangible.
        ("这座城市的缺水量相当于约8个西湖的蓄水。", "8个"),
        ("The spill covered the equivalent of 9 football pitches.", "9"),
        # A bare number stated as a measure's value.
        ("Average rainfall in the valley is 70.", "70"),
        ("The river's salinity index stands at seven, the sea's at thirty.", "seven"),
    ],
)
def test_facts_a_learner_would_want_are_key(sentence: str, figure: str) -> None:
    result = verdict(sentence, figure)
    assert result.key, result
    assert result.reason == ""


@pytest.mark.parametrize(
    ("sentence", "figure", "reason"),
    [
        ("那一天，我们都很高兴。", "一天", "ordinary phrase"),
        ("项目一年后就关了。", "一年", "ordinary phrase"),
        ("他一个人完成了设计。", "一个", "ordinary phrase"),
        ("我100%确定这是对的。", "100%", "emphasis"),
        ("公司从1998年起盈利。", "1998", "year"),
        ("GPT-4 was released that spring.", "4", "name"),
        ("做两倍的事，付两倍的钱。", "两倍", "repeated"),
        ("如果你每月花200美元，就能省下时间。", "200美元", "scenario"),
        ("数据中心正从十亿级向万亿级跃迁。", "十亿", "order of magnitude"),
        ("模型会变得更聪明，10倍、100倍地更聪明。", "10倍", "round multiples"),
        ("大约五年前，我们换了方向。", "五年", "point in time"),
        ("我们花了几十年才明白。", "几十年", "rough amount"),
        ("这门课需要几本书？", "几本", "question"),
        ("No one came to the party.", "one", "ordinary phrase"),
        ("一家2万人的公司付的钱更多。", "2万人", "kind of thing"),
        ("They hired a 12 person crew for the job.", "12", "kind of thing"),
        ("There are two ways to read this chart.", "two", "small count"),
        ("这里共有三个问题要讨论。", "三个", "small count"),
        ("它的收费是3000人公司的两倍。", "3000人", "kind of thing"),
        ("We sold it to a 500 person company.", "500", "kind of thing"),
        ("他前一秒还在笑。", "一秒", "ordinary phrase"),
        ("She went out for an hour and one second later came back.", "one second", "ordinary"),
        ("打个电话要一小时。", "一小时", "ordinary phrase"),
        ("在5年或10年前，开一家网店就是优势。", "5年", "point in time"),
        ("5 years or 10 years ago a shop online was an edge.", "5 years", "point in time"),
        ("就像挑选学生，只取那30%最好的。", "30%", "analogy"),
        ("Let's say a class keeps only its top 30% of pupils.", "30%", "analogy"),
        ("理想情况下，他们会觉得拿到了五倍的价值。", "五倍", "conditional"),
        ("Ideally they would feel they got five times the value.", "five times", "conditional"),
        ("Figure: At a price of $4, buyers take 6 cups of tea.", "$4", "caption"),
        ("图 3：价格为4美元时，买家会买6杯茶。", "4美元", "caption"),
        ("用户在头几天、头30天、头90天里流失最多。", "30天", "list of lengths"),
        (
            "Users leave most in the first 30 days, 60 days or 90 days.",
            "30 days",
            "list of lengths",
        ),
    ],
)
def test_idioms_labels_and_asides_are_not(sentence: str, figure: str, reason: str) -> None:
    found = verdicts(sentence)
    if figure not in found:
        return  # not even read as a quantity: no card either way
    result = found[figure]
    assert not result.key, result
    assert reason in result.reason


def test_a_number_in_bold_stands_out_but_a_bold_sentence_does_not_lift_it() -> None:
    sentence = "在去年扩建以后，他们在城外有3条生产线。"
    plain = verdict(sentence, "3条")
    marked = verdict(sentence, "3条", bold="3条")
    whole = verdict(sentence, "3条", bold=sentence)
    assert not plain.key
    assert marked.key and marked.score > plain.score
    assert whole.score == plain.score


def test_a_bold_label_is_never_a_card() -> None:
    result = verdict("第二阶段50%：投入预算", "50%", label="第二阶段50%：")
    assert not result.key
    assert "label" in result.reason


def test_one_unit_as_the_base_of_a_rate_is_not_a_figure_but_the_price_is() -> None:
    found = verdicts("按照1吉瓦约500亿美元计算。")
    assert not found["1吉瓦"].key
    assert "base of a rate" in found["1吉瓦"].reason
    assert found["500亿美元"].key


def test_one_written_as_a_digit_is_a_measure_not_the_phrase() -> None:
    for sentence, figure in (
        ("缓存的有效期只有1小时。", "1小时"),
        ("The warranty lasts 1 year.", "1 year"),
    ):
        assert verdict(sentence, figure).key, sentence
    for sentence, figure in (("缓存等了一小时。", "一小时"), ("We waited one year.", "one year")):
        assert "ordinary phrase" in verdict(sentence, figure).reason, sentence


def test_durations_are_key_only_when_the_sentence_is_about_them() -> None:
    assert not verdict("三年里他读了很多书。", "三年").key
    assert verdict("这座桥的设计寿命是三十年。", "三十年").key


def test_scores_rank_stronger_figures_higher() -> None:
    percent = verdict("产量增长了 12%。", "12%")
    count = verdict("村里有 12 户人家。", "12 户")
    assert percent.score > count.score


def test_a_quotation_lowers_what_it_holds() -> None:
    quoted = verdict("客户说：“只花了10块。”", "10块")
    stated = verdict("客户只花了10块。", "10块")
    assert quoted.score < stated.score
    opened_before = judge("只花了10块。", find_quantities("只花了10块。"), quoted=True)[0]
    assert opened_before.score == quoted.score


def test_an_aside_or_a_quotation_speaks_in_its_own_voice() -> None:
    """A conditional or a "you" outside a parenthesis or a quotation says nothing of a figure
    inside it, nor the other way round."""
    inside = "如果从更保守的价格（目前市价每吨7000美元）出发，利润会更低。"
    assert verdict(inside, "7000美元").key
    outside = "即使按最保守的估计（假设只回收一半），成本也能做到每吨200美元。"
    assert verdict(outside, "200美元").key
    english = "Even on the cautious estimate (if only half return) it costs $200 a ton."
    assert verdict(english, "$200").key
    cited = "一位顾问（看过4200家公司的账）说：“你的价格太低了。”"
    assert verdict(cited, "4200家").key
    assert not verdict("如果你每月花200美元，就能省下时间。", "200美元").key


def test_a_quotation_the_author_set_in_bold_keeps_its_sums_and_shares() -> None:
    sentence = "她说：“花 10 块钱就能干完 1000 块钱的活，进度已经到了 20%，花了三天。”"
    quote = sentence[sentence.index("“") :]
    bold = verdicts(sentence, bold=quote)
    plain = verdicts(sentence)
    for figure in ("10 块钱", "1000 块钱", "20%"):
        assert bold[figure].key and not plain[figure].key, figure
    assert not bold["三天"].key  # a length in a quotation stays the speaker's phrasing
    english = 'She said: "It cost $10 to do $1,000 of work."'
    marked = verdicts(english, bold=english[english.index('"') :])
    assert marked["$10"].key and not verdicts(english)["$10"].key


def test_a_bold_sentence_stresses_the_sentence_not_its_number() -> None:
    for heading in ("最值得读的两三本书？", "Which 3 books are worth reading?"):
        figure = "两三本" if "两" in heading else "3"
        assert verdict(heading, figure, bold=heading).score == verdict(heading, figure).score
    assert not verdict("我们为911提供服务。", "911").key  # 为 here means "for"


def test_a_what_if_question_sets_up_a_made_up_case() -> None:
    for text in (
        "但如果你卖给一家大公司呢？他们看到每月只要2美元的产品，就不会买。",
        "But what if you sell to a big firm? They see a $2 tool and walk away.",
    ):
        block = FigureBlock(text, 1, "", [], [], False, (), ())
        assert not any(spot.candidate.verdict.key for spot in figure_spots(block, 0)), text


def test_a_made_up_case_goes_on_through_its_paragraph() -> None:
    first = "假设你每月在广告上花4万美元。"
    then = "所以这家公司每月能赚5千美元。"
    assert verdict(then, "5千美元").key
    carried = judge(then, find_quantities(then), scenario=True)[0]
    assert not carried.key and "made-up case" in carried.reason
    assert not verdict(first, "4万美元").key
    # An "if" conditions its own sentence; the next states a plan with a real figure.
    block = FigureBlock(
        "如果局面不稳，会很艰难。我们应该建成100吉瓦的计算集群。", 1, "", [], [], False, (), ()
    )
    (spot,) = figure_spots(block, 0)
    assert spot.candidate.verdict.key
    made_up = FigureBlock(
        "假设你每月花4万美元。所以对方每月赚5千美元。", 1, "", [], [], False, (), ()
    )
    assert not any(spot.candidate.verdict.key for spot in figure_spots(made_up, 0))
    english = FigureBlock(
        "Suppose a shop spends $40,000 a month. It then pays $5,000 for the tool.",
        1,
        "",
        [],
        [],
        False,
        (),
        (),
    )
    assert not any(spot.candidate.verdict.key for spot in figure_spots(english, 0))


def _quantity(sentence: str, figure: str) -> Quantity:
    (found,) = [q for q in find_quantities(sentence) if sentence[q.start : q.end] == figure]
    return found


def test_emphasis_needs_the_bold_to_hold_the_figure() -> None:
    sentence = "投资约500亿美元。"
    quantity = _quantity(sentence, "500亿美元")
    assert emphasised(quantity, [(quantity.start, quantity.end)])
    assert emphasised(quantity, [(0, 2), (quantity.start - 1, quantity.end)])
    assert not emphasised(quantity, [(0, 2)])
    assert not emphasised(quantity, [(quantity.start, quantity.end - 1)])


def test_many_figures_in_one_sentence_are_judged_in_linear_time() -> None:
    # Every figure is compared with its neighbours, not with every other one: twenty
    # thousand in one "sentence" are judged at once.
    sentence = "，".join(f"{n}%" for n in range(20_000))
    found = find_quantities(sentence)
    bold = [(q.start, q.end) for q in found]
    assert len(judge(sentence, found, bold=bold)) == 20_000
