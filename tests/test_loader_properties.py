"""Whatever shape of YAML an author writes, the answer is a list of problems, never a traceback."""

from __future__ import annotations

import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cx_playbook.errors import ContentError
from cx_playbook.validation import load_playbook
from helpers import write_playbook

FIELD_NAMES = ["title", "summary", "body", "tags", "related", "sources", "number", "steps", "applies", "illustrates", "titel", "year", "url"]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40),
    st.sampled_from(["principles/customer-defines-value", "tenets/nope", "<script>x</script>", "[[techniques/x]]", "javascript:alert(1)"]),
)
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), children, max_size=5),
    max_leaves=20,
)
documents = st.dictionaries(st.sampled_from(FIELD_NAMES), values, max_size=8) | values
raw_text = st.text(alphabet=string.printable + "\t\u00e9\u2028", max_size=200)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def assert_reports_problems_or_loads(root, quizzes=None):
    try:
        load_playbook(root, quizzes)
    except ContentError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.line >= 1 and problem.column >= 1
            assert str(problem).startswith(f"{problem.path}:{problem.line}:{problem.column}: ")


@SETTINGS
@given(document=documents)
def test_any_yaml_shape_in_an_entry_file_gives_problems_not_a_crash(tmp_path_factory, document):
    root = write_playbook(tmp_path_factory.mktemp("pb") / "playbook")
    (root / "techniques/moments-of-truth.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    assert_reports_problems_or_loads(root)


@SETTINGS
@given(text=raw_text)
def test_any_text_in_an_entry_file_gives_problems_not_a_crash(tmp_path_factory, text):
    root = write_playbook(tmp_path_factory.mktemp("pb") / "playbook")
    (root / "principles/customer-defines-value.yaml").write_text(text, encoding="utf-8")
    assert_reports_problems_or_loads(root)


@SETTINGS
@given(document=values)
def test_any_yaml_shape_in_the_glossary_gives_problems_not_a_crash(tmp_path_factory, document):
    root = write_playbook(tmp_path_factory.mktemp("pb") / "playbook")
    (root / "glossary.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    assert_reports_problems_or_loads(root)


QUIZ_FIELDS = ["title", "description", "pass_mark", "covers", "questions", "id", "type", "prompt", "options", "answer", "items", "pairs", "answers", "refs"]
quiz_values = st.recursive(
    scalars | st.sampled_from(["single", "multiple", "true_false", "ordering", "matching", "fill_blank"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(QUIZ_FIELDS), children, max_size=6),
    max_leaves=25,
)


@SETTINGS
@given(document=st.dictionaries(st.sampled_from(QUIZ_FIELDS), quiz_values, max_size=8) | quiz_values)
def test_any_yaml_shape_in_a_quiz_gives_problems_not_a_crash(tmp_path_factory, document):
    root = write_playbook(tmp_path_factory.mktemp("pb") / "playbook")
    (root.parent / "quizzes").mkdir()
    (root.parent / "quizzes/any.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    assert_reports_problems_or_loads(root, root.parent / "quizzes")


def test_bytes_that_are_not_utf8_are_a_problem(playbook_dir):
    (playbook_dir / "principles/customer-defines-value.yaml").write_bytes(b"title: \xff\xfe\n")
    try:
        load_playbook(playbook_dir)
    except ContentError as error:
        assert str(error.problems[0]).startswith("playbook/principles/customer-defines-value.yaml:1:1: not UTF-8 text")
    else:
        raise AssertionError("invalid UTF-8 was accepted")
