"""A strict Content-Security-Policy for every page, as a <meta> tag and for hosts' headers.

The policy allows scripts only from the site itself and the inline scripts the theme writes,
named by their SHA-256 hashes, so that anything an author's content might smuggle in (an inline
handler, a script element, a foreign image) is blocked by the browser as a second line of defence.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

_INLINE_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_HEAD_START = re.compile(r"<meta charset=[^>]*>|<head[^>]*>", re.I)
# Everything but scripts (and images, which may also be data: icons) comes from the site itself.
_DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("img-src", "'self' data:"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)


def inline_script_hashes(html: str) -> list[str]:
    """The CSP source expression of each inline script in ``html`` that a browser would run."""
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        if re.search(r"\bsrc\s*=", match.group("attrs")) or re.search(r"type\s*=\s*[\"']?application/json", match.group("attrs")):
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return list(dict.fromkeys(hashes))


def policy(hashes: Iterable[str] = ()) -> str:
    """The policy allowing the given inline-script hashes and nothing else inline."""
    extra = " ".join(sorted(set(hashes)))
    return "; ".join(f"{name} {value} {extra}".rstrip() if name == "script-src" else f"{name} {value}" for name, value in _DIRECTIVES)


def with_policy(html: str, content: str = "") -> tuple[str, list[str]]:
    """``html`` with its policy as the first thing in <head>, and the hashes the policy names.

    Only the theme's own inline scripts are named: ``content``, the page's own text as rendered
    from its Markdown, is left out, so that a script that reached it is refused, not hashed.
    A policy in a <meta> tag governs only what comes after it, so it goes before any script."""
    hashes = inline_script_hashes(html.replace(content, "") if content else html)
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes)}">'
    match = _HEAD_START.search(html)
    if match is None:
        return html, hashes
    return html[: match.end()] + tag + html[match.end():], hashes


def header_files(hashes: Iterable[str]) -> dict[str, str]:
    """The same policy as HTTP headers, for hosts that read a `_headers` file (Netlify,
    Cloudflare Pages) and for an nginx server block. It names every page's inline scripts."""
    value = policy(hashes)
    return {
        "_headers": f"/*\n  Content-Security-Policy: {value}\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: same-origin\n",
        "nginx-headers.conf": (
            "# Include in the server or location block that serves the site.\n"
            f'add_header Content-Security-Policy "{value}" always;\n'
            'add_header X-Content-Type-Options "nosniff" always;\n'
            'add_header Referrer-Policy "same-origin" always;\n'
        ),
    }
