"""The shipped playbook: complete, connected, sourced, spelt right and written fresh."""

from __future__ import annotations

import re
import html
import subprocess
import sys

import pytest

from cx_playbook.models import CaseStudy, Principle, Technique, Tenet
from cx_playbook.validation import load_playbook
from helpers import IN_CI, ROOT

SEED_OVERLAP = ROOT.parent / "shared/tools/seed-overlap"
SEED_AUTHORS = {"Michael Cannon", "Steve Towers", "James Dodkins", "Miki Saxon"}


@pytest.fixture(scope="module")
def playbook():
    return load_playbook(ROOT / "playbook")


def words(markdown: str) -> int:
    return len(re.findall(r"[A-Za-z0-9'’-]+", markdown))


def of_type(playbook, model):
    return [entry for entry in playbook.entries.values() if isinstance(entry, model)]


def test_the_playbook_has_its_full_complement(playbook):
    assert len(of_type(playbook, Principle)) >= 10
    assert sorted(t.number for t in of_type(playbook, Tenet)) == list(range(1, 11))
    assert len(of_type(playbook, Technique)) >= 14
    assert len(of_type(playbook, CaseStudy)) >= 14
    assert len(playbook.glossary) >= 15


@pytest.mark.parametrize("abbr", ["SCO", "MOT", "NPS", "CX", "CEM"])
def test_core_abbreviations_are_in_the_glossary(playbook, abbr):
    assert abbr in {term.abbr for term in playbook.glossary}


def test_principles_and_case_studies_have_bodies_of_at_least_150_words(playbook):
    short = {e.ref: words(e.body) for e in of_type(playbook, Principle) + of_type(playbook, CaseStudy) if words(e.body) < 150}
    assert short == {}


def test_techniques_have_four_steps_outputs_pitfalls_and_apply_something(playbook):
    for technique in of_type(playbook, Technique):
        assert len(technique.steps) >= 4, technique.ref
        assert technique.outputs and technique.pitfalls and technique.applies, technique.ref


def test_tenets_have_three_practices_and_case_studies_two_lessons(playbook):
    assert [t.ref for t in of_type(playbook, Tenet) if len(t.practices) < 3] == []
    assert [c.ref for c in of_type(playbook, CaseStudy) if len(c.lessons) < 2 or not c.illustrates] == []


def test_no_entry_is_a_dead_end(playbook):
    """Every entry points somewhere, and something points at every entry."""
    pointed_at = set()
    for entry in playbook.entries.values():
        outgoing = set(entry.related) | set(getattr(entry, "applies", ())) | set(getattr(entry, "illustrates", ()))
        assert outgoing - {entry.ref}, f"{entry.ref} references nothing"
        pointed_at |= outgoing - {entry.ref}
    assert set(playbook.entries) - pointed_at == set()


def test_every_entry_credits_texts_from_the_one_canonical_list(playbook):
    """Each citation resolves to one text of sources.yaml, with one title and author per text."""
    for entry in playbook.entries.values():
        for source_id in entry.sources:
            assert source_id in playbook.sources, (entry.ref, source_id)
    texts = list(playbook.sources.values())
    assert len({text.title.casefold() for text in texts}) == len(texts)
    for text in texts:
        assert any(author in text.author for author in SEED_AUTHORS), (text.id, text.author)
        # Only the BP Group articles carry no date; every other text has its year.
        assert text.year is not None or "Dodkins" in text.author, text.id
        assert playbook.citing(text.id), f"{text.id} is cited by no entry"


def test_credits_page_lists_every_text_with_the_entries_that_draw_on_it(built_site, playbook):
    page = (built_site / "credits/index.html").read_text(encoding="utf-8")
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))
    for text in playbook.sources.values():
        assert text.title in shown, text.id
        for entry in playbook.citing(text.id):
            assert f'href="../{entry.ref}/"' in page, (text.id, entry.ref)


def test_the_tenet_without_a_heading_says_its_statement_was_written_from_the_paragraph(playbook):
    tenet = next(t for t in of_type(playbook, Tenet) if t.number == 5)
    assert "!!! note" in tenet.body


def test_spelling_in_playbook_quizzes_and_docs():
    result = subprocess.run([sys.executable, "-m", "codespell_lib", "playbook", "quizzes", "docs"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(not SEED_OVERLAP.exists() and not IN_CI, reason="the seed texts are not beside this checkout")
def test_no_sentence_is_copied_from_the_seed_texts():
    assert SEED_OVERLAP.exists(), "CI must have ../shared beside the clone"
    result = subprocess.run([sys.executable, str(SEED_OVERLAP)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == "", result.stdout


def test_docs_have_the_home_usage_and_credits_pages():
    for page in ("index.md", "using-the-playbook.md", "credits.md", "authoring.md", "tags.md"):
        assert (ROOT / "docs" / page).is_file(), page
    credits = (ROOT / "docs/credits.md").read_text(encoding="utf-8")
    for author in ("Michael Cannon", "Steve Towers", "James Dodkins", "Miki Saxon"):
        assert author in credits
