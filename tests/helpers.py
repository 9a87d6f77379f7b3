"""What the tests share: a small valid playbook, a quiz of every type, and small helpers.

Imported as ``helpers`` (pytest puts this folder on the path), so plain ``pytest`` works too."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import socket
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from filelock import FileLock
from mkdocs.commands.build import build
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parent.parent
SOURCE = """\
sources: [test-source]
"""
SOURCES = """\
- id: test-source
  title: A test source
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
participants: [Front-line staff, A process owner]
duration: Two hours
preparation:
  - A list of the channels customers use.
example: |
  An inventory of twelve interactions, four marked remove.
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
    (root / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


IN_CI = os.environ.get("CI") == "true"

# make test names it (CHROMIUM=...); Debian's package by default.
CHROMIUM = Path(os.environ.get("CHROMIUM") or "/usr/bin/chromium")

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


# --- Small sites built with the plugin ----------------------------------------------------

MKDOCS_YML = """\
site_name: Test playbook
site_url: http://127.0.0.1:8000/
theme:
  name: material
  font: false
plugins:
  - search
  - tags
  - cx-playbook{settings}
markdown_extensions: [abbr, admonition, attr_list, def_list, md_in_html, tables, toc, pymdownx.details, pymdownx.superfences]
"""


def make_site(root: Path, settings: str = "") -> Path:
    """A site with the small playbook, a quiz, a home page and a tags page."""
    write_playbook(root / "playbook")
    (root / "quizzes").mkdir()
    (root / "quizzes/moments-check.yaml").write_text(QUIZ, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# Home\n\nStart with [[principles/customer-defines-value]].\n", encoding="utf-8")
    (root / "docs/tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", encoding="utf-8")
    indented = textwrap.indent(textwrap.dedent(settings).strip("\n"), "      ")
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(settings=":\n" + indented if settings else ""), encoding="utf-8")
    return root


def guide_block(language: str, first_line: str) -> str:
    """The hosting guide's code block that starts with ``first_line``: tested as a reader copies it."""
    guide = (ROOT / "docs/hosting.md").read_text(encoding="utf-8")
    found = re.search(rf"```{language}\n({re.escape(first_line)}.*?)```", guide, re.S)
    assert found, first_line
    return found.group(1)


def manifest_of(site: Path) -> dict:
    """The manifest a built or generated site's script starts with (its first line)."""
    first_line = (site / "assets/cx/cx.js").read_text(encoding="utf-8").split("\n", 1)[0]
    return json.loads(first_line.removeprefix("window.cxManifest = ").removesuffix(";"))


def build_site(root: Path) -> Path:
    """Build strictly, in this process, as MkDocs' own tests do; returns the site folder."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"), strict=True)
    build(config)
    return root / "site"


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """A static host as sites are served from: quiet, and with the site's 404.html for a missing page."""

    not_found = "404.html"

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / self.not_found
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serve(directory: Path, handler: type[http.server.SimpleHTTPRequestHandler] = StaticHost, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve ``directory`` on a loopback port (a free one unless named) for as long as the block
    runs; yields its URL."""
    server = http.server.ThreadingHTTPServer((host, port), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://{host}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# pytest-xdist names each worker (gw0, gw1, ...); a run without workers has none.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def _shared(tmp_path_factory) -> Path:
    """The folder every worker of this run shares: the run's own temporary folder."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if WORKER else base


def made_once(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """The folder ``name``, made by ``make`` once for the whole run, whichever worker asks first."""
    shared = _shared(tmp_path_factory)
    folder, made = shared / name, shared / f"{name}.made"
    with FileLock(str(shared / f"{name}.lock")):
        if not made.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a failed attempt left
            make(folder)
            made.touch()
    return folder


def loopback_address(tmp_path_factory, name: str) -> tuple[str, int]:
    """Where this worker serves the shared site ``name``: each worker on a loopback address of
    its own, all on one port. A site is built for one address (site_url), and Material's instant
    navigation takes the host from the page it is on but keeps site_url's port."""
    shared = _shared(tmp_path_factory)
    with FileLock(str(shared / f"{name}.port.lock")):
        recorded = shared / f"{name}.port"
        if not recorded.exists():
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                recorded.write_text(str(probe.getsockname()[1]), encoding="utf-8")
        port = int(recorded.read_text(encoding="utf-8"))
    worker = int(WORKER.removeprefix("gw")) + 1 if WORKER else 0
    return f"127.0.0.{worker + 1}", port


COURSE = """\
title: Moments course
version: "1.0"
description: |
  A short course on Moments of Truth.
modules:
  - id: basics
    title: The basics
    objectives:
      - Name a Moment of Truth in your own work.
      - Say who defines value.
      - Put customers first in a decision.
    duration: 30
    readings: [principles/customer-defines-value, techniques/moments-of-truth, index.md]
    quiz: moments-check
final_assessment:
  pool:
    quizzes: [moments-check]
  draw: 5
  time_guide: 10
  pass_mark: 70
"""


# Material sets a page up once its bundle has run (document$, which replays the page to a late
# subscriber), and our scripts do their work for the page in a task queued from there: a task
# queued after theirs runs once they have. Pages without Material (an LMS's player) are left be.
SCRIPTS_DONE = """async () => {
    if (!document.querySelector('script[src*="assets/javascripts/bundle."]')) return;
    while (!window.document$) await new Promise(tick => setTimeout(tick, 20));
    await new Promise(done => window.document$.subscribe(() => setTimeout(done, 0)));
}"""


def visit(page, url: str, **options):
    """Open ``url`` as a learner sees it: loaded, set up by Material, finished by our scripts, and
    with every request it made answered. A busy machine can be quiet on the network before the
    scripts have done their work, so quiet alone is not enough (and its half second of waiting,
    on every load, was a third of the suite's time)."""
    requests = _in_flight(page)
    response = page.goto(url, wait_until="load", **options)
    _loaded(page, requests)
    return response


def reload(page) -> None:
    """Reload as ``visit`` opens a page."""
    requests = _in_flight(page)
    page.reload(wait_until="load")
    _loaded(page, requests)


_REQUESTS: dict[int, set] = {}


def _in_flight(page) -> set:
    """The requests ``page`` has made that are not answered yet, kept up to date from its events."""
    if id(page) not in _REQUESTS:
        pending: set = set()
        page.on("request", lambda request: pending.add(request))
        page.on("requestfinished", lambda request: pending.discard(request))
        page.on("requestfailed", lambda request: pending.discard(request))
        page.on("close", lambda _: _REQUESTS.pop(id(page), None))
        _REQUESTS[id(page)] = pending
    return _REQUESTS[id(page)]


def _loaded(page, requests: set, quiet_ms: int = 50, patience_ms: int = 15_000) -> None:
    """Wait for the page's scripts, then for no request to be open for ``quiet_ms`` (a script may
    ask for one file once another has come)."""
    page.evaluate(SCRIPTS_DONE)
    quiet = waited = 0
    while quiet < quiet_ms:
        if waited > patience_ms:
            raise TimeoutError(f"{page.url}: still waiting for {sorted(r.url for r in requests)}")
        page.wait_for_timeout(10)
        quiet = quiet + 10 if not requests else 0
        waited += 10


def submit_the_first_quiz_unanswered(page, site_url: str) -> None:
    """Open the first quiz of a site, submit it with nothing answered, on purpose, and wait for the score."""
    visit(page, site_url + "quizzes/")
    page.locator(".cx-cards a").first.click()
    page.get_by_role("button", name="Check my answers").click()
    page.get_by_role("button", name="Submit anyway").click()
    page.locator(".cx-score").first.wait_for()
