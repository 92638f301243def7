"""Daily limits, Anki's v3 way: per deck preset, new cards count against the review limit,
and a deck's limits cap every subdeck under it (from the studied deck down).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from studycards.options import Options


def parent_of(name: str) -> str | None:
    head, sep, _ = name.rpartition("::")
    return head if sep else None


def ancestors(name: str) -> list[str]:
    """`A::B::C` → [`A::B`, `A`]."""
    out = []
    parent = parent_of(name)
    while parent is not None:
        out.append(parent)
        parent = parent_of(parent)
    return out


def in_tree(name: str, root: str) -> bool:
    return name == root or name.startswith(root + "::")


@dataclass
class DeckLimits:
    """Remaining new and review allowance per deck id, and whose limits cap each deck."""

    new: dict[int, int] = field(default_factory=dict)
    review: dict[int, int] = field(default_factory=dict)
    chains: dict[int, tuple[int, ...]] = field(default_factory=dict)

    def can_review(self, deck_id: int) -> bool:
        return all(self.review[d] > 0 for d in self.chains[deck_id])

    def take_review(self, deck_id: int) -> None:
        for d in self.chains[deck_id]:
            self.review[d] -= 1

    def can_new(self, deck_id: int) -> bool:
        return all(self.new[d] > 0 and self.review[d] > 0 for d in self.chains[deck_id])

    def take_new(self, deck_id: int) -> None:
        for d in self.chains[deck_id]:
            self.new[d] -= 1
            self.review[d] -= 1


def deck_limits(
    active: Mapping[int, str],
    all_decks: Mapping[int, str],
    options_of: Callable[[int], Options],
    done_today: Mapping[int, tuple[int, int]],
) -> DeckLimits:
    """Limits for the `active` decks (id → name, the studied decks and their subdecks).

    `done_today` maps a deck id to (new cards introduced, review cards answered) today in
    that deck alone; a parent's counts include its subdecks'.
    """
    by_name = {name: did for did, name in all_decks.items()}
    new_done: dict[int, int] = dict.fromkeys(active, 0)
    review_done: dict[int, int] = dict.fromkeys(active, 0)
    for did, (new, review) in done_today.items():
        name = all_decks.get(did)
        if name is None:
            continue
        for holder in (name, *ancestors(name)):
            hid = by_name.get(holder)
            if hid in new_done:
                new_done[hid] += new
                review_done[hid] += review
    limits = DeckLimits()
    for did, name in active.items():
        options = options_of(did)
        limits.new[did] = max(0, options.new_per_day - new_done[did])
        limits.review[did] = max(0, options.reviews_per_day - review_done[did] - new_done[did])
        chain = [did]
        for holder in ancestors(name):
            hid = by_name.get(holder)
            if hid is not None and hid in active:
                chain.append(hid)
        limits.chains[did] = tuple(chain)
    return limits
