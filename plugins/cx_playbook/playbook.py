"""The validated playbook as one whole: entries by reference, kinds, sources, and backlinks."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

from pydantic import PrivateAttr

from .course import Course
from .models import ENTRY_KINDS, Entry, GlossaryTerm, SourceText
from .quizzes import Quiz


# The final assessment's id in the progress record: no quiz file can take it (ids have no colon).
FINAL_QUIZ_ID = "course:final"


class FinalQuiz(Quiz):
    """The final assessment as a quiz. Its version changes with the course's version and the
    final's draw and pass mark as well as with its questions: an attempt made before the author
    changed the course is labelled as on an earlier version."""

    _course: str = PrivateAttr(default="")

    @property
    def version(self) -> str:
        return hashlib.sha256(f"{self._course}\n{super().version}".encode()).hexdigest()[:12]


class Playbook:
    """Every entry, glossary term, source and quiz, with the reverse links computed once."""

    def __init__(
        self,
        entries: Iterable[Entry],
        glossary: Iterable[GlossaryTerm] = (),
        quizzes: Iterable[Quiz] = (),
        sources: Iterable[SourceText] = (),
        kinds: Sequence[type[Entry]] = ENTRY_KINDS,
        course: Course | None = None,
    ):
        self.kinds_in_order = tuple(kinds)
        self.course = course
        self.entries: dict[str, Entry] = {entry.ref: entry for entry in entries}
        self.glossary = sorted(glossary, key=lambda term: term.term.casefold())
        self.quizzes = {quiz.id: quiz for quiz in quizzes}
        self.sources = {source.id: source for source in sources}
        self._by_kind: dict[str, list[Entry]] = {kind.kind: [] for kind in self.kinds_in_order}
        for entry in self.entries.values():
            self._by_kind[entry.kind].append(entry)
        for members in self._by_kind.values():
            members.sort(key=lambda entry: entry.reading_key())
        self._questions: dict[str, list[tuple[Quiz, int]]] = defaultdict(list)
        for quiz in self.quizzes.values():
            for index, question in enumerate(quiz.questions):
                for ref in dict.fromkeys(question.refs):
                    self._questions[ref].append((quiz, index))
        self._backlinks = self._reverse_links()
        # Computed once: every entry page and the search index ask for it.
        self._glossary_names: dict[str, list[str]] = defaultdict(list)
        for term in self.glossary:
            if term.see:
                self._glossary_names[term.see].extend(name for name in (term.term, term.abbr) if name)
        self._citing: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.of_all_kinds():
            for source in entry.sources:
                self._citing[source].append(entry)

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, ref: str) -> Entry:
        return self.entries[ref]

    def of_kind(self, kind: str | type[Entry]) -> list[Entry]:
        """A kind's entries (by the kind or its folder name) in its reading order."""
        return self._by_kind.get(kind if isinstance(kind, str) else kind.kind, [])

    def kinds(self) -> Iterator[type[Entry]]:
        """The kinds that have at least one entry, in reading order."""
        return (kind for kind in self.kinds_in_order if self._by_kind[kind.kind])

    def of_all_kinds(self) -> Iterator[Entry]:
        for kind in self.kinds_in_order:
            yield from self._by_kind[kind.kind]

    def questions_about(self, ref: str) -> list[tuple[Quiz, int]]:
        """Each quiz question (as quiz and 0-based index) that sends a learner back to ``ref``."""
        return self._questions.get(ref, [])

    def backlinks(self, ref: str) -> dict[str, list[Entry]]:
        """Entries pointing at ``ref``, grouped under the heading their page shows them with."""
        return self._backlinks.get(ref, {})

    def aliases(self, ref: str) -> list[str]:
        """Other names for an entry: its own aliases, then each glossary term that points at it
        (spelt out, and its abbreviation), so a learner's word for it finds it."""
        entry = self.entries[ref]
        unique: dict[str, str] = {}
        for name in [*entry.aliases, *self._glossary_names.get(ref, ())]:
            unique.setdefault(name.casefold(), name)
        unique.pop(entry.title.casefold(), None)
        return list(unique.values())

    def abbreviations(self, ref: str) -> list[str]:
        """The glossary's abbreviations for an entry (the terms whose ``see`` names it)."""
        return [term.abbr for term in self.glossary if term.see == ref and term.abbr]

    def citing(self, source_id: str) -> list[Entry]:
        """The entries that draw on a source text, in reading order."""
        return self._citing.get(source_id, [])

    def pool(self) -> list[tuple[Quiz, int]]:
        """The final assessment's questions (as quiz and 0-based index), each once, in quiz order."""
        if self.course is None:
            return []
        pool = self.course.final_assessment.pool
        quizzes, tags = set(pool.quizzes), set(pool.tags)
        tagged = {ref for ref, entry in self.entries.items() if tags & set(entry.tags)}
        return [
            (quiz, index)
            for quiz in self.quizzes.values()
            for index, question in enumerate(quiz.questions)
            if quiz.id in quizzes or tagged & set(question.refs)
        ]

    def final_quiz(self) -> Quiz | None:
        """The final assessment as one quiz holding the whole pool; the page draws from it.

        Question ids become ``<quiz>--<question>``: unique across quizzes, and traceable to where
        each question is written."""
        if self.course is None:
            return None
        final = self.course.final_assessment
        questions = [quiz.questions[index].model_copy(update={"id": f"{quiz.id}--{quiz.questions[index].id}"}) for quiz, index in self.pool()]
        description = f"{final.draw} questions drawn from {len(questions)}, about {final.time_guide} minutes."
        quiz = FinalQuiz.model_construct(title=f"{self.course.title}: final assessment", description=description, pass_mark=final.pass_mark, covers=[], questions=questions)
        quiz._id = FINAL_QUIZ_ID
        quiz._course = json.dumps([self.course.version, final.draw, final.pass_mark])
        return quiz

    def _headings(self) -> list[str]:
        # Headings of the kinds' own reference fields first, those every entry has last.
        shared = list(Entry.backlinks.values())
        own = [label for kind in self.kinds_in_order for label in kind.backlinks.values() if label not in shared]
        return list(dict.fromkeys(own + shared))

    def _reverse_links(self) -> dict[str, dict[str, list[Entry]]]:
        found: dict[str, dict[str, list[Entry]]] = defaultdict(lambda: defaultdict(list))
        for entry in self.of_all_kinds():
            for field, label in entry.backlinks.items():
                # dict.fromkeys: each target once, even when a field names it twice.
                for target in dict.fromkeys(getattr(entry, field, ())):
                    found[target][label].append(entry)
        order = self._headings()
        return {ref: {label: groups[label] for label in order if groups.get(label)} for ref, groups in found.items()}
