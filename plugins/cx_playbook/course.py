"""The course contract: modules that read parts of the playbook and end in a quiz, and a final
assessment drawn from a pool of questions. Like ``models``, the single source of truth for the
course file's validation, schema and field reference."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from .errors import did_you_mean, did_you_mean_reference
from .models import ID_PATTERN, REFERENCE_PATTERN, CheckedMarkdown, Strict, Tag
from .text import PlainText

COURSE_FILE = "course.yaml"
# Module pages live at course/<id>/ beside these, so a module may not take their names.
RESERVED_MODULE_IDS = frozenset({"index", "final", "certificate"})


def _context(info: ValidationInfo, name: str) -> Any:
    return (info.context or {}).get(name)


def _reading(value: str, info: ValidationInfo) -> str:
    """An entry (``kind/id``) or a hand-written page (``name.md``) that exists."""
    if value.endswith(".md"):
        pages = _context(info, "pages")
        if pages is not None and value not in pages:
            raise PydanticCustomError("unknown_page", "no page '{page}' in docs/{hint}", {"page": value, "hint": did_you_mean(value, pages)})
        return value
    known = _context(info, "references")
    if known is not None and value not in known:
        hint = did_you_mean_reference(value, known)
        raise PydanticCustomError("unknown_reference", "no entry '{ref}' in the playbook{hint}", {"ref": value, "hint": hint})
    return value


def _quiz(value: str, info: ValidationInfo) -> str:
    known = _context(info, "quizzes")
    if known is not None and value not in known:
        raise PydanticCustomError("unknown_quiz", "no quiz '{quiz}' in quizzes/{hint}", {"quiz": value, "hint": did_you_mean(value, known)})
    return value


Reading = Annotated[
    str,
    StringConstraints(pattern=rf"^(?:{REFERENCE_PATTERN}|[a-z0-9/_-]+\.md)$"),
    AfterValidator(_reading),
    Field(description="An entry as `kind/id`, or a hand-written page as its file name under docs/ (`using-the-playbook.md`)."),
]
QuizId = Annotated[str, StringConstraints(pattern=rf"^{ID_PATTERN}$"), AfterValidator(_quiz), Field(description="The id of a quiz in quizzes/.")]
Minutes = Annotated[int, Field(ge=1, le=6000, description="Minutes.")]
Percentage = Annotated[int, Field(ge=1, le=100, description="A percentage, 1 to 100.")]


class Module(Strict):
    """One step of the course: what to read, then a quiz on it."""

    id: Annotated[str, StringConstraints(pattern=rf"^{ID_PATTERN}$")] = Field(description="Kebab-case id, unique in the course: the module's address.")
    title: PlainText = Field(description="The module's name.")
    objectives: list[PlainText] = Field(min_length=3, max_length=5, description="What a learner can do after the module: 3 to 5.")
    duration: Minutes = Field(description="About how long the module takes, in minutes.", examples=[60])
    readings: list[Reading] = Field(min_length=1, description="What to read, in order.")
    intro: CheckedMarkdown | None = Field(None, description="Why the module matters and how to work through it.")
    quiz: QuizId = Field(description="The quiz that closes the module.")

    @model_validator(mode="after")
    def _not_reserved(self) -> Module:
        if self.id in RESERVED_MODULE_IDS:
            raise PydanticCustomError("reserved_id", "'{id}' is the address of another course page: choose another id", {"id": self.id})
        return self


class Pool(Strict):
    """Where the final assessment's questions come from: whole quizzes, and the questions whose
    entries carry a tag."""

    quizzes: list[QuizId] = Field(default_factory=list, description="Quizzes whose every question is in the pool.")
    tags: list[Tag] = Field(default_factory=list, description="Tags: a question is in the pool when an entry it refers to carries one.")

    @model_validator(mode="after")
    def _something(self) -> Pool:
        if not self.quizzes and not self.tags:
            raise PydanticCustomError("empty_pool", "name at least one quiz or tag to draw questions from")
        return self


class FinalAssessment(Strict):
    """The assessment that closes the course, drawn afresh from the pool on every attempt."""

    pool: Pool = Field(description="Where the questions are drawn from: whole quizzes, tags, or both.")
    draw: Annotated[int, Field(ge=1, le=200, description="How many questions each attempt draws.")]
    time_guide: Minutes = Field(description="About how long an attempt takes, in minutes (a guide, not a limit).")
    pass_mark: Percentage = Field(description="The percentage needed to pass.")


class Course(Strict):
    """The certification course: modules in their recommended order, and a final assessment."""

    title: PlainText = Field(description="The course's name, printed on the certificate.")
    version: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z][0-9A-Za-z.-]{0,19}$")] = Field(
        description="Printed on the certificate; change it when modules or the final change: attempts at the final made before are then labelled as on an earlier version."
    )
    description: CheckedMarkdown = Field(description="What the course covers and who it is for.")
    modules: list[Module] = Field(min_length=1, description="The modules, in the order they are recommended (never locked).")
    final_assessment: FinalAssessment = Field(description="The assessment that closes the course.")
