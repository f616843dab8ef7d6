"""OPT-OVERLAP: two options that can both be true, so the question has two right answers.

Quantities overlap when some value makes both claims true (``quizgen.text.quantities``
turns "more than 3%", "nearly 10,000" or "15-25%" into the interval each claims);
other options overlap when one lists the other as a part ("Paris" and "Paris and
Lyon"). Options that say the same thing are OPT-DUPLICATE's, not this rule's.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from quizgen.lint.core import Hit, options_of, quoted
from quizgen.lint.words import folded, normalized, option_remembered, quantity
from quizgen.model import Fact
from quizgen.text.quantities import Measure, Quantity, measure

_PART_SEPARATOR = re.compile(
    r"\s*(?:,\s*(?:and\s+|or\s+)?|;|/|&|\+)\s*|\s+(?:and|or|plus|as well as|along with)\s+",
    re.IGNORECASE)
_LEADING = re.compile(r"^(?:both|either|neither)\s+", re.IGNORECASE)


@option_remembered
def parts(text: str) -> frozenset[str]:
    """The items an option lists, each normalised: ``"Paris and Lyon"`` -> {paris, lyon}."""
    items = _PART_SEPARATOR.split(_LEADING.sub("", folded(text)))
    return frozenset(key for key in (normalized(item) for item in items) if key)


_Read = tuple[str, str, Quantity | None, Measure | None]
"""An option as the rule reads it: text, normalised text, ``quantity`` and ``measure``."""


@option_remembered
def _read(text: str) -> _Read:
    """The option as the rule reads it: one cache look-up a fact's option, not three."""
    return text, normalized(text), quantity(text), measure(text)


def overlap_reason(first: str, second: str) -> str | None:
    """Why both options can be true at once, or None when they exclude each other."""
    return _reason(_read(first), _read(second))


def _reason(first: _Read, second: _Read) -> str | None:
    if first[1] == second[1] or (first[2] is not None and first[2] == second[2]):
        return None  # the same words or the same figure: OPT-DUPLICATE reports the pair
    a, b = first[3], second[3]
    if a is not None and b is not None:
        return _quantity_reason(a, b) if a.overlaps(b) else None
    if a is not None or b is not None:
        return None
    mine, theirs = parts(first[0]), parts(second[0])
    if mine < theirs or theirs < mine:
        return "one lists the other as a part, so whenever the shorter is right both are"
    return None


def _quantity_reason(a: Measure, b: Measure) -> str:
    open_ended = [m for m in (a, b) if m.low is None or m.high is None]
    if len(open_ended) == 2 and (a.high is None) == (b.high is None):
        return "open bounds in one direction nest, so a value beyond both makes both true"
    if open_ended:
        return "an open bound takes in the other figure, so one value makes both true"
    if a.low == a.high == b.low == b.high:
        return "they state the same amount in other words"
    if (a.low == a.high) != (b.low == b.high):
        return "a range takes in the other figure, so one value makes both true"
    return "their ranges share values, so one value makes both true"


def overlapping_options(fact: Fact) -> Iterator[Hit]:
    """Each option that can be true together with an earlier one (the answer first)."""
    options = options_of(fact)
    reads = [_read(text) for _, text in options]  # once an option, not once a pair
    if _apart(reads):
        return
    seen: list[_Read] = []
    for (field, text), option in zip(options, reads, strict=True):
        for other in seen:
            why = _reason(other, option)
            if why is not None:
                yield Hit(f"option {quoted(text)} overlaps {quoted(other[0])}: {why}; "
                          "give options that cannot both be right", field)
                break
        seen.append(option)


def _apart(reads: list[_Read]) -> bool:
    """True only when no two of the options can overlap: a quick test for the usual case.

    Asking ``_reason`` of every pair took most of the rule's time. Options with no
    quantity overlap only when one lists the other as a part, which takes fewer parts
    than the other has: none can when all have as many. Closed, bounded intervals of
    one dimension, sorted, are apart when each ends before the next begins. Anything
    else (open bounds, a quantity beside text) is left to the pairs: False.
    """
    if reads[0][3] is None:
        size = len(parts(reads[0][0]))
        return all(read[3] is None and len(parts(read[0])) == size for read in reads)
    spans = []
    for read in reads:
        stated = read[3]
        if (stated is None or stated.low is None or stated.high is None or stated.low_open
                or stated.high_open):
            return False
        spans.append((stated.dimension, stated.low, stated.high))
    spans.sort()
    for (dimension, _, high), (next_dimension, next_low, _) in itertools.pairwise(spans):
        if dimension == next_dimension and high >= next_low:
            return False
    return True
