"""Names outside the glossary rendered differently within one document (constructed cases)."""

from __future__ import annotations

import pytest

from tarjama.glossary import GlossaryEntry, Inconsistency, inconsistent_names
from tarjama.glossary.consistency import arabic_skeleton, english_names, latin_skeleton

KABULOV_EN_AR = [
    ("Zamir Kabulov said the talks would resume.", "en", "قال زامير كابولوف إن المحادثات ستستأنف."),
    ("Kabulov added that Moscow was ready.", "en", "وأضاف كابولوف أن موسكو مستعدة."),
    ("The envoy, Zamir Kabulov, met the delegation.", "en", "التقى المبعوث زامير كابلوف بالوفد."),
    ("Mr. Kabulov left for Kabul.", "en", "وغادر كابلوف إلى كابول."),
]


def test_en_ar_names_rendered_two_ways_are_reported():
    found = inconsistent_names(KABULOV_EN_AR, [GlossaryEntry("Moscow", "موسكو", "place")])
    assert found == [
        Inconsistency("Zamir Kabulov", {"زامير كابولوف": [0], "زامير كابلوف": [2]}),
        Inconsistency("Kabulov", {"كابولوف": [1], "كابلوف": [3]}),
    ]


def test_en_ar_a_glossary_name_is_left_to_the_glossary():
    glossary = [
        GlossaryEntry("Zamir Kabulov", "زامير كابولوف", "person"),
        GlossaryEntry("Kabulov", "كابولوف", "person"),
    ]
    assert inconsistent_names(KABULOV_EN_AR, glossary) == []


def test_regression_a_proclitic_the_skeleton_ignores_is_not_another_rendering():
    """و maps to no consonant, so ولافروف scored like لافروف and was reported as a second
    rendering of Lavrov; tashkeel and proclitics never make a rendering different."""
    items = [
        ("Lavrov met Wang Yi in Beijing.", "en", "التقى لافروف وانغ يي في بكين."),
        ("Officials said Lavrov would return.", "en", "وقال مسؤولون إن لافروفَ سيعود."),
        ("Reporters asked Lavrov again.", "en", "وسأل الصحفيون ولافروف مرة أخرى."),
        ("Officials in Beijing agreed.", "en", "ووافق المسؤولون في بكين."),
    ]
    assert inconsistent_names(items) == []


def test_en_ar_a_dropped_or_kept_latin_name_is_not_a_rendering():
    items = [
        ("Officials met Kabulov.", "en", "التقى مسؤولون كابولوف."),
        ("Officials met Kabulov again.", "en", "التقى مسؤولون Kabulov مجددا."),
        ("Officials met Kabulov once more.", "en", "التقى المسؤولون به مرة أخرى."),
    ]
    assert inconsistent_names(items) == []


def test_ar_en_spellings_of_one_name_are_grouped():
    items = [
        ("التقى المبعوث كابولوف", "ar", "The envoy Kabulov met the Taliban in Moscow."),
        ("قال كابولوف", "ar", "Later, Kabulof said the talks went well."),
        ("وقال كابولوف", "ar", "On Monday Kabulov spoke again."),
    ]
    assert inconsistent_names(items) == [
        Inconsistency("Kabulov", {"Kabulov": [0, 2], "Kabulof": [1]})
    ]


@pytest.mark.parametrize(
    "translation",
    [
        "Officials from Israel and the Israeli side met.",
        "Delegates from Jordan and Jordanian officials met.",
        "Both Palestine and Palestinian groups were there.",
        "Both Biden and Putin spoke on Monday and in May.",
        "Both Iran and Iraq were invited.",
    ],
)
def test_ar_en_related_or_different_names_are_not_grouped(translation: str):
    assert inconsistent_names([("نص", "ar", translation)]) == []


def test_regression_a_sentence_initial_word_never_seen_mid_sentence_is_not_part_of_a_name():
    """ "Yesterday Moscow" was taken for one name."""
    (names,) = english_names(["However, talks went on. Yesterday Moscow said so."])
    assert [name.text for name in names] == ["Moscow"]


def test_titles_are_dropped_and_particles_kept():
    (names,) = english_names(["He met President Abdel Fattah el-Sisi and Mohammed bin Salman."])
    assert [name.text for name in names] == ["Abdel Fattah el-Sisi", "Mohammed bin Salman"]


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        ("Kabulov", "كابولوف"),
        ("Guterres", "غوتيريش"),
        ("Erdogan", "أردوغان"),
        ("Netanyahu", "نتنياهو"),
        ("Gaza", "غزة"),
        ("Zelensky", "زيلينسكي"),
    ],
)
def test_consonant_skeletons_agree_across_scripts(latin: str, arabic: str):
    assert latin_skeleton(latin) == arabic_skeleton(arabic)
