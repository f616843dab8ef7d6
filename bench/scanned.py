"""Answer sheets filled in like a class does and scanned like a school's copier does.

``fill`` marks a clean raster of a printed sheet (the real writer's, printed by
Chromium) the way people mark: a solid pen fill, a light pencil fill (30 % dark), a
tick or a cross through a bubble, a half-filled bubble, an erased mark beside the real
one, two filled bubbles, a stray dot. It returns what a careful reader would say: the
answer of every clearly marked row, and which rows are ambiguous (must be a doubt).
``degrade`` then scans it: rotation up to 5 degrees, scale 95-105 %, a phone's
perspective tilt, blur, Gaussian noise, uneven light, a grey background, JPEG at
quality 50, sometimes upside down. One seeded ``random.Random`` drives it all.

Run it to measure ``quizgen scan``'s accuracy and speed (one core) over N pages:

    python bench/scanned.py --pages 100
"""

from __future__ import annotations

import argparse
import math
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

from quizgen.writers.sheet_layout import SheetLayout

Grey = NDArray[np.uint8]

CLEAR = ("pen", "pencil")
AMBIGUOUS = ("tick", "cross", "half", "erased", "two")


@dataclass
class Truth:
    """What is on a filled sheet: the student number, each clear row's answer (a letter,
    or "" for none) and the rows deliberately ambiguous, with how they were marked."""

    student: str
    clear: dict[int, str] = field(default_factory=dict)
    ambiguous: dict[int, str] = field(default_factory=dict)
    upside_down: bool = False


class Pen:
    """Draws marks in page millimetres on a raster at ``dpi``."""

    def __init__(self, image: Grey, dpi: float, rng: random.Random) -> None:
        self.image = image
        self.px = dpi / 25.4
        self.rng = rng

    def at(self, x: float, y: float) -> tuple[int, int]:
        """Pixel of the mm point (x, y)."""
        return round(x * self.px), round(y * self.px)

    def ink(self) -> int:
        """A dark pen or marker, as it scans."""
        return self.rng.randint(10, 60)

    def solid(self, x: float, y: float, r: float, level: int | None = None,
              grain: float = 0.0) -> None:
        """A filled bubble, a little off centre, of ``level`` (default pen) with grain."""
        jitter = r * 0.08
        cx, cy = x + self.rng.uniform(-jitter, jitter), y + self.rng.uniform(-jitter, jitter)
        radius = r * self.rng.uniform(0.92, 1.06)
        (px, py), pixels = self.at(cx, cy), round(radius * self.px)
        # Drawn in a window around the bubble, not over a page-sized mask: the same pixels
        # (the circle is moved by whole pixels), a hundredth of the work, and the test that
        # fills 100 sheets no longer spends minutes here.
        top, left = max(0, py - pixels - 1), max(0, px - pixels - 1)
        window = self.image[top:py + pixels + 2, left:px + pixels + 2]
        mask = np.zeros_like(window)
        cv2.circle(mask, (px - left, py - top), pixels, 255, -1)
        value = np.full(window.shape, self.ink() if level is None else level, np.float32)
        if grain:
            value += np.asarray(np.random.default_rng(self.rng.randrange(2**32)).normal(
                0, grain, window.shape), dtype=np.float32)
        marked = mask > 0
        window[marked] = np.minimum(window[marked],
                                    np.clip(value[marked], 0, 255).astype(np.uint8))

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        """A pen stroke 0.4-0.6 mm wide."""
        cv2.line(self.image, self.at(x0, y0), self.at(x1, y1), self.ink(),
                 max(1, round(self.rng.uniform(0.4, 0.6) * self.px)), cv2.LINE_AA)

    def mark(self, kind: str, x: float, y: float, r: float) -> None:
        """One bubble marked as ``kind`` (``pen``, ``pencil``, ``tick``, ...)."""
        u = self.rng.uniform
        if kind == "pen":
            self.solid(x, y, r)
        elif kind == "pencil":  # graphite at 30 % darkness, grainy
            self.solid(x, y, r, level=round(255 * (1 - u(0.28, 0.34))), grain=8.0)
        elif kind == "erased":  # what an eraser leaves: a faint smear
            self.solid(x, y, r, level=round(255 * (1 - u(0.1, 0.15))), grain=4.0)
        elif kind == "tick":
            self.line(x - 0.6 * r, y, x - 0.1 * r, y + 0.6 * r)
            self.line(x - 0.1 * r, y + 0.6 * r, x + 0.8 * r, y - 0.8 * r)
        elif kind == "cross":
            self.line(x - 0.7 * r, y - 0.7 * r, x + 0.7 * r, y + 0.7 * r)
            self.line(x - 0.7 * r, y + 0.7 * r, x + 0.7 * r, y - 0.7 * r)
        elif kind == "half":
            start = u(0, 360)
            cv2.ellipse(self.image, self.at(x, y), (round(0.9 * r * self.px),) * 2, 0, start,
                        start + u(150, 200), self.ink(), -1)
        elif kind == "dot":
            cv2.circle(self.image, self.at(x, y), max(1, round(u(0.3, 0.6) * self.px)),
                       self.ink(), -1)
        else:
            raise ValueError(kind)


def fill(clean: Grey, layout: SheetLayout, dpi: float, rng: random.Random,
         style: str | None = None) -> tuple[Grey, Truth]:
    """A copy of ``clean`` (page 1 of a printed sheet) marked by one student."""
    image = clean.copy()
    pen = Pen(image, dpi, rng)
    style = style or rng.choice(("pen", "pencil", "mixed"))

    def clear_kind() -> str:
        return style if style != "mixed" else rng.choice(CLEAR)

    inside = layout.bubble_radius - layout.ring
    digits = [rng.randrange(10) for _ in range(layout.id_digits)]
    for bubble in layout.id_bubbles:
        if digits[bubble.column - 1] == bubble.digit:
            pen.mark(clear_kind(), bubble.x, bubble.y, inside)
    truth = Truth("".join(map(str, digits)))
    rows: dict[int, list[tuple[str, float, float]]] = {}
    for answer in layout.page_bubbles(1):
        rows.setdefault(answer.question, []).append((answer.option, answer.x, answer.y))
    for question, row in rows.items():
        roll = rng.random()
        if roll < 0.08:
            truth.clear[question] = ""
            continue
        if roll < 0.9:
            letter, x, y = rng.choice(row)
            pen.mark(clear_kind(), x, y, inside)
            truth.clear[question] = letter
            continue
        kind = rng.choice(AMBIGUOUS)
        truth.ambiguous[question] = kind
        first, second = rng.sample(row, 2)
        if kind in ("erased", "two"):
            pen.mark(clear_kind(), second[1], second[2], inside)
        pen.mark("pen" if kind == "two" else kind, first[1], first[2], inside)
    for _ in range(rng.randint(0, 3)):  # stray dots, clear of every bubble
        pen.mark("dot", rng.uniform(25, 185), rng.choice((92.0, 288.0)) + rng.uniform(-1, 1),
                 0)
    return image, truth


def degrade(image: Grey, rng: random.Random, *, upside_down: bool = False) -> Grey:
    """``image`` as a copier or a phone scans it: turned, scaled, tilted, blurred, noisy,
    unevenly lit on a grey background, JPEG-compressed."""
    height, width = image.shape
    angle = math.radians(rng.uniform(-5, 5) + (180 if upside_down else 0))
    scale = rng.uniform(0.95, 1.05)
    out_w, out_h = round(width * 1.12), round(height * 1.12)
    corners = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float32)
    centre = np.array([width / 2, height / 2], np.float32)
    turn = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]],
                    np.float32)
    moved = (corners - centre) @ turn.T * scale + np.array([out_w / 2, out_h / 2], np.float32)
    tilt = rng.uniform(0, 0.03) * width  # a phone held not quite flat: one edge nearer
    edge = rng.randrange(4)
    moved[edge] += (moved[edge] - moved[(edge + 2) % 4]) * tilt / width / 2
    moved[(edge + 1) % 4] += (moved[(edge + 1) % 4] - moved[(edge + 3) % 4]) * tilt / width / 2
    matrix = cv2.getPerspectiveTransform(corners, moved.astype(np.float32))
    background = rng.randint(90, 170)
    scanned = cv2.warpPerspective(image, matrix, (out_w, out_h), flags=cv2.INTER_LINEAR,
                                  borderValue=(background,)).astype(np.float32)
    yy, xx = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    light = 1.0 - rng.uniform(0, 0.18) * (xx / out_w * rng.uniform(-1, 1)
                                          + yy / out_h * rng.uniform(-1, 1)) ** 2
    scanned *= light * rng.uniform(0.85, 1.0)
    scanned = np.asarray(cv2.GaussianBlur(scanned, (0, 0), rng.uniform(0.4, 1.3)),
                         dtype=np.float32)
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, rng.uniform(2, 8),
                                                               scanned.shape)
    grey = np.clip(scanned + noise, 0, 255).astype(np.uint8)
    if rng.random() < 0.6:
        ok, data = cv2.imencode(".jpg", grey, [cv2.IMWRITE_JPEG_QUALITY, 50])
        assert ok
        grey = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
    return np.asarray(grey, dtype=np.uint8)


@dataclass
class Tally:
    """Reading ``pages`` scanned sheets against their truth."""

    pages: int = 0
    clear: int = 0
    clear_right: int = 0
    clear_doubted: int = 0
    ambiguous: int = 0
    ambiguous_doubted: int = 0
    wrong_without_doubt: int = 0
    digits: int = 0
    digits_right: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)


def check(tally: Tally, number: int, truth: Truth, answers: dict[int, str],
          doubted: set[int], student: str | None) -> None:
    """Add one read page to ``tally``; describe in ``failures`` what it got wrong."""
    tally.pages += 1
    for question, letter in truth.clear.items():
        tally.clear += 1
        tally.clear_right += answers[question] == letter
        tally.clear_doubted += question in doubted
        if answers[question] != letter:
            tally.failures.append(f"page {number} q{question}: {answers[question]!r}, "
                                  f"marked {letter!r}")
            if question not in doubted:
                tally.wrong_without_doubt += 1
    for question, kind in truth.ambiguous.items():
        tally.ambiguous += 1
        if question in doubted:
            tally.ambiguous_doubted += 1
        else:
            tally.wrong_without_doubt += 1
            tally.failures.append(f"page {number} q{question}: {kind} read as "
                                  f"{answers[question]!r} without a doubt")
    tally.digits += len(truth.student)
    read = student or ""
    tally.digits_right += sum(a == b for a, b in zip(read, truth.student, strict=False))
    if read != truth.student:
        tally.failures.append(f"page {number}: student {read!r}, marked {truth.student!r}")


def main(argv: list[str] | None = None) -> int:
    """Print the accuracy and seconds per page over ``--pages`` generated scans."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--dpi", type=int, default=200)
    args = parser.parse_args(argv)
    cv2.setNumThreads(1)
    from quizgen.scan.pages import pdf_pages
    from quizgen.scan.read import read_page
    from quizgen.writers.sheet_layout import read_layout

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        subprocess.run([sys.executable, "-m", "quizgen", "quiz", "--out-dir", str(out),
                        "--versions", "1"], check=True, capture_output=True)
        pdf = out / "sheet-A.pdf"
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                        "--no-first-run", f"--user-data-dir={out / 'profile'}",
                        "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                        str(out / "sheet-A.html")], check=True, capture_output=True)
        layout = read_layout((out / "sheet-layout.json").read_text(encoding="utf-8"))
        started = time.perf_counter()
        clean = next(pdf_pages(pdf, args.dpi))[1]
        raster = time.perf_counter() - started
    rng = random.Random(args.seed)
    tally = Tally()
    for number in range(1, args.pages + 1):
        filled, truth = fill(clean, layout, args.dpi, rng)
        scanned = degrade(filled, rng, upside_down=rng.random() < 0.1)
        started = time.perf_counter()
        page = read_page(scanned, layout)
        tally.seconds += time.perf_counter() - started
        doubted = {doubt.question for doubt in page.doubts if doubt.question}
        check(tally, number, truth, page.answers, doubted, page.student)
    print(f"{tally.pages} pages at {args.dpi} dpi, seed {args.seed}, one core")
    print(f"clear answers read right: {tally.clear_right}/{tally.clear}"
          f" ({tally.clear_doubted} of them doubted all the same)")
    print(f"ambiguous marks listed as doubts: {tally.ambiguous_doubted}/{tally.ambiguous}")
    print(f"wrong answers without a doubt: {tally.wrong_without_doubt}")
    print(f"student-number digits read right: {tally.digits_right}/{tally.digits}")
    print(f"seconds per page: {tally.seconds / tally.pages:.3f} to read, "
          f"+{raster:.3f} to rasterize a PDF page")
    for failure in tally.failures[:20]:
        print("  " + failure)
    return 0


if __name__ == "__main__":
    sys.exit(main())
