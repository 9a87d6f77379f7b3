"""The site in the learner's language, and the organisation's name and logo on the certificate.

Every word the plugin shows a learner comes from a message catalogue chosen by theme.language.
Here: German has exactly the keys and placeholders of English; a site's own catalogue is checked
like content (every problem at file:line:col); the real site built in German shows no English
word of the interface, in its HTML or once its scripts have run; and the certificate carries the
organisation's logo from a file of the site, without asking another host for anything."""

from __future__ import annotations

import base64
import datetime
import html.parser
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from babel.dates import format_date

from cx_playbook.errors import ContentError
from cx_playbook.messages import load_catalogue, model_messages, placeholders, shipped_languages
from cx_playbook.playbook import FINAL_QUIZ_ID
from cx_playbook.validation import load_playbook
from helpers import COURSE, ROOT, build_site, dedent, edit, guide_block, make_site, manifest_of, serve, visit

MESSAGES = ROOT / "plugins/cx_playbook/messages"
ENGLISH = {**yaml.safe_load((MESSAGES / "en.yaml").read_text(encoding="utf-8")), **model_messages()}
GERMAN = yaml.safe_load((MESSAGES / "de.yaml").read_text(encoding="utf-8"))
# Words German writes as English does: terms of art, a dash, and words both languages share.
SAME_IN_GERMAN = {"principle.inside_out", "principle.outside_in", "case_study.organisation", "course.version", "progress.status", "progress.no_score"}
PLAYBOOK = load_playbook(ROOT / "playbook", ROOT / "quizzes", docs=ROOT / "docs")
assert PLAYBOOK.course is not None


def forms(text) -> list[str]:
    return list(text.values()) if isinstance(text, dict) else [text]


# --- The catalogues ------------------------------------------------------------------------


def test_german_has_exactly_the_english_keys_with_the_same_placeholders_and_plural_forms():
    assert shipped_languages() == ["en", "de"]
    assert sorted(set(ENGLISH) - set(GERMAN)) == [], "keys German lacks"
    assert sorted(set(GERMAN) - set(ENGLISH)) == [], "keys English does not have"
    for key, english in ENGLISH.items():
        german = GERMAN[key]
        assert placeholders(german) == placeholders(english), key
        assert isinstance(german, dict) == isinstance(english, dict), key
        if isinstance(german, dict):
            assert set(german) == {"one", "other"}, key  # German's plural forms
    # German is written, not copied: only the words German shares with English are the same.
    assert {key for key in ENGLISH if forms(ENGLISH[key]) == forms(GERMAN[key])} == SAME_IN_GERMAN


def test_every_message_the_scripts_ask_for_exists_and_reaches_them():
    scripts = [(ROOT / "plugins/cx_playbook/assets/cx" / name).read_text(encoding="utf-8") for name in ("quiz.js", "progress.js", "scorm.js")]
    areas = {key.split(".")[0] for key in ENGLISH}
    asked = {key for source in scripts for key in re.findall(r'"([a-z_]+\.[a-z0-9_.-]+)"', source) if key.split(".")[0] in areas}
    assert sorted(asked - set(ENGLISH)) == []
    catalogue, _ = load_catalogue("de")
    shipped = catalogue.for_scripts(scripts)
    assert set(shipped) == asked
    assert shipped["quiz.check"] == "Antworten prüfen"
    # Only what the scripts need goes to every page: no page headings, no kind introductions.
    assert "certificate.disclaimer" not in shipped and "kind.principles.intro" not in shipped


def test_plural_forms_numbers_and_percentages_follow_the_language():
    english, _ = load_catalogue("en")
    german, _ = load_catalogue("de")
    assert english("quiz.questions", count=1) == "1 question"
    assert english("quiz.questions", count=11) == "11 questions"
    assert german("quiz.questions", count=1) == "1 Frage"
    assert german("quiz.questions", count=11) == "11 Fragen"
    assert english.percent(70) == "70%"
    assert german.percent(70) == "70\xa0%"
    assert german("quizzes.card", count=2000, pass_mark=german.percent(75)) == "2.000 Fragen, Bestehensgrenze 75\xa0%."
    # A regional variant of a shipped language gets that language.
    swiss, warnings = load_catalogue("de-CH")
    assert swiss("quiz.check") == "Antworten prüfen" and warnings == []


def test_a_language_with_no_catalogue_falls_back_to_english_and_says_how_to_add_one():
    catalogue, warnings = load_catalogue("fr")
    assert catalogue("quiz.check") == "Check my answers"
    assert len(warnings) == 1
    assert "no wording in French (fr)" in warnings[0] and "fr.yaml" in warnings[0] and "messages_dir" in warnings[0]


def test_a_site_catalogue_rewords_a_language_and_adds_one(tmp_path):
    (tmp_path / "de.yaml").write_text("quiz.check: Antworten überprüfen\nkind.techniques.plural: Techniken\n", encoding="utf-8")
    catalogue, warnings = load_catalogue("de", tmp_path)
    assert warnings == []
    assert catalogue("quiz.check") == "Antworten überprüfen" and catalogue("kind.techniques.plural") == "Techniken"
    assert catalogue("quiz.try_again") == "Noch einmal versuchen"  # the rest stays the shipped German

    # A new language: what it does not give yet is named, and shown in English meanwhile.
    (tmp_path / "nl.yaml").write_text('quiz.check: Controleer mijn antwoorden\nquiz.questions:\n  one: "{count} vraag"\n  other: "{count} vragen"\n', encoding="utf-8")
    dutch, warnings = load_catalogue("nl", tmp_path)
    assert dutch("quiz.check") == "Controleer mijn antwoorden" and dutch("quiz.questions", count=3) == "3 vragen"
    assert dutch("quiz.try_again") == "Try again"
    missing = len(ENGLISH) - 2
    assert len(warnings) == 1 and warnings[0].startswith(f"{missing} messages with no wording in Dutch (nl) are shown in English: ")


def test_every_problem_in_a_site_catalogue_is_reported_at_once_where_it_is(tmp_path):
    (tmp_path / "de.yaml").write_text(
        dedent("""
        quiz.chek: Prüfen
        quiz.score: "Sie haben {right} von {totl} richtig."
        quiz.check:
          one: Prüfen
          other: Prüfen
        quiz.questions:
          other: "{count} Fragen"
        quiz.try_again: ""
        Quiz Check: x
        """),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as raised:
        load_catalogue("de", tmp_path)
    report = raised.value.report().splitlines()
    shown = (tmp_path / "de.yaml").as_posix()
    expected = [
        "1:1: unknown message 'quiz.chek' (did you mean 'quiz.check'?)",
        "2:13: quiz.score: {totl} is not a placeholder of this message (it takes {right}, {score}, {total})",
        "4:3: quiz.check: this message shows no number: give one text, not plural forms",
        "7:3: quiz.questions: German needs the plural forms one, other; missing: one",
        "8:17: quiz.try_again: must be a line of text",
        "9:1: 'Quiz Check' is not a message key: keys are lower-case words joined by dots, such as quiz.check",
    ]
    assert [line.removeprefix(shown + ":") for line in report[:-1]] == expected
    assert report[-1] == "6 problems in 1 file."


def test_a_site_kind_takes_its_english_from_its_model_until_the_site_words_it(tmp_path):
    from cx_playbook.models import ENTRY_KINDS, Entry

    class Checklist(Entry):
        kind = "checklists"
        label = "Checklist"
        plural = "Checklists"
        intro = "Checklists to run before a workshop."

    kinds = (*ENTRY_KINDS, Checklist)
    catalogue, warnings = load_catalogue("de", kinds=kinds)
    assert catalogue("kind.checklists.plural") == "Checklists" and catalogue("kind.checklists.in_sentence") == "checklist"
    assert len(warnings) == 1 and "kind.checklists.label" in warnings[0]
    (tmp_path / "de.yaml").write_text(
        "kind.checklists.label: Checkliste\nkind.checklists.plural: Checklisten\nkind.checklists.in_sentence: Checkliste\n"
        "kind.checklists.intro: Checklisten für die Vorbereitung eines Workshops.\nkind.checklists.backlink.related: x\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match="unknown message 'kind.checklists.backlink.related'"):
        load_catalogue("de", tmp_path, kinds=kinds)
    edit(tmp_path / "de.yaml", "kind.checklists.backlink.related: x\n", "")
    catalogue, warnings = load_catalogue("de", tmp_path, kinds=kinds)
    assert catalogue("kind.checklists.plural") == "Checklisten" and warnings == []


# --- Small sites: the setting, the warning, the certificate's branding ----------------------

LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><rect width="120" height="40" rx="6" fill="#0b5394"/>'
    '<text x="60" y="27" font-size="20" text-anchor="middle" fill="#fff">ACME</text></svg>'
)


def course_site(root: Path, settings: str = "", theme: str = "") -> Path:
    make_site(root, settings)
    (root / "playbook/course.yaml").write_text(COURSE, encoding="utf-8")
    if theme:
        edit(root / "mkdocs.yml", "  font: false\n", "  font: false\n" + theme)
    return root


def build_fails(root: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    return result.stderr


def test_a_language_the_plugin_does_not_speak_stops_a_strict_build_with_what_to_do(tmp_path):
    site = course_site(tmp_path, theme="  language: fr\n")
    assert "cx-playbook has no wording in French (fr)" in build_fails(site)
    (site / "cx-messages").mkdir()
    (site / "cx-messages/fr.yaml").write_text(
        "".join(f"{key}: {json.dumps(text, ensure_ascii=False)}\n" for key, text in ENGLISH.items()).replace('"Check my answers"', '"Vérifier mes réponses"'),
        encoding="utf-8",
    )
    edit(site / "mkdocs.yml", "  - cx-playbook\n", "  - cx-playbook:\n      messages_dir: cx-messages\n")
    built = build_site(site)
    assert 'lang="fr"' in (built / "quizzes/moments-check/index.html").read_text(encoding="utf-8")
    assert manifest_of(built)["messages"]["quiz.check"] == "Vérifier mes réponses"


def test_a_site_catalogue_with_a_mistake_stops_the_build_at_its_line(tmp_path):
    site = course_site(tmp_path, "messages_dir: cx-messages")
    (site / "cx-messages").mkdir()
    (site / "cx-messages/en.yaml").write_text("quiz.check: Mark my answers\nquiz.tryagain: Again\n", encoding="utf-8")
    errors = build_fails(site)
    assert "cx-messages/en.yaml:2:1: unknown message 'quiz.tryagain' (did you mean 'quiz.try_again'?)" in errors


def certificate_html(site: Path) -> str:
    return (site / "course/certificate/index.html").read_text(encoding="utf-8")


def test_the_certificate_carries_the_organisation_and_its_logo_from_a_file_of_the_site(tmp_path, browser):
    site = course_site(tmp_path, "organisation: Acme Bank", theme="  logo: assets/acme.svg\n")
    (site / "docs/assets").mkdir()
    (site / "docs/assets/acme.svg").write_text(LOGO, encoding="utf-8")
    built = build_site(site)
    page_html = certificate_html(built)
    found = re.search(r'<img class="cx-cert__logo" src="data:image/svg\+xml;base64,([^"]+)" alt="">', page_html)
    assert found and base64.b64decode(found.group(1)).decode() == LOGO
    assert '<span class="cx-cert__organisation">Acme Bank</span>' in page_html

    with serve(built) as url:
        context = browser.new_context()
        key = "cx-progress@/"
        context.add_init_script(f"localStorage.setItem({json.dumps(key)}, {json.dumps(json.dumps(complete_progress(['moments-check'], 'Ada Lovelace')))})")
        page = context.new_page()
        hosts = set()
        page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
        visit(page, url + "course/certificate/")
        certificate = page.locator(".cx-cert")
        certificate.locator('[data-field="code"]', has_text="-").wait_for()
        logo = certificate.locator("img.cx-cert__logo")
        assert logo.evaluate("img => img.complete && img.naturalWidth > 0")
        assert certificate.locator(".cx-cert__organisation").inner_text() == "Acme Bank"
        # On paper too, above the title.
        page.emulate_media(media="print")
        assert logo.is_visible()
        box, title = logo.bounding_box(), certificate.locator("h2").bounding_box()
        assert box and title and box["y"] + box["height"] <= title["y"]
        assert hosts == {url.split("/")[2]}
        context.close()


def test_without_an_organisation_setting_the_certificate_names_the_site_and_shows_its_theme_icon(tmp_path):
    site = course_site(tmp_path, theme="  icon:\n    logo: material/school\n")
    page_html = certificate_html(build_site(site))
    issuer = re.search(r'<p class="cx-cert__issuer">(.*?)</p>', page_html, re.S)
    assert issuer
    assert re.search(r'<span class="cx-cert__logo" aria-hidden="true"><svg [^>]*viewBox="0 0 24 24"><path d="[^"]+"', issuer.group(1))
    assert '<span class="cx-cert__organisation">Test playbook</span>' in issuer.group(1)


def test_a_site_without_a_logo_prints_only_its_name(tmp_path):
    page_html = certificate_html(build_site(course_site(tmp_path)))
    assert '<p class="cx-cert__issuer"> <span class="cx-cert__organisation">Test playbook</span></p>' in page_html


def tiny_png() -> bytes:
    """A 2x2 blue PNG, for a favicon."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\x0b\x53\x94" * 2 for _ in range(2))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def test_the_hosting_guides_branding_example_brands_the_site_and_the_certificate(tmp_path, browser):
    site = course_site(tmp_path)
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    example = yaml.safe_load(guide_block("yaml", "site_name: Acme CX Academy"))
    settings = example.pop("plugins")[0]["cx-playbook"]
    config.update(example)
    config["plugins"] = [{"cx-playbook": settings} if plugin == "cx-playbook" else plugin for plugin in config["plugins"]]
    (site / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (site / "docs/assets").mkdir()
    (site / "docs/assets/acme-logo.svg").write_text(LOGO, encoding="utf-8")
    (site / "docs/assets/acme-favicon.png").write_bytes(tiny_png())
    (site / "docs/assets/acme.css").write_text(guide_block("css", ":root > *"), encoding="utf-8")
    built = build_site(site)
    assert '<span class="cx-cert__organisation">Acme Bank</span>' in certificate_html(built)

    with serve(built) as url:
        for scheme, accent in (("light", "#b45f06"), ("dark", "#f6b26b")):
            context = browser.new_context(color_scheme=scheme)
            context.add_init_script(f"localStorage.setItem('cx-progress@/', {json.dumps(json.dumps(complete_progress(['moments-check'], 'Ada Lovelace')))})")
            page = context.new_page()
            hosts, refused = set(), []
            page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
            page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
            visit(page, url + "course/certificate/")
            page.locator('.cx-cert [data-field="code"]', has_text="-").wait_for()
            assert page.locator(".md-header").evaluate("header => getComputedStyle(header).backgroundColor") == "rgb(11, 83, 148)"
            assert page.evaluate("getComputedStyle(document.body).getPropertyValue('--md-accent-fg-color').trim()") == accent
            assert page.locator(".md-header img").evaluate("img => img.complete && img.naturalWidth > 0")  # Material's own logo
            favicon = page.locator('link[rel="icon"]').get_attribute("href")
            assert favicon.endswith("assets/acme-favicon.png") and page.request.get(url + "assets/acme-favicon.png").ok
            assert page.title().endswith("Acme CX Academy")
            assert page.locator(".cx-cert img.cx-cert__logo").evaluate("img => img.complete && img.naturalWidth > 0")
            assert page.locator(".cx-cert__organisation").inner_text() == "Acme Bank"
            assert hosts == {url.split("/")[2]} and refused == []
            context.close()


@pytest.mark.parametrize(
    ("logo", "problem"),
    [
        ("https://cdn.example.com/logo.svg", "theme.logo: 'https://cdn.example.com/logo.svg' is not a file of the site"),
        ("assets/missing.svg", "theme.logo: no file 'assets/missing.svg' in docs/"),
        ("assets/logo.pdf", "theme.logo: 'assets/logo.pdf' is not an image the certificate can show"),
    ],
)
def test_a_logo_the_certificate_cannot_carry_is_refused_with_the_reason(tmp_path, logo, problem):
    site = course_site(tmp_path, theme=f"  logo: {logo}\n")
    (site / "docs/assets").mkdir()
    (site / "docs/assets/logo.pdf").write_bytes(b"%PDF-1.4")
    assert problem in build_fails(site)


# --- The real site in German ------------------------------------------------------------------



def _literal_words(text: str) -> list[str]:
    """A message's own words: the runs between its placeholders, trimmed of spaces and punctuation."""
    pieces = re.split(r"\{[a-z_]+\}", text)
    return [piece.strip(" .,:;()·“”„!?–-") for piece in pieces]


def _fragments(catalogue: dict, skip: set[str] = set()) -> set[str]:
    return {
        fragment
        for key, text in catalogue.items()
        if key not in skip
        for form in forms(text)
        for fragment in _literal_words(form)
        if sum(char.isalpha() for char in fragment) >= 3
    }


# The interface's English words, less any that German writes the same ("Module" is the German
# plural of "Modul" and the English singular): those cannot tell the languages apart.
ENGLISH_WORDS = _fragments(ENGLISH, SAME_IN_GERMAN) - _fragments(GERMAN)


def _plain(markdown: str) -> str:
    text = re.sub(r"\[\[[^\]|]+\|([^\]]+)\]\]", r"\1", markdown)
    text = re.sub(r"\[\[[^\]]+\]\]", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return " ".join(re.sub(r"[*`]", "", text).split())


def _content_strings() -> list[str]:
    """Every string the playbook's authors wrote, as plain text: it stays in English."""
    found: list[str] = []

    def walk(value):
        if isinstance(value, str):
            found.append(_plain(value))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for folder in ("playbook", "quizzes"):
        for path in sorted((ROOT / folder).rglob("*.yaml")):
            walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    # Hand-written pages named in a module's readings, as the reading list names them.
    found += [path.stem.replace("-", " ").capitalize() for path in (ROOT / "docs").glob("*.md")]
    found += [entry.title for entry in PLAYBOOK.entries.values()]
    return sorted({text for text in found if len(text) >= 3}, key=len, reverse=True)


CONTENT = _content_strings()


def english_left(texts: list[str]) -> list[tuple[str, str]]:
    """Each (text, English word) where a text of the page still speaks the interface's English.

    Content the authors wrote (titles, questions) stays English and is taken out of each text
    first: a text that is a piece of content is skipped, and content inside a text is removed."""
    found = []
    for raw in texts:
        text = " ".join(raw.split())
        if not text or any(text in content for content in CONTENT if len(text) <= len(content)) and len(text.split()) > 1:
            continue
        rest = text
        for content in CONTENT:
            if len(content) <= len(rest) and content in rest:
                rest = rest.replace(content, " ")
        for word in ENGLISH_WORDS:
            hit = word in rest if " " in word else re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", rest)
            if hit:
                found.append((text, word))
    return found


class _Texts(html.parser.HTMLParser):
    """What a page shows and says to assistive technology: its text and its labels."""

    LABELS = ("aria-label", "title", "placeholder", "alt")

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self.skipping = 0
        self.in_body = False

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skipping += 1
        if tag == "body":
            self.in_body = True
        self.texts.extend(value for name, value in attrs if name in self.LABELS and value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skipping -= 1

    def handle_data(self, data):
        if (self.in_body and not self.skipping) or self.lasttag == "title":
            self.texts.append(data)


def page_texts(path: Path) -> list[str]:
    parser = _Texts()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.texts


MODULE = PLAYBOOK.course.modules[0]
GERMAN_PAGES = [
    "quizzes/", f"quizzes/{MODULE.quiz}/", "progress/", "course/", f"course/{MODULE.id}/", "course/final/", "course/certificate/",
    "principles/customer-defines-value/", "techniques/moments-of-truth/", "tenets/", "glossary/",
]


@pytest.mark.parametrize("page", GERMAN_PAGES)
def test_the_german_site_as_built_has_no_english_interface_word(german_site, page):
    site, _ = german_site
    texts = page_texts(site / page / "index.html")
    assert english_left(texts) == []
    # And it does speak German there: the page's own words, not Material's.
    assert any(word in " ".join(texts) for word in ("Wissenstest", "Fortschritt", "Modul", "Zertifikat", "Abschlussprüfung", "Erwähnt in", "Grundsätze", "Glossar"))


def test_the_checker_finds_english_left_on_a_page():
    # The check itself: the English build's words are found, the German build's are not.
    assert ("Check my answers", "Check my answers") in english_left(["Check my answers"])
    assert ("11 questions · pass mark 70%", "pass mark") in english_left(["11 questions · pass mark 70%"])
    assert ("Outside-In foundations, question 3", "question") in english_left(["Outside-In foundations, question 3"])
    assert english_left(["Outside-In foundations, Frage 3", "Antworten prüfen", "6 Module"]) == []


COLLECT = """() => {
    const texts = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.parentElement.closest("script, style, noscript, template")) texts.push(node.textContent);
    }
    for (const element of document.body.querySelectorAll("[aria-label], [title], [placeholder], [alt]")) {
        for (const name of ["aria-label", "title", "placeholder", "alt"]) {
            if (element.hasAttribute(name)) texts.push(element.getAttribute(name));
        }
    }
    return texts;
}"""


def attempt(quiz_id: str, score: int, passed: bool, day: str, wrong: list[str] = ()) -> dict:
    return {"date": f"{day}T10:00:00.000Z", "score": score, "passed": passed, "version": version_of(quiz_id), "wrong": list(wrong)}


def version_of(quiz_id: str) -> str:
    quiz = PLAYBOOK.final_quiz() if quiz_id == FINAL_QUIZ_ID else PLAYBOOK.quizzes.get(quiz_id)
    return quiz.version if quiz else "000000000000"


def complete_progress(quizzes: list[str], name: str) -> dict:
    """A learner who has passed every module quiz and the final, and given a name."""
    attempts = {quiz: {"attempts": [attempt(quiz, 100, True, "2025-03-04")]} for quiz in [*quizzes, FINAL_QUIZ_ID]}
    return {"version": 2, "pages": {}, "quizzes": attempts, "course": {"name": name}}


def with_progress(browser, document: dict | str):
    context = browser.new_context()
    value = document if isinstance(document, str) else json.dumps(document)
    context.add_init_script(f"if (!sessionStorage.getItem('seeded')) {{ localStorage.setItem('cx-progress@/', {json.dumps(value)}); sessionStorage.setItem('seeded', '1'); }}")
    return context


def check_german(page, where: str) -> None:
    left = english_left(page.evaluate(COLLECT))
    assert left == [], where


def test_the_german_quiz_speaks_german_in_every_state(german_site, browser):
    site, url = german_site
    context = with_progress(browser, {"version": 2, "pages": {}, "quizzes": {}})
    page = context.new_page()
    quiz = PLAYBOOK.quizzes[MODULE.quiz]
    visit(page, url + f"quizzes/{quiz.id}/")
    page.get_by_role("button", name="Antworten prüfen").wait_for()
    check_german(page, "a quiz not yet answered")
    page.get_by_role("button", name="Antworten prüfen").click()
    page.get_by_role("button", name="Trotzdem abgeben").wait_for()
    assert f"{len(quiz.questions)} Fragen sind noch nicht beantwortet" in page.locator(".cx-quiz__unanswered").inner_text()
    check_german(page, "questions left unanswered")
    mover = page.locator("button.cx-move:not([disabled])").first
    if mover.count():
        mover.click()
        page.locator('.cx-quiz [role="status"]', has_text="steht jetzt an Position").wait_for()
    page.get_by_role("button", name="Trotzdem abgeben").click()
    score = page.locator(".cx-score")
    assert score.inner_text().startswith("Sie haben 0 von ")
    assert "Noch nicht bestanden: Die Bestehensgrenze liegt bei " in score.inner_text() and "\xa0%" in score.inner_text()
    check_german(page, "a quiz marked")
    page.get_by_role("button", name="Meine Fehler durchgehen").click()
    page.locator(".cx-practice:not([hidden])").wait_for()
    check_german(page, "practice on mistakes")
    context.close()


def test_the_german_progress_and_course_pages_speak_german(german_site, browser):
    site, url = german_site
    modules = PLAYBOOK.course.modules
    first, second = modules[0], modules[1]
    wrong = [question.id for question in PLAYBOOK.quizzes[second.quiz].questions[:3]]
    progress = {
        "version": 2,
        "pages": {"principles/customer-defines-value/": {"read": "2025-03-01T09:00:00.000Z"}},
        "quizzes": {
            first.quiz: {"attempts": [attempt(first.quiz, 100, True, "2025-03-02")]},
            second.quiz: {"attempts": [attempt(second.quiz, 40, False, "2025-03-03", wrong)]},
            FINAL_QUIZ_ID: {"attempts": [attempt(FINAL_QUIZ_ID, 50, False, "2025-03-04")]},
        },
        "course": None,
    }
    context = with_progress(browser, progress)
    page = context.new_page()
    visit(page, url + "progress/")
    page.locator(".cx-progress-course").wait_for()
    assert page.locator(".cx-header-progress").inner_text().endswith("\xa0% erledigt")
    check_german(page, "My progress")
    page.get_by_role("button", name="Fortschritt zurücksetzen …").click()
    page.get_by_role("button", name="Abbrechen").wait_for()
    check_german(page, "resetting progress")
    page.locator("#cx-import").set_input_files(files=[{"name": "alt.json", "mimeType": "application/json", "buffer": b'{"version": 9, "pages": {}, "quizzes": {}}'}])
    page.locator(".cx-tools-message", has_text="Diese Datei stammt aus einer neueren Version dieser Website, daher wurde nichts geändert.").wait_for()
    check_german(page, "a refused import")

    visit(page, url + "course/")
    status = page.locator(f'.cx-module[data-module="{first.id}"] [data-cx-module-status]')
    assert status.inner_text() == "Bestanden (bestes Ergebnis 100\xa0%)"
    assert page.locator(f'.cx-module[data-module="{second.id}"] [data-cx-module-status]').inner_text() == "In Bearbeitung (bestes Ergebnis 40\xa0%)"
    assert page.locator("[data-cx-course-next]").inner_text().startswith("Machen Sie weiter, wo Sie aufgehört haben: ")
    check_german(page, "the course home")

    visit(page, url + f"course/{first.id}/")
    page.locator(".cx-readings a.cx-read").first.wait_for()
    assert "(gelesen)" in page.locator(".cx-readings").inner_text()
    check_german(page, "a module")

    visit(page, url + "course/final/")
    draw = PLAYBOOK.course.final_assessment.draw
    page.locator(".cx-question__label:visible", has_text=f"Frage 1 von {draw}: ").first.wait_for()
    check_german(page, "the final assessment")

    visit(page, url + "course/certificate/")
    page.locator(".cx-cert-left:not([hidden])").wait_for()
    check_german(page, "a certificate still to earn")

    # Storage that cannot be read: the calm notice is German too.
    page.evaluate("localStorage.setItem('cx-progress@/', 'not a record')")
    visit(page, url + "quizzes/")
    page.locator(".cx-notice", has_text="Ihr gespeicherter Fortschritt konnte nicht gelesen werden").wait_for()
    check_german(page, "the notice")
    context.close()


def test_the_german_certificate_speaks_german_with_the_date_and_scores_written_the_german_way(german_site, browser):
    site, url = german_site
    quizzes = [module.quiz for module in PLAYBOOK.course.modules]
    context = with_progress(browser, complete_progress(quizzes, "Ada Lovelace"))
    page = context.new_page()
    visit(page, url + "course/certificate/")
    certificate = page.locator(".cx-cert")
    certificate.locator('[data-field="code"]', has_text="-").wait_for()
    day = certificate.locator('time[data-field="date"]')
    assert day.get_attribute("datetime") == "2025-03-04"
    assert day.inner_text() == format_date(datetime.date(2025, 3, 4), "long", locale="de") == "4. März 2025"
    assert certificate.locator("tbody td[data-field=score]").all_inner_texts() == ["100\xa0%"] * (len(quizzes) + 1)
    assert certificate.locator(".cx-cert__organisation").inner_text() == "CX Playbook"
    check_german(page, "the certificate")
    visit(page, url + "course/")
    assert page.locator("[data-cx-course-next]").inner_text().startswith("Sie haben den Kurs abgeschlossen. Siehe Ihr Zertifikat")
    check_german(page, "the course, completed")
    context.close()
