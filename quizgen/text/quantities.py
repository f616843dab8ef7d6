"""Quantities as options state them: parsed once here for the planner and for lint.

Two readings of an option. ``quantity`` is the strict one lint has always used: a
figure written in digits, with its currency, unit and hedge (``"more than 3%"``).
``measure`` is the wider one that ordering and overlap need: it also reads number
words (``"three years"``, ``"a single day"``), fractions (``"two-thirds"``),
multiples (``"tenfold"``), orders of magnitude (``"tens of billions"``), years and
dates, converts durations to days, and turns every hedge into the interval of values
the option claims (``"more than 3%"`` is every value above 3%). Two options overlap
when their intervals meet; options of one dimension can be put in ascending order.

Hand-written: no maintained library reads hedged figures ("nearly 10,000", "up to
$500 billion") as intervals; quantulum3 and pint read units, not claims.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from quizgen.text import fold_quote, stem, word_set

_cached = functools.lru_cache(maxsize=8192)

_SCALES = {
    "thousand": 3, "k": 3, "million": 6, "m": 6, "mn": 6,
    "billion": 9, "bn": 9, "b": 9, "trillion": 12, "tn": 12,
}
"""Scale words and the power of ten each stands for."""
_APPROXIMATE = ("", "about", "around", "approximately", "roughly", "some")
_HEDGES = (r"about|around|approximately|roughly|nearly|almost|over|under|more than|less than|"
           r"fewer than|at least|at most|up to|some|just over|just under")
_HEDGE = rf"(?:(?P<hedge>{_HEDGES})\s+)?"
_QUANTITY = re.compile(
    rf"^{_HEDGE}(?P<currency>[$€£¥]|us\$|rmb\s?|usd\s?|eur\s?)?\s*"
    r"(?P<number>\d[\d,]*(?:\.\d+)?)(?:\s*(?:-|to)\s*(?P<upper>\d[\d,]*(?:\.\d+)?))?\s*"
    rf"(?P<scale>{'|'.join(sorted(_SCALES, key=len, reverse=True))})?\b\s*"
    r"(?P<unit>%|percent|per cent|°\s?[cfk]\b|[^\W\d_]+(?:\s[^\W\d_]+)?)?$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:in\s+)?(1[5-9]\d\d|20\d\d)(s?)$", re.IGNORECASE)
_MONTH_NUMBERS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTHS = "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True))
_DATE = re.compile(
    rf"^(?:(?P<day1>\d{{1,2}})\s+)?(?P<month>{_MONTHS})\.?"
    r"(?:\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?)?,?(?:\s+(?P<year>\d{4}))?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as an option states it: its value and its unit (currency and unit word)."""

    value: Decimal
    """Exact, so ``$5.6 million`` and ``$5,600,000`` are equal and 10**12 + 1 is not 10**12."""
    unit: str
    """Currency symbol and unit word, lower case (``"$"``, ``"%"``, ``"chip"``), or ``""``."""
    bound: str = ""
    """``""`` for an exact or approximate figure, else the hedge (``"more than"``)."""
    upper: Decimal | None = None
    """The top of a range (``17-18%``); ``value`` is then its bottom."""
    hedge: str = field(default="", compare=False)
    """The hedge as written, approximations included (``"about"``); not part of equality,
    so ``about 17%`` still repeats ``17%``."""


@_cached
def quantity(text: str) -> Quantity | None:
    """The quantity an option states in digits (``"$5.6 million"``, ``"17%"``), else None."""
    match = _QUANTITY.match(fold_quote(text).strip())
    if match is None:
        return None
    scale = _SCALES.get((match["scale"] or "").casefold(), 0)
    value = _decimal(match["number"], scale)
    upper = _decimal(match["upper"], scale) if match["upper"] else None
    currency = (match["currency"] or "").strip().casefold()
    currency = {"us$": "$", "usd": "$", "eur": "€"}.get(currency, currency)
    unit = (match["unit"] or "").casefold()
    unit = {"percent": "%", "per cent": "%"}.get(unit, unit)
    unit = unit.replace(" ", "") if unit.startswith("°") else unit
    hedge = " ".join((match["hedge"] or "").casefold().split())
    bound = "" if hedge in _APPROXIMATE else hedge
    return Quantity(value, " ".join(part for part in (currency, stem(unit)) if part), bound,
                    upper, hedge)


def _decimal(number: str, scale: int) -> Decimal:
    """``"5.6"`` at scale 6 is ``Decimal("5.6E+6")``: exact, normalised for comparison."""
    return Decimal(number.replace(",", "")).scaleb(scale).normalize()


@_cached
def option_kind(text: str) -> str:
    """What sort of thing an option is: ``year``, ``date``, ``number`` or ``text``."""
    stripped = fold_quote(text).strip()
    if _YEAR.match(stripped):
        return "year"
    if _DATE.match(stripped):
        return "date"
    if quantity(stripped) is not None:
        return "number"
    return "text"


# ------------------------------------------------------------------ measures

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "one hundred": 100,
    "a thousand": 1000, "a dozen": 12, "dozen": 12, "a": 1, "an": 1, "a single": 1,
    "one single": 1,
}
"""Number words an option may start with, and their values."""
_ARTICLES = frozenset({"a", "an", "a single", "one single"})
"""Number words that are also articles: a number only before a unit ('a day', not 'a model')."""
_NUMBER_WORD = re.compile(
    rf"^(?P<word>{'|'.join(sorted((re.escape(w) for w in _UNITS), key=len, reverse=True))})"
    r"(?:[\s-](?P<ones>one|two|three|four|five|six|seven|eight|nine))?(?=\s|-|$)",
    re.IGNORECASE,
)
_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5,
                 "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
                 "twentieth": 20, "hundredth": 100}
_FRACTION = re.compile(
    rf"^{_HEDGE}(?P<count>[a-z]+|\d+)[\s-](?P<part>{'|'.join(_DENOMINATORS)})s?$",
    re.IGNORECASE)
_FOLD = re.compile(rf"^{_HEDGE}(?P<count>[a-z]+|\d+)[\s-]?fold$", re.IGNORECASE)
_MAGNITUDE = re.compile(
    r"^(?P<size>tens|hundreds|several|a few|few)(?: of)? (?P<scale>thousand|million|billion|"
    r"trillion)s?$", re.IGNORECASE)
_MAGNITUDE_SPAN = {"tens": (1, 2), "hundreds": (2, 3), "several": (0, 1), "a few": (0, 1),
                   "few": (0, 1)}
"""Powers of ten an order-of-magnitude phrase spans: 'tens of millions' is 10^7 to 10^8."""
_DURATIONS_IN_DAYS = {
    "second": Decimal(1) / 86400, "minute": Decimal(1) / 1440, "hour": Decimal(1) / 24,
    "day": Decimal(1), "week": Decimal(7), "fortnight": Decimal(14), "month": Decimal("30.4375"),
    "quarter": Decimal("91.3125"), "year": Decimal("365.25"), "decade": Decimal("3652.5"),
    "century": Decimal("36525"),
}
"""Duration units in days (a month and a year on average), so durations compare."""
TOLERANCE = Decimal("0.05")
"""'about X' claims X give or take 5%; 'nearly X' claims up to 5% below X. Distractors
of 'about' figures are set further apart than that (2,000 / 3,500 / 5,000)."""
_LOWER = word_set("over more_than at_least just_over")
_UPPER = word_set("under less_than fewer_than up_to at_most nearly almost just_under")


@dataclass(frozen=True, slots=True)
class Measure:
    """The values an option claims, on one scale: the interval it is true for.

    ``low``/``high`` of ``None`` mean unbounded; the ``*_open`` flags say whether the
    end itself is excluded (``"more than 3%"`` excludes 3%). Slotted: the planner keeps
    one for every amount of the bank while it plans (half the size of one with a dict).
    """

    dimension: str
    """What is measured: ``"$"``, ``"%"``, ``"duration"``, ``"time"``, ``""`` (a count)..."""
    value: Decimal
    """The figure as stated, in the dimension's base unit (days for durations)."""
    low: Decimal | None
    high: Decimal | None
    low_open: bool = False
    high_open: bool = False
    style: str = field(default="", compare=False)
    """The hedge as written (``"more than"``, ``"about"``, ``""``): options of one question
    read alike when they share it."""

    def overlaps(self, other: Measure) -> bool:
        """Whether some value makes both options true (same dimension only)."""
        if self.dimension != other.dimension:
            return False
        if (self.low is not None and self.high is not None and other.low is not None
                and other.high is not None and not (self.low_open or self.high_open
                                                    or other.low_open or other.high_open)):
            return self.low <= other.high and other.low <= self.high  # the common case
        low, low_open = _max_low(self, other)
        high, high_open = _min_high(self, other)
        if low is None or high is None:
            return True
        return low < high or (low == high and not low_open and not high_open)

    def sort_key(self) -> tuple[Decimal, Decimal]:
        """Where the option goes in ascending order: its stated figure, then its top."""
        return self.value, self.high if self.high is not None else self.value


def _max_low(a: Measure, b: Measure) -> tuple[Decimal | None, bool]:
    if a.low is None:
        return b.low, b.low_open
    if b.low is None or a.low > b.low:
        return a.low, a.low_open
    if b.low > a.low:
        return b.low, b.low_open
    return a.low, a.low_open or b.low_open


def _min_high(a: Measure, b: Measure) -> tuple[Decimal | None, bool]:
    if a.high is None:
        return b.high, b.high_open
    if b.high is None or a.high < b.high:
        return a.high, a.high_open
    if b.high < a.high:
        return b.high, b.high_open
    return a.high, a.high_open or b.high_open


@_cached
def measure(text: str) -> Measure | None:
    """The interval of values ``text`` claims, when it is a quantity at all; else None."""
    folded = " ".join(fold_quote(text).casefold().replace("\u00a0", " ").split())
    if not folded:
        return None
    return (_time(folded) or _fraction(folded) or _fold(folded) or _magnitude(folded)
            or _figure(folded))


def _time(text: str) -> Measure | None:
    """Years (``2023``, ``the 2020s``) and dates (``January 2025``) as day numbers."""
    year = _YEAR.match(text.removeprefix("the "))
    if year:
        start = Decimal(int(year.group(1)) * 10000)
        end = start + (90000 if year.group(2) else 0) + 1231
        return Measure("time", start, start, end)
    date = _DATE.match(text)
    if date is None:
        return None
    month = _MONTH_NUMBERS[date["month"].casefold()]
    day = int(date["day1"] or date["day2"] or 0)
    base = (int(date["year"]) * 10000 if date["year"] else 0) + month * 100
    dimension = "time" if date["year"] else "day of year"
    if day:
        return Measure(dimension, Decimal(base + day), Decimal(base + day), Decimal(base + day))
    return Measure(dimension, Decimal(base), Decimal(base), Decimal(base + 31))


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _UNITS.get(word)


def _fraction(text: str) -> Measure | None:
    match = _FRACTION.match(text)
    if match is None:
        return None
    count = _count(match["count"])
    if count is None:
        return None
    value = Decimal(count) / _DENOMINATORS[match["part"]]
    return _hedged("fraction", value, None, (match["hedge"] or "").strip())


def _fold(text: str) -> Measure | None:
    match = _FOLD.match(text)
    count = _count(match["count"]) if match else None
    if match is None or count is None:
        return None
    return _hedged("fold", Decimal(count), None, (match["hedge"] or "").strip())


def _magnitude(text: str) -> Measure | None:
    match = _MAGNITUDE.match(text)
    if match is None:
        return None
    low, high = _MAGNITUDE_SPAN[match["size"]]
    scale = _SCALES[match["scale"]]
    bottom = Decimal(10) ** (scale + low) * (2 if low == 0 else 1)
    return Measure("", bottom, bottom, Decimal(10) ** (scale + high), high_open=True)


def _figure(text: str) -> Measure | None:
    """Digits or number words with a currency, unit and hedge: ``"nearly 10,000"``."""
    spelled = _spelled(text)
    stated = quantity(spelled)
    if stated is None:
        return None
    dimension, factor = stated.unit, Decimal(1)
    duration = _duration_unit(stated.unit)
    if duration is not None:
        dimension, factor = "duration", _DURATIONS_IN_DAYS[duration]
    value = stated.value * factor
    upper = stated.upper * factor if stated.upper is not None else None
    return _hedged(dimension, value, upper, stated.hedge)


def _duration_unit(unit: str) -> str | None:
    """The duration unit ``unit`` names (``"days"`` -> ``"day"``), else None."""
    singular = unit.casefold().removesuffix("s") if unit.endswith("s") else unit.casefold()
    singular = {"centurie": "century"}.get(singular, singular)
    return singular if singular in _DURATIONS_IN_DAYS else None


def _spelled(text: str) -> str:
    """``"three years"`` -> ``"3 years"``, ``"twenty-five days"`` -> ``"25 days"``."""
    hedge = re.match(_HEDGE, text)
    prefix = hedge.group(0) if hedge else ""
    rest = text[len(prefix):]
    match = _NUMBER_WORD.match(rest)
    if match is None:
        return text
    unit = rest[match.end():].strip()
    if match["word"] in _ARTICLES and _duration_unit(unit) is None:
        return text
    number = _UNITS[match["word"]] + (_UNITS[match["ones"]] if match["ones"] else 0)
    return f"{prefix}{number}{rest[match.end():]}"


def _hedged(dimension: str, value: Decimal, upper: Decimal | None, hedge: str) -> Measure:
    """The interval a hedged figure claims: ``over 3`` is (3, inf), ``about 100`` 95-105."""
    key = hedge.replace(" ", "_")
    top = upper if upper is not None else value
    slack = TOLERANCE if dimension != "time" else Decimal(0)
    if key in _LOWER:
        high = value * (1 + slack) if key == "just_over" else None
        return Measure(dimension, value, value, high, low_open=key != "at_least", style=hedge)
    if key in _UPPER:
        low = value * (1 - slack) if key in ("nearly", "almost", "just_under") else None
        return Measure(dimension, value, low, top, high_open=key not in ("up_to", "at_most"),
                       style=hedge)
    if hedge in _APPROXIMATE[1:]:
        return Measure(dimension, value, value * (1 - slack), top * (1 + slack), style=hedge)
    return Measure(dimension, value, value, top)


def order_key(text: str) -> tuple[Decimal, Decimal, str]:
    """Where a quantity option goes in ascending order; ValueError for no quantity.

    Its stated figure, then the top of its range, then its text, so the order is total.
    """
    return measured_order_key(text, measure(text))


def measured_order_key(text: str, stated: Measure | None) -> tuple[Decimal, Decimal, str]:
    """``order_key(text)`` for a caller that has ``stated = measure(text)`` already."""
    if stated is None:
        raise ValueError(f"{text!r} states no quantity")
    return (*stated.sort_key(), text)


def ordered(options: list[str]) -> list[str] | None:
    """``options`` in ascending order when all are quantities of one dimension, else None."""
    measures = [measure(option) for option in options]
    if any(m is None for m in measures) or len({m.dimension for m in measures if m}) != 1:
        return None
    return sorted(options, key=order_key)
