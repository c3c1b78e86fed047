"""Environments shipped with pivot-opt, by name.

``make_env("daytrip", seed=3)`` builds one; each environment lives in its own module and is
imported only when asked for.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

from pivot_opt.environment import Environment
from pivot_opt.errors import ConfigError

__all__ = ["ENVIRONMENTS", "make_env"]

ENVIRONMENTS: dict[str, str] = {
    "daytrip": "pivot_opt.envs.daytrip:DayTripEnv",
    "travel": "pivot_opt.envs.travel.environment:make_travel_env",
}


def make_env(name: str, **options: Any) -> Environment:
    """Build a registered environment; options go to its constructor."""
    if name not in ENVIRONMENTS:
        raise ConfigError(f"unknown environment {name!r}; available: {', '.join(sorted(ENVIRONMENTS))}")
    module, _, attr = ENVIRONMENTS[name].partition(":")
    factory = getattr(importlib.import_module(module), attr)
    try:
        inspect.signature(factory).bind(**options)
    except TypeError:
        known = [p.name for p in inspect.signature(factory).parameters.values()
                 if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)]
        unknown = sorted(set(options) - set(known))
        raise ConfigError(f"environment {name!r} has no option {', '.join(map(repr, unknown)) or '?'}; "
                          f"its options: {', '.join(known)}") from None
    try:
        return factory(**options)
    except (TypeError, ValueError, LookupError) as exc:
        if isinstance(exc, ConfigError):
            raise
        raise ConfigError(f"environment {name!r} cannot be built with options {options}: "
                          f"{type(exc).__name__}: {exc}".splitlines()[0]) from exc
