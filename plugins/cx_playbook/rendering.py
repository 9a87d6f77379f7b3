"""Markdown pages for the playbook, rendered from Jinja2 templates a site can override.

Nothing here knows about MkDocs: ``PageRenderer.pages()`` yields (path, Markdown) pairs that
any engine can take, or that ``cx-playbook render`` writes to disk.
"""

from __future__ import annotations

import functools
import json
import posixpath
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, pass_context

from .markup import WIKILINK, escape_text, replace_outside_code
from .models import Entry
from .playbook import Playbook
from .quizzes import Quiz
from .reference import field_tables

GLOSSARY_PAGE = "glossary.md"
TAGS_PAGE = "tags.md"
PROGRESS_PAGE = "progress.md"
# `{{ quiz("id") }}` in any Markdown page embeds that quiz.
QUIZ_EMBED = re.compile(r"\{\{\s*quiz\(\s*[\"']([a-z0-9-]+)[\"']\s*\)\s*\}\}")
TYPE_LABELS = {
    "single": "choose one answer",
    "multiple": "select all that apply (scored all-or-nothing: every right option and no wrong one)",
    "true_false": "true or false",
    "ordering": "put the items in order",
    "matching": "match each term",
    "fill_blank": "type the answer",
}


@dataclass(frozen=True)
class GeneratedPage:
    """A Markdown page at ``src_uri`` (relative to the docs directory, '/'-separated)."""

    src_uri: str
    content: str


def entry_uri(ref: str) -> str:
    return f"{ref}.md"


def quiz_uri(quiz_id: str) -> str:
    return f"quizzes/{quiz_id}.md"


def answer_key(quiz: Quiz) -> dict[str, dict]:
    """What quiz.js needs to mark each question, and the order the page shows items in.

    Items of ordering and matching questions are shown in a fixed shuffle (seeded by the
    question, so builds are reproducible) that never gives the answer away."""
    key: dict[str, dict] = {}
    for question in quiz.questions:
        if question.type in ("single", "multiple"):
            key[question.id] = {"correct": [i for i, option in enumerate(question.options) if option.correct]}
        elif question.type == "true_false":
            key[question.id] = {"answer": question.answer}
        elif question.type in ("ordering", "matching"):
            count = len(question.items if question.type == "ordering" else question.pairs)
            shown = list(range(count))
            random.Random(f"{quiz.id}/{question.id}").shuffle(shown)
            if shown == sorted(shown):
                shown = shown[1:] + shown[:1]
            key[question.id] = {"shown": shown}
        else:
            key[question.id] = {"answers": sorted({" ".join(answer.lower().split()) for answer in question.answers})}
    return key


def kind_index_uri(kind: str) -> str:
    return f"{kind}/index.md"


def relative_link(from_uri: str, to_uri: str) -> str:
    """A link from one docs page to another, as MkDocs resolves Markdown links."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


class PageRenderer:
    """Renders every generated page of a playbook through the ``cx/`` templates."""

    def __init__(self, playbook: Playbook, template_dirs: Sequence[Path] = ()):
        self.playbook = playbook
        self.env = Environment(
            loader=ChoiceLoader([FileSystemLoader([str(d) for d in template_dirs]), PackageLoader(__package__, "templates")]),
            autoescape=False,  # the output is Markdown; plain text goes through the `text` filter
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(text=escape_text, markdown=self._markdown, link=self._link, front_matter=_front_matter)
        self.env.globals.update(playbook=playbook, tags_page=TAGS_PAGE, type_labels=TYPE_LABELS, lookup=lambda refs: [playbook[ref] for ref in refs])

    def pages(self) -> Iterator[GeneratedPage]:
        for entry in self.playbook.of_all_kinds():
            yield self.entry_page(entry)
        for kind in self.playbook.kinds():
            yield self.index_page(kind)
        if self.playbook.glossary:
            yield self._page(GLOSSARY_PAGE, "cx/glossary.md.j2")
        for quiz in self.playbook.quizzes.values():
            yield self._page(quiz_uri(quiz.id), "cx/quiz.md.j2", quiz=quiz, key=answer_key(quiz))
        if self.playbook.quizzes:
            yield self._page("quizzes/index.md", "cx/quizzes.md.j2", quizzes=list(self.playbook.quizzes.values()))
        yield self._page(PROGRESS_PAGE, "cx/progress.md.j2")

    def embed_quizzes(self, markdown: str, page_uri: str) -> tuple[str, list[str]]:
        """Replace each ``{{ quiz("id") }}`` with that quiz; returns the ids that do not exist."""
        unknown: list[str] = []

        def replace(match) -> str:
            quiz = self.playbook.quizzes.get(match.group(1))
            if quiz is None:
                unknown.append(match.group(1))
                return match.group(0)
            template = self.env.get_template("cx/partials/quiz.md.j2")
            return template.render(page_uri=page_uri, quiz=quiz, key=answer_key(quiz))

        return QUIZ_EMBED.sub(replace, markdown), unknown

    def entry_page(self, entry: Entry) -> GeneratedPage:
        return self._page(
            entry_uri(entry.ref), f"cx/{entry.kind}.md.j2",
            entry=entry, backlinks=self.playbook.backlinks(entry.ref), questions=self.playbook.questions_about(entry.ref),
        )

    def index_page(self, kind: str) -> GeneratedPage:
        return self._page(kind_index_uri(kind), "cx/index.md.j2", kind=kind, entries=self.playbook.of_kind(kind))

    def abbreviations(self, markdown: str | None = None) -> str:
        """Markdown ``abbr`` definitions for the glossary abbreviations used in ``markdown``
        (all of them when it is None), to append to a page."""
        terms = [term for term in self.playbook.glossary if term.abbr]
        if markdown is not None:
            used = set(self._abbreviation_pattern.findall(markdown)) if self._abbreviation_pattern else set()
            terms = [term for term in terms if term.abbr in used]
        return self.env.get_template("cx/abbreviations.md.j2").render(terms=terms) if terms else ""

    @functools.cached_property
    def _abbreviation_pattern(self) -> re.Pattern | None:
        abbrs = sorted({term.abbr for term in self.playbook.glossary if term.abbr}, key=len, reverse=True)
        return re.compile(rf"(?<![\w/&-])({'|'.join(map(re.escape, abbrs))})(?![\w/&-])") if abbrs else None

    def field_reference(self) -> str:
        """The tables of every field of every kind of file, for the authoring guide."""
        return self.env.get_template("cx/field-reference.md.j2").render(tables=field_tables(), page_uri="")

    def resolve_links(self, markdown: str, page_uri: str) -> str:
        """Turn ``[[kind/id]]`` and ``[[kind/id|text]]`` into Markdown links from ``page_uri``."""

        def replace(match) -> str:
            ref, text = match.group(1).strip(), match.group(2)
            entry = self.playbook.entries.get(ref)
            if entry is None:
                return match.group(0)
            label = text.strip() if text else escape_text(entry.title)
            return f"[{label}]({relative_link(page_uri, entry_uri(ref))})"

        return replace_outside_code(WIKILINK, replace, markdown) if "[[" in markdown else markdown

    def _page(self, uri: str, template: str, **context) -> GeneratedPage:
        content = self.env.get_template(template).render(page_uri=uri, **context)
        return GeneratedPage(uri, content)

    @pass_context
    def _markdown(self, context, markdown: str) -> str:
        return self.resolve_links(markdown.strip(), context["page_uri"])

    @pass_context
    def _link(self, context, target: Entry | str) -> str:
        uri = entry_uri(target.ref) if isinstance(target, Entry) else target
        return relative_link(context["page_uri"], uri)


def _front_matter(meta: dict) -> str:
    # JSON values are valid YAML flow scalars and lists, and far quicker to write than YAML.
    return "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items() if value)


def write_pages(playbook: Playbook, out_dir: Path, template_dirs: Sequence[Path] = ()) -> int:
    """Write every generated page under ``out_dir``; returns how many were written."""
    count = 0
    for page in PageRenderer(playbook, template_dirs).pages():
        target = out_dir / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
        count += 1
    return count
