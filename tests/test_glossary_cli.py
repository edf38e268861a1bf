"""``tarjama glossary ...`` end to end through typer's CliRunner (no models needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tarjama.cli import app

GLOSSARY = (
    "# test glossary\n"
    "en\tar\ttype\n"
    "Taliban\tطالبان\torg\n"
    "Kremlin\tالكرملين\torg\n"
    "Moscow\tموسكو\tplace\n"
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    path = tmp_path / "g.tsv"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


def run(runner: CliRunner, *arguments: str):
    # wide enough that rich's tables do not wrap paths and Arabic cells
    return runner.invoke(app, ["glossary", *arguments], env={"COLUMNS": "250"})


def assert_clean_error(result, text: str) -> None:
    """Exit code 1, one ``error:`` line naming the problem, no traceback."""
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and text in lines[0], lines
    assert "Traceback" not in result.output


def test_list_shows_entries_and_where_they_are_defined(runner, glossary: Path):
    result = run(runner, "list", str(glossary))
    assert result.exit_code == 0, result.output
    for text in ("Taliban", "طالبان", "org", "الكرملين", f"{glossary.name}:5"):
        assert text in result.stdout


def test_list_warns_about_conflicts(runner, glossary: Path, tmp_path: Path):
    other = tmp_path / "other.tsv"
    other.write_text("en\tar\nMoscow\tموسكوفا\n", encoding="utf-8")
    result = run(runner, "list", str(glossary), str(other))
    assert result.exit_code == 0
    assert f"warning: {glossary}:5 and {other}:2 give en 'Moscow'" in result.stderr


def test_add_and_remove_edit_the_file(runner, glossary: Path):
    added = run(runner, "add", str(glossary), "--en", "Kabul", "--ar", "كابول", "--type", "place")
    assert added.exit_code == 0, added.output
    assert f"added Kabul → كابول at {glossary}:6" in added.stdout
    assert glossary.read_text(encoding="utf-8") == GLOSSARY + "Kabul\tكابول\tplace\n"
    removed = run(runner, "remove", str(glossary), "--ar", "كابول")
    assert removed.exit_code == 0 and "removed Kabul" in removed.stdout
    assert glossary.read_text(encoding="utf-8") == GLOSSARY


def test_add_dnt_and_case(runner, tmp_path: Path):
    path = tmp_path / "new.tsv"
    result = run(runner, "add", str(path), "--en", "5G", "--dnt")
    assert result.exit_code == 0, result.output
    result = run(runner, "add", str(path), "--en", "US", "--ar", "أمريكا", "--case", "sensitive")
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == (
        "en\tar\tdnt\tcase\n5G\t5G\tyes\t\nUS\tأمريكا\t\tsensitive\n"
    )


def test_add_duplicate_is_a_clean_error(runner, glossary: Path):
    result = run(runner, "add", str(glossary), "--en", "moscow", "--ar", "موسكوو")
    assert_clean_error(result, f"en 'moscow' is already in the glossary at {glossary}:5")
    assert glossary.read_text(encoding="utf-8") == GLOSSARY


def test_add_without_arabic_is_a_clean_error(runner, glossary: Path):
    assert_clean_error(run(runner, "add", str(glossary), "--en", "Kabul"), "empty ar cell")


def test_remove_needs_one_side(runner, glossary: Path):
    result = run(runner, "remove", str(glossary))
    assert result.exit_code == 2 and "exactly one of --en and --ar" in result.output


def test_remove_missing_entry_is_a_clean_error(runner, glossary: Path):
    assert_clean_error(run(runner, "remove", str(glossary), "--en", "Paris"), "no entry with en")


def test_check_passes_and_fails(runner, glossary: Path, tmp_path: Path):
    ok = run(runner, "check", str(glossary))
    assert ok.exit_code == 0 and "no problems in 1 file(s)" in ok.stdout
    bad = tmp_path / "bad.tsv"
    bad.write_text("en\tar\nHamas\tحماس\nHamas\tحركة حماس\nGaza\n", encoding="utf-8")
    result = run(runner, "check", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:2: en 'Hamas' → 'حماس' here, but → 'حركة حماس' at {bad}:3" in result.stdout
    assert f"{bad}:4: has 1 cell(s)" in result.stdout
    assert "2 problem(s) in 1 file(s)" in result.stdout


@pytest.mark.parametrize("command", ["list", "check"])
def test_malformed_or_missing_files_are_clean_errors(runner, tmp_path: Path, command: str):
    assert_clean_error(run(runner, command, str(tmp_path / "nope.tsv")), "no such file")
    if command == "list":
        bad = tmp_path / "bad.tsv"
        bad.write_bytes(b"en\tar\nGaza\t\xe5\n")
        assert_clean_error(run(runner, command, str(bad)), f"{bad}:2: not UTF-8")


def test_export_and_import(runner, glossary: Path, tmp_path: Path):
    tbx = tmp_path / "g.tbx"
    result = run(runner, "export", str(glossary), "-o", str(tbx))
    assert result.exit_code == 0 and f"wrote {tbx} (3 entries)" in result.stdout
    back = tmp_path / "back.tsv"
    result = run(runner, "import", str(tbx), "-o", str(back))
    assert result.exit_code == 0, result.output
    assert back.read_text(encoding="utf-8").splitlines()[2:] == GLOSSARY.splitlines()[2:]
    omegat = tmp_path / "omegat.txt"
    result = run(runner, "export", str(glossary), "-o", str(omegat), "--format", "omegat")
    assert result.exit_code == 0
    assert "Taliban\tطالبان" in omegat.read_text(encoding="utf-8")


def test_import_with_an_unknown_extension_is_a_clean_error(runner, tmp_path: Path):
    source = tmp_path / "terms.xlsx"
    source.write_text("x", encoding="utf-8")
    result = run(runner, "import", str(source), "-o", str(tmp_path / "out.tsv"))
    assert_clean_error(result, "pass --format")


def test_import_of_broken_tbx_is_a_clean_error(runner, tmp_path: Path):
    source = tmp_path / "broken.tbx"
    source.write_text("<martif><text>", encoding="utf-8")
    result = run(runner, "import", str(source), "-o", str(tmp_path / "out.tsv"))
    assert_clean_error(result, f"{source}:1: is not well-formed XML")


def test_find_shows_line_column_clitic_and_entry(runner, glossary: Path, tmp_path: Path):
    text = tmp_path / "article.txt"
    text.write_text("The Taliban's envoy arrived.\nوصل وفد طالبان إلى وَبِموسكو\n", encoding="utf-8")
    result = run(runner, "find", str(text), "--glossary", str(glossary))
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if "│" in line]
    assert "1:5" in rows[0] and "Taliban" in rows[0] and "en" in rows[0]
    assert "2:9" in rows[1] and "طالبان" in rows[1] and f"{glossary}:3" in rows[1]
    assert "2:24" in rows[2] and "وَبِ" in rows[2] and "موسكو = موسكو" in rows[2]
    assert "3 match(es)" in result.stdout


def test_find_on_text_with_a_fixed_language(runner, glossary: Path):
    result = run(runner, "find", "Moscow and موسكو", "-g", str(glossary), "--lang", "ar")
    assert result.exit_code == 0 and "1 match(es)" in result.stdout


def test_find_with_a_missing_file_name_is_a_clean_error(runner, glossary: Path):
    result = run(runner, "find", "article.txt", "-g", str(glossary))
    assert_clean_error(result, "article.txt: no such file")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # a name wrapped over two lines: one hit, where it starts
        ("The envoy Zamir\nKabulov arrived.\n", "auto", [(1, 11, "en", "Zamir\nKabulov")]),
        # CRLF text: lines are searched joined by LF
        ("The envoy Zamir\r\nKabulov arrived.\r\n", "en", [(1, 11, "en", "Zamir\nKabulov")]),
        ("وصل زامير\nكابولوف أمس\n", "auto", [(1, 5, "ar", "زامير\nكابولوف")]),
        # a blank line is a paragraph break: no name runs across it
        ("Zamir\n\nKabulov\n", "auto", [(3, 1, "en", "Kabulov")]),
        # lines of another language start another run, with their own line numbers
        (
            "Zamir Kabulov\nوصل كابولوف\nKabulov",
            "auto",
            [
                (1, 1, "en", "Zamir Kabulov"),
                (2, 5, "ar", "كابولوف"),
                (3, 1, "en", "Kabulov"),
            ],
        ),
    ],
)
def test_regression_find_sees_a_name_wrapped_over_two_lines(text, lang, expected):
    """find searched line by line, so "Zamir" / "Kabulov" showed as Kabulov alone while
    translation, which searches the whole sentence, matched Zamir Kabulov."""
    from tarjama.glossary import GlossaryEntry, TermMatcher, find_terms

    matcher = TermMatcher(
        [
            GlossaryEntry("Zamir Kabulov", "زامير كابولوف", "person"),
            GlossaryEntry("Kabulov", "كابولوف", "person"),
        ]
    )
    found = find_terms(text, matcher, lang)
    assert [(f.line, f.column, f.lang, f.hit.text) for f in found] == expected
