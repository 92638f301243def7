"""The linear-time check the hostile-input tests rely on tells linear from quadratic."""

from __future__ import annotations

import pytest

from tests.complexity import assert_linear


def _quadratic(text: str) -> int:
    """Compares every tenth character with all before it, in Python loops that allocate
    nothing (a slice per step made its small runs slower after each large one): quadratic,
    and slow enough at these sizes that timer noise cannot hide it."""
    marks = text[::10]
    same = 0
    for i in range(len(marks)):
        mark = marks[i]
        for j in range(i):
            same += marks[j] == mark
    return same


def test_linear_code_passes_and_quadratic_code_is_caught() -> None:
    assert_linear(lambda text: sorted(text), lambda n: "ab" * n, 200_000)
    with pytest.raises(AssertionError, match="not linear"):
        assert_linear(_quadratic, lambda n: "ab" * n, 4_000)
