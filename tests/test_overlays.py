"""Overlays: an organisation's own content stacked on the playbook, checked with it in one pass,
and the shipped Acme example built as a site."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin

import pytest
import yaml
from jsonschema import Draft202012Validator
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from cx_playbook.cli import main
from cx_playbook.errors import ContentError
from cx_playbook.validation import load_playbook
from helpers import COURSE, ENTRIES, QUIZ, ROOT, build_site, dedent, edit, made_once, make_site, manifest_of

ACME = ROOT / "examples/acme-overlay"
EXCLUDED = "techniques/walk-in-the-customers-shoes"

STORY = """\
title: "Acme: a story"
summary: An invented company's story about one Moment of Truth.
organisation: Acme (fictional)
industry: Home repairs
lessons:
  - Tell customers when you will arrive.
body: |
  Acme listed every contact and removed one.
illustrates: [techniques/moments-of-truth]
sources: [acme-review]
"""
ACME_SOURCES = """\
- id: acme-review
  title: Acme service review
  author: Acme Customer Operations
  year: 2024
"""


def write_overlay(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def acme(playbook_dir) -> Path:
    """A small valid overlay beside the small playbook: one case study citing its own source."""
    return write_overlay(playbook_dir.parent / "acme", {"playbook/case-studies/acme-story.yaml": STORY, "playbook/sources.yaml": ACME_SOURCES})


def problems(playbook: Path, *overlays: Path, quizzes: Path | None = None) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_playbook(playbook, quizzes, overlays=overlays)
    return [str(problem) for problem in caught.value.problems]


def line_of(path: Path, needle: str) -> int:
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if needle in line)


# --- Stacking: added, replaced, excluded --------------------------------------------------


def test_overlay_entries_terms_and_sources_are_added_and_backlinked_from_the_base(playbook_dir, acme):
    write_overlay(acme, {"playbook/glossary.yaml": "- term: Arrival window\n  definition: The slot an engineer arrives in.\n"})
    playbook = load_playbook(playbook_dir, overlays=[acme])
    assert "case-studies/acme-story" in playbook.entries and len(playbook) == 5
    illustrated_by = playbook.backlinks("techniques/moments-of-truth")["Illustrated by"]
    assert [entry.ref for entry in illustrated_by] == ["case-studies/acme-story", "case-studies/easyjet-bums-on-seats"]
    assert [term.term for term in playbook.glossary] == ["Arrival window", "Moment of Truth", "Successful Customer Outcome"]
    assert sorted(playbook.sources) == ["acme-review", "test-source"]
    assert [entry.ref for entry in playbook.citing("acme-review")] == ["case-studies/acme-story"]


def test_an_id_already_in_the_base_is_an_error_naming_both_files_unless_it_says_replaces(playbook_dir, acme):
    base = (playbook_dir / "techniques/moments-of-truth.yaml").read_text(encoding="utf-8")
    ours = base.replace("title: Moments of Truth", "title: Moments of Truth at Acme")
    write_overlay(acme, {"playbook/techniques/moments-of-truth.yaml": ours})
    assert problems(playbook_dir, acme) == [
        "acme/playbook/techniques/moments-of-truth.yaml:1:1: entry 'techniques/moments-of-truth' is already defined in "
        "playbook/techniques/moments-of-truth.yaml; add replaces: true to replace it",
    ]
    write_overlay(acme, {"playbook/techniques/moments-of-truth.yaml": "replaces: true\n" + ours})
    playbook = load_playbook(playbook_dir, overlays=[acme])
    assert playbook["techniques/moments-of-truth"].title == "Moments of Truth at Acme"
    # Links to the replaced entry still reach it: they are written against its id.
    illustrated_by = playbook.backlinks("techniques/moments-of-truth")["Illustrated by"]
    assert {entry.ref for entry in illustrated_by} == {"case-studies/acme-story", "case-studies/easyjet-bums-on-seats"}


def test_replaces_with_nothing_to_replace_is_an_error_at_the_flag_with_a_suggestion(playbook_dir, acme):
    write_overlay(acme, {"playbook/case-studies/easyjet-bums-on-seat.yaml": "replaces: true\n" + STORY})
    assert problems(playbook_dir, acme) == [
        "acme/playbook/case-studies/easyjet-bums-on-seat.yaml:1:1: replaces: true, but there is no entry 'case-studies/easyjet-bums-on-seat' "
        "beneath to replace (did you mean 'case-studies/easyjet-bums-on-seats'?); remove replaces to add it as new",
    ]


def test_replaces_in_the_base_playbook_replaces_nothing_either(playbook_dir):
    edit(playbook_dir / "tenets/customers-first.yaml", "number: 1\n", "number: 1\nreplaces: true\n")
    [problem] = problems(playbook_dir)
    assert problem.startswith("playbook/tenets/customers-first.yaml:3:1: replaces: true, but there is no entry 'tenets/customers-first' beneath")


def test_an_exclusion_that_matches_nothing_is_an_error_at_its_line_with_a_suggestion(playbook_dir, acme):
    write_overlay(acme, {"overlay.yaml": "exclude:\n  - case-studies/easyjet-bums-on-seats\n  - techniques/moment-of-truth\n  - case-study\n"})
    edit(playbook_dir / "techniques/moments-of-truth.yaml", "related: [case-studies/easyjet-bums-on-seats]\n", "")
    assert problems(playbook_dir, acme) == [
        "acme/overlay.yaml:3:5: exclude[1]: nothing called 'techniques/moment-of-truth' beneath this overlay to exclude (did you mean 'techniques/moments-of-truth'?)",
        "acme/overlay.yaml:4:5: exclude[2]: nothing called 'case-study' beneath this overlay to exclude (did you mean 'case-studies'?)",
    ]


def test_a_reference_to_an_excluded_entry_is_an_error_at_the_reference_naming_the_exclusion(playbook_dir, acme):
    write_overlay(acme, {"overlay.yaml": "exclude: [case-studies/easyjet-bums-on-seats]\n"})
    moments = playbook_dir / "techniques/moments-of-truth.yaml"
    assert problems(playbook_dir, acme) == [
        f"playbook/techniques/moments-of-truth.yaml:{line_of(moments, 'related:')}:11: related[0]: no entry 'case-studies/easyjet-bums-on-seats' "
        "in the playbook: it is excluded by acme/overlay.yaml:1:11; remove the reference, or replace the file that holds it from an overlay",
    ]


def test_excluding_a_kind_removes_every_entry_of_it_and_the_pages_that_linked_them_are_named(playbook_dir, acme):
    write_overlay(acme, {"overlay.yaml": "exclude: [case-studies]\n", "playbook/case-studies/acme-story.yaml": STORY})
    found = problems(playbook_dir, acme)
    # The overlay's own case study comes after the exclusion, so only the base's reference fails.
    assert len(found) == 1 and found[0].startswith("playbook/techniques/moments-of-truth.yaml:")
    assert "no entry 'case-studies/easyjet-bums-on-seats' in the playbook: it is excluded by acme/overlay.yaml:1:11" in found[0]
    edit(playbook_dir / "techniques/moments-of-truth.yaml", "related: [case-studies/easyjet-bums-on-seats]\n", "")
    playbook = load_playbook(playbook_dir, overlays=[acme])
    assert [entry.ref for entry in playbook.of_kind("case-studies")] == ["case-studies/acme-story"]


def test_every_overlay_problem_is_reported_in_one_pass(playbook_dir, acme):
    """A clash, a stray flag, an exclusion of nothing, a reference to an excluded entry and an
    ordinary mistake in an overlay file, all at once, each at its own file:line:col."""
    base = (playbook_dir / "tenets/customers-first.yaml").read_text(encoding="utf-8")
    write_overlay(acme, {
        "overlay.yaml": "exclude:\n  - case-studies/easyjet-bums-on-seats\n  - quizzes/moments-chek\n",
        "playbook/tenets/customers-first.yaml": base,
        "playbook/techniques/new-idea.yaml": "replaces: true\n" + (playbook_dir / "techniques/moments-of-truth.yaml").read_text(encoding="utf-8").replace("related: [case-studies/easyjet-bums-on-seats]\n", ""),
        "playbook/case-studies/acme-story.yaml": STORY.replace("organisation:", "organsation:"),
    })
    (playbook_dir.parent / "quizzes").mkdir()
    (playbook_dir.parent / "quizzes/moments-check.yaml").write_text(QUIZ, encoding="utf-8")
    found = problems(playbook_dir, acme)
    assert [problem.split(": ")[0] for problem in found] == [
        "acme/overlay.yaml:3:5",
        "acme/playbook/case-studies/acme-story.yaml:3:1",
        "acme/playbook/techniques/new-idea.yaml:1:1",
        "acme/playbook/tenets/customers-first.yaml:1:1",
        f"playbook/techniques/moments-of-truth.yaml:{line_of(playbook_dir / 'techniques/moments-of-truth.yaml', 'related:')}:11",
    ]
    assert "(did you mean 'quizzes/moments-check'?)" in found[0]
    assert "unknown field 'organsation' (did you mean 'organisation'?)" in found[1]
    assert "replaces: true, but there is no entry 'techniques/new-idea' beneath to replace" in found[2]
    assert "already defined in playbook/tenets/customers-first.yaml; add replaces: true" in found[3]
    assert "it is excluded by acme/overlay.yaml:2:5" in found[4]


def test_an_excluded_tenet_keeps_the_others_numbers_valid(playbook_dir, acme):
    second = (playbook_dir / "tenets/customers-first.yaml").read_text(encoding="utf-8").replace("number: 1", "number: 2").replace("related: [principles/customer-defines-value]\n", "")
    (playbook_dir / "tenets/second-tenet.yaml").write_text(second, encoding="utf-8")
    edit(playbook_dir / "principles/customer-defines-value.yaml", "related: [tenets/customers-first]\n", "")
    edit(playbook_dir / "techniques/moments-of-truth.yaml", "applies: [principles/customer-defines-value, tenets/customers-first]", "applies: [principles/customer-defines-value]")
    write_overlay(acme, {"overlay.yaml": "exclude: [tenets/customers-first]\n"})
    playbook = load_playbook(playbook_dir, overlays=[acme])
    assert [entry.number for entry in playbook.of_kind("tenets")] == [2]  # type: ignore[attr-defined]


# --- Glossary, sources, quizzes and the course ----------------------------------------------


def test_glossary_terms_clash_like_entries_and_abbreviations_stay_unique_across_files(playbook_dir, acme):
    glossary = acme / "playbook/glossary.yaml"
    write_overlay(acme, {"playbook/glossary.yaml": "- term: Arrival window\n  definition: A slot.\n- term: moment of truth\n  definition: Ours.\n"})
    assert problems(playbook_dir, acme) == [
        "acme/playbook/glossary.yaml:3:3: glossary term 'moment of truth' is already defined in playbook/glossary.yaml:1:3; add replaces: true to replace it",
    ]
    write_overlay(acme, {"playbook/glossary.yaml": "- term: Arrival window\n  abbr: MOT\n  definition: A slot.\n"})
    assert problems(playbook_dir, acme) == [
        "acme/playbook/glossary.yaml:2:9: abbr: duplicate abbr 'MOT': already used by term 'Moment of Truth' in playbook/glossary.yaml:1:3",
    ]
    glossary.write_text("- term: Moment of Truth\n  abbr: MOT\n  definition: Acme's own wording.\n  replaces: true\n", encoding="utf-8")
    [term] = [term for term in load_playbook(playbook_dir, overlays=[acme]).glossary if term.abbr == "MOT"]
    assert term.definition == "Acme's own wording." and term.see is None


def test_a_glossary_term_can_be_excluded_by_name_in_any_case(playbook_dir, acme):
    write_overlay(acme, {"overlay.yaml": "exclude: [glossary/successful customer outcome]\n"})
    assert [term.term for term in load_playbook(playbook_dir, overlays=[acme]).glossary] == ["Moment of Truth"]


def test_sources_clash_unless_replaced_and_an_overlay_source_must_be_cited(playbook_dir, acme):
    write_overlay(acme, {"playbook/sources.yaml": ACME_SOURCES + "- id: test-source\n  title: A test source, second edition\n  author: Test Author\n  year: 2024\n"})
    assert problems(playbook_dir, acme) == [
        "acme/playbook/sources.yaml:5:3: source 'test-source' is already defined in playbook/sources.yaml:1:3; add replaces: true to replace it",
    ]
    write_overlay(acme, {"playbook/sources.yaml": ACME_SOURCES + "- id: unread-report\n  title: A report nobody cites\n  author: Acme\n  year: 2024\n"})
    sources = acme / "playbook/sources.yaml"
    assert problems(playbook_dir, acme) == [f"acme/playbook/sources.yaml:{line_of(sources, 'unread-report')}:7: source 'unread-report' is cited by no entry: cite it or remove it"]


def test_an_excluded_source_is_named_where_an_entry_still_cites_it(playbook_dir, acme):
    write_overlay(acme, {"overlay.yaml": "exclude: [sources/test-source]\n"})
    found = problems(playbook_dir, acme)
    assert len(found) == len(ENTRIES)  # each shared entry cites it
    easyjet = playbook_dir / "case-studies/easyjet-bums-on-seats.yaml"
    assert found[0] == (
        f"playbook/case-studies/easyjet-bums-on-seats.yaml:{line_of(easyjet, 'sources:')}:11: sources[0]: no source 'test-source' in sources.yaml: "
        "it is excluded by acme/overlay.yaml:1:11; remove the reference, or replace the file that holds it from an overlay"
    )


def test_a_base_source_left_uncited_by_an_exclusion_is_dropped_from_the_credits(playbook_dir, acme):
    (playbook_dir / "sources.yaml").write_text(SOURCES_WITH_EASYJET, encoding="utf-8")
    edit(playbook_dir / "case-studies/easyjet-bums-on-seats.yaml", "sources: [test-source]", "sources: [easyjet-report]")
    edit(playbook_dir / "techniques/moments-of-truth.yaml", "related: [case-studies/easyjet-bums-on-seats]\n", "")
    assert sorted(load_playbook(playbook_dir).sources) == ["easyjet-report", "test-source"]
    write_overlay(acme, {"overlay.yaml": "exclude: [case-studies/easyjet-bums-on-seats]\n"})
    assert sorted(load_playbook(playbook_dir, overlays=[acme]).sources) == ["acme-review", "test-source"]


SOURCES_WITH_EASYJET = """\
- id: test-source
  title: A test source
  author: Test Author
  year: 2020
- id: easyjet-report
  title: An airline report
  author: Test Author
  year: 2021
"""


def test_quizzes_clash_replace_and_exclude_like_entries_and_the_overlay_course_replaces_the_course(playbook_dir, quizzes_dir, acme):
    (playbook_dir / "course.yaml").write_text(COURSE, encoding="utf-8")
    write_overlay(acme, {"quizzes/moments-check.yaml": QUIZ})
    assert problems(playbook_dir, acme) == [
        "acme/quizzes/moments-check.yaml:1:1: quiz 'moments-check' is already defined in quizzes/moments-check.yaml; add replaces: true to replace it",
    ]
    write_overlay(acme, {
        "quizzes/moments-check.yaml": "replaces: true\n" + QUIZ.replace("title: Moments of Truth check", "title: Acme's check"),
        "playbook/course.yaml": COURSE.replace("title: Moments course", "title: Acme's course"),
    })
    playbook = load_playbook(playbook_dir, overlays=[acme])
    assert playbook.quizzes["moments-check"].title == "Acme's check"
    assert playbook.course is not None and playbook.course.title == "Acme's course"
    # Excluding a quiz the course uses is reported where the course uses it, naming the exclusion.
    (acme / "playbook/course.yaml").unlink()
    (acme / "quizzes/moments-check.yaml").unlink()
    write_overlay(acme, {"overlay.yaml": "exclude: [quizzes/moments-check]\n"})
    course = playbook_dir / "course.yaml"
    excluded = "no quiz 'moments-check' in quizzes/: it is excluded by acme/overlay.yaml:1:11; remove the reference, or replace the file that holds it from an overlay"
    assert problems(playbook_dir, acme) == [
        f"playbook/course.yaml:{line_of(course, 'quiz: moments-check')}:11: modules[0].quiz: {excluded}",
        f"playbook/course.yaml:{line_of(course, 'quizzes: [moments-check]')}:15: final_assessment.pool.quizzes[0]: {excluded}",
    ]
    write_overlay(acme, {"overlay.yaml": "exclude: [quizzes/moments-check, course]\n"})
    playbook = load_playbook(playbook_dir, overlays=[acme])
    assert playbook.course is None and playbook.quizzes == {}


def test_later_overlays_stack_on_earlier_ones(playbook_dir, acme):
    second = write_overlay(playbook_dir.parent / "acme-north", {
        "overlay.yaml": "exclude: [case-studies/acme-story]\n",
        "playbook/case-studies/north-story.yaml": STORY.replace("sources: [acme-review]", "sources: [test-source]"),
    })
    playbook = load_playbook(playbook_dir, overlays=[acme, second])
    assert {entry.ref for entry in playbook.of_kind("case-studies")} == {"case-studies/north-story", "case-studies/easyjet-bums-on-seats"}
    # The first overlay's text is cited by nothing once its story is excluded: it leaves the
    # credits quietly, since the first overlay cannot know what a later one takes out.
    assert sorted(playbook.sources) == ["test-source"]
    # Alone, the first overlay's text is cited, and the second overlay is what changes that.
    assert sorted(load_playbook(playbook_dir, overlays=[acme]).sources) == ["acme-review", "test-source"]


def test_an_overlay_folder_with_none_of_its_parts_or_a_misspelt_one_is_named(playbook_dir, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "playbok").mkdir()
    (empty / "README.md").write_text("Our overlay.\n", encoding="utf-8")
    assert problems(playbook_dir, empty, tmp_path / "missing") == [
        "empty:1:1: an overlay holds playbook, quizzes, overlay.yaml or some of them, and this folder has none",
        "empty/playbok:1:1: not part of the overlay (did you mean 'playbook'?)",
        "missing:1:1: the overlay directory does not exist",
    ]


# --- The command line and the plugin --------------------------------------------------------


def test_validate_with_overlay_flags_and_with_the_sites_own_settings(playbook_dir, acme, acme_playbook, capsys):
    assert main(["validate", "playbook", "--overlay", "acme"]) == 0
    assert capsys.readouterr().out.startswith("playbook + acme: 5 entries")
    write_overlay(acme, {"overlay.yaml": "exclude: [technique/moments-of-truth]\n"})
    assert main(["validate", "--overlay", "acme"]) == 1
    error = capsys.readouterr().err
    assert "acme/overlay.yaml:1:11: exclude[0]: nothing called 'technique/moments-of-truth'" in error and error.endswith("1 problem in 1 file.\n")
    assert main(["validate", "--config", str(ACME / "mkdocs.yml")]) == 0
    out = capsys.readouterr().out
    assert f"{ACME.as_posix()}: {len(acme_playbook)} entries" in out and out.endswith("no problems.\n")
    assert main(["validate", "--config", "nowhere.yml"]) == 1
    assert capsys.readouterr().err == "cx-playbook validate: nowhere.yml: no such MkDocs configuration file\n"


def test_render_with_the_acme_settings_writes_the_acme_pages_without_the_excluded_one(tmp_path, capsys):
    assert main(["render", "--config", str(ACME / "mkdocs.yml"), "--out", str(tmp_path)]) == 0
    assert (tmp_path / "case-studies/acme-claim-hand-offs.md").is_file()
    assert not (tmp_path / f"{EXCLUDED}.md").exists()
    assert not any(EXCLUDED in page.read_text(encoding="utf-8") for page in tmp_path.rglob("*.md"))


def test_a_broken_overlay_stops_the_build_with_its_problems_and_writes_no_site(tmp_path, caplog):
    site = make_site(tmp_path / "site", "overlays: [acme]")
    write_overlay(site / "acme", {"overlay.yaml": "exclude: [techniques/moments-of-truth]\n"})
    with pytest.raises(Abort):
        build_site(site)
    assert "The playbook has problems; no site was built." in caplog.text
    # One pass: every file that still refers to the excluded technique, each at its place.
    assert re.search(r"playbook/case-studies/easyjet-bums-on-seats\.yaml:\d+:\d+: illustrates\[0\]: no entry 'techniques/moments-of-truth' in the playbook: "
                     r"it is excluded by \S*acme/overlay\.yaml:1:11", caplog.text)
    assert re.search(r"playbook/glossary\.yaml:\d+:\d+: ", caplog.text) and re.search(r"quizzes/moments-check\.yaml:\d+:\d+: ", caplog.text)
    assert not (site / "site/index.html").exists()


# --- The Acme example, built ----------------------------------------------------------------


def _build_acme(out: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file", str(ACME / "mkdocs.yml"), "--site-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**{name: value for name, value in os.environ.items() if name not in ("SITE_URL", "OFFLINE")}, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def acme_site(tmp_path_factory) -> Path:
    return made_once(tmp_path_factory, "acme-site", _build_acme)


@pytest.fixture(scope="module")
def acme_playbook():
    return load_playbook(ROOT / "playbook", ROOT / "quizzes", docs=ROOT / "docs", overlays=[ACME])


ACME_CASES = ["case-studies/acme-claim-hand-offs", "case-studies/acme-engineer-arrival-calls", "case-studies/acme-renewal-price-rule"]


def _links(html: str, page: str) -> set[str]:
    """Every address two folders deep (``kind/id``) that the page at ``page`` links to."""
    found = set()
    for href in re.findall(r'href="([^"#]*)', html):
        path = urljoin(f"/{page}/" if page else "/", href).removesuffix("index.html").strip("/")
        if path.count("/") == 1 and "://" not in href:
            found.add(path)
    return found


def _section(html: str, heading: str) -> str:
    """The HTML from an h2 to the next h2."""
    match = re.search(rf"<h2[^>]*>{re.escape(heading)}.*?(?=<h2|$)", html, re.S)
    assert match, f"no '{heading}' section"
    return match.group(0)


def test_the_acme_case_studies_are_published_and_linked_from_the_entries_they_illustrate(acme_site, acme_playbook):
    for ref in ACME_CASES:
        assert (acme_site / ref / "index.html").is_file()
        for target in acme_playbook[ref].illustrates:  # type: ignore[attr-defined]
            page = (acme_site / target / "index.html").read_text(encoding="utf-8")
            assert ref in _links(_section(page, "Illustrated by"), target), f"{target} does not show {ref} under Illustrated by"
    index = (acme_site / "case-studies/index.html").read_text(encoding="utf-8")
    assert set(ACME_CASES) <= _links(index, "case-studies")


def test_the_excluded_technique_has_no_page_and_nothing_links_or_points_to_it(acme_site, acme_playbook):
    assert not (acme_site / EXCLUDED).exists()
    pages = sorted(acme_site.rglob("*.html"))
    linking = [page.relative_to(acme_site).as_posix() for page in pages if EXCLUDED in _links(page.read_text(encoding="utf-8"), _address(acme_site, page))]
    assert len(pages) > len(acme_playbook) and linking == []
    assert f"/{EXCLUDED}/" not in (acme_site / "sitemap.xml").read_text(encoding="utf-8")
    techniques = (acme_site / "techniques/index.html").read_text(encoding="utf-8")
    assert "Walk in the customer" not in techniques and "Working backwards" in techniques


def _address(site: Path, page: Path) -> str:
    """The URL path of a built page, without slashes at either end."""
    return page.relative_to(site).parent.as_posix().strip(".")


def test_the_course_is_acmes_renamed_course_reusing_the_shared_quizzes(acme_site):
    home = (acme_site / "course/index.html").read_text(encoding="utf-8")
    assert "<h1" in home and "Acme Customer Experience Foundations" in re.search(r"<h1[^>]*>(.*?)</h1>", home, re.S).group(1)
    assert "Customer experience from the outside in" not in home
    assert (acme_site / "course/outside-in-thinking/index.html").is_file() and (acme_site / "course/customer-experience-at-acme/index.html").is_file()
    assert not (acme_site / "course/ten-tenets").exists()


def test_a_replaced_entry_shows_the_overlays_text(acme_site):
    page = (acme_site / "tenets/map-the-complete-experience/index.html").read_text(encoding="utf-8")
    assert "At Acme" in page and "mapped in two lanes once a quarter" in page
    assert "case-studies/acme-claim-hand-offs" in _links(page, "tenets/map-the-complete-experience")


def test_progress_and_search_count_only_what_the_site_publishes(acme_site, acme_playbook):
    manifest = manifest_of(acme_site)
    pages = [page["url"] for section in manifest["sections"] for page in section["pages"]]
    assert not any(EXCLUDED in url for url in pages)
    # Every published entry counts once as reading, and nothing else that looks like an entry.
    entry_pages = sorted(url for url in pages if url.count("/") == 2 and url.split("/")[0] in {kind.kind for kind in acme_playbook.kinds()})
    assert entry_pages == sorted(f"{ref}/" for ref in acme_playbook.entries)
    assert manifest["course"]["title"] == "Acme Customer Experience Foundations"
    assert {quiz["id"] for quiz in manifest["quizzes"]} == set(acme_playbook.quizzes)
    index = json.loads((acme_site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {document["location"].split("#")[0] for document in index["docs"]}
    assert f"{EXCLUDED}/" not in locations and "case-studies/acme-renewal-price-rule/" in locations


def test_the_acme_site_inherits_the_shared_configuration_and_searches_the_same_way():
    shared, acme = load_config(str(ROOT / "mkdocs.yml")), load_config(str(ACME / "mkdocs.yml"))
    assert acme.site_name == "Acme CX Playbook" and acme.docs_dir == shared.docs_dir and acme.nav == shared.nav
    # MkDocs replaces a list such as plugins whole when inheriting, so Acme restates them: they
    # must stay the shared site's, with the overlay as the only difference.
    restate = "examples/acme-overlay/mkdocs.yml restates the shared plugins (INHERIT replaces a list whole): make the same change there"
    assert list(acme.plugins) == list(shared.plugins), restate
    for name in acme.plugins:
        ours, theirs = dict(acme.plugins[name].config), dict(shared.plugins[name].config)
        if name == "cx-playbook":
            assert ours.pop("overlays") == [str(ACME)] and theirs.pop("overlays") == []
        assert ours == theirs, f"{name}: {restate}"


def test_a_scorm_package_of_the_acme_site_carries_acmes_course(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    out = tmp_path / "acme-course.zip"
    assert main(["export", "scorm", str(out), "--config", str(ACME / "mkdocs.yml")]) == 0
    with zipfile.ZipFile(out) as package:
        manifest = package.read("imsmanifest.xml").decode()
        names = package.namelist()
    assert "<title>Acme Customer Experience Foundations</title>" in manifest
    assert "course/customer-experience-at-acme.html" in names and not any(EXCLUDED in name for name in names)


def test_every_acme_file_gets_the_editors_schema_and_passes_it():
    """Overlay files are mapped by the same editor settings as the shared ones, and an editor
    accepts what the checker accepts, replaces and exclusions included."""
    mapping = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    files = sorted(path for path in ACME.rglob("*.yaml"))
    assert ACME / "overlay.yaml" in files and ACME / "playbook/course.yaml" in files
    for path in files:
        relative = PurePosixPath(path.relative_to(ROOT).as_posix())
        [schema] = [name for name, globs in mapping.items() if any(relative.match(glob) for glob in ([globs] if isinstance(globs, str) else globs))]
        validator = Draft202012Validator(json.loads((ROOT / schema).read_text(encoding="utf-8")))
        errors = [error.message for error in validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))]
        assert errors == [], f"{relative}: {errors}"
