"""CLOZE-CONTEXT: a cloze card must say what it is about once its deletions are hidden.

A sentence anchors itself with a name (a proper noun outside the deletions) or with a
term of the deck's title or of the fact's topic. Whether a capitalised first word is a
name is decided from the bank itself: it is one when the facts write it capitalised in
mid-sentence too and never in lower case ("Nvidia", "Meta"), or when it is capitalised
inside ("DeepSeek"). A sentence that opens with a pronoun ("This", "It", "They") points
at something outside the card whatever else it names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from quizgen.lint.core import Hit, quoted
from quizgen.lint.words import content_words, folded
from quizgen.model import Bank, Fact
from quizgen.text import CLOZE_DELETION, FUNCTION_WORDS, word_set

PRONOUNS = word_set("this that these those it its they their them he she his her")
_WORD = re.compile(r"[^\W\d_][\w.'-]*")
_NOT_LETTER = re.compile(r"[\W\d_]")
_OPENERS = frozenset('.!?:;"(-\u201c\u2018\u2014\u2013')
"""What ends a sentence or opens a quotation (straight or curly quotes, any dash)."""
_HIDDEN = "[...]"
_JOINT = ".\n"
"""Between the texts _Capitals scans at once: no word runs across it, and a word after
it opens a sentence, as at the start of a text."""
_SCANNED_FACTS = 1000
"""Facts whose texts _Capitals scans as one string: one regular-expression search
instead of five a fact (0.74 s -> 0.52 s at 50,000 facts), a bounded string at a time."""


def _opens(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence (or a quotation) in ``text``."""
    before = start - 1
    while before >= 0 and text[before].isspace():
        before -= 1
    return before < 0 or text[before] in _OPENERS


def _words(text: str) -> Iterator[tuple[str, bool]]:
    """Each word of folded ``text`` with whether it opens a sentence (or a quotation)."""
    for match in _WORD.finditer(text):
        yield match.group(0).strip(".'-"), _opens(text, match.start())


class _Capitals:
    """How the bank writes the words clozes open with: mid-sentence capitals, lower case.

    Only those words are looked for (one regular expression over the facts' texts), so
    the cost is one scan of the bank whatever its size.
    """

    def __init__(self, bank: Bank, openers: set[str]) -> None:
        self.mid_capital: set[str] = set()
        self.lower: set[str] = set()
        if not openers:
            return
        words = "|".join(sorted(map(re.escape, openers)))
        pattern = re.compile(rf"\b(?:{words})\b", re.IGNORECASE)
        quick = re.compile(rf"(?:{words.lower()})\b") if words.isascii() else None
        for start in range(0, len(bank.facts), _SCANNED_FACTS):
            text = _JOINT.join(
                piece for fact in bank.facts[start:start + _SCANNED_FACTS]
                for piece in (fact.question, fact.answer, fact.explanation, fact.cloze or "",
                              *(source.quote for source in fact.sources)))
            found = (_quick_matches(quick, text) if quick is not None and text.isascii()
                     else ((match.start(), match.end()) for match in pattern.finditer(text)))
            for begin, end in found:
                word = text[begin:end]
                if word[:1].islower():
                    self.lower.add(word.casefold())
                elif not _opens(text, begin):
                    self.mid_capital.add(word.casefold())

    def is_name(self, word: str, opening: bool) -> bool:
        """Whether ``word`` names someone or something (not a word that starts a sentence)."""
        head = word.split("-")[0]
        letters = _NOT_LETTER.sub("", head)
        if not letters[:1].isupper() or head.casefold() in PRONOUNS:
            return False
        if len(letters) < 3 and "." not in head:
            return False  # "AI", "IT": two capitals are usually a common noun's acronym
        if any(c.isupper() for c in letters[1:]):
            return True
        if not opening:
            return head.casefold() not in FUNCTION_WORDS
        folded_head = head.casefold()
        return folded_head in self.mid_capital and folded_head not in self.lower


def _quick_matches(quick: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    r"""Where ``\b(?:words)\b`` matches ASCII ``text`` ignoring case, found quickly.

    On ASCII, re.IGNORECASE matches where the lowered pattern matches the lowered text,
    and without the leading ``\b`` the search skips ahead to the words' first letters
    instead of testing a boundary at every character (0.52 -> 0.37 s at 50,000 facts); a match
    that turns out not to start a word is searched past by one character, as the
    slower search would have.
    """
    lowered = text.lower()
    position = 0
    while (match := quick.search(lowered, position)) is not None:
        begin = match.start()
        if begin and (lowered[begin - 1].isalnum() or lowered[begin - 1] == "_"):
            position = begin + 1
            continue
        position = match.end()
        yield begin, position


def unanchored_clozes(bank: Bank) -> Iterator[Hit]:
    """Cloze sentences that, deletions hidden, name nothing a learner can place."""
    clozed = [fact for fact in bank.facts if fact.cloze]
    if not clozed:
        return
    shown = {fact.id: _shown(fact) for fact in clozed}
    openers = {word.split("-")[0] for text in shown.values() for word, opening in _words(text)
               if opening and word[:1].isupper()}
    capitals = _Capitals(bank, openers)
    deck_terms = content_words(bank.deck.title)
    topics = {topic.id: content_words(f"{topic.id.replace('-', ' ')} {topic.description}")
              for topic in bank.topics}
    for fact in clozed:
        hit = _check(fact, shown[fact.id], capitals,
                     deck_terms | topics.get(fact.topic, frozenset()))
        if hit is not None:
            yield hit


def _shown(fact: Fact) -> str:
    """The cloze as the front of its card shows it: each deletion a ``[...]``."""
    return CLOZE_DELETION.sub(_HIDDEN, folded(fact.cloze or ""))


def _check(fact: Fact, shown: str, capitals: _Capitals, terms: frozenset[str]) -> Hit | None:
    words = list(_words(shown.replace(_HIDDEN, " ")))
    if not words:
        return None
    first = words[0][0]
    if first.casefold() in PRONOUNS:
        return Hit(f"the cloze opens with {quoted(first)}, which points outside the card: "
                   f"name what {quoted(first)} stands for, so the card stands alone", "cloze",
                   fact)
    if any(capitals.is_name(word, opening) for word, opening in words):
        return None
    if content_words(shown) & terms:
        return None
    return Hit(f"with its deletions hidden the cloze ({quoted(shown, 80)}) names no person, "
               "organisation, place or term of the deck or topic: it could be about anything; "
               "say whose claim or which event it is", "cloze", fact)
