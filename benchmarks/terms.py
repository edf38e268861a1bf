"""Glossary terms on TICO-19: source-side match recall, term success with and without
constraints, and what the constraints cost in decoding time, in one run.

Data: ``tico19/`` in ``../shared/data`` beside the project, read in place: the test set
(``tico19-test.eng``), its terminology (``tico19_terms_en_ar.tsv``) and the list of term
occurrences per line (``tico19_test_term_occurrences.tsv``).

The model is a random-weight Marian stand-in (``tests/standins.py``): no real weights can
be had here. Its translations are gibberish, so "success without constraints" is what a
model that ignores the glossary scores (near 0), and "with constraints" is what the decoder
guarantees. Its vocabulary is trained with the terms so that it can spell them all.

    .venv/bin/python benchmarks/terms.py [--data DIR] [--lines N] [--beam N]
        [--backend ctranslate2|transformers]
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = (PROJECT_ROOT / ".." / "shared" / "data" / "tico19").resolve()
sys.path.insert(0, str(PROJECT_ROOT / "tests"))  # the stand-in builder


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def load_terms(data: Path):
    """TICO-19's terminology as glossary entries (one per English term, first row wins)."""
    from tarjama.glossary import GlossaryEntry

    entries: dict[str, GlossaryEntry] = {}
    path = data / "tico19_terms_en_ar.tsv"
    for line, row in enumerate(read_tsv(path), start=2):
        key = row["en"].strip().casefold()
        if key and row["ar"].strip() and key not in entries:
            entries[key] = GlossaryEntry(
                row["en"].strip(), row["ar"].strip(), "term", file=path, line=line
            )
    return list(entries.values())


def match_recall(matcher, entries, lines: list[str], occurrences: list[dict[str, str]]):
    """(as its own entry, inside a longer term, listed) over the listed term occurrences.

    TICO-19 lists nested terms separately ("COVID-19" inside "COVID-19 vaccine"); the
    matcher returns the longest match only, since that is the one to enforce. An
    occurrence counts as found when a match covers it.
    """
    by_key = {entry.en.casefold(): entry for entry in entries}
    listed = sorted({(int(row["line_no"]), row["en_term"].casefold()) for row in occurrences})
    own = covered = 0
    hits_on: dict[int, list] = {}
    for number, term in listed:
        if number not in hits_on:
            hits_on[number] = matcher.find(lines[number], "en")
        entry = by_key.get(term)
        spans = matcher.find_entry(lines[number], "en", entry) if entry else []
        for span in spans:
            cover = [h for h in hits_on[number] if h.start <= span.start and span.end <= h.end]
            if cover:
                own += cover[0].entry == entry
                covered += cover[0].entry != entry
                break
    return own, covered, len(listed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--lines", type=int, default=200, help="lines with terms to translate")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--backend", choices=("ctranslate2", "transformers"), default="ctranslate2")
    args = parser.parse_args()
    if not (args.data / "tico19-test.eng").exists():
        print(f"TICO-19 not found in {args.data}; pass --data", file=sys.stderr)
        return 2

    import torch

    from standins import build_standin_marian
    from tarjama.glossary import TermMatcher
    from tarjama.terms import TextTerms, audit, text_terms
    from tarjama.translate import DecodingSettings, Translator
    from tarjama.translate.backends import backend_factory
    from tarjama.translate.constrained import Translation

    torch.manual_seed(0)
    lines = (args.data / "tico19-test.eng").read_text(encoding="utf-8").splitlines()
    occurrences = read_tsv(args.data / "tico19_test_term_occurrences.tsv")
    entries = load_terms(args.data)
    matcher = TermMatcher(entries)

    started = time.perf_counter()
    own, nested, listed = match_recall(matcher, entries, lines, occurrences)
    found = own + nested
    match_seconds = time.perf_counter() - started

    # Lines with at least one matched term, in file order.
    chosen: list[tuple[str, TextTerms]] = []
    for line in lines:
        terms = text_terms(line, "en", "ar", matcher)
        if terms.entries:
            chosen.append((line, terms))
        if len(chosen) == args.lines:
            break

    corpus = [f"{entry.en} {entry.ar}" for entry in entries]
    with tempfile.TemporaryDirectory() as folder:
        os.environ["TARJAMA_CACHE"] = str(Path(folder) / "cache")  # conversions die with it
        model = build_standin_marian(
            Path(folder) / "en-ar", "en", "ar", extra_corpus=corpus, d_model=256, layers=2
        )
        settings = DecodingSettings(beam_size=args.beam)
        texts = [line for line, _ in chosen]
        constraints = [terms.constraints for _, terms in chosen]
        runs = {}
        for label in ("without", "with", "without ", "with "):  # twice: warm, then timed
            # a fresh cache each time; the backend's converted model is reused
            translator = Translator({"en-ar": str(model)}, settings, backend_factory(args.backend))
            translator.prepare(["en-ar"])
            started = time.perf_counter()
            if label.strip() == "with":
                results = translator.translate_constrained(texts, "en", "ar", constraints)
            else:
                results = [Translation(t) for t in translator.translate(texts, "en", "ar")]
            runs[label.strip()] = (time.perf_counter() - started, results)

    print(
        f"TICO-19 test: {len(lines)} lines, {len(entries)} terms, beam {args.beam}, "
        f"backend {args.backend}"
    )
    print()
    print("| measure | value |")
    print("| --- | --- |")
    print(
        f"| source-side match recall | {found}/{listed} = {100 * found / listed:.2f} % "
        f"({match_seconds:.2f} s for {len(lines)} lines) |"
    )
    print(f"| … as the term itself / inside a longer term | {own} / {nested} |")
    for label in ("without", "with"):
        seconds, results = runs[label]
        placed = total = missed_reasons = 0
        for (_, terms), result in zip(chosen, results, strict=True):
            audit(terms, result.text, "ar", matcher, dict(result.missed), "not placed")
            total += len(terms.matches)
            placed += sum(match.status == "applied" for match in terms.matches)
            missed_reasons += len(result.missed)
        print(
            f"| term success {label} constraints | {placed}/{total} = "
            f"{100 * placed / total:.2f} % ({len(chosen)} lines) |"
        )
        if label == "with":
            print(f"| constraints the decoder reported unplaced | {missed_reasons} |")
    ratio = runs["with"][0] / runs["without"][0]
    print(
        f"| decoding time with / without | {runs['with'][0]:.1f} s / "
        f"{runs['without'][0]:.1f} s = {ratio:.2f}× |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
