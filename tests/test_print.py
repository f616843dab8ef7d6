"""Print the HTML quiz and key in real headless Chromium and read the PDF back.

Needs Debian's ``chromium`` and poppler-utils (``pdftotext``, ``pdfinfo``); skipped
where they are missing, and run in CI where ``.ci/run`` installs them.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from quizgen.model import Article, Bank, DeckInfo, Fact, Position, Source, Topic
from quizgen.plan.planner import PlannedQuestion, QuizPlan, QuizSettings, plan_quiz
from quizgen.writers.print_html import write_print_html
from tests.tools import CHROMIUM, needs

pytestmark = needs("chromium", "pdftotext", "pdfinfo")

PAPER = {"A4": (595, 842), "letter": (612, 792)}
"""PDF page size in points for each CSS paper size."""


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
def plan() -> QuizPlan:
    return plan_quiz(long_bank(), QuizSettings(versions=2))


@pytest.fixture(scope="module")
def pages(plan: QuizPlan, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Text of each printed page of quiz-A (A4 and letter) and key-A (letter)."""
    out = tmp_path_factory.mktemp("print")
    files = {file.name: file.data.decode() for file in write_print_html(plan, long_bank())}
    printed = {}
    for name, html_name, paper in [("quiz-A4", "quiz-A.html", "A4"),
                                   ("quiz-letter", "quiz-A.html", "letter"),
                                   ("key-letter", "key-A.html", "letter")]:
        html_path = out / f"{name}.html"
        page_size = f"<style>@page {{ size: {paper}; }}</style></head>"
        html_path.write_text(files[html_name].replace("</head>", page_size, 1))
        pdf = print_to_pdf(html_path)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                              check=True).stdout
        size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
        assert size and (round(float(size[1])), round(float(size[2]))) == PAPER[paper]
        count = re.search(r"Pages:\s+(\d+)", info)
        assert count
        printed[name] = [page_text(pdf, number) for number in range(1, int(count[1]) + 1)]
    return printed


def print_to_pdf(html_path: Path) -> Path:
    pdf = html_path.with_suffix(".pdf")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", html_path.as_uri()],
            capture_output=True, timeout=120, check=True)
    return pdf


def page_text(pdf: Path, number: int) -> str:
    """One page's text with white space folded, as a reader would scan it."""
    text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def question_text(number: int, question: PlannedQuestion) -> str:
    options = " ".join(f"{chr(65 + i)}. {option}" for i, option in enumerate(question.options))
    return f"{number}. {question.fact.question} {options}"


@pytest.mark.parametrize("name", ["quiz-A4", "quiz-letter"])
def test_every_question_prints_whole_on_one_page(
    plan: QuizPlan, pages: dict[str, list[str]], name: str
) -> None:
    printed = pages[name]
    for number, question in enumerate(plan.versions[0].questions, start=1):
        holding = [index for index, text in enumerate(printed)
                   if question_text(number, question) in text]
        assert len(holding) == 1, f"question {number} is split or missing on {name}"


@pytest.mark.parametrize("name", ["quiz-A4", "quiz-letter", "key-letter"])
def test_every_page_names_version_build_and_page(
    plan: QuizPlan, pages: dict[str, list[str]], name: str
) -> None:
    printed = pages[name]
    assert 3 <= len(printed) <= 14, f"{name} printed on {len(printed)} pages"
    for number, text in enumerate(printed, start=1):
        assert text.startswith(f"A Long History Quiz Version A · build {plan.build_id}")
        assert f"Page {number} of {len(printed)}" in text


@pytest.mark.parametrize("name", ["quiz-A4", "quiz-letter"])
def test_no_topic_heading_is_left_at_the_foot_of_a_page(
    pages: dict[str, list[str]], name: str
) -> None:
    for text in pages[name]:
        body = text.rsplit(" Page ", 1)[0]
        assert not re.search(r"Topic heading number \d+$", body)


def test_every_key_entry_prints_whole_on_one_page(
    plan: QuizPlan, pages: dict[str, list[str]]
) -> None:
    printed = pages["key-letter"]
    grid = " ".join(f"{n}-{q.key_letter}"
                    for n, q in enumerate(plan.versions[0].questions, start=1))
    assert f"Grid: {grid}" in printed[0]
    for number, question in enumerate(plan.versions[0].questions, start=1):
        entry = (f"{number}. {question.key_letter} {question.fact.answer} "
                 f"{question.fact.explanation} Source: “The Source”, Outlet")
        assert sum(entry in text for text in printed) == 1, f"key entry {number}"
