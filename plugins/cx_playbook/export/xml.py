"""XML from Jinja2 templates, every value escaped for XML on its way in."""

from __future__ import annotations

import posixpath
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined


def href(path: str) -> str:
    """A package path as a URI reference: a file name with a space or '#' still names the file."""
    return quote(path, safe="/-._~")


def relative_to(path: str, from_file: str) -> str:
    """``path`` as written in the file at ``from_file`` (both relative to the package root)."""
    return href(posixpath.relpath(path, posixpath.dirname(from_file) or "."))


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader(__package__ or "cx_playbook.export", "templates"),
        # Jinja's escaping turns & < > " ' into entities, which is what XML needs in text and in
        # attributes alike; only markup built by ElementTree comes in as Markup, unescaped.
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(href=href, relative_to=relative_to)
    return env
