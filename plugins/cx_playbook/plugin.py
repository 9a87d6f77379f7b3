"""MkDocs glue: validate the playbook, add its generated pages, and ship the stylesheet.

All the work is done by the engine modules; this file only connects them to MkDocs events.
"""

from __future__ import annotations

import json
import logging
import re
from importlib.resources import files as package_files
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from .config import PlaybookConfig
from .errors import ContentError
from .markup import wikilinks
from .reference import FIELD_REFERENCE_MARKER, json_schemas
from .progress import manifest
from .rendering import PageRenderer
from .validation import load_playbook

log = logging.getLogger("mkdocs.plugins.cx-playbook")

STYLESHEET = "assets/cx/cx.css"
SCRIPTS = ("assets/cx/progress.js", "assets/cx/quiz.js")
MANIFEST = "assets/cx/manifest.js"
# Pages that are neither reading (entries, guides) nor kept out of the nav as entries are.
_NAV_PAGES = ("index.md", "glossary.md", "tags.md", "progress.md")
# Material's search dialog has no accessible name; give it the search field's own label.
_SEARCH_DIALOG = re.compile(r'(<div class="md-search" data-md-component="search" role="dialog")(>)')


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    supports_multiple_instances = False

    def on_config(self, config):
        project = Path(config.config_file_path).parent
        self.root = project / self.config.playbook_dir
        self.quizzes_root = project / self.config.quizzes_dir
        try:
            self.playbook = load_playbook(self.root, self.quizzes_root)
        except ContentError as error:
            raise PluginError(f"The playbook has problems; no site was built.\n{error.report()}") from None
        custom_dir = config.theme.custom_dir
        self.renderer = PageRenderer(self.playbook, [Path(custom_dir)] if custom_dir else [])
        if self.config.stylesheet:
            config.extra_css.append(STYLESHEET)
        # The manifest first: the scripts read the list of trackable pages and quizzes from it.
        config.extra_javascript.extend([MANIFEST, *SCRIPTS])
        # Our template fixes sit between the site's own custom_dir and Material's templates.
        config.theme.dirs.insert(1 if custom_dir else 0, str(package_files(__package__).joinpath("overrides")))
        log.info("cx-playbook: %d entries, %d glossary terms, %d quizzes", len(self.playbook), len(self.playbook.glossary), len(self.playbook.quizzes))
        return config

    def on_files(self, files: Files, config) -> Files:
        for page in self.renderer.pages():
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(f"docs/{page.src_uri} is where the playbook's generated page goes: rename or remove it")
            # Entry and quiz pages stay out of the navigation so every page's nav stays small.
            index_page = page.src_uri.endswith(_NAV_PAGES)
            inclusion = InclusionLevel.UNDEFINED if index_page else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content=page.content, inclusion=inclusion))
        for name, text in json_schemas().items():
            files.append(File.generated(config, f"schemas/{name}", content=text))
        assets = [STYLESHEET, *SCRIPTS] if self.config.stylesheet else list(SCRIPTS)
        for asset in assets:
            files.append(File.generated(config, asset, content=package_files(__package__).joinpath(asset).read_bytes()))
        return files

    def on_nav(self, nav, config, files):
        titles = {page.file.src_uri: page.title for page in nav.pages}
        self.manifest = manifest(self.playbook, files.documentation_pages(), titles)
        return nav

    def on_post_build(self, config):
        target = Path(config.site_dir) / MANIFEST
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"window.cxManifest = {json.dumps(self.manifest, ensure_ascii=False)};\n", encoding="utf-8")

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        if FIELD_REFERENCE_MARKER in markdown:
            markdown = markdown.replace(FIELD_REFERENCE_MARKER, self.renderer.field_reference())
        markdown, unknown = self.renderer.embed_quizzes(markdown, page.file.src_uri)
        for quiz_id in unknown:
            log.warning("%s embeds quiz '%s', which is not in quizzes/", page.file.src_uri, quiz_id)
        markdown = self.renderer.resolve_links(markdown, page.file.src_uri)
        for _, ref in wikilinks(markdown):
            log.warning("%s links to [[%s]], which is not in the playbook", page.file.src_uri, ref)
        if not self.config.abbreviations:
            return markdown
        # Only the abbreviations the page uses: the abbr extension's cost grows with each one.
        return f"{markdown}\n\n{self.renderer.abbreviations(markdown)}"

    @event_priority(-50)
    def on_post_page(self, output: str, page, config) -> str:
        return _SEARCH_DIALOG.sub(r'\1 aria-label="Search"\2', output, count=1)

    def on_serve(self, server, config, builder):
        server.watch(str(self.root))
        if self.quizzes_root.is_dir():
            server.watch(str(self.quizzes_root))
        return server
