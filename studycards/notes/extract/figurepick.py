"""Which of a note's figure candidates become cards, and why each of the others does not.

The candidates come scored (figurescore.py). A note gets the ones that look key, once each:
a figure said again in the same section, or again with the same words after it, is the same
fact; the same figure in a translation beside it (a quote and its translation) or in a
folded `<details>` original is one card, from the text the reader sees in the note's main
language. How many a note keeps follows from the scores, so a note dense with statistics
keeps many and a conversation few, unless the note or the build asks otherwise:

- `figures: all` cards every quantity (still never a year, a date, a name or an idiom);
- `figures: none` cards none;
- `figures: N` cards the N that look most key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from studycards.notes.extract.figurescore import Verdict
from studycards.notes.extract.quantities import Kind

# How far apart (in file lines) a figure and its translation may stand.
_PAIR_LINES = 6


@dataclass(frozen=True, slots=True)
class FigurePolicy:
    """How many figures a note keeps: `every` (all), `limit` (the N best; 0 is none), or
    neither: the ones that look key."""

    every: bool = False
    limit: int | None = None

    def __str__(self) -> str:
        if self.every:
            return "all"
        return "key" if self.limit is None else ("none" if self.limit == 0 else str(self.limit))


KEY_FIGURES = FigurePolicy()
ALL_FIGURES = FigurePolicy(every=True)
NO_FIGURES = FigurePolicy(limit=0)


def figure_policy(value: object) -> FigurePolicy:
    """The policy a front-matter `figures:` value or a `--figures` option names: `all`,
    `none`, `key` or a whole number. Raises ValueError saying what is accepted."""
    if isinstance(value, bool):
        return KEY_FIGURES if value else NO_FIGURES  # `figures: no` in YAML is False
    if isinstance(value, int) and value >= 0:
        return FigurePolicy(limit=value)
    if isinstance(value, str):
        word = value.strip().casefold()
        if word == "all":
            return ALL_FIGURES
        if word in ("none", "no", "0"):
            return NO_FIGURES
        if word in ("key", "auto", "default", ""):
            return KEY_FIGURES
        if word.isdigit():
            return FigurePolicy(limit=int(word))
    raise ValueError(f"figures must be all, none, key or a whole number, not {value!r}")


class Candidate(NamedTuple):
    """A quantity the builder considered for a figure card."""

    line: int
    # The figure as written (what the card would hide).
    text: str
    kind: Kind
    value: float | None
    # The section heading it sits under.
    section: str
    # The words right after it ("卫星" of "1万颗卫星"): a figure said again with the same
    # words after it is the same fact.
    after: str
    verdict: Verdict
    # The paragraph it stands in, counted through the note, and whether that paragraph is
    # mostly Chinese, Japanese or Korean script.
    block: int = 0
    cjk: bool = False
    # Inside a folded `<details>` block.
    hidden: bool = False


class Pick(NamedTuple):
    """The candidates that become cards (their indexes) and, for every other one, why not."""

    kept: list[int]
    skipped: list[tuple[int, str]]


def _main_script_cjk(candidates: Sequence[Candidate]) -> bool:
    """Whether the note's figures are mostly in Chinese, Japanese or Korean paragraphs,
    counting only the ones that could be cards (not years, names, headings or labels)."""
    live = [c for c in candidates if c.verdict.score > 0]
    cjk = sum(1 for c in live if c.cjk)
    return cjk * 2 >= len(live)


def _twin(candidates: Sequence[Candidate], index: int, main_cjk: bool) -> int | None:
    """The candidate whose translation or folded original candidate `index` is, if any: the
    same quantity nearby, in a visible paragraph of the note's main script, that could be a
    card itself (one in a heading or a label cannot stand in for it)."""
    this = candidates[index]
    if not this.hidden and this.cjk == main_cjk:
        return None
    for other_index, other in enumerate(candidates):
        if (
            other_index != index
            and not other.hidden
            and other.cjk == main_cjk
            and other.verdict.score > 0
            and other.block != this.block
            and other.kind is this.kind
            and other.value is not None
            and other.value == this.value
            and abs(other.line - this.line) <= _PAIR_LINES
        ):
            return other_index
    return None


def pick(candidates: Sequence[Candidate], policy: FigurePolicy = KEY_FIGURES) -> Pick:
    """The candidates (in note order) that become figure cards under `policy`."""
    skipped: list[tuple[int, str]] = []
    if policy.limit == 0:
        return Pick([], [(i, "figures: none for this note") for i in range(len(candidates))])
    main_cjk = _main_script_cjk(candidates)
    eligible: list[int] = []
    for index, candidate in enumerate(candidates):
        verdict = candidate.verdict
        twin = _twin(candidates, index, main_cjk)
        if twin is not None:
            where = "its folded original" if candidate.hidden else "its translation"
            skipped.append((index, f"the same figure as line {candidates[twin].line} ({where})"))
        elif verdict.score <= 0:
            skipped.append((index, verdict.reason))
        elif policy.every or policy.limit is not None or verdict.key:
            eligible.append(index)
        else:
            skipped.append((index, f"{verdict.reason} (score {verdict.score:.2f})"))
    if policy.every:
        return Pick(eligible, sorted(skipped))
    kept: list[int] = []
    said: dict[tuple[str, str], int] = {}
    for index in eligible:
        candidate = candidates[index]
        earlier = said.get((candidate.text, candidate.section))
        if earlier is None:
            earlier = said.get((candidate.text, "\x00" + candidate.after))
        if earlier is not None:
            skipped.append((index, f"the same figure as line {candidates[earlier].line}"))
            continue
        said[(candidate.text, candidate.section)] = index
        if candidate.after:
            said[(candidate.text, "\x00" + candidate.after)] = index
        kept.append(index)
    if policy.limit is not None and len(kept) > policy.limit:
        # The N that look most key, in note order; on equal scores the earlier wins.
        best = sorted(kept, key=lambda i: (-candidates[i].verdict.score, i))[: policy.limit]
        chosen = set(best)
        skipped += [
            (i, f"not among the note's {policy.limit} most key figures (figures: {policy})")
            for i in kept
            if i not in chosen
        ]
        kept = sorted(chosen)
    return Pick(kept, sorted(skipped))
