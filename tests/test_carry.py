"""Placeholders for carried spans: put back where the model left them, never lost."""

from __future__ import annotations

import pytest

from tarjama.carry import FOREIGN, placeholder, prepare, restore
from tarjama.document import CarriedSpan, Segment
from tarjama.segment.segmenter import segment_text


def first_segment(text: str, markdown: bool = False):
    return segment_text(text, markdown=markdown).segments[0]


def test_prepare_replaces_foreign_name_with_placeholder():
    segment = first_segment("The Taliban co-founder (الملا عبد الغني برادر) arrived in Doha.")
    model_input = prepare(segment)
    assert model_input.text == f"The Taliban co-founder ({placeholder(0)}) arrived in Doha."
    assert [span.text for span in segment.carried] == ["الملا عبد الغني برادر"]


def test_restore_puts_span_where_the_model_left_the_placeholder():
    segment = first_segment("The Taliban co-founder (الملا عبد الغني برادر) arrived in Doha.")
    result = restore("وصل المؤسس المشارك لطالبان (XZQ0) إلى الدوحة.", segment)
    assert result == "وصل المؤسس المشارك لطالبان (الملا عبد الغني برادر) إلى الدوحة."
    assert segment.carried[0].placed is True and not segment.warnings


@pytest.mark.parametrize("mangled", ["XZ Q0", "xzq0", "X Z Q 0"])
def test_restore_accepts_placeholders_split_by_the_tokeniser(mangled: str):
    segment = first_segment("وأضاف أن منظمة معاهدة الأمن الجماعي (CSTO) ستجري مناورات.")
    assert restore(f"He added that the ({mangled}) will hold drills.", segment) == (
        "He added that the (CSTO) will hold drills."
    )


def test_dropped_placeholder_is_appended_before_final_punctuation_and_reported():
    segment = first_segment("وأضاف أن منظمة معاهدة الأمن الجماعي (CSTO) ستجري مناورات.")
    result = restore("He added that the organisation will hold drills.", segment)
    assert result == "He added that the organisation will hold drills CSTO."
    assert segment.carried[0].placed is False
    assert "dropped the foreign 'CSTO'" in segment.warnings[0]


def test_duplicated_placeholder_does_not_leak():
    segment = first_segment("Run `make test` now.", markdown=True)
    assert restore("شغّل XZQ0 XZQ0 الآن.", segment) == "شغّل `make test` الآن."


def test_markdown_link_keeps_url_and_takes_translated_text():
    segment = first_segment("Read the [methodology note](https://example.org/m) first.", True)
    model_input = prepare(segment)
    assert model_input.text == "Read the XZQ0 first." and model_input.inner_texts == [
        "methodology note"
    ]
    segment.carried[0].inner_translation = "مذكرة المنهجية"
    assert (
        restore("اقرأ XZQ0 أولا.", segment) == "اقرأ [مذكرة المنهجية](https://example.org/m) أولا."
    )


def test_regression_backslash_in_carried_code_is_not_a_regex_group():
    segment = first_segment(r"Use `C:\new\1` here.", markdown=True)
    assert restore("استخدم XZQ0 هنا.", segment) == r"استخدم `C:\new\1` هنا."


def test_emphasised_name_in_the_other_script_is_carried_whole():
    segment = first_segment("The envoy met **الملا برادر** in Doha.", markdown=True)
    assert [(span.kind, span.inner) for span in segment.carried] == [("emphasis", None)]
    assert prepare(segment).inner_texts == []
    assert restore("التقى المبعوث XZQ0 في الدوحة.", segment) == (
        "التقى المبعوث **الملا برادر** في الدوحة."
    )


def test_regression_code_span_keeps_its_inner_spaces():
    segment = first_segment("Run `make   test` now.", markdown=True)
    assert restore("شغّل  XZQ0   الآن.", segment) == "شغّل `make   test` الآن."


def test_regression_carried_text_that_looks_like_a_placeholder_is_not_rewritten():
    segment = first_segment("Set `XZQ1` then `b` here.", markdown=True)
    assert restore("اضبط XZQ0 ثم XZQ1 هنا.", segment) == "اضبط `XZQ1` ثم `b` هنا."


def test_invented_placeholder_is_dropped():
    segment = first_segment("Run `make test` now.", markdown=True)
    assert restore("شغّل XZQ0 XZQ7 الآن.", segment) == "شغّل `make test` الآن."


def test_wrapped_quote_is_one_segment_the_model_sees_without_markers():
    text = (
        "> The delegation arrived in Moscow on Monday evening after a long flight from\n"
        "> Doha, where the movement keeps its office.\n"
    )
    document = segment_text(text, markdown=True)
    (segment,) = document.segments
    assert prepare(segment).text == (
        "The delegation arrived in Moscow on Monday evening after a long flight from "
        "Doha, where the movement keeps its office."
    )
    segment.translation, segment.target_lang = restore("وصل الوفد.", segment), "ar"
    assert segment.translation == "وصل الوفد." and not segment.warnings
    assert document.render("ar") == "> وصل الوفد.\n"
    assert document.render("en") == text  # the verbatim version keeps both markers


@pytest.mark.parametrize(
    ("source", "output", "expected"),
    [
        # placed where the model left it, after leading white space is stripped
        (
            "وأضاف أن (CSTO) ستجري مناورات.",
            "  He said (XZQ0) will drill.",
            "He said (CSTO) will drill.",
        ),
        # dropped: appended before the final punctuation
        ("وأضاف أن (CSTO) ستجري مناورات.", "He said it will drill.", "He said it will drill CSTO."),
    ],
)
def test_each_span_records_where_it_stands_in_the_translation(source, output, expected):
    segment = first_segment(source)
    result = restore(output, segment)
    assert result == expected
    for span in segment.carried:
        assert result[span.target_start : span.target_end] == span.text


def test_regression_an_appended_span_never_lands_inside_a_placed_one():
    source = "وقالت U.S. إن CSTO"
    spans = [CarriedSpan(6, 10, "U.S.", FOREIGN), CarriedSpan(14, 18, "CSTO", FOREIGN)]
    segment = Segment(0, 0, 1, 0, len(source), source, "ar", carried=spans)
    result = restore("She said XZQ0", segment)
    assert result == "She said U.S. CSTO"  # not "She said U.S CSTO."
    assert [result[s.target_start : s.target_end] for s in spans] == ["U.S.", "CSTO"]


def test_regression_a_placeholder_glued_to_the_word_before_is_still_found():
    segment = first_segment("وأضاف أن منظمة معاهدة الأمن الجماعي (CSTO) ستجري مناورات.")
    result = restore("He said the organisationXZQ0 will hold drills.", segment)
    assert result == "He said the organisationCSTO will hold drills."
    assert segment.carried[0].placed is True and "XZQ" not in result


def test_regression_an_object_glued_to_a_word_stays_glued():
    source = "Talks in Moscow\ufffc ended."
    spans = [CarriedSpan(15, 16, "\ufffc", "object", handle=3)]
    segment = Segment(0, 0, 1, 0, len(source), source, "en", carried=spans)
    assert restore("انتهت المحادثات في موسكو XZQ0.", segment) == "انتهت المحادثات في موسكو\ufffc."
