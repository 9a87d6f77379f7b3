"""Fixtures: the small playbook in a temporary folder, the real site built once, a real Chromium.

The real site takes seconds of CPU to build, and the suite runs on every core (pytest-xdist):
what several tests on several workers read is built once for the whole run (``made_once``), and
each worker serves it itself.

Every page load also has Material build its search index, about a quarter of the browser's work
for the load. Tests that do not search get an index with no documents instead; a test that
searches says so with ``@pytest.mark.search`` and gets the site's own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import CHROMIUM, IN_CI, QUIZ, ROOT, guide_block, loopback_address, made_once, serve, write_playbook


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


def built_for(port: int) -> str:
    """The address (site_url) a shared site is built for: its port is every worker's."""
    return f"http://127.0.0.1:{port}/"


def build_real_site(out: Path, port: int, *arguments: str, cwd: Path = ROOT) -> None:
    """The real playbook built strictly, for the address the workers serve it from (site_url),
    as a host builds it: so that instant navigation and the 404 page work."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", *arguments, "--site-dir", str(out)],
        cwd=cwd, capture_output=True, text=True, timeout=600,
        env={**os.environ, "SITE_URL": built_for(port), "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def site_host(tmp_path_factory):
    """The real site, built once for the run, the address this worker serves it from and the
    address it was built for."""
    host, port = loopback_address(tmp_path_factory, "site")
    site = made_once(tmp_path_factory, "site", lambda out: build_real_site(out, port))
    with serve(site, host=host, port=port) as url:
        yield site, url, built_for(port)


@pytest.fixture(scope="session")
def built_site(site_host) -> Path:
    return site_host[0]


def _german_copy(out: Path, port: int) -> None:
    root = out.parent / "de-project"
    shutil.rmtree(root, ignore_errors=True)
    for folder in ("docs", "playbook", "quizzes"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "mkdocs.de.yml").write_text(guide_block("yaml", "# mkdocs.de.yml"), encoding="utf-8")
    build_real_site(out, port, "-f", "mkdocs.de.yml", cwd=root)


@pytest.fixture(scope="session")
def german_site(tmp_path_factory):
    """The real playbook built as an organisation builds a German copy, from the hosting guide:
    a second configuration that inherits the first and changes the language and the navigation's
    titles. Yields the built site and the address it is served from."""
    host, port = loopback_address(tmp_path_factory, "de")
    site = made_once(tmp_path_factory, "de", lambda out: _german_copy(out, port))
    with serve(site, host=host, port=port) as url:
        yield site, url


@pytest.fixture
def quizzes_dir(playbook_dir) -> Path:
    """One valid quiz with every type of question, beside the small playbook."""
    root = playbook_dir.parent / "quizzes"
    root.mkdir()
    (root / "moments-check.yaml").write_text(QUIZ, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def base_url(site_host):
    return site_host[1]


@pytest.fixture(scope="session")
def site_url(site_host):
    """The address the real site was built for (its site_url), which another build of it for
    comparison must use too."""
    return site_host[2]


# Whether the test now running searches (read when a browser context is made).
_SEARCHING = {"now": False}


@pytest.fixture(autouse=True)
def _real_search_index_when_searching(request):
    _SEARCHING["now"] = request.node.get_closest_marker("search") is not None


def _without_search_documents(route) -> None:
    response = route.fetch()
    try:
        index = response.json()
    except ValueError:  # not an index of the site's (a test serving its own): as it is
        route.fulfill(response=response)
        return
    route.fulfill(response=response, json={"config": index.get("config", {}), "docs": []})


def _search_index_for_this_test(context) -> None:
    """The site's own search index for a test that searches, one without documents otherwise."""
    context.unroute("**/search/search_index.json")
    if not _SEARCHING["now"]:
        context.route("**/search/search_index.json", _without_search_documents)


def _contexts_that_skip_search(launched):
    """``launched``, whose new contexts serve a search index without documents to a test that
    does not search."""
    new_context = launched.new_context

    def context_for_this_test(*args, **kwargs):
        made = new_context(*args, **kwargs)
        _search_index_for_this_test(made)
        return made

    launched.new_context = context_for_this_test
    return launched


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
        yield _contexts_that_skip_search(launched)
        launched.close()


@pytest.fixture(scope="session")
def _palette_pages(browser):
    """One page per palette for the whole run: opening a page costs Chromium about a second of
    work, and these tests only read what they load."""
    pages: dict = {}
    yield pages
    for page in pages.values():
        page.context.close()


@pytest.fixture(params=["light", "dark"])
def page(request, browser, _palette_pages):
    """A page in the light or the dark palette, with nothing stored and nothing listening."""
    if request.param not in _palette_pages:
        _palette_pages[request.param] = browser.new_context(color_scheme=request.param).new_page()
    page = _palette_pages[request.param]
    _search_index_for_this_test(page.context)
    yield page
    if page.url.startswith("http"):
        page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
    page.goto("about:blank")


@pytest.fixture
def context(browser):
    """A fresh browser profile: empty storage, light palette."""
    ctx = browser.new_context()
    yield ctx
    ctx.close()
