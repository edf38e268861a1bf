"""Read a reviewed export back: XLIFF 2.1 or 1.2, TMX, or tarjama's TSV.

The format is recognised by content (the root element and its namespace, or the TSV's
header line), not by the file's extension. Every unit comes back as a
:class:`ReviewedUnit`: its id (which names the segments, see :mod:`tarjama.bitext`), its
Arabic and English text, and its state. The file-level identity tarjama wrote (stem, kind,
source, hash) comes back as :class:`ReviewedFile` fields.

XML is parsed by :func:`tarjama.xmlsafe.parse_xml` (no DTD, no network, and a DTD that
declares entities is refused at its line, so an ``&xxe;`` never reaches the versions or the
memory); XML cannot hold the characters :mod:`tarjama.chars` refuses, and a TSV cell holding
one is refused at its line and column. Malformed XML and bad rows raise
:class:`~tarjama.errors.ReviewFileError` with the line; libxml2's words are said for a
user where they mislead (:func:`tarjama.errors.xml_problem`).

A TSV is read as spreadsheets save it: LF, CRLF or old-Mac CR line ends, and quoted cells
(a quote inside, a line break typed in the cell) read as Python's ``csv`` reads them; a
quote never closed is named at the line its cell starts. The stem a file records names the
outputs ``review apply`` rewrites, so it must stay in their folder (:func:`checked_stem`).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath

from lxml import etree

from tarjama.bitext import INITIAL, REVIEWED, STATES, TRANSLATED, parse_link_id
from tarjama.chars import control_fix, first_refused_control
from tarjama.decode import decode_text
from tarjama.document import AR, EN, other_language
from tarjama.errors import BinaryFileError, ReviewFileError, WideEncodingError, xml_problem
from tarjama.export.tmx import PROP_KIND, PROP_ORIGINAL, PROP_SHA256, PROP_STEM
from tarjama.export.tsv import COLUMNS, PREAMBLE
from tarjama.export.xliff import META_KIND, META_SHA256, META_STEM, STATE_FROM_2, STATE_FROM_12
from tarjama.spreadsheet import read_cell
from tarjama.xliffspec import XLIFF2_NS, XLIFF12_NS, XML_LANG
from tarjama.xmlsafe import parse_xml

XLIFF21 = "xliff"
XLIFF12 = "xliff12"
TMX = "tmx"
TSV = "tsv"


@dataclass
class ReviewedUnit:
    id: str
    #: source segment ids and target segment ids (None: the segment's own translation)
    link: tuple[tuple[int, ...], tuple[int, ...] | None]
    ar: str
    en: str
    state: str = TRANSLATED
    #: where the unit is in the file, for messages
    line: int | None = None

    def text(self, lang: str) -> str:
        return self.ar if lang == AR else self.en


@dataclass
class ReviewedFile:
    path: Path
    #: "xliff" (2.x), "xliff12", "tmx" or "tsv"
    format: str
    units: list[ReviewedUnit] = field(default_factory=list)
    stem: str | None = None
    #: "translate" or "align" (None when the file does not say)
    kind: str | None = None
    original: str | None = None
    sha256: str | None = None
    #: the file's source language (XLIFF srcLang, TMX srclang), None when it has none
    source_lang: str | None = None


def read_reviewed(path: Path | str) -> ReviewedFile:
    """Read a reviewed file; raise :class:`ReviewFileError` if it is not one tarjama reads."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReviewFileError(path, "no such file", fix="check the path") from None
    except OSError as error:
        raise ReviewFileError(path, f"cannot be read: {error.strerror or error}") from None
    if data.removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"<"):
        return _read_xml(path, data)  # lxml reads the encoding its declaration names
    text = _decode(path, data)
    if not text.strip():
        raise ReviewFileError(path, "is empty", fix="pass the file the review tool saved")
    if text.lstrip().startswith("<"):
        return _read_xml(path, data)  # UTF-16 XML: lxml reads it by its BOM
    text = _one_line_end(text)
    first = text.split("\n", 1)[0]
    if first.startswith(PREAMBLE) or first.split("\t")[: len(COLUMNS)] == list(COLUMNS):
        return _read_tsv(path, text)
    raise ReviewFileError(path, "is neither XLIFF, TMX nor a tarjama TSV export")


def _decode(path: Path, data: bytes) -> str:
    """UTF-8 (a BOM allowed), or UTF-16 with its BOM: what Excel's "Unicode Text" saves."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ReviewFileError(
                path, f"is not valid UTF-16 text (byte offset {error.start})"
            ) from None
    body = data.removeprefix(codecs.BOM_UTF8)
    if b"\x00" in body:  # no UTF-8 text editor writes NUL: binary, or UTF-16 without a BOM
        try:  # what `translate` says of such a file (UTF-16 or UTF-32 told from binary)
            decode_text(path, data, layout=False)
        except WideEncodingError as error:
            raise ReviewFileError(
                path,
                error.problem,
                fix=f'{error.fix}; Excel\'s "Unicode Text" (UTF-16 with a byte-order mark) '
                "is read as it is",
            ) from None
        except BinaryFileError:
            pass
        offset = body.index(b"\x00")
        raise ReviewFileError(
            path,
            f"looks binary (NUL byte at byte offset {offset}), not UTF-8 text",
            line=_line_at(body, offset),
        )
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ReviewFileError(
            path, f"is not UTF-8 text (byte offset {error.start})", line=_line_at(body, error.start)
        ) from None


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


_SEPARATORS = re.compile(r"[/\\]")


def checked_stem(path: Path, value: str, line: int | None) -> str | None:
    """The run's stem a reviewed file records (``article``: the outputs are
    ``article.segments.jsonl`` …, beside the file), None when it records none.

    It names files that ``review apply`` rewrites, so it must stay in the outputs' folder:
    a name, or names joined by ``/`` (a folder run records ``sub/article``), never absolute
    (``/x``, ``C:\\x``, ``\\\\server\\x``), never ``.`` or ``..``, no NUL. Other control
    characters are allowed: the stem is the name of the user's file (``a\\x1bRED.txt``
    has the stem ``a\\x1bRED``), and messages show it escaped.
    """
    if not value:
        return None
    parts = _SEPARATORS.split(value)
    if (
        PurePosixPath(value).anchor
        or PureWindowsPath(value).anchor
        or any(part in ("", ".", "..") for part in parts)
        or "\x00" in value
    ):
        raise ReviewFileError(
            path,
            f"the run's stem it records, {value!r}, is not a file name in the outputs' "
            "folder (it is absolute, or has an empty, . or .. part): it would write outside it",
            line=line,
            fix="put back the stem the export wrote (the name of the run's outputs, e.g. "
            "article for article.segments.jsonl), or export the run again",
        )
    return value


# --- XML ---------------------------------------------------------------------------------


def _read_xml(path: Path, data: bytes) -> ReviewedFile:
    def error(line: int | None, problem: str, fix: str | None) -> ReviewFileError:
        problem, own_fix = xml_problem(problem, data, line)
        return ReviewFileError(path, problem, line=line, fix=fix or own_fix)

    root = parse_xml(data, error)
    namespace = etree.QName(root).namespace
    local = etree.QName(root).localname
    if local == "xliff" and namespace == XLIFF2_NS:
        return _read_xliff2(path, root)
    if local == "xliff" and namespace == XLIFF12_NS:
        return _read_xliff12(path, root)
    if local == "tmx":
        return _read_tmx(path, root)
    raise ReviewFileError(
        path,
        f"holds <{local}> in namespace {namespace or '(none)'}: not XLIFF 2.x, XLIFF 1.2 or TMX",
        line=root.sourceline,
    )


def _text_of(element: etree._Element | None) -> str:
    """All text inside ``element``, inline markup a review tool may have added included."""
    if element is None:
        return ""
    return "".join(element.itertext())


def _link(path: Path, unit_id: str | None, line: int | None):
    if unit_id is None:  # not "unit id None": the attribute is missing
        raise ReviewFileError(
            path,
            "a unit has no id: the id names the segments it holds (s3, s3-s4, s3_t7, t7)",
            line=line,
            fix="keep the unit ids the export wrote",
        )
    link = parse_link_id(unit_id)
    if link is None:
        raise ReviewFileError(
            path,
            f"unit id {unit_id!r} does not name tarjama segments (s3, s3-s4, s3_t7, t7)",
            line=line,
            fix="keep the unit ids the export wrote",
        )
    return link


def _lang(path: Path, value: str | None, what: str, line: int | None, element: str) -> str:
    if value is None:
        raise ReviewFileError(
            path,
            f"<{element}> has no {what} attribute: the language of the text is not given",
            line=line,
            fix=f'give it {what}="ar" or {what}="en" (as tarjama exported it)',
        )
    lang = value.split("-")[0].split("_")[0].lower()
    if lang not in (AR, EN):
        raise ReviewFileError(
            path, f"{what} {value!r} is neither Arabic (ar) nor English (en)", line=line
        )
    return lang


def _read_xliff2(path: Path, root: etree._Element) -> ReviewedFile:
    q = f"{{{XLIFF2_NS}}}"
    src = _lang(path, root.get("srcLang"), "srcLang", root.sourceline, "xliff")
    trg = other_language(src)
    result = ReviewedFile(path, XLIFF21, source_lang=src)
    files = root.findall(f"{q}file")
    if files:
        result.original = files[0].get("original")
        for note in files[0].findall(f"{q}notes/{q}note"):
            _meta(result, note.get("category"), _text_of(note), note.sourceline)
    for unit in root.iter(f"{q}unit"):
        if unit.get("id") == "empty":
            continue
        segments = unit.findall(f"{q}segment")
        if not segments:
            continue
        source = "".join(_text_of(s.find(f"{q}source")) for s in segments)
        target = "".join(_text_of(s.find(f"{q}target")) for s in segments)
        states = [STATE_FROM_2.get(s.get("state", INITIAL), TRANSLATED) for s in segments]
        texts = {src: source, trg: target}
        result.units.append(_xliff_unit(path, unit, texts, min(states, key=STATES.index)))
    return result


def _xliff_unit(
    path: Path, unit: etree._Element, texts: dict[str, str], state: str
) -> ReviewedUnit:
    """A unit of either XLIFF version: its id names the link, ``texts`` maps ar/en."""
    return ReviewedUnit(
        id=unit.get("id"),
        link=_link(path, unit.get("id"), unit.sourceline),
        ar=texts[AR],
        en=texts[EN],
        state=state,
        line=unit.sourceline,
    )


def _read_xliff12(path: Path, root: etree._Element) -> ReviewedFile:
    q = f"{{{XLIFF12_NS}}}"
    result = ReviewedFile(path, XLIFF12)
    files = root.findall(f"{q}file")
    if not files:
        raise ReviewFileError(path, "XLIFF 1.2 file holds no <file>", line=root.sourceline)
    file = files[0]
    src = _lang(path, file.get("source-language"), "source-language", file.sourceline, "file")
    trg = other_language(src)
    result.source_lang = src
    result.original = file.get("original")
    for note in file.findall(f"{q}header/{q}note"):
        _meta(result, note.get("from"), _text_of(note), note.sourceline)
    for unit in root.iter(f"{q}trans-unit"):
        target = unit.find(f"{q}target")
        if target is None:
            state = INITIAL
        elif unit.get("approved") == "yes":
            state = REVIEWED
        else:
            state = STATE_FROM_12.get(target.get("state", "translated"), TRANSLATED)
        texts = {src: _text_of(unit.find(f"{q}source")), trg: _text_of(target)}
        result.units.append(_xliff_unit(path, unit, texts, state))
    return result


def _meta(result: ReviewedFile, key: str | None, value: str, line: int | None) -> None:
    value = value.strip()
    if key in (META_STEM, PROP_STEM, "stem"):
        result.stem = checked_stem(result.path, value, line)
    elif key in (META_KIND, PROP_KIND, "kind"):
        result.kind = value or None
    elif key in (META_SHA256, PROP_SHA256, "sha256"):
        result.sha256 = value or None
    elif key in (PROP_ORIGINAL, "original"):
        result.original = value or None


def _read_tmx(path: Path, root: etree._Element) -> ReviewedFile:
    result = ReviewedFile(path, TMX)
    header = root.find("header")
    if header is not None:
        srclang = (header.get("srclang") or "").split("-")[0].lower()
        result.source_lang = srclang if srclang in (AR, EN) else None
        for prop in header.findall("prop"):
            _meta(result, prop.get("type"), _text_of(prop), prop.sourceline)
    for tu in root.iter("tu"):
        texts: dict[str, str] = {}
        for tuv in tu.findall("tuv"):
            lang = _lang(
                path, tuv.get(XML_LANG) or tuv.get("lang"), "xml:lang", tuv.sourceline, "tuv"
            )
            texts[lang] = _text_of(tuv.find("seg"))
        props = {prop.get("type"): _text_of(prop).strip() for prop in tu.findall("prop")}
        state = props.get("x-state", TRANSLATED)
        result.units.append(
            ReviewedUnit(
                id=tu.get("tuid"),
                link=_link(path, tu.get("tuid"), tu.sourceline),
                ar=texts.get(AR, ""),
                en=texts.get(EN, ""),
                state=state if state in STATES else TRANSLATED,
                line=tu.sourceline,
            )
        )
    return result


# --- TSV ---------------------------------------------------------------------------------


def _one_line_end(text: str) -> str:
    """``text`` with LF line ends: CRLF (Windows), and CR where it is the file's line end
    (old Mac Excel's "tab-delimited text") or stands alone in a cell (a line break)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@contextmanager
def _field_limit(size: int) -> Iterator[None]:
    """csv's cell size limit (128 KiB) raised to ``size`` while one file is read: a long
    segment is one cell."""
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, size))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _tsv_rows(path: Path, text: str) -> list[tuple[int, list[str]]]:
    """``(first line, cells)`` of every row: spreadsheet quoting (a quoted cell may span
    lines: a line break typed in the cell), formula neutralising and escapes undone."""
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", strict=True)
    first = 1
    with _field_limit(len(text) + 1):
        try:
            for cells in reader:
                rows.append((first, [read_cell(cell) for cell in cells]))
                first = reader.line_num + 1
        except csv.Error as error:
            if "end of data" in str(error):  # a quote opened and never closed
                raise ReviewFileError(
                    path,
                    "a cell opened with a double quote is never closed",
                    line=first,
                    fix='close it with a double quote; write a quote inside a cell as ""',
                ) from None
            raise ReviewFileError(
                path,
                f"cells are not quoted as spreadsheets quote them ({error})",
                line=reader.line_num,
                fix='a quoted cell holds all of its text, a quote inside it written as ""',
            ) from None
    return rows


def _read_tsv(path: Path, text: str) -> ReviewedFile:
    """A tarjama TSV export as a spreadsheet saved it; ``text`` has LF line ends."""
    _refuse_controls(path, text)
    result = ReviewedFile(path, TSV)
    rows = _tsv_rows(path, text)
    index = 0
    if rows and rows[0][1][:1] == [PREAMBLE]:
        for item in rows[0][1][1:]:
            key, _, value = item.partition("=")
            _meta(result, key, value, rows[0][0])
        index = 1
    if index >= len(rows) or rows[index][1][: len(COLUMNS)] != list(COLUMNS):
        raise ReviewFileError(
            path,
            f"the header line should be: {' '.join(COLUMNS)} (tab-separated)",
            line=rows[index][0] if index < len(rows) else index + 1,
        )
    header_line = rows[index][0]
    for number, cells in rows[index + 1 :]:
        if not any(cell.strip() for cell in cells):
            continue
        if cells[: len(COLUMNS)] == list(COLUMNS):
            raise ReviewFileError(
                path,
                f"repeats the header row (line {header_line})",
                line=number,
                fix="delete it; files joined with `cat` repeat their header",
            )
        # a spreadsheet drops the empty origin cell at the end of a row: six is enough
        if len(cells) < len(COLUMNS) - 1:
            raise ReviewFileError(
                path,
                f"has {len(cells)} columns, not {len(COLUMNS)} (a tab lost in editing, or a "
                "line break in a cell that is not quoted?)",
                line=number,
            )
        unit_id, ar, en, _score, _kind, state = cells[:6]
        result.units.append(
            ReviewedUnit(
                id=unit_id,
                link=_link(path, unit_id, number),
                ar=ar,
                en=en,
                state=_tsv_state(path, state, number),
                line=number,
            )
        )
    return result


def _refuse_controls(path: Path, text: str) -> None:
    """A character XML cannot hold, refused where it comes in (escapes make none: they
    stand for tab, line breaks and the backslash). The preamble line is left out: it
    holds the source's file name, the user's (the stem is checked on its own)."""
    skipped = 0
    if text.startswith(PREAMBLE):
        skipped = 1
        text = text.partition("\n")[2]
    found = first_refused_control(text, layout=False)
    if found is not None:
        raise ReviewFileError(
            path,
            f"column {found.column} holds {found.name}, which XML (and so XLIFF, TMX and Word) "
            "cannot hold",
            line=found.line + skipped,
            fix=control_fix(found),
        )


def _tsv_state(path: Path, cell: str, line: int) -> str:
    """The state column; anything else there means the columns have shifted."""
    state = cell.strip().lower()
    if state not in STATES:
        raise ReviewFileError(
            path,
            f"the state column holds {cell!r}, not one of {', '.join(STATES)} "
            "(a tab lost or added in editing?)",
            line=line,
            fix="write initial, translated or reviewed in the state column",
        )
    return state
