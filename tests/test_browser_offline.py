"""The copy that opens from disk, built as `make build-offline` builds it and opened in Chromium
at file:// addresses: search, a quiz, progress and the certificate all work with no server, no
request leaves the disk, and the Content-Security-Policy is the online site's own."""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from helpers import ROOT, made_once
from test_browser_course import COURSE, FINAL, PLAYBOOK, code, stored, take
from test_browser_quiz import press

ITEM = ".md-search-result__list > .md-search-result__item"


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory) -> Path:
    # A folder name with a space, as a downloaded copy often has: addresses are percent-encoded.
    return made_once(tmp_path_factory, "CX playbook", _build_offline)


def _build_offline(out: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--no-directory-urls", "--site-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "OFFLINE": "true", "SITE_URL": "", "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr


def address(site: Path, page: str) -> str:
    return site.as_uri() + "/" + page


def watch(page) -> tuple[list[str], list[str]]:
    """Requests for anything not on disk, and console errors (policy violations among them)."""
    foreign: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(("file:", "data:", "about:")) else foreign.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return foreign, errors


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and (name == "src" or (name == "href" and tag in {"a", "link"})):
                self.targets.append(value)


def test_every_link_and_asset_of_the_copy_is_a_file_on_disk(offline_site):
    """From file:// a link to a folder shows a directory listing, and a link to another host
    needs a network: every address on every page must be a file of the copy itself."""
    problems = []
    # 404.html is shown by a web host for a missing address; from disk nothing ever shows it.
    pages = sorted(page for page in offline_site.rglob("*.html") if page.name != "404.html")
    assert len(pages) > 80
    for html in pages:
        parser = _Links()
        parser.feed(html.read_text(encoding="utf-8"))
        for target in parser.targets:
            parts = urlsplit(target)
            if parts.scheme in {"mailto", "data"} or target.startswith("#"):
                continue
            if parts.scheme or parts.netloc:
                # Links out to sources are fine to follow; nothing is loaded from another host.
                if parts.scheme not in {"http", "https"} or _loads(html, target):
                    problems.append(f"{html.relative_to(offline_site)}: {target}")
                continue
            file = (html.parent / unquote(parts.path)).resolve() if parts.path else html
            if not file.is_file():
                problems.append(f"{html.relative_to(offline_site)}: {target} is not a file of the copy")
    assert not problems, "\n".join(sorted(set(problems))[:40])


def _loads(html: Path, target: str) -> bool:
    """Whether ``target`` is loaded by the page (a script, stylesheet or image) rather than linked."""
    text = html.read_text(encoding="utf-8")
    return bool(re.search(rf'<(?:script|img|iframe)\b[^>]*\bsrc="{re.escape(target)}"|<link\b[^>]*rel="stylesheet"[^>]*href="{re.escape(target)}"', text))


@pytest.mark.search
def test_a_learner_searches_takes_a_quiz_and_gets_the_certificate_from_disk(context, offline_site, tmp_path):
    page = context.new_page()
    foreign, errors = watch(page)
    page.goto(address(offline_site, "index.html"), wait_until="load")

    # Search, with no server to fetch the index from and no worker a file:// page may start.
    page.keyboard.press("/")
    page.locator(".md-search__input").wait_for(state="visible")
    page.keyboard.type("moments of truth")
    first = page.locator(ITEM).first.locator("a").first
    first.wait_for(timeout=10_000)
    target = urlsplit(urljoin(page.url, first.get_attribute("href")))
    assert unquote(target.path) == (offline_site / "techniques/moments-of-truth.html").as_posix()
    first.click()
    page.wait_for_url(re.compile(r".*/techniques/moments-of-truth\.html.*"))
    press(page.get_by_role("button", name="Mark as read"), "Enter")
    assert page.locator(".cx-read-toggle").get_attribute("aria-pressed") == "true"

    # A quiz, taken and passed.
    module = COURSE.modules[0]
    quiz = PLAYBOOK.quizzes[module.quiz]
    page.goto(address(offline_site, f"quizzes/{quiz.id}.html"), wait_until="load")
    take(page, quiz, right=True)
    assert "You passed" in page.locator(f'.cx-quiz[data-quiz="{quiz.id}"] .cx-score').inner_text()

    # Recorded, as the progress page shows.
    page.goto(address(offline_site, "progress.html"), wait_until="load")
    row = page.locator("tr", has_text=quiz.title)
    assert row.locator("td").nth(1).inner_text() == "100%"
    assert row.locator("td").nth(3).inner_text() == "Passed"
    page.locator(".cx-progress-total", has_text="Overall: 2 of").wait_for()  # the page read and the quiz passed

    # The rest of the course, passed earlier in another copy and imported here.
    document = stored(page)
    earlier = "2025-11-05T09:00:00.000Z"
    for other in [*(PLAYBOOK.quizzes[m.quiz] for m in COURSE.modules[1:]), FINAL]:
        document["quizzes"][other.id] = {"attempts": [{"date": earlier, "score": 100, "passed": True, "version": other.version}]}
    exported = tmp_path / "progress.json"
    exported.write_text(json.dumps(document), encoding="utf-8")
    page.locator("#cx-import").set_input_files(str(exported))
    page.locator(".cx-tools-message", has_text="Your progress was imported.").wait_for()

    # The certificate, with its completion code: SubtleCrypto works on a page opened from disk.
    page.goto(address(offline_site, "course/certificate.html"), wait_until="load")
    page.get_by_label("Your name").fill("Ada Lovelace")
    press(page.get_by_role("button", name="Make my certificate"), "Enter")
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    expected = code("Ada Lovelace", today, {m.id: 100 for m in COURSE.modules}, 100)
    page.locator('.cx-cert [data-field="code"]', has_text=expected).wait_for()

    assert foreign == [], foreign
    assert errors == [], errors

    # Progress belongs to the copy's folder: a second copy elsewhere starts afresh.
    other_copy = Path(shutil.copytree(offline_site, tmp_path / "another copy"))
    page.goto(address(other_copy, "progress.html"), wait_until="load")
    assert page.locator("tr", has_text=quiz.title).locator("td").nth(3).inner_text() == "Not taken"
    page.goto(address(offline_site, "progress.html"), wait_until="load")
    assert page.locator("tr", has_text=quiz.title).locator("td").nth(3).inner_text() == "Passed"


def test_the_copy_keeps_the_sites_content_security_policy(offline_site):
    """The policy is the online site's: scripts from the copy itself and hashed inline scripts only."""
    for name in ("index.html", "course/certificate.html", "techniques/moments-of-truth.html"):
        text = (offline_site / name).read_text(encoding="utf-8")
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', text)
        assert policy, name
        directives = dict(part.strip().split(" ", 1) for part in policy.group(1).split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["script-src"].split()[0] == "'self'" and "'unsafe-inline'" not in directives["script-src"]
        assert "unpkg" not in text, name
