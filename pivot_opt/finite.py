"""One test of "a real, finite number", for scores and values that must never be NaN or inf.

NaN compares as neither better nor worse, so a NaN that reached a line search or a pass/fail
check would count as a tie or a pass; every such value is checked with :func:`is_finite`.
"""

from __future__ import annotations

import math
from typing import Any

from pivot_opt.errors import ConfigError

__all__ = ["finite_weight", "is_finite"]


def is_finite(value: Any) -> bool:
    """True for an int or float that is neither NaN nor infinite (False for any other type)."""
    try:
        return math.isfinite(value)
    except TypeError:
        return False


def finite_weight(value: Any, what: str, fix: str = "") -> float:
    """``value`` as a float >= 0 (a weight, a feedback value); anything else is a ConfigError naming ``what``."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{what} must be a number >= 0, got {value!r}{fix}") from None
    if not is_finite(number) or number < 0:
        raise ConfigError(f"{what} must be a finite number >= 0, got {value!r}{fix}")
    return number
