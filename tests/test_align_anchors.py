"""Anchors the aligner finds without a model: numbers, dates, Latin names, name skeletons."""

from __future__ import annotations

from collections import Counter

import pytest

from tarjama.align.anchors import (
    arabic_name_keys,
    document_keys,
    english_name_key,
    months,
    normalize_digits,
    number_words,
    numbers,
    punctuation,
)
from tarjama.align.chrf import Profiles, chrf, merged, profile
from tarjama.align.lexicon import learn, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("بمشاركة ٤٬٠٥٣ جنديا", ["4053"]),
        ("بمشاركة 4,053 جنديا", ["4053"]),
        ("نمو بنسبة ١٫٥٪", ["1.5"]),
        ("in ۱۴۰۲ and 2023", ["1402", "2023"]),
        ("on 08/03/2021 at 11:15", ["8", "3", "2021", "11", "15"]),
        ("a 4-month-old mouse, 27.25 percent", ["4", "27.25"]),
        ("no digits here", []),
    ],
)
def test_numbers_are_read_in_one_spelling(text, expected):
    assert numbers(text) == expected


def test_digits_are_normalised():
    assert normalize_digits("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ ٫٬") == "0123456789 0123456789 .,"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("10 كانون الأول / ديسمبر 1948", "ar", [12, 12]),
        ("وفي مارس الماضي", "ar", [3]),
        ("adopted on 10 December 1948", "en", [12]),
        ("you may come in May", "en", [5]),
    ],
)
def test_months(text, lang, expected):
    assert months(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("three people and two dogs", "en", ["3", "2"]),
        ("قتل ثلاثة أشخاص وأصيب الآلاف", "ar", ["3", "e3"]),
        ("بقيمة 8 مليارات دولار", "ar", ["e9"]),
    ],
)
def test_number_words(text, lang, expected):
    assert number_words(text, lang) == expected


@pytest.mark.parametrize(
    ("arabic", "english"),
    [
        ("هاليفاكس", "Halifax"),
        ("دالهوزي", "Dalhousie"),
        ("تورنتو", "Toronto"),
        ("سميث", "Smith"),
        ("طالبان", "Taliban"),
        ("وموسكو", "Moscow"),
        ("الكندية", "Canadian"),
    ],
)
def test_transliterated_names_share_a_skeleton(arabic, english):
    assert english_name_key(english) in arabic_name_keys(arabic)


def test_short_names_give_no_skeleton():
    assert english_name_key("Ur") is None
    assert arabic_name_keys("أور") == set()


def test_punctuation_marks():
    assert Counter(punctuation("قال: «نحن هنا» (اليوم)؟")) == Counter([":", '"', "(", "?"])


def test_document_keys_keep_what_both_sides_hold():
    arabic = ["قالت منظمة CSTO إن 4,053 جنديا شاركوا في مارس.", "وتحدث الوزير طويلا."]
    english = ["The CSTO said 4053 soldiers took part in March.", "The minister spoke at length."]
    ar_keys, en_keys = document_keys(arabic, "ar", english, "en")
    expected = {"lat:csto", "num:4053", "month:3", "punct:."} & set(en_keys[0])
    assert {"lat:csto", "num:4053", "month:3"} <= set(ar_keys[0])
    assert set(ar_keys[0]) == set(en_keys[0]) | expected
    assert not ar_keys[1] and not en_keys[1]


def test_chrf_prefers_the_translation():
    reference = profile("the ministers discussed the port development plan")
    close = profile("ministers discussed a plan to develop the ports")
    unrelated = profile("experts warned of drought in the south")
    assert 0.0 < chrf(unrelated, reference) < chrf(close, reference) <= 1.0
    assert chrf(reference, reference) == pytest.approx(1.0)
    assert chrf(profile(""), reference) == 0.0


def test_profiles_of_sentence_pairs():
    profiles = Profiles(["ab", "c d"])
    pair = profiles.block(1, 2)
    assert pair == merged(profile("ab"), profile("cd"))
    assert pair.grams["a"] == 1 and pair.grams["cd"] == 1 and pair.grams["bc"] == 0
    assert pair.totals == (0, 4, 2, 0, 0)


def test_lexicon_learns_word_pairs_that_keep_company():
    """Over 30 links, الإعلان and "declaration" meet three times and never apart."""
    letters, latin = "بتثجحخدذرزسشصضطظ", "bcdfghjklmnpqrst"
    arabic, english = [], []
    for k in range(30):
        filler_ar = f"{letters[k % 16]}{letters[k // 16]}ام"  # a word used once
        filler_en = f"{latin[k % 16]}{latin[k // 16]}oo"
        arabic.append(words(f"{filler_ar} والإعلان" if k % 10 == 0 else filler_ar, "ar"))
        english.append(words(f"{filler_en} declarations" if k % 10 == 0 else filler_en, "en"))
    pairs = learn(arabic, english, [(k, k) for k in range(30)])
    assert pairs == {"اعلان": "declaration"}
    assert learn(arabic[:10], english[:10], [(k, k) for k in range(10)]) == {}  # too few
