"""The Markdown pages the engine writes, before any site engine sees them."""

from __future__ import annotations

import html

import yaml

from cx_playbook.markup import relative_link
from cx_playbook.rendering import PageRenderer
from cx_playbook.validation import load_playbook
from helpers import edit


def pages(root, template_dirs=()):
    return {page.src_uri: page.content for page in PageRenderer(load_playbook(root), template_dirs).pages()}


def test_one_page_per_entry_plus_an_index_per_kind_and_the_glossary(playbook_dir):
    assert sorted(pages(playbook_dir)) == [
        "case-studies/easyjet-bums-on-seats.md",
        "case-studies/index.md",
        "glossary.md",
        "principles/customer-defines-value.md",
        "principles/index.md",
        "progress.md",
        "techniques/index.md",
        "techniques/moments-of-truth.md",
        "tenets/customers-first.md",
        "tenets/index.md",
    ]


def test_front_matter_carries_title_description_tags_and_search_boost_for_material(playbook_dir):
    rendered = pages(playbook_dir)
    page = rendered["principles/customer-defines-value.md"]
    assert page.startswith("---\n")
    assert yaml.safe_load(page.split("---\n")[1]) == {
        "title": "Customers define value",
        "description": "Value is what the customer says it is.",
        "tags": ["outside-in"],
        "search": {"boost": 2},  # entries rank above the index, tag and glossary pages that list them
    }
    for listing in ("principles/index.md", "glossary.md"):
        assert yaml.safe_load(rendered[listing].split("---\n")[1])["search"] == {"boost": 0.5}


def test_an_entry_shows_its_aliases_and_the_glossary_terms_that_point_at_it(playbook_dir):
    edit(playbook_dir / "techniques/moments-of-truth.yaml", "title: Moments of Truth", "title: Moments of Truth\naliases: [Touchpoints]")
    page = pages(playbook_dir)["techniques/moments-of-truth.md"]
    assert "Also known as: Touchpoints, Moment of Truth, MOT." in page


def test_front_matter_survives_quotes_colons_and_unicode(playbook_dir):
    edit(playbook_dir / "tenets/customers-first.yaml", "title: Customers first", "title: 'Customers: \"first\" — always'")
    page = pages(playbook_dir)["tenets/customers-first.md"]
    # Material writes the title into HTML as it is, so it arrives escaped for HTML.
    assert html.unescape(yaml.safe_load(page.split("---\n")[1])["title"]) == 'Customers: "first" — always'


def test_principle_page_shows_both_sides_of_the_contrast(playbook_dir):
    page = pages(playbook_dir)["principles/customer-defines-value.md"]
    assert '!!! failure "Inside-Out"\n\n    The organisation decides what is valuable.' in page
    assert '!!! success "Outside-In"\n\n    The customer decides what is valuable.' in page


def test_playbook_links_in_markdown_become_relative_links_with_the_entry_title(playbook_dir):
    page = pages(playbook_dir)["principles/customer-defines-value.md"]
    assert "See [Moments of Truth](../techniques/moments-of-truth.md) for how to act on it." in page


def test_backlinks_are_listed_under_their_headings(playbook_dir):
    # Each list repeats other entries' summaries, so it is kept out of the search index.
    principle = pages(playbook_dir)["principles/customer-defines-value.md"]
    assert "## Put into practice by { data-search-exclude }\n\n- [Moments of Truth](../techniques/moments-of-truth.md) (technique)" in principle
    referenced_by = principle.split("## Referenced by")[1].split("##")[0]
    assert "- [Easyjet and bums on seats](../case-studies/easyjet-bums-on-seats.md) (case study)" in referenced_by
    technique = pages(playbook_dir)["techniques/moments-of-truth.md"]
    assert "## Illustrated by { data-search-exclude }\n\n- [Easyjet and bums on seats](../case-studies/easyjet-bums-on-seats.md)" in technique


def test_steps_are_an_ordered_list_in_their_order(playbook_dir):
    page = pages(playbook_dir)["techniques/moments-of-truth.md"]
    steps = ["List every interaction.", "Decide to remove or improve each one.", "Design the improved moment.", "Run it and measure it."]
    positions = [page.index(f"1. {step}") for step in steps]
    assert positions == sorted(positions)


def test_tenets_are_indexed_in_number_order_with_their_number(playbook_dir):
    second = (playbook_dir / "tenets/customers-first.yaml").read_text().replace("number: 1", "number: 2").replace("title: Customers first", "title: A second tenet")
    (playbook_dir / "tenets/a-second-tenet.yaml").write_text(second)
    index = pages(playbook_dir)["tenets/index.md"]
    assert index.index("**1. Customers first**") < index.index("**2. A second tenet**")
    assert "Tenet 2 of 2" in pages(playbook_dir)["tenets/a-second-tenet.md"]


def test_plain_text_cannot_turn_into_markup(playbook_dir):
    edit(playbook_dir / "tenets/customers-first.yaml", "title: Customers first", "title: Customers *first* [x](y) & more")
    page = pages(playbook_dir)["tenets/customers-first.md"]
    assert r"# Customers \*first\* \[x\](y) &amp; more" in page


def test_glossary_lists_terms_alphabetically_and_abbreviations_cover_every_abbr(playbook_dir):
    renderer = PageRenderer(load_playbook(playbook_dir))
    glossary = pages(playbook_dir)["glossary.md"]
    assert glossary.index("## Moment of Truth (MOT)") < glossary.index("## Successful Customer Outcome (SCO)")
    assert "See [Moments of Truth](techniques/moments-of-truth.md)." in glossary
    assert renderer.abbreviations().split("\n")[:2] == [
        "*[MOT]: Moment of Truth: A point where a customer meets the organisation.",
        "*[SCO]: Successful Customer Outcome: The result the customer wants.",
    ]
    # A page gets only the definitions it needs, matched as whole words.
    assert renderer.abbreviations("Every MOT matters; MOTS and SCOs do not count.") == (
        "*[MOT]: Moment of Truth: A point where a customer meets the organisation.\n"
    )


def test_a_site_overrides_a_template_from_its_custom_dir(playbook_dir, tmp_path):
    override = tmp_path / "overrides/cx"
    override.mkdir(parents=True)
    (override / "techniques.md.j2").write_text('{% extends "cx/entry.md.j2" %}{% block details %}\nHOUSE STYLE {{ entry.steps | length }} steps\n{% endblock %}\n')
    rendered = pages(playbook_dir, [tmp_path / "overrides"])
    assert "HOUSE STYLE 4 steps" in rendered["techniques/moments-of-truth.md"]
    assert "HOUSE STYLE" not in rendered["principles/customer-defines-value.md"]


def test_relative_links_between_pages():
    assert relative_link("techniques/a.md", "principles/b.md") == "../principles/b.md"
    assert relative_link("index.md", "techniques/a.md") == "techniques/a.md"
    assert relative_link("techniques/index.md", "techniques/a.md") == "a.md"
