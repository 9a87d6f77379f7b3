"""The ``cx-playbook`` plugin's settings in ``mkdocs.yml``; folders resolve against that file."""

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


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
    # Explain glossary abbreviations on hover on every page, not only on playbook pages.
    abbreviations = opt.Type(bool, default=True)
    # Ship the plugin's stylesheet (cards, contrast grid, accessibility fixes).
    stylesheet = opt.Type(bool, default=True)
    # Put a Content-Security-Policy on every page, and write it out for hosts that send headers.
    content_security_policy = opt.Type(bool, default=True)
