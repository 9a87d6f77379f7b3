"""The shipped playbook credits its texts as a reader would want: a guest post under its writer's
name wherever it is used, a text that gives its own address linked to it, and case studies whose
source is a sentence or two told as short examples rather than stories with an invented challenge."""

from __future__ import annotations

import pytest

from cx_playbook.errors import ContentError
from cx_playbook.models import CaseStudy
from cx_playbook.validation import load_playbook
from helpers import ROOT, edit

# Each of these is a sentence or a short paragraph in its source: nothing there to make a story of.
ONE_LINE_CASES = [
    "case-studies/easyjet-bums-on-seats",
    "case-studies/hallmark",
    "case-studies/southwest-airlines",
    "case-studies/b2b-triple-crown",
]


@pytest.fixture(scope="module")
def playbook():
    return load_playbook(ROOT / "playbook")


def prose(entry) -> str:
    """Every word an entry shows a reader, whatever field it is in."""
    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, (list, tuple)):
            for item in value:
                yield from strings(item)

    return "\n".join(text for value in entry.model_dump().values() for text in strings(value))


def test_a_guest_post_is_credited_to_its_writer_in_every_entry_that_draws_on_it(playbook):
    guest_posts = [text for text in playbook.sources.values() if "guest post" in text.author]
    assert guest_posts, "the playbook cites one guest post on a seed author's blog"
    for text in guest_posts:
        writer = text.author.split(",")[0].strip()
        unnamed = [entry.ref for entry in playbook.citing(text.id) if writer not in prose(entry)]
        assert unnamed == [], f"these entries use {text.id} without naming {writer}"


def test_the_talk_links_to_its_recording_on_the_credits_page(built_site, playbook):
    talk = playbook.sources["cannon-2019-talk"]
    assert talk.url and "HEaU3YmwIkA" in talk.url, "the talk's captions give the address of its video"
    credits = (built_site / "credits/index.html").read_text(encoding="utf-8")
    for text in playbook.sources.values():
        if text.url:
            assert f'href="{text.url}"' in credits, text.id


@pytest.mark.parametrize("ref", ONE_LINE_CASES)
def test_a_case_with_one_line_of_source_is_a_short_example(playbook, ref):
    case = playbook.entries[ref]
    assert isinstance(case, CaseStudy) and case.is_short, f"{ref} tells a story its source does not hold"
    assert "short example" in " ".join(case.body.split()), f"{ref} does not say why it is only a short example"


def test_a_case_study_with_only_part_of_a_story_is_refused_where_it_stands(playbook_dir):
    path = playbook_dir / "case-studies/easyjet-bums-on-seats.yaml"
    edit(path, "outcome: |\n  Focus.\n", "")
    with pytest.raises(ContentError) as caught:
        load_playbook(playbook_dir)
    [problem] = [str(p) for p in caught.value.problems]
    assert problem.startswith("playbook/case-studies/easyjet-bums-on-seats.yaml:1:1:"), problem
    assert "challenge, approach and outcome together" in problem and "missing: outcome" in problem


def test_a_short_example_without_any_story_loads(playbook_dir):
    path = playbook_dir / "case-studies/easyjet-bums-on-seats.yaml"
    edit(path, "challenge: |\n  Many priorities.\napproach: |\n  One outcome.\noutcome: |\n  Focus.\n", "")
    case = load_playbook(playbook_dir).entries["case-studies/easyjet-bums-on-seats"]
    assert case.is_short
