"""``cx-playbook new``: a file with every field, what each is for, and placeholders that pass the
checker straight away; a clear refusal, and nothing written, for a bad request."""

from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from cx_playbook.cli import main
from cx_playbook.course import Module
from cx_playbook.models import ENTRY_KINDS, Entry
from cx_playbook.quizzes import Option, Quiz, SingleChoice
from cx_playbook.scaffold import PLACEHOLDER
from cx_playbook.schemas import field_description
from cx_playbook.validation import load_playbook
from helpers import COURSE, QUIZ, ROOT, write_playbook


@pytest.fixture
def project(real_playbook_copy) -> Path:
    """A copy of the real project's content, pages and schemas; the working directory is its root."""
    root = real_playbook_copy.parent
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copytree(ROOT / "schemas", root / "schemas")
    return root


def _snapshot(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def _new(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["new", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _assert_valid(root: Path) -> None:
    playbook = load_playbook(root / "playbook", root / "quizzes", docs=root / "docs")
    assert playbook is not None


def _described(text: str, model, names, indent: str = "") -> None:
    """Each field of ``model`` is written, with its model's description on the comment line above."""
    lines = text.splitlines()
    for name in names:
        pattern = re.compile(rf"^{re.escape(indent)}(?:- |  )?{name}:")
        found = [index for index, line in enumerate(lines) if pattern.match(line)]
        assert found, f"{name} is not written"
        comment = lines[found[0] - 1].strip()
        description = field_description(model, name)
        assert comment.startswith("# ") and description in comment, f"{name}: {comment!r} does not say {description!r}"


def _base_fields(model) -> list[str]:
    """Every field but `replaces`, which means something only in an overlay's files."""
    return [name for name in model.model_fields if name != "replaces"]


@pytest.mark.parametrize("kind", ENTRY_KINDS, ids=lambda kind: kind.kind)
def test_a_new_entry_has_every_field_described_and_passes_the_checker(project, capsys, kind: type[Entry]):
    code, out, err = _new(capsys, kind.label.lower().replace(" ", "-"), "a-new-idea")
    assert code == 0, err
    path = project / "playbook" / kind.kind / "a-new-idea.yaml"
    assert out.strip() == f"Wrote {kind.label.lower()} '{kind.kind}/a-new-idea' to playbook/{kind.kind}/a-new-idea.yaml: replace each TODO, then run cx-playbook check."
    text = path.read_text(encoding="utf-8")
    _described(text, kind, _base_fields(kind))
    data = yaml.safe_load(text)
    assert set(data) == set(_base_fields(kind))
    assert data["title"] == "A new idea"
    assert PLACEHOLDER in data["summary"]
    _assert_valid(project)
    entry = load_playbook(project / "playbook", project / "quizzes")[f"{kind.kind}/a-new-idea"]
    assert entry.sources  # cites a text that exists, so the file is valid as written


def test_the_folder_name_works_as_well_as_the_label(project, capsys):
    assert _new(capsys, "case-studies", "one-more")[0] == 0
    assert _new(capsys, "case-study", "and-another")[0] == 0
    assert (project / "playbook/case-studies/one-more.yaml").is_file() and (project / "playbook/case-studies/and-another.yaml").is_file()
    _assert_valid(project)


def test_a_new_tenet_takes_the_next_number(project, capsys):
    count = len(list((project / "playbook/tenets").glob("*.yaml")))
    assert _new(capsys, "tenet", "keep-promises-small")[0] == 0
    assert yaml.safe_load((project / "playbook/tenets/keep-promises-small.yaml").read_text())["number"] == count + 1
    _assert_valid(project)


def test_a_new_quiz_has_every_field_of_the_quiz_its_question_and_options(project, capsys):
    code, out, err = _new(capsys, "quiz", "check-your-journeys")
    assert code == 0, err
    text = (project / "quizzes/check-your-journeys.yaml").read_text(encoding="utf-8")
    _described(text, Quiz, _base_fields(Quiz))
    assert "replaces" not in yaml.safe_load(text)
    _described(text, SingleChoice, SingleChoice.model_fields, indent="  ")
    _described(text, Option, Option.model_fields, indent="      ")
    quiz = yaml.safe_load(text)
    assert [option["correct"] for option in quiz["questions"][0]["options"]] == [True, False]
    assert "fill_blank" in text  # the comment on `type` names the other types of question
    _assert_valid(project)


def test_a_new_module_is_added_to_the_course_keeping_every_line_already_there(project, capsys):
    course = project / "playbook/course.yaml"
    before = course.read_text(encoding="utf-8")
    code, out, err = _new(capsys, "module", "serving-by-phone")
    assert code == 0, err
    after = course.read_text(encoding="utf-8")
    old_lines, new_lines = before.splitlines(keepends=True), after.splitlines(keepends=True)
    changes = [op for op in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes() if op[0] != "equal"]
    assert len(changes) == 1 and changes[0][0] == "insert", changes  # one block added, nothing else touched
    added = new_lines[changes[0][3] : changes[0][4]]
    start = after.splitlines().index("  - id: serving-by-phone")
    assert out.strip().endswith(f"to playbook/course.yaml:{start}: replace each TODO, then run cx-playbook check.")
    _described("".join(added), Module, Module.model_fields, indent="  ")
    modules = yaml.safe_load(after)["modules"]
    assert modules[-1]["id"] == "serving-by-phone" and modules[-1]["title"] == "Serving by phone"
    assert [module["id"] for module in modules[:-1]] == [module["id"] for module in yaml.safe_load(before)["modules"]]
    _assert_valid(project)


def test_a_module_goes_after_a_last_module_ending_in_a_block_and_a_comment(playbook_dir, capsys):
    (playbook_dir.parent / "quizzes").mkdir()
    (playbook_dir.parent / "quizzes/moments-check.yaml").write_text(QUIZ, encoding="utf-8")
    (playbook_dir.parent / "docs").mkdir()
    (playbook_dir.parent / "docs/index.md").write_text("# Home\n", encoding="utf-8")
    course = COURSE.replace(
        "    quiz: moments-check\n",
        "    quiz: moments-check   # closes the module\n    intro: |\n      Read these first.\n\n\n# The final, drawn afresh on every attempt.\n",
    )
    (playbook_dir / "course.yaml").write_text(course, encoding="utf-8")
    assert _new(capsys, "module", "second")[0] == 0
    after = (playbook_dir / "course.yaml").read_text(encoding="utf-8")
    assert "      Read these first.\n  # Kebab-case id" in after
    assert after.endswith("\n\n\n# The final, drawn afresh on every attempt.\n" + course.split("# The final, drawn afresh on every attempt.\n")[1])
    assert [module["id"] for module in yaml.safe_load(after)["modules"]] == ["basics", "second"]
    _assert_valid(playbook_dir.parent)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["techniqe", "new-one"], "unknown kind 'techniqe' (did you mean 'technique'?): choose one of principle, tenet, technique, case-study, quiz, module"),
        (["technique", "New_One"], "'New_One' is not an id: use lower-case words joined by hyphens, like 'moments-of-truth' (did you mean 'new-one'?)"),
        (["technique", "index"], "'index' is reserved for a page the site generates: choose another id"),
        (["module", "final"], "'final' is reserved for a page the site generates: choose another id"),
        (["technique", "moments-of-truth"], "playbook/techniques/moments-of-truth.yaml: technique 'moments-of-truth' already exists: choose another id, or edit that file"),
        (["quiz", "ten-tenets"], "quizzes/ten-tenets.yaml: quiz 'ten-tenets' already exists: choose another id, or edit that file"),
        (["module", "outside-in-thinking"], "playbook/course.yaml: module 'outside-in-thinking' already exists: choose another id, or edit that module"),
    ],
    ids=["unknown kind", "bad id", "reserved id", "reserved module id", "existing entry", "existing quiz", "existing module"],
)
def test_a_bad_request_is_refused_in_one_line_and_writes_nothing(project, capsys, args, message):
    before = _snapshot(project)
    code, out, err = _new(capsys, *args)
    assert (code, out, err) == (1, "", f"cx-playbook new: {message}\n")
    assert _snapshot(project) == before


def test_a_field_nothing_can_fill_yet_is_refused_rather_than_written_invalid(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "playbook").mkdir()
    (tmp_path / "playbook/sources.yaml").write_text("- id: a-text\n  title: A text\n  author: Someone\n  year: 2020\n", encoding="utf-8")
    code, out, err = _new(capsys, "technique", "first-one")
    assert code == 1
    assert err.startswith("cx-playbook new: cannot fill 'applies' (Principles and tenets this technique puts into practice.)")
    assert not (tmp_path / "playbook/techniques").exists()
    assert _new(capsys, "principle", "first-one")[0] == 0
    assert _new(capsys, "technique", "first-one")[0] == 0
    assert yaml.safe_load((tmp_path / "playbook/techniques/first-one.yaml").read_text())["applies"] == ["principles/first-one"]
    _assert_valid(tmp_path)
    code, out, err = _new(capsys, "module", "first-module")
    assert code == 1 and "there is no course yet" in err


def test_the_new_file_names_its_schema_and_the_editor_finds_it_valid(project, capsys):
    assert _new(capsys, "technique", "a-new-idea")[0] == 0
    assert _new(capsys, "quiz", "a-new-quiz")[0] == 0
    for path in (project / "playbook/techniques/a-new-idea.yaml", project / "quizzes/a-new-quiz.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=../")
        schema = (path.parent / first.partition("$schema=")[2]).resolve()
        assert schema.is_file() and schema.parent == (project / "schemas").resolve()
        errors = list(Draft202012Validator(json.loads(schema.read_text())).iter_errors(yaml.safe_load(path.read_text())))
        assert not errors, errors


def test_without_schemas_the_file_names_none(playbook_dir, capsys):
    assert _new(capsys, "principle", "a-new-idea")[0] == 0
    assert "yaml-language-server" not in (playbook_dir / "principles/a-new-idea.yaml").read_text()


def test_other_folders_are_named_by_options(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_playbook(tmp_path / "content/cx")
    code = main(["new", "quiz", "first-check", "--playbook", "content/cx", "--quizzes", "content/checks"])
    assert code == 0, capsys.readouterr().err
    assert (tmp_path / "content/checks/first-check.yaml").is_file()
    load_playbook(tmp_path / "content/cx", tmp_path / "content/checks")


def test_the_command_line_runs_new_then_validate_cleanly(project):
    cli = [sys.executable, "-m", "cx_playbook.cli"]
    made = subprocess.run([*cli, "new", "technique", "a-new-idea"], cwd=project, capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    checked = subprocess.run([*cli, "validate", "playbook"], cwd=project, capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stderr
    assert "no problems" in checked.stdout
    refused = subprocess.run([*cli, "new", "technique", "a-new-idea"], cwd=project, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1 and "already exists" in refused.stderr and "Traceback" not in refused.stderr

