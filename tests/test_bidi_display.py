"""What the pages and the Word file show of mixed-direction text (issue 8, items 4 and 5).

* Bidi controls hid text: ``named \\u202Etxt.exe\\u202C`` showed as "exe.txt". The HTML
  pages and the DOCX show every hidden control as a visible label and never obey it; the
  text versions keep it byte-exact.
* Arabic cells scrambled URLs, e-mail addresses and code: ``<bdi>`` wrapped letter runs,
  not the whole token, so ``https://example.org/news/2021/report.html?id=5`` showed as
  ``5=id?example.org/news/2021/report.html//:https``. Each left-to-right token is now one
  isolated unit, in both pages and in the DOCX (a run of its own, without ``w:rtl``).

The browser's own rendering of the same page is checked in ``test_browser.py``.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document as WordDocument
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from tarjama.bidi import isolation_units
from tarjama.chars import char_name, hidden_controls, show_hidden, visible_label
from tarjama.document import AR, EN, AlignmentLink, Document, Paragraph, Segment, TermMatch
from tarjama.export.docx import LABEL_COLOR, export_docx
from tarjama.export.html import bitext_html, isolate, marked, side_by_side_html
from tarjama.export.parallel import parallel_version

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

URL = "https://example.org/news/2021/report.html?id=5"
URL_AR = f"وقال الموقع {URL} اليوم."
EMAIL = "user@example.com"
EMAIL_AR = f"للتواصل راسلوا {EMAIL} قبل الموعد."
CODE = "`pip install tarjama`"
LINK = "[الدليل](https://example.org/docs)"
CODE_AR = f"شغّل الأمر {CODE} ثم اكتب <b>نعم</b> في {LINK} مباشرة."
NUMBERS_AR = "وذلك بمشاركة 4,053 جنديا في 30/08/2021 قرب الحدود."
RLO_NAME = "\u202etxt.exe\u202c"
RLO_EN = f"The attachment was named {RLO_NAME} by the sender."
RLO_AR = f"كان اسم المرفق {RLO_NAME} كما أرسله المرسل."

#: every kind of hidden control chars.py knows, one of each (a tag letter for the tags)
ALL_CONTROLS = (
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # embeddings, overrides, isolates
    "\u200b\u2060\u2061\u2062\u2063\u2064\u180e\ufeff\U000e0041"  # invisible characters, a tag
)


def bilingual(*rows: tuple[str, str, str | None], path: str = "bidi/report.txt") -> Document:
    """One paragraph a row, each row ``(source, its language, its translation)``: a
    translated document built by hand (no model), linked 1-1."""
    text = "\n\n".join(source for source, _, _ in rows) + "\n"
    paragraphs, position = [], 0
    for index, (source, lang, translation) in enumerate(rows):
        start = text.index(source, position)
        segment = Segment(
            id=index,
            paragraph=index,
            line=text.count("\n", 0, start) + 1,
            start=start,
            end=start + len(source),
            source=source,
            source_lang=lang,
            confidence=1.0,
        )
        if translation is not None:
            segment.target_lang = EN if lang == AR else AR
            segment.translation = translation
            segment.origin = "model"
        paragraphs.append(Paragraph(index, start, start + len(source), segments=[segment]))
        position = start + len(source)
    document = Document(text=text, path=Path(path), paragraphs=paragraphs)
    document.links = [AlignmentLink((i,), (i,)) for i in range(len(rows))]
    document.provenance = {"tool_version": "0.0.test", "models": {}, "decoding": {}}
    return document


def mixed_document() -> Document:
    """The sentences of the issue: an Arabic URL sentence, an e-mail address, code and
    markup, numbers, and a name hidden behind an RLO (in the source and the translation)."""
    return bilingual(
        (URL_AR, AR, f"The site said {URL} today."),
        (EMAIL_AR, AR, f"Write to {EMAIL} before the deadline."),
        (CODE_AR, AR, f"Run {CODE}, then type <b>yes</b> in the guide."),
        (NUMBERS_AR, AR, "With 4,053 soldiers on 30/08/2021 near the border."),
        (RLO_EN, EN, RLO_AR),
    )


def pages(document: Document) -> dict[str, str]:
    return {
        "side_by_side": side_by_side_html(document, "report"),
        "bitext": bitext_html(document, "report"),
    }


def arabic_cell(page: str, text_start: str) -> lxml_html.HtmlElement:
    tree = lxml_html.fromstring(page)
    cells = [c for c in tree.xpath("//td[@lang='ar']") if c.text_content().startswith(text_start)]
    assert len(cells) == 1, [c.text_content() for c in tree.xpath("//td[@lang='ar']")]
    return cells[0]


# --- 1. hidden controls: shown, never obeyed ----------------------------------------------


@pytest.mark.parametrize("kind", ["side_by_side", "bitext"])
def test_rlo_in_a_name_no_longer_shows_exe_txt_in_the_html_pages(kind: str):
    page = pages(mixed_document())[kind]
    assert "\u202e" not in page and "\u202c" not in page  # never obeyed: not in the page
    assert '<span class="ctl" title="U+202E (RIGHT-TO-LEFT OVERRIDE)">RLO</span>' in page
    assert '<span class="ctl" title="U+202C (POP DIRECTIONAL FORMATTING)">PDF</span>' in page
    tree = lxml_html.fromstring(page)
    english = [c for c in tree.xpath("//td[@lang='en']") if "attachment" in c.text_content()]
    assert english[0].text_content().startswith("The attachment was named RLOtxt.exePDF by")
    # the Arabic translation carries the name: its badges too, the name in order
    cell = arabic_cell(page, "كان اسم المرفق")
    assert [badge.text for badge in cell.xpath(".//span[@class='ctl']")] == ["RLO", "PDF"]
    assert "RLOtxt.exePDF" in cell.text_content()


@pytest.mark.parametrize("ch", list(ALL_CONTROLS), ids=lambda ch: f"U+{ord(ch):04X}")
def test_every_hidden_control_is_a_badge_with_its_name(ch: str):
    html = isolate(f"اسم{ch}الملف a{ch}b", AR) + isolate(f"name{ch}file", EN)
    assert ch not in html
    badge = f'<span class="ctl" title="{char_name(ch)}">{visible_label(ch)}</span>'
    assert html.count(badge) == 3


def test_controls_are_labelled_where_no_markup_can_go():
    document = mixed_document()
    document.segments[4].warnings.append(f"line 9: the name {RLO_NAME} looks odd")
    segment = document.segments[0]
    start = segment.start + segment.source.index("الموقع")
    source_form = f"الموقع{RLO_NAME}"
    segment.terms = [
        TermMatch(start, start + 6, "الموقع", source_form, "site", "g.tsv:2", status="applied")
    ]
    for page in (
        side_by_side_html(document, f"report {RLO_NAME}"),
        bitext_html(document, f"report {RLO_NAME}"),
    ):
        assert not hidden_controls(page)
        tree = lxml_html.fromstring(page)
        assert tree.findtext(".//title") == "report ⟨RLO⟩txt.exe⟨PDF⟩ — tarjama"
        assert [b.text for b in tree.xpath("//h1/span[@class='ctl']")] == ["RLO", "PDF"]
        assert "⟨RLO⟩txt.exe⟨PDF⟩" in tree.xpath("//mark[contains(@class, 'term')]/@title")[0]
    tree = lxml_html.fromstring(side_by_side_html(document, "t"))
    warn = tree.xpath("//td//span[@class='warn']")
    assert warn[0].get("title") == "line 9: the name ⟨RLO⟩txt.exe⟨PDF⟩ looks odd"


def test_kept_rows_code_blocks_and_the_footer_show_controls_too():
    text = f"Share | طباعة | {RLO_NAME}\n\n```\nprint('{RLO_NAME}', \"مرحبا\", 1, 2)\n```\n"
    from tarjama.segment.segmenter import segment_text

    document = segment_text(text, markdown=True)
    document.provenance = {
        "tool_version": "0.0.test",
        "models": {"ar-en": {"name": f"models/{RLO_NAME}", "revision": None}},
        "decoding": {},
    }
    page = side_by_side_html(document, "t")
    assert not hidden_controls(page)
    tree = lxml_html.fromstring(page)
    kept = tree.xpath("//td[contains(@class, 'kept')]")
    assert kept and kept[0].get("dir") == "ltr"
    assert [b.text for b in kept[0].xpath(".//span[@class='ctl']")] == ["RLO", "PDF"]
    code = tree.xpath("//td[@class='code']/pre")[0]
    assert [b.text for b in code.xpath(".//span[@class='ctl']")] == ["RLO", "PDF"]
    # the Arabic string of the code is isolated, so the arguments after it keep their order
    assert [b.text for b in code.xpath(".//bdi[@dir='rtl']")] == ["مرحبا"]
    assert [b.text for b in tree.xpath("//footer//span[@class='ctl']")] == ["RLO", "PDF"]


def test_a_kept_row_takes_the_direction_of_its_first_strong_character():
    document = bilingual(("طباعة | Share https://example.org/a", "other", None))
    document.segments[0].kept_reason = "other"
    cell = lxml_html.fromstring(side_by_side_html(document, "t")).xpath("//td[@class='kept']")[0]
    assert cell.get("dir") == "rtl"
    assert [b.text_content() for b in cell.xpath(".//bdi")] == ["Share https://example.org/a"]


def test_text_versions_keep_the_controls_byte_exact():
    document = mixed_document()
    english = parallel_version(document, EN)
    arabic = parallel_version(document, AR)
    assert RLO_EN in english and RLO_AR in arabic
    assert RLO_NAME.encode() in english.encode() and RLO_NAME.encode() in arabic.encode()


# --- 2. left-to-right tokens in Arabic cells: one unit each --------------------------------


@pytest.mark.parametrize(
    ("text", "units"),
    [
        (URL_AR, [URL]),
        (EMAIL_AR, [EMAIL]),
        (CODE_AR, [CODE, "<b>", "</b>", LINK]),
        (NUMBERS_AR, ["4,053", "30/08/2021"]),
        ("منظمة (CSTO) تعلن", ["CSTO"]),
        # sentence punctuation is not part of a URL; balanced parentheses are
        (
            "راجع https://en.wikipedia.org/wiki/Kabul_(city). ثم",
            ["https://en.wikipedia.org/wiki/Kabul_(city)"],
        ),
        ("الرابط (https://example.org/a?b=1)، ثم", ["https://example.org/a?b=1"]),
        (
            "مع www.example.org/x و mailto:desk@example.org",
            ["www.example.org/x", "mailto:desk@example.org"],
        ),
        ("قال Joe Biden إن U.S. و COVID-19 و AT&T", ["Joe Biden", "U.S.", "COVID-19", "AT&T"]),
        (
            "الملف /usr/bin/chromium أو C:\\Users\\a.txt هنا",
            ["/usr/bin/chromium", "C:\\Users\\a.txt"],
        ),
        (
            "وسم #COVID19 و @tarjama و &amp; و <!-- note --> و <br/>",
            ["#COVID19", "@tarjama", "&amp;", "<!-- note -->", "<br/>"],
        ),
        (
            "رابط <https://example.org/a> و ![صورة](img/a.png) و [نص][1]",
            ["<https://example.org/a>", "![صورة](img/a.png)", "[نص][1]"],
        ),
        # a number joins the left-to-right word before it, as the bidi algorithm does
        ("نظام Windows 10 منذ 2015", ["Windows 10"]),
        # a zero-width space does not cut the URL; the controls at its edges stay outside
        ("الموقع https://exa\u200bmple.org/a اليوم", ["https://exa\u200bmple.org/a"]),
        (f"اسم {RLO_NAME} هنا", ["txt.exe"]),
    ],
)
def test_isolation_units_of_an_arabic_cell_are_whole_tokens(text: str, units: list[str]):
    found = isolation_units(text, AR)
    assert [text[unit.start : unit.end] for unit in found] == units
    assert all(unit.dir == "ltr" for unit in found)


def test_isolation_units_of_an_english_cell_are_arabic_runs():
    text = "He said بمشاركة 4,053 جنديا (زامير كابولوف) and مي\u200cخواهم, then قال (في بيان) إن."
    found = [text[u.start : u.end] for u in isolation_units(text, EN)]
    assert found == ["بمشاركة 4,053 جنديا", "زامير كابولوف", "مي\u200cخواهم", "قال (في بيان) إن"]
    # a run never crosses a line break
    lines = "قال\nإن"
    assert [lines[u.start : u.end] for u in isolation_units(lines, EN)] == ["قال", "إن"]


@pytest.mark.parametrize("kind", ["side_by_side", "bitext"])
@pytest.mark.parametrize(
    ("start", "token", "css"),
    [
        ("وقال الموقع", URL, "url"),
        ("للتواصل", EMAIL, "email"),
        ("شغّل", CODE, "code"),
        ("شغّل", "<b>", "markup"),
        ("شغّل", LINK, "markup"),
        ("وذلك", "4,053", "number"),
        ("وذلك", "30/08/2021", "number"),
    ],
)
def test_arabic_url_is_no_longer_scrambled_each_token_is_one_bdi(
    kind: str, start: str, token: str, css: str
):
    cell = arabic_cell(pages(mixed_document())[kind], start)
    assert cell.get("dir") == "rtl"
    holding = [bdi for bdi in cell.iter("bdi") if token in bdi.text_content()]
    assert len(holding) == 1, "the token is inside exactly one <bdi>"
    bdi = holding[0]
    assert bdi.text_content() == token and bdi.get("dir") == "ltr" and bdi.get("class") == css
    # no piece of the token is isolated on its own anywhere else in the cell
    assert not [b for b in cell.iter("bdi") if b is not bdi and b.text_content() in token]


def test_the_url_bdi_in_the_page_source_is_the_whole_url():
    page = side_by_side_html(mixed_document(), "t")
    assert f'<bdi dir="ltr" lang="en" class="url">{URL}</bdi>' in page
    assert '<bdi dir="ltr" class="number">4,053</bdi>' in page


def test_a_term_inside_a_url_is_marked_without_splitting_the_url():
    text = URL_AR
    start = text.index("example")
    html = marked(text, AR, [(start, start + 7, "term applied", "example → مثال")])
    bdis = lxml_html.fragment_fromstring(html, create_parent="td").xpath("//bdi")
    assert [bdi.text_content() for bdi in bdis] == [URL]
    assert bdis[0].xpath("mark")[0].text == "example"


def test_a_term_holding_a_whole_token_marks_around_its_bdi():
    text = "وشكر الوزير منظمة WHO على دعمها."
    start = text.index("منظمة")
    html = marked(text, AR, [(start, start + 9, "term", "t")])
    assert html == (
        'وشكر الوزير <mark class="term" title="t">منظمة '
        '<bdi dir="ltr" lang="en">WHO</bdi></mark> على دعمها.'
    )


def test_escaping_still_holds_inside_units():
    html = isolate('نص <script>alert("x")</script> و `a<b` هنا', AR)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<bdi dir="ltr" lang="en" class="code">`a&lt;b`</bdi>' in html


def test_visible_text_labels_every_control():
    assert show_hidden(RLO_NAME) == "⟨RLO⟩txt.exe⟨PDF⟩"
    assert show_hidden("a\U000e0041b") == "a⟨TAG-41⟩b"
    assert show_hidden("plain") == "plain"


# --- DOCX ---------------------------------------------------------------------------------


def _docx_rows(data: bytes) -> list[etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return root.findall(f".//{W}tbl/{W}tr")


def _runs(paragraph: etree._Element) -> list[tuple[str, bool, str | None, str | None]]:
    """(text, rtl, lang val, lang bidi) of each text run of a ``w:p``."""
    runs = []
    for run in paragraph.findall(f"{W}r[{W}t]"):
        lang = run.find(f"{W}rPr/{W}lang")
        runs.append(
            (
                "".join(run.itertext()),
                run.find(f"{W}rPr/{W}rtl") is not None,
                None if lang is None else lang.get(f"{W}val"),
                None if lang is None else lang.get(f"{W}bidi"),
            )
        )
    return runs


def _arabic_paragraph(data: bytes, row: int) -> etree._Element:
    return _docx_rows(data)[row].findall(f"{W}tc/{W}p")[0]


def test_docx_arabic_url_is_a_left_to_right_run_of_its_own():
    data = export_docx(mixed_document())
    assert _runs(_arabic_paragraph(data, 1)) == [
        ("وقال الموقع ", True, None, "ar-SA"),
        (URL, False, "en-US", None),
        (" اليوم.", True, None, "ar-SA"),
    ]


@pytest.mark.parametrize(
    ("row", "tokens"),
    [
        (2, [EMAIL]),
        (3, [CODE, "<b>", "</b>", LINK]),
        (4, ["4,053", "30/08/2021"]),
    ],
)
def test_docx_arabic_column_gives_each_ltr_token_its_own_run(row: int, tokens: list[str]):
    runs = _runs(_arabic_paragraph(export_docx(mixed_document()), row))
    assert [text for text, rtl, _, _ in runs if not rtl] == tokens
    assert all(lang == "en-US" for _, rtl, lang, _ in runs if not rtl)
    assert all(bidi == "ar-SA" for _, rtl, _, bidi in runs if rtl)
    assert "".join(text for text, _, _, _ in runs) == mixed_document().segments[row - 1].source


def test_docx_keeps_a_plain_acronym_inside_the_arabic_run():
    # letters only: a w:rtl run draws them in order, and the paragraph keeps one run
    document = bilingual(("وشكر الوزير منظمة WHO على دعمها.", AR, "He thanked the WHO."))
    runs = _runs(_arabic_paragraph(export_docx(document), 1))
    assert runs == [("وشكر الوزير منظمة WHO على دعمها.", True, None, "ar-SA")]


def test_docx_shows_bidi_controls_as_coloured_labels_not_obeyed():
    document = mixed_document()
    document.path = Path(f"bidi/{RLO_NAME}.txt")
    data = export_docx(document)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in ("word/document.xml", "docProps/core.xml"):
            assert not hidden_controls(archive.read(name).decode()), name
    arabic = _arabic_paragraph(data, 5)
    english = _docx_rows(data)[5].findall(f"{W}tc/{W}p")[1]
    for paragraph in (arabic, english):
        labels = [
            "".join(run.itertext())
            for run in paragraph.findall(f"{W}r")
            if run.find(f"{W}rPr/{W}color") is not None
        ]
        assert labels == ["⟨RLO⟩", "⟨PDF⟩"]
        colors = {c.get(f"{W}val") for c in paragraph.iter(f"{W}color")}
        assert colors == {str(LABEL_COLOR)}
    assert "".join(arabic.itertext()) == "كان اسم المرفق ⟨RLO⟩txt.exe⟨PDF⟩ كما أرسله المرسل."
    assert [t for t, rtl, _, _ in _runs(arabic) if not rtl] == ["txt.exe"]
    word = WordDocument(io.BytesIO(data))
    assert "⟨RLO⟩txt.exe⟨PDF⟩" in word.paragraphs[0].text  # the heading: the file name
    assert "⟨RLO⟩" in word.core_properties.title


def test_docx_survives_a_character_xml_cannot_hold():
    document = bilingual(("قال \x1b المبعوث https://example.org/\x07a", AR, "He said \x1b."))
    runs = _runs(_arabic_paragraph(export_docx(document), 1))
    assert "".join(text for text, _, _, _ in runs) == "قال ␛ المبعوث https://example.org/␇a"
    assert ("https://example.org/␇a", False, "en-US", None) in runs


# --- whatever the text: nothing lost, nothing obeyed ---------------------------------------

_HOSTILE = st.lists(
    st.sampled_from(
        list("ab Z09.,:/?=&#@%_-'\"`<>[]()!\\~*\n\t قالموعء٣٫")
        + list(ALL_CONTROLS)
        + ["https://", "www.", "mailto:", "\u200e", "\u200f", "\u061c", "\u200c", "&amp;"]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(
    text=_HOSTILE, lang=st.sampled_from([AR, EN]), cut=st.integers(0, 60), size=st.integers(1, 9)
)
def test_isolation_keeps_every_character_and_obeys_no_control(text, lang, cut, size):
    units = isolation_units(text, lang)
    assert all(0 <= u.start < u.end <= len(text) for u in units)
    assert all(a.end <= b.start for a, b in zip(units, units[1:], strict=False))
    spans = [(cut, cut + size, "term", f"t{text[:3]}")] if cut < len(text) else []
    html = marked(text, lang, spans)
    assert not hidden_controls(html)
    # between sentinels: the HTML parser drops a fragment's leading white space
    cell = lxml_html.fragment_fromstring(f"<td>⟦{html}⟧</td>")
    assert cell.text_content()[1:-1] == "".join(
        visible_label(ch) if hidden_controls(ch) else ch for ch in text
    )
    for bdi in cell.iter("bdi"):
        assert bdi.get("dir") == ("ltr" if lang == AR else "rtl")


@settings(max_examples=100, deadline=None)
@given(text=_HOSTILE.filter(str.strip))
def test_docx_runs_hold_the_text_with_controls_labelled(text):
    document = bilingual((text, AR, text))
    data = export_docx(document)
    paragraph = _arabic_paragraph(data, 1)
    shown = "".join(
        "\t" if node.tag == f"{W}tab" else "\n" if node.tag == f"{W}br" else node.text or ""
        for run in paragraph.findall(f"{W}r")
        for node in run
        if node.tag in (f"{W}t", f"{W}tab", f"{W}br")
    )
    assert shown == show_hidden(text)
