"""Checking a whole playbook at once: every problem in every file, in one report."""

from __future__ import annotations

import functools
import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import discovery
from .course import Course
from .errors import ContentError, Problem, did_you_mean, did_you_mean_reference, display_path
from .loading import Document, load, read
from .markup import BROKEN_LINK, QUIZ_EMBED, WIKILINK, MarkdownRules, without_code
from .models import ENTRY_KINDS, SOURCES_FILE, Entry, GlossaryTerm, SourceText, Tenet
from .overlays import Exclusion, Item, OverlaySettings, Remaining, Stack
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
    overlays: Sequence[Path] = (),
) -> Playbook:
    """The validated playbook under ``root``, with the quizzes under ``quizzes`` (by default the
    `quizzes` folder beside the playbook); raises ContentError listing every problem. ``markdown`` is the site's Markdown (its
    extensions), which every Markdown field is rendered with to be judged; ``docs`` is a folder
    of hand-written pages whose playbook links and quiz embeds are checked too. ``overlays`` are
    folders laid out like the base, stacked on it in order (see ``overlays``); the whole stack
    is checked in the same pass."""
    # Loading builds many long-lived objects and no reference cycles; the cyclic collector would
    # only walk the growing heap again and again, which costs more than the parsing itself.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_playbook(root, quizzes if quizzes is not None else root.parent / "quizzes", kinds, markdown, docs, overlays)
    finally:
        if enabled:
            gc.enable()


M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
Pin = Callable[[tuple[str | int, ...], str], Problem]


class _Files:
    """Each YAML file parsed at most once, and its problem reported once: stacking overlays reads
    some files before they are validated."""

    def __init__(self, problems: list[Problem]):
        self._problems = problems
        self._documents: dict[Path, Document | None] = {}

    def __call__(self, path: Path) -> Document | None:
        if path not in self._documents:
            document, problem = load(path)
            if problem is not None:
                self._problems.append(problem)
            self._documents[path] = document
        return self._documents[path]


def _load_playbook(
    root: Path, quizzes_root: Path | None, kinds: Sequence[type[Entry]], markdown: MarkdownRules | None, docs: Path | None, overlay_dirs: Sequence[Path]
) -> Playbook:
    problems: list[Problem] = []
    parse = _Files(problems)
    layers = [discovery.find(root, kinds, quizzes_root, problems), *(discovery.find_overlay(folder, kinds, problems) for folder in overlay_dirs)]
    if not any(layer.entries for layer in layers) and not problems:
        folders = ", ".join(f"{kind.kind}/" for kind in kinds)
        problems.append(Problem(display_path(root), 1, 1, f"no entries found: add YAML files under {folders}"))
    stack = Stack([_exclusions(level, layer.settings, parse, problems) for level, layer in enumerate(layers)])
    entry_files = stack.merge([_entry_items(parse, level, layer) for level, layer in enumerate(layers)], "entry")
    quiz_files = stack.merge([[_file_item(parse, level, path, f"quizzes/{path.stem}", ("quizzes",), path, path.stem) for path in layer.quizzes] for level, layer in enumerate(layers)], "quiz")
    courses = [[_file_item(parse, level, layer.course, "course", (), layer.course)] if layer.course else [] for level, layer in enumerate(layers)]
    course_file = next((item.value for item in stack.merge(courses, "course", always_replaces=True).values()), None)

    references = Remaining(entry_files, _excluded(stack, {kind.kind for kind in kinds}))
    quiz_ids = Remaining(quiz_files, _excluded(stack, {"quizzes"}, strip=True))
    source_levels = [_list_items(parse, level, layer.sources, _SOURCES, SourceText, {}, problems, _source_problems, "sources") for level, layer in enumerate(layers)]
    source_items = stack.merge([found or [] for found in source_levels], "source")
    problems.extend(_clashes(source_items.values(), "title", "text"))
    # When a list itself is broken, its problems are the ones to fix: citations are not checked.
    cited = None if None in source_levels else Remaining(source_items, _excluded(stack, {"sources"}, strip=True))
    context = {"references": references, "sources": cited, "quizzes": quiz_ids, "markdown": markdown}

    validated = [pair for pair in (_validated_entry(kind, path, context, problems, parse) for kind, path in (item.value for item in entry_files.values())) if pair]
    problems.extend(_tenet_numbers([(entry, doc) for entry, doc in validated if isinstance(entry, Tenet)], _tenet_count(entry_files.values(), stack)))
    entries = [entry for entry, _ in validated]
    term_levels = [_list_items(parse, level, layer.glossary, _GLOSSARY, GlossaryTerm, context, problems, _glossary_problems, "glossary") for level, layer in enumerate(layers)]
    term_items = stack.merge([found or [] for found in term_levels], "glossary term")
    problems.extend(_clashes(term_items.values(), "abbr", "term"))
    quizzes = [quiz for quiz in (_validated_quiz(item.value, context, problems, parse) for item in quiz_files.values()) if quiz]
    pages = frozenset(page.relative_to(docs).as_posix() for page in docs.rglob("*.md")) if docs is not None and docs.is_dir() else None
    course = _validated_course(course_file, {**context, "pages": pages}, problems, parse) if course_file else None
    if not any(layer.sources for layer in layers) and entries:
        problems.append(Problem(display_path(root / SOURCES_FILE), 1, 1, "missing: list every text the entries cite here, once"))
    if docs is not None and docs.is_dir():
        problems.extend(_docs_problems(docs, references, quiz_ids))
    problems.extend(stack.problems)
    problems.extend(stack.unmatched())
    cited_by_entries = {source for entry in entries for source in entry.sources}
    if not problems:
        problems.extend(_uncited(source_items.values(), cited_by_entries, top=len(layers) - 1))
    sources = [item.value for item in source_items.values() if item.value.id in cited_by_entries]
    playbook = Playbook(entries, [item.value for item in term_items.values()], quizzes, sources, kinds, course)
    # The pool's problems are reported with the rest, whatever else is wrong, once what it draws on is valid.
    if course is not None and course_file is not None and _pool_is_known(course, quizzes, len(quiz_files), entries, len(entry_files)):
        problems.extend(_course_pool(course_file, playbook, parse))
    if problems:
        raise ContentError(problems)
    return playbook


def _excluded(stack: Stack, groups: set[str], strip: bool = False) -> dict[str, str]:
    """Where each excluded name in ``groups`` was excluded, by its full name (``techniques/x``)
    or, with ``strip``, by the id alone (a quiz's, a source's)."""
    found = {name: where for name, where in stack.excluded.items() if name.partition("/")[0] in groups}
    return {name.partition("/")[2]: where for name, where in found.items()} if strip else found


def _tenet_count(files: Iterable[Item[tuple[type[Entry], Path]]], stack: Stack) -> int:
    """How many tenets are numbered: every tenet file, valid or not, and every excluded tenet,
    which keeps its place in the published numbering (the others are not renumbered)."""
    return sum(item.value[0] is Tenet for item in files) + sum(name.startswith(f"{Tenet.kind}/") for name in stack.excluded)


def _uncited(items: Iterable[Item[SourceText]], cited: set[str], top: int) -> Iterable[Problem]:
    """Texts nobody cites, in the top layer's sources: the base alone, or the last overlay. A
    text beneath may be left uncited by an overlay that excludes or replaces what cited it; it
    is then left off the credits, since the layer that lists it cannot know."""
    for item in items:
        if item.value.id not in cited and item.level == top:
            yield item.pin(("id",), f"source '{item.value.id}' is cited by no entry: cite it or remove it")


def _exclusions(level: int, path: Path | None, parse: _Files, problems: list[Problem]) -> list[Exclusion]:
    """The names an overlay's ``overlay.yaml`` excludes, each with its place in the file."""
    if path is None:
        return []
    found = _validated_file(path, OverlaySettings, "overlay settings (exclude: [...])", {}, problems, parse)
    if found is None:
        return []
    settings, document = found
    places = [document.problem(("exclude", index), "") for index in range(len(settings.exclude))]
    return [Exclusion(name, level, index, place.path, place.line, place.column) for index, (name, place) in enumerate(zip(settings.exclude, places))]


def _pin(parse: _Files, path: Path, at: tuple[str | int, ...] = ()) -> Pin:
    """Problems at a place inside one item: the file itself, or item ``at`` of a list file. A
    problem with the ``replaces`` flag points at its key."""

    def pin(loc: tuple[str | int, ...], message: str) -> Problem:
        document = parse(path)
        if document is None:
            return Problem(display_path(path), 1, 1, message)
        key = document.key_node((*at, *loc)) if loc == ("replaces",) else None
        if key is not None:
            return Problem(document.shown_path, key.start_mark.line + 1, key.start_mark.column + 1, message)
        return document.problem((*at, *loc), message)

    return pin


def _entry_items(parse: _Files, level: int, layer: discovery.Found) -> list[Item[tuple[type[Entry], Path]]]:
    return [_file_item(parse, level, path, f"{kind.kind}/{path.stem}", (kind.kind,), (kind, path)) for kind, path in layer.entries]


def _file_item(parse: _Files, level: int, path: Path, name: str, groups: tuple[str, ...], value: T, key: str | None = None) -> Item[T]:
    """A file to stack: its ``replaces`` flag is read only when it clashes, or when it wins."""

    def replaces() -> bool:
        document = parse(path)
        return document is not None and isinstance(document.data, dict) and document.data.get("replaces") is True

    return Item(key or name, name, key or name, groups, value, replaces, functools.partial(display_path, path), _pin(parse, path), level)


def _list_items(
    parse: _Files, level: int, path: Path | None, adapter: TypeAdapter, model: type[BaseModel], context: dict[str, Any],
    problems: list[Problem], more: Callable, group: str,
) -> list[Item] | None:
    """One layer's glossary terms or source texts as items to stack, keyed by term or id
    ignoring case; None when the file has problems."""
    if path is None:
        return []
    values = _validated_list(path, adapter, model, context, problems, more, parse)
    if values is None:
        return None
    items = []
    for index, value in enumerate(values):
        name = value.term if isinstance(value, GlossaryTerm) else value.id
        pin = _pin(parse, path, (index,))
        replaces = functools.partial(getattr, value, "replaces")
        items.append(Item(name.casefold(), f"{group}/{name}", name, (group,), value, replaces, functools.partial(_place, pin), pin, level))
    return items


def _place(pin: Pin) -> str:
    place = pin((), "")
    return f"{place.path}:{place.line}:{place.column}"


def _clashes(items: Iterable[Item], field: str, what: str) -> Iterable[Problem]:
    """A value used by items of two layers in a field that must be unique (a glossary
    abbreviation, a source title); the same value twice in one file is reported with that file."""
    first: dict[str, Item] = {}
    for item in items:
        value = getattr(item.value, field)
        if value is None:
            continue
        held = first.setdefault(value.casefold(), item)
        if held is not item and held.level != item.level:
            yield item.pin((field,), f"{field}: duplicate {field} '{value}': already used by {what} '{held.label}' in {held.origin()}")


def _validated_file(
    path: Path, model: type[M], what: str, context: dict[str, Any], problems: list[Problem], parse: _Files, tagged: Mapping[str, type[BaseModel]] = {}
) -> tuple[M, Document] | None:
    """One file holding one mapping, validated as ``model``; None when it has problems."""
    document = parse(path)
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


def _validated_entry(kind: type[Entry], path: Path, context: dict[str, Any], problems: list[Problem], parse: _Files) -> tuple[Entry, Document] | None:
    what = f"a mapping of fields ({', '.join(_required(kind))}, ...)"
    return _validated_file(path, kind, what, {**context, "id": path.stem, "self": f"{kind.kind}/{path.stem}"}, problems, parse)


def _validated_quiz(path: Path, context: dict[str, Any], problems: list[Problem], parse: _Files) -> Quiz | None:
    found = _validated_file(path, Quiz, "a quiz (title, pass_mark, questions, ...)", {**context, "id": path.stem}, problems, parse, QUESTION_TYPES)
    if found is None:
        return None
    quiz, document = found
    duplicates = list(_duplicates(document, [question.id for question in quiz.questions], "questions", "id", "question id", "question"))
    problems.extend(duplicates)
    return None if duplicates else quiz


def _validated_course(path: Path, context: dict[str, Any], problems: list[Problem], parse: _Files) -> Course | None:
    found = _validated_file(path, Course, "a course (title, version, modules, final_assessment, ...)", context, problems, parse)
    if found is None:
        return None
    course, document = found
    duplicates = list(_duplicates(document, [module.id for module in course.modules], "modules", "id", "module id", "module"))
    problems.extend(duplicates)
    # An item listed twice is reported, but leaves the pool as it is, so the pool is still checked.
    problems.extend(_repeated_in_course(document, course))
    return None if duplicates else course


def _repeated_in_course(document: Document, course: Course) -> list[Problem]:
    """A reading listed twice in a module (the learner would see it twice), and a quiz or tag
    named twice in the pool."""
    found: list[Problem] = []
    for number, module in enumerate(course.modules):
        found += _repeats(document, ("modules", number, "readings"), module.readings, "reading")
    pool = course.final_assessment.pool
    found += _repeats(document, ("final_assessment", "pool", "quizzes"), pool.quizzes, "quiz")
    found += _repeats(document, ("final_assessment", "pool", "tags"), pool.tags, "tag")
    return found


def _repeats(document: Document, loc: tuple[str | int, ...], values: Sequence[str], what: str) -> list[Problem]:
    """A problem for each item of a list that an earlier item already named."""
    return [
        document.problem((*loc, index), f"{where((*loc, index))}: {what} '{value}' is listed twice: already at {where((*loc, values.index(value)))}")
        for index, value in enumerate(values)
        if value in values[:index]
    ]


def _pool_is_known(course: Course, quizzes: list[Quiz], quiz_files: int, entries: list[Entry], entry_files: int) -> bool:
    """Whether every file the final's pool draws on is valid, so that its size is exact: the
    pool's quizzes, or with tags every quiz and every entry (whose tags add questions)."""
    pool = course.final_assessment.pool
    if pool.tags:
        return len(quizzes) == quiz_files and len(entries) == entry_files
    return set(pool.quizzes) <= {quiz.id for quiz in quizzes}


def _course_pool(path: Path, playbook: Playbook, parse: _Files) -> Iterable[Problem]:
    """Every tag of the pool is carried by an entry, and the final assessment can draw as many
    questions as it asks for."""
    final = playbook.course.final_assessment if playbook.course else None
    document = parse(path)
    if final is None or document is None:
        return
    tags = {tag for entry in playbook.entries.values() for tag in entry.tags}
    for index, tag in enumerate(final.pool.tags):
        if tag not in tags:
            loc = ("final_assessment", "pool", "tags", index)
            yield document.problem(loc, f"{where(loc)}: no entry carries the tag '{tag}'{did_you_mean(tag, tags)}")
    size = len(playbook.pool())
    if size < final.draw:
        yield document.problem(
            ("final_assessment", "draw"),
            f"final_assessment.draw: the pool holds {size} question{'s' if size != 1 else ''}, fewer than the {final.draw} to draw: widen the pool or draw fewer",
        )


def _validated_list(
    path: Path, adapter: TypeAdapter, model: type[BaseModel], context: dict[str, Any], problems: list[Problem], more: Callable, parse: _Files
) -> list | None:
    """The items of a list file, or None when it has problems (added to ``problems``)."""
    document = parse(path)
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
            unlinked = WIKILINK.sub(lambda link: " " * len(link.group(0)), line)
            if "[[" in unlinked:
                yield Problem(display_path(page), number, unlinked.index("[[") + 1, BROKEN_LINK)
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
