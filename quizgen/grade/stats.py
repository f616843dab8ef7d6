"""Classical test statistics: item p and discrimination, KR-20, SEM, the top group.

Moments are summed as integers over 0/1 item scores and number-right totals, so each
statistic is exact until its final division and square root, and one pass over the
class gives every item's figures (10,000 students by 100 items in a fraction of a
second, with no numpy).
"""

from __future__ import annotations

import math
import operator
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress

from quizgen.grade.answers import AnswerKey
from quizgen.grade.responses import BLANK, MULTIPLE
from quizgen.grade.scoring import NOT_ASKED, StudentScore

TOP_SHARE = 0.27
"""The top group is the best 27% by total score (Kelley 1939)."""


@dataclass(frozen=True, slots=True)
class ItemStats:
    """How the class answered one fact's question."""

    fact_id: str
    options: tuple[str, ...]
    """The key, then the distractors."""
    n: int
    """Students asked it."""
    right: int
    omitted: int
    """Blanks and multiple marks."""
    counts: tuple[int, ...]
    """Students choosing each option, as ``options``."""
    top_n: int
    """Students of the top group asked it."""
    top_counts: tuple[int, ...]
    """Students of the top group choosing each option."""
    p: float | None
    """Proportion correct; ``None`` when nobody was asked."""
    discrimination: float | None
    """Corrected point-biserial; ``None`` when the item or the rest score does not vary."""


@dataclass(frozen=True)
class ClassStats:
    """The class as a whole: the reported scores, and reliability on number right."""

    students: int
    max_score: int
    mean: float
    median: float
    sd: float
    """Population standard deviation (divides by n) of the reported scores."""
    kr20: float | None
    """KR-20 over the items every student was asked; ``None`` when undefined."""
    sem: float | None
    """Standard error of measurement, in number-right points: SD * sqrt(1 - KR-20)."""


def corrected_point_biserial(item: Sequence[int], totals: Sequence[int]) -> float | None:
    """Pearson correlation of 0/1 ``item`` with ``totals`` minus the item (the rest score)."""
    n = len(item)
    sx = sum(item)
    st = sum(totals)
    stt = sum(total * total for total in totals)
    sxt = sum(total for x, total in zip(item, totals, strict=True) if x)
    return _rest_correlation(n, sx, st, stt, sxt)


def _rest_correlation(n: int, sx: int, st: int, stt: int, sxt: int) -> float | None:
    """The correlation of x with t - x from integer sums (x is 0/1, so sum x^2 = sum x)."""
    sr = st - sx
    srr = stt - 2 * sxt + sx
    sxr = sxt - sx
    var_x = n * sx - sx * sx
    var_r = n * srr - sr * sr
    if n < 2 or var_x <= 0 or var_r <= 0:
        return None
    return (n * sxr - sx * sr) / math.sqrt(var_x * var_r)


def kr20(matrix: Sequence[Sequence[int]]) -> float | None:
    """Kuder-Richardson 20 of a students-by-items 0/1 matrix; ``None`` when undefined.

    KR-20 = k/(k-1) * (1 - sum p(1-p) / var(total)), both variances dividing by n.
    """
    n = len(matrix)
    k = len(matrix[0]) if n else 0
    if n < 2 or k < 2:
        return None
    totals = [sum(row) for row in matrix]
    column_sums = [sum(row[j] for row in matrix) for j in range(k)]
    return _kr20(n, k, column_sums, totals)


def _kr20(n: int, k: int, column_sums: Sequence[int], totals: Sequence[int]) -> float | None:
    # n^2 * sum p q and n^2 * var(total), both exact integers
    item_variance = sum(s * (n - s) for s in column_sums)
    total_variance = n * sum(t * t for t in totals) - sum(totals) ** 2
    if total_variance == 0:
        return None
    return k / (k - 1) * (1 - item_variance / total_variance)


def top_group(totals: Sequence[int], share: float = TOP_SHARE) -> list[int]:
    """Indices of the best ``share`` of students by total (at least one), ties in file order."""
    size = max(1, round(share * len(totals))) if totals else 0
    return sorted(range(len(totals)), key=lambda index: -totals[index])[:size]


def item_statistics(key: AnswerKey, scores: Sequence[StudentScore]) -> list[ItemStats]:
    """Every item's figures, in the key's item order; totals are number right.

    Works a column (one item, every student) at a time with Counter, compress and sum,
    which loop in C: a class of 10,000 by 100 items is a million choices.
    """
    totals = [score.right for score in scores]
    in_top = [False] * len(scores)
    for student in top_group(totals):
        in_top[student] = True
    every_st, every_stt = sum(totals), sum(total * total for total in totals)
    columns = zip(*(score.choices for score in scores), strict=True) if scores else iter(())
    items = []
    for item, column in zip(key.items, columns, strict=False):
        chosen = Counter(column)
        asked: Sequence[int] = totals
        st, stt = every_st, every_stt
        if chosen[NOT_ASKED]:
            asked = list(compress(totals, (choice != NOT_ASKED for choice in column)))
            st, stt = sum(asked), sum(total * total for total in asked)
        n = len(asked)
        top = Counter(compress(column, in_top))
        counts = tuple(chosen[index] for index in range(len(item.options)))
        right = counts[0]
        sxt = sum(compress(totals, map(operator.not_, column)))  # choice 0 is the key
        items.append(ItemStats(
            item.fact_id, item.options, n, right, chosen[BLANK] + chosen[MULTIPLE], counts,
            sum(count for choice, count in top.items() if choice != NOT_ASKED),
            tuple(top[index] for index in range(len(item.options))),
            right / n if n else None, _rest_correlation(n, right, st, stt, sxt)))
    return items


def class_statistics(scores: Sequence[StudentScore], items: Sequence[ItemStats],
                     max_score: int) -> ClassStats:
    """Mean, median and SD of the reported scores; KR-20 and SEM on number right.

    KR-20 and SEM count the items every student was asked (all of them, when the
    versions share their facts, as quizgen's do).
    """
    reported = [score.score for score in scores]
    common = [index for index, item in enumerate(items) if item.n == len(scores)]
    if len(common) == len(items):
        totals = [score.right for score in scores]
    else:
        totals = [sum(score.choices[index] == 0 for index in common) for score in scores]
    column_sums = [items[index].right for index in common]
    reliability = (_kr20(len(scores), len(common), column_sums, totals)
                   if len(scores) > 1 and len(common) > 1 else None)
    sem = (statistics.pstdev(totals) * math.sqrt(1 - reliability)
           if reliability is not None and reliability <= 1 else None)
    return ClassStats(
        students=len(scores), max_score=max_score,
        mean=statistics.fmean(reported), median=statistics.median(reported),
        sd=statistics.pstdev(reported), kr20=reliability, sem=sem)
