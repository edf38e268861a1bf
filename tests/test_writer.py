"""Atomic writes: all files of a document land together or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tarjama.writer import default_file_mode, write_atomic


def test_writes_every_file_and_leaves_no_temporaries(tmp_path: Path):
    written = write_atomic({tmp_path / "a.txt": "نص", tmp_path / "sub" / "b.txt": b"bytes"})
    assert [p.name for p in written] == ["a.txt", "b.txt"]
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "نص"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.txt", "b.txt", "sub"]


def test_failure_while_staging_keeps_earlier_outputs_intact(tmp_path: Path):
    earlier = tmp_path / "a.txt"
    earlier.write_text("earlier run", encoding="utf-8")
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where a folder is needed", encoding="utf-8")
    with pytest.raises(OSError):
        write_atomic({earlier: "new run", blocker / "b.txt": "never written"})
    assert earlier.read_text(encoding="utf-8") == "earlier run"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "blocked"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_regression_outputs_get_the_normal_file_mode(tmp_path: Path, umask: int, mode: int):
    previous = os.umask(umask)
    try:
        write_atomic({tmp_path / "new.txt": "x", tmp_path / "sub" / "b.html": "y"})
        assert default_file_mode() == mode
    finally:
        os.umask(previous)
    for name in ("new.txt", "sub/b.html"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == mode


def test_regression_a_folder_in_the_way_fails_before_any_rename(tmp_path: Path):
    earlier = tmp_path / "x.en.txt"
    earlier.write_text("earlier run", encoding="utf-8")
    (tmp_path / "x.html").mkdir()
    with pytest.raises(IsADirectoryError, match="x.html"):
        write_atomic({earlier: "new run", tmp_path / "x.html": "<html>"})
    assert earlier.read_text(encoding="utf-8") == "earlier run"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.en.txt", "x.html"]


@pytest.mark.parametrize(("in_place", "mode"), [(True, 0o640), (False, None)])
def test_in_place_follows_a_link_and_keeps_the_mode(tmp_path: Path, in_place, mode):
    real = tmp_path / "real.tsv"
    real.write_text("old", encoding="utf-8")
    os.chmod(real, 0o640)
    link = tmp_path / "link.tsv"
    link.symlink_to(real)
    assert write_atomic({link: "new"}, in_place=in_place) == [link]
    if in_place:  # the real file edited, with its mode; the link still a link
        assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"
        assert stat.S_IMODE(real.stat().st_mode) == mode
    else:  # an output replaces whatever stood there, with a new file's mode
        assert not link.is_symlink() and real.read_text(encoding="utf-8") == "old"
        assert stat.S_IMODE(link.stat().st_mode) == default_file_mode()
