"""Quality checks (``tarjama.qa``): each check firing and not firing on real sentences,
number normalisation (Arabic-Indic digits, separators, percentages, scales), the records of
a translate run, and ``tarjama qa``."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from tarjama.cli.app import app
from tarjama.qa import CHECK_NAMES, check_record, qa_report
from tarjama.qa.numbers import numbers_in, parse_number, shown

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def record(source: str, translation: str | None, source_lang: str = "en", **extra) -> dict:
    target = {"en": "ar", "ar": "en"}[source_lang] if translation is not None else None
    return {
        "type": "segment",
        "id": 0,
        "paragraph": 0,
        "line": 1,
        "start": 0,
        "end": len(source),
        "source": source,
        "source_lang": source_lang,
        "target_lang": target,
        "translation": translation,
        **extra,
    }


def fired(item: dict) -> set[str]:
    return {found["check"] for found in check_record(item)}


EN_SOURCE = "The army said 4,053 soldiers took part in the exercise."
AR_RIGHT = "وقال الجيش إن ٤٬٠٥٣ جنديا شاركوا في المناورات."
AR_SOURCE = "وذلك بمشاركة 4,053 جنديا في المناورات العسكرية."
EN_RIGHT = "With the participation of 4,053 soldiers in the military exercises."

CASES = [
    # (check, source language, source, translation, fires)
    ("untranslated", "en", EN_SOURCE, EN_SOURCE, True),
    ("untranslated", "ar", AR_SOURCE, AR_SOURCE, True),
    ("untranslated", "en", EN_SOURCE, "The army said 4,053 soldiers شاركوا in the exercise.", True),
    ("untranslated", "en", EN_SOURCE, AR_RIGHT, False),
    ("untranslated", "ar", AR_SOURCE, EN_RIGHT, False),
    ("untranslated", "en", "2021", "2021", False),  # a number is copied, not left untranslated
    ("numbers", "en", EN_SOURCE, AR_RIGHT, False),
    ("numbers", "en", EN_SOURCE, "وقال الجيش إن ٤٬٠٣٥ جنديا شاركوا في المناورات.", True),
    ("numbers", "ar", AR_SOURCE, EN_RIGHT, False),
    ("numbers", "ar", AR_SOURCE, "With the participation of 4,503 soldiers.", True),
    ("numbers", "ar", "ارتفع التضخم إلى ٣٫٥٪ في عام ٢٠٢١.",
        "Inflation rose to 3.5% in 2021.", False),
    ("numbers", "ar", "ارتفع التضخم إلى ٣٫٥٪ في عام ٢٠٢١.",
        "Inflation rose to 3.5% in 2020.", True),
    ("numbers", "en", "Over four million people went to Rome.",
        "ذهب أكثر من 4 ملايين شخص إلى روما.", False),
    ("numbers", "en", "He paid $3.5 million.", "دفع 3,500,000 دولار.", False),
    ("numbers", "en", "Nineteen of the injured were police officers.",
        "١٩ من المصابين كانوا من الشرطة.", False),
    ("numbers", "en", "The report came at 12.00 GMT.",
        "قدم التقرير في الساعة ١٢:٠٠ بتوقيت جرينتش.", False),
    ("numbers", "en", "Apia was founded in the 1850s.",
        "تأسست أبيا في خمسينيات القرن التاسع عشر.", False),
    ("repetition", "ar", AR_SOURCE, "With soldiers of the army of the army of the army", True),
    ("repetition", "en", EN_SOURCE, "وقال الجيش إن الجنود الجنود الجنود شاركوا", True),
    ("repetition", "ar", AR_SOURCE, EN_RIGHT, False),
    ("repetition", "en", "It was very, very cold.", "كان الجو باردا جدا جدا.", False),
    # an acronym glossed in brackets is not a loop
    ("repetition", "en", "Coronaviruses (CoVs) belong to a family.",
        "تنتمي فيروسات كورونا (فيروسات كورونا) إلى عائلة.", False),
    ("length", "en", EN_SOURCE, "وقال الجيش", True),
    ("length", "ar", AR_SOURCE, EN_RIGHT + " " + EN_RIGHT + " " + EN_RIGHT, True),
    ("length", "en", EN_SOURCE, AR_RIGHT, False),
    ("length", "en", "Yes.", "أجل، نعم.", False),  # short: the slack allows it
    ("script", "en", EN_SOURCE, "Армия заявила, что 4053 солдата приняли участие.", True),
    ("script", "ar", AR_SOURCE, "צבא אמר כי 4,053 חיילים השתתפו", True),
    ("script", "en", EN_SOURCE, AR_RIGHT, False),
    ("script", "ar", AR_SOURCE, AR_SOURCE, False),  # the source's own script: untranslated's
    ("brackets", "en", "The CSTO (a treaty body) met.",
        "اجتمعت المنظمة (هيئة المعاهدة اجتمعت.", True),
    ("brackets", "ar", 'قال: "لقد فقدت أختي".', 'He said: "I lost my sister.', True),
    ("brackets", "ar", 'قال: "لقد فقدت أختي".', 'He said: "I lost my sister."', False),
    ("brackets", "en", 'He said "we will go.', "قال «سنذهب.",
        False),  # the source leaves it open too
    ("brackets", "en", 'He said "we will go."', "قال «سنذهب».", False),
]  # fmt: skip


@pytest.mark.parametrize(("check", "lang", "source", "translation", "fires"), CASES)
def test_each_check_fires_on_its_problem_only(check, lang, source, translation, fires):
    assert (check in fired(record(source, translation, lang))) is fires


def test_a_right_translation_has_no_flags():
    assert check_record(record(EN_SOURCE, AR_RIGHT)) == []
    assert check_record(record(AR_SOURCE, EN_RIGHT, "ar")) == []


def test_a_kept_segment_has_no_flags():
    assert check_record(record("Share | طباعة | Email", None, "other")) == []


def test_flags_are_a_check_name_and_a_sentence_with_detail():
    (flag,) = check_record(record(AR_SOURCE, "With the participation of 4,503 soldiers.", "ar"))
    assert flag["check"] == "numbers" and flag["check"] in CHECK_NAMES
    assert flag["message"].startswith("The numbers differ") and flag["message"].endswith(".")
    assert flag["source"] == ["4,053"] and flag["target"] == ["4,503"]


NAME = "الملا عبد الغني برادر"
SOURCE_WITH_NAME = f"A delegation led by ({NAME}) was expected."


def _carried(placed: bool | None = True) -> dict:
    start = SOURCE_WITH_NAME.index(NAME)
    span = {"start": start, "end": start + len(NAME), "text": NAME, "kind": "foreign"}
    return {**span, "placed": placed}


@pytest.mark.parametrize(
    ("translation", "placed", "fires"),
    [
        (f"وكان من المتوقع وصول وفد بقيادة ({NAME}).", True, False),
        ("وكان من المتوقع وصول وفد بقيادة.", True, True),  # edited out
        (f"وكان من المتوقع وصول وفد. {NAME}", False, True),  # appended by the pipeline
    ],
)
def test_carried_fires_when_a_name_is_lost_or_not_in_place(translation, placed, fires):
    item = record(SOURCE_WITH_NAME, translation, carried=[_carried(placed)])
    assert ("carried" in fired(item)) is fires


def test_carried_needs_the_whole_span_not_a_piece_of_a_word():
    source = "نوع I من الإنترفيرون"
    span = {"start": 4, "end": 5, "text": "I", "kind": "foreign", "placed": True}
    assert "carried" in fired(record(source, "Interferon type", "ar", carried=[span]))
    assert "carried" not in fired(record(source, "Type I interferon", "ar", carried=[span]))


def _term(status: str) -> dict:
    return {
        "start": 0, "end": 7, "text": "Taliban", "source_form": "Taliban", "target": "طالبان",
        "entry": "glossaries/news.tsv:12", "status": status,
        "reason": None if status == "applied" else "the decoder could not place it",
    }  # fmt: skip


@pytest.mark.parametrize(("status", "fires"), [("applied", False), ("missed", True)])
def test_terms_reads_the_recorded_glossary_audit(status, fires):
    item = record("Taliban leaders met.", "التقى قادة الحركة.", terms=[_term(status)])
    flags = [flag for flag in check_record(item) if flag["check"] == "terms"]
    assert bool(flags) is fires
    if fires:
        assert "'طالبان'" in flags[0]["message"] and "news.tsv:12" in flags[0]["message"]


# --- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arabic", "english"),
    [
        ("٤٬٠٥٣", "4,053"),
        ("٣٫٥٪", "3.5%"),
        ("٣٫٥ في المائة", "3.5 per cent"),
        ("٢٠٢١", "2021"),
        ("1990", "the 1990s"),
        ("۱۲۳", "123"),  # Persian digits
        ("3.50", "3.5"),
        ("2 مليار", "2 billion"),
        ("1.5 مليون", "1,500,000"),
    ],
)
def test_numbers_are_equal_however_written(arabic, english):
    assert numbers_in(arabic) == numbers_in(english)


def test_a_comma_before_other_than_three_digits_separates_numbers():
    assert numbers_in("1,2 and 3") == numbers_in("1, 2 and 3")
    assert numbers_in("4,053") != numbers_in("4,53")


_INDIC = str.maketrans("0123456789,.", "٠١٢٣٤٥٦٧٨٩٬٫")


@given(st.integers(min_value=0, max_value=10**15), st.integers(min_value=0, max_value=999))
def test_property_arabic_indic_and_western_writing_read_as_one_value(whole, fraction):
    western = f"{whole:,}.{fraction:03d}"
    assert parse_number(western) == parse_number(western.translate(_INDIC))
    assert parse_number(western) == Decimal(f"{whole}.{fraction:03d}")


@given(st.decimals(min_value=0, max_value=10**12, places=3, allow_nan=False))
def test_property_shown_numbers_read_back_as_themselves(value):
    assert parse_number(shown(value.normalize())) == value


# --- a translate run, and `tarjama qa` -----------------------------------------------------


def write_run(path: Path, records: list[dict]) -> Path:
    lines = [{"type": "header", "schema_version": 1}, *records]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), "utf-8")
    return path


@pytest.fixture
def run(tmp_path: Path) -> Path:
    second = len(AR_SOURCE) + 1
    records = [
        record(AR_SOURCE, "With the participation of 4,503 soldiers.", "ar"),
        {**record(EN_SOURCE, AR_RIGHT), "id": 1, "start": second, "end": second + len(EN_SOURCE)},
    ]
    return write_run(tmp_path / "x.segments.jsonl", records)


def invoke(*arguments: str):
    return CliRunner().invoke(app, ["qa", *arguments])


def test_cli_prints_each_flag_and_a_summary_per_check(run: Path):
    result = invoke(str(run))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "id\tline\tcheck\tmessage"
    assert lines[1].startswith("0\t1\tnumbers\tThe numbers differ: 4,053")
    summary = dict(line.split("\t") for line in lines[3:-1] if "\t" in line)
    assert summary == {"check": "flags", **{name: "0" for name in CHECK_NAMES}, "numbers": "1"}
    assert lines[-1] == "1 of 2 translated segments flagged (2 segments)"


def test_cli_jsonl_prints_one_flag_a_line_then_the_summary(run: Path):
    result = invoke(str(run), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    *flags, summary = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(f["type"], f["id"], f["check"]) for f in flags] == [("flag", 0, "numbers")]
    assert summary["type"] == "summary" and summary["checks"]["numbers"] == 1
    assert (summary["segments"], summary["translated"], summary["flagged"]) == (2, 2, 1)


@pytest.mark.parametrize(
    ("fail_on", "code"), [(["numbers"], 1), (["script"], 0), (["script", "numbers"], 1)]
)
def test_cli_fails_only_on_a_named_check_that_fired(run: Path, fail_on, code):
    options = [option for name in fail_on for option in ("--fail-on", name)]
    assert invoke(str(run), *options).exit_code == code


def test_cli_refuses_an_unknown_check_naming_the_valid_ones(run: Path):
    result = invoke(str(run), "--fail-on", "spelling")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: unknown check 'spelling'")
    assert ", ".join(CHECK_NAMES) in line


def test_cli_reports_a_missing_run_on_one_line(tmp_path: Path):
    result = invoke(str(tmp_path / "none.segments.jsonl"))
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1 and "no such file" in result.stderr


def test_report_counts_every_check_and_the_segments_flagged(run: Path):
    from tarjama.review.rebuild import read_segments_file

    report = qa_report(read_segments_file(run)[1])
    assert list(report.counts) == list(CHECK_NAMES)
    assert report.fired(["numbers", "script"]) == ["numbers"] and report.flagged == 1


def test_detect_records_have_no_qa_field():
    result = CliRunner().invoke(app, ["detect", str(EXAMPLES / "moscow-talks.txt"), "-f", "jsonl"])
    assert result.exit_code == 0
    assert all("qa" not in json.loads(line) for line in result.stdout.splitlines())


@pytest.mark.slow
def test_every_segment_of_a_translate_run_has_a_qa_list(tmp_path: Path, standin_models):
    models = [f"--model={d}={path}" for d, path in standin_models.items()]
    arguments = ["translate", str(EXAMPLES / "moscow-talks.txt"), "-o", str(tmp_path), *models]
    result = CliRunner().invoke(app, [*arguments, "--beam-size", "2"])
    assert result.exit_code == 0, result.output
    run = tmp_path / "moscow-talks.segments.jsonl"
    records = [json.loads(line) for line in run.read_text("utf-8").splitlines()[1:]]
    assert records and all(isinstance(r["qa"], list) for r in records)
    for item in records:
        assert item["qa"] == check_record(item)  # what `tarjama qa` finds again
        assert item["translation"] is not None or item["qa"] == []
    # random-weight stand-ins write nonsense: the checks say so
    assert any(item["qa"] for item in records)
    assert invoke(str(run)).exit_code == 0
    page = (tmp_path / "moscow-talks.html").read_text("utf-8")  # hover text of the ⚠ marks
    assert any(f"{name}: " in page for name in CHECK_NAMES)
