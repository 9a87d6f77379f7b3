"""The course file's finer rules: what an author can get wrong in it beyond a missing field, each
reported at its line with the rest of the playbook's problems, and the final's version."""

from __future__ import annotations

import re
from html import escape as html_escape

import pytest

from cx_playbook.course import Course, FinalAssessment, Module, Pool
from helpers import edit
from test_course import course_dir, load, problems  # noqa: F401  (course_dir is a fixture, used by name)


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


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("index.md]", "index.md, techniques/moments-of-truth]",
         "playbook/course.yaml:13:90: modules[0].readings[3]: reading 'techniques/moments-of-truth' is listed twice: already at modules[0].readings[1]"),
        ("quizzes: [moments-check]", "quizzes: [moments-check, moments-check]",
         "playbook/course.yaml:17:30: final_assessment.pool.quizzes[1]: quiz 'moments-check' is listed twice: already at final_assessment.pool.quizzes[0]"),
        ("      - Put customers first in a decision.\n", "      - Put customers first in a decision.\n" + "      - Another aim.\n" * 3,
         "playbook/course.yaml:9:7: modules[0].objectives: List should have at most 5 items after validation, not 6"),
        ("quizzes: [moments-check]", "quizzes: [moments-check]\n    tags: [outside-inn]",
         "playbook/course.yaml:18:12: final_assessment.pool.tags[0]: no entry carries the tag 'outside-inn' (did you mean 'outside-in'?)"),
    ],
)
def test_what_a_course_names_twice_or_wrongly_is_reported_at_its_line(course_dir, old, new, expected):
    edit(course_dir / "course.yaml", old, new)
    assert problems(course_dir) == [expected]


def test_a_tag_in_the_pool_adds_the_questions_about_entries_that_carry_it(course_dir):
    # Only principles/customer-defines-value carries the tag; one question refers to it.
    edit(course_dir / "course.yaml", "quizzes: [moments-check]", "tags: [outside-in]")
    edit(course_dir / "course.yaml", "  draw: 5", "  draw: 1")
    quiz = course_dir.parent / "quizzes/moments-check.yaml"
    edit(quiz, "refs: [tenets/customers-first]", "refs: [tenets/customers-first, principles/customer-defines-value]")
    playbook = load(course_dir)
    about = [question.id for question in playbook.quizzes["moments-check"].questions if "principles/customer-defines-value" in question.refs]
    assert len(about) == 1
    assert [question.id for question in playbook.final_quiz().questions] == [f"moments-check--{about[0]}"]


def test_a_pool_too_small_is_reported_with_the_problems_of_other_files(course_dir):
    edit(course_dir / "course.yaml", "  draw: 5", "  draw: 7")
    edit(course_dir / "techniques/moments-of-truth.yaml", "title:", "titel:")
    found = problems(course_dir)
    assert "playbook/course.yaml:18:9: final_assessment.draw: the pool holds 6 questions, fewer than the 7 to draw: widen the pool or draw fewer" in found
    assert any(problem.startswith("playbook/techniques/moments-of-truth.yaml:") for problem in found)
    assert len(found) == 2, found


@pytest.mark.parametrize(("anchor", "model"), [("course", Course), ("module", Module), ("final-assessment", FinalAssessment), ("question-pool", Pool)])
def test_the_authoring_guide_lists_every_field_of_the_course_file(built_site, anchor, model):
    html = (built_site / "authoring/index.html").read_text(encoding="utf-8")
    section = html.split(f'<h3 id="{anchor}"', 1)[1].split("<h3 ", 1)[0]
    rows = re.findall(r"<tr>\s*<td><code>([a-z_]+)</code></td>\s*<td>(yes|no)</td>\s*<td>[^<]*</td>\s*<td>(.*?)</td>\s*</tr>", section, re.S)
    assert [name for name, _, _ in rows] == list(model.model_fields)
    for name, required, described in rows:
        field = model.model_fields[name]
        assert required == ("yes" if field.is_required() else "no"), name
        assert " ".join(re.sub(r"<[^>]+>", "", described).split()) == html_escape(" ".join(re.sub(r"`", "", field.description).split()), quote=False), name


def test_a_link_wrapped_over_two_lines_is_reported_rather_than_shown_as_brackets(course_dir):
    edit(course_dir / "course.yaml", "    quiz: moments-check\n", "    intro: |\n      Read [[principles/customer-\n      defines-value]] first; `[[in code` is fine.\n    quiz: moments-check\n")
    assert problems(course_dir) == ["playbook/course.yaml:15:7: modules[0].intro: '[[' starts a link that does not end on the same line: write [[kind/id]] whole on one line"]
    edit(course_dir / "course.yaml", "[[principles/customer-\n      defines-value]]", "[[principles/customer-defines-value]]\n     ")
    assert load(course_dir).course.modules[0].intro.startswith("Read [[principles/customer-defines-value]]")


def test_a_hand_written_page_with_a_link_wrapped_over_two_lines_is_reported_at_its_line(course_dir):
    (course_dir.parent / "docs/guide.md").write_text("# Guide\n\nStart with [[principles/customer-\ndefines-value]].\n\n`[[code` stays.\n", encoding="utf-8")
    assert problems(course_dir) == ["docs/guide.md:3:12: '[[' starts a link that does not end on the same line: write [[kind/id]] whole on one line"]
