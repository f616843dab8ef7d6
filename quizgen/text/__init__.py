"""Text rules shared by every stage: folding, the cloze grammar, suggestions, stop words.

Quantities (numbers, money, percentages, durations, dates), which the planner orders
and lint compares, are in ``quizgen.text.quantities``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
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


def fold_quote(text: str) -> str:
    """Fold Unicode normalization (NFC), white space runs, quotes and dashes; nothing else.

    This is the comparison the quote check uses: a quote matches its article when the
    folded quote occurs in the folded article. NFC makes a decomposed ``é`` (e and a
    combining accent, as some editors save it) equal to the composed one it looks like.
    """
    if not text.isascii():  # ASCII is NFC already, and holds nothing _QUOTES maps
        text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return _single_spaced(text)


def _single_spaced(text: str) -> str:
    r"""White space runs as one space, none at either end: ``re.sub(r"\s+", " ")`` stripped.

    ``str.split`` and the regular expression's ``\s`` take the same characters as white
    space (``str.isspace``); splitting and joining takes a fifth of the time.
    """
    return " ".join(text.split())


def fold_invisible(text: str) -> str:
    """``fold_quote`` and also compatibility forms (NFKC) and invisible format characters.

    Not a match rule: used only to tell a user that a quote failed on a difference they
    cannot see (a zero-width space, a soft hyphen, a ligature).
    """
    text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    return fold_quote(unicodedata.normalize("NFKC", text))


def invisible_characters(text: str) -> list[str]:
    """Each character of ``text`` that looks like nothing or like another.

    Named as ``U+200B ZERO WIDTH SPACE``, in order of first appearance.
    """
    found = dict.fromkeys(
        char for char in text
        if unicodedata.category(char) == "Cf"
        or (unicodedata.normalize("NFKC", char) != char and not _QUOTE_OR_SPACE.match(char))
    )
    return [f"U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED')}" for char in found]


_QUOTE_OR_SPACE = re.compile(r"[\s\u2018-\u201f\u2032\u2033\u00ab\u00bb\u2010-\u2015\u2212]")


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
    return _single_spaced(folded)


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
