"""Mixed-direction text drawn right: which pieces of a line are isolated as one unit.

In a right-to-left line every left-to-right token — a URL, an e-mail address, a code span,
markup, a path, a number with separators, a Latin word or phrase — is one unit, drawn left
to right as a whole (``https://example.org/report.html?id=5`` never shows as
``5=id?example.org/report.html//:https``); in a left-to-right line every run of Arabic
script is one. The HTML pages wrap units in ``<bdi>``, Word files give them runs of their
own. Kept at the bottom of the package: the exports and the formats both draw with it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tarjama.chars import hidden_controls
from tarjama.document import AR, EN
from tarjama.script import ARABIC_CHAR_CLASS

# --- what a cell isolates ---------------------------------------------------------------
#
# A right-to-left cell isolates every left-to-right token as one unit; a left-to-right cell
# isolates every run of Arabic script. Tokens are found on the text with its hidden controls
# taken out (a zero-width space inside a URL does not cut the URL in two), then merged with
# the tokens next to them when only spaces lie between (``Joe Biden``, ``CSTO 4,053``, as
# the Unicode bidi algorithm itself keeps such runs together).

#: letters of the left-to-right scripts an Arabic cell meets: Latin (with accents), Greek,
#: Cyrillic
_LTR_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff\u0370-\u03ff\u0400-\u04ff"
#: LRM, RLM, ALM: ordinary marks, obeyed, never part of a token
_MARKS = "\u200e\u200f\u061c"
# A URL may hold one level of balanced parentheses (…/Kabul_(city)) and never ends on
# sentence punctuation (…/report.html?id=5.).
_URL = (
    r"(?<![A-Za-z0-9])(?:(?:https?|ftps?|sftp|wss?|file)://|www\.|mailto:)"
    rf"(?:[^\s<>()\[\]`\"{_MARKS}]|\([^\s<>()`\"]*\))*"
    rf"(?:[^\s<>()\[\]`\"'.,;:!?،؛؟…»{_MARKS}]|\([^\s<>()`\"]*\))"
)
_HOST = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_EMAIL = rf"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@{_HOST}(?:\.{_HOST})+"
_CODE = r"(?<!\\)(?P<ticks>`+)(?!`)[^\n]+?(?<!`)(?P=ticks)(?!`)"
_DESTINATION = r"(?:[^()\s]|\([^()\s]*\))+(?:[ \t]+\"[^\"\n]*\")?"
_MD_LINK = (
    rf"!?\[(?:!\[[^\]\n]*\]\({_DESTINATION}\)|\\.|[^\[\]\n\\])*\]\({_DESTINATION}\)"
    r"|\[[^\[\]\n]+\]\[[^\[\]\n]*\]"  # [text][ref]
    r"|\[\^[^\]\s]+\]"  # [^footnote]
)
_MARKUP = (
    r"<(?:https?://|mailto:)[^\s<>]+>"  # autolinks
    r"|<[A-Za-z0-9._%+-]+@[^\s<>]+>"
    r"|<!--[^\n]*?-->"
    r"|</?[A-Za-z][A-Za-z0-9]*(?:[-:][A-Za-z0-9]+)*(?:\s[^<>\n]*)?/?>"
    r"|&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"
)
_PATH = (
    r"(?<![\w/.~\\-])(?:~|\.\.?)?/[A-Za-z0-9._~%+@=-]+(?:/[A-Za-z0-9._~%+@=-]*)*"
    r"|(?<![\w\\])[A-Za-z]:\\(?:[^\s\\<>:\"|?*]+\\?)*"
)
# Words, acronyms, numbers: letters and digits joined by inner punctuation (U.S, COVID-19,
# AT&T, 4,053, 30/08/2021, 10:30, v1.2.3); a hashtag or a mention keeps its # or @. A
# percent sign stays outside: Arabic puts it on the left of the number (%50), and so does
# the bidi algorithm.
_WORD = (
    rf"(?<![{_LTR_LETTER}\d])[#@]?[{_LTR_LETTER}\d]+"
    rf"(?:[.,:/'’&_+\-–٫٬]+[{_LTR_LETTER}\d]+)*"
)
_LTR_TOKEN = re.compile(
    f"(?P<url>{_URL})|(?P<email>{_EMAIL})|(?P<code>{_CODE})|(?P<markup>{_MD_LINK}|{_MARKUP})"
    f"|(?P<path>{_PATH})|(?P<word>{_WORD})"
)
_HAS_LETTER = re.compile(f"[{_LTR_LETTER}]")
_NON_LATIN_LETTER = re.compile("[\u0370-\u03ff\u0400-\u04ff]")
_ABBREVIATION = re.compile(f"(?:[{_LTR_LETTER}]{{1,3}}\\.)+[{_LTR_LETTER}]{{1,3}}")
_SPACES = re.compile("[ \t\u00a0\u202f]*")
# A run of Arabic script, with the spaces, digits, punctuation and whole parentheses between
# its words (never a line break: a run does not cross lines).
_ARABIC_RUN = re.compile(
    f"[{ARABIC_CHAR_CLASS}]+(?:(?:[^\\S\\n]|[\\d.,:;/\\-–!?'\"«»%\u200c\u200d{_MARKS}]"
    f"|\\([^()\\n]*\\))+[{ARABIC_CHAR_CLASS}]+)*"
)
#: languages whose cells are right-to-left
RTL_LANGS = (AR, "fa", "ur")
#: the language tags a word processor is given for Arabic runs and for left-to-right ones
RTL_LANG = "ar-SA"
LTR_LANG = "en-US"


@dataclass(frozen=True)
class Unit:
    """``text[start:end]`` drawn as one isolated piece in direction ``dir``.

    ``kind``: ``url``, ``email``, ``code``, ``markup`` (HTML tags, entities, Markdown link
    syntax), ``path``, ``number`` (digits with separators), ``word``, ``phrase`` (tokens
    merged across spaces) or ``arabic`` (a run of Arabic script in a left-to-right cell).
    """

    start: int
    end: int
    dir: str
    kind: str


def _without_controls(text: str) -> tuple[str, list[int] | None]:
    """``text`` without its hidden controls, and where each kept character stood (None when
    nothing was taken out)."""
    found = {index for index, _ in hidden_controls(text)}
    if not found:
        return text, None
    positions = [index for index in range(len(text)) if index not in found]
    return "".join(text[index] for index in positions), positions


def _ltr_tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each left-to-right token of ``text``; kind ``digits`` for a bare
    number, which is isolated only together with a token before it."""
    tokens: list[tuple[int, int, str]] = []
    cursor = 0
    while match := _LTR_TOKEN.search(text, cursor):
        kind = match.lastgroup or "word"  # the outermost group: code, not its ticks
        start, end = match.span()
        value = match.group()
        if kind == "path":
            end -= len(value) - len(value.rstrip(".,;:!?'\""))
        elif kind == "word":
            if _ABBREVIATION.fullmatch(value) and text.startswith(".", end):
                end += 1  # U.S. keeps its last full stop
            elif not _HAS_LETTER.search(value):
                kind = "number" if not value.isdigit() else "digits"
        if end > start:
            tokens.append((start, end, kind))
        cursor = max(end, start + 1)
    return tokens


def _merged(text: str, tokens: list[tuple[int, int, str]]) -> list[Unit]:
    units: list[Unit] = []
    for start, end, kind in tokens:
        if units and _SPACES.fullmatch(text, units[-1].end, start):
            units[-1] = Unit(units[-1].start, end, "ltr", "phrase")
        elif kind != "digits":
            units.append(Unit(start, end, "ltr", kind))
    return units


def isolation_units(text: str, cell_lang: str) -> list[Unit]:
    """The pieces of ``text`` a cell in ``cell_lang`` draws isolated, in order: in a
    right-to-left cell each left-to-right token (a URL, e-mail address, code span, markup,
    path, number with separators, word or phrase) as one ``ltr`` unit; in a left-to-right
    cell each run of Arabic script as one ``rtl`` unit. Hidden controls inside a unit stay
    inside it; those at its edges stay outside."""
    shadow, positions = _without_controls(text)
    if cell_lang in RTL_LANGS:
        units = _merged(shadow, _ltr_tokens(shadow))
    else:
        units = [Unit(*m.span(), "rtl", "arabic") for m in _ARABIC_RUN.finditer(shadow)]
    if positions is None:
        return units
    return [
        Unit(positions[unit.start], positions[unit.end - 1] + 1, unit.dir, unit.kind)
        for unit in units
    ]


def first_strong(text: str) -> str | None:
    """``rtl`` or ``ltr``: the direction of the first strong character of ``text`` (what
    the Unicode bidi algorithm lays a line out by), or None when it has none."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def text_direction(text: str) -> str:
    """``rtl`` when the first strong character of ``text`` is right-to-left, else ``ltr``
    (what ``dir="auto"`` decides, computed here so that the page does not depend on it)."""
    return first_strong(text) or "ltr"


def unit_lang(unit: Unit, text: str) -> str | None:
    """The language a unit of ``text`` is in, for ``lang=``: ``ar`` for an Arabic run,
    ``en`` for a Latin token, None for a number or a Greek or Cyrillic word."""
    if unit.dir == "rtl":
        return AR
    piece = text[unit.start : unit.end]
    if unit.kind == "number" or _NON_LATIN_LETTER.search(piece):
        return None
    return EN


def rtl_run_pieces(text: str) -> list[tuple[str, bool]]:
    """``text`` (Arabic) cut into ``(piece, rtl)`` runs for a word processor: each
    left-to-right token that a right-to-left run would reorder (a URL, an e-mail address, a
    path, a Latin phrase) is a run of its own; letters and digits alone (``WHO``) stay in
    the Arabic run, which draws them in their own order."""
    pieces: list[tuple[str, bool]] = []
    cursor = 0
    for unit in isolation_units(text, AR):
        token = text[unit.start : unit.end]
        if token.isalnum():
            continue
        pieces += [(text[cursor : unit.start], True), (token, False)]
        cursor = unit.end
    pieces.append((text[cursor:], True))
    return [(piece, rtl) for piece, rtl in pieces if piece]
