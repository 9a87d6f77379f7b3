"""MkDocs glue: validate the playbook, add its generated pages, and ship the assets.

All the work is done by the engine modules; this file only connects them to MkDocs events.
"""

from __future__ import annotations

import json
import logging
import re
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import csp
from .config import PlaybookConfig, entry_kind
from .errors import ContentError
from .manifest import manifest
from .markup import MarkdownRules, wikilinks, without_code
from .models import ENTRY_KINDS, Entry
from .rendering import GeneratedPage, PageRenderer
from .schemas import FIELD_REFERENCE_MARKER, json_schemas
from .search import enrich
from .validation import load_playbook

log = logging.getLogger("mkdocs.plugins.cx-playbook")

STYLESHEET = "assets/cx/cx.css"
SCRIPTS = ("assets/cx/progress.js", "assets/cx/scorm.js", "assets/cx/quiz.js")
MANIFEST = "assets/cx/manifest.js"
# Material's offline plugin would load its worker shim from a CDN; the site ships its own.
FRAME_WORKER = "assets/cx/iframe-worker.js"
SOURCE_LIST_MARKER = "<!-- cx:source-list -->"
# Material's tags listing is filled in after MkDocs checks anchors, so links to a tag's anchor
# are reported as missing although the built page has them. Only that exact case is silenced.
_TAG_ANCHOR = re.compile(r"contains a link '[^']*#tag:[^']*', but the doc '[^']*' does not contain an anchor '#tag:")
_TAGS_LISTING = "<!-- material/tags"


class _TagAnchors(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not _TAG_ANCHOR.search(record.getMessage())


_TAG_ANCHORS = _TagAnchors()  # one instance, so that rebuilds under `mkdocs serve` add it once


def _kind(name: str) -> type[Entry]:
    try:
        return entry_kind(name)
    except ValueError as error:
        raise PluginError(f"cx-playbook: kinds: {error}") from None


def _offline(config: MkDocsConfig) -> bool:
    """Whether Material's offline plugin is on: the site is then opened from disk."""
    plugin = config.plugins.get("material/offline")
    return bool(plugin is not None and getattr(plugin, "config", {}).get("enabled", False))


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    supports_multiple_instances = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(self.config.playbook_dir)
        self.quizzes_root = Path(self.config.quizzes_dir)
        self.overlays = [Path(folder) for folder in self.config.overlays]
        kinds = (*ENTRY_KINDS, *map(_kind, self.config.kinds))
        rules = MarkdownRules(config.markdown_extensions, config.mdx_configs)
        try:
            self.playbook = load_playbook(self.root, self.quizzes_root, kinds=kinds, markdown=rules, docs=Path(config.docs_dir), overlays=self.overlays)
        except ContentError as error:
            raise PluginError(f"The playbook has problems; no site was built.\n{error.report()}") from None
        templates = [Path(self.config.templates_dir)] if self.config.templates_dir else []
        self.renderer = PageRenderer(self.playbook, templates)
        self.generated: dict[str, GeneratedPage] = {}
        self.script_hashes: set[str] = set()
        if self.config.stylesheet:
            config.extra_css.append(STYLESHEET)
        # The manifest first: the scripts read the list of trackable pages and quizzes from it.
        config.extra_javascript.extend([MANIFEST, *SCRIPTS])
        self.offline = _offline(config)
        if self.offline:
            # Before the theme's scripts, in place of the CDN copy the offline plugin names.
            polyfills = [url for url in config.extra.get("polyfills", []) if "iframe-worker" not in str(url)]
            config.extra["polyfills"] = [FRAME_WORKER, *polyfills]
            # Instant navigation cannot work from disk, and on file:// addresses Material then
            # ends its page stream before the first page, so no script waiting for a page (ours,
            # and Material's own) would ever run.
            features = config.theme.get("features") or []
            config.theme["features"] = [name for name in features if not str(name).startswith("navigation.instant")]
        # Our template fixes sit between the site's own custom_dir and Material's templates.
        overrides = str(package_files(__package__ or "cx_playbook").joinpath("overrides"))
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, overrides)
        # The engine's own module name: ProperDocs runs this plugin with its modules in MkDocs' place.
        logging.getLogger(Page.__module__).addFilter(_TAG_ANCHORS)
        log.info("cx-playbook: %d entries, %d glossary terms, %d quizzes", len(self.playbook), len(self.playbook.glossary), len(self.playbook.quizzes))
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for page in self.renderer.pages():
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(f"docs/{page.src_uri} is where the playbook's generated page goes: rename or remove it")
            # Entry and quiz pages stay out of the navigation so every page's nav stays small.
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content=page.content, inclusion=inclusion))
            self.generated[page.src_uri] = page
        for name, text in json_schemas(self.playbook.kinds_in_order).items():
            files.append(File.generated(config, f"schemas/{name}", content=text))
        assets = [STYLESHEET, *SCRIPTS] if self.config.stylesheet else list(SCRIPTS)
        if self.offline:
            assets.append(FRAME_WORKER)
        for asset in assets:
            files.append(File.generated(config, asset, content=package_files(__package__ or "cx_playbook").joinpath(asset).read_bytes()))
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        titles = {page.file.src_uri: page.title or "" for page in nav.pages}
        pages = files.documentation_pages()
        self.urls = {file.src_uri: file.url for file in pages}
        listings = [file.src_uri for file in pages if file.src_uri not in self.generated and _TAGS_LISTING in file.content_string]
        self.manifest = manifest(self.playbook, pages, titles, self.generated, listings)
        return nav

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if FIELD_REFERENCE_MARKER in markdown:
            markdown = markdown.replace(FIELD_REFERENCE_MARKER, self.renderer.field_reference())
        if SOURCE_LIST_MARKER in markdown:
            markdown = markdown.replace(SOURCE_LIST_MARKER, self.renderer.source_list())
        markdown, unknown = self.renderer.embed_quizzes(markdown, page.file.src_uri)
        for quiz_id in unknown:
            log.warning("%s embeds quiz '%s', which is not in quizzes/", page.file.src_uri, quiz_id)
        markdown = self.renderer.resolve_links(markdown, page.file.src_uri)
        for ref in wikilinks(without_code(markdown)):
            log.warning("%s links to [[%s]], which is not in the playbook", page.file.src_uri, ref)
        if not self.config.abbreviations:
            return markdown
        # Only the abbreviations the page uses: the abbr extension's cost grows with each one.
        return f"{markdown}\n\n{self.renderer.abbreviations(markdown)}"

    @event_priority(-100)  # last, so that the policy sees every inline script any plugin added
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if not self.config.content_security_policy:
            return output
        output, hashes = csp.with_policy(output)
        self.script_hashes.update(hashes)
        return output

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        # The 404 page is a theme template, not a page: it gets the same policy here.
        if self.config.content_security_policy and template_name.endswith(".html"):
            output_content, hashes = csp.with_policy(output_content)
            self.script_hashes.update(hashes)
        return output_content

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        self._enrich_search_index(site / "search/search_index.json")
        target = site / MANIFEST
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"window.cxManifest = {json.dumps(self.manifest, ensure_ascii=True)};\n", encoding="utf-8")
        if self.config.content_security_policy:
            for name, text in csp.header_files(self.script_hashes).items():
                (site / name).write_text(text, encoding="utf-8")

    def _enrich_search_index(self, path: Path) -> None:
        if not path.is_file():
            return
        index = json.loads(path.read_text(encoding="utf-8"))
        entry_urls = {self.urls[uri]: page.src_uri.removesuffix(".md") for uri, page in self.generated.items() if page.readable and uri in self.urls}
        text = json.dumps(enrich(index, self.playbook, entry_urls), ensure_ascii=False, separators=(",", ":"))
        path.write_text(text, encoding="utf-8")
        # The offline plugin's copy of the index, if it already wrote one, gets the same names.
        script = path.with_suffix(".js")
        if script.is_file():
            script.write_text(f"var __index = {text}", encoding="utf-8")

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(self.root))
        if self.quizzes_root.is_dir():
            server.watch(str(self.quizzes_root))
        if self.config.templates_dir:
            server.watch(str(self.config.templates_dir))
        for folder in self.overlays:
            server.watch(str(folder))
        return server

