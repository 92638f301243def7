"""Quantities in a sentence: where each number is, what kind of quantity it states, and which
numbers are no quantity at all (a year, a date, a name such as GPT-4, an ordinal).

The span of a quantity is what a figure card hides: the number with its magnitude and unit
(`46-47吉瓦`, `$30 million`, `约350亿-400亿美元` without its `约`, `70%-80%`, `四分之三`,
`9万名`), a range as one span, an English count without its counted noun (`13` of "13
federal courts"). Words that make a number approximate or a bound (`约`, `近`, `超过`, `多`,
`左右`, `以上`, "about", "more than", "or so") are recorded, not hidden: they tell the learner
what kind of answer is wanted.

Numbers are read in three passes, one per script (Arabic digits, Chinese numerals, English
number words); everything after a number (a fraction's `分之`, a magnitude, a range's second
number, a unit) is matched at a known position with anchored patterns, so no pattern here
can backtrack over a long stretch of text. Chinese numerals are converted by cn2an, the
numeral library made for that.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from enum import StrEnum
from functools import cache
from itertools import pairwise
from typing import NamedTuple


class Kind(StrEnum):
    """What a number in prose states."""

    PERCENT = "percent"
    RATIO = "ratio"  # 100:1, one to one
    MULTIPLE = "multiple"  # 5倍, 5x, forty times, triple
    FRACTION = "fraction"  # 四分之三, a third
    MONEY = "money"
    MEASURE = "measure"  # a unit of physics or computing: 吉瓦, miles, GB, 41°20'
    DURATION = "duration"
    AGE = "age"  # 15岁, 40-year-old
    COUNT = "count"  # a number of things: 9万名, 50 种, 40 carcinogens
    AMOUNT = "amount"  # a number with only a magnitude: 34万, 86 billion, 1T
    NUMBER = "number"  # a bare number: "an EQ of seven", "0.7 to 0.9"
    # Numbers that state no quantity: recognised so that they are never read as one.
    YEAR = "year"  # 1945年, the 1790s, 23年 (2023), 公元 800 年, 133 BC
    DATE = "date"  # 3月, 10:30, 2026-03-04, March 3
    NAME = "name"  # GPT-4, B-29, Qwen 72B, Hut 8, 7x24
    ORDINAL = "ordinal"  # 第三, 3rd


# Kinds that state no quantity.
NOT_QUANTITIES = frozenset({Kind.YEAR, Kind.DATE, Kind.NAME, Kind.ORDINAL})


class Quantity(NamedTuple):
    """A number in a sentence: text[start:end] is what a card would hide."""

    start: int
    end: int
    kind: Kind
    # The (first) number's value; None where it cannot be told (`十几`).
    value: float | None
    # The unit or classifier as written (`吉瓦`, `名`, `%`, `years`, `$`), "" for none.
    unit: str = ""
    # Two numbers joined as one range (`18到24个月`, `5x–20x`).
    range: bool = False
    # Marked approximate or a bound: `约`, `超过`, `左右`, "about", "more than", `十几`.
    approximate: bool = False
    # Where the approximation words before and after it begin and end: the hidden span plus
    # its qualifiers is text[lead:tail].
    lead: int = 0
    tail: int = 0


def _bare(start: int, end: int, kind: Kind, value: float | None) -> Quantity:
    """A number with no unit or qualifier read: a year, a date, a name, an ordinal."""
    return Quantity(start, end, kind, value, lead=start, tail=end)


def _word_list(text: str) -> list[str]:
    return text.split()


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- numerals ------------------------------------------------------------------------------

# `1,234,567.8` or `1234.5`. Written to open with one `\d` outside the alternation: a pattern
# that starts with a character class is skipped along the text by that class alone, instead
# of being tried at every position (most of a page is no digit).
_ARABIC = re.compile(r"\d(?:\d{0,2}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d*(?:\.\d+)?)")
_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_CHARS = _CN_DIGITS + "十百千万亿几"
# A run of Chinese numeral characters with an optional decimal part (`三点五`); `数` (several)
# and `上`/`成` (`上千`, `成百上千`: up to) only open one, so a first `数`, `上` or `成` must
# have a numeral character after it. Written as one character class first (then the check
# of what that first character was) so that the engine skips to the next such character
# instead of trying the pattern at every position of the text.
_CHINESE = re.compile(
    rf"[数上成{_CN_CHARS}](?:(?<=[{_CN_CHARS}])|(?=[{_CN_CHARS}]))[{_CN_CHARS}]*"
    rf"(?:点[{_CN_DIGITS}]+)?"
)
_SMALL_WORDS = {
    word: number
    for number, word in enumerate(
        _word_list(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen"
        )
    )
}
_TENS_WORDS = {
    word: 10 * number
    for number, word in enumerate(
        _word_list("twenty thirty forty fifty sixty seventy eighty ninety"), start=2
    )
}
_SCALE_WORDS = {
    "hundred": 100,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
}
# The parts a fraction word divides into: "a third", "two fifths".
_FRACTION_WORDS = {
    **dict.fromkeys(["half", "halves"], 2),
    **dict.fromkeys(["third", "thirds"], 3),
    **dict.fromkeys(["quarter", "quarters", "fourth", "fourths"], 4),
    **dict.fromkeys(["fifth", "fifths"], 5),
    **dict.fromkeys(["sixth", "sixths"], 6),
    **dict.fromkeys(["seventh", "sevenths"], 7),
    **dict.fromkeys(["eighth", "eighths"], 8),
    **dict.fromkeys(["ninth", "ninths"], 9),
    **dict.fromkeys(["tenth", "tenths"], 10),
    **dict.fromkeys(["hundredth", "hundredths"], 100),
    **dict.fromkeys(["thousandth", "thousandths"], 1000),
}
# Words that state a multiple on their own.
_MULTIPLE_WORDS: dict[str, float] = {
    **dict.fromkeys(["twice", "double", "doubled", "doubles", "doubling"], 2),
    **dict.fromkeys(["triple", "tripled", "triples", "tripling", "treble", "trebled"], 3),
    **dict.fromkeys(["thrice"], 3),
    **dict.fromkeys(["quadruple", "quadrupled"], 4),
    "halved": 0.5,
}
# `double`, `triple` before a noun are adjectives ("a double whammy"); as a multiple they
# come before what they multiply ("triple that of ours", "double the cost").
_ADJECTIVE_MULTIPLES = frozenset({"double", "triple", "treble", "quadruple"})
_MULTIPLIED = re.compile(r" (?:the|that|those|its|their|our|his|her|what|in\b|to\b)|[,.;)]|$")
_WORD_NUMBER = "|".join(sorted([*_SMALL_WORDS, *_TENS_WORDS], key=len, reverse=True))
# A spelled-out English number: `forty`, `twenty-five`, `a hundred`, `three hundred`.
_ENGLISH = re.compile(
    rf"(?i:(?:{_WORD_NUMBER})(?:[- ](?:{'|'.join(_SMALL_WORDS)})(?![a-z]))?"
    rf"(?:\s+(?:hundred|thousand|million|billion|trillion))?|a\s+(?:hundred|thousand|dozen)"
    rf"|dozens?|{'|'.join(_MULTIPLE_WORDS)}"
    # `a` and `an` are numbers only before a fraction: "a third", "a fifth".
    rf"|an?(?=[ -](?:{'|'.join(_FRACTION_WORDS)})(?![A-Za-z])))(?![A-Za-z])"
)
# English words the text must hold one of before the English pass runs at all.
# Latin words, looked at one by one: only those that can open a number are matched further
# (a pattern of every number word tried at every position of a page is many times slower).
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_OPENS_NUMBER = frozenset(
    [*_SMALL_WORDS, *_TENS_WORDS, *_MULTIPLE_WORDS, "a", "an", "dozen", "dozens"]
)
# The same words as they stand at a sentence start or in capitals, to rule a text out with one
# set intersection before looking at its words in order.
# (`a` and `an` count only before a fraction word, so the fraction words stand for them.)
_OPENS_NUMBER_AS_WRITTEN = frozenset(
    variant
    for word in (_OPENS_NUMBER - {"a", "an"}) | _FRACTION_WORDS.keys()
    for variant in (word, word.capitalize(), word.upper())
)


class _Numeral(NamedTuple):
    start: int
    end: int
    value: float | None
    approximate: bool
    script: str  # "arabic", "chinese", "english", or "half" for 一半


@cache
def _cn2an() -> Callable[[str, str], object]:
    """cn2an's converter, imported on first use: building its tables takes a noticeable
    fraction of a second, which a note without Chinese numerals should not pay."""
    import cn2an

    convert: Callable[[str, str], object] = cn2an.cn2an
    return convert


@cache
def chinese_value(numeral: str) -> float | None:
    """The value of a Chinese numeral (`三万五千`, `两`, `1.5万`, `三点五`), through cn2an;
    None for one it cannot read (`十几`, `三四十`: approximate on purpose)."""
    convert = _cn2an()
    try:
        value = convert(numeral, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return float(value) if isinstance(value, int | float) else None


def _is_vague(numeral: str) -> bool:
    """`十几`, `几十`, `数百`, `三四十`, `一两百`, `两三`: a count given roughly on purpose."""
    if "几" in numeral or numeral[0] in "数上成":
        return True
    digits = "一二两三四五六七八九"
    return any(a in digits and b in digits for a, b in pairwise(numeral))


def _rough_value(numeral: str) -> float | None:
    """The lower end of a rough Chinese count: `两三` 2, `一两百` 100, `三四十` 30, `十几` 10;
    None where it has no lower end to speak of (`几十`, `数百`, `上千`)."""
    if numeral[0] in "几数上成":
        return None
    digits = "一二两三四五六七八九"
    for at in range(len(numeral) - 1):
        if numeral[at] in digits and numeral[at + 1] in digits:
            numeral = numeral[: at + 1] + numeral[at + 2 :]
            break
    return chinese_value(numeral.replace("几", "").replace("多", ""))


def _english_value(words: str) -> float | None:
    total = 0.0
    current = 0.0
    for word in re.split(r"[\s-]+", words.casefold()):
        if word in ("a", "an"):
            current = current or 1
        elif word in _SMALL_WORDS:
            current += _SMALL_WORDS[word]
        elif word in _TENS_WORDS:
            current += _TENS_WORDS[word]
        elif word in ("dozen", "dozens"):
            current = (current or 1) * 12
        elif word in _SCALE_WORDS:
            scale = _SCALE_WORDS[word]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
        elif word in _MULTIPLE_WORDS:
            return _MULTIPLE_WORDS[word]
        else:
            return None
    return total + current


def _one_is_a_number(text: str, start: int, end: int) -> bool:
    """Whether a lone `一` at text[start:end] counts something: a fraction's part (五分之一),
    a unit that is no classifier (一年, 一个月, 一倍), 半 (一半), or a range's other end
    (一到两年) follows it."""
    if text.startswith("分之", start - 2):
        return True
    after = text[end : end + 1]
    if after in ("半", "到", "至", "-", "～"):
        return True
    if after not in _UNIT_FIRST:
        return False  # most 一: 一些, 一直, 一样
    unit = _CN_UNIT.match(text, end)
    return unit is not None and _CN_UNITS[unit.group().strip().lstrip("多余")] is not Kind.COUNT


def _english_numerals(text: str) -> list[_Numeral]:
    """The spelled-out numbers of `text`: `forty`, `twenty-five`, `a third`, `twice`."""
    found: list[_Numeral] = []
    at = 0
    for word in _LATIN_WORD.finditer(text):
        start = word.start()
        if start < at or word.group().casefold() not in _OPENS_NUMBER:
            continue
        if start and text[start - 1].isalnum():
            continue
        spelled = _ENGLISH.match(text, start)
        if spelled is not None:
            at = spelled.end()
            value = _english_value(spelled.group())
            found.append(_Numeral(start, spelled.end(), value, False, "english"))
    return found


def _numerals(text: str) -> list[_Numeral]:
    """Every numeral in `text`, in order, none overlapping another."""
    found: list[_Numeral] = []
    for match in _ARABIC.finditer(text):
        found.append(
            _Numeral(
                match.start(), match.end(), float(match.group().replace(",", "")), False, "arabic"
            )
        )
    for match in _CHINESE.finditer(text):
        numeral = match.group()
        if numeral == "一" and not _one_is_a_number(text, match.start(), match.end()):
            continue  # 一个, 一些, 一直: "a", "some", "always" (the most common numeral by far)
        if (
            numeral == "一"
            and text.startswith("半", match.end())
            and not text.startswith("到", match.start() - 1)
            and not text.startswith("的时候", match.end() + 1)
        ):
            # 一半 is half; 进行到一半, 一半的时候 say "halfway".
            found.append(_Numeral(match.start(), match.end() + 1, 0.5, False, "half"))
            continue
        if numeral[0] in "上成数" and (len(numeral) == 1 or numeral[1] not in "十百千万亿"):
            continue  # 上, 成 and 数 open a number only in 上千, 成百, 数十 (少数几次 is "a few")
        if numeral in ("数", "几", "千万") or numeral[0] in "万亿":
            # 数 and 几 alone are words; 万 and 亿 open no number; 千万 is mostly the adverb
            # ("千万不要"), and 千万级 a label.
            continue
        vague = _is_vague(numeral)
        value: float | None
        if vague:
            # Read roughly: the lower end of `两三`, `一两百`, `三四十`, `十几`; none for `几十`.
            value = _rough_value(numeral)
        elif all(char in _MAGNITUDE_VALUES for char in numeral):
            # 千亿, 百万, 万亿: a magnitude on its own, which cn2an does not read.
            value = 1.0
            for char in numeral:
                value *= _MAGNITUDE_VALUES[char]
        else:
            value = chinese_value(numeral)
        found.append(_Numeral(match.start(), match.end(), value, vague, "chinese"))
    if not _OPENS_NUMBER_AS_WRITTEN.isdisjoint(_LATIN_WORD.findall(text)):
        english = _english_numerals(text)
        if english:
            # The three scripts use different characters, so their numerals never overlap.
            found = sorted(found + english) if found else english
    elif found and found[-1].script != "arabic" and found[0].script == "arabic":
        found.sort()
    return found


# --- what follows a number -----------------------------------------------------------------


def _units(kind: Kind, units: str) -> dict[str, Kind]:
    return dict.fromkeys(units.split("|"), kind)


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first, so the longest unit wins."""
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


# Units as written after a number, `|`-separated (some hold a space: "per cent").
_CN_UNITS: dict[str, Kind] = {
    **_units(
        Kind.PERCENT,
        "%|％|个百分点|百分点",
    ),
    **_units(
        Kind.MULTIPLE,
        "倍",
    ),
    **_units(
        Kind.MONEY,
        "美元|美金|元|块钱|块|人民币|欧元|英镑|日元|港元|港币|韩元|卢布|刀",
    ),
    **_units(
        Kind.MEASURE,
        "吉瓦|兆瓦|千瓦时|千瓦|太瓦|瓦特|瓦|度电|千伏|伏|公里|千米|米|厘米|毫米|纳米|微米|"
        "英里|英尺|英寸|海里|光年|平方米|平方公里|平方千米|平方英尺|公顷|亩|立方米|吨|"
        "公斤|千克|克|毫克|斤|磅|盎司|升|毫升|加仑|桶|字节|比特|帧|赫兹|摄氏度|℃|°C|°F|"
        "马力|大卡|千卡|卡路里|层楼",
    ),
    **_units(
        Kind.DURATION,
        "年|个月|周|个星期|星期|天|小时|个小时|个半小时|钟头|个钟头|分钟|秒|秒钟|毫秒|"
        "微秒|个世纪|世纪|个季度|季度|个工作日|工作日|昼夜",
    ),
    **_units(
        Kind.AGE,
        "岁",
    ),
    **_units(
        Kind.COUNT,
        "个|名|位|人|家|种|次|颗|台|架|艘|枚|辆|座|条|项|款|篇|本|部|场|支|份|张|所|件|只|"
        "头|片|批|轮|届|期|集|章|句|层|间|套|组|类|门|笔|起|例|对|户|棵|株|匹|根|粒|道|段|"
        "首|遍|趟|票|股|页|字",
    ),
}
_EN_UNITS: dict[str, Kind] = {
    **_units(
        Kind.PERCENT,
        "percent|per cent|percentage points|percentage point",
    ),
    **_units(
        Kind.MULTIPLE,
        "times|fold|x|×",
    ),
    **_units(
        Kind.MONEY,
        "dollars|dollar|bucks|cents|euros|yuan|RMB|USD|EUR|yen|rupees|francs",
    ),
    **_units(
        Kind.MEASURE,
        "watts|watt|kilowatts|kilowatt|megawatts|megawatt|gigawatts|gigawatt|terawatts|"
        "kWh|MWh|GWh|TWh|kW|MW|GW|TW|W|volts|kilometers|kilometres|kilometer|kilometre|km|"
        "meters|metres|meter|metre|m|cm|mm|nm|miles|mile|mi|feet|foot|ft|inches|inch|"
        "yards|light-years|light years|acres|hectares|square miles|square kilometers|"
        "square kilometres|square feet|tons|ton|tonnes|tonne|kg|kilograms|kilogram|grams|"
        "gram|g|mg|pounds|lbs|lb|ounces|oz|liters|litres|liter|litre|ml|gallons|barrels|"
        "GB|TB|MB|KB|PB|bytes|bits|tokens|pages|words|calories|kcal|joules|micromoles|"
        "micromole|millimoles|millimole|moles|mole|mol|Hz|kHz|MHz|GHz|mph|km/h|knots|"
        "degrees|°C|°F|°|bar|bars|psi|atm|atmospheres|kPa|MPa|pascals",
    ),
    **_units(
        Kind.DURATION,
        "years|year|yrs|months|month|weeks|week|days|day|hours|hour|hrs|minutes|minute|"
        "mins|seconds|second|secs|milliseconds|ms|decades|decade|centuries|century|"
        "millennia",
    ),
    **_units(
        Kind.AGE,
        "year-old|years old|year old|-year-old",
    ),
}
# The characters a unit may start with (a space, 多 or 余 may come first).
_UNIT_FIRST = frozenset([unit[0] for unit in _CN_UNITS] + [" ", "\u00a0", "多", "余"])
# `%` and `°` follow a number directly; Chinese units follow with at most one space.
_CN_UNIT = re.compile(rf"[ \u00a0]?[多余]?(?:{_alternation(_CN_UNITS)})")
# English units stand after a space or a hyphen ("20-minute"), or glued when short ("24W").
_EN_UNIT = re.compile(rf"(?:[ \u00a0-]?)(?:{_alternation(_EN_UNITS)})(?![A-Za-z])")
# A unit written again in parentheses, as an abbreviation: `100吉瓦（GW）`.
_UNIT_ABBR = re.compile(r"[（(][A-Za-z]{1,5}[)）]")
# A price per unit written as one unit: `15美元/瓦`, `11-19亿美元/吉瓦`, `$2/kg`. Per a length
# of time (`$5/hour`, "4 dollars a day") stays outside: "[…]/hour" says what is asked.
_PER_UNIT = re.compile(
    "/(?:"
    + _alternation(
        unit
        for unit, kind in [*_CN_UNITS.items(), *_EN_UNITS.items()]
        if kind in (Kind.MEASURE, Kind.COUNT) and unit not in ("%", "％")
    )
    + ")(?![A-Za-z])"
)
# Chinese magnitudes after a number (`2000万`, `2.3万亿`, `千亿`), and English ones.
_CN_MAGNITUDE = re.compile(r"[ \u00a0]?(?:多|余)?(?:[十百千]?[万亿兆]+|千)(?:多|余)?")
_MAGNITUDE_VALUES = {"十": 10, "百": 100, "千": 1e3, "万": 1e4, "亿": 1e8, "兆": 1e12}
_EN_MAGNITUDE = re.compile(
    r"(?:\s(?i:hundred|thousand|million|billion|trillion)(?![A-Za-z])"
    r"|\s?(?:bn|mn|tn|[kKMBT])(?![A-Za-z0-9]))"
)
# What joins the two ends of a range.
_RANGE_JOIN = re.compile(r"\s*(?:[-–—~～]|到|至|\s(?:to|and)\s)\s*")
_FRACTION_JOIN = re.compile(r"分之")
_FRACTION_AFTER = re.compile(r"[ -](\w+)")
# What follows a fraction that is a share ("a third of", "a fifth the wage", "a third less").
_FRACTION_FOLLOWERS = _words(
    "of the that those as less more fewer lower higher smaller larger bigger what its their "
    "our his her and or to in"
)
# "five times a week": how often, not how many times more.
_FREQUENCY = re.compile(
    r" (?:a|an|per|each|every) (?:day|week|month|year|hour|minute|second|session)\b"
)
_CURRENCY_BEFORE = re.compile(r"(?:US\$|HK\$|A\$|C\$|[$€£¥₹]|(?:RMB|USD|CNY|EUR|GBP)\s?)$")
_RATIO = re.compile(r"[:：](\d+(?:\.\d+)?)(?:[:：]\d+(?:\.\d+)?)*(?![\d:：])")
_CLOCK = re.compile(r"[:：][0-5]\d(?![\d.])")
_ENGLISH_RATIO = re.compile(r"[ -]to[ -](?:one|two|three|four|five|ten|\d+)\b(?:\s+ratio)?")
_DEGREES_MINUTES = re.compile(r"°\s?\d{1,2}['′](?:\s?\d{1,2}(?:\.\d+)?[\"″])?")
# `7x24`, `1920×1080`: a product or a size, not a multiple.
_PRODUCT = re.compile(r"\s?[x×*]\s?\d+")
_MULTIPLE_X = re.compile(r"\s?[x×X](?![A-Za-z0-9])")
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)(?![A-Za-z])")
_ERA = re.compile(r"\s?(?:BC|AD|BCE|CE|B\.C\.|A\.D\.)(?![A-Za-z])")
_DECADE = re.compile(r"'?s(?![A-Za-z])")
_DATE_AFTER = re.compile(r"\s?(?:月|日|号)(?!份额)")
_ISO_DATE = re.compile(r"[-/.]\d{1,2}[-/.]\d{1,4}(?!\d)")
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_MONTH_BEFORE = re.compile(rf"(?:{_MONTHS})\.?\s$")
_MONTH_AFTER = re.compile(rf"\s(?:{_MONTHS})(?![a-z])")
# The counted noun after an English number: "40 carcinogens", "six layers".
_EN_NOUN = re.compile(r" (?:[a-z][a-z-]*)(?![A-Za-z])")
_EN_NOT_NOUNS = _words(
    "a an the of to and or but in on at by for from with as is are was were be been than "
    "that this these those which who what when where if so it its it's or nor per more less "
    "fewer most times percent"
)
# A bare number after a noun that a determiner or preposition opens ("of workshop 12", "in
# room 101", "the number 7") labels that thing.
_LABELLED = re.compile(
    r"\b(?:the|a|an|of|in|at|on|from|for|this|that|each|every|his|her|its|their|our|my|your)"
    r"\s([a-z]{3,}) $"
)


def _counted(word: str) -> bool:
    """Whether an English word after a number names what it counts ("40 carcinogens"), not
    a verb or an adverb that goes on the sentence ("12 forged", "3 mostly")."""
    return word not in _EN_NOT_NOUNS and not word.endswith(("ed", "ing", "ly"))


# Words before a number that make it approximate or a bound; the first that fits is taken.
_HEDGES_BEFORE_CN = re.compile(
    r"(?:差不多|大约|大概|将近|接近|超过|不到|不足|低于|高于|大于|小于|少于|多于|至少|最多|最少|不少于|"
    r"不超过|约|近|超|逾)\s?$"
)
_HEDGES_BEFORE_EN = re.compile(
    r"(?i:approximately|more\s+than|fewer\s+than|less\s+than|at\s+least|at\s+most|roughly|"
    r"nearly|almost|around|about|up\s+to|close\s+to|upwards\s+of|over|under|some|"
    r"just\s+over|just\s+under|well\s+over)\s$|[~≈<>]\s?$"
)
_HEDGES_AFTER = re.compile(
    r"(?:\s?(?:左右|以上|以下|以内|出头|多)|\s(?:or\s+so|or\s+more|or\s+less|plus)(?![A-Za-z])|\+)"
)
# A capitalised word after a number makes it part of a name or a title: "11 Labs".
_TITLE_AFTER = re.compile(r" [A-Z][a-z]")
# A Latin word right before a number makes it part of a name: `Qwen 72B`, `Hut 8`, `World
# War 1`. These words do not: they are the prose around a number.
_FUNCTION_WORDS = _words(
    "a an the of to and or but in on at by for from with as is are was were be than about "
    "around over under nearly almost only just some up top all each every after before since "
    "until within per than approximately roughly more less fewer least most at into onto "
    "among between like near past via plus minus cost costs costing paid pay pays raised "
    "worth spent spend spends lost lose won win took take takes reached reach reaches hit "
    "grew grow grows fell fall falls rose rise rises has have had gets got get with without "
    "by ranked rank scored score scores"
)
# Chinese words a number follows in prose (是3.5, 约8, 占30): it is no part of a name then.
_CN_BEFORE_NUMBER = frozenset("是为约近达至到和与及或比有了在从占超逾共仅过每前后第等乘除加减余剩")
_LATIN_BEFORE = re.compile(r"([A-Za-z][A-Za-z.'’]*)([ \u00a0]|-)?$")
_YEAR_CUE_BEFORE_CN = re.compile(r"(?:从|自|到|至|在|于|是|、|，|,|-|–|：|:)\s?$|^$")
_YEAR_CUE_AFTER_CN = re.compile(
    r"(?:初|底|末|中|年底|年初|年中|上半年|下半年|的时候|时(?![期间长代])|那年|那会|开始|以前|以来|之前|"
    r"前后|到|至|[-–、]|进|毕业|成立|创办|发布|推出|\s?\d{1,2}月)"
)
_DURATION_CUE_BEFORE_CN = re.compile(
    r"(?:了|过|近|约|长达|超过|过去|未来|最近|花|用|经过|历时|持续|整整|足足|将近|再|需要|"
    r"需|只需|仅需|要|这|那|头|前|后|每|多)\s?$"
)
_DURATION_CUE_AFTER_CN = re.compile(r"(?:来|之久|以上|以内|内|多|的时间|时间|里|间|后)")
_WAR = re.compile(r"战争|战役|之战|(?i:'?s?'?\s*wars?\b)")
_YEARS_WAR = re.compile(r"[\s-](?i:years?)'?s?'?\s(?i:wars?)\b")
_ERA_BEFORE = re.compile(r"公元前?\s?$")
# `1.2.3` after its first number: a version.
_VERSION_DOTS = re.compile(r"\.\d+\.\d")


def _year_like(value: int) -> bool:
    """Whether a two-digit number before 年 can be a year of the last decades (98年, 23年): the
    way speech shortens recent years. 30 to 79 read as lengths of time."""
    return value <= 30 or value >= 80


def _unit_after(text: str, pos: int, script: str) -> tuple[int, Kind, str] | None:
    """The unit right after offset `pos`: (its end, its kind, the unit as written)."""
    if pos >= len(text):
        return None
    char = text[pos]
    if script != "english" or char in "%％" or "\u4e00" <= char <= "\u9fff" or char == " ":
        found = _CN_UNIT.match(text, pos)
        if found:
            unit = found.group().strip().lstrip("多余")
            if script == "english" and unit not in ("%", "％"):
                found = None
            else:
                end = found.end()
                abbr = _UNIT_ABBR.match(text, end)
                if abbr and _CN_UNITS[unit] is Kind.MEASURE:
                    end = abbr.end()
                kind = _CN_UNITS[unit]
                if unit == "块" and script != "arabic":
                    kind = Kind.COUNT  # 一块太阳能板: a piece; 10块 is ten yuan
                return end, kind, unit
    found = _EN_UNIT.match(text, pos)
    if found:
        unit = found.group().lstrip(" \u00a0-")
        # A one- or two-letter unit must touch the number or follow one space, never a hyphen.
        if len(unit) <= 2 and found.group().startswith("-"):
            return None
        return found.end(), _EN_UNITS.get(unit) or _EN_UNITS[unit.casefold()], unit
    return None


class _Scan:
    """Reads quantities off one text, numeral by numeral."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.numerals = _numerals(text)
        self.index = 0

    def skip_to(self, pos: int) -> None:
        """Pass over the numerals that start before `pos` (read as part of a quantity)."""
        while self.index < len(self.numerals) and self.numerals[self.index].start < pos:
            self.index += 1

    def numeral_at(self, pos: int) -> _Numeral | None:
        """The next unread numeral if it starts exactly at `pos`."""
        if self.index < len(self.numerals) and self.numerals[self.index].start == pos:
            return self.numerals[self.index]
        return None

    def magnitude(self, numeral: _Numeral) -> tuple[int, float | None]:
        """The end of `numeral` with its magnitude (`2000万`, `1.2 million`, `52M`), and its
        value scaled by it."""
        text, end, value = self.text, numeral.end, numeral.value
        if numeral.script == "arabic":
            found = _CN_MAGNITUDE.match(text, end)
            if found:
                # 兆瓦 and 千瓦 are units, not magnitudes.
                after = found.end()
                if after < len(text) and text[after] == "瓦" and found.group()[-1] in "兆千":
                    return end, value
                scale = 1.0
                for char in found.group().strip().strip("多余"):
                    scale *= _MAGNITUDE_VALUES[char]
                return found.end(), None if value is None else value * scale
            found = _EN_MAGNITUDE.match(text, end)
            if found:
                word = found.group().strip().casefold()
                scale = {"k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9, "t": 1e12}.get(
                    word, _SCALE_WORDS.get(word, 1e12)
                )
                return found.end(), None if value is None else value * scale
        elif numeral.script == "english":
            found = _EN_MAGNITUDE.match(text, end)
            if found and found.group()[0].isspace() and found.group().strip().isalpha():
                word = found.group().strip().casefold()
                if word in _SCALE_WORDS:
                    return found.end(), None if value is None else value * _SCALE_WORDS[word]
        return end, value

    def read(self) -> Quantity | None:
        numeral = self.numerals[self.index]
        self.index += 1
        text = self.text
        start = numeral.start
        name = self.name(numeral)
        if name is not None:
            return name
        if numeral.script == "half":
            return self.finish(numeral, start, numeral.end, Kind.FRACTION, "半", False)
        war = _YEARS_WAR.match(text, numeral.end)
        if war:
            return _bare(start, war.end(), Kind.NAME, numeral.value)  # the Thirty Years' War
        if numeral.script == "english" and numeral.value is not None:
            word = text[numeral.start : numeral.end].casefold()
            if word in _MULTIPLE_WORDS:
                if word in _ADJECTIVE_MULTIPLES and not _MULTIPLIED.match(text, numeral.end):
                    return None
                return self.finish(numeral, start, numeral.end, Kind.MULTIPLE, word, False)
        # A fraction: 四分之三, 百分之五十, 五分之一到二十分之一.
        joined = _FRACTION_JOIN.match(text, numeral.end)
        if joined:
            upper = self.numeral_at(joined.end())
            if upper is not None:
                self.index += 1
                end = upper.end
                kind = Kind.PERCENT if text[start : joined.start()] == "百" else Kind.FRACTION
                ranged = False
                join = _RANGE_JOIN.match(text, end)
                if join and self.numeral_at(join.end()) is not None:
                    second = self.numerals[self.index]
                    if _FRACTION_JOIN.match(text, second.end) and self.index + 1 < len(
                        self.numerals
                    ):
                        third = self.numerals[self.index + 1]
                        if third.start == second.end + 2:
                            self.index += 2
                            end, ranged = third.end, True
                approximate = numeral.approximate or upper.approximate
                below, above = numeral.value, upper.value
                if text[start : joined.start()] in ("百", "千", "万"):
                    below = _MAGNITUDE_VALUES[text[start]]
                value = None if not below or above is None else above / below
                if kind is Kind.PERCENT and value is not None:
                    value *= 100
                return self.finish(
                    numeral, start, end, kind, "分之", ranged, value=value, approximate=approximate
                )
        # An English fraction: a third, one-third, two thirds, a fifth, one in five.
        if numeral.script == "english":
            fraction = _FRACTION_AFTER.match(text, numeral.end)
            if fraction and text.startswith(" dozen", fraction.end()):
                # half a dozen, a half dozen: about six
                return self.finish(
                    numeral,
                    start,
                    fraction.end() + 6,
                    Kind.COUNT,
                    "dozen",
                    False,
                    value=6,
                    approximate=True,
                )
            if fraction and fraction.group(1).casefold() in _FRACTION_WORDS:
                noun = _EN_NOUN.match(text, fraction.end())
                if noun and noun.group()[1:] not in _FRACTION_FOLLOWERS:
                    # "a third term", "a fifth time": a place in a sequence, not a share.
                    return _bare(start, fraction.end(), Kind.ORDINAL, numeral.value)
                parts = _FRACTION_WORDS[fraction.group(1).casefold()]
                share = None if numeral.value is None else numeral.value / parts
                return self.finish(
                    numeral, start, fraction.end(), Kind.FRACTION, "", False, value=share
                )
        # A ratio: 100:1, 3:1:1, 16：9 (a clock time is a date).
        ratio = _RATIO.match(text, numeral.end)
        if ratio and numeral.script == "arabic":
            self.skip_to(ratio.end())
            if (
                ratio.group().count(":") + ratio.group().count("：") == 1
                and _CLOCK.match(text, ratio.start() + ratio.group().find(ratio.group(1)) - 1)
                and (numeral.value or 0) < 24
                and "." not in text[start : numeral.end]
            ):
                return _bare(start, ratio.end(), Kind.DATE, numeral.value)
            return self.finish(numeral, start, ratio.end(), Kind.RATIO, ":", False)
        english_ratio = _ENGLISH_RATIO.match(text, numeral.end)
        if english_ratio and english_ratio.group().endswith("ratio"):
            self.skip_to(english_ratio.end())
            end = english_ratio.end() - len("ratio")
            return self.finish(numeral, start, end - 1, Kind.RATIO, "to", False)
        # Money written with its sign first: $30 million, ¥5000, US$2.
        currency = _CURRENCY_BEFORE.search(text, max(0, start - 4), start)
        if currency and numeral.script == "arabic":
            end, value = self.magnitude(numeral)
            end, ranged, _ = self.range_end(end, numeral.script, money=True)
            per = _PER_UNIT.match(text, end)
            if per:
                end = per.end()
            return self.finish(numeral, currency.start(), end, Kind.MONEY, "$", ranged, value=value)
        not_quantity = self.not_quantity(numeral)
        if not_quantity is not None:
            return not_quantity
        end, value = self.magnitude(numeral)
        magnitude = end > numeral.end
        degrees = _DEGREES_MINUTES.match(text, end)
        if degrees and numeral.script == "arabic" and not magnitude:
            self.skip_to(degrees.end())
            return self.finish(numeral, start, degrees.end(), Kind.MEASURE, "°", False)
        end, ranged, unit = self.range_end(end, numeral.script)
        if unit is None:
            if numeral.script == "chinese" and not magnitude and not ranged:
                # A Chinese numeral without a unit is a word (一些, 三体, 二战, 百模大战), not a
                # number, unless it is a magnitude of its own (千亿模型).
                bare = text[start:end]
                if len(bare) < 2 or not all(char in _MAGNITUDE_VALUES for char in bare):
                    return None
            noun = _EN_NOUN.match(text, end)
            if numeral.script != "chinese" and noun and _counted(noun.group()[1:]):
                return self.finish(
                    numeral, start, end, Kind.COUNT, noun.group()[1:], ranged, value=value
                )
            labelled = _LABELLED.search(text, max(0, start - 24), start)
            if (
                labelled
                and numeral.script == "arabic"
                and not magnitude
                and not ranged
                and labelled.group(1).casefold() not in _FUNCTION_WORDS
            ):
                # "workshop 12", "room 101", "sword number 7": a number that labels a thing.
                return _bare(start, end, Kind.NAME, value)
            kind = (
                Kind.AMOUNT if magnitude or (value is not None and value >= 10_000) else Kind.NUMBER
            )
            return self.finish(numeral, start, end, kind, "", ranged, value=value)
        unit_end, kind, unit_text = unit
        if kind is Kind.MULTIPLE and _FREQUENCY.match(text, unit_end):
            kind = Kind.COUNT
        per = _PER_UNIT.match(text, unit_end)
        if per and kind in (Kind.MONEY, Kind.MEASURE, Kind.COUNT):
            unit_end = per.end()
        if kind is Kind.DURATION and _WAR.match(text, unit_end):
            # 三十年战争, the Thirty Years' War, 百年战争: a name, not a length of time.
            return _bare(start, unit_end, Kind.NAME, value)
        if kind is Kind.DURATION and unit_text == "年":
            year = self.chinese_year(numeral, unit_end, ranged=ranged)
            if year is not None:
                return year
        return self.finish(numeral, start, unit_end, kind, unit_text, ranged, value=value)

    def range_end(
        self, end: int, script: str, *, money: bool = False
    ) -> tuple[int, bool, tuple[int, Kind, str] | None]:
        """Where a quantity ending (so far) at `end` ends: past a unit, a range's second
        number and its unit. Also whether it is a range, and its unit."""
        text = self.text
        unit = None if money else _unit_after(text, end, script)
        after_unit = unit[0] if unit else end
        join = _RANGE_JOIN.match(text, after_unit)
        if join is None or self.numeral_at(join.end()) is None:
            return after_unit, False, unit
        if join.group().strip() in ("and",) and unit is None:
            return after_unit, False, unit
        second = self.numerals[self.index]
        if script == "arabic" and second.script != "arabic" and join.group().strip() in "-–—":
            return after_unit, False, unit
        # A date or a span of years (2026-03-04, 1990-1991) is no range of quantities.
        if (
            len(text[second.start : second.end]) == 4
            and len(text[join.start() - 4 : join.start()]) == 4
        ):
            first = text[join.start() - 4 : join.start()]
            if first.isdigit() and 1000 <= int(first) <= 2100 and unit is None:
                return after_unit, False, unit
        self.index += 1
        second_end, _ = self.magnitude(second)
        second_unit = None if money else _unit_after(text, second_end, script)
        if second_unit is not None:
            if unit is not None and second_unit[1] is not unit[1]:
                self.index -= 1
                return after_unit, False, unit
            return second_unit[0], True, second_unit
        if unit is not None and unit[2] not in ("%", "％"):
            # `5 years to 10` is no range: the second number has no unit of its own.
            self.index -= 1
            return after_unit, False, unit
        if money:
            per = _PER_UNIT.match(text, second_end)
            return (per.end() if per else second_end), True, None
        return second_end, True, unit

    def name(self, numeral: _Numeral) -> Quantity | None:
        """A number that is part of a name: GPT-4, B-29, H100, Qwen 72B, Hut 8, 7x24, v1.2."""
        if numeral.script != "arabic":
            return None
        text, start, end = self.text, numeral.start, numeral.end
        before = text[max(0, start - 40) : start]
        glued = before[-1:]
        if glued.isalpha() and glued.isascii():
            return _bare(start, end, Kind.NAME, numeral.value)
        if (
            len(before) >= 2
            and before[-1] in ".:"
            and before[-2].isascii()
            and before[-2].isalpha()
        ):
            return _bare(start, end, Kind.NAME, numeral.value)  # H.264, localhost:3001
        unit = _unit_after(text, end, "arabic")
        year_like = len(text[start:end]) == 4 and 1000 <= (numeral.value or 0) <= 2100
        if (
            _TITLE_AFTER.match(text, end)
            and text[start:end].isdigit()
            and (numeral.value or 0) < 1000
            and unit is None
            and not _EN_MAGNITUDE.match(text, end)
            and not year_like
        ):
            return _bare(start, end, Kind.NAME, numeral.value)  # 11 Labs, 3 Predictions
        latin = _LATIN_BEFORE.search(before)
        if (
            latin
            and not year_like
            and _MONTH_BEFORE.search(before) is None
            and (unit is None or unit[2] in "BMKT")
        ):
            # `Hut 8`, `B-29`, `World War 1`; not `In 5 years`, `About 200` or `up-to-date`.
            word, gap = latin.group(1), latin.group(2)
            prose = word.casefold() in _FUNCTION_WORDS
            capitalised = word[0].isupper() and len(word) > 1 and "." not in word
            if (gap == "-" and not prose) or (capitalised and not prose):
                return _bare(start, end, Kind.NAME, numeral.value)
        if (
            "\u4e00" <= glued <= "\u9fff"
            and glued not in _CN_BEFORE_NUMBER
            and unit is None
            and not _CN_MAGNITUDE.match(text, end)
            and not _RATIO.match(text, end)
            and not _RANGE_JOIN.match(text, end)
        ):
            # A bare number glued to a Chinese word names something: 硅谷101, 医疗3.0.
            return _bare(start, end, Kind.NAME, numeral.value)
        if (
            end < len(text)
            and text[end].isascii()
            and text[end].isalpha()
            and unit is None
            and not _DECADE.match(text, end)
            and not _EN_MAGNITUDE.match(text, end)
            and not _MULTIPLE_X.match(text, end)
            and not _ORDINAL_SUFFIX.match(text, end)
        ):
            # A number glued to letters that are no unit or magnitude: 5G, 3D, 2FA.
            return _bare(start, end, Kind.NAME, numeral.value)
        product = _PRODUCT.match(text, end)
        if product:
            return _bare(start, product.end(), Kind.NAME, numeral.value)
        if _VERSION_DOTS.match(text, end) or (start and text[start - 1] in "vV#"):
            return _bare(start, end, Kind.NAME, numeral.value)
        return None

    def not_quantity(self, numeral: _Numeral) -> Quantity | None:
        """Years, dates and ordinals: numbers that name a moment or a place in a list."""
        text, start, end = self.text, numeral.start, numeral.end
        if start and text[start - 1] == "第":
            return _bare(start, end, Kind.ORDINAL, numeral.value)
        if numeral.script != "arabic":
            if numeral.script == "chinese" and end < len(text) and text[end] == "年":
                digits = text[start:end]
                if len(digits) >= 3 and all(char in "〇零一二三四五六七八九" for char in digits):
                    return _bare(start, end + 1, Kind.YEAR, numeral.value)  # 一九四五年
            return None
        suffix = _ORDINAL_SUFFIX.match(text, end)
        if suffix:
            return _bare(start, suffix.end(), Kind.ORDINAL, numeral.value)
        value = numeral.value or 0
        raw = text[start:end]
        era = _ERA.match(text, end)
        if era or _ERA_BEFORE.search(text, max(0, start - 4), start):
            return _bare(start, era.end() if era else end, Kind.YEAR, value)
        iso = _ISO_DATE.match(text, end)
        if iso and raw.isdigit() and (len(raw) == 4 or len(iso.group()) >= 3):
            return _bare(start, iso.end(), Kind.DATE, value)
        date = _DATE_AFTER.match(text, end)
        if date and raw.isdigit() and value <= 31:
            return _bare(start, date.end(), Kind.DATE, value)
        if (
            raw.isdigit()
            and value <= 31
            and (
                _MONTH_BEFORE.search(text, max(0, start - 12), start)
                or _MONTH_AFTER.match(text, end)
            )
        ):
            return _bare(start, end, Kind.DATE, value)
        if (
            raw.isdigit()
            and len(raw) == 4
            and 1000 <= value <= 2100
            and not _CN_MAGNITUDE.match(text, end)
            and not _EN_MAGNITUDE.match(text, end)
            and not text.startswith(("多", "余"), end)
        ):
            decade = _DECADE.match(text, end)
            if decade:
                return _bare(start, decade.end(), Kind.YEAR, value)
            unit = _unit_after(text, end, "arabic")
            if unit is None or unit[2] in ("年", "年代") or text.startswith("年代", end):
                return _bare(start, end + 1 if unit else end, Kind.YEAR, value)
        if raw.isdigit() and text.startswith("年代", end):
            return _bare(start, end + 2, Kind.YEAR, value)
        if (
            raw.isdigit()
            and len(raw) == 2
            and _DECADE.match(text, end)
            and start
            and text[start - 1] in "'’"
        ):
            return _bare(start - 1, end + 1, Kind.YEAR, value)  # the '90s
        return None

    def chinese_year(
        self, numeral: _Numeral, unit_end: int, *, ranged: bool = False
    ) -> Quantity | None:
        """`23年`, `98年`, `公元 800 年`: a year written with 年, not a number of years. A
        two- or three-digit year reads as a date where the words around it say so (从23年开始)
        and nothing marks a length of time (过去20年, 20年来)."""
        text, start = self.text, numeral.start
        raw = text[start : numeral.end]
        if numeral.script != "arabic" or not raw.isdigit() or len(raw) not in (2, 3):
            return None
        if ranged and len(raw) == 2:
            # 17年到19年, 21-22年: both ends read as years or neither does.
            last = re.search(r"(\d+)年$", text[start:unit_end])
            if last is None or not _year_like(int(last.group(1))):
                return None
        before = text[max(0, start - 4) : start]
        if _DURATION_CUE_BEFORE_CN.search(before) or _DURATION_CUE_AFTER_CN.match(text, unit_end):
            return None
        value = int(raw)
        if len(raw) == 2 and not _year_like(value):
            return None
        if _YEAR_CUE_BEFORE_CN.search(before) or _YEAR_CUE_AFTER_CN.match(text, unit_end):
            return _bare(start, unit_end, Kind.YEAR, float(value))
        if len(raw) == 3:
            return _bare(start, unit_end, Kind.YEAR, float(value))
        return None

    def finish(
        self,
        numeral: _Numeral,
        start: int,
        end: int,
        kind: Kind,
        unit: str,
        ranged: bool,
        *,
        value: float | None = None,
        approximate: bool = False,
    ) -> Quantity:
        """The quantity text[start:end], with the qualifiers around it."""
        text = self.text
        lead, tail = start, end
        window = text[max(0, start - 24) : start]
        hedge = _HEDGES_BEFORE_CN.search(window) or _HEDGES_BEFORE_EN.search(window)
        if hedge:
            lead = start - (len(window) - hedge.start())
        after = _HEDGES_AFTER.match(text, end)
        if after and not (after.group().strip() == "多" and kind is Kind.COUNT):
            tail = after.end()
        approximate = approximate or numeral.approximate or lead < start or tail > end
        if "多" in text[start:end] or "余" in text[start:end]:
            approximate = True
        return Quantity(
            start,
            end,
            kind,
            numeral.value if value is None else value,
            unit,
            ranged,
            approximate,
            lead,
            tail,
        )


def find_quantities(text: str) -> list[Quantity]:
    """Every number in `text` read as a quantity, or as what it is instead (a year, a date, a
    name, an ordinal), in order and never overlapping. Chinese numerals that stand in words
    (`一些`, `二战`, `三体`) are not numbers here."""
    scan = _Scan(text)
    found: list[Quantity] = []
    while scan.index < len(scan.numerals):
        quantity = scan.read()
        if quantity is None:
            continue
        if found and quantity.start < found[-1].end:
            continue
        found.append(quantity)
    return found
