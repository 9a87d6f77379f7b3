"""The site on the engines after Material for MkDocs: ProperDocs runs the plugin and must build
the very site MkDocs builds; Zensical runs no MkDocs plugin and builds what `cx-playbook
generate` writes."""

from __future__ import annotations

import difflib
import gzip
import html
import os
import re
import subprocess
import sys
from pathlib import Path

from helpers import ROOT

GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')
ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)
POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"')
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
        "rest of the page": GENERATOR.sub("", ARTICLE.sub("", page)),
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
            return f"MkDocs …{left[start:index + 60]!r}… / ProperDocs …{right[start:index + 60]!r}…"
    return f"one is longer: {len(left)} against {len(right)} characters"


def site_differences(mkdocs_site: Path, properdocs_site: Path) -> list[str]:
    ours, theirs = files(mkdocs_site), files(properdocs_site)
    problems = [f"only MkDocs built {name}" for name in sorted(ours - theirs)]
    problems += [f"only ProperDocs built {name}" for name in sorted(theirs - ours)]
    for name in sorted(ours & theirs):
        left, right = comparable(mkdocs_site / name), comparable(properdocs_site / name)
        if isinstance(left, dict) and isinstance(right, dict):
            problems += [f"{name}: {part} differs: {first_difference(left[part], right[part])}" for part in left if left[part] != right[part]]
        elif left != right:
            assert isinstance(left, str) and isinstance(right, str)
            problems.append(f"{name}: {first_difference(left, right)}")
    return problems


def test_properdocs_builds_the_same_site_as_mkdocs(built_site, base_url, tmp_path):
    out = tmp_path / "properdocs-site"
    # As a host would run it; -f names mkdocs.yml, which ProperDocs reads under that name too.
    result = run([sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml", "--site-dir", str(out)], ROOT, SITE_URL=base_url)
    assert result.returncode == 0, result.stderr
    # A clean build prints its summary and nothing else, as under MkDocs.
    summary = ("cx-playbook: ", "Cleaning site directory", "Building documentation to directory", "Documentation built in")
    assert [line for line in result.stderr.splitlines() if not line.removeprefix("INFO    -  ").startswith(summary)] == []

    # It really is ProperDocs that built it, with the plugin's work on every page.
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "ProperDocs" in found(GENERATOR, index)
    assert "mkdocs-1." in found(GENERATOR, (built_site / "index.html").read_text(encoding="utf-8"))
    assert POLICY.search(index) and (out / "assets/cx/manifest.js").is_file()

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
