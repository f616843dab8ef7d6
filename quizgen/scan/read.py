"""Read one scanned page: corners, way up, QR code, student number and every answer row."""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from quizgen.scan.align import PX_PER_MM, NoCorners, find_corners, warp
from quizgen.scan.decide import decide_number, decide_row
from quizgen.scan.measure import Darkness, Spot, read_spots
from quizgen.scan.pages import Grey
from quizgen.scan.qr import qr_text, sheet_code
from quizgen.writers.sheet_layout import AnswerBubble, SheetCode, SheetLayout

THUMB_WIDTH = 420
"""Width in px of the page picture shown beside its doubts in the review page."""


class PageError(Exception):
    """A page that could not be read at all: the message says why."""


@dataclass(frozen=True)
class Doubt:
    """Something on a page a person must look at, and a PNG crop that shows it.

    ``question`` is None for the page or the student number; ``value`` is what was written.
    """

    question: int | None
    value: str
    message: str
    crop: bytes


@dataclass
class PageResult:
    """One page read: its code, student number, answers by question, doubts and notes."""

    code: SheetCode
    student: str | None
    answers: dict[int, str]
    doubts: list[Doubt] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    picture: bytes = b""
    """A small JPEG of the whole (warped, upright) page, for the review page."""


def _png(image: Grey) -> bytes:
    ok, data = cv2.imencode(".png", image)
    assert ok
    return bytes(data.tobytes())


def _crop(page: Grey, x0: float, y0: float, x1: float, y1: float) -> bytes:
    """A PNG of ``page`` between the mm corners (x0, y0) and (x1, y1)."""
    height, width = page.shape
    return _png(page[max(0, round(y0 * PX_PER_MM)): min(height, round(y1 * PX_PER_MM)),
                     max(0, round(x0 * PX_PER_MM)): min(width, round(x1 * PX_PER_MM))])


def _row_crop(page: Grey, bubbles: list[AnswerBubble]) -> bytes:
    r = bubbles[0].r
    return _crop(page, bubbles[0].x - r - 11, bubbles[0].y - r - 1.5,
                 bubbles[-1].x + r + 2, bubbles[0].y + r + 1.5)


def _picture(page: Grey) -> bytes:
    scale = THUMB_WIDTH / page.shape[1]
    small = cv2.resize(page, (THUMB_WIDTH, round(page.shape[0] * scale)),
                       interpolation=cv2.INTER_AREA)
    ok, data = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 70])
    assert ok
    return bytes(data.tobytes())


def check_code(text: str, layout: SheetLayout) -> SheetCode:
    """The sheet the QR text names, if it is one of this layout's; PageError if not."""
    code = sheet_code(text)
    if code is None:
        raise PageError(f"its QR code says {text[:60]!r}: not a quizgen answer sheet")
    if code.deck != layout.deck:
        raise PageError(f"it is a sheet of deck '{code.deck}', but the layout is of "
                        f"'{layout.deck}'")
    if code.build != layout.build:
        raise PageError(f"it is a sheet from build {code.build}, but the layout is build "
                        f"{layout.build}: scan it with the sheet-layout.json of its build")
    if code.version not in layout.versions or code.pages != layout.pages:
        raise PageError(f"its version {code.version} page {code.page}/{code.pages} is not "
                        f"one this layout printed")
    return code


def read_page(image: Grey, layout: SheetLayout) -> PageResult:
    """Everything on one scanned page; PageError when it cannot be read at all."""
    try:
        corners = find_corners(image, layout)
    except NoCorners as error:
        raise PageError(f"no answer sheet found on it ({error})") from None
    page = warp(image, corners, layout)
    notes = []
    text = qr_text(page, layout)
    if not text and qr_text(page, layout, upside_down=True):
        page = np.ascontiguousarray(cv2.rotate(page, cv2.ROTATE_180))
        corners = corners.turned()
        text = qr_text(page, layout)
        notes.append("the page was upside down: read turned the right way up")
    if not text:
        raise PageError("its QR code could not be read: rescan it flat, at 200-300 dpi")
    code = check_code(text, layout)
    bubbles = layout.page_bubbles(code.page)
    spots = [Spot(b.option, b.x, b.y) for b in bubbles]
    spots += [Spot(f"digit {b.digit}", b.x, b.y) for b in layout.id_bubbles]
    readings = read_spots(Darkness(page, layout), spots, layout)
    result = PageResult(code, None, {}, notes=notes)
    if corners.missing:
        result.doubts.append(Doubt(None, "", f"the {corners.missing} corner mark was not "
                                   "found: the page was read from the other three, so check "
                                   "its answers", b""))
    width = len(layout.options)
    for start in range(0, len(bubbles), width):
        row = decide_row(layout.options, readings[start: start + width])
        question = bubbles[start].question
        result.answers[question] = row.value
        if row.doubt:
            result.doubts.append(Doubt(question, row.value, row.doubt,
                                       _row_crop(page, list(bubbles[start: start + width]))))
    digit_readings = readings[len(bubbles):]
    columns = [digit_readings[c * 10: c * 10 + 10] for c in range(layout.id_digits)]
    if columns:
        result.student, doubt = decide_number(columns)
        if doubt:
            box = layout.fields["student-number"]
            bottom = max(b.y for b in layout.id_bubbles) + 3
            result.doubts.insert(0, Doubt(None, result.student or "", doubt,
                                          _crop(page, box.x, box.y, box.x + box.width, bottom)))
    if result.doubts or result.notes:
        result.picture = _picture(page)
    return result
