"""Letter evidence inside Arabic script: which letters Arabic, Persian and Urdu write.

*Strong* letters follow the language: پ چ ژ گ are Persian and Urdu sounds, ٹ ڈ ڑ ں ے
Urdu ones, ة and the short-vowel marks Arabic spelling. *Weak* letters follow the
keyboard: Arabic ي ك ى and Persian ی ک look alike, so Persian typed on an Arabic layout
writes ي ك and Arabic typed on a Persian one writes ی ک. Each letter is evidence against
the languages that do not write it, and counts are capped, so a stray ة in Persian or ی
in Arabic cannot outweigh the rest of the text. Strong letters count once per word: the
two گ of گوگل (Google, an Arabic loanword) are one borrowed spelling, not two pieces of
evidence, and a fully vowelled Arabic word is one word, not six marks.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

#: Odds one letter moves against a language that does not write it.
LETTER_ODDS = 10.0
#: Caps on the letters that count: the keyboard is one choice per text, not per letter.
STRONG_CAP = 4
WEAK_CAP = 2

Weights = Mapping[str, float]

ZWNJ = "\u200c"  # the non-joiner inside Persian words: می‌شود, کتاب‌ها
#: ة; damma, kasratan, dammatan, fatha, shadda and sukun count half (a word carries several).
#: Fathatan (فوراً) and kasra (the izafat vowel) are left out: Persian and Urdu write them.
ARABIC_STRONG: Weights = {
    "\u0629": 1.0,
    **dict.fromkeys("\u064c\u064d\u064e\u064f\u0651\u0652", 0.5),
}
ARABIC_WEAK: Weights = dict.fromkeys("\u064a\u0643\u0649", 1.0)  # ي ك ى
#: پ چ ژ گ, the non-joiner and the ezafe hamza (خانهٔ, خانۀ).
PERSIAN_URDU_STRONG: Weights = dict.fromkeys("\u067e\u0686\u0698\u06af\u0654\u06c0" + ZWNJ, 1.0)
PERSIAN_URDU_WEAK: Weights = dict.fromkeys("\u06cc\u06a9", 1.0)  # ی ک
#: ٹ ڈ ڑ ں ے ۓ ہ ۃ; heh doachashmee ھ counts half: some Arabic and Kurdish text types it.
URDU_STRONG: Weights = {
    **dict.fromkeys("\u0679\u0688\u0691\u06ba\u06d2\u06d3\u06c1\u06c3", 1.0),
    "\u06be": 0.5,
}
#: Persian against Urdu: the non-joiner, jeh and the ezafe hamza ...
PERSIAN_STRONG: Weights = dict.fromkeys(ZWNJ + "\u0698\u0654\u06c0", 1.0)
#: ... and Arabic heh, which Urdu writes as ہ or ھ unless typed on an Arabic layout.
PERSIAN_WEAK: Weights = {"\u0647": 1.0}


def _count(text: str, weights: tuple[Weights, ...]) -> float:
    return sum(table.get(ch, 0.0) for ch in text for table in weights)


def _count_per_word(text: str, weights: tuple[Weights, ...]) -> float:
    """Like :func:`_count`, but one word counts 1 at most."""
    return sum(min(_count(word, weights), 1.0) for word in text.split())


def log_weight(text: str, strong: tuple[Weights, ...], weak: tuple[Weights, ...]) -> float:
    """Log-odds the letters of ``text`` give against a language: 0 down to -6 ln 10."""
    against = min(_count_per_word(text, strong), STRONG_CAP) + min(_count(text, weak), WEAK_CAP)
    return -math.log(LETTER_ODDS) * against


def arabic_or_persian_urdu(text: str) -> dict[str | tuple[str, str], float]:
    """Letter log-weights for "ar" against the Persian/Urdu family ("fa", "ur")."""
    return {
        "ar": log_weight(text, (PERSIAN_URDU_STRONG, URDU_STRONG), (PERSIAN_URDU_WEAK,)),
        ("fa", "ur"): log_weight(text, (ARABIC_STRONG,), (ARABIC_WEAK,)),
    }


def persian_or_urdu(text: str) -> dict[str, float]:
    """Letter log-weights for "fa" against "ur"."""
    return {
        "fa": log_weight(text, (URDU_STRONG,), ()),
        "ur": log_weight(text, (PERSIAN_STRONG,), (PERSIAN_WEAK,)),
    }
