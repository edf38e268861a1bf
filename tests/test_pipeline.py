"""The pipeline with fake backends: output names, run-wide checks up front, counts, kept text.

No model is loaded here; tests/test_cli.py runs the same paths with stand-in models.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from tarjama import pipeline
from tarjama.document import Document
from tarjama.errors import (
    ModelLoadError,
    ModelNotFoundError,
    OutputCollisionError,
    OutputWriteError,
)
from tarjama.outputs import output_stems
from tarjama.pipeline import (
    EMPTY_TRANSLATION,
    FileResult,
    RunReport,
    detect_file,
    needed_directions,
    translate_document,
    translate_files,
)
from tarjama.reader import InputFile
from tarjama.summary import print_summary
from tarjama.translate import DecodingSettings, TranslationBackend, Translator

ENGLISH = "The talks will continue next week in Moscow.\n"
ARABIC = "قال المتحدث إن المحادثات ستستمر الأسبوع المقبل.\n"
MIXED = ENGLISH + "\n" + ARABIC


class FakeBackend(TranslationBackend):
    """'Translates' by tagging the text with its direction; records loads."""

    def __init__(self, name: str, direction: str, fail_on_load: Exception | None = None):
        self.name = name
        self.direction = direction
        self.fail_on_load = fail_on_load
        self.loads = 0

    @property
    def revision(self) -> str:
        return "fake"

    @property
    def max_input_tokens(self) -> int:
        return 200

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 1

    def load(self) -> None:
        self.loads += 1
        if self.fail_on_load is not None:
            raise self.fail_on_load

    def generate(
        self, texts: list[str], max_new_tokens: int | Sequence[int], settings: DecodingSettings
    ) -> list[str]:
        return [f"[{self.direction}] {text}" for text in texts]

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "revision": "fake", "path": None, "kind": "fake"}


class FakeFactory:
    def __init__(self, failures: dict[str, Exception] | None = None):
        self.failures = failures or {}
        self.backends: dict[str, FakeBackend] = {}

    def __call__(self, name: str, direction: str) -> FakeBackend:
        backend = FakeBackend(name, direction, self.failures.get(direction))
        self.backends[direction] = backend
        return backend


def fake_translator(failures: dict[str, Exception] | None = None):
    factory = FakeFactory(failures)
    models = {"ar-en": "fake-ar-en", "en-ar": "fake-en-ar"}
    return Translator(models, DecodingSettings(), factory), factory


class EmptyTranslator:
    """A translator whose model returns nothing, for every text."""

    def translate(self, texts, source_lang, target_lang, progress=None) -> list[str]:
        return [""] * len(texts)

    def provenance(self) -> dict[str, Any]:
        return {"models": {}, "decoding": {}}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def header_source(jsonl: Path) -> str:
    return json.loads(jsonl.read_text(encoding="utf-8").splitlines()[0])["source"]["path"]


# --- finding: same-name inputs overwrote each other's outputs ----------------------------


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        ([("d1/a.txt", "."), ("d1/b.txt", ".")], ["a", "b"]),
        ([("d1/a.txt", "."), ("d1/a.md", ".")], ["a-txt", "a-md"]),
        ([("d1/a.txt", "."), ("d2/a.txt", "."), ("d1/a.md", ".")], ["d1-a", "d2-a", "a-md"]),
        (
            [("d1/a.txt", "."), ("d2/a.txt", "."), ("d1/a.md", "."), ("d2/a.md", ".")],
            ["d1-a-txt", "d2-a-txt", "d1-a-md", "d2-a-md"],
        ),
        ([("x/d/a.txt", "."), ("y/d/a.txt", ".")], ["d-a-txt", "d-a-txt-2"]),
        # a-md.txt had "a-md" first: a.md's derived name must not take it from it
        ([("r/a-md.txt", "."), ("r/a.md", "."), ("r/a.txt", ".")], ["a-md", "r-a", "a-txt"]),
        # folder arguments news/ and other/ both holding world/a.txt: the root names them
        (
            [("news/world/a.txt", "world"), ("other/world/a.txt", "world"), ("b/a.txt", ".")],
            ["world/news-a", "world/other-a", "a"],
        ),
        # a relative path with ".." still names a real parent folder
        ([("../up/a.txt", "."), ("a.txt", ".")], ["up-a", "cwd-a"]),
        # names that differ only in case are one file on macOS and Windows
        ([("p/A.txt", "."), ("q/a.txt", ".")], ["p-A", "q-a"]),
    ],
    ids=["unique", "by-extension", "by-parent", "parent-and-extension", "numbered",
         "plain-name-kept", "mirrored-subfolders", "dot-dot", "case"],
)  # fmt: skip
def test_output_stems_are_unique_within_a_run(tmp_path: Path, monkeypatch, inputs, expected):
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")  # relative paths are named as seen from here
    files = [InputFile(Path(path), Path(relative)) for path, relative in inputs]
    stems = [str(stem) for stem in output_stems(files)]
    assert stems == expected
    assert len({stem.casefold() for stem in stems}) == len(stems)


def test_regression_same_stem_inputs_do_not_overwrite_each_other(tmp_path: Path):
    inputs = [
        write(tmp_path / "d1" / "a.txt", ENGLISH),
        write(tmp_path / "d2" / "a.txt", ARABIC),
        write(tmp_path / "d1" / "a.md", MIXED),
    ]
    out = tmp_path / "o"
    translator, _ = fake_translator()
    report = translate_files(inputs, translator, output_dir=out)
    assert report.failed == []
    outputs = [path for result in report.files for path in result.outputs]
    assert len(outputs) == len(set(outputs)) == 12
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{stem}{suffix}"
        for stem, kind in (("d1-a", "txt"), ("d2-a", "txt"), ("a-md", "md"))
        for suffix in (f".en.{kind}", f".ar.{kind}", ".html", ".segments.jsonl")
    )
    for stem, source in (("d1-a", inputs[0]), ("d2-a", inputs[1]), ("a-md", inputs[2])):
        assert header_source(out / f"{stem}.segments.jsonl") == str(source)
    assert "[ar-en]" in (out / "d2-a.en.txt").read_text(encoding="utf-8")


def test_regression_glob_matches_mirror_their_subfolders(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "news" / "a.txt", ENGLISH)
    write(tmp_path / "news" / "world" / "a.txt", ARABIC)
    translator, _ = fake_translator()
    report = translate_files(["news/**/*.txt"], translator, output_dir=Path("o"))
    assert report.failed == []
    written = sorted(str(p.relative_to("o")) for r in report.files for p in r.outputs)
    assert "a.en.txt" in written and "world/a.en.txt" in written
    assert header_source(Path("o/world/a.segments.jsonl")) == "news/world/a.txt"


def test_regression_a_run_never_writes_one_output_path_twice(tmp_path: Path, monkeypatch):
    first = write(tmp_path / "in" / "first.txt", ENGLISH)
    second = write(tmp_path / "in" / "second.txt", ARABIC)
    # Even if naming went wrong, the second file must not replace the first one's outputs.
    monkeypatch.setattr(pipeline, "output_stems", lambda files: [Path("same")] * len(files))
    translator, _ = fake_translator()
    report = translate_files([first, second], translator, output_dir=tmp_path / "o")
    assert [r.path for r in report.failed] == [second]
    assert isinstance(report.failed[0].error, OutputCollisionError)
    assert "another output of this run" in str(report.failed[0].error)
    assert header_source(tmp_path / "o" / "same.segments.jsonl") == str(first)


# --- finding: globs translated earlier outputs ------------------------------------------


def test_regression_globs_skip_earlier_tarjama_outputs(tmp_path: Path):
    source = write(tmp_path / "a.txt", ENGLISH)
    translator, _ = fake_translator()
    first = translate_files([source], translator, output_dir=tmp_path)
    assert first.failed == [] and (tmp_path / "a.ar.txt").exists()
    again = translate_files([str(tmp_path / "*.txt")], translator, output_dir=tmp_path / "o")
    assert [result.path.name for result in again.files] == ["a.txt"]


# --- finding: an empty model output became a blank line ---------------------------------


@pytest.mark.parametrize(
    "text",
    [MIXED, "He met the envoy (الملا عبد الغني برادر) in Moscow.\n"],
    ids=["plain", "with-carried-span"],
)
def test_regression_empty_model_output_keeps_the_source_text(tmp_path: Path, text: str):
    document = detect_file(write(tmp_path / "a.txt", text))
    translate_document(document, EmptyTranslator())
    translatable = [s for s in document.segments if s.source_lang in ("ar", "en")]
    assert translatable
    for segment in translatable:
        assert segment.translation is None and segment.target_lang is None
        assert segment.origin is None and segment.kept_reason == EMPTY_TRANSLATION
        assert any("returned nothing" in warning for warning in segment.warnings)
        assert all(span.placed is None for span in segment.carried)
    for lang in ("en", "ar"):
        assert document.render(lang) == text  # nothing vanished
    assert document.links == []


# --- finding: a missing model was found halfway through the run ---------------------------


@pytest.mark.parametrize(
    "failure",
    [
        ModelNotFoundError("/models/ar-en", "ar-en", ["local folder /models/ar-en"]),
        ModelLoadError("/models/ar-en", "config.json: not JSON"),
    ],
    ids=["missing", "broken"],
)
def test_regression_missing_model_is_reported_before_any_output_is_written(
    tmp_path: Path, failure: Exception
):
    # The English file comes first and needs only en-ar, which works.
    inputs = [write(tmp_path / "in" / "a.txt", ENGLISH), write(tmp_path / "in" / "b.txt", ARABIC)]
    translator, factory = fake_translator({"ar-en": failure})
    out = tmp_path / "o"
    with pytest.raises(type(failure)):
        translate_files(inputs, translator, output_dir=out)
    assert list(out.iterdir()) == []
    assert factory.backends["ar-en"].loads == 1


@pytest.mark.parametrize(
    ("text", "targets", "directions"),
    [
        (ENGLISH, ("en", "ar"), ["en-ar"]),
        (ENGLISH, ("en",), []),
        (ARABIC, ("ar",), []),
        (MIXED, ("en",), ["ar-en"]),
        (MIXED, ("en", "ar"), ["ar-en", "en-ar"]),
    ],
)
def test_only_the_directions_the_input_needs_are_loaded(tmp_path: Path, text, targets, directions):
    source = write(tmp_path / "a.txt", text)
    assert needed_directions([detect_file(source)], targets) == directions
    translator, factory = fake_translator()
    report = translate_files([source], translator, targets=targets, output_dir=tmp_path / "o")
    assert report.failed == []
    assert sorted(factory.backends) == sorted(directions)
    assert all(backend.loads == 1 for backend in factory.backends.values())


# --- finding: an unwritable -o was found after all the translation ------------------------


def test_regression_output_folder_that_is_a_file_fails_before_any_work(tmp_path: Path):
    source = write(tmp_path / "a.txt", MIXED)
    blocker = write(tmp_path / "o", "a file, not a folder")
    translator, factory = fake_translator()
    with pytest.raises(OutputWriteError) as caught:
        translate_files([source], translator, output_dir=blocker)
    assert str(blocker) in str(caught.value) and "not a folder" in str(caught.value)
    assert factory.backends == {}  # nothing detected, nothing loaded


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_regression_output_folder_without_permission_fails_before_any_work(tmp_path: Path):
    source = write(tmp_path / "a.txt", MIXED)
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    translator, factory = fake_translator()
    try:
        with pytest.raises(OutputWriteError, match="cannot create files in it"):
            translate_files([source], translator, output_dir=locked)
    finally:
        locked.chmod(0o700)
    assert factory.backends == {}


def test_missing_output_folder_is_created(tmp_path: Path):
    source = write(tmp_path / "a.txt", ENGLISH)
    translator, _ = fake_translator()
    report = translate_files([source], translator, output_dir=tmp_path / "new" / "o")
    assert report.failed == [] and (tmp_path / "new" / "o" / "a.html").exists()
    assert not [p for p in (tmp_path / "new" / "o").iterdir() if p.name.startswith(".")]


# --- finding: the summary counted the segments of failed files ----------------------------


def test_regression_summary_counts_only_files_whose_outputs_were_written(tmp_path: Path, capsys):
    written = detect_file(write(tmp_path / "good.txt", ENGLISH))
    failed = detect_file(write(tmp_path / "bad.txt", MIXED))
    translator, _ = fake_translator()
    for document in (written, failed):
        translate_document(document, translator)
    report = RunReport(
        files=[
            FileResult(path=tmp_path / "good.txt", document=written, outputs=[tmp_path / "x"]),
            FileResult(
                path=tmp_path / "bad.txt",
                document=failed,
                error=OutputWriteError(tmp_path, "disk full"),
            ),
        ]
    )
    assert report.documents == [written]
    counts = report.counts()
    assert counts["lang:en"] == 1 and counts["lang:ar"] == 0
    assert (counts["translated"], counts["kept"]) == (1, 0)
    stream = io.StringIO()
    print_summary(report, Console(file=stream, highlight=False, soft_wrap=True))
    summary = stream.getvalue()
    assert "1 file(s) translated, 1 failed" in summary and "translated 1," in summary
    assert "disk full" in capsys.readouterr().err


# --- finding: old-Mac (CR) line ends came out as LF ----------------------------------------


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"])
def test_regression_outputs_keep_the_inputs_line_ending(tmp_path: Path, newline: str):
    source = tmp_path / "a.txt"
    source.write_bytes(MIXED.replace("\n", newline).encode("utf-8"))
    translator, _ = fake_translator()
    report = translate_files([source], translator, output_dir=tmp_path / "o")
    assert report.failed == []
    for lang in ("en", "ar"):
        data = (tmp_path / "o" / f"a.{lang}.txt").read_bytes().decode("utf-8")
        assert data.count(newline) == 3
        rest = data.replace(newline, "")
        assert "\r" not in rest and "\n" not in rest


def test_translate_document_returns_the_document(tmp_path: Path):
    document = detect_file(write(tmp_path / "a.txt", MIXED))
    translator, _ = fake_translator()
    assert isinstance(translate_document(document, translator), Document)
    assert {s.origin for s in document.segments if s.source_lang in ("ar", "en")} == {"model"}
