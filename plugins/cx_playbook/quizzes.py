"""The quiz contract: a quiz and its six kinds of question, as Pydantic models.

Like ``models``, these are the single source of truth for quiz validation and schemas.
"""

from __future__ import annotations

import hashlib
import json
import random
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import Field, StringConstraints, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .models import ID_PATTERN, AnyEntry, CheckedMarkdown as Markdown, Identified, Replaces, Strict
from .text import PlainText

QuestionId = Annotated[str, StringConstraints(pattern=rf"^{ID_PATTERN}$"), Field(description="Kebab-case id, unique in the quiz and stable: progress is kept against it.")]


class Option(Strict):
    text: Markdown = Field(description="What the learner may choose.")
    correct: bool = Field(False, description="True for a right answer.")
    feedback: Markdown | None = Field(None, description="Shown after submitting when the learner chose this option.")


class Pair(Strict):
    term: PlainText | None = Field(None, description="The left side: a term.")
    match: PlainText | None = Field(None, description="The right side: what the term matches.")

    @model_validator(mode="after")
    def _both_sides(self) -> Pair:
        if self.term is None or self.match is None:
            missing = "match" if self.match is None else "term"
            raise PydanticCustomError("unequal_sides", "the sides of this matching question are unequal: this pair has no '{missing}'", {"missing": missing})
        return self


class _Question(Strict):
    # How the question asks to be answered, shown beside its number.
    label: ClassVar[str]

    id: QuestionId
    prompt: Markdown = Field(description="The question, in Markdown.")
    explanation: Markdown = Field(description="Shown after answering: why the right answer is right.")
    refs: list[AnyEntry] = Field(min_length=1, description="Playbook entries to reread when the answer was wrong.")
    shuffle: bool = Field(True, description="Shuffle options or items on each attempt; false keeps the written order.")

    def key(self, quiz_id: str) -> dict[str, Any]:
        """What quiz.js needs to mark this question (and, for some types, the order shown)."""
        raise NotImplementedError

    def _fixed_shuffle(self, quiz_id: str, count: int) -> list[int]:
        # Seeded by the question, so builds are reproducible; never the answer's own order.
        shown = list(range(count))
        random.Random(f"{quiz_id}/{self.id}").shuffle(shown)
        return shown[1:] + shown[:1] if shown == sorted(shown) else shown


class _Choice(_Question):
    options: list[Option] = Field(min_length=2, description="The answers a learner chooses from; at least two.")

    def key(self, quiz_id: str) -> dict[str, Any]:
        return {"correct": [index for index, option in enumerate(self.options) if option.correct]}


class SingleChoice(_Choice):
    label = "choose one answer"
    type: Literal["single"]

    @field_validator("options")
    @classmethod
    def _exactly_one_correct(cls, options: list[Option]) -> list[Option]:
        correct = sum(option.correct for option in options)
        if correct != 1:
            raise PydanticCustomError("one_correct", "a 'single' question needs exactly one correct option, found {count}", {"count": correct})
        return options


class MultipleChoice(_Choice):
    label = "select all that apply (scored all-or-nothing: every right option and no wrong one)"
    type: Literal["multiple"]

    @field_validator("options")
    @classmethod
    def _some_correct(cls, options: list[Option]) -> list[Option]:
        if not any(option.correct for option in options):
            raise PydanticCustomError("some_correct", "a 'multiple' question needs at least one correct option")
        return options


class TrueFalse(_Question):
    label = "true or false"
    type: Literal["true_false"]
    answer: bool = Field(description="Whether the statement in the prompt is true.")

    def key(self, quiz_id: str) -> dict[str, Any]:
        return {"answer": self.answer}


class Ordering(_Question):
    label = "put the items in order"
    type: Literal["ordering"]
    items: list[Markdown] = Field(description="The items in their correct order; learners see them shuffled.")

    @field_validator("items")
    @classmethod
    def _at_least_three(cls, items: list[str]) -> list[str]:
        if len(items) < 3:
            raise PydanticCustomError("too_few_items", "an 'ordering' question needs at least 3 items, found {count}", {"count": len(items)})
        return items

    def key(self, quiz_id: str) -> dict[str, Any]:
        return {"shown": self._fixed_shuffle(quiz_id, len(self.items))}


class Matching(_Question):
    label = "match each term"
    type: Literal["matching"]
    pairs: list[Pair] = Field(min_length=2, description="Each term with the description it matches.")

    def key(self, quiz_id: str) -> dict[str, Any]:
        return {"shown": self._fixed_shuffle(quiz_id, len(self.pairs))}


class FillBlank(_Question):
    label = "type the answer"
    type: Literal["fill_blank"]
    answers: list[PlainText] = Field(description="Accepted answers; case and spacing are ignored.")

    @field_validator("answers")
    @classmethod
    def _some_answer(cls, answers: list[str]) -> list[str]:
        if not answers:
            raise PydanticCustomError("no_answer", "a 'fill_blank' question needs at least one accepted answer")
        return answers

    def key(self, quiz_id: str) -> dict[str, Any]:
        # Case and spacing are ignored, the same way quiz.js normalises what the learner types.
        return {"answers": sorted({" ".join(answer.lower().split()) for answer in self.answers})}


_TYPES = (SingleChoice, MultipleChoice, TrueFalse, Ordering, Matching, FillBlank)
QUESTION_TYPES: dict[str, type[_Question]] = {model.model_fields["type"].annotation.__args__[0]: model for model in _TYPES}  # type: ignore[union-attr]

Question = Annotated[Union[SingleChoice, MultipleChoice, TrueFalse, Ordering, Matching, FillBlank], Field(discriminator="type")]


class Quiz(Identified):
    """A self-assessment quiz on part of the playbook."""

    title: PlainText = Field(description="The quiz's name, as plain text.")
    description: Markdown = Field(description="What the quiz checks.")
    pass_mark: Annotated[int, Field(ge=1, le=100, description="The percentage needed to pass, 1 to 100.", examples=[70])]
    covers: list[AnyEntry] = Field(default_factory=list, description="The playbook entries the quiz is about.")
    questions: list[Question] = Field(min_length=1, description="The questions, in the order written; at least one.")
    replaces: Replaces = False

    def answer_key(self) -> dict[str, dict[str, Any]]:
        return {question.id: question.key(self.id) for question in self.questions}

    @property
    def version(self) -> str:
        """Changes whenever a question does, so old attempts can be told apart from new ones."""
        questions = [question.model_dump(mode="json") for question in self.questions]
        return hashlib.sha256(json.dumps(questions, sort_keys=True).encode()).hexdigest()[:12]
