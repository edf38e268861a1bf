"""Seeded, restricted langdetect: the n-gram statistics behind the letter rules.

langdetect samples n-grams at random; a Detector re-seeds its own ``random.Random`` from
its ``seed`` at every detection, so a fixed seed gives the same answer for the same text
whatever ran before. The profiles (2 MB of JSON) load on first use, never at import.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

_lock = threading.Lock()


@cache
def _factory(langs: tuple[str, ...] | None):  # -> langdetect.DetectorFactory
    from langdetect import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    if langs is None:
        factory.load_profile(PROFILES_DIRECTORY)
    else:
        # A factory that only knows these languages: their n-grams alone carry weight.
        profiles = [(Path(PROFILES_DIRECTORY) / lang).read_text("utf-8") for lang in langs]
        factory.load_json_profile(profiles)
    return factory


def _loaded_factory(langs: tuple[str, ...] | None):
    with _lock:  # two threads must not both parse the profiles into one factory
        return _factory(langs)


def all_languages() -> tuple[str, ...]:
    """Every language langdetect has a profile for."""
    return tuple(_loaded_factory(None).get_lang_list())


def language_probabilities(
    text: str,
    *,
    seed: int,
    langs: Iterable[str] | None = None,
    prior: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """Probability per language for ``text``; empty when langdetect finds no n-gram.

    ``langs`` restricts the candidates (None: all 55 profiles); ``prior`` weighs them
    before the text is read.
    """
    from langdetect import LangDetectException

    factory = _loaded_factory(tuple(sorted(langs)) if langs is not None else None)
    detector = factory.create()
    detector.seed = seed  # per call, not the class-wide DetectorFactory.seed
    detector.PROB_THRESHOLD = 0.0  # report every language, not only those above 0.1
    if prior is not None:
        detector.set_prior_map(dict(prior))
    detector.append(text)
    try:
        return {guess.lang: guess.prob for guess in detector.get_probabilities()}
    except LangDetectException:  # no known n-gram: nothing to say
        return {}
