"""Import and export: CSV, TBX-Basic and OmegaT round trips, format inference, bad input."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from lxml import etree

from tarjama.errors import GlossaryFormatError, GlossaryValueError
from tarjama.glossary import check_glossaries, export_glossary, import_glossary, load_glossaries
from tarjama.glossary.formats import infer_format

SOURCE = (
    "# sample\n"
    "en\tar\ttype\tcase\tdnt\tnote\n"
    'Zamir Kabulov\tزامير كابولوف\tperson\t\t\tRussian envoy, "Afghan file"\n'
    "Kremlin\tالكرملين\torg\t\t\t\n"
    "US\tالولايات المتحدة\tplace\tsensitive\t\t\n"
    "ceasefire\tوقف إطلاق النار\tterm\t\t\tcomma, in a note\n"
    "ChatGPT\tChatGPT\tterm\t\tyes\t\n"
    "referendum\tاستفتاء\t\t\t\t\n"
)
NEWS = Path(__file__).resolve().parent.parent / "glossaries" / "news.tsv"


def fields(entries) -> list[tuple]:
    return [(e.en, e.ar, e.type, e.note, e.case_sensitive, e.dnt) for e in entries]


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "source.tsv"
    path.write_text(SOURCE, encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".csv", ".tbx", ".tsv"])
def test_round_trip_keeps_every_field(tmp_path: Path, source: Path, suffix: str):
    exported = tmp_path / f"out{suffix}"
    export_glossary([source], exported)
    back = tmp_path / "back.tsv"
    if suffix == ".tsv":
        back = exported
    else:
        import_glossary(exported, back)
    assert fields(load_glossaries([back]).entries) == fields(load_glossaries([source]).entries)


def test_omegat_round_trip_keeps_terms_and_notes(tmp_path: Path, source: Path):
    exported = tmp_path / "out.utf8"
    export_glossary([source], exported)
    text = exported.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("#")
    assert 'Zamir Kabulov\tزامير كابولوف\tRussian envoy, "Afghan file"' in text
    assert "Kremlin\tالكرملين\n" in text
    back = tmp_path / "back.tsv"
    import_glossary(exported, back, fmt="omegat")
    original = load_glossaries([source]).entries
    assert [(e.en, e.ar, e.note) for e in load_glossaries([back]).entries] == [
        (e.en, e.ar, e.note) for e in original
    ]


def test_omegat_source_language_flips_the_columns(tmp_path: Path, source: Path):
    exported = tmp_path / "ar-en.txt"
    export_glossary([source], exported, fmt="omegat", source_lang="ar")
    assert "زامير كابولوف\tZamir Kabulov\t" in exported.read_text(encoding="utf-8")
    back = tmp_path / "back.tsv"
    import_glossary(exported, back, fmt="omegat", source_lang="ar")
    assert load_glossaries([back]).entries[0].en == "Zamir Kabulov"


def test_the_whole_news_glossary_survives_tbx(tmp_path: Path):
    exported = tmp_path / "news.tbx"
    export_glossary([NEWS], exported)
    back = tmp_path / "news.tsv"
    result = import_glossary(exported, back)
    assert result.skipped == []
    assert fields(load_glossaries([back]).entries) == fields(load_glossaries([NEWS]).entries)


def test_tbx_is_tbx_basic(tmp_path: Path, source: Path):
    exported = tmp_path / "out.tbx"
    export_glossary([source], exported)
    data = exported.read_bytes()
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE martif")
    root = etree.fromstring(data)
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert root.tag == "martif" and root.get("type") == "TBX-Basic" and root.get(lang) == "en"
    assert root.find("martifHeader/encodingDesc/p").text == "TBXBasicXCSV02.xcs"
    entries = root.findall("text/body/termEntry")
    assert len(entries) == 6 and entries[0].get("id") == "c1"
    first = entries[0]
    assert [ls.get(lang) for ls in first.findall("langSet")] == ["en", "ar"]
    assert first.find("langSet/tig/term").text == "Zamir Kabulov"
    assert first.find("langSet/tig/termNote[@type='partOfSpeech']").text == "properNoun"
    assert [note.text for note in first.findall("note")] == [
        'Russian envoy, "Afghan file"',
        "tarjama: type=person",
    ]
    assert entries[5].find("langSet/tig/termNote") is None  # a term: no part of speech guessed


def test_csv_has_a_header_and_quotes_where_needed(tmp_path: Path, source: Path):
    exported = tmp_path / "out.csv"
    export_glossary([source], exported)
    lines = exported.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "en,ar,type,case,dnt,note"
    assert lines[1] == 'Zamir Kabulov,زامير كابولوف,person,,,"Russian envoy, ""Afghan file"""'


def test_csv_import_accepts_bom_comments_and_quoted_line_breaks(tmp_path: Path):
    path = tmp_path / "in.csv"
    path.write_bytes(
        codecs.BOM_UTF8 + 'EN,AR,Note\n# comment\n,,\nGaza,غزة,"two\nlines"\nRafah,رفح,\n'.encode()
    )
    back = tmp_path / "out.tsv"
    result = import_glossary(path, back)
    assert [(e.en, e.ar, e.note, e.location) for e in result.entries] == [
        ("Gaza", "غزة", "two lines", f"{path}:4"),
        ("Rafah", "رفح", None, f"{path}:6"),
    ]
    assert fields(load_glossaries([back]).entries) == fields(result.entries)


MALFORMED = [
    ("in.csv", "en,ar\nGaza\n", "in.csv:2: has 1 cell(s), the header has 2"),
    ("in.csv", "en,ar\nGaza,غزة\n\nRafah,,\n", "in.csv:4: has 3 cell(s)"),
    ("in.csv", "en,ar\n\nRafah,\n", "in.csv:3: empty ar cell"),
    ("in.csv", "english,arabic\n", "in.csv:1: bad header: unknown column 'english'"),
    ("in.csv", 'en,ar\nGaza,غزة\nRafah,"رفح\n', "in.csv:3: malformed CSV"),
    ("in.csv", 'en,ar\n"Gaza" Strip,قطاع غزة\n', "in.csv:2: malformed CSV"),
    ("in.csv", "# only a comment\n", "in.csv:1: no header row"),
    ("in.utf8", "# c\nGaza\n", "in.utf8:2: has one cell"),
    ("in.utf8", "Gaza\t\n", "in.utf8:1: empty ar cell"),
    ("in.tbx", "<martif><text><body><termEntry>", "in.tbx:1: is not well-formed XML"),
    ("in.tbx", "<html/>", "in.tbx:1: not a TBX file: the root element is <html>"),
]


@pytest.mark.parametrize(("name", "content", "message"), MALFORMED)
def test_malformed_imports_name_file_and_line(tmp_path: Path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    output = tmp_path / "out.tsv"
    with pytest.raises(GlossaryFormatError) as caught:
        import_glossary(path, output)
    assert str(caught.value).startswith(str(tmp_path / message))
    assert not output.exists()


@pytest.mark.parametrize(("name", "content", "message"), MALFORMED)
def test_regression_every_malformed_import_says_how_to_fix_it(
    tmp_path: Path, name, content, message
):
    """A CSV row with too few cells, an OmegaT row of one cell and a non-TBX root named
    the problem but no fix; a CSV header's fix spoke of tabs."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GlossaryFormatError) as caught:
        import_glossary(path, tmp_path / "out.tsv")
    fix = caught.value.fix
    assert fix, caught.value
    if name.endswith(".csv"):
        assert "tab" not in fix, fix


def test_regression_a_csv_quote_left_open_is_not_merged_into_a_row(tmp_path: Path):
    """csv's lenient mode read an unclosed quote to the end of the file as one cell; the
    error points at the row where the quote opens."""
    path = tmp_path / "in.csv"
    path.write_text('en,ar\nRafah,"رفح\nGaza,غزة\n', encoding="utf-8")
    with pytest.raises(GlossaryFormatError, match=r"in\.csv:2: malformed CSV"):
        import_glossary(path, tmp_path / "out.tsv")


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_regression_csv_from_a_spreadsheet_in_another_locale_is_read(
    tmp_path: Path, delimiter: str
):
    """Spreadsheets set to Arabic (and many European) locales save CSV with semicolons;
    the header was then one unknown column 'en;ar;type'."""
    rows = [["en", "ar", "type", "note"], ["Gaza", "غزة", "place", "a note, with a comma"]]
    text = "\n".join(
        delimiter.join(f'"{cell}"' if "," in cell else cell for cell in row) for row in rows
    )
    path = tmp_path / "in.csv"
    path.write_text(text + "\n", encoding="utf-8")
    result = import_glossary(path, tmp_path / "out.tsv")
    assert fields(result.entries) == [
        ("Gaza", "غزة", "place", "a note, with a comma", False, False)
    ]


def test_regression_omegat_round_trip_keeps_dnt_and_passes_check(tmp_path: Path):
    """A dnt row exported as ChatGPT<TAB>ChatGPT came back as a plain row whose ar cell is
    Latin: `check` failed on the imported starter glossary."""
    exported = tmp_path / "news.utf8"
    export_glossary([NEWS], exported)
    back = tmp_path / "back.tsv"
    import_glossary(exported, back)
    original = load_glossaries([NEWS]).entries
    assert [(e.en, e.ar, e.dnt) for e in load_glossaries([back]).entries] == [
        (e.en, e.ar, e.dnt) for e in original
    ]
    assert check_glossaries([back]) == []


def test_tbx_import_reads_regions_v3_and_reports_what_it_skips(tmp_path: Path):
    path = tmp_path / "other.tbx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">\n'
        "<text><body>\n"
        '<conceptEntry id="a">\n'
        '  <langSec xml:lang="en-US"><termSec><term>Kabul</term></termSec>\n'
        "    <termSec><term>Kabol</term></termSec></langSec>\n"
        '  <langSec xml:lang="ar-AF"><termSec><term>كابول</term></termSec></langSec>\n'
        '  <langSec xml:lang="fr"><termSec><term>Kaboul</term></termSec></langSec>\n'
        "</conceptEntry>\n"
        '<conceptEntry id="b">\n'
        '  <langSec xml:lang="fr"><termSec><term>Paris</term></termSec></langSec>\n'
        "</conceptEntry>\n"
        "</body></text></tbx>\n",
        encoding="utf-8",
    )
    output = tmp_path / "out.tsv"
    result = import_glossary(path, output)
    assert [(e.en, e.ar, e.line) for e in result.entries] == [("Kabul", "كابول", 4)]
    assert result.skipped == [
        f"{path}:4: conceptEntry a: only the first en term is kept (also: 'Kabol')",
        f"{path}:10: conceptEntry b: no en term; skipped",
    ]


def test_tbx_import_never_expands_external_entities(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    path = tmp_path / "evil.tbx"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        '<martif type="TBX-Basic"><text><body><termEntry id="c1">'
        '<langSet xml:lang="en"><tig><term>Gaza&x;</term></tig></langSet>'
        '<langSet xml:lang="ar"><tig><term>غزة</term></tig></langSet>'
        "</termEntry></body></text></martif>\n",
        encoding="utf-8",
    )
    with pytest.raises(GlossaryFormatError, match=r"evil\.tbx:2: declares an XML entity"):
        import_glossary(path, tmp_path / "out.tsv")
    assert not (tmp_path / "out.tsv").exists()


@pytest.mark.parametrize(
    ("name", "importing", "expected"),
    [
        ("a.csv", True, "csv"),
        ("a.TBX", True, "tbx"),
        ("a.utf8", True, "omegat"),
        ("a.tab", False, "omegat"),
        ("a.tsv", False, "tsv"),
    ],
)
def test_format_from_the_extension(name: str, importing: bool, expected: str):
    assert infer_format(Path(name), None, importing=importing) == expected


@pytest.mark.parametrize(
    ("name", "importing", "message"),
    [
        ("a.tsv", True, "a .tsv file may be an OmegaT glossary or tarjama's own"),
        ("a.xlsx", False, "cannot tell the format of a.xlsx from its extension"),
        ("a", True, "cannot tell the format of a from"),
    ],
)
def test_an_unknown_or_ambiguous_extension_needs_format(name: str, importing: bool, message):
    with pytest.raises(GlossaryValueError, match="pass --format") as caught:
        infer_format(Path(name), None, importing=importing)
    assert message in str(caught.value)


def test_export_refuses_to_overwrite_an_input(source: Path):
    with pytest.raises(GlossaryValueError, match="is also an input"):
        export_glossary([source], source)


def test_export_combines_files_later_winning(tmp_path: Path, source: Path):
    override = tmp_path / "local.tsv"
    override.write_text("en\tar\nKremlin\tالكريملين\n", encoding="utf-8")
    exported = tmp_path / "all.csv"
    glossary = export_glossary([source, override], exported)
    assert len(glossary.conflicts) == 1
    assert "Kremlin,الكريملين" in exported.read_text(encoding="utf-8")
