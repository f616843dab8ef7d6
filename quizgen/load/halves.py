"""Where a large facts file can be cut in two, so that two processes read one half each.

The cut is made where a fact begins, in a file whose ``facts`` list is its last key and
is written one ``- `` item a line at the list's indentation, as ``quizgen init`` and
every example write it. Each half is then a YAML document of its own:

- the head, the file up to the cut: the deck, the topics, the first facts;
- the tail, the file up to the first fact, as many blank lines as the head's facts
  took (so every line keeps its number), then the facts from the cut on.

A line that looks like the start of a fact may be inside a quoted or bracketed text
spanning lines; cut there, the head ends in the middle of it, which is a syntax error.
So when both halves read without a problem, the cut was between facts, and the two
halves hold the facts the whole file does. When either finds a problem, the whole file
is read again in one piece, for messages that do not depend on where it was cut.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from quizgen.model import Fact, Position, PositionMap, Source

SPLIT_BYTES = 2_000_000
"""Files this large (some 5,000 facts) are read in two halves; below it, the second
process costs more than it saves."""

TAIL_SHARE = 0.46
"""The share of the facts the second process reads. Reading takes some 110 µs a fact;
the tail's process then packs and pickles its facts (7 µs a fact) and this one unpickles
and unpacks them (20 µs a fact) after reading the head. On paper both finish together
at 0.48; measured at 50,000 facts, the head's process still waited 0.2-0.7 s for the
tail at 0.48 and more at 0.52-0.55, so the tail is given a little less."""

_FACTS_KEY = re.compile(rb"^facts:[ \t]*(?:#[^\n]*)?\r?\n", re.MULTILINE)
_FIRST_ITEM = re.compile(rb"(?:[ \t]*(?:#[^\n]*)?\r?\n)*( +)- ")
"""Blank and comment lines, then the first fact's ``- `` at the list's indentation."""
_TOP_LEVEL = re.compile(rb"\n[^\s#]")
"""A line that starts at the margin: a key (or ``---``) after the facts. (Written with
``\n`` rather than ``^``: the search then skips from line to line, 20 ms rather than
190 ms over a 50,000-fact file.)"""


@dataclass(frozen=True)
class Split:
    """A cut of a facts file's bytes into a head and a tail."""

    items: int
    """Offset of the line where the first fact begins."""
    at: int
    """Offset of the line where the tail's first fact begins."""

    def head(self, data: bytes) -> bytes:
        """The file up to the cut."""
        return data[:self.at]

    def tail(self, data: bytes) -> bytes:
        """The file up to its first fact, blank lines for the head's facts, then the rest."""
        return data[:self.items] + b"\n" * data.count(b"\n", self.items, self.at) + (
            data[self.at:])


def split_point(data: bytes) -> Split | None:
    """Where to cut ``data`` (a facts file's bytes) in two, or None to read it whole."""
    if len(data) < SPLIT_BYTES:
        return None
    key = _FACTS_KEY.search(data)
    if key is None or _TOP_LEVEL.search(data, key.end()) is not None:
        return None
    first = _FIRST_ITEM.match(data, key.end())
    if first is None:
        return None
    items = first.start(1)
    target = items + int((len(data) - items) * (1 - TAIL_SHARE))
    at = data.find(b"\n" + first.group(1) + b"- ", target)
    return Split(items, at + 1) if at >= 0 else None


Packed = tuple[list[str], list[bytes], "array[int]", list[tuple[str, ...]]]
"""Facts as flat columns: their texts, their packed positions, their numbers, and the
distinct key tuples of their positions."""


def packed(facts: Sequence[Fact]) -> Packed:
    """``facts`` as flat columns, for the tail's process to send (``unpacked`` reverses it).

    Pickled as objects, each fact's fields went through a tuple that the unpickler's
    memo kept to the end: freed all at once, they left 7.7 MB of holes in the heap
    among the facts (at 50,000 facts), and the build's peak rose by 5 MiB. Columns leave
    nothing behind but the facts: two lists, one array of numbers, a few key tuples.
    """
    texts: list[str] = []
    blobs: list[bytes] = []
    numbers = array("q", [len(facts)])
    key_index: dict[tuple[str, ...], int] = {}
    more, numbered = texts.extend, numbers.extend
    for fact in facts:
        more((fact.id, fact.topic, fact.question, fact.answer, fact.kind, fact.explanation,
              fact.level))
        numbered((fact.position.line, fact.position.column, len(fact.sources)))
        for source in fact.sources:
            more((source.article, source.quote))
            numbered((source.position.line, source.position.column))
        for values in (fact.accept, fact.distractors, fact.lint_ignore):
            numbers.append(len(values))
            more(values)
        numbers.append(len(fact.comment_cuts))
        for cut in fact.comment_cuts:
            more(cut)
        numbers.append(fact.cloze is not None)
        if fact.cloze is not None:
            texts.append(fact.cloze)
        positions = fact.field_positions
        keys, data = (positions if isinstance(positions, PositionMap)
                      else PositionMap(positions)).state
        numbers.append(key_index.setdefault(keys, len(key_index)))
        blobs.append(data)
    return texts, blobs, numbers, list(key_index)


def unpacked(columns: Packed) -> tuple[Fact, ...]:
    """The facts ``packed`` flattened, equal to them field for field."""
    texts, blobs, numbers, keys = columns
    text, blob, number = iter(texts).__next__, iter(blobs).__next__, iter(numbers).__next__
    facts = []
    for _ in range(number()):
        fact_id, topic, question, answer, kind, explanation, level = (
            text(), text(), text(), text(), text(), text(), text())
        position = Position(number(), number())
        sources = tuple(Source(text(), text(), Position(number(), number()))
                        for _ in range(number()))
        accept = tuple(text() for _ in range(number()))
        distractors = tuple(text() for _ in range(number()))
        lint_ignore = tuple(text() for _ in range(number()))
        comment_cuts = tuple((text(), text()) for _ in range(number()))
        cloze = text() if number() else None
        facts.append(Fact(
            id=fact_id, topic=topic, question=question, answer=answer, kind=kind,
            explanation=explanation, sources=sources, accept=accept, distractors=distractors,
            cloze=cloze, lint_ignore=lint_ignore, level=level, position=position,
            field_positions=PositionMap.restored(keys[number()], blob()),
            comment_cuts=comment_cuts))
    return tuple(facts)
