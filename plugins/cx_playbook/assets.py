"""The files the site ships besides its pages: the stylesheet and one script.

One list for every engine, so that the MkDocs plugin and ``cx-playbook generate`` ship the same
files under the same names. They ship minified (comments and spacing taken out, nothing renamed,
so a browser's error still names the function it happened in); the package keeps them readable.

The manifest and the three scripts every page runs ship as one file: on a phone each further
file is another request on the way to the page being ready."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib.resources import files as package_files
from typing import Any

import rcssmin
import rjsmin

STYLESHEET = "assets/cx/cx.css"
# The one script every page loads: the manifest, then the package's scripts in this order.
SCRIPT = "assets/cx/cx.js"
SCRIPT_SOURCES = ("assets/cx/progress.js", "assets/cx/scorm.js", "assets/cx/quiz.js")
# Material's offline plugin would load its worker shim from a CDN; the site ships its own.
FRAME_WORKER = "assets/cx/iframe-worker.js"


def shipped(*, stylesheet: bool = True, offline: bool = False) -> dict[str, bytes]:
    """Each file shipped as it is, by its path in the site: all but the script, which holds the
    site's manifest."""
    names = [*([STYLESHEET] if stylesheet else []), *([FRAME_WORKER] if offline else [])]
    return {name: minified(name, _source(name)) for name in names}


def script(manifest: Mapping[str, Any]) -> bytes:
    """The script every page loads: the manifest the others read, then the others."""
    return manifest_script(manifest).encode("utf-8") + scripts()


@cache
def scripts() -> bytes:
    """The package's scripts, minified, in the order they run."""
    return b"\n".join(minified(name, _source(name)) for name in SCRIPT_SOURCES)


def minified(name: str, text: str) -> bytes:
    """A script or stylesheet as the site ships it; ``name`` says which it is."""
    if name.endswith(".js"):
        return rjsmin.jsmin(text).encode("utf-8")
    if name.endswith(".css"):
        return rcssmin.cssmin(text).encode("utf-8")
    return text.encode("utf-8")


def script_sources() -> list[str]:
    """The scripts' own text, for finding which messages they ask for."""
    return [_source(name) for name in SCRIPT_SOURCES]


def manifest_script(manifest: Mapping[str, Any]) -> str:
    """The manifest as the script every page loads before the others."""
    return f"window.cxManifest = {json.dumps(manifest, ensure_ascii=True, separators=(',', ':'))};\n"


def _source(name: str) -> str:
    return package_files(__package__ or "cx_playbook").joinpath(name).read_text(encoding="utf-8")
