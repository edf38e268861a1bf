"""Names outside the glossary that one document renders in several ways.

A glossary fixes the names it knows; the others are transliterated by the model, one
sentence at a time, and may come out as كابولوف in one place and كابلوف in another. This
is a conservative heuristic that flags such names for the reviewer:

- **en→ar**: names are runs of Capitalised English words in the sources (titles like
  *President* dropped; a capitalised word that only ever starts a sentence ignored). In each
  translation the rendering is the run of Arabic words whose consonant skeleton (a rough
  Arabic↔Latin consonant map: ب/b p → B, ك ق غ خ ج/k q g j c → K, ...) best matches the
  name's, proclitics and article cut off; names whose renderings differ once folded are
  reported.
- **ar→en**: capitalised words of the English translations are grouped when their
  skeletons are equal and their spellings close (Kabulov / Kabulof, Mohammed / Muhammad);
  groups with several spellings are reported. Related forms (Israel / Israeli, Jordan /
  Jordanian) are not grouped.

Names the glossary matches are skipped. Skeletons shorter than three consonants are not
trusted (too many words share them).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tarjama.glossary.clitics import ARTICLE_CHAINS, CHAINS
from tarjama.glossary.combine import Glossary
from tarjama.glossary.entry import AR, EN, GlossaryEntry
from tarjama.glossary.matcher import TermMatcher
from tarjama.glossary.normalize import fold, tokenize

#: (source_text, source_lang, translation) for each segment of one document, in order
Item = tuple[str, str, str | None]

MIN_SKELETON = 3
#: how close an Arabic rendering's skeleton must be to the name's (1.0 = identical)
MIN_RENDERING_SIMILARITY = 0.75
#: how close two English spellings must be to count as one name (after equal skeletons)
MIN_SPELLING_SIMILARITY = 0.6


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


TITLES = _word_set(
    "mr mrs ms dr president prime minister king queen prince princess sheikh sheikha general "
    "gen colonel col sir lord pope foreign defence defense interior finance secretary "
    "chancellor senator governor ambassador envoy spokesman spokeswoman emir crown sultan "
    "imam ayatollah supreme leader commander chief deputy vice mullah special representative "
    "state house saint st"
)
PARTICLES = _word_set("bin ibn al el ad ash as at de da van von der du la le abu abd ben")
FUNCTION_WORDS = _word_set(
    "the a an this that these those in on at but and or if when while after before as he she "
    "it they we i you his her their our its there here meanwhile however also according for "
    "with by from to of last next earlier later both all some many most several under over "
    "since until despite during though although because so then now yet why what who how "
    "where which once only even still"
)
CALENDAR = _word_set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december"
)

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
_SENTENCE_END = set(".!?:;\n")
_OPENERS = set(" \t\"“”'‘«([")

_LATIN_DIGRAPHS = (
    ("sch", "S"),
    ("sh", "S"),
    ("ch", "S"),
    ("kh", "K"),
    ("gh", "K"),
    ("th", "T"),
    ("ph", "F"),
    ("dh", "T"),
    ("zh", "S"),
    ("ck", "K"),
)
_LATIN = dict(
    zip("bpfvtdszkqgjxhlmnr", "BBFFTTSSKKKKKHLMNR", strict=True),
)
_ARABIC = {
    **dict.fromkeys("بپ", "B"),
    **dict.fromkeys("فڤ", "F"),
    **dict.fromkeys("تطدضثذظ", "T"),
    **dict.fromkeys("سصزشژ", "S"),
    **dict.fromkeys("جچكقغخگ", "K"),
    **dict.fromkeys("هح", "H"),
    "ل": "L",
    "م": "M",
    "ن": "N",
    "ر": "R",
}


@dataclass
class Inconsistency:
    """``name`` rendered as each key of ``renderings`` in the items listed (0-based)."""

    name: str
    renderings: dict[str, list[int]] = field(default_factory=dict)


def inconsistent_names(
    items: Sequence[Item], glossary: Glossary | Iterable[GlossaryEntry] | None = None
) -> list[Inconsistency]:
    """Names not in ``glossary`` that the document's translations render differently."""
    matcher = TermMatcher(glossary) if glossary is not None else None
    en_sources = [(i, source, tr) for i, (source, lang, tr) in enumerate(items) if lang == EN]
    ar_sources = [(i, tr) for i, (_source, lang, tr) in enumerate(items) if lang == AR and tr]
    found = _english_names_in_arabic(
        [(i, source, tr) for i, source, tr in en_sources if tr], matcher
    )
    found.extend(_spellings_in_english(ar_sources, matcher))
    return found


# --- names in English text ------------------------------------------------------------


@dataclass(frozen=True)
class _Name:
    text: str
    start: int
    end: int


def english_names(texts: Sequence[str], matcher: TermMatcher | None = None) -> list[list[_Name]]:
    """The names of each text (see the module doc), glossary names left out."""
    words_per_text = [_words(text) for text in texts]
    mid_sentence = {
        word.casefold()
        for words in words_per_text
        for word, _start, _end, initial in words
        if not initial and _capitalised(word)
    }
    names: list[list[_Name]] = []
    for text, words in zip(texts, words_per_text, strict=True):
        covered = [(hit.start, hit.end) for hit in matcher.find(text, EN)] if matcher else []
        found = []
        for run in _runs(words):
            run = _trim(run, mid_sentence)
            if not run:
                continue
            start, end = run[0][1], run[-1][2]
            if any(start < hit_end and hit_start < end for hit_start, hit_end in covered):
                continue
            found.append(_Name(" ".join(word for word, *_ in run), start, end))
        names.append(found)
    return names


def _words(text: str) -> list[tuple[str, int, int, bool]]:
    """``(word, start, end, sentence_initial)``, a possessive 's cut off."""
    words = []
    for match in _WORD.finditer(text):
        word = _POSSESSIVE.sub("", match.group())
        position = match.start()
        while position > 0 and text[position - 1] in _OPENERS:
            position -= 1
        initial = position == 0 or text[position - 1] in _SENTENCE_END
        words.append((word, match.start(), match.start() + len(word), initial))
    return words


def _capitalised(word: str) -> bool:
    last = re.split(r"[-'’]", word)[-1]
    return last[:1].isupper() and any(ch.islower() for ch in last)


def _runs(words):
    """Maximal runs of capitalised words, joined by single spaces, particles inside."""
    run: list = []
    previous_end = None
    for word in words:
        text, start, _end, _initial = word
        adjacent = previous_end is not None and start - previous_end == 1
        if _capitalised(text) or (run and adjacent and text.casefold() in PARTICLES):
            if run and not adjacent:
                yield run
                run = []
            run.append(word)
        else:
            if run:
                yield run
            run = []
        previous_end = word[2]
    if run:
        yield run


def _trim(run: list, mid_sentence: set[str]) -> list:
    """Drop leading titles, a sentence-initial first word that is a function word or never
    seen capitalised mid-sentence (Yesterday, However), trailing particles and dates."""
    run = list(run)
    skip = TITLES | PARTICLES
    while run and run[0][0].casefold() in skip:
        run.pop(0)
    if run and run[0][3]:  # sentence-initial
        word = run[0][0].casefold()
        if word in FUNCTION_WORDS or word not in mid_sentence:
            run.pop(0)
    while run and run[0][0].casefold() in skip:
        run.pop(0)
    while run and run[-1][0].casefold() in skip:
        run.pop()
    return [word for word in run if word[0].casefold() not in CALENDAR]


# --- skeletons ------------------------------------------------------------------------


def latin_skeleton(text: str) -> str:
    letters = "".join(ch for ch in fold(text).casefold() if ch.isalpha())
    out = []
    position = 0
    while position < len(letters):
        for digraph, sound in _LATIN_DIGRAPHS:
            if letters.startswith(digraph, position):
                out.append(sound)
                position += len(digraph)
                break
        else:
            ch = letters[position]
            if ch == "c" and letters[position + 1 : position + 2] in ("e", "i", "y"):
                out.append("S")
            else:
                out.append(_LATIN.get(ch, ""))
            position += 1
    return _collapse("".join(out))


def arabic_skeleton(text: str) -> str:
    return _collapse("".join(_ARABIC.get(ch, "") for ch in fold(text)))


def _collapse(skeleton: str) -> str:
    collapsed = re.sub(r"(.)\1+", r"\1", skeleton)
    return collapsed[:-1] if collapsed.endswith("H") else collapsed


def similarity(first: str, second: str) -> float:
    """1 - edit distance / longer length."""
    if not first and not second:
        return 1.0
    return 1 - _edit_distance(first, second) / max(len(first), len(second))


def _edit_distance(first: str, second: str) -> int:
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, start=1):
        current = [i]
        for j, b in enumerate(second, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1]


# --- en → ar --------------------------------------------------------------------------


_STRIPPABLE = sorted({chain for chain in CHAINS + ARTICLE_CHAINS if chain}, key=len)


def arabic_rendering(name: str, translation: str) -> tuple[str, str] | None:
    """``(folded key, surface)`` of the Arabic words in ``translation`` most like ``name``,
    proclitics cut off; None when nothing is close enough."""
    target = latin_skeleton(name)
    if len(target) < MIN_SKELETON:
        return None
    words = [token for token in tokenize(translation) if token.is_word and token.is_arabic]
    size = len(name.split())
    best = None
    best_score = MIN_RENDERING_SIMILARITY - 1e-9
    for first in range(len(words) - size + 1):
        window = words[first : first + size]
        rest = " ".join(token.text for token in window[1:])
        for skip in [0, *(len(c) for c in _STRIPPABLE if window[0].text.startswith(c))]:
            head = window[0].text[skip:]
            if len(head) < 2:
                continue
            key = f"{head} {rest}".strip()
            score = similarity(target, arabic_skeleton(key))
            if score > best_score:
                start = window[0].origin[skip] if skip else window[0].start
                best, best_score = (key, translation[start : window[-1].end]), score
    return best


def _english_names_in_arabic(items, matcher) -> list[Inconsistency]:
    names = english_names([source for _i, source, _tr in items], matcher)
    renderings: dict[str, dict[str, tuple[str, list[int]]]] = {}
    for (index, _source, translation), found in zip(items, names, strict=True):
        for name in found:
            rendering = arabic_rendering(name.text, translation)
            if rendering is None:
                continue
            key, surface = rendering
            by_key = renderings.setdefault(name.text, {})
            key = next((known for known in by_key if _same_rendering(known, key)), key)
            surface_and_items = by_key.setdefault(key, (surface, []))
            if index not in surface_and_items[1]:
                surface_and_items[1].append(index)
    return [
        Inconsistency(name, {surface: indices for surface, indices in by_key.values()})
        for name, by_key in renderings.items()
        if len(by_key) > 1
    ]


def _same_rendering(first: str, second: str) -> bool:
    """Equal, or equal but for a proclitic the skeleton did not notice (ولافروف, لافروف)."""
    return first == second or any(
        first == chain + second or second == chain + first for chain in _STRIPPABLE
    )


# --- ar → en --------------------------------------------------------------------------


def _spellings_in_english(items, matcher) -> list[Inconsistency]:
    names = english_names([translation for _i, translation in items], matcher)
    seen: dict[str, list[int]] = {}
    for (index, _translation), found in zip(items, names, strict=True):
        for name in found:
            for word in name.text.split():
                if word.casefold() in PARTICLES or len(word) < 4:
                    continue
                indices = seen.setdefault(word, [])
                if index not in indices:
                    indices.append(index)
    spellings = list(seen)
    parent = list(range(len(spellings)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, first in enumerate(spellings):
        for j in range(i + 1, len(spellings)):
            if _same_name(first, spellings[j]):
                parent[root(j)] = root(i)
    groups: dict[int, list[str]] = {}
    for i, spelling in enumerate(spellings):
        groups.setdefault(root(i), []).append(spelling)
    found: list[Inconsistency] = []
    for members in groups.values():
        if len({member.casefold() for member in members}) < 2:
            continue
        counts = Counter({member: len(seen[member]) for member in members})
        name = max(members, key=lambda member: (counts[member], -members.index(member)))
        found.append(Inconsistency(name, {member: seen[member] for member in members}))
    return found


_SUFFIXES = ("ians", "ian", "ans", "an", "ese", "is", "i", "s", "e")


def _stem(word: str) -> str:
    word = fold(word).casefold()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _same_name(first: str, second: str) -> bool:
    """Two spellings of one name: equal skeletons, close spellings, not one word's forms."""
    if first.casefold() == second.casefold():
        return True
    skeleton = latin_skeleton(first)
    if len(skeleton) < MIN_SKELETON or skeleton != latin_skeleton(second):
        return False
    a, b = fold(first).casefold(), fold(second).casefold()
    if a.startswith(b) or b.startswith(a):
        return False  # Israel / Israeli, Saudi / Saudis
    stem_a, stem_b = _stem(a), _stem(b)
    if stem_a.startswith(stem_b) or stem_b.startswith(stem_a):
        return False  # Palestine / Palestinian, Jordan / Jordanian
    return similarity(a, b) >= MIN_SPELLING_SIMILARITY
