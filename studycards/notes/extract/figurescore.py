"""How much a quantity looks like a key figure: one a careful reader would learn.

A figure card is reviewed for years, so a junk one costs far more than a missed one. The
judgement follows what a careful reader weighs:

- what kind of quantity it is: a percentage, ratio, multiple, fraction, sum of money or
  measure with a unit states a fact on its own; a count depends on how big and how exact it
  is; a duration or a bare number is key only when the sentence is about it;
- whether the author marked it (the number itself in bold), gave it exactly (`61.8`,
  `2.3万亿`), or as a range or an estimate (`约`, "about"), which is how notes state facts;
- whether the sentence only illustrates: a conditional, a question, words in quotation
  marks, a rough count (`两三本`, `几十年`), an order of magnitude used as a label (`十亿级`),
  a number repeated for effect (`做两倍的事，付两倍的钱`);
- and what is never a figure: years, dates, names (GPT-4, B-29, Qwen 72B), ordinals, numbers
  in a heading or a label, `一` used as "a" (`一个`, `一天`: the ordinary phrase), and `100%`
  said for emphasis (`100%确定`).

`judge` gives a score and, for a figure that should not be carded, the reason in words a
user reads in `studycards build --explain`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from studycards.notes.extract.quantities import Kind, Quantity

# A figure scoring at least this is carded (unless a note asks for another number of them).
KEY_FIGURE = 0.5

_BASE = {
    Kind.RATIO: 0.8,
    Kind.PERCENT: 0.7,
    Kind.FRACTION: 0.7,
    Kind.MONEY: 0.7,
    Kind.MEASURE: 0.7,
    Kind.MULTIPLE: 0.6,
    Kind.AMOUNT: 0.6,
    Kind.COUNT: 0.5,
    Kind.DURATION: 0.3,
    Kind.NUMBER: 0.25,
    Kind.AGE: 0.1,
}
_NEVER = {
    Kind.YEAR: "a year, not a quantity",
    Kind.DATE: "a date or a time of day",
    Kind.NAME: "part of a name or a version",
    Kind.ORDINAL: "an ordinal: a place in a list",
}


class _Cue:
    """Words that tell what a sentence is about or how it speaks: Chinese ones found by one
    pattern of literals, English ones by the sentence's words (a pattern of English words
    tried at every position of a page costs many times more), and English phrases."""

    def __init__(self, chinese: str, english: str, phrases: tuple[str, ...] = ()) -> None:
        self.chinese = re.compile(chinese) if chinese else None
        self.words = frozenset(english.split())
        self.phrases = phrases

    def said(self, sentence: str, words: frozenset[str]) -> bool:
        """Whether `sentence`, whose case-folded Latin words are `words`, says one of them."""
        if self.chinese is not None and self.chinese.search(sentence):
            return True
        if words and not self.words.isdisjoint(words):
            return True
        if not (words and self.phrases):
            return False
        folded = sentence.casefold()  # once, not once for each phrase
        return any(phrase in folded for phrase in self.phrases)


_LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)?")


# What makes a sentence about a length of time ("建设周期长达十年以上", "takes 9 to 12 months").
_ABOUT_TIME = _Cue(
    "需要|只需|仅需|长达|周期|耗时|花了|用了|历时|持续|之久|回本|翻一番|翻倍|工期|寿命|时长|期限|"
    "每天|每周|每年|每月",
    "last lasts lasted lasting take takes took taking within survival survive survived "
    "lifespan lifetime half-life period duration double doubles doubling daily spend spends "
    "spent",
    ("a day", "per day", "each day"),
)
# A length of time the clause measures: "in 5 to 10 years", "after about 100 years",
# "30 minutes of exercise", "18到24个月内".
_TIME_BEFORE = re.compile(r"(?i:\b(?:in|after|for|within|over|lasting)\s)$")
_TIME_AFTER = re.compile(
    r"\s?(?:内|之内|以内|的?[“「\"]?[\u4e00-\u9fff]{0,3}(?:期|时间|窗口)|(?i:of\s))"
)
# "only three months", "长达十年": a word that dwells on how long it is.
_TIME_STRESSED = re.compile(
    r"(?:仅|仅有|只有|只|长达|足足|整整|(?i:\b(?:only|just|as long as)\s))$"
)
# A length of time before or after which something happens is a point in time ("五年前",
# "20 years ago"): what happened then is the fact, not the length.
_POINT_IN_TIME = re.compile(r"\s?(?:前|后|以前|以后|之前|之后|(?i:ago|later|earlier)\b)")
# Conditionals and hypotheticals: their numbers illustrate rather than state.
# ("would" alone is no cue: history notes tell what came next with it, "he would serve six
# terms".)
_HYPOTHETICAL = _Cue(
    "如果|假如|假设|要是|设想|理想情况下|理想状态下", "if suppose imagine hypothetically ideally"
)
# `100%` said for emphasis: 100%确定, 100% sure.
_EMPHATIC_FULL = re.compile(
    r"\s?(?:确定|肯定|同意|相信|地|是|的把握|正确|支持|赞同|认同|"
    r"(?i:sure|certain|agree|confident|honest|right|true|committed|behind))"
)
# An order of magnitude used as a label: 十亿级, 万亿级规模, 一人十亿美元公司.
_MAGNITUDE_LABEL = re.compile(r"级|量级|(?i:-?scale\b|-?level\b)")
_COMPANY_LABEL = re.compile(r"公司|企业|(?i:\s(?:company|companies|firm|startup)\b)")
# Said in conversation: a transcript's anecdotes and asides ("我们公司600人").
_PERSONAL = _Cue("我|咱", "i we my our")
# Addressed to the listener: "you" in a scenario ("你有20件待办事项", "you pay $5"); 你们
# (your company) is a fact about the listener, not a scenario.
_YOU = _Cue("你(?!们)", "you")
# An example given to illustrate ("就像…", "e.g."): its numbers are often made up.
# An analogy or a made-up example ("就像拿司机数据训练…"): its numbers are invented. (A
# "比如" or "e.g." more often introduces a real case, with real numbers.)
_EXAMPLE = _Cue("就像|好比|打个比方|举个例子", "", ("let's say", "say you"))
# A caption under a chart or a picture ("Figure: At a price of $3…", "图 2：…"): its numbers
# are read off an example drawn for the page.
_CAPTION = re.compile(
    r"\s*(?:(?i:figure|fig\.|chart|graph|image|diagram)|图|表|插图)\s*\d*\s*[:：.]"
)
# A step of arithmetic shown ("30,906x22 rupees = 679,932 rupees").
_ARITHMETIC = _Cue("=|＝", "")
# A sentence that says how many parts or kinds there are: its count is the fact
# ("made up of three layers", "there are 8 kinds", "共有五种", "分为三类").
_HOW_MANY = _Cue(
    "共有|一共|总共|总计|分为|分成|组成|构成",
    "consists consist comprises comprise composed",
    ("made up of", "there are", "there's", "there were", "there is"),
)
# What an argument counts as it goes ("there are two ways to see it", "三个问题"): the count
# orders the text, it is no fact about the subject.
_POINTS = frozenset(
    {"way", "ways", "reason", "reasons", "thing", "things", "idea", "ideas", "question"}
    | {"questions", "point", "points", "option", "options", "lesson", "lessons", "tip", "tips"}
    | {"点"}
)
_POINTS_AFTER = re.compile(r"问题|方面|原因|方法|方式|建议|要点|观点|步骤")
# An equivalence that makes a figure tangible: "相当于约8个纽约市", "the size of 3 football
# fields", "as many as 40 teams".
_EQUIVALENT = re.compile(
    r"(?:相当于|约等于|等于|差不多是|(?i:\b(?:equivalent\s+(?:to|of)|the\s+size\s+of|as\s+many\s+as|"
    r"as\s+much\s+as)\s))$"
)
# An aside in parentheses and a quotation speak in their own voice: a conditional, a "you"
# or an analogy inside one says nothing of the sentence around it ("如果从保守的成本（目前
# 每公斤7000美元）出发", "X（有4200家公司的数据）说：“你的价格太低了”"), nor the other way round.
_OWN_VOICE = re.compile(r"（[^（）]*）|\([^()]*\)|“[^“”]*”|「[^「」]*」")
# What joins a list of numbers said for effect: "10倍、100倍", "一百倍、一千倍".
_LIST_JOIN = re.compile(r"\s?(?:、|，|,|或|到|or\b|and\b)\s?")
# What stands between two listed lengths of time: `、头`, ", the first", " or ".
_LISTED = re.compile(r"\s?(?:、|，|,|或|(?i:or))\s?(?:\w{1,2}\s)?[\u4e00-\u9fff]?")
# A value stated as what something is: "is 0.7 to 0.9", "EQ at seven", "为 3.5".
_STATED = re.compile(r"(?:\b(?:is|are|was|were|at|of|equals|reaches|reached)\s|=\s?|为|是|达到?)$")
# Digits after a space: the bare number is one group of a longer one (`36 500`).
_GROUPED = re.compile(r"[ \u00a0\u202f]\d")
_CLAUSE_MARKS = "，,；;：:。!！?？（）()"
_ENDS = "。.!！?？"
_END = float("inf")
# At most this many characters besides the figure in its clause make the figure the point.
_ALONE = 4
# An indefinite article before a count: the count says what kind of thing it is.
_A_KIND_OF = re.compile(r"(?:一家|一个|一支|一所|(?i:\ban?\s))$")
_PEOPLE = frozenset({"人", "名", "person", "people", "employee", "employees", "staff"})
_QUOTE_MARKS = ("“", "”", "「", "」", "『", "』", '"')


# Magnitudes on their own, the base of a rate in "百万 token 1.01 美金".
_MAGNITUDE_WORDS = frozenset({"百万", "千万", "亿", "万", "千", "百"})


class Verdict(NamedTuple):
    """A candidate's score and, when it is no key figure, why not."""

    score: float
    reason: str

    @property
    def key(self) -> bool:
        return self.score >= KEY_FIGURE


def _exact(quantity: Quantity, text: str) -> bool:
    """Given exactly: a decimal or three significant digits (61.8, 262, 2.3万亿, 0.31)."""
    figure = text[quantity.start : quantity.end]
    digits = "".join(char for char in figure if char.isdigit()).strip("0")
    return "." in figure or len(digits) >= 3


def _round(value: float | None) -> bool:
    """A power of ten: the numbers speech uses for "a lot" (十倍, 一百倍, a thousand times)."""
    if value is None or value <= 0:
        return False
    while value >= 10 and value % 10 == 0:
        value /= 10
    return value == 1


def emphasised(quantity: Quantity, bold: Sequence[tuple[int, int]]) -> bool:
    """Whether the author set this figure itself in bold: a bold stretch holds it and not
    much besides (a bold sentence stresses the sentence, not its number). `bold` is sorted."""
    at = bisect_right(bold, (quantity.start, _END)) - 1
    if at < 0:
        return False
    start, end = bold[at]
    return quantity.end <= end and end - start <= quantity.end - quantity.start + 8


# What one unit of something is the base of, in a rate: 1吉瓦 … 约500亿美元.
_RATED = frozenset({Kind.MONEY, Kind.MEASURE, Kind.AMOUNT, Kind.PERCENT})
# `一` before a classifier is the article "a" (一个, 一种, 一次), and one day, one year, one
# hour or one second is mostly the phrase (那一天, 一年后, 要一小时, 前一秒); one month or one
# century is a length like any other. The phrase writes its one as a word: `1小时`, "1 year"
# are measures.
_ARTICLE_KINDS = frozenset({Kind.COUNT, Kind.AGE, Kind.NUMBER})
_ONE_DAY = frozenset(
    {"天", "日", "年", "周", "秒", "秒钟", "分钟", "小时", "day", "year", "week", "second"}
    | {"minute", "hour"}
)
_WEAK = frozenset({Kind.COUNT, Kind.DURATION, Kind.MULTIPLE, Kind.NUMBER, Kind.AGE})


def _alone(quantity: Quantity, sentence: str) -> bool:
    """Whether the figure is nearly all of its clause ("大概九个月", "走了一年多"): at most a
    few characters stand between it and the clause marks around it."""
    before = sentence[max(0, quantity.lead - _ALONE) : quantity.lead]
    after = sentence[quantity.tail : quantity.tail + _ALONE + 1]
    opened = next((at for at in range(len(before) - 1, -1, -1) if before[at] in _CLAUSE_MARKS), -1)
    closed = next((at for at, char in enumerate(after) if char in _CLAUSE_MARKS), -1)
    if opened < 0 or (closed < 0 and quantity.tail + len(after) < len(sentence.rstrip(_ENDS))):
        return False
    rest = len(before) - opened - 1 + (closed if closed >= 0 else len(after))
    return rest <= _ALONE


class _Tone(NamedTuple):
    """What kind of sentence it is, the same for every figure in it."""

    about_time: bool
    personal: bool
    # What lowers every figure of the sentence, with the reason: a conditional, a question…
    asides: tuple[tuple[float, str], ...]
    how_many: bool = False


_SUPPOSED = "an illustration in a conditional"
_CARRIED = "in a made-up case its paragraph set up before"
_ASIDES = (
    (_HYPOTHETICAL, 0.25, _SUPPOSED),
    (_EXAMPLE, 0.25, "in an analogy or a made-up example"),
    (_YOU, 0.15, "in a scenario put to the listener"),
    (_ARITHMETIC, 0.2, "a step of arithmetic"),
)


@lru_cache(maxsize=64)
def _tone(sentence: str) -> _Tone:
    """The sentence's tone, worked out once for all its figures."""
    found = _LATIN_WORD.findall(sentence)
    words = frozenset(word.casefold().replace("’", "'") for word in found) if found else frozenset()
    asides = [(cut, why) for cue, cut, why in _ASIDES if cue.said(sentence, words)]
    if sentence.rstrip().endswith(("?", "？")):
        asides.insert(1, (0.15, "asked in a question"))
    if _CAPTION.match(sentence):
        asides.append((0.3, "in a caption, which describes a chart or a picture"))
    return _Tone(
        about_time=_ABOUT_TIME.said(sentence, words),
        personal=_PERSONAL.said(sentence, words),
        asides=tuple(asides),
        how_many=_HOW_MANY.said(sentence, words),
    )


# What sets up a made-up case for the sentences after it ("假设你每月花4万美元。…所以它每月赚
# 5千。", "Suppose a firm spends $40k. … It pays $5k."); an "if" only conditions its own.
_SUPPOSE = _Cue("假设|假如|设想|想象一下", "suppose imagine", ("let's say", "say you"))


def supposes(text: str) -> bool:
    """Whether `text` sets up a made-up case: the sentences after it in its paragraph go on
    with it. (One in an aside or a quotation does not: see _OWN_VOICE.)"""
    text = _voices(text)[1]
    words = frozenset(w.casefold() for w in _LATIN_WORD.findall(text))
    if text.rstrip().endswith(("?", "？")) and _HYPOTHETICAL.said(text, words):
        return True  # "what if" (如果…呢？): a case put to the reader
    return _SUPPOSE.said(text, words)


def _voices(sentence: str) -> tuple[list[tuple[int, int]], str]:
    """The sentence's asides in parentheses and its quotations (see _OWN_VOICE), and the
    sentence without them."""
    if not any(mark in sentence for mark in "（(“「"):
        return [], sentence
    voices = [(match.start(), match.end()) for match in _OWN_VOICE.finditer(sentence)]
    outer, pos = [], 0
    for start, end in voices:
        outer.append(sentence[pos:start])
        pos = end
    outer.append(sentence[pos:])
    return voices, "".join(outer)


def _tone_of(quantity: Quantity, sentence: str, voices: list[tuple[int, int]], outer: str) -> _Tone:
    """The tone `quantity` is said in: what the sentence is about is the whole sentence's, how
    it speaks (a conditional, a scenario, an analogy) the voice's the figure stands in."""
    whole = _tone(sentence)
    if not voices:
        return whole
    inside = next((v for v in voices if v[0] < quantity.start and quantity.end < v[1]), None)
    voice = _tone(sentence[inside[0] + 1 : inside[1] - 1] if inside else outer)
    return whole._replace(asides=voice.asides)


class _Around(NamedTuple):
    """What the rest of the sentence says about one of its figures."""

    bold: bool
    label: bool
    quoted: bool
    repeated: bool
    # A money, measure or share figure follows it in the sentence (it may be a rate's base).
    rated_after: bool
    # It stands in a run of round multiples ("10倍、100倍地更聪明").
    round_run: bool
    # Another length of time stands in the sentence: it weighs one against the other
    # ("把一个世纪的进步压缩到十年内").
    other_duration: bool
    # It is joined as "or" to a point in time: "5年或10年前", "5 or 10 years ago".
    joined_point: bool = False
    # It is one of a list of lengths of time: "头几天、头30天、头90天", "a week, a month".
    listed_duration: bool = False


def judge(
    sentence: str,
    quantities: Sequence[Quantity],
    *,
    bold: Sequence[tuple[int, int]] = (),
    label: int = 0,
    quoted: bool = False,
    scenario: bool = False,
) -> list[Verdict]:
    """How key each of `quantities` (in order; offsets into `sentence`) is, in linear time.

    `bold`: the sorted stretches the author set in bold (see `emphasised`). `label`: where a
    bold label that opens the paragraph ends (a figure before it names a part of the note).
    `quoted`: a quotation opened in an earlier sentence is still open. `scenario`: an earlier
    sentence of the paragraph set up a hypothetical (see `supposes`)."""
    said = Counter(sentence[q.lead : q.tail + 1] for q in quantities if q.kind in _WEAK)
    # A sentence all in bold is a heading or a stressed statement, not a stressed figure.
    stressed = () if _all_bold(sentence, bold) else bold
    rated_after = [False] * len(quantities)
    later = False
    for index in range(len(quantities) - 1, -1, -1):
        rated_after[index] = later
        later = later or quantities[index].kind in _RATED
    durations = sum(1 for q in quantities if q.kind is Kind.DURATION)
    verdicts = []
    voices, outer = _voices(sentence)
    pos = 0
    opened = dict.fromkeys(_QUOTE_MARKS, 0)
    marks = [mark for mark in _QUOTE_MARKS if mark in sentence]
    for index, quantity in enumerate(quantities):
        for mark in marks:
            opened[mark] += sentence.count(mark, pos, quantity.start)
        pos = quantity.start
        if quantity.kind in _NEVER:
            verdicts.append(Verdict(0.0, _NEVER[quantity.kind]))
            continue
        around = _Around(
            bold=emphasised(quantity, stressed),
            label=quantity.start < label,
            # A quotation the author set in bold is what the note stresses: its sums, shares
            # and measures are facts; its lengths and counts stay the speaker's phrasing.
            quoted=(quoted or _inside_quotes(opened))
            and not (quantity.kind not in _WEAK and _in_bold(quantity, bold)),
            repeated=said[sentence[quantity.lead : quantity.tail + 1]] > 1,
            rated_after=rated_after[index],
            round_run=_in_round_run(sentence, quantities, index),
            other_duration=durations - (quantity.kind is Kind.DURATION) > 0,
            joined_point=_joined_to_point(sentence, quantities, index),
            listed_duration=_listed_duration(sentence, quantities, index),
        )
        tone = _tone_of(quantity, sentence, voices, outer)
        if scenario and not any(why == _SUPPOSED for _, why in tone.asides):
            tone = tone._replace(asides=(*tone.asides, (0.25, _CARRIED)))
        verdicts.append(_verdict(quantity, sentence, around, tone))
    return verdicts


def _all_bold(sentence: str, bold: Sequence[tuple[int, int]]) -> bool:
    """Whether one bold stretch holds all of the sentence but its end marks."""
    start = len(sentence) - len(sentence.lstrip())
    end = len(sentence.rstrip(" \t\n" + _ENDS + "：:"))
    return any(s <= start and e >= end for s, e in bold)


def _in_bold(quantity: Quantity, bold: Sequence[tuple[int, int]]) -> bool:
    """Whether a bold stretch (of any length) holds the figure. `bold` is sorted."""
    at = bisect_right(bold, (quantity.start, _END)) - 1
    return at >= 0 and quantity.end <= bold[at][1]


def _joined_to_point(sentence: str, quantities: Sequence[Quantity], index: int) -> bool:
    """Whether the figure is a length joined to the next, a point in time ("5年或10年前")."""
    if index + 1 >= len(quantities):
        return False
    this, after = quantities[index], quantities[index + 1]
    if not this.kind is after.kind is Kind.DURATION:
        return False
    join = _LIST_JOIN.match(sentence, this.tail)
    return (
        join is not None
        and join.end() >= after.lead
        and _POINT_IN_TIME.match(sentence, after.tail) is not None
    )


def _listed_duration(sentence: str, quantities: Sequence[Quantity], index: int) -> bool:
    """Whether the figure is a length of time listed with another by `、`, a comma or "or"
    (at most a word between): windows named in passing, not a length to learn."""
    this = quantities[index]
    if this.kind is not Kind.DURATION:
        return False
    for first, second in ((index - 1, index), (index, index + 1)):
        if first < 0 or second >= len(quantities):
            continue
        a, b = quantities[first], quantities[second]
        if a.kind is b.kind is Kind.DURATION and _LISTED.fullmatch(sentence, a.tail, b.lead):
            return True
    return False


def _inside_quotes(opened: dict[str, int]) -> bool:
    if opened['"'] % 2 == 1:
        return True
    return any(opened[a] > opened[b] for a, b in (("“", "”"), ("「", "」"), ("『", "』")))


def _in_round_run(sentence: str, quantities: Sequence[Quantity], index: int) -> bool:
    """Whether the figure and a neighbour are round multiples joined as a list."""
    this = quantities[index]
    if this.kind is not Kind.MULTIPLE or not _round(this.value):
        return False
    for first, second in ((index - 1, index), (index, index + 1)):
        if first < 0 or second >= len(quantities):
            continue
        a, b = quantities[first], quantities[second]
        if not (a.kind is b.kind is Kind.MULTIPLE and _round(a.value) and _round(b.value)):
            continue
        join = _LIST_JOIN.match(sentence, a.tail)
        if join is not None and join.end() >= b.lead:
            return True
    return False


def _verdict(quantity: Quantity, sentence: str, around: _Around, tone: _Tone) -> Verdict:
    if around.label:
        return Verdict(0.0, "in a bold label, which names a part of the note")
    kind, value = quantity.kind, quantity.value
    text = sentence[quantity.start : quantity.end]
    hedged = quantity.approximate
    if (
        value == 1
        and (kind in _ARTICLE_KINDS or quantity.unit in _ONE_DAY)
        and not (quantity.range or hedged or text[:1].isdigit())
    ):
        return Verdict(0.0, f"“{text}” is the ordinary phrase (a, one), not a figure")
    full = kind is Kind.PERCENT and value == 100 and not hedged
    if full and _EMPHATIC_FULL.match(sentence, quantity.end):
        return Verdict(0.0, "100% said for emphasis, not a measured share")
    if kind in _WEAK and around.repeated:
        return Verdict(0.0, "repeated in its sentence for effect")
    score = _BASE[kind]
    why = f"a {kind.value} that does not stand out"
    exact = _exact(quantity, sentence)
    vague = text[:1] in "几数上成" or "几" in text  # 几十, 十几年, 二十几个
    if around.bold:
        score += 0.25
    if quantity.range:
        score += 0.1
    if hedged and not vague:
        score += 0.05
    if exact:
        score += 0.1
    if vague:
        score -= 0.25
        why = "a rough amount said in passing"
    if kind is Kind.DURATION:
        if around.listed_duration and not (around.joined_point or around.bold):
            score -= 0.2
            why = "one of a list of lengths of time named in passing"
        elif around.joined_point or _POINT_IN_TIME.match(sentence, quantity.tail):
            score -= 0.25
            why = "a point in time (… ago, … later), not a length to learn"
        elif (
            tone.about_time
            or around.other_duration
            or _TIME_BEFORE.search(sentence, max(0, quantity.lead - 8), quantity.lead)
            or _TIME_AFTER.match(sentence, quantity.tail)
            or _TIME_STRESSED.search(sentence, max(0, quantity.lead - 10), quantity.lead)
        ):
            score += 0.2
        else:
            why = "a length of time the sentence is not about"
    elif kind is Kind.COUNT:
        if value is not None and value < 10 and not exact and not quantity.range:
            # (A range of small counts, "三到五个", is stated with care.)
            score -= 0.1
            why = "a small count"
        elif value is not None and value >= 100:
            score += 0.1
        if _A_KIND_OF.search(sentence, max(0, quantity.lead - 3), quantity.lead) or (
            quantity.unit in _PEOPLE and _COMPANY_LABEL.match(sentence, quantity.end)
        ):
            # (`1万人公司`, "a 500 person company"; `4200家公司` counts the companies.)
            score -= 0.2
            why = "a size that describes a kind of thing (一家10人的公司, a 10-person team)"
    elif kind is Kind.NUMBER:
        stated = _STATED.search(sentence, max(0, quantity.lead - 12), quantity.lead)
        if _GROUPED.match(sentence, quantity.end):
            why = "part of a number grouped with spaces, which cannot be read for sure"
        elif stated is not None:
            # "life expectancy is 70", "an EQ at seven": the number is the measure's value.
            # (为 and 是 also mean "for" and open names: `为911服务`.)
            score += 0.25 if stated.group().isascii() else 0.15
        else:
            why = "a bare number, with no unit to say what it measures"
    elif kind is Kind.PERCENT and value is not None and value >= 99 and not (hedged or exact):
        score -= 0.25 if tone.personal else 0.1
        why = f"{text}, more often emphasis than a measured share"
    elif (
        kind in (Kind.MONEY, Kind.MEASURE, Kind.AMOUNT)
        and (value == 1 or text in _MAGNITUDE_WORDS)
        and not (quantity.range or hedged)
        and around.rated_after
    ):
        score -= 0.25
        why = "one unit, the base of a rate rather than a figure"
    elif kind is Kind.MULTIPLE and _round(value) and not exact:
        score -= 0.1
        why = "a round multiple, often said for effect"
        if around.round_run:
            score -= 0.2
            why = "one of a run of round multiples said for effect"
    if (
        kind in (Kind.COUNT, Kind.NUMBER)
        and tone.how_many
        and quantity.unit not in _POINTS
        and not _POINTS_AFTER.match(sentence, quantity.end)
    ):
        score += 0.15  # "made up of three parts", "共有五种": the count is the fact
    if kind in _WEAK and _EQUIVALENT.search(sentence, max(0, quantity.lead - 16), quantity.lead):
        score += 0.1  # "相当于约8个纽约市": a comparison that makes a figure tangible
    if _MAGNITUDE_LABEL.match(sentence, quantity.end) or (
        kind in (Kind.MONEY, Kind.AMOUNT) and _COMPANY_LABEL.match(sentence, quantity.end)
    ):
        score -= 0.3
        why = "an order of magnitude used as a label (十亿级)"
    for cut, aside in tone.asides:
        score -= cut
        why = aside
    if around.quoted:
        score -= 0.25
        why = "inside a quotation, where numbers are often examples"
    if kind in _WEAK and _alone(quantity, sentence):
        score += 0.15  # the clause is little but the figure: "大概九个月", "走了一年多"
    if kind in _WEAK and tone.personal:
        score -= 0.1
        why = f"{why}, said in conversation"
    score = round(max(0.0, min(1.0, score)), 2)
    return Verdict(score, "" if score >= KEY_FIGURE else why)
