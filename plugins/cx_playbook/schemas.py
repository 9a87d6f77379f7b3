"""The authoring guide's field reference and the editors' JSON Schemas, both read off the models."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel, TypeAdapter

from .course import COURSE_FILE, Course, FinalAssessment, Module, Pool
from .models import ENTRY_KINDS, SOURCES_FILE, Entry, GlossaryTerm, SourceText
from .overlays import OVERLAY_FILE, OverlaySettings
from .quizzes import QUESTION_TYPES, Quiz

FIELD_REFERENCE_MARKER = "<!-- cx:field-reference -->"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class FieldRow:
    name: str
    required: bool
    type: str
    description: str


def json_schemas(kinds: Sequence[type[Entry]] = ENTRY_KINDS) -> dict[str, str]:
    """File name → JSON Schema text, one per kind of YAML file."""
    schemas = {f"{kind.kind}.schema.json": kind.model_json_schema() for kind in kinds}
    schemas["glossary.schema.json"] = TypeAdapter(list[GlossaryTerm]).json_schema()
    schemas["sources.schema.json"] = TypeAdapter(list[SourceText]).json_schema()
    schemas["quiz.schema.json"] = _question_types_described(Quiz.model_json_schema())
    schemas["course.schema.json"] = Course.model_json_schema()
    schemas["overlay.schema.json"] = OverlaySettings.model_json_schema()
    # The dialect is named so that editors and validators read `$defs` and `const` the same way.
    return {name: json.dumps({"$schema": JSON_SCHEMA_DIALECT, **schema}, indent=2) + "\n" for name, schema in schemas.items()}


def _question_types_described(schema: dict) -> dict:
    """Each question type's `type` described by the type's own label, for editors' hover help."""
    for model in QUESTION_TYPES.values():
        schema["$defs"][model.__name__]["properties"]["type"]["description"] = field_description(model, "type")
    return schema


def field_description(model: type[BaseModel], name: str) -> str:
    """What a field holds, in one line: its description, or for a question's `type` the type's label."""
    field = model.model_fields[name]
    if field.description:
        return " ".join(field.description.split())
    label = getattr(model, "label", None)
    if name == "type" and isinstance(label, str):
        return f"'{field.annotation.__args__[0]}': {label}."  # type: ignore[union-attr]
    return ""


def field_tables(kinds: Sequence[type[Entry]] = ENTRY_KINDS) -> list[tuple[str, str, list[FieldRow]]]:
    """(heading, where the files live, rows) for every kind of file and for a source text."""
    tables = [(kind.label, f"playbook/{kind.kind}/<id>.yaml", _rows(kind)) for kind in kinds]
    tables.append(("Glossary term", "playbook/glossary.yaml (a list)", _rows(GlossaryTerm)))
    tables.append(("Source text", f"playbook/{SOURCES_FILE} (a list)", _rows(SourceText)))
    tables.append(("Course", f"playbook/{COURSE_FILE}", _rows(Course)))
    tables.append(("Module", "each item of `modules` in the course", _rows(Module)))
    tables.append(("Final assessment", "`final_assessment` in the course", _rows(FinalAssessment)))
    tables.append(("Question pool", "`pool` in the final assessment", _rows(Pool)))
    tables.append(("Overlay settings", f"{OVERLAY_FILE} at the top of an overlay (see the hosting guide)", _rows(OverlaySettings)))
    return tables


def _rows(model: type[BaseModel]) -> list[FieldRow]:
    schema = model.model_json_schema()
    required = set(schema.get("required", ()))
    rows = []
    for name, prop in schema["properties"].items():
        field = model.model_fields[name]
        described = field.description or prop.get("description") or ""
        rows.append(FieldRow(name, name in required, _type_name(prop), described))
    return rows


def _type_name(prop: dict) -> str:
    if prop.get("contentMediaType") == "text/markdown":
        return "Markdown"
    if "anyOf" in prop:
        options = [option for option in prop["anyOf"] if option.get("type") != "null"]
        name = " or ".join(_type_name(option) for option in options)
        return f"{name} or null" if len(options) < len(prop["anyOf"]) else name
    if prop.get("type") == "array":
        items = prop.get("items", {})
        return f"list of {items['$ref'].rsplit('/', 1)[-1].lower()}s" if "$ref" in items else f"list of {_type_name(items)}"
    if "pattern" in prop and "/" in prop["pattern"]:
        return "reference"
    return {"string": "text", "integer": "whole number", "boolean": "true or false"}.get(prop.get("type", ""), "value")
