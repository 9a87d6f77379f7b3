"""The ``cx-playbook`` plugin's settings in ``mkdocs.yml``."""

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class PlaybookConfig(Config):
    # Where the YAML entries live, relative to mkdocs.yml.
    playbook_dir = opt.Type(str, default="playbook")
    # Where the quiz YAML files live, relative to mkdocs.yml.
    quizzes_dir = opt.Type(str, default="quizzes")
    # Explain glossary abbreviations on hover on every page, not only on playbook pages.
    abbreviations = opt.Type(bool, default=True)
    # Ship the plugin's stylesheet (cards, contrast grid, accessibility fixes).
    stylesheet = opt.Type(bool, default=True)
