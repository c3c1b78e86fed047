"""Fetching and unpacking the official DeepPlanning travel databases (needs network).

The official per-task databases are distributed as one archive (``database_en.zip``) by the
benchmark authors. Nothing in pivot-opt downloads anything implicitly: users with network call
:func:`download_official` once and then pass the returned folder as ``db_root``.
"""

from __future__ import annotations

import os
from pathlib import Path

from pivot_opt.envs.kit.download import Opener, fetch_archive
from pivot_opt.envs.travel.data.database import DatabaseError

__all__ = ["OFFICIAL_DATABASE_SHA256", "OFFICIAL_DATABASE_URL", "download_official"]

#: English travel databases, pinned to one revision of the benchmark's dataset repository.
OFFICIAL_DATABASE_URL = (
    "https://huggingface.co/datasets/Qwen/DeepPlanning/resolve/"
    "213876cce679f993a476d01042e13d111c0e3648/database_en.zip"
)
#: SHA-256 of the archive at that revision (checked after download when the default URL is used).
OFFICIAL_DATABASE_SHA256 = "030c4914166d067632d92b2bba7b4dc6b065c33e3c98dbd33cd0c617f12a141d"


def _find_db_root(dest: Path) -> Path:
    """The folder that directly holds ``id_<n>`` task folders (the archive adds one level)."""
    candidates = sorted({p.parent for p in dest.rglob("id_*") if p.is_dir()}, key=lambda p: len(p.parts))
    if not candidates:
        raise DatabaseError(
            f"no id_<id> folders found after unpacking into {dest}; is this the right archive?"
        )
    return candidates[0]


def download_official(
    dest_dir: str | os.PathLike[str],
    url: str = OFFICIAL_DATABASE_URL,
    *,
    sha256: str | None = None,
    opener: Opener | None = None,
) -> Path:
    """Download the official archive, check it, unpack it into ``dest_dir``, return the db root.

    ``url`` may be any URL ``urllib`` opens (``file://`` works for a local copy). ``sha256``
    is checked when given; with the default URL the pinned checksum is checked. ``opener``
    replaces ``urllib.request.urlopen`` (tests, proxies, custom auth). The returned folder holds
    the ``id_<id>/`` folders and is what :func:`evaluate_run` takes as ``db_root``. An existing,
    already unpacked ``dest_dir`` is reused without downloading again.
    """
    dest = Path(dest_dir)
    if dest.is_dir():
        try:
            return _find_db_root(dest)
        except DatabaseError:
            pass
    expected = sha256 or (OFFICIAL_DATABASE_SHA256 if url == OFFICIAL_DATABASE_URL else None)
    fetch_archive(url, dest, sha256=expected, opener=opener, error=DatabaseError,
                  hint="download the archive by hand and pass url='file:///path/to/database_en.zip'")
    return _find_db_root(dest)
