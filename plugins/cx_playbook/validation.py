"""Checking a whole playbook at once: every problem in every file, in one report."""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import discovery
from .course import Course
from .errors import ContentError, Problem, did_you_mean, did_you_mean_reference, display_path
from .loading import Document, load, read
from .markup import QUIZ_EMBED, WIKILINK, MarkdownRules, without_code
from .models import ENTRY_KINDS, SOURCES_FILE, Entry, GlossaryTerm, SourceText, Tenet
from .playbook import Playbook
from .quizzes import QUESTION_TYPES, Quiz
from .translation import problems as translated, where

_GLOSSARY = TypeAdapter(list[GlossaryTerm])
_SOURCES = TypeAdapter(list[SourceText])


def load_playbook(
    root: Path,
    quizzes: Path | None = None,
    *,
    kinds: Sequence[type[Entry]] = ENTRY_KINDS,
    markdown: MarkdownRules | None = None,
    docs: Path | None = None,
) -> Playbook:
    """The validated playbook under ``root``, with the quizzes under ``quizzes`` (by default the
    `quizzes` folder beside the playbook); raises ContentError listing every problem. ``markdown`` is the site's Markdown (its
    extensions), which every Markdown field is rendered with to be judged; ``docs`` is a folder
    of hand-written pages whose playbook links and quiz embeds are checked too."""
    # Loading builds many long-lived objects and no reference cycles; the cyclic collector would
    # only walk the growing heap again and again, which costs more than the parsing itself.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_playbook(root, quizzes if quizzes is not None else root.parent / "quizzes", kinds, markdown, docs)
    finally:
        if enabled:
            gc.enable()


def _load_playbook(root: Path, quizzes_root: Path | None, kinds: Sequence[type[Entry]], markdown: MarkdownRules | None, docs: Path | None) -> Playbook:
    problems: list[Problem] = []
    found = discovery.find(root, kinds, quizzes_root, problems)
    if not found.entries and not problems:
        folders = ", ".join(f"{kind.kind}/" for kind in kinds)
        problems.append(Problem(display_path(root), 1, 1, f"no entries found: add YAML files under {folders}"))
    references = frozenset(f"{kind.kind}/{path.stem}" for kind, path in found.entries)
    quiz_ids = frozenset(path.stem for path in found.quizzes)
    sources = _validated_list(found.sources, _SOURCES, SourceText, {}, problems, _source_problems) if found.sources else []
    # When the list itself is broken, its problems are the ones to fix: citations are not checked.
    cited = None if sources is None else frozenset(source.id for source in sources)
    context = {"references": references, "sources": cited, "quizzes": quiz_ids, "markdown": markdown}

    validated = [pair for pair in (_validated_entry(kind, path, context, problems) for kind, path in found.entries) if pair]
    tenet_files = sum(kind is Tenet for kind, _ in found.entries)
    problems.extend(_tenet_numbers([(entry, doc) for entry, doc in validated if isinstance(entry, Tenet)], tenet_files))
    entries = [entry for entry, _ in validated]
    glossary = (_validated_list(found.glossary, _GLOSSARY, GlossaryTerm, context, problems, _glossary_problems) if found.glossary else []) or []
    quizzes = [quiz for quiz in (_validated_quiz(path, context, problems) for path in found.quizzes) if quiz]
    pages = frozenset(page.relative_to(docs).as_posix() for page in docs.rglob("*.md")) if docs is not None and docs.is_dir() else None
    course = _validated_course(found.course, {**context, "pages": pages}, problems) if found.course else None
    if found.sources is None and entries:
        problems.append(Problem(display_path(root / SOURCES_FILE), 1, 1, "missing: list every text the entries cite here, once"))
    if docs is not None and docs.is_dir():
        problems.extend(_docs_problems(docs, references, quiz_ids))
    if not problems:
        problems.extend(_uncited(found.sources, sources or [], entries))
    playbook = Playbook(entries, glossary, quizzes, sources or [], kinds, course)
    if course is not None and found.course is not None and not problems:
        problems.extend(_course_pool(found.course, playbook))
    if problems:
        raise ContentError(problems)
    return playbook


def _parsed(path: Path, problems: list[Problem]) -> Document | None:
    document, problem = load(path)
    if problem is not None:
        problems.append(problem)
    return document


M = TypeVar("M", bound=BaseModel)


def _validated_file(
    path: Path, model: type[M], what: str, context: dict[str, Any], problems: list[Problem], tagged: Mapping[str, type[BaseModel]] = {}
) -> tuple[M, Document] | None:
    """One file holding one mapping, validated as ``model``; None when it has problems."""
    document = _parsed(path, problems)
    if document is None:
        return None
    if not isinstance(document.data, dict):
        problems.append(document.problem((), f"expected {what}, found {_shape(document.data)}"))
        return None
    try:
        return model.model_validate(document.data, context=context), document
    except ValidationError as error:
        problems.extend(translated(document, error, model, tagged))
        return None


def _validated_entry(kind: type[Entry], path: Path, context: dict[str, Any], problems: list[Problem]) -> tuple[Entry, Document] | None:
    what = f"a mapping of fields ({', '.join(_required(kind))}, ...)"
    return _validated_file(path, kind, what, {**context, "id": path.stem, "self": f"{kind.kind}/{path.stem}"}, problems)


def _validated_quiz(path: Path, context: dict[str, Any], problems: list[Problem]) -> Quiz | None:
    found = _validated_file(path, Quiz, "a quiz (title, pass_mark, questions, ...)", {**context, "id": path.stem}, problems, QUESTION_TYPES)
    if found is None:
        return None
    quiz, document = found
    duplicates = list(_duplicates(document, [question.id for question in quiz.questions], "questions", "id", "question id", "question"))
    problems.extend(duplicates)
    return None if duplicates else quiz


def _validated_course(path: Path, context: dict[str, Any], problems: list[Problem]) -> Course | None:
    found = _validated_file(path, Course, "a course (title, version, modules, final_assessment, ...)", context, problems)
    if found is None:
        return None
    course, document = found
    duplicates = list(_duplicates(document, [module.id for module in course.modules], "modules", "id", "module id", "module"))
    problems.extend(duplicates)
    return None if duplicates else course


def _course_pool(path: Path, playbook: Playbook) -> Iterable[Problem]:
    """The final assessment can draw as many questions as it asks for."""
    final = playbook.course.final_assessment if playbook.course else None
    if final is None:
        return
    size = len(playbook.pool())
    if size < final.draw:
        document = _parsed(path, [])
        if document is not None:
            yield document.problem(
                ("final_assessment", "draw"),
                f"final_assessment.draw: the pool holds {size} question{'s' if size != 1 else ''}, fewer than the {final.draw} to draw: widen the pool or draw fewer",
            )


def _validated_list(path: Path, adapter: TypeAdapter, model: type[BaseModel], context: dict[str, Any], problems: list[Problem], more) -> list | None:
    """The items of a list file, or None when it has problems (added to ``problems``)."""
    document = _parsed(path, problems)
    if document is None:
        return None
    if not isinstance(document.data, list):
        problems.append(document.problem((), f"expected a list (- {', '.join(_required(model))}: ...), found {_shape(document.data)}"))
        return None
    try:
        items = adapter.validate_python(document.data, context=context)
    except ValidationError as error:
        problems.extend(translated(document, error, model))
        return None
    found = list(more(document, items))
    problems.extend(found)
    return None if found else items


def _glossary_problems(document: Document, terms: list[GlossaryTerm]) -> Iterable[Problem]:
    yield from _duplicates(document, [term.term for term in terms], None, "term", "term", "term")
    yield from _duplicates(document, [term.abbr for term in terms], None, "abbr", "abbr", "term")


def _source_problems(document: Document, sources: list[SourceText]) -> Iterable[Problem]:
    yield from _duplicates(document, [source.id for source in sources], None, "id", "source id", "text")
    # One text, one title and author: the same title twice means one text credited two ways.
    yield from _duplicates(document, [source.title for source in sources], None, "title", "title", "text")


def _duplicates(document: Document, values: list[str | None], within: str | None, field: str, what: str, item: str) -> Iterable[Problem]:
    """A problem for each value used before, ignoring case."""
    first: dict[str, int] = {}
    for index, value in enumerate(values):
        if value is None:
            continue
        loc = (within, index, field) if within else (index, field)
        key = value.casefold()
        if key in first:
            prefix = f"{where(loc)}: " if within else ""
            yield document.problem(loc, f"{prefix}duplicate {what} '{value}': already used by {item} {first[key] + 1}")
        else:
            first[key] = index


def _uncited(path: Path | None, sources: list[SourceText], entries: list[Entry]) -> Iterable[Problem]:
    if path is None:
        return
    cited = {source for entry in entries for source in entry.sources}
    document = None
    for index, source in enumerate(sources):
        if source.id not in cited:
            document = document or _parsed(path, [])
            if document is not None:
                yield document.problem((index, "id"), f"source '{source.id}' is cited by no entry: cite it or remove it")


def _docs_problems(docs: Path, references: frozenset[str], quizzes: frozenset[str]) -> Iterable[Problem]:
    """Links and quiz embeds in hand-written pages that point nowhere."""
    for page in sorted(docs.rglob("*.md")):
        text, problem = read(page)
        if text is None:
            if problem:
                yield problem
            continue
        for number, line in enumerate(without_code(text).splitlines(), start=1):
            for match in WIKILINK.finditer(line):
                ref = match.group(1).strip()
                if ref not in references:
                    yield Problem(display_path(page), number, match.start() + 1, f"no entry '{ref}' in the playbook{did_you_mean_reference(ref, references)}")
            for match in QUIZ_EMBED.finditer(line):
                if match.group(1) not in quizzes:
                    yield Problem(display_path(page), number, match.start() + 1, f"no quiz '{match.group(1)}' in quizzes/{did_you_mean(match.group(1), quizzes)}")


def _tenet_numbers(tenets: list[tuple[Tenet, Document]], count: int) -> Iterable[Problem]:
    """Tenets are numbered 1..N with no number used twice."""
    by_number: dict[int, list[Document]] = defaultdict(list)
    for tenet, document in tenets:
        by_number[tenet.number].append(document)
    for number, documents in sorted(by_number.items()):
        if number > count:
            yield documents[0].problem(("number",), f"number: tenet {number} is out of range: the {count} tenets are numbered 1 to {count}")
        for document in documents[1:]:
            yield document.problem(("number",), f"number: tenet {number} is also {documents[0].shown_path}")


def _required(model: type[BaseModel]) -> list[str]:
    return [name for name, field in model.model_fields.items() if field.is_required()][:3]


def _shape(data: object) -> str:
    return {type(None): "an empty file", list: "a list", str: "a single value", dict: "a mapping"}.get(type(data), f"a {type(data).__name__}")
