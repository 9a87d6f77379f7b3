"""The repository's automation: GitHub workflows that actionlint passes and that do what the guides
say, and a pre-commit hook that stops a commit breaking the playbook, offline."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import IN_CI, ROOT, edit

WORKFLOWS = ROOT / ".github/workflows"
ACTIONLINT = Path(sys.executable).parent / "actionlint"


def _shellcheck() -> str:
    found = shutil.which("shellcheck")
    if found is None:
        message = "shellcheck is not installed (make test installs Debian's shellcheck)"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    return str(found)


def _lint(*files: Path) -> subprocess.CompletedProcess:
    command = [str(ACTIONLINT), "-oneline", "-no-color", f"-shellcheck={_shellcheck()}", "-pyflakes=", *map(str, files)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def _workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_actionlint_finds_nothing_in_the_workflows():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {path.name for path in files} == {"pr.yml", "pages.yml"}
    result = _lint(*files)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_actionlint_would_flag_a_broken_workflow(tmp_path):
    broken = tmp_path / ".github/workflows/pages.yml"
    broken.parent.mkdir(parents=True)
    text = (WORKFLOWS / "pages.yml").read_text(encoding="utf-8")
    broken.write_text(text.replace("steps.pages.outputs.base_url", "steps.page.outputs.base_url").replace("make build\n", "make build $UNQUOTED\n"), encoding="utf-8")
    result = _lint(broken)
    assert result.returncode == 1
    assert "property \"page\" is not defined" in result.stdout
    assert "SC2086" in result.stdout  # shellcheck runs on the run: scripts


def test_every_action_is_pinned_by_its_major_version():
    for name in ("pr.yml", "pages.yml"):
        used = [step["uses"] for step in _steps(_workflow(name)) if "uses" in step]
        assert used and all(re.fullmatch(r"actions/[a-z-]+@v\d+", action) for action in used), used


def test_pull_requests_run_the_tests_the_check_and_attach_the_preview():
    pr = _workflow("pr.yml")
    assert "pull_request" in pr[True]  # YAML 1.1 reads the key `on` as true
    assert pr["permissions"] == {"contents": "read"}
    runs = [step.get("run", "") for step in _steps(pr)]
    assert "make test" in runs and ".venv/bin/cx-playbook check" in runs and "make build-offline" in runs
    upload = next(step for step in _steps(pr) if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["name"] == "site" and upload["with"]["path"] == "site-offline/"
    # The tests name the runner image's Chromium, which the Makefile then neither installs nor replaces.
    assert pr["jobs"]["test"]["env"]["CHROMIUM"] == "/usr/bin/chromium"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "CHROMIUM ?= /usr/bin/chromium" in makefile and "export CHROMIUM" in makefile
    for target in ("install", "test", "build-offline"):
        assert re.search(rf"^{target}:", makefile, re.M), target


def test_pushes_to_main_publish_to_pages_built_for_the_pages_address():
    pages = _workflow("pages.yml")
    assert pages[True]["push"]["branches"] == ["main"]
    assert pages["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert pages["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build = next(step for step in pages["jobs"]["build"]["steps"] if step.get("run") == "make build")
    assert build["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert any(step.get("uses", "").startswith("actions/upload-pages-artifact@") and step["with"]["path"] == "site/" for step in pages["jobs"]["build"]["steps"])
    deploy = pages["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


# --- The pre-commit hook -----------------------------------------------------------------------------


def _git(repo: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, timeout=120, env=env)


@pytest.fixture
def repo(tmp_path) -> tuple[Path, dict[str, str]]:
    """A copy of the project's content in a fresh git repository with the hook installed, as
    `make hooks` installs it; pre-commit's cache is private to the test and nothing is fetched."""
    repo = tmp_path / "repo"
    for folder in ("playbook", "quizzes", "docs"):
        shutil.copytree(ROOT / folder, repo / folder)
    shutil.copy(ROOT / ".pre-commit-config.yaml", repo)
    (repo / ".venv").symlink_to(ROOT / ".venv")  # the project's environment, which the hook runs
    (repo / ".gitignore").write_text(".venv\n", encoding="utf-8")
    (repo / "README.md").write_text("# A playbook\n", encoding="utf-8")
    (tmp_path / "gitconfig").write_text("", encoding="utf-8")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Author", "GIT_AUTHOR_EMAIL": "author@example.com",
        "GIT_COMMITTER_NAME": "Author", "GIT_COMMITTER_EMAIL": "author@example.com",
    }
    assert _git(repo, "init", "-q", "-b", "main", env=env).returncode == 0
    installed = subprocess.run([str(Path(sys.executable).parent / "pre-commit"), "install"], cwd=repo, capture_output=True, text=True, timeout=120, env=env)
    assert installed.returncode == 0, installed.stderr
    _git(repo, "add", "-A", env=env)
    first = _git(repo, "commit", "-q", "-m", "The playbook", env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    return repo, env


def test_the_hook_stops_a_commit_that_breaks_the_playbook_and_lets_the_fix_through(repo):
    root, env = repo
    moments = root / "playbook/techniques/moments-of-truth.yaml"
    edit(moments, "  - techniques/breakpoints\n", "  - techniques/breakpoint\n")
    _git(root, "add", "-A", env=env)
    refused = _git(root, "commit", "-m", "A typo", env=env)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0
    assert re.search(r"cx-playbook validate\.+Failed", output), output
    assert re.search(r"playbook/techniques/moments-of-truth\.yaml:\d+:\d+: .*no entry 'techniques/breakpoint' in the playbook \(did you mean 'techniques/breakpoints'\?\)", output)
    assert _git(root, "log", "--oneline", env=env).stdout.count("\n") == 1  # nothing was committed

    edit(moments, "  - techniques/breakpoint\n", "  - techniques/breakpoints\n")
    (root / "quizzes/ten-tenets.yaml").write_text((root / "quizzes/ten-tenets.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _git(root, "add", "-A", env=env)
    passed = _git(root, "commit", "-m", "A quiz, reformatted", env=env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"cx-playbook validate\.+Passed", passed.stdout + passed.stderr)


def test_the_hook_validates_the_whole_playbook_but_only_when_content_changed(repo):
    root, env = repo
    # A broken reference already committed past the hook, as if from before it was installed.
    edit(root / "playbook/techniques/moments-of-truth.yaml", "  - techniques/breakpoints\n", "  - techniques/breakpoint\n")
    _git(root, "commit", "-q", "-a", "--no-verify", "-m", "Broken elsewhere", env=env)

    (root / "README.md").write_text("# A playbook, described\n", encoding="utf-8")
    skipped = _git(root, "commit", "-a", "-m", "Words outside the playbook", env=env)
    assert skipped.returncode == 0, skipped.stdout + skipped.stderr
    assert re.search(r"cx-playbook validate\.+\(no files to check\)Skipped", skipped.stdout + skipped.stderr)

    # A change to another file of the playbook is checked against all of it: the old break shows.
    (root / "playbook/glossary.yaml").write_text((root / "playbook/glossary.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    refused = _git(root, "commit", "-a", "-m", "The glossary", env=env)
    assert refused.returncode != 0
    assert "no entry 'techniques/breakpoint'" in refused.stdout + refused.stderr
