"""Sentence alignment: tarjama's aligner against length-only Gale-Church, in one run.

Data, read in place from ``../shared/data`` (``--data DIR``):

* ``udhr/``: the UDHR in Arabic and English, one paragraph per line, and the gold
  alignment ``udhr.gold.vecalign.txt`` (Arabic is the source side); aligned in line mode.
* ``flores200/``: FLORES-200 devtest, ``arb_Arab.devtest`` / ``eng_Latn.devtest``; the
  consecutive lines of one article (``doc_ids_devtest.tsv``) make a document pair, which is
  edited with a seeded generator (:func:`edit`): two or three adjacent sentences merged on
  one side (gold 1-2 / 2-1, 1-3 / 3-1), sentences dropped on one side (1-0 / 0-1) and
  overlapping merges on both sides (2-2), at three sets of rates (:data:`REGIMES`).
  Articles with an even ``doc_index`` are the *tuning* half (the defaults of
  ``AlignParams`` were chosen on them, with ``--tune``); odd ones are held out. UDHR
  was never used for tuning.
* Scale: FLORES articles concatenated (one paragraph per article, edited as above) into
  documents of 100, 1,000 and 10,000 sentences: time and peak memory (tracemalloc).

Systems (:data:`SYSTEMS`): tarjama as ``tarjama align`` runs it, the same with the starter
glossary ``glossaries/news.tsv`` as anchors (``--glossary``), and two length-only
Gale-Church baselines.

Scores are Vecalign's strict and lax precision/recall/F1 (``tarjama.align.vecalign``),
counts summed over all documents.

    .venv/bin/python benchmarks/align.py [--data DIR] [--seeds 0 1 2] [--sizes 100 1000 10000]
        [--systems NAME...] [--regimes NAME...]   # a subset, for a quick measurement
    .venv/bin/python benchmarks/align.py --tune      # the grid search on the tuning half
"""

from __future__ import annotations

import argparse
import csv
import functools
import itertools
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT / "src"))

from tarjama.align import AlignParams, align_texts, read_vecalign, score_alignments  # noqa: E402
from tarjama.align.vecalign import Scores  # noqa: E402
from tarjama.document import AlignmentLink  # noqa: E402

DEFAULT_DATA = (PROJECT_ROOT / ".." / "shared" / "data").resolve()

#: Probability, at each sentence of an article, of each edit (the rest stay 1-1), for three
#: regimes: Gale & Church's (1993) observed link-type frequencies, a harsh one with six
#: times as many dropped sentences, and one with news desks' heavy merging (issue 12: 12 %
#: merges on each side, 2 % drops, some sentences joined three into one).
REGIMES = {
    "Gale-Church rates": {
        "drop ar (0-1)": 0.005,
        "drop en (1-0)": 0.005,
        "merge ar (1-2)": 0.0445,
        "merge en (2-1)": 0.0445,
        "merge both, overlapping (2-2)": 0.011,
    },
    "harsh": {
        "drop ar (0-1)": 0.03,
        "drop en (1-0)": 0.03,
        "merge ar (1-2)": 0.05,
        "merge en (2-1)": 0.05,
        "merge both, overlapping (2-2)": 0.01,
    },
    "heavy merges": {
        "drop ar (0-1)": 0.02,
        "drop en (1-0)": 0.02,
        "merge ar (1-2)": 0.12,
        "merge en (2-1)": 0.12,
        "merge ar, three (1-3)": 0.02,
        "merge en, three (3-1)": 0.02,
        "merge both, overlapping (2-2)": 0.01,
    },
}

#: What each edit does to the next sentences of the article: how many consecutive lines
#: each side's output joins into one (one group per output line; none: dropped there).
EDITS: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "drop ar (0-1)": ((), (1,)),
    "drop en (1-0)": ((1,), ()),
    "merge ar (1-2)": ((2,), (1, 1)),
    "merge en (2-1)": ((1, 1), (2,)),
    "merge ar, three (1-3)": ((3,), (1, 1, 1)),
    "merge en, three (3-1)": ((1, 1, 1), (3,)),
    "merge both, overlapping (2-2)": ((2, 1), (1, 2)),
}

Link = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass
class Pair:
    """A document pair to align: Arabic (source) and English lines, gold links, paragraphs."""

    ar: list[str]
    en: list[str]
    gold: list[Link]
    ar_paragraphs: list[int] | None = None
    en_paragraphs: list[int] | None = None


@dataclass(frozen=True)
class System:
    """An aligner configuration: its parameters, and whether the starter glossary
    (``glossaries/news.tsv``) supplies anchors, as ``tarjama align --glossary`` does."""

    params: AlignParams
    glossary: bool = False


SYSTEMS: dict[str, System] = {
    "tarjama": System(AlignParams()),
    "tarjama + starter glossary": System(AlignParams(), glossary=True),
    # The same cost without anchors, paragraphs or the learned lexicon (tuned lengths).
    "length-only Gale-Church": System(AlignParams.length_only()),
    # Textbook settings: s² = 6.8, Gale & Church's priors (tarjama's defaults), c from the
    # documents alone; a 1-0 / 0-1 link costs its prior only.
    "Gale-Church 1993 settings": System(
        AlignParams.length_only().with_(variance=6.8, deletion=0.0, ratio_weight=0.0)
    ),
}
STARTER_GLOSSARY = PROJECT_ROOT / "glossaries" / "news.tsv"


@functools.cache
def starter_glossary():
    from tarjama.glossary import TermMatcher, load_glossaries

    return TermMatcher(load_glossaries([STARTER_GLOSSARY]))


# --- data ------------------------------------------------------------------------------


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def load_udhr(data: Path) -> Pair:
    folder = data / "udhr"
    gold = [(link.source, link.target) for link in read_vecalign(folder / "udhr.gold.vecalign.txt")]
    return Pair(
        read_lines(folder / "udhr.ar.para.txt"), read_lines(folder / "udhr.en.para.txt"), gold
    )


def load_flores(data: Path) -> list[tuple[int, list[str], list[str]]]:
    """``(doc_index, Arabic lines, English lines)`` per article, in file order."""
    folder = data / "flores200"
    ar, en = read_lines(folder / "arb_Arab.devtest"), read_lines(folder / "eng_Latn.devtest")
    with (folder / "doc_ids_devtest.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    articles: list[tuple[int, list[str], list[str]]] = []
    for row in rows:
        line, doc = int(row["line_no"]), int(row["doc_index"])
        if not articles or articles[-1][0] != doc:
            articles.append((doc, [], []))
        articles[-1][1].append(ar[line])
        articles[-1][2].append(en[line])
    return articles


def edit(ar: list[str], en: list[str], rng: random.Random, rates: dict[str, float]) -> Pair:
    """Apply seeded merges and drops (:data:`EDITS`) to a line-aligned article; the gold
    links follow. One draw per step; an edit that does not fit before the end is a 1-1."""
    kinds, weights = list(rates), list(rates.values())
    out = Pair([], [], [])
    k = 0
    while k < len(ar):
        roll, groups = rng.random(), ((1,), (1,))
        for kind, rate in zip(kinds, weights, strict=True):
            if roll < rate:
                if k + max(map(sum, EDITS[kind])) <= len(ar):
                    groups = EDITS[kind]
                break
            roll -= rate
        a, e = len(out.ar), len(out.en)
        _joined(out.ar, ar, k, groups[0])
        _joined(out.en, en, k, groups[1])
        out.gold.append((tuple(range(a, len(out.ar))), tuple(range(e, len(out.en)))))
        k += max(map(sum, groups))
    return out


def _joined(out: list[str], lines: list[str], start: int, groups: tuple[int, ...]) -> None:
    for size in groups:
        out.append(" ".join(lines[start : start + size]))
        start += size


def flores_pairs(articles, seeds: list[int], half: str, rates: dict[str, float]) -> list[Pair]:
    """Edited article pairs of one half ("tuning": even doc_index, "held-out": odd)."""
    parity = 0 if half == "tuning" else 1
    pairs = []
    for seed in seeds:
        rng = random.Random(seed)
        for doc, ar, en in articles:
            pair = edit(ar, en, rng, rates)  # every article draws, so halves do not shift
            if doc % 2 == parity:
                pairs.append(pair)
    return pairs


def long_pair(articles, size: int, seed: int, rates: dict[str, float]) -> Pair:
    """About ``size`` Arabic sentences: edited articles one after another, a paragraph each."""
    rng = random.Random(seed)
    out = Pair([], [], [], [], [])
    for count in itertools.count():
        if len(out.ar) >= size:
            return out
        _, ar, en = articles[count % len(articles)]
        piece = edit(ar, en, rng, rates)
        a, e = len(out.ar), len(out.en)
        out.gold.extend((tuple(a + i for i in s), tuple(e + j for j in t)) for s, t in piece.gold)
        out.ar.extend(piece.ar)
        out.en.extend(piece.en)
        out.ar_paragraphs.extend([count] * len(piece.ar))
        out.en_paragraphs.extend([count] * len(piece.en))
    raise AssertionError("unreachable")


# --- running ---------------------------------------------------------------------------


def align(pair: Pair, params: AlignParams, glossary: bool = False) -> list[AlignmentLink]:
    return align_texts(
        pair.ar,
        pair.en,
        "ar",
        "en",
        glossary_matcher=starter_glossary() if glossary else None,
        src_paragraphs=pair.ar_paragraphs,
        tgt_paragraphs=pair.en_paragraphs,
        params=params,
    )


def evaluate(pairs: list[Pair], params: AlignParams) -> Scores:
    return score_alignments([p.gold for p in pairs], [align(p, params) for p in pairs])


def row(name: str, scores: Scores) -> str:
    return f"| {name} | " + " | ".join(f"{value:.4f}" for value in scores.figures()) + " |"


HEADER = (
    "| {what} | strict P | strict R | strict F1 | lax P | lax R | lax F1 |\n"
    "|---|---|---|---|---|---|---|"
)


def link_types(pairs: list[Pair]) -> str:
    counts: dict[str, int] = {}
    for pair in pairs:
        for s, t in pair.gold:
            kind = f"{len(s)}-{len(t)}"
            counts[kind] = counts.get(kind, 0) + 1
    return ", ".join(f"{kind} {counts[kind]}" for kind in sorted(counts, key=lambda k: -counts[k]))


def measure(function: Callable[[], object]) -> tuple[float, float]:
    """(seconds, peak MiB under tracemalloc): two runs, so the timing is not traced."""
    start = time.perf_counter()
    function()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 2**20


# --- tuning ----------------------------------------------------------------------------

#: The values coordinate descent tries for each knob (see :func:`tuned`).
KNOBS = {
    "variance": (3.0, 4.5, 6.0, 8.0, 11.0),
    "deletion": (-2.0, -1.0, 0.0, 1.0, 2.0),
    "prior_merge": (0.02, 0.0445, 0.09),
    "prior_22": (0.0025, 0.005, 0.011),
    "prior_three": (0.001, 0.002, 0.004),
    # Not above 3,000: every FLORES article has about the same ratio, so a heavier prior
    # would only memorise it, at the expense of pairs (like UDHR's) whose ratio differs.
    "ratio_weight": (1000.0, 3000.0),
    "anchor_scale": (0.5, 1.0, 2.0),
    "miss_scale": (0.0, 0.5, 1.0, 2.0),
    "name": (0.75, 1.5, 3.0, 4.5),
    "lex": (0.0, 1.0, 2.0, 4.0),
    "lex_miss": (0.0, 0.25, 0.5, 1.0),
    "paragraph_cross": (1.0, 3.0, 6.0),
}


def tuned(setting: dict[str, float]) -> AlignParams:
    """AlignParams for one point of :data:`KNOBS` (scales apply to the defaults)."""
    base = AlignParams()
    weights = {k: w * setting["anchor_scale"] for k, w in base.anchor_weights.items()}
    weights["name"] = setting["name"]
    weights["lex"] = setting["lex"]
    misses = {k: w * setting["miss_scale"] for k, w in base.anchor_misses.items()}
    misses["lex"] = setting["lex_miss"]
    priors = dict(base.priors)
    priors[(2, 1)] = priors[(1, 2)] = setting["prior_merge"]
    priors[(2, 2)] = setting["prior_22"]
    priors[(3, 1)] = priors[(1, 3)] = setting["prior_three"]
    return base.with_(
        variance=setting["variance"],
        deletion=setting["deletion"],
        ratio_weight=setting["ratio_weight"],
        anchor_weights=weights,
        anchor_misses=misses,
        priors=priors,
        paragraph_cross=setting["paragraph_cross"],
    )


def tune(articles, seeds: list[int]) -> None:
    """Coordinate descent over :data:`KNOBS` on the tuning half of FLORES only.

    Objective: the mean strict F1 of the tuning half in each regime and of one long
    document (450 sentences, each tuning-half article once) built from them.
    """
    tuning = [a for a in articles if a[0] % 2 == 0]
    sets = [flores_pairs(articles, seeds, "tuning", rates) for rates in REGIMES.values()]
    sets.append([long_pair(tuning, 450, seed=0, rates=REGIMES["harsh"])])

    def objective(setting: dict[str, float]) -> float:
        params = tuned(setting)
        return sum(evaluate(pairs, params).f1_strict for pairs in sets) / len(sets)

    base = AlignParams()
    setting = {
        "variance": base.variance,
        "deletion": base.deletion,
        "prior_merge": base.priors[(2, 1)],
        "prior_22": base.priors[(2, 2)],
        "prior_three": base.priors[(3, 1)],
        "ratio_weight": base.ratio_weight,
        "anchor_scale": 1.0,
        "miss_scale": 1.0,
        "name": base.anchor_weights["name"],
        "lex": base.anchor_weights["lex"],
        "lex_miss": base.anchor_misses["lex"],
        "paragraph_cross": base.paragraph_cross,
    }
    best = objective(setting)
    print(f"start (the current defaults): {best:.4f} {setting}")
    for round_ in range(3):
        improved = False
        for knob, values in KNOBS.items():
            for value in values:
                if value == setting[knob]:
                    continue
                trial = {**setting, knob: value}
                score = objective(trial)
                if score > best + 1e-9:
                    best, setting, improved = score, trial, True
                    print(f"round {round_ + 1}: {knob} = {value}: {best:.4f}")
        if not improved:
            break
    print(f"best: {best:.4f} {setting}")


# --- main ------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 10000])
    parser.add_argument("--systems", nargs="+", choices=SYSTEMS, default=list(SYSTEMS))
    parser.add_argument("--regimes", nargs="+", choices=REGIMES, default=list(REGIMES))
    parser.add_argument("--tune", action="store_true", help="grid search on the tuning half")
    parser.add_argument("--errors", action="store_true", help="list UDHR links that differ")
    args = parser.parse_args()
    needed = [
        "udhr/udhr.ar.para.txt",
        "udhr/udhr.en.para.txt",
        "udhr/udhr.gold.vecalign.txt",
        "flores200/arb_Arab.devtest",
        "flores200/eng_Latn.devtest",
        "flores200/doc_ids_devtest.tsv",
    ]
    missing = [name for name in needed if not (args.data / name).is_file()]
    if missing:
        print(
            f"alignment data not found in {args.data}: missing {', '.join(missing)}\n"
            "pass the folder holding udhr/ and flores200/ with --data DIR",
            file=sys.stderr,
        )
        return 2
    articles = load_flores(args.data)
    systems = {name: SYSTEMS[name] for name in args.systems}
    if args.tune:
        tune(articles, args.seeds)
        return 0

    udhr = load_udhr(args.data)
    print(
        f"UDHR ({len(udhr.ar)} Arabic / {len(udhr.en)} English paragraphs; gold: "
        f"{link_types([udhr])}), line mode"
    )
    print(HEADER.format(what="system"))
    for name, system in systems.items():
        links = align(udhr, system.params, system.glossary)
        print(row(name, score_alignments([udhr.gold], [links])))
        if args.errors:
            gold = set(udhr.gold)
            for link in links:
                if (link.source, link.target) not in gold:
                    print(f"    {name}: {list(link.source)}:{list(link.target)} not in gold")
    print()

    print(
        "FLORES-200 devtest articles, edited per sentence; tuning half = even doc_index, "
        f"held-out = odd; seeds {args.seeds}"
    )
    calibration: list[tuple[float, bool]] = []  # (score, strictly right) of tarjama's links
    for regime in args.regimes:
        rates = REGIMES[regime]
        described = ", ".join(f"{kind} {rate:.1%}" for kind, rate in rates.items())
        halves = {h: flores_pairs(articles, args.seeds, h, rates) for h in ("tuning", "held-out")}
        print(f"\n{regime}: {described}")
        for half, pairs in halves.items():
            print(f"- {half} half: {len(pairs)} documents, gold {link_types(pairs)}")
        print(HEADER.format(what="system / half"))
        for name, system in systems.items():
            golds, tests = [], []
            for half, pairs in halves.items():
                links = [align(p, system.params, system.glossary) for p in pairs]
                print(row(f"{name} / {half}", score_alignments([p.gold for p in pairs], links)))
                golds += [p.gold for p in pairs]
                tests += links
            print(row(f"{name} / all", score_alignments(golds, tests)))
            if name == "tarjama":
                for gold, links in zip(golds, tests, strict=True):
                    right = set(gold)
                    calibration += [(k.score, (k.source, k.target) in right) for k in links]
    print()
    print("Scores of tarjama's links on all FLORES documents above (every regime, both halves)")
    print("| score | links | strictly right |\n|---|---|---|")
    for low, high in ((0.0, 0.5), (0.5, 0.8), (0.8, 0.95), (0.95, 1.01)):
        inside = [right for score, right in calibration if low <= score < high]
        share = f"{sum(inside) / len(inside):.1%}" if inside else "-"
        print(f"| {low:.2f}–{min(high, 1.0):.2f} | {len(inside)} | {share} |")
    print()

    print(
        "Long documents: all FLORES articles in turn (repeated past 1,012 sentences), one "
        "paragraph each, harsh edits, seed 0"
    )
    print("| system | sentences ar/en | seconds | peak MiB | strict F1 | lax F1 |")
    print("|---|---|---|---|---|---|")
    for size in args.sizes:
        pair = long_pair(articles, size, seed=0, rates=REGIMES["harsh"])
        for name, system in systems.items():
            links: list[AlignmentLink] = []

            def run(pair=pair, system=system, links=links) -> None:
                links[:] = align(pair, system.params, system.glossary)

            seconds, peak = measure(run)
            scores = score_alignments([pair.gold], [links])
            print(
                f"| {name} | {len(pair.ar)}/{len(pair.en)} | {seconds:.2f} | {peak:.1f} | "
                f"{scores.f1_strict:.4f} | {scores.f1_lax:.4f} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
