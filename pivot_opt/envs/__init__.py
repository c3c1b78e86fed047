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
    options = _checked(name, factory, options)
    try:
        return factory(**options)
    except (TypeError, ValueError, LookupError) as exc:
        if isinstance(exc, ConfigError):
            raise
        raise ConfigError(f"environment {name!r} cannot be built with options {options}: "
                          f"{type(exc).__name__}: {exc}".splitlines()[0]) from exc


def _checked(name: str, factory: Any, options: dict[str, Any]) -> dict[str, Any]:
    """Options checked against the factory's type hints (``seed="abc"`` for an ``int`` is refused)."""
    import typing

    from pydantic import ConfigDict, TypeAdapter, ValidationError

    target = factory.__init__ if isinstance(factory, type) else factory
    try:
        hints = typing.get_type_hints(target)
    except Exception:  # hints that cannot be resolved here: the factory checks its own options
        return options
    out = dict(options)
    for key, value in options.items():
        if key not in hints:
            continue
        try:
            adapter = TypeAdapter(hints[key], config=ConfigDict(arbitrary_types_allowed=True))
        except Exception:  # a type pydantic cannot check
            continue
        try:
            out[key] = adapter.validate_python(value)
        except ValidationError as exc:
            raise ConfigError(f"environment {name!r} option {key}={value!r}: {exc.errors()[0]['msg']}") from None
    return out
