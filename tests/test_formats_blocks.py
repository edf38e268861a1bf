"""The shared machinery of structured formats: markup spans carried through translation
and the pieces a writer turns back into runs (tarjama.formats.blocks)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tarjama.carry import placeholder, prepare, restore
from tarjama.formats.blocks import Atom, Piece, block_pieces, is_translated
from tarjama.segment.segmenter import segment_source
from tarjama.source import FORMAT, OBJECT, OBJECT_CHAR, MarkupSpan, SourceText

# One block: "He met " (run 0) "Zamir Kabulov" (run 1, bold) " in Moscow " (run 2)
# an image (run 3) " on Monday." (run 4), and a second block, Arabic, in one run (5).
BLOCK_1 = f"He met Zamir Kabulov in Moscow {OBJECT_CHAR} on Monday."
BLOCK_2 = "وقال المتحدث إن المحادثات ستستمر."
TEXT = f"{BLOCK_1}\n\n{BLOCK_2}\n"
RUNS = ["He met ", "Zamir Kabulov", " in Moscow ", OBJECT_CHAR, " on Monday."]


#: what the scripted "model" answers for each text the pipeline sends it
MODEL = {
    "He met XZQ0 in Moscow XZQ1 on Monday.": "التقى XZQ0 في موسكو XZQ1 يوم الاثنين.",
    "Zamir Kabulov": "زامير كابولوف",
}


def _source() -> tuple[SourceText, list[Atom]]:
    atoms, position = [], 0
    for handle, run in enumerate(RUNS):
        atoms.append(Atom(position, position + len(run), handle))
        position += len(run)
    second = TEXT.index(BLOCK_2)
    atoms.append(Atom(second, second + len(BLOCK_2), 5))
    bold = TEXT.index("Zamir")
    image = TEXT.index(OBJECT_CHAR)
    markup = [
        MarkupSpan(bold, bold + len("Zamir Kabulov"), FORMAT, 1),
        MarkupSpan(image, image + 1, OBJECT, 3),
    ]
    return SourceText(Path("toy.docx"), TEXT, "text", markup=markup), atoms


def _translate(document, outputs: dict[str, str]) -> None:
    """Fill translations the way the pipeline does, with a scripted "model"."""
    for segment in document.segments:
        if segment.source_lang != "en":
            continue
        model_input = prepare(segment)
        for span, inner in zip(
            [s for s in segment.carried if s.inner is not None],
            model_input.inner_texts,
            strict=True,
        ):
            span.inner_translation = outputs[inner]
        segment.translation = restore(outputs[model_input.text], segment)
        segment.target_lang = "ar"


def test_structure_spans_become_carried_spans_with_their_handles():
    source, _ = _source()
    document = segment_source(source)
    english = document.segments[0]
    assert english.source == BLOCK_1
    by_kind = {span.kind: span for span in english.carried}
    assert by_kind[FORMAT].handle == 1 and by_kind[FORMAT].inner == "Zamir Kabulov"
    assert by_kind[OBJECT].handle == 3 and by_kind[OBJECT].inner is None
    assert prepare(english).text == (
        f"He met {placeholder(0)} in Moscow {placeholder(1)} on Monday."
    )


def test_translated_block_takes_the_formatting_of_its_spans():
    source, atoms = _source()
    document = segment_source(source)
    _translate(document, MODEL)
    end = len(BLOCK_1)
    assert is_translated(document, 0, end, "ar") and not is_translated(document, 0, end, "en")
    pieces = block_pieces(document, 0, end, atoms[:5], base=0, lang="ar")
    assert [(p.text, p.handle) for p in pieces] == [
        ("التقى ", 0),
        ("زامير كابولوف", 1),
        (" في موسكو ", 0),
        (OBJECT_CHAR, 3),
        (" يوم الاثنين.", 0),
    ]
    # the English version of the same block is the original runs, untouched
    original = block_pieces(document, 0, end, atoms[:5], base=0, lang="en")
    assert [(p.text, p.handle) for p in original] == list(zip(RUNS, range(5), strict=True))


def test_an_object_the_translation_lost_is_still_written():
    source, atoms = _source()
    document = segment_source(source)
    _translate(document, MODEL)
    segment = document.segments[0]
    segment.translation = "التقى زامير كابولوف يوم الاثنين."  # a reviewer's edit, no ￼
    pieces = block_pieces(document, 0, len(BLOCK_1), atoms[:5], base=0, lang="ar")
    assert [(p.text, p.handle) for p in pieces] == [
        ("التقى ", 0),
        ("زامير كابولوف", 1),  # found again after the edit
        (" يوم الاثنين.", 0),
        (OBJECT_CHAR, 3),  # not lost
    ]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_block_in_the_versions_language_is_its_atoms(lang):
    source, atoms = _source()
    document = segment_source(source)
    start = TEXT.index(BLOCK_2)
    pieces = block_pieces(document, start, start + len(BLOCK_2), atoms[5:], base=5, lang=lang)
    assert pieces == [Piece(BLOCK_2, 5)]  # untranslated (no model ran): the original run


def test_regression_a_reviewed_translation_keeps_the_link_it_no_longer_quotes():
    source, atoms = _source()
    document = segment_source(source)
    _translate(document, MODEL)
    document.segments[0].translation = "التقى المبعوث الروسي في موسكو يوم الاثنين."  # reviewed
    pieces = block_pieces(document, 0, len(BLOCK_1), atoms[:5], base=0, lang="ar")
    # the bold (or link) run now covers the sentence, and the image is still there
    assert [(p.text, p.handle) for p in pieces] == [
        ("التقى المبعوث الروسي في موسكو يوم الاثنين.", 1),
        (OBJECT_CHAR, 3),
    ]
