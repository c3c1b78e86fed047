"""Fetching and unpacking a benchmark's data archive (needs network; never called implicitly).

Why: every benchmark environment ships its official data as an archive that users with network
fetch once. The download, the checksum, the refusal of archive members that would land outside
the destination (absolute paths, ``..``, links) and the clean-up are the same for all of them;
an environment only says which archive and which folder inside it it wants.
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

from pivot_opt.errors import ConfigError

__all__ = ["ArchiveError", "Opener", "fetch_archive", "unpack_archive"]

Opener = Callable[[str], IO[bytes]]


class ArchiveError(ConfigError):
    """An archive could not be downloaded, checked or unpacked; the message says how to fix it."""


def _default_opener(url: str) -> IO[bytes]:
    import urllib.request  # imported here: keeps the environment packages light

    return urllib.request.urlopen(url, timeout=300)


def _safe_target(root: Path, member: str, error: type[Exception]) -> Path:
    """Refuse archive members that would land outside ``root`` (absolute or ``..`` paths)."""
    target = (root / member).resolve()
    if not target.is_relative_to(root.resolve()):
        raise error(f"archive member {member!r} points outside the destination; refusing to unpack")
    return target


def unpack_archive(archive: Path, dest: Path, *, error: type[Exception] = ArchiveError) -> None:
    """Unpack a zip or tar archive into ``dest`` after checking every member's path."""
    if zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                _safe_target(dest, info.filename, error)
            zf.extractall(dest)
    elif tarfile.is_tarfile(archive):
        with tarfile.open(archive) as tf:
            for member in tf.getmembers():
                _safe_target(dest, member.name, error)
                if member.issym() or member.islnk():
                    raise error(f"archive member {member.name!r} is a link; refusing to unpack")
            tf.extractall(dest)
    else:
        raise error(f"{archive.name} is neither a zip nor a tar archive; check the URL")
    macosx = dest / "__MACOSX"
    if macosx.is_dir():
        shutil.rmtree(macosx)


def fetch_archive(
    url: str,
    dest: Path,
    *,
    sha256: str | None = None,
    opener: Opener | None = None,
    error: type[Exception] = ArchiveError,
    hint: str = "download the archive by hand and pass url='file:///path/to/the/archive'",
) -> None:
    """Download ``url`` into a temporary file in ``dest``, check ``sha256`` if given, unpack it.

    The temporary file is removed whatever happens. ``error`` is the exception type raised (an
    environment's own data error); ``hint`` is the fix shown when the download fails.
    """
    dest.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix="download-", suffix=".archive", dir=dest)
    tmp = Path(tmp_name)
    try:
        digest = hashlib.sha256()
        try:
            with os.fdopen(fd, "wb") as out, (opener or _default_opener)(url) as response:
                while chunk := response.read(1 << 20):
                    digest.update(chunk)
                    out.write(chunk)
        except OSError as exc:
            raise error(f"could not download {url} ({exc}); check the network, or {hint}") from exc
        if sha256 and digest.hexdigest() != sha256.lower():
            raise error(
                f"checksum mismatch for {url}: got {digest.hexdigest()}, expected {sha256}; the file is "
                f"corrupt or a different revision (pass sha256=None with an explicit url to skip the check)"
            )
        unpack_archive(tmp, dest, error=error)
    finally:
        tmp.unlink(missing_ok=True)
