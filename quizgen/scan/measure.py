"""How much of each bubble a student filled, measured against the page's own blank bubbles.

The warped page becomes darkness 0 (paper) .. 1 (the corner marks' ink), against the
local paper white. A bubble's reading is its inside (within the printed ring) minus a
template of the same printed bubble left blank on the same page: the pixel-wise median
of the lightest of its kind (same letter or digit). What is left is the student's mark:
``cover``, the share of the inside clearly darker than blank, and ``tone``, its mean
extra darkness. A light pencil page and a dark pen page both read, because neither
number depends on how dark a full mark is, only on how much darker than blank it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from quizgen.scan.align import PX_PER_MM, STEP, paper_white
from quizgen.scan.pages import Grey
from quizgen.writers.sheet_layout import SheetLayout

INK = 0.15
"""Extra darkness over blank (of full ink) at which a pixel counts as marked: below a
30 % pencil, above paper noise and the faint smear an eraser leaves."""

PRINTED = 0.12
"""Darkness of a blank bubble's inside above which a pixel is its printed glyph."""

LIGHTEST = 0.4
"""Share of a kind's bubbles (the lightest) that make its blank template."""

Patch = NDArray[np.float32]


@dataclass(frozen=True)
class Reading:
    """One bubble's mark: ``cover``, the share of its inside marked; ``tone``, its mean.

    Both are measured over blank: 0 is a blank bubble, a tone of 1 solid ink.
    """

    cover: float
    tone: float


@dataclass(frozen=True)
class Spot:
    """A bubble to read: its kind (which printed glyph it has) and centre in mm."""

    kind: str
    x: float
    y: float


class Darkness:
    """A warped page as darkness: 0 the local paper white, 1 the corner marks' ink.

    It is worked out only where asked for (the bubbles), never for the whole page.
    """

    def __init__(self, page: Grey, layout: SheetLayout) -> None:
        self.page = page
        self.white = paper_white(page, round(9 * PX_PER_MM))
        self.ink = 1.0
        inks = []
        for mark in layout.corner_marks:
            half = mark.size * PX_PER_MM / 4
            inks.append(float(np.median(self.square(mark.x * PX_PER_MM, mark.y * PX_PER_MM,
                                                    round(half)))))
        self.ink = max(0.3, float(np.median(inks)))

    def square(self, cx: float, cy: float, half: int) -> Patch:
        """The darkness of the (2 half + 1) px square centred on pixel (cx, cy)."""
        x, y = round(cx), round(cy)
        height, width = self.page.shape
        if not (half <= x < width - half and half <= y < height - half):
            return np.zeros((2 * half + 1, 2 * half + 1), dtype=np.float32)
        white = float(self.white[min(y // STEP, self.white.shape[0] - 1),
                                 min(x // STEP, self.white.shape[1] - 1)])
        grey = self.page[y - half: y + half + 1, x - half: x + half + 1].astype(np.float32)
        return np.asarray(np.clip((1.0 - grey / max(white, 1.0)) / self.ink, 0.0, 1.0),
                          dtype=np.float32)


def _disk(radius: float) -> tuple[int, NDArray[np.bool_]]:
    half = int(np.ceil(radius))
    yy, xx = np.mgrid[-half: half + 1, -half: half + 1]
    return half, np.asarray(xx * xx + yy * yy <= radius * radius)


def patches(dark: Darkness, spots: Sequence[Spot], inside: float) -> Patch:
    """The inside (radius ``inside`` mm) of each spot, as one array of square patches."""
    half = _disk(inside * PX_PER_MM)[0]
    return np.stack([dark.square(spot.x * PX_PER_MM, spot.y * PX_PER_MM, half)
                     for spot in spots]) if spots else np.zeros((0, 1, 1), dtype=np.float32)


def read_spots(dark: Darkness, spots: Sequence[Spot], layout: SheetLayout
               ) -> list[Reading]:
    """Each spot's reading, against the blank template of its kind on this page."""
    inside = layout.bubble_radius - layout.ring - 0.35
    mask = _disk(inside * PX_PER_MM)[1]
    cut = patches(dark, spots, inside)
    means = (cut * mask).sum(axis=(1, 2)) / mask.sum()
    kinds: dict[str, list[int]] = {}
    for index, spot in enumerate(spots):
        kinds.setdefault(spot.kind, []).append(index)
    lightest = np.sort(means)[: max(1, int(len(means) * LIGHTEST))]
    blank_level = float(np.median(lightest)) if lightest.size else 0.0
    readings: list[Reading | None] = [None] * len(spots)
    grow = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))
    for indices in kinds.values():
        order = sorted(indices, key=lambda i: float(means[i]))
        chosen = order[: max(1, round(len(order) * LIGHTEST))]
        template = np.median(cut[chosen], axis=0).astype(np.float32)
        if float((template * mask).sum() / mask.sum()) > blank_level + 0.08:
            # most of this kind are marked (every answer C): use the page's blank level
            template = np.full_like(template, blank_level)
        # widened by 2 px so the glyph's edge, a little off after warping, is not a mark;
        # only the paper between the glyph's strokes is read, where any mark shows
        template = np.asarray(cv2.dilate(template, grow), dtype=np.float32)
        paper = mask & (template < PRINTED)
        if paper.sum() < mask.sum() / 3:
            paper = mask
        extra = np.maximum(cut[indices] - template, 0.0)[:, paper]
        # marked: darker than blank by INK, and by half the mark's own full tone, so a
        # pen stroke's blurred edge does not count as filling the bubble
        level = np.maximum(INK, 0.5 * np.percentile(extra, 90, axis=1))
        covers, tones = (extra > level[:, None]).mean(axis=1), extra.mean(axis=1)
        for index, cover, tone in zip(indices, covers, tones, strict=True):
            readings[index] = Reading(float(cover), float(tone))
    return [reading for reading in readings if reading is not None]
