"""The real site served under a sub-path (/cx/), as hosts often do, with site_url set from
SITE_URL at build time: a styled 404 page, instant navigation, quizzes and progress all work."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from helpers import ROOT, StaticHost, serve, submit_the_first_quiz_unanswered, visit


class _SubPathHost(StaticHost):
    not_found = "cx/404.html"


@pytest.fixture(scope="module")
def site_under_cx(tmp_path_factory):
    root = tmp_path_factory.mktemp("host")
    with serve(root, _SubPathHost) as url:
        environment = {**os.environ, "SITE_URL": url + "cx/"}
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(root / "cx")]
        result = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        yield url + "cx/"


def test_the_404_page_is_styled_under_the_sub_path(context, site_under_cx):
    page = context.new_page()
    response = visit(page, site_under_cx + "no/such/page/")
    assert response.status == 404
    stylesheets = page.eval_on_selector_all('link[rel="stylesheet"]', "links => links.map(link => link.href)")
    assert stylesheets and all(href.startswith(site_under_cx) for href in stylesheets)
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"


def test_instant_navigation_keeps_the_page_alive_between_pages(context, site_under_cx):
    page = context.new_page()
    visit(page, site_under_cx)
    page.evaluate("window.__stillHere = true")
    page.locator(".md-nav--primary a[href*='glossary']").first.click()
    page.wait_for_url(site_under_cx + "glossary/")
    page.locator("h1", has_text="Glossary").wait_for()
    assert page.evaluate("window.__stillHere") is True, "the click reloaded the page"
    sitemap = context.request.get(site_under_cx + "sitemap.xml").text()
    assert f"<loc>{site_under_cx}glossary/</loc>" in sitemap


def test_a_quiz_attempt_is_kept_under_the_sub_paths_own_key(context, site_under_cx):
    page = context.new_page()
    submit_the_first_quiz_unanswered(page, site_under_cx)
    stored = json.loads(page.evaluate("localStorage.getItem('cx-progress@/cx/')"))
    assert sum(len(quiz["attempts"]) for quiz in stored["quizzes"].values()) == 1
    visit(page, site_under_cx + "progress/")
    assert "1" in page.locator(".cx-progress-page table").inner_text()
