"""The content contract: one Pydantic model per kind of playbook entry, and what a kind is.

These models are the single source of truth: validation, the JSON Schemas for editors and the
field reference in the authoring guide are all derived from them. Everything the site needs to
know about a kind of entry (its folder, names, index intro, reading order, template and the
backlinks its references create) is declared on its model, so adding a kind means its model,
its template and its documentation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from .errors import did_you_mean, did_you_mean_reference
from .markup import judge_markdown
from .text import Markdown, PlainText, Summary, WebAddress

ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
# A reference to an entry: its kind's folder, then its id.
REFERENCE_PATTERN = rf"[a-z0-9-]+/{ID_PATTERN}"


def kebab_case(text: str) -> str:
    """The kebab-case id nearest to ``text``, to suggest where an id is written otherwise (empty
    when ``text`` has no letter or digit to keep)."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


Id = Annotated[str, StringConstraints(pattern=rf"^{ID_PATTERN}$")]
SOURCES_FILE = "sources.yaml"


def _context(info: ValidationInfo, name: str) -> Any:
    return (info.context or {}).get(name)


def _unknown_reference(ref: str, known: frozenset[str], line: int | None = None) -> PydanticCustomError:
    context: dict[str, Any] = {"ref": ref, "hint": did_you_mean_reference(ref, known)}
    if line is not None:
        context["line"] = line
    return PydanticCustomError("unknown_reference", "no entry '{ref}' in the playbook{hint}", context)


def _checked_markdown(value: str, info: ValidationInfo) -> str:
    """Markdown whose rendered HTML the allowlist keeps intact, and whose links all resolve."""
    found = judge_markdown(value, _context(info, "markdown"), _context(info, "references"), _context(info, "quizzes"))
    if found is not None:
        context: dict[str, Any] = {"reason": found.reason, "line": found.line}
        raise PydanticCustomError(found.rule, "{reason}", context)
    return value


CheckedMarkdown = Annotated[Markdown, AfterValidator(_checked_markdown)]


def _reference_to(*kinds: str) -> Callable[[str, ValidationInfo], str]:
    """The check of a ``kind/id`` reference: the entry exists, is one of ``kinds`` when given,
    and is not the entry itself."""

    def check(value: str, info: ValidationInfo) -> str:
        kind = value.partition("/")[0]
        known = _context(info, "references")
        if kinds and kind not in kinds:
            allowed = [ref for ref in known or () if ref.partition("/")[0] in kinds]
            known_kinds = {ref.partition("/")[0] for ref in known or ()}
            hint = did_you_mean_reference(value, allowed) if kind in known_kinds else did_you_mean(kind, kinds)
            raise PydanticCustomError(
                "reference_kind", "'{ref}' must refer to one of {kinds}{hint}", {"ref": value, "kinds": ", ".join(kinds), "hint": hint}
            )
        if known is not None and value not in known:
            raise _unknown_reference(value, known)
        if value == _context(info, "self"):
            raise PydanticCustomError("self_reference", "'{ref}' is this entry itself: point at another entry", {"ref": value})
        return value

    return check


def _described(*kinds: str) -> Any:
    which = ", ".join(kinds) if kinds else "any kind"
    return Field(description=f"A reference `<kind>/<id>` to an entry of {which}.", examples=[f"{kinds[0] if kinds else 'techniques'}/example-id"])


_REFERENCE = StringConstraints(pattern=rf"^{REFERENCE_PATTERN}$")


def _cited_source(value: str, info: ValidationInfo) -> str:
    known = _context(info, "sources")
    if known is not None and value not in known:
        hint = did_you_mean(value, known)
        raise PydanticCustomError("unknown_source", "no source '{source}' in {file}{hint}", {"source": value, "file": SOURCES_FILE, "hint": hint})
    return value


Tag = Annotated[str, StringConstraints(pattern=rf"^{ID_PATTERN}$"), Field(description="A kebab-case word.")]
AnyEntry = Annotated[str, _REFERENCE, AfterValidator(_reference_to()), _described()]
SourceId = Annotated[
    str,
    StringConstraints(pattern=rf"^{ID_PATTERN}$"),
    AfterValidator(_cited_source),
    Field(description=f"The id of a text in `{SOURCES_FILE}`.", examples=["towers-2019-moments-of-truth"]),
]
Year = Annotated[int, Field(ge=1000, le=2100)]
# Written once, so that every kind of file an overlay can override says the same thing about it.
Replaces = Annotated[
    bool,
    Field(
        description="Only in an overlay: true to replace the item of the same id (a glossary term: the same term) that the base playbook "
        "or an earlier overlay defines. Without it a clash is an error, and so is true where there is nothing to replace."
    ),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Identified(Strict):
    """A model whose id is its file's name: given at validation, in the context, never changed."""

    _id: str = PrivateAttr(default="")

    def model_post_init(self, context: Any) -> None:
        self._id = (context or {}).get("id", "")

    @property
    def id(self) -> str:
        return self._id


class SourceText(Strict):
    """A text the playbook draws on, listed once in sources.yaml and cited by id. Facts carry over
    from it; sentences never do."""

    id: Id = Field(description="Kebab-case id that entries cite; unique.")
    title: PlainText = Field(description="The text's title; shorten a long one rather than copy it whole.")
    author: PlainText = Field(description="Who wrote or gave it, as the text itself names them.")
    year: Year | None = Field(description="Year of publication (of the original, for a republished text); write `null` for an undated text.")
    circa: bool = Field(False, description="True when the year is approximate.")
    url: WebAddress | None = Field(None, description="Where to read or watch it (http or https), when the text itself gives an address.")
    note: PlainText | None = Field(None, description="What the text is, when its title does not say: a talk, a guest post, marketing copy.")
    replaces: Replaces = False


class Entry(Identified):
    """What every playbook entry has, whatever its kind."""

    # What a kind is. Each concrete kind sets these; `template` defaults to cx/<kind>.md.j2.
    kind: ClassVar[str]
    label: ClassVar[str]
    plural: ClassVar[str]
    intro: ClassVar[str]
    template: ClassVar[str]
    # Reference fields, and the heading the entry is listed under on the page each one points at.
    backlinks: ClassVar[Mapping[str, str]] = {"related": "Referenced by"}

    title: PlainText = Field(description="The entry's name, as plain text.")
    aliases: list[PlainText] = Field(
        default_factory=list, description="Other names a learner might search for it by (a synonym, the field's usual term); shown as 'Also known as'."
    )
    summary: Summary = Field(description="One plain-text sentence of at most 240 characters; shown on cards and in search.")
    body: CheckedMarkdown = Field(description="The teaching: what the idea is, why it matters, how to apply it, an example.")
    tags: list[Tag] = Field(default_factory=list, description="Kebab-case words that group entries on the Tags page.")
    related: list[AnyEntry] = Field(default_factory=list, description="Other entries a reader should go on to; each gets a backlink.")
    sources: list[SourceId] = Field(min_length=1, description=f"The texts the entry draws on, by their id in `{SOURCES_FILE}`; at least one.")
    replaces: Replaces = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # A kind that forgets part of what it is fails here, at import, not as a blank page later.
        missing = [name for name in ("kind", "label", "plural", "intro") if name not in vars(cls) and not hasattr(cls, name)]
        if missing:
            raise TypeError(f"{cls.__name__} must set {', '.join(missing)} to be a kind of entry")
        if "template" not in vars(cls):
            cls.template = f"cx/{cls.kind}.md.j2"

    @property
    def ref(self) -> str:
        return f"{self.kind}/{self.id}"

    def reading_key(self) -> tuple:
        """Where the entry stands in its kind's reading order: by title, unless a kind says otherwise."""
        return (self.title.casefold(),)


class Principle(Entry):
    """A belief that separates Outside-In organisations from Inside-Out ones."""

    kind = "principles"
    label = "Principle"
    plural = "Principles"
    intro = (
        "Principles are the beliefs that separate an organisation run from the customer's side (Outside-In) from one run "
        "for its own convenience (Inside-Out). Each one names the contrast it draws."
    )

    inside_out: PlainText = Field(description="How an Inside-Out organisation behaves on this point.")
    outside_in: PlainText = Field(description="How an Outside-In organisation behaves instead.")


class Tenet(Entry):
    """One of the numbered tenets of Customer Experience Management."""

    kind = "tenets"
    label = "Tenet"
    plural = "Tenets"
    intro = (
        "The ten tenets of Customer Experience Management, in their published order: short rules of conduct for anyone "
        "designing or delivering an experience."
    )

    number: Annotated[int, Field(ge=1, le=1000, description="Position 1..N among the tenets; unique.")]
    statement: PlainText = Field(description="The tenet itself, in one plain sentence.")
    practices: list[CheckedMarkdown] = Field(min_length=1, description="Things a team does to live by the tenet.")

    def reading_key(self) -> tuple:
        return (self.number,)


PrincipleOrTenet = Annotated[
    str, _REFERENCE, AfterValidator(_reference_to(Principle.kind, Tenet.kind)), _described(Principle.kind, Tenet.kind)
]


class Technique(Entry):
    """A repeatable way of putting principles and tenets into practice."""

    kind = "techniques"
    label = "Technique"
    plural = "Techniques"
    intro = (
        "Techniques are repeatable ways of putting the principles and tenets into practice: who takes part, how long it "
        "takes, what to prepare, the steps, a worked example and the mistakes to avoid."
    )
    backlinks = {"applies": "Put into practice by", **Entry.backlinks}

    purpose: PlainText = Field(description="What the technique is for, in one plain line.")
    participants: list[PlainText] = Field(min_length=1, description="Who takes part: roles, not names.")
    duration: PlainText = Field(description="How long a session takes, for example 'Two hours'.")
    running_from_sources: bool = Field(
        False, description="True when a source gives who takes part, how long or what to prepare; otherwise the page calls them the playbook's guidance."
    )
    preparation: list[CheckedMarkdown] = Field(min_length=1, description="What to prepare beforehand: materials, data, people to ask.")
    steps: list[CheckedMarkdown] = Field(min_length=1, description="What to do, in order; each step concrete enough to run from the page.")
    outputs: list[CheckedMarkdown] = Field(min_length=1, description="What the team has when done.")
    example: CheckedMarkdown = Field(description="A worked example of the output, so a facilitator knows what good looks like.")
    pitfalls: list[CheckedMarkdown] = Field(min_length=1, description="Mistakes to avoid.")
    applies: list[PrincipleOrTenet] = Field(min_length=1, description="Principles and tenets this technique puts into practice.")


Illustrated = Annotated[
    str,
    _REFERENCE,
    AfterValidator(_reference_to(Principle.kind, Tenet.kind, Technique.kind)),
    _described(Principle.kind, Tenet.kind, Technique.kind),
]


class CaseStudy(Entry):
    """A real organisation's story that shows an idea at work, or its absence."""

    kind = "case-studies"
    label = "Case study"
    plural = "Case studies"
    intro = (
        "Case studies are real organisations' stories, good and bad, that show the principles, tenets and techniques at "
        "work. Where a source gives only a line or two, the entry is a short example and says no more than the source."
    )
    backlinks = {"illustrates": "Illustrated by", **Entry.backlinks}

    organisation: PlainText = Field(description="Who the story is about.")
    industry: PlainText = Field(description="Their line of business.")
    year: Year | None = Field(None, description="When it happened, only when a source says.")
    challenge: CheckedMarkdown | None = Field(
        None, description="The problem the organisation faced. A short example leaves out challenge, approach and outcome together."
    )
    approach: CheckedMarkdown | None = Field(None, description="What it did; given with challenge and outcome, or not at all.")
    outcome: CheckedMarkdown | None = Field(None, description="What came of it; mark claims a source does not back as claims.")
    lessons: list[CheckedMarkdown] = Field(min_length=1, description="What a reader can take from it.")
    illustrates: list[Illustrated] = Field(min_length=1, description="Entries this case study illustrates.")

    @model_validator(mode="after")
    def _full_or_short(self) -> CaseStudy:
        story = {"challenge": self.challenge, "approach": self.approach, "outcome": self.outcome}
        missing = [name for name, value in story.items() if value is None]
        if 0 < len(missing) < len(story):
            raise PydanticCustomError(
                "partial_story",
                "a case study gives challenge, approach and outcome together, or none of them for a short example; missing: {missing}",
                {"missing": ", ".join(missing)},
            )
        return self

    @property
    def is_short(self) -> bool:
        return self.challenge is None


# The kinds of entry, in the order the site reads them.
ENTRY_KINDS: tuple[type[Entry], ...] = (Principle, Tenet, Technique, CaseStudy)


class GlossaryTerm(Strict):
    """A term of the trade, with its abbreviation explained on hover across the site."""

    term: PlainText = Field(description="The term, spelt out; unique in the glossary.")
    abbr: Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9/-]{0,11}$")] | None = Field(
        None, description="Its abbreviation, explained on hover wherever it appears on the site; unique."
    )
    definition: PlainText = Field(description="What it means, in plain text.")
    see: AnyEntry | None = Field(None, description="The entry that explains it best.")
    replaces: Replaces = False
