"""From text to segments with languages: the cases mixed news text is made of."""

from __future__ import annotations

from pathlib import Path

import pytest

from tarjama.pipeline import detect_file
from tarjama.segment.segmenter import segment_text

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def labelled(text: str, markdown: bool = False) -> list[tuple[str, str]]:
    return [(s.source, s.source_lang) for s in segment_text(text, markdown=markdown).segments]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Officials in Tashkent welcomed the initiative المسؤولون في طشقند رحبوا بالمبادرة",
            [
                ("Officials in Tashkent welcomed the initiative", "en"),
                ("المسؤولون في طشقند رحبوا بالمبادرة", "ar"),
            ],
        ),
        (
            "The Taliban co-founder (الملا عبد الغني برادر) is expected.",
            [
                (
                    "The Taliban co-founder (الملا عبد الغني برادر) is expected.",
                    "en",
                )
            ],
        ),
        (
            "وأضاف أن منظمة معاهدة الأمن الجماعي (CSTO) ستجري مناورات؛ وذلك بمشاركة 4,053 جنديا.",
            [
                ("وأضاف أن منظمة معاهدة الأمن الجماعي (CSTO) ستجري مناورات؛", "ar"),
                ("وذلك بمشاركة 4,053 جنديا.", "ar"),
            ],
        ),
        ("Share | طباعة | Email", [("Share | طباعة | Email", "other")]),
        ("ad a b", [("ad a b", "other")]),
        ("30/08/2021 — 11:15", [("30/08/2021 — 11:15", "other")]),
        (
            'Mr. Kabulov said the U.S. withdrawal "changed the balance." Talks begin at 11:15.',
            [
                ('Mr. Kabulov said the U.S. withdrawal "changed the balance."', "en"),
                ("Talks begin at 11:15.", "en"),
            ],
        ),
    ],
    ids=[
        "en-then-ar",
        "ar-name-in-en",
        "acronym-in-ar",
        "share-bar",
        "residue",
        "numbers",
        "abbreviations",
    ],
)
def test_segments_and_languages(text: str, expected: list[tuple[str, str]]):
    assert labelled(text) == expected


def test_name_in_other_script_is_carried_not_split():
    segment = segment_text("The envoy (زامير كابولوف) spoke on Monday.").segments[0]
    assert [(c.kind, c.text) for c in segment.carried] == [("foreign", "زامير كابولوف")]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("این یک جمله فارسی است که نباید به مدل عربی فرستاده شود.", "fa"),
        ("یہ ایک اردو جملہ ہے جسے عربی ماڈل کو نہیں بھیجا جانا چاہیے۔", "ur"),
    ],
)
def test_persian_and_urdu_are_kept_with_a_warning(text: str, lang: str):
    segment = segment_text(text).segments[0]
    assert (segment.source_lang, segment.kept_reason) == (lang, lang)
    assert "kept untranslated" in segment.warnings[0]


@pytest.mark.parametrize("name", ["moscow-talks.txt", "briefing.md"])
def test_offsets_address_the_source_and_render_is_the_identity(name: str):
    document = detect_file(EXAMPLES / name)
    assert all(document.text[s.start : s.end] == s.source for s in document.segments)
    assert [s.id for s in document.segments] == list(range(len(document.segments)))
    # With nothing translated, every version is the source, byte for byte.
    assert document.render("en") == document.text == document.render("ar")


def test_markdown_code_block_and_inline_code_are_never_segments():
    text = "Run `make demo` first.\n\n```\nmake demo. Then this.\n```\n"
    document = segment_text(text, markdown=True)
    assert [p.kind for p in document.paragraphs] == ["text", "code"]
    assert [s.source for s in document.segments] == ["Run `make demo` first."]
    assert [c.kind for c in document.segments[0].carried] == ["code"]


@pytest.mark.parametrize(
    ("text", "segments", "carried"),
    [
        (
            "Intro **bold text. Second sentence.** end.",
            ["Intro **bold text. Second sentence.** end."],
            [("emphasis", "bold text. Second sentence.")],
        ),
        (
            "Read [the first report. The second report](https://x.org/a) today.",
            ["Read [the first report. The second report](https://x.org/a) today."],
            [("link", "the first report. The second report")],
        ),
        (
            "The leader said **الملا** would come in **2021**.",
            ["The leader said **الملا** would come in **2021**."],
            [("emphasis", None), ("emphasis", None)],
        ),
        (
            "See [https://example.com/page](https://example.com/page) now.",
            ["See [https://example.com/page](https://example.com/page) now."],
            [("link", None)],
        ),
        (
            "Logo [![alt text](img.jpg)](https://x.org) and more words.",
            ["Logo [![alt text](img.jpg)](https://x.org) and more words."],
            [("link", None)],
        ),
        (
            "See [Kabul](https://en.wikipedia.org/wiki/Kabul_(city)) today.",
            ["See [Kabul](https://en.wikipedia.org/wiki/Kabul_(city)) today."],
            [("link", "Kabul")],
        ),
        (
            "The report<br>says <!-- hidden. Note --> more than this.",
            ["The report<br>says <!-- hidden. Note --> more than this."],
            [("html", None), ("html", None)],
        ),
        (
            "See the [annual report][r1] and the note[^1] below.",
            ["See the [annual report][r1] and the note[^1] below."],
            [("link", "annual report"), ("code", None)],
        ),
        (
            r"Prices rose \*sharply\* in May.",
            [r"Prices rose \*sharply\* in May."],
            [],
        ),
    ],
    ids=[
        "emphasis-across-sentences",
        "link-across-sentences",
        "other-script-and-number-inside-emphasis",
        "url-as-link-text",
        "image-inside-link",
        "parentheses-in-url",
        "inline-html",
        "reference-link-and-footnote",
        "escaped-asterisks",
    ],
)
def test_regression_markdown_inline_elements_stay_whole(text, segments, carried):
    document = segment_text(text, markdown=True)
    assert [s.source for s in document.segments] == segments
    assert [(c.kind, c.inner) for c in document.segments[0].carried] == carried


def test_regression_inline_html_words_do_not_decide_the_language():
    segment = segment_text(
        "مرحبا <img src=x onerror=alert(1)> بالعالم في هذا الموقع الجديد.", markdown=True
    ).segments[0]
    assert segment.source_lang == "ar"


PERSIAN = "این یک گزارش کوتاه درباره نشست امروز در پایتخت است.\n\n"
ARABIC = "وقال المتحدث إن المحادثات ستستمر في العاصمة الأسبوع المقبل.\n\n"


@pytest.mark.parametrize(
    ("text", "word", "lang"),
    [
        (PERSIAN + "طهران\n", "طهران", "fa"),  # the detector alone says ar
        (ARABIC + "گوگل\n", "گوگل", "ar"),  # the detector alone says fa
        (ARABIC + PERSIAN + "طهران\n", "طهران", "ar"),  # no single context: left as detected
    ],
    ids=["persian-document", "arabic-document", "mixed-document"],
)
def test_one_word_follows_the_documents_arabic_script_language(text, word, lang):
    segment = next(s for s in segment_text(text).segments if s.source == word)
    assert segment.source_lang == lang
    assert (segment.kept_reason == lang) is (lang != "ar")
