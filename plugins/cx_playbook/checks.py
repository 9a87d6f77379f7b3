"""``cx-playbook check``: everything a reviewer needs to know about a change, in one run.

Validation first (every problem at once); then what validation allows but a reviewer would not:
placeholders left by ``cx-playbook new``, entries nothing leads to, quizzes that say they cover
nothing; then the site, built strictly in a separate process, and every internal link and anchor
of the HTML it produced, each pinned back to the Markdown or YAML it came from where possible."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import discovery
from .course import COURSE_FILE
from .errors import ContentError, Problem, display_path
from .links import BrokenLink, broken_links, page_sources
from .loading import load
from .markup import wikilinks, without_code
from .playbook import Playbook
from .report import ERROR, WARNING, Finding
from .scaffold import PLACEHOLDER
from .site import SiteSettings
from .validation import load_playbook

DEFAULT_TIMEOUT = 600.0
# MkDocs' log lines: "WARNING -  message" and "ERROR    -  message".
_LOG_LINE = re.compile(r"^(WARNING|ERROR)\s+-\s+(.*)$")
_DOC_LINK = re.compile(r"Doc file '([^']+)' contains (?:a|an absolute|an unrecognized relative) link '([^']*)'")


@dataclass(frozen=True)
class BuildSettings:
    """How the site is built for the check: its mkdocs.yml, where to keep the result, how long to wait."""

    config: Path
    site_dir: Path | None = None
    timeout: float = DEFAULT_TIMEOUT


def run(source: SiteSettings, build: BuildSettings | None) -> list[Finding]:
    """Every finding about the playbook in ``source`` and, when ``build`` is given, its site."""
    try:
        playbook = load_playbook(
            source.playbook, source.quizzes, kinds=source.kinds, markdown=source.markdown, docs=source.docs, overlays=source.overlays
        )
    except ContentError as error:
        # The site cannot be built from a playbook with problems, and the rest depends on it.
        return [Finding.of(problem) for problem in error.problems]
    findings = [*placeholders(source), *orphans(playbook, source), *uncovered_quizzes(playbook, source)]
    if build is not None:
        findings += site(build, source)
    return findings


# --- What validation allows but a reviewer would not ----------------------------------------------


def _content_files(source: SiteSettings) -> Iterator[Path]:
    problems: list[Problem] = []  # validation has reported these already
    for playbook, quizzes in _layers(source):
        found = discovery.find(playbook, source.kinds, quizzes, problems)
        yield from (path for _, path in found.entries)
        yield from (path for path in (found.glossary, found.sources, found.course) if path is not None)
        yield from found.quizzes


def _layers(source: SiteSettings) -> list[tuple[Path, Path | None]]:
    """The base playbook and its quizzes, then each overlay's, in the order they stack."""
    layers: list[tuple[Path, Path | None]] = [(source.playbook, source.quizzes)]
    for overlay in source.overlays:
        if (overlay / "playbook").is_dir():
            layers.append((overlay / "playbook", overlay / "quizzes"))
    return layers


def _strings(data: Any, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*loc, index))


def placeholders(source: SiteSettings) -> Iterator[Finding]:
    """Each value still reading TODO, as ``cx-playbook new`` left it: valid, but not for readers."""
    for path in _content_files(source):
        document, _ = load(path)
        if document is None:
            continue
        for loc, value in _strings(document.data):
            if value.strip() == PLACEHOLDER:
                field = next((part for part in reversed(loc) if isinstance(part, str)), "this value")
                yield Finding.of(document.problem(loc, f"{field}: still the placeholder {PLACEHOLDER}: write the {field} here"))


def _linked_from(playbook: Playbook, docs: Path | None) -> set[str]:
    """Every entry that something points at: another entry's references and [[links]], a quiz, a
    glossary term, the course, or a hand-written page."""
    found: set[str] = set()
    for entry in playbook.of_all_kinds():
        for field in entry.backlinks:
            found.update(ref for ref in getattr(entry, field, ()) if ref != entry.ref)
        found.update(ref for _, text in _strings(entry.model_dump()) for ref in wikilinks(text) if ref != entry.ref)
    for quiz in playbook.quizzes.values():
        found.update(quiz.covers)
        found.update(ref for question in quiz.questions for ref in question.refs)
        found.update(ref for _, text in _strings(quiz.model_dump()) for ref in wikilinks(text))
    found.update(term.see for term in playbook.glossary if term.see)
    if playbook.course is not None:
        found.update(reading for module in playbook.course.modules for reading in module.readings)
        found.update(ref for _, text in _strings(playbook.course.model_dump()) for ref in wikilinks(text))
    if docs is not None and docs.is_dir():
        for page in docs.rglob("*.md"):
            found.update(wikilinks(without_code(page.read_text(encoding="utf-8", errors="replace"))))
    return found


def _entry_file(source: SiteSettings, ref: str) -> Path:
    """The file an entry was read from: the last layer that has it, as overlays stack."""
    candidates = [playbook / f"{ref}.yaml" for playbook, _ in _layers(source)]
    return next((path for path in reversed(candidates) if path.is_file()), candidates[0])


def _pinned(path: Path, loc: Sequence[str | int], message: str, level: str) -> Finding:
    document, _ = load(path)
    problem = document.problem(loc, message) if document is not None else Problem(display_path(path), 1, 1, message)
    return Finding.of(problem, level)


def orphans(playbook: Playbook, source: SiteSettings) -> Iterator[Finding]:
    """Entries that nothing leads a reader to: only the index and search would find them."""
    linked = _linked_from(playbook, source.docs)
    for entry in playbook.of_all_kinds():
        if entry.ref not in linked:
            message = (
                f"'{entry.ref}' is an orphan: no entry, quiz, glossary term, course module or page points to it;"
                f" list it under another entry's related, or link it with [[{entry.ref}]]"
            )
            yield _pinned(_entry_file(source, entry.ref), ("title",), message, WARNING)


def uncovered_quizzes(playbook: Playbook, source: SiteSettings) -> Iterator[Finding]:
    """Quizzes that name no entry under covers, so their page says nothing of what they test."""
    for quiz in playbook.quizzes.values():
        if not quiz.covers:
            candidates = [quizzes / f"{quiz.id}.yaml" for _, quizzes in _layers(source) if quizzes is not None]
            path = next((path for path in reversed(candidates) if path.is_file()), candidates[0])
            yield _pinned(path, ("covers",), f"covers: quiz '{quiz.id}' names no entry it covers: list the entries its questions are about", WARNING)


# --- The built site ------------------------------------------------------------------------------------


def site(build: BuildSettings, source: SiteSettings) -> list[Finding]:
    """The strict build's warnings and errors, then every broken internal link of what it built."""
    if not build.config.is_file():
        message = f"no site configuration at {display_path(build.config)}: name it with --config, or skip the build with --no-build"
        return [Finding(display_path(build.config), 1, 1, ERROR, message)]
    if build.site_dir is not None:
        return _built(build, build.site_dir, source)
    with tempfile.TemporaryDirectory(prefix="cx-check-") as folder:
        return _built(build, Path(folder), source)


def _built(build: BuildSettings, out: Path, source: SiteSettings) -> list[Finding]:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(build.config), "--site-dir", str(out.resolve())]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=build.timeout, stdin=subprocess.DEVNULL, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        )
    except subprocess.TimeoutExpired:
        return [Finding(display_path(build.config), 1, 1, ERROR, f"the site build took longer than {build.timeout:g} seconds and was stopped")]
    findings = list(_build_log(result.stderr + result.stdout, build.config, source))
    if result.returncode != 0 and not findings:
        last = (result.stderr.strip() or result.stdout.strip() or "no output").splitlines()[-1]
        findings.append(Finding(display_path(build.config), 1, 1, ERROR, f"the site did not build: {last}"))
    if (out / "index.html").is_file():
        links = [_link_finding(link, build.config, source) for link in broken_links(out)]
        # MkDocs reports some of the same links from the Markdown; each is said once, the way the reader meets it.
        spots = {(finding.path, finding.line) for finding in links}
        findings = [finding for finding in findings if not (finding.message.startswith("link ") and (finding.path, finding.line) in spots)]
        findings += links
    return findings


def _build_log(output: str, config: Path, source: SiteSettings) -> Iterator[Finding]:
    for line in output.splitlines():
        match = _LOG_LINE.match(line.strip())
        if match is None:
            continue
        message = match.group(2).strip()
        link = _DOC_LINK.search(message)
        origin = _origin(link.group(1), source) if link is not None else None
        if link is not None and origin is not None:
            yield Finding(display_path(origin), *_locate(origin, [link.group(2)]), ERROR, f"link '{link.group(2)}': {message} (MkDocs)")
        else:
            yield Finding(display_path(config), 1, 1, ERROR, f"{message} (MkDocs, strict build)")


def _source_of(page: str, source: SiteSettings) -> Path | None:
    """The file a built page was made from, or None when no author's file makes it."""
    return next((origin for origin in (_origin(markdown, source) for markdown in page_sources(page)) if origin is not None), None)


def _origin(markdown: str, source: SiteSettings) -> Path | None:
    """The file a Markdown page of the site comes from: a hand-written page, or the entry, quiz or
    course file that the plugin generates it from."""
    if (source.docs / markdown).is_file():
        return source.docs / markdown
    first, _, rest = markdown.partition("/")
    stem = rest[: -len(".md")] if rest.endswith(".md") else ""
    if first == "course" and stem:
        return _last_existing([playbook / COURSE_FILE for playbook, _ in _layers(source)])
    if first == "quizzes" and stem and "/" not in stem and stem != "index":
        return _last_existing([quizzes / f"{stem}.yaml" for _, quizzes in _layers(source) if quizzes is not None])
    if stem and "/" not in stem and stem != "index" and any(kind.kind == first for kind in source.kinds):
        return _last_existing([playbook / first / f"{stem}.yaml" for playbook, _ in _layers(source)])
    if markdown == "glossary.md":
        return _last_existing([playbook / discovery.GLOSSARY_FILE for playbook, _ in _layers(source)])
    return None


def _last_existing(paths: Iterable[Path]) -> Path | None:
    return next((path for path in reversed(list(paths)) if path.is_file()), None)


def _link_finding(link: BrokenLink, config: Path, source: SiteSettings) -> Finding:
    origin = _source_of(link.page, source)
    message = f"link '{link.href}' on the built page {link.page}: {link.reason}"
    if origin is None:
        # A page no author file makes (an index, the navigation, a template): the site's settings.
        return Finding(display_path(config), 1, 1, ERROR, message)
    # The link as the author wrote it: MkDocs rewrites `page.md#part` to `../page/#part` in the HTML.
    written = [Path(markdown).name for markdown in page_sources(link.target)] if link.target.endswith(".html") else [Path(link.target).name]
    fragment = f"#{link.fragment}" if link.fragment else ""
    needles = [link.href, *(f"{name}{fragment}" for name in written), fragment, *written]
    return Finding(display_path(origin), *_locate(origin, [needle for needle in needles if needle]), ERROR, message)


def _locate(path: Path, needles: Sequence[str]) -> tuple[int, int]:
    """Where the first of ``needles`` is written in ``path`` (line and column from 1), or its start."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 1, 1
    for needle in needles:
        index = text.find(needle)
        if index >= 0:
            line = text.count("\n", 0, index) + 1
            return line, index - (text.rfind("\n", 0, index) + 1) + 1
    return 1, 1

