"""The HTML pages as a browser draws them: headless Chromium, driven through chromedriver.

Each check reads the layout back from the DOM (``Range.getBoundingClientRect()`` of every
character), so it tests what a reviewer sees, not the markup: the URL of an Arabic sentence
is laid out left to right as one piece, between the Arabic words it stands between; an RLO
shows as a visible badge and the name after it keeps its order. Two control pages written
the old way (letter runs in ``<bdi>``, the override left in the text) show that the same
checks see the scrambling the issue reported.

Screenshots (screen and print) are saved in the test's ``tmp_path``; the paths are printed
(``pytest -s`` or ``-rP`` shows them).

Debian's system browser is used (``apt-get install chromium chromium-driver``); the tests
skip, saying so, where ``/usr/bin/chromium`` or ``/usr/bin/chromedriver`` is missing.
Nothing is downloaded: the driver and the browser are given by path.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

from tarjama.export.html import bitext_html, side_by_side_html
from test_bidi_display import CODE, EMAIL, LINK, URL, URL_AR, mixed_document

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARGUMENTS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
    "--force-device-scale-factor=1",
)
PAGES = {"side_by_side": side_by_side_html, "bitext": bitext_html}

# The layout of every character of an element, in text order: [{ch, left, right, mid,
# line}], ``line`` the index of its visual line from the top. Characters drawn with no width
# (a collapsed space, a control the browser obeys) are left out.
LAYOUT_JS = """
const element = arguments[0];
const chars = [];
const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  for (let i = 0; i < node.data.length; i++) {
    const range = document.createRange();
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    const rect = range.getBoundingClientRect();
    if (rect.width === 0) continue;
    chars.push({ch: node.data[i], left: rect.left, right: rect.right,
                mid: (rect.top + rect.bottom) / 2});
  }
}
const mids = [];
for (const c of chars) if (!mids.some(m => Math.abs(m - c.mid) < 6)) mids.push(c.mid);
mids.sort((a, b) => a - b);
for (const c of chars) c.line = mids.findIndex(m => Math.abs(m - c.mid) < 6);
return chars;
"""


def _skip_reason() -> str | None:
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if missing:
        return (
            f"{' and '.join(missing)} missing: the browser tests drive Debian's Chromium "
            "(apt-get install chromium chromium-driver)"
        )
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_AVOID_STATS", "true")
    options = Options()
    options.binary_location = str(CHROMIUM)
    for argument in ARGUMENTS:
        options.add_argument(argument)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _open(browser, html: str, path: Path) -> None:
    path.write_text(html, encoding="utf-8")
    browser.get(path.as_uri())


def _layout(browser, element) -> list[dict]:
    return browser.execute_script(LAYOUT_JS, element)


def _visual_lines(chars: list[dict]) -> list[str]:
    """What each line shows, from the top, read left to right (characters by position)."""
    lines: dict[int, list[dict]] = {}
    for c in chars:
        lines.setdefault(c["line"], []).append(c)
    return [
        "".join(c["ch"] for c in sorted(lines[line], key=lambda c: c["left"]))
        for line in sorted(lines)
    ]


def _laid_out_left_to_right(chars: list[dict]) -> bool:
    """On each line, each character starts where the one before it ends or further right;
    a line further down continues the text (a long token may wrap)."""
    pairs = zip(chars, chars[1:], strict=False)
    return all(
        b["left"] >= a["right"] - 0.5 if a["line"] == b["line"] else b["line"] > a["line"]
        for a, b in pairs
    )


def _cell(browser, lang: str, text: str):
    cells = [
        cell
        for cell in browser.find_elements("css selector", f"td[lang='{lang}']")
        if text in cell.get_attribute("textContent")
    ]
    assert len(cells) == 1, f"one {lang} cell holding {text!r}"
    return cells[0]


def _screenshots(browser, tmp_path: Path, name: str) -> list[Path]:
    """The whole page on screen, the same in print media, and the printed PDF."""
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1400, min(max(height + 120, 600), 4000))
    screen = tmp_path / f"{name}.png"
    browser.save_screenshot(str(screen))
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    printed = tmp_path / f"{name}.print.png"
    browser.save_screenshot(str(printed))
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = tmp_path / f"{name}.pdf"
    from selenium.webdriver.common.print_page_options import PrintOptions

    pdf.write_bytes(base64.b64decode(browser.print_page(PrintOptions())))
    browser.set_window_size(1400, 1000)
    for path in (screen, printed, pdf):
        assert path.stat().st_size > 1000
        print(f"screenshot: {path}")
    return [screen, printed, pdf]


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_arabic_url_email_and_code_are_drawn_left_to_right_as_one_piece(
    browser, tmp_path: Path, kind: str
):
    _open(browser, PAGES[kind](mixed_document(), "bidi check"), tmp_path / f"{kind}.html")
    _screenshots(browser, tmp_path, kind)
    for start, token, css in [
        ("وقال الموقع", URL, "url"),
        ("للتواصل", EMAIL, "email"),
        ("شغّل", CODE, "code"),
        ("شغّل", LINK, "markup"),
        ("شغّل", "<b>", "markup"),
        ("وذلك", "4,053", "number"),
        ("وذلك", "30/08/2021", "number"),
    ]:
        cell = _cell(browser, "ar", start)
        assert cell.value_of_css_property("direction") == "rtl"
        units = [
            bdi
            for bdi in cell.find_elements("css selector", f"bdi.{css}")
            if bdi.get_attribute("textContent") == token
        ]
        assert len(units) == 1, f"{token!r} is one <bdi> holding all of it"
        chars = _layout(browser, units[0])
        assert "".join(c["ch"] for c in chars) == token
        if token == LINK:
            # the link text is Arabic, drawn right to left inside the left-to-right unit
            assert "".join(_visual_lines(chars)) == LINK.replace("الدليل", "ليلدلا")
        else:
            assert _laid_out_left_to_right(chars), f"{token!r} is laid out left to right"
            assert "".join(_visual_lines(chars)) == token


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_the_url_stands_between_the_arabic_words_around_it(browser, tmp_path: Path, kind: str):
    _open(browser, PAGES[kind](mixed_document(), "bidi check"), tmp_path / f"{kind}.html")
    chars = _layout(browser, _cell(browser, "ar", "وقال الموقع"))
    text = "".join(c["ch"] for c in chars)

    def word(w: str) -> list[dict]:
        return chars[text.index(w) : text.index(w) + len(w)]

    url, before, after = word(URL), word("الموقع"), word("اليوم")
    assert _laid_out_left_to_right(url) and len({c["line"] for c in url}) == 1
    line = url[0]["line"]
    # right to left: the word before the URL is on its right (or on a line above), the word
    # after it on its left (or on a line below)
    if before[0]["line"] == line:
        assert min(c["left"] for c in before) >= max(c["right"] for c in url) - 0.5
    else:
        assert before[0]["line"] < line
    if after[0]["line"] == line:
        assert max(c["right"] for c in after) <= min(c["left"] for c in url) + 0.5
    else:
        assert after[0]["line"] > line


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_rlo_shows_as_a_visible_badge_and_the_name_keeps_its_order(
    browser, tmp_path: Path, kind: str
):
    _open(browser, PAGES[kind](mixed_document(), "bidi check"), tmp_path / f"{kind}.html")
    assert "\u202e" not in browser.execute_script("return document.body.innerText")
    english = _cell(browser, "en", "attachment")
    badges = english.find_elements("css selector", "span.ctl")
    assert [badge.text for badge in badges] == ["RLO", "PDF"]  # .text: what is rendered
    for badge in badges:
        assert badge.is_displayed()
        assert badge.size["width"] > 10 and badge.size["height"] > 8
        assert badge.value_of_css_property("visibility") == "visible"
        assert badge.get_attribute("title").startswith(("U+202E", "U+202C"))
    assert "named RLOtxt.exePDF by" in " ".join(_visual_lines(_layout(browser, english)))
    # in the Arabic translation: right to left, the RLO badge (first) right of the name
    arabic = _cell(browser, "ar", "كان اسم المرفق")
    rlo, pdf = arabic.find_elements("css selector", "span.ctl")
    name = next(b for b in arabic.find_elements("css selector", "bdi") if b.text == "txt.exe")
    assert _laid_out_left_to_right(_layout(browser, name))
    assert rlo.rect["x"] >= name.rect["x"] + name.rect["width"] - 0.5
    assert pdf.rect["x"] + pdf.rect["width"] <= name.rect["x"] + 0.5
    # printed, the badge keeps a visible border and legible text
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert badges[0].value_of_css_property("border-top-style") == "solid"
        assert badges[0].value_of_css_property("color") in ("rgba(0, 0, 0, 1)", "rgb(0, 0, 0)")
        assert float(badges[0].value_of_css_property("font-size").removesuffix("px")) >= 10
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_the_checks_see_the_scrambling_of_the_old_markup(browser, tmp_path: Path):
    """Control: the old ``<bdi>`` of letter runs, and an override left in the text, drawn by
    the same browser and read by the same checks, show what the issue reported."""
    old_url = (
        'وقال الموقع <bdi dir="ltr" lang="en">https</bdi>://<bdi dir="ltr" lang="en">'
        'example.org/news/2021/report.html</bdi>?<bdi dir="ltr" lang="en">id</bdi>=5 اليوم.'
    )
    assert old_url.replace('<bdi dir="ltr" lang="en">', "").replace("</bdi>", "") == URL_AR
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><table><tr>'
        f'<td lang="ar" dir="rtl">{old_url}</td>'
        '<td lang="en" dir="ltr">The attachment was named \u202etxt.exe\u202c by the sender.</td>'
        "</tr></table></body></html>"
    )
    _open(browser, page, tmp_path / "old.html")
    shot = tmp_path / "old.png"
    browser.save_screenshot(str(shot))
    print(f"screenshot: {shot}")
    (arabic,) = _visual_lines(_layout(browser, _cell(browser, "ar", "الموقع")))
    assert "5=id?example.org/news/2021/report.html//:https" in arabic and URL not in arabic
    (english,) = _visual_lines(_layout(browser, _cell(browser, "en", "attachment")))
    assert "named exe.txt by" in english
