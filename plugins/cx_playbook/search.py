"""What Material's search index should know of the playbook that a page's text does not say.

Material's search reads one JSON index and searches each document's title, text and tags, each
weighted by the `fields` setting. Entry pages gain their other names (their own aliases and the
glossary terms that point at them) among their tags, so that a learner's word for an idea finds
it, and their title says what kind of entry they are, so that a result says whether it is a
principle or a case study.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .playbook import Playbook


def enrich(index: dict[str, Any], playbook: Playbook, entry_urls: Mapping[str, str], labels: Mapping[str, str] = {}) -> dict[str, Any]:
    """``index`` (Material's search_index.json) with aliases and kinds added to entry pages.

    ``entry_urls`` maps each entry's site-relative URL (as the index names its page) to its ref;
    ``labels`` names each kind in the site's language (the model's English otherwise)."""
    for doc in index.get("docs", []):
        location = doc.get("location", "")
        ref = entry_urls.get(location)
        if ref is None:
            continue  # a section of a page, or a page that is not an entry
        entry = playbook[ref]
        doc["tags"] = [*playbook.aliases(ref), *doc.get("tags", [])]
        doc["title"] = f"{_with_abbreviations(doc.get('title', ''), playbook.abbreviations(ref))} · {labels.get(entry.kind, entry.label)}"
    return index


def _with_abbreviations(title: str, abbreviations: list[str]) -> str:
    """``title`` followed by the abbreviations it does not already show, as "Business rules (BR)".

    A learner's abbreviation is a prefix of many longer words ("BR" of "breaks"); only a word in
    the title outweighs those, so the entry that explains an abbreviation comes first."""
    words = set(re.findall(r"\w+", title.casefold()))
    missing = [abbreviation for abbreviation in abbreviations if abbreviation.casefold() not in words]
    return f"{title} ({', '.join(missing)})" if missing else title
