"""Pydantic's validation errors, told as an author's problems at ``file:line:col``.

Pydantic speaks of locations and error types; an author needs the line, the field as written in
the YAML, and the field they probably meant.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from .errors import Problem, did_you_mean
from .loading import Document
from .models import ID_PATTERN, REFERENCE_PATTERN, kebab_case


def problems(document: Document, error: ValidationError, model: type[BaseModel], tagged: Mapping[str, type[BaseModel]] = {}) -> Iterable[Problem]:
    """One problem per thing wrong, with a misspelt field told once, as a misspelling.

    ``tagged`` names the models of a discriminated union by their tag (quiz question types)."""
    # Pydantic puts the tag of a discriminated union in the location (questions.0.single.options);
    # the YAML has no such key, so it is dropped from what the author sees.
    details: list[dict[str, Any]] = [{**detail, "loc": tuple(p for p in detail["loc"] if p not in tagged), "tagged": detail["loc"]} for detail in error.errors()]
    # A misspelt field shows up twice, as unknown and as missing: report it once, as a misspelling.
    missing = {detail["loc"] for detail in details if detail["type"] == "missing"}
    meant = set()
    for detail in details:
        if detail["type"] == "extra_forbidden":
            loc = detail["loc"]
            guess = difflib.get_close_matches(str(loc[-1]), _fields_at(model, detail["tagged"], tagged), n=1, cutoff=0.6)
            if guess and (*loc[:-1], guess[0]) in missing:
                meant.add((*loc[:-1], guess[0]))
    for detail in details:
        loc = detail["loc"]
        context = detail.get("ctx") or {}
        if detail["type"] == "extra_forbidden":
            yield _unknown_field(document, loc, _fields_at(model, detail["tagged"], tagged))
        elif detail["type"] == "missing":
            if loc not in meant:
                # Inside a list, the line alone does not say which item: name it as the author would.
                inside = f"{where(loc[:-1])}: " if loc[:-1] else ""
                yield document.problem(loc[:-1], f"{inside}missing required field '{loc[-1]}'")
        elif detail["type"] in ("union_tag_invalid", "union_tag_not_found"):
            tag = context.get("tag", "")
            message = f"unknown question type '{tag}'{did_you_mean(str(tag), tagged)}" if tag else "missing required field 'type'"
            yield document.problem((*loc, "type"), f"{where(loc)}.type: {message}; expected one of {', '.join(tagged)}")
        elif detail["type"] == "string_pattern_mismatch" and context.get("pattern") in _PATTERNS_IN_WORDS:
            yield document.problem(loc, f"{where(loc)}: {_PATTERNS_IN_WORDS[context['pattern']](str(detail['input']))}")
        else:
            yield document.problem(loc, f"{where(loc)}: {detail['msg']}", context.get("line"))


# The patterns authors meet most, said in words: Pydantic would quote the regular expression.
_PATTERNS_IN_WORDS: dict[str, Callable[[str], str]] = {
    rf"^{ID_PATTERN}$": lambda value: f"'{value}' is not a kebab-case id (try '{kebab_case(value) or 'an-id'}')",
    rf"^{REFERENCE_PATTERN}$": lambda value: f"'{value}' is not a reference to an entry: write its kind's folder and its id, such as 'techniques/moments-of-truth'",
}


def where(loc: tuple) -> str:
    """A location as the author would name it: ``questions[2].options[0].text``."""
    return ".".join(str(part) if isinstance(part, str) else f"[{part}]" for part in loc).replace(".[", "[")


def _unknown_field(document: Document, loc: tuple, fields: list[str]) -> Problem:
    problem = document.problem(loc, f"unknown field '{loc[-1]}'{did_you_mean(str(loc[-1]), fields)}")
    key = document.key_node(loc)
    if key is None:
        return problem
    return Problem(problem.path, key.start_mark.line + 1, key.start_mark.column + 1, problem.message)


def _fields_at(model: type[BaseModel], loc: tuple, tagged: Mapping[str, type[BaseModel]]) -> list[str]:
    """The field names allowed where ``loc`` points, to suggest the one an author meant."""
    for part in loc[:-1]:
        if part in tagged:
            model = tagged[part]
            continue
        field = model.model_fields.get(part) if isinstance(part, str) else None
        if field is None:
            continue
        model = _model_in(field.annotation) or model
    return list(model.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next(filter(None, map(_model_in, get_args(annotation))), None)
