"""English or another Latin-script language, told by the words themselves.

Character n-grams fail on short sentences: langdetect calls ``Sami drank.`` Afrikaans and
``Es ist Herbst.`` English. Words do not: a short English sentence is made of English
words, a German, French or Indonesian one is not. Each word of two letters or more votes:

* a word of the English word list (:mod:`.english_words`, SCOWL) votes English, a very
  common word (``the``, ``was``) fully, a rarer one (``leer``, ``pas``: loans and
  coincidences) less;
* a grammar word of another Latin-script language (``ich``, ``pas``, ``una``, ``yang``)
  votes foreign, unless it is a common English word too (``die``, ``son``, ``me``): then
  it says nothing;
* an unknown lower-case word votes foreign, and so, at half weight, does an unknown
  first word (``Gracias.``, ``Saya lapar.``), but only in a sentence: a fragment of fewer
  than :data:`MIN_SENTENCE_WORDS` words without closing punctuation (``canada unmatched``,
  a menu item, a table cell) is too little text, and its unknown words may be terms;
* other unknown Capitalised words (names: Mennad, Tashkent) and CAPITALS (NATO) say
  nothing.

English wins ties: this is an English tool's default for Latin script. The confidence is
the winner's share of odds of :data:`ODDS_PER_WORD` per word of margin, so a vote won by
half a word stays near 0.5 and never reaches 1.0.
"""

from __future__ import annotations

from typing import NamedTuple

from tarjama.langid.english_words import english_level

#: What an English word's vote weighs by its SCOWL level (10: the commonest words).
ENGLISH_WEIGHT = {10: 1.0, 20: 0.75, 35: 0.5, 40: 0.5}
#: A foreign grammar word at this English level or commoner says nothing (die, son, me).
COMMON_ENGLISH_LEVEL = 20
#: A word of both kinds (die, was, is, son) leans English, as ties do.
AMBIGUOUS_WEIGHT = 0.5
#: An unknown first word of a sentence: a foreign word or an English sentence's subject.
FIRST_WORD_WEIGHT = 0.5
#: A Latin fragment this long is a sentence even without closing punctuation.
MIN_SENTENCE_WORDS = 4
#: Odds one word of margin gives the winner (confidence).
ODDS_PER_WORD = 4.0
_CLOSING = ".!?…"
_TRAILING = "\"'”’»)]"

# Grammar words of the Latin-script languages an Arabic/English editor meets most
# (pronouns, articles, copulas, negation, prepositions), from their grammars.
_GRAMMAR_WORDS = {
    "de": "ich du er sie wir ihr ist sind bin bist nicht und oder aber der das den dem des ein "
    "eine einen einem einer mit auf für von zu zum zur im ins auch noch schon sehr wie wo "
    "warum dass hat habe haben hast wird werden kann können mich dich sich uns euch mein "
    "meine dein deine sein seine kein keine nein ja hier jetzt heute nach über",
    "fr": "je tu il elle nous vous ils elles est sont suis es être ai avons avez ont pas ne le "
    "la les un une du au aux et ou mais que qui quoi ce cette ces mon ma mes ton ta tes sa "
    "ses leur dans sur avec pour par très bien oui non moi toi lui ça cela été fait",
    "es": "yo tú él ella nosotros ellos ellas es está están estoy soy eres somos el la los las "
    "un una unos unas pero que qué quién del al por para con muy también mi mis tu tus su "
    "sus se te lo nos sí hay tengo tiene esto eso este esta",
    "it": "io lui lei noi voi loro è sono il lo gli della di che non per con una molto anche "
    "questo questa",
    "pt": "eu ele ela nós você vocês é são está os um uma não sim com para por muito também meu "
    "minha seu sua isso isto",
    "tr": "ben sen biz siz onlar bu şu bir ve ile için çok mi mı mu mü ne değil var yok da de "
    "ama gibi daha",
    "id": "saya aku kamu anda dia kami kita mereka ini itu yang di ke dari dan atau tidak "
    "bukan akan sudah belum ada apa siapa bisa dengan untuk juga sangat tahu",
    "nl": "ik jij je hij zij wij het een de en niet is zijn ook van met voor maar dat wat",
}
FOREIGN_GRAMMAR_WORDS = frozenset(
    word for words in _GRAMMAR_WORDS.values() for word in words.split()
)


class LatinVote(NamedTuple):
    english: float
    foreign: float

    @property
    def is_english(self) -> bool:
        return self.english >= self.foreign

    @property
    def confidence(self) -> float:
        """The winner's share of the odds; 0.5 for a tie or no evidence at all."""
        margin = abs(self.english - self.foreign)
        return 1.0 / (1.0 + ODDS_PER_WORD**-margin)


def is_sentence(text: str, word_count: int) -> bool:
    """Enough words, or closing punctuation (quotes and brackets after it allowed)."""
    return word_count >= MIN_SENTENCE_WORDS or text.rstrip().rstrip(_TRAILING).endswith(
        tuple(_CLOSING)
    )


def _word_vote(word: str, *, first: bool, sentence: bool) -> LatinVote:
    if word.isupper():
        return LatinVote(0.0, 0.0)  # an acronym (UN, NATO) or a shouted word: no language
    lower = word.lower()
    level = english_level(lower)
    if lower in FOREIGN_GRAMMAR_WORDS:
        if level is not None and level <= COMMON_ENGLISH_LEVEL:
            return LatinVote(AMBIGUOUS_WEIGHT, 0.0)
        return LatinVote(0.0, 1.0)
    if level is not None:
        return LatinVote(ENGLISH_WEIGHT[level], 0.0)
    if not lower.isascii():  # ä ß ñ ç ş ı é: Büro, Ägypten, Dreißig, even as a noun
        return LatinVote(0.0, 1.0)
    if not sentence:
        return LatinVote(0.0, 0.0)
    if word[0].isupper():
        return LatinVote(0.0, FIRST_WORD_WEIGHT if first else 0.0)
    return LatinVote(0.0, 1.0)


def latin_vote(words: list[str], *, sentence: bool) -> LatinVote:
    """The summed votes of ``words`` (letter runs, in order); see the module docstring."""
    english = foreign = 0.0
    for index, word in enumerate(words):
        if len(word) < 2:
            continue  # a, I, y, à, the l of l'air: too short to tell
        vote = _word_vote(word, first=index == 0, sentence=sentence)
        english += vote.english
        foreign += vote.foreign
    return LatinVote(english, foreign)
