"""The practice page in real headless Chromium, driven as a student drives it.

Playwright launches Debian's ``chromium`` (``executable_path``, no browser download),
once for the module; tests/practice_driver.py holds what a student does. Every page is
opened in a ``session`` that fails the test on any request besides the page itself, any
dialog and any script or console error.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pytest

from quizgen.lint.words import quantity
from quizgen.load.facts import load_bank
from tests.helpers import DATA, REPO
from tests.practice_driver import (
    HOSTILE,
    Built,
    Student,
    answer,
    answer_all,
    answer_all_rest,
    axe_violations,
    build,
    focused,
    key_of,
    options_shown,
    overflow,
    questions_of_attempt,
    session,
    shown,
    start,
)
from tests.tools import CHROMIUM, needs

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

pytestmark = needs("chromium", "axe-core")

SCHEMES: tuple[Literal["light", "dark"], ...] = ("light", "dark")

SCREENSHOTS = os.environ.get("QUIZGEN_SCREENSHOTS")
"""A directory to keep the screenshots in, for looking at them (default: a temp dir)."""


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


@pytest.fixture
def student(browser: Browser, shipped: Built) -> Iterator[Student]:
    with session(browser, shipped) as student:
        yield student


@pytest.fixture
def page(student: Student) -> Page:
    return student.open()


# ---- what a student does


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
        # a title in quotes, or one the curator supplied, in brackets
        assert re.search(r"Source: (?:“|\[)", feedback["sources"]), feedback["sources"]
        page.keyboard.press("Enter")  # focus is on "Next question"
    assert ordered >= 5  # the shipped facts have amounts to keep in order
    assert page.locator("#score").inner_text() == f"{total} of {total} right (100%)"
    rows = page.locator("#topic-rows tr")
    assert rows.count() == len(load_bank(REPO / "facts.yaml", REPO / "corpus").topics)
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
    from playwright.sync_api import expect

    # expect waits for the page's script to fill the text in (read at once, a loaded
    # machine could catch it before the script ran)
    expect(page.locator("#progress-text")).to_have_text(re.compile(
        rf"^You have answered \d+ of the {len(shipped.keys)} questions here\. 2 "
        r"are still to get right\.$"))
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
    assert focused(page) == "progress-text"  # not lost with the button that went away
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
