"""A complete site for an engine that runs no MkDocs plugin, such as Zensical.

``cx-playbook generate OUT`` writes ``OUT/docs`` (the hand-written pages, every generated page
as plain Markdown beside them, the assets, the manifest and the schemas), ``OUT/overrides``
(the site's own ``custom_dir``, and for Material the plugin's template fixes under it) and
``OUT/mkdocs.yml`` (the site's own configuration without the plugin, listing the assets), which
Zensical reads as its own. Every page has already had what the plugin does to it as MkDocs
reads it, so the engine builds the same pages from plain files.

Nothing here imports MkDocs: ``plugin.site_to_generate`` reads the site's configuration and
sets the playbook up exactly as a build does.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

import yaml

from .assets import SCRIPT, STYLESHEET, script, script_sources, shipped
from .finishing import finish_page
from .manifest import TAGS_LISTING, header_progress, manifest, nav_titles, page_url
from .messages import Catalogue
from .rendering import PROGRESS_PAGE, GeneratedPage, PageRenderer
from .schemas import json_schemas

PLUGIN = "cx-playbook"
# The engines a generated site is written for. The plugin's template fixes (the search dialog's
# name, the loading bar hidden from assistive technology) are Material's templates: Zensical's
# own templates are different, and already name both.
ENGINES = ("zensical", "mkdocs")
HEADER = "# Written by `cx-playbook generate` from {source}: the site with its playbook pages as plain\n# Markdown, for engines that run no MkDocs plugin. Generate it again rather than editing it.\n"
_FRONT_MATTER = re.compile(r"\A(-{3}[ \t]*\n.*?\n(?:\.{3}|-{3})[ \t]*\n)", re.S)


class GenerateError(Exception):
    """Why nothing was generated, in words for the author."""


@dataclass(frozen=True)
class Site:
    """What ``generate`` needs to know of a site, read from its ``mkdocs.yml`` by the engine
    that owns that format: the playbook set up as a build sets it up, and the settings."""

    config_file: Path
    docs: Path
    renderer: PageRenderer
    messages: Catalogue
    nav: Sequence[Any] | None = None
    directory_urls: bool = True
    abbreviations: bool = True
    stylesheet: bool = True
    custom_dir: Path | None = None
    # Files of the docs folder a build leaves out (MkDocs: dot files); never copied.
    ignore: tuple[str, ...] = (".*",)


@dataclass
class _Address:
    src_uri: str
    url: str


def generate(site: Site, out: Path, engine: str = "zensical") -> int:
    """Write the whole site to ``out`` for ``engine``, replacing an earlier ``generate`` there;
    returns how many pages were written. Raises GenerateError, with nothing written, when that
    cannot be done."""
    if engine not in ENGINES:
        raise GenerateError(f"no engine '{engine}': choose one of {', '.join(ENGINES)}")
    out = out.resolve()
    _check_destination(site, out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        count = _write(site, staging, engine)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


def _check_destination(site: Site, out: Path) -> None:
    docs = site.docs.resolve()
    if out == docs or docs in out.parents or out in docs.parents:
        raise GenerateError(f"{out}: the generated site cannot be written in, over or around the docs folder {docs}")
    if out.exists() and not out.is_dir():
        raise GenerateError(f"{out}: is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not _written_by_us(out / "mkdocs.yml"):
        raise GenerateError(f"{out}: the folder holds files that cx-playbook generate did not write; choose an empty or new folder")


def _written_by_us(config: Path) -> bool:
    try:
        return config.is_file() and config.read_text(encoding="utf-8").startswith("# Written by `cx-playbook generate`")
    except (OSError, UnicodeDecodeError):
        return False


def _write(site: Site, root: Path, engine: str) -> int:
    docs = root / "docs"
    shutil.copytree(site.docs, docs, ignore=shutil.ignore_patterns(*site.ignore))
    handwritten = {path.relative_to(docs).as_posix(): path.read_text(encoding="utf-8") for path in sorted(docs.rglob("*.md"))}
    generated = _generated_pages(site.renderer, docs)
    pages = {**handwritten, **{uri: page.content for uri, page in generated.items()}}
    # First, as in a build: a page may show what the manifest lists.
    listings = [uri for uri, text in handwritten.items() if TAGS_LISTING in text]
    manifest = site_manifest(site, list(pages), generated, listings)
    problems: list[str] = []
    for uri, text in pages.items():
        front, body = _split_front_matter(text)
        body, found = finish_page(
            site.renderer, body, uri, abbreviations=site.abbreviations, manifest=manifest, page_url=page_url(uri, site.directory_urls),
        )
        problems += found
        _write_text(docs / uri, front + body)
    if problems:
        raise GenerateError("The site's pages have problems; nothing was generated.\n" + "\n".join(problems))
    for name, text in json_schemas(site.renderer.playbook.kinds_in_order).items():
        _write_text(docs / "schemas" / name, text)
    for name, content in {**shipped(stylesheet=site.stylesheet), SCRIPT: script(manifest)}.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_bytes(content)
    overrides = _write_overrides(site, root / "overrides", material=engine == "mkdocs")
    progress_link = header_progress(manifest, site.messages, page_url(PROGRESS_PAGE, site.directory_urls) if PROGRESS_PAGE in pages else None)
    _write_config(site, root / "mkdocs.yml", generated, list(pages), overrides, progress_link)
    return len(pages)


def _generated_pages(renderer: PageRenderer, docs: Path) -> dict[str, GeneratedPage]:
    generated: dict[str, GeneratedPage] = {}
    clashes = []
    for page in renderer.pages():
        if (docs / page.src_uri).exists():
            clashes.append(f"docs/{page.src_uri} is where the playbook's generated page goes: rename or remove it")
        generated[page.src_uri] = page
    if clashes:
        raise GenerateError("\n".join(clashes))
    return generated


def site_manifest(site: Site, uris: Sequence[str], generated: Mapping[str, GeneratedPage], listings: Sequence[str]) -> dict[str, Any]:
    """The manifest the plugin writes for the same site, computed from the pages and the
    navigation's titles alone."""
    addresses = [_Address(uri, page_url(uri, site.directory_urls)) for uri in sorted(uris)]
    titles = nav_titles(site.nav, uris)
    result = manifest(site.renderer.playbook, addresses, titles, generated, listings, site.messages, site.renderer.content_lang)
    result["messages"] = site.messages.for_scripts(script_sources())
    return result


def _split_front_matter(text: str) -> tuple[str, str]:
    match = _FRONT_MATTER.match(text)
    return (match.group(1), text[match.end():]) if match else ("", text)


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _write_overrides(site: Site, folder: Path, material: bool) -> bool:
    """The site's own ``custom_dir``, over the plugin's fixes to Material's templates as in a
    build; returns whether there is any."""
    if material:
        shutil.copytree(str(package_files(__package__ or "cx_playbook").joinpath("overrides")), folder)
    if site.custom_dir is not None:
        shutil.copytree(site.custom_dir, folder, dirs_exist_ok=True)
    return folder.is_dir()


# --- The configuration -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Tagged:
    """A YAML value under a tag that only the engine resolves (``!ENV``, ``!relative``,
    ``!!python/name:``): written back as it was read, so the engine resolves it at build time."""

    tag: str
    value: Any


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.SafeLoader, _suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.ScalarNode):
        return _Tagged(node.tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return _Tagged(node.tag, loader.construct_sequence(node, deep=True))
    return _Tagged(node.tag, loader.construct_mapping(node, deep=True))  # type: ignore[arg-type]


def _represent_tagged(dumper: yaml.SafeDumper, tagged: _Tagged) -> yaml.Node:
    if isinstance(tagged.value, list):
        return dumper.represent_sequence(tagged.tag, tagged.value)
    if isinstance(tagged.value, dict):
        return dumper.represent_mapping(tagged.tag, tagged.value)
    return dumper.represent_scalar(tagged.tag, tagged.value)


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(_Tagged, _represent_tagged)


def _read_config(path: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """The configuration as written, with the file it INHERITs merged under it as MkDocs merges
    it: settings by settings, a list replaced whole."""
    if path.resolve() in seen:
        raise GenerateError(f"{path}: INHERIT leads back to itself")
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except (OSError, yaml.YAMLError) as error:
        raise GenerateError(f"{path}: cannot be read: {error}") from None
    if not isinstance(config, dict):
        raise GenerateError(f"{path}: is not a set of settings")
    parent = config.pop("INHERIT", None)
    if parent is None:
        return config
    return _merged(_read_config(path.parent / str(parent), (*seen, path.resolve())), config)


def _merged(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    result = dict(base)
    for key, value in over.items():
        result[key] = _merged(result[key], value) if isinstance(result.get(key), dict) and isinstance(value, dict) else value
    return result


def _write_config(
    site: Site, target: Path, generated: Mapping[str, GeneratedPage], uris: Sequence[str], overrides: bool, progress_link: Mapping[str, str] | None,
) -> None:
    config = _read_config(site.config_file)
    config["docs_dir"] = "docs"
    config.pop("site_dir", None)
    config.pop("watch", None)
    config["plugins"] = [item for item in config.get("plugins") or [] if _plugin_name(item) != PLUGIN]
    theme = config.get("theme")
    config["theme"] = {**(theme if isinstance(theme, dict) else {"name": theme or "material"})}
    config["theme"].pop("custom_dir", None)
    if overrides:
        config["theme"]["custom_dir"] = "overrides"
    # The plugin's stylesheet first, as the plugin lists it, so a site's own can restyle it.
    config["extra_css"] = [*([STYLESHEET] if site.stylesheet else []), *(config.get("extra_css") or [])]
    config["extra_javascript"] = [*(config.get("extra_javascript") or []), SCRIPT]
    if progress_link:
        # The header's link to the progress page, as the plugin gives it to partials/search.html.
        config["extra"] = {**(config.get("extra") or {}), "cx_progress": dict(progress_link)}
    if "nav" not in config:
        # Entry and quiz pages stay out of the navigation, as the plugin keeps them out.
        config["nav"] = _nav([uri for uri in uris if uri not in generated or generated[uri].in_nav])
    text = yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    target.write_text(HEADER.format(source=site.config_file.name) + text, encoding="utf-8")


def _plugin_name(item: Any) -> str:
    return next(iter(item), "") if isinstance(item, dict) else str(item)


def _nav(uris: Sequence[str]) -> list[Any]:
    """The navigation MkDocs would make of ``uris``: a folder's index first, then its pages by
    name, then its folders as sections titled after them."""
    titles = nav_titles(None, uris)
    root: list[Any] = []
    sections: dict[str, list[Any]] = {"": root}
    for uri in titles:
        folder = posixpath.dirname(uri)
        _section(folder, sections).append(uri)
    return root


def _section(folder: str, sections: dict[str, list[Any]]) -> list[Any]:
    if folder not in sections:
        parent = _section(posixpath.dirname(folder), sections)
        name = posixpath.basename(folder).replace("-", " ").replace("_", " ")
        sections[folder] = []
        parent.append({name.capitalize() if name.lower() == name else name: sections[folder]})
    return sections[folder]
