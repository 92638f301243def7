"""Per Anki package made by the real Anki: the share of review cards studycards has due on
the day Anki has them due, and with the interval Anki gives them.

    .venv/bin/python -m bench.anki_due_days

The packages are the test suite's fixtures (tests/interop/anki_fixtures.py): a person's
deck with history (current and 2.1 package layouts), FSRS with a 0.95 preset and tuned
parameters (two notes' cards without their memory state), a v1-scheduler collection, and
note types with templates of their own. The judge is the same package imported into a
fresh Anki collection with its scheduling and deck options.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path
from typing import Any

from anki.collection import Collection

from tests.interop.anki_fixtures import (
    _answer_all,
    _spread_history,
    build_anki_deck,
    build_fsrs_deck,
    build_template_deck,
    build_v1_deck,
    export_package,
)
from tests.interop.test_anki_progress import compare


def many_cards(folder: Path, *, fsrs: bool) -> Path:
    """300 notes answered by Anki's own scheduler with a seeded mix of buttons, the log then
    spread over two months, as a person's collection has it."""
    folder.mkdir(parents=True)
    col = Collection(str(folder / "collection.anki2"))
    try:
        col.set_config("fsrs", fsrs)
        did: Any = col.decks.id("Many")
        conf = col.decks.config_dict_for_deck_id(did)
        conf["new"]["perDay"] = 1000
        col.decks.update_config(conf)
        basic = col.models.by_name("Basic")
        for index in range(300):
            note = col.new_note(basic)  # type: ignore[arg-type]
            note["Front"], note["Back"] = f"question {index}", f"answer {index}"
            col.add_note(note, did)
        buttons = random.Random(7).choices([1, 2, 3, 4], weights=[1, 1, 5, 2], k=1200)
        _answer_all(col, did, buttons)
        _spread_history(col, 60)
        out = folder / "many.apkg"
        export_package(col, out, legacy=False, deck_options=True)
        return out
    finally:
        col.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        packages = {
            "person's deck, current layout": build_anki_deck(
                root / "a", "a.apkg", legacy=False
            ).path,
            "person's deck, 2.1 layout": build_anki_deck(root / "b", "b.apkg", legacy=True).path,
            "FSRS, preset at 0.95": build_fsrs_deck(root / "c").path,
            "v1 scheduler": build_v1_deck(root / "d").path,
            "note types of their own": build_template_deck(root / "e").path,
            "300 notes, SM-2": many_cards(root / "f", fsrs=False),
            "300 notes, FSRS": many_cards(root / "g", fsrs=True),
        }
        print("| package | review cards | due day as Anki's | interval as Anki's |")
        print("|---|---|---|---|")
        for name, package in packages.items():
            folder = root / f"compare-{len(name)}-{abs(hash(name))}"
            folder.mkdir()
            compared = compare(package, folder)
            pairs = list(compared.review_cards())
            due = sum(them.due_day == us.due_day for them, us in pairs)
            interval = sum(them.interval == us.interval for them, us in pairs)
            share = f"{due / len(pairs):.0%}" if pairs else "-"
            ivl_share = f"{interval / len(pairs):.0%}" if pairs else "-"
            print(f"| {name} | {len(pairs)} | {share} | {ivl_share} |")


if __name__ == "__main__":
    main()
