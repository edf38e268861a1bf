"""Per-segment language identification: ar, en, fa, ur or other.

Method, cheapest evidence first:

1. Script. Letters are grouped into words per script (tarjama.script). Words between a
   matched pair of brackets or quotes are set aside, as the sentence splitter does: they
   quote a name, a translation or a source, not the sentence's language. They count only
   when nothing (no word of two letters or more) is left outside them. No letters, a lone
   letter, or only 1-2-letter Latin scraps (``ad a b``) is ``other``; a majority of words
   in another script (Cyrillic, CJK...) is ``other``. Otherwise the script with more words
   decides, so an English sentence around a bracketed Arabic name is ``en`` and an Arabic
   sentence around ``(CSTO)`` is ``ar``. When both scripts are present, a Latin word
   written Capitalised or in CAPITALS (a name, a title, an acronym) weighs half a word:
   an English sentence is mostly lower-case words, an Arabic sentence quoting ``The New
   York Times`` and ``Goldman Sachs`` has none. One exception: a Persian or Urdu clause
   (five words or more, a third of the segment or more, quoted or not) makes the segment
   ``fa``/``ur`` even among more English words; those languages must reach no model.
2. Arabic script, in two steps: Arabic or Persian/Urdu, then Persian or Urdu. Each step
   multiplies a prior (Arabic as likely as the other two together: this is an Arabic tool;
   a tie goes to Arabic) by letter odds (tarjama.langid.letters: letters a language never
   writes count against it, capped), in step one by Arabic grammar words and the article
   (tarjama.langid.words) against Persian/Urdu, and, unless that already settles it, by the
   character n-gram odds of lingua's Arabic, Persian and Urdu models (tarjama.langid.ngrams).
   N-grams claim near-certainty even for one word, so their odds are capped at 10:1 per
   word, 1000:1 at most: letters lead on words, n-grams on sentences. In step one the cap
   counts words from the second on, so short text leans to Arabic: one word gets no n-gram
   odds at all, two 10:1, three 100:1. One word's n-grams are its spelling, and a lone word
   is usually a name or a table cell (طهران, اردوغان) spelled alike in all three
   languages: only telling letters or grammar words move it off Arabic.
3. Latin script: English or another language, by a vote of the words against the English
   word list and other languages' grammar words (tarjama.langid.latin), English winning
   ties. Names and CAPITALS do not vote, so a title-case headline (``Erdogan Meets Putin
   In Sochi``) or a lone name stays ``en``.

Nothing is random, so results do not depend on runs, instances or call order. Confidence
is the winner's share of the combined odds or votes, or fixed 0.5/1.0 for the rule-only
cases (no letters at all is certain). A confidence of :data:`AMBIGUOUS_CONFIDENCE` (0.5)
or less marks a guess from too little text: one Arabic-script word, fewer than four Latin
words, a lone letter. A caller that knows the document around the segment may prefer the
document's language to it.
"""

from __future__ import annotations

import math
import threading
from typing import NamedTuple

from tarjama.document import AR, EN, OTHER
from tarjama.langid import letters as letter_odds
from tarjama.langid import words as word_odds
from tarjama.langid.latin import is_sentence as is_latin_sentence
from tarjama.langid.latin import latin_vote
from tarjama.langid.letters import ZWNJ
from tarjama.langid.ngrams import language_probabilities
from tarjama.script import ARABIC, LATIN, OTHER_SCRIPT, char_script

FA = "fa"
UR = "ur"
PERSIAN_URDU = (FA, UR)
#: What one step of the Arabic-script decision weighs: a language or a family of them.
Candidate = str | tuple[str, ...]

#: Step one: Arabic against the Persian/Urdu family, as likely as each other.
FAMILY_PRIOR = {AR: 0.5, PERSIAN_URDU: 0.5}
PERSIAN_URDU_PRIOR = {FA: 0.5, UR: 0.5}
#: N-grams claim near-certainty even for one word: their odds count 10:1 at most per word,
#: 1000:1 in all, so letters lead on single words and n-grams on sentences. Step one
#: counts words from the second on (one word: no n-gram odds).
NGRAM_ODDS_PER_WORD = 10.0
NGRAM_MAX_WORDS = 3
#: A Persian/Urdu run this long is a clause, not a name (names rarely pass four words).
CLAUSE_WORDS = 5
#: Latin segments with fewer words are too little text: their confidence stays ambiguous.
MIN_LATIN_WORDS = 4
#: Confidence of a guess made by rule from too little text.
WEAK_CONFIDENCE = 0.5
#: Guesses at or below this rest on too little text (see the module docstring).
AMBIGUOUS_CONFIDENCE = WEAK_CONFIDENCE
#: A Capitalised or CAPITALS Latin word beside Arabic-script words: a name, half a word.
NAME_WEIGHT = 0.5

_PAIRS = {"(": ")", "[": "]", "{": "}", "«": "»", "“": "”", "‘": "’", "‹": "›"}
_OPENER_OF = {close: open_ for open_, close in _PAIRS.items()}
_APOSTROPHES = "‘’"  # between letters: Russia’s, Shi‘a (a transliterated ayn)


class LanguageGuess(NamedTuple):
    lang: str  # "ar" | "en" | "fa" | "ur" | "other"
    confidence: float  # 0..1


class _Words(NamedTuple):
    """The letter runs of one script, joined by spaces."""

    text: str
    count: int
    letters: int
    capitalised: int  # words starting with a capital letter (Latin: names, acronyms)


def _quoted(text: str) -> bytearray:
    """1 for each character between a matched pair of brackets or quotes (pair included).

    A closer matches the nearest open bracket of its kind (unclosed openers of other kinds
    in between are dropped); straight double quotes pair in order. Unmatched marks hide
    nothing, so a quotation cut in two by the sentence splitter counts in full.
    """
    inside = bytearray(len(text))
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch in _APOSTROPHES and text[i - 1 : i].isalpha() and text[i + 1 : i + 2].isalpha():
            continue
        opens_quote = ch == '"' and all(opener != '"' for opener, _ in stack)
        if opens_quote or ch in _PAIRS:
            stack.append((ch, i))
        elif ch in _OPENER_OF or ch == '"':
            opener = _OPENER_OF.get(ch, '"')
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == opener:
                    start = stack[depth][1]
                    inside[start : i + 1] = b"\x01" * (i + 1 - start)
                    del stack[depth:]
                    break
    return inside


def _words_by_script(text: str, skip: bytearray | None = None) -> dict[str, _Words]:
    """Letter runs per script; digits, punctuation, spaces and ``skip`` separate words."""
    runs: dict[str, list[str]] = {ARABIC: [], LATIN: [], OTHER_SCRIPT: []}
    run: list[str] = []
    run_script = None
    for i, ch in enumerate(text + " "):
        script = None if skip and i < len(skip) and skip[i] else char_script(ch)
        if ch == ZWNJ and run_script == ARABIC:
            script = ARABIC  # inside a Persian word (می‌شود), and evidence for Persian
        script = script if script in runs else None
        if script != run_script and run:
            runs[run_script].append("".join(run))
            run = []
        if script is not None:
            run.append(ch)
        run_script = script
    return {
        script: _Words(
            " ".join(words),
            len(words),
            sum(map(len, words)),
            sum(word[0].isupper() for word in words),
        )
        for script, words in runs.items()
    }


def _counted_words(text: str) -> tuple[dict[str, _Words], dict[str, _Words]]:
    """(the words that decide the script, all words): quoted words set aside if possible."""
    every = _words_by_script(text)
    quoted = _quoted(text)
    if not any(quoted):
        return every, every
    outside = _words_by_script(text, quoted)
    # Only one-letter words (a conjunction و, a list letter) outside: the quote is the text.
    if sum(words.letters for words in outside.values()) > sum(
        words.count for words in outside.values()
    ):
        return outside, every
    return every, every


def _is_residue(latin_words: list[str]) -> bool:
    """Only 1-2-letter Latin scraps (``ad a b``); an upper-case pair (UN, EU) is a word."""
    return all(len(word) < 2 or (len(word) == 2 and not word.isupper()) for word in latin_words)


def _best(log_scores: dict[Candidate, float]) -> tuple[Candidate, float]:
    """The top candidate and its share of the normalised odds; a tie goes to the first
    (the priors list Arabic, then Persian, first)."""
    top = max(log_scores.values())
    weights = {key: math.exp(score - top) for key, score in log_scores.items()}
    best = max(weights, key=weights.__getitem__)
    return best, weights[best] / sum(weights.values())


class LanguageDetector:
    """Guesses the language of one segment; see the module docstring for the method."""

    def __init__(self, seed: int = 0):
        self.seed = seed  # kept for callers; detection no longer samples at random

    def detect(self, text: str) -> LanguageGuess:
        words, every = _counted_words(text)
        arabic, latin, other = words[ARABIC], words[LATIN], words[OTHER_SCRIPT]
        letters = arabic.letters + latin.letters + other.letters
        if letters == 0:
            return LanguageGuess(OTHER, 1.0)
        if other.count > arabic.count + latin.count:
            return LanguageGuess(OTHER, other.letters / letters)
        latin_weight = float(latin.count)
        if arabic.count:  # names beside Arabic-script words weigh half
            latin_weight -= (1.0 - NAME_WEIGHT) * latin.capitalised
        if arabic.count > latin_weight or (
            arabic.count == latin_weight and arabic.letters >= latin.letters
        ):
            if arabic.letters < 2:  # a lone letter: a list marker, not a language
                return LanguageGuess(OTHER, WEAK_CONFIDENCE)
            return self._arabic_script(arabic)
        # Mostly Latin: still fa/ur if a Persian/Urdu clause makes up a third of the words.
        arabic, latin = every[ARABIC], every[LATIN]
        if arabic.count >= CLAUSE_WORDS and 3 * arabic.count >= arabic.count + latin.count:
            guess = self._arabic_script(arabic)
            if guess.lang in PERSIAN_URDU:
                return guess
        return self._latin_script(words[LATIN].text, text)

    def _arabic_script(self, words: _Words) -> LanguageGuess:
        family_odds = letter_odds.arabic_or_persian_urdu(words.text)
        for key, weight in word_odds.arabic_or_persian_urdu(words.text).items():
            family_odds[key] += weight
        # Short text leans to Arabic: n-grams count from the second word (one word: none).
        family, family_confidence = self._weigh(
            words, family_odds, FAMILY_PRIOR, ngram_words=words.count - 1
        )
        if family == AR:
            guess = LanguageGuess(AR, family_confidence)
        else:
            lang, confidence = self._weigh(
                words, letter_odds.persian_or_urdu(words.text), PERSIAN_URDU_PRIOR
            )
            guess = LanguageGuess(lang, family_confidence * confidence)
        if words.count == 1:  # too little text: let document context decide if it can
            return guess._replace(confidence=min(guess.confidence, AMBIGUOUS_CONFIDENCE))
        return guess

    def _weigh(
        self,
        words: _Words,
        letter_weights: dict[Candidate, float],
        prior: dict[Candidate, float],
        ngram_words: int | None = None,
    ) -> tuple[Candidate, float]:
        """Prior times letter odds, times n-gram odds unless letters settle it.

        N-gram odds are capped at 10:1 for each of ``ngram_words`` words (default:
        all of them), 1000:1 at most; zero words means n-grams have no say.
        """
        groups = {key: key if isinstance(key, tuple) else (key,) for key in prior}
        scores = {key: math.log(prior[key]) + letter_weights[key] for key in prior}
        ngram_words = words.count if ngram_words is None else ngram_words
        floor = NGRAM_ODDS_PER_WORD ** -min(ngram_words, NGRAM_MAX_WORDS)
        first, second = sorted(scores.values(), reverse=True)
        if first - second < -math.log(floor):  # n-grams could still change the answer
            langs = [lang for group in groups.values() for lang in group]
            found = language_probabilities(words.text, langs)
            if found:  # empty: no known n-gram, so n-grams have no say
                for key, group in groups.items():
                    probability = sum(found.get(lang, 0.0) for lang in group)
                    scores[key] += math.log(max(probability, floor))
        return _best(scores)

    def _latin_script(self, latin_text: str, segment: str) -> LanguageGuess:
        latin_words = latin_text.split()
        if _is_residue(latin_words):
            return LanguageGuess(OTHER, WEAK_CONFIDENCE)
        vote = latin_vote(latin_words, sentence=is_latin_sentence(segment, len(latin_words)))
        confidence = vote.confidence
        if len(latin_words) < MIN_LATIN_WORDS:  # too little text: let context decide
            confidence = min(confidence, AMBIGUOUS_CONFIDENCE)
        return LanguageGuess(EN if vote.is_english else OTHER, confidence)


_default: LanguageDetector | None = None
_default_lock = threading.Lock()


def detect_language(text: str) -> LanguageGuess:
    """Detect with one lazily created, module-wide :class:`LanguageDetector`."""
    global _default
    with _default_lock:
        if _default is None:
            _default = LanguageDetector()
    return _default.detect(text)
