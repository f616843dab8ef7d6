"""The score histogram as inline SVG: bins, bars and axis labels, no script, no network."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 14, 34
MAX_BINS = 25


def bins(scores: Sequence[float], max_score: int) -> tuple[int, list[int]]:
    """The bin width and the count of scores per bin, from 0 to ``max_score``.

    One bin per score point up to 25 points, else the smallest whole width giving at
    most 25 bins. Formula scores below 0 fall in the first bin.
    """
    width = max(1, math.ceil((max_score + 1) / MAX_BINS))
    counts = [0] * (max_score // width + 1)
    for score in scores:
        counts[min(max(math.floor(score), 0) // width, len(counts) - 1)] += 1
    return width, counts


def histogram_svg(scores: Sequence[float], max_score: int) -> str:
    """An SVG element showing how many students got each score."""
    width, counts = bins(scores, max_score)
    tallest = max(counts, default=0) or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    bar_w = plot_w / len(counts)
    step = max(1, math.ceil(len(counts) / 12))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="hist-title">',
             f'<title id="hist-title">Histogram of {len(scores)} scores out of {max_score}'
             '</title>',
             f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" '
             f'y2="{TOP + plot_h}"/>']
    for tick in _ticks(tallest):
        y = TOP + plot_h - plot_h * tick / tallest
        parts.append(f'<line class="grid" x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" '
                     f'y2="{y:.1f}"/><text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" '
                     f'text-anchor="end">{tick}</text>')
    for index, count in enumerate(counts):
        low = index * width
        label = str(low) if width == 1 else f"{low}\u2013{min(low + width - 1, max_score)}"
        x = LEFT + index * bar_w
        height = plot_h * count / tallest
        students = f"{count} student{'s' if count != 1 else ''}"
        parts.append(f'<rect class="bar" x="{x + 1:.1f}" y="{TOP + plot_h - height:.1f}" '
                     f'width="{max(bar_w - 2, 1):.1f}" height="{height:.1f}">'
                     f'<title>{escape(label)}: {students}</title></rect>')
        if index % step == 0:
            parts.append(f'<text class="tick" x="{x + bar_w / 2:.1f}" y="{TOP + plot_h + 16}" '
                         f'text-anchor="middle">{escape(str(low))}</text>')
    parts.append(f'<text class="label" x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 2}" '
                 'text-anchor="middle">score</text></svg>')
    return "".join(parts)


def _ticks(tallest: int) -> list[int]:
    """At most five round counts (1, 2, 5, 10, ... apart) for the vertical axis."""
    step = 1
    while tallest / step > 5:
        step = _next(step)
    return list(range(step, tallest + 1, step))


def _next(step: int) -> int:
    """The round step after ``step``: 1, 2, 5, 10, 20, 50, ..."""
    return step * 5 // 2 if str(step)[0] == "2" else step * 2
