"""``tarjama review serve`` in a real headless Chromium: the editor driven from the keyboard.

The server runs for real (``test_review_server.serving``); the browser is Debian's
Chromium through chromedriver, as in ``test_browser`` (skipped, saying why, where either is
missing). Screenshots of a translate run and an align run are saved in the test's
``tmp_path``; with ``TARJAMA_UPDATE_SCREENSHOTS=1`` they are also copied to
``docs/review-editor.png`` / ``docs/review-align.png`` (the README shows them). A plain test
run never changes a tracked file.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tarjama.align import align_files
from tarjama.document import TermMatch
from tarjama.memory import TranslationMemory
from tarjama.outputs import output_paths, write_outputs
from tarjama.review import read_align_run, write_align_outputs
from test_browser import (
    LAYOUT_JS,
    _laid_out_left_to_right,
    browser,  # noqa: F401 (the fixture: Chromium, or a skip)
)
from test_review import _records, _run
from test_review_server import serving

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
HOSTILE_TAG = "<img src=x onerror=alert(1)>"
ARTICLE = (
    "روسيا تستضيف محادثات إقليمية حول أفغانستان\n\n"
    "The envoy said the talks in Moscow would go on until September 5, according to "
    "https://example.org/talks?id=5.\n\n"
    "وأضاف أن منظمة معاهدة الأمن الجماعي ستجري مناورات على حدود طاجيكستان الشهر المقبل.\n\n"
    f"The hostile report quoted {HOSTILE_TAG} and the file \u202egnp.exe\u202c verbatim.\n"
)
#: a draft translation for the segment whose source holds the key
DRAFTS = {
    "روسيا تستضيف": "Russia hosts regional talks about Afghanistan",
    "The envoy": "قال المبعوث إن المحادثات في موسكو ستستمر حتى 5 أيلول/سبتمبر، بحسب "
    "https://example.org/talks?id=5.",
    "وأضاف": "He added that the Collective Security Treaty Organization will hold exercises "
    "on the border of Tajikistan next month.",
    "hostile": f"نقل التقرير العدائي {HOSTILE_TAG} والملف \u202egnp.exe\u202c حرفياً.",
}
EDITED = "Russia hosts regional talks on Afghanistan"
WAIT = 20


def _term(segment, text: str, target: str, status: str, entry: str) -> TermMatch:
    start = segment.start + segment.source.index(text)
    return TermMatch(start, start + len(text), text, text, target, entry, status=status)


def _article_run(folder: Path) -> Path:
    """A translate run of :data:`ARTICLE` with drafts and glossary terms (one missed)."""
    out, document = _run(folder, ARTICLE)
    for segment in document.segments:
        for key, draft in DRAFTS.items():
            if key in segment.source and segment.translation is not None:
                segment.translation = draft
        if "The envoy" in segment.source:
            segment.terms = [_term(segment, "envoy", "المبعوث", "applied", "news.tsv:12")]
        if "مناورات" in segment.source:
            segment.terms = [_term(segment, "مناورات", "military drills", "missed", "news.tsv:31")]
    write_outputs(document, output_paths(document, out, "article"), ["en", "ar"], set())
    return out / "article.segments.jsonl"


def _wait(driver, condition, message: str):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # the page re-renders rows after each save: an element found a moment ago may be gone
    wait = WebDriverWait(driver, WAIT, ignored_exceptions=(StaleElementReferenceException,))
    return wait.until(condition, message)


def _rows(driver):
    return driver.find_elements("css selector", "#segments tr.item")


def _open(driver, url: str) -> None:
    driver.get(url)
    _wait(driver, lambda d: _rows(d), "the editor shows no rows")


def _keys(driver, *keys: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(*keys).perform()


def _chord(driver, modifier: str, key: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).key_down(modifier).send_keys(key).key_up(modifier).perform()


def _screenshot(driver, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    size = driver.get_window_size()
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(size["width"], min(height + 20, 2000))  # the whole page, or most
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(str(path))
    driver.set_window_size(size["width"], size["height"])
    if os.environ.get("TARJAMA_UPDATE_SCREENSHOTS") == "1":
        DOCS.mkdir(exist_ok=True)
        shutil.copyfile(path, DOCS / name)
    print(f"screenshot: {path}")
    return path


def _status(driver) -> str:
    return driver.find_element("id", "status").text


def test_edit_by_keyboard_confirm_reload_and_find_it_saved(browser, tmp_path: Path):  # noqa: F811
    from selenium.webdriver.common.keys import Keys

    run = _article_run(tmp_path)
    out = run.parent
    memory = tmp_path / "tm.sqlite"
    version_before = (out / "article.en.txt").read_text(encoding="utf-8")
    with serving(run, memory) as client:
        _open(browser, client.server.url)
        assert browser.find_element("id", "counter").text == "reviewed 0 of 4"
        first = _rows(browser)[0]
        assert browser.switch_to.active_element == first  # the first segment to review

        _keys(browser, Keys.ENTER)  # edit
        area = _wait(browser, lambda d: d.find_elements("tag name", "textarea"), "no editor")[0]
        assert area.get_attribute("value") == DRAFTS["روسيا تستضيف"]
        _chord(browser, Keys.CONTROL, "a")
        _keys(browser, EDITED)
        _chord(browser, Keys.CONTROL, Keys.ENTER)  # confirm, go to the next flagged
        _wait(browser, lambda d: _status(d).startswith("saved #0"), "not saved")
        assert browser.find_element("id", "counter").text == "reviewed 1 of 4"
        assert browser.switch_to.active_element.get_attribute("data-id") != "0"

        # Esc cancels: nothing is saved
        before = run.read_bytes()
        _keys(browser, Keys.ENTER)
        _wait(browser, lambda d: d.find_elements("tag name", "textarea"), "no editor")
        _keys(browser, "something to throw away")
        _keys(browser, Keys.ESCAPE)
        _wait(browser, lambda d: not d.find_elements("tag name", "textarea"), "Esc kept it open")
        assert run.read_bytes() == before

        browser.refresh()
        _open(browser, client.server.url)
        row = _rows(browser)[0]
        assert row.find_element("css selector", "td.target").text.startswith(EDITED)
        assert "reviewed" in row.get_attribute("class")
        assert browser.find_element("id", "counter").text == "reviewed 1 of 4"

        # Ctrl+Z brings the earlier text back into the editor, to confirm or leave
        browser.execute_script("arguments[0].focus()", row)
        _chord(browser, Keys.CONTROL, "z")
        status = _status(browser)
        assert "nothing to undo" in status  # a reload starts a new session: nothing to undo
        _screenshot(browser, tmp_path, "review-editor.png")

    record = next(r for r in _records(out) if r["id"] == 0)
    assert record["translation"] == EDITED and record["origin"] == "review"
    version = (out / "article.en.txt").read_text(encoding="utf-8")
    assert EDITED in version and version != version_before
    with TranslationMemory(memory) as tm:
        assert tm.lookup(record["source"], "ar", "en") == EDITED


def test_undo_reopens_the_earlier_text_in_the_same_session(browser, tmp_path: Path):  # noqa: F811
    from selenium.webdriver.common.keys import Keys

    run = _article_run(tmp_path)
    with serving(run, tmp_path / "tm.sqlite") as client:
        _open(browser, client.server.url)
        _keys(browser, Keys.ENTER)
        _wait(browser, lambda d: d.find_elements("tag name", "textarea"), "no editor")
        _chord(browser, Keys.CONTROL, "a")
        _keys(browser, EDITED)
        _chord(browser, Keys.CONTROL, Keys.ENTER)
        _wait(browser, lambda d: _status(d).startswith("saved #0"), "not saved")
        _chord(browser, Keys.CONTROL, "z")
        area = _wait(browser, lambda d: d.find_elements("tag name", "textarea"), "no undo")[0]
        assert area.get_attribute("value") == DRAFTS["روسيا تستضيف"]
        _chord(browser, Keys.CONTROL, Keys.ENTER)  # saves the earlier text, replacing
        _wait(browser, lambda d: _status(d).startswith("saved #0"), "undo not saved")
    record = next(r for r in _records(run.parent) if r["id"] == 0)
    assert record["translation"] == DRAFTS["روسيا تستضيف"]


def test_markup_and_bidi_overrides_in_the_text_are_shown_as_text(browser, tmp_path: Path):  # noqa: F811
    run = _article_run(tmp_path)
    with serving(run, tmp_path / "tm.sqlite") as client:
        _open(browser, client.server.url)
        assert browser.execute_script("return document.images.length") == 0
        hostile = [row for row in _rows(browser) if "hostile" in row.get_attribute("textContent")][
            0
        ]
        text = hostile.get_attribute("textContent")
        assert HOSTILE_TAG in text  # both columns, as text
        assert text.count(HOSTILE_TAG) == 2
        assert "\u202e" not in text and "\u202c" not in text  # never in the page: badges
        badges = [b.text for b in hostile.find_elements("css selector", ".ctl")]
        assert badges == ["RLO", "PDF", "RLO", "PDF"]
        source = hostile.find_element("css selector", "td.source")
        assert "gnp.exe" in source.text  # in its own order, not reversed by the override
        tag = hostile.find_element("css selector", "td.target bdi.markup")
        assert tag.get_attribute("textContent") == HOSTILE_TAG  # one left-to-right unit
        assert _laid_out_left_to_right(browser.execute_script(LAYOUT_JS, tag))
        arabic = browser.find_element("css selector", "td.source[lang='ar']")
        style = browser.execute_script(
            "const s = getComputedStyle(arguments[0]); return [s.direction, s.textAlign]", arabic
        )
        assert style == ["rtl", "right"]
        missed = browser.find_elements("css selector", "mark.term.missed")
        applied = browser.find_elements("css selector", "mark.term.applied")
        assert [m.text for m in missed] == ["مناورات"] and len(applied) == 2  # both columns
        assert "military drills" in missed[0].get_attribute("title")
        flags = [li.text for li in browser.find_elements("css selector", "ul.flags li")]
        assert any(flag.startswith("terms") for flag in flags)


def test_filters_show_what_they_say(browser, tmp_path: Path):  # noqa: F811
    run = _article_run(tmp_path)
    with serving(run, tmp_path / "tm.sqlite") as client:
        _open(browser, client.server.url)

        def shown() -> list[str]:
            return [row.get_attribute("data-id") for row in _rows(browser) if row.is_displayed()]

        everything = shown()
        browser.find_element("css selector", "button[data-filter='flagged']").click()
        flagged = shown()
        assert flagged and set(flagged) <= set(everything)
        browser.find_element("css selector", "button[data-filter='unreviewed']").click()
        assert len(shown()) == 4
        browser.find_element("css selector", "button[data-filter='all']").click()
        assert shown() == everything


def test_an_align_run_by_keyboard_confirm_and_mark_wrong(browser, tmp_path: Path):  # noqa: F811
    from selenium.webdriver.common.keys import Keys

    document = align_files(
        ROOT / "examples/aqaba-water.ar.txt", ROOT / "examples/aqaba-water.en.txt"
    )
    run = write_align_outputs(document, [], tmp_path, "aqaba-water.ar.en")[-1]
    memory = tmp_path / "tm.sqlite"
    with serving(run, memory) as client:
        _open(browser, client.server.url)
        rows = _rows(browser)
        assert browser.find_element("id", "counter").text == f"reviewed 0 of {len(rows)}"
        assert browser.find_elements("css selector", "tr.low")  # a low score, flagged
        _keys(browser, Keys.ENTER)  # confirm the first link, go to the next flagged
        _wait(browser, lambda d: "confirmed" in _status(d), "not confirmed")
        third = _rows(browser)[2]
        browser.execute_script("arguments[0].focus()", third)
        _keys(browser, "w")  # mark wrong
        _wait(browser, lambda d: "wrong" in _rows(d)[2].get_attribute("class"), "not wrong")
        assert read_align_run(run).statuses[:3] == ["confirmed", "aligned", "wrong"]
        _screenshot(browser, tmp_path, "review-align.png")
        _chord(browser, Keys.CONTROL, "z")  # undo: not wrong any more
        _wait(browser, lambda d: "wrong" not in _rows(d)[2].get_attribute("class"), "no undo")
        assert read_align_run(run).statuses[2] == "aligned"
    with TranslationMemory(memory) as tm:
        assert len(tm) == 1
