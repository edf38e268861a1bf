"""``review apply``: reviewed XLIFF/TSV/TMX back into a translate run's outputs and the memory.

The run's folder is made by hand: a source file segmented with ``detect_file`` (no model),
translations set by the test, outputs written with ``write_outputs`` as ``translate`` does.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from tarjama.bitext import REVIEWED, bitext_rows
from tarjama.cli import app
from tarjama.document import AlignmentLink, Document
from tarjama.errors import (
    ReviewFileError,
    ReviewOutputsNotFoundError,
    ReviewRunMismatchError,
    ReviewSourceError,
    SegmentsFileError,
    TarjamaError,
    TranslationMemoryError,
)
from tarjama.export.bilingual import export_bitext, extension, write_bitext
from tarjama.memory import TranslationMemory
from tarjama.names import path_key
from tarjama.outputs import output_paths, write_outputs
from tarjama.pipeline import detect_file
from tarjama.review import apply_review, load_document, read_reviewed
from test_export_bitext import aligned_document

ARABIC = "قالَ المبعوثُ إنّ المحادثاتِ ستستمرُّ غداً.\u200f"
ENGLISH = "The envoy said the talks would go on."
SOURCE = f"{ARABIC}\n\n{ENGLISH}\nad a b\n"
X2 = "{urn:oasis:names:tc:xliff:document:2.0}"
X12 = "{urn:oasis:names:tc:xliff:document:1.2}"
CORRECTED = "The envoy said the talks would continue tomorrow."


def _run(folder: Path, text: str = SOURCE) -> tuple[Path, Document]:
    """A translate run's outputs for ``folder/article.txt`` (holding ``text``) in
    ``folder/out``."""
    source = folder / "article.txt"
    source.write_text(text, encoding="utf-8")
    document = detect_file(source)
    for segment in document.segments:
        if segment.source_lang in ("ar", "en"):
            segment.target_lang = "en" if segment.source_lang == "ar" else "ar"
            segment.translation = f"draft {segment.id} ({segment.target_lang})"
            segment.origin = "model"
        elif segment.kept_reason is None:
            segment.kept_reason = segment.source_lang
    document.links = [
        AlignmentLink((s.id,), (s.id,)) for s in document.segments if s.translation is not None
    ]
    document.provenance = {
        "tool": "tarjama",
        "tool_version": "0.0.test",
        "source": {
            "path": str(source),
            "format": "text",
            "sha256": hashlib.sha256(document.text.encode("utf-8")).hexdigest(),
        },
        "targets": ["en", "ar"],
    }
    out = folder / "out"
    write_outputs(document, output_paths(document, out, "article"), ["en", "ar"], set())
    return out, document


@pytest.fixture
def run(tmp_path: Path) -> tuple[Path, Document]:
    return _run(tmp_path)


def _records(out: Path) -> list[dict]:
    # records end at LF only (str.splitlines() would also cut at U+2028 and U+0085)
    lines = (out / "article.segments.jsonl").read_bytes().decode("utf-8").split("\n")
    return [json.loads(line) for line in lines[1:] if line]


def _edit(path: Path, old: str, new: str) -> None:
    data = path.read_text(encoding="utf-8")
    assert old in data
    path.write_text(data.replace(old, new), encoding="utf-8")


def _arabic_unit(document: Document) -> str:
    return next(row.id for row in bitext_rows(document) if row.original == "ar")


@pytest.mark.parametrize("fmt", ["xliff", "xliff12", "tsv", "tmx"])
def test_apply_updates_versions_records_page_and_memory(fmt: str, run, tmp_path: Path):
    out, document = run
    reviewed = write_bitext(document, fmt, out, "article")
    draft = next(s.translation for s in document.segments if s.source_lang == "ar")
    _edit(reviewed, draft, CORRECTED)
    before = (out / "article.ar.txt").read_bytes()
    report = apply_review(reviewed, memory=tmp_path / "tm.sqlite")
    unit = _arabic_unit(document)
    assert report.mode == "translate" and report.updated == [unit]
    assert report.unchanged == 1 and not report.conflicts and report.stored == 1
    english = (out / "article.en.txt").read_text(encoding="utf-8")
    assert english.splitlines()[0] == CORRECTED and draft not in english
    assert (out / "article.ar.txt").read_bytes() == before  # Arabic version: source verbatim
    record = next(r for r in _records(out) if r["source_lang"] == "ar")
    assert (record["translation"], record["origin"]) == (CORRECTED, "review")
    assert CORRECTED in (out / "article.html").read_text(encoding="utf-8")
    assert set(report.outputs) == set(output_paths(document, out, "article").values())
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        assert tm.lookup(ARABIC, "ar", "en") == CORRECTED
    # exported again, the corrected unit is reviewed
    again = load_document(out / "article.segments.jsonl")
    states = {row.id: row.state for row in bitext_rows(again)}
    assert states[unit] == REVIEWED and list(states.values()).count(REVIEWED) == 1


def test_unchanged_but_reviewed_is_confirmed_and_stored(run, tmp_path: Path):
    out, document = run
    path = out / "article.xlf"
    path.write_bytes(export_bitext(document, "xliff", stem="article"))
    root = etree.parse(str(path))
    for segment in root.iter(f"{X2}segment"):
        segment.set("state", "reviewed")
    root.write(str(path), xml_declaration=True, encoding="UTF-8")
    report = apply_review(path, memory=tmp_path / "tm.sqlite")
    assert len(report.confirmed) == 2 and not report.updated and report.stored == 2
    assert {r["origin"] for r in _records(out) if r["translation"]} == {"review"}


def test_a_conflict_is_reported_and_the_memory_kept_unless_overwrite(run, tmp_path: Path):
    out, document = run
    memory = tmp_path / "tm.sqlite"
    with TranslationMemory(memory) as tm:
        tm.store(ARABIC, "An earlier reviewed translation.", "ar", "en")
    reviewed = write_bitext(document, "tsv", out, "article")
    draft = next(s.translation for s in document.segments if s.source_lang == "ar")
    _edit(reviewed, draft, CORRECTED)
    report = apply_review(reviewed, memory=memory)
    assert [(c.unit, c.stored, c.new) for c in report.conflicts] == [
        (_arabic_unit(document), "An earlier reviewed translation.", CORRECTED)
    ]
    assert report.stored == 0 and report.replaced == 0
    with TranslationMemory(memory) as tm:
        assert tm.lookup(ARABIC, "ar", "en") == "An earlier reviewed translation."
    report = apply_review(reviewed, memory=memory, overwrite=True)
    assert report.replaced == 1 and not report.conflicts
    with TranslationMemory(memory) as tm:
        assert tm.lookup(ARABIC, "ar", "en") == CORRECTED


def test_a_changed_source_fails_clearly_and_leaves_the_outputs(run, tmp_path: Path):
    out, document = run
    reviewed = write_bitext(document, "tsv", out, "article")
    _edit(reviewed, "draft 0 (en)", CORRECTED)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    source = tmp_path / "article.txt"
    source.write_text(SOURCE.replace("ad a b", "ad c d"), encoding="utf-8")
    with pytest.raises(ReviewSourceError, match="has changed") as caught:
        apply_review(reviewed, memory=tmp_path / "tm.sqlite")
    assert "--source FILE" in str(caught.value)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not (tmp_path / "tm.sqlite").exists()
    source.unlink()
    with pytest.raises(ReviewSourceError, match="missing"):
        apply_review(reviewed, memory=tmp_path / "tm.sqlite")
    moved = tmp_path / "elsewhere.txt"
    moved.write_text(SOURCE, encoding="utf-8")
    report = apply_review(reviewed, memory=tmp_path / "tm.sqlite", source=moved)
    assert report.updated


def test_a_failed_write_leaves_the_earlier_outputs_and_the_memory(run, tmp_path: Path):
    out, document = run
    reviewed = write_bitext(document, "tsv", out, "article")
    _edit(reviewed, "draft 0 (en)", CORRECTED)
    (out / "article.html").unlink()
    (out / "article.html").mkdir()  # a folder where the page goes: the write must fail
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    with pytest.raises((TarjamaError, OSError)):
        apply_review(reviewed, memory=tmp_path / "tm.sqlite")
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert len(TranslationMemory(tmp_path / "tm.sqlite")) == 0


def test_outputs_folder_option_and_a_renamed_file(run, tmp_path: Path):
    out, document = run
    elsewhere = tmp_path / "reviews" / "from-the-editor.xliff"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(export_bitext(document, "xliff12", stem="article"))
    _edit(elsewhere, "draft 0 (en)", CORRECTED)
    with pytest.raises(ReviewOutputsNotFoundError, match="--outputs DIR"):
        apply_review(elsewhere, memory=tmp_path / "tm.sqlite")
    report = apply_review(elsewhere, memory=tmp_path / "tm.sqlite", outputs=out)
    assert report.updated == ["s0"]


def test_format_is_detected_by_content_not_extension(run, tmp_path: Path):
    out, document = run
    for fmt in ("xliff", "xliff12", "tmx", "tsv"):
        disguised = tmp_path / f"review-{fmt}.txt"
        disguised.write_bytes(export_bitext(document, fmt, stem="article"))
        assert read_reviewed(disguised).format == fmt
        assert read_reviewed(disguised).stem == "article"


def test_malformed_files_name_the_line(tmp_path: Path):
    broken = tmp_path / "a.xlf"
    broken.write_text('<?xml version="1.0"?>\n<xliff>\n  <file>\n</xliff>\n', encoding="utf-8")
    with pytest.raises(ReviewFileError) as caught:
        read_reviewed(broken)
    assert str(caught.value).startswith(f"{broken}:4: is not well-formed XML")
    other = tmp_path / "b.xml"
    other.write_text("<html><body/></html>", encoding="utf-8")
    with pytest.raises(ReviewFileError, match="not XLIFF 2.x, XLIFF 1.2 or TMX"):
        read_reviewed(other)
    tsv = tmp_path / "c.tsv"
    tsv.write_text("link_id\tar\ten\tscore\tkind\tstate\torigin\ns0\tعربي\n", encoding="utf-8")
    with pytest.raises(ReviewFileError, match=r"c.tsv:2: has 2 columns"):
        read_reviewed(tsv)
    plain = tmp_path / "d.txt"
    plain.write_text("just text\n", encoding="utf-8")
    with pytest.raises(ReviewFileError, match="neither XLIFF, TMX nor a tarjama TSV"):
        read_reviewed(plain)


def test_entities_are_not_expanded(tmp_path: Path):
    hostile = tmp_path / "x.xlf"
    hostile.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="ar" '
        'trgLang="en"><file id="f"><unit id="s0"><segment><source>&e;</source>'
        "<target>x</target></segment></unit></file></xliff>",
        encoding="utf-8",
    )
    with pytest.raises(ReviewFileError, match=r"x\.xlf:2: declares an XML entity"):
        read_reviewed(hostile)


def test_an_aligned_file_only_feeds_the_memory(tmp_path: Path):
    path = tmp_path / "report.xlf"
    path.write_bytes(export_bitext(aligned_document(), "xliff", stem="report"))
    report = apply_review(path, memory=tmp_path / "tm.sqlite")
    assert report.mode == "align" and not report.outputs
    assert report.stored == 4 and {unit for unit, _ in report.skipped} == {"s4", "t5"}
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        assert tm.lookup("الجملة الثانية.", "ar", "en") == "Second half."
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlf", "tm.sqlite"] + [
        name for name in ("tm.sqlite-shm", "tm.sqlite-wal") if (tmp_path / name).exists()
    ]


def test_load_document_rebuilds_the_run(run):
    out, document = run
    rebuilt = load_document(out / "article.segments.jsonl")
    assert rebuilt.render("en") == document.render("en")
    assert rebuilt.render("ar") == document.render("ar")
    assert [p.kind for p in rebuilt.paragraphs] == [p.kind for p in document.paragraphs]
    assert [link.source for link in rebuilt.links] == [link.source for link in document.links]
    assert rebuilt.provenance["source"]["sha256"] == document.provenance["source"]["sha256"]


def test_apply_never_writes_over_its_inputs(run, tmp_path: Path):
    out, document = run
    # the source sits in the outputs folder under an output's name: refused, nothing written
    source = out / "article.en.txt"
    shutil.copy(tmp_path / "article.txt", source)
    reviewed = write_bitext(document, "tsv", out, "article")
    _edit(reviewed, "draft 0 (en)", CORRECTED)
    with pytest.raises(TarjamaError, match="overwrite an input"):
        apply_review(reviewed, memory=tmp_path / "tm.sqlite", source=source)
    assert source.read_text(encoding="utf-8") == SOURCE
    assert path_key(source) != path_key(reviewed)


# --- the CLI --------------------------------------------------------------------------------


def test_cli_review_apply_and_export(run, tmp_path: Path, monkeypatch):
    out, document = run
    monkeypatch.setenv("TARJAMA_MEMORY", str(tmp_path / "env-tm.sqlite"))
    runner = CliRunner()
    result = runner.invoke(
        app, ["review", "export", str(out / "article.segments.jsonl"), "-f", "xliff", "-f", "tsv"]
    )
    assert result.exit_code == 0, result.output
    assert (out / f"article{extension('xliff')}").exists() and (out / "article.bitext.tsv").exists()
    _edit(out / "article.bitext.tsv", "draft 0 (en)", CORRECTED)
    result = runner.invoke(app, ["review", "apply", str(out / "article.bitext.tsv")])
    assert result.exit_code == 0, result.output
    assert "1 updated, 0 confirmed, 1 unchanged, 0 skipped, 0 conflicts" in result.output
    assert "1 stored" in result.output and "wrote" in result.output
    with TranslationMemory(tmp_path / "env-tm.sqlite") as tm:
        assert tm.lookup(ARABIC, "ar", "en") == CORRECTED
    # the same review against a memory that disagrees: a conflict, still exit 0
    with TranslationMemory(tmp_path / "other.sqlite") as tm:
        tm.store(ARABIC, "Something else.", "ar", "en")
    result = runner.invoke(
        app,
        [
            "review",
            "apply",
            str(out / "article.bitext.tsv"),
            "--memory",
            str(tmp_path / "other.sqlite"),
        ],
    )
    assert result.exit_code == 0 and "conflict s0" in result.output


def test_cli_errors_are_one_line_and_exit_1(run, tmp_path: Path):
    out, document = run
    runner = CliRunner()
    result = runner.invoke(app, ["review", "apply", str(tmp_path / "missing.xlf")])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and result.output.startswith("error: ")
    reviewed = write_bitext(document, "xliff", out, "article")
    corrupt = tmp_path / "corrupt.sqlite"
    corrupt.write_bytes(b"garbage" * 100)
    result = runner.invoke(app, ["review", "apply", str(reviewed), "--memory", str(corrupt)])
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert "corrupt or not SQLite" in result.output
    with pytest.raises(TranslationMemoryError):
        apply_review(reviewed, memory=corrupt)


# --- regressions: reviewed translations are never silently replaced -------------------------


@pytest.mark.parametrize("fmt", ["xliff", "xliff12", "tsv", "tmx"])
def test_an_out_of_date_export_cannot_put_the_draft_back_over_a_correction(
    fmt: str, run, tmp_path: Path
):
    """An export written before an earlier ``review apply`` still holds the model's draft;
    applying it used to put the draft back into the outputs, marked reviewed."""
    out, document = run
    memory = tmp_path / "tm.sqlite"
    stale = tmp_path / f"stale{extension(fmt)}"
    stale.write_bytes(export_bitext(document, fmt, stem="article"))
    reviewed = write_bitext(document, "tsv", out, "article")
    _edit(reviewed, "draft 0 (en)", CORRECTED)
    apply_review(reviewed, memory=memory)
    outputs = {p.name: p.read_bytes() for p in out.iterdir()}
    report = apply_review(stale, memory=memory, outputs=out)
    assert [(c.unit, c.stored, c.new, c.where) for c in report.conflicts] == [
        ("s0", CORRECTED, "draft 0 (en)", "outputs")
    ]
    assert not report.updated and not report.outputs
    assert {p.name: p.read_bytes() for p in out.iterdir()} == outputs
    with TranslationMemory(memory) as tm:
        assert tm.lookup(ARABIC, "ar", "en") == CORRECTED


def test_a_conflicting_correction_changes_nothing_unless_overwrite(run, tmp_path: Path):
    """The memory kept its pair but the outputs took the conflicting text, so the next run
    (which reads the memory) and these outputs disagreed, and the report said "kept"."""
    out, document = run
    memory = tmp_path / "tm.sqlite"
    with TranslationMemory(memory) as tm:
        tm.store(ARABIC, "An earlier reviewed translation.", "ar", "en")
    reviewed = write_bitext(document, "xliff", out, "article")
    _edit(reviewed, "draft 0 (en)", CORRECTED)
    english = (out / "article.en.txt").read_bytes()
    report = apply_review(reviewed, memory=memory)
    assert [(c.unit, c.where) for c in report.conflicts] == [("s0", "memory")]
    assert not report.updated and (out / "article.en.txt").read_bytes() == english
    report = apply_review(reviewed, memory=memory, overwrite=True)
    assert report.updated == ["s0"] and report.replaced == 1
    assert (out / "article.en.txt").read_text(encoding="utf-8").startswith(CORRECTED)


def test_an_aligned_file_never_rewrites_a_translate_run_of_the_same_stem(run, tmp_path: Path):
    """The outputs were looked up by the file's name before its kind: an aligned export named
    ``article.xlf`` beside ``article.segments.jsonl`` was applied as a translate review."""
    out, document = run
    aligned = out / "article.xlf"
    aligned.write_bytes(export_bitext(aligned_document(), "xliff", stem="article"))
    outputs = {p.name: p.read_bytes() for p in out.iterdir() if p != aligned}
    report = apply_review(aligned, memory=tmp_path / "tm.sqlite")
    assert report.mode == "align" and report.stored == 4 and not report.outputs
    assert {p.name: p.read_bytes() for p in out.iterdir() if p != aligned} == outputs


# --- regressions: bad review files ------------------------------------------------------------

TSV_HEADER = "link_id\tar\ten\tscore\tkind\tstate\torigin\n"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.xlf", b"", "empty.xlf: is empty"),
        ("blank.tsv", b" \n\t\n", "blank.tsv: is empty"),
        ("nul.tmx", b"\x00\x01PK\x03", "nul.tmx:1: looks binary (NUL byte at byte offset 0)"),
        ("zip.tsv", b"PK\x03\x04\x14\x00\x06\x00", "zip.tsv:1: looks binary"),
        ("latin.tsv", TSV_HEADER.encode() + b"s0\t\xe9\n", "latin.tsv:2: is not UTF-8 text"),
        (
            "shifted.tsv",
            (TSV_HEADER + "s0\tعربي\tEnglish\t\t1-1\tmodel\t\n").encode(),
            "shifted.tsv:2: the state column holds 'model'",
        ),
        (
            "truncated.xlf",
            b'<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0"'
            b' version="2.1" srcLang="ar" trgLang="en">\n<file id="f">\n<unit id="s0">',
            "truncated.xlf:4: is not well-formed XML",
        ),
    ],
)
def test_bad_review_files_are_catalogue_errors_naming_the_file_and_line(
    name: str, data: bytes, message: str, tmp_path: Path
):
    """An empty file was "neither XLIFF, TMX nor a TSV"; a binary one too, or "not UTF-8"."""
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReviewFileError) as caught:
        read_reviewed(path)
    assert str(caught.value).startswith(f"{tmp_path / message}")
    assert " — " in str(caught.value)  # and says what to do


def test_a_tsv_saved_as_utf16_unicode_text_is_read(run, tmp_path: Path):
    """Excel saves Arabic as "Unicode Text": UTF-16 with a BOM, tab-separated."""
    out, document = run
    path = tmp_path / "article.bitext.tsv"
    text = export_bitext(document, "tsv", stem="article").decode("utf-8")
    path.write_bytes(text.replace("draft 0 (en)", CORRECTED).encode("utf-16"))
    report = apply_review(path, memory=tmp_path / "tm.sqlite", outputs=out)
    assert report.updated == ["s0"]


def test_a_relative_source_path_is_found_from_another_working_folder(
    run, tmp_path: Path, monkeypatch
):
    """The records name the source as translate was given it (``article.txt``); run from
    another folder, ``review apply`` reported it missing though it sits beside the outputs."""
    out, document = run
    records = (out / "article.segments.jsonl").read_text(encoding="utf-8")
    header, rest = records.split("\n", 1)
    header = json.loads(header)
    header["source"]["path"] = "article.txt"
    (out / "article.segments.jsonl").write_text(json.dumps(header) + "\n" + rest, "utf-8")
    monkeypatch.chdir(out)  # the source is in the folder above: ``-o out``
    rebuilt = load_document(Path("article.segments.jsonl"))
    assert rebuilt.path.resolve() == tmp_path / "article.txt" and rebuilt.text == SOURCE
    (tmp_path / "article.txt").write_text(SOURCE + "changed\n", encoding="utf-8")
    with pytest.raises(ReviewSourceError, match="has changed"):
        load_document(Path("article.segments.jsonl"))


def test_cli_review_export_refuses_another_file_through_the_catalogue(run, tmp_path: Path):
    out, document = run
    result = CliRunner().invoke(app, ["review", "export", str(tmp_path / "article.txt")])
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert result.output.startswith(f"error: {tmp_path / 'article.txt'}: is not a .segments.jsonl")
    assert "— pass the <stem>.segments.jsonl" in result.output


# --- regressions: hostile review files (issue 8) ---------------------------------------------

XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


def _unchanged(out: Path, memory: Path):
    """Asserts, after the call, that no output changed and the memory holds nothing."""
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def check() -> None:
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before
        assert not memory.exists() or len(TranslationMemory(memory)) == 0

    return check


@pytest.mark.parametrize("fmt", ["xliff", "xliff12", "tmx"])
def test_a_reviewed_file_with_an_entity_never_reaches_the_versions_or_the_memory(
    fmt: str, run, tmp_path: Path
):
    """A reviewed XLIFF whose target was `&xxe;` (declared in its DOCTYPE) was applied: the
    literal `&xxe;` went into the English version and the memory."""
    out, document = run
    reviewed = write_bitext(document, fmt, out, "article")
    text = reviewed.read_text(encoding="utf-8").replace("draft 0 (en)", "&xxe;")
    reviewed.write_text(text.replace("?>\n", "?>\n" + XXE, 1), encoding="utf-8")
    memory = tmp_path / "tm.sqlite"
    unchanged = _unchanged(out, memory)
    with pytest.raises(ReviewFileError) as caught:
        apply_review(reviewed, memory=memory)
    assert str(caught.value).startswith(f"{reviewed}:2: declares an XML entity")
    unchanged()
    result = CliRunner().invoke(app, ["review", "apply", str(reviewed), "--memory", str(memory)])
    assert result.exit_code == 1 and result.output.count("\n") == 1
    unchanged()


@pytest.mark.parametrize(
    ("prolog", "target", "message"),
    [
        (
            '<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n <!ENTITY lol2 "&lol;&lol;&lol;">\n]>\n',
            "&lol2;",
            "x.xlf:3: declares an XML entity",
        ),
        ("", "&co; & Sons", "x.xlf:3: is not well-formed XML"),
        ('<!DOCTYPE xliff SYSTEM "xliff.dtd">\n', "&xxe;", "x.xlf:4: uses the undeclared entity"),
        ("", "x&#x1b;y", "x.xlf:3: column 78 holds U+001B (ESCAPE) (written `&#x1b;`)"),
    ],
)
def test_entities_and_bad_references_name_their_line(
    prolog: str, target: str, message: str, tmp_path: Path
):
    """A billion-laughs file was reported at "line 1, column 7", not at its declaration."""
    path = tmp_path / "x.xlf"
    path.write_text(
        f'<?xml version="1.0"?>\n{prolog}'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="ar"\n'
        f' trgLang="en"><file id="f"><unit id="s0"><segment><source>x</source><target>{target}'
        "</target></segment></unit></file></xliff>",
        encoding="utf-8",
    )
    with pytest.raises(ReviewFileError) as caught:
        read_reviewed(path)
    assert str(caught.value).startswith(str(tmp_path / message)), caught.value


@pytest.mark.parametrize(
    ("char", "name", "fix"),
    [
        ("\x1b", "U+001B (ESCAPE)", "delete it"),
        ("\x0c", "U+000C (FORM FEED)", "page break"),
        ("\x0b", "U+000B (LINE TABULATION)", "line break"),
        ("\ufffe", "U+FFFE (NONCHARACTER)", "not a character"),
    ],
)
def test_a_review_tsv_cell_with_an_xml_illegal_character_is_refused(
    char: str, name: str, fix: str, run, tmp_path: Path
):
    """A reviewed TSV cell holding U+001B was applied, and every XLIFF, TMX and Word export
    of the run failed from then on."""
    out, document = run
    reviewed = write_bitext(document, "tsv", out, "article")
    _edit(reviewed, "draft 0 (en)", f"fixed{char} draft")
    memory = tmp_path / "tm.sqlite"
    unchanged = _unchanged(out, memory)
    with pytest.raises(ReviewFileError) as caught:
        apply_review(reviewed, memory=memory)
    column = len("s0\t" + ARABIC + "\tfixed") + 1
    assert str(caught.value).startswith(f"{reviewed}:3: column {column} holds {name}")
    assert fix in caught.value.fix
    unchanged()


def test_a_repeated_header_in_a_review_tsv_is_named(run, tmp_path: Path):
    out, document = run
    reviewed = write_bitext(document, "tsv", out, "article")
    lines = reviewed.read_text(encoding="utf-8").splitlines(keepends=True)
    reviewed.write_text("".join(lines + lines[1:]), encoding="utf-8")  # joined with `cat`
    with pytest.raises(ReviewFileError, match=r"bitext\.tsv:5: repeats the header row \(line 2\)"):
        read_reviewed(reviewed)


@pytest.mark.parametrize(
    ("escape", "name"),
    [("\\u001b", "U+001B (ESCAPE)"), ("\\ud800", "U+D800"), ("\\u0000", "U+0000 (NULL)")],
)
def test_a_segments_record_with_an_xml_illegal_character_is_refused(
    escape: str, name: str, run, tmp_path: Path
):
    """JSON can escape any code point: a record whose translation held `\\u001b` or a lone
    `\\ud800` was rebuilt, and the exports of the run failed."""
    out, document = run
    jsonl = out / "article.segments.jsonl"
    _edit(jsonl, '"draft 0 (en)"', f'"draft{escape} 0 (en)"')
    with pytest.raises(SegmentsFileError) as caught:
        load_document(jsonl)
    assert str(caught.value).startswith(f"{jsonl}:2: translation holds {name} (`\\u")
    reviewed = write_bitext(document, "tsv", out, "article")
    with pytest.raises(SegmentsFileError, match=r"segments\.jsonl:2: translation holds"):
        apply_review(reviewed, memory=tmp_path / "tm.sqlite")
    result = CliRunner().invoke(app, ["review", "export", str(jsonl)])
    assert result.exit_code == 1 and result.output.count("\n") == 1


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\u0085"])
def test_a_segments_record_holding_a_raw_line_separator_is_one_record(
    char: str, run, tmp_path: Path
):
    """The records were read with str.splitlines(), which also splits at U+2028, U+2029
    and U+0085: JSON may hold them raw (other writers do), and the record broke in two."""
    out, document = run
    jsonl = out / "article.segments.jsonl"
    _edit(jsonl, '"draft 0 (en)"', f'"draft{char}0 (en)"')
    assert jsonl.read_text(encoding="utf-8").count(char) == 1
    rebuilt = load_document(jsonl)
    assert rebuilt.segments[0].translation == f"draft{char}0 (en)"


def _with_hash(path: Path, sha256: str) -> None:
    data = path.read_text(encoding="utf-8")
    recorded = read_reviewed(path).sha256
    assert recorded and recorded in data
    path.write_text(data.replace(recorded, sha256), encoding="utf-8")


@pytest.mark.parametrize("fmt", ["xliff", "xliff12", "tmx", "tsv"])
@pytest.mark.parametrize("overwrite", [False, True])
def test_a_review_file_from_another_document_is_an_error(
    fmt: str, overwrite: bool, run, tmp_path: Path
):
    """A review of another document (same stem, other source) was applied unit by unit and
    exited 0: "0 updated, 0 confirmed, 0 unchanged, 2 skipped"; with the same sentences at
    the same ids it would even have replaced this run's translations."""
    out, document = run
    reviewed = write_bitext(document, fmt, out, "article")
    _edit(reviewed, "draft 0 (en)", CORRECTED)
    _with_hash(reviewed, hashlib.sha256(b"another article").hexdigest())
    memory = tmp_path / "tm.sqlite"
    unchanged = _unchanged(out, memory)
    with pytest.raises(ReviewRunMismatchError) as caught:
        apply_review(reviewed, memory=memory, overwrite=overwrite)
    message = str(caught.value)
    assert message.startswith(f"{reviewed}: records the source sha256 ")
    assert f"{out / 'article.segments.jsonl'} was translated from" in message
    assert "belongs to another document, or to an earlier version of this one" in message
    assert "`tarjama review export" in message
    unchanged()


def test_cli_review_apply_of_another_documents_file_exits_1(run, tmp_path: Path):
    out, document = run
    other = tmp_path / "other"
    other.mkdir()
    (other / "article.txt").write_text("A different article.\n", encoding="utf-8")
    stranger = detect_file(other / "article.txt")
    stranger.provenance = {"source": {"path": "article.txt", "sha256": stranger.text_sha256}}
    reviewed = out / "article.bitext.tsv"
    reviewed.write_bytes(export_bitext(stranger, "tsv", stem="article"))
    arguments = ["review", "apply", str(reviewed), "--memory", str(tmp_path / "tm.sqlite")]
    for extra in ([], ["--overwrite"]):
        result = CliRunner().invoke(app, arguments + extra)
        assert result.exit_code == 1, result.output
        assert result.output.count("\n") == 1 and result.output.startswith(f"error: {reviewed}:")
        assert "belongs to another document" in result.output


def test_a_review_file_that_records_no_hash_is_applied_unit_by_unit(run, tmp_path: Path):
    """A CAT tool may drop the file-level notes: nothing tells the document then, and each
    unit's source text is checked as before."""
    out, document = run
    reviewed = write_bitext(document, "tsv", out, "article")
    _edit(reviewed, "draft 0 (en)", CORRECTED)
    _with_hash(reviewed, "")
    report = apply_review(reviewed, memory=tmp_path / "tm.sqlite")
    assert report.updated == ["s0"]


def test_a_corrected_translation_with_a_hidden_control_is_kept_and_flagged(run, tmp_path: Path):
    """A reviewer's (or a pasted) right-to-left override went into the versions unflagged,
    though a source holding one gets a warning."""
    out, document = run
    reviewed = write_bitext(document, "tsv", out, "article")
    corrected = "The envoy said \u202etalks\u202c would go on."
    _edit(reviewed, "draft 0 (en)", corrected)
    report = apply_review(reviewed, memory=tmp_path / "tm.sqlite")
    assert report.updated == ["s0"]
    [(unit, warning)] = report.warnings
    assert unit == "s0" and warning.startswith(f"the translation from {reviewed.name}:3: holds")
    assert "U+202E (RIGHT-TO-LEFT OVERRIDE)" in warning
    assert (out / "article.en.txt").read_text(encoding="utf-8").startswith(corrected + "\n")
    record = next(r for r in _records(out) if r["id"] == 0)
    assert record["translation"] == corrected and warning in record["warnings"]
    result = CliRunner().invoke(
        app, ["review", "apply", str(reviewed), "--memory", str(tmp_path / "tm.sqlite")]
    )
    assert result.exit_code == 0, result.output


def test_a_source_with_a_refused_character_names_its_line_and_column(run, tmp_path: Path):
    """The source's own error lost its place: "article.txt: the source cannot be read"."""
    out, document = run
    (tmp_path / "article.txt").write_text("ab\x1bc\n", encoding="utf-8")
    with pytest.raises(ReviewSourceError) as caught:
        load_document(out / "article.segments.jsonl")
    assert str(caught.value).startswith(
        f"{tmp_path / 'article.txt'}:1:3: the source cannot be read: holds U+001B (ESCAPE)"
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('"start": 0,', '"start": "0",', ':2: start must be an integer, not "0"'),
        ('"warnings": []}', '"warnings": [], "carried": [1]}', ":2: carried.0. must be an object"),
        ('{"type": "segment", "id": 1', '[{"type": "segment", "id": 1', ":3: not a JSON record"),
        (
            '{"type": "segment", "id": 2',
            '["segment"]\n{"type": "segment", "id": 2',
            ":4: not a JSON ",
        ),
    ],
)
def test_a_hand_edited_segments_record_is_a_catalogue_error(
    old: str, new: str, message: str, run, tmp_path: Path
):
    """A span that is no object, an offset that is a string: tracebacks, not errors."""
    out, document = run
    jsonl = out / "article.segments.jsonl"
    _edit(jsonl, old, new)
    with pytest.raises(SegmentsFileError, match=f"segments.jsonl{message}"):
        load_document(jsonl)


def test_a_segments_file_saved_with_a_bom_is_read(run):
    out, document = run
    jsonl = out / "article.segments.jsonl"
    jsonl.write_bytes(codecs.BOM_UTF8 + jsonl.read_bytes())
    assert load_document(jsonl).render("en") == document.render("en")
