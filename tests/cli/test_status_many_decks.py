"""`status` on a vault imported as a deck tree of many decks: every deck a line, in tree
order, its counts under their titles, and on a narrow terminal the names cut, never a count."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from studycards.cli import cli
from tests.cli.clirun import Studycards

TITLES = ("New", "Learn", "Due", "Total", "Suspended")


@pytest.fixture(scope="module")
def vault_status(tmp_path_factory: pytest.TempPathFactory) -> tuple[Studycards, dict[str, Any]]:
    root = tmp_path_factory.mktemp("vault")
    vault = root / "Garden"
    for area in range(6):
        for n in range(20):
            path = vault / f"area-{area}" / f"plot-{area}-{n:02d}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(
                f"# Plot {area}-{n} of the community garden\n\n"
                f"The **bed{area}x{n}** (a raised strip of soil, number {n}) grows beans.\n",
                encoding="utf-8",
            )
    sc = Studycards(root / "collection.db")
    sc("import", str(vault))
    area_2 = sc("cards", "--deck", "Garden::area-2", "--json").json_lines()
    sc("suspend", *(card["card_id"] for card in area_2))
    return sc, sc("status", "--json").json()


def status_lines(sc: Studycards, columns: int) -> list[str]:
    result = CliRunner().invoke(
        cli,
        ["status"],
        env={"STUDYCARDS_COLLECTION": str(sc.collection), "COLUMNS": str(columns)},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_every_deck_is_a_line_in_tree_order_with_its_counts_under_the_titles(
    vault_status: tuple[Studycards, dict[str, Any]],
) -> None:
    sc, status = vault_status
    decks = status["decks"]
    assert len(decks) == 1 + 6 + 120
    lines = status_lines(sc, 100)
    header, body = lines[0], lines[1 : 1 + len(decks)]
    # The title's right edge: every count ends in the same cell as its title.
    edges = [header.index(title) + len(title) for title in TITLES]
    for deck, line in zip(decks, body, strict=True):
        depth = deck["deck"].count("::")
        assert line.startswith("  " * depth + deck["deck"].rsplit("::", 1)[-1] + " ")
        keys = ("new", "learning", "review", "total", "suspended")
        for key, edge in zip(keys, edges, strict=True):
            number = str(deck[key])
            assert line[edge - len(number) : edge] == number, (deck["deck"], key, line)
            assert line[edge - len(number) - 1] == " "
    assert lines[1].startswith("Garden ")
    (area_2,) = (deck for deck in decks if deck["deck"] == "Garden::area-2")
    assert area_2["suspended"] == area_2["total"] > 0
    assert lines[-1] == "0 answers today · no streak yet"


def test_a_narrow_terminal_cuts_deck_names_and_keeps_every_count_whole(
    vault_status: tuple[Studycards, dict[str, Any]],
) -> None:
    sc, status = vault_status
    lines = status_lines(sc, 56)
    assert lines[0].split() == ["Deck", *TITLES]
    body = lines[1 : 1 + len(status["decks"])]
    for deck, line in zip(status["decks"], body, strict=True):
        assert len(line) <= 56
        assert line.split()[-5:] == [
            str(deck[key]) for key in ("new", "learning", "review", "total", "suspended")
        ]
    cut = [line for line in body if "…" in line]
    assert len(cut) == 120  # the leaf decks, named for their files: "plot-0-01"
    assert all(line.startswith("    plot-") for line in cut)
