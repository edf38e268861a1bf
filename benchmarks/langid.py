"""Language-ID accuracy: tarjama's detector against plain langdetect, in one run.

Data: the lingua-py accuracy-report files (``label<TAB>text``, header row, labels
ar/en/fa/ur) in ``../shared/data/lid`` beside the project, read in place, never copied.

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
}
LABELS = ("ar", "en", "fa", "ur")


def read_rows(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)  # header
        return [(label, text) for label, text in reader]


def evaluate(
    predict: Callable[[str], str], rows: list[tuple[str, str]]
) -> tuple[Counter[str], float, list[tuple[str, str, str]]]:
    """Correct lines per label, seconds per line, and the misses (label, guess, text)."""
    correct: Counter[str] = Counter()
    misses = []
    start = time.perf_counter()
    for label, text in rows:
        guess = predict(text)
        if guess == label:
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


def tarjama_detector() -> Callable[[str], str]:
    sys.path.insert(0, str(PROJECT_ROOT / "src"))
    from tarjama.langid import LanguageDetector

    detector = LanguageDetector(seed=0)
    for warm_up in ("load the Latin profiles", "و تحميل الملفات العربية"):
        detector.detect(warm_up)
    return lambda text: detector.detect(text).lang


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

    systems = {"tarjama": tarjama_detector(), "langdetect": plain_langdetect()}
    lines = ["| granularity | label | lines | tarjama % | langdetect % |", "|---|---|---|---|---|"]
    timing = []
    for granularity, name in GRANULARITIES.items():
        rows = read_rows(args.data / name)
        totals = Counter(label for label, _ in rows)
        results = {system: evaluate(predict, rows) for system, predict in systems.items()}
        for label in (*LABELS, "overall"):
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
    print("| granularity | tarjama ms/line | langdetect ms/line |\n|---|---|---|")
    print("\n".join(timing))
    return 0


if __name__ == "__main__":
    sys.exit(main())
