"""Hostile review files, hand-edited records and failures of ``review apply`` / ``export``
(the review of issue 8). Each test is named after the defect it pins down; the run's folder
is made as in ``test_review.py``."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tarjama.cli import app
from tarjama.document import Document
from tarjama.errors import (
    ReviewFileError,
    ReviewOutputsNotFoundError,
    ReviewSourceError,
    SegmentsFileError,
    TranslationMemoryError,
)
from tarjama.export.bilingual import export_bitext, write_bitext
from tarjama.memory import TranslationMemory
from tarjama.outputs import output_paths, write_outputs
from tarjama.review import apply_review, load_document, read_reviewed
from test_review import ARABIC, CORRECTED, SOURCE, _edit, _records, _run


@pytest.fixture
def run(tmp_path: Path) -> tuple[Path, Document]:
    return _run(tmp_path)


def cli(*arguments: str):
    return CliRunner().invoke(app, list(arguments), env={"COLUMNS": "250"})


def assert_one_line_error(result, text: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and text in lines[0], lines
    assert "Traceback" not in result.output


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


# --- 1. the stem a reviewed file records ----------------------------------------------------

HOSTILE_STEMS = ["../victim/article", "/{tmp}/victim/article", "sub/../../victim/article",
                 "..\\victim\\article", ".", "C:\\victim\\article", "sub//article"]  # fmt: skip


@pytest.mark.parametrize("stem", HOSTILE_STEMS)
@pytest.mark.parametrize("fmt", ["xliff", "xliff12", "tmx", "tsv"])
def test_a_stem_that_leaves_the_outputs_folder_is_refused(stem: str, fmt: str, run, tmp_path: Path):
    """`<note category="tarjama:stem">../victim/doc</note>` in out/doc.xlf made `review
    apply` write out/../victim/doc.en.txt, .html and .segments.jsonl; an absolute stem was
    followed too."""
    out, document = run
    stem = stem.format(tmp=str(tmp_path).lstrip("/"))
    victim = tmp_path / "victim"
    shutil.copytree(out, victim)  # a run the attacker wants rewritten
    before = _snapshot(victim)
    reviewed = write_bitext(document, fmt, out, "article")
    _edit(reviewed, "draft 0 (en)", CORRECTED)
    marker = {"tsv": "stem=article\t"}.get(fmt, ">article<")
    _edit(reviewed, marker, marker.replace("article", stem))
    memory = tmp_path / "tm.sqlite"
    with pytest.raises(ReviewFileError) as caught:
        apply_review(reviewed, memory=memory)
    assert "is not a file name in the outputs' folder" in str(caught.value)
    assert repr(stem) in str(caught.value) and caught.value.line
    assert _snapshot(victim) == before and not memory.exists()
    result = cli("review", "apply", str(reviewed), "--memory", str(memory))
    assert_one_line_error(result, "would write outside it")


def test_a_folder_runs_stem_with_its_sub_folder_is_found(run, tmp_path: Path):
    """`translate DIR -e xliff` records the stem relative to -o (`sub/article`) while the
    export sits beside the records in out/sub: both ways of finding them keep working."""
    out, document = run
    sub = out / "sub"
    sub.mkdir()
    for path in list(out.iterdir()):
        if path.is_file():
            path.rename(sub / path.name)
    reviewed = sub / "article.xlf"
    reviewed.write_bytes(export_bitext(document, "xliff", stem="sub/article"))
    assert read_reviewed(reviewed).stem == "sub/article"
    _edit(reviewed, "draft 0 (en)", CORRECTED)
    assert apply_review(reviewed, memory=tmp_path / "a.sqlite").updated == ["s0"]
    elsewhere = tmp_path / "review.xlf"
    shutil.copy(reviewed, elsewhere)
    report = apply_review(elsewhere, memory=tmp_path / "b.sqlite", outputs=out, overwrite=True)
    assert report.confirmed == ["s0"] and report.mode == "translate"


# --- 2. hand-edited .segments.jsonl records ---------------------------------------------------

# (record: 0 is the header, 1 the first segment; the field's path; the value; the message)
BAD_FIELDS = [
    (0, ["source"], "article.txt", ':1: source must be an object, not "article.txt"'),
    (0, ["source", "path"], 5, ":1: source.path must be a string or null, not 5"),
    (0, ["source", "sha256"], ["x"], ':1: source.sha256 must be a string or null, not ["x"]'),
    (0, ["models"], "x", ':1: models must be an object, not "x"'),
    (0, ["models"], {"ar-en": "x"}, ':1: models.ar-en must be an object, not "x"'),
    (0, ["targets"], "en", ':1: targets must be an array, not "en"'),
    (0, ["targets"], [5], ":1: targets[0] must be a string, not 5"),
    (0, ["schema_version"], 2, ":1: schema_version is 2, not one of 1"),
    (0, ["glossary"], {"files": "g.tsv"}, ':1: glossary.files must be an array, not "g.tsv"'),
    (0, ["memory"], {"path": 5}, ":1: memory.path must be a string or null, not 5"),
    (0, ["tool_version"], 1.5, ":1: tool_version must be a string, not 1.5"),
    (1, ["translation"], 5, ":2: translation must be a string or null, not 5"),
    (1, ["origin"], ["x"], ':2: origin must be a string or null, not ["x"]'),
    (1, ["origin"], "x", ':2: origin is "x", not one of "model", "memory", "review"'),
    (1, ["source_lang"], 5, ":2: source_lang must be a string, not 5"),
    (1, ["target_lang"], "fr", ':2: target_lang is "fr", not one of "ar", "en", null'),
    (1, ["id"], True, ":2: id must be an integer, not true"),
    (1, ["start"], -1, ":2: start is -1, less than 0"),
    (1, ["confidence"], float("nan"), ":2: confidence must be a number, not NaN"),
    (1, ["confidence"], "1", ':2: confidence must be a number, not "1"'),
    (1, ["warnings"], "x", ':2: warnings must be an array, not "x"'),
    (1, ["warnings"], [5], ":2: warnings[0] must be a string, not 5"),
    (1, ["terms"], [5], ":2: terms[0] must be an object, not 5"),
    (1, ["terms"], [{"start": 0}], ":2: has no terms[0].end field"),
    (
        1,
        ["terms"],
        [{"start": 0, "end": 1, "text": 5, "source_form": "x", "target": "y", "entry": "g:1"}],
        ":2: terms[0].text must be a string, not 5",
    ),
    (
        1,
        ["terms"],
        [{"start": 0, "end": 999, "text": "x", "source_form": "x", "target": "y", "entry": "g"}],
        ":2: terms[0] spans 0-999, outside its segment",
    ),
    (
        1,
        ["carried"],
        [{"start": 0, "end": 1, "text": "x", "kind": "code", "target_start": 0, "target_end": 99}],
        ":2: carried[0] target_start-target_end 0-99 is not a span of the translation",
    ),
    (1, ["carried"], [{"start": 0, "end": 1, "text": "x", "kind": 5}], ":2: carried[0].kind"),
    (
        1,
        ["carried"],
        # the docx writer indexed the file's structure by it: IndexError on `review apply`
        [{"start": 0, "end": 1, "text": "x", "kind": "format", "handle": 999}],
        ":2: carried[0].handle 999 is not one of the 0 handles the text reader gives",
    ),
    (1, ["source"], None, ":2: source must be a string, not null"),
    (1, ["line"], 0, ":2: line is 0, less than 1"),
    (1, ["source_lang"], "other", ':2: has a translation, but source_lang "other"'),
    (2, ["id"], 0, ":3: id 0 is also the id of line 2"),
    (2, ["start"], 0, ":3: start 0 is before the end of the segment before it"),
]


def _edit_record(jsonl: Path, index: int, keys: list[str], value) -> None:
    lines = jsonl.read_text(encoding="utf-8").split("\n")
    record = json.loads(lines[index])
    target = record
    for key in keys[:-1]:
        if not isinstance(target.get(key), dict):
            target[key] = {}
        target = target[key]
    target[keys[-1]] = value
    lines[index] = json.dumps(record, ensure_ascii=False)
    jsonl.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize(("index", "keys", "value", "message"), BAD_FIELDS)
def test_a_hand_edited_segments_field_of_the_wrong_type_is_one_error(
    index: int, keys: list[str], value, message: str, run, tmp_path: Path
):
    """`"source": "doc.txt"` in the header (AttributeError), `"translation": 5` (TypeError
    in bitext.py), `"origin": ["x"]`, `"source_lang": 5` (lxml TypeError), `terms[0].text:
    5`, `"models": "x"`, `source.path: 5`: tracebacks through `review export` and `apply`."""
    out, document = run
    jsonl = out / "article.segments.jsonl"
    reviewed = write_bitext(document, "tsv", out, "article")
    _edit(reviewed, "draft 0 (en)", CORRECTED)
    _edit_record(jsonl, index, keys, value)
    before = _snapshot(out)
    with pytest.raises(SegmentsFileError) as caught:
        load_document(jsonl)
    assert str(caught.value).startswith(f"{jsonl}{message}"), caught.value
    formats = ["-f", "xliff", "-f", "docx", "-f", "html", "-f", "tsv", "-f", "tmx"]
    result = cli("review", "export", str(jsonl), *formats, "-o", str(tmp_path / "exports"))
    assert_one_line_error(result, f"{jsonl}{message}")
    memory = tmp_path / "tm.sqlite"
    result = cli("review", "apply", str(reviewed), "--memory", str(memory))
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert _snapshot(out) == before and not memory.exists()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('"start": 0,', '"start": 1' + "0" * 5000 + ",", ":2: not a JSON record: it holds a"),
        ('"confidence": 1.0', '"confidence": 1e999', ":2: confidence must be a number"),
        ('"warnings": []', '"warnings": ' + "[" * 100_000 + "]" * 100_000, ":2: not a JSON"),
    ],
)
def test_a_segments_record_json_cannot_hold_is_one_error(
    old: str, new: str, message: str, run, tmp_path: Path
):
    """An integer of 5000 digits: `ValueError: Exceeds the limit (4300 digits)`."""
    out, _document = run
    jsonl = out / "article.segments.jsonl"
    text = jsonl.read_text(encoding="utf-8")
    jsonl.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(SegmentsFileError) as caught:
        load_document(jsonl)
    assert str(caught.value).startswith(f"{jsonl}{message}"), caught.value
    assert "set_int_max_str_digits" not in str(caught.value)


# --- 11. control characters in the user's file names ------------------------------------------


def test_a_file_name_with_a_control_character_is_not_refused_as_text(run, tmp_path: Path):
    """The user translated `a\\x1bRED.txt`: the header's source.path held U+001B and every
    `review apply` / `review export` refused the run ("source.path holds U+001B … delete
    it"). Paths (the source, the memory, the glossaries, a term's entry) are names, not text."""
    out, _document = run
    source = tmp_path / "a\x1bRED.txt"
    (tmp_path / "article.txt").rename(source)
    jsonl = out / "article.segments.jsonl"
    _edit_record(jsonl, 0, ["source", "path"], str(source))
    _edit_record(jsonl, 0, ["memory"], {"path": "m\x1b.sqlite", "hits": 0})
    _edit_record(jsonl, 0, ["glossary"], {"files": ["g\x1b.tsv"], "sha256": None, "entries": 1})
    document = load_document(jsonl)
    assert document.path == source
    result = cli("review", "export", str(jsonl), "-f", "tsv", "-f", "xliff", "-f", "tmx")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output  # shown as \x1b, never obeyed
    reviewed = out / "article.bitext.tsv"
    _edit(reviewed, "draft 0 (en)", CORRECTED)
    report = apply_review(reviewed, memory=tmp_path / "tm.sqlite")
    assert report.updated == ["s0"]
    _edit(out / "article.xlf", "draft 0 (en)", CORRECTED)
    assert apply_review(out / "article.xlf", memory=tmp_path / "tm.sqlite").confirmed == ["s0"]


def test_a_review_tsv_of_a_file_named_with_a_control_character_is_applied(run, tmp_path: Path):
    """The TSV records the stem as written (`stem=a\x1bRED`, the run's outputs are named
    so): a stem is a file name, not text, and is not refused for its characters."""
    out, document = run
    stem = "a\x1bRED"
    write_outputs(document, output_paths(document, out, stem), ["en", "ar"], set())
    reviewed = write_bitext(document, "tsv", out, stem)
    assert f"stem={stem}\t" in reviewed.read_text(encoding="utf-8")
    assert read_reviewed(reviewed).stem == stem
    _edit(reviewed, "draft 0 (en)", CORRECTED)
    report = apply_review(reviewed, memory=tmp_path / "tm.sqlite")
    assert report.updated == ["s0"] and out / f"{stem}.segments.jsonl" in report.outputs


def test_text_fields_are_still_refused_a_control_character(run):
    out, _document = run
    jsonl = out / "article.segments.jsonl"
    _edit_record(jsonl, 1, ["warnings"], ["about a\x1bb.txt"])  # a message: kept
    load_document(jsonl)
    _edit_record(jsonl, 1, ["translation"], "draft\x1b")
    with pytest.raises(SegmentsFileError, match=r":2: translation holds U\+001B \(ESCAPE\)"):
        load_document(jsonl)


# --- 3. reviewed TSV files as spreadsheets save them -------------------------------------------


def _tsv(document: Document, corrected: str = CORRECTED) -> str:
    text = export_bitext(document, "tsv", stem="article").decode("utf-8")
    return text.replace("draft 0 (en)", corrected)


SAVED_AS = [
    ("old Mac CR line ends", lambda t: t.replace("\n", "\r"), CORRECTED),
    ("Windows CRLF", lambda t: t.replace("\n", "\r\n"), CORRECTED),
    ("a line break typed in a cell", lambda t: t.replace(CORRECTED, '"The envoy\nsaid."'),
     "The envoy\nsaid."),
    ("Alt+Enter, CRLF rows", lambda t: t.replace(CORRECTED, '"The envoy\nsaid."').replace(
        "\n", "\r\n").replace('envoy\r\nsaid', "envoy\nsaid"), "The envoy\nsaid."),
    ("old Mac, Alt+Enter", lambda t: t.replace("\n", "\r").replace(CORRECTED, '"The envoy\nsaid."'),
     "The envoy\nsaid."),
    ("a raw CR in a quoted cell", lambda t: t.replace(CORRECTED, '"The envoy\rsaid."'),
     "The envoy\nsaid."),
    ("a quoted cell", lambda t: t.replace(CORRECTED, '"The ""envoy"" said."'),
     'The "envoy" said.'),
    ("a long cell", lambda t: t.replace(CORRECTED, "x" * 200_000), "x" * 200_000),
]  # fmt: skip


@pytest.mark.parametrize(("how", "save", "expected"), SAVED_AS, ids=[s[0] for s in SAVED_AS])
def test_a_review_tsv_as_a_spreadsheet_saves_it_is_read(
    how: str, save, expected: str, run, tmp_path: Path
):
    """Old-Mac CR line ends (Excel for Mac's tab-delimited text) or a raw CR in a cell
    crashed (`_csv.Error: new-line character seen in unquoted field`); a line break typed in
    a cell (saved quoted over two lines) was "has 2 columns, not 7 (a tab lost in editing?)"."""
    out, document = run
    path = tmp_path / "article.bitext.tsv"
    path.write_bytes(save(_tsv(document)).encode("utf-8"))
    unit = next(u for u in read_reviewed(path).units if u.id == "s0")
    assert unit.en == expected and unit.ar == ARABIC
    report = apply_review(path, memory=tmp_path / "tm.sqlite", outputs=out)
    assert report.updated == ["s0"] and not report.skipped
    record = next(r for r in _records(out) if r["id"] == 0)
    assert record["translation"] == expected


@pytest.mark.parametrize(
    ("save", "message"),
    [
        (
            lambda t: t.replace(CORRECTED, '"The envoy said.'),
            ":3: a cell opened with a double quote",
        ),
        (lambda t: t.replace(CORRECTED, '"The envoy" said.'), ":3: cells are not quoted as"),
        (
            lambda t: t.replace(CORRECTED, "The envoy\rsaid."),
            ":3: has 3 columns, not 7 (a tab lost in editing, or a line break in a cell",
        ),
    ],
)
def test_broken_quoting_in_a_review_tsv_names_its_line(save, message: str, run, tmp_path: Path):
    """An unclosed quote was "has 2 columns, not 7 (a tab lost in editing?)"."""
    out, document = run
    path = tmp_path / "article.bitext.tsv"
    path.write_bytes(save(_tsv(document)).encode("utf-8"))
    with pytest.raises(ReviewFileError) as caught:
        apply_review(path, memory=tmp_path / "tm.sqlite", outputs=out)
    assert str(caught.value).startswith(f"{path}{message}"), caught.value
    result = cli("review", "apply", str(path), "--outputs", str(out))
    assert_one_line_error(result, f"{path}{message}")


def test_a_review_tsv_in_utf16_without_a_byte_order_mark_says_so(run, tmp_path: Path):
    out, document = run
    path = tmp_path / "article.bitext.tsv"
    path.write_bytes(_tsv(document).encode("utf-16-le"))
    with pytest.raises(ReviewFileError) as caught:
        read_reviewed(path)
    assert str(caught.value).startswith(f"{path}: is UTF-16LE text (no byte-order mark)")
    assert "iconv -f utf-16le" in caught.value.fix


# --- 4. review apply when the memory cannot be written -------------------------------------


@pytest.fixture
def full_disk(monkeypatch):
    """Every memory opened from now on may not grow: SQLite's "database or disk is full"."""
    prepare = TranslationMemory._prepare

    def limited(self, connection: sqlite3.Connection, exists: bool) -> None:
        prepare(self, connection, exists)
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(TranslationMemory, "_prepare", limited)


LONG = CORRECTED * 200  # more than a page of SQLite: the memory must grow


@pytest.mark.parametrize("existing", [False, True])
def test_review_apply_on_a_full_disk_changes_nothing(existing: bool, run, tmp_path: Path, request):
    """With --memory on a full disk the outputs were rewritten (origin "review"), then
    "translation memory error: database or disk is full", and an empty mem.sqlite was left."""
    out, document = run
    memory = tmp_path / "mem.sqlite"
    if existing:
        with TranslationMemory(memory) as tm:
            tm.store("Something else.", "شيء آخر.", "en", "ar")
    request.getfixturevalue("full_disk")
    reviewed = write_bitext(document, "tsv", out, "article")
    _edit(reviewed, "draft 0 (en)", LONG)
    before = _snapshot(out)
    with pytest.raises(TranslationMemoryError) as caught:
        apply_review(reviewed, memory=memory)
    message = str(caught.value)
    assert message.startswith(f"{memory}: cannot store the reviewed translations (")
    assert "database or disk is full" in message and "free some space" in message
    assert "nothing was changed: the run's outputs and the memory are as they were" in message
    assert _snapshot(out) == before
    assert {r["origin"] for r in _records(out)} <= {"model", None}
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("mem.sqlite"))
    if existing:
        assert leftovers[0] == "mem.sqlite" and len(TranslationMemory(memory)) == 1
    else:
        assert leftovers == []  # no new empty memory file, nor its -wal / -shm
    result = cli("review", "apply", str(reviewed), "--memory", str(memory))
    assert_one_line_error(result, "nothing was changed")
    assert _snapshot(out) == before


class _FailingCommit(sqlite3.Connection):
    def commit(self) -> None:
        raise sqlite3.OperationalError("disk I/O error")


def test_a_failed_memory_commit_puts_the_outputs_back(run, tmp_path: Path, monkeypatch):
    out, document = run
    memory = tmp_path / "mem.sqlite"
    with TranslationMemory(memory) as tm:
        tm.store("Something else.", "شيء آخر.", "en", "ar")
    reviewed = write_bitext(document, "tsv", out, "article")
    _edit(reviewed, "draft 0 (en)", CORRECTED)
    (out / "article.html").unlink()  # written new by the apply: removed again
    before = _snapshot(out)
    connect = sqlite3.connect
    monkeypatch.setattr(
        "tarjama.memory.sqlite3.connect",
        lambda *args, **kwargs: connect(*args, factory=_FailingCommit, **kwargs),
    )
    with pytest.raises(TranslationMemoryError) as caught:
        apply_review(reviewed, memory=memory)
    assert "disk I/O error" in str(caught.value)
    assert "nothing was changed: the run's outputs were put back as they were" in str(caught.value)
    assert _snapshot(out) == before
    monkeypatch.undo()
    assert len(TranslationMemory(memory)) == 1


def test_an_aligned_file_on_a_full_disk_stores_nothing(tmp_path: Path, full_disk):
    from test_export_bitext import aligned_document

    document = aligned_document()
    for segment in document.segments:
        segment.source = segment.source + " " + "x" * 3000
    path = tmp_path / "report.xlf"
    path.write_bytes(export_bitext(document, "xliff", stem="report"))
    with pytest.raises(TranslationMemoryError, match="nothing was stored"):
        apply_review(path, memory=tmp_path / "mem.sqlite")
    assert not (tmp_path / "mem.sqlite").exists()


def test_memory_check_for_writing_creates_nothing(tmp_path: Path):
    TranslationMemory(tmp_path / "new.sqlite").check(write=True)
    assert not (tmp_path / "new.sqlite").exists()
    with pytest.raises(TranslationMemoryError, match="is a folder"):
        TranslationMemory(tmp_path).check(write=True)


def test_a_memory_transaction_keeps_all_or_nothing(tmp_path: Path):
    memory = tmp_path / "tm.sqlite"
    with pytest.raises(RuntimeError), TranslationMemory(memory) as tm, tm.transaction():
        tm.store("One.", "واحد.", "en", "ar")
        raise RuntimeError("half-way")
    assert not memory.exists()
    with TranslationMemory(memory) as tm:
        with tm.transaction():
            tm.store("One.", "واحد.", "en", "ar")
            tm.store("Two.", "اثنان.", "en", "ar")
        assert len(tm) == 2


# --- 5. review export into a file ------------------------------------------------------------


def test_review_export_to_a_file_says_it_is_a_file(run, tmp_path: Path):
    """`review export … -o afile` said "outputs not written (afile/doc.xlf: File exists) …
    check the output folder and the disk"; translate and align say it is a file."""
    out, _document = run
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    result = cli("review", "export", str(out / "article.segments.jsonl"), "-o", str(afile))
    assert_one_line_error(result, f"{afile}: cannot write outputs: it is a file, not a folder")


def test_review_apply_outputs_that_is_a_file_says_it_is_a_file(run, tmp_path: Path):
    out, document = run
    reviewed = write_bitext(document, "xliff", out, "article")
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    with pytest.raises(ReviewOutputsNotFoundError, match="it is a file, not a folder"):
        apply_review(reviewed, memory=tmp_path / "tm.sqlite", outputs=afile)


# --- 10. messages -----------------------------------------------------------------------------

XLIFF = (
    '<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" '
    'version="2.1"{lang} trgLang="en">\n<file id="f"><unit id="s0"><segment><source>x</source>'
    "<target>{target}</target></segment></unit></file></xliff>\n"
)


@pytest.mark.parametrize(
    ("target", "marker", "message"),
    [
        ("وx&#x1b;y", "&", "holds U+001B (ESCAPE) (written `&#x1b;`), which XML"),
        ("x&#27;y", "&", "holds U+001B (ESCAPE) (written `&#27;`)"),
        ("و x\x1by", "\x1b", "holds U+001B (ESCAPE), which XML"),
        ("x&#xFFFE;", "&", "holds U+FFFE (NONCHARACTER) (written `&#xFFFE;`)"),
        ("x&#0;", "&", "holds U+0000 (NULL) (written `&#0;`)"),
    ],
)
def test_a_control_character_in_a_reviewed_xliff_is_named_at_its_column(
    target: str, marker: str, message: str, tmp_path: Path
):
    """`&#x1b;` in an XLIFF got "pass the XLIFF … that tarjama exported" instead of "delete
    the character at line:column"."""
    path = tmp_path / "x.xlf"
    text = XLIFF.format(lang=' srcLang="ar"', target=target)
    path.write_text(text, encoding="utf-8")
    column = text.split("\n")[2].index(marker) + 1
    with pytest.raises(ReviewFileError) as caught:
        read_reviewed(path)
    assert str(caught.value).startswith(f"{path}:3: column {column} {message}"), caught.value
    assert caught.value.fix == f"delete it at line 3, column {column}"


def test_a_deeply_nested_review_file_says_it_nests_too_deep(tmp_path: Path):
    path = tmp_path / "x.xlf"
    path.write_text(XLIFF.format(lang=' srcLang="ar"', target="<g>" * 300 + "</g>" * 300))
    with pytest.raises(ReviewFileError, match="nests elements more than 256 deep") as caught:
        read_reviewed(path)
    assert "XML_PARSE_HUGE" not in str(caught.value)


@pytest.mark.parametrize(
    ("fmt", "old", "message"),
    [
        ("xliff", ' srcLang="ar"', "<xliff> has no srcLang attribute"),
        ("xliff12", ' source-language="ar"', "<file> has no source-language attribute"),
        ("tmx", ' xml:lang="ar"', "<tuv> has no xml:lang attribute"),
    ],
)
def test_a_missing_language_attribute_is_named_not_shown_as_none(
    fmt: str, old: str, message: str, run, tmp_path: Path
):
    """A missing srcLang was reported as "srcLang None is neither Arabic nor English"."""
    out, document = run
    path = tmp_path / f"x.{fmt}"
    path.write_bytes(export_bitext(document, fmt, stem="article"))
    _edit(path, old, "")
    with pytest.raises(ReviewFileError, match=message) as caught:
        read_reviewed(path)
    assert "None" not in str(caught.value)


@pytest.mark.parametrize(
    ("fmt", "old", "new"),
    [
        ("xliff", '<unit id="s0"', "<unit"),
        ("xliff12", '<trans-unit id="s0"', "<trans-unit"),
        ("tmx", '<tu tuid="s0"', "<tu"),
    ],
)
def test_a_unit_without_an_id_is_named_not_shown_as_none(
    fmt: str, old: str, new: str, run, tmp_path: Path
):
    out, document = run
    path = tmp_path / f"x.{fmt}"
    path.write_bytes(export_bitext(document, fmt, stem="article"))
    _edit(path, old, new)
    with pytest.raises(ReviewFileError, match="a unit has no id") as caught:
        read_reviewed(path)
    assert "None" not in str(caught.value) and caught.value.line


def test_review_apply_with_another_source_says_it_is_not_the_translated_file(run, tmp_path: Path):
    """`review apply --source other.txt` said "the source has changed since it was
    translated"; the file given is simply not the one."""
    out, document = run
    reviewed = write_bitext(document, "tsv", out, "article")
    _edit(reviewed, "draft 0 (en)", CORRECTED)
    other = tmp_path / "other.txt"
    other.write_text("Another text.\n", encoding="utf-8")
    with pytest.raises(ReviewSourceError) as caught:
        apply_review(reviewed, memory=tmp_path / "tm.sqlite", source=other)
    assert str(caught.value).startswith(f"{other}: is not the file that was translated")
    assert "has changed" not in str(caught.value)
    with pytest.raises(ReviewSourceError, match=f"{tmp_path / 'gone.txt'}: no such file"):
        apply_review(reviewed, memory=tmp_path / "tm.sqlite", source=tmp_path / "gone.txt")
    assert apply_review(reviewed, memory=tmp_path / "tm.sqlite", source=tmp_path / "article.txt")


def test_review_apply_of_nothing_corrected_creates_no_memory(run, tmp_path: Path):
    out, document = run
    reviewed = write_bitext(document, "xliff", out, "article")
    report = apply_review(reviewed, memory=tmp_path / "tm.sqlite")
    assert report.unchanged == 2 and not (tmp_path / "tm.sqlite").exists()
    assert SOURCE  # the run's source, unchanged
