"""Exporters only read the Document: parallel text, JSONL records, the side-by-side page."""

from __future__ import annotations

import json

import pytest
from lxml import html as lxml_html

from tarjama.document import Document
from tarjama.export.html import isolate, side_by_side_html
from tarjama.export.jsonl import segments_jsonl
from tarjama.export.parallel import parallel_version
from tarjama.segment.segmenter import segment_text


def translated(text: str) -> Document:
    """A document with hand-set translations: exporters don't care who made them."""
    document = segment_text(text)
    for segment in document.segments:
        if segment.source_lang in ("ar", "en"):
            segment.target_lang = "en" if segment.source_lang == "ar" else "ar"
            segment.translation = f'<T{segment.id}> & "{segment.target_lang}"'
    document.provenance = {"tool_version": "0.0.test", "models": {}, "decoding": {"beam_size": 1}}
    return document


MIXED = "The envoy <b>spoke</b>.\nقال المبعوث إن المحادثات ستستمر.\n\nad a b\n"


def test_parallel_version_keeps_crlf_and_bom_of_the_input():
    document = translated(MIXED)
    document.newline, document.had_bom = "\r\n", True
    english = parallel_version(document, "en")
    assert english.startswith("\ufeffThe envoy <b>spoke</b>.\r\n")
    assert english.endswith("\r\n\r\nad a b\r\n")


def test_jsonl_has_header_then_one_record_per_segment():
    document = translated(MIXED)
    records = [json.loads(line) for line in segments_jsonl(document).splitlines()]
    assert records[0]["type"] == "header" and records[0]["tool_version"] == "0.0.test"
    assert [r["type"] for r in records[1:]] == ["segment"] * len(document.segments)
    first = records[1]
    for field in ("id", "paragraph", "source", "source_lang", "target_lang", "translation"):
        assert field in first
    kept = records[-1]
    assert (kept["source"], kept["translation"], kept["target_lang"]) == ("ad a b", None, None)


def test_html_escapes_text_and_marks_arabic_cells_rtl():
    page = side_by_side_html(translated(MIXED), title="<script>alert(1)</script>")
    assert "<script>alert" not in page and "&lt;b&gt;spoke&lt;/b&gt;" in page
    tree = lxml_html.fromstring(page)
    arabic_cells = tree.xpath('//td[@lang="ar"]')
    assert arabic_cells and all(cell.get("dir") == "rtl" for cell in arabic_cells)
    assert len(tree.xpath("//tbody[@class='paragraph']")) == 2
    assert tree.xpath("//td[@class='kept']")[0].text_content().startswith("ad a b")


def test_isolate_wraps_other_script_runs_in_bdi():
    assert isolate("The envoy (زامير كابولوف) spoke", "en") == (
        'The envoy (<bdi dir="rtl" lang="ar">زامير كابولوف</bdi>) spoke'
    )
    assert isolate("منظمة (CSTO) تعلن", "ar") == 'منظمة (<bdi dir="ltr" lang="en">CSTO</bdi>) تعلن'


def test_warning_mark_sits_on_the_translation_cell():
    document = translated("The envoy (زامير كابولوف) spoke.\n")
    document.segments[0].warnings.append("line 1: the model dropped the foreign name")
    tree = lxml_html.fromstring(side_by_side_html(document, title="t"))
    marked = tree.xpath("//span[@class='warn']/ancestor::td")
    assert [cell.get("lang") for cell in marked] == ["ar"]
    assert "dropped the foreign name" in tree.xpath("//span[@class='warn']/@title")[0]


@pytest.mark.parametrize(
    ("translation", "lang", "source_form", "target", "marked_text"),
    [
        # a proclitic on the applied term: the plain substring search found nothing (the
        # mark leaves the clitic out, as source spans do: ل of ل + الكرملين)
        ("قال مصدر مقرب للكرملين", "ar", "Kremlin", "الكرملين", "لكرملين"),
        ("وصل الوفد إلى أنقره أمس", "ar", "Ankara", "أنقرة", "أنقره"),
        # the term inside a longer word was marked: Iran in Iranian
        ("the Iranian side met Iran", "en", "إيران", "Iran", "Iran"),
        ("The kremlin said", "en", "الكرملين", "Kremlin", "kremlin"),
    ],
)
def test_html_marks_applied_terms_where_the_audit_found_them(
    translation, lang, source_form, target, marked_text
):
    from tarjama.document import TermMatch
    from tarjama.export.html import target_term_spans

    term = TermMatch(0, 1, source_form, source_form, target, "g.tsv:2", status="applied")
    spans = target_term_spans(translation, lang, [term])
    assert [translation[start:end] for start, end, _, _ in spans] == [marked_text]
    if marked_text == "Iran":
        assert spans[0][0] == translation.rindex("Iran")


def test_isolate_keeps_a_url_whole_in_an_arabic_cell_and_shows_an_rlo():
    # issue 8: the URL was isolated in letter runs and drew as 5=id?…//:https; an RLO was
    # obeyed and drew txt.exe as exe.txt
    url = "https://example.org/news/2021/report.html?id=5"
    assert isolate(f"الموقع {url} اليوم.", "ar") == (
        f'الموقع <bdi dir="ltr" lang="en" class="url">{url}</bdi> اليوم.'
    )
    assert isolate("named \u202etxt.exe\u202c", "en") == (
        'named <span class="ctl" title="U+202E (RIGHT-TO-LEFT OVERRIDE)">RLO</span>txt.exe'
        '<span class="ctl" title="U+202C (POP DIRECTIONAL FORMATTING)">PDF</span>'
    )
