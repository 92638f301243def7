"""Daily limits, Anki's v3 way: per deck preset, new cards count against the review limit,
and a deck's limits cap every subdeck under it (from the studied deck down). Studying every
deck at once, the collection's own "study all" limits sit above the top-level decks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from studycards.notes.deck_names import ancestors
from studycards.options import Options, StudyAllLimits

# The key of the "study all" limits among the deck ids of DeckLimits: SQLite gives decks
# ids from 1 up, so no deck has this one.
STUDY_ALL = 0


@dataclass
class DeckLimits:
    """Remaining new and review allowance per deck id, and whose limits cap each deck."""

    new: dict[int, int] = field(default_factory=dict)
    review: dict[int, int] = field(default_factory=dict)
    chains: dict[int, tuple[int, ...]] = field(default_factory=dict)
    # The limits on top of the chains: the studied decks, or STUDY_ALL.
    roots: frozenset[int] = frozenset()

    def reviews_exhausted(self) -> bool:
        """Whether every root's review limit is used up: Anki stops reading due reviews
        there."""
        return all(self.review[root] <= 0 for root in self.roots)

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
    *,
    study_all: StudyAllLimits | None = None,
) -> DeckLimits:
    """Limits for the `active` decks (id → name, the studied decks and their subdecks).

    `done_today` maps a deck id to (new cards introduced, review cards answered) today in
    that deck alone; a parent's counts include its subdecks'. With `study_all`, every deck
    is studied at once and those limits cap the whole collection (key STUDY_ALL).
    """
    # Only the active decks hold limits, so only their names are looked up.
    by_name = {name: did for did, name in active.items()}
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
            if hid is not None:
                chain.append(hid)
        if study_all is not None:
            chain.append(STUDY_ALL)
        limits.chains[did] = tuple(chain)
    if study_all is not None:
        new = sum(new for new, _ in done_today.values())
        review = sum(review for _, review in done_today.values())
        limits.new[STUDY_ALL] = max(0, study_all.new_per_day - new)
        limits.review[STUDY_ALL] = max(0, study_all.reviews_per_day - review - new)
    limits.roots = frozenset(chain[-1] for chain in limits.chains.values())
    return limits
