"""The list of what a learner can finish (pages to read, quizzes to pass) for progress.js."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from .playbook import Playbook
from .rendering import entry_uri

GUIDES = "Guides"
# Top-level pages that are lists or tools, not reading: they are never marked read.
_NOT_READING = {"tags.md", "glossary.md", "progress.md"}


class _File(Protocol):
    src_uri: str
    url: str


def manifest(playbook: Playbook, pages: Iterable[_File], titles: dict[str, str]) -> dict:
    """Sections of readable pages (site-relative URLs and titles) and the quizzes, in reading order."""
    urls = {page.src_uri: page.url for page in pages}
    sections: list[dict] = []
    # Guides in navigation order (titles come from the nav), any others after them.
    order = {uri: position for position, uri in enumerate(titles)}
    guide_uris = sorted((uri for uri in urls if "/" not in uri and uri not in _NOT_READING), key=lambda uri: (order.get(uri, len(order)), uri))
    guides = [
        {"url": urls[uri], "title": titles.get(uri) or uri.removesuffix(".md").replace("-", " ").capitalize()}
        for uri in guide_uris
    ]
    if guides:
        sections.append({"title": GUIDES, "pages": guides})
    for kind in playbook.kinds():
        entries = playbook.of_kind(kind)
        pages_ = [{"url": urls[entry_uri(e.ref)], "title": e.title} for e in entries if entry_uri(e.ref) in urls]
        sections.append({"title": entries[0].plural, "pages": pages_})
    quizzes = [
        {"id": quiz.id, "title": quiz.title, "url": urls.get(f"quizzes/{quiz.id}.md", ""), "version": quiz.version, "questions": len(quiz.questions), "pass_mark": quiz.pass_mark}
        for quiz in playbook.quizzes.values()
    ]
    return {"sections": sections, "quizzes": quizzes}
