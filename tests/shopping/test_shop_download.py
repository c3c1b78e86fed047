"""download_official: a level archive from a file URL, its checksum, reuse, and unsafe archives."""

from __future__ import annotations

import hashlib
import io
import tarfile
from pathlib import Path

import pytest
from shop_support import FIXTURES

from pivot_opt.envs.shopping import CaseError, download_official, open_case
from pivot_opt.envs.shopping.data.download import official_url


def make_archive(tmp_path: Path) -> Path:
    archive = tmp_path / "database_level3.tar.gz"
    with tarfile.open(archive, "w:gz") as tf:
        for case in ("case_1", "case_2"):
            tf.add(FIXTURES / case, arcname=f"database_level3/{case}")
    return archive


def test_download_unpacks_checks_and_reuses(tmp_path: Path) -> None:
    archive = make_archive(tmp_path)
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    root = download_official(tmp_path / "dl", 3, archive.as_uri(), sha256=digest)
    assert root == tmp_path / "dl" / "database_level3" and open_case(root / "case_2", tmp_path / "w").case_id == "2"
    assert not list((tmp_path / "dl").glob("*.archive"))

    def refuse(url: str) -> io.BytesIO:
        raise AssertionError("an unpacked folder must be reused")

    assert download_official(tmp_path / "dl", 3, opener=refuse) == root
    assert official_url(2).endswith("/database_level2.tar.gz")


def test_bad_checksum_bad_level_and_unsafe_members(tmp_path: Path) -> None:
    archive = make_archive(tmp_path)
    with pytest.raises(CaseError, match="checksum mismatch"):
        download_official(tmp_path / "a", 3, archive.as_uri(), sha256="0" * 64)
    with pytest.raises(CaseError, match="level must be 1, 2 or 3"):
        download_official(tmp_path / "b", 4)
    evil = tmp_path / "evil.tar"
    with tarfile.open(evil, "w") as tf:
        info = tarfile.TarInfo("../outside.txt")
        info.size = 1
        tf.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(CaseError, match="outside the destination"):
        download_official(tmp_path / "c", 1, evil.as_uri())
    assert not (tmp_path / "outside.txt").exists()
    with pytest.raises(CaseError, match="could not download"):
        download_official(tmp_path / "d", 1, (tmp_path / "missing.tar.gz").as_uri())
