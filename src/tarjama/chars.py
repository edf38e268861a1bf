"""Characters that need a rule of their own: what XML cannot hold, and what hides text.

Two classes, each decided once here and used by every reader, writer and check:

* **XML-illegal** characters (:data:`XML_ILLEGAL`): the C0 controls other than tab, line
  feed and carriage return, U+FFFE / U+FFFF and lone surrogates. XML 1.0 cannot hold them,
  so neither can XLIFF, TMX, TBX or Word. tarjama refuses them where text comes in (a source
  file, a glossary row, a reviewed file) with ``file:line:column`` and the fix, so that no
  export can meet one; :func:`tarjama.xmlsafe.xml_text` is the writers' last defence.
  A form feed or vertical tab at the edge of a line (``pdftotext`` puts a form feed before
  each page) is layout, never part of a segment, and is allowed there: see
  :func:`first_refused_control`.
* **Hidden controls** (:data:`HIDDEN_CONTROLS`): the bidi embeddings, overrides and
  isolates (U+202A–202E, U+2066–2069), which reorder what is shown (``\\u202Etxt.exe``
  displays as ``exe.txt``), and every other invisible format character that can hide or
  split text (zero-width space, word joiner, soft hyphen, invisible operators, the
  deprecated shaping controls, interlinear annotation marks, Hangul fillers, tag
  characters). They are legal and are kept
  byte-exact in the versions, but every segment holding one gets a warning, ``glossary
  check`` flags them, and pages show them as visible labels (:func:`visible_label`) instead
  of obeying them. Directional marks (LRM, RLM, ALM) and ZWNJ / ZWJ are ordinary in Arabic
  and Persian typing and are not flagged.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

#: What XML 1.0 cannot hold (its ``Char`` production, negated).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

#: Layout characters allowed at the edge of a line (form feed, vertical tab).
EDGE_LAYOUT = "\f\v"

#: Short labels of the hidden controls, as Unicode names them.
_LABELS = {
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
    "\u200b": "ZWSP",
    "\u2060": "WJ",
    "\u2061": "FA",
    "\u2062": "IT",
    "\u2063": "IS",
    "\u2064": "IP",
    "\u180e": "MVS",
    "\ufeff": "ZWNBSP",
    "\u00ad": "SHY",
    "\u206a": "ISS",
    "\u206b": "ASS",
    "\u206c": "IAFS",
    "\u206d": "AAFS",
    "\u206e": "NADS",
    "\u206f": "NODS",
    "\ufff9": "IAA",
    "\ufffa": "IAS",
    "\ufffb": "IAT",
    "\u115f": "HCF",
    "\u1160": "HJF",
    "\u3164": "HF",
    "\uffa0": "HWHF",
}
#: Bidi embeddings, overrides and isolates: these reorder the text around them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Every other format character (Unicode category Cf) outside Arabic's own visible signs
# (U+0600–0605, U+06DD, U+08E2: number signs, the end of an ayah): shorthand format
# controls, musical ones, and the invisible "tag" letters used to smuggle text.
_OTHER_FORMAT = (
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e007f"
)
HIDDEN_CONTROLS = re.compile(f"[{''.join(_LABELS)}{_OTHER_FORMAT}]")


def char_name(ch: str) -> str:
    """``U+001B (ESCAPE)``, ``U+202E (RIGHT-TO-LEFT OVERRIDE)``: how messages name one."""
    name = unicodedata.name(ch, "") or _CONTROL_NAMES.get(ch, "")
    return f"U+{ord(ch):04X} ({name})" if name else f"U+{ord(ch):04X}"


# unicodedata has no names for C0 controls; these are their Unicode aliases
_CONTROL_NAMES = {
    chr(code): name
    for code, name in enumerate(
        (
            "NULL",
            "START OF HEADING",
            "START OF TEXT",
            "END OF TEXT",
            "END OF TRANSMISSION",
            "ENQUIRY",
            "ACKNOWLEDGE",
            "BELL",
            "BACKSPACE",
            "CHARACTER TABULATION",
            "LINE FEED",
            "LINE TABULATION",
            "FORM FEED",
            "CARRIAGE RETURN",
            "SHIFT OUT",
            "SHIFT IN",
            "DATA LINK ESCAPE",
            "DEVICE CONTROL ONE",
            "DEVICE CONTROL TWO",
            "DEVICE CONTROL THREE",
            "DEVICE CONTROL FOUR",
            "NEGATIVE ACKNOWLEDGE",
            "SYNCHRONOUS IDLE",
            "END OF TRANSMISSION BLOCK",
            "CANCEL",
            "END OF MEDIUM",
            "SUBSTITUTE",
            "ESCAPE",
            "FILE SEPARATOR",
            "GROUP SEPARATOR",
            "RECORD SEPARATOR",
            "UNIT SEPARATOR",
        )  # fmt: skip
    )
} | {"\ufffe": "NONCHARACTER", "\uffff": "NONCHARACTER"}


@dataclass(frozen=True)
class Found:
    """A character at ``index`` of a text, with its 1-based ``line`` and ``column``."""

    index: int
    line: int
    column: int
    char: str

    @property
    def name(self) -> str:
        return char_name(self.char)


class LineIndex:
    """1-based line numbers of offsets in a text (lines end at LF), by bisection over the
    line starts found once: for the many lookups of a reader or the segmenter."""

    def __init__(self, text: str):
        self._starts = [0]
        self._starts.extend(index + 1 for index, ch in enumerate(text) if ch == "\n")

    def line(self, offset: int) -> int:
        return bisect_right(self._starts, offset)


def position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of ``index`` in ``text`` (lines end at LF)."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _at_line_edge(text: str, index: int) -> bool:
    line_start = text.rfind("\n", 0, index) + 1
    line_end = text.find("\n", index)
    line_end = len(text) if line_end < 0 else line_end
    return not text[line_start:index].strip() or not text[index + 1 : line_end].strip()


def first_refused_control(text: str, *, layout: bool = True) -> Found | None:
    """The first character of ``text`` that XML cannot hold, or None.

    With ``layout`` (a source file), a form feed or vertical tab with only white space
    between it and the start or the end of its line is layout and allowed: segments never
    include it. Inside a line it would be part of a sentence, and is refused like the rest.
    """
    for match in XML_ILLEGAL.finditer(text):
        index = match.start()
        if layout and match.group() in EDGE_LAYOUT and _at_line_edge(text, index):
            continue
        return Found(index, *position(text, index), match.group())
    return None


def control_fix(found: Found) -> str:
    """What to do about a refused character, by its kind."""
    if found.char == "\v":
        return "replace it with a line break (Word writes one for Shift+Enter): `tr '\\013' '\\n'`"
    if found.char == "\f":
        return "replace the page break with a blank line, or move it to a line of its own"
    if found.char in "\ufffe\uffff" or "\ud800" <= found.char <= "\udfff":
        return "delete it: it is not a character, most likely a conversion error"
    return "delete it (`tr -d '\\000-\\010\\016-\\037' < IN > OUT` deletes every such control)"


def hidden_controls(text: str) -> list[tuple[int, str]]:
    """``(index, char)`` of each hidden control in ``text``, in order."""
    return [(match.start(), match.group()) for match in HIDDEN_CONTROLS.finditer(text)]


def visible_label(ch: str) -> str:
    """``RLO``, ``ZWSP``, ``TAG-41``: a short name to show in place of a hidden control."""
    if ch in _LABELS:
        return _LABELS[ch]
    if 0xE0000 <= ord(ch) <= 0xE007F:
        return f"TAG-{ord(ch) - 0xE0000:02X}"
    return f"U+{ord(ch):04X}"


@dataclass(frozen=True)
class HiddenSummary:
    """What a text's hidden controls are, for a message."""

    count: int
    #: their names, each once, in order (``U+202E (RIGHT-TO-LEFT OVERRIDE), …``)
    names: str
    #: whether any of them reorders text (a bidi control) rather than only being invisible
    reorders: bool


def hidden_summary(text: str) -> HiddenSummary | None:
    """:class:`HiddenSummary` of ``text``'s hidden controls, or None when it has none."""
    found = hidden_controls(text)
    if not found:
        return None
    names = ", ".join(dict.fromkeys(char_name(ch) for _, ch in found))
    return HiddenSummary(len(found), names, any(ch in BIDI_CONTROLS for _, ch in found))


def hidden_controls_warning(text: str, where: str) -> str | None:
    """A reviewer's warning for ``text`` (``where``: "line 3"), or None when it has none."""
    summary = hidden_summary(text)
    if summary is None:
        return None
    effect = "can reorder or hide what is shown" if summary.reorders else "is invisible"
    return (
        f"{where}: holds {summary.count} hidden control character(s) ({summary.names}), which "
        f"{effect}; kept as-is in the versions, shown as labels in the page — check the text "
        "is what it seems"
    )


def show_hidden(text: str) -> str:
    """``text`` with each hidden control replaced by its label in angle brackets
    (``⟨RLO⟩``): for displays that cannot style a badge (Markdown, Word, a terminal)."""
    return HIDDEN_CONTROLS.sub(lambda match: f"⟨{visible_label(match.group())}⟩", text)


_TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """``text`` as a terminal should show it: C0 and C1 controls (a file named
    ``a\\x1b[31m.txt`` would turn the terminal red) as ``\\x1b``-style escapes, hidden
    controls as labels (:func:`show_hidden`). Tabs stay."""
    text = _TERMINAL_CONTROLS.sub(lambda match: f"\\x{ord(match.group()):02x}", text)
    return show_hidden(text)
