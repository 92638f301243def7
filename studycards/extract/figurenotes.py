"""Figure notes: the clause that holds a key figure, with the figure hidden, and the whole
sentence to show on the answer side.

The question runs from the sentence start to the end of the last figure's clause, so it says
what the figure is about ("例如第二次世界大战，[…]的GDP用于战争生产"); a sentence too long for
that gives one note per clause holding figures. A sentence led by a pronoun ("他们…", "这将…")
gets the sentence before it as its lead.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from studycards.cards import CLOZE_MARKER
from studycards.extract.figures import find_figures
from studycards.extract.sentences import clause_breaks, clause_ends, sentences
from studycards.model import Source

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
_PRONOUN = re.compile(
    r"(?:(?:因此|所以|但是|但|而且|而|同时|于是)[，,]?)?(?:他们|她们|它们|他|她|它|这|那|此)"
    r"|(?:So,? |But |And |Thus,? )?(?:They|He|She|It|Their|His|Her|Its|This|That|These|Those)\b"
)
# A previous sentence longer than this is too long to lead a card; the pronoun stays alone.
MAX_LEAD = 60
_NEWLINE = re.compile(r"[ \t]*\n[ \t]*")
# Punctuation a clause cut from its sentence should not end with.
TRAILING = " \t\n，,；;：:、。！？!?."
_ASCII_WORD_END = re.compile(r"[A-Za-z0-9,.;:!?)\]'\"%]")
# Longer than this, a figure's text starts one clause before the figure instead of at the
# sentence start: a card is read at a glance.
MAX_FIGURE_TEXT = 90
# Longer than this, the whole sentence is not shown on the answer side either.
MAX_CONTEXT = 400
# A figure card needs this much text besides the figure to ask about anything.
_MIN_CONTEXT = 4


def _join_lines(text: str) -> str:
    """Paragraph lines joined: with a space between Latin words, directly between CJK."""
    if "\n" not in text:
        return text

    def repl(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        return " " if _ASCII_WORD_END.match(before) or _ASCII_WORD_END.match(after) else ""

    return _NEWLINE.sub(repl, text)


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
        joined = _join_lines(joined)
    return joined.strip()


def _words(text: str, start: int, end: int, figures: list[tuple[int, int]]) -> int:
    """About how many characters of text[start:end] are neither spaces nor figures."""
    inside = 0
    for s, e in figures:
        if s < end and e > start:
            inside += (e if e < end else end) - (s if s > start else start)
    return min(end, len(text)) - start - text.count(" ", start, end) - inside


def _lead(text: str, previous: tuple[int, int] | None, span_start: int) -> str:
    """The previous sentence, when this one opens with a pronoun that only it explains
    ("他们拥有…约20-30年的技术领先优势" after the sentence naming the coalition)."""
    if previous is None or text[span_start] not in _PRONOUN_FIRST:
        return ""
    if not _PRONOUN.match(text, span_start):
        return ""
    lead = _join_lines(text[previous[0] : previous[1]]).strip()
    framing = _FRAMING.match(lead)
    if framing:
        lead = lead[framing.end() :]
    return lead if len(lead) <= MAX_LEAD else ""


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


def figure_notes(
    text: str, *, line: int, heading: str, path: str, verbatim: list[tuple[int, int]]
) -> list[tuple[str, str, Source]]:
    """(question, context, source) of each figure note in a paragraph's plain `text`, whose
    first line is `line`; no figure is read inside the `verbatim` spans (code, math). The
    question marks its figures `{{cN::…}}`; so does the context."""
    every = find_figures(text)
    if verbatim:
        every = [f for f in every if not any(s < f[1] and f[0] < e for s, e in verbatim)]
    if not every:
        return []  # most paragraphs: no sentence splitting needed
    # Without braces in the text, the only markers are ours: the text around them gives
    # what the marker pattern would strip, at a fraction of the cost.
    braces = "{" in text or "}" in text
    notes: list[tuple[str, str, Source]] = []
    previous: tuple[int, int] | None = None
    first = 0
    count = len(every)
    last_end = max([figure[1] for figure in every])
    for start, end in sentences(text, until=last_end):  # none after the last figure
        sentence, previous = previous, (start, end)
        while first < count and every[first][0] < start:
            first += 1
        last = first
        while last < count and every[last][1] <= end:
            last += 1
        if last == first:
            continue
        figures = every[first:last]
        if text[start] in _DEMONSTRATIVE_FIRST and _DEMONSTRATIVE.match(text, start):
            first_clause_end = clause_ends(text, start, end)[0]
            figures = [f for f in figures if f[0] >= first_clause_end]
            if not figures:
                continue
        source: Source | None = None
        for span_start, span_end, group in _groups(text, start, end, figures):
            note = _figure_note(text, (start, end), (span_start, span_end), group, sentence, braces)
            if note is not None:
                if source is None:
                    source = Source(path, line + text.count("\n", 0, start), heading)
                notes.append((*note, source))
    return notes


def _figure_note(
    text: str,
    sentence: tuple[int, int],
    span: tuple[int, int],
    figures: list[tuple[int, int]],
    previous: tuple[int, int] | None,
    braces: bool,
) -> tuple[str, str] | None:
    """The question and context of one figure note, or None if it would be no fair card."""
    (start, end), (span_start, span_end) = sentence, span
    if text[span_start] in _FRAMING_FIRST:
        framing = _FRAMING.match(text, span_start)
        if framing and framing.end() <= figures[0][0]:
            span_start = framing.end()
    if _words(text, span_start, span_end, figures) < _MIN_CONTEXT:
        return None
    numbers: dict[str, int] = {}
    # When every figure is in the span, the context shares its pieces.
    pieces, inside = _pieces(text, span_start, span_end, figures, numbers)
    marked = "".join(pieces)
    lines = "\n" in marked
    question = (_join_lines(marked) if lines else marked).strip().rstrip(TRAILING)
    # Without braces or line breaks in the text, the question without its markers is the
    # text between them: trimming the question cannot cut into a figure (none starts with a
    # space or ends in TRAILING), so no figure is found there that is not found here.
    unmarked = CLOZE_MARKER.sub("", question) if braces or lines else "".join(pieces[::2])
    for figure in numbers:
        if figure in unmarked:
            return None  # the figure also stands unmarked in its clause ("1.2 … 1.2")
    if end - start > MAX_CONTEXT:
        context = question  # a "sentence" this long is not one to read on a card
    elif inside:
        # The sentence marked the same way: the span's pieces with the rest around them.
        whole = text[start:span_start] + marked + text[span_end:end]
        context = (_join_lines(whole) if "\n" in whole else whole).strip()
    else:
        context = _marked(text, start, end, figures, numbers)
    lead = _lead(text, previous, span_start) if previous is not None else ""
    if lead:
        for figure in numbers:
            if figure in lead:
                lead = ""  # it would show the hidden figure
                break
    if lead:
        joiner = " " if _ASCII_WORD_END.match(lead[-1]) else ""
        question, context = lead + joiner + question, lead + joiner + context
    return question, context
