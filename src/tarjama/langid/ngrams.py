"""Character n-gram odds inside Arabic script: lingua's models of Arabic, Persian and Urdu.

lingua (``lingua-language-detector``) ships 1- to 5-gram models inside its wheel and is
deterministic. Only these three languages' models load, on first use, never at import:
one n-gram order at a time as the text needs it, 0.7-2 s and 20-80 MB in all on a busy
2-core machine (benchmarks/RESULTS.md). On short text it tells Persian and Urdu apart far
better than langdetect's 1- to 3-gram sampling did (word pairs: fa 85 -> 92 %, ur 89 -> 96 %).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import cache

#: Our codes -> lingua's Language names.
LINGUA_LANGUAGES = {"ar": "ARABIC", "fa": "PERSIAN", "ur": "URDU"}
#: Decimal places kept of lingua's values.
DIGITS = 9
_lock = threading.Lock()


@cache
def _detector():  # -> lingua.LanguageDetector
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in LINGUA_LANGUAGES.values()]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def language_probabilities(text: str, langs: Iterable[str]) -> dict[str, float]:
    """Probability of each of ``langs`` (ar, fa, ur) for ``text``, summing to 1; empty
    when lingua finds no evidence (no n-gram it knows)."""
    with _lock:  # two threads must not both build the detector
        detector = _detector()
    confidences = detector.compute_language_confidence_values(text)
    # Rounded: lingua's sums differ in the last bits with call order; results must not.
    values = {value.language.name: round(value.value, DIGITS) for value in confidences}
    found = {lang: values.get(LINGUA_LANGUAGES[lang], 0.0) for lang in langs}
    total = sum(found.values())
    return {lang: value / total for lang, value in found.items()} if total > 0 else {}
