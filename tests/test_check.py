"""``cx-playbook check``: one run tells a reviewer everything, each finding pinned to the line an
author changed, in plain text and as GitHub workflow annotations."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cx_playbook.checks import run
from cx_playbook.links import broken_links
from cx_playbook.report import ERROR, WARNING, Finding, annotation, lines
from cx_playbook.site import SiteSettings
from helpers import ROOT, edit, make_site

CLI = [sys.executable, "-m", "cx_playbook.cli"]


def check(root: Path, *args: str, github: bool = False) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
    if github:
        env["GITHUB_ACTIONS"] = "true"
    return subprocess.run([*CLI, "check", *args], cwd=root, capture_output=True, text=True, timeout=300, env=env)


def _line_col(path: Path, needle: str) -> tuple[int, int]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.fixture
def site(tmp_path) -> Path:
    return make_site(tmp_path)


def test_the_real_playbook_has_nothing_to_report():
    source = SiteSettings(ROOT / "playbook", ROOT / "quizzes", ROOT / "docs")
    assert run(source, build=None) == []


def test_the_real_site_has_no_broken_internal_link_or_anchor(built_site):
    assert broken_links(built_site) == []


def test_a_broken_link_and_a_missing_anchor_are_pinned_to_the_lines_that_wrote_them(site):
    (site / "docs/guide.md").write_text(
        "# Guide\n\n## Getting started\n\nRead [the home page](index.md) first.\n\n"
        "Then the [old notes](notes.md) and [the start](#getting-started), not [the end](index.md#the-end).\n",
        encoding="utf-8",
    )
    edit(site / "playbook/techniques/moments-of-truth.yaml", "  A Moment of Truth is a point of contact.\n", "  A Moment of Truth is a point of contact ([more](../walkthrough.md)).\n")

    result = check(site)

    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout.splitlines()
    guide, technique = site / "docs/guide.md", site / "playbook/techniques/moments-of-truth.yaml"
    line, col = _line_col(guide, "notes.md")
    assert any(row.startswith(f"docs/guide.md:{line}:{col}: error: link '") and "notes" in row for row in out), out
    line, col = _line_col(guide, "index.md#the-end")
    assert f"docs/guide.md:{line}:{col}: error: link '../#the-end' on the built page guide/index.html: no anchor '#the-end' on index.html" in out
    line, col = _line_col(technique, "../walkthrough.md")
    assert any(row.startswith(f"playbook/techniques/moments-of-truth.yaml:{line}:{col}: error: link ") for row in out), out
    assert not any("getting-started" in row or "'../'" in row for row in out)  # the links that work are not reported
    assert sum(row.startswith("docs/guide.md") for row in out) == 2  # MkDocs' own report of notes.md is not repeated
    assert out[-1] == "3 errors in 2 files."


def test_an_orphan_entry_is_a_warning_that_fails_only_with_strict(site):
    (site / "playbook/principles/lonely-idea.yaml").write_text(
        "title: A lonely idea\nsummary: Nothing points here.\ninside_out: One way.\noutside_in: The other.\nbody: |\n  Alone.\nsources: [test-source]\n",
        encoding="utf-8",
    )
    result = check(site, "--no-build")
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines() == [
        "playbook/principles/lonely-idea.yaml:1:8: warning: 'principles/lonely-idea' is an orphan: no entry, quiz, glossary term, course module or page points to it;"
        " list it under another entry's related, or link it with [[principles/lonely-idea]]",
        "1 warning in 1 file.",
    ]
    assert check(site, "--no-build", "--strict").returncode == 1
    # A [[link]] from a hand-written page is a way in: the entry is no longer an orphan.
    (site / "docs/index.md").write_text("# Home\n\nSee [[principles/lonely-idea]].\n", encoding="utf-8")
    assert check(site, "--no-build", "--strict").stdout.strip() == "No problems found."


def test_placeholders_left_by_new_are_errors_at_their_lines(site):
    made = subprocess.run([*CLI, "new", "principle", "half-written"], cwd=site, capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    (site / "docs/index.md").write_text("# Home\n\n[[principles/half-written]]\n", encoding="utf-8")
    result = check(site, "--no-build")
    assert result.returncode == 1
    path = site / "playbook/principles/half-written.yaml"
    expected = [f"playbook/principles/half-written.yaml:{_line_col(path, f'{field}: TODO')[0]}:{len(field) + 3}: error: {field}: still the placeholder TODO: write the {field} here" for field in ("summary", "inside_out", "outside_in")]
    line, col = _line_col(path, "body: |")
    expected.append(f"playbook/principles/half-written.yaml:{line}:{col + 6}: error: body: still the placeholder TODO: write the body here")
    assert result.stdout.splitlines() == [*sorted(expected, key=lambda row: int(row.split(":")[1])), "4 errors in 1 file."]


def test_a_quiz_that_covers_nothing_is_a_warning(site):
    edit(site / "quizzes/moments-check.yaml", "covers: [techniques/moments-of-truth]\n", "covers: []\n")
    result = check(site, "--no-build")
    line, col = _line_col(site / "quizzes/moments-check.yaml", "[]")
    assert f"quizzes/moments-check.yaml:{line}:{col}: warning: covers: quiz 'moments-check' names no entry it covers: list the entries its questions are about" in result.stdout
    assert result.returncode == 0


def test_validation_problems_come_first_and_stop_before_the_build(site):
    edit(site / "playbook/techniques/moments-of-truth.yaml", "purpose:", "purpsoe:")
    result = check(site)
    line = _line_col(site / "playbook/techniques/moments-of-truth.yaml", "purpsoe:")[0]
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"playbook/techniques/moments-of-truth.yaml:{line}:1: error: unknown field 'purpsoe' (did you mean 'purpose'?)", "1 error in 1 file."]
    assert not (site / "site").exists()


def test_on_github_each_finding_is_also_a_workflow_annotation(site):
    edit(site / "quizzes/moments-check.yaml", "covers: [techniques/moments-of-truth]\n", "covers: []\n")
    edit(site / "playbook/techniques/moments-of-truth.yaml", "purpose:", "purpsoe:")
    result = check(site, "--no-build", github=True)
    line = _line_col(site / "playbook/techniques/moments-of-truth.yaml", "purpsoe:")[0]
    assert result.stdout.splitlines() == [
        f"playbook/techniques/moments-of-truth.yaml:{line}:1: error: unknown field 'purpsoe' (did you mean 'purpose'?)",
        f"::error file=playbook/techniques/moments-of-truth.yaml,line={line},col=1::unknown field 'purpsoe' (did you mean 'purpose'?)",
        "1 error in 1 file.",
    ]


def test_annotation_escapes_what_would_end_or_garble_a_workflow_command():
    finding = Finding("docs/a,b:c.md", 3, 7, WARNING, "100% sure:\r\nline two, and more")
    assert annotation(finding) == "::warning file=docs/a%2Cb%3Ac.md,line=3,col=7::100%25 sure:%0D%0Aline two, and more"
    error = Finding("playbook/x.yaml", 1, 1, ERROR, "plain")
    assert annotation(error) == "::error file=playbook/x.yaml,line=1,col=1::plain"
    # A file named to clear the log viewer's screen shows its name escaped, as it is in the message.
    named = Finding("playbook/x\x1b[2J.yaml", 1, 1, ERROR, "file name 'x\x1b[2J' is not a kebab-case id")
    assert annotation(named) == "::error file=playbook/x\\x1b[2J.yaml,line=1,col=1::file name 'x\\x1b[2J' is not a kebab-case id"
    assert lines([finding, error], github=False) == [
        "docs/a,b:c.md:3:7: warning: 100% sure:\\r\\nline two, and more",
        "playbook/x.yaml:1:1: error: plain",
        "1 error and 1 warning in 2 files.",
    ]


def test_a_build_that_runs_too_long_is_stopped_and_reported(site):
    result = check(site, "--timeout", "0.01")
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["mkdocs.yml:1:1: error: the site build took longer than 0.01 seconds and was stopped", "1 error in 1 file."]


def test_without_a_site_configuration_the_build_is_an_error_or_skipped(site):
    (site / "mkdocs.yml").unlink()
    result = check(site, "playbook")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == "mkdocs.yml:1:1: error: no site configuration at mkdocs.yml: name it with --config, or skip the build with --no-build"
    assert check(site, "playbook", "--no-build").returncode == 0


def test_the_built_site_is_kept_when_asked_for_the_preview(site, tmp_path):
    result = check(site, "--site-dir", str(tmp_path / "preview"))
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "No problems found."
    assert (tmp_path / "preview/techniques/moments-of-truth/index.html").is_file()
