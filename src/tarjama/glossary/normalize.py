"""Folding text for matching, with a map back to the text as written.

Glossary entries and documents are compared after folding: Arabic letter variants are
unified, tashkeel and tatweel are removed, Latin diacritics are dropped (``Erdoğan`` =
``Erdogan``), and typographic apostrophes and hyphens become ASCII. Folding removes and
sometimes expands characters, so every folded character keeps the index of the original
character it came from: matches are found in folded text but reported in the original.

The folded text is then cut into tokens: words (letters and digits) and single punctuation
marks. Whitespace and hyphens only separate tokens, which is why ``al-Qaeda`` = ``al Qaeda``
and ``Covid-19`` = ``Covid 19``, and why ``Taliban's`` holds the word ``taliban``. Words
joined by a hyphen alone may also be read closed up (:func:`close_hyphens`), so that
``cease-fire`` = ``ceasefire`` and ``Covid-19`` = ``Covid19``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from tarjama.script import TATWEEL, is_arabic_char

ARTICLE = "\u0627\u0644"  # ال

_ARABIC_FOLDS = {
    "\u0623": "\u0627",  # أ → ا
    "\u0625": "\u0627",  # إ → ا
    "\u0622": "\u0627",  # آ → ا
    "\u0671": "\u0627",  # ٱ → ا
    "\u0672": "\u0627",  # ٲ → ا
    "\u0673": "\u0627",  # ٳ → ا
    "\u0649": "\u064a",  # ى → ي (final ى and ي are written interchangeably)
    "\u06cc": "\u064a",  # Persian ی → ي
    "\u0629": "\u0647",  # ة → ه (final ة and ه are written interchangeably)
    "\u06a9": "\u0643",  # Persian ک → ك
}
_ARABIC_FOLDS.update({chr(0x0660 + d): str(d) for d in range(10)})  # ٠-٩
_ARABIC_FOLDS.update({chr(0x06F0 + d): str(d) for d in range(10)})  # ۰-۹ (Persian)
_OTHER_FOLDS = {
    "\u2019": "'",  # ’
    "\u2018": "'",  # ‘
    "\u02bc": "'",  # ʼ
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
}
_PRESENTATION_FORMS = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF))

_TOKEN = re.compile(r"(?P<word>[^\W_]+)|(?P<gap>[\s\-]+)|(?P<mark>.)", re.DOTALL)


@lru_cache(maxsize=8192)
def fold_char(ch: str) -> str:
    """What one character becomes when folded: usually itself, sometimes nothing or more."""
    if ch == TATWEEL or unicodedata.category(ch) in ("Mn", "Cf"):
        return ""  # tashkeel, dagger alef, combining accents, RLM/ZWNJ/soft hyphen
    code = ord(ch)
    if any(low <= code <= high for low, high in _PRESENTATION_FORMS):
        # ﻻ → لا, ﷲ → الله; the isolated tashkeel forms carry a space that is dropped
        return "".join(fold_char(c) for c in unicodedata.normalize("NFKC", ch) if c != " ")
    if is_arabic_char(ch):
        return _ARABIC_FOLDS.get(ch, ch)
    if ch in _OTHER_FOLDS:
        return _OTHER_FOLDS[ch]
    if ch.isascii():
        return ch
    decomposed = unicodedata.normalize("NFKD", ch)  # ğ → g + breve, ﬁ → fi, fullwidth → ASCII
    return "".join(
        _OTHER_FOLDS.get(c, c) for c in decomposed if unicodedata.category(c) not in ("Mn", "Cf")
    )


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """``(folded, origin)``: ``origin[i]`` is the index in ``text`` of folded character ``i``."""
    pieces: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        folded = fold_char(ch)
        if folded:
            pieces.append(folded)
            origin.extend([index] * len(folded))
    return "".join(pieces), origin


def fold(text: str) -> str:
    return "".join(fold_char(ch) for ch in text)


@dataclass(frozen=True, slots=True)
class Token:
    """A word or punctuation mark of folded text, with its offsets in the original text.

    ``text`` keeps the case; ``key`` is casefolded. ``origin`` maps each character of
    ``text`` to its index in the original (needed to cut a proclitic off a word).
    ``joined`` is False when a blank line separates the token from the one before: a term
    never runs across paragraphs. ``hyphened`` is True when only hyphens separate it from
    the one before (``cease-fire``): such words may also be read as one (``ceasefire``).
    """

    text: str
    key: str
    start: int
    end: int
    origin: tuple[int, ...]
    is_word: bool
    joined: bool = True
    hyphened: bool = False

    @property
    def is_arabic(self) -> bool:
        return is_arabic_char(self.text[0])


def tokenize(text: str) -> list[Token]:
    """The words and punctuation marks of ``text``, offsets into ``text`` as written."""
    folded, origin = fold_with_map(text)
    tokens: list[Token] = []
    joined, hyphened = True, False
    for match in _TOKEN.finditer(folded):
        kind = match.lastgroup
        if kind == "gap":
            joined = match.group().count("\n") < 2
            hyphened = not match.group().strip("-")
            continue
        start, end = match.span()
        tokens.append(
            Token(
                text=match.group(),
                key=match.group().casefold(),
                start=origin[start],
                end=_original_end(text, origin, end),
                origin=tuple(origin[start:end]),
                is_word=kind == "word",
                joined=joined,
                hyphened=hyphened and kind == "word" and bool(tokens) and tokens[-1].is_word,
            )
        )
        joined, hyphened = True, False
    return tokens


def close_hyphens(tokens: list[Token]) -> list[Token]:
    """``tokens`` with each run of hyphened words read as one word: ``cease-fire`` →
    ``ceasefire``, ``Covid-19`` → ``Covid19`` (offsets still into the original text)."""
    closed: list[Token] = []
    for token in tokens:
        if token.hyphened and closed:
            last = closed[-1]
            closed[-1] = Token(
                text=last.text + token.text,
                key=last.key + token.key,
                start=last.start,
                end=token.end,
                origin=last.origin + token.origin,
                is_word=True,
                joined=last.joined,
                hyphened=last.hyphened,
            )
        else:
            closed.append(token)
    return closed


def _original_end(text: str, origin: list[int], folded_end: int) -> int:
    """Where a token ending at ``folded_end`` ends in ``text``: after its last character and
    any tashkeel or tatweel written on it, but not after invisible format marks."""
    end = origin[folded_end - 1] + 1
    while end < len(text) and fold_char(text[end]) == "" and not _is_format(text[end]):
        end += 1
    return end


def _is_format(ch: str) -> bool:
    return unicodedata.category(ch) == "Cf"


def token_words(tokens: list[Token], case_sensitive: bool = False) -> tuple[str, ...]:
    """What the matcher compares of each token: its folded text, casefolded unless
    ``case_sensitive``."""
    return tuple(t.text if case_sensitive else t.key for t in tokens)


def match_key(text: str, case_sensitive: bool = False) -> str:
    """The form the matcher compares: folded words and marks joined by single spaces.

    Two glossary forms with the same key match the same text (``Al-Qaeda`` and ``al Qaeda``,
    ``أحمد`` and ``احمد``): the duplicate and conflict checks compare these keys.
    """
    return " ".join(token_words(tokenize(text), case_sensitive))


def match_keys(text: str, case_sensitive: bool = False) -> frozenset[str]:
    """:func:`match_key` of ``text`` as written and with its hyphened words closed up
    (``cease-fire``: ``cease fire`` and ``ceasefire``): two forms that share a key match
    some text alike."""
    tokens = tokenize(text)
    return frozenset(
        " ".join(token_words(reading, case_sensitive))
        for reading in (tokens, close_hyphens(tokens))
    )


def has_word(text: str) -> bool:
    """Whether ``text`` holds a letter or digit once folded: without one it can never match."""
    return any(token.is_word for token in tokenize(text))


def has_cased_letter(text: str) -> bool:
    return any(ch.lower() != ch.upper() for ch in text)


def letter_script(ch: str) -> str:
    """The script of a letter as ``check`` names it: ``Arabic``, ``Latin``, ``Cyrillic``,
    ``CJK``... (the first word of its Unicode name; Arabic by tarjama's own ranges)."""
    if is_arabic_char(ch):
        return "Arabic"
    word = unicodedata.name(ch, "unknown").split(" ")[0]
    return word if word == "CJK" else word.capitalize()


def other_scripts(text: str, expected: str) -> list[str]:
    """Scripts of the letters of ``text`` that are not in ``expected`` (``Latin`` for an en
    cell, ``Arabic`` for an ar cell), in order of appearance: ``新华社`` in an ar cell is as
    wrong as ``Hamas`` is."""
    found = [letter_script(ch) for ch in text if ch.isalpha()]
    return list(dict.fromkeys(script for script in found if script != expected))
