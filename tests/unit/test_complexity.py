"""The linear-time check the hostile-input tests rely on tells linear from quadratic."""

from __future__ import annotations

import pytest

from tests.complexity import assert_linear


def _quadratic(text: str) -> int:
    return sum(text.count(text[i]) for i in range(0, len(text), 4))


def test_linear_code_passes_and_quadratic_code_is_caught() -> None:
    assert_linear(lambda text: sorted(text), lambda n: "ab" * n, 200_000)
    with pytest.raises(AssertionError, match="not linear"):
        assert_linear(_quadratic, lambda n: "ab" * n, 1_000)
