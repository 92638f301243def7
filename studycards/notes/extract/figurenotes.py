"""Figure notes: the clause that holds a key figure, with the figure hidden, and the whole
sentence to show on the answer side.

`figure_spots` reads a paragraph's quantities (quantities.py) and judges each in its sentence
(figurescore.py); the note's candidates are then picked together (figurepick.py), and
`figure_notes` turns the kept ones into notes. The question runs from the sentence start to
the end of the last figure's clause, so it says what the figure is about ("例如第二次世界大战，
[…]的GDP用于战争生产"); a sentence too long for that gives one note per clause holding figures.
A range is one figure, so one deletion. A sentence led by a pronoun ("他们…", "这将…") gets the
sentence before it as its lead, or, when that sentence is too long or holds another card's
answer, the section heading; so does a clause that says too little besides its figure.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from studycards.model import Source
from studycards.notes.cards import CLOZE_MARKER
from studycards.notes.extract.figurepick import Candidate
from studycards.notes.extract.figurescore import Verdict, judge, supposes
from studycards.notes.extract.quantities import NOT_QUANTITIES, Quantity, find_quantities
from studycards.notes.extract.sentences import (
    ASCII_WORD_END,
    clause_breaks,
    clause_ends,
    join_lines,
    sentences,
)

# A sentence that opens with a bare demonstrative and a copula ("这是一种非常独特的20年时期",
# "It was a 20-year period") says nothing on its own about what its first clause measures.
_DEMONSTRATIVE = re.compile(
    r"(?:这|那|此|它)(?:就|只|真|也|又|还|便)?是|(?:This|That|It|These|Those) (?:is|was|are|were)\b"
)
# The characters _DEMONSTRATIVE and _PRONOUN can start with: most sentences are told apart by
# their first character without running the patterns.
_DEMONSTRATIVE_FIRST = frozenset("这那此它TI")
_PRONOUN_FIRST = frozenset("因所但而同于他她它这那此SBATHI")
# "纵观世界历史，例如第二次世界大战，…": the framing clause says nothing the example does not.
_FRAMING = re.compile(r"(?:纵观|回顾|综观|放眼|纵览)[^，,。]{0,24}[，,]\s*(?=例如|比如|譬如)")
_FRAMING_FIRST = frozenset("纵回综放")
# A sentence whose subject is a pronoun ("因此，他们获得…", "这将需要…", "They lost …").
# 这/那/此 and "This"/"These" before a classifier or a noun ("这座水坝", "This dam") name
# their subject; before a verb ("这将需要…", "This means…") they stand for something earlier.
_PRONOUN = re.compile(
    r"(?:(?:因此|所以|但是|但|而且|而|同时|于是)[，,]?)?"
    r"(?:他们|她们|它们|他|她|它|(?:这|那|此)(?![个座家种些项款位条次类群本部场份批支只件台辆所片]))"
    r"|(?:So,? |But |And |Thus,? )?(?:They|He|She|It|Their|His|Her|Its)\b"
    r"|(?:So,? |But |And |Thus,? )?(?:This|That|These|Those)"
    r" (?:is|was|are|were|means|meant|will|would|can|could|has|had|led|made|gave|shows)\b"
)
# A previous sentence longer than this is too long to lead a card; the heading leads instead.
MAX_LEAD = 60
# A heading's own numbering ("一、", "(二)", "3.") says nothing about what a figure measures.
_HEADING_NUMBER = re.compile(
    r"^(?:[（(]?[0-9一二三四五六七八九十]+[)）.、．]|第[^\s]{1,3}[章节部分]|#)\s*"
)
# A bold label that opens a paragraph ("**GPU芯片**：", "**Step 2:**"): what it holds names a
# part of the list, not a fact.
_LABEL_COLON = ":："
# How many characters after a figure tell it apart from the same figure said of another thing.
_AFTER = re.compile(r"\s?(\w{1,2})")
_LINE_BREAK = re.compile("\n")
_TITLE = Verdict(0.0, "in the title of a linked page")
_TERM = Verdict(0.0, "in the name of a glossary term")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
# Punctuation a clause cut from its sentence should not end with.
TRAILING = " \t\n，,；;：:、。！？!?."
# Longer than this, a figure's text starts one clause before the figure instead of at the
# sentence start: a card is read at a glance.
MAX_FIGURE_TEXT = 90
# Longer than this, the whole sentence is not shown on the answer side either.
MAX_CONTEXT = 400
# A figure card needs this much text besides the figure to ask about anything.
_MIN_CONTEXT = 4


def _pieces(
    text: str, start: int, end: int, figures: list[tuple[int, int]], numbers: dict[str, int]
) -> tuple[list[str], bool]:
    """text[start:end] cut at its figures, each figure as its `{{cN::…}}` marker (numbered
    in `numbers`, shared by the question and the context): the text pieces sit at even
    places, the markers at odd ones. Also whether every figure lay inside the span."""
    pieces: list[str] = []
    pos = start
    inside = True
    for fig_start, fig_end in figures:
        if fig_start < start or fig_end > end:
            inside = False
            continue
        figure = text[fig_start:fig_end]
        number = numbers.setdefault(figure, len(numbers) + 1)
        pieces.append(text[pos:fig_start])
        pieces.append(f"{{{{c{number}::{figure}}}}}")
        pos = fig_end
    pieces.append(text[pos:end])
    return pieces, inside


def _marked(
    text: str, start: int, end: int, figures: list[tuple[int, int]], numbers: dict[str, int]
) -> str:
    joined = "".join(_pieces(text, start, end, figures, numbers)[0])
    if "\n" in joined:
        joined = join_lines(joined)
    return joined.strip()


def _words(text: str, start: int, end: int, figures: list[tuple[int, int]]) -> int:
    """About how many characters of text[start:end] are neither spaces nor figures."""
    inside = 0
    for s, e in figures:
        if s < end and e > start:
            inside += (e if e < end else end) - (s if s > start else start)
    return min(end, len(text)) - start - text.count(" ", start, end) - inside


def _pronoun_led(text: str, span_start: int) -> bool:
    """Whether the span opens with a pronoun that only an earlier sentence explains."""
    return text[span_start] in _PRONOUN_FIRST and _PRONOUN.match(text, span_start) is not None


def _lead(text: str, previous: tuple[int, int] | None, figures: list[tuple[int, int]]) -> str:
    """The previous sentence, to lead a sentence that opens with a pronoun only it explains
    ("他们拥有…约20-30年的技术领先优势" after the sentence naming the coalition); "" when there
    is none, when it is too long to read at a glance, or when it holds one of `figures` (it
    would give away another card's answer)."""
    if previous is None:
        return ""
    start, end = previous
    if any(start <= s and e <= end for s, e in figures):
        return ""
    lead = join_lines(text[start:end]).strip()
    framing = _FRAMING.match(lead)
    if framing:
        lead = lead[framing.end() :]
    return lead if len(lead) <= MAX_LEAD else ""


def heading_lead(heading: str) -> str:
    """A section heading as the lead of a question: without its numbering, then a colon."""
    name = _HEADING_NUMBER.sub("", heading.strip()).strip().rstrip(TRAILING)
    if not name:
        return ""
    return name + ("：" if _CJK.search(name[-1]) else ": ")


def _groups(
    text: str, start: int, end: int, figures: list[tuple[int, int]]
) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """The spans to ask and the figures each hides. One span per sentence, unless that would
    be longer than a card is read at a glance: then one per clause holding figures, each with
    the clause before it.

    The sentence's span runs up to the last figure's clause, or further while that leaves too
    little to say what the figure is about (`未来五年，…`); too long, it starts one clause
    before the first figure's."""
    last = figures[-1][1]
    # The clause breaks from the last figure on: a break's rules look at its own neighbours,
    # and the figure's last character is never a clause mark or a dash, so scanning from
    # there finds exactly the breaks at or after `last` that a scan from `start` finds.
    ends = clause_breaks(text, last, end)
    ends.append(end)
    clause_end = ends[0]
    for later in ends[1:]:
        if _words(text, start, clause_end, figures) >= _MIN_CONTEXT * 2:
            break
        clause_end = later
    if clause_end - start <= MAX_FIGURE_TEXT:
        return [(start, clause_end, figures)]
    found = clause_breaks(text, start, end)  # just after each clause break
    breaks = [start, *found]  # where each clause starts
    first_clause = bisect_right(breaks, figures[0][0]) - 1
    span_start = breaks[max(first_clause - 1, 0)]
    if clause_end - span_start <= MAX_FIGURE_TEXT or len(figures) == 1:
        return [(span_start, clause_end, figures)]
    by_clause: dict[int, list[tuple[int, int]]] = {}
    for figure in figures:
        by_clause.setdefault(bisect_right(breaks, figure[0]) - 1, []).append(figure)
    bounds = [*found, end]  # bounds[i]: where clause i ends
    groups = []
    for index, group in by_clause.items():
        # The clause before, this clause, and more only while too little is said.
        group_start, stop = breaks[max(index - 1, 0)], bisect_right(breaks, group[-1][1] - 1) - 1
        group_end = bounds[stop]
        while (
            stop + 1 < len(bounds)
            and _words(text, group_start, group_end, group) < 2 * _MIN_CONTEXT
        ):
            stop += 1
            group_end = bounds[stop]
        groups.append((group_start, group_end, group))
    return groups


class FigureBlock(NamedTuple):
    """What the figure reader needs of one paragraph: its plain text (glosses cut out), the
    file line of its first character, its section, the stretches that are code or math (no
    figure is read there) or bold, and whether it is folded away in a `<details>` block."""

    text: str
    line: int
    heading: str
    verbatim: list[tuple[int, int]]
    bold: list[tuple[int, int]]
    hidden: bool = False
    # Link texts that are all the paragraph says (after a label): the title of a page.
    titles: tuple[tuple[int, int], ...] = ()
    # The names of the glossary terms it defines.
    terms: tuple[tuple[int, int], ...] = ()


class Spot(NamedTuple):
    """A figure candidate where it stands: text[start:end] of its paragraph."""

    start: int
    end: int
    candidate: Candidate


def label_end(text: str, bold: list[tuple[int, int]]) -> int:
    """Where a bold label that opens the paragraph ends ("**GPU芯片**：…", "**第二阶段：**"),
    or 0 when it opens with none."""
    start = len(text) - len(text.lstrip())
    for bold_start, bold_end in bold:
        if bold_start != start or bold_end <= bold_start:
            continue
        inside = text[bold_end - 1] in _LABEL_COLON
        after = text[bold_end : bold_end + 1] in tuple(_LABEL_COLON)
        return bold_end if inside or after else 0
    return 0


def link_titles(text: str, links: list[tuple[int, int]], label: int) -> tuple[tuple[int, int], ...]:
    """The links that make up all of a paragraph but its label ("**Main:** [Title](…)"): the
    title of a page, whose numbers name it ("AI in 2026: 3 Predictions")."""
    titles = []
    for start, end in links:
        rest = text[label:start] + text[end:]
        if not any(char.isalnum() for char in rest):
            titles.append((start, end))
    return tuple(titles)


def _shifted(quantity: Quantity, by: int) -> Quantity:
    return quantity._replace(
        start=quantity.start - by,
        end=quantity.end - by,
        lead=max(0, quantity.lead - by),
        tail=quantity.tail - by,
    )


def figure_spots(block: FigureBlock, index: int) -> list[Spot]:
    """Every quantity of the paragraph `block` (the `index`-th of its note) with its verdict,
    as a candidate for a figure card."""
    text = block.text
    found = [
        q
        for q in find_quantities(text)
        if not any(s < q.end and q.start < e for s, e in block.verbatim)
    ]
    if not found:
        return []  # most paragraphs: no sentence splitting needed
    if all(q.kind in NOT_QUANTITIES for q in found):
        # Years, dates, names and ordinals only: no sentence is needed to judge them.
        return [
            Spot(q.start, q.end, _candidate(block, index, q, judge(text, [q])[0], False))
            for q in found
        ]
    label = label_end(text, block.bold) if block.bold else 0
    cjk = _CJK.subn("", text)[1] * 3 >= len(text)
    spots: list[Spot] = []
    bounds = sentences(text, until=found[-1].end)
    starts = [start for start, _ in bounds]
    by_sentence: dict[int, list[Quantity]] = {}
    for quantity in found:
        at = bisect_right(starts, quantity.start) - 1
        if at >= 0 and quantity.end <= bounds[at][1]:
            by_sentence.setdefault(at, []).append(quantity)
    # The paragraph's line breaks, to tell each figure's file line without counting again.
    breaks = [match.start() for match in _LINE_BREAK.finditer(text)] if "\n" in text else []
    quotes = [0, 0]  # “ and ” before the sentence, counted once through the paragraph
    counted = 0
    supposed_from = next(
        (start for start, end in bounds if supposes(text[start:end])), len(text)
    )  # a hypothetical goes on through the sentences after it
    for at, quantities in by_sentence.items():
        sentence_start, sentence_end = bounds[at]
        quotes[0] += text.count("“", counted, sentence_start)
        quotes[1] += text.count("”", counted, sentence_start)
        counted = sentence_start
        sentence = text[sentence_start:sentence_end]
        own = [_shifted(q, sentence_start) for q in quantities]
        verdicts = judge(
            sentence,
            own,
            bold=[(s - sentence_start, e - sentence_start) for s, e in block.bold],
            label=label - sentence_start,
            quoted=quotes[0] > quotes[1],
            scenario=supposed_from < sentence_start,
        )
        for quantity, verdict in zip(quantities, verdicts, strict=True):
            if any(s <= quantity.start and quantity.end <= e for s, e in block.titles):
                verdict = _TITLE
            elif any(s <= quantity.start and quantity.end <= e for s, e in block.terms):
                verdict = _TERM
            candidate = _candidate(block, index, quantity, verdict, cjk, breaks)
            spots.append(Spot(quantity.start, quantity.end, candidate))
    return spots


def _candidate(
    block: FigureBlock,
    index: int,
    quantity: Quantity,
    verdict: Verdict,
    cjk: bool,
    breaks: list[int] | None = None,
) -> Candidate:
    """`quantity` of the `index`-th paragraph `block`, judged, as a figure candidate.
    `breaks`: the paragraph's line breaks (found here when not given)."""
    text = block.text
    if breaks is None:
        breaks = [match.start() for match in _LINE_BREAK.finditer(text)] if "\n" in text else []
    after = _AFTER.match(text, quantity.tail)
    return Candidate(
        line=block.line + bisect_right(breaks, quantity.start),
        text=text[quantity.start : quantity.end],
        kind=quantity.kind,
        value=quantity.value,
        section=block.heading,
        after=after.group(1) if after else "",
        verdict=verdict,
        block=index,
        cjk=cjk,
        hidden=block.hidden,
    )


def heading_spots(text: str, *, line: int, index: int) -> list[Spot]:
    """The quantities of a heading, none of them a card: a heading names a section."""
    verdict = Verdict(0.0, "in a heading, which names a section rather than stating a fact")
    return [
        Spot(
            q.start,
            q.end,
            Candidate(line, text[q.start : q.end], q.kind, q.value, "", "", verdict, index),
        )
        for q in find_quantities(text)
    ]


class FigureNotes(NamedTuple):
    """A paragraph's figure notes (question, context, source), and the figures that made
    none, each with the reason."""

    notes: list[tuple[str, str, Source]]
    dropped: list[tuple[tuple[int, int], str]]


def figure_notes(
    text: str, *, line: int, heading: str, path: str, figures: list[tuple[int, int]]
) -> FigureNotes:
    """The notes of a paragraph's plain `text`, whose first line is `line`, hiding the
    picked `figures` (sorted spans). The question marks its figures `{{cN::…}}`; so does the
    context."""
    notes: list[tuple[str, str, Source]] = []
    dropped: list[tuple[tuple[int, int], str]] = []
    if not figures:
        return FigureNotes(notes, dropped)
    # Without braces in the text, the only markers are ours: the text around them gives
    # what the marker pattern would strip, at a fraction of the cost.
    braces = "{" in text or "}" in text
    previous: tuple[int, int] | None = None
    first = 0
    count = len(figures)
    lead_of_heading = heading_lead(heading)
    for start, end in sentences(text, until=figures[-1][1]):  # none after the last figure
        sentence, previous = previous, (start, end)
        while first < count and figures[first][0] < start:
            first += 1
        last = first
        while last < count and figures[last][1] <= end:
            last += 1
        if last == first:
            continue
        mine = figures[first:last]
        if text[start] in _DEMONSTRATIVE_FIRST and _DEMONSTRATIVE.match(text, start):
            first_clause_end = clause_ends(text, start, end)[0]
            dropped += [
                (f, "its clause opens with “this is”, which says nothing of what it measures")
                for f in mine
                if f[0] < first_clause_end
            ]
            mine = [f for f in mine if f[0] >= first_clause_end]
            if not mine:
                continue
        source: Source | None = None
        for span_start, span_end, group in _groups(text, start, end, mine):
            lead = ""
            if _pronoun_led(text, span_start):
                lead = _lead(text, sentence, figures) or lead_of_heading
                if not lead:
                    dropped += [(f, "led by a pronoun that nothing before explains") for f in group]
                    continue
            note = _figure_note(
                text, (start, end), (span_start, span_end), group, lead, lead_of_heading, braces
            )
            if isinstance(note, str):
                dropped += [(f, note) for f in group]
                continue
            if source is None:
                source = Source(path, line + text.count("\n", 0, start), heading)
            notes.append((*note, source))
    return FigureNotes(notes, dropped)


def _figure_note(
    text: str,
    sentence: tuple[int, int],
    span: tuple[int, int],
    figures: list[tuple[int, int]],
    lead: str,
    lead_of_heading: str,
    braces: bool,
) -> tuple[str, str] | str:
    """The question and context of one figure note, or why it would be no fair card."""
    (start, end), (span_start, span_end) = sentence, span
    if text[span_start] in _FRAMING_FIRST:
        framing = _FRAMING.match(text, span_start)
        if framing and framing.end() <= figures[0][0]:
            span_start = framing.end()
    if not lead and _words(text, span_start, span_end, figures) < _MIN_CONTEXT:
        if not lead_of_heading:
            return "too little besides the figure to ask about"
        lead = lead_of_heading
    numbers: dict[str, int] = {}
    # When every figure is in the span, the context shares its pieces.
    pieces, inside = _pieces(text, span_start, span_end, figures, numbers)
    marked = "".join(pieces)
    lines = "\n" in marked
    question = (join_lines(marked) if lines else marked).strip().rstrip(TRAILING)
    # Without braces or line breaks in the text, the question without its markers is the
    # text between them: trimming the question cannot cut into a figure (none starts with a
    # space or ends in TRAILING), so no figure is found there that is not found here.
    unmarked = CLOZE_MARKER.sub("", question) if braces or lines else "".join(pieces[::2])
    if any(figure in unmarked for figure in numbers):
        return "the same figure stands unmarked beside it, giving the answer away"
    if any(figure in lead for figure in numbers):
        lead = lead_of_heading  # the sentence before would show the hidden figure
    if end - start > MAX_CONTEXT:
        context = question  # a "sentence" this long is not one to read on a card
    elif inside:
        # The sentence marked the same way: the span's pieces with the rest around them.
        whole = text[start:span_start] + marked + text[span_end:end]
        context = (join_lines(whole) if "\n" in whole else whole).strip()
    else:
        context = _marked(text, start, end, figures, numbers)
    if lead:
        joiner = " " if ASCII_WORD_END.match(lead[-1]) else ""
        question, context = lead + joiner + question, lead + joiner + context
    return question, context
