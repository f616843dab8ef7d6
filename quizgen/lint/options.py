"""Rules about a fact's options: repeats, true distractors, catch-alls, cues in the wording."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from decimal import Decimal

from quizgen.errors import ERROR
from quizgen.lint.core import Hit, options_of, quoted
from quizgen.lint.words import (
    Quantity,
    folded,
    normalized,
    option_kind,
    option_remembered,
    quantity,
    words,
)
from quizgen.model import Fact

KEY_LENGTH_WARNING = 1.3
KEY_LENGTH_ERROR = 1.5
MAGNITUDE_SPAN = 1000.0
_MAX_SPREAD = math.log10(MAGNITUDE_SPAN)
ABSOLUTE_WORDS = frozenset({"always", "never", "only", "all", "none", "every", "completely",
                            "absolutely"})
_KIND_NAMES = {"year": "a year", "date": "a date", "number": "a number", "text": "text"}
_LETTER = r"\(?[a-e]\)?"
_CATCH_ALL = re.compile(
    r"\b(?:all|none|neither|both|any) of (?:the )?(?:above|below|these|those|the options|the "
    rf"answers)\b|^(?:(?:both|either|neither) )?(?:options? )?{_LETTER},? (?:and|or|nor|&) "
    rf"{_LETTER}$",
    re.IGNORECASE,
)
"""Options that point at other options: 'all of the above', 'both A and B', 'A or C'."""


@option_remembered
def _same_as(text: str) -> tuple[str, ...]:
    """Keys under which two options say the same thing: folded text, and stated quantity."""
    keys = [normalized(text)]
    stated = quantity(text)
    if stated is not None:
        keys.append(f"{stated.bound}|{stated.value}|{stated.upper}|{stated.unit}")
    return tuple(keys)


def duplicate_options(fact: Fact) -> Iterator[Hit]:
    """Options equal after folding case, punctuation and number format (``1,000`` = ``1000``)."""
    seen: dict[str, str] = {}
    for field, text in options_of(fact):
        keys = _same_as(text)
        first = None
        for key in keys:  # a loop, not next() over a generator: a tenth of the rule
            if key in seen:
                first = seen[key]
                break
        if first is not None:
            yield Hit(f"option {quoted(text)} repeats {quoted(first)}: two options that say "
                      "the same thing are both wrong, or both right", field)
        for key in keys:
            seen.setdefault(key, text)


def accepted_distractors(fact: Fact) -> Iterator[Hit]:
    """A distractor that is one of the fact's accepted (true) phrasings."""
    if not fact.accept:
        return
    accepted = {key: text for text in fact.accept for key in _same_as(text)}
    for field, text in options_of(fact)[1:]:
        same = next((accepted[key] for key in _same_as(text) if key in accepted), None)
        if same is not None:
            yield Hit(f"distractor {quoted(text)} is the accepted answer {quoted(same)}: "
                      "it is true, so the question has two right answers", field)


@option_remembered
def _refers_to_options(text: str) -> bool:
    """Whether an option points at other options ('all of the above', 'A or C')."""
    return _CATCH_ALL.search(folded(text)) is not None


def catch_all_options(fact: Fact) -> Iterator[Hit]:
    """'All of the above', 'none of the above', 'both A and B' and the like."""
    for field, text in options_of(fact):
        if _refers_to_options(text):
            yield Hit(f"option {quoted(text)} refers to other options: quizgen shuffles "
                      "options, and such options reward partial knowledge", field)


def absolute_words(fact: Fact) -> Iterator[Hit]:
    """Always, never, only, all, none ... in an option: test-wise students rule these out."""
    for field, text in options_of(fact):
        found = ABSOLUTE_WORDS.intersection(words(text))
        if found and not _refers_to_options(text):
            yield Hit(f"option {quoted(text)} uses the absolute word {quoted(min(found))}: "
                      "students learn that absolute options are rarely right", field)


def mixed_kinds(fact: Fact) -> Iterator[Hit]:
    """Options of different sorts: a number among names, different units or magnitudes."""
    options = options_of(fact)
    if len(options) < 2:
        return
    answer_kind = _kind_and_amount(options[0][1])[0]
    for _, text in options:  # a loop, not all() over a generator: a fifth of the rule
        if _kind_and_amount(text)[0] != answer_kind:
            break
    else:  # the usual case: options of one kind
        if answer_kind == "number":
            yield from _units_or_magnitudes(_amounts(options))
        return
    kinds = {field: _kind_and_amount(text)[0] for field, text in options}
    counts = Counter(kinds.values())
    usual = max(counts, key=lambda kind: (counts[kind], kind == kinds["answer"]))
    for field, text in options:
        if kinds[field] != usual:
            yield Hit(f"option {quoted(text)} is {_KIND_NAMES[kinds[field]]} among "
                      f"{usual} options: the odd one out stands out", field)


def _amounts(options: Sequence[tuple[str, str]]) -> list[tuple[str, str, Quantity, float | None]]:
    return [(field, text, *_kind_and_amount(text)[1:]) for field, text in options]


@option_remembered
def _kind_and_amount(text: str) -> tuple[str, Quantity, float | None]:
    """An option's kind, the amount it states (0 if none) and its ``log10`` when above 0.

    Remembered per option, all three in one cache: the logarithm of a ``Decimal`` was a
    fifth of OPT-KIND, and ``option_kind``'s own cache is smaller than a large bank's
    options.
    """
    amount = quantity(text) or Quantity(Decimal(0), "")
    return option_kind(text), amount, math.log10(amount.value) if amount.value > 0 else None


def _units_or_magnitudes(
        amounts: list[tuple[str, str, Quantity, float | None]]) -> Iterator[Hit]:
    """Amounts in a unit the others do not use, else one far out of the others' range."""
    answer_unit = amounts[0][2].unit
    if any(amount.unit != answer_unit for _, _, amount, _ in amounts):
        units = Counter(amount.unit for _, _, amount, _ in amounts)
        common = max(units, key=lambda unit: (units[unit], unit == answer_unit))
        for field, text, amount, _ in amounts:
            if amount.unit != common:
                yield Hit(f"option {quoted(text)} is in a different unit from the others "
                          f"({quoted(common or 'no unit')}): state every option the same way",
                          field)
        return
    spread = [log for _, _, _, log in amounts if log is not None]
    if len(spread) < 2 or max(spread) - min(spread) <= _MAX_SPREAD:
        return
    logs = {field: (text, log) for field, text, _, log in amounts if log is not None}
    centre = sum(spread) / len(spread)
    field = max(logs, key=lambda f: abs(logs[f][1] - centre))
    yield Hit(f"option {quoted(logs[field][0])} is orders of magnitude away from the others "
              f"(they span more than {MAGNITUDE_SPAN:,.0f}x): an implausible option is no "
              "distractor", field)


def key_longest(fact: Fact) -> Iterator[Hit]:
    """The key uniquely the longest option and well above the distractors' mean length."""
    if not fact.distractors:
        return
    key = len(folded(fact.answer))
    lengths = [len(folded(text)) for text in fact.distractors]
    mean = sum(lengths) / len(lengths)
    if key <= max(lengths) or mean == 0:
        return
    ratio = key / mean
    if ratio >= KEY_LENGTH_WARNING:
        yield Hit(f"the key is the longest option, {ratio:.1f}x the mean distractor length "
                  f"({key} vs {mean:.0f} characters): students pick the longest option",
                  "answer", severity=ERROR if ratio > KEY_LENGTH_ERROR else None)
