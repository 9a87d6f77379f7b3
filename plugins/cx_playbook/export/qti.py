"""The quiz bank as a QTI 2.1 content package, the format Canvas, Blackboard and Moodle import.

Every question becomes an ``assessmentItem`` of its own file (``items/<quiz>/<question>.xml``),
each quiz an ``assessmentTest`` (``tests/<quiz>.xml``) and the course's final assessment one more
test that draws from the same item files (``course/final.xml``); ``imsmanifest.xml`` lists them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..markup import MarkdownRules
from ..playbook import Playbook
from ..quizzes import Quiz
from .archive import Member, write_zip
from .xhtml import QtiMarkdown
from .xml import environment

MANIFEST = "imsmanifest.xml"
FINAL_TEST = "course/final.xml"


@dataclass(frozen=True)
class Item:
    """One question as it goes into the package."""

    identifier: str
    title: str
    path: str
    question: Any
    key: dict[str, Any]


@dataclass(frozen=True)
class Test:
    """A quiz, or the final assessment, as a test over items; ``select`` items drawn when set."""

    identifier: str
    title: str
    path: str
    items: Sequence[Item]
    pass_mark: int
    select: int | None = None

    @property
    def asked(self) -> int:
        return min(self.select, len(self.items)) if self.select else len(self.items)


def _items(quiz: Quiz) -> list[Item]:
    key = quiz.answer_key()
    # Identifiers start with a letter, as QTI's must; quiz and question ids may start with a digit.
    return [
        Item(f"cx-{quiz.id}--{question.id}", f"{quiz.title}: question {number}", f"items/{quiz.id}/{question.id}.xml", question, key[question.id])
        for number, question in enumerate(quiz.questions, start=1)
    ]


def _tests(playbook: Playbook, items: dict[str, list[Item]]) -> list[Test]:
    tests = [Test(f"cx-test-{quiz.id}", quiz.title, f"tests/{quiz.id}.xml", items[quiz.id], quiz.pass_mark) for quiz in playbook.quizzes.values()]
    course = playbook.course
    if course is not None:
        final = course.final_assessment
        pool = [items[quiz.id][index] for quiz, index in playbook.pool()]
        tests.append(Test("cx-test-course-final", f"{course.title}: final assessment", FINAL_TEST, pool, final.pass_mark, final.draw))
    return tests


def qti_members(playbook: Playbook, rules: MarkdownRules) -> list[Member]:
    """Every file of the package: the manifest first, then items and tests."""
    env = environment()
    env.filters["xhtml"] = QtiMarkdown(rules, {ref: entry.title for ref, entry in playbook.entries.items()})
    items = {quiz.id: _items(quiz) for quiz in playbook.quizzes.values()}
    every_item = [item for quiz_items in items.values() for item in quiz_items]
    tests = _tests(playbook, items)
    members: list[Member] = [(MANIFEST, env.get_template("qti/imsmanifest.xml.j2").render(identifier="cx-quiz-bank", items=every_item, tests=tests).encode())]
    for item in every_item:
        template = env.get_template(f"qti/items/{item.question.type}.xml.j2")
        members.append((item.path, template.render(item=item, question=item.question, key=item.key).encode()))
    test_template = env.get_template("qti/test.xml.j2")
    members.extend((test.path, test_template.render(test=test).encode()) for test in tests)
    return members


def export_qti(playbook: Playbook, out: Path, rules: MarkdownRules | None = None) -> int:
    """Write the package to ``out``; returns how many questions it holds."""
    members = qti_members(playbook, rules or MarkdownRules())
    write_zip(out, members)
    return sum(len(quiz.questions) for quiz in playbook.quizzes.values())
