"""What the rules of one lint run share, worked out once for all of them.

Two bank rules read the same index of every fact's key, and the text helpers in
``quizgen.lint.words`` remember what they worked out. Inside ``run()`` (the runner
enters it for each lint run) ``shared`` keeps what it made until the run ends; outside
it, as when a test calls one rule, everything is made afresh. When the outermost run
ends, the text helpers forget what they remembered too.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from quizgen.lint import words

_Value = TypeVar("_Value")
_made: list[dict[Hashable, object]] = []
"""One store per run entered, innermost last."""


@contextmanager
def run() -> Iterator[None]:
    """Share what ``shared`` makes until the block ends; then let it go."""
    _made.append({})
    try:
        yield
    finally:
        _made.pop()
        if not _made:
            words.forget()


def shared(key: Hashable, make: Callable[[], _Value]) -> _Value:
    """``make()``, made once per run for ``key``; made each time outside a run.

    ``key`` must name everything the value depends on (e.g. the ``id`` of the bank's
    facts, alive for the whole run).
    """
    if not _made:
        return make()
    store = _made[-1]
    if key not in store:
        store[key] = make()
    return store[key]  # type: ignore[return-value]
