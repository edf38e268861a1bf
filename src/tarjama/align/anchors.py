"""Anchors: what a sentence and its translation share without any model.

Each sentence gets a multiset of *anchor keys*; a link is rewarded for the keys its two
sides share (:mod:`tarjama.align.cost`). Kinds of key:

* ``num:1948`` — numbers, with Arabic-Indic (٠-٩) and Persian (۰-۹) digits read as ASCII,
  the Arabic separators ٫ (decimal) and ٬ (thousands) as ``.`` and ``,``, thousands
  separators dropped (``4,053`` = ``٤٬٠٥٣`` = ``4053``) and leading zeros dropped (``08``).
  Years and percentages are numbers too (``٪`` and ``%`` add nothing the number lacks).
  Cardinals written as words count as numbers (``three`` = ``ثلاثة`` = 3), and so do the
  scale words (``million`` = ``مليون``).
* ``month:12`` — month names: English, and the two Arabic series (ديسمبر and كانون الأول),
  so that dates written with words still match.
* ``lat:csto`` — Latin-script tokens written inside Arabic text (names, acronyms), matched
  against the same tokens on the English side (only the tokens the Arabic document holds).
* ``name:LFK`` — names transliterated into Arabic: the first three consonant classes of an
  English capitalised word (``Halifax`` → L F K) against those of every Arabic word, with
  and without its clitics (``هاليفاكس``, ``الكندية`` → كند → K N D). Coarse on purpose:
  vowels, h-sounds and ع are dropped and sounds Arabic writes with one letter share a class.
* ``punct:(`` — brackets, quotations, ``?`` ``!`` ``:`` ``;``: translators keep most of them.
* ``glossary:…`` — entries a glossary matcher finds on both sides (see :func:`glossary_keys`).

A key only one document holds is dropped (:func:`document_keys`): it can never match, and
writers do spell numbers as words and leave names out. A key both documents hold but a link
leaves unmatched costs a little (see :mod:`tarjama.align.cost`): that is what lets a
sentence whose number is found elsewhere stand alone as a 1-0 link. The learned word pairs
of :mod:`tarjama.align.lexicon` (``lex:…``) are keys too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from tarjama.document import AR, EN
from tarjama.script import strip_marks

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")
_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'.&][A-Za-z0-9]+)*")
_ARABIC_WORD = re.compile(r"[\u0621-\u064A\u0660-\u0669\u0671-\u06D3\u0640\u064B-\u0652\u0670]+")

_EN_MONTHS = {
    name: index
    for index, names in enumerate(
        (
            ("January", "Jan."),
            ("February", "Feb."),
            ("March", "Mar."),
            ("April", "Apr."),
            ("May",),
            ("June",),
            ("July",),
            ("August", "Aug."),
            ("September", "Sept.", "Sep."),
            ("October", "Oct."),
            ("November", "Nov."),
            ("December", "Dec."),
        ),
        start=1,
    )
    for name in names
}
_EN_MONTH = re.compile(r"\b(?:" + "|".join(re.escape(m) for m in _EN_MONTHS) + r")(?![A-Za-z])")
# Gregorian month names in Arabic: the Egyptian/Maghrebi series and the Levantine one.
_AR_MONTHS = {
    "يناير": 1,
    "فبراير": 2,
    "مارس": 3,
    "أبريل": 4,
    "ابريل": 4,
    "إبريل": 4,
    "مايو": 5,
    "يونيو": 6,
    "يونيه": 6,
    "يوليو": 7,
    "يوليه": 7,
    "أغسطس": 8,
    "اغسطس": 8,
    "سبتمبر": 9,
    "أكتوبر": 10,
    "اكتوبر": 10,
    "نوفمبر": 11,
    "ديسمبر": 12,
    "شباط": 2,
    "آذار": 3,
    "نيسان": 4,
    "أيار": 5,
    "حزيران": 6,
    "تموز": 7,
    "آب": 8,
    "أيلول": 9,
}
# Two-word Levantine names: كانون الثاني (January), تشرين الأول (October), ...
_AR_MONTH_PAIRS = {
    ("كانون", "الثاني"): 1,
    ("تشرين", "الأول"): 10,
    ("تشرين", "الثاني"): 11,
    ("كانون", "الأول"): 12,
}
_CLITICS = ("و", "ف", "ب", "ل", "ك")

# Cardinal numbers written as words (the digits' keys), and the scale words.
_EN_NUMBER_WORDS = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20",
    "hundred": "e2", "hundreds": "e2", "thousand": "e3", "thousands": "e3",
    "million": "e6", "millions": "e6", "billion": "e9", "billions": "e9",
}  # fmt: skip
_AR_NUMBER_WORDS = {
    "اثنان": "2", "اثنين": "2", "اثنتان": "2", "اثنتين": "2", "ثلاث": "3", "ثلاثة": "3",
    "أربع": "4", "أربعة": "4", "خمس": "5", "خمسة": "5", "ستة": "6", "سبعة": "7",
    "ثماني": "8", "ثمانية": "8", "تسع": "9", "تسعة": "9", "عشرة": "10", "عشرين": "20",
    "عشرون": "20", "مائة": "e2", "مئة": "e2", "مئات": "e2", "ألف": "e3", "آلاف": "e3",
    "مليون": "e6", "ملايين": "e6", "مليار": "e9", "مليارات": "e9",
}  # fmt: skip

# Consonant classes for the name skeleton. Vowels, semivowels, h-sounds, ع and hamza are
# dropped; g/j/k/q (ج غ ك ق خ) share K, s/z/sh (س ص ز ش ظ) share S, th is T (سميث).
_AR_CLASS = {
    "ب": "B", "پ": "B", "ت": "T", "ث": "T", "ط": "T", "ج": "K", "خ": "K", "غ": "K",
    "ق": "K", "ك": "K", "گ": "K", "د": "D", "ذ": "D", "ض": "D", "ر": "R", "ز": "S",
    "س": "S", "ش": "S", "ص": "S", "ظ": "S", "ف": "F", "ڤ": "F", "ل": "L", "م": "M",
    "ن": "N",
}  # fmt: skip
_EN_DIGRAPHS = (("sh", "S"), ("ch", "S"), ("th", "T"), ("ph", "F"), ("kh", "K"), ("gh", "K"),
                ("ck", "K"), ("qu", "K"), ("x", "KS"))  # fmt: skip
_EN_CLASS = {
    "b": "B", "p": "B", "t": "T", "d": "D", "g": "K", "j": "K", "k": "K", "q": "K",
    "s": "S", "z": "S", "f": "F", "v": "F", "l": "L", "m": "M", "n": "N", "r": "R",
}  # fmt: skip
_NAME_CONSONANTS = 3
# Capitalised words that are not names, for the name skeleton.
_EN_NOT_NAMES = frozenset({
    "the", "a", "an", "and", "of", "in", "on", "at", "to", "for", "from", "by", "with", "his",
    "her", "its", "their", "this", "that", "these", "those", "mr", "mrs", "ms", "dr", "prof",
    "st", "mt", "article", "chapter", "part", "section", "president", "minister",
})  # fmt: skip


def normalize_digits(text: str) -> str:
    """Arabic-Indic and Persian digits and the Arabic separators ٫ ٬ as ASCII."""
    return text.translate(_DIGITS)


def numbers(text: str) -> list[str]:
    """The numbers of ``text`` in one spelling: ``٤٬٠٥٣`` → ``4053``, ``1٫5`` → ``1.5``."""
    found = []
    for match in _NUMBER.finditer(normalize_digits(text)):
        value = match.group()
        if _THOUSANDS.fullmatch(value):
            value = value.replace(",", "")
        value = value.replace(",", ".")
        whole, dot, rest = value.partition(".")
        found.append((whole.lstrip("0") or "0") + dot + rest)
    return found


def months(text: str, lang: str) -> list[int]:
    """Month numbers named in ``text`` (``December`` / ``ديسمبر`` / ``كانون الأول`` → 12)."""
    if lang != AR:
        return [_EN_MONTHS[m.group()] for m in _EN_MONTH.finditer(text)]
    words = [strip_marks(w) for w in _ARABIC_WORD.findall(text)]
    found = []
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        for form in (word, _strip_one_clitic(word)):
            month = _AR_MONTH_PAIRS.get((form, following)) or _AR_MONTHS.get(form)
            if month:
                found.append(month)
                break
    return found


def number_words(text: str, lang: str) -> list[str]:
    """Numbers written as words, as :func:`numbers` writes them (``three`` / ``ثلاثة`` → 3);
    ``e2`` … ``e9`` for hundreds, thousands, millions, billions."""
    if lang != AR:
        return [
            _EN_NUMBER_WORDS[w] for w in _EN_WORD.findall(text.lower()) if w in _EN_NUMBER_WORDS
        ]
    found = []
    for word in _ARABIC_WORD.findall(text):
        word = strip_marks(word)
        for form in (word, _strip_one_clitic(word), _strip_article(word)):
            if form in _AR_NUMBER_WORDS:
                found.append(_AR_NUMBER_WORDS[form])
                break
    return found


def _strip_article(word: str) -> str:
    for prefix in ("وال", "بال", "لل", "ال"):
        if word.startswith(prefix) and len(word) > len(prefix) + 2:
            return word[len(prefix) :]
    return word


def latin_tokens(text: str) -> list[str]:
    """Latin-script tokens of two characters or more, lower-cased."""
    return [t.lower() for t in _LATIN_TOKEN.findall(text) if len(t) > 1]


def _strip_one_clitic(word: str) -> str:
    return word[1:] if len(word) > 3 and word[0] in _CLITICS else word


def arabic_name_keys(word: str) -> set[str]:
    """Name skeletons an Arabic word may stand for, with and without clitics and suffixes."""
    word = strip_marks(word)
    forms = {word}
    for prefix in ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            forms.add(word[len(prefix) :])
    for form in list(forms):
        for suffix in ("يين", "يون", "ية", "ي", "ة"):
            if form.endswith(suffix) and len(form) - len(suffix) >= 3:
                forms.add(form[: -len(suffix)])
    keys = set()
    for form in forms:
        skeleton = _collapse(_AR_CLASS.get(ch, "") for ch in form)
        if len(skeleton) >= _NAME_CONSONANTS:
            keys.add(skeleton[:_NAME_CONSONANTS])
    return keys


def english_name_key(word: str) -> str | None:
    """The skeleton of an English name: ``Halifax`` → ``LFK``; None if too short."""
    lower = word.lower()
    for digraph, cls in _EN_DIGRAPHS:
        lower = lower.replace(digraph, cls)
    classes = []
    for index, ch in enumerate(lower):
        if ch.isupper():  # a class put in by a digraph
            classes.append(ch)
        elif ch == "c":
            following = lower[index + 1 : index + 2]
            classes.append("S" if following in ("e", "i", "y") else "K")
        else:
            classes.append(_EN_CLASS.get(ch, ""))
    skeleton = _collapse(classes)
    return skeleton[:_NAME_CONSONANTS] if len(skeleton) >= _NAME_CONSONANTS else None


def _collapse(classes) -> str:
    out: list[str] = []
    for cls in classes:
        for ch in cls:
            if not out or out[-1] != ch:
                out.append(ch)
    return "".join(out)


_EN_WORD = re.compile(r"[A-Za-z]+")


def english_names(text: str) -> list[str]:
    """Capitalised words that may be names: not the first word, not a known function word."""
    words = _EN_WORD.findall(text)
    return [
        w
        for w in words[1:]
        if w[0].isupper() and not w.isupper() and len(w) > 2 and w.lower() not in _EN_NOT_NAMES
    ]


_QUOTES = re.compile(r'["“”«»„]')
_PUNCTUATION = {"(": "(", "?": "?", "؟": "?", "!": "!", ":": ":", ";": ";", "؛": ";"}


def punctuation(text: str) -> list[str]:
    """Marks a translation keeps: brackets, quotations, ``?`` ``!`` ``:`` ``;`` (either script).

    A quotation counts once per pair of quote marks.
    """
    marks = [_PUNCTUATION[ch] for ch in text if ch in _PUNCTUATION]
    quotes = len(_QUOTES.findall(text))
    return marks + ['"'] * ((quotes + 1) // 2)


def sentence_keys(text: str, lang: str, latin_vocabulary: frozenset[str]) -> Counter[str]:
    """The anchor keys of one sentence in ``lang`` (``ar`` or ``en``).

    ``latin_vocabulary`` is the set of Latin tokens of the Arabic document: an English
    token is a key only if the Arabic side wrote it in Latin letters somewhere.
    """
    keys: Counter[str] = Counter(f"num:{n}" for n in numbers(text))
    keys.update(f"num:{n}" for n in number_words(text, lang))
    keys.update(f"month:{m}" for m in months(text, lang))
    keys.update(f"punct:{p}" for p in punctuation(text))
    if lang == AR:
        keys.update(f"lat:{t}" for t in latin_tokens(text))
        for word in _ARABIC_WORD.findall(text):
            keys.update(f"name:{k}" for k in arabic_name_keys(word))
    else:
        keys.update(f"lat:{t}" for t in latin_tokens(text) if t in latin_vocabulary)
        for word in english_names(text):
            key = english_name_key(word)
            if key:
                keys[f"name:{key}"] += 1
    return keys


def glossary_keys(matcher: Any, text: str, lang: str) -> Counter[str]:
    """Keys for the glossary entries ``matcher.find(text, lang)`` finds.

    Duck-typed: each hit has ``.entry`` with ``.en`` and ``.ar``; the same entry found on
    both sides is an anchor.
    """
    keys: Counter[str] = Counter()
    for hit in matcher.find(text, lang) or ():
        entry = hit.entry
        keys[f"glossary:{getattr(entry, 'en', '')}\x1f{getattr(entry, 'ar', '')}"] += 1
    return keys


def document_keys(
    texts: Sequence[str], lang: str, other_texts: Sequence[str], other_lang: str
) -> tuple[list[Counter[str]], list[Counter[str]]]:
    """Anchor keys of every sentence of both sides (the Latin vocabulary comes from Arabic).

    Only keys that both documents hold are kept: no other key can ever match.
    """
    arabic = texts if lang == AR else other_texts
    vocabulary = frozenset(t for text in arabic for t in latin_tokens(text))
    own = [sentence_keys(t, lang, vocabulary) for t in texts]
    other = [sentence_keys(t, other_lang, vocabulary) for t in other_texts]
    both = set().union(*own) & set().union(*other)
    return _kept(own, both), _kept(other, both)


def _kept(keys: list[Counter[str]], allowed: set[str]) -> list[Counter[str]]:
    return [Counter({k: v for k, v in c.items() if k in allowed}) for c in keys]


__all__ = [
    "AR",
    "EN",
    "document_keys",
    "glossary_keys",
    "normalize_digits",
    "numbers",
    "months",
    "sentence_keys",
]
