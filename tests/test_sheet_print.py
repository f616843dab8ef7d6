"""Print answer sheets in real Chromium and find every mark where sheet-layout.json says.

Each sheet and key sheet must print on exactly one page of the chosen paper (two for
120 questions). The printed PDF is rasterized at 150 dpi, as a scanner would see it,
and at every bubble centre of the layout a circle is found by fitting the ring's
darkest points (its centre and radius must agree with the layout within 0.5 mm), its
inside light; the corner marks are solid squares where listed; the QR code decodes
with OpenCV to the sheet's deck, version and build; the key sheet's filled bubbles are
exactly the key's.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from quizgen.defaults import BUILD_VERSIONS
from quizgen.load.facts import load_bank
from quizgen.model import Bank
from quizgen.plan.planner import QuizPlan, QuizSettings, plan_quiz
from quizgen.writers.base import OutputSettings
from quizgen.writers.sheet import LAYOUT_FILE, write_sheets
from quizgen.writers.sheet_layout import SheetCode, SheetLayout, parse_qr_payload, read_layout
from tests.helpers import REPO
from tests.printing import PAPER_POINTS, Printed, Printer, rasterize
from tests.test_print import long_bank
from tests.tools import needs

pytestmark = needs("chromium", "pdftotext", "pdfinfo", "pdftoppm")

DPI = 150
PX = DPI / 25.4
"""Pixels per mm of the rasterized page."""

TOLERANCE = 0.5
"""How far (mm) a printed mark may be from where the layout puts it."""

RAYS = 32


@pytest.fixture(scope="module")
def shipped() -> tuple[Bank, QuizPlan]:
    """100 questions of the shipped facts: the most one sheet page holds."""
    bank = load_bank(REPO / "facts.yaml", REPO / "corpus")
    return bank, plan_quiz(bank, QuizSettings(versions=BUILD_VERSIONS, count=100))


PrintedSheets = tuple[SheetLayout, dict[str, Printed]]


def print_sheets(printer: Printer, bank: Bank, plan: QuizPlan, output: OutputSettings,
                 out: Path) -> PrintedSheets:
    """sheet-layout.json, and sheet-A and key-sheet-A printed."""
    files = {file.name: file.data for file in write_sheets(plan, bank.deck.id, output)}
    layout = read_layout(files[LAYOUT_FILE].decode())
    printed = {}
    for name in ("sheet-A.html", "key-sheet-A.html"):
        path = out / name
        path.write_bytes(files[name])
        printed[name] = printer.print(path)
        assert printed[name].size == PAPER_POINTS[output.paper]
    return layout, printed


@pytest.fixture(scope="module", params=["a4", "letter"])
def sheets(request: pytest.FixtureRequest, printer: Printer, shipped: tuple[Bank, QuizPlan],
           tmp_path_factory: pytest.TempPathFactory) -> PrintedSheets:
    return print_sheets(printer, *shipped, OutputSettings(paper=str(request.param)),
                        tmp_path_factory.mktemp("sheets"))


def ring_fit(image: NDArray[np.uint8], x: float, y: float, r: float) -> tuple[float, float, float]:
    """Centre (mm) and radius (mm) of the circle through the ring's darkest point on each ray.

    Each of ``RAYS`` rays from the layout's centre is sampled from 0.6 r to 1.6 r; the
    darkest sample is the ring. A least-squares circle through those points (Kasa's fit)
    gives the ring's printed centre and radius.
    """
    angles = np.linspace(0, 2 * np.pi, RAYS, endpoint=False)
    radii = np.linspace(0.6 * r, 1.6 * r, 60)
    xs = x + np.outer(np.cos(angles), radii)
    ys = y + np.outer(np.sin(angles), radii)
    values = image[(ys * PX).astype(int), (xs * PX).astype(int)]
    darkest = values.argmin(axis=1)
    assert values.min(axis=1).max() < 110, "a ray found no dark ring"
    px, py = xs[np.arange(RAYS), darkest], ys[np.arange(RAYS), darkest]
    design = np.column_stack([px, py, np.ones(RAYS)])
    a, b, c = np.linalg.lstsq(design, px**2 + py**2, rcond=None)[0]
    cx, cy = a / 2, b / 2
    return float(cx), float(cy), float(np.sqrt(c + cx**2 + cy**2))


def disc_fit(image: NDArray[np.uint8], x: float, y: float, r: float) -> tuple[float, float, float]:
    """Centre (mm) and radius (mm, from its area) of the dark disc near (x, y) mm."""
    top, left = int((y - 1.6 * r) * PX), int((x - 1.6 * r) * PX)
    window = image[top:int((y + 1.6 * r) * PX), left:int((x + 1.6 * r) * PX)]
    rows, cols = np.nonzero(window < 128)
    cx, cy = (left + cols.mean() + 0.5) / PX, (top + rows.mean() + 0.5) / PX
    return float(cx), float(cy), float(np.sqrt(len(rows) / np.pi) / PX)


def inside(image: NDArray[np.uint8], x: float, y: float, radius: float) -> float:
    """Mean grey level of the disc of ``radius`` mm around (x, y) mm."""
    top, bottom = int((y - radius) * PX), int((y + radius) * PX) + 1
    left, right = int((x - radius) * PX), int((x + radius) * PX) + 1
    rows, cols = np.mgrid[top:bottom, left:right]
    disc = ((rows + 0.5) / PX - y) ** 2 + ((cols + 0.5) / PX - x) ** 2 <= radius**2
    return float(image[top:bottom, left:right][disc].mean())


def check_bubbles(image: NDArray[np.uint8], layout: SheetLayout,
                  bubbles: list[tuple[float, float]],
                  filled: set[tuple[float, float]] | None = None) -> None:
    """A ring of the layout's radius at each bubble centre, light inside unless ``filled``."""
    filled = filled or set()
    r = layout.bubble_radius
    for x, y in bubbles:
        if (x, y) in filled:
            cx, cy, radius = disc_fit(image, x, y, r)
            expected = r
        else:
            cx, cy, radius = ring_fit(image, x, y, r)
            expected = r - layout.ring / 2
        where = f"bubble at ({x}, {y}) printed at ({cx:.2f}, {cy:.2f}), radius {radius:.2f}"
        assert np.hypot(cx - x, cy - y) <= TOLERANCE, where
        assert abs(radius - expected) <= TOLERANCE, where
        level = inside(image, x, y, 0.45 * layout.bubble_radius)
        if (x, y) in filled:
            assert level < 60, f"bubble at ({x}, {y}) should be filled: {level:.0f}"
        else:
            assert level > 180, f"bubble at ({x}, {y}) should be light inside: {level:.0f}"


def test_sheet_and_key_sheet_print_on_exactly_one_page(sheets: PrintedSheets) -> None:
    layout, printed = sheets
    assert layout.pages == 1
    for name, result in printed.items():
        assert len(result.pages) == 1, name
        assert "Version A" in result.pages[0] and layout.build in result.pages[0]


def test_every_bubble_prints_where_the_layout_says(sheets: PrintedSheets) -> None:
    layout, printed = sheets
    image = rasterize(printed["sheet-A.html"].pdf, DPI)
    assert abs(image.shape[0] - layout.height * PX) <= 2
    assert abs(image.shape[1] - layout.width * PX) <= 2
    assert len(layout.answer_bubbles) == 100 * 4 and len(layout.id_bubbles) == 80
    check_bubbles(image, layout, [(b.x, b.y) for b in layout.answer_bubbles]
                  + [(b.x, b.y) for b in layout.id_bubbles])


def test_corner_marks_are_solid_squares_where_listed(sheets: PrintedSheets) -> None:
    layout, printed = sheets
    image = rasterize(printed["sheet-A.html"].pdf, DPI)
    for mark in layout.corner_marks:
        half = mark.size / 2
        window = image[int((mark.y - half - 2) * PX):int((mark.y + half + 2) * PX),
                       int((mark.x - half - 2) * PX):int((mark.x + half + 2) * PX)]
        rows, cols = np.nonzero(window < 128)
        assert abs(len(rows) / PX**2 - mark.size**2) <= mark.size * 4 * TOLERANCE, mark
        cy = mark.y - half - 2 + (rows.mean() + 0.5) / PX
        cx = mark.x - half - 2 + (cols.mean() + 0.5) / PX
        assert np.hypot(cx - mark.x, cy - mark.y) <= TOLERANCE, mark
        assert inside(image, mark.x, mark.y, half - 0.5) < 30, mark


def decode_qr(image: NDArray[np.uint8], layout: SheetLayout) -> str:
    """The text of the QR code in the layout's QR box (3 mm around it included)."""
    import cv2

    qr = layout.qr
    crop = image[int((qr.y - 3) * PX):int((qr.y + qr.height + 3) * PX),
                 int((qr.x - 3) * PX):int((qr.x + qr.width + 3) * PX)]
    text, points, _ = cv2.QRCodeDetector().detectAndDecode(crop)
    assert points is not None and text, "no QR code found"
    return str(text)


def test_qr_code_decodes_to_deck_version_and_build(sheets: PrintedSheets) -> None:
    layout, printed = sheets
    for name in printed:
        code = parse_qr_payload(decode_qr(rasterize(printed[name].pdf, DPI), layout))
        assert code is not None, name
        assert (code.deck, code.version, code.build, code.page, code.pages) == (
            "deepseek-ai-race", "A", layout.build, 1, 1)


def test_key_sheet_fills_exactly_the_key_bubbles(
    shipped: tuple[Bank, QuizPlan], sheets: PrintedSheets
) -> None:
    layout, printed = sheets
    keys = {number: question.key_letter
            for number, question in enumerate(shipped[1].versions[0].questions, start=1)}
    image = rasterize(printed["key-sheet-A.html"].pdf, DPI)
    filled = {(b.x, b.y) for b in layout.answer_bubbles if keys[b.question] == b.option}
    assert len(filled) == 100
    check_bubbles(image, layout, [(b.x, b.y) for b in layout.answer_bubbles], filled)


def test_a_quiz_of_120_questions_gets_a_second_sheet_page(printer: Printer,
                                                          tmp_path: Path) -> None:
    bank = long_bank()
    facts = tuple(fact for _ in range(3) for fact in bank.facts)
    bank = replace(bank, facts=tuple(replace(fact, id=f"{fact.id}-{index}")
                                     for index, fact in enumerate(facts)))
    plan = plan_quiz(bank, QuizSettings(options=5))
    layout, printed = print_sheets(printer, bank, plan, OutputSettings(id_digits=10), tmp_path)
    assert layout.pages == 2 and len(printed["sheet-A.html"].pages) == 2
    assert layout.options == ("A", "B", "C", "D", "E") and layout.id_digits == 10
    second = rasterize(printed["sheet-A.html"].pdf, DPI, page=2)
    on_second = [(b.x, b.y) for b in layout.page_bubbles(2)]
    assert len(on_second) == 20 * 5
    check_bubbles(second, layout, on_second + [(b.x, b.y) for b in layout.id_bubbles])
    first = rasterize(printed["sheet-A.html"].pdf, DPI, page=1)
    for page, image in ((1, first), (2, second)):
        code = parse_qr_payload(decode_qr(image, layout))
        assert code == SheetCode("history", "A", plan.build_id, page, 2)
