"""The content contract: one Pydantic model per kind of playbook entry.

These models are the single source of truth: validation, the JSON Schemas for editors and the
field reference in the authoring guide are all derived from them.
"""

from __future__ import annotations

import re
from typing import Annotated, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .errors import did_you_mean, did_you_mean_reference
from .markup import unsafe_markup, wikilinks

ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
KINDS = ("principles", "tenets", "techniques", "case-studies")


def _plain_text(value: str) -> str:
    if "\n" in value:
        raise PydanticCustomError("plain_text", "must be a single line of plain text")
    if re.search(r"<[A-Za-z!/?]", value):
        raise PydanticCustomError("plain_text", "must be plain text: HTML tags are not allowed here")
    return value


def _one_sentence(value: str) -> str:
    if re.search(r"[*_`\[\]]", value):
        raise PydanticCustomError("plain_text", "must be plain text: Markdown is not allowed in a summary")
    if re.search(r"[.!?][\"')]?\s+[A-Z]", value):
        raise PydanticCustomError("one_sentence", "must be one sentence: split it, or move the rest into the body")
    return value


def _known_references(info: ValidationInfo) -> frozenset[str] | None:
    return (info.context or {}).get("references")


def _unknown_reference(ref: str, known: frozenset[str], line: int | None = None) -> PydanticCustomError:
    context = {"ref": ref, "hint": did_you_mean_reference(ref, known)}
    if line is not None:
        context["line"] = line
    return PydanticCustomError("unknown_reference", "no entry '{ref}' in the playbook{hint}", context)


def _safe_markdown(value: str, info: ValidationInfo) -> str:
    for unsafe in unsafe_markup(value):
        raise PydanticCustomError(
            "unsafe_markup",
            "{reason} ({fragment}): markup that could run script in a reader's browser is rejected",
            {"reason": unsafe.reason, "fragment": unsafe.fragment, "line": unsafe.line},
        )
    known = _known_references(info)
    if known is not None:
        for line, ref in wikilinks(value):
            if ref not in known:
                raise _unknown_reference(ref, known, line)
    return value


def reference(*kinds: str) -> type[str]:
    """A ``kind/id`` reference to an entry of one of ``kinds`` that must exist in the playbook."""

    def check(value: str, info: ValidationInfo) -> str:
        kind = value.partition("/")[0]
        known = _known_references(info)
        if kind not in kinds:
            allowed = [ref for ref in known or () if ref.partition("/")[0] in kinds]
            hint = did_you_mean_reference(value, allowed) if kind in KINDS else did_you_mean(kind, kinds)
            raise PydanticCustomError(
                "reference_kind",
                "'{ref}' must refer to one of {kinds}{hint}",
                {"ref": value, "kinds": ", ".join(kinds), "hint": hint},
            )
        if known is not None and value not in known:
            raise _unknown_reference(value, known)
        return value

    pattern = rf"^[a-z-]+/{ID_PATTERN}$"
    described = Field(description=f"A reference `<kind>/<id>` to one of: {', '.join(kinds)}.", examples=[f"{kinds[0]}/example-id"])
    return Annotated[str, StringConstraints(pattern=pattern), AfterValidator(check), described]


PlainText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_plain_text)]
Summary = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=240), AfterValidator(_plain_text), AfterValidator(_one_sentence)
]
# contentMediaType tells editors and the authoring guide that a field is Markdown.
Markdown = Annotated[
    str, StringConstraints(min_length=1), AfterValidator(_safe_markdown), Field(json_schema_extra={"contentMediaType": "text/markdown"})
]
Tag = Annotated[str, StringConstraints(pattern=rf"^{ID_PATTERN}$"), Field(description="A kebab-case word.")]
AnyEntry = reference(*KINDS)
PrincipleOrTenet = reference("principles", "tenets")
Illustrated = reference("principles", "tenets", "techniques")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Source(Strict):
    """A text an entry draws on. Facts carry over from it; sentences never do."""

    title: PlainText = Field(description="The text's title; shorten a long one rather than copy it whole.")
    author: PlainText = Field(description="Who wrote or gave it.")
    year: Annotated[int, Field(ge=1000, le=2100)] | None = Field(
        description="Year of publication; write `null` for an undated text."
    )
    circa: bool = Field(False, description="True when the year is approximate.")
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = Field(None, description="Where to read it, when the text itself gives an address.")


class Entry(Strict):
    """What every playbook entry has, whatever its kind."""

    kind: ClassVar[str]
    label: ClassVar[str]
    plural: ClassVar[str]

    title: PlainText = Field(description="The entry's name, as plain text.")
    summary: Summary = Field(description="One plain-text sentence of at most 240 characters; shown on cards and in search.")
    body: Markdown = Field(description="The teaching: what the idea is, why it matters, how to apply it, an example.")
    tags: list[Tag] = Field(default_factory=list, description="Kebab-case words that group entries on the Tags page.")
    related: list[AnyEntry] = Field(default_factory=list, description="Other entries a reader should go on to; each gets a backlink.")
    sources: list[Source] = Field(min_length=1, description="The texts the entry draws on; at least one.")

    _id: str = PrivateAttr(default="")

    @property
    def id(self) -> str:
        return self._id

    @property
    def ref(self) -> str:
        return f"{self.kind}/{self._id}"

    def with_id(self, entry_id: str) -> Entry:
        self._id = entry_id
        return self


class Principle(Entry):
    """A belief that separates Outside-In organisations from Inside-Out ones."""

    kind = "principles"
    label = "Principle"
    plural = "Principles"
    inside_out: PlainText = Field(description="How an Inside-Out organisation behaves on this point.")
    outside_in: PlainText = Field(description="How an Outside-In organisation behaves instead.")


class Tenet(Entry):
    """One of the numbered tenets of Customer Experience Management."""

    kind = "tenets"
    label = "Tenet"
    plural = "Tenets"
    number: Annotated[int, Field(ge=1, description="Position 1..N among the tenets; unique.")]
    statement: PlainText = Field(description="The tenet itself, in one plain sentence.")
    practices: list[Markdown] = Field(min_length=1, description="Things a team does to live by the tenet.")


class Technique(Entry):
    """A repeatable way of putting principles and tenets into practice."""

    kind = "techniques"
    label = "Technique"
    plural = "Techniques"
    purpose: PlainText = Field(description="What the technique is for, in one plain line.")
    steps: list[Markdown] = Field(min_length=1, description="What to do, in order; each step actionable.")
    outputs: list[Markdown] = Field(min_length=1, description="What the team has when done.")
    pitfalls: list[Markdown] = Field(min_length=1, description="Mistakes to avoid.")
    applies: list[PrincipleOrTenet] = Field(min_length=1, description="Principles and tenets this technique puts into practice.")
    participants: list[PlainText] | None = Field(None, min_length=1, description="Who takes part: roles, not names.")
    duration: PlainText | None = Field(None, description="How long a session takes, for example 'Two hours'.")
    preparation: list[Markdown] | None = Field(None, min_length=1, description="What to prepare beforehand: materials, data, people to ask.")
    example: Markdown | None = Field(None, description="A worked example of the output, so a facilitator knows what good looks like.")


class CaseStudy(Entry):
    """A real organisation's story that shows an idea at work, or its absence."""

    kind = "case-studies"
    label = "Case study"
    plural = "Case studies"
    organisation: PlainText = Field(description="Who the story is about.")
    industry: PlainText = Field(description="Their line of business.")
    year: Annotated[int, Field(ge=1000, le=2100)] | None = Field(None, description="When it happened, only when a source says.")
    challenge: Markdown | None = Field(None, description="The problem the organisation faced. A short example leaves out challenge, approach and outcome together.")
    approach: Markdown | None = Field(None, description="What it did; given with challenge and outcome, or not at all.")
    outcome: Markdown | None = Field(None, description="What came of it; mark claims a source does not back as claims.")
    lessons: list[Markdown] = Field(min_length=1, description="What a reader can take from it.")
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


class GlossaryTerm(Strict):
    """A term of the trade, with its abbreviation explained on hover across the site."""

    term: PlainText = Field(description="The term, spelt out; unique in the glossary.")
    abbr: Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9/&-]{0,11}$")] | None = Field(
        None, description="Its abbreviation, explained on hover wherever it appears on the site; unique."
    )
    definition: PlainText = Field(description="What it means, in plain text.")
    see: AnyEntry | None = Field(None, description="The entry that explains it best.")


MODELS: dict[str, type[Entry]] = {model.kind: model for model in (Principle, Tenet, Technique, CaseStudy)}

# How an entry is listed on the page of the entry it points at, by the field that points.
BACKLINK_LABELS: dict[str, str] = {
    "applies": "Put into practice by",
    "illustrates": "Illustrated by",
    "related": "Referenced by",
}
