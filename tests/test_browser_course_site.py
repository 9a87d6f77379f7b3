"""The course as a site gets it: a learner's attempts from before the author changed the course
(kept, labelled as on an earlier version, and still counted), and a site with no course at all."""

from __future__ import annotations

import json

from cx_playbook.validation import load_playbook
from helpers import COURSE, ROOT, build_site, make_site, reload, serve, visit


def test_a_final_passed_on_an_earlier_course_version_is_kept_labelled_and_still_counts(context, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = make_site(tmp_path / "project")
    (root / "playbook/course.yaml").write_text(COURSE, encoding="utf-8")
    earlier = load_playbook(root / "playbook", root / "quizzes")
    module_quiz, final = earlier.quizzes["moments-check"], earlier.final_quiz()
    # The author publishes version 1.1 of the course; the questions stay as they were.
    (root / "playbook/course.yaml").write_text(COURSE.replace('version: "1.0"', 'version: "1.1"'), encoding="utf-8")
    site = build_site(root)
    attempt = {"date": "2025-11-05T09:00:00.000Z", "score": 100, "passed": True}
    document = {
        "version": 2, "pages": {}, "course": {"name": "Ada Lovelace"},
        "quizzes": {quiz.id: {"attempts": [{**attempt, "version": quiz.version}]} for quiz in (module_quiz, final)},
    }
    page = context.new_page()
    with serve(site) as url:
        visit(page, url + "progress/")
        page.evaluate("([key, value]) => localStorage.setItem(key, value)", [page.evaluate("cxProgress.KEY"), json.dumps(document)])
        reload(page)
        status = page.locator("tr", has_text="Final assessment").locator("td").nth(3)
        assert status.inner_text() == "Passed (on an earlier version of the final assessment)"
        assert page.locator("tr", has_text=module_quiz.title).locator("td").nth(3).inner_text() == "Passed"
        course = page.locator(".cx-progress-course")
        assert course.inner_text() == "Course: 1 of 1 module passed, final assessment passed. See your certificate."
        assert course.get_by_role("link", name="your certificate").get_attribute("href").endswith("course/certificate/")

        visit(page, url + "course/final/")
        assert "on an earlier version of the final assessment" in page.locator(f'.cx-quiz[data-quiz="{final.id}"] .cx-best').inner_text()
        visit(page, url + "course/certificate/")
        page.locator(".cx-cert [data-field='name']", has_text="Ada Lovelace").wait_for()
        assert "Version 1.1" in page.locator(".cx-cert").inner_text()


def test_a_playbook_without_a_course_builds_as_before_with_no_course_anywhere(context, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    site = build_site(make_site(tmp_path / "project"))
    assert not (site / "course").exists()
    pages = {path: path.read_text(encoding="utf-8") for path in site.rglob("*.html")}
    assert not [path for path, html in pages.items() if "course/" in html or "cx-progress-course" in html]
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    with serve(site) as url:
        visit(page, url + "progress/")
        assert page.evaluate("window.cxManifest.course") is None
        page.locator("tr", has_text="Moments of Truth check").wait_for()  # the scripts have drawn the page
        assert page.locator(".cx-progress-course").count() == 0
        assert "Final assessment" not in page.locator("article").inner_text()
    assert errors == []


def test_the_course_home_and_each_module_page_show_what_the_course_file_says(context, base_url):
    playbook = load_playbook(ROOT / "playbook", ROOT / "quizzes", docs=ROOT / "docs")
    course = playbook.course
    page = context.new_page()
    visit(page, base_url + "course/")
    for number, module in enumerate(course.modules, start=1):
        section = page.locator(f'.cx-module[data-module="{module.id}"]')
        assert section.get_by_role("heading", level=2).inner_text().removesuffix("¶") == f"{number}. {module.title}"
        assert section.locator("li").all_inner_texts() == module.objectives
        assert f"About {module.duration} minutes." in section.inner_text()
        # "Read:" then the readings in order, and "Quiz:" then the module's quiz on its page.
        links = section.locator("p", has_text="Read:").get_by_role("link")
        addresses = [href.removeprefix(base_url) for href in links.evaluate_all("links => links.map(a => a.href)")]
        assert addresses == [reading_address(r) for r in module.readings] + [f"course/{module.id}/#quiz-{module.quiz}"]
        assert links.last.inner_text() == playbook.quizzes[module.quiz].title

    # Each module page, opened by a learner who has done nothing yet: never locked.
    for number, module in enumerate(course.modules):
        visit(page, base_url + f"course/{module.id}/")
        article = page.locator("article")
        assert " ".join(module.intro.split()[:6]) in " ".join(article.inner_text().split())
        readings = article.locator(".cx-readings a").evaluate_all("links => links.map(a => a.href)")
        assert readings == [base_url + reading_address(r) for r in module.readings]
        quiz = article.locator(f'.cx-quiz[data-quiz="{module.quiz}"]')
        check = quiz.get_by_role("button", name="Check my answers")
        check.wait_for()
        assert check.is_enabled() and quiz.locator("fieldset:disabled, input[type=radio]:disabled, input[type=checkbox]:disabled").count() == 0
        way = page.get_by_role("navigation", name="Modules").get_by_role("link")
        expected = ([course.modules[number - 1].title] if number else []) + [course.modules[number + 1].title if number + 1 < len(course.modules) else "The final assessment"]
        assert [" ".join(text.replace("←", "").replace("→", "").split()) for text in way.all_inner_texts()] == expected


def reading_address(reading: str) -> str:
    """Where a module's reading is on the site, from the site's root."""
    if reading.endswith(".md"):
        return reading.removesuffix(".md").removesuffix("index") + ("/" if not reading.endswith("index.md") else "")
    return reading + "/"


SECOND_MODULE = """\
  - id: more
    title: More moments
    objectives:
      - Find a Moment of Truth in a case.
      - Say what the customer wanted there.
      - Name what went wrong.
    duration: 20
    readings: [techniques/moments-of-truth, case-studies/easyjet-bums-on-seats]
    quiz: moments-check
"""


def test_a_reading_shared_with_an_earlier_module_does_not_start_the_later_one(context, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = make_site(tmp_path / "project")
    (root / "playbook/course.yaml").write_text(COURSE.replace("final_assessment:", SECOND_MODULE + "final_assessment:"), encoding="utf-8")
    site = build_site(root)
    page = context.new_page()
    with serve(site) as url:

        def statuses_after_reading(*pages: str) -> list[str]:
            document = {"version": 2, "pages": {path: {"read": "2026-01-05T10:00:00.000Z"} for path in pages}, "quizzes": {}, "course": None}
            page.evaluate("([key, value]) => localStorage.setItem(key, value)", [page.evaluate("cxProgress.KEY"), json.dumps(document)])
            reload(page)
            return page.locator("[data-cx-module-status]").all_inner_texts()

        visit(page, url + "course/")
        # Read for the first module, it says nothing yet of the second, which lists it again.
        assert statuses_after_reading("techniques/moments-of-truth/") == ["In progress", "Not started"]
        assert statuses_after_reading("case-studies/easyjet-bums-on-seats/") == ["Not started", "In progress"]
