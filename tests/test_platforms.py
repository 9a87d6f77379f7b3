"""The site on the engines after Material for MkDocs: ProperDocs runs the plugin and must build
the very site MkDocs builds; Zensical runs no MkDocs plugin and builds what `cx-playbook
generate` writes."""

from __future__ import annotations

import gzip
import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cx_playbook.cli import main
from helpers import ROOT, make_site, manifest_of, serve, visit
from test_browser_course import PLAYBOOK, take
from test_browser_quiz import press

GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')
ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)
POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"')
POLICY_TAG = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
LASTMOD = re.compile(r"<lastmod>[^<]*</lastmod>")


def run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=600, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
    )


def files(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def found(pattern: re.Pattern, text: str) -> str:
    match = pattern.search(text)
    return match.group(0) if match else ""


def page_parts(page: str) -> dict[str, str]:
    """What a learner meets on a page, each part normalised: title, policy, main text and links,
    and the rest of the page (header, navigation, footer, scripts)."""
    article = ARTICLE.search(page)
    body = article.group(1) if article else ""
    return {
        "title": found(TITLE, page),
        "Content-Security-Policy": found(POLICY, page),
        "article text": text_of(body),
        "article links": " ".join(re.findall(r'href="([^"]*)"', body)),
        "rest of the page": POLICY_TAG.sub("", GENERATOR.sub("", ARTICLE.sub("", page))),
    }


def comparable(path: Path) -> str | dict[str, str]:
    if path.suffix == ".html":
        return page_parts(path.read_text(encoding="utf-8"))
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    text = data.decode("utf-8", errors="replace")
    return LASTMOD.sub("", text) if "sitemap" in path.name else text  # dated by the day of the build


def first_difference(left: str, right: str) -> str:
    for index, (a, b) in enumerate(zip(left, right)):
        if a != b:
            start = max(0, index - 60)
            return f"first …{left[start:index + 60]!r}… / second …{right[start:index + 60]!r}…"
    return f"one is longer: {len(left)} against {len(right)} characters"


def site_differences(first: Path, second: Path, names: tuple[str, str] = ("MkDocs", "ProperDocs")) -> list[str]:
    ours, theirs = files(first), files(second)
    problems = [f"only {names[0]} built {name}" for name in sorted(ours - theirs)]
    problems += [f"only {names[1]} built {name}" for name in sorted(theirs - ours)]
    for name in sorted(ours & theirs):
        left, right = comparable(first / name), comparable(second / name)
        if isinstance(left, dict) and isinstance(right, dict):
            problems += [f"{name}: {part} differs: {first_difference(left[part], right[part])}" for part in left if left[part] != right[part]]
        elif left != right:
            assert isinstance(left, str) and isinstance(right, str)
            problems.append(f"{name}: {first_difference(left, right)}")
    return problems


def test_properdocs_builds_the_same_site_as_mkdocs(built_site, site_url, tmp_path):
    out = tmp_path / "properdocs-site"
    # As a host would run it; -f names mkdocs.yml, which ProperDocs reads under that name too.
    result = run([sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml", "--site-dir", str(out)], ROOT, SITE_URL=site_url)
    assert result.returncode == 0, result.stderr
    # A clean build prints its summary and nothing else, as under MkDocs.
    summary = ("cx-playbook: ", "Cleaning site directory", "Building documentation to directory", "Documentation built in")
    assert [line for line in result.stderr.splitlines() if not line.removeprefix("INFO    -  ").startswith(summary)] == []

    # It really is ProperDocs that built it, with the plugin's work on every page.
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "ProperDocs" in found(GENERATOR, index)
    assert "mkdocs-1." in found(GENERATOR, (built_site / "index.html").read_text(encoding="utf-8"))
    assert POLICY.search(index) and (out / "assets/cx/cx.js").is_file()

    problems = site_differences(built_site, out)
    assert not problems, f"{len(problems)} differences between the MkDocs and ProperDocs builds:\n" + "\n".join(problems[:30])


def test_a_difference_between_builds_is_reported_by_file_and_part(tmp_path):
    """The comparison itself: a changed word, a missing page and a changed link are each named."""
    one, two = tmp_path / "one", tmp_path / "two"
    page = '<html><head><title>T</title><meta name="generator" content="{}"></head><body><article class="md-content__inner md-typeset"><p>{}</p><a href="{}">x</a></article></body></html>'
    for site, generator, word, link in ((one, "mkdocs-1.6.1", "hello", "a/"), (two, "mkdocs-ProperDocs 1.6.7", "hullo", "b/")):
        (site / "p").mkdir(parents=True)
        (site / "p/index.html").write_text(page.format(generator, word, link), encoding="utf-8")
    (one / "extra.html").write_text(page.format("g", "w", "l"), encoding="utf-8")
    problems = site_differences(one, two)
    assert problems[0] == "only MkDocs built extra.html"
    assert any(p.startswith("p/index.html: article text differs") and "hello" in p and "hullo" in p for p in problems)
    assert any(p.startswith("p/index.html: article links differs") for p in problems)
    assert not any("rest of the page" in p for p in problems)  # the generator tag is expected to differ
    assert len(problems) == 3


# --- cx-playbook generate: the site for engines that run no plugin ---------------------------


def generate(out: Path, *options: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """The command as an author runs it, in the site's folder."""
    return run([sys.executable, "-m", "cx_playbook.cli", "generate", str(out), *options], cwd)


def test_generated_with_plain_material_the_site_is_the_plugins_page_for_page(built_site, site_url, tmp_path):
    """What the plugin does as MkDocs reads each page, generate has already done: built without
    the plugin, every page's title, main text, links, navigation and scripts are the same, and
    so is the manifest progress is counted against."""
    out = tmp_path / "generated"
    result = generate(out, "--engine", "mkdocs")
    assert result.returncode == 0, result.stderr
    assert "- cx-playbook" not in (out / "mkdocs.yml").read_text(encoding="utf-8")
    built = run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], out, SITE_URL=site_url)
    assert built.returncode == 0, built.stderr
    problems = site_differences(built_site, out / "site", ("the plugin", "plain Material"))
    # What only the plugin does after a page is written: the policy on each page and for hosts,
    # and the search index's other names (its order of files differs too, as do the sitemap's).
    after_writing = ("Content-Security-Policy differs", "_headers", "nginx-headers.conf", "search/search_index.json", "sitemap.xml", "tags.json")
    unexpected = [problem for problem in problems if not any(part in problem for part in after_writing)]
    assert not unexpected, f"{len(unexpected)} differences:\n" + "\n".join(unexpected[:30])
    assert (out / "site/assets/cx/cx.js").read_bytes() == (built_site / "assets/cx/cx.js").read_bytes()


def test_generate_refuses_a_folder_it_did_not_write_and_replaces_one_it_did(tmp_path, monkeypatch):
    site = make_site(tmp_path / "site")
    monkeypatch.chdir(site)
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "mine.txt").write_text("keep me", encoding="utf-8")
    assert main(["generate", str(foreign)]) == 1
    assert [path.name for path in foreign.iterdir()] == ["mine.txt"]

    out = tmp_path / "out"
    assert main(["generate", str(out)]) == 0
    (out / "docs/stale.md").write_text("# From last time", encoding="utf-8")
    assert main(["generate", str(out)]) == 0
    assert not (out / "docs/stale.md").exists()
    assert not (out / "overrides").exists()  # Material's template fixes are not for Zensical
    assert main(["generate", str(out), "--engine", "mkdocs"]) == 0
    assert (out / "overrides/partials/search.html").is_file()
    assert main(["generate", str(site / "docs" / "inside")]) == 1
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []  # no half-written folder left


def test_generate_writes_each_page_as_the_plugin_shows_it(tmp_path, monkeypatch, capsys):
    site = make_site(tmp_path / "site")
    (site / "docs/practice.md").write_text('# Practice\n\nRead [[techniques/moments-of-truth]] first.\n\n{{ quiz("moments-check") }}\n', encoding="utf-8")
    monkeypatch.chdir(site)
    out = tmp_path / "out"
    assert main(["generate", str(out)]) == 0
    assert "build it there with `zensical build`" in capsys.readouterr().out
    practice = (out / "docs/practice.md").read_text(encoding="utf-8")
    assert "[[" not in practice and "](techniques/moments-of-truth.md)" in practice
    assert 'data-quiz="moments-check"' in practice
    assert "*[MOT]: Moment of Truth" in practice  # the glossary's abbreviation, used on the page
    entry = (out / "docs/techniques/moments-of-truth.md").read_text(encoding="utf-8")
    assert entry.startswith("---\n") and "*[MOT]: Moment of Truth" in entry
    assert (out / "docs/quizzes/moments-check.md").is_file() and (out / "docs/glossary.md").is_file()
    for asset in ("assets/cx/cx.css", "assets/cx/cx.js", "schemas/glossary.schema.json"):
        assert (out / "docs" / asset).is_file(), asset
    script = (out / "docs/assets/cx/cx.js").read_text(encoding="utf-8")
    # Progress, the LMS bridge and the quizzes, after the manifest, in the one file every page loads.
    assert script.index('"cx-progress@"') < script.index("LMSInitialize") < script.index('"cx-verdict"')
    assert manifest_of(out / "docs")["quizzes"][0]["id"] == "moments-check"
    config = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "assets/cx/cx.js" in config and "assets/cx/cx.css" in config
    # The small site has no nav: the written one lists the indexes but not each entry.
    assert "techniques/index.md" in config and "techniques/moments-of-truth.md" not in config


def test_generate_says_what_is_wrong_and_writes_nothing(tmp_path, monkeypatch, capsys):
    site = make_site(tmp_path / "site")
    (site / "docs/broken.md").write_text("# Broken\n\nSee [[techniques/no-such-thing]].\n", encoding="utf-8")
    (site / "docs/glossary.md").write_text("# Mine\n", encoding="utf-8")
    monkeypatch.chdir(site)
    out = tmp_path / "out"
    assert main(["generate", str(out)]) == 1
    error = capsys.readouterr().err
    assert "techniques/no-such-thing" in error and "Traceback" not in error
    assert not out.exists()
    (site / "docs/broken.md").unlink()
    assert main(["generate", str(out)]) == 1
    assert "docs/glossary.md is where the playbook's generated page goes" in capsys.readouterr().err
    assert not out.exists()
    assert main(["generate", str(out), "--config", "missing.yml"]) == 1
    assert "missing.yml" in capsys.readouterr().err


def test_generate_takes_a_site_that_inherits_the_shared_one_with_its_overlay(tmp_path):
    """The Acme example's mkdocs.yml INHERITs the shared one: the written configuration is the
    two merged as MkDocs merges them, and the pages are the overlay's."""
    out = tmp_path / "acme"
    result = generate(out, "--config", "examples/acme-overlay/mkdocs.yml")
    assert result.returncode == 0, result.stderr
    config = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "INHERIT" not in config and "site_name: Acme CX Playbook" in config
    assert "Hosting guide: hosting.md" in config and "navigation.sections" in config  # from the shared file
    assert (out / "docs/case-studies/acme-claim-hand-offs.md").is_file()
    assert not (out / "docs/techniques/walk-in-the-customers-shoes.md").exists()  # the overlay excludes it


# --- Zensical ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory):
    """The real site generated and built by Zensical, served as a host serves it."""
    out = tmp_path_factory.mktemp("zensical") / "generated"
    with serve(out / "site") as url:
        result = generate(out)
        assert result.returncode == 0, result.stderr
        built = run([sys.executable, "-m", "zensical", "build", "--strict"], out, SITE_URL=url)
        assert built.returncode == 0, built.stdout + built.stderr
        yield out / "site", url


def test_zensical_builds_every_page_the_plugin_builds(zensical_site, built_site):
    site, _ = zensical_site
    pages = {name for name in files(built_site) if name.endswith(".html")}
    assert pages - files(site) == set()
    # Zensical's own search index keeps the quizzes' answers out, as Material's does.
    index = (site / "search.json").read_text(encoding="utf-8")
    assert "Moments of Truth" in index and "Answer and explanation" not in index


def test_a_learner_reads_an_entry_takes_a_quiz_and_sees_progress_on_zensical(context, zensical_site):
    site, url = zensical_site
    page = context.new_page()
    foreign: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(url) else foreign.append(request.url))

    visit(page, url + "techniques/moments-of-truth/")
    assert page.locator("article h1").first.inner_text().startswith("Moments of Truth")
    assert page.locator("article abbr[title]").count() > 0  # the glossary's abbreviations
    link = page.locator("article a[href*='principles/']").first
    assert link.count() == 1  # a [[link]], resolved
    press(page.get_by_role("button", name="Mark as read"), "Enter")
    assert page.locator(".cx-read-toggle").get_attribute("aria-pressed") == "true"

    quiz = next(iter(PLAYBOOK.quizzes.values()))
    visit(page, url + f"quizzes/{quiz.id}/")
    take(page, quiz, right=True)
    assert "You passed" in page.locator(f'.cx-quiz[data-quiz="{quiz.id}"] .cx-score').inner_text()

    visit(page, url + "progress/")
    row = page.locator("tr", has_text=quiz.title)
    assert row.locator("td").nth(1).inner_text() == "100%"
    assert row.locator("td").nth(3).inner_text() == "Passed"
    page.locator(".cx-progress-total", has_text="Overall: 2 of").wait_for()  # the page read and the quiz passed
    assert foreign == []
