"""Markdown pages for the playbook, rendered from Jinja2 templates a site can override.

Nothing here knows about MkDocs: ``PageRenderer.pages()`` yields (path, Markdown) pairs that
any engine can take, or that ``cx-playbook render`` writes to disk.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, pass_context

from .messages import Catalogue, backlink_key, english
from .markup import QUIZ_EMBED, outside_code, relative_link, resolve_wikilinks
from .models import Entry
from .playbook import Playbook
from .quizzes import QUESTION_TYPES, Quiz
from .schemas import field_tables
from .text import escape_attribute, escape_markdown, escape_url

GLOSSARY_PAGE = "glossary.md"
TAGS_PAGE = "tags.md"
PROGRESS_PAGE = "progress.md"
# Where the progress page's summary goes once the manifest is known (see progress_summary).
PROGRESS_MARKER = "<!-- cx:progress-summary -->"
QUIZ_INDEX = "quizzes/index.md"
COURSE_INDEX = "course/index.md"
TYPE_LABELS = {name: model.label for name, model in QUESTION_TYPES.items()}


@dataclass(frozen=True)
class Branding:
    """Who the site belongs to, as the certificate shows it: a name, and the logo as a ``data:``
    address of the image (``logo``) or as an icon's SVG markup (``icon``)."""

    name: str
    logo: str | None = None
    icon: str | None = None


@dataclass(frozen=True)
class GeneratedPage:
    """A Markdown page at ``src_uri`` (relative to the docs directory, '/'-separated).

    ``in_nav`` says whether the page belongs in the site's navigation (indexes and tools do;
    entries and quizzes are reached from their index), and ``readable`` whether a learner's
    progress counts it as reading: both follow from what made the page, never from its name."""

    src_uri: str
    content: str
    in_nav: bool = False
    readable: bool = False


def marked_language(content_language: str | None, interface_language: str) -> str | None:
    """The language to mark content with: ``content_language`` when it is not the interface's
    (tags compared as BCP 47 compares them, ignoring case), else None, and nothing is marked."""
    if not content_language:
        return None
    same = content_language.replace("_", "-").casefold() == interface_language.replace("_", "-").casefold()
    return None if same else content_language


def entry_uri(ref: str) -> str:
    return f"{ref}.md"


def quiz_uri(quiz_id: str) -> str:
    return f"quizzes/{quiz_id}.md"


def kind_index_uri(kind: str) -> str:
    return f"{kind}/index.md"


def course_uri(page: str) -> str:
    return f"course/{page}.md"


def reading_uri(reading: str) -> str:
    """A module reading's page: an entry's, or a hand-written page's own file name."""
    return reading if reading.endswith(".md") else entry_uri(reading)


class PageRenderer:
    """Renders every generated page of a playbook through the ``cx/`` templates."""

    def __init__(
        self, playbook: Playbook, template_dirs: Sequence[Path] = (), messages: Catalogue | None = None, branding: Branding | None = None,
        content_language: str | None = None,
    ):
        self.playbook = playbook
        self.messages = messages or english(playbook.kinds_in_order)
        self.content_lang = marked_language(content_language, self.messages.language)
        # The English heading a kind declares for a backlink, and the key that words it.
        self._headings = {heading: backlink_key(kind, field) for kind in playbook.kinds_in_order for field, heading in kind.backlinks.items()}
        self.env = Environment(
            loader=ChoiceLoader([FileSystemLoader([str(d) for d in template_dirs]), PackageLoader(__package__ or "cx_playbook", "templates")]),
            autoescape=False,  # the output is Markdown; plain text goes through the `text` filter
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(
            text=escape_markdown, attribute=escape_attribute, url=escape_url, markdown=self._markdown, link=self._link, front_matter=_front_matter,
            percent=self.messages.percent,
        )
        messages = self.messages
        self.env.globals.update(
            playbook=playbook, tags_page=TAGS_PAGE, lookup=lambda refs: [playbook[ref] for ref in refs], reading_link=self._reading_link,
            type_labels={name: messages(f"question_type.{name}") for name in TYPE_LABELS},
            # The site's wording: t() is plain text, for a filter to escape where it lands;
            # t_md() and t_html() escape the message's own words and take values already
            # written for Markdown or HTML (links, tags). kind_text() names a kind of entry.
            t=messages, t_md=functools.partial(messages.format, escape=escape_markdown), t_html=functools.partial(messages.format, escape=html.escape),
            kind_text=lambda kind, what: messages(f"kind.{kind.kind}.{what}"),
            branding=branding or Branding(""), language=messages.language,
            # The language content is marked with, where it is not the interface's (else None):
            # the templates' lang macros (cx/partials/macros.md.j2) write it.
            content_lang=self.content_lang,
        )

    def pages(self) -> Iterator[GeneratedPage]:
        for entry in self.playbook.of_all_kinds():
            yield self.entry_page(entry)
        for kind in self.playbook.kinds():
            yield self.index_page(kind)
        if self.playbook.glossary:
            yield self._page(GLOSSARY_PAGE, "cx/glossary.md.j2", in_nav=True)
        for quiz in self.playbook.quizzes.values():
            yield self._page(quiz_uri(quiz.id), "cx/quiz.md.j2", quiz=quiz, key=quiz.answer_key())
        if self.playbook.quizzes:
            yield self._page(QUIZ_INDEX, "cx/quizzes.md.j2", in_nav=True, quizzes=list(self.playbook.quizzes.values()))
        yield self._page(PROGRESS_PAGE, "cx/progress.md.j2", in_nav=True)
        yield from self.course_pages()

    def course_pages(self) -> Iterator[GeneratedPage]:
        """The course home, a page per module, the final assessment and the certificate."""
        course, final = self.playbook.course, self.playbook.final_quiz()
        if course is None or final is None:
            return
        yield self._page(COURSE_INDEX, "cx/course/index.md.j2", in_nav=True)
        modules = course.modules
        for number, module in enumerate(modules, start=1):
            quiz = self.playbook.quizzes[module.quiz]
            yield self._page(
                course_uri(module.id), "cx/course/module.md.j2", module=module, number=number, quiz=quiz, key=quiz.answer_key(),
                previous=modules[number - 2] if number > 1 else None, next=modules[number] if number < len(modules) else None,
            )
        yield self._page(course_uri("final"), "cx/course/final.md.j2", quiz=final, key=final.answer_key())
        yield self._page(course_uri("certificate"), "cx/course/certificate.md.j2")

    def embed_quizzes(self, markdown: str, page_uri: str) -> tuple[str, list[str]]:
        """Replace each ``{{ quiz("id") }}`` with that quiz; returns the ids that do not exist."""
        unknown: list[str] = []

        def replace(match) -> str:
            quiz = self.playbook.quizzes.get(match.group(1))
            if quiz is None:
                unknown.append(match.group(1))
                return match.group(0)
            template = self.env.get_template("cx/partials/quiz.md.j2")
            return template.render(page_uri=page_uri, quiz=quiz, key=quiz.answer_key())

        return outside_code(QUIZ_EMBED, replace, markdown) if "quiz(" in markdown else markdown, unknown

    def entry_page(self, entry: Entry) -> GeneratedPage:
        return self._page(
            entry_uri(entry.ref), entry.template, readable=True,
            entry=entry, backlinks=self._backlinks(entry.ref), questions=self.playbook.questions_about(entry.ref),
        )

    def _backlinks(self, ref: str) -> dict[str, list[Entry]]:
        return {self.messages(self._headings[heading]): entries for heading, entries in self.playbook.backlinks(ref).items()}

    def index_page(self, kind: type[Entry]) -> GeneratedPage:
        return self._page(kind_index_uri(kind.kind), "cx/index.md.j2", in_nav=True, kind=kind, entries=self.playbook.of_kind(kind.kind))

    def source_list(self) -> str:
        """Every source text with the entries that draw on it, for the credits page."""
        return self.env.get_template("cx/source-list.md.j2").render(page_uri="credits.md")

    def progress_summary(self, manifest: Mapping[str, Any], page_url: str) -> str:
        """The progress page's summary as it stands before anything is recorded, drawn from the
        manifest (which exists only once an engine has its navigation) so that the page has its
        final shape before progress.js fills in this browser's numbers. ``page_url`` is the
        progress page's own site-relative URL, which the summary's links start from."""
        template = self.env.get_template("cx/partials/progress-summary.md.j2")
        return template.render(manifest=manifest, base="../" * page_url.count("/"))

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
        return resolve_wikilinks(markdown, self._link_target, page_uri)

    def _link_target(self, ref: str) -> tuple[str, str] | None:
        entry = self.playbook.entries.get(ref)
        return (entry.title, entry_uri(ref)) if entry else None

    def _page(self, uri: str, template: str, *, in_nav: bool = False, readable: bool = False, **context: Any) -> GeneratedPage:
        content = self.env.get_template(template).render(page_uri=uri, **context)
        return GeneratedPage(uri, content, in_nav=in_nav, readable=readable)

    @pass_context
    def _markdown(self, context, markdown: str) -> str:
        return self.resolve_links(markdown.strip(), context["page_uri"])

    @pass_context
    def _reading_link(self, context: Any, reading: str) -> str:
        """A Markdown link to a module reading, titled with the entry's title or the page's name."""
        entry = self.playbook.entries.get(reading)
        title = entry.title if entry else reading.removesuffix(".md").rsplit("/", 1)[-1].replace("-", " ").capitalize()
        return f"[{escape_markdown(title)}]({relative_link(context['page_uri'], reading_uri(reading))})"

    @pass_context
    def _link(self, context, target: Entry | str) -> str:
        uri = entry_uri(target.ref) if isinstance(target, Entry) else target
        return relative_link(context["page_uri"], uri)


# Front-matter values that Material writes into HTML as they are (<title>, <meta content>).
_HTML_META = frozenset({"title", "description"})


def _front_matter(meta: dict[str, Any]) -> str:
    # JSON values are valid YAML flow scalars and lists, and far quicker to write than YAML;
    # ensure_ascii leaves no character a YAML parser could read as a line break.
    def value(key: str, raw: Any) -> str:
        return json.dumps(escape_attribute(raw) if key in _HTML_META else raw, ensure_ascii=True)

    return "\n".join(f"{key}: {value(key, raw)}" for key, raw in meta.items() if raw)


def write_pages(
    playbook: Playbook, out_dir: Path, template_dirs: Sequence[Path] = (), messages: Catalogue | None = None, content_language: str | None = None,
) -> int:
    """Write every generated page under ``out_dir``, worded by ``messages`` (English when None);
    returns how many were written."""
    count = 0
    for page in PageRenderer(playbook, template_dirs, messages, content_language=content_language).pages():
        target = out_dir / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
        count += 1
    return count
