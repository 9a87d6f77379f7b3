"""Overlays: an organisation's own content on top of the base playbook, without forking it.

An overlay is a folder laid out like the base (``playbook/`` with kind folders, ``glossary.yaml``,
``sources.yaml`` and ``course.yaml``; ``quizzes/``), every part optional, with an optional
``overlay.yaml`` naming what it takes out. The base and the overlays are stacked in order: each
overlay first drops what it excludes from everything beneath it, then adds its own items. An item
whose id is already taken replaces the one beneath only when it says ``replaces: true``; a course
always replaces the course beneath. This module decides which item wins for each id; validation
then checks the winners together, in one pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Generic, TypeVar

from pydantic import Field, StringConstraints

from .errors import Problem, did_you_mean, did_you_mean_reference
from .models import Strict

T = TypeVar("T")

# An overlay's own settings file, at the top of its folder (discovery finds it).
OVERLAY_FILE = "overlay.yaml"

ExcludedName = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9-]+(?:/[^\n/][^\n]*)?$"),
    Field(
        description="An entry (`techniques/<id>`), a whole kind (`case-studies`), a quiz (`quizzes/<id>`) or every quiz (`quizzes`), "
        "a glossary term (`glossary/<term>`, any case) or the whole glossary (`glossary`), a source text (`sources/<id>`), or `course`.",
        examples=["case-studies/home-depot"],
    ),
]


class OverlaySettings(Strict):
    """An overlay's own settings, in `overlay.yaml` at the top of its folder."""

    exclude: list[ExcludedName] = Field(
        default_factory=list,
        description="What to take out of the base playbook (and any earlier overlay). Each name must match something; "
        "every remaining reference to what it removes is an error at the reference.",
    )


class Remaining(frozenset[str]):
    """The names present after overlays, and where each name an overlay took out was excluded, so
    that a reference to it is told why it fails rather than offered a guess at a typo."""

    excluded: Mapping[str, str]

    def __new__(cls, names: Iterable[str], excluded: Mapping[str, str] | None = None) -> Remaining:
        remaining = super().__new__(cls, names)
        remaining.excluded = {name: where for name, where in (excluded or {}).items() if name not in remaining}
        return remaining


@dataclass(frozen=True)
class Exclusion:
    """One name in an overlay's ``exclude`` list, and where it is written."""

    name: str
    level: int
    index: int
    path: str
    line: int
    column: int

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"

    def matches(self, item: Item) -> bool:
        wanted = self.name.casefold()
        return wanted == item.name.casefold() or wanted in item.groups


@dataclass(frozen=True)
class Item(Generic[T]):
    """Something one layer defines that another may replace or exclude.

    ``key`` is what clashes (a reference, a quiz id, a term ignoring case, a source id), ``name``
    how an exclusion names it (``techniques/x``, ``quizzes/x``, ``glossary/Term``) and ``label``
    how a message does (the reference, the id, the term); ``groups`` are the wider names an
    exclusion may use for it (its kind, ``quizzes``, ``glossary``). ``replaces`` reads the item's flag,
    ``origin`` says where it is defined, and ``pin`` makes a problem at a place inside it; they
    are functions so that a file is read only when its flag or a line is needed."""

    key: str
    name: str
    label: str
    groups: tuple[str, ...]
    value: T
    replaces: Callable[[], bool]
    origin: Callable[[], str]
    pin: Callable[[tuple[str | int, ...], str], Problem]
    level: int = 0  # 0 for the base playbook, then each overlay in order


@dataclass
class Stack:
    """The layers merged one sort of item at a time, with each overlay's exclusions applied
    across all of them; ``problems`` collects what is wrong with the stacking itself."""

    exclusions: Sequence[Sequence[Exclusion]]
    problems: list[Problem] = field(default_factory=list)
    # Each name taken out (`techniques/x`, `quizzes/x`, `glossary/Term`), and where it was excluded.
    excluded: dict[str, str] = field(default_factory=dict)
    _matched: set[Exclusion] = field(default_factory=set)
    _names_beneath: list[set[str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._names_beneath = [set() for _ in self.exclusions]

    def merge(self, levels: Sequence[Sequence[Item[T]]], what: str, always_replaces: bool = False) -> dict[str, Item[T]]:
        """The winning item for each key, level 0 being the base. ``always_replaces``: a later
        item replaces an earlier one without being asked (the course)."""
        current: dict[str, tuple[int, Item[T]]] = {}
        fresh: list[tuple[Item[T], frozenset[str]]] = []
        for level, items in enumerate(levels):
            self._exclude(level, current)
            beneath = frozenset(item.label for _, item in current.values())
            for item in items:
                held = current.get(item.key)
                if held is not None and held[0] == level:
                    continue  # twice in one file: reported where that file is checked
                if held is None:
                    fresh.append((item, beneath))
                elif not always_replaces and not item.replaces():
                    # The overlay's item is kept, so that its own problems are found in this pass too.
                    self.problems.append(item.pin((), f"{what} '{item.label}' is already defined in {held[1].origin()}; add replaces: true to replace it"))
                current[item.key] = (level, item)
        if not always_replaces:
            for item, beneath in fresh:
                if current.get(item.key, (0, None))[1] is item and item.replaces():
                    hint = did_you_mean_reference(item.label, beneath) if "/" in item.label else did_you_mean(item.label, beneath)
                    message = f"replaces: true, but there is no {what} '{item.label}' beneath to replace{hint}; remove replaces to add it as new"
                    self.problems.append(item.pin(("replaces",), message))
        return {key: item for key, (_, item) in current.items()}

    def _exclude(self, level: int, current: dict[str, tuple[int, Item[T]]]) -> None:
        if level == 0:
            return
        names = self._names_beneath[level]
        for _, item in current.values():
            names.add(item.name)
            names.update(item.groups)
        for exclusion in self.exclusions[level]:
            dropped = [key for key, (_, item) in current.items() if exclusion.matches(item)]
            if dropped:
                self._matched.add(exclusion)
            for key in dropped:
                self.excluded[current.pop(key)[1].name] = exclusion.where

    def unmatched(self) -> Iterable[Problem]:
        """A problem for each exclusion that matched nothing in any sort of item: a typo, or
        something already gone."""
        for level in self.exclusions:
            for exclusion in level:
                if exclusion in self._matched:
                    continue
                names = self._names_beneath[exclusion.level]
                hint = did_you_mean_reference(exclusion.name, names) if "/" in exclusion.name else did_you_mean(exclusion.name, names)
                message = f"exclude[{exclusion.index}]: nothing called '{exclusion.name}' beneath this overlay to exclude{hint}"
                yield Problem(exclusion.path, exclusion.line, exclusion.column, message)
