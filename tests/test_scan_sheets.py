"""Scan real answer sheets: the writer's sheet printed by Chromium, rasterized, filled in
like a class does and degraded like a copier or a phone does (bench/scanned.py).

Over 100 seeded pages every clearly marked answer and digit must read right, every
deliberately ambiguous mark must be a doubt, and no wrong answer may go without one.
Then the odd pages: another build's sheet, upside down, blank, not a sheet at all, a
missing corner; and ``quizgen scan class.pdf && quizgen grade`` end to end.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pytest
from click.testing import CliRunner

from bench.scanned import Tally, Truth, check, degrade, fill
from quizgen.cli import cli
from quizgen.scan import scan
from quizgen.scan.pages import Grey, pdf_pages
from quizgen.scan.read import PageError, read_page
from quizgen.writers.sheet_layout import SheetLayout, read_layout
from tests.helpers import REPO
from tests.printing import Printer
from tests.tools import needs

pytestmark = needs("chromium", "pdfinfo", "pdftotext")

DPI = 200


@dataclass(frozen=True)
class Printed:
    """A built quiz (two versions) with sheet-A printed and rasterized once."""

    decks: Path
    layout: SheetLayout
    clean: Grey
    """Page 1 of sheet-A.pdf at DPI, unmarked."""


def build(out: Path, seed: int) -> None:
    result = CliRunner().invoke(cli, ["quiz", "--facts",
                                      str(REPO / "facts.yaml"), "--corpus",
                                      str(REPO / "corpus"), "--out-dir", str(out),
                                      "--versions", "2", "--count", "60", "--seed", str(seed)])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def printed(printer: Printer, tmp_path_factory: pytest.TempPathFactory) -> Printed:
    decks = tmp_path_factory.mktemp("decks")
    build(decks, 2025)
    pdf = printer.print(decks / "sheet-A.html").pdf
    layout = read_layout((decks / "sheet-layout.json").read_text(encoding="utf-8"))
    return Printed(decks, layout, next(pdf_pages(pdf, DPI))[1])


def test_a_hundred_filled_and_degraded_pages_read_right_or_doubted(printed: Printed) -> None:
    rng = random.Random(14)
    tally = Tally()
    for number in range(1, 101):
        filled, truth = fill(printed.clean, printed.layout, DPI, rng)
        page = read_page(degrade(filled, rng, upside_down=number % 10 == 0), printed.layout)
        doubted = {doubt.question for doubt in page.doubts if doubt.question}
        check(tally, number, truth, page.answers, doubted, page.student)
        assert page.code.version == "A"
        assert ("the page was upside down: read turned the right way up" in page.notes) == (
            number % 10 == 0)
    assert tally.failures == []
    assert tally.clear_right == tally.clear > 4800
    assert tally.ambiguous_doubted == tally.ambiguous > 400
    assert tally.wrong_without_doubt == 0
    assert tally.digits_right == tally.digits == 800
    assert tally.clear_doubted == 0


def scanned(printed: Printed, seed: int, **marks: object) -> tuple[Grey, Truth]:
    rng = random.Random(seed)
    filled, truth = fill(printed.clean, printed.layout, DPI, rng, style="pen")
    return degrade(filled, rng), truth


def test_another_builds_sheet_is_refused_with_its_page(printed: Printed, printer: Printer,
                                                       tmp_path: Path) -> None:
    other = tmp_path / "other"
    build(other, 7)
    pdf = printer.print(other / "sheet-A.html").pdf
    image = next(pdf_pages(pdf, DPI))[1]
    with pytest.raises(PageError, match=r"^it is a sheet from build [0-9a-f]{8}, but the "
                       rf"layout is build {printed.layout.build}: scan it with the "
                       "sheet-layout.json of its build$"):
        read_page(image, printed.layout)
    result = scan([pdf], printed.layout)
    assert [(str(ref), why[:25]) for ref, why in result.failed] == [
        (f"{pdf} page 1", "it is a sheet from build ")]


def write_png(path: Path, image: Grey) -> Path:
    assert cv2.imwrite(str(path), image)
    return path


def test_blank_page_and_non_sheet_image_cannot_be_read(printed: Printed,
                                                       tmp_path: Path) -> None:
    blank = np.full_like(printed.clean, 250)
    with pytest.raises(PageError, match=r"^no answer sheet found on it"):
        read_page(blank, printed.layout)
    rng = np.random.default_rng(3)  # a photo of something else: shapes on a grey desk
    other = np.full((1600, 1200), 140, np.uint8)
    for _ in range(40):
        x, y = rng.integers(0, 1100, 2)
        shade = int(rng.integers(0, 255))
        cv2.rectangle(other, (int(x), int(y)), (int(x) + 60, int(y) + 40), shade, -1)
    with pytest.raises(PageError):
        read_page(other, printed.layout)


def test_missing_corner_is_read_from_three_with_a_doubt(printed: Printed) -> None:
    image, truth = scanned(printed, 3)
    page_image = image.copy()
    squares = page_image < 80
    height, width = page_image.shape
    page_image[height * 4 // 5:, width * 4 // 5:][squares[height * 4 // 5:, width * 4 // 5:]] = 235
    page = read_page(page_image, printed.layout)
    assert page.doubts[0].message.startswith("the bottom-right corner mark was not found")
    assert page.student == truth.student


def test_scan_then_grade_marks_a_class(printed: Printed, printer: Printer,
                                       tmp_path: Path) -> None:
    """Scanned pages printed into one PDF (and a phone photo as JPEG), scanned, graded."""
    truths = []
    images = []
    for seed in range(4):
        image, truth = scanned(printed, 100 + seed)
        images.append(write_png(tmp_path / f"page{seed}.png", image))
        truths.append(truth)
    pages = "".join(f'<img src="{path.name}" style="display:block;width:210mm;height:297mm;'
                    f'break-after:page">' for path in images[:3])
    html = tmp_path / "class.html"
    html.write_text("<!DOCTYPE html><style>@page{size:A4;margin:0}body{margin:0}</style>"
                    + pages, encoding="utf-8")
    pdf = printer.print(html).pdf
    photo = tmp_path / "photo.jpg"
    four = cv2.imread(str(images[3]), cv2.IMREAD_GRAYSCALE)
    assert four is not None
    cv2.imwrite(str(photo), four, [cv2.IMWRITE_JPEG_QUALITY, 50])
    runner = CliRunner()
    result = runner.invoke(cli, ["scan", str(pdf), str(photo), "--layout",
                                 str(printed.decks / "sheet-layout.json"), "-o",
                                 str(tmp_path / "r.csv"), "--review-dir",
                                 str(tmp_path / "review")])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader((tmp_path / "r.csv").open(encoding="utf-8")))
    assert [row["student"] for row in rows] == [truth.student for truth in truths]
    for row, truth in zip(rows, truths, strict=True):
        for question, letter in truth.clear.items():
            assert row[str(question)] == letter
        for question in truth.ambiguous:
            assert f"{question}: " in row["doubts"]
    doubts = sum(len(truth.ambiguous) for truth in truths)
    assert result.output.splitlines() == [
        f"read 4 of 4 pages: 4 sheets, wrote {tmp_path / 'r.csv'}",
        f"{doubts} doubts to look at in {tmp_path / 'review' / 'index.html'}"]
    review = (tmp_path / "review" / "index.html").read_text(encoding="utf-8")
    assert review.count('class="crop"') == doubts
    assert "http" not in review.replace("http-equiv", "")
    graded = runner.invoke(cli, ["grade", str(tmp_path / "r.csv"), "--answers",
                                 str(printed.decks / "answers.csv"), "--facts",
                                 str(REPO / "facts.yaml"), "--corpus", str(REPO / "corpus"),
                                 "--out-dir", str(tmp_path / "grades")])
    assert graded.exit_code == 0, graded.output
    assert graded.output.startswith("graded 4 students: 2 versions of ")


def test_an_unreadable_page_exits_1_naming_it(printed: Printed, tmp_path: Path) -> None:
    good, _ = scanned(printed, 5)
    paths = [write_png(tmp_path / "good.png", good),
             write_png(tmp_path / "blank.png", np.full_like(good, 245))]
    result = CliRunner().invoke(cli, ["scan", *map(str, paths), "--layout",
                                      str(printed.decks / "sheet-layout.json"), "-o",
                                      str(tmp_path / "r.csv"), "--review-dir",
                                      str(tmp_path / "review")])
    assert result.exit_code == 1
    assert (f"{paths[1]}: error: no answer sheet found on it (found 0 of the 4 corner "
            "marks)") in result.output
    assert "1 page could not be read: rescan it" in result.output
    assert len((tmp_path / "r.csv").read_text(encoding="utf-8").splitlines()) == 2
