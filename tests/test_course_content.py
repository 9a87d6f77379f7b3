"""The real course in playbook/course.yaml: enough modules, each a fair test of what it asks learners to
read, and a final assessment that draws from every module."""

from __future__ import annotations

import functools

import pytest

from cx_playbook.quizzes import QUESTION_TYPES
from cx_playbook.validation import load_playbook
from helpers import ROOT

ENTRY_KINDS = {"principles", "tenets", "techniques", "case-studies"}


@functools.cache
def playbook():
    return load_playbook(ROOT / "playbook", ROOT / "quizzes", docs=ROOT / "docs")


@pytest.fixture
def course():
    course = playbook().course
    assert course is not None, "playbook/course.yaml is missing"
    return course


def test_the_course_has_at_least_six_modules(course):
    assert len(course.modules) >= 6


def test_every_module_has_three_to_five_objectives(course):
    counts = {module.id: len(module.objectives) for module in course.modules}
    assert all(3 <= count <= 5 for count in counts.values()), counts


def test_each_module_reads_all_four_kinds_of_entry(course):
    missing = {}
    for module in course.modules:
        kinds = {reading.split("/", 1)[0] for reading in module.readings if not reading.endswith(".md")}
        if ENTRY_KINDS - kinds:
            missing[module.id] = sorted(ENTRY_KINDS - kinds)
    assert not missing, f"modules without readings of these kinds: {missing}"


def test_every_module_has_its_own_quiz(course):
    quizzes = [module.quiz for module in course.modules]
    assert len(quizzes) == len(set(quizzes)), quizzes


def test_the_pool_holds_at_least_sixty_questions_and_covers_every_module(course):
    pool = playbook().pool()
    assert len(pool) >= 60
    pooled = {quiz.id for quiz, _ in pool}
    missing = [module.id for module in course.modules if module.quiz not in pooled]
    assert not missing, f"no question in the pool from the quiz of {missing}"


def test_the_final_draws_twenty_questions(course):
    assert course.final_assessment.draw == 20


def test_the_pool_asks_every_type_of_question():
    asked = {question.type for question in playbook().final_quiz().questions}
    assert asked == set(QUESTION_TYPES), f"no {sorted(set(QUESTION_TYPES) - asked)} question in the pool"


def test_each_quiz_asks_only_about_what_has_been_read_by_then(course):
    quizzes = playbook().quizzes
    read: set[str] = set()
    unread = []
    for module in course.modules:
        read.update(module.readings)
        for question in quizzes[module.quiz].questions:
            unread += [f"{module.id}: {module.quiz}/{question.id} refers to {ref}" for ref in question.refs if ref not in read]
    assert not unread, "\n".join(unread)
