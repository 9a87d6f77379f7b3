"""The files the site ships besides its pages: the stylesheet, the scripts and the manifest script.

One list for every engine, so that the MkDocs plugin and ``cx-playbook generate`` ship the same
files under the same names. They ship minified (comments and spacing taken out, nothing renamed,
so a browser's error still names the function it happened in); the package keeps them readable."""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib.resources import files as package_files
from typing import Any

import rcssmin
import rjsmin

STYLESHEET = "assets/cx/cx.css"
# In the order the pages load them, after the manifest they read.
SCRIPTS = ("assets/cx/progress.js", "assets/cx/scorm.js", "assets/cx/quiz.js")
MANIFEST = "assets/cx/manifest.js"
# Material's offline plugin would load its worker shim from a CDN; the site ships its own.
FRAME_WORKER = "assets/cx/iframe-worker.js"


def shipped(*, stylesheet: bool = True, offline: bool = False) -> dict[str, bytes]:
    """Each shipped file's path in the site and its bytes."""
    names = [*([STYLESHEET] if stylesheet else []), *SCRIPTS, *([FRAME_WORKER] if offline else [])]
    package = package_files(__package__ or "cx_playbook")
    return {name: minified(name, package.joinpath(name).read_text(encoding="utf-8")) for name in names}


def minified(name: str, text: str) -> bytes:
    """A script or stylesheet as the site ships it; ``name`` says which it is."""
    if name.endswith(".js"):
        return rjsmin.jsmin(text).encode("utf-8")
    if name.endswith(".css"):
        return rcssmin.cssmin(text).encode("utf-8")
    return text.encode("utf-8")


def script_sources() -> list[str]:
    """The scripts' own text, for finding which messages they ask for."""
    package = package_files(__package__ or "cx_playbook")
    return [package.joinpath(name).read_text(encoding="utf-8") for name in SCRIPTS]


def manifest_script(manifest: Mapping[str, Any]) -> str:
    """The manifest as the script every page loads before the others."""
    return f"window.cxManifest = {json.dumps(manifest, ensure_ascii=True, separators=(',', ':'))};\n"
