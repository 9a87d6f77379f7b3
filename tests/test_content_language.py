"""Content keeps its own language on a site whose interface speaks another.

The playbook is written in English and says so (`content_language: en` in mkdocs.yml). Built as
the hosting guide's German copy, every page is <html lang="de">, so each piece of content must
carry lang="en" for a screen reader to read it in English, while the interface's words resolve
to German. Checked on the pages as built (scripts off) and after the scripts have run (a quiz
marked and practised, progress, the course, the certificate); an English site gains no lang
attribute at all; a setting that is not a language tag stops the build; and `render --config`
writes the pages in the site's language."""

from __future__ import annotations

import json
import re

import pytest

from cx_playbook.cli import main
from cx_playbook.messages import language_tag_problem
from cx_playbook.playbook import FINAL_QUIZ_ID
from cx_playbook.rendering import marked_language
from helpers import build_site, edit, manifest_of, visit
from test_browser_quiz import violations
from test_i18n import (
    CONTENT, ENGLISH, GERMAN, MODULE, PLAYBOOK, _fragments, attempt, build_fails, complete_progress, course_site, with_progress,
)

assert PLAYBOOK.course is not None

# Every text the authors wrote, as plain text, one per line: a text of a page is content when it
# is (part of) one of them.
CONTENT_TEXT = "\n".join(" ".join(text.split()) for text in CONTENT)
# The interface's German words that no English content uses and English does not share.
_GERMAN_ONLY = sorted(
    (fragment for fragment in _fragments(GERMAN) - _fragments(ENGLISH) if not re.search(rf"(?<![\w-]){re.escape(fragment)}(?![\w-])", CONTENT_TEXT)),
    key=len, reverse=True,
)
GERMAN_WORDS = re.compile("|".join(rf"(?<![\w-]){re.escape(fragment)}(?![\w-])" for fragment in _GERMAN_ONLY))

# Each text node of the parts named, with the language its closest [lang] gives it.
TEXTS = """(selectors) => {
    const found = [];
    for (const selector of selectors) {
        for (const root of document.querySelectorAll(selector)) {
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const parent = node.parentElement;
                if (parent.closest("script, style, template, noscript")) continue;
                const text = node.textContent.replace(/\\s+/g, " ").trim();
                if (text) found.push([text, parent.closest("[lang]").getAttribute("lang")]);
            }
        }
    }
    return found;
}"""
ARTICLE = [".md-content"]
# After the scripts run, Material's copies of the page's title and headings are marked too.
WITH_CHROME = [*ARTICLE, '.md-header [data-md-component="header-topic"]', ".md-nav--secondary"]


def expected_language(text: str) -> str | None:
    """'en' for a text of content, 'de' for one of the interface's German words, None for
    neither (a number, a name, Material's own words)."""
    if (len(text.split()) >= 3 or len(text) >= 20) and text in CONTENT_TEXT:
        return "en"
    return "de" if GERMAN_WORDS.search(text) else None


def misread(found: list[list[str]]) -> tuple[list[tuple[str, str, str]], int, int]:
    """The texts whose language is wrong, as (text, language, expected), and how many texts of
    content and of the interface were checked."""
    wrong, counts = [], {"en": 0, "de": 0}
    for text, lang in found:
        expected = expected_language(text)
        if expected is None:
            continue
        counts[expected] += 1
        if lang != expected:
            wrong.append((text, lang, expected))
    return wrong, counts["en"], counts["de"]


def check_page(page, where: str, selectors=WITH_CHROME) -> None:
    wrong, content, interface = misread(page.evaluate(TEXTS, selectors))
    assert wrong == [], where
    assert content > 0 and interface > 0, f"{where}: nothing was checked"


def closest_lang(locator) -> str:
    return locator.evaluate("node => node.closest('[lang]').getAttribute('lang')")


def test_the_checker_tells_content_from_interface_and_finds_either_in_the_wrong_language():
    title = PLAYBOOK.entries["techniques/moments-of-truth"].summary
    assert expected_language(title) == "en"
    assert expected_language("Antwort und Erklärung") == "de" and expected_language("Zum Nachlesen:") == "de"
    assert expected_language("42") is None and expected_language("Ada Lovelace") is None
    # What an unmarked German page does: content read as German is found, so is the reverse.
    assert misread([[title, "de"], ["Antwort und Erklärung", "en"], ["Antwort und Erklärung", "de"]]) == (
        [(title, "de", "en"), ("Antwort und Erklärung", "en", "de")], 1, 2,
    )


def test_the_setting_marks_content_only_where_its_language_is_not_the_interfaces():
    assert marked_language("en", "de") == "en"
    assert marked_language("en", "de-CH") == "en"
    assert marked_language("de-ch", "de-CH") is None  # tags are compared without case
    assert marked_language("en", "en") is None
    assert marked_language(None, "de") is None


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("en", None), ("de-CH", None), ("pt-BR", None), ("zh-Hant-TW", None), ("es-419", None),
        ("English", "'English' is a language's name, not its tag: write en"),
        ("en_GB", "'en_GB' is not a language tag: its parts are joined by hyphens, as in en-GB"),
        ("en-", "'en-' is not a language tag such as en, de-CH or pt-BR (BCP 47)"),
        ("zz", "'zz' does not start with a known language code such as en, de-CH or pt-BR"),
        (3, "must be a language tag such as en, de-CH or pt-BR"),
    ],
)
def test_a_content_language_is_a_language_tag(value, problem):
    assert language_tag_problem(value) == problem


def test_a_content_language_that_is_not_a_tag_stops_the_build_saying_what_to_write(tmp_path):
    site = course_site(tmp_path, "content_language: English", theme="  language: de\n")
    errors = build_fails(site)
    assert "content_language" in errors and "'English' is a language's name, not its tag: write en" in errors
    assert not (site / "site").exists()


# --- The German copy, as built ---------------------------------------------------------------

QUIZ = PLAYBOOK.quizzes[MODULE.quiz]
ORDERING_QUIZ = next(quiz for quiz in PLAYBOOK.quizzes.values() if any(q.type == "ordering" for q in quiz.questions))
FIRST = {kind: next(entry.ref for entry in PLAYBOOK.of_all_kinds() if entry.ref.startswith(kind + "/")) for kind in ("principles", "tenets", "case-studies")}
PAGES = [
    "techniques/moments-of-truth/", *(ref + "/" for ref in FIRST.values()), "principles/", "glossary/", "credits/",
    "quizzes/", f"quizzes/{QUIZ.id}/", f"quizzes/{ORDERING_QUIZ.id}/",
    "progress/", "course/", f"course/{MODULE.id}/", "course/final/", "course/certificate/",
]


@pytest.fixture(scope="module")
def unscripted(german_site, browser):
    """The German pages as built, read with scripts off."""
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_as_built_every_text_of_content_is_english_and_every_word_of_the_interface_german(german_site, unscripted, path):
    _, url = german_site
    unscripted.goto(url + path)
    assert unscripted.locator("html").get_attribute("lang") == "de"
    check_page(unscripted, path, ARTICLE)


def test_as_built_the_named_parts_of_content_are_english(german_site, unscripted):
    _, url = german_site
    page = unscripted
    page.goto(url + "techniques/moments-of-truth/")
    entry = PLAYBOOK.entries["techniques/moments-of-truth"]
    assert closest_lang(page.locator("article h1")) == "en"
    assert closest_lang(page.locator(".cx-summary")) == "en"
    assert closest_lang(page.locator("article td").first) == "en"  # who takes part
    assert closest_lang(page.locator(".cx-aliases")) == "de" and closest_lang(page.locator(".cx-aliases span")) == "en"
    assert closest_lang(page.get_by_role("heading", name="Schritte")) == "de"
    assert closest_lang(page.locator("article ol li").first) == "en" and entry.steps
    page.goto(url + "glossary/")
    term = PLAYBOOK.glossary[0]
    definition = page.locator("article p", has_text=term.definition[:40])
    assert closest_lang(definition) == "en" and closest_lang(page.get_by_role("heading", name="Glossar")) == "de"
    page.goto(url + f"quizzes/{QUIZ.id}/")
    question = page.locator("section.cx-question").first
    assert closest_lang(question.locator(".cx-question__prompt p")) == "en"
    assert closest_lang(question.locator(".cx-question__choices li").first) == "en"
    assert closest_lang(question.locator(".cx-question__label")) == "de"
    assert closest_lang(question.locator("details summary")) == "de"
    assert closest_lang(question.locator(".cx-explanation p").first) == "en"
    assert closest_lang(question.locator(".cx-feedback p").first) == "en"
    assert closest_lang(question.locator(".cx-reread a").first) == "en"


# --- The German copy, once its scripts have run ------------------------------------------------


def pick_options_with_feedback(page) -> int:
    """Choose, in each question with one answer, an option that has feedback (a wrong one)."""
    return page.evaluate("""() => {
        let picked = 0;
        for (const section of document.querySelectorAll("section.cx-question[data-type=single]")) {
            const feedback = section.querySelector(".cx-feedback[data-option]");
            if (!feedback) continue;
            section.querySelector(`.cx-controls input[value="${feedback.dataset.option}"]`).click();
            picked++;
        }
        return picked;
    }""")


def test_a_german_quiz_marked_and_practised_keeps_its_content_english(german_site, browser):
    _, url = german_site
    context = with_progress(browser, {"version": 2, "pages": {}, "quizzes": {}})
    page = context.new_page()
    visit(page, url + f"quizzes/{QUIZ.id}/")
    page.get_by_role("button", name="Antworten prüfen").wait_for()
    check_page(page, "a quiz as the script builds it")
    assert violations(page) == []
    # The options the script builds from the page's list carry the content's language.
    options = page.locator(".cx-option > span")
    assert options.count() > 0 and set(options.evaluate_all("spans => spans.map(s => s.lang)")) == {"", "en"}
    assert all(closest_lang(options.nth(i)) == "en" for i in range(options.count()) if options.nth(i).inner_text() not in ("Wahr", "Falsch"))
    assert closest_lang(page.locator(".cx-match label").first) == "en" and closest_lang(page.locator(".cx-match option").nth(1)) == "en"
    assert closest_lang(page.locator(".cx-match option").first) == "de"  # "Bitte wählen …"
    assert pick_options_with_feedback(page) > 0
    page.locator(".cx-fill input").first.fill("something else")
    page.get_by_role("button", name="Antworten prüfen").click()
    page.get_by_role("button", name="Trotzdem abgeben").click()
    page.locator(".cx-score").wait_for()
    check_page(page, "a quiz marked")
    feedback = page.locator(".cx-option-feedback")
    assert feedback.count() > 0 and closest_lang(feedback.first) == "en"
    assert closest_lang(page.locator(".cx-tag", has_text="Ihre Antwort").first) == "de"
    # The accepted answers: each in English, the words between them German.
    fill = page.locator(".cx-fill .cx-tag").last
    assert fill.locator('[lang="en"]').all_inner_texts() == QUIZ.questions[[q.type for q in QUIZ.questions].index("fill_blank")].answers
    assert " oder " in fill.inner_text() and closest_lang(fill) == "de"
    matching = page.locator(".cx-match .cx-tag", has_text="Richtige Antwort:").first
    assert closest_lang(matching) == "de" and closest_lang(matching.locator("[lang]")) == "en"
    assert closest_lang(page.locator(".cx-score")) == "de"
    assert violations(page) == []

    page.get_by_role("button", name="Meine Fehler durchgehen").click()
    page.locator(".cx-practice:not([hidden])").wait_for()
    check_page(page, "practice on mistakes")
    explanation = page.locator(".cx-result > div[lang]").first
    assert explanation.get_attribute("lang") == "en"
    context.close()


def test_a_german_ordering_question_speaks_each_part_in_its_language(german_site, browser):
    _, url = german_site
    context = with_progress(browser, {"version": 2, "pages": {}, "quizzes": {}})
    page = context.new_page()
    visit(page, url + f"quizzes/{ORDERING_QUIZ.id}/")
    items = page.locator(".cx-ordering__text")
    assert items.count() > 0 and all(items.nth(i).get_attribute("lang") == "en" for i in range(items.count()))
    page.locator("button.cx-move:not([disabled])").first.click()
    status = page.locator('.cx-quiz [role="status"]', has_text="steht jetzt an Position").first
    status.wait_for()
    assert closest_lang(status) == "de" and closest_lang(status.locator("span")) == "en"
    page.get_by_role("button", name="Antworten prüfen").click()
    page.get_by_role("button", name="Trotzdem abgeben").click()
    page.locator(".cx-score").wait_for()
    check_page(page, "an ordering question marked")
    tags = page.locator(".cx-ordering .cx-tags").first
    assert tags.get_attribute("lang") == "de"
    context.close()


def test_german_progress_course_and_certificate_pages_mark_the_titles_they_show(german_site, browser):
    _, url = german_site
    modules = PLAYBOOK.course.modules
    first, second = modules[0], modules[1]
    progress = {
        "version": 2,
        "pages": {f"{FIRST['principles']}/": {"read": "2025-03-01T09:00:00.000Z"}},
        "quizzes": {
            first.quiz: {"attempts": [attempt(first.quiz, 100, True, "2025-03-02")]},
            second.quiz: {"attempts": [attempt(second.quiz, 40, False, "2025-03-03")]},
            FINAL_QUIZ_ID: {"attempts": [attempt(FINAL_QUIZ_ID, 50, False, "2025-03-04")]},
        },
        "course": None,
    }
    context = with_progress(browser, progress)
    page = context.new_page()
    visit(page, url + "progress/")
    page.locator(".cx-progress-course").wait_for()
    check_page(page, "My progress")
    quizzes = page.locator(".cx-progress-quizzes tbody a")
    langs = quizzes.evaluate_all("links => links.map(a => a.getAttribute('lang'))")
    assert langs == ["en"] * len(PLAYBOOK.quizzes) + [None]  # the final is named by the interface
    assert closest_lang(page.locator(".cx-progress-course a")) == "en"  # the next module
    assert closest_lang(page.locator(".cx-progress-course")) == "de"

    visit(page, url + "course/")
    assert closest_lang(page.locator("[data-cx-course-next] a")) == "en"
    check_page(page, "the course home")
    visit(page, url + f"course/{first.id}/")
    page.locator(".cx-readings a.cx-read").first.wait_for()
    check_page(page, "a module")
    visit(page, url + "course/final/")
    check_page(page, "the final assessment")
    context.close()

    context = with_progress(browser, complete_progress([module.quiz for module in modules], "Ada Lovelace"))
    page = context.new_page()
    visit(page, url + "course/certificate/")
    page.locator('.cx-cert [data-field="code"]', has_text="-").wait_for()
    check_page(page, "the certificate")
    names = page.locator(".cx-cert tbody tr td:first-child")
    assert names.evaluate_all("cells => cells.map(c => c.getAttribute('lang'))") == ["en"] * len(modules) + [None]
    assert closest_lang(page.locator(".cx-cert__course")) == "en" and closest_lang(page.locator(".cx-cert h2")) == "de"
    context.close()


def test_materials_copies_of_titles_headings_and_entry_names_take_their_language(german_site, browser):
    _, url = german_site
    context = browser.new_context()
    page = context.new_page()
    visit(page, url + "techniques/moments-of-truth/")
    topic = page.locator('.md-header [data-md-component="header-topic"]')
    assert topic.get_attribute("lang") == "en"
    visit(page, url + "glossary/")
    assert topic.get_attribute("lang") is None  # "Glossar": the page's own language
    term = page.locator(".md-nav--secondary a.md-nav__link", has_text=PLAYBOOK.glossary[0].term).first
    assert term.get_attribute("lang") == "en"
    check_page(page, "the glossary")
    # Material's tags listing names every entry by its title.
    visit(page, url + "tags/")
    wrong, content, _ = misread(page.evaluate(TEXTS, ARTICLE))
    assert wrong == [] and content >= len(PLAYBOOK.entries)
    context.close()


# --- An English site, and render ---------------------------------------------------------------


def test_an_english_site_gains_no_lang_attribute(built_site, base_url, browser):
    # The real site says its content is English, as its interface is: nothing is marked.
    marked = [
        (path.relative_to(built_site).as_posix(), found.group(0))
        for path in built_site.rglob("*.html")
        for found in re.finditer(r"<(?!html\b)[a-z][a-z0-9]*\b[^>]*\slang=", path.read_text(encoding="utf-8"))
    ]
    assert marked == []
    assert '"lang"' not in json.dumps(manifest_of(built_site))
    context = browser.new_context()
    page = context.new_page()
    visit(page, base_url + f"quizzes/{QUIZ.id}/")
    pick_options_with_feedback(page)
    page.get_by_role("button", name="Check my answers").click()
    page.get_by_role("button", name="Submit anyway").click()
    page.locator(".cx-option-feedback").first.wait_for()
    assert page.locator("[lang]").count() == 1
    visit(page, base_url + "progress/")
    page.locator(".cx-progress-course").wait_for()
    assert page.locator("[lang]").count() == 1
    context.close()


def test_render_with_a_sites_configuration_writes_its_language_and_marks_content(tmp_path, capsys):
    site = course_site(tmp_path / "site", "content_language: en", theme="  language: de\n")
    out = tmp_path / "pages"
    assert main(["render", "--config", str(site / "mkdocs.yml"), "--out", str(out)]) == 0
    quiz = (out / "quizzes/moments-check.md").read_text(encoding="utf-8")
    assert "<summary>Antwort und Erklärung</summary>" in quiz and "Answer and explanation" not in quiz
    assert '<div class="cx-question__prompt" lang="en" markdown>' in quiz
    assert (out / "course/basics.md").read_text(encoding="utf-8").startswith('---\ntitle: "The basics"')
    # The same playbook given as folders renders as before: English, nothing marked.
    english = tmp_path / "english"
    assert main(["render", str(site / "playbook"), "--out", str(english)]) == 0
    quiz = (english / "quizzes/moments-check.md").read_text(encoding="utf-8")
    assert "<summary>Answer and explanation</summary>" in quiz and "lang=" not in quiz
    capsys.readouterr()


def test_render_with_a_site_in_a_language_without_wording_warns_and_a_bad_catalogue_fails(tmp_path, capsys):
    site = course_site(tmp_path / "site", theme="  language: fr\n")
    assert main(["render", "--config", str(site / "mkdocs.yml"), "--out", str(tmp_path / "pages")]) == 0
    assert "warning: cx-playbook has no wording in French (fr)" in capsys.readouterr().err
    edit(site / "mkdocs.yml", "  - cx-playbook\n", "  - cx-playbook:\n      messages_dir: cx-messages\n")
    (site / "cx-messages").mkdir()
    (site / "cx-messages/fr.yaml").write_text("quiz.chek: Vérifier\n", encoding="utf-8")
    assert main(["render", "--config", str(site / "mkdocs.yml"), "--out", str(tmp_path / "again")]) == 1
    assert "fr.yaml:1:1: unknown message 'quiz.chek' (did you mean 'quiz.check'?)" in capsys.readouterr().err
    assert not (tmp_path / "again").exists()


def test_generate_marks_content_as_the_plugin_does(tmp_path, capsys):
    site = course_site(tmp_path / "site", "content_language: en", theme="  language: de\n")
    out = tmp_path / "generated"
    assert main(["generate", str(out), "--config", str(site / "mkdocs.yml"), "--engine", "mkdocs"]) == 0
    capsys.readouterr()
    manifest = manifest_of(out / "docs")
    # Titles from content say their language; the guides' and the interface's do not.
    assert [(quiz["title"], quiz.get("lang")) for quiz in manifest["quizzes"]] == [("Moments of Truth check", "en")]
    assert [(module["title"], module.get("lang")) for module in manifest["course"]["modules"]] == [("The basics", "en")]
    guides, *kinds = manifest["sections"]
    assert {page.get("lang") for page in guides["pages"]} == {None}
    assert {page.get("lang") for section in kinds for page in section["pages"]} == {"en"}
    built = build_site(out)
    quiz = (built / "quizzes/moments-check/index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in quiz and '<div class="cx-question__prompt" lang="en">' in quiz

