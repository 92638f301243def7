"""Deck names as people type them: one place that turns a name into the deck it means.

Anki treats deck names without regard to case (`notes::History` is `Notes::history`), trims
the spaces around each `::` part and drops empty parts. Every command that takes a deck name
(`review`, `cards --deck`, `options`, `deck rename`, `deck delete`…) and every import that
files notes into a deck goes through here, so they all agree on what a name means.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable, Mapping, Sequence

from studycards.errors import NotFoundError, StudycardsError
from studycards.model import Deck

SEPARATOR = "::"


class DeckNameError(StudycardsError):
    """A deck name cannot be used (empty, or it would clash with another deck)."""


def normalized(name: str) -> str:
    """`name` as a deck is stored: each `::` part trimmed, empty parts dropped."""
    parts = [part.strip() for part in name.split(SEPARATOR)]
    kept = SEPARATOR.join(part for part in parts if part)
    if not kept:
        raise DeckNameError(f"{name!r} is no deck name: it has no text between the `::`")
    return kept


def folded(name: str) -> str:
    """The key two names share when they mean the same deck."""
    return normalized(name).casefold()


def match_deck(wanted: str, names: Iterable[str], *, looked_for: str = "deck") -> str:
    """The deck among `names` that `wanted` means: the same name, else the one name that
    differs only in case. NotFoundError names the closest deck when none matches
    (`looked_for` says what was looked for: "no deck or file named …")."""
    choices = list(names)
    if wanted in choices:
        return wanted
    try:
        key = folded(wanted)
    except DeckNameError:
        key = wanted.casefold()
    same = [name for name in choices if name.casefold() == key]
    if len(same) == 1:
        return same[0]
    if same:
        listed = ", ".join(repr(name) for name in sorted(same))
        raise NotFoundError(f"{wanted!r} could be any of the decks {listed}; give the name exactly")
    message = f"no {looked_for} named {wanted!r}"
    # A deck is also offered by its last part: people type `Capitals` for `Geography::Capitals`.
    by_fold: dict[str, str] = {}
    for name in sorted(choices):
        by_fold.setdefault(name.casefold(), name)
        by_fold.setdefault(name.rsplit(SEPARATOR, 1)[-1].casefold(), name)
    close = difflib.get_close_matches(key, list(by_fold), n=1, cutoff=0.6)
    if close:
        message += f"; did you mean {by_fold[close[0]]!r}?"
    raise NotFoundError(message + " (`studycards status` lists the decks)")


def in_subtree(name: str, root: str) -> bool:
    """Whether deck `name` is `root` or under it, ignoring case."""
    name, root = name.casefold(), root.casefold()
    return name == root or name.startswith(root + SEPARATOR)


def parent_of(name: str) -> str | None:
    head, sep, _ = name.rpartition(SEPARATOR)
    return head if sep else None


def ancestors(name: str) -> list[str]:
    """`A::B::C` → [`A::B`, `A`]."""
    out = []
    parent = parent_of(name)
    while parent is not None:
        out.append(parent)
        parent = parent_of(parent)
    return out


def subtrees(names: Mapping[int, str]) -> dict[str, dict[int, str]]:
    """Each deck name → the decks (id → name) of its tree: itself and every subdeck."""
    trees: dict[str, dict[int, str]] = {name: {} for name in names.values()}
    for did, name in names.items():
        for holder in (name, *ancestors(name)):
            if holder in trees:
                trees[holder][did] = name
    return trees


def tree_order(name: str) -> list[str]:
    """Sort key of Anki's deck list: a parent, then its subdecks, names without case."""
    return [part.casefold() for part in name.split(SEPARATOR)]


def moved(name: str, old: str, new: str) -> str:
    """`name`, a deck in `old`'s subtree, once `old` is called `new`."""
    below = name.split(SEPARATOR)[len(old.split(SEPARATOR)) :]
    return SEPARATOR.join([new, *below])


def renamed(name: str, renames: Mapping[str, str]) -> str:
    """`name` after the deck renames the user made (old name → new name, each moving the
    old deck's subtree), so that a source still naming the old deck files its notes under
    the new name. The longest old name that holds `name` wins."""
    best = ""
    for old in renames:
        if in_subtree(name, old) and len(old) > len(best):
            best = old
    return moved(name, best, renames[best]) if best else name


def in_folder(deck: Deck, folder: Sequence[str]) -> Deck:
    """The deck of a note found in a folder tree: `folder` (the folder named to import or
    build, then the subfolders down to the note) over the note's own deck, as in
    `Notes::History::Cold War`. A deck the note's front matter names (`deck:`) stays as it
    is: the note chose its place."""
    if "deck" in deck.meta or not folder:
        return deck
    parts = [part.replace(SEPARATOR, ":").strip() for part in folder]
    name = SEPARATOR.join([*(part for part in parts if part), deck.name])
    notes = tuple(dataclasses.replace(note, deck=name) for note in deck.notes)
    return dataclasses.replace(deck, name=name, notes=notes)
