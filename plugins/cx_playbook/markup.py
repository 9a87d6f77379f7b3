"""What a Markdown field becomes, and whether that is safe to put on the site.

A field is judged by the HTML it renders to with the site's own Markdown extensions, never by
its source text: every tag, attribute and address in that HTML must pass the nh3 allowlist
unchanged. Source-level pattern matching cannot know what Python-Markdown and a browser will make
of escaped backticks, unclosed fences or character references; the rendered HTML can.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import markdown
import nh3

from .errors import did_you_mean, did_you_mean_reference
from .text import escape_markdown

# The site's Markdown, when no site says otherwise (the plugin passes mkdocs.yml's own list).
DEFAULT_EXTENSIONS: tuple[str, ...] = (
    "abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables", "toc", "pymdownx.details", "pymdownx.superfences",
)
DEFAULT_CONFIGS: Mapping[str, Mapping[str, Any]] = {"tables": {"use_align_attribute": True}}

WIKILINK = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+))?\]\]")
# `{{ quiz("id") }}` in any Markdown page embeds that quiz.
QUIZ_EMBED = re.compile(r"\{\{\s*quiz\(\s*[\"']([^\"'\n]*)[\"']\s*\)\s*\}\}")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.M)
# What any tag, attribute or address in the rendered HTML needs in the source: a tag, entity,
# link, attribute list or fence character, an admonition, details, tab or block marker (the
# '///' of pymdownx.blocks, which a site may add, can write any element), or a heading (whose
# id comes from its text). A field with none of them renders to plain paragraphs, lists and
# emphasis, so it is not rendered to be judged: most prose is like that, and rendering is slow.
_MAY_MAKE_MARKUP = re.compile(r"[<&\[\]{}`~]")
_MAY_MAKE_BLOCK = re.compile(r"^[ \t]*(?:[!?=/]{3}|#|[=-]+[ \t]*$)", re.M)
# Python-Markdown's inline patterns rescan unclosed brackets and tags, which grows with the square
# of their number: past these counts a field is refused before it is rendered.
# Code fences cost a highlighter each, so their markers are counted too.
_MAX_OPENERS = {"<": 400, "[": 600, "(": 1000, "`": 1000, "~": 1000}
_FEWEST_TOO_MANY = min(_MAX_OPENERS.values())
# Python-Markdown parses nested blocks (lists, quotes, definitions) by recursion, and on its page a
# field sits deeper still; it gives every heading a unique id by trying suffixes one by one. Past
# these a field is refused before any engine renders it, since the build would fail or crawl.
_BLOCK_PREFIX = re.compile(r"^(?:[ \t]|(?:[-+*>:]|\d{1,9}[.)])(?=[ \t]|$))+", re.M)
_MAX_PREFIX = 80  # columns of indentation and list, quote or definition markers before a line's text
_MAX_BLOCKS = {
    "definitions": (re.compile(r"^[ \t]*:[ \t]", re.M), 200),
    "headings": (re.compile(r"^ {0,3}(?:#{1,6}(?:[ \t]|$)|=+[ \t]*$|-+[ \t]*$)", re.M), 200),
}

# The allowlist: nh3's tags and attributes, and the harmless attributes Markdown extensions add.
_GENERIC_ATTRIBUTES = {"class", "id", "title", "lang", "dir"}
_ATTRIBUTES = {tag: set(attrs) | _GENERIC_ATTRIBUTES for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
_ATTRIBUTES["*"] = _GENERIC_ATTRIBUTES
_ATTRIBUTES["a"] = _ATTRIBUTES.get("a", set()) | {"href", "title"}
_ATTRIBUTES["img"] = _ATTRIBUTES.get("img", set()) | {"title"}
_URL_SCHEMES = {"http", "https", "mailto"}
# Names the site's own scripts and Material look elements up by: content must not pose as them.
_RESERVED_NAME = re.compile(r"^(?:cx|__)", re.I)


_UNSAFE = "markup that could run script, load from another host or pose as the site's own is rejected"


@dataclass(frozen=True)
class Finding:
    """What is wrong with a field, at a line counted from 1 within it."""

    rule: str
    reason: str
    line: int = 1


def _line_of(text: str, fragment: str) -> int:
    offset = text.find(fragment)
    return text.count("\n", 0, offset) + 1 if offset >= 0 else 1


# What a browser drops from an address before reading it: tabs and line breaks anywhere, and
# spaces and control characters at either end.
_URL_IGNORED = re.compile(r"[\t\n\r]")
_URL_TRIMMED = "".join(map(chr, range(0x21)))


def _as_browsers_read(address: str) -> str:
    """An address as a browser's URL parser reads it: "/<tab>/host", " //host" and "\\\\host"
    all name another host, since a backslash counts as a slash in a web address."""
    return _URL_IGNORED.sub("", address).strip(_URL_TRIMMED).replace("\\", "/")


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    address = _as_browsers_read(value) if attribute == "src" else ""
    if address.startswith("//") or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", address):
        return None  # images load from the site itself, never from another host
    if attribute == "title" and "<" in value:
        return None  # Material's tooltips turn a title into markup
    if attribute in ("id", "class") and any(_RESERVED_NAME.match(name) for name in value.split()):
        return None
    return value


def sanitise(html: str) -> str:
    return nh3.clean(
        html, attributes=_ATTRIBUTES, url_schemes=_URL_SCHEMES, link_rel=None, strip_comments=True, attribute_filter=_filter_attribute
    )


class _Tokens(HTMLParser):
    """HTML as a list of (event, tag, sorted attributes) and text, for comparing two renderings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple] = []
        self.raw: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(("start", tag, tuple(sorted((name, value or "") for name, value in attrs))))
        self.raw.append(self.get_starttag_text() or tag)

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(("end", tag))
        self.raw.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.tokens.append(("text", " ".join(data.split())))
            self.raw.append(data.strip())

    def handle_comment(self, data: str) -> None:
        self.tokens.append(("comment", data))
        self.raw.append(f"<!--{data}-->")


def _tokens(html: str) -> _Tokens:
    parser = _Tokens()
    parser.feed(html)
    parser.close()
    return parser


def _first_change(html: str, cleaned: str) -> tuple[str, str, str]:
    """What sanitising changed first: why (in an author's words), the markup as rendered, and a
    piece of it to find in the author's text."""
    before, after = _tokens(html), _tokens(cleaned)
    kept = [token for token in after.tokens if not (token[0] == "end" and _is_void(token[1]))]
    index = 0
    for position, token in enumerate(before.tokens):
        if token[0] == "end" and _is_void(token[1]):
            continue
        other = kept[index] if index < len(kept) else None
        index += 1
        if other == token:
            continue
        raw = before.raw[position]
        if token[0] != "start":
            return "this markup is not allowed", raw, raw[:20]
        tag, attrs = token[1], dict(token[2])
        if other is None or other[0] != "start" or other[1] != tag:
            return f"the <{tag}> element is not allowed", raw, f"<{tag}"
        kept_attrs = dict(other[2])
        for name, value in attrs.items():
            if name not in kept_attrs:
                target = name in ("href", "src")
                return (f"this {'link target' if name == 'href' else 'image address'} is not allowed" if target else f"the '{name}' attribute is not allowed"), raw, value or name
            if kept_attrs[name] != value:
                return f"the value of '{name}' is not allowed", raw, value
        return "this markup is not allowed", raw, f"<{tag}"
    return "this markup is not allowed", html, ""


def _is_void(tag: str) -> bool:
    return tag in {"br", "hr", "img", "wbr", "col", "area"}


def _normalised(html: str) -> list[tuple]:
    # nh3 writes void elements without end tags; Python-Markdown sometimes closes them.
    return [token for token in _tokens(html).tokens if not (token[0] == "end" and _is_void(token[1]))]


class MarkdownRules:
    """The site's Markdown (its extensions and their settings), rendering one field at a time."""

    def __init__(self, extensions: Sequence[Any] = DEFAULT_EXTENSIONS, configs: Mapping[str, Mapping[str, Any]] = DEFAULT_CONFIGS):
        self._new = lambda: markdown.Markdown(extensions=list(extensions), extension_configs=dict(configs))
        self._markdown = self._new()

    def render(self, text: str) -> str:
        """``text`` as HTML; RecursionError when it nests too deeply for Python-Markdown."""
        self._markdown.reset()
        try:
            return self._markdown.convert(text)
        except RecursionError:
            # The parser is left half-way through a block, which garbles the next text it renders.
            self._markdown = self._new()
            raise

    def definitions(self) -> list[str]:
        """What the text rendered last defined for the whole page it is part of: reference
        links, abbreviations and footnotes, each as its label is written."""
        found = [f"[{name}]:" for name in self._markdown.references]
        for extension in self._markdown.registeredExtensions:
            site_wide = getattr(extension, "glossary", None) or {}  # the site's own, from mkdocs.yml
            found += [f"*[{abbr}]:" for abbr in getattr(extension, "abbrs", None) or {} if abbr not in site_wide]
            found += [f"[^{note}]:" for note in getattr(extension, "footnotes", None) or {}]
        return found


_default_rules: MarkdownRules | None = None


def default_rules() -> MarkdownRules:
    global _default_rules
    if _default_rules is None:
        _default_rules = MarkdownRules()
    return _default_rules


@dataclass
class _Links:
    """Stand-ins for ``[[kind/id]]`` links while a field is judged, and the ones that point nowhere."""

    known: frozenset[str] | None
    unknown: list[str] = field(default_factory=list)

    def target(self, ref: str) -> tuple[str, str] | None:
        if self.known is not None and ref not in self.known:
            self.unknown.append(ref)
            return None
        return ref, f"{ref}.md"


def judge_markdown(
    text: str, rules: MarkdownRules | None = None, references: frozenset[str] | None = None, quizzes: frozenset[str] | None = None
) -> Finding | None:
    """The first reason ``text`` may not go on the site, or None when it may."""
    nested = _too_deep(text)
    if nested is not None:
        return nested
    if not _MAY_MAKE_MARKUP.search(text) and not _MAY_MAKE_BLOCK.search(text):
        return None  # plain prose: no link, quiz, fence or markup of any kind (see _MAY_MAKE_MARKUP)
    for opener, most in _MAX_OPENERS.items() if len(text) > _FEWEST_TOO_MANY else ():
        if text.count(opener) > most:
            return Finding("too_complex", f"more than {most} '{opener}' characters in one field: split it into smaller fields or entries")
    fence = _unclosed_fence(text)
    if fence is not None:
        line, marker = fence
        return Finding("unclosed_fence", f"the code fence {marker} is never closed: close it with a line of {marker}", line)
    broken = _broken_link(text) if "[[" in text else None
    if broken is not None:
        return Finding("broken_link", BROKEN_LINK, broken)
    if references is not None and any(ref not in references for ref in wikilinks(text)):
        links = _Links(references)
        resolve_wikilinks(text, links.target, "")  # the same rule as on the page: links in code stay code
        if links.unknown:
            ref = links.unknown[0]
            return Finding("unknown_reference", f"no entry '{ref}' in the playbook{did_you_mean_reference(ref, references)}", _line_of(text, ref))
    if "quiz(" in text:
        for quiz_id in QUIZ_EMBED.findall(text):
            if quizzes is not None and quiz_id not in quizzes:
                return Finding("unknown_quiz", f"no quiz '{quiz_id}' in quizzes/{did_you_mean(quiz_id, quizzes)}", _line_of(text, quiz_id))
    # Links to entries are made by the engine from a known page and an escaped title; only the
    # words an author gives them, and everything around them, can bring markup in.
    around = WIKILINK.sub(lambda link: link.group(2) or "entry", text) if "[[" in text else text
    if not _MAY_MAKE_MARKUP.search(around) and not _MAY_MAKE_BLOCK.search(around):
        return None
    rules = rules or default_rules()
    resolved = resolve_wikilinks(text, lambda ref: (ref, f"{ref}.md"), "")
    if "quiz(" in resolved:
        resolved = outside_code(QUIZ_EMBED, lambda embed: _EMBED_STAND_IN, resolved)
    try:
        html = rules.render(resolved)
    except RecursionError:
        return Finding("too_complex", "nested too deeply to render: split it into smaller fields or entries")
    if "<!" in html or "<?" in html:
        return Finding("unsafe_markup", f"HTML comments and declarations are not allowed: {_UNSAFE}", _line_of(text, "<!"))
    cleaned = sanitise(html)
    if cleaned != html and _normalised(cleaned) != _normalised(html):
        why, fragment, clue = _first_change(html, cleaned)
        return Finding("unsafe_markup", f"{why} ({_shorten(fragment)}): {_UNSAFE}", _line_of(text, clue) if clue else 1)
    return _page_wide(text, rules) or _embed_out_of_place(text, html) or _unfinished_tag(text, resolved, rules)


# A field is one piece of a page: what it leaves open or defines reaches the fields, quizzes and
# template text around it there, where it was never judged. These checks keep each field to itself.

_DEFINED = {
    "[": "a reference definition reaches every link on the page, not only this field's: write the link inline, [words](address)",
    "*": "an abbreviation defined here would reach the whole page: add it to glossary.yaml, which explains it on every page",
    "^": "a footnote defined here would reach the whole page: write the note into the text",
}


def _page_wide(text: str, rules: MarkdownRules) -> Finding | None:
    """A reference, abbreviation or footnote definition, which applies to the whole page."""
    defined = rules.definitions()
    if not defined:
        return None
    label = defined[0]
    why = _DEFINED["*" if label.startswith("*") else "^" if label.startswith("[^") else "["]
    line = _line_of(text.casefold(), label.casefold().rstrip(":"))
    return Finding("page_wide_definition", f"'{label}' is not allowed in a field: {why}", line)


# A quiz embed, while a field is judged: a word that Markdown leaves alone wherever it stands.
_EMBED_STAND_IN = "cxquizembedstandin"


# An embed indented into a list item or an admonition: only its first line would be indented there.
_INDENTED_EMBED = re.compile(r"^[ \t]+\{\{\s*quiz\(", re.M)


def _embed_out_of_place(text: str, html: str) -> Finding | None:
    """A quiz embed that is not a paragraph of its own at the start of a line: inside an attribute
    or beside other text, the quiz's markup would break out of where it stands."""
    if html.count(_EMBED_STAND_IN) == html.count(f"<p>{_EMBED_STAND_IN}</p>") and not _INDENTED_EMBED.search(without_code(text)):
        return None
    return Finding(
        "quiz_embed_placement", 'a {{ quiz("…") }} embed must stand at the start of a line of its own, outside any HTML: the quiz is a block of the page',
        _line_of(text, "quiz("),
    )


# A '<' left as text by the field could start a tag with what follows it on the page. An author's
# own '&lt;' never does, so it is set apart for this check.
_TAG_START = re.compile(r"<[A-Za-z/!?]")
_LESS_THAN_REFERENCE = re.compile(r"&(?:lt|LT|#0*60|#[xX]0*3[cC]);")


def _unfinished_tag(text: str, resolved: str, rules: MarkdownRules) -> Finding | None:
    if not _TAG_START.search(resolved):
        return None
    loose = _LooseText()
    loose.feed(rules.render(_LESS_THAN_REFERENCE.sub("&#8249;", resolved)))
    loose.close()
    found = _TAG_START.search(loose.text)
    if found is None:
        return None
    start = loose.text[found.start():].split(None, 1)[0]
    return Finding(
        "unfinished_tag",
        f"'{_shorten(start, 30)}' starts a tag that this field does not finish, and on the page it would join with what follows: "
        "it is not allowed; finish the tag, put it in a `code span`, or write &lt;",
        _line_of(text, start),
    )


class _LooseText(HTMLParser):
    """The text of rendered HTML outside code, where Markdown leaves an author's stray '<'."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_code = 0
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_code += tag in ("code", "pre")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("code", "pre") and self.in_code:
            self.in_code -= 1

    def handle_data(self, data: str) -> None:
        if not self.in_code:
            self.text += data + "\n"


def _too_deep(text: str) -> Finding | None:
    """A line nested too deeply, or too many definitions or headings, for the page to render."""
    if len(text) > _MAX_PREFIX:
        for prefix in _BLOCK_PREFIX.finditer(text):
            if prefix.end() - prefix.start() > _MAX_PREFIX:
                return Finding(
                    "too_complex", f"a line nested more than {_MAX_PREFIX} columns deep in lists, quotes or indentation: flatten it", _line_of(text, prefix.group(0))
                )
    for what, (pattern, most) in _MAX_BLOCKS.items() if len(text) > min(most for _, most in _MAX_BLOCKS.values()) else ():
        if len(pattern.findall(text)) > most:
            return Finding("too_complex", f"more than {most} {what} in one field: split it into smaller fields or entries")
    return None


def _shorten(fragment: str, most: int = 80) -> str:
    return fragment if len(fragment) <= most else fragment[: most - 1] + "…"


def _unclosed_fence(text: str) -> tuple[int, str] | None:
    """A fence line that no later fence line closes: on a page it would swallow what follows."""
    if "``" not in text and "~~" not in text:
        return None
    open_marker: str | None = None
    open_line = 0
    for match in _FENCE.finditer(text):
        marker = match.group(1)
        line = text.count("\n", 0, match.start()) + 1
        if open_marker is None:
            open_marker, open_line = marker, line
        elif marker[0] == open_marker[0] and len(marker) >= len(open_marker) and not text[match.end():].split("\n", 1)[0].strip():
            open_marker = None
    return (open_line, open_marker) if open_marker is not None else None


BROKEN_LINK = "'[[' starts a link that does not end on the same line: write [[kind/id]] whole on one line"


def _broken_link(text: str) -> int | None:
    """The line of a ``[[`` outside code that starts no ``[[kind/id]]`` link (one wrapped over two
    lines, or never closed), which the page would show as brackets."""
    rest = outside_code(WIKILINK, lambda link: " " * len(link.group(0)), text, lambda code: re.sub(r"[^\n]", " ", code))
    offset = rest.find("[[")
    return rest.count("\n", 0, offset) + 1 if offset >= 0 else None


def wikilinks(text: str) -> Iterable[str]:
    """The ``kind/id`` of every ``[[kind/id]]`` link in a text."""
    return (match.group(1).strip() for match in WIKILINK.finditer(text)) if "[[" in text else ()


def resolve_wikilinks(text: str, target: Callable[[str], tuple[str, str] | None], page_uri: str) -> str:
    """Turn ``[[kind/id]]`` and ``[[kind/id|words]]`` into Markdown links from ``page_uri``.

    ``target`` gives a reference's plain-text title and page, or None to leave the link as written."""
    if "[[" not in text:
        return text

    def replace(match: re.Match) -> str:
        found = target(match.group(1).strip())
        if found is None:
            return match.group(0)
        title, uri = found
        label = match.group(2).strip() if match.group(2) else escape_markdown(title)
        return f"[{label}]({relative_link(page_uri, uri)})"

    return outside_code(WIKILINK, replace, text)


# Where code sits, so that links written inside code stay as written (the authoring guide shows
# the syntax in code). What is unsafe is judged on the rendered HTML, not by these patterns.
_FENCED_CODE = re.compile(r"^( {0,3})(`{3,}|~{3,})[^\n]*\n.*?(?:^\1\2[`~]*[ \t]*$|\Z)", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)


def without_code(text: str) -> str:
    """``text`` with its code blocks and spans blanked out, lines kept where they were."""
    return outside_code(re.compile(r"(?!)"), lambda match: "", text, lambda code: re.sub(r"[^\n]", " ", code))


def outside_code(pattern: re.Pattern, replace: Callable[[re.Match], str], text: str, code_as: Callable[[str], str] = str) -> str:
    """``pattern.sub(replace, text)``, leaving code blocks and code spans as they are."""
    blanked = _FENCED_CODE.sub(lambda m: " " * len(m.group(0)), text)
    code = sorted([*_FENCED_CODE.finditer(text), *_CODE_SPAN.finditer(blanked)], key=lambda m: m.start())
    pieces, last = [], 0
    for span in code:
        if span.start() < last:
            continue
        pieces.append(pattern.sub(replace, text[last:span.start()]))
        pieces.append(code_as(text[span.start():span.end()]))
        last = span.end()
    pieces.append(pattern.sub(replace, text[last:]))
    return "".join(pieces)


def relative_link(from_uri: str, to_uri: str) -> str:
    """A link from one docs page to another, as MkDocs resolves Markdown links."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")
