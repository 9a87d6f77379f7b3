"""Fixtures: the small playbook in a temporary folder, the real site built once, a real Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import CHROMIUM, IN_CI, QUIZ, ROOT, serve, write_playbook


@pytest.fixture
def playbook_dir(tmp_path, monkeypatch) -> Path:
    """A valid four-entry playbook; tests break one thing in it at a time."""
    monkeypatch.chdir(tmp_path)
    return write_playbook(tmp_path / "playbook")


@pytest.fixture
def real_playbook_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the shipped playbook and its quizzes, for changing without touching the real ones."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "quizzes", tmp_path / "quizzes")
    return Path(shutil.copytree(ROOT / "playbook", tmp_path / "playbook"))


@pytest.fixture(scope="session")
def site_host(tmp_path_factory):
    """A loopback static host for the real site, started first: the build needs its address."""
    root = tmp_path_factory.mktemp("site")
    with serve(root) as url:
        yield root, url


@pytest.fixture(scope="session")
def built_site(site_host) -> Path:
    """The real playbook built strictly once per test run, for the address it is served from
    (site_url), as a host builds it: so that instant navigation and the 404 page work."""
    out, url = site_host
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def quizzes_dir(playbook_dir) -> Path:
    """One valid quiz with every type of question, beside the small playbook."""
    root = playbook_dir.parent / "quizzes"
    root.mkdir()
    (root / "moments-check.yaml").write_text(QUIZ, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def base_url(site_host, built_site):
    return site_host[1]


@pytest.fixture(scope="session")
def browser():
    executable = CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")
    if not executable:
        message = "Chromium is not installed (make test installs Debian's chromium)"
        # In CI a missing browser is a failure, never a skip.
        pytest.fail(message) if IN_CI else pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(executable),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield launched
        launched.close()


@pytest.fixture(params=["light", "dark"])
def page(request, browser):
    context = browser.new_context(color_scheme=request.param)
    yield context.new_page()
    context.close()


@pytest.fixture
def context(browser):
    """A fresh browser profile: empty storage, light palette."""
    ctx = browser.new_context()
    yield ctx
    ctx.close()
