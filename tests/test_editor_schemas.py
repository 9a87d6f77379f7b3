"""Editor help out of the box: the committed JSON Schemas match the models, VS Code maps each one
to its files, and the editor's verdict on real content agrees with the checker's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import PurePosixPath

import pytest
import yaml
from jsonschema import Draft202012Validator

from cx_playbook.models import ENTRY_KINDS
from cx_playbook.schemas import json_schemas
from helpers import ROOT

SCHEMAS = ROOT / "schemas"
SETTINGS = ROOT / ".vscode/settings.json"
RUN_MAKE_SCHEMAS = "schemas/ is out of date with the models: run `make schemas` and commit the result"


def _mapping() -> dict[str, list[str]]:
    """Schema file name → the globs VS Code's YAML extension applies it to."""
    raw = json.loads(SETTINGS.read_text(encoding="utf-8"))["yaml.schemas"]
    return {PurePosixPath(path).name: [globs] if isinstance(globs, str) else globs for path, globs in raw.items()}


def _applies(glob: str, relative: str) -> bool:
    # The YAML language server matches '**/' + the glob against the file's whole path, so a glob
    # is anchored at the file's end, and '*' stays within one folder: pathlib's match does the same.
    return PurePosixPath(relative).match(glob.lstrip("/"))


def _content_files() -> list[str]:
    files = [*(ROOT / "playbook").rglob("*.yaml"), *(ROOT / "quizzes").glob("*.yaml")]
    return sorted(path.relative_to(ROOT).as_posix() for path in files)


def test_the_committed_schemas_are_those_the_models_give():
    expected = json_schemas()
    committed = {path.name: path.read_text(encoding="utf-8") for path in SCHEMAS.glob("*.schema.json")}
    stale = sorted(name for name in expected.keys() | committed.keys() if expected.get(name) != committed.get(name))
    assert not stale, f"{RUN_MAKE_SCHEMAS} (differs: {', '.join(stale)})"


def test_the_schema_command_rewrites_the_committed_files_byte_for_byte_and_drops_stale_ones(tmp_path):
    (tmp_path / "checklists.schema.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a schema\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "cx_playbook.cli", "schema", "--out", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    written = {path.name: path.read_bytes() for path in tmp_path.glob("*.schema.json")}
    assert written == {path.name: path.read_bytes() for path in SCHEMAS.glob("*.schema.json")}, RUN_MAKE_SCHEMAS
    assert all(text.endswith(b"}\n") and b"\r" not in text for text in written.values())
    assert (tmp_path / "notes.txt").is_file()


def test_every_committed_schema_is_mapped_to_files_in_vscode_settings():
    raw = json.loads(SETTINGS.read_text(encoding="utf-8"))["yaml.schemas"]
    assert {PurePosixPath(path).name for path in raw} == {path.name for path in SCHEMAS.glob("*.schema.json")}
    for path in raw:
        # Written explicitly relative: the extension then resolves it against the workspace root.
        assert path.startswith("./schemas/") and (ROOT / path).is_file(), path


def test_each_kind_of_file_gets_its_own_schema_and_no_other():
    mapping = _mapping()
    expected = {f"playbook/{kind.kind}/new-entry.yaml": f"{kind.kind}.schema.json" for kind in ENTRY_KINDS}
    expected |= {
        "playbook/glossary.yaml": "glossary.schema.json",
        "playbook/sources.yaml": "sources.schema.json",
        "playbook/course.yaml": "course.schema.json",
        "quizzes/new-quiz.yaml": "quiz.schema.json",
    }
    for relative, schema in expected.items():
        matched = [name for name, globs in mapping.items() if any(_applies(glob, relative) for glob in globs)]
        assert matched == [schema], f"{relative} is mapped to {matched}, expected [{schema}]"
    for stray in ("mkdocs.yml", ".pre-commit-config.yaml", ".github/workflows/pr.yml", "playbook/techniques/notes/draft.yaml"):
        assert not any(_applies(glob, stray) for globs in mapping.values() for glob in globs), stray


def test_every_content_file_is_mapped_once_and_valid_against_its_schema():
    mapping = _mapping()
    seen = 0
    for relative in _content_files():
        matched = [name for name, globs in mapping.items() if any(_applies(glob, relative) for glob in globs)]
        assert len(matched) == 1, f"{relative} is mapped to {matched}"
        validator = Draft202012Validator(json.loads((SCHEMAS / matched[0]).read_text(encoding="utf-8")))
        data = yaml.safe_load((ROOT / relative).read_text(encoding="utf-8"))
        errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(data)]
        assert not errors, f"{relative} is valid to the checker but the editor would flag: {errors[:3]}"
        seen += 1
    assert seen >= 60  # the real playbook: 55 entries, glossary, sources, course and 6 quizzes


@pytest.mark.parametrize(
    ("change", "flagged"),
    [
        (lambda data: data.update(purpsoe=data.pop("purpose")), "Additional properties are not allowed ('purpsoe' was unexpected)"),
        (lambda data: data.pop("steps"), "'steps' is a required property"),
        (lambda data: data.update(participants="Everyone"), "is not of type 'array'"),
        (lambda data: data.update(applies=["breakpoints"]), "does not match"),
    ],
    ids=["misspelt field", "missing field", "wrong type", "wrong reference shape"],
)
def test_the_editor_flags_what_the_checker_refuses(change, flagged):
    data = yaml.safe_load((ROOT / "playbook/techniques/moments-of-truth.yaml").read_text(encoding="utf-8"))
    validator = Draft202012Validator(json.loads((SCHEMAS / "techniques.schema.json").read_text(encoding="utf-8")))
    assert not list(validator.iter_errors(data))
    change(data)
    messages = [error.message for error in validator.iter_errors(data)]
    assert any(flagged in message for message in messages), messages


def _properties(schema: object, where: str):
    """(where, name, property) for every property of every object in a schema."""
    if isinstance(schema, dict):
        for name, prop in schema.get("properties", {}).items():
            yield where, name, prop
        for key, value in schema.items():
            yield from _properties(value, f"{where}/{key}" if key != "properties" else where)
    elif isinstance(schema, list):
        for value in schema:
            yield from _properties(value, where)


def test_every_field_has_a_description_for_hover_help():
    missing = []
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        for where, name, prop in _properties(json.loads(path.read_text(encoding="utf-8")), path.name):
            description = prop.get("description", "")
            if not description.strip() or "\n" in description:
                missing.append(f"{where}.{name}")
    assert not missing, f"fields without a one-line description (add description= to the model's Field): {missing}"


def test_vscode_recommends_the_yaml_extension_that_reads_the_mapping():
    recommended = json.loads((ROOT / ".vscode/extensions.json").read_text(encoding="utf-8"))["recommendations"]
    assert "redhat.vscode-yaml" in recommended
