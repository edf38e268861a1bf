"""The eight checks: each reads one translated segment (:class:`~tarjama.qa.text.Pair`)
and returns its flags, ``{"check": name, "message": sentence, ...detail}``.

The checks only read what a record holds: ``terms`` trusts the glossary audit recorded in
the segment, ``carried`` the spans the carry stage recorded (and whether their text is
still in the translation, which an edit can change).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from tarjama.carry import LINE_BREAK
from tarjama.qa.bounds import BOUNDS, text_length
from tarjama.qa.numbers import numbers_in, shown, worded_values
from tarjama.qa.text import LETTERS, Pair, script_of

Flag = dict[str, Any]

#: the share of a translation's letters above which it is "in" a script
MOSTLY = 0.5
#: fewer letters than this say nothing of a text's script (``COVID-19``, ``5 ج``)
MIN_LETTERS = 4
SCRIPT_NAMES = {"arabic": "Arabic", "latin": "Latin", "other": "another"}


def flag(check: str, message: str, **detail: Any) -> Flag:
    return {"check": check, "message": message, **detail}


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def _source_script_share(pair: Pair) -> float | None:
    letters = pair.translation_letters
    total = sum(letters.values())
    if total < MIN_LETTERS:
        return None
    return letters[script_of(pair.source_lang)] / total


def untranslated(pair: Pair) -> list[Flag]:
    has_words = any(ch.isalpha() for ch in pair.own_source)  # "2021" is copied, not left
    if has_words and _folded(pair.translation) == _folded(pair.source):
        return [flag("untranslated", "The translation is the source, unchanged.")]
    share = _source_script_share(pair)
    if share is not None and share > MOSTLY:
        name = SCRIPT_NAMES[script_of(pair.source_lang)]
        return [
            flag(
                "untranslated",
                f"{share:.0%} of the translation's letters are {name}, the source's script: "
                "it is mostly not translated.",
            )
        ]
    return []


def script(pair: Pair) -> list[Flag]:
    letters = pair.translation_letters
    total = sum(letters.values())
    target = script_of(pair.target_lang)
    if total < MIN_LETTERS or letters[target] / total >= MOSTLY:
        return []
    share = _source_script_share(pair)
    if share is not None and share > MOSTLY:
        return []  # in the source's script: untranslated says so
    found = max((s for s in LETTERS if s != target), key=letters.__getitem__)
    return [
        flag(
            "script",
            f"Only {letters[target] / total:.0%} of the translation's letters are "
            f"{SCRIPT_NAMES[target]}, the script of {pair.target_lang!r}; most are in "
            f"{SCRIPT_NAMES[found]} script.",
        )
    ]


def numbers(pair: Pair) -> list[Flag]:
    source, target = numbers_in(pair.source), numbers_in(pair.translation)
    # a number written as a word on the other side is not missing ("nineteen" → "١٩")
    missing = sorted(set(source - target) - worded_values(pair.translation))
    extra = sorted(set(target - source) - worded_values(pair.source))
    if not missing and not extra:
        return []
    parts = []
    if missing:
        parts.append(f"{', '.join(map(shown, missing))} of the source not in the translation")
    if extra:
        parts.append(f"{', '.join(map(shown, extra))} in the translation not in the source")
    return [
        flag(
            "numbers",
            f"The numbers differ: {'; '.join(parts)}.",
            source=[shown(v) for v in missing],
            target=[shown(v) for v in extra],
        )
    ]


def _occurrences(text: str, within: str) -> int:
    """How often ``text`` stands in ``within`` as a whole: ``I`` is not in ``It``."""
    return len(re.findall(rf"(?<!\w){re.escape(text)}(?!\w)", within))


def carried(pair: Pair) -> list[Flag]:
    flags = []
    needed = Counter(span["text"] for span in pair.verbatim)
    for span in pair.carried:
        if span.get("kind") == LINE_BREAK:
            continue
        text, kind = span["text"], span.get("kind", "span")
        if span in pair.verbatim and _occurrences(text, pair.translation) < needed[text]:
            needed[text] = 0  # one flag for a name carried twice
            flags.append(
                flag("carried", f"The {kind} {text!r} is not in the translation.", source=text)
            )
        elif span.get("placed") is False:
            flags.append(
                flag(
                    "carried",
                    f"The model dropped the {kind} {text!r}; it was appended at the end of the "
                    "translation, not where it belongs.",
                    source=text,
                )
            )
    return flags


def terms(pair: Pair) -> list[Flag]:
    return [
        flag(
            "terms",
            f"The glossary term {term['text']!r} should be {term['target']!r} "
            f"({term.get('entry')}), which the translation does not hold"
            + (f": {term['reason']}." if term.get("reason") else "."),
            source=term["text"],
            target=term["target"],
        )
        for term in pair.terms
        if term.get("status") == "missed"
    ]


#: words, and the brackets and quotes that end a run of them: "فيروسات كورونا (فيروسات
#: كورونا)" glosses an acronym, it does not loop
_WORD = re.compile(r"\w+|[()\[\]{}\"“”«»]")
#: the longest word n-gram looked for repeated back to back
MAX_NGRAM = 8


def _repeats(words: list[str]) -> tuple[list[str], int] | None:
    """The first word n-gram said again right after itself (a single word: three times in
    a row, as ``very very`` is English), with how many times in a row; None if none."""
    for n in range(1, MAX_NGRAM + 1):
        least = 3 if n == 1 else 2
        for i in range(len(words) - least * n + 1):
            gram = words[i : i + n]
            if not any(word.isalnum() for word in gram):
                continue
            times = 1
            while words[i + times * n : i + (times + 1) * n] == gram:
                times += 1
            if times >= least:
                return gram, times
    return None


def repetition(pair: Pair) -> list[Flag]:
    words = _WORD.findall(pair.translation.casefold())
    found = _repeats(words)
    if found is None:
        return []
    gram, times = found
    phrase = " ".join(gram)
    if re.search(rf"(?:\b{re.escape(phrase)}\b\W*){{{times}}}", pair.source.casefold()):
        return []  # the source says it as often: not the model's loop
    return [
        flag(
            "repetition",
            f"{phrase!r} is repeated {times} times in a row: the model may be looping.",
            target=phrase,
        )
    ]


def length(pair: Pair) -> list[Flag]:
    direction = f"{pair.source_lang}-{pair.target_lang}"
    bounds = BOUNDS.get(direction)
    source, target = text_length(pair.source), text_length(pair.translation)
    if bounds is None or not source or bounds.allows(source, target):
        return []
    return [
        flag(
            "length",
            f"The translation is {target / source:.2f} times the source's length; right "
            f"{direction} translations are {bounds.low}–{bounds.high} times as long.",
            ratio=round(target / source, 3),
        )
    ]


_PAIRS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {close: open_ for open_, close in _PAIRS.items()}
#: every double quotation mark, whatever its direction: Arabic text writes «» and »«
_QUOTES = frozenset('"“”«»„')
_MARK_NAMES = {
    '"': "quotation marks",
    "()": "brackets ( )",
    "[]": "brackets [ ]",
    "{}": "braces { }",
}


def _unbalanced(text: str) -> set[str]:
    """The bracket pairs (``"()"``) and quote marks (``'"'``) ``text`` leaves unbalanced."""
    depth = dict.fromkeys(_PAIRS, 0)
    found = set()
    for ch in text:
        if ch in _PAIRS:
            depth[ch] += 1
        elif ch in _CLOSERS:
            opener = _CLOSERS[ch]
            if depth[opener] == 0:
                found.add(opener + ch)
            else:
                depth[opener] -= 1
    found.update(opener + _PAIRS[opener] for opener, open_count in depth.items() if open_count)
    if sum(ch in _QUOTES for ch in text) % 2:
        found.add('"')
    return found


def brackets(pair: Pair) -> list[Flag]:
    # A source that leaves a quote open (it closes in the next sentence) may be followed.
    new = sorted(_unbalanced(pair.translation) - _unbalanced(pair.source))
    return [
        flag("brackets", f"The translation's {_MARK_NAMES.get(mark, mark)} are unbalanced.")
        for mark in new
    ]


#: name → check, in the order a report lists them; the names are stable
CHECKS: dict[str, Callable[[Pair], list[Flag]]] = {
    "untranslated": untranslated,
    "numbers": numbers,
    "carried": carried,
    "terms": terms,
    "repetition": repetition,
    "length": length,
    "script": script,
    "brackets": brackets,
}


def check_record(record: dict[str, Any]) -> list[Flag]:
    """The flags of one segment record (``Segment.to_record``), in :data:`CHECKS` order;
    none for a kept segment."""
    pair = Pair.of(record)
    if pair is None:
        return []
    return [found for check in CHECKS.values() for found in check(pair)]
