"""Reading source files: encodings, line ends, and every kind of bad input."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from tarjama.errors import (
    BinaryFileError,
    DecodingError,
    EmptyInputError,
    InputNotFoundError,
    NoInputFilesError,
    NotAFileError,
    UnsupportedInputError,
)
from tarjama.reader import expand_inputs, read_source

ARTICLE = "قال المتحدث إن المحادثات ستستمر.\nThe talks will continue.\n"


@pytest.mark.parametrize(
    ("raw", "newline", "had_bom"),
    [
        (ARTICLE.encode(), "\n", False),
        (codecs.BOM_UTF8 + ARTICLE.encode(), "\n", True),
        (ARTICLE.replace("\n", "\r\n").encode(), "\r\n", False),
        (codecs.BOM_UTF8 + ARTICLE.replace("\n", "\r\n").encode(), "\r\n", True),
    ],
    ids=["utf8", "utf8-bom", "crlf", "bom-crlf"],
)
def test_utf8_with_or_without_bom_and_crlf_normalise_to_the_same_text(
    tmp_path: Path, raw: bytes, newline: str, had_bom: bool
):
    path = tmp_path / "article.txt"
    path.write_bytes(raw)
    source = read_source(path)
    assert source.text == ARTICLE
    assert (source.newline, source.had_bom) == (newline, had_bom)


def test_markdown_suffix_selects_markdown(tmp_path: Path):
    path = tmp_path / "brief.md"
    path.write_text("# Title\n", encoding="utf-8")
    assert read_source(path).format == "markdown"


def test_binary_file_names_the_byte_offset(tmp_path: Path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"GIF89a\x01\x00\x00\x00")
    with pytest.raises(BinaryFileError) as caught:
        read_source(path)
    assert caught.value.offset == 7
    assert "photo.txt" in str(caught.value) and "byte offset 7" in str(caught.value)


def test_windows_arabic_file_names_offset_line_and_fix(tmp_path: Path):
    path = tmp_path / "cp1256.txt"
    path.write_bytes(b"first line\n" + "قال المتحدث".encode("cp1256"))
    with pytest.raises(DecodingError) as caught:
        read_source(path)
    message = str(caught.value)
    assert caught.value.offset == 11 and caught.value.line == 2
    assert "cp1256.txt" in message and "byte offset 11" in message and "iconv" in message


@pytest.mark.parametrize("content", [b"", b"   \n\n\t\n", codecs.BOM_UTF8])
def test_empty_file_is_an_error(tmp_path: Path, content: bytes):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(EmptyInputError, match="empty.txt"):
        read_source(path)


def test_missing_file_folder_and_unsupported_suffix(tmp_path: Path):
    with pytest.raises(InputNotFoundError, match="nope.txt"):
        read_source(tmp_path / "nope.txt")
    with pytest.raises(NotAFileError):
        read_source(tmp_path)
    (tmp_path / "page.pdf").write_bytes(b"%PDF")
    with pytest.raises(UnsupportedInputError, match=r"\.pdf"):
        read_source(tmp_path / "page.pdf")


def test_expand_inputs_walks_folders_globs_and_reports_missing(tmp_path: Path):
    (tmp_path / "news" / "world").mkdir(parents=True)
    (tmp_path / "news" / "a.txt").write_text("A.", encoding="utf-8")
    (tmp_path / "news" / "world" / "b.md").write_text("B.", encoding="utf-8")
    (tmp_path / "news" / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "news" / ".hidden").mkdir()
    (tmp_path / "news" / ".hidden" / "c.txt").write_text("C.", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    files, problems = expand_inputs(
        [
            tmp_path / "news",
            str(tmp_path / "news" / "*.txt"),
            tmp_path / "gone.txt",
            tmp_path / "empty",
        ]
    )
    assert [f.path.name for f in files] == ["a.txt", "b.md"]
    assert [str(f.relative_dir) for f in files] == [".", "world"]
    assert [type(p) for p in problems] == [InputNotFoundError, NoInputFilesError]


def test_expand_inputs_skips_earlier_outputs_of_tarjama(tmp_path: Path):
    for name in ("a.txt", "a.en.txt", "a.ar.txt", "a.segments.jsonl", "report.en.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    files, _ = expand_inputs([tmp_path])
    # report.en.txt has no .segments.jsonl beside it: it is the user's file, not ours.
    assert sorted(f.path.name for f in files) == ["a.txt", "report.en.txt"]
