"""``tarjama glossary check``: everything wrong with a set of glossary files, each at file:line.

Findings, by ``kind``:

- ``format``: a malformed row or header, a row that repeats the header, a character XML
  cannot hold (U+001B...), a file that is not UTF-8 (what loading refuses);
- ``empty``: an empty en or ar cell;
- ``duplicate``: a row repeated (same text on both sides) later; the earlier is never used;
- ``conflict``: the same English with two Arabic forms, or the reverse; the earlier loses;
- ``mixed-script``: letters other than Latin in ``en`` or other than Arabic in ``ar`` (Arabic
  or Cyrillic in ``en``; Latin or Chinese in ``ar``), dnt rows excepted;
- ``never-matches``: a form with no letter or digit once folded (``--``, ``ـــ``, ``؟``);
- ``case``: ``case=sensitive`` on a form without upper/lower-case letters, where it does
  nothing (``2024``, any Arabic);
- ``dnt``: a dnt row whose ar differs from en (dnt terms use en verbatim on both sides);
- ``hidden-control``: a bidi embedding, override or isolate, or an invisible character
  (zero-width space, tag letters...) in en, ar or the note (:mod:`tarjama.chars`). The
  matcher ignores them, but a translation that places the term would carry them unseen.

The matcher can reach every entry that passes: entries are matched on whole words with
leftmost-longest, so only an identical entry (a duplicate or conflict) can hide another.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tarjama.chars import hidden_summary
from tarjama.glossary.combine import find_clashes
from tarjama.glossary.entry import AR, EN, GlossaryEntry
from tarjama.glossary.normalize import has_cased_letter, has_word, other_scripts
from tarjama.glossary.tsv import read_glossary_file


@dataclass(frozen=True)
class Finding:
    """One problem: ``location`` is ``file:line``."""

    location: str
    kind: str
    message: str
    fix: str | None = None

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        return f"{text} — {self.fix}" if self.fix else text


def check_glossaries(paths: Iterable[Path | str]) -> list[Finding]:
    """Findings for ``paths`` read and combined in order; raise only for a missing file."""
    files = [Path(path) for path in paths]
    findings: list[Finding] = []
    entries: list[GlossaryEntry] = []
    for path in files:
        glossary_file = read_glossary_file(path)
        findings.extend(
            Finding(
                f"{path}:{problem.line}" if problem.line else str(path),
                problem.kind,
                problem.message,
                problem.fix,
            )
            for problem in glossary_file.problems
        )
        entries.extend(glossary_file.entries)
    findings.extend(check_entries(entries))
    rank = {str(path): number for number, path in enumerate(files)}

    def order(finding: Finding) -> tuple[int, int, str]:
        path, _, line = finding.location.rpartition(":")
        if not line.isdigit():  # the whole file (UTF-16, binary): no line
            path, line = finding.location, "0"
        return (rank.get(path, len(rank)), int(line), finding.kind)

    return sorted(findings, key=order)


def check_entries(entries: list[GlossaryEntry]) -> list[Finding]:
    """What ``check`` reports of ``entries`` (read from files or imported), in order: each
    entry on its own, then the duplicates and conflicts among them."""
    findings = [finding for entry in entries for finding in check_entry(entry)]
    _winners, clashes = find_clashes(entries)
    for clash in clashes:
        findings.append(
            Finding(
                clash.earlier.location,
                "duplicate" if clash.same_other else "conflict",
                _clash_message(clash.earlier, clash.later, clash.side, clash.same_other),
                "delete one of the rows" if clash.same_other else "keep one row per concept",
            )
        )
    return findings


def check_entry(entry: GlossaryEntry) -> list[Finding]:
    """The problems of one entry on its own."""
    found: list[Finding] = []

    def add(kind: str, message: str, fix: str | None = None) -> None:
        found.append(Finding(entry.location, kind, message, fix))

    if not entry.dnt:
        scripts = other_scripts(entry.en, "Latin")
        if scripts:
            add(
                "mixed-script",
                f"en {entry.en!r} has {' and '.join(scripts)} letters",
                "write the English form in Latin letters (the Arabic goes in the ar column), "
                "or mark the row dnt",
            )
        scripts = other_scripts(entry.ar, "Arabic")
        if scripts:
            add(
                "mixed-script",
                f"ar {entry.ar!r} has {' and '.join(scripts)} letters",
                "write the Arabic form, or mark the row dnt to keep the term verbatim",
            )
    elif entry.ar != entry.en:
        add(
            "dnt",
            f"dnt row: ar {entry.ar!r} differs from en {entry.en!r}, and dnt terms are kept "
            "verbatim in both languages",
            "leave ar empty or repeat en, or drop dnt",
        )
    for side in (EN, AR) if not entry.dnt else (EN,):
        form = entry.form(side)
        if not has_word(form):
            add(
                "never-matches",
                f"{side} {form!r} has no letters or digits once normalised, "
                "so the matcher can never find it",
                "write the term's words",
            )
    if entry.case_sensitive and not has_cased_letter(entry.en):
        add(
            "case",
            f"case=sensitive does nothing: {entry.en!r} has no upper- or lower-case letters",
            "leave the case cell empty",
        )
    cells = {"en": entry.en, "ar": entry.ar, "note": entry.note or ""}
    if entry.ar == entry.en:
        del cells["ar"]  # a dnt row's ar is its en: one finding, not two
    for name, value in cells.items():
        message = _hidden_message(name, value)
        if message:
            add("hidden-control", message, _NOTE_HIDDEN_FIX if name == "note" else _HIDDEN_FIX)
    return found


_HIDDEN_FIX = (
    "delete it (retype the cell if you cannot see where it is): the matcher ignores it, but "
    "a translation that places the term would carry it unseen"
)
_NOTE_HIDDEN_FIX = "delete it (retype the note if you cannot see where it is)"


def _hidden_message(name: str, value: str) -> str | None:
    summary = hidden_summary(value)
    if summary is None:
        return None
    effect = "can reorder what is shown" if summary.reorders else "cannot be seen"
    return f"{name} {value!r} holds hidden control character(s) {summary.names}, which {effect}"


def _clash_message(earlier: GlossaryEntry, later: GlossaryEntry, side: str, same: bool) -> str:
    if same:
        return (
            f"{side} {earlier.form(side)!r} is repeated at {later.location}, "
            "which is used instead of this row"
        )
    other = AR if side == EN else EN
    return (
        f"{side} {earlier.form(side)!r} → {earlier.form(other)!r} here, but → "
        f"{later.form(other)!r} at {later.location}, which wins (this row is never used)"
    )
