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
from dataclasses import dataclass

SPLIT_BYTES = 2_000_000
"""Files this large (some 5,000 facts) are read in two halves; below it, the second
process costs more than it saves."""

TAIL_SHARE = 0.44
"""The share of the facts the second process reads. It pickles what it read and the
first unpickles it (some 15 µs a fact each, against some 110 µs a fact to read one),
so it takes a little less than half, and both finish together."""

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
