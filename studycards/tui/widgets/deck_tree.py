"""The deck list: Anki's `::` hierarchy as a collapsible tree with New / Learn / Due columns."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from studycards.render import DUE_STYLE, LEARN_STYLE, NEW_STYLE, count
from studycards.tui.widgets.safe_text import styled

_COLUMN = 6  # width of each count column
_GUIDE = 4  # Tree's indentation per level
_ARROW = 2  # Tree's "▼ " before a node that has children


@dataclass
class DeckCounts:
    """One row of the deck list: a deck and everything beneath it.

    `own` is the collection's status line for the deck, which already counts its subdecks
    under the parent's limits; a parent with no line of its own sums its children.
    """

    name: str  # full name, `A::B`
    own: tuple[int, int, int] | None = None
    children: dict[str, DeckCounts] = field(default_factory=dict)

    @property
    def leaf(self) -> str:
        return self.name.rsplit("::", 1)[-1]

    def total(self) -> tuple[int, int, int]:
        if self.own is not None:
            return self.own
        new = learning = review = 0
        for child in self.children.values():
            n, lrn, r = child.total()
            new, learning, review = new + n, learning + lrn, review + r
        return new, learning, review


def deck_forest(rows: Iterable[tuple[str, int, int, int]]) -> list[DeckCounts]:
    """Nest `(deck, new, learning, review)` rows by `::`; parents without a row appear too."""
    roots: dict[str, DeckCounts] = {}
    for name, new, learning, review in rows:
        parts = name.split("::")
        level = roots
        node: DeckCounts | None = None
        for depth in range(len(parts)):
            full = "::".join(parts[: depth + 1])
            node = level.setdefault(full, DeckCounts(full))
            level = node.children
        assert node is not None
        node.own = (new, learning, review)
    return sorted(roots.values(), key=lambda d: d.name.casefold())


def _indent(node: DeckCounts, depth: int) -> int:
    """Cells before a deck's name: Tree's guides, and the fold arrow of a parent."""
    return depth * _GUIDE + (_ARROW if node.children else 0)


def _name_width(nodes: Iterable[DeckCounts], depth: int = 0) -> int:
    widest = 0
    for node in nodes:
        own = _indent(node, depth) + cell_len(node.leaf)
        widest = max(widest, own, _name_width(node.children.values(), depth + 1))
    return widest


def _counts_cells(new: int, learning: int, review: int) -> Text:
    cells = (count(new, NEW_STYLE), count(learning, LEARN_STYLE), count(review, DUE_STYLE))
    return styled(*((f"{value:>{_COLUMN}}", style) for value, style in cells))


def _expanded_decks(node: TreeNode[str]) -> Iterator[str]:
    for child in node.children:
        if child.is_expanded and child.data is not None:
            yield child.data
        yield from _expanded_decks(child)


class DeckTree(Tree[str], inherit_bindings=False):
    """Enter studies the highlighted deck (Anki's click on a deck name); space folds it.

    Only these keys: Tree's own (moving between siblings, scrolling sideways...) would fill
    the list of keys before the app's. Moving keys work but stay out of that list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Study", show=True),
        Binding("space", "toggle_node", "Fold", show=False),
        Binding("up", "cursor_up", "Up", show=False, system=True),
        Binding("down", "cursor_down", "Down", show=False, system=True),
        Binding("pageup", "page_up", "Page up", show=False, system=True),
        Binding("pagedown", "page_down", "Page down", show=False, system=True),
        Binding("home", "scroll_home", "First", show=False, system=True),
        Binding("end", "scroll_end", "Last", show=False, system=True),
        Binding("shift+space", "toggle_expand_all", "Fold all", show=False, system=True),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Decks", id=id)
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = _GUIDE
        self._name_width = 20
        # Parents shown unfolded, once the user has seen the tree; None: the first showing.
        self._expanded: set[str] | None = None
        self._unfolded_all = False
        # The subdecks of each folded deck, added to the tree when it is unfolded: a vault
        # imported as thousands of decks shows its first screen without building thousands
        # of rows nobody sees (Tree builds and refreshes every node it is given).
        self._folded: dict[TreeNode[str], tuple[list[DeckCounts], int]] = {}

    def header(self) -> Text:
        """The column titles, aligned with the rows."""
        text = Text("Deck".ljust(self._name_width), style="bold")
        for title in ("New", "Learn", "Due"):
            text.append(f"{title:>{_COLUMN}}", style="bold")
        return text

    def summary_line(self, label: str, counts: tuple[int, int, int]) -> Text:
        """A line aligned with the rows, for counts that are no deck's: studying all decks."""
        text = Text(label.ljust(self._name_width), style="bold")
        text.append_text(_counts_cells(*counts))
        return text

    def show(
        self, forest: Sequence[DeckCounts], *, expand_all: bool = False, width: int = 80
    ) -> None:
        """Replace the tree with `forest`, keeping the highlighted deck when it is still there.

        `width`: cells a row may take; longer deck names end in an ellipsis so the counts
        stay in view on a narrow terminal.
        """
        keep = self.cursor_node.data if self.cursor_node is not None else None
        # Keep what the user folded and unfolded, as Anki does (a filtered view unfolds all).
        if self.root.children and not self._unfolded_all:
            self._expanded = set(_expanded_decks(self.root))
        self._unfolded_all = expand_all
        self._name_width = max(12, min(max(_name_width(forest), 20), width - 3 * _COLUMN))
        self.clear()
        self._folded = {}
        self._add(self.root, forest, 0, expand_all)
        self.root.expand()
        if keep is None or not self.move_to(keep):
            self.cursor_line = 0

    def _add(
        self, parent: TreeNode[str], nodes: Sequence[DeckCounts], depth: int, expand: bool
    ) -> None:
        for deck in sorted(nodes, key=lambda d: d.leaf.casefold()):
            room = max(1, self._name_width - _indent(deck, depth))
            label = styled(deck.leaf)
            if label.cell_len > room:
                label.truncate(room, overflow="ellipsis")
            label.pad_right(room - label.cell_len)
            label.append_text(_counts_cells(*deck.total()))
            if deck.children:
                unfold = deck.name in self._expanded if self._expanded is not None else depth == 0
                node = parent.add(label, data=deck.name, expand=expand or unfold)
                children = list(deck.children.values())
                if expand or unfold:
                    self._add(node, children, depth + 1, expand)
                else:
                    self._folded[node] = (children, depth + 1)
            else:
                parent.add_leaf(label, data=deck.name)

    def _fill(self, node: TreeNode[str]) -> None:
        """Add the subdecks of `node` if it was folded until now."""
        folded = self._folded.pop(node, None)
        if folded is not None:
            children, depth = folded
            self._add(node, children, depth, False)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[str]) -> None:
        self._fill(event.node)

    def move_to(self, deck: str, *, unfold: bool = False) -> bool:
        """Put the cursor on `deck`; False when it is not shown. With `unfold`, the decks
        above it are unfolded first, so it is."""
        if unfold:
            self._unfold_to(self.root, deck)
        for line in range(self.last_line + 1):
            node = self.get_node_at_line(line)
            if node is not None and node.data == deck:
                self.cursor_line = line
                return True
        return False

    def _unfold_to(self, node: TreeNode[str], deck: str) -> bool:
        for child in node.children:
            if child.data == deck or (child.data and deck.startswith(child.data + "::")):
                if child.data != deck:
                    child.expand()
                    self._fill(child)
                    self._unfold_to(child, deck)
                return True
        return False

    @property
    def selected_deck(self) -> str | None:
        node = self.cursor_node
        return node.data if node is not None else None
