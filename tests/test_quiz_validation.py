"""Quiz files: every rule, each pinned to the file and line an author would open."""

from __future__ import annotations

import pytest

from cx_playbook.errors import ContentError
from cx_playbook.validation import load_playbook
from helpers import edit

QUIZ = "quizzes/moments-check.yaml"


def problems(playbook_dir, quizzes_dir) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_playbook(playbook_dir, quizzes_dir)
    return [str(problem) for problem in caught.value.problems]


def test_a_valid_quiz_loads_with_every_question_type(playbook_dir, quizzes_dir):
    quiz = load_playbook(playbook_dir, quizzes_dir).quizzes["moments-check"]
    assert [q.type for q in quiz.questions] == ["single", "multiple", "true_false", "ordering", "matching", "fill_blank"]
    assert quiz.pass_mark == 70 and len(quiz.version) == 12


def test_the_version_changes_when_a_question_changes(playbook_dir, quizzes_dir):
    before = load_playbook(playbook_dir, quizzes_dir).quizzes["moments-check"].version
    edit(quizzes_dir / "moments-check.yaml", "Put the stages in order.", "Put these stages in order.")
    assert load_playbook(playbook_dir, quizzes_dir).quizzes["moments-check"].version != before


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("      - text: A board meeting\n", "      - text: A board meeting\n        correct: true\n",
         f"{QUIZ}:11:7: questions[0].options: a 'single' question needs exactly one correct option, found 2"),
        ("        correct: true\n      - text: A board meeting", "      - text: A board meeting",
         f"{QUIZ}:11:7: questions[0].options: a 'single' question needs exactly one correct option, found 0"),
        ("  - id: pick-all", "  - id: pick-one", f"{QUIZ}:17:9: questions[1].id: duplicate question id 'pick-one': already used by question 1"),
        ("refs: [tenets/customers-first]", "refs: [tenets/customer-first]",
         f"{QUIZ}:33:12: questions[2].refs[0]: no entry 'tenets/customer-first' in the playbook (did you mean 'tenets/customers-first'?)"),
        ("items: [Design, Implement, Operationalise]", "items: [Design, Implement]",
         f"{QUIZ}:37:12: questions[3].items: an 'ordering' question needs at least 3 items, found 2"),
        ("        match: An interaction\n", "", f"{QUIZ}:46:9: questions[4].pairs[1]: the sides of this matching question are unequal: this pair has no 'match'"),
        ("pass_mark: 70", "pass_mark: 0", f"{QUIZ}:4:12: pass_mark: Input should be greater than or equal to 1"),
        ("pass_mark: 70", "pass_mark: 101", f"{QUIZ}:4:12: pass_mark: Input should be less than or equal to 100"),
        ("answers: [Moment of Truth, MOT]", "answers: []", f"{QUIZ}:53:14: questions[5].answers: a 'fill_blank' question needs at least one accepted answer"),
        ("type: single", "type: singel",
         f"{QUIZ}:8:11: questions[0].type: unknown question type 'singel' (did you mean 'single'?); expected one of single, multiple, true_false, ordering, matching, fill_blank"),
        ("    explanation: That is its name.", "    explanaton: That is its name.", f"{QUIZ}:54:5: unknown field 'explanaton' (did you mean 'explanation'?)"),
    ],
)
def test_quiz_rules(playbook_dir, quizzes_dir, old, new, expected):
    edit(quizzes_dir / "moments-check.yaml", old, new)
    assert problems(playbook_dir, quizzes_dir) == [expected]


def test_script_in_a_question_is_rejected(playbook_dir, quizzes_dir):
    edit(quizzes_dir / "moments-check.yaml", "prompt: Which are interactions?", 'prompt: Which are <img src=x onerror="alert(1)"> interactions?')
    [problem] = problems(playbook_dir, quizzes_dir)
    assert problem.startswith(f"{QUIZ}:19:13: questions[1].prompt: the 'onerror' attribute is not allowed")


def test_problems_in_quizzes_and_playbook_are_reported_together(playbook_dir, quizzes_dir):
    edit(quizzes_dir / "moments-check.yaml", "pass_mark: 70", "pass_mark: 0")
    edit(playbook_dir / "tenets/customers-first.yaml", "number: 1", "number: one")
    found = problems(playbook_dir, quizzes_dir)
    assert [line.split(":")[0] for line in found] == ["playbook/tenets/customers-first.yaml", QUIZ]


def test_the_shipped_quizzes_are_valid_and_use_every_type():
    from helpers import ROOT

    playbook = load_playbook(ROOT / "playbook", ROOT / "quizzes")
    assert len(playbook.quizzes) >= 6
    questions = [q for quiz in playbook.quizzes.values() for q in quiz.questions]
    assert len(questions) >= 60
    assert {q.type for q in questions} == {"single", "multiple", "true_false", "ordering", "matching", "fill_blank"}
