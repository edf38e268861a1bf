"""glossary check: every kind of finding, at file:line; the starter glossary passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tarjama.errors import InputNotFoundError
from tarjama.glossary import check_glossaries, load_glossaries

NEWS = Path(__file__).resolve().parent.parent / "glossaries" / "news.tsv"


def findings_of(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    path = tmp_path / "g.tsv"
    path.write_text(text, encoding="utf-8")
    return [
        (finding.location.replace(f"{tmp_path}/", ""), finding.kind)
        for finding in check_glossaries([path])
    ]


def test_the_starter_glossary_has_no_findings_and_enough_entries():
    assert check_glossaries([NEWS]) == []
    glossary = load_glossaries([NEWS])
    assert len(glossary.entries) >= 150 and glossary.conflicts == []
    types = {entry.type for entry in glossary.entries}
    assert types == {"person", "org", "place", "term"}
    assert any(entry.dnt for entry in glossary.entries)
    assert {"Zamir Kabulov", "Putin", "ISIS", "Taliban", "Kremlin", "Moscow", "ceasefire"} <= {
        entry.en for entry in glossary.entries
    }


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("Putin\tبوتين\n", []),
        ("Putin\tبوتين\nputin\tبوتين\n", [("g.tsv:2", "duplicate")]),
        ("Putin\tبوتين\nPutin\tبوتن\n", [("g.tsv:2", "conflict")]),
        ("ISIS\tداعش\nISIL\tداعش\n", [("g.tsv:2", "conflict")]),
        ("Putin\tبوتين\nPutin\n", [("g.tsv:3", "format")]),
        ("Putin\t\n", [("g.tsv:2", "empty")]),
        ("Hamas حماس\tحماس\n", [("g.tsv:2", "mixed-script")]),
        ("Hamas\tHamas\n", [("g.tsv:2", "mixed-script")]),
        ("Hamas\tحماسHamas\n", [("g.tsv:2", "mixed-script")]),
        ("--\tـــ\n", [("g.tsv:2", "never-matches"), ("g.tsv:2", "never-matches")]),
        ("Gaza\t؟\n", [("g.tsv:2", "never-matches")]),
    ],
)
def test_findings(tmp_path: Path, rows: str, expected: list[tuple[str, str]]):
    assert findings_of(tmp_path, "en\tar\n" + rows) == expected


def test_case_and_dnt_findings(tmp_path: Path):
    text = (
        "en\tar\tcase\tdnt\n"
        "2024\t2024\tsensitive\tyes\n"  # case does nothing on digits
        "ChatGPT\tشات جي بي تي\t\tyes\n"  # dnt: ar is ignored
        "5G\t5G\t\tyes\n"  # dnt may repeat en (Latin in ar is fine then)
        "BBC\t\t\tyes\n"  # or leave ar empty
        "US\tالولايات المتحدة\tsensitive\t\n"
    )
    assert findings_of(tmp_path, text) == [("g.tsv:2", "case"), ("g.tsv:3", "dnt")]


def test_messages_name_both_rows(tmp_path: Path):
    first = tmp_path / "a.tsv"
    second = tmp_path / "b.tsv"
    first.write_text("en\tar\nPutin\tبوتين\n", encoding="utf-8")
    second.write_text("en\tar\n# override\nPutin\tبوتن\n", encoding="utf-8")
    (finding,) = check_glossaries([first, second])
    assert finding.location == f"{first}:2" and finding.kind == "conflict"
    assert str(finding) == (
        f"{first}:2: en 'Putin' → 'بوتين' here, but → 'بوتن' at {second}:3, which wins "
        "(this row is never used) — keep one row per concept"
    )


def test_a_bad_header_is_one_finding_and_the_rest_of_the_file_is_not_guessed(tmp_path: Path):
    assert findings_of(tmp_path, "english\tarabic\nPutin\tبوتين\n") == [("g.tsv:1", "format")]


def test_not_utf8_is_a_finding(tmp_path: Path):
    path = tmp_path / "g.tsv"
    path.write_bytes(b"en\tar\nGaza\t\xe5\xd2\xc9\n")
    (finding,) = check_glossaries([path])
    assert finding.location == f"{path}:2" and finding.message.startswith("not UTF-8")


def test_findings_follow_the_order_of_the_files(tmp_path: Path):
    later = tmp_path / "a.tsv"
    earlier = tmp_path / "z.tsv"
    earlier.write_text("en\tar\nGaza\t\n", encoding="utf-8")
    later.write_text("en\tar\nRafah\t\n", encoding="utf-8")
    assert [f.location for f in check_glossaries([earlier, later])] == [
        f"{earlier}:2",
        f"{later}:2",
    ]


def test_a_missing_file_is_an_error_not_a_finding(tmp_path: Path):
    with pytest.raises(InputNotFoundError):
        check_glossaries([tmp_path / "nope.tsv"])


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("Xinhua\t新华社\n", "ar '新华社' has CJK letters"),
        ("Putin\tПутин\n", "ar 'Путин' has Cyrillic letters"),
        ("Путин\tبوتين\n", "en 'Путин' has Cyrillic letters"),
        ("Netanyahu\tنتنياهو נתניהו\n", "has Hebrew letters"),
    ],
)
def test_regression_letters_of_any_other_script_are_mixed_script(
    tmp_path: Path, rows: str, message: str
):
    """Only Arabic letters in en and Latin letters in ar were looked for, so an ar cell in
    Chinese passed check and then could never be spelt by the decoder."""
    path = tmp_path / "g.tsv"
    path.write_text("en\tar\n" + rows, encoding="utf-8")
    findings = check_glossaries([path])
    assert [(finding.kind, message in finding.message) for finding in findings] == [
        ("mixed-script", True)
    ]


@pytest.mark.parametrize("text", ["Erdoğan", "António Guterres", "Nicolás Maduro", "Ñandú"])
def test_accented_latin_letters_are_not_mixed_script(tmp_path: Path, text: str):
    path = tmp_path / "g.tsv"
    path.write_text(f"en\tar\n{text}\tاسم\n", encoding="utf-8")
    assert check_glossaries([path]) == []


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("ceasefire\tوقف إطلاق النار\ncease-fire\tهدنة\n", [("g.tsv:2", "conflict")]),
        ("ceasefire\tوقف إطلاق النار\ncease-fire\tوقف إطلاق النار\n", [("g.tsv:2", "duplicate")]),
        ("Covid-19\tكوفيد-19\nCOVID19\tكوفيد19\n", [("g.tsv:2", "duplicate")]),
        ("ceasefire\tوقف إطلاق النار\ncease fire\tهدنة\n", []),  # a space is not optional
    ],
)
def test_regression_rows_that_differ_by_an_optional_hyphen_clash(tmp_path, rows, expected):
    """ceasefire and cease-fire both match "cease-fire" once hyphens are optional, so two
    such rows are one concept twice: reported, not silently shadowed."""
    assert findings_of(tmp_path, "en\tar\n" + rows) == expected
