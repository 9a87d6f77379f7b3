"""What a learner notices of a page's loading, measured in Chromium: nothing moves once it is shown.

Layout shift is what Chromium reports through ``PerformanceObserver`` (``layout-shift``, read
buffered once the page and its scripts have settled), summed over the whole load: a stricter
figure than the Cumulative Layout Shift that Lighthouse reports, which takes the worst window.
Every page type is loaded at a phone's and a desktop's size, for a learner with nothing recorded
and for one with pages read and quizzes taken, whose numbers, ticks and statuses the scripts
fill in after the page is first drawn.

The header's progress link shows a short label ("0% done") and gives more to a screen reader;
the words it shows must be part of its name (WCAG 2.5.3, label in name), so that a learner who
speaks to their computer can say what they see.
"""

from __future__ import annotations

import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from helpers import visit
from test_browser_quiz import PLAYBOOK

MAX_SHIFT = 0.01
VIEWPORTS = {"phone": {"width": 320, "height": 640}, "desktop": {"width": 1280, "height": 800}}

COURSE = PLAYBOOK.course
FIRST_QUIZ = next(iter(PLAYBOOK.quizzes))
PAGES = {
    "home": "",
    "entry": "techniques/moments-of-truth/",
    "kind index": "principles/",
    "quiz": f"quizzes/{FIRST_QUIZ}/",
    "quizzes": "quizzes/",
    "progress": "progress/",
    "glossary": "glossary/",
    "tags": "tags/",
}
if COURSE is not None:
    PAGES |= {"course": "course/", "module": f"course/{COURSE.modules[0].id}/", "final": "course/final/", "certificate": "course/certificate/"}

SHIFTS = """() => new Promise(resolve => {
    let total = 0;
    const sources = [];
    new PerformanceObserver(list => {
        for (const shift of list.getEntries()) {
            if (shift.hadRecentInput) continue;
            total += shift.value;
            for (const source of shift.sources) {
                const node = source.node;
                sources.push(node && node.nodeType === 1 ? node.tagName.toLowerCase() + (node.className ? "." + String(node.className).split(" ").join(".") : "") : String(node && node.nodeName));
            }
        }
    }).observe({ type: "layout-shift", buffered: true });
    // The observer delivers buffered entries in a task of its own: give it two frames.
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve({ total, sources }), 50)));
})"""


def _returning_learner(page, base_url: str) -> None:
    """Store a record with pages read and quizzes taken, passed and failed, as a learner who has
    been here before has: so the scripts have numbers, ticks and statuses to fill in."""
    page.goto(base_url + "glossary/", wait_until="domcontentloaded")
    page.wait_for_function("() => window.cxProgress")
    entries = [entry.ref + "/" for entry in list(PLAYBOOK.of_all_kinds())[::3]]
    quizzes = list(PLAYBOOK.quizzes)
    if COURSE is not None:  # a module passed: the certificate ticks it where it lists what to pass
        quizzes.append(COURSE.modules[0].quiz)
    record = {
        "version": 2,
        "pages": {url: {"read": "2026-01-05T10:00:00.000Z"} for url in ["", *entries]},
        "quizzes": {
            quizzes[0]: {"attempts": [{"date": "2026-01-05T10:00:00.000Z", "score": 50, "passed": False, "version": "an-earlier-one"}]},
            quizzes[-1]: {"attempts": [{"date": "2026-01-06T10:00:00.000Z", "score": 100, "passed": True}]},
        },
        "course": None,
    }
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [page.evaluate("cxProgress.KEY"), json.dumps(record)])


def _settled_shift(page, url: str) -> dict:
    page.goto(url, wait_until="load")
    page.locator(".cx-header-progress").wait_for()  # progress.js has filled the page in
    return page.evaluate(SHIFTS)


@pytest.mark.parametrize("learner", ["new", "returning"])
@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_no_page_moves_once_drawn(browser, base_url, size, learner):
    context = browser.new_context(viewport=VIEWPORTS[size])
    try:
        page = context.new_page()
        if learner == "returning":
            _returning_learner(page, base_url)
        moved = {}
        for name, path in PAGES.items():
            shift = _settled_shift(page, base_url + path)
            if shift["total"] > MAX_SHIFT:
                moved[name] = f"{shift['total']:.4f} ({', '.join(sorted(set(shift['sources'])))})"
        assert not moved, f"layout shift above {MAX_SHIFT} on a {size}, {learner} learner: {moved}"
    finally:
        context.close()


def test_a_page_that_grows_after_drawing_is_caught(browser, base_url):
    """The measure itself: content pushed down by a script after the page is shown counts."""
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    try:
        page = context.new_page()
        visit(page, base_url + "glossary/")
        page.evaluate("""() => new Promise(resolve => requestAnimationFrame(() => {
            const block = document.createElement("div");
            block.style.height = "400px";  // a style set from the test, which the page's policy does not govern
            document.querySelector(".md-content__inner").prepend(block);
            requestAnimationFrame(() => resolve());
        }))""")
        assert page.evaluate(SHIFTS)["total"] > MAX_SHIFT
    finally:
        context.close()


def _name_and_label(page) -> tuple[str, str]:
    badge = page.locator(".cx-header-progress")
    shown = badge.inner_text().strip()
    [name] = re.findall(r'- link "([^"]*)"', badge.aria_snapshot())
    return shown, name


@pytest.mark.parametrize("learner", ["new", "returning"])
def test_the_progress_link_is_named_by_the_words_it_shows(context, base_url, learner):
    page = context.new_page()
    if learner == "returning":
        _returning_learner(page, base_url)
    # Drawn with the page, at its final size, rather than added by a script afterwards.
    assert 'class="cx-header-progress"' in page.context.request.get(base_url).text()
    visit(page, base_url)
    shown, name = _name_and_label(page)
    assert re.fullmatch(r"\d+% done", shown), shown
    # The name starts with what is shown, and says more: how many of how many.
    assert name.startswith(shown) and re.search(r"\d+ of \d+", name), name
    assert page.get_by_role("link", name=shown).count() == 1  # what a voice-control learner says finds it
    axe = Axe().run(page, context=".md-header", options={"runOnly": ["label-content-name-mismatch"], "resultTypes": ["violations"]})
    assert axe.response["violations"] == []


def test_loading_a_page_builds_no_number_formatter(context, base_url):
    """The scripts write numbers with the symbols the build read off the language: the browser's
    Intl.NumberFormat costs a phone some 50 ms the first time a page builds one, before the page
    answers a tap. Every figure still comes out as the pages write it."""
    context.add_init_script("""
        window.__formatters = 0;
        const Original = Intl.NumberFormat;
        Intl.NumberFormat = function (...args) { window.__formatters += 1; return new Original(...args); };
        Number.prototype.toLocaleString = function (...args) { window.__formatters += 1; return new Original(...args).format(this); };
    """)
    page = context.new_page()
    for path in ("", "techniques/moments-of-truth/", f"quizzes/{FIRST_QUIZ}/", "progress/"):
        page.goto(base_url + path, wait_until="load")
        page.locator(".cx-header-progress").wait_for()
        assert page.evaluate("window.__formatters") == 0, path
    # The summary the build wrote and the one the script wrote say the same, numbers included.
    built = (page.context.request.get(base_url + "progress/").text())
    total = re.search(r'class="cx-progress-total">([^<]*)<', built).group(1)
    assert page.locator(".cx-progress-total").inner_text() == total
    assert page.evaluate("cxProgress.percent(66.66)") == "66.7%" and page.evaluate("cxProgress.number(12345)") == "12,345"


def test_the_certificate_keeps_listing_what_is_passed_and_ticks_it_in_words(context, base_url):
    page = context.new_page()
    _returning_learner(page, base_url)
    visit(page, base_url + "course/certificate/")
    listed = page.locator(".cx-cert-left li")
    assert listed.count() == len(COURSE.modules) + 1  # every module and the final, passed or not
    page.locator(".cx-cert-left li.cx-passed").wait_for()
    assert page.locator(".cx-cert-left li.cx-passed").count() == 1
    first = listed.first.get_by_role("link")
    assert first.locator(".cx-passed-hint").bounding_box()["width"] <= 1  # the tick shows it; the words are read out
    assert re.findall(r'- link "([^"]*)"', first.aria_snapshot()) == [f"{COURSE.modules[0].title} (passed)"]
    assert "(passed)" not in listed.nth(1).aria_snapshot()


def test_a_learner_who_has_completed_the_course_sees_the_certificate_drawn_without_moving(browser, base_url):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    try:
        page = context.new_page()
        page.goto(base_url + "glossary/", wait_until="domcontentloaded")
        page.wait_for_function("() => window.cxProgress")
        passed = {"attempts": [{"date": "2026-01-06T10:00:00.000Z", "score": 100, "passed": True}]}
        final = page.evaluate("cxManifest.course.final.id")
        record = {"version": 2, "pages": {}, "quizzes": {quiz: passed for quiz in [*(m.quiz for m in COURSE.modules), final]}, "course": {"name": "Ada Lovelace"}}
        page.evaluate("([key, value]) => localStorage.setItem(key, value)", [page.evaluate("cxProgress.KEY"), json.dumps(record)])
        shift = _settled_shift(page, base_url + "course/certificate/")
        assert page.locator(".cx-cert__name").inner_text() == "Ada Lovelace"
        assert shift["total"] <= MAX_SHIFT, shift
    finally:
        context.close()
