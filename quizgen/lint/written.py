"""Rules about how a fact is written down in facts.yaml, rather than what it asks."""

from __future__ import annotations

from collections.abc import Iterator

from quizgen.lint.core import Hit, quoted
from quizgen.model import Fact


def comment_cuts(fact: Fact) -> Iterator[Hit]:
    """An unquoted text field followed by `` # ...`` on its line: YAML dropped that part."""
    for key, comment in fact.comment_cuts:
        yield Hit(f"YAML reads ' #' as the start of a comment, so {quoted('#' + comment)} is "
                  f"not part of the {key}: put the text in quotes if it belongs to it",
                  f"{key}.comment")
