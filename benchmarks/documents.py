"""Reading and writing documents against translating them: is the format work a rounding error?

For a 100-page Word file and a 1 MB web page built from FLORES-200 devtest sentences
(English articles with Arabic paragraphs, headings, bold names, links, tables), one run
times, per format:

* reading (the file → text, markup and handles) and segmenting with language ID;
* writing both versions (translations in place) and reading them back;
* the model: a sample of the document's segments through a stand-in of OPUS-MT's depth
  and width (``d_model`` 512, 6+6 layers; 2 heads and a 1,024-wide feed-forward layer where
  OPUS-MT has 8 and 2,048), beam 4, the pipeline's caps, extrapolated to every segment the
  document would translate. Its vocabulary is about 400 tokens, not 62k, so its time per
  sentence is *below* the real model's: the share of reading and writing printed here is
  an upper bound of the real one.

Target (tracker issue 9): reading + writing under 5 % of a real run's time.

    .venv/bin/python benchmarks/documents.py [--pages 100] [--html-mb 1] [--sample 24]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = (PROJECT_ROOT / ".." / "shared" / "data" / "flores200").resolve()
sys.path.insert(0, str(PROJECT_ROOT / "tests"))  # the stand-in builder

#: words on a printed page of a report (Times 12 pt, single spacing)
WORDS_PER_PAGE = 500


def flores(data: Path) -> tuple[list[str], list[str]]:
    english = (data / "eng_Latn.devtest").read_text(encoding="utf-8").splitlines()
    arabic = (data / "arb_Arab.devtest").read_text(encoding="utf-8").splitlines()
    return english, arabic


def paragraphs(english: list[str], arabic: list[str], words: int, seed: int = 0):
    """(kind, text) paragraphs until ``words`` words: English prose in 3-sentence
    paragraphs, an Arabic paragraph every fifth, a heading every twelfth."""
    rng = random.Random(seed)
    count = index = 0
    while count < words:
        index += 1
        if index % 12 == 1:
            yield "heading", rng.choice(english).split(",")[0][:60]
        elif index % 5 == 0:
            text = " ".join(rng.sample(arabic, 2))
            yield "ar", text
            count += len(text.split())
        else:
            text = " ".join(rng.sample(english, 3))
            yield "en", text
            count += len(text.split())


def build_docx(path: Path, english, arabic, pages: int) -> int:
    from docx import Document as WordDocument

    word = WordDocument()
    blocks = 0
    for kind, text in paragraphs(english, arabic, pages * WORDS_PER_PAGE):
        if kind == "heading":
            word.add_heading(text, level=2)
        else:
            paragraph = word.add_paragraph()
            first, _, rest = text.partition(" ")
            paragraph.add_run(first + " ").bold = True  # a formatted run inside a sentence
            paragraph.add_run(rest)
        blocks += 1
        if blocks % 40 == 0:  # a small table now and then
            table = word.add_table(rows=2, cols=2)
            for cell, value in zip(
                table._cells, english[blocks % 900 : blocks % 900 + 4], strict=False
            ):
                cell.text = value
    word.save(str(path))
    return blocks


def build_html(path: Path, english, arabic, megabytes: float) -> int:
    from html import escape

    parts = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
             "<title>FLORES news</title></head><body><article>"]  # fmt: skip
    size = blocks = 0
    for kind, text in paragraphs(english, arabic, 10**9):
        if size > megabytes * 1_000_000:
            break
        if kind == "heading":
            piece = f"<h2>{escape(text)}</h2>"
        else:
            first, _, rest = text.partition(" ")
            attrs = " lang='ar' dir='rtl'" if kind == "ar" else ""
            link = f"<a href='/n/{blocks}'>more</a>"
            piece = f"<p{attrs}><strong>{escape(first)}</strong> {escape(rest)} {link}</p>"
        parts.append(piece)
        size += len(piece.encode("utf-8"))
        blocks += 1
    parts.append("</article></body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")
    return blocks


def stand_ins(root: Path):
    from standins import build_standin_marian

    shape = {"d_model": 512, "layers": 6, "max_positions": 512}
    return {
        "ar-en": build_standin_marian(root / "ar-en", "ar", "en", **shape),
        "en-ar": build_standin_marian(root / "en-ar", "en", "ar", seed=1, **shape),
    }


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def measure(path: Path, translator, sample: int) -> dict:
    from tarjama.carry import prepare
    from tarjama.export.parallel import parallel_version
    from tarjama.reader import read_source
    from tarjama.segment.segmenter import segment_source

    source, read_s = timed(read_source, path)
    document, segment_s = timed(segment_source, source)
    to_translate = [s for s in document.segments if s.source_lang in ("ar", "en")]
    # the model on a sample of the segments, as the pipeline sends them
    picked = random.Random(1).sample(to_translate, min(sample, len(to_translate)))
    model_s = 0.0
    for lang, target in (("en", "ar"), ("ar", "en")):
        texts = [prepare(s).text for s in picked if s.source_lang == lang]
        if texts:
            model_s += timed(translator.translate, texts, lang, target)[1]
    per_segment = model_s / max(len(picked), 1)
    # every segment "translated" (text of the same length) for the writers, as in a real run
    for segment in to_translate:
        segment.translation = segment.source[::-1]
        segment.target_lang = "ar" if segment.source_lang == "en" else "en"
        segment.origin = "model"
    versions, write_s = timed(lambda: [parallel_version(document, lang) for lang in ("en", "ar")])
    back_s = 0.0
    with tempfile.TemporaryDirectory() as scratch:
        for lang, data in zip(("en", "ar"), versions, strict=True):
            out = Path(scratch) / f"v.{lang}{path.suffix}"
            out.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
            back_s += timed(read_source, out)[1]
    return {
        "size": path.stat().st_size,
        "segments": len(document.segments),
        "translated": len(to_translate),
        "read_s": read_s,
        "segment_s": segment_s,
        "write_s": write_s,
        "read_back_s": back_s,
        "model_per_segment_s": per_segment,
        "model_s": per_segment * len(to_translate),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--html-mb", type=float, default=1.0)
    parser.add_argument("--sample", type=int, default=24, help="segments timed through the model")
    args = parser.parse_args()
    if not (args.data / "eng_Latn.devtest").exists():
        sys.exit(f"FLORES-200 devtest not found in {args.data} (pass --data DIR)")
    english, arabic = flores(args.data)
    from tarjama.translate import DecodingSettings, Translator

    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        translator = Translator(stand_ins(scratch / "models"), DecodingSettings(beam_size=4))
        inputs = {
            "docx": (scratch / "report.docx", build_docx, args.pages, f"{args.pages} pages"),
            "html": (scratch / "page.html", build_html, args.html_mb, f"{args.html_mb:g} MB"),
        }
        rows = []
        for name, (path, build, amount, label) in inputs.items():
            blocks = build(path, english, arabic, amount)
            result = measure(path, translator, args.sample)
            rows.append((name, label, blocks, result))
    header = (
        "format", "input", "blocks", "segments (to translate)", "read + segment s",
        "write both + read back s", "model s (extrapolated)", "read + write share",
    )  # fmt: skip
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for name, label, blocks, r in rows:
        io_s = r["read_s"] + r["write_s"]
        share = io_s / (io_s + r["segment_s"] + r["model_s"]) * 100
        cells = (
            name,
            f"{label}, {r['size'] / 1e6:.2f} MB",
            str(blocks),
            f"{r['segments']} ({r['translated']})",
            f"{r['read_s']:.2f} + {r['segment_s']:.2f}",
            f"{r['write_s']:.2f} + {r['read_back_s']:.2f}",
            f"{r['model_s']:.0f} ({r['model_per_segment_s']:.2f} s × {r['translated']})",
            f"{share:.2f} %",
        )
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
