"""The SCORM package inside a real SCORM 1.2 runtime: scorm-again (from npm, installed by make
test) on an LMS player page, the package in its frame, a learner taking the course by keyboard."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from cx_playbook.cli import main
from cx_playbook.validation import load_playbook
from helpers import COURSE, ROOT, make_site, serve, visit
from test_browser_quiz import answer, press

SCORM_AGAIN = ROOT / ".cache/node/node_modules/scorm-again/dist/scorm12.js"

# The LMS: a top page, and in it the player that holds the API and frames the package. The
# player is a frame of its own so that a test can close it as a learner leaving the course would.
TOP = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LMS</title><script src="top.js"></script></head>
<body><iframe id="player" name="player" title="Course player" src="player.html" width="1100" height="800"></iframe></body></html>
"""
TOP_JS = "window.finished = [];\n"
PLAYER = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Course player</title>
<script src="scorm12.js"></script><script src="player.js"></script></head>
<body><iframe id="sco" title="Course" src="../package/course/index.html" width="1000" height="760"></iframe></body></html>
"""
# Each LMSFinish is noted on the top page with the status it ended on: the player is gone by
# the time a test looks.
PLAYER_JS = """window.API = new Scorm12API({ logLevel: 5 });
window.API.on("LMSFinish", function () { window.parent.finished.push(window.API.cmi.core.lesson_status); });
"""


@pytest.fixture(scope="module")
def lms(tmp_path_factory) -> Path:
    """The small site with its one-module course, exported as a SCORM package and unzipped
    beside an LMS player page."""
    if not SCORM_AGAIN.is_file():
        pytest.fail(f"scorm-again is not installed at {SCORM_AGAIN.parent.parent}: make test installs it")
    root = tmp_path_factory.mktemp("lms")
    site = make_site(root / "source")
    (site / "playbook/course.yaml").write_text(COURSE, encoding="utf-8")
    package = root / "course.zip"
    assert main(["export", "scorm", str(package), str(site / "playbook"), "--config", str(site / "mkdocs.yml")]) == 0
    with zipfile.ZipFile(package) as archive:
        archive.extractall(root / "package")
    player = root / "lms"
    player.mkdir()
    shutil.copy(SCORM_AGAIN, player / "scorm12.js")
    for name, text in {"index.html": TOP, "top.js": TOP_JS, "player.html": PLAYER, "player.js": PLAYER_JS}.items():
        (player / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def playbook(lms):
    return load_playbook(lms / "source/playbook", lms / "source/quizzes")


@pytest.fixture(scope="module")
def lms_url(lms):
    with serve(lms) as url:
        yield url + "lms/index.html"


@pytest.fixture
def learner(context, lms_url):
    page = context.new_page()
    visit(page, lms_url)
    return page


def runtime(page):
    return page.frame(name="player")


def sco(page):
    return page.frame_locator("#player").frame_locator("#sco")


def reported(page, status: str) -> dict[str, str]:
    """Wait until the runtime holds ``status``; then what it holds."""
    player = runtime(page)
    player.wait_for_function("s => window.API.cmi.core.lesson_status === s", arg=status)
    return player.evaluate("() => ({status: API.cmi.core.lesson_status, score: API.cmi.core.score.raw, min: API.cmi.core.score.min, max: API.cmi.core.score.max})")


def open_module(page, title: str) -> None:
    """Follow the module's heading on the course home, as a learner does."""
    sco(page).get_by_role("heading", name=title).get_by_role("link", name=title, exact=True).click()
    sco(page).get_by_role("button", name="Check my answers").wait_for()


def open_final(page) -> None:
    sco(page).get_by_role("link", name="Take the final assessment").click()
    sco(page).get_by_role("button", name="Check my answers").wait_for()


def take(page, quiz, right: bool) -> None:
    """Answer every question the page shows of ``quiz`` (the final shows a draw of its pool) and submit."""
    within = sco(page).locator(f'.cx-quiz[data-quiz="{quiz.id}"]')
    shown = within.locator("section.cx-question:visible")
    ids = {shown.nth(i).get_attribute("data-question") for i in range(shown.count())}
    answer(page, right, within=within, quiz=quiz, questions=[question for question in quiz.questions if question.id in ids])
    press(within.get_by_role("button", name="Check my answers"), "Enter")
    within.locator(".cx-score").wait_for()


def home(page) -> None:
    sco(page).locator(".cx-eyebrow").get_by_role("link", name="Moments course", exact=True).click()


def test_a_learner_passing_every_module_and_the_final_is_reported_passed_with_the_score(learner, playbook):
    before = reported(learner, "incomplete")
    assert before["score"] == ""
    open_module(learner, "The basics")
    take(learner, playbook.quizzes["moments-check"], right=True)
    assert reported(learner, "incomplete")["score"] == ""  # modules alone are not the course
    home(learner)
    open_final(learner)
    take(learner, playbook.final_quiz(), right=True)
    after = reported(learner, "passed")
    assert (after["score"], after["min"], after["max"]) == ("100", "0", "100")
    # Moving between the package's pages kept one session open: nothing has finished it.
    assert learner.evaluate("window.finished") == []


def test_a_failed_final_is_reported_failed_with_its_score(learner, playbook):
    reported(learner, "incomplete")
    open_final(learner)
    take(learner, playbook.final_quiz(), right=False)
    assert reported(learner, "failed")["score"] == "0"


def test_leaving_the_player_finishes_the_session_once_on_what_was_reported(learner, playbook):
    reported(learner, "incomplete")
    open_module(learner, "The basics")
    take(learner, playbook.quizzes["moments-check"], right=True)
    home(learner)
    shown = runtime(learner).child_frames[0]
    shown.wait_for_url("**/course/index.html")
    shown.wait_for_load_state("load")  # the page's scripts have run
    assert learner.evaluate("window.finished") == []
    learner.evaluate("document.getElementById('player').src = 'about:blank'")
    learner.wait_for_function("window.finished.length > 0")
    assert learner.evaluate("window.finished") == ["incomplete"]


def test_without_an_lms_the_package_runs_as_on_the_web(context, lms, playbook):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    with serve(lms / "package") as url:
        visit(page, url + "course/basics.html")
        quiz = playbook.quizzes["moments-check"]
        answer(page, True, within=page.locator(f'.cx-quiz[data-quiz="{quiz.id}"]'), quiz=quiz)
        page.locator(".cx-score").wait_for()
        attempts = page.evaluate("() => cxProgress.load().quizzes.get('moments-check').length")
    assert attempts == 1
    assert errors == []
