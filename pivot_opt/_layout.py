"""``pivot_opt.losses`` and ``pivot_opt.optimizers``: the repository's top-level packages, by safe names.

The loss terms and optimizers live in the top-level folders ``losses/`` and ``optimizers/`` (the
project's layout), but a bare name such as ``losses`` is whatever comes first on ``sys.path``: a
user's own ``losses.py`` in the working folder would stand in for the library's. So the library
imports them only as ``pivot_opt.losses`` and ``pivot_opt.optimizers``: a finder loads each folder
under that name (its modules import each other relatively), and a bare ``import losses`` that does
reach the library's folder is made an alias of the same modules, never a second copy whose
classes would differ.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

__all__ = ["PACKAGES", "alias_bare_import", "install"]

#: The top-level folders the library imports under ``pivot_opt.<name>``.
PACKAGES = ("losses", "optimizers")
_ROOT = Path(__file__).resolve().parent.parent


class _PackageFinder(importlib.abc.MetaPathFinder):
    """Finds ``pivot_opt.losses`` / ``pivot_opt.optimizers`` in the top-level folders."""

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        prefix, _, name = fullname.partition(".")
        if prefix != "pivot_opt" or name not in PACKAGES:
            return None
        folder = _ROOT / name
        return importlib.util.spec_from_file_location(fullname, folder / "__init__.py",
                                                      submodule_search_locations=[str(folder)])


def install() -> None:
    """Put the finder on ``sys.meta_path`` once (``import pivot_opt`` does it)."""
    if not any(isinstance(f, _PackageFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _PackageFinder())


def alias_bare_import(bare: str, namespace: dict[str, Any]) -> None:
    """Called by ``losses/__init__.py`` when it runs as the bare ``losses``: become ``pivot_opt.losses``.

    Every submodule is registered under the bare name too, so ``import losses.base`` and
    ``import pivot_opt.losses.base`` give the same module (and the same classes).
    """
    real = importlib.import_module(f"pivot_opt.{bare}")
    for info in pkgutil.iter_modules(real.__path__):
        sys.modules[f"{bare}.{info.name}"] = importlib.import_module(f"{real.__name__}.{info.name}")
    sys.modules[bare] = real
    namespace.update({k: v for k, v in vars(real).items() if not k.startswith("__")})
