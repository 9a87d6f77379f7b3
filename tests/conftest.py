"""Shared fixtures: a small valid playbook written to a temporary directory."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE = """\
sources:
  - title: A test source
    author: Test Author
    year: 2020
"""

ENTRIES = {
    "principles/customer-defines-value.yaml": """\
title: Customers define value
summary: Value is what the customer says it is.
inside_out: The organisation decides what is valuable.
outside_in: The customer decides what is valuable.
body: |
  The customer, not the organisation, decides what counts.

  See [[techniques/moments-of-truth]] for how to act on it.
tags: [outside-in]
related: [tenets/customers-first]
""",
    "tenets/customers-first.yaml": """\
title: Customers first
number: 1
statement: Customers come first in everything.
summary: Put the customer at the centre of all work.
body: |
  Every piece of work starts with a customer.
practices:
  - Trace work back to a customer interaction.
  - Ask what the customer needs.
  - Remove work no customer needs.
related: [principles/customer-defines-value]
""",
    "techniques/moments-of-truth.yaml": """\
title: Moments of Truth
summary: Find every interaction and remove or improve it.
purpose: To manage each customer interaction.
body: |
  A Moment of Truth is a point of contact.
steps:
  - List every interaction.
  - Decide to remove or improve each one.
  - Design the improved moment.
  - Run it and measure it.
outputs:
  - An inventory of interactions.
pitfalls:
  - Stopping at the map.
applies: [principles/customer-defines-value, tenets/customers-first]
related: [case-studies/easyjet-bums-on-seats]
""",
    "case-studies/easyjet-bums-on-seats.yaml": """\
title: Easyjet and bums on seats
summary: An airline that defined one simple outcome.
organisation: Easyjet
industry: Airlines
challenge: |
  Many priorities.
approach: |
  One outcome.
outcome: |
  Focus.
body: |
  The story of one outcome.
lessons:
  - Keep the outcome simple.
  - Judge work against it.
illustrates: [techniques/moments-of-truth]
related: [principles/customer-defines-value]
""",
}

GLOSSARY = """\
- term: Moment of Truth
  abbr: MOT
  definition: A point where a customer meets the organisation.
  see: techniques/moments-of-truth
- term: Successful Customer Outcome
  abbr: SCO
  definition: The result the customer wants.
"""


def write_playbook(root: Path) -> Path:
    for relative, text in ENTRIES.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + SOURCE, encoding="utf-8")
    (root / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    return root


@pytest.fixture
def playbook_dir(tmp_path, monkeypatch) -> Path:
    """A valid four-entry playbook; tests break one thing in it at a time."""
    monkeypatch.chdir(tmp_path)
    return write_playbook(tmp_path / "playbook")


@pytest.fixture
def real_playbook_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the shipped playbook, for changing without touching the real one."""
    monkeypatch.chdir(tmp_path)
    return Path(shutil.copytree(ROOT / "playbook", tmp_path / "playbook"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


IN_CI = os.environ.get("CI") == "true"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real playbook built strictly once per test run."""
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    return out


QUIZ = """\
title: Moments of Truth check
description: |
  Checks the basics.
pass_mark: 70
covers: [techniques/moments-of-truth]
questions:
  - id: pick-one
    type: single
    prompt: Which is a Moment of Truth?
    options:
      - text: A customer calling about a bill
        correct: true
      - text: A board meeting
        feedback: Customers are not there.
    explanation: It is an interaction with a customer.
    refs: [techniques/moments-of-truth]
  - id: pick-all
    type: multiple
    prompt: Which are interactions?
    options:
      - text: A call
        correct: true
      - text: An email
        correct: true
      - text: A budget
    explanation: Calls and emails are interactions.
    refs: [techniques/moments-of-truth]
  - id: true-or-false
    type: true_false
    prompt: Every piece of work starts with a customer interaction.
    answer: true
    explanation: That is the claim.
    refs: [tenets/customers-first]
  - id: put-in-order
    type: ordering
    prompt: Put the stages in order.
    items: [Design, Implement, Operationalise]
    explanation: Design comes first.
    refs: [techniques/moments-of-truth]
  - id: match-them
    type: matching
    prompt: Match the terms.
    pairs:
      - term: SCO
        match: The result the customer wants
      - term: MOT
        match: An interaction
    explanation: See the glossary.
    refs: [techniques/moments-of-truth]
  - id: fill-it
    type: fill_blank
    prompt: A point of contact is a ____.
    answers: [Moment of Truth, MOT]
    explanation: That is its name.
    refs: [techniques/moments-of-truth]
"""


@pytest.fixture
def quizzes_dir(playbook_dir) -> Path:
    """One valid quiz with every type of question, beside the small playbook."""
    root = playbook_dir.parent / "quizzes"
    root.mkdir()
    (root / "moments-check.yaml").write_text(QUIZ, encoding="utf-8")
    return root


# --- A real Chromium on the built site -----------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def base_url(built_site):
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    executable = CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")
    if not executable:
        message = "Chromium is not installed (make test installs Debian's chromium)"
        # In CI a missing browser is a failure, never a skip.
        pytest.fail(message) if IN_CI else pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(executable),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield launched
        launched.close()


@pytest.fixture(params=["light", "dark"])
def page(request, browser):
    context = browser.new_context(color_scheme=request.param)
    yield context.new_page()
    context.close()


@pytest.fixture
def context(browser):
    """A fresh browser profile: empty storage, light palette."""
    ctx = browser.new_context()
    yield ctx
    ctx.close()
