"""The course in a real Chromium, taken as a learner takes it, by keyboard: modules, the final's
draw, practice on mistakes, the certificate on paper, and progress from before the course."""

from __future__ import annotations

import datetime
import hashlib
import json
import re

from cx_playbook.validation import load_playbook
from helpers import ROOT, reload, visit
from test_browser_learner import fits
from test_browser_quiz import answer, press, violations

PLAYBOOK = load_playbook(ROOT / "playbook", ROOT / "quizzes", docs=ROOT / "docs")
COURSE = PLAYBOOK.course
FINAL = PLAYBOOK.final_quiz()
assert COURSE is not None and FINAL is not None
DRAW = COURSE.final_assessment.draw


def quiz_of(page, quiz):
    return page.locator(f'.cx-quiz[data-quiz="{quiz.id}"]')


def shown(page, quiz) -> list[str]:
    """The ids of the questions the page asks, in the order it asks them, once the quiz is set up."""
    quiz_of(page, quiz).locator("form").wait_for()
    return quiz_of(page, quiz).locator("section.cx-question:visible").evaluate_all("sections => sections.map(s => s.dataset.question)")


def take(page, quiz, right: bool | list[str]) -> None:
    """Answer every question the page shows, all right, all wrong, or right only for the ids
    given; then submit and wait for the result."""
    quiz_of(page, quiz).get_by_role("button", name="Check my answers").wait_for()
    ids = shown(page, quiz)
    questions = {question.id: question for question in quiz.questions}
    for question_id in ids:
        good = question_id in right if isinstance(right, list) else right
        answer(page, good, within=quiz_of(page, quiz), quiz=quiz, questions=[questions[question_id]])
    press(quiz_of(page, quiz).get_by_role("button", name="Check my answers"), "Enter")
    quiz_of(page, quiz).locator(".cx-score").wait_for()


def stored(page) -> dict:
    return json.loads(page.evaluate("k => localStorage.getItem(k)", page.evaluate("cxProgress.KEY")) or "null")


def follow(page, link) -> str:
    """Follow a link by keyboard (instant navigation, as the site is built); returns where it led."""
    href = link.evaluate("a => a.href")
    press(link, "Enter")
    page.wait_for_url(href)
    page.wait_for_load_state("networkidle")
    return href


def check_page(page, width_too: bool = True) -> None:
    """No accessibility violation of any impact, and no sideways scrolling on phones."""
    assert violations(page) == [], page.url
    if width_too:
        size = page.viewport_size
        for width in (320, 375):
            page.set_viewport_size({"width": width, "height": 640})
            fits(page, width)
        page.set_viewport_size(size)


def code(name: str, date: str, scores: dict[str, int], final: int) -> str:
    """The completion code as the README defines it: SHA-256 over the canonical string."""
    fields = ["cx-certificate", COURSE.title, COURSE.version, name, date, *(f"{m.id}={scores[m.id]}" for m in COURSE.modules), f"final={final}"]
    digest = hashlib.sha256("\n".join(fields).encode()).hexdigest()[:12].upper()
    return "-".join(digest[i:i + 4] for i in range(0, 12, 4))


def test_a_learner_takes_the_whole_course_by_keyboard(context, base_url):
    page = context.new_page()
    visit(page, base_url + "course/")
    first = COURSE.modules[0]
    module_status = page.locator(f'.cx-module[data-module="{first.id}"] [data-cx-module-status]')
    assert module_status.inner_text() == "Not started"
    check_page(page)

    # Continue where you left off: the first module.
    follow(page, page.locator("[data-cx-course-next] a"))
    assert page.url == base_url + f"course/{first.id}/"
    check_page(page)

    # Read the first reading (marked read from its own page), and see it ticked in words.
    follow(page, page.locator(".cx-readings a").first)
    press(page.get_by_role("button", name="Mark as read"), "Enter")
    page.go_back(wait_until="networkidle")
    readings = page.locator(".cx-readings li")
    assert "(read)" in readings.first.inner_text()
    assert readings.first.locator("a.cx-read").count() == 1
    assert readings.nth(1).locator("a.cx-read").count() == 0 and "(read)" not in readings.nth(1).inner_text()
    visit(page, base_url + "course/")
    assert module_status.inner_text() == "In progress"

    # Fail the module's quiz: two right, the rest wrong.
    quiz = PLAYBOOK.quizzes[first.quiz]
    visit(page, base_url + f"course/{first.id}/")
    got_right = [q.id for q in quiz.questions[:2]]
    missed = [q.id for q in quiz.questions[2:]]
    take(page, quiz, got_right)
    assert "Not passed yet" in quiz_of(page, quiz).locator(".cx-score").inner_text()
    attempts = stored(page)["quizzes"][quiz.id]["attempts"]
    assert len(attempts) == 1 and attempts[0]["wrong"] == missed

    # Review the mistakes: exactly those, each with its explanation and what to reread.
    press(quiz_of(page, quiz).get_by_role("button", name="Review my mistakes"), "Enter")
    assert page.evaluate("document.activeElement.classList.contains('cx-practice')")
    assert shown(page, quiz) == missed
    for question in quiz.questions[2:]:
        section = quiz_of(page, quiz).locator(f'section[data-question="{question.id}"]')
        explanation = " ".join(section.locator("details .cx-explanation").text_content().split())
        result = section.locator(".cx-result")
        assert explanation in " ".join(result.inner_text().split())
        assert result.locator("p", has_text="Reread:").locator("a").count() == len(set(question.refs))
    # Practice them right: marked, and not recorded.
    take(page, quiz, right=True)
    assert quiz_of(page, quiz).locator(".cx-score").inner_text().startswith(f"Practice: {len(missed)} of {len(missed)} right")
    assert len(stored(page)["quizzes"][quiz.id]["attempts"]) == 1
    # Then the whole quiz again, passed.
    press(quiz_of(page, quiz).get_by_role("button", name="Try again"), "Enter")
    assert len(shown(page, quiz)) == len(quiz.questions)
    take(page, quiz, right=True)
    assert "You passed" in quiz_of(page, quiz).locator(".cx-score").inner_text()

    visit(page, base_url + "course/")
    assert module_status.inner_text() == "Passed (best score 100%)"
    assert page.locator("[data-cx-course-next] a").get_attribute("href").rstrip("/").endswith(COURSE.modules[1].id)

    # Every other module, passed straight away, by way of previous/next.
    visit(page, base_url + f"course/{first.id}/")
    for module in COURSE.modules[1:]:
        follow(page, page.locator(".cx-module-nav a.md-button--primary"))
        assert page.url == base_url + f"course/{module.id}/"
        take(page, PLAYBOOK.quizzes[module.quiz], right=True)

    # The final: a draw of the pool, passed.
    follow(page, page.locator(".cx-module-nav a.md-button--primary"))
    assert page.url == base_url + "course/final/"
    check_page(page)
    drawn = shown(page, FINAL)
    assert len(drawn) == DRAW
    take(page, FINAL, right=True)
    assert "You passed" in quiz_of(page, FINAL).locator(".cx-score").inner_text()
    final_attempt = stored(page)["quizzes"][FINAL.id]["attempts"][-1]
    assert final_attempt["drawn"] == drawn and final_attempt["wrong"] == [] and final_attempt["score"] == 100
    check_page(page)

    # Complete: the course home says so and leads to the certificate.
    visit(page, base_url + "course/")
    assert all(page.locator(f'.cx-module[data-module="{m.id}"] [data-cx-module-status]').inner_text().startswith("Passed") for m in COURSE.modules)
    follow(page, page.locator("[data-cx-course-next] a"))
    assert page.url == base_url + "course/certificate/"

    # The name to print: nothing until it is given.
    name = page.get_by_label("Your name")
    press(page.get_by_role("button", name="Make my certificate"), "Enter")
    assert page.locator(".cx-cert").is_hidden()
    name.focus()
    page.keyboard.type("Ada Lovelace")
    page.keyboard.press("Enter")
    certificate = page.locator(".cx-cert")
    certificate.locator('[data-field="code"]', has_text="-").wait_for()
    assert page.evaluate("document.activeElement.textContent").startswith("Certificate of completion")

    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    expected = code("Ada Lovelace", today, {m.id: 100 for m in COURSE.modules}, 100)
    text = " ".join(certificate.inner_text().split())
    for part in (COURSE.title, f"Version {COURSE.version}", "Ada Lovelace", f"Completion code: {expected}"):
        assert part in text, part
    # The date is printed in words in the page's language; the code is worked out from its ISO form.
    day = certificate.locator('time[data-field="date"]')
    assert day.get_attribute("datetime") == today
    assert day.inner_text() == datetime.date.fromisoformat(today).strftime("%B %-d, %Y")
    rows = certificate.locator("tbody tr")
    assert rows.count() == len(COURSE.modules) + 1
    for i, module in enumerate(COURSE.modules):
        assert rows.nth(i).locator("td").all_inner_texts() == [module.title, "100%"]
    assert rows.nth(len(COURSE.modules)).locator("td").all_inner_texts() == ["Final assessment", "100%"]
    check_page(page)

    # On paper: one landscape page, the disclaimer kept, the site's controls gone.
    page.emulate_media(media="print")
    assert page.locator(".cx-certificate__disclaimer").is_visible()
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".cx-cert__actions", ".cx-name-form"):
        assert page.locator(hidden).first.is_hidden(), hidden
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, prefer_css_page_size=True)
        assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1, paper
        width, height = (float(n) for n in re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", pdf).groups())
        assert width > height, paper
    page.emulate_media(media="screen")

    # Everything kept across a reload, and "My progress" leads to the certificate.
    reload(page)
    certificate.locator('[data-field="code"]', has_text=expected).wait_for()
    assert certificate.locator('[data-field="name"]').inner_text() == "Ada Lovelace"
    visit(page, base_url + "progress/")
    course_line = page.locator(".cx-progress-course")
    assert f"{len(COURSE.modules)} of {len(COURSE.modules)} modules passed, final assessment passed" in course_line.inner_text()
    assert course_line.locator("a").get_attribute("href").endswith("course/certificate/")
    assert page.locator("tr", has_text="Final assessment").locator("td").nth(3).inner_text() == "Passed"


def test_each_attempt_at_the_final_draws_afresh_and_its_mistakes_can_be_practised(context, base_url):
    page = context.new_page()
    visit(page, base_url + "course/final/")
    pool = {question.id for question in FINAL.questions}
    # The draw is made once the page's scripts have run: wait for its numbering.
    quiz_of(page, FINAL).locator(".cx-question__label:visible", has_text=f"Question 1 of {DRAW}").first.wait_for()
    first = shown(page, FINAL)
    assert len(first) == DRAW and set(first) <= pool
    labels = quiz_of(page, FINAL).locator(".cx-question__label:visible").all_inner_texts()
    assert [label.split(":")[0] for label in labels] == [f"Question {i} of {DRAW}" for i in range(1, DRAW + 1)]

    take(page, FINAL, right=False)
    attempt = stored(page)["quizzes"][FINAL.id]["attempts"][-1]
    assert attempt["drawn"] == first and attempt["wrong"] == first and not attempt["passed"]
    check_page(page, width_too=False)  # the final after submitting; phone widths are checked in the journey

    press(quiz_of(page, FINAL).get_by_role("button", name="Review my mistakes"), "Enter")
    assert shown(page, FINAL) == first
    press(quiz_of(page, FINAL).get_by_role("button", name="Try again"), "Enter")
    second = shown(page, FINAL)
    assert len(second) == DRAW and set(second) <= pool
    # Two draws of 20 from 66 in the same order happen about once in 10^35 attempts.
    assert second != first
    # Without JavaScript every question of the pool is there to read.
    plain = context.browser.new_context(java_script_enabled=False).new_page()
    plain.goto(base_url + "course/final/")
    assert plain.locator("section.cx-question").count() == len(FINAL.questions)
    plain.context.close()


def test_an_export_from_before_the_course_imports_whole(context, base_url, tmp_path):
    page = context.new_page()
    visit(page, base_url + "progress/")
    quizzes = list(PLAYBOOK.quizzes.values())[:2]
    old = {
        "version": 1,
        "pages": {"principles/customer-defines-value/": {"read": "2025-11-02T09:00:00.000Z"}, "techniques/moments-of-truth/": {"read": "2025-11-03T09:00:00.000Z", "auto": True}},
        "quizzes": {
            quizzes[0].id: {"attempts": [{"date": "2025-11-04T09:00:00.000Z", "score": 40, "passed": False, "version": "000000000000"}, {"date": "2025-11-05T09:00:00.000Z", "score": 90, "passed": True, "version": quizzes[0].version}]},
            quizzes[1].id: {"attempts": [{"date": "2025-11-06T09:00:00.000Z", "score": 60, "passed": False}]},
        },
    }
    path = tmp_path / "before-the-course.json"
    path.write_text(json.dumps(old))
    page.locator("#cx-import").set_input_files(str(path))
    page.locator(".cx-tools-message", has_text="Your progress was imported.").wait_for()
    now = stored(page)
    assert now["version"] == 2
    assert now["pages"] == old["pages"]
    assert now["quizzes"] == old["quizzes"]
    # Module statuses follow from what was imported.
    visit(page, base_url + "course/")
    module = next(m for m in COURSE.modules if m.quiz == quizzes[0].id)
    assert page.locator(f'.cx-module[data-module="{module.id}"] [data-cx-module-status]').inner_text() == "Passed (best score 90%)"

    # What version 2 adds is checked on import like the rest: a bad value is named, nothing changes.
    visit(page, base_url + "progress/")
    for bad, problem in (
        ({"course": {"name": 7}}, "That file's course record is not readable"),
        ({"quizzes": {quizzes[0].id: {"attempts": [{"date": "2025-11-04", "score": 40, "passed": False, "wrong": "all"}]}}}, f"That file's attempts at the quiz “{quizzes[0].id}” are not readable"),
    ):
        path.write_text(json.dumps({**old, "version": 2, **bad}))
        page.locator("#cx-import").set_input_files(str(path))
        page.locator(".cx-tools-message", has_text=problem + ", so nothing was changed.").wait_for()
        assert stored(page) == now
