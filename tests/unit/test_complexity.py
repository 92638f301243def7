"""The linear-time check the hostile-input tests rely on tells linear from quadratic."""

from __future__ import annotations

import pytest

from tests.complexity import assert_linear


def _quadratic(text: str) -> int:
    """Compares every tenth character with all before it, in Python: quadratic, and slow
    enough at these sizes that timer noise cannot hide it."""
    marks = text[::10]
    return sum(1 for i, mark in enumerate(marks) for other in marks[:i] if other == mark)


def test_linear_code_passes_and_quadratic_code_is_caught() -> None:
    assert_linear(lambda text: sorted(text), lambda n: "ab" * n, 200_000)
    with pytest.raises(AssertionError, match="not linear"):
        assert_linear(_quadratic, lambda n: "ab" * n, 5_000)
