"""Text rules shared by every stage: folding, the cloze grammar, suggestions, stop words.

Quantities (numbers, money, percentages, durations, dates), which the planner orders
and lint compares, are in ``quizgen.text.quantities``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-", "\ufe58": "-", "\ufe63": "-", "\uff0d": "-",
    }
)
_SPACE = re.compile(r"\s+")


def fold_quote(text: str) -> str:
    """Fold white space runs, curly/straight quotes and dash variants; nothing else.

    This is the comparison the quote check uses: a quote matches its article when the
    folded quote occurs in the folded article.
    """
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_PUNCT = re.compile(r"[^\w\s%$€£¥.]|(?<!\d)\.|\.(?!\d)")


def _plain_number(match: re.Match[str]) -> str:
    digits = match.group(0).replace(",", "")
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")
    return digits


def normalize_option(text: str) -> str:
    """Key for comparing options: case, space, punctuation and number format folded.

    ``"1,000"`` and ``"1000"`` compare equal, as do ``"5.60"`` and ``"5.6"``.
    """
    folded = fold_quote(text).casefold()
    folded = _NUMBER.sub(_plain_number, folded)
    folded = _PUNCT.sub(" ", folded)
    return _SPACE.sub(" ", folded).strip()


def slugify(text: str) -> str:
    """Lower-case ASCII slug of a title: words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "deck"


CLOZE_DELETION = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
"""A cloze deletion ``{{cN::answer}}`` or ``{{cN::answer::hint}}``: N, answer, hint."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for a close match among ``choices``, else ``""``."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def plural(count: int, noun: str, suffix: str = "s") -> str:
    """``1 problem``, ``2 problems``: the count and the noun, plural when it is not 1."""
    return f"{count} {noun}{suffix if count != 1 else ''}"


def word_set(text: str) -> frozenset[str]:
    """The white-space separated words of ``text``: how word lists are written here."""
    return frozenset(text.split())


FUNCTION_WORDS = word_set(
    """
    about above according across after again against also although among another
    because been before being below between both came come could does doing down
    during each either else even ever from further have having here hers herself
    himself however into itself just like made make many more most much must myself
    neither other ours ourselves over same shall should since some such than that
    their theirs them themselves then there these they this those though through
    under until upon very want were what whatever when where whether which while
    whom whose will with within without would your yours yourself yourselves
    called name named following true false said says according
    """
)
"""Stop words: words of four or more letters that carry no content, never a cue alone."""


def stem(word: str) -> str:
    """A light stem (plurals to singular) so ``chips``/``chip`` compare equal."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word
