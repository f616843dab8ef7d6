"""Small statistics helpers, standard library only: enough to test that keys are fair."""

from __future__ import annotations

import math
from collections.abc import Sequence

_EPSILON = 1e-15
_MAX_ITERATIONS = 10_000


def chi_square_statistic(observed: Sequence[int], expected: Sequence[float]) -> float:
    """Pearson's chi-square statistic: sum of (observed - expected)^2 / expected."""
    if len(observed) != len(expected):
        raise ValueError("observed and expected must have the same length")
    return sum((o - e) ** 2 / e for o, e in zip(observed, expected, strict=True))


def chi_square_p_value(statistic: float, degrees_of_freedom: int) -> float:
    """P(X >= statistic) for X chi-square distributed with ``degrees_of_freedom``."""
    if degrees_of_freedom < 1:
        raise ValueError("degrees_of_freedom must be at least 1")
    if statistic <= 0:
        return 1.0
    return regularized_upper_gamma(degrees_of_freedom / 2, statistic / 2)


def uniformity_p_value(counts: Sequence[int]) -> float:
    """Chi-square goodness-of-fit p-value that ``counts`` come from a uniform distribution."""
    total = sum(counts)
    if len(counts) < 2 or total == 0:
        return 1.0
    expected = [total / len(counts)] * len(counts)
    return chi_square_p_value(chi_square_statistic(counts, expected), len(counts) - 1)


def regularized_upper_gamma(s: float, x: float) -> float:
    """Q(s, x) = Gamma(s, x) / Gamma(s): a series below s + 1, a continued fraction above."""
    if s <= 0 or x < 0:
        raise ValueError("need s > 0 and x >= 0")
    if x == 0:
        return 1.0
    log_prefactor = s * math.log(x) - x - math.lgamma(s)
    if x < s + 1:
        term = total = 1.0 / s
        denominator = s
        for _ in range(_MAX_ITERATIONS):
            denominator += 1
            term *= x / denominator
            total += term
            if abs(term) < abs(total) * _EPSILON:
                break
        return max(0.0, 1.0 - total * math.exp(log_prefactor))
    # Lentz's method for the continued fraction of Gamma(s, x).
    tiny = 1e-300
    b = x + 1 - s
    c = 1 / tiny
    d = 1 / b
    fraction = d
    for i in range(1, _MAX_ITERATIONS):
        a = -i * (i - s)
        b += 2
        d = a * d + b
        d = tiny if abs(d) < tiny else d
        c = b + a / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        step = d * c
        fraction *= step
        if abs(step - 1) < _EPSILON:
            break
    return min(1.0, math.exp(log_prefactor) * fraction)
