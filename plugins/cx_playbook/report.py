"""What ``cx-playbook check`` found, written for a terminal and for GitHub's workflow annotations.

Each finding is one line, ``file:line:col: level: message``, so that an editor or terminal can
jump to it. On GitHub Actions each is written a second time as a workflow command, so that the
finding appears on the pull request's changed line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .errors import Problem, printable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """One thing a reviewer should see: where it is, how serious, and what to do."""

    path: str
    line: int
    column: int
    level: str
    message: str

    @classmethod
    def of(cls, problem: Problem, level: str = ERROR) -> Finding:
        return cls(problem.path, problem.line, problem.column, level, problem.message)

    def __str__(self) -> str:
        return printable(f"{self.path}:{self.line}:{self.column}: {self.level}: {self.message}")


def _data(text: str) -> str:
    # GitHub's rules for a workflow command's message: these three would end or garble the command.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    # A property value also ends at ',' (the next property) and ':' (the message).
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """The finding as a GitHub workflow command: ``::error file=…,line=…,col=…::message``."""
    # A file's name is quoted from the disk like its content: controls in it are shown as escapes.
    where = f"file={_property(printable(finding.path))},line={finding.line},col={finding.column}"
    # Line breaks follow GitHub's escapes (the message keeps them); other controls are shown as escapes.
    return f"::{finding.level} {where}::{printable(_data(finding.message))}"


def summary(findings: Iterable[Finding]) -> str:
    found = list(findings)
    if not found:
        return "No problems found."
    errors = sum(finding.level == ERROR for finding in found)
    warnings = len(found) - errors
    files = len({finding.path for finding in found})
    counts = [f"{count} {word}{'s' if count != 1 else ''}" for count, word in ((errors, "error"), (warnings, "warning")) if count]
    return f"{' and '.join(counts)} in {files} file{'s' if files != 1 else ''}."


def lines(findings: Iterable[Finding], github: bool = False) -> list[str]:
    """Every finding in order, then the annotations when on GitHub, then the summary."""
    ordered = sorted(set(findings))
    written = [str(finding) for finding in ordered]
    if github:
        written += [annotation(finding) for finding in ordered]
    return [*written, summary(ordered)]
