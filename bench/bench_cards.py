"""Cards built from real notes, scored against gold labels made by reading the notes.

    python -m bench.bench_cards CORPUS_DIR GOLD.json [--python PATH] [--json] [--details]

Each note the gold file labels is built on its own, in a subprocess, with
`PATH -m studycards build NOTE --json --dry-run` (plus `--explain` and `--no-cache` when that
version of studycards has them; its cache folder is a throwaway one either way). PATH is
`--python`, by default this interpreter, so the same script measures an older checkout through
that checkout's venv. Notes are built one at a time so that no card depends on another note.

Gold files are described in bench/gold/README.md. How the cards are scored:

Terms (cards of kind `term`; reverse cards are not scored)
    A card matches a gold term when its front equals the term and its back contains the gloss,
    both normalized: NFKC, case-folded, runs of whitespace made one space, curly apostrophes
    made straight, and for the front, quotes and 《》「」 around it removed. Each gold term is
    matched by at most one card; when a term is labelled twice in a note (the same word defined
    in two sections), the card goes to the entry whose gloss its back contains.
    A card whose front matches a gold term but whose back lacks every gloss of that term is
    "broken": it counts against precision and its term stays missed. A second card for a term
    already matched is junk.
    recall = matched key terms / key terms (a term without `want` is key).
    precision = cards matching a key or `ok` term / term cards. An `ok` term is a definition
    in a form no builder is required to read (a plain `Term: definition` list item, say):
    carding it is fine, missing it costs nothing.
Figures (cards of kind `figure`)
    A card matches a gold figure when its answer equals the gold value, both NFKC-normalized,
    case-folded and with all whitespace removed, and its source line is within 3 lines of the
    gold line. Three allowances, because the cloze then starts or ends a word off and the
    card is the same to a learner: an approximation word may be in or out of either
    ("almost 85%" and "85%"; "50 or so" and "50"; "近 30%" and "30%"), so may a currency sign
    ("$16" and "16"), and so may one English word after the number that names what is counted
    or its unit ("31" and "31 deaths"; "24 watts" and "24"), unless that word is part of the
    number ("$30" is not "$30 million", "$52" not "$52M").
    A range carded as two clozes matches neither half. Each gold figure is matched by at most
    one card, the nearest by line.
    recall = matched key figures / key figures.
    precision = cards matching a key or ok figure / figure cards.
    figures per 1,000 chars = figure cards per 1,000 characters of the note without its
    front matter.
Leaks
    Cards with markup in any field (the source path aside): `**`, `__`, `[^`, `[[`, `](`, a
    backtick, an HTML tag, `{{`/`}}` other than the cloze markers of `front`, or a Markdown
    backslash escape (`\\$`, `\\*`: a backslash before ASCII punctuation).
Skipped
    Lines `PATH:LINE: skipped ...` that `build --explain` printed, or n/a when the measured
    studycards has no `--explain`.

Ratios in the total row are over all cards and labels of the corpus, not means of files.
Exit status 0 whatever the scores; 1 only when a build fails or an input cannot be read.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

LINE_TOLERANCE = 3

# Approximation words a figure may carry or drop: "about 200" and "200" hide the same fact.
# The first that fits is taken off, so a longer word comes before its prefix (超过, 超).
_QUALIFIERS_BEFORE = (
    "approximately",
    "more than",
    "fewer than",
    "less than",
    "at least",
    "at most",
    "roughly",
    "nearly",
    "almost",
    "around",
    "about",
    "up to",
    "over",
    "some",
    "差不多",
    "大约",
    "大概",
    "将近",
    "接近",
    "不超过",
    "不少于",
    "超过",
    "不到",
    "不足",
    "至少",
    "最多",
    "大于",
    "小于",
    "高于",
    "低于",
    "多于",
    "少于",
    "约",
    "近",
    "超",
    "逾",
    "~",
    "≈",
)
_QUALIFIERS_AFTER = ("or so", "左右", "以上", "多")
_CURRENCY = "$€£¥₹"
# One English word after the number may be in or out of the cloze ("[31] deaths" and
# "[31 deaths]"), unless it is part of the number itself: "[$52]M" hides the wrong figure.
_UNIT_WORD = re.compile(r"[a-z][a-z.'-]*")
_MAGNITUDES = frozenset(
    {"hundred", "thousand", "million", "billion", "trillion", "percent", "per", "dozen"}
    | {"k", "m", "b", "bn", "mn", "tn"}
)

_FRONT_QUOTES = "\"'“”‘’《》「」『』"
_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}", re.DOTALL)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_LEAK_MARKS = ("**", "__", "[^", "[[", "](", "`", "{{", "}}")
# A Markdown backslash escape (`\$`, `\*`) that reached the card: markup, like `**`.
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")
_SKIPPED_LINE = re.compile(r":\d+: skipped\b")
_FRONT_MATTER = re.compile(
    r"\A(?:---|\+\+\+)[ \t]*\r?\n.*?^(?:---|\+\+\+|\.\.\.)[ \t]*$\r?\n?", re.S | re.M
)


@dataclass(frozen=True)
class GoldTerm:
    term: str
    gloss: str
    line: int
    key: bool


@dataclass(frozen=True)
class GoldFigure:
    value: str
    line: int
    key: bool
    about: str


@dataclass(frozen=True)
class GoldNote:
    terms: tuple[GoldTerm, ...]
    figures: tuple[GoldFigure, ...]


@dataclass(frozen=True)
class Card:
    kind: str
    front: str
    back: str
    answer: str
    line: int
    raw: Mapping[str, Any]


@dataclass
class Score:
    """Counts for one note, or summed over a corpus."""

    key_terms: int = 0
    found_terms: int = 0
    term_cards: int = 0
    good_term_cards: int = 0
    broken_terms: int = 0
    key_figures: int = 0
    found_figures: int = 0
    figure_cards: int = 0
    good_figure_cards: int = 0
    body_chars: int = 0
    leaks: int = 0
    skipped: int | None = None
    details: dict[str, list[str]] = field(default_factory=dict)

    def add(self, other: Score) -> None:
        for count in fields(self):
            if count.name not in ("skipped", "details"):
                setattr(self, count.name, getattr(self, count.name) + getattr(other, count.name))
        if other.skipped is not None:
            self.skipped = (self.skipped or 0) + other.skipped

    @property
    def term_recall(self) -> float | None:
        return _ratio(self.found_terms, self.key_terms)

    @property
    def term_precision(self) -> float | None:
        return _ratio(self.good_term_cards, self.term_cards)

    @property
    def figure_recall(self) -> float | None:
        return _ratio(self.found_figures, self.key_figures)

    @property
    def figure_precision(self) -> float | None:
        return _ratio(self.good_figure_cards, self.figure_cards)

    @property
    def figures_per_1000_chars(self) -> float | None:
        return _ratio(self.figure_cards * 1000, self.body_chars)

    def as_json(self) -> dict[str, Any]:
        data = {count.name: getattr(self, count.name) for count in fields(self)}
        data.update(
            term_recall=self.term_recall,
            term_precision=self.term_precision,
            figure_recall=self.figure_recall,
            figure_precision=self.figure_precision,
            figures_per_1000_chars=self.figures_per_1000_chars,
        )
        return data


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# --- normalization -------------------------------------------------------------------------


def normal_text(text: str) -> str:
    """NFKC, case-folded, one space for any run of whitespace, straight apostrophes."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("’", "'").replace("‘", "'")
    return " ".join(text.split())


def normal_term(text: str) -> str:
    return normal_text(text).strip(_FRONT_QUOTES + " ")


def normal_figure(text: str) -> str:
    """NFKC, case-folded, whitespace removed: the spec's comparison of figure values."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def _spaced_figure(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _without_qualifier(value: str) -> str:
    """The figure without an approximation word around it or a currency sign before it."""
    for word in _QUALIFIERS_BEFORE:
        prefix = word + " " if word.isascii() and word[-1].isalpha() else word
        if value.startswith(prefix) and len(value) > len(prefix):
            value = value[len(prefix) :].lstrip()
            break
    for word in _QUALIFIERS_AFTER:
        if value.endswith(word) and len(value) > len(word):
            value = value[: -len(word)].rstrip()
            break
    return value.lstrip(_CURRENCY).lstrip()


def _plus_unit_word(longer: str, shorter: str) -> bool:
    """`longer` is `shorter` and one more English word that names what is counted."""
    if not longer.startswith(shorter + " "):
        return False
    word = longer[len(shorter) + 1 :]
    return _UNIT_WORD.fullmatch(word) is not None and word.rstrip(".") not in _MAGNITUDES


def same_figure(answer: str, value: str) -> bool:
    """Whether a card's answer hides the gold figure (see the module docstring)."""
    if normal_figure(answer) == normal_figure(value):
        return True
    a = _without_qualifier(_spaced_figure(answer))
    g = _without_qualifier(_spaced_figure(value))
    return normal_figure(a) == normal_figure(g) or _plus_unit_word(a, g) or _plus_unit_word(g, a)


# --- gold ----------------------------------------------------------------------------------


def load_gold(path: Path) -> dict[str, GoldNote]:
    data = json.loads(path.read_text(encoding="utf-8"))
    notes: dict[str, GoldNote] = {}
    for name, labels in data["files"].items():
        terms = tuple(
            GoldTerm(
                term=item["term"],
                gloss=item["gloss"],
                line=int(item["line"]),
                key=item.get("want", "key") == "key",
            )
            for item in labels.get("terms", [])
        )
        figures = tuple(
            GoldFigure(
                value=item["value"],
                line=int(item["line"]),
                key=item["want"] == "key",
                about=item.get("about", ""),
            )
            for item in labels.get("figures", [])
        )
        notes[name] = GoldNote(terms=terms, figures=figures)
    return notes


# --- scoring -------------------------------------------------------------------------------


def _strings(value: object, *, skip: frozenset[str]) -> Iterable[tuple[str, str]]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            if key in skip:
                continue
            if isinstance(item, str):
                yield str(key), item
            else:
                yield from _strings(item, skip=skip)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, str):
                yield "", item
            else:
                yield from _strings(item, skip=skip)


def leak_of(card: Card) -> str | None:
    """The first piece of markup found in any field of the card, or None."""
    for name, text in _strings(card.raw, skip=frozenset({"path"})):
        if name == "front":
            text = _CLOZE.sub(r"\1", text)
        for mark in _LEAK_MARKS:
            if mark in text:
                return f"{name}: {mark}"
        found = _HTML_TAG.search(text) or _ESCAPE.search(text)
        if found:
            return f"{name}: {found.group(0)}"
    return None


def score_terms(gold: Sequence[GoldTerm], cards: Sequence[Card], score: Score) -> None:
    matched: set[int] = set()
    missed_by_broken: list[str] = []
    junk: list[str] = []
    for card in cards:
        front = normal_term(card.front)
        back = normal_text(card.back)
        same_term = [i for i, g in enumerate(gold) if normal_term(g.term) == front]
        with_gloss = [i for i in same_term if normal_text(gold[i].gloss) in back]
        free = [i for i in with_gloss if i not in matched]
        score.term_cards += 1
        if free:
            best = min(free, key=lambda i: abs(gold[i].line - card.line))
            matched.add(best)
            score.good_term_cards += 1
        elif with_gloss:
            junk.append(f"{card.line}: {card.front} (again)")
        elif same_term:
            score.broken_terms += 1
            missed_by_broken.append(f"{card.line}: {card.front} -> {card.back}")
        else:
            junk.append(f"{card.line}: {card.front} -> {card.back}")
    key = [i for i, g in enumerate(gold) if g.key]
    score.key_terms += len(key)
    score.found_terms += sum(1 for i in key if i in matched)
    score.details["missed_terms"] = [
        f"{gold[i].line}: {gold[i].term}" for i in key if i not in matched
    ]
    score.details["broken_term_cards"] = missed_by_broken
    score.details["junk_term_cards"] = junk


def score_figures(gold: Sequence[GoldFigure], cards: Sequence[Card], score: Score) -> None:
    matched: set[int] = set()
    junk: list[str] = []
    for card in cards:
        score.figure_cards += 1
        free = [
            i
            for i, g in enumerate(gold)
            if i not in matched
            and abs(g.line - card.line) <= LINE_TOLERANCE
            and same_figure(card.answer, g.value)
        ]
        if free:
            matched.add(min(free, key=lambda i: abs(gold[i].line - card.line)))
            score.good_figure_cards += 1
        else:
            junk.append(f"{card.line}: {card.answer}")
    key = [i for i, g in enumerate(gold) if g.key]
    score.key_figures += len(key)
    score.found_figures += sum(1 for i in key if i in matched)
    score.details["missed_figures"] = [
        f"{gold[i].line}: {gold[i].value} ({gold[i].about})" for i in key if i not in matched
    ]
    score.details["junk_figure_cards"] = junk


def score_note(
    gold: GoldNote, cards: Sequence[Card], *, body_chars: int, skipped: int | None
) -> Score:
    """Everything the table shows for one note, from its cards and its gold labels."""
    score = Score(body_chars=body_chars, skipped=skipped)
    score_terms(gold.terms, [c for c in cards if c.kind == "term"], score)
    score_figures(gold.figures, [c for c in cards if c.kind == "figure"], score)
    leaks = [(card, leak_of(card)) for card in cards]
    found = [f"{card.line}: {card.kind} {leak}" for card, leak in leaks if leak]
    score.leaks = len(found)
    score.details["leaks"] = found
    return score


def body_chars(text: str) -> int:
    """Characters of the note without its front matter.

    A pattern, not the notes reader: the bench measures other versions of studycards, so it
    must not lean on whichever front-matter API this checkout has."""
    match = _FRONT_MATTER.match(text)
    return len(text) - (match.end() if match else 0)


# --- running studycards --------------------------------------------------------------------


@dataclass(frozen=True)
class Builder:
    python: str
    explain: bool
    no_cache: bool
    env: Mapping[str, str]

    @classmethod
    def probe(cls, python: str, cache: Path) -> Builder:
        env = {**os.environ, "XDG_CACHE_HOME": str(cache), "NO_COLOR": "1"}
        done = subprocess.run(
            [python, "-m", "studycards", "build", "--help"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        if done.returncode != 0:
            raise SystemExit(
                f"bench_cards: error: {python} -m studycards build --help failed:\n{done.stderr}"
            )
        return cls(
            python=python,
            explain="--explain" in done.stdout,
            no_cache="--no-cache" in done.stdout,
            env=env,
        )

    def build(self, note: Path, out: Path) -> tuple[list[Card], int | None]:
        command = [self.python, "-m", "studycards", "build", str(note), "--json", "--dry-run"]
        command += ["--out", str(out)]
        if self.no_cache:
            command.append("--no-cache")
        if self.explain:
            command.append("--explain")
        done = subprocess.run(
            command, capture_output=True, text=True, env=self.env, cwd=out, check=False
        )
        if done.returncode != 0:
            raise SystemExit(f"bench_cards: error: building {note} failed:\n{done.stderr}")
        cards = [
            card_of(json.loads(line)) for line in done.stdout.splitlines() if line.startswith("{")
        ]
        skipped = None
        if self.explain:
            lines = done.stdout.splitlines() + done.stderr.splitlines()
            skipped = sum(1 for line in lines if _SKIPPED_LINE.search(line))
        return cards, skipped


def card_of(data: Mapping[str, Any]) -> Card:
    source = data.get("source") or {}
    return Card(
        kind=str(data.get("kind", "")),
        front=str(data.get("front", "")),
        back=str(data.get("back", "")),
        answer=str(data.get("answer", "")),
        line=int(source.get("line") or 0),
        raw=data,
    )


# --- output --------------------------------------------------------------------------------


def _cell(part: int, whole: int) -> str:
    if not whole:
        return "-"
    return f"{part}/{whole} {100 * part / whole:.0f}%"


def table(rows: Sequence[tuple[str, Score]]) -> str:
    header = (
        "note",
        "term recall",
        "term precision",
        "broken",
        "figure recall",
        "figure precision",
        "fig/1k chars",
        "leaks",
        "skipped",
    )
    lines = [header]
    for name, s in rows:
        per_k = s.figures_per_1000_chars
        lines.append(
            (
                name,
                _cell(s.found_terms, s.key_terms),
                _cell(s.good_term_cards, s.term_cards),
                str(s.broken_terms),
                _cell(s.found_figures, s.key_figures),
                _cell(s.good_figure_cards, s.figure_cards),
                "-" if per_k is None else f"{per_k:.2f}",
                str(s.leaks),
                "n/a" if s.skipped is None else str(s.skipped),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for index, line in enumerate(lines):
        if index == len(lines) - 1:
            out.append("  ".join("-" * w for w in widths))
        cells = [line[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(line[1:], widths[1:], strict=True)
        ]
        out.append("  ".join(cells).rstrip())
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("corpus", type=Path, help="folder of the notes the gold file labels")
    parser.add_argument("gold", type=Path, help="gold labels (bench/gold/*.json)")
    parser.add_argument(
        "--python", default=sys.executable, help="interpreter whose studycards is measured"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.add_argument(
        "--details", action="store_true", help="list missed, broken and junk cards per note"
    )
    args = parser.parse_args(argv)
    gold = load_gold(args.gold)
    missing = [name for name in gold if not (args.corpus / name).is_file()]
    if missing:
        print(f"bench_cards: error: not in {args.corpus}: {', '.join(missing)}", file=sys.stderr)
        return 1
    rows: list[tuple[str, Score]] = []
    total = Score()
    with tempfile.TemporaryDirectory(prefix="bench_cards-") as tmp:
        builder = Builder.probe(args.python, Path(tmp) / "cache")
        for name in sorted(gold):
            note = (args.corpus / name).resolve()
            cards, skipped = builder.build(note, Path(tmp))
            text = note.read_text(encoding="utf-8")
            score = score_note(gold[name], cards, body_chars=body_chars(text), skipped=skipped)
            rows.append((name, score))
            total.add(score)
    unlabelled = sorted(p.name for p in args.corpus.glob("*.md") if p.name not in gold)
    if args.json:
        print(
            json.dumps(
                {
                    "corpus": str(args.corpus),
                    "gold": str(args.gold),
                    "python": args.python,
                    "explain": builder.explain,
                    "notes": {name: score.as_json() for name, score in rows},
                    "total": {k: v for k, v in total.as_json().items() if k != "details"},
                    "unlabelled": unlabelled,
                },
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    print(f"studycards of {args.python}, {len(rows)} notes of {args.corpus}")
    print(table([*rows, ("total", total)]))
    if unlabelled:
        print(f"not labelled, not scored: {', '.join(unlabelled)}")
    if args.details:
        for name, score in rows:
            listed = [(k, v) for k, v in score.details.items() if v]
            if not listed:
                continue
            print(f"\n{name}")
            for kind, items in listed:
                print(f"  {kind.replace('_', ' ')}:")
                for item in items:
                    print(f"    {item}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
