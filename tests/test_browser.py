"""The built site in a real Chromium: accessibility (axe-core) and no request off the host."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from axe_playwright_python.sync_playwright import Axe

from helpers import visit
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
def test_no_accessibility_violation_of_any_impact_and_no_request_off_the_host(page, base_url, path):
    # Both on one load of each page type: loading a page is most of what a browser test costs.
    requested: list[str] = []

    def record(request) -> None:
        requested.append(request.url)

    page.on("request", record)
    try:
        visit(page, base_url + path)
        settled(page)
        assert described(Axe().run(page).response["violations"]) == []
    finally:
        page.remove_listener("request", record)
    off_the_host = [url for url in requested if not (url.startswith(base_url) or url.startswith("data:"))]
    assert requested and off_the_host == []


@pytest.mark.search
def test_search_finds_an_entry_and_opens_it(page, base_url):
    visit(page, base_url)
    page.keyboard.press("/")
    page.keyboard.type("Ea-nasir")
    # Results follow each keystroke: wait for those of the whole word, not of "ea".
    expect(page.locator(".md-search-result__item a").first).to_have_attribute("href", re.compile("ea-nasir"), timeout=10_000)


def test_glossary_abbreviation_has_a_tooltip_title(page, base_url):
    visit(page, base_url + "techniques/moments-of-truth/")
    abbr = page.locator("article abbr", has_text="SCO").first
    assert "Successful Customer Outcome" in abbr.get_attribute("title")
