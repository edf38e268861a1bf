"""Inline elements of a unit that translation must carry, not translate word by word.

* ``code``: Markdown code spans — never translated;
* ``url``: web addresses and e-mail addresses — never translated;
* ``link`` / ``image`` / ``emphasis``: Markdown ``[text](url)``, ``![alt](src)``, ``**text**``,
  ``*text*``, ``__text__``, ``_text_`` — the markup is kept, the text inside is translated on
  its own and put back inside the markup;
* ``foreign``: a name or acronym in the other script inside a sentence (found later, once
  the segment's language is known) — kept as-is;
* ``format`` / ``object`` / ``code``: spans a structured file marks (a bold run, an image,
  inline code; :class:`~tarjama.source.MarkupSpan`), given by its reader rather than found
  in the text — formatted text is translated on its own like emphasis, the others kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tarjama.script import ARABIC, LATIN, char_script
from tarjama.source import FORMAT, MarkupSpan

_CODE_SPAN = re.compile(r"(?<!\\)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_URL = re.compile(
    r"(?:https?://|ftp://|www\.)(?:[^\s<>()\[\]]|\([^\s<>()]*\))*"
    r"(?:[^\s<>()\[\].,;:!?،؛؟'\"]|\([^\s<>()]*\))"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^\s>]+>")
_INLINE_HTML = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.DOTALL)
# A link destination may hold one level of balanced parentheses (…/Kabul_(city)).
_DESTINATION = r"(?:[^()\s]|\([^()\s]*\))+(?:\s+\"[^\"]*\")?"
_IMAGE = rf"!\[[^\]\n]*\]\({_DESTINATION}\)"
# Link text may hold an image: [![alt](img.jpg)](https://…).
_LINK = re.compile(rf"(!?)\[((?:{_IMAGE}|\\.|[^\[\]\n\\])+)\]\(({_DESTINATION})\)")
_REFERENCE_LINK = re.compile(r"\[([^\[\]\n^][^\[\]\n]*)\]\[([^\[\]\n]*)\]")
_FOOTNOTE_REFERENCE = re.compile(r"\[\^[^\]\s]+\](?!:)")
_STRONG = re.compile(r"(?<!\\)(\*\*|__)(?=\S)(.+?)(?<=[^\s\\])\1")
_EMPHASIS = re.compile(r"(?<![\w*\\])(\*|_)(?=\S)([^*_\n]+?)(?<=[^\s\\])\1(?![\w*])")
# Filler for masked regions: neither a letter nor sentence punctuation, so masked text
# neither splits sentences nor changes the script balance.
MASK_CHAR = "\u2060"


@dataclass
class InlineElement:
    """Offsets are absolute (into the document text)."""

    start: int
    end: int
    kind: str
    #: the translatable text inside markup (link text, emphasised words), if any
    inner_start: int | None = None
    inner_end: int | None = None
    #: the reader's handle of an element the file's structure marks (see tarjama.source)
    handle: int | str | None = None

    @property
    def has_inner(self) -> bool:
        return self.inner_start is not None


def find_elements(
    text: str,
    start: int,
    end: int,
    markdown: bool,
    markup: Sequence[MarkupSpan] = (),
) -> list[InlineElement]:
    """Non-overlapping inline elements of ``text[start:end]``, in order.

    ``markup`` (the file structure's own spans) comes first, outermost first, clipped to the
    range. Then patterns are tried from the most literal (code) to the loosest (emphasis);
    a later pattern never claims characters an earlier one took.
    """
    found: list[InlineElement] = structure_elements(markup, start, end)

    def free(a: int, b: int) -> bool:
        return all(b <= element.start or a >= element.end for element in found)

    def claim_all(pattern: re.Pattern[str], kind: str, inner_group: int | None = None) -> None:
        for match in pattern.finditer(text, start, end):
            if not free(match.start(), match.end()):
                continue
            inner = match.span(inner_group) if inner_group else (None, None)
            found.append(InlineElement(match.start(), match.end(), kind, *inner))

    if markdown:
        claim_all(_CODE_SPAN, "code")
        claim_all(_AUTOLINK, "url")
        claim_all(_INLINE_HTML, "html")
        claim_all(_FOOTNOTE_REFERENCE, "code")
        for match in _LINK.finditer(text, start, end):
            if free(match.start(), match.end()):
                kind = "image" if match.group(1) else "link"
                # Link text holding an image is carried whole: its markup is not prose.
                inner = (None, None) if "](" in match.group(2) else match.span(2)
                found.append(InlineElement(match.start(), match.end(), kind, *inner))
        claim_all(_REFERENCE_LINK, "link", 1)
    claim_all(_URL, "url")
    if markdown:
        claim_all(_STRONG, "emphasis", 2)
        claim_all(_EMPHASIS, "emphasis", 2)
    return sorted(found, key=lambda element: element.start)


def structure_elements(markup: Sequence[MarkupSpan], start: int, end: int) -> list[InlineElement]:
    """The ``markup`` spans inside ``[start, end)`` as elements: the outermost of nested
    ones, clipped to the range; formatted text has itself as its inner text."""
    elements: list[InlineElement] = []
    for span in sorted(markup, key=lambda s: (s.start, -s.end)):
        a, b = max(span.start, start), min(span.end, end)
        if a >= b or any(a < e.end and b > e.start for e in elements):
            continue
        inner = (a, b) if span.kind == FORMAT else (None, None)
        elements.append(InlineElement(a, b, span.kind, *inner, handle=span.handle))
    return elements


def is_url(text: str) -> bool:
    return _URL.fullmatch(text.strip()) is not None


def masked(text: str, elements: list[InlineElement], offset: int = 0) -> str:
    """``text`` with every character of carried markup replaced by :data:`MASK_CHAR`.

    ``text`` is a slice of the document starting at ``offset``; offsets stay the same. Link
    and emphasis text stays visible, so it still counts for sentence splitting and language
    detection; code, URLs, link targets and markup characters do not.
    """
    chars = list(text)
    for element in elements:
        for position in range(max(element.start, offset), min(element.end, offset + len(text))):
            if element.has_inner and element.inner_start <= position < element.inner_end:
                continue
            chars[position - offset] = MASK_CHAR
    return "".join(chars)


def unwrap(text: str, start: int, end: int, markdown: bool) -> tuple[int, int]:
    """Shrink a unit that is wholly one emphasis or link to the text inside the markup.

    ``**Breaking news**`` and ``[Read more](https://…)`` then translate as plain text, and
    the markup around them is copied like any other structure.
    """
    if not markdown:
        return start, end
    while True:
        elements = find_elements(text, start, end, markdown)
        if (
            len(elements) == 1
            and elements[0].start == start
            and elements[0].end == end
            and elements[0].has_inner
        ):
            start, end = elements[0].inner_start, elements[0].inner_end
            continue
        return start, end


def foreign_runs(text: str, start: int, end: int, lang: str) -> list[tuple[int, int]]:
    """Runs of words in the other script inside a segment in ``lang`` ("ar" or "en").

    A run spans words of the foreign script and the spaces, digits, dots and hyphens between
    them (``U.S.``, ``COVID-19``, ``عبد الغني برادر``), without enclosing brackets or quotes.
    """
    foreign = LATIN if lang == "ar" else ARABIC
    runs: list[tuple[int, int]] = []
    run_start: int | None = None
    run_end = start
    for word in re.finditer(r"\S+", text[start:end]):
        word_start, word_end = start + word.start(), start + word.end()
        scripts = {char_script(ch) for ch in word.group()} & {ARABIC, LATIN}
        if scripts == {foreign}:
            if run_start is None:
                run_start = word_start
            run_end = word_end
        elif run_start is not None:
            runs.append((run_start, run_end))
            run_start = None
    if run_start is not None:
        runs.append((run_start, run_end))
    return [_trim_to_letters(text, a, b) for a, b in runs]


def _trim_to_letters(text: str, start: int, end: int) -> tuple[int, int]:
    # Brackets and quotes around a name belong to the sentence, not to the name.
    while start < end and not (text[start].isalnum()):
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] == "."):
        end -= 1
    if end > start and text[end - 1] == "." and not re.search(r"\.\w+\.$", text[start:end]):
        end -= 1  # a sentence full stop, not the last dot of an abbreviation like U.S.
    return start, end
