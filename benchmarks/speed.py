"""Decoding speed and memory: `tarjama translate` end to end beside raw CTranslate2 int8
and transformers on the same model, in one run.

The model is a random-weight stand-in of opus-mt-ar-en's exact shape (``d_model`` 512,
6+6 layers, 8 heads, feed-forward 2,048, a 62,834-token vocabulary; one per direction):
no real weights can be had here, and speed depends on the shape, not the weights. Every
system decodes the same FLORES-200 devtest sentences (``../shared/data/flores200``, read
in place) with the same beam, batch size, output caps (``2 x source + 10`` tokens per
batch) and no-repeat 5-grams, on every core of the machine. Raw systems have their models
loaded before the clock starts; tarjama's rows are whole processes (start-up, reading,
language ID, loading both models, decoding, writing), with its converted models already
in the cache, as on any run after the first.

Each system runs in a process of its own, so that its peak RSS is its own.

    .venv/bin/python benchmarks/speed.py [--sentences 200] [--torch-sentences 50]
        [--no-torch] [--inter] [--scale] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA = (PROJECT_ROOT / ".." / "shared" / "data" / "flores200").resolve()
TARJAMA = [sys.executable, "-m", "tarjama"]
SHAPE = {
    "d_model": 512,
    "layers": 6,
    "heads": 8,
    "ffn_dim": 2048,
    "vocab_size": 62834,
    "max_positions": 512,
}
BATCH = 16
LENGTH_RATIO, LENGTH_OFFSET, NO_REPEAT = 2.0, 10, 5


def flores(lang: str, count: int) -> list[str]:
    return (DATA / f"{lang}.devtest").read_text(encoding="utf-8").splitlines()[:count]


def build_models(work: Path) -> dict[str, Path]:
    """Both stand-ins. Their sentencepiece vocabulary (8,000 pieces) is trained on TICO-19
    (not on FLORES, which is decoded), so that a FLORES sentence takes about as many tokens
    as with OPUS-MT; a tiny vocabulary would spell it letter by letter, four times longer."""
    sys.path.insert(0, str(PROJECT_ROOT / "tests"))
    from standins import build_standin_marian

    tico = DATA.parent / "tico19"
    corpus = [
        line
        for name in ("tico19-test.eng", "tico19-test.ara")
        for line in (tico / name).read_text(encoding="utf-8").splitlines()
    ]
    models = {"ar-en": work / "opus-shape-ar-en", "en-ar": work / "opus-shape-en-ar"}
    for seed, (direction, folder) in enumerate(models.items()):
        if not (folder / "config.json").exists():
            source, target = direction.split("-")
            build_standin_marian(
                folder, source, target, seed=seed, extra_corpus=corpus, spm_vocab_size=8000, **SHAPE
            )
    return models


# --- raw systems, each in its own process (--worker) -------------------------------------


def caps_of(lengths: list[int]) -> int:
    return int(LENGTH_RATIO * max(lengths) + LENGTH_OFFSET)


def batches(items: list, size: int = BATCH):
    return [items[i : i + size] for i in range(0, len(items), size)]


def run_ctranslate2(job: dict) -> dict:
    """CTranslate2's own ``translate_batch`` on tarjama's converted model, batches in
    document order, as Argos Translate and LibreTranslate call it."""
    import ctranslate2
    import sentencepiece

    tokens = seconds = 0.0
    for direction, folder in job["models"].items():
        spm = sentencepiece.SentencePieceProcessor(model_file=str(Path(folder) / "source.spm"))
        translator = ctranslate2.Translator(
            job["converted"][direction],
            compute_type="int8",
            inter_threads=job["inter_threads"],
            intra_threads=job["intra_threads"],
        )
        sources = [spm.encode(text, out_type=str) + ["</s>"] for text in job["texts"][direction]]
        started = time.perf_counter()
        in_flight = []  # with inter_threads > 1, that many batches are decoded at once
        for batch in batches(sources):
            cap = caps_of([len(s) for s in batch])
            in_flight.append(
                translator.translate_batch(
                    batch,
                    beam_size=job["beam"],
                    max_decoding_length=cap - 1,  # + the EOS a HF model forces at its cap
                    no_repeat_ngram_size=NO_REPEAT,
                    max_input_length=0,
                    asynchronous=True,
                )
            )
            if len(in_flight) == job["inter_threads"]:
                tokens += sum(len(r.result().hypotheses[0]) for b in in_flight for r in b)
                in_flight = []
        tokens += sum(len(r.result().hypotheses[0]) for b in in_flight for r in b)
        seconds += time.perf_counter() - started
        del translator
    return {"tokens": tokens, "seconds": seconds}


def run_transformers(job: dict) -> dict:
    """``model.generate`` in float32, or with torch's dynamic int8 quantisation of every
    ``nn.Linear`` (``job["int8"]``)."""
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    torch.set_num_threads(os.cpu_count() or 1)
    tokens = seconds = 0.0
    for direction, folder in job["models"].items():
        tokenizer = AutoTokenizer.from_pretrained(folder)
        model = AutoModelForSeq2SeqLM.from_pretrained(folder).eval()
        if job["int8"]:
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, torch.qint8)
        started = time.perf_counter()
        for batch in batches(job["texts"][direction]):
            encoded = tokenizer(batch, return_tensors="pt", padding=True)
            cap = caps_of(encoded["attention_mask"].sum(dim=1).tolist())
            with torch.inference_mode():
                output = model.generate(
                    **encoded,
                    num_beams=job["beam"],
                    max_length=cap + 1,
                    max_new_tokens=None,
                    no_repeat_ngram_size=NO_REPEAT,
                    do_sample=False,
                )
            pad, eos = model.config.pad_token_id, model.config.eos_token_id
            tokens += int(((output[:, 1:] != pad) & (output[:, 1:] != eos)).sum())
        seconds += time.perf_counter() - started
        del model
    return {"tokens": tokens, "seconds": seconds}


def worker(job_path: Path) -> int:
    job = json.loads(job_path.read_text(encoding="utf-8"))
    result = (run_ctranslate2 if job["system"] == "ctranslate2" else run_transformers)(job)
    result["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps(result))
    return 0


def raw(system: str, work: Path, **job) -> dict:
    path = work / f"job-{system}.json"
    path.write_text(json.dumps({"system": system, **job}, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, __file__, "--worker", str(path)], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"the {system} worker failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- tarjama, end to end --------------------------------------------------------------


def tarjama(work: Path, models: dict[str, Path], document: Path, *options: str) -> dict:
    """Wall time, generated tokens and peak RSS of one ``tarjama translate`` process."""
    out = work / f"out-{time.monotonic_ns()}"
    command = [*TARJAMA, "translate", str(document), "-o", str(out), "--no-memory", "-q"]
    command += [f"--model=ar-en={models['ar-en']}", f"--model=en-ar={models['en-ar']}"]
    command += options
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    stdout, stderr = process.stdout.read(), process.stderr.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{stdout}\n{stderr}")
    found = re.search(r"model output: ([\d,]+) tokens", stdout)
    tokens = int(found.group(1).replace(",", "")) if found else 0
    terms = re.search(r"glossary terms: (\d+) applied, (\d+) missed", stdout)
    return {
        "tokens": tokens,
        "seconds": seconds,
        "rss": usage.ru_maxrss * 1024,
        "terms": terms.groups() if terms else None,
    }


def mixed_document(path: Path, english: list[str], arabic: list[str]) -> Path:
    paragraphs = [p for pair in zip(arabic, english, strict=True) for p in pair]
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def wall(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def int8_agreement(models: dict[str, Path], texts: dict[str, list[str]]) -> str:
    """How often int8 and float32 give the same translation (beam 4, same caps)."""
    from tarjama.translate import DecodingSettings, Translator
    from tarjama.translate.backends import backend_factory

    outputs = {}
    for compute_type in ("float32", "int8"):
        translator = Translator(
            {d: str(m) for d, m in models.items()},
            DecodingSettings(beam_size=4),
            backend_factory("ctranslate2", compute_type),
        )
        outputs[compute_type] = [
            out
            for direction, lines in texts.items()
            for out in translator.translate(lines, *direction.split("-"))
        ]
    same = sum(a == b for a, b in zip(outputs["float32"], outputs["int8"], strict=True))
    total = len(outputs["int8"])
    return f"int8 vs float32, beam 4: {same}/{total} translations identical"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--sentences", type=int, default=200, help="per direction")
    parser.add_argument("--torch-sentences", type=int, default=50, help="per direction")
    parser.add_argument("--no-torch", action="store_true", help="skip the transformers rows")
    parser.add_argument(
        "--inter", action="store_true", help="also CTranslate2 with one thread per batch"
    )
    parser.add_argument("--scale", action="store_true", help="also 10 / 100 / 1,000 sentences")
    parser.add_argument("--work", type=Path, help="keep models and outputs here")
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker)
    if args.build:
        build_models(args.build)
        return 0
    if not (DATA / "eng_Latn.devtest").exists():
        print(f"FLORES-200 not found in {DATA}", file=sys.stderr)
        return 2

    work = args.work or Path(tempfile.mkdtemp(prefix="tarjama-speed-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("TARJAMA_CACHE", str(work / "cache"))
    os.environ["HF_HUB_OFFLINE"] = "1"
    # In a process of its own: the parent stays small, and a forked child's peak RSS, which
    # starts from what it inherited, stays its own.
    subprocess.run(
        [sys.executable, __file__, "--build", str(work)], check=True, capture_output=True
    )
    models = {"ar-en": work / "opus-shape-ar-en", "en-ar": work / "opus-shape-en-ar"}
    count = args.sentences
    english, arabic = flores("eng_Latn", count), flores("arb_Arab", count)
    texts = {"ar-en": arabic, "en-ar": english}
    document = mixed_document(work / "flores-mixed.txt", english, arabic)
    one = work / "one.txt"
    one.write_text(english[0] + "\n", encoding="utf-8")
    # Converts both models into the cache: "already on disk" for every timed run.
    tarjama(work, models, mixed_document(work / "warm-up.txt", english[:1], arabic[:1]))
    from tarjama.translate.convert import converted_folder
    from tarjama.translate.models import locate_model

    converted = {
        d: str(converted_folder(locate_model(str(m), d), "int8")) for d, m in models.items()
    }
    cpus = len(os.sched_getaffinity(0))
    glossary = str(PROJECT_ROOT / "glossaries" / "news.tsv")
    models_json = {d: str(m) for d, m in models.items()}

    rows: list[tuple[str, dict]] = []
    for beam, label in ((4, "beam 4"), (1, "greedy")):
        job = {"models": models_json, "texts": texts, "beam": beam, "converted": converted}
        rows.append(
            (
                f"CTranslate2 int8, {label}, intra_threads={cpus} (as Argos Translate)",
                raw("ctranslate2", work, inter_threads=1, intra_threads=cpus, **job),
            )
        )
        if args.inter:
            rows.append(
                (
                    f"CTranslate2 int8, {label}, {cpus} batches at once, 1 thread each",
                    raw("ctranslate2", work, inter_threads=cpus, intra_threads=1, **job),
                )
            )
        beam_option = f"--beam-size={beam}"
        if beam == 4:
            rows.append(
                (
                    f"tarjama translate -g news.tsv, {label}",
                    tarjama(work, models, document, beam_option, "-g", glossary),
                )
            )
        rows.append((f"tarjama translate, {label}", tarjama(work, models, document, beam_option)))
        if beam == 4 and not args.no_torch:
            small_document = mixed_document(
                work / "small.txt", english[: args.torch_sentences], arabic[: args.torch_sentences]
            )
            name = (
                f"tarjama translate --backend transformers, {label} (first {args.torch_sentences})"
            )
            rows.append(
                (name, tarjama(work, models, small_document, beam_option, "--backend=transformers"))
            )
    if not args.no_torch:
        small = {d: t[: args.torch_sentences] for d, t in texts.items()}
        for int8 in (False, True):
            name = "transformers generate, " + ("dynamic int8" if int8 else "float32")
            job = {"models": models_json, "texts": small, "beam": 4, "int8": int8}
            rows.append(
                (f"{name}, beam 4 (first {args.torch_sentences})", raw("transformers", work, **job))
            )

    print(
        f"FLORES-200 devtest, {count} sentences per direction (ar→en and en→ar), batch "
        f"{BATCH}, caps 2 x source + 10, no-repeat {NO_REPEAT}-grams, {cpus} CPU threads"
    )
    print()
    print("| system | seconds | tokens | tokens/s | peak RSS |")
    print("| --- | --- | --- | --- | --- |")
    for name, row in rows:
        rate = row["tokens"] / row["seconds"] if row["seconds"] else 0
        applied, missed = row.get("terms") or (None, None)
        terms = f" (terms: {applied} applied, {missed} missed)" if applied is not None else ""
        print(
            f"| {name}{terms} | {row['seconds']:.1f} | {row['tokens']:,.0f} | {rate:,.0f} | "
            f"{row['rss'] / 2**30:.2f} GB |"
        )

    print()
    first = tarjama(work, models, one)
    print(
        f"one sentence, whole process (models converted, on disk): {first['seconds']:.2f} s, "
        f"peak RSS {first['rss'] / 2**30:.2f} GB"
    )
    print(f"python -c 'import tarjama': {wall([sys.executable, '-c', 'import tarjama']):.2f} s")
    print(f"tarjama --help: {wall([*TARJAMA, '--help']):.2f} s")

    print()
    print(int8_agreement(models, {d: t[: args.torch_sentences] for d, t in texts.items()}))

    if args.scale:
        print()
        print("| sentences (half ar, half en), greedy | seconds | tokens | tokens/s | peak RSS |")
        print("| --- | --- | --- | --- | --- |")
        english_all, arabic_all = flores("eng_Latn", 500), flores("arb_Arab", 500)
        for size in (10, 100, 1000):
            half = size // 2
            path = mixed_document(work / f"scale-{size}.txt", english_all[:half], arabic_all[:half])
            row = tarjama(work, models, path, "--beam-size=1")
            print(
                f"| {size} | {row['seconds']:.1f} | {row['tokens']:,} | "
                f"{row['tokens'] / row['seconds']:,.0f} | {row['rss'] / 2**30:.2f} GB |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
