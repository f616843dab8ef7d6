"""Text normalisation shared by the quote check, the distractor draw and lint."""

from __future__ import annotations

import re

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
