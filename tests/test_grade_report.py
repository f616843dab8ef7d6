"""report.html as a teacher sees it: opened in headless Chromium, offline, and looked at."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from quizgen.cli import cli
from quizgen.grade import grade
from quizgen.grade.flags import flags_for
from quizgen.grade.histogram import bins
from quizgen.load.facts import load_bank
from tests.helpers import DATA
from tests.tools import CHROMIUM, NODE_MODULES, needs

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = needs("chromium", "axe-core")
GRADE = DATA / "grade"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example class graded by the command line; returns its report.html."""
    project = tmp_path_factory.mktemp("report") / "grade"
    shutil.copytree(GRADE, project)
    result = CliRunner().invoke(cli, [
        "grade", str(project / "responses.csv"), "--answers", str(project / "decks/answers.csv"),
        "--facts", str(project / "facts.yaml"), "--corpus", str(project / "corpus"),
        "--out-dir", str(project / "grades")])
    assert result.exit_code == 0, result.stderr
    return project / "grades" / "report.html"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM)
        yield launched
        launched.close()


def test_report_fetches_nothing_and_shows_the_class(report: Path, browser: Browser,
                                                    tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(report.as_uri())
    assert requested == [report.as_uri()]  # no font, script, image or style from anywhere
    figures = dict(zip(page.locator("dl.figures dt").all_inner_texts(),
                       page.locator("dl.figures dd").all_inner_texts(), strict=True))
    grading = grade(GRADE / "responses.csv", GRADE / "decks" / "answers.csv")
    assert figures["Class size"] == "200"
    assert figures["Reliability (KR-20)"] == f"{grading.summary.kr20:.2f}"
    assert figures["Standard error (SEM)"] == f"{grading.summary.sem:.2f}"
    _, counts = bins([score.score for score in grading.scores], grading.summary.max_score)
    assert page.locator("svg rect.bar").count() == len(counts)
    heights = [float(h) for h in page.locator("svg rect.bar").evaluate_all(
        "bars => bars.map(bar => bar.getAttribute('height'))")]
    tallest = max(counts)
    assert heights == pytest.approx([172 * count / tallest for count in counts], abs=0.06)
    flagged = [item.fact_id for item in grading.items if flags_for(item)]
    articles = page.locator("article.item")
    assert articles.count() == len(flagged) == 2
    bank = load_bank(GRADE / "facts.yaml", GRADE / "corpus")
    flour = next(fact for fact in bank.facts if fact.id == "loaf-flour")
    first = articles.nth(0).inner_text()
    assert first.startswith("loaf-flour\n")  # check-key sorts first
    assert f"facts.yaml line {flour.position.line}" in first
    assert flour.question in first
    assert "check-key" in first and "500 grams" in first
    rows = page.locator("table tbody tr").first.locator("td").all_inner_texts()
    assert rows[0] == "loaf-flour" and rows[-1].split() == ["check-key",
                                                            "negative-discrimination",
                                                            "too-hard"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 1000
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert (tmp_path / "report.png").stat().st_size > 20_000


def test_report_fits_a_phone_and_passes_axe(report: Path, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    page.goto(report.as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.add_script_tag(path=str(NODE_MODULES / "axe-core" / "axe.min.js"))
    violations = page.evaluate("async () => (await axe.run()).violations.map(v => v.id)")
    assert violations == []
    context.close()
