"""The list of what a learner can finish (pages to read, quizzes to pass) for progress.js."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol
from urllib.parse import quote

from .messages import Catalogue, english
from .playbook import Playbook
from .rendering import COURSE_INDEX, GeneratedPage, course_uri, entry_uri, quiz_uri, reading_uri


class _File(Protocol):
    src_uri: str
    url: str


def manifest(
    playbook: Playbook,
    pages: Iterable[_File],
    titles: Mapping[str, str],
    generated: Mapping[str, GeneratedPage],
    listings: Iterable[str] = (),
    messages: Catalogue | None = None,
    content_lang: str | None = None,
) -> dict[str, Any]:
    """Sections of readable pages (site-relative URLs and titles) and the quizzes, in reading order.

    Hand-written top-level pages are guides, except ``listings`` (pages made by a plugin, such as
    the tags page); a generated page counts only when what generated it says it is reading.
    With ``content_lang``, each title the playbook's authors wrote (an entry's, a quiz's, a
    module's) says its language under ``lang``, for the scripts to mark it where they show it."""
    words = messages or english(playbook.kinds_in_order)
    lang = {"lang": content_lang} if content_lang else {}
    urls = {page.src_uri: page.url for page in pages}
    skip = set(listings)
    sections: list[dict[str, Any]] = []
    # Guides in navigation order (titles come from the nav), any others after them.
    order = {uri: position for position, uri in enumerate(titles)}
    guide_uris = sorted(
        (uri for uri in urls if "/" not in uri and uri not in generated and uri not in skip),
        key=lambda uri: (order.get(uri, len(order)), uri),
    )
    guides = [{"url": urls[uri], "title": titles.get(uri) or uri.removesuffix(".md").replace("-", " ").capitalize()} for uri in guide_uris]
    if guides:
        sections.append({"title": words("progress.guides"), "pages": guides})
    for kind in playbook.kinds():
        readable = [entry for entry in playbook.of_kind(kind.kind) if entry_uri(entry.ref) in urls and generated[entry_uri(entry.ref)].readable]
        sections.append({"title": words(f"kind.{kind.kind}.plural"), "pages": [{"url": urls[entry_uri(e.ref)], "title": e.title, **lang} for e in readable]})
    quizzes = [
        {
            "id": quiz.id, "title": quiz.title, "url": urls.get(quiz_uri(quiz.id), ""), "version": quiz.version,
            "questions": len(quiz.questions), "pass_mark": quiz.pass_mark, **lang,
        }
        for quiz in playbook.quizzes.values()
    ]
    return {"sections": sections, "quizzes": quizzes, "course": _course(playbook, urls, lang), "numbers": words.number_symbols()}


def _course(playbook: Playbook, urls: Mapping[str, str], lang: Mapping[str, str]) -> dict[str, Any] | None:
    """The course as progress.js and course.js need it: module quizzes and readings, the final."""
    course, final = playbook.course, playbook.final_quiz()
    if course is None or final is None:
        return None
    modules = [
        {
            "id": module.id, "title": module.title, "url": urls.get(course_uri(module.id), ""), "quiz": module.quiz,
            "readings": [urls[reading_uri(reading)] for reading in module.readings if reading_uri(reading) in urls], **lang,
        }
        for module in course.modules
    ]
    assessment = course.final_assessment
    return {
        "title": course.title, "version": course.version, "url": urls.get(COURSE_INDEX, ""), "modules": modules,
        "final": {
            "id": final.id, "url": urls.get(course_uri("final"), ""), "pass_mark": assessment.pass_mark, "draw": assessment.draw,
            "version": final.version, "questions": len(final.questions),
        },
        "certificate": urls.get(course_uri("certificate"), ""),
    }


def header_progress(manifest: Mapping[str, Any], messages: Catalogue, url: str | None) -> dict[str, str] | None:
    """The header's link to the progress page at ``url`` as it reads before anything is recorded,
    with the words it needs the most room for (at 100%), so that a theme can draw it at its final
    size and the header never moves when progress.js writes this browser's figures into it.
    None when there is no progress page or nothing to count."""
    if url is None or not manifest["sections"]:
        return None
    total = sum(len(section["pages"]) for section in manifest["sections"]) + len(manifest["quizzes"])
    nothing = messages.percent(0)
    return {
        "url": url,
        "label": messages("progress.header", percent=nothing),
        "room": messages("progress.header", percent=messages.percent(100)),
        "name": messages("progress.header_label", done=0, total=total, percent=nothing),
    }


# Material's tags plugin fills the page that holds this marker with its listing.
TAGS_LISTING = "<!-- material/tags"


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The site-relative URL that MkDocs, ProperDocs and Zensical give the Markdown page
    ``src_uri``: ``techniques/x/`` (``techniques/x.html`` without directory URLs), ``./`` for
    the home page. The manifest is computed from these without asking any engine."""
    parent, filename = posixpath.split(src_uri)
    stem = filename.rsplit(".", 1)[0]
    stem = "index" if stem == "README" else stem
    if directory_urls and stem == "index":
        return quote(f"{parent}/" if parent else "./")
    target = f"{stem}/" if directory_urls else f"{stem}.html"
    return quote(posixpath.join(parent, target))


def nav_titles(nav: Sequence[Any] | None, uris: Iterable[str]) -> dict[str, str]:
    """The pages in navigation order, each with the title the navigation gives it ('' where the
    page's own title is used), as MkDocs' navigation holds them before any page is read.
    Without a ``nav`` setting, every page of ``uris`` in MkDocs' own order: each folder's
    index first, then its pages by name, then its folders."""
    if nav is None:
        def order(uri: str) -> tuple:
            *folders, name = uri.split("/")
            return (folders, name.rsplit(".", 1)[0] not in {"index", "README"}, name)

        return {uri: "" for uri in sorted(uris, key=order)}
    titles: dict[str, str] = {}

    def walk(items: Sequence[Any]) -> None:
        for item in items:
            title, target = next(iter(item.items())) if isinstance(item, Mapping) and item else (None, item)
            if isinstance(target, list):
                walk(target)
            elif isinstance(target, str) and "://" not in target:
                titles.setdefault(target, title or "")

    walk(nav)
    return titles
