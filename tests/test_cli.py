"""The CLI end to end, with random-weight stand-in models (no network).

Translation quality is not tested here (stand-ins produce noise); everything else is:
outputs, structure, verbatim copies, provenance, errors and data safety.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html
from typer.testing import CliRunner

from tarjama.cli import app
from tarjama.pipeline import detect_file

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ARTICLE = EXAMPLES / "moscow-talks.txt"
BRIEFING = EXAMPLES / "briefing.md"

pytestmark = pytest.mark.slow


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def model_options(standin_models: dict[str, Path]) -> list[str]:
    return [
        "--model",
        f"ar-en={standin_models['ar-en']}",
        "--model",
        f"en-ar={standin_models['en-ar']}",
    ]


def translate(runner: CliRunner, standin_models, *arguments: str):
    return runner.invoke(
        app, ["translate", *arguments, *model_options(standin_models), "--beam-size", "2"]
    )


def paragraphs(text: str) -> list[str]:
    return [block for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]


@pytest.fixture(scope="module")
def article_run(tmp_path_factory, standin_models) -> Path:
    out = tmp_path_factory.mktemp("article")
    result = translate(CliRunner(), standin_models, str(ARTICLE), "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_article_run_writes_all_four_outputs(article_run: Path):
    assert sorted(p.name for p in article_run.iterdir()) == [
        "moscow-talks.ar.txt",
        "moscow-talks.en.txt",
        "moscow-talks.html",
        "moscow-talks.segments.jsonl",
    ]


def test_every_segment_is_verbatim_in_its_own_language_version(article_run: Path):
    document = detect_file(ARTICLE)
    english = (article_run / "moscow-talks.en.txt").read_text(encoding="utf-8")
    arabic = (article_run / "moscow-talks.ar.txt").read_text(encoding="utf-8")
    by_lang = {
        lang: [s.source for s in document.segments if s.source_lang == lang]
        for lang in ("ar", "en", "other")
    }
    assert len(by_lang["ar"]) >= 6 and len(by_lang["en"]) >= 6
    assert all(source in arabic for source in by_lang["ar"])
    assert all(source in english for source in by_lang["en"])
    # boilerplate and residue are copied as-is into both versions
    assert all(s in english and s in arabic for s in by_lang["other"])


def test_paragraph_structure_is_the_same_in_every_version(article_run: Path):
    source = ARTICLE.read_text(encoding="utf-8")
    for name in ("moscow-talks.en.txt", "moscow-talks.ar.txt"):
        version = (article_run / name).read_text(encoding="utf-8")
        assert len(paragraphs(version)) == len(paragraphs(source))
        assert [len(p.splitlines()) for p in paragraphs(version)] == [
            len(p.splitlines()) for p in paragraphs(source)
        ]


def test_segments_jsonl_records_provenance_and_every_segment(article_run: Path, standin_models):
    lines = (article_run / "moscow-talks.segments.jsonl").read_text(encoding="utf-8").splitlines()
    header, records = json.loads(lines[0]), [json.loads(line) for line in lines[1:]]
    assert header["type"] == "header" and header["tool_version"]
    assert header["models"]["ar-en"]["name"] == str(standin_models["ar-en"])
    assert header["models"]["en-ar"]["revision"]
    assert header["decoding"]["beam_size"] == 2
    assert len(header["source"]["sha256"]) == 64
    assert len(records) == len(detect_file(ARTICLE).segments)
    for record in records:
        if record["source_lang"] in ("ar", "en"):
            assert record["translation"] is not None
            assert record["target_lang"] == ("en" if record["source_lang"] == "ar" else "ar")
        else:
            assert record["translation"] is None and record["target_lang"] is None


def test_html_page_pairs_source_and_translation(article_run: Path):
    tree = lxml_html.fromstring((article_run / "moscow-talks.html").read_bytes())
    rows = tree.xpath("//tr[contains(@class, 'segment')]")
    assert len(rows) == len(detect_file(ARTICLE).segments)
    assert len(tree.xpath("//tbody[@class='paragraph']")) == len(
        paragraphs(ARTICLE.read_text(encoding="utf-8"))
    )
    assert tree.xpath("//td[@lang='ar' and @dir='rtl']")
    assert "Helsinki" not in tree.xpath("//footer")[0].text_content()  # stand-ins recorded


def test_markdown_structure_and_code_survive(tmp_path: Path, runner, standin_models):
    result = translate(runner, standin_models, str(BRIEFING), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    source = BRIEFING.read_text(encoding="utf-8")
    markers = ("# ", "## ", "- ", "> ", "```", "|")

    def structure(text: str) -> list[str]:
        return [next((m for m in markers if line.startswith(m)), "") for line in text.splitlines()]

    for lang in ("en", "ar"):
        version = (tmp_path / f"briefing.{lang}.md").read_text(encoding="utf-8")
        assert len(paragraphs(version)) == len(paragraphs(source))
        # One line fewer: the hard-wrapped paragraph is one segment, translated as one line.
        assert [m for m in structure(version) if m] == [m for m in structure(source) if m]
        assert "|---|" in version and version.count("|") == source.count("|")
        assert "```\ntarjama translate examples/ -o outputs/\n```" in version
        assert "`tarjama detect briefing.md`" in version
        assert "(https://example.org/method)" in version


def test_to_en_writes_only_the_english_version(tmp_path: Path, runner, standin_models):
    result = translate(runner, standin_models, str(ARTICLE), "-o", str(tmp_path), "--to", "en")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "moscow-talks.ar.txt").exists()
    records = [
        json.loads(line)
        for line in (tmp_path / "moscow-talks.segments.jsonl").read_text().splitlines()[1:]
    ]
    english = [r for r in records if r["source_lang"] == "en"]
    assert english and all(r["kept_reason"] == "target-language" for r in english)
    assert all(r["target_lang"] == "en" for r in records if r["source_lang"] == "ar")


def test_bad_inputs_fail_alone_and_the_rest_are_translated(tmp_path: Path, runner, standin_models):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(ARTICLE, inputs / "good.txt")
    (inputs / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    out = tmp_path / "out"
    result = translate(
        runner, standin_models, str(inputs), str(tmp_path / "missing.txt"), "-o", str(out)
    )
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 4
    assert any("binary.txt" in e and "byte offset 8" in e for e in errors)
    assert any("latin1.txt" in e and "byte offset 3" in e for e in errors)
    assert any("empty.txt" in e and "empty" in e for e in errors)
    assert any("missing.txt" in e and "no such file" in e for e in errors)
    assert "Traceback" not in result.output
    assert (out / "good.en.txt").exists() and (out / "good.ar.txt").exists()


def test_missing_model_is_one_clear_line(tmp_path: Path, runner):
    result = runner.invoke(app, ["translate", str(ARTICLE), "-o", str(tmp_path)])
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in result.output
    assert "Helsinki-NLP/opus-mt-" in message and "not found" in message
    assert "tarjama models download" in message and "--model" in message


def test_failed_run_leaves_earlier_outputs_intact(tmp_path: Path, runner, standin_models):
    first = translate(runner, standin_models, str(ARTICLE), "-o", str(tmp_path))
    assert first.exit_code == 0, first.output
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    broken = tmp_path.parent / "broken-model"
    broken.mkdir(exist_ok=True)
    (broken / "config.json").write_text("{not json", encoding="utf-8")
    second = runner.invoke(
        app,
        [
            "translate",
            str(ARTICLE),
            "-o",
            str(tmp_path),
            "--model",
            f"ar-en={broken}",
            "--model",
            f"en-ar={broken}",
        ],
    )
    assert second.exit_code == 1 and "broken-model" in second.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_regression_same_stem_inputs_do_not_overwrite_each_other(
    tmp_path: Path, runner, standin_models
):
    texts = {"d1/a.txt": "Prices rose.\n", "d2/a.txt": "ارتفعت الأسعار.\n", "d1/a.md": "# Talks\n"}
    for name, text in texts.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    out = tmp_path / "o"
    result = translate(runner, standin_models, *(str(tmp_path / n) for n in texts), "-o", str(out))
    assert result.exit_code == 0, result.output
    wrote = sorted(
        line.removeprefix("wrote ") for line in result.stdout.splitlines() if "wrote" in line
    )
    assert len(wrote) == len(set(wrote)) == 12
    assert {Path(path).name.split(".")[0] for path in wrote} == {"d1-a", "d2-a", "a-md"}
    assert "3 file(s) translated, 0 failed" in result.stdout
    english = (out / "d1-a.en.txt").read_text(encoding="utf-8")
    assert english == "Prices rose.\n"  # verbatim: its own d1/a.txt, not d2's


@pytest.mark.parametrize("where", ["file", "file-in-path"])
def test_regression_unwritable_output_folder_fails_before_translation(
    tmp_path: Path, runner, where
):
    blocker = tmp_path / "outputs"
    blocker.write_text("not a folder", encoding="utf-8")
    output_dir = blocker if where == "file" else blocker / "sub"
    # Default (unavailable) models: the folder is checked before any model is looked for.
    result = runner.invoke(app, ["translate", str(ARTICLE), "-o", str(output_dir)])
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in result.output
    assert str(output_dir) in message and "cannot write outputs" in message
    assert "not found" not in message  # no model was looked up


def test_regression_missing_local_model_stops_the_run_before_any_output(
    tmp_path: Path, runner, standin_models
):
    shutil.copy(ARTICLE, tmp_path / "a.txt")  # first file: needs both directions
    out = tmp_path / "o"
    missing = tmp_path / "models" / "ar-en"
    result = runner.invoke(
        app,
        [
            "translate",
            str(tmp_path / "a.txt"),
            str(ARTICLE),
            "-o",
            str(out),
            "--model",
            f"ar-en={missing}",
            "--model",
            f"en-ar={standin_models['en-ar']}",
        ],
    )
    assert result.exit_code == 1
    assert str(missing) in result.stderr and "check the path" in result.stderr
    assert "models download" not in result.stderr
    assert list(out.iterdir()) == []


def test_regression_output_never_overwrites_an_input(tmp_path: Path, runner, standin_models):
    shutil.copy(ARTICLE, tmp_path / "report.txt")
    users_file = tmp_path / "report.en.txt"
    users_file.write_text("The user's own English report.\n", encoding="utf-8")
    result = translate(
        runner, standin_models, str(tmp_path / "report.txt"), str(users_file), "-o", str(tmp_path)
    )
    assert result.exit_code == 1 and "overwrite an input" in result.stderr
    assert users_file.read_text(encoding="utf-8") == "The user's own English report.\n"


def test_detect_jsonl_uses_the_segment_record_fields(article_run: Path, runner):
    result = runner.invoke(app, ["detect", str(ARTICLE), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    detected = [json.loads(line) for line in result.stdout.splitlines()]
    translated = [
        json.loads(line)
        for line in (article_run / "moscow-talks.segments.jsonl").read_text().splitlines()[1:]
    ]
    # The same fields, but for the quality checks, which only a translation has.
    assert [set(r) | {"qa"} for r in detected] == [set(r) for r in translated]
    assert all("confidence" in r for r in detected)
    assert [r["source_lang"] for r in detected] == [r["source_lang"] for r in translated]


def test_detect_table_and_errors(runner, tmp_path: Path):
    table = runner.invoke(app, ["detect", str(ARTICLE)])
    assert table.exit_code == 0 and "طباعة" in table.stdout and "other" in table.stdout
    missing = runner.invoke(app, ["detect", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 1 and "nope.txt: no such file" in missing.stderr


def test_models_list_shows_local_folders(runner, standin_models):
    result = runner.invoke(app, ["models", "list", *model_options(standin_models)])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("yes") == 2 and "ar-en" in result.stdout


def test_bad_model_option_is_a_usage_error(runner, tmp_path: Path):
    result = runner.invoke(app, ["translate", str(ARTICLE), "--model", "fr-en=x"])
    assert result.exit_code == 1 and "fr-en=x" in result.stderr


def _installed_tarjama() -> str:
    script = Path(sys.executable).parent / "tarjama"
    return str(script) if script.exists() else shutil.which("tarjama") or "tarjama"


def test_installed_command_runs_in_a_real_subprocess(tmp_path: Path, standin_models):
    environment = dict(os.environ, PYTHONIOENCODING="utf-8")
    completed = subprocess.run(
        [
            _installed_tarjama(),
            "translate",
            str(ARTICLE),
            "-o",
            str(tmp_path),
            *model_options(standin_models),
            "--beam-size",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=environment,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "translated" in completed.stdout and "kept" in completed.stdout
    assert (tmp_path / "moscow-talks.en.txt").exists()


def test_import_and_help_load_no_model_library():
    code = (
        "import sys, tarjama, tarjama.cli;"
        "print('torch' in sys.modules, 'transformers' in sys.modules)"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == "False False"
    helped = subprocess.run(
        [_installed_tarjama(), "--help"], capture_output=True, text=True, check=False
    )
    assert helped.returncode == 0 and "translate" in helped.stdout and "detect" in helped.stdout
