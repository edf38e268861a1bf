"""Language identification per segment: labels, safety of Persian/Urdu, determinism."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from tarjama.langid import LanguageDetector, LanguageGuess, detect_language

ARABIC = [
    "أعلنت وزارة الصحة اليوم تسجيل حالات جديدة في العاصمة.",
    "وقال المتحدث باسم الحكومة إن المفاوضات ستستأنف الأسبوع المقبل في الدوحة.",
    "ارتفعت أسعار النفط بنسبة ثلاثة في المئة بعد قرار منظمة أوبك.",
    "استقبل وليّ العهد وفدًا رسميًّا من الاتحاد الأوروبي.",
    "المؤتمر الصحفي",
    # typed on a Persian keyboard (ی, ک): the words are still Arabic
    "وقال الرئیس إن الشرکة ستفتتح مصنعا جدیدا في المدینة الصناعیة.",
]
ENGLISH = [
    "The central bank raised interest rates for the third time this year.",
    "Rescue teams worked through the night to reach the survivors.",
    "Click here to read the full report",
    "Mohammed bin Salman met the visiting delegation in Riyadh on Monday.",
]
PERSIAN = [
    "وزیر امور خارجه ایران امروز با همتای ترک خود دیدار کرد.",
    "دانشجویان برای اعتراض به افزایش شهریه در مقابل دانشگاه جمع شدند.",
    "این کتاب را دیروز از کتابفروشی نزدیک خانه خریدم.",
    "دولت برنامه‌های تازه‌ای برای کاهش تورم اعلام کرد.",
    # typed on an Arabic keyboard (ي, ك): the words are still Persian
    "اين كتاب را ديروز از كتابفروشي نزديك خانه خريدم و خيلي دوستش دارم.",
    # an Arabic loanword with ة inside a Persian sentence
    "او سال‌ها در دائرة المعارف بزرگ اسلامی کار می‌کرد.",
    "می‌خواهم",
]
URDU = [
    "پاکستان کے وزیر اعظم نے آج قوم سے خطاب کیا۔",
    "شہر میں شدید بارش کی وجہ سے تمام سکول بند رہے۔",
    "حکومت نے پٹرول کی قیمتوں میں اضافے کا اعلان کر دیا ہے۔",
    "بڑا",
    # More English words than Urdu ones, but an Urdu clause: it must reach no model
    "Read the latest political news from Lahore and Karachi in Urdu "
    "وزیر اعلیٰ نے نئے ہسپتال کا افتتاح کیا",
]
MIXED = [
    ("Taliban co-founder (الملا عبد الغني برادر) arrived in Doha.", "en"),
    ("Iran's foreign minister (محمد جواد ظریف) spoke to reporters on Tuesday.", "en"),
    ("قالت منظمة معاهدة الأمن الجماعي (CSTO) إن قواتها ستنسحب من كازاخستان.", "ar"),
    ("أعلنت شركة Microsoft عن إطلاق نسخة جديدة من نظام Windows.", "ar"),
]
SHORT_LATIN = ["ISIS", "CSTO", "NATO", "UN", "Share", "Email", "Abu Dhabi", "New York Times"]
OTHER = [
    "",
    "   ",
    "30/08/2021",
    "11:15",
    "1,250,000",
    "١٢٣٤٥",
    "— —",
    "* * *",
    "ad a b",
    "ب",
    "Москва объявила о новых санкциях.",
    "東京は日本の首都です。",
    "Le gouvernement a annoncé hier une nouvelle réforme des retraites.",
    "Die Regierung hat am Donnerstag ein neues Gesetz beschlossen.",
]

LABELLED = (
    [(text, "ar") for text in ARABIC]
    + [(text, "en") for text in ENGLISH + SHORT_LATIN]
    + [(text, "fa") for text in PERSIAN]
    + [(text, "ur") for text in URDU]
    + MIXED
    + [(text, "other") for text in OTHER]
)


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector(seed=0)


@pytest.mark.parametrize(("text", "lang"), LABELLED)
def test_label(detector: LanguageDetector, text: str, lang: str) -> None:
    guess = detector.detect(text)
    assert isinstance(guess, LanguageGuess)
    assert guess.lang == lang, guess
    assert 0.0 <= guess.confidence <= 1.0


@pytest.mark.parametrize("text", PERSIAN + URDU)
def test_persian_and_urdu_never_arabic(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text).lang in ("fa", "ur")


@pytest.mark.parametrize(
    ("text", "lang"),
    [("وزارة", "ar"), ("الحكومة", "ar"), ("دانشگاه", "fa"), ("ہسپتال", "ur"), ("ٹیکس", "ur")],
)
def test_single_words_decided_by_letters(detector: LanguageDetector, text: str, lang: str) -> None:
    assert detector.detect(text).lang == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [("دولتی", "fa"), ("مذهبی", "fa"), ("ولایت فقیه", "fa"), ("بین‌المللی", "fa"), ("عالمی", "ur")],
)
def test_persian_letters_outweigh_arabic_looking_ngrams(
    detector: LanguageDetector, text: str, lang: str
) -> None:
    # langdetect alone calls these "ar": it folds ی into ي, so only the letters tell.
    assert detector.detect(text).lang == lang


def test_long_arabic_sentence_is_confident(detector: LanguageDetector) -> None:
    assert detector.detect(ARABIC[1]).confidence > 0.9
    assert detector.detect("ISIS").confidence < detector.detect(ENGLISH[0]).confidence


def test_deterministic_across_instances_and_call_orders() -> None:
    texts = [text for text, _ in LABELLED]
    first = LanguageDetector(seed=0)
    expected = {text: first.detect(text) for text in texts}
    shuffled = texts[:]
    random.Random(7).shuffle(shuffled)
    second = LanguageDetector(seed=0)
    assert {text: second.detect(text) for text in shuffled} == expected
    assert {text: detect_language(text) for text in reversed(texts)} == expected


def test_import_loads_no_profiles() -> None:
    code = "import sys, tarjama.langid; assert 'langdetect' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
