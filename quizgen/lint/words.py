"""Word-level helpers the lint rules share: tokens, content words, articles.

Quantities are read by ``quizgen.text.quantities`` (the planner orders options with it too);
``Quantity``, ``quantity`` and ``option_kind`` are re-exported here for the rules.
"""

from __future__ import annotations

import functools
import re

from quizgen.text import FUNCTION_WORDS, fold_quote, normalize_option, stem
from quizgen.text.quantities import Quantity, option_kind, quantity

__all__ = [
    "Quantity", "content_words", "folded", "indefinite_article", "may_share_content_words",
    "normalized", "option_kind",
    "quantity", "remembered", "tokens", "words",
]

remembered = functools.lru_cache(maxsize=4096)
"""Decorator: remember a text helper's recent results. The runner checks a fact with
every rule in turn, and the rules read the same few strings of it, so each is worked out
once; helpers so remembered return immutable values."""

folded = remembered(fold_quote)
"""``fold_quote``, remembered."""
_ASCII_PUNCTUATION = str.maketrans(dict.fromkeys(
    (chr(code) for code in range(128)
     if not (chr(code).isalnum() or chr(code).isspace() or chr(code) in "_%$")), " "))
"""What ``normalize_option`` turns into a space in ASCII text without digits: every
character but letters, ``_``, white space, ``%`` and ``$`` (a dot too, having no digit
beside it)."""
_ASCII_DIGIT = re.compile("[0-9]")


@remembered
def normalized(text: str) -> str:
    """``normalize_option(text)``, remembered, and worked out quickly for plain text.

    ASCII text without digits has no number to rewrite and no quote or dash to fold, so
    the two regular expressions come down to one ``str.translate`` (questions and
    explanations, normalised to find keys in them: half the time, on a tenth of lint).
    Local to lint until ``quizgen.text`` offers it.
    """
    if text.isascii() and _ASCII_DIGIT.search(text) is None:
        return " ".join(text.lower().translate(_ASCII_PUNCTUATION).split())
    return normalize_option(text)


_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")


@remembered
def words(text: str) -> tuple[str, ...]:
    """Lower-case alphabetic words of ``text``, quotes folded, possessive ``'s`` dropped."""
    return tuple(word.removesuffix("'s").replace("'", "")
                 for word in _WORD.findall(folded(text).casefold()))


@remembered
def content_words(text: str, min_length: int = 4) -> frozenset[str]:
    """Stems of the words of at least ``min_length`` letters that are not function words."""
    return frozenset(stem(w) for w in words(text)
                     if len(w) >= min_length and w not in FUNCTION_WORDS)


def may_share_content_words(stems: frozenset[str], text: str) -> bool:
    """False when none of ``stems`` can be among ``content_words(text)``: a quick test.

    A stem is its word, less its last letter or with ``ies`` turned to ``y``, so all but
    its last letter occur in the case-folded text, apostrophes removed, wherever the
    word does. One substring test per stem instead of splitting and stemming the text:
    most questions share no word with their key.
    """
    plain = folded(text).casefold().replace("'", "")
    return any(word[:-1] in plain for word in stems)


@remembered
def tokens(text: str) -> tuple[str, ...]:
    """Tokens of the option-normalised text: how answers are found inside questions."""
    return tuple(normalized(text).split())


_VOWEL_SOUND_LETTERS = set("aefhilmnorsx")
"""Letters whose names start with a vowel sound: an FBI agent, an MRI, an X-ray."""
_CONSONANT_SOUND_PREFIXES = ("uni", "use", "usu", "uti", "eu", "one", "once", "ubi", "ura")
_VOWEL_SOUND_PREFIXES = ("hour", "honest", "honor", "honour", "heir")


def indefinite_article(text: str) -> str:
    """``"a"`` or ``"an"``: the article that agrees with the first word of ``text``."""
    first = folded(text).strip().lstrip("\"'($€£¥")
    if not first:
        return "a"
    word = first.split()[0]
    if first[0].isdigit():
        number = re.match(r"\d+", first)
        digits = number.group(0) if number else ""
        eleven_or_eighteen = digits[:2] in ("11", "18") and len(digits) % 3 == 2
        return "an" if digits.startswith("8") or eleven_or_eighteen else "a"
    letters = re.sub(r"[^\w]", "", word)
    spelt_out = len(letters) < 4 or not any(c in "AEIOU" for c in letters)  # FBI; not NASA
    if len(letters) > 1 and letters.isupper() and spelt_out:
        return "an" if letters[0].lower() in _VOWEL_SOUND_LETTERS else "a"
    lower = word.casefold()
    if lower.startswith(_VOWEL_SOUND_PREFIXES):
        return "an"
    if lower.startswith(_CONSONANT_SOUND_PREFIXES):
        return "a"
    return "an" if lower[0] in "aeiou" else "a"
