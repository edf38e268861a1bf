"""Word pairs learned from the document pair itself, as anchors for a second pass.

Moore (2002) aligns by length first, then trains a word-translation model on the surest
1-1 links and aligns again. This is the lightweight version of that idea: over the first
pass's confident 1-1 links, an Arabic word and an English word that keep occurring in the
same links (Dice coefficient, mutual best partners, seen together at least twice) become
an anchor key ``lex:…`` on every sentence that contains them. Words are compared in a
rough normal form: Arabic folded as glossaries fold it (no short vowels; alef, ya and ta
marbuta unified), without clitics and the article; English lower-cased, without a plural
or possessive ``s``.

Nothing comes from outside the two documents, so it only helps documents long enough to
repeat their vocabulary (a few dozen sentences or more); short ones are left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from tarjama.document import AR
from tarjama.glossary.normalize import fold

#: Fewest confident 1-1 links worth learning from.
MIN_LINKS = 20
#: Posterior a 1-1 link needs to be learned from.
MIN_SCORE = 0.9
#: Times a pair must be seen together, and the Dice coefficient it needs.
MIN_TOGETHER = 2
MIN_DICE = 0.6
#: Words in more than this share of the links are too common to tell links apart.
MAX_SHARE = 0.1

_ARABIC = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u064B-\u0652\u0640\u0670]+")
_LATIN = re.compile(r"[A-Za-z]+")
_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل")


def arabic_form(word: str) -> str:
    word = fold(word)  # the glossary's spelling fold: marks gone, alef/ya/ta marbuta one
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix) :]
    return word


def english_form(word: str) -> str:
    word = word.lower()
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


def words(text: str, lang: str) -> set[str]:
    """The normalised word forms of ``text`` (three letters or more)."""
    if lang == AR:
        forms = (arabic_form(w) for w in _ARABIC.findall(text))
    else:
        forms = (english_form(w) for w in _LATIN.findall(text))
    return {form for form in forms if len(form) >= 3}


def learn(
    source: Sequence[set[str]],
    target: Sequence[set[str]],
    links: Sequence[tuple[int, int]],
) -> dict[str, str]:
    """Source word → target word, from the (source index, target index) ``links``."""
    if len(links) < MIN_LINKS:
        return {}
    df_source: Counter[str] = Counter()
    df_target: Counter[str] = Counter()
    for i, j in links:
        df_source.update(source[i])
        df_target.update(target[j])
    limit = max(MIN_TOGETHER, MAX_SHARE * len(links))
    usable_source = {w for w, c in df_source.items() if MIN_TOGETHER <= c <= limit}
    usable_target = {w for w, c in df_target.items() if MIN_TOGETHER <= c <= limit}
    together: Counter[tuple[str, str]] = Counter()
    for i, j in links:
        src = source[i] & usable_source
        tgt = target[j] & usable_target
        for a in src:
            for b in tgt:
                together[(a, b)] += 1
    best_source: dict[str, tuple[float, str]] = {}
    best_target: dict[str, tuple[float, str]] = {}
    for (a, b), count in sorted(together.items()):
        if count < MIN_TOGETHER:
            continue
        dice = 2 * count / (df_source[a] + df_target[b])
        if dice < MIN_DICE:
            continue
        if dice > best_source.get(a, (0.0, ""))[0]:
            best_source[a] = (dice, b)
        if dice > best_target.get(b, (0.0, ""))[0]:
            best_target[b] = (dice, a)
    return {a: b for a, (_, b) in best_source.items() if best_target[b][1] == a}


def lexicon_keys(
    source_words: Sequence[set[str]],
    target_words: Sequence[set[str]],
    pairs: dict[str, str],
) -> tuple[list[Counter[str]], list[Counter[str]]]:
    """``lex:`` keys of each sentence of both sides for the learned ``pairs``."""
    targets = set(pairs.values())
    source = [Counter(f"lex:{pairs[w]}" for w in ws if w in pairs) for ws in source_words]
    target = [Counter(f"lex:{w}" for w in ws if w in targets) for ws in target_words]
    return source, target
