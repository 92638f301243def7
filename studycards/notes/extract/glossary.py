"""Glossary annotations in a note's blocks: which bold words the author defines, and why the
others are not terms.

The forms read (note_forms.md lists them with how often real notes use each):

- a gloss after the bold: `**对齐**（Alignment: …）`, `**total war** (a conflict …)`, with
  quotes or book-title marks between: `《**三体**》（The Three-Body Problem）`;
- a gloss inside the bold: `**瓦尔登湖（Walden）**`, `**“护城河”（moat）**`, `**EHR（…）系统**`
  (the term is the word the gloss belongs to), several in one bold (`**A（a）、B（b）**`), and
  a comma instead of parentheses: `**同比，YoY**`;
- a definition after a colon or a dash, at the start of a paragraph or a list item:
  `**Tariff:** a tax…`, `- **Feature creep** – scope that grows…`, `- *Osmosis*: …`, also
  after a gloss: `- **Shadow IT**（影子IT）- 未经批准…`;
- a bold list item whose definition is on its next line, and `A **mutation** is a …`;
- `Term :: definition` lines (definition lists are paired by the deck builder).

What is not a term is told by the shape of the whole annotation: what the parentheses hold (an
example, an aside, a date, a citation), what follows the colon (speech, an instruction, a
value, a list, nothing), the bold itself (a figure, a numbered step, a sentence, a slogan) and
whether the same bold opens paragraphs as a label again and again (a speaker). Each of those
is a Skip with its reason, so nothing is dropped without a word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from studycards.notes.extract.markdown import Block, BlockKind, Mark
from studycards.notes.extract.quantities import NOT_QUANTITIES, find_quantities
from studycards.notes.extract.sentences import join_lines, sentences
from studycards.notes.extract.skips import Skip
from studycards.notes.extract.terms import (
    Gloss,
    collapse_spaces,
    has_cjk,
    initials,
    is_abbreviation,
    is_name,
    is_reference,
    parse_gloss,
    with_definition,
    without_label,
)

_OPEN = "（("
_CLOSE = "）)"
_QUOTE_PAIRS = {
    "“": "”",
    "‘": "’",
    "「": "」",
    "『": "』",
    "《": "》",
    "〈": "〉",
    '"': '"',
    "'": "'",
}
_QUOTES_OPEN = "".join(_QUOTE_PAIRS)
_QUOTES_CLOSE = "".join(_QUOTE_PAIRS.values())
_COLONS = "：:"
# A definition after a dash: ` – `, ` — `, ` - `, `——`, `—`.
_DASH = re.compile(r"[ \t]*(?:——|—|–|－)[ \t]*|[ \t]*-[ \t]+")
# `**Cancer** is a group of diseases…`, `A **mutation** is a sudden change…`.
_COPULA = re.compile(r"[ \t]+(?:is|are|refers to|means)[ \t]+(?=\S)")
_ARTICLE = re.compile(r"(?:an?|the)[ \t]+", re.IGNORECASE)
# The longest gloss looked for, and how deep parentheses may nest inside one.
_MAX_GLOSS = 400
_MAX_DEPTH = 3
_PAREN = re.compile(r"[（()）\n]")
# A bold that numbers a step, a stage or a point: `第三阶段`, `2. Hiring`, `Step 3`, `First sequence`.
_NUMBERED = re.compile(
    r"^(?:第[一二三四五六七八九十百千\d]+(?:阶段|步|天|章|节|部分|点|条|层|级|梯队|个|种|期|轮|周|季|课|讲|集|篇|回|类|代)"
    r"|[一二三四五六七八九十]+[、.．]|\d+[.、)）．]|\(\d+\))"
    # English: a count or an ordinal first ("Three reasons", "2 steps", "First"), or a
    # numbered label ("Step 3", "Part two"); a number inside a name ("Model 3000", "Apollo
    # 11") is part of the name.
    r"|^(?:\d+|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
    r"|one|two|three|four|five|six|seven|eight|nine|ten)(?![\w-])"
    r"|(?<![\w-])(?:step|part|phase|stage|point|chapter|section|lesson|day|week|round|level"
    r"|tier|rule|reason|question|option|method|way|tip|lecture|episode|unit|item|no\.?)"
    r"\s*#?(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)(?![\w-])",
    re.IGNORECASE,
)
# Personal pronouns make a clause, never a name (`**他们讨厌它**`).
_PRONOUN = re.compile(
    r"[我你他她它您咱]|(?<![\w-])(?:you|we|he|she|it|they|this|that|these|those|our|your|my)(?![\w-])"
)
_PERSONAL = re.compile(r"(?<![\w-])(?:I|you|we|it|they|our|your|my)(?![\w-])")
# Degree adverbs open an emphasised adjective, never a name (`**非常直接**`, `**very fast**`).
_DEGREE = re.compile(
    r"(?:非常|很|特别|十分|极其|极为|更加|更|最|太|真正|真的|相当|有点|完全)|(?:very|really|extremely|quite|so|too|most|more)\b",
    re.IGNORECASE,
)
# A statement, not a name: `**速度就是功能**`, `**Speed is a feature**`.
_STATEMENT = re.compile(
    r"是|胜过|胜于|优于|不如|等于|(?<![\w-])(?:is|are|was|were|beats|trumps|wins)(?![\w-])"
)
# What opens an aside or an example rather than a gloss.
_ASIDE = re.compile(
    r"(?:如|例如|比如|当然|譬如|诸如|包括|包含|含|但|但是|不过|虽然|尽管|即使|甚至|尤其|特别是|可能|大约|约|大概"
    r"|e\.g\.|eg\b|for example|for instance|such as|like\b|including|although|though|but\b"
    r"|except|especially|see\b|cf\.)",
    re.IGNORECASE,
)
_EXAMPLES_END = re.compile(r"(?:等等?|etc\.?|…+|\.\.\.)$")
# Three or more items set off by the enumeration comma `、` list examples, even without `等`
# (`（支持甲、乙、丙）`): a gloss names one thing. A term that counts its parts, or an
# acronym with a letter for each item, is the exception: the list spells them out
# (`三原色（红、绿、蓝）`, `ACID（原子性、一致性、隔离性、持久性）`).
_ENUMERATION = re.compile(r"[^、]+(?:、[^、]+){2,}")
_COUNTS_PARTS = re.compile(
    r"\d|[两二三四五六七八九十]|(?<![\w-])(?i:two|three|four|five|six|seven|eight|nine|ten)(?![\w-])"
)
# The names of a note's own fields and call-outs (`*Example*:`, `**Note:**`, `**注意**：`):
# every note has them, they label what follows, and none is a word to learn.
_GENERIC_LABELS = frozenset(
    "example examples e.g. eg note notes nb n.b. tip tips hint hints warning caution "  # noqa: SIM905
    "important remember summary recap answer answers question questions "
    "definition takeaway takeaways "
    "例子 例如 比如 举例 示例 注 注意 备注 提示 小贴士 警告 总结 小结 答案 问题 定义 "
    "要点 重点".split()
)
# A parenthesis that opens with a quantity (`（几倍到十倍的空间）`, `(3 to 5 times)`) says how
# much, not what.
_QUANTITY_FIRST = re.compile(
    r"(?:[\d.]+|[几数一二两三四五六七八九十百千万]+)\s*(?:倍|%|％|个|年|岁|月|天|小时|分钟|人|次|万|亿|times\b|percent\b)"
)
_YEAR = re.compile(r"(?:1[5-9]|20)\d\d(?:\s*[-–]\s*(?:1[5-9]|20)?\d\d)?\s*(?:年|s)?")
# A name as a field's value: `Greg Isenberg`, `Lenny's Podcast`, `Y Combinator`.
_PROPER_NAME = re.compile(r"(?:[A-Z0-9][\w'’&.-]*)(?: [A-Z0-9][\w'’&.-]*){0,2}")
# What starts speech or an instruction rather than a definition.
_SPEECH = re.compile(
    r"(?:我们|我|你们|你|咱们|您|请)|(?:I|I'm|I've|I'd|we|we're|you|you're|your|please|let's|let me)\b",
    re.IGNORECASE,
)
# How a Chinese definition starts when its bold has no gloss: `**边际成本**：是…`, `：指…`.
_DEFINING = re.compile(r"是|指|即|意为|意思是|意指|表示|泛指|特指|一种|一类|又称|也称|也叫|亦称")
# A loose count makes a phrase, not a name: `运行多个智能体`, `一些工具`.
_LOOSE_COUNT = re.compile(r"多个|几个|一些|许多|很多|各种")
# What opens advice, not a name: a verb and its object (`关注新用户上手`, `保持真实`,
# `避免过早优化`); with one character after it the verb is part of a noun (`关注度`).
_INSTRUCTION = re.compile(
    r"(?:关注|专注|聚焦|保持|坚持|避免|不要|别再|尽量|尽早|尽快|务必|一定要|记得|试着)"
    r"[\u4e00-\u9fff]{2}"
)
# A conjunction joining another item to a term inside one bold: `**CV（…）和深度学习时代**`.
_JOINER = re.compile(r"^[、，,和与及或]|^以及|^and\b|^or\b")
# What separates the items of a list: `、` in Chinese (whose `，` joins clauses), `,` and `;`.
_LIST_SEPARATORS = re.compile(r"[,、;；]")
# After a gloss inside the bold, at most this much more may follow before it is a sentence.
_MAX_TAIL_CJK = 6
_MAX_TAIL_WORDS = 2
_MAX_TERM_CJK = 16
_MAX_TERM_WORDS = 6
# `Term :: definition` (Obsidian/Dataview style); `::` with no spaces is Obsidian SR's card.
_DOUBLE_COLON = re.compile(r"^[ \t]*([^\n:]{1,80}?)[ \t]+::[ \t]+([^\n]+)$", re.MULTILINE)


class Found(NamedTuple):
    """A glossary term read at file line `line`."""

    term: str
    gloss: Gloss
    line: int


class Reading(NamedTuple):
    """What one block gave: its terms, what it did not card and why, and the stretches of its
    text (the glosses) that figure cards leave out."""

    found: list[Found]
    skipped: list[Skip]
    cuts: list[tuple[int, int]]


def _label_key(text: str) -> str:
    return collapse_spaces(text).strip(_COLONS + " ").casefold()


def find_figures(text: str) -> list[tuple[int, int]]:
    """Where `text` states a quantity (a figure, not a year, a date or a name)."""
    return [(q.start, q.end) for q in find_quantities(text) if q.kind not in NOT_QUANTITIES]


def _one_of(char: str, chars: str) -> bool:
    """Whether `char` (a one-character slice, maybe empty at the text's end) is in `chars`."""
    return bool(char) and char in chars


def _starts_block(text: str, start: int) -> bool:
    """Whether only spaces or opening quotes come before `start` in the block."""
    return start <= 4 and not text[:start].strip(" \t" + _QUOTES_OPEN)


class Labels(NamedTuple):
    """How often each bold opens a block followed by a colon, in paragraphs and in list
    items: a name that opens paragraphs again and again is a speaker's, one that opens many
    list items a field's (`**Prevention**:` under every disease). A term is defined once,
    or twice in two senses."""

    paragraphs: Counter[str]
    items: Counter[str]

    def repeated(self, block: Block, name: str) -> bool:
        key = _label_key(name)
        if block.item:
            return self.items[key] >= 3
        # In a transcript, where speakers' names open paragraph after paragraph, every
        # bold with a colon that opens a paragraph is a label.
        return self.paragraphs[key] >= 2 or any(n >= 3 for n in self.paragraphs.values())


def labels(blocks: Iterable[Block]) -> Labels:
    """The note's Labels."""
    found = Labels(Counter(), Counter())
    for block in blocks:
        if block.kind is not BlockKind.PARAGRAPH or not block.spans:
            continue
        span = block.spans[0]
        if span.mark not in (Mark.STRONG, Mark.EMPHASIS) or not _starts_block(
            block.text, span.start
        ):
            continue
        bold = block.text[span.start : span.end]
        after = block.text[span.end : span.end + 2].lstrip()
        if _one_of(bold.rstrip()[-1:], _COLONS) or _one_of(after[:1], _COLONS):
            counts = found.items if block.item else found.paragraphs
            counts[_label_key(re.split(r"[（(]", bold)[0])] += 1
    return found


def _skip_spaces(text: str, pos: int, most: int) -> int:
    """`pos` moved past at most `most` spaces and tabs."""
    stop = min(len(text), pos + most)
    while pos < stop and text[pos] in " \t":
        pos += 1
    return pos


def _group_end(text: str, open_at: int, stop: int) -> int | None:
    """The offset of the parenthesis closing the one at `open_at`, if it closes before `stop`,
    on the same line, within _MAX_GLOSS characters and _MAX_DEPTH levels."""
    depth = 0
    limit = min(stop, open_at + _MAX_GLOSS)
    for match in _PAREN.finditer(text, open_at, limit):
        char = match.group()
        if char == "\n":
            return None
        if char in _OPEN:
            depth += 1
            if depth > _MAX_DEPTH:
                return None
        else:
            depth -= 1
            if depth == 0:
                return match.start()
    return None


class _Marks(NamedTuple):
    """The code, bare-URL and link stretches of a block, looked up once per block."""

    code: list[tuple[int, int]]
    urls: list[tuple[int, int]]
    links: list[tuple[int, int]]


def _unquoted(text: str) -> str:
    text = text.strip()
    while len(text) >= 2 and _QUOTE_PAIRS.get(text[0]) == text[-1]:
        text = text[1:-1].strip()
    return text


def _cjk_count(text: str) -> int:
    return sum(1 for char in text if has_cjk(char))


def _head(before: str, gloss: str) -> str:
    """The term a gloss inside a bold belongs to, from the bold's text before the gloss:
    `智能体的标准操作程序（SOP）` → 标准操作程序, `高度优化的RAG（检索增强生成）` → RAG,
    `Datadog MCP（Model Context Protocol）` → MCP, `非常有“拼劲”（scrappy）` → 拼劲."""
    before = before.strip()
    if before and before[-1] in _QUOTES_CLOSE:
        opening = max(before.rfind(o) for o, c in _QUOTE_PAIRS.items() if c == before[-1])
        if opening >= 0 and opening < len(before) - 1:
            return before[opening + 1 : -1].strip()
    before = _unquoted(before)
    latin = re.search(r"[A-Za-z][A-Za-z0-9 .&'’/+-]*$", before)
    latin_gloss = not has_cjk(gloss)
    if latin is not None:
        tail, prefix = latin.group().strip(), before[: latin.start()]
        if has_cjk(prefix):
            return tail if not latin_gloss or not has_cjk(prefix[-1:]) else before
        words = tail.split()
        name = re.split(r"[，,]", gloss)[0]
        if len(words) > 1 and is_abbreviation(words[-1]) and initials(name) == words[-1]:
            return words[-1]
        return tail
    head = re.sub(r"^(?:一个|一种|一款|这个|那个|这种|那种|某个|某种|该)\s*", "", before)
    # `该死的功能开关（Feature Flag）`: a name in English is the term's, not its modifier's;
    # `生命的质量（Quality of Life）` keeps its `的`, which the English `of` translates.
    if latin_gloss and "的" in head and " of " not in f" {gloss} ":
        head = head[head.rindex("的") + 1 :] or head
    return head


def _term_problem(term: str) -> str | None:
    """Why `term` is no glossary term, or None."""
    if not any(char.isalnum() for char in term):
        return "no word to learn in it"
    if collapse_spaces(term).strip(_COLONS + " ").casefold() in _GENERIC_LABELS:
        return "a generic label (Example, Note), not a term"
    figures = find_figures(term)
    if figures and sum(end - start for start, end in figures) * 2 >= len(term.strip()):
        return "a figure in bold, not a term"
    if _NUMBERED.search(term):
        return "a numbered heading, step or point"
    if any(char in "。！？；，,!?;" for char in term) or term.rstrip().endswith(("？", "?")):
        return "a sentence or a question in bold, not a term"
    if _cjk_count(term) > _MAX_TERM_CJK or term.count(" ") + 1 > _MAX_TERM_WORDS:
        return "a whole phrase in bold, not a term"
    if _PRONOUN.search(term):
        return "a clause, not a name"
    if _DEGREE.match(term):
        return "emphasis, not a name"
    if _STATEMENT.search(term):
        return "a slogan or a statement, not a name"
    if len(term.strip()) < 2:
        return "too short to be a term"
    return None


def _spelled_out(term: str, items: str) -> bool:
    """Whether the `、` list `items` spells out the parts `term` names: it counts them
    (`三原色`) or is an acronym with one letter an item (`CAP定理`, `ACID`)."""
    count = items.count("、") + 1
    return bool(_COUNTS_PARTS.search(term)) or any(
        len(letters) == count for letters in re.findall(r"[A-Z]{2,}", term)
    )


def _gloss_problem(marks: _Marks, gloss: str, start: int, end: int, *, term: str) -> str | None:
    """Why the parenthesis text[start:end] of `block`, after `term`, is no gloss, or None."""
    text = without_label(gloss.strip())
    if not text:
        return "empty parentheses"
    code = sum(e - s for s, e in marks.code if start <= s and e <= end + 1)
    if any(start <= s <= end for s, _ in marks.urls) or (
        code and len(text.replace(" ", "")) - code < 3
    ):
        return "code or a link in parentheses, not a gloss"
    if is_reference(text):
        return "a citation in parentheses, not a gloss"
    if _ASIDE.match(text) or _SPEECH.match(text):
        return "an aside or an example in parentheses, not a gloss"
    enumerated = _ENUMERATION.fullmatch(text) is not None and not _spelled_out(term, text)
    if (enumerated or _EXAMPLES_END.search(text)) and not any(c in text for c in _COLONS):
        items = _LIST_SEPARATORS.split(_EXAMPLES_END.sub("", text))
        if all(_cjk_count(item) <= 8 and item.count(" ") <= 3 for item in items):
            return "examples in parentheses, not a gloss"
    figures = find_figures(text)
    if (
        _YEAR.fullmatch(text)
        or (figures and figures[0] == (0, len(text)))
        or _QUANTITY_FIRST.match(text)
    ):
        return "a date or a figure in parentheses, not a gloss"
    if (
        not has_cjk(text)
        and text.count(" ") >= 2
        and not _ARTICLE.match(text)
        and (_STATEMENT.search(text) or _PERSONAL.search(text))
    ):
        return "a slogan and its translation, not a term"
    return None


def _name_words(name: str) -> int:
    """How many words an English name has, counting an abbreviation's letters (`RAG` stands
    for three) and the parts of a run-together name (`DevTools` is two)."""
    if is_abbreviation(name):
        return sum(1 for char in name if char.isalpha())
    return len(re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", name)) or 1


def _pair_problem(term: str, gloss: str) -> str | None:
    """Why a Chinese phrase and the English name in its parentheses are no term and its
    name: a name translates each English word in a few characters (`工作记忆（working
    memory）`, `超大规模数据中心（Hyperscaler）`); a phrase many times longer, one that
    counts loosely (`多个`, `一些`) or one that tells the reader what to do says more than
    its English name: a clause with the translation of one of its words
    (`同时运行多个编码智能体（coding agents）`, `关注新用户上手（Onboarding）`)."""
    name = parse_gloss(term, gloss).english
    if not has_cjk(term) or not name or has_cjk(name) or not is_name(name):
        return None
    if (
        _cjk_count(term) > 4 * _name_words(name) + 4
        or _LOOSE_COUNT.search(term)
        or _INSTRUCTION.match(term)
    ):
        return "a phrase with its translation, not a term"
    return None


def _definition(block: Block, start: int) -> str:
    """The first sentence of the block's text from `start`, on one line."""
    rest = block.text[start:]
    found = sentences(rest, until=0)
    first = rest[found[0][0] : found[0][1]] if found else rest
    return collapse_spaces(join_lines(first)).strip()


def _is_list(text: str) -> bool:
    """`X-rays, Gamma rays`, `投资人、顾问、律师`: short items, not a sentence."""
    parts = _LIST_SEPARATORS.split(text.rstrip("。."))
    return len(parts) >= 2 and all(
        _cjk_count(part) <= 6 and part.strip().count(" ") <= 2 and part.strip() for part in parts
    )


def _definition_problem(block: Block, marks: _Marks, start: int, definition: str) -> str | None:
    """Why the text after a label's colon is no definition, or None."""
    if not definition:
        return "a label with nothing after its colon"
    rest_end = start + len(block.text[start:].split("\n")[0])
    links = marks.links
    if links and all(s <= start + 1 and e >= rest_end - 1 for s, e in links[:1]):
        return "a label before a link, not a definition"
    figures = find_figures(definition)
    if _YEAR.fullmatch(definition) or (
        figures and figures[0][1] - figures[0][0] >= len(definition) - 1
    ):
        return "a field label with a value, not a definition"
    if (
        (definition.isascii() and re.fullmatch(r"[\w.@/'’-]{1,24}", definition))
        or (has_cjk(definition) and re.fullmatch(r"[\w·]{1,5}", definition))
        or re.fullmatch(r"\d[\d\s./:-]*", definition)
        or _PROPER_NAME.fullmatch(definition)
    ):
        return "a field label with a value, not a definition"
    if _SPEECH.match(definition):
        return "a label before speech or an instruction"
    if _is_list(definition):
        return "a label before a list, not a definition"
    return None


class _Block:
    """Reads the annotations of one block."""

    def __init__(self, block: Block, labels: Labels) -> None:
        self.block = block
        self.text = block.text
        self.marks = _Marks(
            block.marked(Mark.CODE), block.marked(Mark.URL), block.marked(Mark.LINK)
        )
        self.labels = labels
        self.found: list[Found] = []
        self.skipped: list[Skip] = []
        self.cuts: list[tuple[int, int]] = []

    def skip(self, start: int, end: int, reason: str) -> None:
        self.skipped.append(Skip(self.block.line_at(start), self.text[start:end], reason))

    def term(self, term: str, gloss: Gloss, start: int) -> None:
        self.found.append(Found(collapse_spaces(_unquoted(term)), gloss, self.block.line_at(start)))

    def read(self) -> Reading:
        block, text = self.block, self.text
        last = -1
        for span in block.spans:
            if span.start < last:
                continue  # inside a bold already read
            if span.mark is Mark.STRONG or (
                span.mark is Mark.EMPHASIS and _starts_block(text, span.start)
            ):
                last = span.end
                self.annotation(span.start, span.end, strong=span.mark is Mark.STRONG)
        if block.kind is BlockKind.PARAGRAPH and "::" in text:
            for match in _DOUBLE_COLON.finditer(text):
                term, definition = match.group(1).strip(), match.group(2).strip()
                problem = _term_problem(term)
                if problem is None and definition:
                    self.term(term, Gloss(definition=definition), match.start(1))
                else:
                    self.skip(match.start(), match.end(), problem or "nothing after `::`")
        return Reading(self.found, self.skipped, self.cuts)

    def annotation(self, start: int, end: int, *, strong: bool) -> None:
        text, block = self.text, self.block
        after = end
        if (
            start > 0
            and text[start - 1] in _QUOTES_OPEN
            and _one_of(text[end : end + 1], _QUOTES_CLOSE)
        ):
            after = end + 1  # `“**护城河**”（moat）`, `《**三体**》（…）`
        core_end = end
        while core_end > start and text[core_end - 1] in " \t":
            core_end -= 1
        inner_colon = core_end > start and text[core_end - 1] in _COLONS
        if inner_colon:
            core_end -= 1
        core = text[start:core_end].strip()
        at_start = _starts_block(text, start)
        # The parenthesis after the bold: up to three spaces (where an HTML comment stood).
        pos = _skip_spaces(text, after, 3)
        gloss: tuple[int, int] | None = None
        if not inner_colon and _one_of(text[pos : pos + 1], _OPEN):
            close = _group_end(text, pos, len(text))
            if close is not None:
                gloss = (pos + 1, close)
        pos = gloss[1] + 1 if gloss else after
        # A colon or a dash after the bold or its gloss, or the colon inside the bold.
        kind, definition_at = "", pos
        colon = _skip_spaces(text, pos, 2)
        if inner_colon:
            kind = "colon"
        elif _one_of(text[colon : colon + 1], _COLONS):
            kind, definition_at = "colon", colon + 1
        elif at_start and (dash := _DASH.match(text, pos)) is not None:
            kind, definition_at = "dash", dash.end()
        definition_at = _skip_spaces(text, definition_at, len(text))
        if block.kind in (BlockKind.HEADING, BlockKind.CELL):
            if gloss or any(c in core for c in _OPEN):
                where = "in a heading" if block.kind is BlockKind.HEADING else "in a table"
                self.skip(start, gloss[1] + 1 if gloss else end, where)
            return
        if (
            kind == "colon"
            and at_start
            and self.labels.repeated(block, re.split(r"[（(]", core)[0])
        ):
            self.skip(start, end, "a label that opens paragraph after paragraph, not a term")
            return
        if any(start < e and s < core_end for s, e in self.marks.code):
            if gloss or kind:
                self.skip(start, end, "code in bold, not a term")
            return
        definition = _definition(block, definition_at) if kind and at_start else ""
        if (strong or kind) and any(c in core for c in _OPEN):
            self.inside(start, core_end, kind=kind, definition=definition, at=definition_at)
        elif strong and gloss is not None:
            self.after(
                start, after, core, gloss, kind=kind, definition=definition, at=definition_at
            )
        elif strong and not kind and re.search(r"[，,]", core):
            self.comma(start, end, core)
        elif kind and at_start:
            self.defined(start, end, core, definition, definition_at)
        elif strong and at_start and block.item and text[core_end:].lstrip(" \t").startswith("\n"):
            line_end = text.index("\n", core_end) + 1
            self.defined(start, end, core, _definition(block, line_end), line_end)
        elif strong:
            self.copula(start, end, core)
        for comment in block.comments:
            tag = comment.text
            if (
                end <= comment.offset <= end + 3
                and tag.lower().startswith("term:")
                and not any(found.line == block.line_at(start) for found in self.found)
            ):
                self.term(core, Gloss(english=tag[5:].strip()), start)

    def glossed_problem(self, term: str, where: tuple[int, int], *, kind: str) -> str | None:
        """Why `term` with the gloss at text[start:end] is no glossary term, or None."""
        start, end = where
        gloss = self.text[start:end]
        problem = (
            _term_problem(term)
            or _gloss_problem(self.marks, gloss, start, end, term=term)
            or _pair_problem(term, gloss)
        )
        scope_note = kind == "colon" and has_cjk(term) and not re.search(r"[A-Za-z]", gloss)
        if problem is None and scope_note:
            return "a label with a scope note in parentheses, not a gloss"
        return problem

    def after(
        self,
        start: int,
        cut_from: int,
        core: str,
        where: tuple[int, int],
        *,
        kind: str,
        definition: str,
        at: int,
    ) -> None:
        """A gloss after the bold: `**对齐**（Alignment）`, `“**护城河**”（moat）`."""
        text = self.text
        gloss_start, gloss_end = where
        gloss_text = text[gloss_start:gloss_end]
        shown_end = gloss_end + 1
        term = _unquoted(core)
        problem = self.glossed_problem(term, (gloss_start, gloss_end), kind=kind)
        if problem is not None:
            self.skip(start, shown_end, problem)
            return
        self.cuts.append((cut_from, shown_end))
        gloss = parse_gloss(term, gloss_text)
        if (
            kind
            and definition
            and _definition_problem(self.block, self.marks, at, definition) is None
        ):
            gloss = with_definition(gloss, definition)
        self.term(term, gloss, start)

    def inside(self, start: int, core_end: int, *, kind: str, definition: str, at: int) -> None:
        """Glosses inside the bold: `**瓦尔登湖（Walden）**`, `**A（a）、B（b）**`."""
        text = self.text
        core = text[start:core_end]
        if any(c in core.strip() for c in _COLONS):
            self.skip(start, core_end, "a heading-like label in bold, not a term")
            return
        if _INSTRUCTION.match(_unquoted(core)):
            # Advice with a translation of a word or two (`保持真实（authentic）和直接（direct）`).
            self.skip(start, core_end, "a phrase with its translation, not a term")
            return
        items: list[tuple[str, int, int]] = []  # head, gloss start, gloss end
        pos = start
        while pos < core_end:
            opening = min(
                (
                    i
                    for i in (text.find("（", pos, core_end), text.find("(", pos, core_end))
                    if i >= 0
                ),
                default=-1,
            )
            if opening < 0:
                break
            close = _group_end(text, opening, core_end)
            if close is None:
                break
            before = text[pos:opening]
            joined = _JOINER.sub("", before.strip()).strip()
            if items and not joined:
                break  # two parentheses in a row: the second is no gloss of a word
            if any(c in before for c in "。！？；!?;") or (
                not items and any(c in before for c in "，,")
            ):
                self.skip(start, core_end, "an emphasised sentence with a gloss inside, not a term")
                return
            items.append((_head(joined, text[opening + 1 : close]), opening + 1, close))
            pos = close + 1
            # The next item starts after a separator; text without one ends the list.
            rest = text[pos:core_end]
            if not rest.strip() or not _JOINER.match(rest.strip()):
                break
        tail = _JOINER.sub("", text[pos:core_end].strip()).strip()
        if not items:
            return
        tail_items = [t for t in re.split(r"[、，,]", tail) if t.strip()]
        if tail and (
            any(c in tail for c in "。！？；!?;")
            or (
                len(tail_items) <= 1
                and (
                    _cjk_count(tail) > _MAX_TAIL_CJK
                    or tail.count(" ") >= _MAX_TAIL_WORDS + (0 if has_cjk(tail) else 1)
                )
            )
        ):
            self.skip(start, core_end, "an emphasised sentence with a gloss inside, not a term")
            return
        for index, (head, gloss_start, gloss_end) in enumerate(items):
            gloss_text = text[gloss_start:gloss_end]
            problem = self.glossed_problem(head, (gloss_start, gloss_end), kind=kind)
            if problem is not None:
                self.skip(start, core_end, problem)
                continue
            self.cuts.append((gloss_start - 1, gloss_end + 1))
            gloss = parse_gloss(head, gloss_text)
            if (
                index == 0
                and kind
                and definition
                and _definition_problem(self.block, self.marks, at, definition) is None
            ):
                gloss = with_definition(gloss, definition)
            self.term(head, gloss, start)

    def comma(self, start: int, end: int, core: str) -> None:
        """`**同比，YoY**`, `**世界联合学院，United World College**`: a name and its gloss."""
        left, _, right = (part.strip() for part in re.split(r"([，,])", core, maxsplit=1))
        if has_cjk(left) == has_cjk(right) or not (is_name(left) and is_name(right)):
            return  # a phrase with a comma in it: emphasis
        term, other = (left, right) if has_cjk(left) else (right, left)
        problem = _term_problem(term)
        if problem is not None:
            self.skip(start, end, problem)
            return
        self.term(term, parse_gloss(term, other), start)

    def defined(self, start: int, end: int, core: str, definition: str, definition_at: int) -> None:
        """`**Tariff:** a tax…`, `- **Feature creep** – scope…`, a definition on the next line."""
        term = _unquoted(core)
        problem = _term_problem(term)
        if problem is not None:
            self.skip(start, end, problem)
            return
        problem = _definition_problem(self.block, self.marks, definition_at, definition)
        if (
            problem is None
            and not self.block.item
            and len(sentences(self.text[definition_at:])) > 1
        ):
            problem = "a label before a passage, not a definition"
        if problem is None and has_cjk(term) and not _DEFINING.match(definition):
            problem = "a list label without a gloss: it reads as a point, not a definition"
        if problem is not None:
            self.skip(start, min(len(self.text), definition_at + 30), problem)
            return
        self.term(term, Gloss(definition=definition), start)

    def copula(self, start: int, end: int, core: str) -> None:
        """`**Cancer** is a group of diseases…`, `A **mutation** is a sudden change…`."""
        text = self.text
        before = text[:start]
        if before.strip() and (_ARTICLE.fullmatch(before) is None):
            return
        verb = _COPULA.match(text, end)
        if verb is None or has_cjk(core):
            return
        definition = _definition(self.block, verb.end())
        problem = _term_problem(core)
        if problem is not None:
            self.skip(start, verb.end() + 20, problem)
            return
        self.term(core, Gloss(definition=definition), start)


def read_block(block: Block, labels: Labels) -> Reading:
    """The glossary annotations of `block`; `labels` are the note's `labels(…)`."""
    if not block.spans and "::" not in block.text:
        return Reading([], [], [])
    return _Block(block, labels).read()


def defined_term(term: Block, definition: Block) -> Reading:
    """A definition list's entry: `Term` above `: definition`."""
    name = collapse_spaces(term.text)
    problem = _term_problem(name)
    if problem is not None:
        return Reading([], [Skip(term.line, name, problem)], [])
    text = _definition(definition, 0)
    return Reading([Found(name, Gloss(definition=text), term.line)], [], [])
