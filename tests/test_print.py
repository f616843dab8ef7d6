"""Print the quiz and key HTML in real headless Chromium and read each page back.

The shipped 85 questions must print on at most 8 pages on A4 and on Letter, no
question split across pages and none cut off, every page naming its student slot,
version, page number and build code. A synthetic bank with long, wrapping questions
in many short sections checks the page-break rules. Needs Debian's ``chromium`` and
poppler-utils; skipped where they are missing, run in CI where ``.ci/run`` installs them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizgen.defaults import BUILD_VERSIONS
from quizgen.load.facts import load_bank
from quizgen.model import Article, Bank, DeckInfo, Fact, Position, Source, Topic
from quizgen.plan.planner import QuizPlan, QuizSettings, plan_quiz
from quizgen.writers.key_markdown import grid_rows
from quizgen.writers.print_html import options_across, write_print_html
from tests.helpers import REPO
from tests.printing import PAPER_POINTS, Printed, Printer, squeezed
from tests.tools import needs

pytestmark = needs("chromium", "pdftotext", "pdfinfo")

PAGE_TARGET = 8
"""The most pages 85 questions of the shipped bank may print on, on either paper."""

FULL_TARGET = 8
"""The most pages the whole shipped bank (102 questions) prints on, on either paper: the
issue's target for the 85 questions it had then, held as the bank grew."""

KEY_TARGET = 10
"""The most pages the whole shipped key prints on: answers, explanations and sources."""

TOPICS = tuple(Topic(f"topic-{index}", f"Topic heading number {index}") for index in range(10))


def long_bank() -> Bank:
    """40 questions in ten short topic sections, some long enough to wrap: several pages."""
    facts = []
    for index in range(40):
        padding = " and what the article says about it" * (index % 4)
        facts.append(Fact(
            id=f"fact-{index}", topic=TOPICS[index % len(TOPICS)].id,
            question=f"Question {index}: what happened in event number {index}{padding}?",
            answer=f"Answer {index}{' with a longer phrase' * (index % 3)}",
            kind="event", explanation=f"Event {index} is reported in the article.",
            sources=(Source("source", "quote", Position(1, 1)),),
            distractors=(f"Wrong {index} one", f"Wrong {index} two", f"Wrong {index} three"),
        ))
    article = Article("source", "The Source", "quote", Path("source.md"), outlet="Outlet")
    return Bank(DeckInfo("history", "A Long History Quiz"), TOPICS, tuple(facts),
                {"source": article}, Path("facts.yaml"))


@pytest.fixture(scope="module")
def shipped() -> tuple[Bank, QuizPlan]:
    """The shipped facts, planned as ``quizgen build`` plans them."""
    bank = load_bank(REPO / "facts.yaml", REPO / "corpus")
    return bank, plan_quiz(bank, QuizSettings(versions=BUILD_VERSIONS))


@pytest.fixture(scope="module", params=["a4", "letter"])
def eighty_five_print(request: pytest.FixtureRequest, printer: Printer,
                      shipped: tuple[Bank, QuizPlan],
                      tmp_path_factory: pytest.TempPathFactory) -> tuple[QuizPlan, Printed]:
    """85 questions drawn from the shipped facts (the issue's measure), quiz-A printed."""
    bank = shipped[0]
    plan = plan_quiz(bank, QuizSettings(versions=BUILD_VERSIONS, count=85))
    paper = str(request.param)
    return plan, print_files(printer, bank, plan, paper,
                             tmp_path_factory.mktemp("eighty-five"))["quiz-A.html"]


@pytest.fixture(scope="module")
def synthetic() -> tuple[Bank, QuizPlan]:
    bank = long_bank()
    return bank, plan_quiz(bank, QuizSettings(versions=2))


def print_files(printer: Printer, bank: Bank, plan: QuizPlan, paper: str,
                out: Path) -> dict[str, Printed]:
    """quiz-A and key-A of ``plan`` laid out for ``paper``, printed."""
    printed = {}
    for file in write_print_html(plan, bank, paper):
        if file.name in ("quiz-A.html", "key-A.html"):
            path = out / f"{paper}-{file.name}"
            path.write_bytes(file.data)
            printed[file.name] = printer.print(path)
            assert printed[file.name].size == PAPER_POINTS[paper]
    return printed


@pytest.fixture(scope="module", params=["a4", "letter"])
def shipped_print(request: pytest.FixtureRequest, printer: Printer,
                  shipped: tuple[Bank, QuizPlan],
                  tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Printed]]:
    paper = str(request.param)
    return paper, print_files(printer, *shipped, paper, tmp_path_factory.mktemp("shipped"))


@pytest.fixture(scope="module", params=["a4", "letter"])
def synthetic_print(request: pytest.FixtureRequest, printer: Printer,
                    synthetic: tuple[Bank, QuizPlan],
                    tmp_path_factory: pytest.TempPathFactory) -> dict[str, Printed]:
    return print_files(printer, *synthetic, str(request.param), tmp_path_factory.mktemp("long"))


def assert_every_question_on_one_page(plan: QuizPlan, printed: Printed) -> None:
    """Each question whole on exactly one page: its stem, then options A, B, C, D in order."""
    for number, question in enumerate(plan.versions[0].questions, start=1):
        options = " ".join(f"{chr(65 + i)}. {option}" for i, option in enumerate(question.options))
        whole = squeezed(f"{number}. {question.fact.question} {options}")
        holding = [index for index, text in enumerate(printed.flows) if whole in squeezed(text)]
        assert len(holding) == 1, f"question {number} is split, cut off or missing"


def assert_every_page_marked(plan: QuizPlan, pages: list[str], owner: str) -> None:
    for number, text in enumerate(pages, start=1):
        assert text.startswith(f"{owner} Version A · page {number} of {len(pages)}"), text[:80]
        assert text.endswith(f"{plan.title} Build {plan.build_id}: quiz, key and sheet must match")


def test_eighty_five_questions_print_on_at_most_eight_pages(
    eighty_five_print: tuple[QuizPlan, Printed]
) -> None:
    plan, printed = eighty_five_print
    assert len(plan.versions[0].questions) == 85
    assert len(printed.pages) <= PAGE_TARGET
    assert_every_question_on_one_page(plan, printed)


def test_shipped_quiz_prints_within_its_target_no_question_split(
    shipped: tuple[Bank, QuizPlan], shipped_print: tuple[str, dict[str, Printed]]
) -> None:
    paper, printed = shipped_print
    pages = printed["quiz-A.html"].pages
    assert len(pages) <= FULL_TARGET, f"{len(pages)} pages on {paper}"
    assert_every_question_on_one_page(shipped[1], printed["quiz-A.html"])
    assert_every_page_marked(shipped[1], pages, "Name: ______________________________")


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_no_question_or_option_runs_out_of_its_box(
    printer: Printer, shipped: tuple[Bank, QuizPlan], paper: str, tmp_path: Path
) -> None:
    quiz = next(file for file in write_print_html(shipped[1], shipped[0], paper)
                if file.name == "quiz-A.html")
    path = tmp_path / "quiz-A.html"
    path.write_bytes(quiz.data)
    width = {"a4": 210.0, "letter": 215.9}[paper] - 28.0  # less the 14 mm side margins
    assert printer.overflowing(path, width, ".question p, .question li") == []


def test_shipped_quiz_sets_short_options_side_by_side(shipped: tuple[Bank, QuizPlan]) -> None:
    layouts = [options_across(question.options) for question in shipped[1].versions[0].questions]
    assert layouts.count(4) >= 20 and layouts.count(2) >= 20 and set(layouts) <= {1, 2, 4}


def test_page_one_has_score_line_and_names_the_answer_sheet(
    shipped: tuple[Bank, QuizPlan], shipped_print: tuple[str, dict[str, Printed]]
) -> None:
    first = shipped_print[1]["quiz-A.html"].pages[0]
    assert f"Score: ______ / {len(shipped[1].versions[0].questions)}" in first
    assert "circle its letter. If you were given answer sheet A, fill in one bubble" in first
    assert f"build code {shipped[1].build_id}, the same on its key and answer sheet" in first
    assert all("Score:" not in page for page in shipped_print[1]["quiz-A.html"].pages[1:])


def test_shipped_key_prints_whole_entries_and_an_aligned_grid(
    shipped: tuple[Bank, QuizPlan], shipped_print: tuple[str, dict[str, Printed]]
) -> None:
    bank, plan = shipped
    pages = shipped_print[1]["key-A.html"].pages
    assert len(pages) <= KEY_TARGET
    assert_every_page_marked(plan, pages, "ANSWER KEY: for the teacher")
    version = plan.versions[0]
    table = " ".join(f"{label} {' '.join(cell for cell in cells if cell)}"
                     for label, cells in grid_rows(version))
    assert f"Questions 1 2 3 4 5 6 7 8 9 10 {table}" in pages[0]
    citations = {slug: article.citation() for slug, article in bank.articles.items()}
    for number, question in enumerate(version.questions, start=1):
        fact = question.fact
        first_source = citations[fact.sources[0].article]
        entry = (f"{number}. {question.key_letter} {' '.join(fact.answer.split())} "
                 f"{' '.join(fact.explanation.split())} Source: {first_source}")
        assert sum(squeezed(entry) in squeezed(text) for text in pages) == 1, f"entry {number}"


def test_long_questions_print_whole_and_marked(
    synthetic: tuple[Bank, QuizPlan], synthetic_print: dict[str, Printed]
) -> None:
    pages = synthetic_print["quiz-A.html"].pages
    assert 3 <= len(pages) <= 8
    assert_every_question_on_one_page(synthetic[1], synthetic_print["quiz-A.html"])
    assert_every_page_marked(synthetic[1], pages, "Name: ______________________________")


def test_no_topic_heading_is_left_at_the_foot_of_a_page(
    synthetic_print: dict[str, Printed]
) -> None:
    for text in synthetic_print["quiz-A.html"].pages:
        body = text.rsplit(" A Long History Quiz Build ", 1)[0]
        assert not re.search(r"Topic heading number \d+$", body)


def test_every_key_entry_prints_whole_on_one_page(
    synthetic: tuple[Bank, QuizPlan], synthetic_print: dict[str, Printed]
) -> None:
    plan = synthetic[1]
    pages = synthetic_print["key-A.html"].pages
    for number, question in enumerate(plan.versions[0].questions, start=1):
        entry = (f"{number}. {question.key_letter} {question.fact.answer} "
                 f"{question.fact.explanation} Source: “The Source”, Outlet")
        assert sum(squeezed(entry) in squeezed(text) for text in pages) == 1, f"entry {number}"
