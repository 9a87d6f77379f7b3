"""Defence in depth, in a real Chromium: the Content-Security-Policy holds on every page type with
search, quizzes and progress working, and hostile content that validation accepts (because it is
escaped where it lands) runs nothing, goes nowhere and loads nothing from another host."""

from __future__ import annotations

import pytest

from helpers import QUIZ, build_site, edit, make_site, serve, submit_the_first_quiz_unanswered, visit

WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI));
"""
PAGE_TYPES = ["", "principles/", "techniques/moments-of-truth/", "glossary/", "tags/", "quizzes/", "progress/", "authoring/", "no-such-page/"]


@pytest.fixture
def watched(context):
    page = context.new_page()
    page.add_init_script(WATCH)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.console_messages = console  # type: ignore[attr-defined]
    return page


def violations(page) -> list[str]:
    found = page.evaluate("window.__cspViolations")
    return found + [text for text in page.console_messages if "Content Security Policy" in text]


def test_every_page_type_carries_the_policy_and_breaks_none_of_it(watched, base_url, built_site):
    for path in PAGE_TYPES:
        visit(watched, base_url + path)
        policy = watched.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
        assert "script-src 'self' 'sha256-" in policy and "unsafe-inline" not in policy, path
        assert violations(watched) == [], path
    headers = (built_site / "_headers").read_text(encoding="utf-8")
    assert "Content-Security-Policy: default-src 'self'; script-src 'self' 'sha256-" in headers


@pytest.mark.search
def test_search_quiz_and_progress_work_under_the_policy(watched, base_url):
    visit(watched, base_url)
    watched.keyboard.press("/")
    watched.keyboard.type("Moments of Truth")
    watched.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    watched.keyboard.press("Escape")
    submit_the_first_quiz_unanswered(watched, base_url)
    visit(watched, base_url + "progress/")
    watched.locator(".cx-progress-total").wait_for()
    assert violations(watched) == []


def test_an_injected_inline_handler_and_script_are_blocked(watched, base_url):
    visit(watched, base_url + "techniques/moments-of-truth/")
    watched.evaluate(
        """() => {
          document.body.insertAdjacentHTML("beforeend", '<img src="x.png" onerror="window.__ran = 1">');
          const script = document.createElement("script");
          script.textContent = "window.__ran = 2";
          document.body.append(script);
        }"""
    )
    watched.wait_for_function("window.__cspViolations.length >= 2")
    assert watched.evaluate("window.__ran") is None
    assert any(v.startswith("script-src") for v in violations(watched))


@pytest.mark.search
def test_a_script_in_a_pages_own_text_is_not_named_by_its_policy(watched, tmp_path, monkeypatch):
    # Should one ever get past validation (a hand-written page holds raw HTML), the policy names
    # only the theme's inline scripts, not the page's, so the browser refuses it.
    monkeypatch.chdir(tmp_path)
    root = make_site(tmp_path / "project")
    (root / "docs/notes.md").write_text("# Notes\n\n<script>window.__ran = 1</script>\n\nSome notes.\n", encoding="utf-8")
    site = build_site(root)
    with serve(site) as url:
        visit(watched, url + "notes/")
        assert watched.locator("article script").count() == 1  # it is on the page
        assert watched.evaluate("window.__ran") is None  # and did not run
        assert any(v.startswith("script-src") for v in violations(watched))
        # The theme's own inline scripts still run: Material's search and palette work.
        watched.keyboard.press("/")
        watched.keyboard.type("Moments")
        watched.locator(".md-search-result__item").first.wait_for(timeout=10_000)


# --- Hostile content that validation accepts, because it is escaped for where it lands --------

HOSTILE_BUT_ACCEPTED = [
    # (file, old text, new text)
    ("principles/customer-defines-value.yaml", "summary: Value is what the customer says it is.",
     "summary: '0;url=https://attacker.example/\" http-equiv=\"refresh'"),
    ("principles/customer-defines-value.yaml", "title: Customers define value", "title: 'Tom & Jerry''s \"value\" {: onclick=alert(1)} *x* [y](javascript:alert(1))'"),
    ("tenets/customers-first.yaml", "  - Ask what the customer needs.",
     "  - 'Code is shown, never run: `<img src=x onerror=alert(1)>` and [a link](https://example.org \"Say &quot;hi&quot; & bye\")'"),
    ("glossary.yaml", "definition: The result the customer wants.", "definition: 'Profit & loss, \"P&L\", x > y'"),
    ("case-studies/easyjet-bums-on-seats.yaml", "organisation: Easyjet", "organisation: '!!! danger \"x\"'"),
    # A valid address whose brackets, once in a Markdown link, would end it and start another.
    ("sources.yaml", "  year: 2020", "  year: 2020\n  url: https://example.org/a_(b)?q=[x]/)[y](javascript:alert(1))"),
]


# Each field is accepted alone. On the page, an option's text and its feedback once shared a
# paragraph, where the link title the text leaves open took in the feedback as its tooltip.
SPLIT_ACROSS_FIELDS = (
    "      - text: A board meeting\n        feedback: Customers are not there.",
    "      - text: 'A board meeting, [see](https://example.org/ \"'\n        feedback: '&lt;img src=x onerror=alert(1)&gt;\")'",
)
# A quiz and a question named like a property every JavaScript object has.
CONSTRUCTOR_QUIZ = QUIZ.replace("title: Moments of Truth check", "title: The constructor quiz").replace("id: pick-one", "id: constructor")
# What the page must never hold, whatever a tooltip or a script made of the content.
UNSAFE_IN_THE_PAGE = """() => [
    ...Array.from(document.querySelectorAll("*")).flatMap(element => Array.from(element.attributes)
        .filter(attribute => attribute.name.startsWith("on") || (attribute.name === "title" && attribute.value.includes("<")))
        .map(attribute => element.tagName + " " + attribute.name + "=" + attribute.value.slice(0, 60))),
    ...Array.from(document.querySelectorAll("a[href]")).filter(link => !["http:", "https:", "mailto:"].includes(link.protocol))
        .map(link => "A href=" + link.getAttribute("href")),
    ...Array.from(document.querySelectorAll("[src]")).filter(element => new URL(element.src, location.href).origin !== location.origin)
        .map(element => element.tagName + " src=" + element.getAttribute("src")),
]"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile") / "project"
    make_site(root)
    for file, old, new in HOSTILE_BUT_ACCEPTED:
        edit(root / "playbook" / file, old, new)
    edit(root / "quizzes/moments-check.yaml", *SPLIT_ACROSS_FIELDS)
    (root / "quizzes/constructor.yaml").write_text(CONSTRUCTOR_QUIZ, encoding="utf-8")
    site = build_site(root)
    with serve(site) as url:
        yield url


def test_hostile_but_accepted_content_runs_nothing_and_goes_nowhere(context, hostile_site):
    page = context.new_page()
    page.add_init_script(WATCH)
    dialogs: list[str] = []
    foreign: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: None if request.url.startswith(hostile_site) or request.url.startswith("data:") else foreign.append(request.url))
    for path in ("principles/customer-defines-value/", "principles/", "tenets/customers-first/", "glossary/", "case-studies/easyjet-bums-on-seats/", "quizzes/moments-check/", "quizzes/constructor/"):
        visit(page, hostile_site + path)
        assert page.evaluate(UNSAFE_IN_THE_PAGE) == [], path
        for target in [t for t in page.locator("article abbr, article [title]").all() if t.is_visible()][:10]:
            target.hover()
        page.wait_for_timeout(200)  # long enough for a refresh or a tooltip's markup to act
        assert page.url == hostile_site + path, "the page navigated away"
        assert page.evaluate(UNSAFE_IN_THE_PAGE) == [] and page.evaluate("window.__cspViolations") == [], path
    assert dialogs == [] and foreign == []
    visit(page, hostile_site + "quizzes/constructor/")
    page.get_by_role("button", name="Check my answers").click()
    page.get_by_role("button", name="Submit anyway").click()
    page.locator(".cx-score").wait_for()
    visit(page, hostile_site + "progress/")
    assert page.locator("tr", has_text="The constructor quiz").locator("td").nth(2).inner_text() == "1"
    assert page.evaluate("window.__cspViolations") == []
    visit(page, hostile_site + "principles/customer-defines-value/")
    assert page.locator("h1").inner_text().startswith("Tom & Jerry's \"value\" {: onclick=alert(1)} *x* [y](javascript:alert(1))")
    assert page.locator('meta[name="description"]').get_attribute("content") == '0;url=https://attacker.example/" http-equiv="refresh'
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
