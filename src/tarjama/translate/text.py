"""Text-level steps of the translation loop: fit long inputs to the model, cut decoder loops."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

# Split points, coarsest first: after sentence ends, after clause marks, at any space.
# Punctuation must be followed by whitespace, so "3.5" and "example.com" stay whole.
_SPLIT_LEVELS = (
    re.compile(r"(?<=[.!?؟])\s+"),
    re.compile(r"(?<=[;,؛،])\s+"),
    re.compile(r"\s+"),
)
#: Longest phrase, in words, that the loop guard looks for.
MAX_LOOP_UNIT = 8


def split_to_fit(text: str, limit: int, count_tokens: Callable[[str], int]) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` tokens each; nothing is dropped.

    Sentences are packed greedily into pieces; a sentence that alone is too long is cut
    at clause punctuation, then between words, and a single word longer than the limit
    (a pasted hash, say) between characters.
    """
    return _split(text.strip(), limit, count_tokens, 0)


def _split(text: str, limit: int, count: Callable[[str], int], level: int) -> list[str]:
    if not text or count(text) <= limit:
        return [text] if text else []
    if level == len(_SPLIT_LEVELS):
        return _split_characters(text, limit, count)
    parts = [part for part in _SPLIT_LEVELS[level].split(text) if part]
    if len(parts) == 1:
        return _split(text, limit, count, level + 1)
    pieces: list[str] = []
    current = ""
    for part in parts:
        candidate = f"{current} {part}" if current else part
        if count(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        if count(part) <= limit:
            current = part
        else:
            pieces.extend(_split(part, limit, count, level + 1))
            current = pieces.pop()  # the tail may still share a piece with what follows
    if current:
        pieces.append(current)
    return pieces


def _split_characters(text: str, limit: int, count: Callable[[str], int]) -> list[str]:
    pieces = []
    while text:
        low, high = 1, len(text)  # longest prefix that fits, by bisection
        while low < high:
            middle = (low + high + 1) // 2
            if count(text[:middle]) <= limit:
                low = middle
            else:
                high = middle - 1
        pieces.append(text[:low])
        text = text[low:]
    return pieces


def collapse_repeats(text: str, max_repeats: int, keep: Collection[str] = ()) -> str:
    """Keep once any word or phrase (up to 8 words) repeated more than ``max_repeats`` times
    back to back: that is a decoder loop, not language. 0 leaves the text alone.

    ``keep`` lists phrases that must survive (terms forced into a translation): if
    collapsing would remove the last occurrence of one, the text is left alone.
    """
    collapsed = _collapse(text, max_repeats)
    if collapsed is not text and any(p in text and p not in collapsed for p in keep):
        return text
    return collapsed


def _collapse(text: str, max_repeats: int) -> str:
    words = text.split()
    if max_repeats <= 0 or len(words) <= max_repeats:
        return text
    kept: list[str] = []
    i = 0
    changed = False
    while i < len(words):
        if loop := _loop_at(words, i, max_repeats):
            size, repeats = loop
            kept.extend(words[i : i + size])
            i += size * repeats
            changed = True
        else:
            kept.append(words[i])
            i += 1
    return " ".join(kept) if changed else text


def _loop_at(words: list[str], i: int, max_repeats: int) -> tuple[int, int] | None:
    """(phrase size, repeats) of the shortest phrase at ``words[i]`` that loops, if any."""
    for size in range(1, MAX_LOOP_UNIT + 1):
        unit = words[i : i + size]
        if len(unit) < size:
            return None
        repeats = 1
        while words[i + repeats * size : i + (repeats + 1) * size] == unit:
            repeats += 1
        if repeats > max_repeats:
            return size, repeats
    return None
