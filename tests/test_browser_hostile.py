"""The browser code does not trust the page or the learner's files: stray or broken quiz markup, a
quiz named like a property of every JavaScript object, and progress files that lie or are too big."""

from __future__ import annotations

import json
import re

import pytest

from helpers import reload, visit
from test_browser_quiz import QUIZ, QUIZ_ID, answer

STRAY = (
    '<div class="cx-quiz"><p>A box that only looks like a quiz.</p></div>'
    '<div class="cx-quiz" data-quiz="stray" data-key="{not json"><section class="cx-question"><p>Nor this.</p></section></div>'
)


def quiz_span(html: str, quiz_id: str) -> tuple[int, int]:
    """Where the quiz's own <div> starts and ends in the page."""
    start = re.search(rf'<div class="cx-quiz"[^>]*data-quiz="{quiz_id}"', html).start()
    depth = 0
    for tag in re.finditer(r"<div\b|</div>", html[start:]):
        depth += 1 if tag.group() == "<div" else -1
        if depth == 0:
            return start, start + tag.end()
    raise AssertionError("the quiz's <div> is not closed")


def copy_of_quiz(html: str, new_id: str) -> str:
    start, end = quiz_span(html, QUIZ_ID)
    copy = html[start:end].replace(f'data-quiz="{QUIZ_ID}"', f'data-quiz="{new_id}"')
    return copy.replace(f'id="quiz-{QUIZ_ID}"', f'id="quiz-{new_id}"').replace(f'id="{QUIZ_ID}--', f'id="{new_id}--')


def serve_changed(page, url: str, change) -> None:
    """Serve the page at ``url`` with its HTML passed through ``change``."""
    def handle(route):
        response = route.fetch()
        route.fulfill(response=response, body=change(response.text()))
    page.route(url, handle)


def before_the_quiz(extra: str):
    def change(html: str) -> str:
        start, _ = quiz_span(html, QUIZ_ID)
        return html[:start] + extra + html[start:]
    return change


@pytest.fixture
def errors(context):
    seen: list[str] = []
    context.on("weberror", lambda error: seen.append(str(error.error)))
    return seen


def test_stray_quiz_markup_leaves_the_real_quiz_working(context, base_url, errors):
    page = context.new_page()
    serve_changed(page, base_url + f"quizzes/{QUIZ_ID}/", before_the_quiz(STRAY))
    visit(page, base_url + f"quizzes/{QUIZ_ID}/")
    answer(page, right=True)
    assert "(100%)" in page.locator(".cx-score").inner_text()
    assert page.get_by_text("A box that only looks like a quiz.").is_visible()
    assert page.locator(".cx-quiz form").count() == 1
    assert errors == []


def test_a_quiz_whose_page_does_not_match_its_key_stays_readable_and_stops_no_other(context, base_url, errors):
    """A line break in a matching pair splits its table row in two: the quiz cannot be marked."""
    def change(html: str) -> str:
        broken = re.sub(r"(cx-matching.*?<tbody>)", r"\1<tr><td>half a pair</td><td></td></tr>", copy_of_quiz(html, "broken"), count=1, flags=re.S)
        return before_the_quiz(broken)(html)

    page = context.new_page()
    serve_changed(page, base_url + f"quizzes/{QUIZ_ID}/", change)
    visit(page, base_url + f"quizzes/{QUIZ_ID}/")
    broken = page.locator("#quiz-broken")
    assert broken.locator("form").count() == 0
    assert broken.locator("details.cx-answer:not([open])").count() == len(QUIZ.questions)
    answer(page, right=True)
    assert "(100%)" in page.locator(f"#quiz-{QUIZ_ID} .cx-score").inner_text()
    assert errors == []


def test_a_quiz_named_constructor_keeps_progress_working_everywhere(context, base_url, errors):
    page = context.new_page()
    listed = {"id": "constructor", "title": "The constructor quiz", "url": f"quizzes/{QUIZ_ID}/", "version": QUIZ.version, "questions": len(QUIZ.questions), "pass_mark": QUIZ.pass_mark}
    # Listed straight after the manifest line, before the scripts that read it run.
    serve_changed(page, base_url + "assets/cx/cx.js", lambda js: js.replace("\n", f"\nwindow.cxManifest.quizzes.push({json.dumps(listed)});\n", 1))
    serve_changed(page, base_url + f"quizzes/{QUIZ_ID}/", lambda html: before_the_quiz(copy_of_quiz(html, "constructor"))(html))
    visit(page, base_url)
    assert "% done" in page.locator(".cx-header-progress").inner_text()

    visit(page, base_url + f"quizzes/{QUIZ_ID}/")
    answer(page, right=True, within=page.locator("#quiz-constructor"))
    assert "(100%)" in page.locator("#quiz-constructor .cx-score").inner_text()
    reload(page)
    assert page.locator("#quiz-constructor .cx-best").inner_text() == "Your best so far: 100% (passed)."
    assert page.locator(f"#quiz-{QUIZ_ID} .cx-best").count() == 0

    visit(page, base_url + "progress/")
    row = page.locator("tr", has_text="The constructor quiz")
    assert row.locator("td").nth(1).inner_text() == "100%"
    assert row.locator("td").nth(3).inner_text() == "Passed"
    assert errors == []


# What the file says, and how the page must quote the score back.
BAD_SCORES = [("1e999", "Infinity"), ("-50", "-50"), ("1e308", "1e+308"), ("100.5", "100.5"), ('"90"', '"90"'), ("null", "null")]


@pytest.fixture
def progress_page(context, base_url):
    """The progress page, with one earlier attempt at the quiz already recorded."""
    page = context.new_page()
    visit(page, base_url + "progress/")
    record = {"version": 1, "pages": {}, "quizzes": {QUIZ_ID: {"attempts": [{"date": "2026-01-01T00:00:00Z", "score": 50, "passed": False, "version": QUIZ.version}]}}}
    page.evaluate("r => localStorage.setItem(cxProgress.KEY, r)", json.dumps(record))
    reload(page)
    return page


def stored(page):
    return page.evaluate("localStorage.getItem(cxProgress.KEY)")


def best_score(page) -> str:
    return page.locator("tr", has_text=QUIZ.title).locator("td").nth(1).inner_text()


def test_an_import_with_a_score_out_of_range_is_refused_by_name_and_changes_nothing(progress_page, tmp_path):
    before = stored(progress_page)
    for written, quoted in BAD_SCORES:
        bad = tmp_path / "bad.json"
        bad.write_text('{"version": 1, "pages": {}, "quizzes": {"%s": {"attempts": [{"date": "2026-01-01T00:00:00Z", "score": %s, "passed": true}]}}}' % (QUIZ_ID, written))
        progress_page.locator("#cx-import").set_input_files(str(bad))
        message = progress_page.locator(".cx-tools-message", has_text=f"a score of {quoted},")
        message.wait_for()
        assert "from 0 to 100" in message.inner_text() and "nothing was changed" in message.inner_text()
        assert stored(progress_page) == before
        assert best_score(progress_page) == "50%"


def test_an_import_too_big_to_store_says_so_and_keeps_the_previous_record(progress_page, tmp_path):
    before = stored(progress_page)
    big = tmp_path / "big.json"
    # About 8 MB: more than a browser keeps for one site.
    pages = {f"reading/page-{i:06d}/": {"read": "2026-01-01T00:00:00Z"} for i in range(180_000)}
    big.write_text(json.dumps({"version": 1, "pages": pages, "quizzes": {}}))
    progress_page.locator("#cx-import").set_input_files(str(big))
    message = progress_page.locator(".cx-tools-message", has_text="could not be imported")
    message.wait_for()
    assert "no room" in message.inner_text() and "Nothing was changed" in message.inner_text()
    assert stored(progress_page) == before
    reload(progress_page)
    assert best_score(progress_page) == "50%"


def test_an_import_keyed_by_object_property_names_is_data_not_behaviour(progress_page, tmp_path):
    odd = tmp_path / "odd.json"
    attempt = {"date": "2026-01-02T00:00:00Z", "score": 80, "passed": True, "version": QUIZ.version}
    odd.write_text(json.dumps({"version": 1, "pages": {"__proto__": {"read": "x"}}, "quizzes": {"__proto__": {"attempts": [attempt]}, "constructor": {"attempts": [attempt]}, QUIZ_ID: {"attempts": [attempt]}}}))
    progress_page.locator("#cx-import").set_input_files(str(odd))
    progress_page.locator(".cx-tools-message", has_text="Your progress was imported.").wait_for()
    assert best_score(progress_page) == "80%"
    assert progress_page.evaluate("({}).attempts === undefined && ({}).read === undefined")
    kept = json.loads(stored(progress_page))
    assert set(kept["quizzes"]) == {"__proto__", "constructor", QUIZ_ID}
