"""The character rules every reader and writer shares (tarjama.chars)."""

from __future__ import annotations

import unicodedata

import pytest

from tarjama.chars import (
    HIDDEN_CONTROLS,
    first_refused_control,
    hidden_controls_warning,
    show_hidden,
    terminal_safe,
)

#: format characters that are ordinary typing in Arabic and Persian, or visible signs
ORDINARY = {"\u200c", "\u200d", "\u200e", "\u200f", "\u061c"} | {
    chr(code)
    for code in (*range(0x600, 0x606), 0x6DD, 0x70F, 0x890, 0x891, 0x8E2, 0x110BD, 0x110CD)
}


def test_regression_every_invisible_format_character_is_flagged():
    unflagged = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if unicodedata.category(chr(code)) == "Cf"
        and chr(code) not in ORDINARY
        and not HIDDEN_CONTROLS.match(chr(code))
    ]
    assert unflagged == []


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Kreml\u00adin", "Kreml⟨SHY⟩in"),
        ("Mos\u206ecow", "Mos⟨NADS⟩cow"),
        ("\ufff9hidden\ufffb", "⟨IAA⟩hidden⟨IAT⟩"),
        ("a\u3164b", "a⟨HF⟩b"),
        ("named \u202etxt.exe\u202c", "named ⟨RLO⟩txt.exe⟨PDF⟩"),
        ("كتاب\u200cها \u200fok", "كتاب\u200cها \u200fok"),  # ZWNJ and RLM are ordinary
    ],
)
def test_hidden_controls_are_shown_as_labels(text, shown):
    assert show_hidden(text) == shown
    assert (hidden_controls_warning(text, "line 1") is None) == (text == shown)


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("a\x1b[31mRED.txt", "a\\x1b[31mRED.txt"),
        ("c\x1b]0;pwn\x07.txt", "c\\x1b]0;pwn\\x07.txt"),
        ("b\u202etxt.md", "b⟨RLO⟩txt.md"),
        ("new\nline\x85", "new\\x0aline\\x85"),
        ("tab\tstays", "tab\tstays"),
    ],
)
def test_regression_file_names_never_drive_the_terminal(text, safe):
    assert terminal_safe(text) == safe


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("page one\n\fpage two\f\n", None),  # page breaks at line edges: layout
        ("a line\vwith a tab", (1, 7)),
        ("\x1b at the start", (1, 1)),
        ("ok\nbad \ufffe\n", (2, 5)),
    ],
)
def test_what_a_source_may_hold(text, refused):
    found = first_refused_control(text)
    assert (found and (found.line, found.column)) == refused or (found is None and refused is None)
