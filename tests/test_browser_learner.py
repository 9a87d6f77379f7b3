"""What a learner meets in a real Chromium: phones, the score, unanswered questions, marked answers
and a browser whose storage is blocked, full or unreadable."""

from __future__ import annotations

import json

import pytest

from helpers import reload, visit
from test_browser import PAGES
from test_browser_quiz import QUIZ, QUIZ_ID, answer, instant_navigation, press, still_the_same_document

# Nothing in the page may run past the right edge. A code block may scroll inside itself: its lines
# are code, and wrapping them would change what they say.
OVERFLOW = """() => {
    const width = window.innerWidth;
    const wide = Array.from(document.querySelectorAll("article *")).filter(element => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && (box.left < -1 || box.right > width + 1) && !element.closest("pre");
    });
    return {
        page: document.documentElement.scrollWidth,
        scrolled: window.scrollX,
        wide: wide.slice(0, 5).map(element => element.tagName.toLowerCase() + "." + element.className + ": " + element.textContent.slice(0, 40)),
    };
}"""



@pytest.fixture
def tab(context, base_url):
    page = context.new_page()
    visit(page, base_url + f"quizzes/{QUIZ_ID}/")
    return page


def fits(page, width: int) -> None:
    seen = page.evaluate(OVERFLOW)
    assert seen == {"page": width, "scrolled": 0, "wide": []}, page.url


def test_no_page_scrolls_sideways_on_a_phone(browser, base_url):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()

    def fits_both_widths():
        for width in (320, 375):
            page.set_viewport_size({"width": width, "height": 640})
            fits(page, width)

    for path in PAGES:
        page.goto(base_url + path)
        page.locator(".cx-header-progress").wait_for()  # the scripts have set the page up
        fits_both_widths()
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(base_url + f"quizzes/{QUIZ_ID}/")
    answer(page, right=False)
    fits_both_widths()
    context.close()


def test_the_score_is_shown_once_and_read_once_where_focus_lands(tab):
    answer(tab, right=True)
    shown = tab.locator("article").get_by_text("You scored", exact=False).filter(visible=True)
    assert shown.count() == 1
    sentence = shown.inner_text()
    # A screen reader reads the focused result; no live region says it a second time.
    assert tab.evaluate("document.activeElement.textContent") == sentence
    live = tab.evaluate("Array.from(document.querySelectorAll('[aria-live], [role=status], [role=alert], output')).map(e => e.textContent)")
    assert not [text for text in live if "You scored" in text]


def stored(page):
    return page.evaluate("k => localStorage.getItem(k)", page.evaluate("cxProgress.KEY"))


def test_unanswered_questions_are_counted_and_nothing_is_recorded_until_submitted_anyway(tab):
    # Any order is an answer to an ordering question; every other kind starts unanswered.
    open_questions = [q for q in QUIZ.questions if q.type != "ordering"]
    press(tab.get_by_role("button", name="Check my answers"), "Enter")
    assert tab.locator("form").get_by_text(f"{len(open_questions)} questions are not answered yet").is_visible()
    assert tab.evaluate("document.activeElement.closest('section').dataset.question") == open_questions[0].id
    assert tab.locator(".cx-score").count() == 0
    assert stored(tab) is None

    # The learner answers the first and tries again: one fewer, and focus on the next.
    answer(tab, right=False, questions=open_questions[:1])
    press(tab.get_by_role("button", name="Check my answers"), "Enter")
    assert tab.locator("form").get_by_text(f"{len(open_questions) - 1} questions are not answered yet").is_visible()
    assert tab.evaluate("document.activeElement.closest('section').dataset.question") == open_questions[1].id
    assert stored(tab) is None

    press(tab.get_by_role("button", name="Submit anyway"), "Enter")
    assert tab.locator(".cx-score").inner_text().startswith(f"You scored")
    assert len(json.loads(stored(tab))["quizzes"][QUIZ_ID]["attempts"]) == 1
    assert tab.get_by_text("not answered yet").filter(visible=True).count() == 0


def words(text: str) -> str:
    return " ".join(text.split())


def test_after_marking_your_answer_and_the_right_answer_are_said_in_words(tab):
    answer(tab, right=False)
    for question in QUIZ.questions:
        section = tab.locator(f'section[data-question="{question.id}"] .cx-controls')
        if question.type in ("single", "multiple", "true_false"):
            options = section.locator("label")
            marked = {words(options.nth(i).inner_text()) for i in range(options.count())}
            right = [o.text for o in question.options if o.correct] if question.type != "true_false" else [str(question.answer)]
            assert sum("Your answer" in text for text in marked) == 1, (question.id, marked)
            assert sum("Right answer" in text for text in marked) == len(right), (question.id, marked)
            assert not [text for text in marked if "Your answer" in text and "Right answer" in text]
        elif question.type == "ordering":
            items = section.locator("li")
            for i in range(items.count()):
                item = int(items.nth(i).get_attribute("data-item"))
                expected = "Right position" if item == i else f"Right position: {item + 1}"
                assert expected in items.nth(i).inner_text(), question.id
        elif question.type == "matching":
            text = words(section.inner_text())
            # Every match was chosen wrongly, so each right one is written out beside its select.
            for pair in question.pairs:
                assert words(f"Right answer: {pair.match}") in text, (question.id, pair.match)
        else:
            text = words(section.inner_text())
            assert "Your answer: “something else”" in text
            # The accepted answers as English lists alternatives: "a or b", "a, b, or c".
            answers = question.answers
            either = " or ".join(answers) if len(answers) < 3 else ", ".join(answers[:-1]) + ", or " + answers[-1]
            assert "Right answer: " + either in text


def test_a_right_choice_says_both(tab):
    answer(tab, right=True)
    for question in QUIZ.questions:
        if question.type in ("single", "multiple"):
            options = tab.locator(f'section[data-question="{question.id}"] .cx-controls label')
            both = [i for i in range(options.count()) if "Your answer" in options.nth(i).inner_text() and "Right answer" in options.nth(i).inner_text()]
            assert len(both) == sum(o.correct for o in question.options)


def test_with_storage_blocked_a_dismissed_notice_stays_dismissed(browser, built_site, base_url):
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });")
    page = context.new_page()
    instant_navigation(page, built_site, base_url)
    visit(page, base_url + f"quizzes/{QUIZ_ID}/")
    page.evaluate("window.cxTestMarker = true")
    press(page.locator(".cx-notice").get_by_role("button", name="Dismiss"), "Enter")
    notices = page.locator(".cx-notice")
    # Each step below saves progress and fails; none of them brings the notice back.
    answer(page, right=True)
    assert "(100%)" in page.locator(".cx-score").inner_text() and notices.count() == 0
    page.locator(".cx-header-progress").click()  # instant navigation
    page.get_by_text("Read next:").locator("a").click()
    press(page.get_by_role("button", name="Mark as read"), "Enter")
    assert page.locator(".cx-read-toggle").get_attribute("aria-pressed") == "true"
    assert notices.count() == 0
    assert still_the_same_document(page)  # the notice was not simply lost in a reload
    context.close()


def full_storage(page, *, record: str | None, keys: str = "all"):
    """Put ``record`` in storage, then make writes fail as they do when the quota is used up:
    for every key of ours, or for the record's own key only."""
    key = page.evaluate("cxProgress.KEY")
    if record is not None:
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, record])
    # A small test write may still fit where the record does not: ":probe" keys are spared.
    failing = "key.startsWith('cx-progress@') && !key.endsWith(':probe')" if keys == "all" else f"key === {json.dumps(key)}"
    page.add_init_script(f"""
        const setItem = Storage.prototype.setItem;
        Storage.prototype.setItem = function (key, value) {{
            if ({failing}) throw new DOMException('full', 'QuotaExceededError');
            return setItem.call(this, key, value);
        }};
    """)
    reload(page)
    return key


def test_a_new_problem_shows_after_another_was_dismissed(tab):
    full_storage(tab, record="{not json", keys="record")
    assert "kept aside" in tab.locator(".cx-notice").inner_text()
    press(tab.locator(".cx-notice").get_by_role("button", name="Dismiss"), "Enter")
    assert tab.locator(".cx-notice").count() == 0
    answer(tab, right=True)
    assert "storage is full" in tab.locator(".cx-notice").inner_text()


def test_with_storage_full_the_best_score_counts_the_attempt_just_made(tab, built_site, base_url):
    instant_navigation(tab, built_site, base_url)
    earlier = {"version": 1, "pages": {}, "quizzes": {QUIZ_ID: {"attempts": [{"date": "2026-01-01T00:00:00Z", "score": 50, "passed": False, "version": QUIZ.version}]}}}
    full_storage(tab, record=json.dumps(earlier), keys="record")
    assert tab.locator(".cx-best").inner_text() == "Your best so far: 50% (not passed)."
    answer(tab, right=True)
    press(tab.get_by_role("button", name="Try again"), "Enter")
    assert tab.locator(".cx-best").inner_text() == "Your best so far: 100% (passed)."
    tab.evaluate("window.cxTestMarker = true")
    tab.locator(".cx-header-progress").click()  # instant navigation keeps what this visit did
    row = tab.locator("tr", has_text=QUIZ.title)
    assert row.locator("td").nth(1).inner_text() == "100%"
    assert row.locator("td").nth(2).inner_text() == "2"
    assert still_the_same_document(tab)


def test_an_unreadable_record_is_never_removed_when_its_copy_cannot_be_kept(tab):
    key = full_storage(tab, record="{not json")
    notice = tab.locator(".cx-notice").inner_text()
    assert "could not be read" in notice and "left untouched" in notice
    answer(tab, right=True)
    assert "(100%)" in tab.locator(".cx-score").inner_text()
    assert tab.locator(".cx-notice").count() == 1
    assert stored(tab) == "{not json"
    assert tab.evaluate("k => Object.keys(localStorage).filter(name => name.startsWith(k + ':'))", key) == []
