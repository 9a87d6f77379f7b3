"""The course file's finer rules: what an author can get wrong in it beyond a missing field, each
reported at its line with the rest of the playbook's problems, and the final's version."""

from __future__ import annotations

from pathlib import Path

import pytest

from cx_playbook.errors import ContentError
from cx_playbook.validation import load_playbook
from helpers import COURSE, edit


@pytest.fixture
def course_dir(quizzes_dir) -> Path:
    playbook = quizzes_dir.parent / "playbook"
    (playbook / "course.yaml").write_text(COURSE, encoding="utf-8")
    (playbook.parent / "docs").mkdir()
    (playbook.parent / "docs/index.md").write_text("# Home\n", encoding="utf-8")
    return playbook


def load(playbook: Path):
    return load_playbook(playbook, playbook.parent / "quizzes", docs=playbook.parent / "docs")


def problems(playbook: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load(playbook)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('version: "1.0"', 'version: "1.1"'),
        ("draw: 5", "draw: 4"),
        ("pass_mark: 70", "pass_mark: 80"),
    ],
)
def test_the_final_gets_a_new_version_when_the_course_or_its_rules_change(course_dir, old, new):
    before = load(course_dir)
    edit(course_dir / "course.yaml", old, new)
    after = load(course_dir)
    assert after.final_quiz().version != before.final_quiz().version
    # A module's quiz is the playbook's own, shared with its page under quizzes/: unchanged.
    assert after.quizzes["moments-check"].version == before.quizzes["moments-check"].version


def test_the_final_keeps_its_version_while_nothing_about_it_changes(course_dir):
    before = load(course_dir).final_quiz().version
    edit(course_dir / "course.yaml", "duration: 30", "duration: 35")
    assert load(course_dir).final_quiz().version == before
