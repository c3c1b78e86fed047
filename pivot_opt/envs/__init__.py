"""Environments by name: the shipped ones, a user's own, and those of installed packages.

``make_env("daytrip", seed=3)`` builds one; each environment lives in its own module and is
imported only when asked for. A name is one of:

- a registered name (:data:`ENVIRONMENTS`, extended by :func:`register_env`);
- an entry point of the group ``pivot_opt.envs`` of an installed package
  (``[project.entry-points."pivot_opt.envs"] lunch = "lunch_env:LunchEnv"``);
- an import path ``"module:attr"`` (``pivot run --env my_envs:LunchEnv``).

Entry points and import paths are strings that any process can resolve, so they reach sweep
workers in other processes (Dask, ``multiprocessing``) as they are; :func:`register_env` stores
the import path of what it is given for the same reason.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import Any

from pivot_opt.environment import Environment
from pivot_opt.errors import ConfigError

__all__ = ["ENTRY_POINT_GROUP", "ENVIRONMENTS", "env_factory", "env_names", "make_env", "register_env"]

#: The entry-point group installed packages name their environments in.
ENTRY_POINT_GROUP = "pivot_opt.envs"

ENVIRONMENTS: dict[str, str] = {
    "daytrip": "pivot_opt.envs.daytrip:DayTripEnv",
    "travel": "pivot_opt.envs.travel.environment:make_travel_env",
    "shopping": "pivot_opt.envs.shopping.environment:make_shopping_env",
}


def register_env(name: str, target: str | Callable[..., Environment]) -> str:
    """Make ``name`` build ``target`` (a ``"module:attr"`` path, or a class or factory function).

    What is stored is the import path, so a sweep that names ``name`` works in worker processes
    that import the same module; a class defined in ``__main__`` or inside a function has no such
    path and is refused with the fix. Returns the stored path.
    """
    if not name or ":" in name:
        raise ConfigError(f"an environment name must be non-empty and have no ':', got {name!r}")
    path = target if isinstance(target, str) else _import_path(target)
    _split(path)
    ENVIRONMENTS[name] = path
    return path


def env_names() -> list[str]:
    """Every name :func:`make_env` knows without an import path: registered and installed ones."""
    return sorted({*ENVIRONMENTS, *(ep.name for ep in _entry_points())})


def env_factory(name: str) -> Callable[..., Environment]:
    """The class or function that ``name`` builds (see the module docstring for the forms)."""
    if name in ENVIRONMENTS:
        path = ENVIRONMENTS[name]
    else:
        found = [ep.value for ep in _entry_points() if ep.name == name]
        if found:
            path = found[0]
        elif ":" in name:
            path = name
        else:
            raise ConfigError(f"unknown environment {name!r}; available: {', '.join(env_names())}, or an import "
                              "path module:Class of your own")
    module, attr = _split(path)
    try:
        obj: Any = importlib.import_module(module)
    except ImportError as exc:
        raise ConfigError(f"environment {name!r}: cannot import module {module!r} ({exc}); is it on the Python "
                          "path (PYTHONPATH, or installed)?") from None
    for part in attr.split("."):
        if not hasattr(obj, part):
            raise ConfigError(f"environment {name!r}: module {module!r} has no {attr!r}")
        obj = getattr(obj, part)
    if not callable(obj):
        raise ConfigError(f"environment {name!r}: {path} is not a class or function")
    return obj  # type: ignore[no-any-return]


def _entry_points() -> list[Any]:
    from importlib.metadata import entry_points

    return list(entry_points(group=ENTRY_POINT_GROUP))


def _split(path: str) -> tuple[str, str]:
    module, sep, attr = path.partition(":")
    if not (module and sep and attr) or ":" in attr:
        raise ConfigError(f"an environment import path is module:attr (e.g. my_envs:LunchEnv), got {path!r}")
    return module, attr


def _import_path(target: Callable[..., Any]) -> str:
    module, qualname = getattr(target, "__module__", None), getattr(target, "__qualname__", "")
    if not module or module == "__main__" or "<locals>" in qualname:
        raise ConfigError(f"{target!r} has no import path other processes can use; define it in a module and "
                          "register 'module:Class' (or pass the module:Class path as the environment name)")
    return f"{module}:{qualname}"


def make_env(name: str, **options: Any) -> Environment:
    """Build an environment by name or ``module:attr`` path; options go to its constructor."""
    factory = env_factory(name)
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
