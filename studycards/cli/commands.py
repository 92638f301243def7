"""The list of command modules; importing each registers its commands on `cli`."""

# Add one import per command module, in the order commands should appear in --help.
# isort: off
from studycards.cli import build as _build  # noqa: F401  (build, check)
from studycards.cli import importing as _importing  # noqa: F401  (import)
from studycards.cli import review as _review  # noqa: F401
from studycards.cli import status as _status  # noqa: F401
from studycards.cli import browse as _browse  # noqa: F401  (cards, history)
from studycards.cli import stats as _stats  # noqa: F401
from studycards.cli import presets as _presets  # noqa: F401  (options, optimize)
from studycards.cli import decks as _decks  # noqa: F401  (deck rename, deck delete)
from studycards.cli import maintenance as _maintenance  # noqa: F401  (backup, orphans, suspend)
from studycards.cli import export as _export  # noqa: F401
# isort: on
