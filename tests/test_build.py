"""A full strict MkDocs build of the real playbook, and of broken content."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from cx_playbook.validation import load_playbook
from helpers import ROOT, edit

MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site


@pytest.fixture(scope="module")
def playbook():
    return load_playbook(ROOT / "playbook")


class _Page(HTMLParser):
    """The links, request-making references and headed link lists of one built page."""

    def __init__(self):
        super().__init__()
        self.requests: list[str] = []
        self.sections: dict[str, list[str]] = {}
        self._heading: str | None = None
        self._in_h2 = False
        self._h2_text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"script", "img", "iframe", "audio", "video", "source", "embed"} and attrs.get("src"):
            self.requests.append(attrs["src"])
        if tag == "link" and attrs.get("href") and set((attrs.get("rel") or "").split()) & {"stylesheet", "preload", "preconnect", "icon", "manifest", "modulepreload", "dns-prefetch"}:
            self.requests.append(attrs["href"])
        if tag == "h2":
            self._in_h2, self._h2_text = True, ""
        if tag == "a" and self._heading and attrs.get("href") and "headerlink" not in (attrs.get("class") or ""):
            self.sections[self._heading].append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "h2":
            self._in_h2 = False
            self._heading = self._h2_text.strip().rstrip("¶").strip()
            self.sections[self._heading] = []

    def handle_data(self, data):
        if self._in_h2:
            self._h2_text += data


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def linked_refs(hrefs: list[str], page: str) -> set[str]:
    """``kind/id`` of each entry linked from the page at URL path ``page``."""
    kinds = ("principles", "tenets", "techniques", "case-studies")
    paths = (urljoin(f"/{page}/", href).strip("/") for href in hrefs if "://" not in href)
    return {path for path in paths if path.split("/")[0] in kinds and path.count("/") == 1}


def test_every_entry_kind_index_glossary_and_tags_page_exists(site, playbook):
    for ref in playbook.entries:
        assert (site / ref / "index.html").is_file(), ref
    for kind in ("principles", "tenets", "techniques", "case-studies", "glossary", "tags"):
        assert (site / kind / "index.html").is_file(), kind


def test_the_glossary_gives_a_phone_no_tooltip_to_set_up_for_each_term(site, playbook):
    # Material sets up a tooltip for each element of the content with a title. The glossary's
    # forty heading links and its abbreviations kept a phone's main thread busy for longer than
    # any other page's whole work (Lighthouse: 88, and 97 without them). Its abbreviations need
    # no tooltip: each is spelt out on the page, in its term's heading.
    page = (site / "glossary" / "index.html").read_text(encoding="utf-8")
    article = page[page.index("<article"):page.index("</article>")]
    assert "<abbr" not in article
    assert article.count('class="headerlink"') > len(playbook.glossary) // 2
    assert re.findall(r"<[a-z]+\b[^>]*\stitle=", article) == []
    headings = [html.unescape(re.sub(r"<[^>]+>", "", h)).rstrip("¶") for h in re.findall(r"<h2[^>]*>(.*?)</h2>", article)]
    for term in playbook.glossary:
        if term.abbr:
            assert f"{term.term} ({term.abbr})" in headings, term.abbr
    # Elsewhere an abbreviation is still explained where it is used.
    entry = (site / "techniques" / "moments-of-truth" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<abbr title="Moment of Truth: [^"]+">MOT</abbr>', entry)


def test_entry_pages_show_the_backlinks_computed_from_the_whole_playbook(site, playbook):
    for ref, entry in playbook.entries.items():
        page = parse(site / ref / "index.html")
        expected = {
            "Put into practice by": {e.ref for e in playbook.entries.values() if ref in getattr(e, "applies", ())},
            "Illustrated by": {e.ref for e in playbook.entries.values() if ref in getattr(e, "illustrates", ())},
            "Referenced by": {e.ref for e in playbook.entries.values() if ref in e.related},
        }
        for heading, refs in expected.items():
            assert linked_refs(page.sections.get(heading, []), ref) == refs, (ref, heading)
        assert linked_refs(page.sections.get("Related", []), ref) == set(entry.related), ref


def test_technique_page_shows_steps_outputs_pitfalls_and_what_it_applies(site, playbook):
    entry = playbook["techniques/moments-of-truth"]
    html = (site / "techniques/moments-of-truth/index.html").read_text(encoding="utf-8")
    for heading in ("Steps", "Outputs", "Pitfalls", "Puts into practice", "Sources"):
        assert f">{heading}<" in html
    assert html.count("<li>") >= len(entry.steps) + len(entry.outputs) + len(entry.pitfalls)
    links = parse(site / "techniques/moments-of-truth/index.html").sections["Puts into practice"]
    assert linked_refs(links, entry.ref) == set(entry.applies)


def test_search_index_holds_every_entry_with_its_kind_and_other_names(site, playbook):
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    for ref, entry in playbook.entries.items():
        assert f"{ref}/" in locations, ref
        [doc] = [doc for doc in index["docs"] if doc["location"] == f"{ref}/"]
        # The title says the kind, and any glossary abbreviation for the entry it lacks.
        abbreviations = "".join(
            f" ({term.abbr})" for term in playbook.glossary
            if term.see == ref and term.abbr and not re.search(rf"\b{term.abbr}\b", entry.title, re.IGNORECASE)
        )
        assert html.unescape(doc["title"]) == f"{entry.title}{abbreviations} · {entry.label}"
        assert all(name in doc["tags"] for name in entry.aliases), ref
    # A glossary term's abbreviation is another name of the entry the term points to.
    for term in playbook.glossary:
        if term.see and term.abbr:
            [doc] = [doc for doc in index["docs"] if doc["location"] == f"{term.see}/"]
            assert term.abbr in doc["tags"], term.abbr
    assert any(doc["title"] == "Business rules (BR) · Technique" for doc in index["docs"])


def test_tags_from_the_entries_reach_materials_tag_index(site, playbook):
    tags_page = (site / "tags/index.html").read_text(encoding="utf-8")
    for tag in {tag for entry in playbook.entries.values() for tag in entry.tags}:
        assert tag in tags_page, tag


def test_glossary_abbreviations_are_explained_on_every_kind_of_page(site, playbook):
    # The glossary itself spells each out instead (test_the_glossary_gives_a_phone_no_tooltip_...).
    abbreviations = {term.abbr for term in playbook.glossary if term.abbr}
    for page in ("index.html", "techniques/moments-of-truth/index.html", "course/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        found = set(re.findall(r'<abbr title="[^"]+">([^<]+)</abbr>', html))
        assert found & abbreviations, page


def test_navigation_lists_sections_not_every_entry(site, playbook):
    html = (site / "techniques/moments-of-truth/index.html").read_text(encoding="utf-8")
    nav = html[html.index('class="md-nav md-nav--primary"'):html.index("</nav>", html.index('class="md-nav md-nav--primary"'))]
    entry_links = [ref for ref in playbook.entries if f'href="../../{ref}/"' in nav]
    assert entry_links == []
    assert 'href="../"' in nav  # the Techniques index


def test_no_request_to_a_third_party_host(site):
    offenders = []
    for path in site.rglob("*.html"):
        for target in parse(path).requests:
            if re.match(r"^(https?:)?//", target):
                offenders.append(f"{path.relative_to(site)}: {target}")
    for path in site.rglob("*.css"):
        for target in re.findall(r"(?:url\(\s*['\"]?|@import\s+['\"])((?:https?:)?//[^'\")\s]+)", path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(site)}: {target}")
    assert offenders == []
    assert "fonts.googleapis.com" not in (site / "index.html").read_text(encoding="utf-8")


def test_search_dialog_has_an_accessible_name(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'class="md-search"[^>]*role="dialog"[^>]*aria-label="Search"', html)


def test_invalid_content_fails_the_build_with_the_validators_messages_and_writes_no_site(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "playbook", project / "playbook")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    edit(project / "playbook/techniques/moments-of-truth.yaml", "purpose:", "purpsoe:")
    result = subprocess.run([*MKDOCS, "--site-dir", str(tmp_path / "out")], cwd=project, capture_output=True, text=True)
    assert result.returncode == 1
    assert "playbook/techniques/moments-of-truth.yaml:" in result.stderr
    assert "unknown field 'purpsoe' (did you mean 'purpose'?)" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_every_technique_page_says_who_how_long_what_to_prepare_and_shows_a_worked_example(site, playbook):
    for entry in playbook.of_kind("techniques"):
        html = (site / entry.ref / "index.html").read_text(encoding="utf-8")
        for heading in ("Running it", "What to prepare", "Worked example"):
            assert f">{heading}<" in html, (entry.ref, heading)
        assert entry.participants[0].split()[0] in html and entry.duration.split()[0] in html
        assert ("the playbook's guidance" in html.replace("&rsquo;", "'")) != entry.running_from_sources, entry.ref


def test_a_short_case_study_says_so_instead_of_telling_a_story(site, playbook):
    short = [entry for entry in playbook.of_kind("case-studies") if entry.is_short]
    assert short
    for entry in short:
        html = (site / entry.ref / "index.html").read_text(encoding="utf-8")
        assert "A short example" in html and ">Challenge<" not in html, entry.ref
