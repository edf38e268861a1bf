"""The review round trip through the CLI: translate with an XLIFF export, correct a unit as
a CAT tool would, apply it back, and see the next run take the correction from memory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from tarjama.cli import app

XLIFF = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
CORRECTED = "الكرملين وطالبان يجتمعان في موسكو"


def _translate(source: Path, out: Path, models: dict[str, Path], *extra: str):
    args = ["translate", str(source), "-o", str(out), "-q", *extra]
    for direction, path in models.items():
        args += ["-m", f"{direction}={path}"]
    return CliRunner().invoke(app, args)


def _review_first_unit(xliff: Path, reviewed: Path) -> str:
    tree = etree.parse(str(xliff))
    unit = tree.find(".//x:unit", XLIFF)
    segment = unit.find(".//x:segment", XLIFF)
    segment.set("state", "reviewed")
    segment.find("x:target", XLIFF).text = CORRECTED
    tree.write(str(reviewed), xml_declaration=True, encoding="UTF-8")
    return segment.find("x:source", XLIFF).text


@pytest.mark.slow
def test_reviewed_xliff_changes_the_next_runs_output(tmp_path, standin_models, private_memory):
    source = tmp_path / "talks.txt"
    source.write_text(
        "The Kremlin and the Taliban meet in Moscow.\n\nTalks resume on Friday.\n",
        encoding="utf-8",
    )
    first = _translate(source, tmp_path / "out", standin_models, "--export", "xliff")
    assert first.exit_code == 0, first.output
    reviewed = tmp_path / "out" / "talks.reviewed.xlf"
    original = _review_first_unit(tmp_path / "out" / "talks.xlf", reviewed)
    assert original == "The Kremlin and the Taliban meet in Moscow."

    applied = CliRunner().invoke(app, ["review", "apply", str(reviewed)])
    assert applied.exit_code == 0, applied.output
    assert "1 updated" in applied.output
    assert (tmp_path / "out" / "talks.ar.txt").read_text(encoding="utf-8").startswith(CORRECTED)
    assert private_memory.exists()

    second = _translate(source, tmp_path / "out2", standin_models)
    assert second.exit_code == 0, second.output
    assert "1 segment(s) taken from the translation memory" in second.output
    arabic = (tmp_path / "out2" / "talks.ar.txt").read_text(encoding="utf-8")
    assert arabic.startswith(CORRECTED + "\n")
    records = [json.loads(line) for line in (tmp_path / "out2" / "talks.segments.jsonl").open()]
    origins = [r["origin"] for r in records[1:]]
    assert origins == ["memory", "model"]
    assert records[0]["memory"] == {"path": str(private_memory), "hits": 1}

    third = _translate(source, tmp_path / "out3", standin_models, "--no-memory")
    assert third.exit_code == 0, third.output
    assert (
        not (tmp_path / "out3" / "talks.ar.txt").read_text(encoding="utf-8").startswith(CORRECTED)
    )
