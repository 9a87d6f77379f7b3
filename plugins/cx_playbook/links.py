"""Every internal link and anchor of a built site, checked in the HTML a reader receives.

MkDocs checks the links written in Markdown; this reads what was built, so it also sees the links
that templates, the navigation and generated pages make, and the anchors that exist only once a
page is rendered (headings, Material's tags). Links to other hosts are not followed."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# The attributes that make a browser fetch or go to another address.
_LINKING = {("a", "href"), ("area", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src"), ("iframe", "src")}


@dataclass(frozen=True)
class BrokenLink:
    """A link on ``page`` (a file of the site, relative to it) that leads nowhere."""

    page: str
    href: str
    reason: str
    target: str
    fragment: str


class _Page(HTMLParser):
    """The ids a page offers as anchors, and the links it makes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.canonical: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        if tag == "link" and values.get("rel") == "canonical":
            self.canonical = values.get("href")
            return
        for attribute in ("href", "src"):
            if (tag, attribute) in _LINKING and attribute in values:
                self.links.append(values[attribute])

    handle_startendtag = handle_starttag


def _parsed(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    page.close()
    return page


def base_path(site: Path, pages: dict[str, _Page] | None = None) -> str:
    """The path the site is served under (``/`` or ``/cx/``), read off the home page's canonical
    address, so that links written from the site's root resolve."""
    home = (pages or {}).get("index.html") or (_parsed(site / "index.html") if (site / "index.html").is_file() else None)
    if home is None or not home.canonical:
        return "/"
    path = urlsplit(home.canonical).path or "/"
    return path if path.endswith("/") else posixpath.dirname(path) + "/"


def broken_links(site: Path) -> list[BrokenLink]:
    """Each internal link of the built site at ``site`` whose page or anchor does not exist."""
    pages = {path.relative_to(site).as_posix(): _parsed(path) for path in sorted(site.rglob("*.html"))}
    root = base_path(site, pages)
    found: list[BrokenLink] = []
    for name, page in pages.items():
        seen: set[str] = set()
        for href in page.links:
            if href in seen:
                continue
            seen.add(href)
            broken = _check(site, pages, root, name, href)
            if broken is not None:
                found.append(broken)
    return found


def _check(site: Path, pages: dict[str, _Page], root: str, name: str, href: str) -> BrokenLink | None:
    parts = urlsplit(href.strip())
    if parts.scheme or parts.netloc or href.strip().startswith("//"):
        return None  # another host, or mailto:, data:, javascript: which the content checks judge
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if not path:
        target = name
    elif path.startswith("/"):
        if not (path + "/").startswith(root) and path != root.rstrip("/"):
            return BrokenLink(name, href, f"leads outside the site, which is served under {root}", path, fragment)
        target = posixpath.normpath(path[len(root):] or ".")
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(name), path))
    if target == ".." or target.startswith("../"):
        return BrokenLink(name, href, "leads outside the site", target, fragment)
    file = _file(site, target, path.endswith("/"))
    if file is None:
        return BrokenLink(name, href, "no such page or file in the built site", target, fragment)
    if fragment and file.endswith(".html") and fragment not in pages[file].ids:
        return BrokenLink(name, href, f"no anchor '#{fragment}' on {file}", file, fragment)
    return None


def _file(site: Path, target: str, folder: bool) -> str | None:
    """The file a link reaches (a folder's index.html), relative to the site, or None."""
    candidate = site / target
    if target == ".":
        candidate, target = site / "index.html", "index.html"
    elif folder or candidate.is_dir():
        candidate, target = candidate / "index.html", posixpath.join(target, "index.html")
    return target if candidate.is_file() else None


def page_sources(page: str) -> Iterator[str]:
    """The Markdown a built page most likely came from: ``a/b/index.html`` → ``a/b.md``, then
    ``a/b/index.md``; ``a/b.html`` → ``a/b.md``."""
    stem = page[: -len(".html")]
    if stem == "index":
        yield "index.md"
    elif stem.endswith("/index"):
        folder = stem[: -len("/index")]
        yield f"{folder}.md"
        yield f"{folder}/index.md"
        yield f"{folder}/README.md"
    else:
        yield f"{stem}.md"
