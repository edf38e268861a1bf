"""The names of a run's outputs, and one key for every spelling of a path.

Kept at the bottom of the package (it imports nothing of tarjama's) because the reader needs
them too, to skip an earlier run's outputs when it expands a folder.
"""

from __future__ import annotations

import os
from pathlib import Path

SEGMENTS_SUFFIX = ".segments.jsonl"
#: the run file of ``tarjama align``: both documents' segments and the links between them
ALIGN_RUN_SUFFIX = ".align.jsonl"
#: what each ``--export`` format is named after the stem (``tarjama.export.bilingual``)
EXPORT_SUFFIXES = {
    "html": ".bitext.html",
    "tmx": ".tmx",
    "xliff": ".xlf",
    "xliff12": ".xliff12.xlf",
    "tsv": ".bitext.tsv",
    "md": ".bitext.md",
    "docx": ".bitext.docx",
    "vecalign": ".vecalign.txt",
}
#: the side-by-side page of an input whose own versions are ``.html`` pages
SIDE_BY_SIDE_SUFFIX = ".side-by-side.html"
LANGS = ("en", "ar")


def version_name(stem: str, lang: str, suffix: str) -> str:
    """``a.en.txt``: the name of the ``lang`` version of ``stem``."""
    return f"{stem}.{lang}{suffix}"


def is_tarjama_output(path: Path) -> bool:
    """An earlier run's output: a bilingual table or page (``x.bitext.md``,
    ``x.side-by-side.html``), or a version or export beside its records (``x.en.txt``,
    ``x.ar.docx``, ``x.xlf`` beside ``x.segments.jsonl``).

    Skipped when a folder or a glob is expanded (never when named explicitly), so
    translating a folder twice, or into itself, does not translate the translations.
    """
    name = path.name
    if ".bitext." in name or name.endswith(SIDE_BY_SIDE_SUFFIX):
        return True  # a bilingual table or page: never an article to translate
    if path.suffix.lower() == ".html" and _is_tarjama_page(path):
        return True  # the side-by-side page of a text, Word, … input: x.html
    markers = [version_name("", lang, path.suffix) for lang in LANGS]
    markers += list(EXPORT_SUFFIXES.values())
    for marker in markers:
        if name.endswith(marker) and len(name) > len(marker):
            stem = name[: -len(marker)]
            if (path.parent / f"{stem}{SEGMENTS_SUFFIX}").exists():
                return True
    return False


def path_key(path: Path) -> str:
    """One key for every spelling of a path, case folded (macOS and Windows ignore case)."""
    return os.path.normcase(str(path.resolve())).casefold()


#: what every page tarjama writes carries in its head (``tarjama.export.html``)
PAGE_GENERATOR = b'<meta name="generator" content="tarjama '


def _is_tarjama_page(path: Path) -> bool:
    """A page tarjama wrote, by the generator line in its first kilobytes."""
    try:
        with path.open("rb") as handle:
            return PAGE_GENERATOR in handle.read(4096)
    except OSError:
        return False
