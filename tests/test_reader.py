"""Reading source files: encodings, line ends, and every kind of bad input."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from tarjama.decode import dominant_newline
from tarjama.errors import (
    BinaryFileError,
    DecodingError,
    EmptyInputError,
    InputNotFoundError,
    NoInputFilesError,
    NotAFileError,
    UnsupportedInputError,
    WideEncodingError,
)
from tarjama.reader import expand_inputs, glob_base, read_source

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


@pytest.mark.parametrize(
    ("raw", "encoding", "iconv"),
    [
        (ARTICLE.encode("utf-16"), "UTF-16", "-f utf-16 "),
        (codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"), "UTF-16", "-f utf-16 "),
        (ARTICLE.encode("utf-32"), "UTF-32", "-f utf-32 "),
        (ARTICLE.encode("utf-16-le"), "UTF-16LE", "-f utf-16le "),
        (ARTICLE.encode("utf-16-be"), "UTF-16BE", "-f utf-16be "),
    ],
    ids=["utf16-bom", "utf16be-bom", "utf32-bom", "utf16le-no-bom", "utf16be-no-bom"],
)
def test_regression_utf16_file_is_named_as_utf16_not_binary(
    tmp_path: Path, raw: bytes, encoding: str, iconv: str
):
    path = tmp_path / "notepad.txt"
    path.write_bytes(raw)
    with pytest.raises(WideEncodingError) as caught:
        read_source(path)
    message = str(caught.value)
    assert caught.value.encoding == encoding
    assert f"is {encoding} text" in message and "not UTF-8" in message
    assert "notepad.txt" in message and f"iconv {iconv}-t utf-8 IN > OUT" in message
    assert "binary" not in message


@pytest.mark.parametrize(
    "raw",
    [b"GIF89a\x01\x00\x00\x00", b"abc\x00", bytes(range(256)) * 4],
    ids=["gif", "one-nul", "all-bytes"],
)
def test_binary_files_are_not_mistaken_for_utf16(tmp_path: Path, raw: bytes):
    path = tmp_path / "blob.txt"
    path.write_bytes(raw)
    with pytest.raises(BinaryFileError):
        read_source(path)


@pytest.mark.parametrize(
    ("raw", "newline"),
    [
        (b"a\rb\rc\r", "\r"),
        (b"a\r\nb\r\nc\n", "\r\n"),
        (b"a\nb\nc\r\n", "\n"),
        (b"a\rb\nc\r\nd\n", "\n"),  # a tie goes to LF
        (b"no line end", "\n"),
    ],
    ids=["cr", "mostly-crlf", "mostly-lf", "tie", "none"],
)
def test_regression_dominant_line_ending_is_chosen(tmp_path: Path, raw: bytes, newline: str):
    path = tmp_path / "mac.txt"
    path.write_bytes(raw)
    source = read_source(path)
    assert source.newline == newline == dominant_newline(raw.decode())
    assert "\r" not in source.text


@pytest.mark.parametrize(
    ("pattern", "base"),
    [
        ("*.txt", "."),
        ("news/*.txt", "news"),
        ("news/**/*.txt", "news"),
        ("news/*/a.txt", "news"),
        ("/srv/in/[ab]*/*.md", "/srv/in"),
    ],
)
def test_glob_base_is_the_folder_before_the_first_wildcard(pattern: str, base: str):
    assert glob_base(pattern) == Path(base)


def test_regression_glob_matches_keep_their_subfolders(tmp_path: Path):
    (tmp_path / "news" / "world" / "europe").mkdir(parents=True)
    for name in ("a.txt", "world/a.txt", "world/europe/a.txt"):
        (tmp_path / "news" / name).write_text("A.", encoding="utf-8")
    files, problems = expand_inputs([str(tmp_path / "news" / "**" / "*.txt")])
    assert problems == []
    assert sorted(str(f.relative_dir) for f in files) == [".", "world", "world/europe"]


def test_regression_globs_skip_earlier_outputs_but_explicit_files_do_not(tmp_path: Path):
    for name in ("a.txt", "a.en.txt", "a.ar.txt", "a.segments.jsonl", "report.en.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    files, _ = expand_inputs([str(tmp_path / "*.txt")])
    assert sorted(f.path.name for f in files) == ["a.txt", "report.en.txt"]
    files, _ = expand_inputs([tmp_path / "a.en.txt"])
    assert [f.path.name for f in files] == ["a.en.txt"]  # named explicitly: the user's choice


def test_regression_folder_expansion_took_a_bitext_markdown_export_for_an_article(
    tmp_path: Path,
):
    for name in ("a.md", "a.en.md", "a.segments.jsonl", "a.bitext.md", "b.bitext.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    files, _ = expand_inputs([tmp_path])
    assert [f.path.name for f in files] == ["a.md"]
