"""The built site in a real Chromium: accessibility (axe-core) and no request off the host."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from axe_playwright_python.sync_playwright import Axe

from test_browser_quiz import PLAYBOOK, QUIZ_ID, settled

# Each kind's first entry in reading order, by kind (an entry's ref is "kind/id").
FIRST_ENTRIES: dict[str, str] = {}
for entry in PLAYBOOK.of_all_kinds():
    FIRST_ENTRIES.setdefault(entry.ref.split("/")[0], entry.ref)

# One page of every type: home, a kind's index, an entry of each kind, the lists and the tools.
PAGES = [
    "",
    next(iter(FIRST_ENTRIES)) + "/",
    *(ref + "/" for ref in FIRST_ENTRIES.values()),
    "glossary/",
    "tags/",
    "authoring/",
    "quizzes/",
    f"quizzes/{QUIZ_ID}/",
    "progress/",
]
# The course's pages, when the playbook has a course: its home, a module, the final and the certificate.
if PLAYBOOK.course is not None:
    PAGES += ["course/", f"course/{PLAYBOOK.course.modules[0].id}/", "course/final/", "course/certificate/"]


def described(violations: list[dict]) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in violations]


@pytest.mark.parametrize("path", PAGES)
def test_no_accessibility_violation_of_any_impact(page, base_url, path):
    page.goto(base_url + path, wait_until="networkidle")
    settled(page)
    assert described(Axe().run(page).response["violations"]) == []


def test_every_request_stays_on_the_host(context, base_url):
    # What a page requests does not depend on the palette: one profile is enough.
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in PAGES:
        page.goto(base_url + path, wait_until="networkidle")
    assert requested and all(url.startswith(base_url) or url.startswith("data:") for url in requested), [
        url for url in requested if not url.startswith(base_url)
    ]


def test_search_finds_an_entry_and_opens_it(page, base_url):
    page.goto(base_url, wait_until="networkidle")
    page.keyboard.press("/")
    page.keyboard.type("Ea-nasir")
    # Results follow each keystroke: wait for those of the whole word, not of "ea".
    expect(page.locator(".md-search-result__item a").first).to_have_attribute("href", re.compile("ea-nasir"), timeout=10_000)


def test_glossary_abbreviation_has_a_tooltip_title(page, base_url):
    page.goto(base_url + "techniques/moments-of-truth/", wait_until="networkidle")
    abbr = page.locator("article abbr", has_text="SCO").first
    assert "Successful Customer Outcome" in abbr.get_attribute("title")
