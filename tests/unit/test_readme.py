"""The README's promises: CI runs exactly its test command."""

from __future__ import annotations

import re

from tests.conftest import REPO


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```(?:sh|bash|console)?\n(.*?)\n```", text, re.DOTALL)[:2]


def test_readme_opens_with_an_install_and_a_test_command() -> None:
    study, tests = readme_commands()
    assert "pip install" in study and "studycards" in study
    assert "pip install" in tests and "pytest" in tests


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    _, tests = readme_commands()
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert tests.strip() in ci.splitlines()
