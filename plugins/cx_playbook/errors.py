"""Problems found in content, reported as ``file:line:col: message``."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# C0 and C1 controls, and the invisible characters that reorder or break a terminal line.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


def printable(text: str) -> str:
    """``text`` with every control character written as an escape, so that nothing quoted from a
    file can clear a terminal, colour it or start a line that looks like another problem."""
    return _UNPRINTABLE.sub(lambda match: match.group(0).encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file; line and column count from 1."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return printable(f"{self.path}:{self.line}:{self.column}: {self.message}")


class ContentError(Exception):
    """Raised with every problem of a content tree, so an author fixes them all in one go."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        files = len({p.path for p in self.problems})
        count = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"{count} problem{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}.")
        return "\n".join(lines)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean ...?)' hint naming the closest choice, or nothing when none is close."""
    if word in getattr(choices, "excluded", {}):
        return _excluded(word, choices)
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def did_you_mean_reference(ref: str, known: Iterable[str]) -> str:
    """Like ``did_you_mean`` for ``kind/id`` references: the same id under another kind, or a
    close id of the same kind, so that the shared kind prefix does not drown the id."""
    if ref in getattr(known, "excluded", {}):
        return _excluded(ref, known)
    kind, _, entry_id = ref.partition("/")
    by_kind: dict[str, list[str]] = {}
    for candidate in known:
        candidate_kind, _, candidate_id = candidate.partition("/")
        by_kind.setdefault(candidate_kind, []).append(candidate_id)
        if candidate_id == entry_id:
            return f" (did you mean '{candidate}'?)"
    close = difflib.get_close_matches(entry_id, by_kind.get(kind, []), n=1, cutoff=0.75)
    if close:
        return f" (did you mean '{kind}/{close[0]}'?)"
    return ""


def _excluded(name: str, known: Iterable[str]) -> str:
    # The known names of an overlaid playbook carry where each name that an overlay took out was
    # excluded (overlays.Remaining): a reference to one is no typo, and guessing would mislead.
    return f": it is excluded by {getattr(known, 'excluded')[name]}; remove the reference, or replace the file that holds it from an overlay"


def display_path(path: Path) -> str:
    """The path as an author would type it: relative to the working directory when inside it."""
    # abspath, not resolve: a symbolic link is named as the author sees it, not by its target.
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(Path.cwd())).as_posix()
    except ValueError:
        return path.as_posix()
