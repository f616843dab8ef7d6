"""Word-level helpers the lint rules share: tokens, content words, articles.

Quantities are read by ``quizgen.text.quantities`` (the planner orders options with it too);
``Quantity``, ``quantity`` and ``option_kind`` are re-exported here for the rules.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, TypeVar

from quizgen.text import FUNCTION_WORDS, fold_quote, normalize_option, stem
from quizgen.text.quantities import Quantity, option_kind, quantity

__all__ = [
    "Quantity", "content_words", "folded", "forget", "indefinite_article",
    "may_share_content_words", "normalize_once", "normalized", "option_kind", "option_remembered",
    "quantity", "remembered", "tokens", "words",
]

_Result = TypeVar("_Result")
_caches: list[functools._lru_cache_wrapper[Any]] = []
"""Every helper remembered by ``remembered`` or ``option_remembered``, for ``forget``."""


def _remembering(size: int) -> Callable[[Callable[..., _Result]],
                                        functools._lru_cache_wrapper[_Result]]:
    """``functools.lru_cache(maxsize=size)``, its helpers listed for ``forget``."""
    def remember(helper: Callable[..., _Result]) -> functools._lru_cache_wrapper[_Result]:
        cached = functools.lru_cache(maxsize=size)(helper)
        _caches.append(cached)
        return cached

    return remember


def forget() -> None:
    """Let go of every remembered result: a lint run's texts are not the next one's.

    The runner calls this when a run ends. What the helpers remember is some 19 MiB at
    50,000 facts, which a build would otherwise hold through every format it writes
    after linting (Moodle XML's rise on top of it was the build's peak).
    """
    for cached in _caches:
        cached.cache_clear()


remembered = _remembering(4096)
"""Decorator: remember a text helper's recent results. The runner checks a fact with
every rule in turn, and the rules read the same few strings of it, so each is worked out
once; helpers so remembered return immutable values."""

folded = remembered(fold_quote)
"""``fold_quote``, remembered."""
option_remembered = _remembering(16384)
"""Decorator: ``remembered`` for helpers asked only about options, with room for every
distinct option of a large bank. An option recurs across facts in random order, so a
cache smaller than the bank's distinct options (8,598 texts at 50,000 facts; the
shared ``remembered`` cache also holds each fact's question and explanation) forgets
most of them before they recur: ``measure`` alone was worked out again 17,000 times
(0.6 s). Each such cache costs about 0.7 MiB at 50,000 facts, so only a few helpers
that are slow to work out use one, each reading several things at once; bounded all
the same."""
_ASCII_FOLD = bytes(
    ord(" ") if not (char.isalnum() or char in "_%$") or char.isspace() else ord(char.lower())
    for char in map(chr, range(128))) + bytes(range(128, 256))
"""What ``normalize_option`` makes of each character of ASCII text without digits, as a
``bytes.translate`` table: letters lowered; ``_``, ``%``, ``$`` and digits kept; every
other character, white space included, a space (a dot too, having no digit beside it).
Bytes from 128 up never occur (the text is ASCII) and are left as they are."""
_ASCII_DIGIT = re.compile(b"[0-9]")


@remembered
def normalized(text: str) -> str:
    r"""``normalize_option(text)``, remembered, and worked out quickly for plain text.

    ASCII text without digits has no number to rewrite and no quote or dash to fold, so
    the two regular expressions come down to lowering, a space for each punctuation
    mark and single spacing: one ``bytes.translate`` and a split (questions and
    explanations, normalised to find keys in them). Bytes, not ``str.translate``,
    because a bytes table is a C array lookup per character where a str table is a
    dict lookup: 6 -> 3 us a question. White space of every kind is made a space
    first, as ``bytes.split`` splits on fewer characters than ``str.split`` does
    (``\x1c``-``\x1f``). Local to lint until ``quizgen.text`` offers it.
    """
    if text.isascii():
        raw = text.encode("ascii")
        if _ASCII_DIGIT.search(raw) is None:
            return b" ".join(raw.translate(_ASCII_FOLD).split()).decode("ascii")
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


normalize_once = normalized.__wrapped__
"""``normalized``, not remembered: for a text read once (a fact's question by one rule)."""


_DIGITS = re.compile(r"\d+")
_NOT_WORD = re.compile(r"[^\w]")
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
        number = _DIGITS.match(first)
        digits = number.group(0) if number else ""
        eleven_or_eighteen = digits[:2] in ("11", "18") and len(digits) % 3 == 2
        return "an" if digits.startswith("8") or eleven_or_eighteen else "a"
    letters = _NOT_WORD.sub("", word)
    spelt_out = len(letters) < 4 or not any(c in "AEIOU" for c in letters)  # FBI; not NASA
    if len(letters) > 1 and letters.isupper() and spelt_out:
        return "an" if letters[0].lower() in _VOWEL_SOUND_LETTERS else "a"
    lower = word.casefold()
    if lower.startswith(_VOWEL_SOUND_PREFIXES):
        return "an"
    if lower.startswith(_CONSONANT_SOUND_PREFIXES):
        return "a"
    return "an" if lower[0] in "aeiou" else "a"
