"""The shipped quizzes cannot be passed by pattern: the right option is not usually the longest,
true/false answers are balanced, multi-select questions vary in how many options are right, and
every wrong option tells the learner why it is wrong.

Each rule is a function that returns the problems it finds; the tests run it on the real quizzes
and, so that every rule is known to be able to fail, on a small set of questions built to break it."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

import pytest

from cx_playbook.validation import load_playbook
from helpers import ROOT

LONGEST_RIGHT_AT_MOST = 0.40
TRUE_SHARE = (0.35, 0.65)
MULTI_COUNTS_AT_LEAST = 3
MULTI_COUNT_SHARE_AT_MOST = 0.60


def name(quiz, question):
    return f"{quiz}/{question.id}"


def of_type(questions, kind):
    return [(quiz, q) for quiz, q in questions if q.type == kind]


def right_is_strictly_longest(question) -> bool:
    right = [len(o.text) for o in question.options if o.correct]
    wrong = [len(o.text) for o in question.options if not o.correct]
    return bool(wrong) and min(right) > max(wrong)


def longest_right_problems(questions) -> list[str]:
    single = of_type(questions, "single")
    if not single:
        return ["no single-choice questions to check"]
    longest = [name(quiz, q) for quiz, q in single if right_is_strictly_longest(q)]
    share = len(longest) / len(single)
    if share <= LONGEST_RIGHT_AT_MOST:
        return []
    return [
        f"the right option is the strictly longest in {len(longest)} of {len(single)} single-choice questions "
        f"({share:.0%}; at most {LONGEST_RIGHT_AT_MOST:.0%} allowed). Lengthen a wrong option or tighten the "
        "right one in some of: " + ", ".join(longest)
    ]


def true_share_problems(questions) -> list[str]:
    judged = of_type(questions, "true_false")
    if not judged:
        return ["no true/false questions to check"]
    true = [name(quiz, q) for quiz, q in judged if q.answer]
    false = [name(quiz, q) for quiz, q in judged if not q.answer]
    share = len(true) / len(judged)
    low, high = TRUE_SHARE
    if low <= share <= high:
        return []
    majority = true if share > high else false
    return [
        f"{len(true)} of {len(judged)} true/false answers are true ({share:.0%}; {low:.0%} to {high:.0%} allowed). "
        "Turn some of these round: " + ", ".join(majority)
    ]


def multi_count_problems(questions) -> list[str]:
    multiple = of_type(questions, "multiple")
    if not multiple:
        return ["no multi-select questions to check"]
    by_count: dict[int, list[str]] = {}
    for quiz, q in multiple:
        by_count.setdefault(sum(o.correct for o in q.options), []).append(name(quiz, q))
    counts = Counter({count: len(names) for count, names in by_count.items()})
    problems = []
    if len(counts) < MULTI_COUNTS_AT_LEAST:
        problems.append(
            f"multi-select questions use only {len(counts)} different numbers of right options ({sorted(counts)}); "
            f"at least {MULTI_COUNTS_AT_LEAST} are needed: {by_count}"
        )
    count, most = counts.most_common(1)[0]
    if most / len(multiple) > MULTI_COUNT_SHARE_AT_MOST:
        problems.append(
            f"{most} of {len(multiple)} multi-select questions have exactly {count} right options "
            f"(at most {MULTI_COUNT_SHARE_AT_MOST:.0%} allowed): " + ", ".join(by_count[count])
        )
    return problems


def silent_wrong_option_problems(questions) -> list[str]:
    """Every wrong option of a single or multiple question carries feedback saying why it is wrong."""
    return [
        f"{name(quiz, q)}: wrong option {o.text[:60]!r} has no feedback saying why it is wrong"
        for quiz, q in questions
        if q.type in ("single", "multiple")
        for o in q.options
        if not o.correct and not (o.feedback or "").strip()
    ]


RULES = [longest_right_problems, true_share_problems, multi_count_problems, silent_wrong_option_problems]


@pytest.fixture(scope="module")
def questions():
    playbook = load_playbook(ROOT / "playbook", ROOT / "quizzes")
    return [(quiz.id, question) for quiz in playbook.quizzes.values() for question in quiz.questions]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_the_shipped_quizzes_follow_the_rule(questions, rule):
    problems = rule(questions)
    assert problems == [], "\n".join(problems)


def option(text, correct=False, feedback=None):
    return SimpleNamespace(text=text, correct=correct, feedback=feedback)


def question(qid, kind, **fields):
    return ("patterned", SimpleNamespace(id=qid, type=kind, **fields))


# A quiz a learner could pass by pattern: right always longest, always false, always two right,
# and one wrong option that says nothing.
PATTERNED = [
    *(question(f"s{i}", "single", options=[option("the long and obviously right answer", True), option("short", feedback="why")]) for i in range(3)),
    *(question(f"t{i}", "true_false", answer=False) for i in range(3)),
    *(question(f"m{i}", "multiple", options=[option("a", True), option("b", True), option("c", feedback="why")]) for i in range(3)),
    question("quiet", "multiple", options=[option("a", True), option("b", True), option("c")]),
]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_each_rule_fails_on_a_patterned_quiz(rule):
    problems = rule(PATTERNED)
    assert problems, f"{rule.__name__} found nothing wrong with a quiz built to break it"
    assert "patterned/" in "\n".join(problems), "the message names the offending questions"


def test_ties_do_not_count_as_strictly_longest():
    assert not right_is_strictly_longest(SimpleNamespace(options=[option("same", True), option("same")]))
