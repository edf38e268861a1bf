"""``tarjama align`` on Moses-style parallel files (``corpus.ar`` / ``corpus.en``): read as
plain text, aligned line by line, the counterpart found beside a file given alone, and bad
pairs refused with one line from the error catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tarjama.align import align_files, resolve_pair
from tarjama.align.moses import declared_lang, is_parallel_pair
from tarjama.cli import app
from tarjama.errors import AlignPairError, ParallelLanguageError
from test_align import ARABIC, ENGLISH

#: The news item with the English side's sentences 1 and 2 on one line (2-1) and its
#: sentence 7 left out (1-0): what a real corpus line-aligned by hand looks like.
CORPUS_EN = [ENGLISH[0], f"{ENGLISH[1]} {ENGLISH[2]}", *ENGLISH[3:7], *ENGLISH[8:]]
CORPUS_LINKS = "[0]:[0]\n[1,2]:[1]\n[3]:[2]\n[4]:[3]\n[5]:[4]\n[6]:[5]\n[7]:[]\n[8]:[6]\n[9]:[7]\n"


def corpus(folder: Path, ar: list[str] | None = ARABIC, en: list[str] | None = CORPUS_EN):
    """``folder/corpus.ar`` and ``folder/corpus.en``, one sentence a line (None: no file)."""
    for lang, lines in (("ar", ar), ("en", en)):
        if lines is not None:
            (folder / f"corpus.{lang}").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / "corpus.ar", folder / "corpus.en"


def run_align(*args: str | Path):
    return CliRunner().invoke(app, ["align", *map(str, args)])


@pytest.mark.parametrize(
    ("name", "lang"),
    [("corpus.ar", "ar"), ("corpus.en", "en"), ("Europarl.ar-en.EN", "en"),
     ("corpus.fr", None), ("ar.txt", None), ("corpus", None), ("corpus.ar.txt", None)],
)  # fmt: skip
def test_declared_language_is_the_language_code_extension(name, lang):
    assert declared_lang(Path(name)) == lang


@pytest.mark.parametrize(
    "given",
    [
        pytest.param(("corpus.ar", "corpus.en"), id="both named"),
        pytest.param(("corpus.ar",), id="the counterpart found beside it"),
        pytest.param(("corpus.en",), id="from the English side"),
    ],
)
def test_moses_pair_aligns_line_by_line(given, tmp_path):
    corpus(tmp_path)
    paths = [tmp_path / name for name in given]
    result = run_align(*paths, "-o", tmp_path / "out", "-f", "vecalign")
    assert result.exit_code == 0, result.output
    assert "(10 segments)" in result.output and "(8 segments)" in result.output
    written = (tmp_path / "out" / "corpus.vecalign.txt").read_text(encoding="utf-8")
    if given[0] == "corpus.en":  # English is the source side
        mirrored = [line.split(":") for line in CORPUS_LINKS.splitlines()]
        assert written.splitlines() == [f"{t}:{s}" for s, t in mirrored]
    else:
        assert written == CORPUS_LINKS


def test_moses_pair_is_aligned_by_lines_whatever_split_says(tmp_path):
    # Two sentences on one line stay one segment: the corpus's lines are its units.
    ar, en = corpus(tmp_path, ar=[f"{ARABIC[0]} {ARABIC[1]}", *ARABIC[2:]], en=ENGLISH)
    assert is_parallel_pair(ar, en)
    document = align_files(ar, en, split="sentences")
    assert len(document.segments) == 9
    assert document.provenance["alignment"]["split"] == "lines"
    links = [(list(link.source), list(link.target)) for link in document.links]
    assert links[:2] == [([0], [0, 1]), ([1], [2])]


def test_a_moses_file_with_a_document_is_read_as_plain_text(tmp_path):
    ar, _ = corpus(tmp_path, en=None)
    (tmp_path / "article.txt").write_text(" ".join(ENGLISH), encoding="utf-8")
    document = align_files(ar, tmp_path / "article.txt", split="sentences")
    assert len(document.segments) == 10 and len(document.counterpart.segments) == 10


@pytest.mark.parametrize(
    ("files", "args", "message"),
    [
        pytest.param(
            {"corpus.ar": ARABIC}, ["corpus.ar"], "corpus.ar: no corpus.en beside it",
            id="no counterpart beside it",
        ),
        pytest.param(
            {"a.txt": ARABIC}, ["a.txt"], "a.txt: no TGT given",
            id="no TGT for a document",
        ),
        pytest.param(
            {"corpus.ar": ENGLISH, "corpus.en": ARABIC}, ["corpus.ar"],
            "corpus.ar: named 'ar' by its extension but its lines are 'en'",
            id="the two sides swapped",
        ),
        pytest.param(
            {"corpus.ar": ARABIC, "other.ar": ARABIC}, ["corpus.ar", "other.ar"],
            "cannot align 'ar' with 'ar'", id="two Arabic files",
        ),
        pytest.param(
            {"corpus.ar": ARABIC, "corpus.en": []}, ["corpus.ar"], "is empty",
            id="an empty counterpart",
        ),
    ],
)  # fmt: skip
def test_bad_pairs_are_one_line_errors_and_exit_1(files, args, message, tmp_path, monkeypatch):
    for name, lines in files.items():
        (tmp_path / name).write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the message names the files as given
    result = run_align(*args, "-o", "out", "-f", "vecalign")
    assert result.exit_code == 1 and result.output.startswith("error: ")
    assert message in result.output and result.output.count("\n") == 1
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_library_errors_come_from_the_catalogue(tmp_path):
    ar, en = corpus(tmp_path, en=None)
    with pytest.raises(AlignPairError):
        resolve_pair(ar, None)
    corpus(tmp_path, ar=ENGLISH, en=ARABIC)
    with pytest.raises(ParallelLanguageError):
        align_files(ar, en)
    assert resolve_pair(ar, None) == (ar, en)
