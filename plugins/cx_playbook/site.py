"""Where a site's playbook comes from: its folders and the settings it is read with.

Kept free of MkDocs, so that the command line can describe a playbook given as folders without
importing it; ``config.site_settings`` fills one in from a site's ``mkdocs.yml``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .markup import MarkdownRules
from .models import ENTRY_KINDS, Entry


@dataclass(frozen=True)
class SiteSettings:
    """The playbook, quizzes and hand-written pages of a site, the overlays stacked on them in
    order, its kinds of entry, its template overrides, and its Markdown (None: the default);
    the language of its interface (``theme.language``), the folder of its own wording
    (``messages_dir``), and the language its content is written in (None: the interface's)."""

    playbook: Path = Path("playbook")
    quizzes: Path = Path("quizzes")
    docs: Path = Path("docs")
    overlays: tuple[Path, ...] = ()
    kinds: tuple[type[Entry], ...] = ENTRY_KINDS
    templates: tuple[Path, ...] = ()
    markdown: MarkdownRules | None = None
    language: str = "en"
    messages: Path | None = None
    content_language: str | None = None
