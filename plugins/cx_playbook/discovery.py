"""Finding the content files: which YAML files make up a playbook, and which are mistakes.

Only regular files inside the playbook are content. A symbolic link that leads outside it could
publish any file on the machine that builds the site, so it is refused like a misplaced file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, did_you_mean, display_path
from .course import COURSE_FILE
from .models import ID_PATTERN, SOURCES_FILE, Entry, kebab_case
from .overlays import OVERLAY_FILE

GLOSSARY_FILE = "glossary.yaml"
TOP_LEVEL_FILES = (GLOSSARY_FILE, SOURCES_FILE, COURSE_FILE)
# An overlay's parts, each optional: entries and the top-level files, quizzes, what it excludes.
OVERLAY_PLAYBOOK = "playbook"
OVERLAY_QUIZZES = "quizzes"
OVERLAY_PARTS = (OVERLAY_PLAYBOOK, OVERLAY_QUIZZES, OVERLAY_FILE)
# Each folder's index page is generated at <folder>/index, so no file may take that id.
RESERVED_IDS = frozenset({"index"})
_ID = re.compile(rf"^{ID_PATTERN}$")


@dataclass(frozen=True)
class Found:
    """The content files of a playbook, by role."""

    entries: list[tuple[type[Entry], Path]]
    glossary: Path | None
    sources: Path | None
    course: Path | None
    quizzes: list[Path]
    # An overlay's own settings file (what it excludes); the base playbook has none.
    settings: Path | None = None


def _escapes(path: Path, root: Path) -> str | None:
    """Why ``path`` may not be read as content of ``root``, or None when it may."""
    try:
        resolved = path.resolve(strict=True)
        inside = resolved.is_relative_to(root.resolve(strict=True))
    except (OSError, RuntimeError):
        return "is a broken or looping symbolic link"
    if not inside:
        return "is a symbolic link to outside the playbook: copy the file in instead"
    return None


def find(root: Path, kinds: Sequence[type[Entry]], quizzes: Path | None, problems: list[Problem]) -> Found:
    """Every content file under ``root`` (and ``quizzes``), adding a problem for each stray one."""
    entries: list[tuple[type[Entry], Path]] = []
    top: dict[str, Path] = {}
    if not root.is_dir():
        problems.append(Problem(display_path(root), 1, 1, "the playbook directory does not exist"))
        return Found([], None, None, None, [])
    by_folder = {kind.kind: kind for kind in kinds}
    folders = [f"{name}/" for name in by_folder]
    for child in _children(root, root, problems):
        if child.name in TOP_LEVEL_FILES:
            top[child.name] = child
        elif child.is_dir() and child.name in by_folder:
            entries.extend((by_folder[child.name], path) for path in yaml_files(child, root, problems))
        elif child.is_dir():
            hint = did_you_mean(child.name, by_folder)
            problems.append(Problem(display_path(child), 1, 1, f"unknown kind of entry '{child.name}'{hint}; expected one of {', '.join(by_folder)}"))
        else:
            hint = did_you_mean(child.name, TOP_LEVEL_FILES)
            problems.append(Problem(display_path(child), 1, 1, f"unexpected file{hint}: entries go in {', '.join(folders)}"))
    quiz_files = list(yaml_files(quizzes, quizzes, problems)) if quizzes is not None and quizzes.is_dir() else []
    return Found(entries, top.get(GLOSSARY_FILE), top.get(SOURCES_FILE), top.get(COURSE_FILE), quiz_files)


def find_overlay(folder: Path, kinds: Sequence[type[Entry]], problems: list[Problem]) -> Found:
    """The content files of an overlay: a folder laid out like the base, every part optional."""
    if not folder.is_dir():
        problems.append(Problem(display_path(folder), 1, 1, "the overlay directory does not exist"))
        return Found([], None, None, None, [])
    parts = {child.name: child for child in _children(folder, folder, problems)}
    for name, child in parts.items():
        # Other files may sit beside an overlay (a README, the site's mkdocs.yml); a near miss of
        # one of its own parts would be silently ignored, so it is named.
        meant = next((part for part in OVERLAY_PARTS if part != name and did_you_mean(name, [part])), None)
        if meant is not None and meant not in parts:
            problems.append(Problem(display_path(child), 1, 1, f"not part of the overlay (did you mean '{meant}'?)"))
    if not any(part in parts for part in OVERLAY_PARTS):
        problems.append(Problem(display_path(folder), 1, 1, f"an overlay holds {', '.join(OVERLAY_PARTS)} or some of them, and this folder has none"))
    playbook, quizzes = folder / OVERLAY_PLAYBOOK, folder / OVERLAY_QUIZZES
    found = find(playbook, kinds, quizzes, problems) if playbook.is_dir() else Found([], None, None, None, [])
    if not playbook.is_dir() and quizzes.is_dir():
        found = Found([], None, None, None, list(yaml_files(quizzes, quizzes, problems)))
    settings = parts.get(OVERLAY_FILE)
    return Found(found.entries, found.glossary, found.sources, found.course, found.quizzes, settings)


def _children(directory: Path, root: Path, problems: list[Problem]) -> Iterator[Path]:
    try:
        children = sorted(directory.iterdir())
    except OSError as error:
        problems.append(Problem(display_path(directory), 1, 1, f"cannot be read: {error.strerror or error}"))
        return
    for child in children:
        if child.name.startswith("."):
            continue
        why = _escapes(child, root) if child.is_symlink() else None
        if why:
            problems.append(Problem(display_path(child), 1, 1, why))
        else:
            yield child


def yaml_files(directory: Path, root: Path, problems: list[Problem]) -> Iterator[Path]:
    """The ``<id>.yaml`` files of one folder, with a problem for anything else in it."""
    for path in _children(directory, root, problems):
        if path.suffix != ".yaml" or not path.is_file():
            hint = " (rename it to .yaml)" if path.suffix == ".yml" else ""
            problems.append(Problem(display_path(path), 1, 1, f"not an entry file: entries are '<id>.yaml'{hint}"))
        elif path.stem in RESERVED_IDS:
            problems.append(Problem(display_path(path), 1, 1, f"'{path.stem}' is reserved for the folder's index page: choose another id"))
        elif not _ID.match(path.stem):
            problems.append(Problem(display_path(path), 1, 1, f"file name '{path.stem}' is not a kebab-case id (try '{kebab_case(path.stem) or 'an-id'}.yaml')"))
        else:
            yield path
