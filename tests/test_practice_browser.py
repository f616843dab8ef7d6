"""The practice page in real headless Chromium, driven as a student drives it.

Playwright launches Debian's ``chromium`` (``executable_path``, no browser download),
once for the module. Which option is right is read from the built ``answers.csv``,
never from the page's own data. Every page opened here records its requests, dialogs,
script errors and console errors, and the ``student`` fixture fails a test in which the
page asked for anything besides its own file, opened a dialog or logged an error.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pytest
from click.testing import CliRunner

from quizgen.cli import cli
from quizgen.lint.words import quantity
from tests.helpers import DATA, REPO
from tests.tools import CHROMIUM, NODE_MODULES, needs

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Dialog, Page, ViewportSize

pytestmark = needs("chromium", "axe-core")

HOSTILE = "</script><script>alert(1)</script>"
"""The text tests/data/practice/facts.yaml puts in every field the page shows."""

SCHEMES: tuple[Literal["light", "dark"], ...] = ("light", "dark")

SCREENSHOTS = os.environ.get("QUIZGEN_SCREENSHOTS")
"""A directory to keep the screenshots in, for looking at them (default: a temp dir)."""


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
    """``quizgen build`` of the practice page and answers.csv, as a teacher runs it."""
    result = CliRunner().invoke(cli, ["build", "--facts", str(facts), "--corpus", str(corpus),
                                      "--out-dir", str(tmp), "--format", "practice",
                                      "--format", "answers-csv"])
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
    deck = re.search(r"^  id: (\S+)$", facts.read_text(encoding="utf-8"), re.MULTILINE)
    assert deck
    return Built(tmp / "practice.html", keys, printed, found[1], deck[1])


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory.mktemp("shipped"), REPO / "facts.yaml", REPO / "corpus")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Built:
    practice = DATA / "practice"
    return build(tmp_path_factory.mktemp("hostile"), practice / "facts.yaml",
                 practice / "corpus")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM)
        yield launched
        launched.close()


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


@pytest.fixture
def student(browser: Browser, shipped: Built) -> Iterator[Student]:
    with session(browser, shipped) as student:
        yield student


@pytest.fixture
def page(student: Student) -> Page:
    return student.open()


# ---- what a student does


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


def test_every_question_answered_right_scores_100_percent(student: Student, page: Page,
                                                          shipped: Built) -> None:
    total = len(shipped.keys)
    start(page, f"All {total}")
    ordered = 0
    for number in range(1, total + 1):
        options = options_shown(page)
        amounts = [quantity(option) for option in options]
        if all(amounts):
            ordered += 1
            values = [(amount.value, amount.upper or amount.value) for amount in amounts if amount]
            assert values == sorted(values), options
        key = key_of(shipped, page)
        page.locator("#options .option").nth(options.index(key)).click()
        feedback = shown(page)
        assert feedback["position"].startswith(f"Question {number} of {total} · ")
        assert feedback["verdict"] == f"Right: {key}."
        assert feedback["explanation"]
        assert "Source: “" in feedback["sources"]
        page.keyboard.press("Enter")  # focus is on "Next question"
    assert ordered >= 5  # the shipped facts have amounts to keep in order
    assert page.locator("#score").inner_text() == f"{total} of {total} right (100%)"
    rows = page.locator("#topic-rows tr")
    assert rows.count() == 9
    for row in rows.all():
        right, asked = re.fullmatch(r"(\d+) of (\d+)", row.locator("td").nth(1).inner_text()
                                    ).groups()  # type: ignore[union-attr]
        assert right == asked
    assert page.locator("#practise-missed").is_hidden()
    assert student.requests == [shipped.url]  # and nothing else: no font, script or fetch


def test_missed_questions_are_offered_again_kept_on_reload_and_forgotten(
    page: Page, shipped: Built
) -> None:
    start(page, "5")
    missed = answer_all(page, shipped, wrong=frozenset({0, 3, 4}))
    assert page.locator("#score").inner_text() == "2 of 5 right (40%)"
    again = page.get_by_role("button", name="Practise the ones I missed (3)")
    again.click()
    assert sorted(questions_of_attempt(page, shipped)) == sorted(missed)
    assert page.locator("#score").inner_text() == "3 of 3 right (100%)"

    page.get_by_role("button", name="Choose other questions").click()
    start(page, "5")
    missed = answer_all(page, shipped, wrong=frozenset({1, 2}))
    page.reload()
    assert re.fullmatch(r"You have answered \d+ of the 85 questions here\. 2 are still to get "
                        r"right\.", page.locator("#progress-text").inner_text())
    page.get_by_role("button", name="Practise the 2 I missed").click()
    assert sorted(questions_of_attempt(page, shipped)) == sorted(missed)
    keys = page.evaluate("Object.keys(localStorage)")
    assert keys == [f"quizgen-practice:{shipped.deck}:{shipped.build}"]

    page.reload()
    assert page.locator("#practise-saved").is_hidden()  # none missed since answered right
    assert page.locator("#progress-text").inner_text().endswith(
        " here, each one right the last time.")
    page.get_by_role("button", name="Forget my progress").click()
    assert page.locator("#forget-status").inner_text() == (
        "Your progress on this device has been forgotten.")
    page.reload()
    assert page.locator("#forget").is_hidden()
    assert page.locator("#progress-text").inner_text().startswith(
        "The questions you miss are remembered")
    assert page.evaluate("localStorage.length") == 0


def test_each_attempt_shuffles_questions_and_options_but_keeps_amounts_in_order(
    page: Page, shipped: Built
) -> None:
    attempts = []
    for _ in range(2):
        start(page, "10")
        asked, as_printed = [], 0
        for _ in range(10):
            asked.append(page.locator("#question").inner_text())
            options = options_shown(page)
            if not all(quantity(option) for option in options):
                as_printed += options == shipped.printed[frozenset(options)]
            page.keyboard.press(str(options.index(key_of(shipped, page)) + 1))
            page.keyboard.press("Enter")
        assert as_printed < 8  # each order has a 1 in 24 chance: 8 of 10 would be a fluke
        attempts.append(asked)
        page.get_by_role("button", name="Choose other questions").click()
    assert attempts[0] != attempts[1]


def focused(page: Page) -> str:
    return str(page.evaluate("document.activeElement.id || document.activeElement.className"))


def test_keyboard_only_run(page: Page, shipped: Built) -> None:
    for _ in range(20):
        page.keyboard.press("Tab")
        if focused(page) == "start":
            break
    assert focused(page) == "start"
    page.keyboard.press("Enter")  # 10 questions, the default
    missed = []
    for index in range(10):
        assert focused(page) == "question"
        options = options_shown(page)
        key = options.index(key_of(shipped, page))
        wrong = (key + 1) % len(options)
        if index == 0:  # Tab to the options, then Enter on the key
            for _ in range(key + 1):
                page.keyboard.press("Tab")
            assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
            page.keyboard.press("Enter")
        elif index % 3 == 1:
            page.keyboard.press(str(wrong + 1))
            missed.append(page.locator("#question").inner_text())
        else:
            page.keyboard.press("ABCDE"[key] if index % 2 else "abcde"[key])
        assert page.locator("#feedback").get_attribute("class") == (
            "feedback wrong" if index % 3 == 1 else "feedback right")
        assert focused(page) == "next"
        page.keyboard.press("Enter")
    assert focused(page) == "results-heading"
    assert page.locator("#score").inner_text() == f"{10 - len(missed)} of 10 right " \
        f"({round(100 * (10 - len(missed)) / 10)}%)"
    page.keyboard.press("Tab")
    assert focused(page) == "practise-missed"
    page.keyboard.press("Enter")
    asked = []
    for _ in missed:
        asked.append(page.locator("#question").inner_text())
        page.keyboard.press(str(options_shown(page).index(key_of(shipped, page)) + 1))
        page.keyboard.press("Enter")
    assert sorted(asked) == sorted(missed)
    assert page.locator("#score").inner_text() == f"{len(missed)} of {len(missed)} right (100%)"


def test_hostile_text_shows_as_text_and_runs_nothing(browser: Browser, hostile: Built) -> None:
    with session(browser, hostile) as student:
        page = student.open()
        assert page.locator("h1").inner_text() == f"Practice {HOSTILE}"
        assert HOSTILE in page.locator("#topics").inner_text()
        assert page.locator("script").count() == 2
        start(page, "All 2")
        for _ in range(2):
            if page.locator("#question").inner_text() == (
                    f"Which text should show as written: {HOSTILE}?"):
                assert sorted(options_shown(page)) == sorted(
                    [HOSTILE, "<img src=x onerror=alert(2)>", "<!-- a comment -->",
                     "&amp; an entity"])
                answer(page, hostile, right=True)
                assert page.locator("#explanation").inner_text() == (
                    f"The page shows {HOSTILE} and <img src=x onerror=alert(2)> as text.")
                assert page.locator("#sources figcaption").inner_text() == (
                    f"Source: “Tags in Text: {HOSTILE}”, The <b>Example</b> & Co, 6 May 2024")
            else:  # an amount question: options in increasing order, every attempt
                assert options_shown(page) == ["3 loaves", "12 loaves", "48 loaves",
                                               "120 loaves"]
                answer(page, hostile, right=True)
            page.locator("#next").click()
        assert page.locator("#score").inner_text() == "2 of 2 right (100%)"
        assert page.locator("img, b").count() == 0
        assert page.evaluate("document.querySelectorAll('script').length") == 2


def test_policy_blocks_injected_scripts_and_requests(student: Student, page: Page) -> None:
    """Were a fact ever to reach the markup, the page's CSP would still run nothing of it."""
    outcome = page.evaluate("""async () => {
        const script = document.createElement("script");
        script.textContent = "window.injected = true";
        document.body.append(script);
        const image = new Image();
        image.src = "https://example.com/pixel.png";
        let fetched = "sent";
        try { await fetch("https://example.com/"); } catch (error) { fetched = "refused"; }
        return [window.injected === true, fetched];
    }""")
    assert outcome == [False, "refused"]
    assert student.errors and all("Content Security Policy" in error
                                  for error in student.errors), student.errors
    assert student.requests[1:] == ["https://example.com/pixel.png"]
    assert student.failed == [("https://example.com/pixel.png", "csp")]  # refused, never sent
    student.errors.clear()  # the refusals were the point; the session checks the rest
    del student.requests[1:]


# ---- accessibility and layout


def axe_violations(page: Page) -> list[str]:
    """Serious and critical axe-core findings on the page as it is now."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(NODE_MODULES / "axe-core" / "axe.min.js"))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{violation['id']} ({violation['impact']}): {violation['help']}: "
            f"{[node['target'] for node in violation['nodes']]}"
            for violation in results["violations"]
            if violation["impact"] in ("serious", "critical")]


def test_no_serious_accessibility_violations_light_or_dark(browser: Browser,
                                                           shipped: Built) -> None:
    # axe is injected as a script, which the page's own policy forbids: bypass it here
    with session(browser, shipped, bypass_csp=True, reduced_motion="reduce") as student:
        page = student.open()

        def check() -> None:
            for scheme in SCHEMES:
                page.emulate_media(color_scheme=scheme)
                assert axe_violations(page) == [], scheme

        check()
        start(page, "5")
        check()
        answer(page, shipped, right=False)
        check()
        answer_all_rest(page, shipped)
        assert page.locator("#results").is_visible()
        check()


def answer_all_rest(page: Page, built: Built) -> None:
    page.locator("#next").click()
    while page.locator("#quiz").is_visible():
        answer(page, built, right=True)
        page.locator("#next").click()


def overflow(page: Page) -> int:
    """How far the page is wider than its window (CSS pixels); 0 when it reflows."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


PHONE: ViewportSize = {"width": 390, "height": 844}
LAPTOP: ViewportSize = {"width": 1280, "height": 800}
NARROW: list[tuple[ViewportSize, str]] = [
    ({"width": 320, "height": 640}, "100%"),  # the narrowest phone
    ({"width": 640, "height": 400}, "100%"),  # a 1280 x 800 window zoomed to 200%
    ({"width": 320, "height": 640}, "200%"),  # a phone with its text size doubled
]


def test_layout_phone_laptop_narrow_zoomed_light_and_dark(browser: Browser, shipped: Built,
                                                          tmp_path: Path) -> None:
    """Each screen at phone and laptop width, light and dark (screenshots kept for looking),
    then at 320 px, at 200% zoom and with doubled text: it reflows, never scrolls sideways."""
    out = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    with session(browser, shipped, viewport=PHONE, reduced_motion="reduce") as student:
        page = student.open()

        def look(screen: str) -> None:
            for name, size in (("390", PHONE), ("1280", LAPTOP)):
                page.set_viewport_size(size)
                for scheme in SCHEMES:
                    page.emulate_media(color_scheme=scheme)
                    page.screenshot(path=out / f"practice-{screen}-{name}-{scheme}.png",
                                    full_page=True)
                    assert overflow(page) == 0, (screen, name, scheme)
            page.emulate_media(color_scheme="light")
            for size, text in NARROW:
                page.set_viewport_size(size)
                page.evaluate(f"document.documentElement.style.fontSize = '{text}'")
                assert overflow(page) == 0, (screen, size, text)
            page.evaluate("document.documentElement.style.fontSize = ''")
            page.set_viewport_size(PHONE)

        look("setup")
        start(page, "5")
        answer(page, shipped, right=False)
        look("question")
        main = page.locator("main").bounding_box()
        for option in page.locator("#options .option").all():
            bounds = option.bounding_box()
            assert main and bounds and bounds["height"] >= 44  # a finger-sized target
            assert bounds["width"] >= main["width"] - 40  # the width of the column
        answer_all_rest(page, shipped)
        look("results")
        page.get_by_role("button", name="Choose other questions").click()
        assert page.locator("#practise-saved").inner_text() == "Practise the one I missed"
        look("progress")
    assert len(list(out.glob("practice-*.png"))) >= 16


def test_a_phone_taps_the_options_and_is_not_told_about_keys(browser: Browser,
                                                              shipped: Built) -> None:
    with session(browser, shipped, viewport=PHONE, is_mobile=True, has_touch=True) as student:
        page = student.open()
        page.locator("#count").select_option(label="5")
        page.get_by_role("button", name="Start", exact=True).tap()
        assert page.locator("#key-hint").is_hidden()
        options = options_shown(page)
        key = key_of(shipped, page)
        page.locator("#options .option").nth(options.index(key)).tap()
        assert page.locator("#verdict").inner_text() == f"Right: {key}."
        page.locator("#next").tap()
        assert page.locator("#position").inner_text().startswith("Question 2 of 5")


def test_dark_scheme_and_reduced_motion_are_honoured(browser: Browser, shipped: Built) -> None:
    with session(browser, shipped) as student:
        page = student.open()
        start(page, "5")
        answer(page, shipped, right=True)
        seen = {}
        media: tuple[tuple[Literal["light", "dark"], Literal["no-preference", "reduce"]], ...]
        media = (("light", "no-preference"), ("dark", "reduce"))
        for scheme, motion in media:
            page.emulate_media(color_scheme=scheme, reduced_motion=motion)
            seen[scheme] = page.evaluate("""() => [
                getComputedStyle(document.documentElement).backgroundColor,
                getComputedStyle(document.getElementById('feedback')).animationName]""")
    assert seen["light"] == ["rgb(244, 245, 247)", "appear"]
    assert seen["dark"] == ["rgb(17, 20, 24)", "none"]
