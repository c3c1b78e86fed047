"""Clock-time strings parsed once: the memo every travel time parser goes through.

Why: executing and scoring a plan reads the same few ``HH:MM`` strings (slots, opening hours,
departure times) again in every check, and ``datetime.strptime`` dominated that hot path. A
parser wrapped with :func:`memo` computes each distinct string once per process and afterwards
returns the stored result; it must be a pure function of a hashable argument returning an
immutable value, so results are identical with or without the memo. The memo is bounded
(model output is untrusted and may contain any number of odd strings).

:func:`use_time_cache` switches every memo off (and clears it) so a benchmark can time the uncached
path and the cached path side by side in one process.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["clear_time_cache", "memo", "time_cache_enabled", "use_time_cache"]

#: Distinct strings kept per parser; a plan and its database use a few hundred at most.
MAXSIZE = 8192

R = TypeVar("R")
_ENABLED = True
_MEMOS: list[Any] = []


def memo(parse: Callable[[Any], R]) -> Callable[[Any], R]:
    """``parse`` memoised while the cache is on; the plain ``parse`` when it is off."""
    cached = functools.lru_cache(maxsize=MAXSIZE)(parse)
    _MEMOS.append(cached)

    @functools.wraps(parse)
    def call(text: Any) -> R:
        return cached(text) if _ENABLED else parse(text)

    call.cache_info = cached.cache_info  # type: ignore[attr-defined]
    return call


def clear_time_cache() -> None:
    """Forget every parsed string (the next parse of each string computes it again)."""
    for cached in _MEMOS:
        cached.cache_clear()


def use_time_cache(enabled: bool = True, *, clear: bool = True) -> None:
    """Turn the memo on or off for every parser; ``clear=False`` keeps what it already holds."""
    global _ENABLED
    _ENABLED = bool(enabled)
    if clear:
        clear_time_cache()


def time_cache_enabled() -> bool:
    """Whether the parsers currently memoise (a benchmark restores what it found)."""
    return _ENABLED
