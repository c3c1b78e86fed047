"""Fetching and unpacking the official DeepPlanning travel databases (needs network).

The official per-task databases are distributed as one archive (``database_en.zip``) by the
benchmark authors. Nothing in pivot-opt downloads anything implicitly: users with network call
:func:`download_official` once and then pass the returned folder as ``db_root``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tarfile
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from pivot_opt.envs.travel.data.database import DatabaseError

__all__ = ["OFFICIAL_DATABASE_SHA256", "OFFICIAL_DATABASE_URL", "download_official"]

#: English travel databases, pinned to one revision of the benchmark's dataset repository.
OFFICIAL_DATABASE_URL = (
    "https://huggingface.co/datasets/Qwen/DeepPlanning/resolve/"
    "213876cce679f993a476d01042e13d111c0e3648/database_en.zip"
)
#: SHA-256 of the archive at that revision (checked after download when the default URL is used).
OFFICIAL_DATABASE_SHA256 = "030c4914166d067632d92b2bba7b4dc6b065c33e3c98dbd33cd0c617f12a141d"

Opener = Callable[[str], IO[bytes]]


def _default_opener(url: str) -> IO[bytes]:
    import urllib.request  # imported here: keeps ``import pivot_opt.envs.travel`` light

    return urllib.request.urlopen(url, timeout=300)


def _safe_target(root: Path, member: str) -> Path:
    """Refuse archive members that would land outside ``root`` (absolute or ``..`` paths)."""
    target = (root / member).resolve()
    if not target.is_relative_to(root.resolve()):
        raise DatabaseError(f"archive member {member!r} points outside the destination; refusing to unpack")
    return target


def _unpack(archive: Path, dest: Path) -> None:
    if zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                _safe_target(dest, info.filename)
            zf.extractall(dest)
    elif tarfile.is_tarfile(archive):
        with tarfile.open(archive) as tf:
            for member in tf.getmembers():
                _safe_target(dest, member.name)
                if member.issym() or member.islnk():
                    raise DatabaseError(f"archive member {member.name!r} is a link; refusing to unpack")
            tf.extractall(dest)
    else:
        raise DatabaseError(f"{archive} is neither a zip nor a tar archive; check the URL")


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
    dest.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix="deepplanning-", suffix=".archive", dir=dest)
    tmp = Path(tmp_name)
    try:
        digest = hashlib.sha256()
        try:
            with os.fdopen(fd, "wb") as out, (opener or _default_opener)(url) as response:
                while chunk := response.read(1 << 20):
                    digest.update(chunk)
                    out.write(chunk)
        except OSError as exc:
            raise DatabaseError(
                f"could not download {url} ({exc}); check the network, or download the archive by "
                f"hand and pass url='file:///path/to/database_en.zip'"
            ) from exc
        if expected and digest.hexdigest() != expected.lower():
            raise DatabaseError(
                f"checksum mismatch for {url}: got {digest.hexdigest()}, expected {expected}; the file is "
                f"corrupt or a different revision (pass sha256=None with an explicit url to skip the check)"
            )
        _unpack(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    macosx = dest / "__MACOSX"
    if macosx.is_dir():
        shutil.rmtree(macosx)
    return _find_db_root(dest)
