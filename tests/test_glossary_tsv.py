"""Reading glossary files: the format, exact file:line errors, and combining several files."""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import pytest

from tarjama.errors import GlossaryFormatError, GlossaryReadError, InputNotFoundError
from tarjama.glossary import GlossaryEntry, check_glossaries, import_glossary, load_glossaries

HEADER = "en\tar\ttype\tcase\tdnt\tnote\n"


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def test_reads_entries_with_every_column(tmp_path: Path):
    path = write(
        tmp_path / "g.tsv",
        "# a comment\n\n"
        + HEADER
        + "Putin\tبوتين\tperson\t\t\tRussian president\n"
        + "US\tالولايات المتحدة\tPLACE\tsensitive\t\t\n"
        + "  # indented comment\n"
        + "ChatGPT\t\tterm\t\tyes\t\n",
    )
    glossary = load_glossaries([path])
    putin, us, chatgpt = glossary.entries
    assert putin == GlossaryEntry(
        "Putin", "بوتين", "person", "Russian president", False, False, path, 4
    )
    assert putin.location == f"{path}:4"
    assert (us.type, us.case_sensitive, us.line) == ("place", True, 5)
    assert (chatgpt.dnt, chatgpt.ar, chatgpt.form("ar"), chatgpt.line) == (
        True,
        "ChatGPT",
        "ChatGPT",
        7,
    )
    assert glossary.files == [path] and glossary.conflicts == []


def test_columns_may_come_in_any_order_and_only_en_ar_are_required(tmp_path: Path):
    path = write(tmp_path / "g.tsv", "note\tar\ten\nthe capital\tموسكو\tMoscow\n")
    (entry,) = load_glossaries([path]).entries
    assert (entry.en, entry.ar, entry.note, entry.type) == ("Moscow", "موسكو", "the capital", None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("yes", True),
        ("YES", True),
        ("true", True),
        ("1", True),
        ("y", True),
        ("", False),
        ("no", False),
        ("false", False),
        ("0", False),
    ],
)
def test_dnt_values(tmp_path: Path, value: str, expected: bool):
    path = write(tmp_path / "g.tsv", f"en\tar\tdnt\n5G\t5G\t{value}\n")
    assert load_glossaries([path]).entries[0].dnt is expected


def test_bom_and_crlf_are_fine(tmp_path: Path):
    path = tmp_path / "g.tsv"
    path.write_bytes(codecs.BOM_UTF8 + "en\tar\r\nGaza\tغزة\r\n".encode())
    (entry,) = load_glossaries([path]).entries
    assert (entry.en, entry.ar, entry.line) == ("Gaza", "غزة", 2)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEADER + "Putin\tبوتين\tperson\n", "g.tsv:2: has 3 cell(s), the header has 6"),
        ("en\tar\nPutin\tبوتين\textra\n", "g.tsv:2: has 3 cell(s), the header has 2 (en, ar)"),
        ("en\tar\n\t\nPutin\n", "g.tsv:3: has 1 cell(s), the header has 2"),
        ("en\tar\n \tبوتين\n", "g.tsv:2: empty en cell"),
        ("en\tar\nPutin\t \n", "g.tsv:2: empty ar cell"),
        ("en\tar\ttype\nPutin\tبوتين\tpresident\n", "g.tsv:2: unknown type 'president'"),
        ("en\tar\tcase\nUS\tأمريكا\tupper\n", "g.tsv:2: unknown case 'upper'"),
        ("en\tar\tdnt\nBBC\tبي بي سي\tmaybe\n", "g.tsv:2: unknown dnt 'maybe'"),
        ("# c\nen\tarabic\n", "g.tsv:2: bad header: unknown column 'arabic'"),
        ("Putin\tبوتين\n", "g.tsv:1: bad header: unknown column 'Putin'"),
        ("en\ten\tar\n", "g.tsv:1: bad header: column 'en' appears twice"),
        ("en\t\tar\n", "g.tsv:1: bad header: column 2 has no name"),
        ("en\ttype\n", "g.tsv:1: bad header: no 'ar' column"),
        ("# only a comment\n", "g.tsv:1: no header row"),
        ("", "g.tsv:1: no header row"),
    ],
)
def test_malformed_rows_name_file_and_line(tmp_path: Path, text: str, message: str):
    path = write(tmp_path / "g.tsv", text)
    with pytest.raises(GlossaryFormatError) as caught:
        load_glossaries([path])
    assert str(caught.value).startswith(str(tmp_path / message))


def test_not_utf8_names_the_line_and_byte(tmp_path: Path):
    path = tmp_path / "g.tsv"
    path.write_bytes(b"en\tar\nPutin\t" + "بوتين".encode("cp1256") + b"\n")
    with pytest.raises(GlossaryFormatError) as caught:
        load_glossaries([path])
    assert str(caught.value).startswith(f"{path}:2: not UTF-8 (byte offset 12")
    assert "iconv -f cp1256" in str(caught.value)


def test_a_missing_file_is_an_input_error(tmp_path: Path):
    with pytest.raises(InputNotFoundError):
        load_glossaries([tmp_path / "nope.tsv"])


def test_later_file_wins_and_every_conflict_names_both_rows(tmp_path: Path):
    base = write(
        tmp_path / "base.tsv",
        "en\tar\nPutin\tبوتين\nISIS\tداعش\nGaza\tغزة\nKremlin\tالكرملين\n",
    )
    local = write(
        tmp_path / "local.tsv",
        "en\tar\nputin\tبوتن\nISIL\tداعش\nGaza\tغزه\n",
    )
    glossary = load_glossaries([base, local])
    assert [(e.en, e.ar, e.location) for e in glossary.entries] == [
        ("Kremlin", "الكرملين", f"{base}:5"),
        ("putin", "بوتن", f"{local}:2"),
        ("ISIL", "داعش", f"{local}:3"),
        ("Gaza", "غزه", f"{local}:4"),
    ]
    assert glossary.conflicts == [
        f"{base}:2 and {local}:2 give en 'putin' two Arabic forms ('بوتين', 'بوتن'); "
        f"{local}:2 wins",
        f"{base}:3 and {local}:3 give ar 'داعش' two English forms ('ISIS', 'ISIL'); {local}:3 wins",
    ]  # Gaza: غزة and غزه are one spelling once folded, so no conflict


def test_conflicts_within_one_file_are_reported_too(tmp_path: Path):
    path = write(tmp_path / "g.tsv", "en\tar\nHamas\tحماس\nHamas\tحركة حماس\n")
    glossary = load_glossaries([path])
    assert [e.ar for e in glossary.entries] == ["حركة حماس"]
    assert len(glossary.conflicts) == 1 and f"{path}:2 and {path}:3" in glossary.conflicts[0]


def test_case_sensitive_entries_that_never_meet_do_not_conflict(tmp_path: Path):
    path = write(
        tmp_path / "g.tsv",
        "en\tar\tcase\nUS\tالولايات المتحدة\tsensitive\nUs\tنحن\tsensitive\n",
    )
    glossary = load_glossaries([path])
    assert len(glossary.entries) == 2 and glossary.conflicts == []


def test_fingerprint_is_sha256_of_the_files_in_order(tmp_path: Path):
    first = write(tmp_path / "a.tsv", "en\tar\nGaza\tغزة\n")
    second = write(tmp_path / "b.tsv", "en\tar\nRafah\tرفح\n")
    glossary = load_glossaries([first, second])
    hashes = [hashlib.sha256(path.read_bytes()).hexdigest() for path in (first, second)]
    expected = hashlib.sha256(f"{hashes[0]}\n{hashes[1]}\n".encode()).hexdigest()
    assert glossary.fingerprint == expected
    assert load_glossaries([first]).fingerprint == hashes[0]
    assert load_glossaries([second, first]).fingerprint != expected


def test_fingerprint_tells_where_one_file_ends(tmp_path: Path):
    # The bytes of both files run together once gave the same hash for a comment moved
    # from the end of one file to the start of the next.
    gaza, rafah, note = "en\tar\nGaza\tغزة\n", "en\tar\nRafah\tرفح\n", "# checked\n"
    one = [write(tmp_path / "1a.tsv", gaza + note), write(tmp_path / "1b.tsv", rafah)]
    two = [write(tmp_path / "2a.tsv", gaza), write(tmp_path / "2b.tsv", note + rafah)]
    assert b"".join(p.read_bytes() for p in one) == b"".join(p.read_bytes() for p in two)
    assert load_glossaries(one).fingerprint != load_glossaries(two).fingerprint


def test_form_rejects_other_languages():
    with pytest.raises(ValueError):
        GlossaryEntry("Gaza", "غزة").form("fr")


@pytest.mark.parametrize(
    ("name", "load"),
    [
        ("g.tsv", lambda path: load_glossaries([path])),
        ("g.tsv", lambda path: check_glossaries([path])),
        ("g.csv", lambda path: import_glossary(path, path.with_suffix(".out.tsv"))),
        ("g.tbx", lambda path: import_glossary(path, path.with_suffix(".out.tsv"))),
    ],
)
def test_regression_an_unreadable_glossary_is_a_clean_error(tmp_path, monkeypatch, name, load):
    """A glossary the user may not read raised PermissionError with a traceback."""
    from lxml import etree

    path = write(tmp_path / name, HEADER)

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    monkeypatch.setattr(etree, "parse", refuse)
    with pytest.raises(GlossaryReadError) as caught:
        load(path)
    assert str(caught.value) == (
        f"{path}: cannot read the glossary: Permission denied — check the file's permissions"
    )
