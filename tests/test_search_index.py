"""The search index holds each text once: every page downloads it whole, so a copy is weight a
learner pays for on every page, and a result that only quotes another entry sends them astray.

What is repeated elsewhere stays on the page but out of the index: an entry's lists of other
entries with their summaries (related, backlinks, the quiz questions about it), its sources
(listed once on the Credits page), the cards of each index page, and quizzes shown again on a
course module, the final assessment or a hand-written page.
"""

from __future__ import annotations

import html
import json
import re

import pytest

from cx_playbook.rendering import PageRenderer
from cx_playbook.validation import load_playbook
from helpers import ROOT


def _plain(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


@pytest.fixture(scope="module")
def playbook():
    return load_playbook(ROOT / "playbook", ROOT / "quizzes")


@pytest.fixture(scope="module")
def indexed(built_site) -> list[tuple[str, str]]:
    """Each document of the built index: its location and its text, as plain words."""
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    return [(doc["location"], _plain(doc["text"])) for doc in index["docs"]]


def _pages_holding(indexed: list[tuple[str, str]], words: str) -> list[str]:
    return sorted({location.split("#")[0] for location, text in indexed if words in text})


def test_each_entry_summary_is_indexed_once_on_its_own_page(playbook, indexed):
    misplaced = {}
    for ref, entry in playbook.entries.items():
        pages = [location for location, text in indexed if _plain(entry.summary) in text]
        if len(pages) != 1 or not pages[0].startswith(f"{ref}/"):
            misplaced[ref] = pages
    assert not misplaced, f"{len(misplaced)} summaries indexed elsewhere or more than once: {dict(list(misplaced.items())[:3])}"


def test_each_quiz_question_is_indexed_once_on_its_quiz_page(playbook, indexed):
    misplaced = []
    for quiz in playbook.quizzes.values():
        for question in quiz.questions:
            prompt = " ".join(_plain(re.sub(r"[*_`]", "", question.prompt)).split()[:8])
            pages = _pages_holding(indexed, prompt)
            if pages != [f"quizzes/{quiz.id}/"]:
                misplaced.append((quiz.id, question.id, pages))
    assert not misplaced, f"{len(misplaced)} questions indexed elsewhere or more than once: {misplaced[:3]}"


def test_lists_of_other_entries_stay_on_the_page_but_out_of_the_index(built_site, playbook, indexed):
    ref = "techniques/moments-of-truth"
    page = (built_site / ref / "index.html").read_text(encoding="utf-8")
    sections = {location.split("#", 1)[1] for location, _ in indexed if location.startswith(f"{ref}/#")}
    for heading, anchor in [("Related", "related"), ("Referenced by", "referenced-by"), ("Puts into practice", "puts-into-practice"),
                            ("Test yourself", "test-yourself"), ("Sources", "sources")]:
        assert f">{heading}<" in page, heading  # the learner still sees it
        assert anchor not in sections, heading
    assert {"steps", "pitfalls", "worked-example"} <= sections  # the entry's own text is indexed
    # The index pages keep their introduction and leave the cards to the entries.
    [(_, principles)] = [(location, text) for location, text in indexed if location == "principles/"]
    assert principles and not any(_plain(entry.summary) in principles for entry in playbook.of_kind("principles"))


def test_a_quiz_embedded_in_a_page_is_kept_out_of_the_index(playbook):
    markdown, _ = PageRenderer(playbook).embed_quizzes('{{ quiz("outside-in-foundations") }}', "guide.md")
    sections = re.findall(r'<section class="cx-question"[^>]*>', markdown)
    assert sections and all("data-search-exclude" in section for section in sections)
