"""Whole runs against hostile input and failures (issue 8): one-line errors, the other files
still translated, a document's outputs all together or not at all."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from tarjama import writer
from tarjama.errors import (
    ControlCharacterError,
    DocumentWriteError,
    EmptyInputError,
    OutputCollisionError,
    OutputWriteError,
    RunStoppedError,
)
from tarjama.pipeline import translate_files
from test_pipeline import ENGLISH, fake_translator, write


def _outputs(folder: Path, stem: str) -> list[str]:
    return sorted(p.name for p in folder.glob(f"{stem}.*"))


@pytest.mark.parametrize("exports", [[], ["xliff"], ["xliff12", "tmx", "docx", "tsv"]])
def test_regression_one_control_character_does_not_stop_the_run(tmp_path: Path, exports):
    bad = write(tmp_path / "esc.txt", "Hello\x1b world. This is fine.\n")
    good = write(tmp_path / "zfine.txt", "Second file is fine.\n")
    translator, _ = fake_translator()
    report = translate_files([bad, good], translator, output_dir=tmp_path / "o", exports=exports)
    assert [r.path for r in report.failed] == [bad]
    assert isinstance(report.failed[0].error, ControlCharacterError)
    assert str(report.failed[0].error).startswith(f"{bad}:1:6: holds U+001B (ESCAPE)")
    assert _outputs(tmp_path / "o", "esc") == []
    assert len(_outputs(tmp_path / "o", "zfine")) == 4 + len(exports)


def _fail_on(monkeypatch: pytest.MonkeyPatch, suffix: str, code: int = errno.ENOSPC) -> None:
    """The disk fills up when a file ending in ``suffix`` is written."""
    real_fdopen = os.fdopen

    def fdopen(descriptor, *args, **kwargs):
        handle = real_fdopen(descriptor, *args, **kwargs)
        name = Path(os.readlink(f"/proc/self/fd/{descriptor}")).name  # .good.docx.x1y2.tmp
        if f"{suffix}." in name:
            handle.close()
            raise OSError(code, os.strerror(code))
        return handle

    monkeypatch.setattr(writer.os, "fdopen", fdopen)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to name descriptors")
def test_regression_full_disk_leaves_no_incomplete_set(tmp_path: Path, monkeypatch):
    good = write(tmp_path / "good.txt", ENGLISH)
    later = write(tmp_path / "later.txt", ENGLISH)
    folder = tmp_path / "full"
    folder.mkdir()
    (folder / "good.en.txt").write_text("an earlier run", encoding="utf-8")
    _fail_on(monkeypatch, ".docx")
    translator, _ = fake_translator()
    report = translate_files([good, later], translator, output_dir=folder, exports=["docx"])
    # good.*: its earlier output as it was, nothing new beside it
    assert _outputs(folder, "good") == ["good.en.txt"]
    assert (folder / "good.en.txt").read_text(encoding="utf-8") == "an earlier run"
    first, second = report.failed
    assert isinstance(first.error, DocumentWriteError) and first.path == good
    message = str(first.error)
    assert message.startswith(f"{good}: outputs not written ({folder / 'good.bitext.docx'}: ")
    assert "earlier outputs of this file are unchanged" in message and "free some space" in message
    # one error for the full disk, not the same one again for every later file
    assert isinstance(second.error, RunStoppedError) and second.path == later
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporaries


def test_regression_collision_names_the_input_whose_output_it_is(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(Path("news.txt"), ENGLISH)
    write(Path("news.en.txt"), ENGLISH)
    translator, _ = fake_translator()
    report = translate_files(["news.txt", "news.en.txt"], translator, output_dir=Path("."))
    (failed,) = report.failed
    assert failed.path == Path("news.txt") and isinstance(failed.error, OutputCollisionError)
    assert str(failed.error).startswith("news.txt: its output would overwrite an input file: ")
    assert Path("news.en.txt").read_text(encoding="utf-8") == ENGLISH  # never overwritten


@pytest.mark.parametrize(
    ("content", "problem", "fix"),
    [
        (b"", "is empty (0 bytes)", "was it saved?"),
        (b"  \n\n \t\n", "holds only white space", "pass the file that holds the text"),
    ],
)
def test_regression_whitespace_only_file_is_not_called_unsaved(tmp_path, content, problem, fix):
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    translator, _ = fake_translator()
    report = translate_files([path], translator, output_dir=tmp_path / "o")
    error = report.failed[0].error
    assert isinstance(error, EmptyInputError) and problem in str(error) and fix in str(error)
    assert ("saved" in str(error)) == (content == b"")


def test_regression_output_folder_that_is_a_file_gets_a_folder_fix(tmp_path: Path):
    blocker = write(tmp_path / "good.txt", ENGLISH)
    translator, _ = fake_translator()
    with pytest.raises(OutputWriteError) as caught:
        translate_files([blocker], translator, output_dir=blocker)
    assert "pass a folder with -o" in str(caught.value)
    assert "permissions" not in str(caught.value)


@pytest.mark.parametrize("name", ["a.txt", "a.md", "page.html"])
def test_regression_a_folder_run_into_itself_twice_translates_no_output(tmp_path: Path, name):
    folder = tmp_path / "news"
    text = "<p>The talks will continue.</p>" if name.endswith(".html") else ENGLISH
    write(folder / name, text)
    translator, _ = fake_translator()
    first = translate_files([folder], translator, output_dir=folder, exports=["md", "xliff"])
    second = translate_files([folder], translator, output_dir=folder, exports=["md", "xliff"])
    assert [r.path.name for r in first.files] == [name]
    assert [r.path.name for r in second.files] == [name]  # its page, versions, exports skipped
