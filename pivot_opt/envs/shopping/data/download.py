"""Fetching and unpacking the official DeepPlanning shopping databases (needs network).

The benchmark authors distribute one archive per level, ``database_level{1,2,3}.tar.gz``, in the
dataset repository ``Qwen/DeepPlanning`` on Hugging Face; each unpacks to ``database_level<L>/``
holding the ``case_<id>/`` folders. Nothing in pivot-opt downloads anything implicitly: users
with network call :func:`download_official` once per level and pass the returned folder on.

Not verified on a machine without network: the archives' path inside the dataset repository and
their checksums. The default URL assumes the archives at the repository's top level (as the
travel archive is); if that is wrong, download by hand and pass ``url='file:///...'``.
"""

from __future__ import annotations

import os
from pathlib import Path

from pivot_opt.envs.kit.download import Opener, fetch_archive
from pivot_opt.envs.shopping.data.case import PRODUCTS_FILE
from pivot_opt.envs.shopping.data.records import CaseError

__all__ = ["OFFICIAL_DATASET", "download_official", "official_url"]

#: The dataset repository revision the travel archive is pinned to.
OFFICIAL_DATASET = "https://huggingface.co/datasets/Qwen/DeepPlanning/resolve/213876cce679f993a476d01042e13d111c0e3648"


def official_url(level: int) -> str:
    """Where the level's archive is expected (see the module docstring)."""
    if level not in (1, 2, 3):
        raise CaseError(f"level must be 1, 2 or 3, got {level!r}")
    return f"{OFFICIAL_DATASET}/database_level{level}.tar.gz"


def _level_root(dest: Path, level: int) -> Path:
    """The folder that directly holds the ``case_<id>`` folders (``database_level<L>`` first)."""
    roots = sorted({p.parent.parent for p in dest.rglob(PRODUCTS_FILE) if p.parent.name.startswith("case_")},
                   key=lambda p: (p.name != f"database_level{level}", len(p.parts), str(p)))
    if not roots:
        raise CaseError(f"no case_<id>/ folders with {PRODUCTS_FILE} found under {dest}; is this the right archive?")
    return roots[0]


def download_official(dest_dir: str | os.PathLike[str], level: int, url: str | None = None, *,
                      sha256: str | None = None, opener: Opener | None = None) -> Path:
    """Download a level's archive, check ``sha256`` if given, unpack it into ``dest_dir``.

    Returns the folder holding the ``case_<id>/`` folders. An already unpacked ``dest_dir`` is
    reused without downloading again. ``opener`` replaces ``urllib.request.urlopen``.
    """
    dest = Path(dest_dir)
    if dest.is_dir():
        try:
            return _level_root(dest, level)
        except CaseError:
            pass
    fetch_archive(url or official_url(level), dest, sha256=sha256, opener=opener, error=CaseError,
                  hint=f"download database_level{level}.tar.gz by hand and pass url='file:///path/to/it'")
    return _level_root(dest, level)
