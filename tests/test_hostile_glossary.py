"""Hostile glossary files: characters XML cannot hold, hidden controls, spreadsheet formulas,
a repeated header row and XML entities. Each test is named after the defect it pins down."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from tarjama.chars import first_refused_control
from tarjama.cli import app
from tarjama.errors import GlossaryFormatError, GlossaryValueError
from tarjama.glossary import (
    Glossary,
    GlossaryEntry,
    TermMatcher,
    add_entry,
    check_glossaries,
    export_glossary,
    import_glossary,
    load_glossaries,
)
from tarjama.glossary.tbx import render_tbx
from tarjama.glossary.tsv import glossary_control_fix, read_glossary_file


def glossary(tmp_path: Path, text: str, name: str = "g.tsv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def cli(*arguments: str):
    return CliRunner().invoke(app, ["glossary", *arguments], env={"COLUMNS": "250"})


def assert_one_line_error(result, text: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and text in lines[0], lines
    assert "Traceback" not in result.output


# --- characters XML cannot hold ------------------------------------------------------------

# (file name, content, line, column, character name): the column counts characters of the
# line as written, before cells are trimmed (str.strip() would drop U+001C-U+001F unseen)
CONTROL_ROWS = [
    ("g.tsv", "en\tar\nGaza\tغزة\nMos\x1bcow\tموسكو\n", 3, 4, "U+001B (ESCAPE)"),
    ("g.tsv", "en\tar\nGaza\x1f\tغزة\n", 2, 5, "U+001F (UNIT SEPARATOR)"),
    ("g.tsv", "en\tar\tnote\nGaza\tغزة\tpage\x0cbreak\n", 2, 14, "U+000C (FORM FEED)"),
    ("g.tsv", "# a comment\x00\nen\tar\n", 1, 12, "U+0000 (NULL)"),
    ("g.tsv", "en\x1b\tar\nGaza\tغزة\n", 1, 3, "U+001B (ESCAPE)"),
    ("g.tsv", "en\tar\r\nGaza\tغ\ufffeزة\r\n", 2, 7, "U+FFFE (NONCHARACTER)"),
    ("in.csv", 'en,ar,note\nGaza,غزة,"two\nli\x1bnes"\n', 3, 3, "U+001B (ESCAPE)"),
    ("in.csv", "en,ar\r\nRafah,رفح\x08\r\n", 2, 10, "U+0008 (BACKSPACE)"),
    ("in.utf8", "# c\nGaza\tغزة\tnote \x07\n", 2, 15, "U+0007 (BELL)"),
]


@pytest.mark.parametrize(("name", "content", "line", "column", "char"), CONTROL_ROWS)
def test_a_row_with_an_xml_illegal_character_is_refused_at_load(
    tmp_path: Path, name: str, content: str, line: int, column: int, char: str
):
    """A glossary row holding U+001B loaded, was matched and made decoder constraints, and
    `glossary export -o x.tbx` crashed in lxml ("All strings must be XML compatible")."""
    path = glossary(tmp_path, content, name)
    with pytest.raises(GlossaryFormatError) as caught:
        if name.endswith(".tsv"):
            load_glossaries([path])
        else:
            import_glossary(path, tmp_path / "out.tsv")
    assert str(caught.value).startswith(f"{path}:{line}: column {column} holds {char}")
    found = first_refused_control(content.replace("\r\n", "\n"), layout=False)
    assert caught.value.line == line and caught.value.fix == glossary_control_fix(found)
    assert not (tmp_path / "out.tsv").exists()


def test_check_reports_an_xml_illegal_character(tmp_path: Path):
    """`glossary check` said "no problems in 1 file(s)" for a row holding U+001B."""
    path = glossary(tmp_path, "en\tar\nMos\x1bcow\tموسكو\nGaza\tغزة\n")
    (finding,) = check_glossaries([path])
    assert (finding.location, finding.kind) == (f"{path}:2", "format")
    assert "column 4 holds U+001B (ESCAPE)" in finding.message
    result = cli("check", str(path))
    assert result.exit_code == 1 and "no problems" not in result.stdout
    assert f"{path}:2: column 4 holds U+001B (ESCAPE)" in result.stdout


def test_a_control_in_the_header_stops_reading_the_rows(tmp_path: Path):
    """The rows cannot be read without their columns: one finding, not one per row."""
    path = glossary(tmp_path, "en\tar\x1b\nGaza\tغزة\n")
    assert [(f.location, f.kind) for f in check_glossaries([path])] == [(f"{path}:1", "format")]


def test_export_to_tbx_of_a_glossary_with_a_control_is_one_clean_error(tmp_path: Path):
    path = glossary(tmp_path, "en\tar\nMos\x1bcow\tموسكو\n")
    output = tmp_path / "x.tbx"
    result = cli("export", str(path), "-o", str(output))
    assert_one_line_error(result, f"{path}:2: column 4 holds U+001B (ESCAPE)")
    assert "XML compatible" not in result.output and not output.exists()


def test_the_tbx_writer_never_crashes_on_an_entry_made_in_code():
    """Loading refuses such rows; the writer's last defence shows the character instead."""
    entries = [GlossaryEntry(en="Mos\x1bcow", ar="موس\ufffeكو", note="a\x00note")]
    root = etree.fromstring(render_tbx(entries, title="t\x07"))
    assert [term.text for term in root.iter("term")] == ["Mos\u241bcow", "موس\ufffdكو"]
    assert root.find(".//termEntry/note").text == "a\u2400note"
    assert root.find(".//title").text == "t\u2407"


@pytest.mark.parametrize(("field", "value"), [("en", "Mos\x1bcow"), ("note", "a\x00b")])
def test_add_refuses_an_xml_illegal_character(tmp_path: Path, field: str, value: str):
    """`add` wrote the row, and every later load refused the file."""
    path = glossary(tmp_path, "en\tar\tnote\n")
    values = {"en": "Moscow", "ar": "موسكو", "note": None} | {field: value}
    with pytest.raises(GlossaryValueError, match=f"the {field} value holds U\\+00"):
        add_entry(path, values["en"], values["ar"], note=values["note"])
    assert path.read_text(encoding="utf-8") == "en\tar\tnote\n"


# --- hidden controls -------------------------------------------------------------------------

HIDDEN = [
    ("Kremlin\u202e\tالكرملين\t\t", "en", "U+202E (RIGHT-TO-LEFT OVERRIDE)", "reorder"),
    ("Kremlin\tالكرم\u2067لين\t\t", "ar", "U+2067 (RIGHT-TO-LEFT ISOLATE)", "reorder"),
    ("Gaza\tغزة\t\tsee\u200bnote", "note", "U+200B (ZERO WIDTH SPACE)", "cannot be seen"),
    ("Ga\u2060za\tغزة\t\t", "en", "U+2060 (WORD JOINER)", "cannot be seen"),
    ("Gaza\U000e0041\tغزة\t\t", "en", "U+E0041 (TAG LATIN CAPITAL LETTER A)", "cannot be seen"),
    ("ChatGPT\u202d\t\tyes\t", "en", "U+202D (LEFT-TO-RIGHT OVERRIDE)", "reorder"),  # dnt: once
]


@pytest.mark.parametrize(("row", "cell", "char", "effect"), HIDDEN)
def test_check_flags_hidden_controls(tmp_path: Path, row: str, cell: str, char: str, effect):
    """A bidi override or a zero-width space in a cell passed `check`: invisible in every
    editor, ignored by the matcher, and carried into each translation placing the term."""
    path = glossary(tmp_path, f"en\tar\tdnt\tnote\n{row}\n")
    (finding,) = check_glossaries([path])
    assert (finding.location, finding.kind) == (f"{path}:2", "hidden-control")
    assert finding.message.startswith(f"{cell} ") and char in finding.message
    assert effect in finding.message and finding.fix.startswith("delete it")


@pytest.mark.parametrize("text", ["طالبان\u200f", "می\u200cخواهم", "Gaza\u200e"])
def test_directional_marks_and_zwnj_are_not_hidden_controls(tmp_path: Path, text: str):
    """RLM, LRM and ZWNJ are ordinary in Arabic and Persian typing."""
    path = glossary(tmp_path, f"en\tar\tdnt\n{text}\t\tyes\n")
    assert [f.kind for f in check_glossaries([path])] == []


def test_hidden_controls_are_kept_byte_exact_and_flagged_by_the_cli(tmp_path: Path):
    path = glossary(tmp_path, "en\tar\nKremlin\u202e\tالكرملين\n")
    assert load_glossaries([path]).entries[0].en == "Kremlin\u202e"
    result = cli("check", str(path))
    assert result.exit_code == 1
    assert f"{path}:2: en 'Kremlin\\u202e' holds hidden control character(s) U+202E" in (
        result.stdout
    )


def test_add_refuses_a_hidden_control(tmp_path: Path):
    """`add` refuses what `check` would report about the row on its own."""
    path = glossary(tmp_path, "en\tar\n")
    with pytest.raises(GlossaryValueError, match="hidden control"):
        add_entry(path, "Kremlin\u202e", "الكرملين")
    assert path.read_text(encoding="utf-8") == "en\tar\n"


# --- spreadsheet formulas --------------------------------------------------------------------

FORMULAS = [
    "=1+2",
    "+44 20 7946",
    "-5 dB",
    "@SUM(A1)",
    "'=x",
    "\uff1dHYPERLINK(1)",
    "'s-Gravenhage",
]


@pytest.mark.parametrize("note", FORMULAS)
def test_csv_export_neutralises_formulas_and_import_restores_them(tmp_path: Path, note: str):
    """A note `=HYPERLINK(...)` ran as a formula when the exported CSV was opened in a
    spreadsheet; the prefix that prevents it must come off again on import."""
    path = glossary(tmp_path, f"en\tar\tnote\nGaza\tغزة\t{note}\n{note}\t-رفح\t\n")
    exported = tmp_path / "out.csv"
    export_glossary([path], exported)
    cells = exported.read_text(encoding="utf-8").splitlines()[1].split(",")
    written = cells[-1].strip('"').replace('""', '"')
    assert written == note if note.startswith("'s") else written == "'" + note
    back = tmp_path / "back.tsv"
    import_glossary(exported, back)
    assert [(e.en, e.ar, e.note) for e in load_glossaries([back]).entries] == [
        ("Gaza", "غزة", note),
        (note, "-رفح", None),
    ]


def test_the_glossary_tsv_is_read_and_written_as_is(tmp_path: Path):
    """The TSV is the user's own file: no apostrophe is added or taken off."""
    path = glossary(tmp_path, "en\tar\tnote\nGaza\tغزة\t=1+2\nRafah\tرفح\t'=x\n")
    exported = tmp_path / "all.tsv"
    export_glossary([path], exported)
    assert "\t=1+2\n" in exported.read_text(encoding="utf-8")
    assert [e.note for e in load_glossaries([exported]).entries] == ["=1+2", "'=x"]


# --- a repeated header row -------------------------------------------------------------------

REPEATED_HEADERS = [
    ("g.tsv", "en\tar\nGaza\tغزة\nen\tar\nRafah\tرفح\n", 3, 1),
    ("g.tsv", "# joined\nen\tar\ttype\nGaza\tغزة\tplace\nEN\tAR\tType\n", 4, 2),
    ("g.tsv", "en\tar\tnote\nGaza\tغزة\t\nen\tar\t\n", 3, 1),
    ("g.tsv", "en\tar\nGaza\tغزة\nen\tar\tnote\n", 3, 1),  # the other file's columns
    ("g.tsv", "\ufeffen\tar\nGaza\tغزة\n\ufeffen\tar\nRafah\tرفح\n", 3, 1),  # and its BOM
    ("in.csv", "en,ar\nGaza,غزة\nen,ar\n", 3, 1),
    ("in.csv", "EN;AR;note\nGaza;غزة;x\n en ; ar ;note\n", 3, 1),
]


@pytest.mark.parametrize(("name", "content", "line", "header"), REPEATED_HEADERS)
def test_repeated_header_row_is_not_an_entry(
    tmp_path: Path, name: str, content: str, line: int, header: int
):
    """Two glossaries joined with `cat` held a second `en<TAB>ar` line, which became the
    entry en → ar and matched "We are en route"; check only said "ar 'ar' has Latin
    letters"."""
    path = glossary(tmp_path, content, name)
    with pytest.raises(GlossaryFormatError) as caught:
        if name.endswith(".tsv"):
            load_glossaries([path])
        else:
            import_glossary(path, tmp_path / "out.tsv")
    assert str(caught.value) == (
        f"{path}:{line}: repeats the header row (line {header}) — delete it; files joined "
        "with `cat` repeat their header"
    )


def test_check_says_a_row_repeats_the_header_and_nothing_else(tmp_path: Path):
    path = glossary(tmp_path, "en\tar\nGaza\tغزة\nen\tar\n")
    (finding,) = check_glossaries([path])
    assert (finding.location, finding.kind) == (f"{path}:3", "format")
    assert finding.message == "repeats the header row (line 1)"
    entries = read_glossary_file(path).entries  # what check goes on with
    assert [e.en for e in entries] == ["Gaza"]
    assert not TermMatcher(Glossary(entries=entries)).find("We are en route", "en")


@pytest.mark.parametrize("row", ["en route\tفي الطريق", "ar\tعربي", "note\tملاحظة"])
def test_a_row_that_only_uses_column_names_as_words_is_an_entry(tmp_path: Path, row: str):
    path = glossary(tmp_path, f"en\tar\n{row}\n")
    assert len(load_glossaries([path]).entries) == 1


# --- XML entities ----------------------------------------------------------------------------

TBX_BODY = (
    '<martif type="TBX-Basic"><text><body><termEntry id="c1">'
    '<langSet xml:lang="en"><tig><term>{term}</term></tig></langSet>'
    '<langSet xml:lang="ar"><tig><term>موسكو</term></tig></langSet>'
    "</termEntry></body></text></martif>\n"
)
HOSTILE_TBX = [
    (
        '<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        + TBX_BODY.format(term="Moscow &xxe;"),
        "2: declares an XML entity in its DTD",
    ),
    (
        '<?xml version="1.0"?>\n<!DOCTYPE martif [\n <!ENTITY co "Company">\n]>\n'
        + TBX_BODY.format(term="&co; &amp; Sons"),
        "3: declares an XML entity in its DTD",
    ),
    (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
        ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n'
        + TBX_BODY.format(term="&lol2;"),
        "3: declares an XML entity in its DTD",
    ),
    (TBX_BODY.format(term="&co; & Sons"), "1: is not well-formed XML"),
    (
        '<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">\n' + TBX_BODY.format(term="Moscow &xxe;"),
        "2: uses the undeclared entity &xxe;",
    ),
    (
        TBX_BODY.format(term="Mos&#x1b;cow"),
        "1: column 94 holds U+001B (ESCAPE) (written `&#x1b;`), which XML",
    ),
]


@pytest.mark.parametrize(("content", "message"), HOSTILE_TBX)
def test_tbx_entities_are_refused_naming_the_line(tmp_path: Path, content: str, message: str):
    """TBX import wrote `Moscow &xxe;` and `&co; & Sons` into the glossary as text, and a
    billion-laughs file was reported at "line 1, column 7" instead of its declaration."""
    path = glossary(tmp_path, content, "in.tbx")
    output = tmp_path / "out.tsv"
    with pytest.raises(GlossaryFormatError) as caught:
        import_glossary(path, output)
    assert str(caught.value).startswith(f"{path}:{message}"), caught.value
    assert caught.value.fix and not output.exists()
    result = cli("import", str(path), "-o", str(output))
    assert_one_line_error(result, f"{path}:{message}")


def test_a_tbx_export_reads_back_with_its_own_doctype(tmp_path: Path):
    """tarjama's TBX names the TBX DTD (no entities): it must still import."""
    path = glossary(tmp_path, "en\tar\tnote\nMoscow\tموسكو\tcapital & co\n")
    exported = tmp_path / "out.tbx"
    export_glossary([path], exported)
    result = import_glossary(exported, tmp_path / "back.tsv")
    assert [(e.en, e.ar, e.note) for e in result.entries] == [("Moscow", "موسكو", "capital & co")]


# --- regressions: review of issue 8 (UTF-16, comments, imports, find, messages) --------------

UTF16_TSV = "en\tar\nKremlin\tالكرملين\n"
WIDE_OR_BINARY = [
    ("u16.tsv", UTF16_TSV.encode("utf-16"), "is UTF-16 text (byte-order mark FF FE), not UTF-8"),
    ("u16le.tsv", UTF16_TSV.encode("utf-16-le"), "is UTF-16LE text (no byte-order mark)"),
    ("u16.csv", "en,ar\nKremlin,الكرملين\n".encode("utf-16"), "is UTF-16 text (byte-order"),
    ("terms.xlsx.tsv", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xd9\xff\x93", "looks bin"),
]


@pytest.mark.parametrize(("name", "data", "message"), WIDE_OR_BINARY)
@pytest.mark.parametrize("command", ["list", "check", "import", "remove"])
def test_a_utf16_or_binary_glossary_gets_the_fix_translate_gives(
    tmp_path: Path, name: str, data: bytes, message: str, command: str
):
    """A UTF-16 glossary was "not UTF-8 (byte offset 0…) — … iconv -f cp1256"; one without
    a byte-order mark "column 2 holds U+0000 (NULL) … tr -d" (which deletes the Arabic's
    high bytes); a ZIP got the cp1256 advice too."""
    path = tmp_path / name
    path.write_bytes(data)
    arguments = {
        "list": ["list", str(path)],
        "check": ["check", str(path)],
        "import": ["import", str(path), "-o", str(tmp_path / "out.tsv"), "--format", "omegat"],
        "remove": ["remove", str(path), "--en", "Kremlin"],
    }[command]
    if name.endswith(".csv") and command == "import":
        arguments[-1] = "csv"
    result = cli(*arguments)
    output = result.stdout if command == "check" else result.stderr
    assert result.exit_code == 1 and f"{path}: {message}" in output, result.output
    assert "cp1256" not in result.output and "U+0000" not in result.output
    assert ("iconv -f utf-16" in output) == ("UTF-16" in message)
    assert "Traceback" not in result.output and not (tmp_path / "out.tsv").exists()
    assert path.read_bytes() == data


def test_glossary_find_of_a_utf16_text_says_what_translate_says(tmp_path: Path):
    glossary_path = glossary(tmp_path, "en\tar\nKremlin\tالكرملين\n")
    text = tmp_path / "u16.txt"
    text.write_bytes("The Kremlin said.\n".encode("utf-16"))
    result = cli("find", str(text), "-g", str(glossary_path))
    assert_one_line_error(result, f"{text}: is UTF-16 text (byte-order mark FF FE), not UTF-8")
    assert "cp1256" not in result.output and "the glossary" not in result.stderr


def test_a_tbx_that_is_a_zip_is_called_binary(tmp_path: Path):
    path = tmp_path / "terms.tbx"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xd9\xff")
    with pytest.raises(GlossaryFormatError, match="looks binary") as caught:
        import_glossary(path, tmp_path / "out.tsv")
    assert "pass a TBX file" in caught.value.fix


COMMENT_ROWS = [
    ("en\tar\n", {"en": "#tag", "ar": "وسم"}, "the en value '#tag' starts the row with '#'"),
    ("en\tar\n", {"en": "  #tag", "ar": "وسم"}, "the en value '#tag' starts the row"),
    ("ar\ten\n", {"en": "Gaza", "ar": "#غزة"}, "the ar value '#غزة' starts the row"),
    ("note\ten\tar\n", {"en": "Gaza", "ar": "غزة", "note": "#1"}, "the note value '#1'"),
]


@pytest.mark.parametrize(("header", "values", "message"), COMMENT_ROWS)
def test_add_refuses_a_term_whose_row_would_be_a_comment(
    tmp_path: Path, header: str, values: dict, message: str
):
    """`glossary add --en '#tag' --ar وسم` printed "added #tag → وسم at ok.tsv:3", but the
    row is a comment and nothing was added. The TSV has no quoting: a hashtag cannot be a
    term (glossaries/README.md says so); the matcher finds its word without the #."""
    path = glossary(tmp_path, header)
    with pytest.raises(GlossaryValueError, match=message):
        add_entry(path, values["en"], values["ar"], note=values.get("note"))
    assert path.read_text(encoding="utf-8") == header
    result = cli("add", str(path), "--en", values["en"], "--ar", values["ar"])
    if "note" not in values:
        assert_one_line_error(result, "starts the row with '#'")
        assert "added" not in result.stdout


def test_a_hashtags_word_is_found_without_the_hash(tmp_path: Path):
    path = glossary(tmp_path, "en\tar\ntag\tوسم\n")
    hits = TermMatcher(load_glossaries([path])).find("Trending: #tag today", "en")
    assert [hit.text for hit in hits] == ["tag"]


def test_omegat_import_refuses_a_header_row(tmp_path: Path):
    """`glossary import x.tsv -o y.tsv --format omegat` imported x.tsv's header `en ar` as
    an entry and wrote a glossary tarjama then refused (`y.tsv:3: repeats the header row`)."""
    source = glossary(tmp_path, "en\tar\nKremlin\tالكرملين\n", "x.tsv")
    output = tmp_path / "y.tsv"
    with pytest.raises(GlossaryFormatError) as caught:
        import_glossary(source, output, fmt="omegat")
    assert str(caught.value).startswith(
        f"{source}:1: is a header row (en, ar), and an OmegaT glossary has none"
    )
    assert "--format tsv" in caught.value.fix and not output.exists()
    later = glossary(tmp_path, "Kremlin\tالكرملين\nen\tar\tnote\n", "later.txt")
    with pytest.raises(GlossaryFormatError, match=r"later\.txt:2: is a header row"):
        import_glossary(later, output, fmt="omegat")
    assert import_glossary(source, output, fmt="tsv").entries[0].en == "Kremlin"


TBX_TERMS = (
    '<martif type="TBX-Basic"><text><body>\n<termEntry id="c1">'
    '<langSet xml:lang="en"><tig><term>{en}</term></tig></langSet>'
    '<langSet xml:lang="ar"><tig><term>{ar}</term></tig></langSet>'
    "</termEntry>\n</body></text></martif>\n"
)
UNWRITABLE_IMPORTS = [
    ("in.tbx", TBX_TERMS.format(en="#tag", ar="وسم"), None, "in.tbx:2: en '#tag' starts with '#'"),
    ("in.csv", "ar,en\nوسم,#tag\n", None, "in.csv:2: en '#tag' starts with '#'"),
    (
        "in.tbx",
        TBX_TERMS.format(en="en", ar="ar"),
        None,
        "in.tbx:2: cannot be written as a tarjama glossary row: repeats the header row",
    ),
    ("in.txt", "ar\ten\n", "omegat", "in.txt:1: is a header row (ar, en)"),
]


@pytest.mark.parametrize(("name", "content", "fmt", "message"), UNWRITABLE_IMPORTS)
def test_an_import_never_writes_a_glossary_its_reader_refuses_or_misreads(
    tmp_path: Path, name: str, content: str, fmt: str | None, message: str
):
    """An imported row `#tag` became a comment (the entry lost, "wrote y.tsv (1 entries)"),
    and a term pair `en`/`ar` a repeated header the reader refuses: the import wrote both."""
    source = glossary(tmp_path, content, name)
    output = tmp_path / "out.tsv"
    with pytest.raises(GlossaryFormatError) as caught:
        import_glossary(source, output, fmt=fmt)
    assert str(caught.value).startswith(str(tmp_path / message)), caught.value
    assert not output.exists()


@pytest.mark.parametrize(
    ("header", "row", "fmt", "source_lang", "message"),
    [
        ("ar\ten", "وسم\t#tag", "csv", "en", "en '#tag' starts with '#'"),
        ("ar\ten", "وسم\t#tag", "tsv", "en", "en '#tag' starts with '#'"),
        ("en\tar", "tag\t#وسم", "omegat", "ar", "ar '#وسم' starts with '#'"),
    ],
)
def test_an_export_never_writes_a_row_its_reader_reads_as_a_comment(
    tmp_path: Path, header: str, row: str, fmt: str, source_lang: str, message: str
):
    """A TSV whose first column is ar may hold an en `#tag`; exported with en first, the
    row became a comment of the CSV, TSV or OmegaT file, and the entry was gone."""
    path = glossary(tmp_path, f"{header}\n{row}\n")
    output = tmp_path / f"out.{fmt}"
    with pytest.raises(GlossaryFormatError) as caught:
        export_glossary([path], output, fmt=fmt, source_lang=source_lang)
    assert str(caught.value).startswith(f"{path}:2: {message}")
    assert not output.exists()
    export_glossary([path], tmp_path / "out.tbx")  # TBX has no comment rows


def test_glossary_find_names_the_text_not_a_glossary(tmp_path: Path, monkeypatch):
    """`glossary find mem.txt -g ok.tsv` for an unreadable text said "mem.txt: cannot read
    the glossary…" (mem.txt is the text)."""
    path = glossary(tmp_path, "en\tar\nKremlin\tالكرملين\n")
    text = tmp_path / "mem.txt"
    text.write_text("The Kremlin.\n", encoding="utf-8")
    real = Path.read_bytes

    def unreadable(self: Path) -> bytes:
        if self.name == "mem.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", unreadable)
    result = cli("find", str(text), "-g", str(path))
    assert_one_line_error(result, f"{text}: cannot be read: Permission denied")
    assert "cannot read the glossary" not in result.stderr


@pytest.mark.parametrize("folder", [".", "..", "{tmp}", "{tmp}/", "sub/"])
def test_glossary_find_of_a_folder_is_an_error_not_text(tmp_path: Path, monkeypatch, folder: str):
    """`glossary find /tmp` searched the literal string "/tmp" and found nothing, quietly."""
    path = glossary(tmp_path, "en\tar\nKremlin\tالكرملين\n")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path)
    result = cli("find", folder.format(tmp=tmp_path), "-g", str(path))
    assert_one_line_error(result, "is not a regular file — pass a file holding the text")


def test_glossary_find_of_a_word_that_is_also_a_folder_searches_the_word(
    tmp_path: Path, monkeypatch
):
    path = glossary(tmp_path, "en\tar\nKremlin\tالكرملين\n")
    (tmp_path / "Kremlin").mkdir()
    monkeypatch.chdir(tmp_path)
    result = cli("find", "Kremlin", "-g", str(path))
    assert result.exit_code == 0 and "1 match(es)" in result.stdout


def test_a_csv_cell_over_the_csv_limit_says_so(tmp_path: Path):
    """A cell over 128 KiB said "close every quoted cell…" (there are no quotes)."""
    path = glossary(tmp_path, "en,ar,note\nGaza,غزة," + "x" * 140_000 + "\n", "big.csv")
    with pytest.raises(GlossaryFormatError) as caught:
        import_glossary(path, tmp_path / "out.tsv")
    assert str(caught.value).startswith(
        f"{path}:2: a cell of the row starting here is longer than 131,072 characters"
    )
    assert "close every quoted cell" not in str(caught.value)


@pytest.mark.parametrize("command", ["export", "import"])
def test_a_folder_as_the_output_is_named_a_folder(tmp_path: Path, command: str):
    """`glossary export -o DIR` said "check the folder's permissions and free space"."""
    if command == "import":
        path = glossary(tmp_path, "en,ar\nKremlin,الكرملين\n", "g.csv")
    else:
        path = glossary(tmp_path, "en\tar\nKremlin\tالكرملين\n")
    folder = tmp_path / "out"
    folder.mkdir()
    result = cli(command, str(path), "-o", str(folder), "--format", "csv")
    assert_one_line_error(result, f"the output {folder} is a folder — give a file name with -o")


def test_a_deeply_nested_tbx_says_it_nests_too_deep(tmp_path: Path):
    """libxml2's words were "Excessive depth in document: 256, use XML_PARSE_HUGE option"."""
    path = glossary(tmp_path, "<martif>" + "<p>" * 300 + "</p>" * 300 + "</martif>", "deep.tbx")
    with pytest.raises(GlossaryFormatError) as caught:
        import_glossary(path, tmp_path / "out.tsv")
    assert "nests elements more than 256 deep" in str(caught.value)
    assert "XML_PARSE_HUGE" not in str(caught.value)


@pytest.mark.parametrize(
    ("name", "content", "warning"),
    [
        ("in.tbx", TBX_TERMS.format(en="Kremlin\u202e", ar="الكرملين"), "in.tbx:2: en 'Kremlin"),
        ("in.csv", "en,ar\nGaza,غ\u200bزة\n", "in.csv:2: ar 'غ\\u200bزة' holds hidden control"),
        ("in.csv", "en,ar\nGaza,Hamas\n", "in.csv:2: ar 'Hamas' has Latin letters"),
        ("in.csv", "en,ar\nISIS,داعش\nISIL,داعش\n", "in.csv:2: ar 'داعش' → 'ISIS' here"),
    ],
)
def test_import_warns_of_what_check_would_report(
    tmp_path: Path, name: str, content: str, warning: str
):
    """TBX import of a term holding a right-to-left override said nothing; `glossary check`
    of the result would."""
    source = glossary(tmp_path, content, name)
    output = tmp_path / "out.tsv"
    result = import_glossary(source, output)
    assert any(str(tmp_path / warning) in message for message in result.warnings), result.warnings
    run = cli("import", str(source), "-o", str(tmp_path / "again.tsv"))
    assert run.exit_code == 0 and f"warning: {tmp_path / warning}" in run.stderr
    assert output.exists()


def test_import_help_says_a_tsv_needs_format():
    """The help said "default: from the file's extension", but a .tsv always failed."""
    result = CliRunner().invoke(app, ["glossary", "import", "--help"], env={"COLUMNS": "200"})
    text = " ".join(result.stdout.replace("│", " ").split())
    assert "a .tsv (OmegaT's or tarjama's?) or .txt file needs --format" in text
