"""The words the site shows a learner, from one message catalogue per language.

The catalogues are ``messages/<language>.yaml`` beside this module: flat keys, each a line of
plain text with ``{name}`` placeholders, or one text per plural form where a number is shown.
English is the reference: it holds every key, and with the models' own English (what each kind
of entry and question type is called) it is the fallback for anything a language leaves out.
The site's ``theme.language`` chooses the catalogue; a site may add a language or reword one
with a file of its own, which is checked against the reference key by key.

Nothing here knows about MkDocs: ``load_catalogue`` returns the catalogue and any warnings.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any, Union

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol

from .errors import ContentError, Problem, did_you_mean
from .loading import Document, load
from .models import ENTRY_KINDS, Entry
from .quizzes import QUESTION_TYPES
from .text import control_character

# One text, or one text per plural form.
Text = Union[str, dict[str, str]]

REFERENCE = "en"
# The plural categories of the Unicode CLDR, which both Babel and the browser's Intl.PluralRules use.
PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")
_KEY = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z0-9][a-z0-9_-]*)+$")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_FOLDER = "messages"
# A BCP 47 language tag: a language, then an optional script, region, variants, extensions and
# private use (en, de-CH, zh-Hant-TW, sr-Latn, es-419, de-CH-1996).
_LANGUAGE_TAG = re.compile(
    r"^(?P<language>[a-z]{2,3})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|[0-9]{3}))?(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
    r"(?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*(?:-x(?:-[a-z0-9]{1,8})+)?$",
    re.IGNORECASE,
)


def shipped_languages() -> list[str]:
    """The languages with a catalogue in the package, the reference first."""
    names = sorted(item.name.removesuffix(".yaml") for item in package_files(__package__ or "cx_playbook").joinpath(_FOLDER).iterdir() if item.name.endswith(".yaml"))
    return sorted(names, key=lambda name: name != REFERENCE)


def language_tag_problem(value: object) -> str | None:
    """Why ``value`` is not a language tag a page's ``lang`` can carry, such as ``en``, ``de-CH``
    or ``pt-BR``; None when it is one."""
    example = "such as en, de-CH or pt-BR"
    if not isinstance(value, str) or not value.strip():
        return f"must be a language tag {example}"
    names = {name.casefold(): code for code, name in _english_language_names().items()}
    if value.casefold() in names:
        return f"'{value}' is a language's name, not its tag: write {names[value.casefold()]}"
    if "_" in value and _LANGUAGE_TAG.match(value.replace("_", "-")):
        return f"'{value}' is not a language tag: its parts are joined by hyphens, as in {value.replace('_', '-')}"
    found = _LANGUAGE_TAG.match(value)
    if found is None:
        return f"'{value}' is not a language tag {example} (BCP 47)"
    if found.group("language").lower() not in _english_language_names():
        return f"'{value}' does not start with a known language code {example}"
    return None


@functools.cache
def _english_language_names() -> dict[str, str]:
    return dict(Locale.parse(REFERENCE).languages)


def placeholders(text: Text) -> set[str]:
    """The ``{names}`` a message uses, in any of its forms."""
    forms = text.values() if isinstance(text, dict) else [text]
    return {name for form in forms for name in _PLACEHOLDER.findall(form)}


def backlink_key(kind: type[Entry], field: str) -> str:
    # A heading every kind shares (declared on Entry itself) is worded once for all of them.
    shared = Entry.backlinks.get(field)
    return f"backlink.{field}" if shared is not None and shared == kind.backlinks[field] else f"kind.{kind.kind}.backlink.{field}"


def model_messages(kinds: Iterable[type[Entry]] = ENTRY_KINDS) -> dict[str, str]:
    """The English the models declare, under the keys a catalogue translates them by."""
    messages: dict[str, str] = {}
    for kind in kinds:
        label = kind.label
        messages[f"kind.{kind.kind}.label"] = label
        messages[f"kind.{kind.kind}.plural"] = kind.plural
        # Inside an English sentence a kind is a common noun ("a principle"), unless it is an
        # abbreviation ("an FAQ"); other languages say how they write it.
        messages[f"kind.{kind.kind}.in_sentence"] = label if label[:2].isupper() else label[:1].lower() + label[1:]
        messages[f"kind.{kind.kind}.intro"] = kind.intro
        for field, heading in kind.backlinks.items():
            messages.setdefault(backlink_key(kind, field), heading)
    for name, model in QUESTION_TYPES.items():
        messages[f"question_type.{name}"] = model.label
    return messages


@functools.cache
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language, sep="-")
    except (ValueError, TypeError, UnknownLocaleError):
        return Locale.parse(REFERENCE)


@functools.cache
def _forms_needed(language: str) -> list[str]:
    # The forms the counts a learner sees can take (CLDR's "many" of French is for millions),
    # and "other", which stands in for any form left out.
    rule = _locale(language.replace("_", "-")).plural_form
    used = {rule(count) for count in range(0, 1001)} | {"other"}
    return [form for form in PLURAL_FORMS if form in used]


class Catalogue:
    """The wording of one language: ``catalogue(key, count=None, **values)`` is the plain text
    of a message, its plural form chosen by ``count`` and its numbers written the language's way."""

    def __init__(self, language: str, messages: Mapping[str, Text]):
        self.language = language
        self.messages = dict(messages)
        self.locale = _locale(language)

    def __call__(self, key: str, count: int | None = None, **values: Any) -> str:
        return self.format(key, None, count, **values)

    def format(self, key: str, escape: Callable[[str], str] | None, count: int | None = None, **values: Any) -> str:
        """The message with its placeholders filled in; ``escape``, when given, is applied to the
        message's own words only, so that values already written for where they land (a link,
        a tag) go in as they are."""
        if count is not None:
            values["count"] = count

        def value(name: str) -> str:
            if name not in values:
                raise KeyError(f"the message '{key}' needs a value for {{{name}}}")
            given = values[name]
            return self.number(given) if isinstance(given, int) and not isinstance(given, bool) else str(given)

        parts = _PLACEHOLDER.split(self._form(key, count))
        # split() with one group alternates the words between placeholders and the names.
        return "".join(value(part) if odd else (escape(part) if escape else part) for odd, part in ((i % 2 == 1, p) for i, p in enumerate(parts)))

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.locale)

    def percent(self, value: int | float) -> str:
        """``value`` out of 100 as the language writes a percentage: 70% in English, 70 % in German."""
        return format_percent(value / 100, locale=self.locale)

    def number_symbols(self) -> dict[str, str]:
        """How the language writes numbers, for the scripts to write them as the pages do. The
        browser's Intl.NumberFormat would mostly agree, but its first use on a page costs a
        phone some 50 ms of work before the page responds."""
        return {
            "decimal": get_decimal_symbol(self.locale),
            "group": get_group_symbol(self.locale),
            "percent": format_percent(0.37, locale=self.locale).replace("37", "{number}"),
        }

    def for_scripts(self, sources: Iterable[str]) -> dict[str, Text]:
        """The messages the scripts ask for: those whose key a script names in double quotes."""
        texts = list(sources)
        return {key: text for key, text in self.messages.items() if any(f'"{key}"' in source for source in texts)}

    def _form(self, key: str, count: int | None) -> str:
        try:
            text = self.messages[key]
        except KeyError:
            raise KeyError(f"no message '{key}' in the catalogue{did_you_mean(key, self.messages)}") from None
        if isinstance(text, str):
            return text
        category = self.locale.plural_form(count) if count is not None else "other"
        return text.get(category) or text["other"]


def english(kinds: Sequence[type[Entry]] = ENTRY_KINDS) -> Catalogue:
    """The reference wording: English, with the models' names for ``kinds``."""
    catalogue, _ = load_catalogue(REFERENCE, kinds=kinds)
    return catalogue


def load_catalogue(language: str, site_dir: Path | None = None, kinds: Sequence[type[Entry]] = ENTRY_KINDS) -> tuple[Catalogue, list[str]]:
    """The wording for ``language`` and what is missing from it, as warnings.

    English is laid down first, then the package's catalogue for the language (by its full tag,
    else its base language: ``de`` for ``de-CH``), then the site's own file for it in
    ``site_dir``. A file with a problem (an unknown key, a placeholder the message does not take,
    a missing plural form) raises a ``ContentError`` naming every problem at ``file:line:col``."""
    reference_file = _in_package(REFERENCE)
    assert reference_file is not None, "the package has no English catalogue"
    problems: list[Problem] = []
    reference = {**_read(reference_file, None, _locale(REFERENCE), problems), **model_messages(kinds)}
    locale = _locale(language)
    files = (_in_package(language), _in_folder(site_dir, language))
    layers = [_read(path, reference, locale, problems) for path in files if path is not None and path != reference_file]
    if problems:
        raise ContentError(problems)
    messages = dict(reference)
    for layer in layers:
        messages.update(layer)
    return Catalogue(language, messages), _warnings(language, locale, reference, layers, site_dir)


def _warnings(language: str, locale: Locale, reference: Mapping[str, Text], layers: list[dict[str, Text]], site_dir: Path | None) -> list[str]:
    if _base(language) == REFERENCE:
        return []
    name = f"{locale.get_display_name(REFERENCE)} ({language})" if locale.language != REFERENCE else f"'{language}'"
    where = f"in {site_dir.as_posix()}/{language}.yaml" if site_dir else f"as {language}.yaml in a folder named by the plugin's messages_dir setting"
    if not layers:
        return [
            f"cx-playbook has no wording in {name} (it comes with {', '.join(shipped_languages())}), so the playbook's pages and "
            f"scripts speak English: give your own {where} (see the hosting guide, Languages)"
        ]
    missing = [key for key in reference if not any(key in layer for layer in layers)]
    if not missing:
        return []
    shown = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
    return [f"{len(missing)} message{'s' if len(missing) != 1 else ''} with no wording in {name} are shown in English: {shown}"]


def _base(language: str) -> str:
    return language.replace("_", "-").split("-")[0].lower()


def _in_package(language: str) -> Path | None:
    folder = package_files(__package__ or "cx_playbook").joinpath(_FOLDER)
    for name in dict.fromkeys([language, _base(language)]):
        candidate = folder.joinpath(f"{name}.yaml")
        if candidate.is_file():
            return Path(str(candidate))
    return None


def _in_folder(folder: Path | None, language: str) -> Path | None:
    if folder is None:
        return None
    for name in dict.fromkeys([language, _base(language)]):
        if (folder / f"{name}.yaml").exists():
            return folder / f"{name}.yaml"
    return None


def _read(path: Path, reference: Mapping[str, Text] | None, locale: Locale, problems: list[Problem]) -> dict[str, Text]:
    """One catalogue file's messages, checked against ``reference`` (none for English itself)."""
    document, problem = load(path)
    if problem is not None:
        problems.append(problem)
        return {}
    assert document is not None
    if document.data is None:
        return {}  # an empty file rewords nothing
    if not isinstance(document.data, dict):
        problems.append(document.problem((), "expected a mapping of message keys to their wording, one per line"))
        return {}
    messages: dict[str, Text] = {}
    for key, text in document.data.items():
        found = _key_problem(document, key, reference) or _text_problem(document, key, text, reference, locale)
        if found is not None:
            problems.append(found)
        else:
            messages[key] = text if isinstance(text, str) else {form: text[form] for form in PLURAL_FORMS if form in text}
    return messages


def _key_problem(document: Document, key: Any, reference: Mapping[str, Text] | None) -> Problem | None:
    if not isinstance(key, str) or not _KEY.match(key):
        message = f"'{key}' is not a message key: keys are lower-case words joined by dots, such as quiz.check"
    elif reference is not None and key not in reference:
        message = f"unknown message '{key}'{did_you_mean(key, reference)}"
    else:
        return None
    problem = document.problem((), message)
    node = document.key_node((str(key),))
    return Problem(problem.path, node.start_mark.line + 1, node.start_mark.column + 1, message) if node is not None else problem


def _text_problem(document: Document, key: str, text: Any, reference: Mapping[str, Text] | None, locale: Locale) -> Problem | None:
    def at(message: str, *loc: str) -> Problem:
        return document.problem((key, *loc), f"{key}: {message}")

    if isinstance(text, dict):
        if reference is not None and isinstance(reference[key], str):
            return at("this message shows no number: give one text, not plural forms")
        unknown = [form for form in text if form not in PLURAL_FORMS]
        if unknown:
            return at(f"'{unknown[0]}' is not a plural form; the forms are {', '.join(PLURAL_FORMS)}", str(unknown[0]))
        needed = _forms_needed(str(locale))
        missing = [form for form in needed if form not in text]
        if missing:
            return at(f"{locale.get_display_name(REFERENCE)} needs the plural forms {', '.join(needed)}; missing: {', '.join(missing)}")
        forms = list(text.items())
    else:
        forms = [("", text)]
    allowed = placeholders(reference[key]) if reference is not None else None
    for form, value in forms:
        loc = (form,) if form else ()
        if not isinstance(value, str) or not value.strip():
            return at("must be a line of text", *loc)
        if control_character(value) is not None:
            return at("must be one line of plain text, with no line breaks or control characters", *loc)
        extra = sorted(set(_PLACEHOLDER.findall(value)) - allowed) if allowed is not None else []
        if extra:
            takes = ", ".join(f"{{{name}}}" for name in sorted(allowed or ())) or "none"
            return at(f"{{{extra[0]}}} is not a placeholder of this message (it takes {takes})", *loc)
    return None
