"""``--help`` of every command, and the tables the CLI prints (issue 8, item 11).

Help shows a metavar for every value (``FILE``, ``DIR``, ``N``, ``FORMAT``, ``both|en|ar``,
``DIRECTION=NAME_OR_PATH``), none for a flag, never typer's ``<bool>``, ``<list[Path]>`` or
``{file}``; usage lines read like the README's synopsis; descriptions are clean paragraphs.
Tables are TSV when stdout is not a terminal (``CliRunner`` is not one) and are never cut.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import typer
from rich.console import Console
from typer.testing import CliRunner

from tarjama.cli.app import app
from tarjama.glossary import load_glossaries
from tarjama.summary import print_models, print_table, tsv_cell

NEWS = Path(__file__).resolve().parent.parent / "glossaries" / "news.tsv"
ARTICLE = Path(__file__).resolve().parent.parent / "examples" / "moscow-talks.txt"

#: Every command and group, with the usage line its help must show.
USAGE = {
    (): "tarjama [OPTIONS] COMMAND [ARGS]...",
    ("translate",): "tarjama translate FILE_OR_FOLDER... [OPTIONS]",
    ("detect",): "tarjama detect FILE [OPTIONS]",
    ("align",): "tarjama align SRC [TGT] [OPTIONS]",
    ("qa",): "tarjama qa RUN [OPTIONS]",
    ("review",): "tarjama review [OPTIONS] COMMAND [ARGS]...",
    ("review", "apply"): "tarjama review apply FILE [OPTIONS]",
    ("review", "export"): "tarjama review export SEGMENTS_JSONL [OPTIONS]",
    ("review", "serve"): "tarjama review serve RUN [OPTIONS]",
    ("glossary",): "tarjama glossary [OPTIONS] COMMAND [ARGS]...",
    ("glossary", "list"): "tarjama glossary list FILE... [OPTIONS]",
    ("glossary", "add"): "tarjama glossary add FILE [OPTIONS]",
    ("glossary", "remove"): "tarjama glossary remove FILE [OPTIONS]",
    ("glossary", "check"): "tarjama glossary check FILE... [OPTIONS]",
    ("glossary", "import"): "tarjama glossary import FILE [OPTIONS]",
    ("glossary", "export"): "tarjama glossary export FILE... [OPTIONS]",
    ("glossary", "find"): "tarjama glossary find TEXT_OR_FILE [OPTIONS]",
    ("models",): "tarjama models [OPTIONS] COMMAND [ARGS]...",
    ("models", "list"): "tarjama models list [OPTIONS]",
    ("models", "download"): "tarjama models download [OPTIONS]",
    ("models", "pack"): "tarjama models pack [OPTIONS]",
    ("models", "install"): "tarjama models install FILE [OPTIONS]",
    ("demo",): "tarjama demo [FOLDER] [OPTIONS]",
}
COMMANDS = list(USAGE)

# typer's own placeholders: <bool>, <path>, <int range>, <list[Path]>, <both|en|ar>, {file}
PLACEHOLDER = re.compile(r"<[\w\[\]|., -]+>|\{[\w.]+\}|list\[")
# the metavar of an argument, and of an option that takes a value
ARGUMENT_METAVAR = re.compile(r"[A-Z][A-Z_]*(\.\.\.)?")
OPTION_METAVAR = re.compile(r"[A-Z][A-Z_=]*|[a-z0-9]+(\|[a-z0-9]+)+")


def help_of(command: tuple[str, ...], columns: int = 80) -> str:
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout


def _walk(group, path: tuple[str, ...] = ()):
    yield path, group
    for name, command in getattr(group, "commands", {}).items():
        yield from _walk(command, (*path, name))


def click_commands() -> dict[tuple[str, ...], object]:
    return dict(_walk(typer.main.get_command(app)))


def test_every_command_is_checked():
    assert sorted(click_commands()) == sorted(USAGE)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_regression_help_shows_no_typer_placeholders(command):
    for columns in (80, 1000):
        text = help_of(command, columns)
        assert not PLACEHOLDER.findall(text), PLACEHOLDER.findall(text)
        assert "<bool>" not in text and "<list" not in text and "{file}" not in text


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_regression_usage_reads_like_the_readme_synopsis(command):
    usage = next(line for line in help_of(command, 1000).splitlines() if "Usage:" in line)
    assert " ".join(usage.split()) == f"Usage: {USAGE[command]}"


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_regression_every_parameter_shows_a_metavar_and_a_flag_none(command):
    click_command = click_commands()[command]
    context = typer.Context(click_command, info_name="tarjama")
    for param in click_command.get_params(context):
        shown = param.display_type_rich(context)
        if param.param_type_name == "argument":
            assert shown is None and ARGUMENT_METAVAR.fullmatch(param.metavar or ""), param.name
        elif param.is_flag:
            assert shown is None, param.name
        else:
            assert OPTION_METAVAR.fullmatch(shown or ""), (param.name, shown)


def _description(text: str) -> list[str]:
    """The lines between the usage line and the first panel."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if "Usage:" in line) + 1
    end = next(i for i, line in enumerate(lines) if line.startswith("╭"))
    return [line.strip() for line in lines[start:end] if line.strip()]


def _panel_rows(text: str) -> list[str]:
    """The inside of every panel line (``│ … │``)."""
    return [line[1:-1] for line in text.splitlines() if line.startswith("│")]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_regression_descriptions_are_clean_paragraphs(command):
    # wide enough that no paragraph wraps: each must be one line that ends a sentence
    text = help_of(command, 1000)
    description = _description(text)
    assert description
    for line in description:
        assert line.endswith((".", ")")), f"broken line in {command}: {line!r}"
    # every row of the panels (options, arguments, commands) is a single line too: no
    # continuation line (one that starts blank, under the help column) anywhere
    for row in _panel_rows(text):
        assert row[:8].strip(), f"broken line in {command}: {row.strip()!r}"
    click_command = click_commands()[command]
    for paragraph in (click_command.help or "").split("\n\n"):
        assert "\n" not in paragraph, paragraph
    for param in click_command.params:
        assert "\n" not in (getattr(param, "help", None) or ""), param.name


@pytest.mark.parametrize(("group", "name"), [((), "align"), (("glossary",), "check")])
def test_regression_group_lists_a_one_line_summary(group, name):
    (row,) = [row for row in _panel_rows(help_of(group, 100)) if row.split()[:1] == [name]]
    assert row.rstrip().endswith("."), row


# --- tables ----------------------------------------------------------------------------


def invoke(*arguments: str):
    # 80 columns, not a terminal: what a pipe gets, where rich used to cut cells with "…"
    return CliRunner().invoke(app, list(arguments), env={"COLUMNS": "80"})


def tsv_rows(stdout: str) -> list[list[str]]:
    return [line.split("\t") for line in stdout.splitlines()]


def test_regression_piped_glossary_list_prints_every_value_in_full():
    result = invoke("glossary", "list", str(NEWS))
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout
    header, *rows = tsv_rows(result.stdout)
    assert header == ["#", "en", "ar", "type", "case", "dnt", "note", "defined at"]
    entries = load_glossaries([NEWS]).entries
    assert len(rows) == len(entries)
    for number, (row, entry) in enumerate(zip(rows, entries, strict=True), start=1):
        assert row[:3] == [str(number), entry.en, entry.ar]
        assert row[6:] == [entry.note or "", entry.location]


def test_regression_piped_glossary_list_keeps_long_values_and_paths(tmp_path: Path):
    folder = tmp_path / ("a-folder-with-a-long-name-" * 4)
    folder.mkdir()
    glossary = folder / "glossary.tsv"
    english = "The International Organisation For The Testing Of Very Long Glossary Names"
    note = "a note much longer than any column rich would give it on an 80-column screen"
    glossary.write_text(f"en\tar\tnote\n{english}\tمنظمة\t{note}\n", encoding="utf-8")
    result = invoke("glossary", "list", str(glossary))
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout
    assert tsv_rows(result.stdout)[1] == ["1", english, "منظمة", "", "", "", note, f"{glossary}:2"]


def test_regression_piped_models_list_prints_full_names_and_paths(tmp_path: Path):
    folder = tmp_path / "models" / ("opus-mt-ar-en-fine-tuned-on-news-" * 3)
    folder.mkdir(parents=True)
    (folder / "config.json").write_text("{}", encoding="utf-8")
    hub_name = "someone/a-hub-model-whose-name-is-far-longer-than-a-column-en-ar"
    result = invoke("models", "list", "--model", f"ar-en={folder}", "--model", f"en-ar={hub_name}")
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout
    header, local, hub = tsv_rows(result.stdout)
    assert header == ["direction", "model", "available offline", "size", "where"]
    assert local[:3] == ["ar-en", str(folder), "yes"] and local[4] == str(folder.resolve())
    assert hub == ["en-ar", hub_name, "no", "-", "-"]


def test_regression_piped_detect_table_prints_whole_segments():
    from tarjama.pipeline import detect_file

    result = invoke("detect", str(ARTICLE))
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout
    header, *rows = tsv_rows(result.stdout)
    assert header == ["id", "para", "line", "lang", "conf", "segment"]
    segments = detect_file(ARTICLE).segments
    assert [row[5] for row in rows] == [tsv_cell(segment.source) for segment in segments]
    assert [row[3] for row in rows] == [segment.source_lang for segment in segments]


def test_regression_piped_glossary_find_is_never_cut(tmp_path: Path):
    glossary = tmp_path / "g.tsv"
    english = "The International Organisation For The Testing Of Very Long Glossary Names"
    glossary.write_text(f"en\tar\n{english}\tمنظمة دولية لاختبار الأسماء الطويلة\n", "utf-8")
    result = invoke("glossary", "find", f"Yesterday {english} met.", "-g", str(glossary))
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout
    (row,) = [line for line in result.stdout.splitlines() if "│" in line and "1:11" in line]
    assert f"{english} → منظمة دولية لاختبار الأسماء الطويلة" in row and f"{glossary}:2" in row


def test_tsv_cells_escape_tabs_line_breaks_and_backslashes():
    stream = io.StringIO()
    print_table(("a", "b"), [("x\ty", "one\ntwo\r\\n")], Console(file=stream))
    assert stream.getvalue() == "a\tb\nx\\ty\tone\\ntwo\\r\\\\n\n"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_regression_terminal_tables_fold_long_names_instead_of_cutting_them():
    from types import SimpleNamespace

    name = "/models/" + "opus-mt-ar-en-fine-tuned-on-news-" * 3 + "v2"
    status = SimpleNamespace(
        direction="ar-en", name=name, available=True, size_bytes=2048, where=name
    )
    stream = _Terminal()
    print_models([status], Console(file=stream, width=60, color_system=None, highlight=False))
    text = stream.getvalue()
    assert "┃" in text and "\t" not in text  # a rich table, not TSV
    assert "…" not in text
    rows = [line.split("│")[1:-1] for line in text.splitlines() if line.startswith("│")]
    assert "".join(cells[1].strip() for cells in rows) == name  # model, folded
    assert "".join(cells[4].strip() for cells in rows) == name  # where, folded
