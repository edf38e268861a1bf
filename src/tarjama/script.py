"""Which writing system a character belongs to: the first, cheapest language signal."""

from __future__ import annotations

import unicodedata
from collections import Counter

ARABIC = "arabic"
LATIN = "latin"
DIGIT = "digit"
OTHER_SCRIPT = "other"
NONE = "none"  # spaces, punctuation, symbols

_ARABIC_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)


#: The same ranges as a regular-expression character class body, e.g. ``f"[{...}]+"``.
ARABIC_CHAR_CLASS = "".join(f"\\u{low:04X}-\\u{high:04X}" for low, high in _ARABIC_RANGES)


#: Arabic tatweel (kashida): stretches the letter before it; carries no sound.
TATWEEL = "\u0640"


def strip_marks(word: str) -> str:
    """A word without combining marks and tatweel (tashkeel, dagger alef): الإِنْسان → الإنسان."""
    return "".join(ch for ch in word if ch != TATWEEL and unicodedata.category(ch) != "Mn")


def is_arabic_char(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in _ARABIC_RANGES)


def char_script(ch: str) -> str:
    """Classify one character. Arabic-Indic digits count as digits, not Arabic letters."""
    if ch.isdigit():
        return DIGIT
    if is_arabic_char(ch):
        category = unicodedata.category(ch)
        return ARABIC if category.startswith(("L", "M")) else NONE
    if not ch.isalpha():
        return NONE
    if ch.isascii() or "LATIN" in unicodedata.name(ch, ""):
        return LATIN
    return OTHER_SCRIPT


def script_counts(text: str) -> Counter[str]:
    """Letters per script in ``text`` (digits and punctuation counted separately)."""
    return Counter(char_script(ch) for ch in text)
