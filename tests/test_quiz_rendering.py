"""Quiz pages as Markdown, and as built: readable without scripts, answers kept out of search."""

from __future__ import annotations

import json
import re

from cx_playbook.rendering import PageRenderer
from cx_playbook.validation import load_playbook
from helpers import ROOT


def renderer(playbook_dir, quizzes_dir):
    return PageRenderer(load_playbook(playbook_dir, quizzes_dir))


def test_quiz_page_shows_every_question_with_its_answer_in_a_collapsed_details(playbook_dir, quizzes_dir):
    pages = {p.src_uri: p.content for p in renderer(playbook_dir, quizzes_dir).pages()}
    page = pages["quizzes/moments-check.md"]
    assert page.count('<section class="cx-question"') == 6
    assert page.count('<details class="cx-answer" data-search-exclude markdown>') == 6
    assert "**Answer:** True." in page
    assert "**Accepted answers:** Moment of Truth, MOT" in page
    assert "quizzes/index.md" in pages and "progress.md" in pages


def test_answer_key_marks_choices_and_never_shows_items_in_their_answer_order(playbook_dir, quizzes_dir):
    quiz = load_playbook(playbook_dir, quizzes_dir).quizzes["moments-check"]
    key = quiz.answer_key()
    assert key["pick-one"] == {"correct": [0]}
    assert key["pick-all"] == {"correct": [0, 1]}
    assert key["true-or-false"] == {"answer": True}
    assert sorted(key["put-in-order"]["shown"]) == [0, 1, 2] and key["put-in-order"]["shown"] != [0, 1, 2]
    assert key["match-them"]["shown"] == [1, 0]
    assert key["fill-it"] == {"answers": ["moment of truth", "mot"]}
    assert quiz.answer_key() == key  # the same on every build


def test_entry_page_lists_the_questions_that_test_it(playbook_dir, quizzes_dir):
    page = renderer(playbook_dir, quizzes_dir).entry_page(load_playbook(playbook_dir, quizzes_dir)["techniques/moments-of-truth"]).content
    section = page.split("## Test yourself")[1]
    assert "[Moments of Truth check, question 1](../quizzes/moments-check.md#moments-check--pick-one)" in section
    assert "question 3" not in section  # that one sends learners to a tenet


def test_a_quiz_embeds_in_any_page_and_unknown_ids_are_reported(playbook_dir, quizzes_dir):
    render = renderer(playbook_dir, quizzes_dir)
    markdown, unknown = render.embed_quizzes('Intro\n\n{{ quiz("moments-check") }}\n\n{{ quiz("nope") }}', "guide.md")
    assert 'data-quiz="moments-check"' in markdown
    assert "(techniques/moments-of-truth.md)" in markdown  # links are relative to the embedding page
    assert unknown == ["nope"]


def test_built_quiz_pages_keep_answers_out_of_search_but_questions_in(built_site):
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("quizzes/"))
    playbook = load_playbook(ROOT / "playbook", ROOT / "quizzes")
    for quiz in playbook.quizzes.values():
        assert (built_site / "quizzes" / quiz.id / "index.html").is_file()
        for question in quiz.questions:
            first_words = " ".join(re.sub(r"[*_`]", "", question.prompt).split()[:6])
            assert first_words in text, (quiz.id, question.id)
            explanation = " ".join(re.sub(r"[*_`]", "", question.explanation).split()[:8])
            assert explanation not in text, (quiz.id, question.id)
