"""Pilot tests of the decks screen: the tree, studying a deck, filtering, the bundled deck."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.content import Content
from textual.widgets import Static

from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.collection.bundled import bundled_decks
from studycards.model import Note, Rating
from studycards.study.session import Session
from studycards.tui.app import StudyApp
from studycards.tui.screens.decks import DecksScreen
from studycards.tui.screens.review import ReviewScreen
from studycards.tui.screens.stats import StatsScreen
from studycards.tui.widgets.deck_tree import DeckTree
from tests.builders import basic
from tests.tui.conftest import MakeCollection, messages

SIZE = (80, 24)


def shown_decks(app: StudyApp) -> list[str]:
    tree = app.screen.query_one(DeckTree)
    names = []
    for line in range(tree.last_line + 1):
        node = tree.get_node_at_line(line)
        if node is not None and node.data is not None:
            names.append(node.data)
    return names


async def test_tree_nests_subdecks_and_enter_studies_the_highlighted_one(
    col: Collection, clock: FrozenClock
) -> None:
    app = StudyApp(col, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        assert isinstance(app.screen, DecksScreen)
        assert shown_decks(app) == ["AI race", "AI race::Capitals"]
        label = str(app.screen.query_one(DeckTree).get_node_at_line(1).label)  # type: ignore[union-attr]
        assert label.split() == ["Capitals", "1", "0", "0"]
        await pilot.press("down", "enter")
        assert isinstance(app.screen, ReviewScreen)
        study = app.screen.session.current
        assert study is not None and study.card.deck == "AI race::Capitals"
        await pilot.press("q")
        assert isinstance(app.screen, DecksScreen)


async def test_slash_filters_the_decks(col: Collection, clock: FrozenClock) -> None:
    app = StudyApp(col, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("slash", *"capi")
        assert shown_decks(app) == ["AI race", "AI race::Capitals"]
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"zzz")
        assert shown_decks(app) == []
        await pilot.press("escape")
        assert shown_decks(app) == ["AI race", "AI race::Capitals"]


async def test_empty_collection_studies_the_bundled_deck_with_one_key(
    tmp_path: Path, clock: FrozenClock
) -> None:
    names = [deck.name for deck in bundled_decks()]
    assert names, "the bundled deck (decks/*.md) is missing from this checkout"
    with Collection.open(tmp_path / "empty.db", clock, fuzz=False) as col:
        app = StudyApp(col, clock=clock)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            assert "bundled deck" in str(app.screen.query_one("#empty-message").render())
            await pilot.press("enter")
            assert isinstance(app.screen, ReviewScreen)
        assert set(col.decks()) >= set(names)


async def test_command_palette_studies_a_deck_and_opens_statistics(
    col: Collection, clock: FrozenClock
) -> None:
    app = StudyApp(col, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("ctrl+p", *"capitals")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        study = app.screen.session.current
        assert study is not None and study.card.deck == "AI race::Capitals"
        await pilot.press("ctrl+p", *"statis")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)


async def test_palette_shows_a_deck_name_with_brackets_literally(
    make_collection: MakeCollection, clock: FrozenClock
) -> None:
    col = make_collection([basic("[bold red]x[/]", "Q?", "A", line=1)])
    app = StudyApp(col, clock=clock)
    async with app.run_test(size=SIZE, notifications=True):
        titles = [Content.from_markup(c.title).plain for c in app.get_system_commands(app.screen)]
    assert "Study [bold red]x[/]" in titles


async def test_studying_a_deck_with_nothing_due_says_so_and_stays(
    make_collection: MakeCollection, clock: FrozenClock
) -> None:
    col = make_collection([basic("Done", "Capital of Peru?", "Lima", line=1)])
    session = Session(col, ["Done"])
    session.reveal()
    session.answer(Rating.EASY)
    app = StudyApp(col, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, DecksScreen)
        assert any("Nothing due in Done" in text for text in await messages(pilot))


async def test_a_long_deck_name_is_shortened_so_its_counts_stay_on_screen(
    make_collection: MakeCollection, clock: FrozenClock
) -> None:
    name = "A deck whose name goes on and on " * 4
    col = make_collection([basic(name.strip(), "Q?", "A", line=1)])
    app = StudyApp(col, clock=clock)
    async with app.run_test(size=SIZE, notifications=True):
        tree = app.screen.query_one(DeckTree)
        node = tree.get_node_at_line(0)
        assert node is not None
        label = node.label
        assert isinstance(label, Text)
        assert label.plain.split()[-3:] == ["1", "0", "0"]
        assert "…" in label.plain
        assert label.cell_len <= SIZE[0] - 8


async def test_stats_switch_between_the_deck_and_all_decks(
    col: Collection, clock: FrozenClock
) -> None:
    app = StudyApp(col, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("down", "t")
        assert isinstance(app.screen, StatsScreen)
        title = app.screen.query_one("#stats-title")
        assert str(title.render()) == "Statistics · AI race::Capitals"
        await pilot.press("a")
        assert str(title.render()) == "Statistics · all decks"
        await pilot.press("a")
        assert str(title.render()) == "Statistics · AI race::Capitals"


async def test_a_folded_deck_stays_folded_after_a_review(
    col: Collection, clock: FrozenClock
) -> None:
    app = StudyApp(col, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("space")
        assert shown_decks(app) == ["AI race"]
        await pilot.press("enter", "q")
        assert isinstance(app.screen, DecksScreen)
        assert shown_decks(app) == ["AI race"]
        await pilot.press("slash", *"cap")
        assert shown_decks(app) == ["AI race", "AI race::Capitals"]
        await pilot.press("escape")
        assert shown_decks(app) == ["AI race"]


async def test_the_all_decks_line_shows_what_a_studies_under_the_collection_limits(
    make_collection: MakeCollection, clock: FrozenClock
) -> None:
    notes = [
        basic(f"Note {d}", f"Question {d}.{q}?", "yes", line=q) for d in range(5) for q in range(3)
    ]
    col = make_collection(notes)
    col.set_study_all_limits(new_per_day=4)
    app = StudyApp(col, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        line = app.screen.query_one("#all-decks", Static).render()
        assert str(line).split() == ["All", "decks", "4", "0", "0"]
        # Each deck on its own still shows its own 3.
        labels = [str(app.screen.query_one(DeckTree).get_node_at_line(n).label) for n in range(5)]  # type: ignore[union-attr]
        assert [label.split()[-3:] for label in labels] == [["3", "0", "0"]] * 5
        await pilot.press("a")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.session.decks is None and review.session.counts().new == 4
        for _ in range(4):
            await pilot.press("space", "4")
        assert type(app.screen).__name__ == "SummaryScreen"
        await pilot.press("enter")  # the summary goes back to the decks
        assert isinstance(app.screen, DecksScreen)
        line = app.screen.query_one("#all-decks", Static).render()
        assert str(line).split() == ["All", "decks", "0", "0", "0"]


async def test_on_start_the_app_brings_in_what_changed_in_the_notes(
    tmp_path: Path, clock: FrozenClock
) -> None:
    """A note written in an editor between two sessions is in the deck list when the app
    opens, with no command in between."""
    from studycards.collection.importing import import_paths

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "ships.md").write_text(
        "# Ships\n\nThe **keel** (the beam along the bottom of a ship) was oak.\n"
    )
    with Collection.open(tmp_path / "c.db", clock, fuzz=False) as col:
        import_paths(col, [notes])
        (notes / "ports.md").write_text(
            "# Ports\n\nThe **breakwater** (a wall that shelters a harbour) held.\n"
        )
        app = StudyApp(col, clock=clock)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.pause()
            assert shown_decks(app) == ["notes", "notes::ports", "notes::ships"]
            assert any("2 added" in text for text in await messages(pilot))


def garden(areas: int, plots: int) -> list[Note]:
    """A vault imported as a deck tree: `Garden::area-N::plot-M`, one question per plot."""
    return [
        basic(f"Garden::area-{a}::plot-{p:02d}", f"What grows in plot {a}.{p}?", line=1)
        for a in range(areas)
        for p in range(plots)
    ]


async def test_a_tree_of_hundreds_of_decks_shows_the_top_and_unfolds_a_deck_on_space(
    make_collection: MakeCollection, clock: FrozenClock
) -> None:
    col = make_collection(garden(8, 40))
    app = StudyApp(col, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        areas = [f"Garden::area-{a}" for a in range(8)]
        assert shown_decks(app) == ["Garden", *areas]
        tree = app.screen.query_one(DeckTree)
        label = tree.get_node_at_line(4).label  # type: ignore[union-attr]
        assert str(label).split() == ["area-3", "20", "0", "0"]  # 40 new, 20 a day
        await pilot.press("down", "down", "down", "down", "space")
        plots = [f"Garden::area-3::plot-{p:02d}" for p in range(40)]
        assert shown_decks(app) == ["Garden", *areas[:4], *plots, *areas[4:]]
        await pilot.press("down", "enter")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.session.current is not None
        assert review.session.current.card.deck == "Garden::area-3::plot-00"
        await pilot.press("q")
        assert shown_decks(app) == ["Garden", *areas[:4], *plots, *areas[4:]]
        # A filter unfolds what matches, however deep: a folded deck's subdecks too.
        await pilot.press("slash", *"plot-17")
        assert shown_decks(app) == ["Garden", *(n for a in areas for n in (a, f"{a}::plot-17"))]
        await pilot.press("escape")
        assert shown_decks(app) == ["Garden", *areas[:4], *plots, *areas[4:]]
