"""Small sites built with the plugin: how a site sets it up, and what it gets."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import build_site, edit, make_site

@pytest.fixture
def site_root(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return make_site(tmp_path / "project")


def test_a_site_with_its_own_plugins_package_still_finds_ours(site_root):
    # `python -m mkdocs` puts the site's folder first on the import path, where its own
    # `plugins` package would have shadowed a top-level package of that name.
    (site_root / "plugins").mkdir()
    (site_root / "plugins/__init__.py").write_text("", encoding="utf-8")
    (site_root / "plugins/plugin.py").write_text("raise ImportError('the site plugins package, not ours')\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=site_root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (site_root / "site/techniques/moments-of-truth/index.html").is_file()


def test_a_clean_build_says_nothing_but_its_summary(site_root, caplog):
    caplog.set_level(logging.INFO)
    build_site(site_root)
    said = [record.getMessage() for record in caplog.records if record.name.startswith("mkdocs")]
    assert not [line for line in said if "#tag:" in line or "anchor" in line], said
    assert all(record.levelno < logging.WARNING for record in caplog.records), said


def test_template_overrides_come_from_their_own_folder_and_are_never_published(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = make_site(tmp_path / "project", "templates_dir: cx-templates")
    override = root / "cx-templates/cx/techniques.md.j2"
    override.parent.mkdir(parents=True)
    override.write_text('{% extends "cx/entry.md.j2" %}\n{% block details %}\nOur own way of running {{ entry.title | text }}.\n{% endblock %}\n', encoding="utf-8")
    site = build_site(root)
    assert "Our own way of running Moments of Truth." in (site / "techniques/moments-of-truth/index.html").read_text(encoding="utf-8")
    assert not list(site.rglob("*.j2")), "a template was published"


def test_an_entry_is_never_a_nav_page_whatever_its_id_ends_with(site_root):
    source = (site_root / "playbook/techniques/moments-of-truth.yaml").read_text(encoding="utf-8")
    for entry_id in ("measure-progress", "customer-index", "glossary"):
        (site_root / f"playbook/techniques/{entry_id}.yaml").write_text(source.replace("title: Moments of Truth", f"title: About {entry_id}"), encoding="utf-8")
    site = build_site(site_root)
    home = (site / "index.html").read_text(encoding="utf-8")
    for entry_id in ("measure-progress", "customer-index", "glossary"):
        assert (site / f"techniques/{entry_id}/index.html").is_file()
        assert f"About {entry_id}" not in home, f"{entry_id} is in the navigation"
    assert 'href="techniques/"' in home  # the kind's index is


CHECKLIST_KIND = '''
from typing import ClassVar
from pydantic import Field
from cx_playbook.models import AnyEntry, CheckedMarkdown, Entry

class Checklist(Entry):
    """A list to check before a customer-facing change goes live."""

    kind = "checklists"
    label = "Checklist"
    plural = "Checklists"
    intro = "Checklists to run before a change reaches customers."
    backlinks = {"covers": "Checked by", **Entry.backlinks}

    items: list[CheckedMarkdown] = Field(min_length=1, description="What to check.")
    covers: list[AnyEntry] = Field(default_factory=list, description="Entries it checks against.")
'''

CHECKLIST_TEMPLATE = """\
{% extends "cx/entry.md.j2" %}
{% block details %}
## Items

{% for item in entry.items %}
- [ ] {{ item | markdown }}
{% endfor %}
{% endblock %}
"""


def test_a_site_can_add_a_kind_of_entry_of_its_own(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "site_kinds.py").write_text(CHECKLIST_KIND, encoding="utf-8")
    root = make_site(tmp_path / "project", "kinds: ['site_kinds:Checklist']\ntemplates_dir: cx-templates")
    (root / "cx-templates/cx").mkdir(parents=True)
    (root / "cx-templates/cx/checklists.md.j2").write_text(CHECKLIST_TEMPLATE, encoding="utf-8")
    (root / "playbook/checklists").mkdir()
    (root / "playbook/checklists/launch.yaml").write_text(
        "title: Before launch\nsummary: What to check before a change reaches customers.\nbody: Run it with the team.\n"
        "items:\n  - Every Moment of Truth has an owner.\n  - See [[techniques/moments-of-truth]].\n"
        "covers: [techniques/moments-of-truth]\nsources: [test-source]\n",
        encoding="utf-8",
    )
    edit(root / "playbook/techniques/moments-of-truth.yaml", "related: [", "related: [checklists/launch, ")
    site = build_site(root)
    page = (site / "checklists/launch/index.html").read_text(encoding="utf-8")
    assert "Every Moment of Truth has an owner." in page and 'href="../../techniques/moments-of-truth/"' in page
    assert "Checklists to run before a change reaches customers." in (site / "checklists/index.html").read_text(encoding="utf-8")
    technique = (site / "techniques/moments-of-truth/index.html").read_text(encoding="utf-8")
    assert "Checked by" in technique and 'href="../../checklists/launch/"' in technique
    assert (site / "schemas/checklists.schema.json").is_file()


def test_a_kind_that_forgets_its_intro_fails_when_it_is_defined():
    from cx_playbook.models import Entry

    with pytest.raises(TypeError, match="must set intro"):
        type("Memo", (Entry,), {"__annotations__": {}, "kind": "memos", "label": "Memo", "plural": "Memos", "__module__": __name__})
