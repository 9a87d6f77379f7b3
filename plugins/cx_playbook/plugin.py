"""MkDocs glue: validate the playbook, add its generated pages, and ship the assets.

All the work is done by the engine modules; this file only connects them to MkDocs events.
"""

from __future__ import annotations

import base64
import json
import logging
import re
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import csp
from .assets import FRAME_WORKER, SCRIPT, STYLESHEET, script, script_sources, shipped
from .config import PlaybookConfig, entry_kind
from .errors import ContentError
from .finishing import finish_page
from .generate import GenerateError, Site
from .manifest import TAGS_LISTING as _TAGS_LISTING
from .manifest import header_progress, manifest
from .markup import MarkdownRules
from .messages import Catalogue, load_catalogue
from .models import ENTRY_KINDS, Entry
from .rendering import PROGRESS_PAGE, Branding, GeneratedPage, PageRenderer
from .schemas import json_schemas
from .search import enrich
from .validation import load_playbook

log = logging.getLogger("mkdocs.plugins.cx-playbook")

# Material's tags listing is filled in after MkDocs checks anchors, so links to a tag's anchor
# are reported as missing although the built page has them. Only that exact case is silenced.
_TAG_ANCHOR = re.compile(r"contains a link '[^']*#tag:[^']*', but the doc '[^']*' does not contain an anchor '#tag:")
# The certificate carries the logo inside the page: images a browser shows, up to a size that
# keeps the page light.
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp"}
MAX_LOGO_BYTES = 256 * 1024


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


def _catalogue(config: MkDocsConfig, folder: str | None, kinds: tuple[type[Entry], ...]) -> Catalogue:
    """The wording for the theme's language, with the site's own file from ``folder`` if any."""
    language = str(config.theme.get("language") or "en")
    try:
        catalogue, warnings = load_catalogue(language, Path(folder) if folder else None, kinds)
    except ContentError as error:
        raise PluginError(f"The site's wording has problems; no site was built.\n{error.report()}") from None
    for warning in warnings:
        log.warning(warning)
    return catalogue


def _branding(config: MkDocsConfig, organisation: str | None) -> Branding:
    """The certificate's name and logo, from the theme's own settings: ``theme.logo`` (a file of
    the site) or else ``theme.icon.logo`` (an icon the theme bundles)."""
    name = organisation or config.site_name
    logo = config.theme.get("logo")
    if logo:
        return Branding(name, logo=_logo_data(config, str(logo)))
    icon = (config.theme.get("icon") or {}).get("logo")
    if icon:
        for folder in config.theme.dirs:
            svg = Path(folder, ".icons", f"{icon}.svg")
            if svg.is_file():
                return Branding(name, icon=" ".join(svg.read_text(encoding="utf-8").split()))
        raise PluginError(f"theme.icon.logo: no icon '{icon}' in the theme (icons are named like material/school)")
    return Branding(name)


def _logo_data(config: MkDocsConfig, logo: str) -> str:
    """``theme.logo`` as a ``data:`` address, for the certificate to carry the image itself."""
    parts = urlsplit(logo)
    if parts.scheme or parts.netloc or logo.startswith("/"):
        raise PluginError(
            f"theme.logo: '{logo}' is not a file of the site. The site makes no request to another host (its "
            "Content-Security-Policy allows images from the site only): put the logo in docs/ and name it by its path there, "
            "such as assets/logo.svg"
        )
    kind = LOGO_TYPES.get(Path(logo).suffix.lower())
    if kind is None:
        raise PluginError(f"theme.logo: '{logo}' is not an image the certificate can show ({', '.join(LOGO_TYPES)})")
    # Where the theme finds it: the docs folder, else the theme's custom_dir.
    found = [path for path in (Path(config.docs_dir, logo), Path(config.theme.custom_dir or config.docs_dir, logo)) if path.is_file()]
    if not found:
        raise PluginError(f"theme.logo: no file '{logo}' in docs/ (the logo is named by its path there)")
    data = found[0].read_bytes()
    if len(data) > MAX_LOGO_BYTES:
        raise PluginError(
            f"theme.logo: '{logo}' is {len(data) // 1024} KB, too large to carry on the certificate: use one under "
            f"{MAX_LOGO_BYTES // 1024} KB (an SVG is usually a few)"
        )
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


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
        self.messages = _catalogue(config, self.config.messages_dir, kinds)
        self.branding = _branding(config, self.config.organisation)
        self.renderer = PageRenderer(self.playbook, templates, self.messages, self.branding, self.config.content_language)
        self.generated: dict[str, GeneratedPage] = {}
        self.script_hashes: set[str] = set()
        if self.config.stylesheet:
            # First, so that a site's own extra_css (its branding) can restyle anything of ours.
            config.extra_css.insert(0, STYLESHEET)
        # One script, written once the manifest it starts with is known (on_post_build).
        config.extra_javascript.append(SCRIPT)
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
        for asset, content in shipped(stylesheet=self.config.stylesheet, offline=self.offline).items():
            files.append(File.generated(config, asset, content=content))
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        titles = {page.file.src_uri: page.title or "" for page in nav.pages}
        pages = files.documentation_pages()
        self.urls = {file.src_uri: file.url for file in pages}
        listings = [file.src_uri for file in pages if file.src_uri not in self.generated and _TAGS_LISTING in file.content_string]
        self.manifest = manifest(self.playbook, pages, titles, self.generated, listings, self.messages, self.renderer.content_lang)
        # Only the wording the scripts ask for: every page loads the manifest.
        self.manifest["messages"] = self.messages.for_scripts(script_sources())
        # For partials/search.html, which draws the header's link to the progress page.
        config.extra["cx_progress"] = header_progress(self.manifest, self.messages, self.urls.get(PROGRESS_PAGE))
        return nav

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        # The progress summary is drawn from the manifest, which on_nav has just made.
        markdown, problems = finish_page(
            self.renderer, markdown, page.file.src_uri, abbreviations=self.config.abbreviations, manifest=self.manifest, page_url=page.url,
        )
        for problem in problems:
            log.warning(problem)
        return markdown

    @event_priority(-100)  # last, so that the policy sees every inline script any plugin added
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if not self.config.content_security_policy:
            return output
        output, hashes = csp.with_policy(output, content=page.content or "")
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
        target = site / SCRIPT
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(script(self.manifest))
        if self.config.content_security_policy:
            for name, text in csp.header_files(self.script_hashes).items():
                (site / name).write_text(text, encoding="utf-8")

    def _enrich_search_index(self, path: Path) -> None:
        if not path.is_file():
            return
        index = json.loads(path.read_text(encoding="utf-8"))
        entry_urls = {self.urls[uri]: page.src_uri.removesuffix(".md") for uri, page in self.generated.items() if page.readable and uri in self.urls}
        labels = {kind.kind: self.messages(f"kind.{kind.kind}.label") for kind in self.playbook.kinds_in_order}
        text = json.dumps(enrich(index, self.playbook, entry_urls, labels), ensure_ascii=False, separators=(",", ":"))
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


def site_to_generate(config_file: Path) -> Site:
    """The site ``config_file`` describes, read by MkDocs and set up by this plugin exactly as a
    build sets it up, for ``cx-playbook generate`` to write out for engines that run no plugin.
    Raises GenerateError saying what is wrong with the configuration or the playbook."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    try:
        config = load_config(str(config_file))
        plugin = config.plugins.get("cx-playbook")
        if not isinstance(plugin, PlaybookPlugin):
            raise GenerateError(f"{config_file}: the site does not use the cx-playbook plugin")
        plugin.on_config(config)
    except (ConfigurationError, PluginError) as error:
        raise GenerateError(f"{config_file}: {error}") from None
    custom_dir = config.theme.custom_dir
    return Site(
        config_file=config_file, docs=Path(config.docs_dir), renderer=plugin.renderer, messages=plugin.messages, nav=config.nav,
        directory_urls=config.use_directory_urls, abbreviations=plugin.config.abbreviations, stylesheet=plugin.config.stylesheet,
        custom_dir=Path(custom_dir) if custom_dir else None,
    )
