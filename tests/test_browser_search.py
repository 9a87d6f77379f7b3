"""Search as a learner uses it: queries typed into the site's own search box in Chromium.

Each row is a query and the entry page a learner would expect it to find: among the first three
results, or first of all for a glossary abbreviation (searching an abbreviation should land on
the entry that explains it). The rows cover every kind of entry and every way a learner asks:
titles, other names for an idea (the entries' aliases), glossary abbreviations and the terms
they stand for, a misspelling, singular for plural and back, and whole questions.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urljoin, urlsplit

import pytest

from cx_playbook.validation import load_playbook
from helpers import ROOT, visit

TOP = 3
FIRST = 1

# (what a learner types, the entry page expected, how far down it may be)
ROWS: list[tuple[str, str, int]] = [
    # Titles
    ("Moments of Truth", "techniques/moments-of-truth/", TOP),
    ("Breakpoints", "techniques/breakpoints/", TOP),
    ("Customers define value", "principles/customer-defines-value/", TOP),
    ("People like people", "tenets/people-like-people/", TOP),
    ("United Breaks Guitars", "case-studies/united-breaks-guitars/", TOP),
    # Other names for an idea (aliases)
    ("segmentation", "techniques/categorise-customers-by-need/", TOP),
    ("personas", "techniques/categorise-customers-by-need/", TOP),
    ("touchpoints", "techniques/moments-of-truth/", TOP),
    ("lessons learned", "techniques/retrospectives/", TOP),
    ("complaint handling", "techniques/service-recovery/", TOP),
    ("experimentation", "techniques/consumer-science/", TOP),
    ("empowerment", "principles/control-at-the-front-line/", TOP),
    ("omnichannel", "tenets/consistent-and-truthful-across-channels/", TOP),
    ("customer retention", "principles/retention-over-acquisition/", TOP),
    ("service blueprint", "tenets/map-the-complete-experience/", TOP),
    ("mortgage process", "case-studies/home-loan-quest/", TOP),
    ("oldest customer complaint", "case-studies/ea-nasir-complaint-tablet/", TOP),
    # Glossary abbreviations: the entry that explains one comes first
    ("SCO", "techniques/successful-customer-outcomes/", FIRST),
    ("MOT", "techniques/moments-of-truth/", FIRST),
    ("NPS", "techniques/measure-beyond-nps/", FIRST),
    ("VoC", "tenets/listen-to-customer-questions/", FIRST),
    ("BP", "techniques/breakpoints/", FIRST),
    ("BR", "techniques/business-rules/", FIRST),
    ("ESM", "principles/employees-as-customers/", FIRST),
    ("CEM", "tenets/customers-first-front-and-centre/", FIRST),
    # The glossary's terms, spelt out
    ("Successful Customer Outcome", "techniques/successful-customer-outcomes/", TOP),
    ("Net Promoter Score", "techniques/measure-beyond-nps/", TOP),
    ("Voice of the customer", "tenets/listen-to-customer-questions/", TOP),
    ("Customer Experience Management", "tenets/customers-first-front-and-centre/", TOP),
    ("prosumer", "tenets/stop-selling-let-people-buy/", TOP),
    ("two-pizza team", "case-studies/amazon-flywheel/", TOP),
    # A one-letter slip: the last letter missed. Material adds no fuzzy matching to typed words
    # (only lunr's explicit "word~1" does), so a slip inside a word finds nothing.
    ("Moments of Trut", "techniques/moments-of-truth/", TOP),
    # Singular for plural and plural for singular
    ("breakpoint", "techniques/breakpoints/", TOP),
    ("retrospective", "techniques/retrospectives/", TOP),
    ("business rule", "techniques/business-rules/", TOP),
    ("thin slices", "principles/thin-slices-of-the-journey/", TOP),
    # Whole questions
    ("what is a moment of truth", "techniques/moments-of-truth/", TOP),
    ("how do I categorise customers", "techniques/categorise-customers-by-need/", TOP),
    ("how do I run a retrospective", "techniques/retrospectives/", TOP),
    ("what is outside-in", "principles/design-work-from-the-outside-in/", TOP),
    ("What's a breakpoint?", "techniques/breakpoints/", TOP),
    ("what are business rules", "techniques/business-rules/", TOP),
    ("NPS?", "techniques/measure-beyond-nps/", FIRST),
]

ITEM = ".md-search-result__list > .md-search-result__item"

RESULTS_JS = """() => {
    const items = document.querySelectorAll(".md-search-result__list > .md-search-result__item");
    return Array.from(items, item => item.querySelector("a")?.getAttribute("href") || "");
}"""


def _results(page, query: str, base_url: str) -> list[str]:
    """The pages of the results for ``query``, and only for it.

    The box is emptied first and the list seen empty, then the whole query goes in at once
    with a single key release, which is what makes Material search: so the first list that
    appears answers this query, never a stale or a half-typed one however slow the machine.
    Material puts a result's first ten pages in the list in one go (more as the learner scrolls),
    so the list is read as soon as it has any: more than the TOP the table looks at.
    """
    box = page.locator(".md-search__input")
    box.fill("")
    box.press("End")
    page.wait_for_function(f"() => !document.querySelector({ITEM!r})", timeout=10_000)
    box.fill(query)
    box.press("End")
    page.wait_for_selector(ITEM, timeout=10_000)
    site = urlsplit(base_url).path
    pages = []
    for href in page.evaluate(RESULTS_JS):
        path = urlsplit(urljoin(page.url, href)).path
        path = path[len(site):] if path.startswith(site) else path
        if path not in pages:  # a page's sections belong to its one result
            pages.append(path)
    return pages


def test_the_table_covers_every_kind_and_way_of_asking():
    assert len(ROWS) >= 24
    kinds = {expected.split("/")[0] for _, expected, _ in ROWS}
    assert kinds == {"principles", "tenets", "techniques", "case-studies"}


@pytest.mark.search
def test_a_learners_words_find_the_entry(context, base_url):
    page = context.new_page()
    visit(page, base_url)
    page.keyboard.press("/")
    page.locator(".md-search__input").wait_for(state="visible")
    page.keyboard.type("customer")  # wait for the index to load before timing anything
    page.locator(".md-search-result__item a").first.wait_for(timeout=10_000)
    failures = []
    for query, expected, within in ROWS:
        found = _results(page, query, base_url)
        if expected not in found[:within]:
            where = "first" if within == FIRST else f"in the first {within}"
            failures.append(f"{query!r}: expected {expected} {where}, got {found[:TOP]}")
    assert not failures, f"{len(failures)} of {len(ROWS)} queries missed:\n" + "\n".join(failures)


WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    return WORD.findall(html.unescape(re.sub(r"<[^>]+>", " ", text)).lower().replace("\u2019", "'"))


def test_quiz_answers_are_not_in_the_search_index(built_site):
    playbook = load_playbook(ROOT / "playbook", ROOT / "quizzes")
    # What may be in the index: everything a learner reads before answering.
    shown = [
        " ".join(_words(path.read_text(encoding="utf-8")))
        for path in [*(ROOT / "playbook").rglob("*.yaml"), *(ROOT / "docs").rglob("*.md")]
    ]
    answers = []
    for quiz in playbook.quizzes.values():
        for question in quiz.questions:
            shown.append(" ".join(_words(question.prompt)))
            answers.append(question.explanation)
            for option in getattr(question, "options", []):
                shown.append(" ".join(_words(option.text)))
                if option.feedback:
                    answers.append(option.feedback)
    shown_text = " | ".join(shown)
    runs = []
    for answer in answers:
        words = _words(answer)
        windows = (" ".join(words[i : i + 6]) for i in range(len(words) - 5))
        run = next((window for window in windows if window not in shown_text), None)
        if run:
            runs.append(run)
    assert len(runs) >= 10, "too few distinctive answer texts to check"
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    indexed = " | ".join(" ".join(_words(" ".join(str(value) for value in doc.values()))) for doc in index["docs"])
    leaked = [run for run in runs if run in indexed]
    assert not leaked, f"quiz answers in the search index: {leaked[:5]}"
