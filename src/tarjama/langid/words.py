"""Word evidence inside Arabic script: grammar words only one side writes, and ال.

Letters (tarjama.langid.letters) tell Arabic from Persian and Urdu when the text has a
telling letter; short Arabic text often has none, or has one that Arabic borrows (گ in
گوگل, Google). Grammar words are evidence that does not depend on loanwords:

* Prepositions, conjunctions, relatives and demonstratives in their Arabic spelling: في
  إلى على عن أن إن الذي التي هذا هذه مع ... Persian and Urdu have their own (در از به
  با را که این; میں سے کے کی نے کو ہے) and do not write these. Left out on purpose: words
  the other two also write as everyday words (من "I" and ما "we" in Persian, بعد قبل بین
  ضد کل, قد "height"), and hamza-less spellings (ان او الا) that are Urdu or Persian words.
  A leading و or ف (and, so) is allowed: وفي فإن.
* The article ال at the start of a word of four letters or more. Persian and Urdu use it
  only in Arabic loans (البته, الزام, بین‌المللی is one word), so it counts half.
* The other way, Persian and Urdu grammar words with no telling letter, which Arabic does
  not write as words: است را از در تا با, the auxiliaries هست هستند بود بودند شده شود
  باشد اند, خود, and Urdu اور. They keep a short Persian phrase (از تهران) Persian now that
  a short text leans to Arabic. Left out: به هم آن شد, Arabic words too (بِه, هُم, آن
  الأوان, شدّ).

Each piece of evidence moves the odds 10:1 against the other side, capped at 100:1: the
Arabic quotation inside a Persian sentence (religious text, a slogan) must not outweigh
that sentence's own letters and n-grams.
"""

from __future__ import annotations

import math

from tarjama.script import strip_marks

#: Odds one Arabic grammar word moves against Persian/Urdu; the cap on how many count.
WORD_ODDS = 10.0
WORD_CAP = 2.0
ARTICLE_WEIGHT = 0.5

# fmt: off
ARABIC_GRAMMAR_WORDS = frozenset([
    "في", "إلى", "الى", "على", "عن", "أن", "إن", "أنه", "إنه", "أنها", "إنها", "لأن",
    "الذي", "التي", "الذين", "اللذين", "هذا", "هذه", "هؤلاء", "ذلك", "تلك", "هناك", "مع",
    "منذ", "ثم", "أو", "إلا", "لكن", "لقد", "إذا", "كما", "أيضا", "ليس", "ليست", "كانت", "عند",
])
PERSIAN_URDU_GRAMMAR_WORDS = frozenset([
    "است", "را", "از", "در", "تا", "با", "هست", "هستند", "بود", "بودند", "شده", "شود",
    "باشد", "اند", "خود", "اور",
])
# fmt: on
_CONJUNCTIONS = "وف"
ARTICLE = "ال"
MIN_ARTICLE_WORD = 4  # ال plus a stem of two letters or more


def arabic_evidence(text: str) -> float:
    """Arabic grammar words (1 each) and article words (0.5 each) in ``text``, uncapped."""
    found = 0.0
    for word in map(strip_marks, text.split()):
        if word in ARABIC_GRAMMAR_WORDS or (
            word[:1] in _CONJUNCTIONS and word[1:] in ARABIC_GRAMMAR_WORDS
        ):
            found += 1.0
        elif word.startswith(ARTICLE) and len(word) >= MIN_ARTICLE_WORD:
            found += ARTICLE_WEIGHT
    return found


def persian_urdu_evidence(text: str) -> float:
    """Persian and Urdu grammar words in ``text`` (1 each), uncapped."""
    return float(sum(strip_marks(word) in PERSIAN_URDU_GRAMMAR_WORDS for word in text.split()))


def arabic_or_persian_urdu(text: str) -> dict[str | tuple[str, str], float]:
    """Word log-weights for "ar" against ("fa", "ur"): 0 down to -2 ln 10 each."""
    return {
        "ar": -math.log(WORD_ODDS) * min(persian_urdu_evidence(text), WORD_CAP),
        ("fa", "ur"): -math.log(WORD_ODDS) * min(arabic_evidence(text), WORD_CAP),
    }
