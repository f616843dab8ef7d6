"""Word-level helpers the lint rules share: tokens, content words, quantities, articles."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from quizgen.text import FUNCTION_WORDS, fold_quote, normalize_option, stem, word_set

remembered = functools.lru_cache(maxsize=4096)
"""Decorator: remember a text helper's recent results. The runner checks a fact with
every rule in turn, and the rules read the same few strings of it, so each is worked out
once; helpers so remembered return immutable values."""

folded = remembered(fold_quote)
"""``fold_quote``, remembered."""
normalized = remembered(normalize_option)
"""``normalize_option``, remembered."""


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


def tokens(text: str) -> tuple[str, ...]:
    """Tokens of the option-normalised text: how answers are found inside questions."""
    return tuple(normalized(text).split())


_SCALES = {
    "thousand": 3, "k": 3, "million": 6, "m": 6, "mn": 6,
    "billion": 9, "bn": 9, "b": 9, "trillion": 12, "tn": 12,
}
"""Scale words and the power of ten each stands for."""
_APPROXIMATE = ("", "about", "around", "approximately", "roughly", "some")
_HEDGE = (r"(?:(?P<hedge>about|around|approximately|roughly|nearly|almost|over|under|more than|"
          r"less than|fewer than|at least|up to|some|just over|just under)\s+)?")
_QUANTITY = re.compile(
    rf"^{_HEDGE}(?P<currency>[$€£¥]|us\$|rmb\s?|usd\s?|eur\s?)?\s*"
    r"(?P<number>\d[\d,]*(?:\.\d+)?)(?:\s*(?:-|to)\s*(?P<upper>\d[\d,]*(?:\.\d+)?))?\s*"
    rf"(?P<scale>{'|'.join(sorted(_SCALES, key=len, reverse=True))})?\b\s*"
    r"(?P<unit>%|percent|per cent|[^\W\d_]+(?:\s[^\W\d_]+)?)?$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:in\s+)?(1[5-9]\d\d|20\d\d)s?$", re.IGNORECASE)
_MONTHS = sorted(word_set("january february march april may june july august september october "
                          "november december jan feb mar apr jun jul aug sep sept oct nov dec"),
                 key=len, reverse=True)
_DATE = re.compile(
    rf"^(?:\d{{1,2}}\s+)?(?:{'|'.join(_MONTHS)})\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?,?"
    r"(?:\s+\d{4})?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
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


@remembered
def quantity(text: str) -> Quantity | None:
    """The quantity an option states on its own (``"$5.6 million"``, ``"17%"``), else None."""
    match = _QUANTITY.match(folded(text).strip())
    if match is None:
        return None
    scale = _SCALES.get((match["scale"] or "").casefold(), 0)
    value = _decimal(match["number"], scale)
    upper = _decimal(match["upper"], scale) if match["upper"] else None
    currency = (match["currency"] or "").strip().casefold()
    currency = {"us$": "$", "usd": "$", "eur": "€"}.get(currency, currency)
    unit = (match["unit"] or "").casefold()
    unit = {"percent": "%", "per cent": "%"}.get(unit, unit)
    hedge = " ".join((match["hedge"] or "").casefold().split())
    bound = "" if hedge in _APPROXIMATE else hedge
    return Quantity(value, " ".join(part for part in (currency, stem(unit)) if part), bound,
                    upper)


def _decimal(number: str, scale: int) -> Decimal:
    """``"5.6"`` at scale 6 is ``Decimal("5.6E+6")``: exact, normalised for comparison."""
    return Decimal(number.replace(",", "")).scaleb(scale).normalize()


@remembered
def option_kind(text: str) -> str:
    """What sort of thing an option is: ``year``, ``date``, ``number`` or ``text``."""
    stripped = folded(text).strip()
    if _YEAR.match(stripped):
        return "year"
    if _DATE.match(stripped):
        return "date"
    if quantity(stripped) is not None:
        return "number"
    return "text"


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
