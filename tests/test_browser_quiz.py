"""Quizzes and progress in a real Chromium, driven by keyboard as a learner without a mouse would."""

from __future__ import annotations

import gzip
import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from cx_playbook.assets import scripts, shipped
from cx_playbook.validation import load_playbook
from helpers import ROOT, reload, visit

PLAYBOOK = load_playbook(ROOT / "playbook", ROOT / "quizzes")
# The quiz with the most kinds of question, so that one page shows every kind of control.
QUIZ = max(sorted(PLAYBOOK.quizzes.values(), key=lambda quiz: quiz.id), key=lambda quiz: len({q.type for q in quiz.questions}))
QUIZ_ID = QUIZ.id


@pytest.fixture
def tab(context, base_url):
    page = context.new_page()
    visit(page, base_url + f"quizzes/{QUIZ_ID}/")
    return page


def press(locator, key="Space"):
    """Press ``key`` on the control as a keyboard user does (Playwright focuses it first)."""
    locator.press(key)


def answer(page, right: bool, within=None, quiz=QUIZ, questions=None):
    """Answer the quiz's questions (or those given) by keyboard, all right or all wrong; with every
    question answered, submit."""
    within = within or page.locator(f"#quiz-{quiz.id}")
    # quiz.js builds the controls once Material has set the page up: the lists below are counted.
    within.locator(".cx-controls").first.wait_for(state="attached")
    for question in questions or quiz.questions:
        section = within.locator(f'section[data-question="{question.id}"]')
        if question.type in ("single", "multiple"):
            correct = [i for i, o in enumerate(question.options) if o.correct]
            picks = correct if right else [i for i in range(len(question.options)) if i not in correct][:1]
            for index in picks:
                press(section.locator(f'input[value="{index}"]'))
            checked = section.locator("input:checked").evaluate_all("inputs => inputs.map(i => +i.value)")
            assert sorted(checked) == sorted(picks), (question.id, checked, picks)
        elif question.type == "true_false":
            value = "True" if question.answer == right else "False"
            press(section.get_by_role("radio", name=value, exact=True))
            assert section.get_by_role("radio", name=value, exact=True).is_checked(), question.id
        elif question.type == "ordering":
            _order(section, list(range(len(question.items))) if right else list(reversed(range(len(question.items)))))
        elif question.type == "matching":
            selects = section.locator("select")
            for i in range(selects.count()):
                select = selects.nth(i)
                term = select.get_attribute("data-term")
                _choose(select, term if right else str((int(term) + 1) % selects.count()))
        else:
            field = section.locator("input[type=text]")
            field.focus()
            typed = f"  {question.answers[0].upper()} " if right else "something else"
            page.keyboard.type(typed)
            assert field.input_value() == typed, question.id
    if not questions:
        press(within.get_by_role("button", name="Check my answers"), "Enter")


def _order(section, order: list[int]) -> None:
    """Put an ordering question's items in ``order`` with their "Move up" buttons, by keyboard."""
    items = section.locator(".cx-ordering li")
    for position, item in enumerate(order):
        current = items.evaluate_all("lis => lis.map(li => li.dataset.item)").index(str(item))
        for above in range(current, position, -1):
            press(items.nth(above).get_by_role("button", name="Move up"), "Enter")
    assert items.evaluate_all("lis => lis.map(li => +li.dataset.item)") == order


def _choose(select, value: str) -> None:
    """Choose ``value`` in a drop-down with the arrow keys, as a keyboard user does."""
    values = select.evaluate("s => [...s.options].map(o => o.value)")
    steps = values.index(value) - values.index(select.input_value())
    for _ in range(abs(steps)):
        select.press("ArrowDown" if steps > 0 else "ArrowUp")
    assert select.input_value() == value


def test_every_question_type_marked_right_by_keyboard(tab):
    answer(tab, right=True)
    missed = tab.locator("section.cx-question", has=tab.locator(".cx-verdict", has_text="Not quite"))
    assert missed.evaluate_all("sections => sections.map(s => s.dataset.question + ': ' + s.innerText)") == []
    assert tab.locator(".cx-score").inner_text() == f"You scored {len(QUIZ.questions)} of {len(QUIZ.questions)} (100%). You passed: the pass mark is {QUIZ.pass_mark}%."
    assert tab.locator(".cx-verdict", has_text="✓ Correct").count() == len(QUIZ.questions)
    # Explanations are shown; reread links only where an answer was wrong.
    assert tab.locator("details.cx-answer[open]").count() == len(QUIZ.questions)
    assert tab.locator(".cx-reread:visible").count() == 0


def test_an_item_moved_by_keyboard_keeps_the_focus_for_the_next_key(tab):
    # A learner moving an item several places presses Enter again and again: each press must
    # act on the item just moved, never on a button the move took away.
    question = next(q for q in QUIZ.questions if q.type == "ordering")
    items = tab.locator(f'section[data-question="{question.id}"] .cx-ordering li')
    last = items.last.get_attribute("data-item")
    items.last.get_by_role("button", name="Move up").focus()
    for _ in range(items.count() - 1):
        tab.keyboard.press("Enter")
    assert items.first.get_attribute("data-item") == last
    # At the top, its "Move up" is disabled, so the focus is on its "Move down".
    assert tab.evaluate("document.activeElement.closest('li').dataset.item") == last
    assert tab.evaluate("document.activeElement.getAttribute('aria-label')").startswith("Move down")


def test_every_question_type_marked_wrong_with_feedback_and_reread_links(tab, base_url):
    answer(tab, right=False)
    assert tab.locator(".cx-score").inner_text().startswith(f"You scored 0 of {len(QUIZ.questions)} (0%). Not passed yet")
    assert tab.locator(".cx-verdict", has_text="✗ Not quite").count() == len(QUIZ.questions)
    assert tab.locator(".cx-reread:visible").count() == len(QUIZ.questions)
    href = tab.locator(".cx-reread:visible a").first.evaluate("a => a.href")
    assert href.startswith(base_url) and href[len(base_url):].split("/")[0] in ("principles", "tenets", "techniques", "case-studies")


def test_retry_clears_and_reshuffles(tab):
    answer(tab, right=False)
    press(tab.get_by_role("button", name="Try again"), "Enter")
    assert tab.locator(".cx-result:visible").count() == 0
    assert tab.locator(".cx-controls input:checked").count() == 0
    assert tab.get_by_role("button", name="Check my answers").is_visible()
    answer(tab, right=True)
    assert "(100%)" in tab.locator(".cx-score").inner_text()


def test_attempts_and_best_score_survive_a_reload(tab, base_url):
    answer(tab, right=True)
    reload(tab)
    assert tab.locator(".cx-best").inner_text() == "Your best so far: 100% (passed)."
    visit(tab, base_url + "progress/")
    row = tab.locator("tr", has_text=QUIZ.title)
    assert row.locator("td").nth(1).inner_text() == "100%"
    assert row.locator("td").nth(3).inner_text() == "Passed"


def test_an_attempt_on_an_older_version_is_kept_and_labelled(tab):
    key = tab.evaluate("cxProgress.KEY")
    old = {"version": 1, "pages": {}, "quizzes": {QUIZ_ID: {"attempts": [{"date": "2026-01-01T00:00:00Z", "score": 50, "passed": False, "version": "000000000000"}]}}}
    tab.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, json.dumps(old)])
    reload(tab)
    assert "earlier version" in tab.locator(".cx-best").inner_text()


def test_mark_as_read_updates_header_and_nav_and_persists(context, base_url):
    page = context.new_page()
    visit(page, base_url + "techniques/moments-of-truth/")
    before = page.locator(".cx-header-progress").inner_text()
    toggle = page.get_by_role("button", name="Mark as read")
    press(toggle, "Enter")
    assert page.locator(".cx-read-toggle").get_attribute("aria-pressed") == "true"
    assert page.locator(".cx-header-progress").inner_text() != before
    visit(page, base_url + "techniques/")
    assert "(read)" in page.locator(".cx-cards a", has_text="Moments of Truth").inner_text()
    visit(page, base_url + "techniques/moments-of-truth/")
    assert page.locator(".cx-read-toggle").get_attribute("aria-pressed") == "true"


def test_reaching_the_end_of_a_page_marks_it_read(context, base_url):
    page = context.new_page()
    visit(page, base_url + "principles/customer-defines-value/")
    assert page.locator(".cx-read-toggle").get_attribute("aria-pressed") == "false"
    page.keyboard.press("End")
    # Waits go through locators: a string predicate would be evaluated by eval, which the site's CSP refuses.
    page.locator('.cx-read-toggle[aria-pressed="true"]').wait_for()


def test_export_reset_then_import_restores_progress(tab, base_url, tmp_path):
    answer(tab, right=True)
    visit(tab, base_url + "progress/")
    with tab.expect_download() as download:
        press(tab.get_by_role("button", name="Export progress"), "Enter")
    exported = tmp_path / "progress.json"
    download.value.save_as(exported)
    assert json.loads(exported.read_text())["quizzes"][QUIZ_ID]["attempts"][0]["score"] == 100

    press(tab.get_by_role("button", name="Reset progress…"), "Enter")
    press(tab.get_by_role("button", name="Yes, delete my progress"), "Enter")
    assert tab.locator(".cx-tools-message").inner_text() == "Your progress was reset."
    assert tab.locator("tr", has_text=QUIZ.title).locator("td").nth(3).inner_text() == "Not taken"

    bad = tmp_path / "bad.json"
    bad.write_text('{"version": 1, "pages": []}')
    tab.locator("#cx-import").set_input_files(str(bad))
    tab.locator(".cx-tools-message", has_text="nothing was changed").wait_for()
    assert tab.locator("tr", has_text=QUIZ.title).locator("td").nth(3).inner_text() == "Not taken"

    tab.locator("#cx-import").set_input_files(str(exported))
    tab.locator(".cx-tools-message", has_text="Your progress was imported.").wait_for()
    assert tab.locator("tr", has_text=QUIZ.title).locator("td").nth(1).inner_text() == "100%"


def test_two_tabs_stay_in_sync(context, base_url):
    progress = context.new_page()
    visit(progress, base_url + "progress/")
    reading = context.new_page()
    visit(reading, base_url + "tenets/people-like-people/")
    press(reading.get_by_role("button", name="Mark as read"), "Enter")
    progress.locator(".cx-progress-total", has_text="Overall: 1 of").wait_for()


def test_corrupted_progress_is_kept_aside_with_one_calm_notice(tab):
    key = tab.evaluate("cxProgress.KEY")
    tab.evaluate("k => localStorage.setItem(k, '{not json')", key)
    reload(tab)
    assert tab.locator(".cx-notice").count() == 1
    assert "could not be read" in tab.locator(".cx-notice").inner_text()
    kept = tab.evaluate("k => Object.keys(localStorage).filter(name => name.startsWith(k + ':unreadable:')).map(name => localStorage.getItem(name))", key)
    assert kept == ["{not json"]
    answer(tab, right=True)
    assert "(100%)" in tab.locator(".cx-score").inner_text()


def test_without_storage_the_site_still_works_and_says_so_once(browser, base_url):
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });")
    page = context.new_page()
    visit(page, base_url + f"quizzes/{QUIZ_ID}/")
    assert page.locator(".cx-notice").count() == 1
    answer(page, right=True)
    assert "(100%)" in page.locator(".cx-score").inner_text()
    assert page.locator(".cx-notice").count() == 1
    context.close()


def instant_navigation(page, built_site, base_url) -> None:
    """Serve a sitemap that lists every page, as a site built with its host's address has:
    Material navigates instantly only to pages in it. The test build has no site_url."""
    urls = sorted(base_url + ("" if path.parent == built_site else path.parent.relative_to(built_site).as_posix() + "/") for path in built_site.rglob("index.html"))
    xml = '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + "".join(f"<url><loc>{url}</loc></url>" for url in urls) + "</urlset>"
    page.route(base_url + "sitemap.xml", lambda route: route.fulfill(body=xml, content_type="application/xml"))


def still_the_same_document(page) -> bool:
    return page.evaluate("window.cxTestMarker === true")


def test_quizzes_start_after_instant_navigation(context, built_site, base_url):
    page = context.new_page()
    instant_navigation(page, built_site, base_url)
    visit(page, base_url)
    page.evaluate("window.cxTestMarker = true")
    page.locator(".md-nav__link", has_text="Quizzes").first.click()
    page.wait_for_url("**/quizzes/")
    page.locator(".cx-cards a").first.click()
    page.get_by_role("button", name="Check my answers").wait_for()
    assert still_the_same_document(page)  # no full reload


def test_without_javascript_questions_read_and_answers_wait_in_details(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + f"quizzes/{QUIZ_ID}/")
    assert page.locator("section.cx-question").count() == len(QUIZ.questions)
    assert page.locator("details.cx-answer:not([open])").count() == len(QUIZ.questions)
    assert page.locator(".cx-quiz__form").count() == 0
    context.close()


def test_printed_quiz_shows_questions_not_controls(tab):
    tab.emulate_media(media="print")
    assert not tab.locator(".cx-controls").first.is_visible()
    assert not tab.get_by_role("button", name="Check my answers").is_visible()
    assert tab.locator(".cx-question__choices").first.is_visible()


# True once no finite animation has run and the page has not scrolled for 100 ms.
STILL = """() => {
    const moving = document.getAnimations().some(a => a.playState === 'running' && a.effect.getComputedTiming().endTime !== Infinity);
    const now = performance.now();
    if (moving || window.cxStillSince === null || window.cxStillAt !== scrollY) {
        window.cxStillSince = moving ? null : now;
        window.cxStillAt = scrollY;
        return false;
    }
    return now - window.cxStillSince >= 100;
}"""


def settled(page) -> None:
    """Wait for transitions to end: axe measures contrast mid-fade (Material's "Back to top" fades
    in). And for Material to have made each code block that scrolls sideways focusable, which it
    does once a resize observer has measured it: on a busy machine, after the page is idle.
    A fade can start a frame after the last one ended (the page still scrolling to a focused
    control), so the page must stay still for a tenth of a second."""
    page.evaluate("window.cxStillSince = null")
    page.wait_for_function(STILL, polling="raf")
    page.wait_for_function("() => [...document.querySelectorAll('pre > code')].every(code => code.scrollWidth <= code.clientWidth || code.tabIndex === 0)")


def violations(page) -> list[str]:
    settled(page)
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in Axe().run(page).response["violations"]]


def test_quiz_page_has_no_accessibility_violation_before_during_or_after_submitting(page, base_url):
    visit(page, base_url + f"quizzes/{QUIZ_ID}/")
    assert violations(page) == []
    press(page.get_by_role("button", name="Check my answers"), "Enter")  # nothing answered yet
    assert violations(page) == []
    answer(page, right=False)
    assert violations(page) == []


def test_quiz_progress_course_and_lms_code_ships_under_15_kb_gzipped():
    # Every page loads them, as the site ships them: the stylesheet and one minified script (the
    # site's manifest at its head aside), about 13.4 KB gzipped (18.4 KB readable) for the
    # quizzes, progress, the course, the wording's lookups and the SCORM bridge.
    files = [*shipped().values(), scripts()]
    assert len(files) == 2
    size = sum(len(gzip.compress(content, 9)) for content in files)
    assert size < 15 * 1024, size


def test_a_full_storage_keeps_the_quiz_working_with_one_notice(browser, base_url):
    context = browser.new_context()
    # Writes of the progress record fail as they do when the browser's quota is used up.
    context.add_init_script("""
        const setItem = Storage.prototype.setItem;
        Storage.prototype.setItem = function (key, value) {
            if (key.startsWith('cx-progress@') && !key.endsWith(':probe')) throw new DOMException('full', 'QuotaExceededError');
            return setItem.call(this, key, value);
        };
    """)
    page = context.new_page()
    visit(page, base_url + f"quizzes/{QUIZ_ID}/")
    answer(page, right=True)
    assert "(100%)" in page.locator(".cx-score").inner_text()
    assert page.locator(".cx-notice").count() == 1
    assert "storage is full" in page.locator(".cx-notice").inner_text()
    context.close()
