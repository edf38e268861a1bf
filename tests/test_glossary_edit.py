"""add / remove edit a glossary in place: comments, order and line ends stay; writes are atomic."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from tarjama.errors import (
    GlossaryDuplicateError,
    GlossaryEntryNotFoundError,
    GlossaryFormatError,
    GlossaryValueError,
    GlossaryWriteError,
)
from tarjama.glossary import add_entry, load_glossaries, remove_entries

ORIGINAL = (
    "# news names\n"
    "en\tar\ttype\n"
    "\n"
    "# people\n"
    "Putin\tبوتين\tperson\n"
    "Lavrov\tلافروف\tperson\n"
    "# places\n"
    "Moscow\tموسكو\tplace\n"
)


@pytest.fixture
def glossary_path(tmp_path: Path) -> Path:
    path = tmp_path / "news.tsv"
    path.write_text(ORIGINAL, encoding="utf-8")
    return path


def test_add_appends_a_row_and_keeps_everything_else(glossary_path: Path):
    entry = add_entry(glossary_path, "Kabul", "كابول", type="place")
    assert glossary_path.read_text(encoding="utf-8") == ORIGINAL + "Kabul\tكابول\tplace\n"
    assert entry.location == f"{glossary_path}:9" and entry.type == "place"
    assert load_glossaries([glossary_path]).entries[-1] == entry


def test_add_extends_the_header_with_the_columns_it_needs(glossary_path: Path):
    add_entry(glossary_path, "US", "الولايات المتحدة", case="sensitive", note="not 'us'")
    lines = glossary_path.read_text(encoding="utf-8").splitlines()
    assert lines[1] == "en\tar\ttype\tcase\tnote"
    assert lines[4] == "Putin\tبوتين\tperson\t\t"
    assert lines[0] == "# news names" and lines[2] == "" and lines[3] == "# people"
    assert lines[-1] == "US\tالولايات المتحدة\t\tsensitive\tnot 'us'"
    assert load_glossaries([glossary_path]).entries[-1].case_sensitive


def test_add_creates_a_missing_file_with_a_header(tmp_path: Path):
    path = tmp_path / "new.tsv"
    add_entry(path, "ChatGPT", "", dnt=True)
    assert path.read_text(encoding="utf-8") == "en\tar\tdnt\nChatGPT\tChatGPT\tyes\n"


@pytest.mark.parametrize("content", ["", "# names for the Kabul desk", "# one\n\n# two\n"])
def test_add_to_a_file_without_rows_writes_the_header_after_its_comments(
    tmp_path: Path, content: str
):
    path = tmp_path / "g.tsv"
    path.write_text(content, encoding="utf-8")
    entry = add_entry(path, "Kabul", "كابول")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[-2:] == ["en\tar", "Kabul\tكابول"]
    assert lines[:-2] == content.splitlines()
    assert entry.line == len(lines)


def test_add_keeps_crlf_and_bom(tmp_path: Path):
    path = tmp_path / "g.tsv"
    path.write_bytes(codecs.BOM_UTF8 + "en\tar\r\nGaza\tغزة".encode())  # no final newline
    add_entry(path, "Rafah", "رفح")
    assert path.read_bytes() == codecs.BOM_UTF8 + "en\tar\r\nGaza\tغزة\r\nRafah\tرفح\r\n".encode()


@pytest.mark.parametrize(
    ("en", "ar", "message"),
    [
        ("putin", "فلاديمير", "en 'putin' is already in the glossary at"),
        ("Vladimir", "بوتين", "ar 'بوتين' is already in the glossary at"),
        ("Moscow Times", "موسكو تايمز", None),  # different words: allowed
        ("Mos-cow", "مسكو", "en 'Mos-cow' is already"),  # a hyphen between words is optional
        ("MOSCOW", "موسكوفا", "en 'MOSCOW' is already"),
        ("Lavrov ", "لافروڤ", "en 'Lavrov' is already"),
    ],
)
def test_add_refuses_duplicates_and_leaves_the_file_alone(
    glossary_path: Path, en: str, ar: str, message: str | None
):
    if message is None:
        add_entry(glossary_path, en, ar)
        return
    with pytest.raises(GlossaryDuplicateError) as caught:
        add_entry(glossary_path, en, ar)
    assert message in str(caught.value)
    assert f"{glossary_path}:" in str(caught.value)
    assert glossary_path.read_text(encoding="utf-8") == ORIGINAL


def test_duplicate_message_names_the_existing_row(glossary_path: Path):
    with pytest.raises(GlossaryDuplicateError) as caught:
        add_entry(glossary_path, "Moscow", "موسكو")
    assert str(caught.value) == (
        f"{glossary_path}: en 'Moscow' is already in the glossary at {glossary_path}:8 "
        "(Moscow → موسكو) — edit that row, or remove it first with `tarjama glossary remove`"
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"en": "", "ar": "غزة"}, "empty en cell"),
        ({"en": "Gaza", "ar": ""}, "empty ar cell"),
        ({"en": "Gaza", "ar": "غزة", "type": "city"}, "unknown type 'city'"),
        ({"en": "Gaza", "ar": "غزة", "case": "upper"}, "unknown case 'upper'"),
        ({"en": "Ga\tza", "ar": "غزة"}, "the en value holds a tab or a line break"),
        ({"en": "Gaza", "ar": "غزة", "note": "line\nbreak"}, "the note value holds a tab"),
    ],
)
def test_add_refuses_bad_values(glossary_path: Path, arguments: dict, message: str):
    en, ar = arguments.pop("en"), arguments.pop("ar")
    with pytest.raises(GlossaryValueError) as caught:
        add_entry(glossary_path, en, ar, **arguments)
    assert message in str(caught.value)
    assert glossary_path.read_text(encoding="utf-8") == ORIGINAL


def test_add_refuses_to_edit_a_malformed_file(tmp_path: Path):
    path = tmp_path / "g.tsv"
    path.write_text("en\tar\nbroken\n", encoding="utf-8")
    with pytest.raises(GlossaryFormatError, match=r"g\.tsv:2: has 1 cell"):
        add_entry(path, "Gaza", "غزة")


def test_remove_by_english_keeps_comments_and_order(glossary_path: Path):
    (removed,) = remove_entries(glossary_path, en="lavrov")
    assert (removed.en, removed.line) == ("Lavrov", 6)
    assert glossary_path.read_text(encoding="utf-8") == ORIGINAL.replace(
        "Lavrov\tلافروف\tperson\n", ""
    )


def test_remove_by_arabic_ignores_spelling_variants(glossary_path: Path):
    (removed,) = remove_entries(glossary_path, ar="مُوسْكُو")
    assert removed.en == "Moscow"
    assert "Moscow" not in glossary_path.read_text(encoding="utf-8")
    assert glossary_path.read_text(encoding="utf-8").endswith("# places\n")


@pytest.mark.parametrize(("value", "removed"), [("Mos-cow", "Moscow"), ("MOS-COW", "Moscow")])
def test_regression_remove_ignores_an_optional_hyphen_as_the_matcher_does(
    glossary_path: Path, value: str, removed: str
):
    """The matcher reads cease-fire as ceasefire; remove compared the key as written."""
    assert [entry.en for entry in remove_entries(glossary_path, en=value)] == [removed]


def test_remove_of_an_absent_entry_is_an_error(glossary_path: Path):
    with pytest.raises(GlossaryEntryNotFoundError, match="no entry with en 'Kabul'"):
        remove_entries(glossary_path, en="Kabul")
    assert glossary_path.read_text(encoding="utf-8") == ORIGINAL


def test_remove_needs_exactly_one_side(glossary_path: Path):
    with pytest.raises(GlossaryValueError):
        remove_entries(glossary_path)
    with pytest.raises(GlossaryValueError):
        remove_entries(glossary_path, en="Putin", ar="بوتين")


def test_a_failed_write_leaves_the_file_intact(glossary_path: Path, monkeypatch):
    def broken_replace(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(GlossaryWriteError, match="No space left on device"):
        add_entry(glossary_path, "Kabul", "كابول")
    with pytest.raises(GlossaryWriteError, match="No space left on device"):
        remove_entries(glossary_path, en="Putin")
    assert glossary_path.read_text(encoding="utf-8") == ORIGINAL
    assert sorted(p.name for p in glossary_path.parent.iterdir()) == ["news.tsv"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"en": "Hamas", "ar": "Hamas"}, "ar 'Hamas' has Latin letters"),
        ({"en": "Xinhua", "ar": "新华社"}, "ar '新华社' has CJK letters"),
        ({"en": "Hamas حماس", "ar": "حماس"}, "en 'Hamas حماس' has Arabic letters"),
        ({"en": "ChatGPT", "ar": "شات جي بي تي", "dnt": True}, "dnt row: ar 'شات جي بي تي'"),
        ({"en": "--", "ar": "ـــ"}, "en '--' has no letters or digits"),
        ({"en": "2024", "ar": "2024", "case": "sensitive"}, "case=sensitive does nothing"),
    ],
)
def test_regression_add_refuses_a_row_that_check_reports(
    glossary_path: Path, arguments: dict, message: str
):
    """add wrote rows that `check` then reported (a Latin ar cell, a dnt row whose ar
    differs): what check would find on the row alone is refused before writing."""
    en, ar = arguments.pop("en"), arguments.pop("ar")
    with pytest.raises(GlossaryValueError) as caught:
        add_entry(glossary_path, en, ar, **arguments)
    assert message in str(caught.value) and " — " in str(caught.value)
    assert glossary_path.read_text(encoding="utf-8") == ORIGINAL


@pytest.mark.parametrize("edit", ["add", "remove"])
@pytest.mark.parametrize("mode", [0o600, 0o664])
def test_regression_edits_go_through_a_link_and_keep_the_permissions(
    glossary_path: Path, edit: str, mode: int
):
    """The atomic rename replaced a symbolic link with a new file (the real glossary was
    left unedited) and reset the file's mode to the umask default."""
    glossary_path.chmod(mode)
    link = glossary_path.parent / "current.tsv"
    link.symlink_to(glossary_path.name)
    if edit == "add":
        add_entry(link, "Kabul", "كابول", type="place")
        expected = ORIGINAL + "Kabul\tكابول\tplace\n"
    else:
        remove_entries(link, en="Lavrov")
        expected = ORIGINAL.replace("Lavrov\tلافروف\tperson\n", "")
    assert link.is_symlink() and link.resolve() == glossary_path.resolve()
    assert glossary_path.read_text(encoding="utf-8") == expected
    assert glossary_path.stat().st_mode & 0o777 == mode
    assert sorted(p.name for p in glossary_path.parent.iterdir()) == ["current.tsv", "news.tsv"]
