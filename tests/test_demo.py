"""``make demo`` (``tarjama demo``, issue 14): the model-free half on every machine, then
the translation where the models can be had, and a banner where they cannot."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from tarjama.cli import app
from tarjama.demo import run_demo
from tarjama.translate import hub

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
NEWS = ROOT / "glossaries" / "news.tsv"
PAIR = (EXAMPLES / "aqaba-water.ar.txt", EXAMPLES / "aqaba-water.en.txt")

MODEL_FREE = [
    "aqaba-water.ar.detect.tsv",
    "aqaba-water.en.detect.tsv",
    "briefing.detect.tsv",
    "moscow-talks.detect.tsv",
    "moscow-talks.glossary.tsv",
    "aqaba-water.ar.en.bitext.html",
    "aqaba-water.ar.en.tmx",
    "aqaba-water.ar.en.align.jsonl",
]


@pytest.fixture(autouse=True)
def empty_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "hf-cache"
    cache.mkdir()
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    return cache


def test_offline_demo_writes_what_needs_no_model_then_the_banner(tmp_path: Path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["demo", str(EXAMPLES), "-o", str(out), "-g", str(NEWS)])
    assert result.exit_code == 0, result.output  # the demo ran
    assert sorted(p.name for p in out.iterdir()) == sorted(MODEL_FREE)
    text = result.stdout

    # 1: every example's languages, saved as `tarjama detect` prints them when piped
    for name in ("moscow-talks.txt", "briefing.md", "aqaba-water.ar.txt"):
        stem = name.rsplit(".", 1)[0]
        piped = CliRunner().invoke(app, ["detect", str(EXAMPLES / name)])
        assert (out / f"{stem}.detect.tsv").read_text(encoding="utf-8") == piped.stdout
        assert f"{EXAMPLES / name}: " in text
    # 2: the glossary's matches in the article, as `glossary find` shows them
    found = (out / "moscow-talks.glossary.tsv").read_text(encoding="utf-8").splitlines()
    assert found[0].split("\t") == [
        "at",
        "lang",
        "text",
        "proclitic",
        "entry",
        "defined at",
        "normalised",
    ]
    assert any(row.split("\t")[2] == "Zamir Kabulov" for row in found[1:])
    assert f"{len(found) - 1} match(es)" in text
    # 3: the pair aligned, with its merged and its dropped sentence
    assert "(10 segments) ⇄ " in text and "9 links (1-0 1, 1-1 7, 2-1 1)" in text
    tmx = (out / "aqaba-water.ar.en.tmx").read_text(encoding="utf-8")
    assert tmx.count("<tu ") == 8  # a 1-0 link has no pair to write
    page = (out / "aqaba-water.ar.en.bitext.html").read_text(encoding="utf-8")
    assert 'dir="rtl"' in page and "البنك الدولي" in page and "World Bank" in page
    # 4: the banner, and no translation
    banner = text[text.index("translation skipped") :]
    flat = " ".join(re.sub(r"[│╭╮╰╯─]", " ", banner).split())
    assert "Translation was skipped: no translation model can be reached" in flat
    assert "ar-en Helsinki-NLP/opus-mt-ar-en" in flat and "en-ar Helsinki-NLP/opus-mt-en-ar" in flat
    assert "offline: HF_HUB_OFFLINE is set" in flat
    assert "unset HF_HUB_OFFLINE, then: tarjama models download" in flat
    assert "tarjama models pack -o opus-mt.tar" in flat
    assert "tarjama models install opus-mt.tar" in flat
    assert "--model ar-en=/path/to/model --model en-ar=/path/to/model" in flat
    assert "then run `make demo` again" in flat


def test_translate_itself_still_fails_without_a_model(tmp_path: Path):
    result = CliRunner().invoke(app, ["translate", str(EXAMPLES), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "model 'Helsinki-NLP/opus-mt-ar-en' for ar-en not found" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_an_unreachable_hub_is_named_in_the_banner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, empty_cache: Path
):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    why = "cannot connect to huggingface.co:443 (Name or service not known)"
    monkeypatch.setattr(hub, "hub_reachable", lambda timeout=3.0: (False, why))
    screen = io.StringIO()
    report = run_demo(EXAMPLES, tmp_path / "out", NEWS, console=Console(file=screen, width=100))
    assert report.exit_code == 0 and report.translation is None
    assert [m.direction for m in report.missing] == ["ar-en", "en-ar"]
    assert f"https://huggingface.co (unreachable: {why})" in report.banner
    assert f"Hugging Face cache {empty_cache} (not there)" in report.banner
    assert "local folder" not in report.banner  # a hub name is not looked for as a folder
    assert "\n     tarjama models download\n" in report.banner  # nothing to unset
    assert sorted(p.name for p in report.written) == sorted(MODEL_FREE)


def test_the_example_pair_merges_two_sentences_and_drops_one():
    from tarjama.align import align_files

    document = align_files(*PAIR)
    links = [(link.source, link.target) for link in document.links]
    assert ((3, 4), (3,)) in links  # two Arabic sentences, one English
    assert ((8,), ()) in links  # an Arabic sentence the English leaves out
    assert sum(len(s) == len(t) == 1 for s, t in links) == 7


def test_make_demo_runs_the_demo_after_installing():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile[makefile.index("\ndemo:") :].split("\n\n")[0]
    assert "demo: $(STAMP)" in recipe
    assert "$(BIN)/tarjama demo examples/ -o outputs/ -g glossaries/news.tsv" in recipe


@pytest.mark.slow
def test_with_models_the_demo_translates_the_examples(tmp_path: Path, standin_models):
    examples = tmp_path / "examples"
    examples.mkdir()
    for source in (EXAMPLES / "moscow-talks.txt", *PAIR):
        (examples / source.name).write_bytes(source.read_bytes())
    out = tmp_path / "out"
    models = [
        f"--model=ar-en={standin_models['ar-en']}",
        f"--model=en-ar={standin_models['en-ar']}",
    ]
    result = CliRunner().invoke(
        app, ["demo", str(examples), "-o", str(out), "-g", str(NEWS), *models, "-q"]
    )
    assert result.exit_code == 0, result.output
    assert "translation skipped" not in result.stdout
    assert "3 file(s) translated, 0 failed" in result.stdout
    for name in (
        "moscow-talks.en.txt",
        "moscow-talks.ar.txt",
        "moscow-talks.html",
        "aqaba-water.ar.en.txt",
        "aqaba-water.en.ar.txt",
        "moscow-talks.detect.tsv",
        "aqaba-water.ar.en.tmx",
    ):
        assert (out / name).is_file(), name
    header = json.loads((out / "moscow-talks.segments.jsonl").read_text().splitlines()[0])
    assert header["models"]["ar-en"]["path"] == str(standin_models["ar-en"].resolve())
