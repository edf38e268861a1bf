"""The English word list: about 46,000 words from SCOWL with their frequency level.

``data/english_words.txt.gz`` holds the words of SCOWL (Spell Checker Oriented Word Lists,
Kevin Atkinson; permissive licence in ``data/SCOWL-LICENSE.txt``) of levels 10 to 40
(the commonest English words, then common ones), English, American, British and Canadian spellings,
contractions split at the apostrophe (``didn``, ``ll``) as the detector splits words,
possessive ``'s`` dropped, lower-cased, one-letter words left out. Built from Debian's
``scowl`` package (2020.12.07) by ``data/build_english_words.py``: no evaluation data went
into it. It loads (0.13 MB file, about 90 ms, 15 MB) on first use, never at import.
"""

from __future__ import annotations

import gzip
import threading
from functools import cache
from pathlib import Path

WORD_LIST = Path(__file__).with_name("data") / "english_words.txt.gz"
RAREST_LEVEL = 40
_lock = threading.Lock()


@cache
def _levels() -> dict[str, int]:
    """Word -> SCOWL level; the file lists ``# LEVEL`` headers, then that level's words."""
    levels: dict[str, int] = {}
    level = 0
    for line in gzip.decompress(WORD_LIST.read_bytes()).decode("utf-8").splitlines():
        if line.startswith("# "):
            level = int(line[2:])
        elif line:
            levels[line] = level
    return levels


def english_level(word: str) -> int | None:
    """The SCOWL level (10, 20, 35 or 40) of a lower-case word; None when it is not listed.

    An inflection the lists lack (texted, fantasized, eying) of a listed word counts as
    the rarest level: the lists stop at 40, where many inflections of rarer words are not.
    """
    with _lock:  # two threads must not both read the file into the cache
        levels = _levels()
    if word in levels:
        return levels[word]
    found = [levels[stem] for stem in _stems(word) if stem in levels]
    return RAREST_LEVEL if found else None


def _stems(word: str) -> list[str]:
    """What ``word`` may inflect: text-ed, fantasize-d, ey(e)-ing, stop(p)-ed."""
    stems = []
    for suffix in ("ing", "ed", "d"):
        stem = word.removesuffix(suffix)
        if stem != word and len(stem) >= 3:
            stems += [stem, stem + "e"]
            if len(stem) >= 4 and stem[-1] == stem[-2]:
                stems.append(stem[:-1])
    return stems
