"""Sentence splitting for Arabic and English news text, and splitting where a line switches script.

:func:`split_sentences` finds sentence boundaries in one line (or a block of hard-wrapped
lines the caller has joined; a ``"\\n"`` there is ordinary whitespace). Rules:

* A sentence ends after a run of ``.`` ``!`` ``?`` ``؟`` ``؛`` ``…`` (so ``...`` and ``?!`` are
  one terminator), plus any closing quotes/brackets right after it (``."`` ``؟»`` ``.)``), and
  only when whitespace follows. Commas (``,`` ``،``), ``;`` and ``:`` never end a sentence, and
  numbers (``4,053`` ``3.5`` ``11:15`` ``٤٫٥``) never split because no whitespace follows.
* The next sentence must start with an Arabic (or other caseless) letter, an uppercase Latin
  letter, a digit, an opening quote/bracket or a currency sign. Arabic has no capitals, so
  any Arabic letter will do; lowercase Latin never starts one (``"Why?" he asked``).
* After a single ``.`` the word before it is checked against :data:`ABBREVIATIONS`:
  titles (``Mr.`` ``Dr.`` ``e.g.``) never end a sentence; number words (``No.`` ``Jan.``) don't
  before a digit; the rest, plus dotted acronyms (``U.S.`` ``U.A.E.``) and single capital
  initials (``George W. Bush``), end one only when the next word is a common sentence opener
  from :data:`SENTENCE_OPENERS` or is Arabic: ``in the U.S. The talks`` splits, ``the U.S.
  Army`` and ``St. Petersburg`` don't. A number at the very start (``1. Russia``) is a list
  marker, not a sentence.
* Nothing splits before the first letter or digit, so a stray ``...`` stays with its text;
  format characters (bidi marks, the segmenter's word-joiner mask) are transparent.

:func:`split_script_runs` then splits a sentence at one script switch, e.g. an English
headline followed by its Arabic translation with no punctuation between them.

Both functions are pure and run in time linear in the text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from tarjama.script import ARABIC, LATIN, OTHER_SCRIPT, char_script

# char_script walks a table of ranges; text uses few distinct characters, so cache it.
_char_script = functools.lru_cache(maxsize=4096)(char_script)

# --- sentence splitting -----------------------------------------------------------------------

_TERMINATORS = ".!?؟؛…"
_CLOSERS = "\"')]}»”’›"
_OPENERS = "\"'([{«“‘‹"
# Invisible format characters: soft hyphen, Arabic letter mark, zero-width and bidi controls,
# the word joiner the segmenter masks markup with (U+2060), and the BOM. They never decide
# anything: a boundary looks through them.
_FORMAT_CHARS = "".join(
    chr(code)
    for low, high in [
        (0x00AD, 0x00AD), (0x061C, 0x061C), (0x200B, 0x200F), (0x202A, 0x202E),
        (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF),
    ]
    for code in range(low, high + 1)
)  # fmt: skip
_DROP_FORMAT = str.maketrans("", "", _FORMAT_CHARS)

# A candidate boundary: a whole run of terminators (the look-behind keeps the search from
# restarting inside a run, and the possessive quantifiers forbid backtracking, so the scan is
# linear), then closing quotes/brackets, then whitespace.
_CANDIDATE_RE = re.compile(
    f"(?<![{re.escape(_TERMINATORS)}])([{re.escape(_TERMINATORS)}]++)"
    f"[{re.escape(_CLOSERS + _FORMAT_CHARS)}]*+(?=\\s)"
)
_SPACE_RE = re.compile(r"\s*+")
_SPACE_OR_FORMAT_RE = re.compile(f"[\\s{_FORMAT_CHARS}]*+")
# A letter or digit: a sentence needs one before it can end (guards "..." or a lone mark).
_ALNUM_RE = re.compile(r"[^\W_]")
# The word after an abbreviation, past opening quotes: letters only, bounded.
_NEXT_WORD_RE = re.compile(f"[{re.escape(_OPENERS)}]*+([^\\W\\d_]{{0,17}})")

# How the word before a single "." behaves. Keys are matched exactly, then lowercased (so
# "E.g." finds "e.g"), without the final period.
TITLE = "title"  # never ends a sentence: always followed by a name or an example
NUMBERING = "numbering"  # never ends a sentence before a digit ("No. 5", "Jan. 30")
MAY_END = "may_end"  # ends one only before a sentence opener ("...in the U.S. The talks")

# fmt: off
ABBREVIATIONS: dict[str, str] = {
    **dict.fromkeys([
        "Mr", "Mrs", "Ms", "Messrs", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Adm",
        "Cmdr", "Gov", "Sen", "Rep", "Rev", "Hon", "Pres", "Amb", "Mt", "Ft", "e.g", "i.e", "vs",
        "cf", "approx"
    ], TITLE),
    # Arabic "د." is the usual abbreviation of doctor, "أ.د." of professor doctor.
    **dict.fromkeys(["د", "أ.د"], TITLE),
    **dict.fromkeys([
        "No", "Nos", "Vol", "Art", "Fig", "p", "pp", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul",
        "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"
    ], NUMBERING),
    **dict.fromkeys([
        "St", "etc", "Inc", "Ltd", "Co", "Corp", "Bros", "Jr", "Sr", "Ave", "Rd", "Blvd", "a.m",
        "p.m", "U.S", "U.K", "U.N", "E.U", "U.A.E"
    ], MAY_END),
}

# Words that commonly open an English sentence. After an abbreviation that may end a
# sentence, only these (not any capitalised word) make a boundary, because "U.S. Army",
# "U.N. Security Council" and "St. Petersburg" are far more common than a sentence ending
# in "U.S." followed by a proper noun.
SENTENCE_OPENERS = frozenset([
    "The", "A", "An", "This", "That", "These", "Those", "It", "Its", "He", "She", "They", "We", "I",
    "You", "His", "Her", "Their", "Our", "There", "Here", "But", "And", "Yet", "So", "Still",
    "However", "Meanwhile", "Moreover", "Also", "Then", "Now", "Later", "Earlier", "Today",
    "Yesterday", "In", "On", "At", "For", "From", "By", "With", "Without", "As", "After", "Before",
    "When", "While", "If", "Although", "Though", "Since", "Because", "According", "Some", "Many",
    "Most", "All", "Several", "Both", "Each", "Other", "Another", "No", "Not", "Neither", "None",
    "One", "Two", "Three", "What", "Who", "Why", "How", "Where", "Such"
])
# fmt: on

_MAX_ABBREVIATION = 32  # longest word looked at before a "."; longer words are never one


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentence spans ``(start, end)``; see the module docstring.

    Spans are in order, stripped of whitespace, and cover every non-whitespace character
    exactly once. Text without a boundary (a heading, a dateline) is one span.
    """
    spans: list[tuple[int, int]] = []
    start = _SPACE_RE.match(text).end()
    if start >= len(text):
        return spans
    has_content = False
    checked = start  # text[start:checked] has been searched for a letter or digit
    for match in _CANDIDATE_RE.finditer(text, start):
        i, j, end = match.start(), match.end(1), match.end()
        nxt = _SPACE_RE.match(text, end).end()
        if nxt >= len(text):
            break
        if not has_content:
            has_content = _ALNUM_RE.search(text, checked, i) is not None
            checked = i
        if has_content and _is_boundary(text, i, j, nxt, start):
            spans.append((start, end))
            start = checked = nxt
            has_content = False
    spans.append((start, len(text.rstrip())))
    return [piece for span in spans for piece in _split_unspaced_arabic(text, *span)]


# Scraped Arabic often drops the space after a full stop: "انتهى الاجتماع.وقال الوزير".
# Between two Arabic letters a terminator is a boundary unless the word before it is one
# letter long (an abbreviation such as "د." for doctor).
_UNSPACED_ARABIC_RE = re.compile(
    "(?<=[\u0621-\u064a\u0671-\u06d3]{2})[.!؟؛]+(?=[\u0621-\u064a\u0671-\u06d3])"
)


def _split_unspaced_arabic(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    for match in _UNSPACED_ARABIC_RE.finditer(text, start, end):
        pieces.append((start, match.end()))
        start = match.end()
    pieces.append((start, end))
    return pieces


def _is_boundary(text: str, i: int, j: int, nxt: int, start: int) -> bool:
    """Whether the terminator run ``text[i:j]``, followed by whitespace up to ``nxt``, ends
    the sentence that began at ``start``."""
    first = _SPACE_OR_FORMAT_RE.match(text, nxt).end()
    if first >= len(text):
        return False
    if j - i == 1 and text[i] == ".":
        kind = _word_before_period(text, i, start)
        if kind == TITLE or (kind == NUMBERING and text[first].isdigit()):
            return False
        if kind is not None:
            return _opens_sentence_after_abbreviation(text, first)
    return _can_start_sentence(text[first])


def _word_before_period(text: str, i: int, start: int) -> str | None:
    """Classify the word ending at the period ``text[i]``: an abbreviation kind, or None."""
    chunk = text[max(start, i - _MAX_ABBREVIATION) : i]
    if not chunk or chunk[-1].isspace():
        return None
    raw = chunk.rsplit(None, 1)[-1]
    b = i - len(raw)
    if b > start and not text[b - 1].isspace():
        return None  # too long to be an abbreviation (and keeps the look-back bounded)
    word = raw.translate(_DROP_FORMAT).lstrip(_OPENERS)
    if not word:
        return None
    kind = ABBREVIATIONS.get(word) or ABBREVIATIONS.get(word.lower())
    if kind is not None:
        return kind
    if word.isdigit() and b == start:
        return TITLE  # a list marker "1." opening the text is not a sentence of its own
    if len(word) == 1 and word.isalpha():
        script = _char_script(word)
        if script == LATIN and word.isupper():
            return MAY_END  # an initial: "J. K. Rowling", but "Plan B. The plan..."
        # A lone Arabic letter is an abbreviation too, except the era mark "م" (AD), which
        # usually ends the sentence: "عام 2021 م."
        if script == ARABIC and word != "م":
            return TITLE
    # Dotted acronyms of one- or two-letter parts: "U.A.E", "Ph.D" (but not "example.com").
    parts = word.split(".")
    if len(parts) > 1 and all(1 <= len(part) <= 2 and part.isalpha() for part in parts):
        return MAY_END
    return None


def _opens_sentence_after_abbreviation(text: str, k: int) -> bool:
    """After an abbreviation that may end a sentence: is the word at ``k`` a sentence opener?"""
    match = _NEXT_WORD_RE.match(text, k)
    word = match.group(1)
    if not word:
        return False
    if _char_script(word[0]) == ARABIC:
        return True
    if text.startswith(".", match.end()):
        return False  # another initial or abbreviation: "J. A. Smith"
    return word in SENTENCE_OPENERS


def _can_start_sentence(ch: str) -> bool:
    if ch.isalpha():
        # Lowercase Latin (or Cyrillic...) continues the sentence; Arabic has no case.
        return not ch.islower()
    if ch.isdigit() or ch in _OPENERS:
        return True
    return unicodedata.category(ch) == "Sc"  # "$5 million was..."


# --- script switches --------------------------------------------------------------------------

MIN_RUN_WORDS = 3  # a run of fewer words is a name or acronym, not a sentence of its own

_LETTER_SCRIPTS = (ARABIC, LATIN, OTHER_SCRIPT)
_BRACKET_OPEN = frozenset("([{«“‘‹")
_BRACKET_CLOSE = frozenset(")]}»”’›")
_QUOTING = _BRACKET_OPEN | _BRACKET_CLOSE | {'"'}
_WORD_RE = re.compile(r"\S+")


@dataclass
class _Run:
    script: str
    words: int  # top-level words of ``script`` (absorbed short runs don't count)
    start: int  # offset of the run's first word


def split_script_runs(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split each span in two where it switches from one script's sentence to another's.

    Words are whitespace-separated and take the script of most of their letters; words
    without letters (numbers, punctuation) and words inside brackets or quotes are neutral,
    so ``(الملا عبد الغني برادر)`` or ``(CSTO)`` never count. Consecutive words of one
    script form a run. A run of fewer than :data:`MIN_RUN_WORDS` words between two runs of
    one other script is absorbed into them (an English name inside an Arabic sentence).
    The span is split only if exactly two runs remain, each of at least
    :data:`MIN_RUN_WORDS` words: one script from the start, the other to the end. Any other
    shape, such as an Arabic sentence quoting "The Wall Street Journal" in mid-sentence,
    stays one span. The cut is just before the second run's first word; neutral words
    between the runs stay with the first.
    """
    result: list[tuple[int, int]] = []
    for start, end in spans:
        runs = _merged_runs(text, start, end)
        if len(runs) == 2 and min(run.words for run in runs) >= MIN_RUN_WORDS:
            cut = runs[1].start
            left_end = cut
            while text[left_end - 1].isspace():
                left_end -= 1
            result.append((start, left_end))
            result.append((cut, end))
        else:
            result.append((start, end))
    return result


def _merged_runs(text: str, start: int, end: int) -> list[_Run]:
    runs: list[_Run] = []
    for script, word_start in _top_level_words(text, start, end):
        if runs and runs[-1].script == script:
            runs[-1].words += 1
        else:
            runs.append(_Run(script, 1, word_start))
    # Absorb one-word runs before two-word ones: in "L L L L A A L A A A" the lone "L" is
    # the embedded name, not the "A A" before it.
    for limit in range(1, MIN_RUN_WORDS):
        stack: list[_Run] = []
        for run in runs:
            if stack and stack[-1].script == run.script:
                stack[-1].words += run.words
                continue
            stack.append(run)
            # A short run sandwiched by one script: A b A -> A.
            if len(stack) >= 3 and stack[-2].words <= limit and stack[-3].script == run.script:
                stack.pop()
                stack.pop()
                stack[-1].words += run.words
        runs = stack
    return runs


def _top_level_words(text: str, start: int, end: int) -> Iterator[tuple[str, int]]:
    """(script, start) of each word in ``text[start:end]`` with letters outside brackets."""
    depth = 0
    in_quote = False  # straight double quotes toggle; they can't be told open from close
    for match in _WORD_RE.finditer(text, start, end):
        word = match.group()
        if _QUOTING.isdisjoint(word):
            # The common case, cached: no bracket or quote changes the depth inside the word.
            script = None if depth or in_quote else _word_script(word)
        else:
            counts = dict.fromkeys(_LETTER_SCRIPTS, 0)
            first = None
            for k, ch in enumerate(word):
                if ch in _BRACKET_OPEN:
                    depth += 1
                elif ch in _BRACKET_CLOSE:
                    # "’" between letters is an apostrophe ("Russia’s"), not a closing quote.
                    if not (ch == "’" and 0 < k < len(word) - 1 and word[k + 1].isalpha()):
                        depth = max(0, depth - 1)  # an unmatched closer ("1)") is ignored
                elif ch == '"':
                    in_quote = not in_quote
                elif not depth and not in_quote:
                    letter_script = _char_script(ch)
                    if letter_script in counts:
                        counts[letter_script] += 1
                        first = first or letter_script
            script = _majority(counts, first)
        if script is not None:
            yield script, match.start()


@functools.lru_cache(maxsize=8192)
def _word_script(word: str) -> str | None:
    counts = dict.fromkeys(_LETTER_SCRIPTS, 0)
    first = None
    for ch in word:
        script = _char_script(ch)
        if script in counts:
            counts[script] += 1
            first = first or script
    return _majority(counts, first)


def _majority(counts: dict[str, int], first: str | None) -> str | None:
    """The script of most letters; a tie goes to the word's first letter."""
    if first is None:
        return None
    best = max(counts.values())
    return first if counts[first] == best else max(counts, key=counts.__getitem__)
