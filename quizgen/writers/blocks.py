"""Markdown documents as a list of blocks, so the print writer can wrap each one.

A quiz is written once as blocks of Markdown; the ``.md`` file joins them and the
HTML writer renders each through the ``markdown`` package inside its own element (one
question per element, so CSS can keep a question on one printed page).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

HEADER = "header"
SECTION = "section"
QUESTION = "question"
GRID = "grid"
ANSWER = "answer"

_SPECIAL = re.compile(r"([\\`*_\[\]])")
_ENTITY = re.compile(r"&(?=#|\w+;)")
_PLAIN = re.compile(r"[^\s\\`*_\[\]&<]+(?: [^\s\\`*_\[\]&<]+)*")
"""Text ``inline`` returns as it is (most text): words of no special character, one space apart."""


@dataclass(frozen=True)
class Block:
    """One block of a Markdown document: a kind (used as a CSS class) and its text."""

    kind: str
    markdown: str


def join_blocks(blocks: Sequence[Block]) -> str:
    """The Markdown document: blocks separated by blank lines, ending in a newline."""
    return "\n\n".join(block.markdown for block in blocks) + "\n"


def inline(text: str) -> str:
    """User text as one line of literal Markdown, the same on GitHub and python-markdown.

    White space runs (newlines included) become one space; characters that would start
    emphasis, code, links or escapes are backslash-escaped; ``<`` becomes ``&lt;`` since
    python-markdown cannot backslash-escape it, and ``&`` becomes ``&amp;`` where it
    would otherwise start a character reference.
    """
    if _PLAIN.fullmatch(text):
        return text
    one_line = " ".join(text.split())
    escaped = _SPECIAL.sub(r"\\\1", one_line)
    return _ENTITY.sub("&amp;", escaped).replace("<", "&lt;")

