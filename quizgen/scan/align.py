"""Find a page's four corner marks and warp it onto the layout's own millimetre grid.

The marks are the only solid squares of their size on a sheet. They are found on a
shrunk copy normalised by its local paper white (so a grey desk, a shadow or a light
pencil page all binarise alike), then the perspective transform from their centres to
the layout's puts every bubble where ``sheet-layout.json`` says, at ``PX_PER_MM``.
Hand-written because no library finds "the four printed corner squares of a form";
OpenCV supplies every step (thresholds, contours, the transform).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from quizgen.scan.pages import Grey
from quizgen.writers.sheet_layout import SheetLayout

PX_PER_MM = 8.0
"""Resolution of the warped page: a bubble is 35 px across, a QR module 6 px."""

FIND_SIDE = 1000
"""Longest side, at most, of the copy the marks are looked for on."""

CORNERS = ("top-left", "top-right", "bottom-right", "bottom-left")
"""Clockwise, as the marks go round an upright page."""

Points = NDArray[np.float64]


@dataclass(frozen=True)
class Square:
    """A solid dark square found in the image: centre (image px) and side."""

    x: float
    y: float
    side: float


@dataclass(frozen=True)
class Corners:
    """The four mark centres in image px, clockwise from the page's top-left.

    ``missing`` names a mark that was not found (its place estimated from the others).
    """

    points: Points
    missing: str | None

    def turned(self) -> Corners:
        """The same marks read as an upside-down page: each corner is the opposite one."""
        missing = None if self.missing is None else CORNERS[(CORNERS.index(self.missing)
                                                             + 2) % 4]
        return Corners(np.roll(self.points, 2, axis=0), missing)


class NoCorners(Exception):
    """The page's corner marks were not found: not a sheet, or cut off."""


def paper_white(grey: Grey, kernel: int) -> NDArray[np.float32]:
    """The local paper white of ``grey``, on a copy ``STEP`` times smaller.

    The white is the local maximum over ``kernel`` px, larger than any printed mark,
    smoothed: dividing by it removes shading, a grey background and uneven light. It
    changes slowly across a page, so the small copy is enough.
    """
    height, width = grey.shape
    small = cv2.resize(grey, (max(1, width // STEP), max(1, height // STEP)),
                       interpolation=cv2.INTER_AREA)
    size = max(3, kernel // STEP) | 1
    white = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))
    return np.asarray(cv2.blur(white, (size, size)), dtype=np.float32)


def paper_normalised(grey: Grey, kernel: int) -> NDArray[np.float32]:
    """Darkness 0 (paper) to about 1 (ink) of every pixel, against the local paper white."""
    white = cv2.resize(paper_white(grey, kernel), (grey.shape[1], grey.shape[0]),
                       interpolation=cv2.INTER_LINEAR)
    return np.asarray(np.clip(1.0 - grey / np.maximum(white, 1.0), 0.0, 1.0), dtype=np.float32)


STEP = 4
"""How much the copy the paper white is measured on is shrunk."""


def solid_squares(image: Grey) -> tuple[list[Square], float]:
    """Solid dark squares in ``image`` (in its px), and the shrink factor used."""
    step = -(-max(image.shape[:2]) // FIND_SIDE)  # a whole factor: INTER_AREA is fast then
    scale = 1.0 / step
    small = image if step == 1 else cv2.resize(
        image, (image.shape[1] // step, image.shape[0] // step), interpolation=cv2.INTER_AREA)
    dark = paper_normalised(np.asarray(small, dtype=np.uint8),
                            max(15, round(max(small.shape) / 25)))
    binary = np.asarray(dark > 0.45, dtype=np.uint8)
    contours, _ = cv2.findContours(binary, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    least = max(small.shape) * 0.008
    found = []
    for contour in contours:
        if len(contour) < 4 or min(cv2.boundingRect(contour)[2:]) < least:
            continue
        (cx, cy), (w, h), _ = cv2.minAreaRect(contour)
        if min(w, h) < least or max(w, h) > 4 * least * 3 or not 0.6 < w / h < 1.6:
            continue
        if cv2.contourArea(contour) < 0.85 * w * h:
            continue
        x0, y0, bw, bh = cv2.boundingRect(contour)
        inner = binary[y0 + bh // 5: y0 + bh - bh // 5, x0 + bw // 5: x0 + bw - bw // 5]
        if inner.size and inner.mean() > 0.92:
            found.append(Square(cx / scale, cy / scale, (w + h) / 2 / scale))
    return found, scale


def _clockwise(points: Points) -> Points:
    """``points`` (a convex quadrilateral) in clockwise order on screen (y down)."""
    centre = points.mean(axis=0)
    angles = np.arctan2(points[:, 1] - centre[1], points[:, 0] - centre[0])
    return np.asarray(points[np.argsort(angles)], dtype=np.float64)


def _plausible(points: Points, sides: list[float], layout: SheetLayout) -> bool:
    """Four clockwise points whose sides and marks have the proportions of the sheet."""
    edges = [float(np.linalg.norm(points[i] - points[(i + 1) % 4])) for i in range(4)]
    short, long = sorted([edges[0::2], edges[1::2]], key=sum)
    mm = _mark_span(layout)
    if max(short) > 1.12 * min(short) or max(long) > 1.12 * min(long):
        return False
    if not 0.88 < (sum(short) / sum(long)) / (mm[0] / mm[1]) < 1.12:
        return False
    per_mm = sum(short) / 2 / mm[0]
    size = layout.corner_marks[0].size
    return all(0.6 < side / per_mm / size < 1.5 for side in sides)


def _mark_span(layout: SheetLayout) -> tuple[float, float]:
    """Width and height (mm) between the corner marks' centres."""
    xs = [mark.x for mark in layout.corner_marks]
    ys = [mark.y for mark in layout.corner_marks]
    return max(xs) - min(xs), max(ys) - min(ys)


def _upright_start(points: Points) -> Points:
    """Clockwise ``points`` rolled to start at the top-left, if the page is upright.

    The first edge is a short one, and of the two short edges the upper.
    """
    edges = [float(np.linalg.norm(points[i] - points[(i + 1) % 4])) for i in range(4)]
    start = 0 if edges[0] + edges[2] < edges[1] + edges[3] else 1
    options = [np.roll(points, -start, axis=0), np.roll(points, -(start + 2), axis=0)]
    return min(options, key=lambda p: float(p[0][1] + p[1][1]))


def find_corners(image: Grey, layout: SheetLayout) -> Corners:
    """The corner marks of the sheet in ``image``; NoCorners when they are not there."""
    squares, _ = solid_squares(image)
    if len(squares) < 3:
        raise NoCorners(f"found {len(squares)} of the 4 corner marks")
    squares = sorted(squares, key=lambda s: -s.side)[:10]
    xy = np.array([[s.x, s.y] for s in squares], dtype=np.float64)
    if len(squares) >= 4:
        extremes = {int(np.argmin(xy.sum(1))), int(np.argmax(xy.sum(1))),
                    int(np.argmin(xy[:, 0] - xy[:, 1])), int(np.argmax(xy[:, 0] - xy[:, 1]))}
        for chosen in ([sorted(extremes)] if len(extremes) == 4 else []) + [
                list(c) for c in itertools.combinations(range(len(squares)), 4)]:
            points = _clockwise(xy[chosen])
            if _plausible(points, [squares[i].side for i in chosen], layout):
                return Corners(_upright_start(points), None)
    for triple in itertools.combinations(range(len(squares)), 3):
        three = xy[list(triple)]
        for k in range(3):  # k is the corner between the other two
            a, b, c = three[(k + 1) % 3], three[k], three[(k + 2) % 3]
            points = _clockwise(np.array([a, b, c, a + c - b]))
            if _plausible(points, [squares[i].side for i in triple], layout):
                ordered = _upright_start(points)
                missing = next(i for i in range(4)
                               if np.allclose(ordered[i], a + c - b))
                return Corners(ordered, CORNERS[missing])
    raise NoCorners("the corner marks were not found where a sheet has them")




def warp(image: Grey, corners: Corners, layout: SheetLayout) -> Grey:
    """``image`` warped so layout mm (x, y) sits at pixel (x, y) * PX_PER_MM."""
    marks = {mark.corner: mark for mark in layout.corner_marks}
    target = np.array([[marks[name].x, marks[name].y] for name in CORNERS],
                      dtype=np.float32) * PX_PER_MM
    matrix = cv2.getPerspectiveTransform(corners.points.astype(np.float32), target)
    size = (round(layout.width * PX_PER_MM), round(layout.height * PX_PER_MM))
    return np.asarray(cv2.warpPerspective(image, matrix, size, flags=cv2.INTER_LINEAR,
                                          borderValue=(255,)), dtype=np.uint8)
