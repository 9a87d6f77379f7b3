"""What an author may write in a plain-text field, and how plain text is escaped where it lands.

A plain value reaches Markdown (headings, cards, tables), HTML attributes (Material's page
description, tooltips) and JSON (the progress manifest, quiz data). The rules here refuse what no
escaping can make safe everywhere at once (control characters, tags, character references), and
the escapers make the rest literal in each context.
"""

from __future__ import annotations

import functools
import html
import re
from typing import Annotated
from urllib.parse import quote, urlsplit

from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

MAX_MARKDOWN = 20_000
MAX_PLAIN = 500

# The C0 and C1 control characters (Unicode's Cc), and the invisible characters that act like
# them: bidirectional overrides reorder what a reader sees, and line and paragraph separators
# end a line for some parsers and not others.
_CONTROL = frozenset([*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF])
# A character reference survives Python-Markdown into attributes, where Material's tooltips decode
# it into markup: `&lt;img …&gt;` in a definition would become a tag on hover.
_CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
# Characters that make markup wherever they stand, and what makes a block at a line's start.
_MARKDOWN_INLINE = re.compile(r"([\\`*_{}\[\]|])")
_BLOCK_START = re.compile(r"^(?:(?P<mark>[#>+!-])|\d+(?P<number>[.)]))")
# Markers with no backslash escape: at a line's start a colon opens a definition, '???' a
# collapsible block and '===' a tab. A character reference in place of the first stays plain.
_UNESCAPABLE_START = {":": "&#58;", "?": "&#63;", "=": "&#61;"}
# What an address may contain (RFC 3986), so that nothing in it can close a link or an attribute.
_URL_CHARACTERS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")


@functools.cache
def _controls(allowed: str) -> re.Pattern[str]:
    # One character class, without the allowed ones: a lookahead per character would be slow.
    return re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_CONTROL - set(map(ord, allowed)))) + "]")


def control_character(value: str, allowed: str = "") -> str | None:
    """The first control or invisible formatting character in ``value`` (other than ``allowed``)."""
    found = _controls(allowed).search(value)
    return found.group(0) if found else None


def _refuse_control(value: str, allowed: str = "") -> None:
    char = control_character(value, allowed)
    if char is not None:
        what = "a line break" if char in "\n\r\u2028\u2029\x85" else f"the control character U+{ord(char):04X}"
        raise PydanticCustomError("control_character", "must be one line of plain text: {what} is not allowed here", {"what": what})


def _plain_text(value: str) -> str:
    _refuse_control(value)
    if "<" in value:
        raise PydanticCustomError("plain_text", "must be plain text: '<' is not allowed here (write 'less than', or rephrase)")
    reference = _CHARACTER_REFERENCE.search(value) if "&" in value else None
    if reference:
        raise PydanticCustomError(
            "plain_text", "must be plain text: write the character itself, not the HTML reference '{ref}'", {"ref": reference.group(0)}
        )
    return value


def _one_sentence(value: str) -> str:
    if re.search(r"[*_`\[\]]", value):
        raise PydanticCustomError("plain_text", "must be plain text: Markdown is not allowed in a summary")
    if re.search(r"[.!?][\"')]?\s+[A-Z]", value):
        raise PydanticCustomError("one_sentence", "must be one sentence: split it, or move the rest into the body")
    return value


def _markdown_text(value: str) -> str:
    # Tabs are indentation mistakes more often than not, but they are harmless; line breaks are
    # the text's own. Anything else invisible is refused.
    _refuse_control(value, allowed="\n\t")
    return value


def _web_address(value: str) -> str:
    parts = urlsplit(value) if _URL_CHARACTERS.match(value) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise PydanticCustomError("web_address", "must be a web address starting with http:// or https://, with no spaces or quotes")
    if parts.username or parts.password:
        raise PydanticCustomError("web_address", "must not carry a user name or password")
    return value


PlainText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_PLAIN), AfterValidator(_plain_text)]
Summary = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=240), AfterValidator(_plain_text), AfterValidator(_one_sentence)
]
# contentMediaType tells editors and the authoring guide that a field is Markdown.
Markdown = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_MARKDOWN),
    AfterValidator(_markdown_text),
    Field(json_schema_extra={"contentMediaType": "text/markdown"}),
]
WebAddress = Annotated[str, StringConstraints(max_length=2000), AfterValidator(_web_address)]


def escape_markdown(text: str) -> str:
    """Plain text made literal inside Markdown: no emphasis, link, HTML or block can come of it."""
    escaped = _MARKDOWN_INLINE.sub(r"\\\1", html.escape(text, quote=False))
    if escaped[:1] in _UNESCAPABLE_START:
        return _UNESCAPABLE_START[escaped[0]] + escaped[1:]
    start = _BLOCK_START.match(escaped)
    if start:
        at = start.start("mark") if start.group("mark") else start.start("number")
        return f"{escaped[:at]}\\{escaped[at:]}"
    return escaped


def escape_attribute(text: str) -> str:
    """Plain text made literal inside a double-quoted HTML attribute (apostrophes stay readable)."""
    return html.escape(text, quote=False).replace('"', "&quot;")


def escape_url(url: str) -> str:
    """A validated web address made safe as a Markdown link target: brackets, parentheses and
    quotes percent-encoded, so that nothing in it can end the link or start another."""
    return quote(url, safe=":/?#@!$&*+,;=%-._~")
