"""Language-ID accuracy: tarjama's detector against plain langdetect and lingua, in one run.

Data, in ``../shared/data/lid`` beside the project, read in place, never copied
(``label<TAB>text``, header row): the lingua-py accuracy-report files (labels ar/en/fa/ur;
a line is right when its label is guessed) and ``tatoeba_short.tsv`` (short sentences,
labels ar/en and de/fr/es/tr/id; an ar or en line is right when its label is guessed, any
other when it is kept out of English, i.e. not guessed ``en``). lingua runs with all its
languages, as published; langdetect with all 55 profiles.

    .venv/bin/python benchmarks/langid.py [--data DIR] [--errors N]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = (PROJECT_ROOT / ".." / "shared" / "data" / "lid").resolve()
GRANULARITIES = {
    "sentences": "lingua_sentences.tsv",
    "word pairs": "lingua_word-pairs.tsv",
    "single words": "lingua_single-words.tsv",
    "tatoeba short": "tatoeba_short.tsv",
}
#: Labels an Arabic/English tool must name; any other only has to stay out of English.
NAMED = ("ar", "en", "fa", "ur")


def read_rows(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)  # header
        return [(label, text) for label, text in reader]


def is_right(label: str, guess: str) -> bool:
    return guess == label if label in NAMED else guess != "en"


def evaluate(
    predict: Callable[[str], str], rows: list[tuple[str, str]]
) -> tuple[Counter[str], float, list[tuple[str, str, str]]]:
    """Correct lines per label, seconds per line, and the misses (label, guess, text)."""
    correct: Counter[str] = Counter()
    misses = []
    start = time.perf_counter()
    for label, text in rows:
        guess = predict(text)
        if is_right(label, guess):
            correct[label] += 1
        else:
            misses.append((label, guess, text))
    return correct, (time.perf_counter() - start) / len(rows), misses


def plain_langdetect() -> Callable[[str], str]:
    from langdetect import DetectorFactory, LangDetectException, detect

    DetectorFactory.seed = 0

    def predict(text: str) -> str:
        try:
            return detect(text)
        except LangDetectException:
            return "error"  # counts as wrong

    predict("warm up: load the profiles before the clock starts")
    return predict


def plain_lingua() -> Callable[[str], str]:
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().build()

    def predict(text: str) -> str:
        language = detector.detect_language_of(text)
        return "unknown" if language is None else language.iso_code_639_1.name.lower()

    predict("warm up: load the models before the clock starts")
    return predict


def tarjama_detector() -> Callable[[str], str]:
    sys.path.insert(0, str(PROJECT_ROOT / "src"))
    from tarjama.langid import LanguageDetector

    detector = LanguageDetector(seed=0)
    for warm_up in ("load the Latin profiles", "و تحميل الملفات العربية"):
        detector.detect(warm_up)
    return lambda text: detector.detect(text).lang


def english_called_other(data: Path) -> list[str]:
    """Plain English Tatoeba sentences of three words or more that tarjama calls ``other``."""
    sys.path.insert(0, str(PROJECT_ROOT / "src"))
    from tarjama.langid import LanguageDetector

    detector = LanguageDetector(seed=0)
    return [
        text
        for label, text in read_rows(data / GRANULARITIES["tatoeba short"])
        if label == "en" and len(text.split()) >= 3 and detector.detect(text).lang == "other"
    ]


def percent(correct: int, total: int) -> str:
    return f"{100 * correct / total:.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of the TSV files")
    parser.add_argument("--errors", type=int, default=0, help="print N tarjama misses per file")
    args = parser.parse_args()
    missing = [name for name in GRANULARITIES.values() if not (args.data / name).is_file()]
    if missing:
        print(
            f"language-ID data not found in {args.data}: missing {', '.join(missing)}\n"
            "pass the folder holding the lingua_*.tsv files with --data DIR",
            file=sys.stderr,
        )
        return 2

    systems = {
        "tarjama": tarjama_detector(),
        "langdetect": plain_langdetect(),
        "lingua": plain_lingua(),
    }
    header = " | ".join(f"{system} %" for system in systems)
    lines = [f"| granularity | label | lines | {header} |", "|---" * (3 + len(systems)) + "|"]
    timing = []
    for granularity, name in GRANULARITIES.items():
        rows = read_rows(args.data / name)
        totals = Counter(label for label, _ in rows)
        results = {system: evaluate(predict, rows) for system, predict in systems.items()}
        for label in (*totals, "overall"):
            total = len(rows) if label == "overall" else totals[label]
            cells = []
            for correct, _, _ in results.values():
                hits = sum(correct.values()) if label == "overall" else correct[label]
                cells.append(percent(hits, total))
            shown = f"**{label}**" if label == "overall" else label
            lines.append(f"| {granularity} | {shown} | {total} | {' | '.join(cells)} |")
        timing.append(
            f"| {granularity} | "
            + " | ".join(f"{seconds * 1e3:.3f}" for _, seconds, _ in results.values())
            + " |"
        )
        for label, guess, text in results["tarjama"][2][: args.errors]:
            print(f"miss {granularity}: {label} -> {guess}: {text[:160]}")
    print("\n".join(lines))
    print()
    print(
        "| granularity | "
        + " | ".join(f"{system} ms/line" for system in systems)
        + " |\n"
        + "|---" * (1 + len(systems))
        + "|"
    )
    print("\n".join(timing))
    print()
    print(f"tarjama: English lines of 3+ words labelled other: {english_called_other(args.data)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
