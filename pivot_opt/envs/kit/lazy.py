"""Lazy re-exports for environment packages.

Why: an environment package re-exports names from its sub-packages, and those sub-packages
import each other (the evaluator needs the data layer, the data layer's context needs the
evaluator's parsing rules). Eager re-exports in ``__init__`` turn that into import cycles and
make ``import pivot_opt.envs.x`` load everything. A PEP 562 module ``__getattr__`` imports a
name's module only when the name is first used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, exports: Mapping[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for a package whose names live in submodules.

    ``exports`` maps each public name to the module that defines it (absolute, or relative to
    ``package`` when it starts with a dot). Use as::

        __getattr__, __dir__ = lazy_exports(__name__, {"TravelEnv": ".environment"})
    """

    def module_of(name: str) -> str:
        target = exports[name]
        return package + target if target.startswith(".") else target

    def __getattr__(name: str) -> Any:
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module_of(name)), name)
        importlib.import_module(package).__dict__[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*exports, *importlib.import_module(package).__dict__})

    return __getattr__, __dir__
