"""Read the QR code of a warped page: which deck, version, build and page it is.

OpenCV's QR decoder reads the code at either of its two possible places (upright, or
where an upside-down page puts it), which also tells the page's way up.
"""

from __future__ import annotations

from collections.abc import Iterator

import cv2
import numpy as np

from quizgen.scan.align import PX_PER_MM
from quizgen.scan.pages import Grey
from quizgen.writers.sheet_layout import SheetCode, SheetLayout, parse_qr_payload

MARGIN_MM = 4.0
"""Extra room around the QR box cropped for the decoder (misprint, warp error)."""

_detector: cv2.QRCodeDetector | None = None


def _attempts(crop: Grey) -> Iterator[Grey]:
    """The crop as it is, then as a blurred, noisy or JPEG-blocky code reads better.

    Smoothed, enlarged, binarised: each is tried only when the one before failed.
    """
    yield crop
    smooth = np.asarray(cv2.GaussianBlur(crop, (5, 5), 0), dtype=np.uint8)
    yield smooth
    yield np.asarray(cv2.resize(crop, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC),
                     dtype=np.uint8)
    yield np.asarray(cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1],
                     dtype=np.uint8)


def _decode(crop: Grey) -> str:
    global _detector
    if _detector is None:
        _detector = cv2.QRCodeDetector()
    for attempt in _attempts(crop):
        text, _, _ = _detector.detectAndDecode(attempt)
        if text:
            return str(text)
    return ""


def qr_text(page: Grey, layout: SheetLayout, upside_down: bool = False) -> str:
    """The text of the QR code at its place on ``page`` ("" when none is read there).

    ``upside_down`` looks where the code is on a page warped the wrong way up.
    """
    box = layout.qr
    x0, y0 = box.x - MARGIN_MM, box.y - MARGIN_MM
    x1, y1 = box.x + box.width + MARGIN_MM, box.y + box.height + MARGIN_MM
    if upside_down:
        x0, x1 = layout.width - x1, layout.width - x0
        y0, y1 = layout.height - y1, layout.height - y0
    crop = page[max(0, round(y0 * PX_PER_MM)): round(y1 * PX_PER_MM),
                max(0, round(x0 * PX_PER_MM)): round(x1 * PX_PER_MM)]
    return _decode(np.ascontiguousarray(crop)) if crop.size else ""


def sheet_code(text: str) -> SheetCode | None:
    """The sheet a QR text names, None when it is not a quizgen sheet's."""
    return parse_qr_payload(text)
