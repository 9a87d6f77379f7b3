"""Checking a whole playbook at once: every problem in every file, in one report."""

from __future__ import annotations

import difflib
import gc
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import get_args

from pydantic import BaseModel, TypeAdapter, ValidationError

from .errors import ContentError, Problem, did_you_mean, display_path
from .loading import Document, load
from .models import ID_PATTERN, KINDS, MODELS, Entry, GlossaryTerm, Tenet
from .playbook import Playbook
from .quizzes import QUESTION_TYPES, Quiz

GLOSSARY_FILE = "glossary.yaml"
_ID = re.compile(rf"^{ID_PATTERN}$")
_GLOSSARY = TypeAdapter(list[GlossaryTerm])


def load_playbook(root: Path, quizzes: Path | None = None) -> Playbook:
    """The validated playbook under ``root``, with the quizzes under ``quizzes`` when given;
    raises ContentError listing every problem."""
    # Loading builds many long-lived objects and no reference cycles; the cyclic collector would
    # only walk the growing heap again and again, which costs more than the parsing itself.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_playbook(root, quizzes)
    finally:
        if enabled:
            gc.enable()


def _load_playbook(root: Path, quizzes_root: Path | None) -> Playbook:
    problems: list[Problem] = []
    files = _entry_files(root, problems)
    if not files and not problems:
        problems.append(Problem(display_path(root), 1, 1, f"no entries found: add YAML files under {', '.join(k + '/' for k in KINDS)}"))
    references = frozenset(f"{kind}/{path.stem}" for kind, path in files)
    context = {"references": references}

    validated = [_validated_entry(kind, path, context, problems) for kind, path in files]
    validated = [pair for pair in validated if pair is not None]
    tenet_files = sum(kind == Tenet.kind for kind, _ in files)
    problems.extend(_tenet_numbers([pair for pair in validated if isinstance(pair[0], Tenet)], tenet_files))
    entries = [entry for entry, _ in validated]
    glossary = _validated_glossary(root / GLOSSARY_FILE, context, problems)
    quizzes = _validated_quizzes(quizzes_root, context, problems) if quizzes_root else []

    if problems:
        raise ContentError(problems)
    return Playbook(entries, glossary, quizzes)


def _entry_files(root: Path, problems: list[Problem]) -> list[tuple[str, Path]]:
    if not root.is_dir():
        problems.append(Problem(display_path(root), 1, 1, "the playbook directory does not exist"))
        return []
    files: list[tuple[str, Path]] = []
    for child in sorted(root.iterdir()):
        if child.name.startswith("."):
            continue
        if child.is_dir() and child.name in KINDS:
            files.extend((child.name, path) for path in _yaml_files(child, problems))
        elif child.is_dir():
            problems.append(Problem(display_path(child), 1, 1, f"unknown kind of entry '{child.name}'{did_you_mean(child.name, KINDS)}; expected one of {', '.join(KINDS)}"))
        elif child.name != GLOSSARY_FILE:
            problems.append(Problem(display_path(child), 1, 1, f"unexpected file{did_you_mean(child.name, [GLOSSARY_FILE])}: entries go in {', '.join(k + '/' for k in KINDS)}"))
    return files


def _yaml_files(directory: Path, problems: list[Problem]) -> Iterable[Path]:
    for path in sorted(directory.iterdir()):
        if path.name.startswith("."):
            continue
        if path.suffix != ".yaml" or not path.is_file():
            hint = " (rename it to .yaml)" if path.suffix == ".yml" else ""
            problems.append(Problem(display_path(path), 1, 1, f"not an entry file: entries are '<id>.yaml'{hint}"))
        elif not _ID.match(path.stem):
            suggestion = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
            problems.append(Problem(display_path(path), 1, 1, f"file name '{path.stem}' is not a kebab-case id (try '{suggestion}.yaml')"))
        else:
            yield path


def _parsed(path: Path, problems: list[Problem]) -> Document | None:
    document, problem = load(path)
    if problem is not None:
        problems.append(problem)
    return document


def _validated_entry(kind: str, path: Path, context: dict, problems: list[Problem]) -> tuple[Entry, Document] | None:
    document = _parsed(path, problems)
    if document is None:
        return None
    model = MODELS[kind]
    if not isinstance(document.data, dict):
        problems.append(document.problem((), f"expected a mapping of fields ({', '.join(_required(model))}, ...), found {_shape(document.data)}"))
        return None
    try:
        return model.model_validate(document.data, context=context).with_id(path.stem), document
    except ValidationError as error:
        problems.extend(_problems(document, error, model))
        return None


def _validated_glossary(path: Path, context: dict, problems: list[Problem]) -> list[GlossaryTerm]:
    if not path.exists():
        return []
    document = _parsed(path, problems)
    if document is None:
        return []
    if not isinstance(document.data, list):
        problems.append(document.problem((), f"expected a list of terms (- term: ..., definition: ...), found {_shape(document.data)}"))
        return []
    try:
        terms = _GLOSSARY.validate_python(document.data, context=context)
    except ValidationError as error:
        problems.extend(_problems(document, error, GlossaryTerm))
        return []
    problems.extend(_duplicates(document, terms))
    return terms


def _validated_quizzes(root: Path, context: dict, problems: list[Problem]) -> list[Quiz]:
    if not root.is_dir():
        return []
    quizzes = []
    for path in _yaml_files(root, problems):
        document = _parsed(path, problems)
        if document is None:
            continue
        if not isinstance(document.data, dict):
            problems.append(document.problem((), f"expected a quiz (title, pass_mark, questions, ...), found {_shape(document.data)}"))
            continue
        try:
            quiz = Quiz.model_validate(document.data, context=context).with_id(path.stem)
        except ValidationError as error:
            problems.extend(_problems(document, error, Quiz))
            continue
        problems.extend(_duplicate_question_ids(document, quiz))
        quizzes.append(quiz)
    return quizzes


def _duplicate_question_ids(document: Document, quiz: Quiz) -> Iterable[Problem]:
    first: dict[str, int] = {}
    for index, question in enumerate(quiz.questions):
        if question.id in first:
            yield document.problem(("questions", index, "id"), f"questions[{index}].id: duplicate question id '{question.id}': already used by question {first[question.id] + 1}")
        else:
            first[question.id] = index


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


def _duplicates(document: Document, terms: list[GlossaryTerm]) -> Iterable[Problem]:
    seen: dict[tuple[str, str], int] = {}
    for index, term in enumerate(terms):
        for field in ("term", "abbr"):
            value = getattr(term, field)
            if value is None:
                continue
            key = (field, value.casefold())
            if key in seen:
                yield document.problem((index, field), f"duplicate {field} '{value}': already defined in term {seen[key] + 1}")
            else:
                seen[key] = index


def _problems(document: Document, error: ValidationError, model: type[BaseModel]) -> Iterable[Problem]:
    # Pydantic puts the tag of a discriminated union in the location (questions.0.single.options);
    # the YAML has no such key, so it is dropped from what the author sees.
    details = [{**detail, "loc": tuple(p for p in detail["loc"] if p not in QUESTION_TYPES)} | {"tagged": detail["loc"]} for detail in error.errors()]
    # A misspelt field shows up twice, as unknown and as missing: report it once, as a misspelling.
    missing = {detail["loc"] for detail in details if detail["type"] == "missing"}
    meant = set()
    for detail in details:
        if detail["type"] == "extra_forbidden":
            loc = detail["loc"]
            guess = difflib.get_close_matches(str(loc[-1]), _fields_at(model, detail["tagged"]), n=1, cutoff=0.6)
            if guess and (*loc[:-1], guess[0]) in missing:
                meant.add((*loc[:-1], guess[0]))
    for detail in details:
        loc = detail["loc"]
        if detail["type"] == "extra_forbidden":
            yield _unknown_field(document, loc, _fields_at(model, detail["tagged"]))
        elif detail["type"] == "missing":
            if loc not in meant:
                yield document.problem(loc[:-1], f"missing required field '{loc[-1]}'")
        elif detail["type"] in ("union_tag_invalid", "union_tag_not_found"):
            tag = (detail.get("ctx") or {}).get("tag", "")
            message = f"unknown question type '{tag}'{did_you_mean(str(tag), QUESTION_TYPES)}" if tag else "missing required field 'type'"
            yield document.problem((*loc, "type"), f"{_where(loc)}.type: {message}; expected one of {', '.join(QUESTION_TYPES)}")
        else:
            yield document.problem(loc, f"{_where(loc)}: {detail['msg']}", (detail.get("ctx") or {}).get("line"))


def _where(loc: tuple) -> str:
    return ".".join(str(part) if isinstance(part, str) else f"[{part}]" for part in loc).replace(".[", "[")


def _unknown_field(document: Document, loc: tuple, fields: list[str]) -> Problem:
    problem = document.problem(loc, f"unknown field '{loc[-1]}'{did_you_mean(str(loc[-1]), fields)}")
    key = document.key_node(loc)
    if key is None:
        return problem
    return Problem(problem.path, key.start_mark.line + 1, key.start_mark.column + 1, problem.message)


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names allowed where ``loc`` points, to suggest the one an author meant."""
    for part in loc[:-1]:
        if part in QUESTION_TYPES:
            model = QUESTION_TYPES[part]
            continue
        field = model.model_fields.get(part) if isinstance(part, str) else None
        if field is None:
            continue
        model = _model_in(field.annotation) or model
    return list(model.model_fields)


def _model_in(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next(filter(None, map(_model_in, get_args(annotation))), None)


def _required(model: type) -> list[str]:
    return [name for name, field in model.model_fields.items() if field.is_required()][:3]


def _shape(data: object) -> str:
    return {type(None): "an empty file", list: "a list", str: "a single value"}.get(type(data), f"a {type(data).__name__}")
