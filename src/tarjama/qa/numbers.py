"""The numbers of a text as values, so that ``٤٬٠٥٣`` in Arabic is ``4,053`` in English.

Western, Arabic-Indic (``٠-٩``) and Persian (``۰-۹``) digits are one set; ``,`` and ``٬``
group thousands (only before exactly three digits: ``1,2`` is two numbers, as in a list),
``.`` and ``٫`` mark decimals; ``3.50`` is ``3.5``. A scale word after a number multiplies
it (``3.5 million`` = ``3,500,000`` = ``3.5 مليون``), a percent sign (``%``, ``٪``) or word
is dropped (``٣٫٥٪`` = ``3.5%`` = ``3.5 per cent``), and a decade's ``s`` goes with it
(``1990s`` = ``1990``). A time's colon is its decimal point (``12:00`` = ``12.00``).

Translators write small numbers as words on one side and digits on the other
(``nineteen`` → ``١٩``, ``Type 1`` → ``النوع الأول``, ``the 1960s`` → ``الستينيات``):
:func:`worded_values` finds those words, which excuse a number rather than demand one
("one" is as often a pronoun).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from decimal import Decimal

_DIGIT = r"[0-9\u0660-\u0669\u06F0-\u06F9]"
_NUMBER = re.compile(
    rf"(?<![0-9\u0660-\u0669\u06F0-\u06F9]){_DIGIT}+(?:[,\u066C]{_DIGIT}{{3}}(?!{_DIGIT}))*"
    rf"(?:[.\u066B]{_DIGIT}+|:{_DIGIT}{{2}}(?!{_DIGIT}))?"
)
_GROUP = re.compile("[,\u066c]")
_SCALES = {
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
    "ألف": 10**3,
    "آلاف": 10**3,
    "مليون": 10**6,
    "ملايين": 10**6,
    "مليار": 10**9,
    "مليارات": 10**9,
    "بليون": 10**9,
    "تريليون": 10**12,
}
# Only the word right after the number scales it ("5 million", "5 ملايين", not "5 of
# the million"); -s for English plurals ("millions" in "5 millions" is rare but harmless).
_SCALE_AFTER = re.compile(r"\s*(\w+)")


def western(text: str) -> str:
    """``text`` with every decimal digit as an ASCII one: ``٢٠٢١`` → ``2021``."""
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def parse_number(written: str) -> Decimal:
    """One number as :data:`_NUMBER` matches it, as a value: ``٤٬٠٥٣`` → 4053."""
    plain = _GROUP.sub("", western(written)).replace("\u066b", ".").replace(":", ".")
    return Decimal(plain).normalize()


def numbers_in(text: str) -> Counter[Decimal]:
    """The values of the numbers in ``text``, each as often as it is written."""
    found: Counter[Decimal] = Counter()
    for match in _NUMBER.finditer(text):
        value = parse_number(match.group())
        after = _SCALE_AFTER.match(text, match.end())
        if after is not None:
            scale = _scale(after.group(1).casefold())
            if scale is not None:
                value = (value * scale).normalize()
        found[value] += 1
    return found


def shown(value: Decimal) -> str:
    """A value as a reader writes it: ``4053`` → ``4,053``, ``3.5`` → ``3.5``."""
    return f"{value:,f}"


_ENGLISH_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
)  # fmt: skip
_ENGLISH_ORDINALS = (
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
    "ninth", "tenth", "eleventh", "twelfth",
)  # fmt: skip
_ENGLISH_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
#: Arabic stems: a cardinal's masculine and feminine forms, the ordinal, the decade
_ARABIC_STEMS = {
    1: ("واحد", "أول", "احد", "أحد"),
    2: ("اثن", "إثن", "ثاني", "ثانى", "مثنى"),
    3: ("ثلاث", "ثالث"),
    4: ("أربع", "اربع", "رابع"),
    5: ("خمس", "خامس"),
    6: ("ست", "سادس"),
    7: ("سبع", "سابع"),
    8: ("ثمان", "ثامن"),
    9: ("تسع", "تاسع"),
    10: ("عشر", "عاشر"),
}
_ARABIC_TENS = {
    20: "عشرين",
    30: "ثلاثين",
    40: "أربعين",
    50: "خمسين",
    60: "ستين",
    70: "سبعين",
    80: "ثمانين",
    90: "تسعين",
}
_ENGLISH_TOKEN = re.compile(r"[a-z]+")
_ARABIC_TOKEN = re.compile(r"[\u0621-\u064A]+")
#: proclitics before an Arabic number word: و ب ل ف and the article
_ARABIC_PREFIX = re.compile(r"^(?:[وفبل]?(?:ال|لل)?)")


def _decade(tens: int) -> set[int]:
    """``sixty`` and ``sixties``: 60, and the 1760s to the 2060s (the century is often a
    word of its own: خمسينيات القرن التاسع عشر, the 1850s)."""
    return {tens} | {century + tens for century in range(1700, 2100, 100)}


def _english_word_values(word: str) -> set[int]:
    values = {names.index(word) for names in (_ENGLISH_WORDS, _ENGLISH_ORDINALS) if word in names}
    for tens, name in enumerate(_ENGLISH_TENS, start=2):
        if word.startswith(name[:-1]):  # twenty, twenties, twentieth
            values.update(_decade(tens * 10))
    if word in ("dozen", "dozens"):
        values.add(12)
    if word in ("hundred", "hundreds"):
        values.add(100)
    return values


def _arabic_word_values(word: str) -> set[int]:
    stem = _ARABIC_PREFIX.sub("", word) or word
    values = set()
    for value, stems in _ARABIC_STEMS.items():
        if any(stem.startswith(s) and len(stem) <= len(s) + 3 for s in stems):
            values.add(value)
            values.add(value + 10)  # ثلاثة عشر: the teens are two words
    for value, name in _ARABIC_TENS.items():
        if name[:-2] in stem:  # عشرين, عشرون, العشرينيات (the 1920s)
            values.update(_decade(value))
    if stem.startswith(("مائة", "مئة", "مئات")):
        values.add(100)
    return values


def worded_values(text: str) -> set[Decimal]:
    """The values that number words in ``text`` may stand for, ordinals and decades
    included (``sixties`` and الستينيات: 60 and 1960), and scaled by the word after them
    (``four million``)."""
    words = re.findall(r"\w+", text.casefold())
    values: set[Decimal] = set()
    for index, word in enumerate(words):
        found = _english_word_values(word) if _ENGLISH_TOKEN.fullmatch(word) else set()
        if _ARABIC_TOKEN.fullmatch(word):
            found = _arabic_word_values(word)
        scale = _scale(words[index + 1]) if index + 1 < len(words) else None
        values.update(Decimal(value * (scale or 1)) for value in found)
    return values


def _scale(word: str) -> int | None:
    return _SCALES.get(word) or _SCALES.get(word.removesuffix("s"))
