"""``cx-playbook``: what an author sees at the command line."""

from __future__ import annotations

import json

import yaml
import subprocess
import sys

from helpers import ROOT, edit

CLI = [sys.executable, "-m", "cx_playbook.cli"]


def run(*args, cwd):
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True)


def test_the_shipped_playbook_is_valid():
    result = run("validate", "playbook", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "no problems" in result.stdout


def test_four_kinds_of_mistake_give_four_precise_errors_and_exit_1(real_playbook_copy):
    root = real_playbook_copy
    edit(root / "techniques/moments-of-truth.yaml", "  - techniques/breakpoints\n", "  - techniques/breakpoint\n")
    edit(root / "techniques/breakpoints.yaml", "purpose:", "purpsoe:")
    edit(root / "tenets/say-what-you-will-do.yaml", "\n  - ", "\n\t- ")
    edit(root / "principles/customer-defines-value.yaml", "body: |\n", "body: |\n  <script>alert('hi')</script>\n")

    result = run("validate", "playbook", cwd=root.parent)

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "4 problems in 4 files."
    errors = lines[:-1]
    assert len(errors) == 4
    assert errors[0] == (
        "playbook/principles/customer-defines-value.yaml:"
        f"{_line_of(root / 'principles/customer-defines-value.yaml', '<script>')}:3: body: the <script> element is not allowed "
        "(<script>): markup that could run script, load from another host or pose as the site's own is rejected"
    )
    breakpoints = root / "techniques/breakpoints.yaml"
    assert errors[1] == f"playbook/techniques/breakpoints.yaml:{_line_of(breakpoints, 'purpsoe:')}:1: unknown field 'purpsoe' (did you mean 'purpose'?)"
    moments = root / "techniques/moments-of-truth.yaml"
    assert errors[2].startswith(f"playbook/techniques/moments-of-truth.yaml:{_line_of(moments, '  - techniques/breakpoint')}:5: related[")
    assert errors[2].endswith("no entry 'techniques/breakpoint' in the playbook (did you mean 'techniques/breakpoints'?)")
    tenet = root / "tenets/say-what-you-will-do.yaml"
    assert errors[3].startswith(f"playbook/tenets/say-what-you-will-do.yaml:{_line_of(tenet, chr(9))}:1: YAML syntax error")
    assert "Traceback" not in result.stderr


def _line_of(path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_missing_directory_is_a_clear_error(tmp_path):
    result = run("validate", "nowhere", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("nowhere:1:1: the playbook directory does not exist")


def test_render_writes_the_same_pages_the_site_is_built_from(tmp_path):
    result = run("render", "playbook", "--out", str(tmp_path / "pages"), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "pages/techniques/moments-of-truth.md").read_text(encoding="utf-8")
    assert yaml.safe_load(page.split("---")[1])["title"] == "Moments of Truth (MOT)"
    assert "## Steps" in page and "## Put into practice by" not in page
    assert (tmp_path / "pages/glossary.md").is_file()
    assert (tmp_path / "pages/case-studies/index.md").is_file()


def test_schema_writes_a_json_schema_per_kind(tmp_path):
    result = run("schema", "--out", str(tmp_path), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    technique = json.loads((tmp_path / "techniques.schema.json").read_text())
    assert set(technique["required"]) >= {"title", "summary", "body", "steps", "applies", "sources"}
    assert technique["additionalProperties"] is False
    glossary = json.loads((tmp_path / "glossary.schema.json").read_text())
    assert glossary["type"] == "array"
