"""Arabic proclitics: the letters written onto the front of a word, and which a term may carry.

Arabic attaches conjunctions (و ف), prepositions (ب ك ل) and the article (ال) to the next
word: "and the Taliban" is وطالبان, "for the Kremlin" is للكرملين (ل + ال with the alef
dropped). The matcher accepts a glossary form with any of these in front, and a translation
satisfies an entry when it holds one of :func:`target_forms`. Both come from the rules here,
so what the matcher finds and what the decoder may write are the same set.

The rules, for a form's first word:

- conjunction, then preposition, both optional: و ف, ب ك ل, وب ول وك فب فل فك;
- a form that starts with ال keeps it (بالكرملين, والكرملين); after ل the alef drops
  (للكرملين, وللكرملين);
- a form without ال takes the article only when it is a term (type ``term`` or none) made
  of Arabic words. Every word up to the first preposition takes it then, as an adjective
  agrees with its noun: مساعدات إنسانية → المساعدات الإنسانية, صعوبة في التنفس → الصعوبة
  في التنفس. A word before that preposition which already has ال makes the phrase a
  construct, definite already, which takes no article (وقف إطلاق النار, حقوق الإنسان).
  An indefinite phrase may also be a construct itself (جرائم حرب, مذكرة اعتقال), whose
  definite form has the article on its last word only (جرائم الحرب): the form does not
  say which it is, so a phrase of two or more such words takes both definite forms.
  Names (person, org, place) never gain an article: فتح (Fatah) is not الفتح (the conquest).

Enclitic suffixes (pronouns as in حكومته, case endings as in الحوثيين for الحوثيون) are out
of scope: a word matches only as written, proclitics aside.
"""

from __future__ import annotations

import re

from tarjama.glossary.entry import AR, GlossaryEntry
from tarjama.glossary.normalize import ARTICLE, fold
from tarjama.script import is_arabic_char, strip_marks

CONJUNCTIONS = ("", "و", "ف")
PREPOSITIONS = ("", "ب", "ك", "ل")
LAM = "ل"
ALEF = "ا"

#: Every conjunction + preposition chain, the empty one first.
CHAINS: tuple[str, ...] = tuple(c + p for c in CONJUNCTIONS for p in PREPOSITIONS)


def _with_article(chain: str) -> str:
    """``chain`` followed by the article, with ل + ال written لل."""
    return chain + LAM if chain.endswith(LAM) else chain + ARTICLE


#: Every chain ending in the article: ال بال كال لل وال وبال وكال ولل فال فبال فكال فلل.
ARTICLE_CHAINS: tuple[str, ...] = tuple(_with_article(chain) for chain in CHAINS)
LONGEST_CHAIN = max(len(chain) for chain in CHAINS + ARTICLE_CHAINS)

_ARABIC_WORD = re.compile(r"^[^\W\d_]+$")


#: Words that end the part of a phrase the article spreads over (folded).
_PREPOSITIONS = "في من على إلى عن مع ضد بين عبر حول دون بلا لدى نحو عند منذ خلال تجاه"
PREPOSITION_WORDS = frozenset(fold(word) for word in _PREPOSITIONS.split(" "))


def is_definite(word: str) -> bool:
    """Whether an Arabic word starts with the article ال (or ٱل), tashkeel ignored.

    Judged on the letters as written: إلغاء and ألم fold to الغاء and الم but have no article.
    """
    bare = strip_marks(word)
    return bare.startswith((ARTICLE, "ٱل"))


def article_zone(entry: GlossaryEntry) -> int:
    """How many leading words of the entry's Arabic form take the article in its definite
    variant; 0 when it has none (see the module doc)."""
    if entry.dnt or entry.is_name:
        return 0
    words = entry.ar.split()
    if not words or is_definite(words[0]):
        return 0
    if not all(_ARABIC_WORD.match(fold(word)) and is_arabic_char(fold(word)[0]) for word in words):
        return 0
    zone = 0
    for word in words:
        if fold(word) in PREPOSITION_WORDS:
            break
        if zone and is_definite(word):
            return 0  # a construct: وقف إطلاق النار, حقوق الإنسان
        zone += 1
    return zone


def attach(chain: str, word: str) -> str:
    """``chain`` written onto ``word``: ل before ال drops the alef (ل + الكرملين → للكرملين)."""
    if chain.endswith(LAM) and is_definite(word):
        return chain + word[word.index(LAM) :]
    return chain + word


def definite_form(form: str, zone: int) -> str:
    """The article on the first ``zone`` words: مساعدات إنسانية → المساعدات الإنسانية."""
    pieces = re.split(r"(\s+)", form)
    for index in range(0, min(len(pieces), 2 * zone), 2):  # words at even places
        pieces[index] = ARTICLE + pieces[index]
    return "".join(pieces)


def construct_form(form: str, zone: int) -> str | None:
    """The article on the last of the first ``zone`` words, as a construct takes it:
    جرائم حرب → جرائم الحرب; None for a single word (its one definite form is enough)."""
    if zone < 2:
        return None
    pieces = re.split(r"(\s+)", form)
    pieces[2 * (zone - 1)] = ARTICLE + pieces[2 * (zone - 1)]
    return "".join(pieces)


def target_forms(entry: GlossaryEntry, lang: str) -> tuple[str, ...]:
    """Surface forms a translation may use to satisfy the entry's ``lang`` side.

    The form itself first; for Arabic then the proclitic variants: و ف ب ك ل and their
    pairs before the form (ال-forms keep the article: والكرملين, بالكرملين, للكرملين), then,
    for terms that take it, the article forms (العقوبات, بالعقوبات, للعقوبات ...; for a
    phrase, also its construct form: جرائم الحرب, بجرائم الحرب ...). "and the
    Taliban" → وطالبان satisfies طالبان. English has the form and, for a lower-case entry
    that is not case sensitive, its capitalised form: a sentence may start with the term
    ("Sanctions were lifted"), and the matcher accepts either. dnt entries have the form.
    """
    form = entry.form(lang)
    if lang != AR and not entry.dnt and not entry.case_sensitive and form[:1].islower():
        return (form, form[0].upper() + form[1:])
    if lang != AR or entry.dnt or not form or not is_arabic_char(fold(form)[:1] or " "):
        return (form,)
    variants = [attach(chain, form) for chain in CHAINS]
    zone = article_zone(entry)
    if zone:
        definite = definite_form(form, zone)
        variants.extend(attach(chain, definite) for chain in CHAINS)
        construct = construct_form(form, zone)
        if construct:
            variants.extend(attach(chain, construct) for chain in CHAINS)
    return tuple(dict.fromkeys(variants))
