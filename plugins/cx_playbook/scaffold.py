"""``cx-playbook new``: start an entry, a quiz or a course module with every field of its model.

Each field is written with a one-line comment read off the model's own description, and with a
placeholder that the checker accepts: the text ``TODO`` (which ``cx-playbook check`` then reports
until it is replaced), a field's default, its documented example, or a reference to something
that exists in the playbook. The file is validated against its model before it is written, so
``cx-playbook validate`` passes straight after. Nothing is written when anything is refused.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field as dataclass_field
from pathlib import Path
from typing import Annotated, Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from . import discovery
from .course import COURSE_FILE, RESERVED_MODULE_IDS, Course, Module
from .errors import Problem, did_you_mean, display_path, printable
from .loading import load
from .models import ENTRY_KINDS, ID_PATTERN, SOURCES_FILE, Entry, Tenet, kebab_case
from .quizzes import QUESTION_TYPES, Option, Quiz, SingleChoice
from .schemas import field_description

# What every placeholder says, so that `cx-playbook check` can find the ones left behind.
PLACEHOLDER = "TODO"
QUIZ_KIND = "quiz"
MODULE_KIND = "module"
_ID = re.compile(rf"^{ID_PATTERN}$")


class ScaffoldError(Exception):
    """A request that cannot be met; the message says why, for the author."""


@dataclass(frozen=True)
class Line:
    """One field as written: its comment and its YAML (possibly several lines)."""

    name: str
    comment: str
    yaml: str


@dataclass
class Known:
    """What already exists, for references that must point somewhere real."""

    references: list[str]
    sources: list[str]
    quizzes: list[str]
    pages: list[str]
    counts: dict[str, int] = dataclass_field(default_factory=dict)

    def context(self, /, **more: Any) -> dict[str, Any]:
        return {
            "references": frozenset(self.references) | {more.get("self", "")},
            "sources": frozenset(self.sources),
            "quizzes": frozenset(self.quizzes),
            "pages": frozenset(self.pages),
            **more,
        }


@dataclass(frozen=True)
class Written:
    path: Path
    what: str
    line: int = 1


def kind_names(kinds: Sequence[type[Entry]] = ENTRY_KINDS) -> dict[str, type[Entry] | str]:
    """Every name a kind answers to: its folder (`case-studies`) and its label (`case-study`)."""
    names: dict[str, type[Entry] | str] = {}
    for kind in kinds:
        names[kind.kind] = kind
        names[kebab_case(kind.label)] = kind
    names.update({QUIZ_KIND: QUIZ_KIND, "quizzes": QUIZ_KIND, MODULE_KIND: MODULE_KIND, "modules": MODULE_KIND})
    return names


def create(
    kind_name: str,
    new_id: str,
    playbook: Path,
    quizzes: Path,
    docs: Path | None = None,
    schemas: Path | None = None,
    kinds: Sequence[type[Entry]] = ENTRY_KINDS,
) -> Written:
    """Write the new entry, quiz or module; raises ScaffoldError, having written nothing."""
    names = kind_names(kinds)
    kind = names.get(kind_name)
    if kind is None:
        choices = [kebab_case(kind.label) for kind in kinds] + [QUIZ_KIND, MODULE_KIND]
        raise ScaffoldError(f"unknown kind '{printable(kind_name)}'{did_you_mean(kind_name, names)}: choose one of {', '.join(choices)}")
    _check_id(new_id, RESERVED_MODULE_IDS if kind == MODULE_KIND else discovery.RESERVED_IDS)
    if not playbook.is_dir():
        raise ScaffoldError(f"{display_path(playbook)}: the playbook directory does not exist (name it with --playbook)")
    known = _known(playbook, quizzes, docs, kinds)
    if kind == QUIZ_KIND:
        return _new_quiz(new_id, quizzes, known, schemas)
    if kind == MODULE_KIND:
        return _new_module(new_id, playbook / COURSE_FILE, known)
    assert not isinstance(kind, str)
    return _new_entry(kind, new_id, playbook, known, schemas)


def _check_id(new_id: str, reserved: Iterable[str]) -> None:
    if not _ID.match(new_id):
        suggestion = kebab_case(new_id)
        hint = f" (did you mean '{suggestion}'?)" if _ID.match(suggestion) else ""
        raise ScaffoldError(f"'{printable(new_id)}' is not an id: use lower-case words joined by hyphens, like 'moments-of-truth'{hint}")
    if new_id in reserved:
        raise ScaffoldError(f"'{new_id}' is reserved for a page the site generates: choose another id")


def _title(new_id: str) -> str:
    words = new_id.replace("-", " ")
    return words[:1].upper() + words[1:]


# --- What exists already ------------------------------------------------------------------------


def _known(playbook: Path, quizzes: Path, docs: Path | None, kinds: Sequence[type[Entry]]) -> Known:
    problems: list[Problem] = []  # the checker reports these; a new file does not depend on them
    found = discovery.find(playbook, kinds, quizzes, problems)
    order = {kind.kind: index for index, kind in enumerate(kinds)}
    references = sorted((f"{kind.kind}/{path.stem}" for kind, path in found.entries), key=lambda ref: (order[ref.split("/")[0]], ref))
    counts: dict[str, int] = {}
    for kind, _ in found.entries:
        counts[kind.kind] = counts.get(kind.kind, 0) + 1
    sources: list[str] = []
    if found.sources is not None:
        document, _ = load(found.sources)
        items = document.data if document is not None and isinstance(document.data, list) else []
        sources = [item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)]
    pages = sorted(page.relative_to(docs).as_posix() for page in docs.rglob("*.md")) if docs is not None and docs.is_dir() else []
    return Known(references, sources, sorted(path.stem for path in found.quizzes), pages, counts)


# --- Placeholders ---------------------------------------------------------------------------------


def _adapter(info: FieldInfo) -> TypeAdapter:
    """A validator for one field alone, with the constraints and checks the model gives it."""
    annotation: Any = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return TypeAdapter(annotation)


def _schema(model: type[BaseModel], name: str) -> dict[str, Any]:
    """The field as the editors' schema describes it: its type, pattern, bounds, media type."""
    return model.model_json_schema()["properties"][name]


def _existing(info: FieldInfo, schema: Mapping[str, Any], known: Known, context: dict[str, Any]) -> Any:
    """The first thing in the playbook (an entry, source, quiz or page) that the field accepts."""
    adapter = _adapter(info)
    many = schema.get("type") == "array"
    for candidate in [*known.references, *known.sources, *known.quizzes, *known.pages]:
        value = [candidate] if many else candidate
        try:
            adapter.validate_python(value, context=context)
        except ValidationError:
            continue
        return value
    return None


def _refers(schema: Mapping[str, Any]) -> bool:
    """Whether a field's value names something else (an entry, a source, a quiz), by its pattern."""
    items = schema.get("items", {}) if schema.get("type") == "array" else schema
    return items.get("type") == "string" and "pattern" in items


class _Block(str):
    """Markdown, written as a literal block the way authors write it."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Block, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|"))
# Lists of references and words read best on one line, as the playbook writes them.
_Dumper.add_representer(list, lambda dumper, value: dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True))


def _placeholder(model: type[BaseModel], name: str, known: Known, context: dict[str, Any], block: bool) -> Any:
    info = model.model_fields[name]
    schema = _schema(model, name)
    if "const" in schema:
        return schema["const"]
    if not info.is_required():
        return info.get_default(call_default_factory=True)
    if _refers(schema):
        value = _existing(info, schema, known, context)
        if value is None:
            raise ScaffoldError(f"cannot fill '{name}' ({field_description(model, name)}): nothing in the playbook fits it yet, so add that first")
        return value
    if info.examples:
        return info.examples[0]
    if schema.get("type") == "integer":
        return schema.get("minimum", 1)
    if schema.get("type") == "boolean":
        return True
    if schema.get("type") == "array":
        return [PLACEHOLDER] * max(schema.get("minItems", 1), 1)
    markdown = schema.get("contentMediaType") == "text/markdown"
    return _Block(PLACEHOLDER + "\n") if markdown and block else PLACEHOLDER


# Fields that mean something only in an overlay's files: a new file in the base playbook leaves
# them out rather than carrying a setting its author must not use.
_OVERLAY_ONLY = frozenset({"replaces"})


def lines(
    model: type[BaseModel], known: Known, context: dict[str, Any], values: Mapping[str, Any] = {}, order: Sequence[str] | None = None, block: bool = True
) -> list[Line]:
    """Every field of ``model`` as a commented line, with ``values`` where given."""
    result = []
    for name in order or list(model.model_fields):
        if name in _OVERLAY_ONLY:
            continue
        info = model.model_fields[name]
        value = values[name] if name in values else _placeholder(model, name, known, context, block)
        comment = field_description(model, name) if info.is_required() else f"Optional. {field_description(model, name)}"
        text = yaml.dump({name: value}, Dumper=_Dumper, sort_keys=False, default_flow_style=False, allow_unicode=True, width=10_000)
        result.append(Line(name, comment, text.rstrip("\n")))
    return result


_ENV = Environment(
    loader=PackageLoader(__package__ or "cx_playbook", "templates"), undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True, autoescape=False
)


def _render(template: str, **values: Any) -> str:
    return _ENV.get_template(f"new/{template}").render(**values)


def _schema_hint(schemas: Path | None, name: str, target: Path) -> str | None:
    """The schema's path relative to the new file, for editors without the workspace settings."""
    if schemas is None or not (schemas / name).is_file():
        return None
    return Path(os.path.relpath(schemas / name, target.parent)).as_posix()


# --- Entries and quizzes ----------------------------------------------------------------------------


def _entry_order(kind: type[Entry]) -> list[str]:
    """The kind's own fields after the common ones an author writes first (title to summary), and
    before the teaching, its tags, links and sources, as the playbook's files are laid out."""
    common = list(Entry.model_fields)
    lead = common[: common.index("body")]
    own = [name for name in kind.model_fields if name not in common]
    return lead + own + [name for name in common if name not in lead]


def _new_entry(kind: type[Entry], new_id: str, playbook: Path, known: Known, schemas: Path | None) -> Written:
    ref = f"{kind.kind}/{new_id}"
    target = playbook / kind.kind / f"{new_id}.yaml"
    _refuse_existing(target, f"{kind.label.lower()} '{new_id}'")
    context = known.context(id=new_id, self=ref)
    values: dict[str, Any] = {"title": _title(new_id)}
    if issubclass(kind, Tenet):
        values["number"] = known.counts.get(kind.kind, 0) + 1  # tenets are numbered 1..N: the next one
    fields = lines(kind, known, context, values, _entry_order(kind))
    text = _render("entry.yaml.j2", label=kind.label, ref=ref, fields=fields, schema=_schema_hint(schemas, f"{kind.kind}.schema.json", target))
    _validated(text, kind, context, target)
    _write(target, text)
    return Written(target, f"{kind.label.lower()} '{ref}'")


def _new_quiz(new_id: str, quizzes: Path, known: Known, schemas: Path | None) -> Written:
    target = quizzes / f"{new_id}.yaml"
    _refuse_existing(target, f"quiz '{new_id}'")
    context = known.context(id=new_id)
    first = ["id", "type", "prompt", "options"]  # what a question is, before how it is explained
    order = first + [name for name in SingleChoice.model_fields if name not in first]
    question = lines(SingleChoice, known, context, {"id": "first-question", "options": []}, order)
    right = lines(Option, known, context, {"correct": True}, block=False)
    wrong = lines(Option, known, context, block=False)
    fields = lines(Quiz, known, context, {"title": _title(new_id), "questions": []})
    hint = _schema_hint(schemas, "quiz.schema.json", target)
    others = [name for name in QUESTION_TYPES if name != question[1].yaml.partition(": ")[2]]
    text = _render("quiz.yaml.j2", fields=fields, question=question, options=[right, wrong], other_types=others, schema=hint)
    _validated(text, Quiz, context, target)
    _write(target, text)
    return Written(target, f"quiz '{new_id}'")


def _refuse_existing(target: Path, what: str) -> None:
    if target.exists() or target.is_symlink():
        raise ScaffoldError(f"{display_path(target)}: {what} already exists: choose another id, or edit that file")


def _validated(text: str, model: type[BaseModel], context: dict[str, Any], target: Path) -> Any:
    """The written text read back and checked, so that a file which would not pass is never written."""
    try:
        return model.model_validate(yaml.safe_load(text), context=context)
    except ValidationError as error:
        reasons = "; ".join(f"{'.'.join(map(str, item['loc']))}: {item['msg']}" for item in error.errors())
        raise ScaffoldError(f"{display_path(target)}: cannot start a valid file here: {reasons}") from None


def _write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as file:  # "x": never over a file made meanwhile
        file.write(text)


# --- Course modules ---------------------------------------------------------------------------------


def _new_module(new_id: str, course_file: Path, known: Known) -> Written:
    if not course_file.is_file():
        raise ScaffoldError(f"{display_path(course_file)}: there is no course yet: write its title, modules and final assessment first (see the authoring guide)")
    document, problem = load(course_file)
    if document is None or not isinstance(document.data, dict):
        reason = f": {problem.message}" if problem else ""
        raise ScaffoldError(f"{display_path(course_file)}: the course cannot be read{reason}: run cx-playbook validate and fix it first")
    existing = [module.get("id") for module in document.data.get("modules") or [] if isinstance(module, dict)]
    if new_id in existing:
        raise ScaffoldError(f"{display_path(course_file)}: module '{new_id}' already exists: choose another id, or edit that module")
    context = known.context()
    module = _render("module.yaml.j2", fields=lines(Module, known, context, {"id": new_id, "title": _title(new_id)}))
    text, line = _appended(document.text, module, course_file)
    before = _validated(document.text, Course, context, course_file)
    after = _validated(text, Course, context, course_file)
    assert len(after.modules) == len(before.modules) + 1
    with open(course_file, "w", encoding="utf-8", newline="") as file:
        file.write(text)
    return Written(course_file, f"module '{new_id}'", line)


def _appended(text: str, module: str, course_file: Path) -> tuple[str, int]:
    """The course text with ``module`` added as the last item of ``modules``, every other line,
    comment and blank line kept as it was; and the line the module starts on."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    modules = next((value for key, value in getattr(node, "value", []) if getattr(key, "value", None) == "modules"), None)
    if not isinstance(modules, yaml.SequenceNode) or modules.flow_style or not modules.value:
        raise ScaffoldError(f"{display_path(course_file)}: 'modules' is not a block list of modules: add the module by hand")
    indent = " " * modules.start_mark.column
    end = modules.value[-1].end_mark
    if end.column == 0:
        # A block scalar ends where the next key starts: the blank lines and the comments that stand
        # outside it (indented no deeper than the item's keys) belong below the new module.
        kept = text[: end.index].splitlines(keepends=True)
        while kept and (not kept[-1].strip() or (kept[-1].lstrip().startswith("#") and _indent(kept[-1]) <= len(indent) + 2)):
            kept.pop()
        cut = sum(map(len, kept))
    else:
        # The item ends inside its last line (a comment may follow): the module goes after that line.
        newline = text.find("\n", end.index)
        cut = len(text) if newline < 0 else newline + 1
    head = text[:cut] if text[:cut].endswith("\n") else text[:cut] + "\n"
    added = "".join(f"{indent}{line}" if line.strip() else line for line in module.splitlines(keepends=True))
    return head + added + text[cut:], head.count("\n") + 1


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
