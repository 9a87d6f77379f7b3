"""What authors may write in Markdown fields, and the playbook's own link syntax.

Whether a piece of raw HTML, a link target or an attribute is safe is decided by nh3 (the
ammonia allowlist sanitiser): a fragment is accepted only when sanitising leaves it intact.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

# Harmless attributes authors use with Markdown-in-HTML and attribute lists.
_GENERIC_ATTRIBUTES = {"class", "id", "title", "lang", "dir", "markdown"}
_ATTRIBUTES = {tag: set(attrs) | _GENERIC_ATTRIBUTES for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
_ATTRIBUTES["*"] = _GENERIC_ATTRIBUTES

# Code is shown as text, never run, so its contents are not HTML.
_FENCED_CODE = re.compile(r"^( {0,3})(`{3,}|~{3,})[^\n]*\n.*?(?:^\1\2[`~]*[ \t]*$|\Z)", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^\s)>]+)")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
_ATTRIBUTE_LIST = re.compile(r"\{:?([^{}\n]*=[^{}\n]*)\}")
_ATTRIBUTE = re.compile(r"([^\s=#.]+)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"']+)")

WIKILINK = re.compile(r"\[\[([^\[\]|]+?)(?:\|([^\[\]]+))?\]\]")


@dataclass(frozen=True)
class Unsafe:
    """Markup the allowlist would strip, at a line counted from 1 within the field."""

    line: int
    fragment: str
    reason: str


def _clean(fragment: str) -> str:
    return nh3.clean(fragment, attributes=_ATTRIBUTES, link_rel=None, strip_comments=False)


def _blank_out(match: re.Match) -> str:
    # Keep newlines so the line numbers of what follows stay right.
    return re.sub(r"[^\n]", " ", match.group(0))


def _without_code(text: str) -> str:
    return _CODE_SPAN.sub(_blank_out, _FENCED_CODE.sub(_blank_out, text))


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[int, str, str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((self.getpos()[0], tag, self.get_starttag_text() or "", {k: v or "" for k, v in attrs}))

    handle_startendtag = handle_starttag


def _survives(tag: str, attrs: dict[str, str]) -> tuple[bool, str]:
    """Whether the allowlist keeps this tag with all its attributes, and if not, why."""
    rebuilt = "<{}{}>".format(tag, "".join(f' {k}="{html.escape(v)}"' for k, v in attrs.items()))
    kept = _TagCollector()
    kept.feed(_clean(rebuilt))
    kept.close()
    if not kept.tags or kept.tags[0][1] != tag:
        return False, f"the <{tag}> element is not allowed"
    kept_attrs = kept.tags[0][3]
    for name, value in attrs.items():
        if name not in kept_attrs:
            return False, f"the '{name}' attribute is not allowed"
        if kept_attrs[name] != value:
            return False, f"the value of '{name}' is not allowed"
    return True, ""


def _safe_url(url: str) -> bool:
    kept = _TagCollector()
    kept.feed(_clean(f'<a href="{html.escape(url)}">x</a>'))
    return bool(kept.tags) and "href" in kept.tags[0][3]


def unsafe_markup(text: str) -> list[Unsafe]:
    """Every fragment of raw HTML, link target or attribute list that could run script."""
    # Script can only come in through a tag, a link target or an attribute list.
    if "<" not in text and "](" not in text and "]:" not in text and "{" not in text:
        return []
    source = _without_code(text)
    found: list[Unsafe] = []
    for match in _AUTOLINK.finditer(source):
        if "@" not in match.group(1) and not _safe_url(match.group(1)):
            found.append(Unsafe(_line_of(source, match.start()), match.group(0), "this link target is not allowed"))
    source = _AUTOLINK.sub(_blank_out, source)
    if "<" in source:
        collector = _TagCollector()
        collector.feed(source)
        collector.close()
        for line, tag, raw, attrs in collector.tags:
            ok, reason = _survives(tag, attrs)
            if not ok:
                found.append(Unsafe(line, raw.strip(), reason))
    for pattern in (_LINK_TARGET, _REFERENCE_DEFINITION):
        for match in pattern.finditer(source):
            if not _safe_url(match.group(1)):
                found.append(Unsafe(_line_of(source, match.start(1)), match.group(1), "this link target is not allowed"))
    for match in _ATTRIBUTE_LIST.finditer(source):
        attrs = {k: v.strip("\"'") for k, v in _ATTRIBUTE.findall(match.group(1))}
        ok, reason = _survives("span", attrs)
        if not ok:
            found.append(Unsafe(_line_of(source, match.start()), match.group(0), reason))
    return sorted(found, key=lambda u: u.line)


def wikilinks(text: str) -> list[tuple[int, str]]:
    """The ``[[kind/id]]`` references in a Markdown text (not in code), with their line within it."""
    if "[[" not in text:
        return []
    source = _without_code(text)
    return [(_line_of(source, m.start()), m.group(1).strip()) for m in WIKILINK.finditer(source)]


def replace_outside_code(pattern: re.Pattern, replace, text: str) -> str:
    """``pattern.sub(replace, text)``, leaving code blocks and code spans as they are."""
    pieces, last = [], 0
    for code in sorted([*_FENCED_CODE.finditer(text), *_CODE_SPAN.finditer(_FENCED_CODE.sub(_blank_out, text))], key=lambda m: m.start()):
        if code.start() < last:
            continue
        pieces.append(pattern.sub(replace, text[last:code.start()]))
        pieces.append(text[code.start():code.end()])
        last = code.end()
    pieces.append(pattern.sub(replace, text[last:]))
    return "".join(pieces)


def escape_text(text: str) -> str:
    """Plain text made literal inside Markdown: no emphasis, links or HTML can come of it."""
    escaped = html.escape(text, quote=False)
    return re.sub(r"([\\`*_\[\]{}|])", r"\\\1", escaped)
