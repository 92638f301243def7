"""The list of command modules; importing each registers its commands on `cli`."""

# Add one import per command module, in the order commands should appear in --help.
from studycards.cli import build as _build  # noqa: F401  (build, check)
