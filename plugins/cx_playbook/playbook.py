"""The validated playbook as one whole: entries by reference, kinds, and computed backlinks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from .models import BACKLINK_LABELS, KINDS, MODELS, Entry, GlossaryTerm, Tenet
from .quizzes import Quiz


class Playbook:
    """Every entry and glossary term, with the reverse links computed once for the whole."""

    def __init__(self, entries: list[Entry], glossary: list[GlossaryTerm], quizzes: list[Quiz] = ()):
        self.entries: dict[str, Entry] = {entry.ref: entry for entry in entries}
        self.glossary = sorted(glossary, key=lambda term: term.term.casefold())
        self.quizzes = {quiz.id: quiz for quiz in quizzes}
        self._questions: dict[str, list[tuple[Quiz, int]]] = defaultdict(list)
        for quiz in self.quizzes.values():
            for index, question in enumerate(quiz.questions):
                for ref in dict.fromkeys(question.refs):
                    self._questions[ref].append((quiz, index))
        self._backlinks = self._reverse_links()
        self.tenet_count = sum(isinstance(entry, Tenet) for entry in self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, ref: str) -> Entry:
        return self.entries[ref]

    def of_kind(self, kind: str) -> list[Entry]:
        """A kind's entries in reading order: tenets by number, the rest by title."""
        entries = [entry for entry in self.entries.values() if entry.kind == kind]
        if kind == "tenets":
            return sorted(entries, key=lambda entry: entry.number)  # type: ignore[attr-defined]
        return sorted(entries, key=lambda entry: entry.title.casefold())

    def kinds(self) -> Iterator[str]:
        """The kinds that have at least one entry."""
        return (kind for kind in KINDS if any(entry.kind == kind for entry in self.entries.values()))

    def questions_about(self, ref: str) -> list[tuple[Quiz, int]]:
        """Each quiz question (as quiz and 0-based index) that sends a learner back to ``ref``."""
        return self._questions.get(ref, [])

    def backlinks(self, ref: str) -> dict[str, list[Entry]]:
        """Entries pointing at ``ref``, grouped under the heading their page shows them with."""
        return self._backlinks.get(ref, {})

    def _reverse_links(self) -> dict[str, dict[str, list[Entry]]]:
        found: dict[str, dict[str, list[Entry]]] = defaultdict(lambda: defaultdict(list))
        for entry in self.of_all_kinds():
            for field, label in BACKLINK_LABELS.items():
                # dict.fromkeys: each target once, even when a field names it twice.
                for target in dict.fromkeys(getattr(entry, field, ())):
                    found[target][label].append(entry)
        return {ref: {label: groups[label] for label in BACKLINK_LABELS.values() if groups.get(label)} for ref, groups in found.items()}

    def of_all_kinds(self) -> Iterator[Entry]:
        for kind in MODELS:
            yield from self.of_kind(kind)
