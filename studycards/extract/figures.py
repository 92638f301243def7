"""Key figures: numbers that carry a fact, found by one compiled pattern.

Ratios (`100:1`), percentages and ranges (`50%`, `20-30%`), counts with Chinese magnitudes
(`2000万`, `20亿美元`), quantities with units (`100吉瓦（GW）`), durations in Chinese numerals
(`三个月`, `十年`), and in English `1.2 million`, `300,000`, `3:1`, `8-9%`, `six months`.
Bare numbers (ordinals, years, list numbers) are not figures: a card on them tests nothing.
"""

from __future__ import annotations

import re

_NUM = r"\d+(?:\.\d+)?"
_RANGE = rf"{_NUM}(?:\s*[-–~～]\s*{_NUM})?"
_CN_DIGIT = "零一二两三四五六七八九十百千"
_CN_UNITS = (
    "吉瓦|兆瓦|千瓦|太瓦|瓦特|瓦|GW|MW|kW|TW|亿美元|万美元|美元|美金|欧元|英镑|日元|人民币|元|"
    "公里|千米|平方公里|米|吨|倍|个月|周|星期|天|小时|分钟|秒|个世纪|年(?!代|级)|岁|"
    "万人|亿人|人|名|架|艘|枚|辆|座|家|次|颗|台|枚"
)
_EN_UNITS = (
    "years?|months?|weeks?|days?|hours?|minutes?|decades?|centuries|times|fold|"
    "GW|MW|kW|TW|gigawatts?|megawatts?|km|kilometers?|kilometres?|miles?|tons?|tonnes?|"
    "people|soldiers|troops|deaths|casualties|dead|lives|dollars|chips|GPUs"
)

_NUM_REST = r"\d*(?:\.\d+)?"  # a number whose first digit is already matched
_RANGE_REST = rf"{_NUM_REST}(?:\s*[-–~～]\s*{_NUM})?"
_UNIT_ABBR = r"(?:\s*[（(][A-Za-z]{1,5}[)）])?"  # 100吉瓦（GW）

# The pattern opens with a character class so the regex engine skips ahead to candidate
# characters instead of trying every alternative at every position (10× faster on prose).
# The first character is consumed by that class; each alternative then checks with a
# look-behind which class it was, and `(?<!X.)` looks at the character before the figure.
FIGURE = re.compile(
    rf"""
    [0-9${_CN_DIGIT}]
    (?<![A-Za-z0-9.,\-_/#@{_CN_DIGIT}第几数].)   # 第三年, 几十年, 数十年: no quantity
    (?<!\d[ \u00a0\u202f].)                   # the 500 of "36 500"
    (?:
        (?<=\d)(?:
            {_NUM_REST}\s*[:：]\s*{_NUM}(?![\d:])                          # ratio 100:1
          | {_RANGE_REST}\s*(?:%|％|\s?percent\b|\s?per\s+cent\b)           # 50%, 20-30%
          | {_RANGE_REST}\s*[万亿]+(?:{_CN_UNITS})?{_UNIT_ABBR}              # 2000万, 20亿美元
          | {_RANGE_REST}\s*(?:{_CN_UNITS}){_UNIT_ABBR}                      # 100吉瓦（GW）
          | \d*(?:,\d{{3}})+(?:\s+(?:{_EN_UNITS})\b)?                       # 300,000
          | {_RANGE_REST}\s+(?:million|billion|trillion|thousand)\b         # 1.2 million
          | {_RANGE_REST}[\s-](?:{_EN_UNITS})\b                              # 20 years
        )
      | (?<=\$)\s?{_NUM}(?:,\d{{3}})*(?:\s*(?:million|billion|trillion)\b)?  # $1.2 billion
      | (?<=百)分之[{_CN_DIGIT}点]+                                         # 百分之五十
      | (?<=[{_CN_DIGIT}])[{_CN_DIGIT}]*(?:个月|个世纪|年(?!代|级)|周|星期|天|小时|倍)  # 三个月, 十年
    )
    (?!战争|战役|之战|(?i:'?\s*wars?\b))   # 三十年战争, the Thirty Years' War: names
    """,
    re.VERBOSE,
)
# "six months", "twenty years": spelled-out English durations, the same trick.
_EN_FIGURE = re.compile(
    r"""
    [TtFfSsEeNnHh](?<![A-Za-z].)
    (?:(?<=[Tt])(?:wo|hree|en|welve|wenty|hirty)|(?<=[Ff])(?:our|ive|ifteen|orty|ifty)
      |(?<=[Ss])(?:ix|even)|(?<=[Ee])(?:ight|leven)|(?<=[Nn])ine|(?<=[Hh])undred)
    [\s-](?:years?|months?|weeks?|days?|decades?|centuries)\b
    (?!'?\s*[Ww]ars?\b)
    """,
    re.VERBOSE,
)
# The words every _EN_FIGURE match ends with (one search; six str.find calls cost more).
_EN_FIGURE_UNIT = re.compile("year|month|week|day|decade|centuries")
_CLOCK_TIME = re.compile(r"[0-2]?\d[:：][0-5]\d")
# A calendar year (`1945年`, `1990-1991年`, `一九四五年`) is a date, not a quantity.
_CN_YEAR_DIGITS = frozenset("〇零一二三四五六七八九")
_CALENDAR_YEAR = re.compile(r"(?:1[0-9]|20)\d\d(?:\s*[-–]\s*(?:1[0-9]|20)?\d\d)?\s*年")


def _is_date_or_time(figure: str) -> bool:
    """`1945年`, `一九四五年` and `10:30` name a moment, not a quantity."""
    if figure[-1] == "年":
        return _is_calendar_year(figure)
    return _CLOCK_TIME.fullmatch(figure) is not None


def _is_calendar_year(figure: str) -> bool:
    digits = figure[:-1]
    if len(digits) >= 3 and all(c in _CN_YEAR_DIGITS for c in digits):
        return True
    return _CALENDAR_YEAR.fullmatch(figure) is not None


def find_figures(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each key figure in `text[start:end]`, in order."""
    stop = len(text) if end is None else end
    found = []
    for match in FIGURE.finditer(text, start, stop):
        figure = match.group()
        # Only a figure ending in 年 or holding a colon can be a date or a time.
        if (figure[-1] == "年" or ":" in figure or "：" in figure) and _is_date_or_time(figure):
            continue
        found.append(match.span())
    # A spelled-out figure ends in one of these words: looking for them first is much cheaper
    # than trying _EN_FIGURE's look-behinds all over Chinese prose.
    # Their first letters, each looked for by a plain character scan, rule out most prose.
    if (
        "y" in text or "m" in text or "w" in text or "d" in text or "c" in text
    ) and _EN_FIGURE_UNIT.search(text, start, stop) is not None:
        words = [match.span() for match in _EN_FIGURE.finditer(text, start, stop)]
        if words:
            found = sorted(found + words)
    return found
