from __future__ import annotations

import random

import pytest

from tarjama.segment.sentences import ABBREVIATIONS, split_script_runs, split_sentences


def _check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    """The span contract: ordered, stripped, and covering every non-whitespace char once."""
    covered = [False] * len(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert text[previous_end:start].strip() == ""  # nothing skipped between spans
        for k in range(start, end):
            covered[k] = True
        previous_end = end
    assert text[previous_end:].strip() == ""
    assert all(covered[k] for k, ch in enumerate(text) if not ch.isspace())


def sentences(text: str) -> list[str]:
    spans = split_sentences(text)
    _check_spans(text, spans)
    return [text[s:e] for s, e in spans]


def runs(text: str) -> list[str]:
    spans = split_script_runs(text, split_sentences(text))
    _check_spans(text, spans)
    return [text[s:e] for s, e in spans]


SENTENCE_CASES = [
    # --- terminators ---
    pytest.param(
        "The ceasefire held overnight. Aid convoys entered the city on Monday!"
        " Will the truce last? Nobody knows.",
        [
            "The ceasefire held overnight.",
            "Aid convoys entered the city on Monday!",
            "Will the truce last?",
            "Nobody knows.",
        ],
        id="period-exclamation-question",
    ),
    pytest.param(
        "وقال المتحدث إن المحادثات ستستمر. وأضاف أن الوفد سيعود؟ نعم!",
        ["وقال المتحدث إن المحادثات ستستمر.", "وأضاف أن الوفد سيعود؟", "نعم!"],
        id="arabic-three-sentences",
    ),
    pytest.param(
        "انتهى الاجتماع دون اتفاق؛ وسيعقد اجتماع آخر الأسبوع المقبل.",
        ["انتهى الاجتماع دون اتفاق؛", "وسيعقد اجتماع آخر الأسبوع المقبل."],
        id="arabic-semicolon",
    ),
    pytest.param(
        "The minister hesitated... Then he signed the agreement.",
        ["The minister hesitated...", "Then he signed the agreement."],
        id="three-dots-then-capital",
    ),
    pytest.param(
        "Prices rose again… Officials blamed the drought.",
        ["Prices rose again…", "Officials blamed the drought."],
        id="ellipsis-char-then-capital",
    ),
    pytest.param(
        "He paused... and then continued the briefing.",
        ["He paused... and then continued the briefing."],
        id="three-dots-then-lowercase",
    ),
    pytest.param(
        "Really?! The vote was postponed again.",
        ["Really?!", "The vote was postponed again."],
        id="terminator-run",
    ),
    pytest.param(
        "وتساءل الوزير: هل هذا معقول؟! لا أحد يعرف.",
        ["وتساءل الوزير: هل هذا معقول؟!", "لا أحد يعرف."],
        id="arabic-terminator-run",
    ),
    pytest.param(
        "The storm passed.The roads reopened.",
        ["The storm passed.The roads reopened."],
        id="no-space-no-split",
    ),
    pytest.param(
        "The talks ended.\nBoth sides left Doha.",
        ["The talks ended.", "Both sides left Doha."],
        id="newline-is-plain-whitespace",
    ),
    pytest.param(
        "Officials said the talks would\ncontinue next week in\nGeneva.",
        ["Officials said the talks would\ncontinue next week in\nGeneva."],
        id="newline-never-a-boundary",
    ),
    # --- commas, colons and numbers never split ---
    pytest.param(
        "قال الوزير، في مؤتمر صحفي، إن الحكومة ستدعم المزارعين.",
        ["قال الوزير، في مؤتمر صحفي، إن الحكومة ستدعم المزارعين."],
        id="arabic-comma",
    ),
    pytest.param(
        "Three things matter: price, supply; and demand, he said.",
        ["Three things matter: price, supply; and demand, he said."],
        id="comma-semicolon-colon",
    ),
    pytest.param(
        "The virus has killed 4,053 people. Cases rose 3.5 percent to 1.2 million.",
        ["The virus has killed 4,053 people.", "Cases rose 3.5 percent to 1.2 million."],
        id="numbers",
    ),
    pytest.param(
        "The meeting began at 11:15 on 30/August/2021. It lasted two hours.",
        ["The meeting began at 11:15 on 30/August/2021.", "It lasted two hours."],
        id="time-and-date",
    ),
    pytest.param(
        "ارتفع التضخم إلى ٤٫٥ في المئة. وتوقع البنك تراجعه.",
        ["ارتفع التضخم إلى ٤٫٥ في المئة.", "وتوقع البنك تراجعه."],
        id="arabic-decimal",
    ),
    pytest.param(
        "The budget is $3.5 billion. 12 ministries will share it.",
        ["The budget is $3.5 billion.", "12 ministries will share it."],
        id="digit-starts-sentence",
    ),
    pytest.param(
        "Nothing was agreed. $5 million in aid is still frozen.",
        ["Nothing was agreed.", "$5 million in aid is still frozen."],
        id="currency-starts-sentence",
    ),
    # --- abbreviations ---
    pytest.param(
        "Mr. Blinken met Mrs. Clinton and Dr. Fauci. Prof. Sachs joined later.",
        ["Mr. Blinken met Mrs. Clinton and Dr. Fauci.", "Prof. Sachs joined later."],
        id="titles",
    ),
    pytest.param(
        "The delegation flew to St. Petersburg on Tuesday.",
        ["The delegation flew to St. Petersburg on Tuesday."],
        id="saint",
    ),
    pytest.param(
        "The embassy is on Main St. The consulate is nearby.",
        ["The embassy is on Main St.", "The consulate is nearby."],
        id="street-ends-sentence",
    ),
    pytest.param(
        "Several states, e.g. Qatar and Oman, mediated. Others, i.e. Egypt, did not.",
        ["Several states, e.g. Qatar and Oman, mediated.", "Others, i.e. Egypt, did not."],
        id="eg-ie-before-capital",
    ),
    pytest.param(
        "They discussed wheat, rice, etc. and agreed on quotas.",
        ["They discussed wheat, rice, etc. and agreed on quotas."],
        id="etc-before-lowercase",
    ),
    pytest.param(
        "They discussed wheat, rice, sugar, etc. The quotas were agreed.",
        ["They discussed wheat, rice, sugar, etc.", "The quotas were agreed."],
        id="etc-before-sentence",
    ),
    pytest.param(
        "The vote is set for Jan. 30 in Baghdad.",
        ["The vote is set for Jan. 30 in Baghdad."],
        id="month-before-number",
    ),
    pytest.param(
        "He met the prime minister at No. 10 Downing Street.",
        ["He met the prime minister at No. 10 Downing Street."],
        id="number-abbreviation",
    ),
    pytest.param(
        "The novel by J. K. Rowling sold well. George W. Bush praised it.",
        ["The novel by J. K. Rowling sold well.", "George W. Bush praised it."],
        id="initials",
    ),
    pytest.param(
        "The letter was signed by John A. Smith.",
        ["The letter was signed by John A. Smith."],
        id="initial-before-initial-like-opener",
    ),
    pytest.param(
        "The strategy failed, so they moved to Plan B. The new plan worked.",
        ["The strategy failed, so they moved to Plan B.", "The new plan worked."],
        id="capital-letter-ends-sentence",
    ),
    pytest.param(
        "Troops left Kabul, said U.S. officials.",
        ["Troops left Kabul, said U.S. officials."],
        id="us-before-lowercase",
    ),
    pytest.param(
        "The U.S. Army and the U.N. Security Council issued statements.",
        ["The U.S. Army and the U.N. Security Council issued statements."],
        id="us-before-name",
    ),
    pytest.param(
        "The envoy returned to the U.S. The talks will resume in March.",
        ["The envoy returned to the U.S.", "The talks will resume in March."],
        id="us-ends-sentence",
    ),
    pytest.param(
        "The aid was pledged by the U.A.E. However, none has arrived.",
        ["The aid was pledged by the U.A.E.", "However, none has arrived."],
        id="unlisted-acronym-ends-sentence",
    ),
    pytest.param(
        "وصل الوفد إلى U.S. وبدأ المحادثات.",
        ["وصل الوفد إلى U.S.", "وبدأ المحادثات."],
        id="us-before-arabic",
    ),
    pytest.param(
        "The curfew starts at 9 p.m. Moscow time. It ends at 6 a.m. The army enforces it.",
        [
            "The curfew starts at 9 p.m. Moscow time.",
            "It ends at 6 a.m.",
            "The army enforces it.",
        ],
        id="am-pm",
    ),
    pytest.param(
        "E.g. Qatar hosted the talks.",
        ["E.g. Qatar hosted the talks."],
        id="capitalised-abbreviation",
    ),
    pytest.param(
        "وقال د. محمد العلي إن النتائج مشجعة.",
        ["وقال د. محمد العلي إن النتائج مشجعة."],
        id="arabic-doctor",
    ),
    pytest.param(
        "1. Russia warns of new threats.",
        ["1. Russia warns of new threats."],
        id="list-marker",
    ),
    # --- closing quotes and brackets ---
    pytest.param(
        'He said: "We will stay." Then he left.',
        ['He said: "We will stay."', "Then he left."],
        id="straight-quote",
    ),
    pytest.param(
        "“Will you stay?” he asked. “Yes,” she said.",
        ["“Will you stay?” he asked.", "“Yes,” she said."],
        id="curly-quotes-lowercase-continues",
    ),
    pytest.param(
        "The army withdrew (as agreed.) Fighting stopped [briefly.] ‘Calm returned.’ Shops"
        " reopened.",
        [
            "The army withdrew (as agreed.)",
            "Fighting stopped [briefly.]",
            "‘Calm returned.’",
            "Shops reopened.",
        ],
        id="brackets-and-single-quotes",
    ),
    pytest.param(
        "وقال الوزير: «سنبقى هنا.» ثم غادر القاعة.",
        ["وقال الوزير: «سنبقى هنا.»", "ثم غادر القاعة."],
        id="arabic-guillemets",
    ),
    pytest.param(
        "The talks collapsed. «لن نتراجع» قال المتحدث.",
        ["The talks collapsed.", "«لن نتراجع» قال المتحدث."],
        id="opening-guillemet-starts-sentence",
    ),
    pytest.param(
        'Fighting resumed. "We were not warned," a resident said.',
        ["Fighting resumed.", '"We were not warned," a resident said.'],
        id="opening-quote-starts-sentence",
    ),
    # --- mixed scripts ---
    pytest.param(
        "Putin arrived in Tehran. وقال الكرملين إن الزيارة ناجحة.",
        ["Putin arrived in Tehran.", "وقال الكرملين إن الزيارة ناجحة."],
        id="english-then-arabic",
    ),
    pytest.param(
        "وصل بوتين إلى طهران. Iran welcomed the visit.",
        ["وصل بوتين إلى طهران.", "Iran welcomed the visit."],
        id="arabic-then-english",
    ),
    pytest.param(
        "Prices rose. iPhone sales fell.",
        ["Prices rose. iPhone sales fell."],
        id="lowercase-latin-start-does-not-split",
    ),
    # --- no terminal punctuation ---
    pytest.param("Moscow, 30/August/2021", ["Moscow, 30/August/2021"], id="dateline"),
    pytest.param(
        "Taliban Leaders Arrive in Doha for Talks",
        ["Taliban Leaders Arrive in Doha for Talks"],
        id="heading",
    ),
    pytest.param("By Ahmed Hassan, Reuters", ["By Ahmed Hassan, Reuters"], id="byline"),
    pytest.param("موسكو، 30 آب/أغسطس 2021", ["موسكو، 30 آب/أغسطس 2021"], id="arabic-dateline"),
    # --- odd edges ---
    pytest.param(
        "... The curfew was lifted.",
        ["... The curfew was lifted."],
        id="leading-ellipsis-not-a-sentence",
    ),
    pytest.param(
        "  The border reopened.   Trucks crossed.  ",
        ["The border reopened.", "Trucks crossed."],
        id="surrounding-whitespace",
    ),
    pytest.param(
        "The border reopened.\u200f \u200fوعبرت الشاحنات.",
        ["The border reopened.\u200f", "\u200fوعبرت الشاحنات."],
        id="bidi-marks-are-transparent",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCE_CASES)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_blank_text_has_no_sentences(text: str) -> None:
    assert split_sentences(text) == []


def test_masked_markup_is_transparent() -> None:
    # The segmenter masks carried markup with U+2060 before splitting.
    mask = "\u2060"
    text = f"{mask * 2}The talks ended.{mask * 2} {mask}Both sides left."
    assert sentences(text) == [f"{mask * 2}The talks ended.{mask * 2}", f"{mask}Both sides left."]


def test_abbreviation_table_is_well_formed() -> None:
    # Keys are looked up without their final period and lowercased as a fallback.
    assert ABBREVIATIONS["U.S"] == ABBREVIATIONS["etc"] == "may_end"
    assert ABBREVIATIONS["Mr"] == ABBREVIATIONS["e.g"] == "title"
    assert not [key for key in ABBREVIATIONS if key.endswith(".") or key != key.strip()]


def test_long_line_is_linear() -> None:
    unit = (
        "Mr. Smith met U.S. officials at 11:15 on Jan. 5, and 4,053 people attended. "
        "وقال المتحدث إن المحادثات ستستمر؟ "
    )
    text = unit * (200_000 // len(unit))
    spans = split_sentences(text)
    assert len(spans) == 2 * text.count("attended.")
    assert text[spans[-1][0] : spans[-1][1]] == "وقال المتحدث إن المحادثات ستستمر؟"
    assert len(split_script_runs(text, spans)) == len(spans)


def test_long_line_without_spaces_or_boundaries() -> None:
    text = "a." * 100_000
    assert split_sentences(text) == [(0, len(text))]


SCRIPT_RUN_CASES = [
    pytest.param(
        "Russia warns of new threats روسيا تحذر من تهديدات جديدة",
        ["Russia warns of new threats", "روسيا تحذر من تهديدات جديدة"],
        id="english-then-arabic",
    ),
    pytest.param(
        "روسيا تحذر من تهديدات جديدة Russia warns of new threats",
        ["روسيا تحذر من تهديدات جديدة", "Russia warns of new threats"],
        id="arabic-then-english",
    ),
    pytest.param(
        "Biden meets Putin in Geneva - 16/06/2021 بايدن يلتقي بوتين في جنيف",
        ["Biden meets Putin in Geneva - 16/06/2021", "بايدن يلتقي بوتين في جنيف"],
        id="neutral-words-stay-with-first-run",
    ),
    pytest.param(
        "The talks ended. Russia warns of threats روسيا تحذر من تهديدات جديدة.",
        ["The talks ended.", "Russia warns of threats", "روسيا تحذر من تهديدات جديدة."],
        id="after-a-sentence-split",
    ),
    pytest.param(
        "Taliban co-founder (الملا عبد الغني برادر) arrived in Doha.",
        ["Taliban co-founder (الملا عبد الغني برادر) arrived in Doha."],
        id="bracketed-arabic-name",
    ),
    pytest.param(
        "أكد الأمين العام لمنظمة معاهدة الأمن الجماعي (CSTO) أن الوضع مستقر.",
        ["أكد الأمين العام لمنظمة معاهدة الأمن الجماعي (CSTO) أن الوضع مستقر."],
        id="bracketed-acronym",
    ),
    pytest.param(
        "The protesters chanted «الشعب يريد إسقاط النظام» for hours.",
        ["The protesters chanted «الشعب يريد إسقاط النظام» for hours."],
        id="quoted-arabic",
    ),
    pytest.param(
        'قال المتحدث "we will not negotiate under fire" للصحفيين.',
        ['قال المتحدث "we will not negotiate under fire" للصحفيين.'],
        id="straight-quoted-english",
    ),
    pytest.param(
        "قال الرئيس Joe Biden إن القوات ستنسحب من أفغانستان.",
        ["قال الرئيس Joe Biden إن القوات ستنسحب من أفغانستان."],
        id="short-english-name-sandwich",
    ),
    pytest.param(
        "نشرت صحيفة New York Times تقريرا يقول إن المحادثات فشلت.",
        ["نشرت صحيفة New York Times تقريرا يقول إن المحادثات فشلت."],
        id="three-word-name-sandwich",
    ),
    pytest.param(
        "The agency quoted وزير الخارجية as saying the talks were useful.",
        ["The agency quoted وزير الخارجية as saying the talks were useful."],
        id="short-arabic-sandwich",
    ),
    pytest.param(
        "التقى وزير الخارجية نظيره Sergei Lavrov",
        ["التقى وزير الخارجية نظيره Sergei Lavrov"],
        id="short-trailing-name",
    ),
    pytest.param(
        "Reuters روسيا تحذر من تهديدات جديدة",
        ["Reuters روسيا تحذر من تهديدات جديدة"],
        id="short-leading-run",
    ),
    pytest.param(
        "Russia warns of new threats روسيا تحذر Reuters من تهديدات جديدة",
        ["Russia warns of new threats", "روسيا تحذر Reuters من تهديدات جديدة"],
        id="short-name-inside-second-run",
    ),
    pytest.param(
        "Iran’s foreign minister said روسيا تحذر من تهديدات جديدة",
        ["Iran’s foreign minister said", "روسيا تحذر من تهديدات جديدة"],
        id="apostrophe-is-not-a-quote",
    ),
    pytest.param(
        "Russia warns of new threats (روسيا تحذر من تهديدات جديدة)",
        ["Russia warns of new threats (روسيا تحذر من تهديدات جديدة)"],
        id="bracketed-translation-stays",
    ),
    pytest.param(
        "Kabul airport reopens مطار كابول يعيد فتح أبوابه Kabul flights resume soon",
        ["Kabul airport reopens مطار كابول يعيد فتح أبوابه Kabul flights resume soon"],
        id="long-sandwich-stays",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SCRIPT_RUN_CASES)
def test_split_script_runs(text: str, expected: list[str]) -> None:
    assert runs(text) == expected


def test_split_script_runs_keeps_given_spans() -> None:
    text = "  Russia warns of new threats روسيا تحذر من تهديدات جديدة  "
    whole = [(2, len(text) - 2)]
    assert split_script_runs(text, whole) == [(2, 29), (30, len(text) - 2)]
    assert split_script_runs(text, []) == []


def test_span_contract_holds_on_random_text() -> None:
    # Random mixes of the characters every rule looks at: the spans must always be ordered,
    # stripped and cover all non-whitespace text, whatever the rules decide.
    rng = random.Random(20210830)
    pieces = [
        "U.S.", "Mr.", "J.", "etc.", "The", "the", "وقال", "روسيا", "(CSTO)", "«", "»", '"', "’",
        ".", "...", "…", "?", "؟", "!", "؛", "،", ",", "4,053", "3.5", "1.", "\u2060", "\u200f",
        " ", " ", " ", "\n", "\t",
    ]  # fmt: skip
    for _ in range(500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        spans = split_sentences(text)
        _check_spans(text, spans)
        _check_spans(text, split_script_runs(text, spans))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "انتهى الاجتماع.وقال الوزير إن المحادثات ستستمر.",
            ["انتهى الاجتماع.", "وقال الوزير إن المحادثات ستستمر."],
        ),
        ("هل انتهى الاجتماع؟نعم انتهى.", ["هل انتهى الاجتماع؟", "نعم انتهى."]),
        ("استقبل د.محمد الوفد في المطار.", ["استقبل د.محمد الوفد في المطار."]),
        ("زار الموقع www.example.com أمس.", ["زار الموقع www.example.com أمس."]),
    ],
    ids=["no-space-full-stop", "no-space-question", "one-letter-abbreviation", "latin-domain"],
)
def test_regression_arabic_full_stop_without_a_space(text: str, expected: list[str]):
    assert [text[s:e] for s, e in split_sentences(text)] == expected
