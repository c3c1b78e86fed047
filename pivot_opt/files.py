"""Output files that survive a kill: atomic writes, a lock per output folder, folder ownership.

A kill (even ``kill -9``) at any moment leaves every output either as it was or complete:
files are written to a temporary file in the same folder and renamed over the target. An
output folder is locked with ``flock`` while a command writes to it, so two commands never
share one; the kernel drops the lock when its process dies, so a killed run never leaves a
folder locked. The lock file stays as the mark that the folder is a pivot output folder.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from pivot_opt.errors import ConfigError

__all__ = ["LOCK_NAME", "atomic_write", "atomic_write_text", "folder_lock", "is_empty_folder"]

#: The lock file every command that writes a folder keeps in it.
LOCK_NAME = ".pivot.lock"


def atomic_write(path: str | os.PathLike[str], write: Callable[[IO[Any]], Any], *, binary: bool = False) -> Path:
    """Call ``write(fh)`` on a temporary file next to ``path``, then rename it over ``path``."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})) as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    return atomic_write(path, lambda fh: fh.write(text))


def is_empty_folder(path: Path, ignore: Iterable[str] = (LOCK_NAME,)) -> bool:
    """True when ``path`` is missing or holds nothing but the names in ``ignore``."""
    if not path.exists():
        return True
    skip = set(ignore)
    return path.is_dir() and all(p.name in skip for p in path.iterdir())


@contextlib.contextmanager
def folder_lock(folder: str | os.PathLike[str], *, flag: str = "--out") -> Iterator[Path]:
    """Hold an exclusive lock on ``folder`` (``<folder>/.pivot.lock``), or raise ConfigError at once."""
    path = Path(folder) / LOCK_NAME
    try:
        import fcntl
    except ImportError:  # no flock on this platform: run unlocked rather than not at all
        yield path
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = os.read(fd, 32).decode("ascii", "replace").strip() or "?"
            raise ConfigError(f"another pivot command (pid {owner}) is writing to {flag} {folder}; wait for it to "
                              f"finish or choose another {flag}") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield path
    finally:
        os.close(fd)  # closing drops the lock; a killed process drops it too
