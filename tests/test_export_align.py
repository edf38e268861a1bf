"""``tarjama align`` through the CLI: an Arabic article and its English version, every
export format, ``--split lines``, inputs never overwritten, errors, and the aligned review
file back into the memory.

The command used to be a stub that took no arguments.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document as WordDocument
from lxml import etree
from lxml import html as lxml_html
from typer.testing import CliRunner

from tarjama.align import parse_vecalign
from tarjama.cli import app
from tarjama.export.bilingual import ALIGN_EXPORTS, EXPORTS, aligned_stem
from tarjama.memory import TranslationMemory
from tarjama.review import read_reviewed

SCHEMA = Path(__file__).resolve().parent / "schemas" / "xliff-2.1" / "xliff_core_2.0.xsd"

# Paragraph 1: two Arabic sentences the English merges (2-1). Paragraph 2: the English drops
# the second sentence (1-0).
ARTICLE_AR = (
    "أعلنت وزارة الصحة يوم الاثنين عن افتتاح مستشفى جديد في مدينة الموصل. "
    "ويضم المستشفى 250 سريرا وقسما للطوارئ.\n\n"
    "وقال الوزير إن المشروع كلف 40 مليون دولار. وأضاف أن العمل بدأ في عام 2019. "
    "وشكر الوزير منظمة WHO على دعمها.\n\n"
    "ومن المتوقع أن يستقبل المستشفى أول المرضى في الشهر المقبل. وسيعمل فيه أكثر من 600 موظف.\n"
)
ARTICLE_EN = (
    "The Ministry of Health announced on Monday the opening of a new hospital in the city of "
    "Mosul, which has 250 beds and an emergency department.\n\n"
    "The minister said the project cost 40 million dollars. He thanked the WHO for its "
    "support.\n\n"
    "The hospital is expected to receive its first patients next month. More than 600 staff "
    "will work there.\n"
)
EXPECTED = "[0,1]:[0]\n[2]:[1]\n[3]:[]\n[4]:[2]\n[5]:[3]\n[6]:[4]\n"
FORMATS = sorted({*EXPORTS, *ALIGN_EXPORTS})


@pytest.fixture
def article(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "ar.txt").write_text(ARTICLE_AR, encoding="utf-8")
    (tmp_path / "en.txt").write_text(ARTICLE_EN, encoding="utf-8")
    return tmp_path / "ar.txt", tmp_path / "en.txt"


def _align(*args: str | Path):
    return CliRunner().invoke(app, ["align", *map(str, args)])


def _opens(path: Path) -> int:
    """How many links the file at ``path`` holds, read the way its users read it."""
    data = path.read_bytes()
    name = path.name
    if name.endswith(".xlf"):
        root = etree.fromstring(data)
        if root.get("version") == "2.1":
            assert etree.XMLSchema(etree.parse(str(SCHEMA))).validate(etree.ElementTree(root))
        return len(root.findall(".//{*}unit") or root.findall(".//{*}trans-unit"))
    if name.endswith(".tmx"):
        return len(etree.fromstring(data).findall(".//tu"))
    if name.endswith(".docx"):
        return len(WordDocument(io.BytesIO(data)).tables[0].rows) - 1
    if name.endswith(".html"):
        return len(lxml_html.fromstring(data).xpath("//tr[contains(@class, 'link')]"))
    if name.endswith(".vecalign.txt"):
        return len(parse_vecalign(data.decode("utf-8")))
    if name.endswith(".tsv"):
        return len(read_reviewed(path).units)
    if name.endswith(".md"):
        return len([line for line in data.decode().splitlines() if line.startswith("| ")]) - 2
    raise AssertionError(f"no check for {name}")


def test_article_with_a_merge_and_a_drop_aligns_and_every_format_opens(article, tmp_path):
    source, target = article
    args = [arg for fmt in FORMATS for arg in ("--format", fmt)]
    result = _align(source, target, "-o", tmp_path / "out", *args)
    assert result.exit_code == 0, result.output
    assert "7 segments" in result.output and "5 segments" in result.output
    assert "6 links (1-0 1, 1-1 4, 2-1 1)" in result.output
    written = sorted((tmp_path / "out").iterdir())
    assert [p.name for p in written] == sorted(
        f"ar.en{ext}"
        for ext in [e.extension for e in {**EXPORTS, **ALIGN_EXPORTS}.values()] + [".align.jsonl"]
    )
    assert (tmp_path / "out" / "ar.en.vecalign.txt").read_text(encoding="utf-8") == EXPECTED
    for path in (p for p in written if not p.name.endswith(".align.jsonl")):
        links = _opens(path)
        assert links == (5 if path.suffix == ".tmx" else 6), path.name  # TMX: no 1-0 unit


def test_default_format_is_the_side_by_side_page(article, tmp_path):
    result = _align(*article, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "ar.en.align.jsonl",
        "ar.en.bitext.html",
    ]
    page = (tmp_path / "out" / "ar.en.bitext.html").read_text(encoding="utf-8")
    assert "aligned by " in page and "models: none used" not in page


def test_split_lines_ids_are_line_numbers(tmp_path):
    ar = tmp_path / "udhr.ar.txt"
    en = tmp_path / "udhr.en.txt"
    ar.write_text("المادة 1\nيولد جميع الناس أحرارا.\nالمادة 2\nلكل إنسان حق التمتع.\n", "utf-8")
    en.write_text("Article 1\nAll human beings are born free.\nArticle 2\nEveryone.\n", "utf-8")
    result = _align(ar, en, "-o", tmp_path, "--split", "lines", "-f", "vecalign", "-f", "tsv")
    assert result.exit_code == 0, result.output
    vecalign = (tmp_path / "udhr.ar.en.vecalign.txt").read_text(encoding="utf-8")
    assert vecalign == "[0]:[0]\n[1]:[1]\n[2]:[2]\n[3]:[3]\n"
    units = read_reviewed(tmp_path / "udhr.ar.en.bitext.tsv").units
    assert units[1].ar == "يولد جميع الناس أحرارا."
    assert units[1].en == "All human beings are born free."


@pytest.mark.parametrize(
    ("source", "target", "stem"),
    [
        ("ar.txt", "en.txt", "ar.en"),
        ("article.ar.txt", "article.en.txt", "article.ar.en"),
        ("udhr.ar.para.txt", "udhr.en.para.txt", "udhr.ar.para.en.para"),
        ("a/story.md", "b/story.md", "story"),
        ("x.md", "X.txt", "x"),
        ("news.md", "news.en.md", "news.news.en"),
    ],
)
def test_aligned_stem(source: str, target: str, stem: str):
    assert aligned_stem(Path(source), Path(target)) == stem


def test_a_failed_run_writes_nothing_and_keeps_earlier_outputs(article, tmp_path):
    source, target = article
    out = tmp_path / "out"
    assert _align(source, target, "-o", out, "-f", "tmx").exit_code == 0
    before = (out / "ar.en.tmx").read_bytes()
    (out / "ar.en.xlf").mkdir()  # a folder where the XLIFF goes: the write must fail
    result = _align(source, target, "-o", out, "-f", "tmx", "-f", "xliff", "-f", "tsv")
    assert result.exit_code != 0
    assert (out / "ar.en.tmx").read_bytes() == before and not (out / "ar.en.bitext.tsv").exists()
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        ((ARTICLE_AR, ARTICLE_AR), "cannot align 'ar' with 'ar'"),
        ((ARTICLE_AR, None), "no such file"),
        ((ARTICLE_AR, ""), "is empty"),
    ],
)
def test_bad_inputs_are_one_line_errors_and_exit_1(texts, message, tmp_path):
    paths = []
    for name, text in zip(("one.txt", "two.txt"), texts, strict=True):
        if text is not None:
            (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    result = _align(*paths, "-o", tmp_path / "out", "-f", "tmx")
    assert result.exit_code == 1 and result.output.startswith("error: ")
    assert message in result.output and result.output.count("\n") == 1
    assert not list((tmp_path / "out").glob("*.tmx"))


def test_unknown_format_is_refused_before_any_work(article, tmp_path):
    result = _align(*article, "-o", tmp_path / "out", "-f", "pdf")
    assert result.exit_code == 2 and "pdf" in result.output


def test_outputs_beside_the_inputs_leave_them_as_they_were(article, tmp_path):
    source, target = article
    result = _align(source, target, "-o", tmp_path, *[a for f in FORMATS for a in ("-f", f)])
    assert result.exit_code == 0, result.output
    assert source.read_text(encoding="utf-8") == ARTICLE_AR
    assert target.read_text(encoding="utf-8") == ARTICLE_EN


def test_aligned_review_file_feeds_the_memory(article, tmp_path, private_memory):
    result = _align(*article, "-o", tmp_path / "out", "-f", "xliff")
    assert result.exit_code == 0, result.output
    applied = CliRunner().invoke(app, ["review", "apply", str(tmp_path / "out" / "ar.en.xlf")])
    assert applied.exit_code == 0, applied.output
    assert "5 stored" in applied.output and "skipped s3" in applied.output
    with TranslationMemory(private_memory) as tm:
        assert tm.lookup("وشكر الوزير منظمة WHO على دعمها.", "ar", "en") == (
            "He thanked the WHO for its support."
        )


def test_docx_of_an_alignment_has_two_columns_arabic_right_to_left(article, tmp_path):
    assert _align(*article, "-o", tmp_path, "-f", "docx").exit_code == 0
    data = (tmp_path / "ar.en.bitext.docx").read_bytes()
    assert len(WordDocument(io.BytesIO(data)).tables[0].columns) == 2
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert xml.count("<w:bidi/>") == 7 and xml.count("<w:rtl/>") == 7  # header + 6 links


@pytest.mark.slow
def test_models_add_the_translation_term(article, tmp_path, standin_models):
    args = [a for direction, path in standin_models.items() for a in ("-m", f"{direction}={path}")]
    result = _align(*article, "-o", tmp_path, "-f", "html", *args)
    assert result.exit_code == 0, result.output
    assert "translation chrF" in (tmp_path / "ar.en.bitext.html").read_text(encoding="utf-8")


def test_glossary_conflicts_are_reported_as_translate_reports_them(article, tmp_path):
    # align loaded the glossaries and said nothing of their conflicts
    first, second = tmp_path / "a.tsv", tmp_path / "b.tsv"
    first.write_text("en\tar\nMinistry of Health\tوزارة الصحة\n", encoding="utf-8")
    second.write_text("en\tar\nHealth Ministry\tوزارة الصحة\n", encoding="utf-8")
    result = _align(*article, "-o", tmp_path / "out", "-g", first, "-g", second)
    assert result.exit_code == 0, result.output
    assert f"glossary conflict: {first}:2 and {second}:2" in result.stderr
