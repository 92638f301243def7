"""A session's own bookkeeping: the card on screen, the main queue with its running counts,
and what each undoable change did to them."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass, field

from studycards.model import Schedule

# What a card on the main queue is, for the counts: Anki's three numbers.
KINDS = ("new", "learning", "review")


@dataclass(kw_only=True)
class Shown:
    pk: int
    note_pk: int
    deck_id: int
    schedule: Schedule
    from_main: str | None  # "new" / "review" / "learning" when it came off the main queue


@dataclass
class Book:
    """The main queue (card keys, each "new", "review" or interday "learning") and the
    session's tallies.

    Counts are kept up to date on every change, so neither counting nor undo walks the
    queue, which can hold thousands of cards with high limits.
    """

    main: deque[int] = field(default_factory=deque)
    kinds: dict[int, str] = field(default_factory=dict)
    left: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    studied: int = 0
    seconds: float = 0.0
    again: int = 0

    def load(self, order: Sequence[int], kinds: dict[int, str]) -> None:
        self.main = deque(order)
        self.kinds = kinds
        self.left = dict.fromkeys(KINDS, 0)
        for kind in kinds.values():
            self.left[kind] += 1

    def pop(self) -> tuple[int, str | None]:
        pk = self.main.popleft()
        kind = self.kinds.pop(pk, None)
        if kind:
            self.left[kind] -= 1
        return pk, kind

    def drop(self, pk: int) -> str | None:
        kind = self.kinds.pop(pk, None)
        if kind:
            self.main.remove(pk)
            self.left[kind] -= 1
        return kind

    def push_back(self, pk: int, kind: str) -> None:
        if pk not in self.kinds:
            self.main.append(pk)
            self.kinds[pk] = kind
            self.left[kind] += 1

    def push_front(self, pk: int, kind: str) -> None:
        if pk not in self.kinds:
            self.main.appendleft(pk)
            self.kinds[pk] = kind
            self.left[kind] += 1


@dataclass(frozen=True, slots=True)
class Step:
    """What one undoable change did to the session's own bookkeeping."""

    shown: Shown
    _: KW_ONLY
    dropped: tuple[tuple[int, str], ...] = ()
    # Cards that joined the queue in place of the ones set aside (bury, suspend).
    added: tuple[tuple[int, str], ...] = ()
    studied: int = 0
    seconds: float = 0.0
    again: int = 0
