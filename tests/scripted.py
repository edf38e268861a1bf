"""A scripted "model" run the way the pipeline runs one: prepare → model → restore.

Format tests translate documents without loading a model: ``model(text, target)`` answers
for every text the pipeline would send (a segment with its placeholders, a span's inner
text), and the translations go back through :func:`tarjama.carry.restore` exactly as in
``tarjama.pipeline``.
"""

from __future__ import annotations

from collections.abc import Callable

from tarjama.carry import prepare, restore
from tarjama.document import AR, EN, Document, Segment, other_language

Model = Callable[[str, str], str]


def as_itself(text: str, target: str) -> str:
    """The model that "translates" every text as itself, placeholders where they were."""
    return text


def marked(text: str, target: str) -> str:
    """The model that puts a word of the target language before every text."""
    return f"{'ترجمة' if target == AR else 'Translated'} {text}"


def scripted_translate(
    document: Document,
    model: Model = as_itself,
    *,
    target: str | None = None,
    keep: Callable[[Segment], bool] = lambda segment: False,
) -> Document:
    """Translate every Arabic and English segment (only those into ``target``, if given;
    never one ``keep`` keeps) with ``model``, in place; returns the document."""
    for segment in document.segments:
        if segment.source_lang not in (AR, EN) or keep(segment):
            continue
        into = other_language(segment.source_lang)
        if target is not None and into != target:
            continue
        model_input = prepare(segment)
        spans = [span for span in segment.carried if span.inner is not None]
        for span, inner in zip(spans, model_input.inner_texts, strict=True):
            span.inner_translation = model(inner, into)
        segment.translation = restore(model(model_input.text, into), segment)
        segment.target_lang = into
    return document
