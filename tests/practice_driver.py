"""Driving the practice page in Playwright as a student does, for the browser tests.

A ``Built`` page comes from a real ``quizgen build``; which option is right is read from
its ``answers.csv``, never from the page's own data. A ``session`` is one browser context
(its own localStorage) that records every request, dialog, script error and console
error of its pages, and fails the test if the page asked for anything besides its own
file, opened a dialog or logged an error.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from click.testing import CliRunner

from quizgen.cli import cli
from tests.tools import NODE_MODULES

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Dialog, Page

HOSTILE = "</script><script>alert(1)</script>"
"""The text tests/data/practice/facts.yaml puts in every field the page shows."""


@dataclass(frozen=True)
class Built:
    """A built practice page and the keys its quiz has, read from answers.csv."""

    page: Path
    keys: dict[frozenset[str], str]
    """Each question's option set -> the key's text (version A of answers.csv)."""
    printed: dict[frozenset[str], list[str]]
    """Each question's option set -> its options in the order version A prints them."""
    build: str
    deck: str

    @property
    def url(self) -> str:
        return self.page.as_uri()


def build(tmp: Path, facts: Path, corpus: Path) -> Built:
    """``quizgen build`` of the practice page and answers.csv, as a teacher runs it.

    ``--no-lint``: the hostile fixture's items are flawed on purpose (its text is an attack).
    """
    result = CliRunner().invoke(cli, ["build", "--facts", str(facts), "--corpus", str(corpus),
                                      "--out-dir", str(tmp), "--format", "practice",
                                      "--format", "answers-csv", "--no-lint"])
    assert result.exit_code == 0, result.output
    found = re.search(r"build ([0-9a-f]{8})", result.output)
    assert found
    with (tmp / "answers.csv").open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["version"] == "A"]
    keys, printed = {}, {}
    for row in rows:
        options = [value for name, value in row.items() if name.startswith("option_")]
        keys[frozenset(options)] = row[f"option_{row['key']}"]
        printed[frozenset(options)] = options
    assert len(keys) == len(rows)  # each question's options tell it apart
    deck = yaml.safe_load(facts.read_text(encoding="utf-8"))["deck"]["id"]
    return Built(tmp / "practice.html", keys, printed, found[1], deck)


@dataclass
class Student:
    """One browser context (its own localStorage) and what its pages did."""

    context: BrowserContext
    built: Built
    requests: list[str] = field(default_factory=list)
    failed: list[tuple[str, str | None]] = field(default_factory=list)
    """Requests that never got an answer, and why (Chromium: ``csp`` when the page's
    policy refused them)."""
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def dismiss(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self) -> Page:
        page = self.context.new_page()
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("requestfailed",
                lambda request: self.failed.append((request.url, request.failure)))
        page.on("dialog", self.dismiss)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", lambda message: self.errors.append(message.text)
                if message.type == "error" else None)
        page.goto(self.built.url)
        return page


@contextmanager
def session(browser: Browser, built: Built, **options: Any) -> Iterator[Student]:
    """A fresh context (empty localStorage); on leaving, no dialog, error or other request."""
    context = browser.new_context(**options)
    student = Student(context, built)
    try:
        yield student
    finally:
        context.close()
    assert student.dialogs == []
    assert student.errors == []
    assert set(student.requests) <= {built.url}, student.requests


def options_shown(page: Page) -> list[str]:
    return page.locator("#options .option .text").all_inner_texts()


def key_of(built: Built, page: Page) -> str:
    return built.keys[frozenset(options_shown(page))]


def answer(page: Page, built: Built, *, right: bool) -> str:
    """Click the key (or the first other option); the question's text."""
    options = options_shown(page)
    key = key_of(built, page)
    choice = key if right else next(option for option in options if option != key)
    page.locator("#options .option").nth(options.index(choice)).click()
    verdict = page.locator("#verdict").inner_text()
    assert verdict == (f"Right: {key}." if right else f"Not quite. The answer is {key}.")
    return page.locator("#question").inner_text()


def start(page: Page, count: str) -> None:
    page.select_option("#count", label=count)
    page.get_by_role("button", name="Start", exact=True).click()


def answer_all(page: Page, built: Built, wrong: frozenset[int] = frozenset()) -> list[str]:
    """Answer every question of the attempt (wrong at the given 0-based positions)."""
    position = re.fullmatch(r"Question 1 of (\d+) · .*", page.locator("#position").inner_text())
    assert position
    total = int(position[1])
    missed = []
    for index in range(total):
        question = answer(page, built, right=index not in wrong)
        if index in wrong:
            missed.append(question)
        page.locator("#next").click()
    return missed


def questions_of_attempt(page: Page, built: Built) -> list[str]:
    """Answer every question right, returning their texts."""
    asked = []
    while page.locator("#quiz").is_visible():
        asked.append(answer(page, built, right=True))
        page.locator("#next").click()
    return asked


def shown(page: Page) -> dict[str, str]:
    """The visible text of the feedback, read in one round trip."""
    return dict(page.evaluate("""() => Object.fromEntries(
        ["position", "verdict", "explanation", "sources"].map(
            (id) => [id, document.getElementById(id).innerText]))"""))


def focused(page: Page) -> str:
    return str(page.evaluate("document.activeElement.id || document.activeElement.className"))


def axe_violations(page: Page) -> list[str]:
    """Serious and critical axe-core findings on the page as it is now."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(NODE_MODULES / "axe-core" / "axe.min.js"))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{violation['id']} ({violation['impact']}): {violation['help']}: "
            f"{[node['target'] for node in violation['nodes']]}"
            for violation in results["violations"]
            if violation["impact"] in ("serious", "critical")]


def answer_all_rest(page: Page, built: Built) -> None:
    page.locator("#next").click()
    while page.locator("#quiz").is_visible():
        answer(page, built, right=True)
        page.locator("#next").click()


def overflow(page: Page) -> int:
    """How far the page is wider than its window (CSS pixels); 0 when it reflows."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))
