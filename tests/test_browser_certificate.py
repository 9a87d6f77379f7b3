"""The certificate on paper and on a phone, whatever name the learner gives: one landscape page
on A4 and on Letter, and no sideways scrolling."""

from __future__ import annotations

import json
import re

import pytest

from helpers import visit
from test_browser_learner import fits

# Each paper in landscape, in PDF points (1/72 inch), as Chromium writes its MediaBox.
PAPERS = {"A4": (841.89, 595.28), "Letter": (792.0, 612.0)}


def completed(page, base_url: str, name: str) -> None:
    """Store a completed course (every module quiz and the final passed) with ``name`` to print,
    then open the certificate."""
    visit(page, base_url + "course/")
    manifest = page.evaluate("window.cxManifest")
    final = manifest["course"]["final"]
    passed = [(quiz["id"], quiz["version"]) for quiz in manifest["quizzes"]] + [(final["id"], final["version"])]
    quizzes = {quiz: {"attempts": [{"date": "2025-11-05T09:00:00.000Z", "score": 90, "passed": True, "version": version}]} for quiz, version in passed}
    document = {"version": 2, "pages": {}, "quizzes": quizzes, "course": {"name": name}}
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [page.evaluate("cxProgress.KEY"), json.dumps(document)])
    visit(page, base_url + "course/certificate/")
    page.locator(".cx-cert [data-field='name']", has_text=name[:20]).wait_for()


def longest_name(page) -> str:
    """As long a name as the form takes, in wide letters, broken into words as names are."""
    room = int(page.locator("#cx-name").get_attribute("maxlength"))
    return ("Wilhelmina Mwamba-Montgomery " * 10)[:room].strip()


def printed_pages(page, paper: str) -> list[tuple[float, float]]:
    pdf = page.pdf(format=paper, prefer_css_page_size=True)
    return [(float(w), float(h)) for w, h in re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", pdf)]


@pytest.mark.parametrize("paper", PAPERS)
def test_the_longest_name_still_prints_on_one_landscape_page(context, base_url, paper):
    page = context.new_page()
    visit(page, base_url + "course/certificate/")
    name = longest_name(page)
    completed(page, base_url, name)
    assert page.locator(".cx-cert [data-field='name']").inner_text() == name
    page.emulate_media(media="print")
    sizes = printed_pages(page, paper)
    assert len(sizes) == 1, f"{len(sizes)} pages"
    assert sizes[0] == pytest.approx(PAPERS[paper], abs=2)


def test_a_name_of_one_long_word_wraps_on_a_phone(context, base_url):
    page = context.new_page()
    visit(page, base_url + "course/certificate/")
    completed(page, base_url, "W" * 60)
    for width in (320, 375):
        page.set_viewport_size({"width": width, "height": 640})
        fits(page, width)
