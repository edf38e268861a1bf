"""Glossary terms through the whole pipeline: matched, forced into the translation, audited.

The stand-in models are random, so what they write is gibberish; what these tests check is
that every matched term's target form is in it anyway (the constrained decoder placed
it), that each match is reported with its document offsets and status, and that the
summary, the HTML and ``.segments.jsonl`` say so — in both directions.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tarjama.cli import app
from tarjama.document import AR, EN
from tarjama.glossary import GlossaryEntry, TermMatcher, load_glossaries
from tarjama.memory import TranslationMemory
from tarjama.pipeline import detect_file, translate_document
from tarjama.terms import APPLIED, MISSED, NOT_IN_MEMORY_TRANSLATION
from tarjama.translate import Translator

# English terms in varied case, Arabic terms behind proclitics (و، ب، لل).
ARTICLE = (
    "The kremlin and the TALIBAN meet in MOSCOW\n\n"
    "The Kremlin said on Monday that the Taliban delegation would stay in Moscow until "
    "Friday. Zamir Kabulov told reporters that ISIS remained a threat to the region.\n\n"
    "وقال مصدر مقرب للكرملين إن روسيا وطالبان اتفقتا على مواصلة الحوار بموسكو الأسبوع المقبل.\n"
)

GLOSSARY = """\
en\tar\ttype\tnote
# a few rows of glossaries/news.tsv
Zamir Kabulov\tزامير كابولوف\tperson\t
Taliban\tطالبان\torg\t
Kremlin\tالكرملين\torg\t
Moscow\tموسكو\tplace\t
ISIS\tداعش\torg\t
Russia\tروسيا\tplace\t
"""

EXPECTED_SOURCES = {
    EN: ["kremlin", "TALIBAN", "MOSCOW", "Kremlin", "Taliban", "Moscow", "Zamir Kabulov", "ISIS"],
    AR: ["لكرملين", "روسيا", "طالبان", "موسكو"],
}


@pytest.fixture
def article(tmp_path: Path) -> tuple[Path, Path]:
    source = tmp_path / "talks.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    glossary = tmp_path / "terms.tsv"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    return source, glossary


@pytest.fixture
def translated(article, term_models):
    source, glossary_path = article
    glossary = load_glossaries([glossary_path])
    translator = Translator({d: str(p) for d, p in term_models.items()})
    document = detect_file(source)
    return translate_document(document, translator, matcher=TermMatcher(glossary))


@pytest.mark.slow
@pytest.mark.parametrize("source_lang", [EN, AR])
def test_every_matched_term_is_applied_in_both_directions(translated, source_lang):
    segments = [s for s in translated.segments if s.source_lang == source_lang]
    found = [term.text for s in segments for term in s.terms]
    assert found == EXPECTED_SOURCES[source_lang]
    for segment in segments:
        for term in segment.terms:
            assert term.status == APPLIED, (term, segment.translation)
            assert term.reason is None
            assert translated.text[term.start : term.end] == term.text
            if source_lang == EN:
                # en→ar: the Arabic form, possibly behind a proclitic the decoder chose
                assert term.target.removeprefix("ال") in segment.translation
            else:
                assert term.target in segment.translation


@pytest.mark.slow
def test_arabic_terms_behind_proclitics_report_the_entry_and_its_target(translated):
    arabic = next(s for s in translated.segments if s.source_lang == AR)
    by_text = {term.text: term for term in arabic.terms}
    assert by_text["لكرملين"].source_form == "الكرملين"
    assert by_text["لكرملين"].target == "Kremlin"
    assert by_text["طالبان"].target == "Taliban"  # from وطالبان
    assert by_text["موسكو"].target == "Moscow"  # from بموسكو
    assert by_text["طالبان"].entry.endswith("terms.tsv:4")  # header, comment, Zamir, Taliban


@pytest.mark.slow
def test_cli_reports_applied_terms_in_summary_jsonl_and_html(article, term_models, tmp_path):
    source, glossary = article
    out = tmp_path / "out"
    models = [f"{d}={p}" for d, p in term_models.items()]
    args = ["translate", str(source), "-o", str(out), "-g", str(glossary), "-q"]
    result = CliRunner().invoke(app, args + [arg for m in models for arg in ("-m", m)])
    assert result.exit_code == 0, result.output
    assert "glossary terms: 12 applied, 0 missed" in result.output
    records = [json.loads(line) for line in (out / "talks.segments.jsonl").open()]
    header = records[0]
    assert header["glossary"]["entries"] == 6
    assert len(header["glossary"]["sha256"]) == 64
    terms = [t for r in records[1:] for t in r.get("terms", [])]
    assert len(terms) == 12
    assert {t["status"] for t in terms} == {APPLIED}
    assert set(terms[0]) >= {"start", "end", "text", "source_form", "target", "entry", "status"}
    html = (out / "talks.html").read_text(encoding="utf-8")
    assert html.count('class="term') >= 12


@pytest.mark.slow
def test_a_memory_translation_without_the_term_is_reported_missed(article, term_models):
    source, glossary_path = article
    document = detect_file(source)
    arabic = next(s for s in document.segments if s.source_lang == AR)
    memory = TranslationMemory()
    memory.store(arabic.source, "A reviewed sentence that names nobody.", AR, EN)
    translator = Translator({d: str(p) for d, p in term_models.items()})
    matcher = TermMatcher(load_glossaries([glossary_path]))
    translate_document(document, translator, (EN,), matcher=matcher, memory=memory)
    assert arabic.origin == "memory"
    assert {t.status for t in arabic.terms} == {MISSED}
    assert {t.reason for t in arabic.terms} == {NOT_IN_MEMORY_TRANSLATION}
    assert document.provenance["memory"]["hits"] == 1


def test_terms_in_markdown_emphasis_are_matched_in_the_inner_text(tmp_path):
    from tarjama.terms import segment_terms

    path = tmp_path / "a.md"
    path.write_text("The **Taliban** spokesman and `Moscow` code said so.\n", encoding="utf-8")
    document = detect_file(path)
    segment = document.segments[0]
    matcher = TermMatcher(
        [GlossaryEntry("Taliban", "طالبان", "org"), GlossaryEntry("Moscow", "موسكو", "place")]
    )
    main, inner = segment_terms(segment, matcher, AR)
    assert main.matches == []  # Moscow is inside a code span: carried verbatim
    assert [m.text for terms in inner for m in terms.matches] == ["Taliban"]
    match = inner[0].matches[0]
    assert document.text[match.start : match.end] == "Taliban"
    assert inner[0].constraints[0].forms[0] == "طالبان"


@pytest.mark.parametrize(
    ("text", "constrained", "verbatim"),
    [
        # a dnt term in an Arabic sentence is an other-script run: listed, not constrained
        ("وقال إن ChatGPT منتشر في موسكو.\n", ["Moscow"], ["ChatGPT"]),
        # glued to و, ChatGPT is no run of its own: the model sees it, so it is constrained
        ("وقال إن شبكات 5G وChatGPT في موسكو.\n", ["ChatGPT", "Moscow"], ["5G"]),
        # the same terms in an English sentence are prose: constrained as usual
        ("He said ChatGPT and 5G are popular in Moscow.\n", ["ChatGPT", "5G", "Moscow"], []),
    ],
)
def test_regression_a_dnt_term_in_an_other_script_run_is_still_audited(
    tmp_path: Path, text: str, constrained: list[str], verbatim: list[str]
):
    """ChatGPT inside an Arabic sentence is carried verbatim as a foreign run, and the
    term was dropped with it: the segment listed no term although the glossary has it."""
    from tarjama.terms import audit, segment_terms

    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    segment = detect_file(path).segments[0]
    matcher = TermMatcher(
        [
            GlossaryEntry("ChatGPT", "ChatGPT", "term", dnt=True),
            GlossaryEntry("5G", "5G", "term", dnt=True),
            GlossaryEntry("Moscow", "موسكو", "place"),
        ]
    )
    target = EN if segment.source_lang == AR else AR
    main, _inner = segment_terms(segment, matcher, target)
    assert len(main.matches) == len(constrained) + len(verbatim)
    # constraints first, one per entry, then the entries met only in verbatim runs
    assert [entry.en for entry in main.entries] == constrained + verbatim
    assert [c.forms[0] for c in main.constraints] == [
        entry.form(target) for entry in main.entries[: len(constrained)]
    ]
    # the run is put back as written, so the term is in the translation: applied
    audit(main, "ChatGPT 5G Moscow موسكو", target, matcher, {}, "unused")
    assert {match.status for match in main.matches} == {APPLIED}


@pytest.mark.slow
def test_cli_summary_reports_a_name_outside_the_glossary_rendered_two_ways(
    article, term_models, tmp_path
):
    """The run summary names a name the glossary lacks that one document spells two ways
    (the renderings come from a translation memory, so they are real Arabic)."""
    _source, glossary = article
    pairs = [
        ("Ahmed Rashidov met the Taliban in Moscow.", "التقى أحمد رشيدوف طالبان في موسكو."),
        ("Later, Ahmed Rashidov spoke again.", "وفي وقت لاحق، تحدث أحمد راشيدوف مجددا."),
        ("Officials said Ahmed Rashidov would return.", "وقال مسؤولون إن أحمد رشيدوف سيعود."),
    ]
    memory_path = tmp_path / "memory.sqlite"
    with TranslationMemory(memory_path) as memory:
        for english, arabic in pairs:
            memory.store(english, arabic, EN, AR)
    source = tmp_path / "rashidov.txt"
    source.write_text(" ".join(english for english, _ in pairs) + "\n", encoding="utf-8")
    models = [arg for d, p in term_models.items() for arg in ("-m", f"{d}={p}")]
    args = ["translate", str(source), "-o", str(tmp_path / "out"), "-g", str(glossary)]
    result = CliRunner().invoke(app, [*args, "--memory", str(memory_path), *models])
    assert result.exit_code == 0, result.output
    assert "glossary terms: 2 applied, 0 missed" in result.output
    assert (
        "'Ahmed Rashidov' is rendered differently: أحمد رشيدوف (2×) / أحمد راشيدوف (1×)"
        in result.output
    )


@pytest.mark.parametrize(
    ("translation", "target_lang", "source_form", "target", "expected"),
    [
        ("قال مصدر مقرب للكرملين", AR, "Kremlin", "الكرملين", [(15, "لكرملين")]),
        ("وصل وفد إلى أنقره", AR, "Ankara", "أنقرة", [(12, "أنقره")]),
        ("the Iranian side met Iran", EN, "إيران", "Iran", [(21, "Iran")]),
        ("the Iranian side", EN, "إيران", "Iran", []),
        ("a cease-fire held", EN, "وقف إطلاق النار", "ceasefire", [(2, "cease-fire")]),
    ],
)
def test_target_spans_find_the_target_as_the_audit_does(
    translation, target_lang, source_form, target, expected
):
    """The HTML marked a target by plain substring search: للكرملين (alef dropped) and
    أنقره were not marked though applied, and Iran was marked inside Iranian."""
    from tarjama.document import TermMatch
    from tarjama.terms import target_spans

    match = TermMatch(0, 1, source_form, source_form, target, "g.tsv:1", status=APPLIED)
    spans = target_spans(translation, target_lang, [match])
    assert [(start, translation[start:end]) for start, end, _match in spans] == expected
