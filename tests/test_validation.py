"""Every validation rule, each with the exact file:line:col an author would jump to."""

from __future__ import annotations

from pathlib import Path

import pytest

from cx_playbook.errors import ContentError
from cx_playbook.validation import load_playbook
from helpers import edit


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_playbook(root)
    return [str(problem) for problem in caught.value.problems]


def test_valid_playbook_loads_every_entry_and_term(playbook_dir):
    playbook = load_playbook(playbook_dir)
    assert sorted(playbook.entries) == [
        "case-studies/easyjet-bums-on-seats",
        "principles/customer-defines-value",
        "techniques/moments-of-truth",
        "tenets/customers-first",
    ]
    assert [term.abbr for term in playbook.glossary] == ["MOT", "SCO"]


def test_yaml_syntax_error_points_at_the_tab(playbook_dir):
    path = playbook_dir / "techniques/moments-of-truth.yaml"
    edit(path, "  - Design the improved moment.", "\t- Design the improved moment.")
    [problem] = problems(playbook_dir)
    assert problem.startswith("playbook/techniques/moments-of-truth.yaml:15:1: YAML syntax error")
    assert "tab" in problem


def test_misspelt_field_is_named_with_a_suggestion(playbook_dir):
    edit(playbook_dir / "tenets/customers-first.yaml", "statement:", "statment:")
    # Reported once, as the misspelling it is, not again as a missing 'statement'.
    assert problems(playbook_dir) == [
        "playbook/tenets/customers-first.yaml:3:1: unknown field 'statment' (did you mean 'statement'?)",
    ]


def test_missing_field_and_wrong_type(playbook_dir):
    edit(playbook_dir / "tenets/customers-first.yaml", "number: 1", "number: first")
    edit(playbook_dir / "case-studies/easyjet-bums-on-seats.yaml", "industry: Airlines\n", "")
    assert problems(playbook_dir) == [
        "playbook/case-studies/easyjet-bums-on-seats.yaml:1:1: missing required field 'industry'",
        "playbook/tenets/customers-first.yaml:2:9: number: Input should be a valid integer",
    ]


def test_unknown_reference_suggests_the_closest_entry(playbook_dir):
    edit(playbook_dir / "case-studies/easyjet-bums-on-seats.yaml", "illustrates: [techniques/moments-of-truth]", "illustrates: [techniques/moment-of-truth]")
    assert problems(playbook_dir) == [
        "playbook/case-studies/easyjet-bums-on-seats.yaml:16:15: illustrates[0]: no entry 'techniques/moment-of-truth' in the playbook (did you mean 'techniques/moments-of-truth'?)",
    ]


def test_reference_to_the_wrong_kind_is_refused(playbook_dir):
    edit(playbook_dir / "techniques/moments-of-truth.yaml", "applies: [principles/customer-defines-value, tenets/customers-first]", "applies: [case-studies/easyjet-bums-on-seats]")
    [problem] = problems(playbook_dir)
    assert problem.startswith("playbook/techniques/moments-of-truth.yaml:21:11: applies[0]: 'case-studies/easyjet-bums-on-seats' must refer to one of principles, tenets")


def test_link_in_markdown_body_must_resolve_and_is_pinned_to_its_line(playbook_dir):
    edit(playbook_dir / "principles/customer-defines-value.yaml", "[[techniques/moments-of-truth]]", "[[techniques/moments-of-truths]]")
    assert problems(playbook_dir) == [
        "playbook/principles/customer-defines-value.yaml:8:3: body: no entry 'techniques/moments-of-truths' in the playbook (did you mean 'techniques/moments-of-truth'?)",
    ]


@pytest.mark.parametrize(
    ("markup", "reason"),
    [
        ("<script>alert(1)</script>", "the <script> element is not allowed"),
        ('<img src="x.png" onerror="alert(1)">', "the 'onerror' attribute is not allowed"),
        ("[click](javascript:alert(1))", "this link target is not allowed"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "this link target is not allowed"),
        ("<iframe src=x></iframe>", "the <iframe> element is not allowed"),
        # An attribute list ends its paragraph; in mid-paragraph it would be plain text.
        ('Text\n  { onmouseover="alert(1)" }\n', "the 'onmouseover' attribute is not allowed"),
    ],
)
def test_markup_that_could_run_script_is_rejected_at_its_line(playbook_dir, markup, reason):
    edit(playbook_dir / "principles/customer-defines-value.yaml", "  See [[", f"  {markup}\n  See [[")
    [problem] = problems(playbook_dir)
    line = 8 + markup.rstrip("\n").count("\n")
    assert problem.startswith(f"playbook/principles/customer-defines-value.yaml:{line}:3: body: {reason}")
    assert "could run script" in problem


def test_harmless_html_and_code_about_html_are_accepted(playbook_dir):
    edit(playbook_dir / "principles/customer-defines-value.yaml", "  See [[", "  Press <kbd>Ctrl</kbd>; never write `<script>` in content.\n  See [[")
    assert len(load_playbook(playbook_dir)) == 4


def test_unsafe_markup_in_a_list_item_is_found_too(playbook_dir):
    edit(playbook_dir / "tenets/customers-first.yaml", "  - Ask what the customer needs.", '  - "Ask <b onclick=\\"x()\\">now</b>."')
    [problem] = problems(playbook_dir)
    assert problem.startswith("playbook/tenets/customers-first.yaml:9:5: practices[1]: the 'onclick' attribute is not allowed")


def test_plain_text_fields_refuse_html(playbook_dir):
    edit(playbook_dir / "tenets/customers-first.yaml", "title: Customers first", "title: Customers <b>first</b>")
    assert problems(playbook_dir) == [
        "playbook/tenets/customers-first.yaml:1:8: title: must be plain text: '<' is not allowed here (write 'less than', or rephrase)",
    ]


def test_summary_is_one_sentence_of_at_most_240_characters(playbook_dir):
    edit(playbook_dir / "tenets/customers-first.yaml", "summary: Put the customer at the centre of all work.", "summary: Put the customer first. Then the rest.")
    edit(playbook_dir / "techniques/moments-of-truth.yaml", "summary: Find every interaction and remove or improve it.", "summary: " + "word " * 60)
    found = problems(playbook_dir)
    assert found[0].startswith("playbook/techniques/moments-of-truth.yaml:2:10: summary: String should have at most 240 characters")
    assert found[1] == "playbook/tenets/customers-first.yaml:4:10: summary: must be one sentence: split it, or move the rest into the body"


def test_file_names_must_be_kebab_case_ids(playbook_dir):
    (playbook_dir / "techniques/moments-of-truth.yaml").rename(playbook_dir / "techniques/Moments_Of_Truth.yaml")
    found = problems(playbook_dir)
    assert "playbook/techniques/Moments_Of_Truth.yaml:1:1: file name 'Moments_Of_Truth' is not a kebab-case id (try 'moments-of-truth.yaml')" in found


def test_a_field_missing_inside_a_list_says_which_item_lacks_it(playbook_dir, quizzes_dir):
    edit(quizzes_dir / "moments-check.yaml", "    explanation: It is an interaction with a customer.\n", "")
    [problem] = problems(playbook_dir)
    assert problem.endswith(": questions[0]: missing required field 'explanation'")


def test_an_id_or_reference_written_otherwise_is_told_in_words_not_as_a_pattern(playbook_dir):
    entry = playbook_dir / "principles/customer-defines-value.yaml"
    edit(entry, "tags: [outside-in]", "tags: [Outside_In]")
    edit(entry, "related: [tenets/customers-first]", "related: [Customers first]")
    assert problems(playbook_dir) == [
        "playbook/principles/customer-defines-value.yaml:9:8: tags[0]: 'Outside_In' is not a kebab-case id (try 'outside-in')",
        "playbook/principles/customer-defines-value.yaml:10:11: related[0]: 'Customers first' is not a reference to an entry:"
        " write its kind's folder and its id, such as 'techniques/moments-of-truth'",
    ]


def test_unknown_kind_directory_and_yml_files_are_reported(playbook_dir):
    (playbook_dir / "technique").mkdir()
    (playbook_dir / "tenets/customers-first.yaml").rename(playbook_dir / "tenets/customers-first.yml")
    found = problems(playbook_dir)
    assert "playbook/technique:1:1: unknown kind of entry 'technique' (did you mean 'techniques'?); expected one of principles, tenets, techniques, case-studies" in found
    assert "playbook/tenets/customers-first.yml:1:1: not an entry file: entries are '<id>.yaml' (rename it to .yaml)" in found


def test_duplicate_tenet_numbers(playbook_dir):
    second = (playbook_dir / "tenets/customers-first.yaml").read_text().replace("title: Customers first", "title: Customers second")
    (playbook_dir / "tenets/listen.yaml").write_text(second)
    assert problems(playbook_dir) == ["playbook/tenets/listen.yaml:2:9: number: tenet 1 is also playbook/tenets/customers-first.yaml"]


def test_tenet_numbers_run_from_one_to_the_count(playbook_dir):
    edit(playbook_dir / "tenets/customers-first.yaml", "number: 1", "number: 4")
    assert problems(playbook_dir) == ["playbook/tenets/customers-first.yaml:2:9: number: tenet 4 is out of range: the 1 tenets are numbered 1 to 1"]


def test_duplicate_glossary_terms_and_abbreviations(playbook_dir):
    with (playbook_dir / "glossary.yaml").open("a") as glossary:
        glossary.write("- term: moment of truth\n  abbr: MOT\n  definition: Again.\n")
    assert problems(playbook_dir) == [
        "playbook/glossary.yaml:8:9: duplicate term 'moment of truth': already used by term 1",
        "playbook/glossary.yaml:9:9: duplicate abbr 'MOT': already used by term 1",
    ]


def test_duplicate_keys_in_one_file(playbook_dir):
    edit(playbook_dir / "tenets/customers-first.yaml", "number: 1\n", "number: 1\ntitle: Again\n")
    [problem] = problems(playbook_dir)
    assert problem == "playbook/tenets/customers-first.yaml:3:1: YAML syntax error: duplicate key 'title'"


def test_empty_playbook_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "playbook").mkdir()
    assert problems(tmp_path / "playbook") == [
        "playbook:1:1: no entries found: add YAML files under principles/, tenets/, techniques/, case-studies/"
    ]


def test_file_that_is_not_a_mapping(playbook_dir):
    (playbook_dir / "principles/customer-defines-value.yaml").write_text("- just\n- a list\n")
    found = problems(playbook_dir)
    # References resolve against file names, so entries pointing at the broken file are not reported too.
    assert found == ["playbook/principles/customer-defines-value.yaml:1:1: expected a mapping of fields (title, summary, body, ...), found a list"]


def test_every_problem_in_every_file_is_reported_at_once(playbook_dir):
    edit(playbook_dir / "tenets/customers-first.yaml", "statement:", "statment:")
    edit(playbook_dir / "techniques/moments-of-truth.yaml", "  - List every interaction.", "\t- List every interaction.")
    edit(playbook_dir / "principles/customer-defines-value.yaml", "  See [[", "  <script>x</script>\n  See [[")
    found = problems(playbook_dir)
    assert {line.split(":")[0] for line in found} == {
        "playbook/principles/customer-defines-value.yaml",
        "playbook/techniques/moments-of-truth.yaml",
        "playbook/tenets/customers-first.yaml",
    }
    assert len(found) == 3
