"""The ``cx-playbook`` plugin's settings in ``mkdocs.yml``; folders resolve against that file."""

from __future__ import annotations

import importlib
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config, ValidationError

from .markup import MarkdownRules
from .messages import language_tag_problem
from .models import ENTRY_KINDS, Entry
from .site import SiteSettings


class LanguageTag(opt.OptionallyRequired[str]):
    """A BCP 47 language tag, such as en or de-CH."""

    def run_validation(self, value: object) -> str:
        problem = language_tag_problem(value)
        if problem is not None:
            raise ValidationError(problem)
        return str(value)


class PlaybookConfig(Config):
    # Where the YAML entries live.
    playbook_dir = opt.Dir(exists=True, default="playbook")
    # Where the quiz YAML files live; a site without quizzes need not have the folder.
    quizzes_dir = opt.Dir(exists=False, default="quizzes")
    # A folder of cx/*.md.j2 template overrides. It is read by the plugin only, never published,
    # unlike the theme's custom_dir, whose every non-HTML file MkDocs copies into the site.
    templates_dir = opt.Optional(opt.Dir(exists=True))
    # More kinds of entry, as importable `module:Class` names of Entry subclasses.
    kinds = opt.ListOfItems(opt.Type(str), default=[])
    # Overlays: folders laid out like the base (playbook/, quizzes/, overlay.yaml), stacked on it
    # in order, so that an organisation adds, replaces and excludes content without forking it.
    overlays = opt.ListOfItems(opt.Dir(exists=True), default=[])
    # A folder of message catalogues, <language>.yaml, that reword the site or add a language
    # (theme.language chooses which); see the hosting guide.
    messages_dir = opt.Optional(opt.Dir(exists=True))
    # The language the playbook's content (entries, glossary, quizzes, the course) is written in,
    # as a language tag (en, de-CH). Unset, it is theme.language's. When the two differ, every
    # piece of content on a page is marked with this language (lang="en" on a German site), so
    # that a screen reader speaks it with the right pronunciation.
    content_language = opt.Optional(LanguageTag())
    # The organisation named on the certificate, when it is not the site's name.
    organisation = opt.Optional(opt.Type(str))
    # Explain glossary abbreviations on hover on every page, not only on playbook pages (the
    # glossary itself spells each one out instead).
    abbreviations = opt.Type(bool, default=True)
    # Ship the plugin's stylesheet (cards, contrast grid, accessibility fixes).
    stylesheet = opt.Type(bool, default=True)
    # Put a Content-Security-Policy on every page, and write it out for hosts that send headers.
    content_security_policy = opt.Type(bool, default=True)


def entry_kind(name: str) -> type[Entry]:
    """The kind of entry a ``kinds`` setting names as ``module:Class``; ValueError says why not."""
    module, _, attribute = name.partition(":")
    try:
        kind = getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError, ValueError) as error:
        raise ValueError(f"cannot import '{name}': {error}") from None
    if not (isinstance(kind, type) and issubclass(kind, Entry)):
        raise ValueError(f"'{name}' is not a kind of entry (a subclass of cx_playbook.models.Entry)")
    return kind


def site_settings(config_file: Path) -> SiteSettings:
    """What the site ``config_file`` describes says about its playbook, read by MkDocs itself
    (``INHERIT``, ``!ENV`` and folders resolved against the file), so that the command line
    checks and renders exactly what the site builds; ValueError says what is wrong."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    if not config_file.is_file():
        raise ValueError(f"{config_file}: no such MkDocs configuration file")
    try:
        config = load_config(str(config_file))
    except ConfigurationError as error:
        raise ValueError(f"{config_file}: {error}") from None
    plugin = config.plugins.get("cx-playbook")
    settings = getattr(plugin, "config", None)
    if not isinstance(settings, PlaybookConfig):
        raise ValueError(f"{config_file}: the site does not use the cx-playbook plugin")
    return SiteSettings(
        playbook=Path(settings.playbook_dir),
        quizzes=Path(settings.quizzes_dir),
        docs=Path(config.docs_dir),
        overlays=tuple(Path(folder) for folder in settings.overlays),
        kinds=(*ENTRY_KINDS, *map(entry_kind, settings.kinds)),
        templates=(Path(settings.templates_dir),) if settings.templates_dir else (),
        markdown=MarkdownRules(config.markdown_extensions, config.mdx_configs),
        language=str(config.theme.get("language") or "en"),
        messages=Path(settings.messages_dir) if settings.messages_dir else None,
        content_language=settings.content_language,
    )
