"""The course file: validated with everything else at file:line, and the pages it makes."""

from __future__ import annotations

from pathlib import Path

import pytest

from cx_playbook.errors import ContentError
from cx_playbook.rendering import PageRenderer
from cx_playbook.validation import load_playbook
from helpers import COURSE, build_site, edit, make_site, manifest_of


@pytest.fixture
def course_dir(quizzes_dir) -> Path:
    """The small playbook and its quiz, with a one-module course and a docs folder."""
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


def test_a_valid_course_is_loaded_with_its_pool(course_dir):
    playbook = load(course_dir)
    assert [module.id for module in playbook.course.modules] == ["basics"]
    assert len(playbook.pool()) == 6
    assert [q.id for q in playbook.final_quiz().questions][:2] == ["moments-check--pick-one", "moments-check--pick-all"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("readings: [principles/customer-defines-value,", "readings: [principles/customer-define-value,",
         "playbook/course.yaml:13:16: modules[0].readings[0]: no entry 'principles/customer-define-value' in the playbook (did you mean 'principles/customer-defines-value'?)"),
        ("index.md]", "indx.md]", "playbook/course.yaml:13:80: modules[0].readings[2]: no page 'indx.md' in docs/ (did you mean 'index.md'?)"),
        ("    quiz: moments-check", "    quiz: moments-chek", "playbook/course.yaml:14:11: modules[0].quiz: no quiz 'moments-chek' in quizzes/ (did you mean 'moments-check'?)"),
        ("readings: [principles/customer-defines-value, techniques/moments-of-truth, index.md]", "readings: []",
         "playbook/course.yaml:13:15: modules[0].readings: List should have at least 1 item after validation, not 0"),
        ("  draw: 5", "  draw: 7", "playbook/course.yaml:18:9: final_assessment.draw: the pool holds 6 questions, fewer than the 7 to draw: widen the pool or draw fewer"),
        ("  - id: basics", "  - id: final", "playbook/course.yaml:6:5: modules[0]: 'final' is the address of another course page: choose another id"),
        ("      - Put customers first in a decision.\n", "", "playbook/course.yaml:9:7: modules[0].objectives: List should have at least 3 items after validation, not 2"),
    ],
)
def test_course_problems_are_reported_at_their_line(course_dir, old, new, expected):
    edit(course_dir / "course.yaml", old, new)
    assert problems(course_dir) == [expected]


def test_duplicate_module_ids_are_refused(course_dir):
    text = (course_dir / "course.yaml").read_text(encoding="utf-8")
    module = text[text.index("  - id: basics"):text.index("final_assessment:")]
    edit(course_dir / "course.yaml", "final_assessment:", module + "final_assessment:")
    assert problems(course_dir) == ["playbook/course.yaml:15:9: modules[1].id: duplicate module id 'basics': already used by module 1"]


def test_the_course_makes_a_home_a_page_per_module_a_final_and_a_certificate(course_dir):
    pages = {page.src_uri: page for page in PageRenderer(load(course_dir)).pages()}
    assert {"course/index.md", "course/basics.md", "course/final.md", "course/certificate.md"} <= set(pages)
    assert pages["course/index.md"].in_nav and not pages["course/basics.md"].in_nav
    final = pages["course/final.md"].content
    assert 'data-draw="5"' in final and final.count('<section class="cx-question"') == 6
    assert "self-assessed" in pages["course/certificate.md"].content


def test_a_built_course_is_in_the_manifest_for_the_browser(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = make_site(tmp_path / "project")
    (root / "playbook/course.yaml").write_text(COURSE, encoding="utf-8")
    site = build_site(root)
    assert (site / "course/basics/index.html").is_file() and (site / "course/certificate/index.html").is_file()
    manifest = manifest_of(site)
    course = manifest["course"]
    assert course["version"] == "1.0" and course["final"]["draw"] == 5 and course["final"]["id"] == "course:final"
    assert course["modules"][0]["readings"] == ["principles/customer-defines-value/", "techniques/moments-of-truth/", "./"]
