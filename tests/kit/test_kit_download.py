"""kit.download: archives are unpacked only when every member stays inside the destination."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

import pytest

from pivot_opt.envs.kit import ArchiveError, fetch_archive, unpack_archive


def test_zip_and_tar_unpack_and_the_temporary_file_goes(tmp_path: Path) -> None:
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("top/x.txt", "x")
        zf.writestr("__MACOSX/junk", "j")
    fetch_archive(archive.as_uri(), tmp_path / "out")
    assert (tmp_path / "out" / "top" / "x.txt").read_text() == "x"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["top"]


def test_links_non_archives_and_failed_downloads_are_refused(tmp_path: Path) -> None:
    archive = tmp_path / "l.tar"
    with tarfile.open(archive, "w") as tf:
        link = tarfile.TarInfo("inside")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tf.addfile(link)
    with pytest.raises(ArchiveError, match="is a link"):
        unpack_archive(archive, tmp_path / "o1")
    text = tmp_path / "t.txt"
    text.write_text("not an archive")
    with pytest.raises(ArchiveError, match="neither a zip nor a tar"):
        fetch_archive(text.as_uri(), tmp_path / "o2")
    assert not list((tmp_path / "o2").iterdir())

    def offline(url: str) -> io.BytesIO:
        raise OSError("no network")

    with pytest.raises(ValueError, match="could not download x://y \\(no network\\); check the network, or fix it"):
        fetch_archive("x://y", tmp_path / "o3", opener=offline, error=ValueError, hint="fix it")
