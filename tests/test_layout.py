"""Blocks, lines and units: what is translatable and what is structure."""

from __future__ import annotations

import pytest

from tarjama.segment.layout import is_menu_line, layout


def units(text: str, markdown: bool = False) -> list[list[str]]:
    return [[text[u.start : u.end] for u in block.units] for block in layout(text, markdown)]


WRAPPED = (
    "The delegation arrived in Moscow on Monday evening after a long flight from\n"
    "Doha, where the movement keeps its political office, and was met at the\n"
    "airport by officials of the foreign ministry.\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # scraped text: one unit per line, however the lines end
        (
            "Issued by the Ministry of Foreign Affairs - Paris\nad a b\n",
            [["Issued by the Ministry of Foreign Affairs - Paris", "ad a b"]],
        ),
        (
            "Moscow, 30/August/2021\nBy Staff Writer\n",
            [["Moscow, 30/August/2021", "By Staff Writer"]],
        ),
        # hard-wrapped prose at ~76 columns: one unit
        (WRAPPED, [[WRAPPED.strip()]]),
        # long unwrapped lines (one paragraph per line, as scraped) stay apart
        ("A" * 150 + "\n" + "B" * 150 + "\n", [["A" * 150, "B" * 150]]),
        # a break that switches script is never a wrap
        (
            "Officials in Tashkent welcomed the initiative of Moscow on the regional\n"
            "المسؤولون في طشقند رحبوا بالمبادرة\n",
            [
                [
                    "Officials in Tashkent welcomed the initiative of Moscow on the regional",
                    "المسؤولون في طشقند رحبوا بالمبادرة",
                ]
            ],
        ),
        # blank lines separate paragraphs
        ("First.\n\n\nSecond.\n", [["First."], ["Second."]]),
    ],
    ids=[
        "scraped-lines",
        "dateline-byline",
        "hard-wrapped",
        "long-lines",
        "script-switch",
        "blank",
    ],
)
def test_line_units(text: str, expected: list[list[str]]):
    assert units(text) == expected


@pytest.mark.parametrize(
    ("text", "expected_units", "expected_kind"),
    [
        ("## Key points ##\n", ["Key points"], "heading"),
        ("- first item\n- second item\n", ["first item", "second item"], "list"),
        ("1. one\n2) two\n", ["one", "two"], "list"),
        ("- [x] done task\n", ["done task"], "list"),
        ("> quoted words\n> more\n", ["quoted words", "more"], "quote"),
        ("| A | B |\n|---|:-:|\n| x \\| y | `a|b` |\n", ["A", "B", "x \\| y", "`a|b`"], "table"),
        ("```\ncode. Here.\n\nmore code\n```\n", [], "code"),
        ("    indented code\n", [], "code"),
        ("---\ntitle: x\n---\n", [], "code"),
        ("<div align=center>\n", [], "code"),
        ("<!-- note -->\n", [], "code"),
        ("<b>Note:</b> the talks resume.\n", ["<b>Note:</b> the talks resume."], "text"),
        ("[ref]: https://example.org\n", [], "code"),
    ],
    ids=[
        "heading",
        "bullets",
        "numbered",
        "task",
        "quote",
        "table",
        "fence",
        "indented",
        "front-matter",
        "html",
        "comment",
        "inline-html",
        "link-definition",
    ],
)
def test_markdown_structure_is_not_translated(text, expected_units, expected_kind):
    blocks = layout(text, markdown=True)
    assert [text[u.start : u.end] for b in blocks for u in b.units] == expected_units
    assert blocks[0].kind == expected_kind


def test_fenced_code_keeps_blank_lines_inside_one_block():
    text = "Intro.\n\n```python\nx = 1\n\ny = 2\n```\n\nOutro.\n"
    blocks = layout(text, markdown=True)
    assert [b.kind for b in blocks] == ["text", "code", "text"]
    assert text[blocks[1].start : blocks[1].end] == "```python\nx = 1\n\ny = 2\n```"


@pytest.mark.parametrize(
    ("line", "is_menu"),
    [
        ("Share | طباعة | Email", True),
        ("Home • World • Middle East • Sport", True),
        ("Russia | Keeps its embassy", False),  # two items: a table-like row, not a menu
        ("He said the vote was 12 | 3 in favour of the motion today and more", False),
    ],
)
def test_menu_lines(line: str, is_menu: bool):
    assert is_menu_line(line) is is_menu


def test_regression_wrap_join_stops_at_structure_lines_and_markers():
    long_line = "The delegation arrived in Moscow on Monday evening after a long flight from"
    for between in ("<!-- ad slot -->", "---", "#", "[ref]: https://example.org"):
        text = f"{long_line}\n{between}\nDoha, where the movement keeps its political office.\n"
        assert units(text, markdown=True) == [
            [long_line, "Doha, where the movement keeps its political office."]
        ], between
    after_text = f"{long_line}\n> Doha, where the movement keeps its office.\n"
    assert units(after_text, markdown=True) == [
        [long_line, "Doha, where the movement keeps its office."]
    ]
    # Wrapped quote lines join each other; the inner ">" is handled by the segmenter.
    quoted = f"> {long_line}\n> Doha, where the movement keeps its office.\n"
    assert units(quoted, markdown=True) == [
        [f"{long_line}\n> Doha, where the movement keeps its office."]
    ]
    bullet = f"{long_line}\n- first bullet item\n"
    assert units(bullet) == [[long_line, "- first bullet item"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. Item\n\n    Continuation paragraph.\n", [["Item"], ["Continuation paragraph."]]),
        ("- Item\n\n    - nested bullet\n", [["Item"], ["nested bullet"]]),
        ("- Item\n\nNormal paragraph.\n\n    code()\n", [["Item"], ["Normal paragraph."], []]),
    ],
    ids=["item-paragraph", "nested-bullet", "list-ends"],
)
def test_regression_indented_text_inside_a_list_is_not_code(text, expected):
    assert units(text, markdown=True) == expected


def test_footnote_definitions_are_translated_and_hard_breaks_kept_out():
    text = "[^1]: Figures from the ministry.\nFirst line\\\nSecond line\n"
    assert units(text, markdown=True) == [
        ["Figures from the ministry.", "First line", "Second line"]
    ]
