"""What every page of the site gets before an engine turns it into HTML, hand-written pages as
much as generated ones: the field reference, the source list and the progress summary where
their markers stand, quizzes embedded, ``[[kind/id]]`` links resolved and the glossary's
abbreviations explained.

The MkDocs plugin applies it to each page as MkDocs reads it; ``cx-playbook generate`` applies
it to every page it writes, for engines that run no plugin."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .markup import wikilinks, without_code
from .rendering import GLOSSARY_PAGE, PROGRESS_MARKER, PageRenderer
from .schemas import FIELD_REFERENCE_MARKER

SOURCE_LIST_MARKER = "<!-- cx:source-list -->"


def finish_page(
    renderer: PageRenderer, markdown: str, page_uri: str, *, abbreviations: bool = True,
    manifest: Mapping[str, Any] | None = None, page_url: str = "",
) -> tuple[str, list[str]]:
    """``markdown`` (a page's body, without its front matter) as the site shows it, and what is
    wrong with it: quizzes it embeds and entries it links to that do not exist. The progress
    summary is drawn from the site's ``manifest``, from the page's own site-relative URL."""
    if manifest is not None and PROGRESS_MARKER in markdown:
        markdown = markdown.replace(PROGRESS_MARKER, renderer.progress_summary(manifest, page_url))
    if FIELD_REFERENCE_MARKER in markdown:
        markdown = markdown.replace(FIELD_REFERENCE_MARKER, renderer.field_reference())
    if SOURCE_LIST_MARKER in markdown:
        markdown = markdown.replace(SOURCE_LIST_MARKER, renderer.source_list())
    markdown, unknown = renderer.embed_quizzes(markdown, page_uri)
    problems = [f"{page_uri} embeds quiz '{quiz_id}', which is not in quizzes/" for quiz_id in unknown]
    markdown = renderer.resolve_links(markdown, page_uri)
    problems += [f"{page_uri} links to [[{ref}]], which is not in the playbook" for ref in wikilinks(without_code(markdown))]
    # Not on the glossary, where each abbreviation's definition is on the page itself: there
    # a tooltip for each would only cost a phone the time to set them up.
    if abbreviations and page_uri != GLOSSARY_PAGE:
        # Only the abbreviations the page uses: the abbr extension's cost grows with each one.
        markdown = f"{markdown}\n\n{renderer.abbreviations(markdown)}"
    return markdown, problems
