"""One test of "a real, finite number", for scores and values that must never be NaN or inf.

NaN compares as neither better nor worse, so a NaN that reached a line search or a pass/fail
check would count as a tie or a pass; every such value is checked with :func:`is_finite`.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["is_finite"]


def is_finite(value: Any) -> bool:
    """True for an int or float that is neither NaN nor infinite (False for any other type)."""
    try:
        return math.isfinite(value)
    except TypeError:
        return False
