"""Atomic writes: all files of a document land together or not at all."""

from __future__ import annotations

import errno
import os
import signal
import stat
import tempfile
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


# --- fault injection: every operation of a write fails in turn ------------------------


class _Faults:
    """Counts the writer's file-system operations and fails the ``fail_at``-th one."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, fail_at: int | None, code: int):
        self.count, self.fail_at, self.code = 0, fail_at, code
        for module, name in ((os, "replace"), (os, "fsync"), (os, "link"), (os, "fdopen")):
            monkeypatch.setattr(module, name, self._wrap(getattr(module, name), name))
        monkeypatch.setattr(tempfile, "mkstemp", self._wrap(tempfile.mkstemp, "mkstemp"))

    def _tick(self, name: str) -> None:
        self.count += 1
        if self.count == self.fail_at:
            raise OSError(self.code, f"{os.strerror(self.code)} (injected into {name})")

    def _wrap(self, function, name: str):
        def wrapped(*args, **kwargs):
            self._tick(name)
            result = function(*args, **kwargs)
            if name == "fdopen":  # the data written is one more operation that can fail
                return _FailingHandle(result, self)
            return result

        return wrapped


class _FailingHandle:
    def __init__(self, handle, faults: _Faults):
        self._handle, self._faults = handle, faults

    def write(self, data):
        self._faults._tick("write")
        return self._handle.write(data)

    def __getattr__(self, name):
        return getattr(self._handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._handle.__exit__(*exc)


def _document_set(folder: Path) -> dict[Path, str]:
    """Four outputs of one document: two replace earlier files, two are new."""
    return {
        folder / "a.en.txt": "new english",
        folder / "a.ar.txt": "عربي جديد",
        folder / "a.html": "<p>new</p>",
        folder / "a.segments.jsonl": "{}\n",
    }


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT, errno.EIO])
def test_regression_a_failed_write_leaves_the_set_all_old_or_all_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
):
    counting = _Faults(monkeypatch, None, code)
    write_atomic(_document_set(tmp_path / "count"))
    operations = counting.count
    monkeypatch.undo()
    assert operations >= 4 * 4  # mkstemp, fdopen, write, fsync per file, then the renames
    for fail_at in range(1, operations + 1):
        folder = tmp_path / f"run{fail_at}"
        folder.mkdir()
        (folder / "a.en.txt").write_text("old english", encoding="utf-8")
        (folder / "a.html").write_text("<p>old</p>", encoding="utf-8")
        before = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()}
        _Faults(monkeypatch, fail_at, code)
        try:
            write_atomic(_document_set(folder))
            failed = None
        except OSError as error:
            failed = error
        finally:
            monkeypatch.undo()
        after = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()}
        if failed is None:  # the fault hit a folder sync, which may fail: all new
            assert after == {p.name: c for p, c in _document_set(folder).items()}, fail_at
        else:
            assert after == before, (fail_at, failed)
            assert failed.errno == code and failed.filename.startswith(str(folder))


@pytest.mark.skipif(not hasattr(os, "kill"), reason="POSIX signals")
def test_regression_ctrl_c_during_the_renames_waits_until_the_set_is_complete(tmp_path: Path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "a.html").write_text("<p>old</p>", encoding="utf-8")
    real_replace = os.replace
    calls = []

    def replace(source, target):  # Ctrl+C arrives right after the first rename
        real_replace(source, target)
        calls.append(target)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGINT)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "replace", replace)
        with pytest.raises(KeyboardInterrupt):
            write_atomic(_document_set(folder))
    after = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()}
    assert after == {p.name: c for p, c in _document_set(folder).items()}  # all new, none lost
    assert len(calls) == 4
