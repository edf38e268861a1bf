"""Language ID on short text (issue 12, section 4): plain English is never ``other``, other
Latin-script languages stay out of the English model, Persian/Urdu pairs are kept."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tarjama.langid import AMBIGUOUS_CONFIDENCE, LanguageDetector
from tarjama.langid.latin import LatinVote, latin_vote

# Came out "other" at confidence 1.0 and were kept untranslated without a word.
ENGLISH_CALLED_OTHER_AT_FULL_CONFIDENCE = [
    "tell me about your chest pain",
    "Rinse well under running water.",
    "Cruise passengers are exempted from visa requirements.",
]
# Short English, names included: each word that is not a name is an English word.
SHORT_ENGLISH = [
    "Sami drank.",
    "Mennad understands.",
    "Fadil is Egyptian.",
    "We are men.",
    "Let me do it.",
    "Layla texted her sister again.",
    "Sami kept eying the door.",
    "I am Thai.",
    "Was it raining?",
    "Thanks!",
]
# Short sentences written for these tests (not from the benchmark data).
FOREIGN_SHORT = [
    ("de", "Ich bin müde."),
    ("de", "Wo ist der Bahnhof?"),
    ("de", "Das Wetter ist heute schön."),
    ("de", "Wir haben keine Zeit."),
    ("fr", "Je suis fatigué."),
    ("fr", "Où est la gare ?"),
    ("fr", "Il fait beau aujourd'hui."),
    ("fr", "Nous n'avons pas le temps."),
    ("es", "Estoy cansado."),
    ("es", "¿Dónde está la estación?"),
    ("es", "Hace buen tiempo hoy."),
    ("es", "No tenemos tiempo."),
    ("tr", "Çok yorgunum."),
    ("tr", "İstasyon nerede?"),
    ("tr", "Bugün hava çok güzel."),
    ("tr", "Hiç vaktimiz yok."),
    ("id", "Saya lelah."),
    ("id", "Di mana stasiunnya?"),
    ("id", "Cuaca hari ini cerah."),
    ("id", "Kami tidak punya waktu."),
    ("it", "Sono molto stanco."),
    ("pt", "Eu não tenho tempo."),
    ("es", "Gracias."),
]
ARABIC_WITH_ENGLISH_NAMES = [
    "زار Tom القاهرة.",
    "هل تعرف Mary؟",
    "اشترى سامي هاتف iPhone جديدا.",
    "قال John إنه سيأتي غدا.",
]
# Persian and Urdu word pairs: must reach no model as Arabic.
PERSIAN_URDU_PAIRS = [
    ("کتاب‌های جدید", "fa"),
    ("دانشگاه تهران", "fa"),
    ("کتابخانه ملی", "fa"),
    ("حکومت پاکستان", "ur"),
    ("بڑا شہر", "ur"),
    ("لاہور اور کراچی", "ur"),
]
# Fragments without a sentence's shape: too little text, English by default.
LATIN_FRAGMENTS = ["canada unmatched", "Abu Dhabi", "NATO summit", "UN", "Share"]


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector(seed=0)


@pytest.mark.parametrize("text", ENGLISH_CALLED_OTHER_AT_FULL_CONFIDENCE)
def test_english_called_other_at_full_confidence(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text).lang == "en"


@pytest.mark.parametrize("text", SHORT_ENGLISH)
def test_short_english_is_not_other(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text).lang == "en"


@pytest.mark.parametrize(("lang", "text"), FOREIGN_SHORT)
def test_foreign_latin_short_sentence_is_kept_out_of_english(
    detector: LanguageDetector, lang: str, text: str
) -> None:
    assert detector.detect(text).lang == "other", lang


@pytest.mark.parametrize("text", ARABIC_WITH_ENGLISH_NAMES)
def test_arabic_with_english_names(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text).lang == "ar"


@pytest.mark.parametrize(("text", "lang"), PERSIAN_URDU_PAIRS)
def test_persian_urdu_word_pairs(detector: LanguageDetector, text: str, lang: str) -> None:
    assert detector.detect(text).lang == lang


@pytest.mark.parametrize("text", LATIN_FRAGMENTS)
def test_latin_fragment_stays_english_and_ambiguous(detector: LanguageDetector, text: str) -> None:
    guess = detector.detect(text)
    assert guess.lang == "en"
    assert guess.confidence <= AMBIGUOUS_CONFIDENCE


@pytest.mark.parametrize(
    "text",
    ["Sami drank.", "Gracias.", "Es ist Herbst.", "Tom war Holzfäller.", "Saya lapar."]
    + ENGLISH_CALLED_OTHER_AT_FULL_CONFIDENCE,
)
def test_weak_vote_never_gives_full_confidence(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text).confidence < 1.0


@pytest.mark.parametrize(
    ("english", "foreign"), [(0.0, 0.0), (0.5, 0.0), (1.0, 2.0), (5.0, 0.0), (0.0, 8.0)]
)
def test_vote_confidence_is_below_one(english: float, foreign: float) -> None:
    vote = LatinVote(english, foreign)
    assert 0.5 <= vote.confidence < 1.0


def test_a_tie_is_english_at_half_confidence() -> None:
    vote = latin_vote(["Sami", "drank"], sentence=False)
    assert vote.is_english
    assert LatinVote(1.0, 1.0).confidence == 0.5


def test_import_loads_no_models_or_word_list() -> None:
    code = (
        "import sys, tarjama.langid, tarjama.langid.english_words as w;"
        "assert 'lingua' not in sys.modules and 'langdetect' not in sys.modules;"
        "assert w._levels.cache_info().currsize == 0"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
