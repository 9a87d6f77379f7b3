"""Markdown fields as the XHTML that a QTI 2.1 item may hold.

A field is rendered with the site's own Markdown rules, then rebuilt element by element through
``xml.etree``: only the elements and attributes QTI's content model has are kept, so the result
is well-formed XML that a QTI validator accepts, whatever the HTML looked like. Everything else is
unwrapped, keeping its text, because a learner needs the words even where the markup cannot go.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from html.parser import HTMLParser
from xml.sax.saxutils import escape

from markupsafe import Markup

from ..markup import WIKILINK, MarkdownRules, outside_code
from ..text import escape_markdown

# QTI 2.1's XHTML subset (its "content model"), each with the attributes worth keeping.
_ELEMENTS: Mapping[str, frozenset[str]] = {
    **{tag: frozenset() for tag in (
        "abbr", "acronym", "address", "b", "big", "blockquote", "br", "caption", "cite", "code", "dd", "dfn", "div", "dl", "dt",
        "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "kbd", "li", "ol", "p", "pre", "q", "samp", "small", "span",
        "strong", "sub", "sup", "table", "tbody", "tfoot", "thead", "tr", "tt", "ul", "var",
    )},
    "a": frozenset({"href"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan"}),
}
_VOID = frozenset({"br", "hr", "img", "wbr", "col", "area", "input"})
# Links that still lead somewhere from inside an LMS; the site's relative links would not.
_ABSOLUTE = ("http://", "https://", "mailto:")


def plain_titles(text: str, titles: Mapping[str, str]) -> str:
    """``[[kind/id]]`` links written as the entry's title (``[[kind/id|words]]`` as the words).

    A package leaves the playbook's pages behind, so a link to one would lead nowhere."""
    if "[[" not in text:
        return text

    def title(match: re.Match[str]) -> str:
        ref = match.group(1).strip()
        if match.group(2):
            return match.group(2).strip()
        return escape_markdown(titles[ref]) if ref in titles else match.group(0)

    return outside_code(WIKILINK, title, text)


class _Rebuilder(HTMLParser):
    """Parses HTML into an element tree holding QTI's elements only."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = ET.Element("div")
        # Open elements by tag; None stands for one that was unwrapped (its content goes up).
        self._open: list[tuple[str, ET.Element | None]] = []

    def _parent(self) -> ET.Element:
        return next((element for _, element in reversed(self._open) if element is not None), self.root)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = self._element(tag, dict(attrs))
        if element is not None:
            self._parent().append(element)
        if tag not in _VOID:
            self._open.append((tag, element))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = self._element(tag, dict(attrs))
        if element is not None:
            self._parent().append(element)

    def handle_endtag(self, tag: str) -> None:
        # Close up to the matching start tag: a stray end tag closes nothing.
        for depth in range(len(self._open) - 1, -1, -1):
            if self._open[depth][0] == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        parent = self._parent()
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + data
        else:
            parent.text = (parent.text or "") + data

    def _element(self, tag: str, attrs: Mapping[str, str | None]) -> ET.Element | None:
        if tag == "img":
            # Images live on the site, not in the package: their description stands in.
            alt = attrs.get("alt") or ""
            if alt:
                self.handle_data(alt)
            return None
        if tag not in _ELEMENTS:
            return None
        if tag == "a" and not (attrs.get("href") or "").startswith(_ABSOLUTE):
            return None
        return ET.Element(tag, {name: value for name, value in attrs.items() if name in _ELEMENTS[tag] and value is not None})


class QtiMarkdown:
    """Renders Markdown fields to QTI XHTML with the site's rules and plain-text entry titles."""

    def __init__(self, rules: MarkdownRules, titles: Mapping[str, str]):
        self._rules = rules
        self._titles = titles

    def __call__(self, text: str) -> Markup:
        parser = _Rebuilder()
        parser.feed(self._rules.render(plain_titles(text, self._titles)))
        parser.close()
        root = parser.root
        # Serialised by ElementTree, so already escaped: Markup keeps the template from escaping it again.
        return Markup(escape(root.text or "") + "".join(ET.tostring(child, encoding="unicode") for child in root))
