"""Quality checks (``tarjama.qa``) on right and on broken translations, in one run.

Right: the FLORES-200 devtest and TICO-19 test references, each taken as the translation
of the other side (en→ar and ar→en): every flag there is a false flag. Broken: the same
references, each corrupted the way one check is meant to catch (a digit changed, a
carried name dropped, a glossary term dropped, the tail repeated, the source copied, the
script swapped, the second part cut off, a bracket or quote deleted); a check's catch rate
is over the segments its corruption applies to. Carried spans come from tarjama's own
segmenter on the source; glossary terms from ``glossaries/news.tsv`` (FLORES) and the
TICO-19 terminology (TICO-19), audited against the reference as the pipeline audits a
model's output.

Data: ``flores200/`` and ``tico19/`` in ``../shared/data`` beside the project, read in place.

    .venv/bin/python benchmarks/qa.py [--data DIR] [--fit]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = (PROJECT_ROOT / ".." / "shared" / "data").resolve()
sys.path.insert(0, str(Path(__file__).resolve().parent))  # terms.py's TICO-19 reader

Record = dict[str, Any]


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def corpora(data: Path) -> dict[str, tuple[list[str], list[str]]]:
    """name → (English lines, Arabic lines), line-aligned."""
    return {
        "FLORES-200": (
            read_lines(data / "flores200" / "eng_Latn.devtest"),
            read_lines(data / "flores200" / "arb_Arab.devtest"),
        ),
        "TICO-19": (
            read_lines(data / "tico19" / "tico19-test.eng"),
            read_lines(data / "tico19" / "tico19-test.ara"),
        ),
    }


def followed_terms(data: Path) -> dict[int, set[str]]:
    """line → the English terms TICO-19 itself lists on it with the Arabic term verbatim in
    the reference: only those does the reference follow (43 % of the listed occurrences)."""
    from terms import read_tsv

    found: dict[int, set[str]] = {}
    for row in read_tsv(data / "tico19" / "tico19_test_term_occurrences.tsv"):
        if row["ar_term_in_ref_exact"] == "1":
            found.setdefault(int(row["line_no"]), set()).add(row["en_term"].casefold())
    return found


def records(
    source: list[str],
    reference: list[str],
    source_lang: str,
    matcher,
    followed: dict[int, set[str]] | None = None,
) -> list[Record]:
    """One segment record a line: the reference as the translation, the source's carried
    spans as the segmenter finds them, its glossary terms audited against the reference
    (with ``followed``, only the terms the reference is known to follow)."""
    from tarjama.document import other_language
    from tarjama.segment.segmenter import segment_text
    from tarjama.terms import audit, text_terms

    target_lang = other_language(source_lang)
    made = []
    for number, (text, translation) in enumerate(zip(source, reference, strict=True)):
        spans = [span for segment in segment_text(text).segments for span in segment.carried]
        terms = text_terms(text, source_lang, target_lang, matcher)
        audit(terms, translation, target_lang, matcher, {}, "not in the reference")
        if followed is not None:
            english = "source_form" if source_lang == "en" else "target"
            kept = followed.get(number, set())
            terms.matches = [m for m in terms.matches if getattr(m, english).casefold() in kept]
        made.append(
            {
                "source": text,
                "source_lang": source_lang,
                "target_lang": target_lang,
                "translation": translation,
                "start": 0,
                "carried": [asdict(span) for span in spans],
                "terms": [asdict(match) for match in terms.matches],
            }
        )
    return made


# --- corruptions: each returns the broken record, or None where it does not apply ---------

_DIGIT = re.compile(r"[0-9\u0660-\u0669]")


def change_digit(record: Record, rng: random.Random) -> Record | None:
    digits = list(_DIGIT.finditer(record["translation"]))
    if not digits:
        return None
    match = rng.choice(digits)
    base = 0x0660 if match.group() > "9" else ord("0")
    value = (ord(match.group()) - base + rng.randint(1, 9)) % 10
    text = record["translation"]
    return {
        **record,
        "translation": text[: match.start()] + chr(base + value) + text[match.end() :],
    }


def drop_carried(record: Record, rng: random.Random) -> Record | None:
    from tarjama.qa.text import VERBATIM_KINDS

    present = [
        span
        for span in record["carried"]
        if span["kind"] in VERBATIM_KINDS and span["text"] in record["translation"]
    ]
    if not present:
        return None
    dropped = rng.choice(present)["text"]
    return {**record, "translation": record["translation"].replace(dropped, "", 1)}


def drop_term(record: Record, rng: random.Random, matcher) -> Record | None:
    from tarjama.document import TermMatch
    from tarjama.terms import APPLIED, audit, target_spans, text_terms

    applied = [TermMatch(**t) for t in record["terms"] if t["status"] == APPLIED]
    if not applied:
        return None
    dropped, translation = rng.choice(applied), record["translation"]
    while spans := target_spans(translation, record["target_lang"], [dropped]):
        start, end, _ = spans[0]  # every occurrence: a term said twice is dropped twice
        translation = translation[:start] + translation[end:]
    terms = text_terms(record["source"], record["source_lang"], record["target_lang"], matcher)
    audit(terms, translation, record["target_lang"], matcher, {}, "dropped")
    matches = [asdict(match) for match in terms.matches]
    return {**record, "translation": translation, "terms": matches}


def repeat_tail(record: Record, rng: random.Random) -> Record | None:
    words = record["translation"].rstrip(" .!?؟…").split()
    if not words:
        return None
    tail = " ".join(words[-rng.randint(1, min(4, len(words))) :])
    return {**record, "translation": " ".join([*words, tail, tail])}


def copy_source(record: Record, rng: random.Random) -> Record | None:
    return {**record, "translation": record["source"]}


def _swapped(ch: str) -> str:
    """A letter in another script: Latin → Cyrillic, Arabic → Hebrew (what a multilingual
    model writes when it is told the wrong language)."""
    from tarjama.script import ARABIC, LATIN, char_script

    kind = char_script(ch)
    if kind == LATIN and ch.isascii():
        return chr(0x0430 + (ord(ch.lower()) - ord("a")) % 32)
    if kind == ARABIC:
        return chr(0x05D0 + ord(ch) % 27)
    return ch


def swap_script(record: Record, rng: random.Random) -> Record | None:
    return {**record, "translation": "".join(map(_swapped, record["translation"]))}


def cut_short(record: Record, rng: random.Random) -> Record | None:
    words = record["translation"].split()
    if len(words) < 3:
        return None
    return {**record, "translation": " ".join(words[: max(1, len(words) // 3)])}


_MARKS = re.compile('[()\\[\\]{}"“”«»„]')


def delete_bracket(record: Record, rng: random.Random) -> Record | None:
    from tarjama.qa.checks import _unbalanced

    if _unbalanced(record["translation"]) or _unbalanced(record["source"]):
        return None  # already unbalanced: the corruption would not be the one measured
    marks = list(_MARKS.finditer(record["translation"]))
    if not marks:
        return None
    match = rng.choice(marks)
    text = record["translation"]
    return {**record, "translation": text[: match.start()] + text[match.end() :]}


def corruptions(matcher_of: Callable[[Record], Any]) -> dict[str, tuple[str, Callable]]:
    """check name → (what its corruption does, the corruption)."""
    return {
        "untranslated": ("the source copied", copy_source),
        "numbers": ("one digit changed", change_digit),
        "carried": ("a carried name, URL or code dropped", drop_carried),
        "terms": (
            "an applied glossary term dropped",
            lambda record, rng: drop_term(record, rng, matcher_of(record)),
        ),
        "repetition": ("the last 1–4 words said twice more", repeat_tail),
        "length": ("cut to its first third", cut_short),
        "script": ("letters swapped to Cyrillic / Hebrew", swap_script),
        "brackets": ("one bracket or quote deleted", delete_bracket),
    }


def fired(record: Record) -> set[str]:
    from tarjama.qa import check_record

    return {item["check"] for item in check_record(record)}


def fit(sets: dict[str, list[Record]]) -> None:
    """The length-ratio quantiles the bounds in ``tarjama/qa/bounds.py`` come from."""
    from tarjama.qa.bounds import text_length

    for direction in ("en-ar", "ar-en"):
        long, short = [], []
        for name, items in sets.items():
            if not name.endswith(direction):
                continue
            for record in items:
                source = text_length(record["source"])
                target = text_length(record["translation"])
                (long if source >= 40 else short).append((source, target))
        ratios = sorted(t / s for s, t in long)
        cuts = statistics.quantiles(ratios, n=1000)
        print(
            f"{direction}: {len(long)} segments of 40+ characters, ratio median "
            f"{statistics.median(ratios):.3f}, 0.3rd percentile {cuts[2]:.3f}, 99.7th "
            f"{cuts[996]:.3f}, min {ratios[0]:.3f}, max {ratios[-1]:.3f}; {len(short)} shorter"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--fit", action="store_true", help="print the length-ratio quantiles")
    parser.add_argument("--examples", type=int, default=0, help="print N false flags a check")
    args = parser.parse_args()
    if not (args.data / "flores200" / "eng_Latn.devtest").exists():
        print(f"FLORES-200 / TICO-19 not found in {args.data}; pass --data", file=sys.stderr)
        return 2

    from tarjama.glossary import TermMatcher, load_glossaries
    from tarjama.qa import CHECK_NAMES
    from terms import load_terms

    started = time.perf_counter()
    matchers = {
        "FLORES-200": TermMatcher(load_glossaries([PROJECT_ROOT / "glossaries" / "news.tsv"])),
        "TICO-19": TermMatcher(load_terms(args.data / "tico19")),
    }
    followed = {"FLORES-200": None, "TICO-19": followed_terms(args.data)}
    sets: dict[str, list[Record]] = {}
    for name, (english, arabic) in corpora(args.data).items():
        sets[f"{name} en-ar"] = records(english, arabic, "en", matchers[name], followed[name])
        sets[f"{name} ar-en"] = records(arabic, english, "ar", matchers[name], followed[name])
    built = time.perf_counter() - started
    if args.fit:
        fit(sets)
        return 0

    started = time.perf_counter()
    false = {name: Counter() for name in sets}
    examples: dict[str, list[tuple[str, Record]]] = {check: [] for check in CHECK_NAMES}
    for name, items in sets.items():
        for record in items:
            for check in fired(record):
                false[name][check] += 1
                examples[check].append((name, record))
    checked = time.perf_counter() - started

    rng = random.Random(0)
    matcher_of = {id(r): matchers[n.split()[0]] for n, items in sets.items() for r in items}
    broken = corruptions(lambda record: matcher_of[id(record)])
    caught: dict[str, Counter] = {name: Counter() for name in sets}
    applied: dict[str, Counter] = {name: Counter() for name in sets}
    for name, items in sets.items():
        for record in items:
            for check, (_, corrupt) in broken.items():
                if check in fired(record):
                    continue  # already flagged when right: a catch would prove nothing
                corrupted = corrupt(record, rng)
                if corrupted is None:
                    continue
                applied[name][check] += 1
                caught[name][check] += check in fired(corrupted)

    names = list(sets)
    total = sum(len(items) for items in sets.values())
    print(f"{total} reference segments ({built:.1f} s to build, {checked:.1f} s to check)")
    print()
    print("False flags on right translations (% of segments; target < 2 %):")
    print()
    print(f"| check | {' | '.join(names)} | all |")
    print(f"| --- |{' --- |' * (len(names) + 1)}")
    for check in CHECK_NAMES:
        cells = [f"{100 * false[n][check] / len(sets[n]):.2f}" for n in names]
        overall = sum(false[n][check] for n in names)
        print(f"| `{check}` | {' | '.join(cells)} | {100 * overall / total:.2f} |")
    print()
    print(
        "Catch rate on corrupted references (% of the segments a corruption applies to; "
        "target ≥ 95 %):"
    )
    print()
    print(f"| check | corruption | {' | '.join(names)} | all |")
    print(f"| --- | --- |{' --- |' * (len(names) + 1)}")
    for check, (label, _) in broken.items():
        cells = [
            f"{100 * caught[n][check] / applied[n][check]:.1f} ({applied[n][check]})"
            if applied[n][check]
            else "–"
            for n in names
        ]
        hits = sum(caught[n][check] for n in names)
        tried = sum(applied[n][check] for n in names)
        print(f"| `{check}` | {label} | {' | '.join(cells)} | {100 * hits / tried:.1f} ({tried}) |")
    for check, found in examples.items():
        for name, record in found[: args.examples]:
            print(f"\n[{check}] {name}\n  S: {record['source']}\n  T: {record['translation']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
