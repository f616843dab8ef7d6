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


_BLOCK_START = re.compile(r"#+|>|[-+](?= |$)|\d{1,9}[.)](?= |$)|-{2,}(?=[ -]*$)|~{3}")
"""What turns a line into a heading, quote, list, rule or fence when it starts the line.

Dashes and spaces alone are a rule once there are three dashes, counting a list item's
own ``- ``: so ``--`` (and ``-- -``) is escaped too, or ``- --`` would print a line."""
_CLOSING_HASHES = re.compile(r"(?<= )#+$")
"""Trailing hashes, which a heading line drops as its closing sequence."""
_LIVE = re.compile(r"(?<=[A-Za-z0-9]):(?=//)|(?<=[Ww]{3})\.|(?<=\w)@(?=\w)")
"""Where GitHub makes plain text a link: the ``:`` of ``https://``, the ``.`` of
``www.``, the ``@`` of ``name@example.org``."""
_INERT = {":": "&#58;", ".": "\\.", "@": "&#64;"}
"""How each is written to stay text. python-markdown has no ``\\:`` or ``\\@`` escape
(it would print the backslash), so those are character references; GitHub's autolinks
then see no ``:`` or ``@`` in the text."""
_PLAIN_BLOCK_START = re.compile(r"[#>+~-]|\d{1,9}[.)]")
_WWW = re.compile(r"[Ww]{3}\.")
_HASHES_AT_END = re.compile(r" #+$")


def is_plain(text: str) -> bool:
    """Whether ``inline`` gives ``text`` back as it is: words of no special character.

    That is text ``_PLAIN`` accepts that needs none of the other escapes: no block
    marker at its start, no ``://``, ``www.`` or ``@``, no closing hashes. Each is tested
    alone, behind a substring test where it can be (one case-blind regular expression
    searching for all of them took a tenth of the quiz files' time).
    """
    return (_PLAIN.fullmatch(text) is not None
            and _PLAIN_BLOCK_START.match(text) is None
            and "://" not in text and "@" not in text
            and not ("." in text and ("w" in text or "W" in text) and _WWW.search(text))
            and not (text[-1] == "#" and _HASHES_AT_END.search(text)))


def inline(text: str) -> str:
    """User text as one line of literal Markdown, the same on GitHub and python-markdown.

    White space runs (newlines included) become one space; characters that would start
    emphasis, code, links or escapes are backslash-escaped; ``<`` becomes ``&lt;`` since
    python-markdown cannot backslash-escape it, and ``&`` becomes ``&amp;`` where it
    would otherwise start a character reference. So is what would start a block at the
    start of a line (``# ``, ``> ``, ``- ``, ``1986. ``, ``---``) or close a heading (a
    trailing `` #``), wherever the text is placed; and a bare URL or e-mail address is
    written so that GitHub does not make it a live link.
    """
    if is_plain(text):
        return text
    one_line = " ".join(text.split())
    escaped = _SPECIAL.sub(r"\\\1", one_line)
    escaped = _block_start_escaped(_ENTITY.sub("&amp;", escaped).replace("<", "&lt;"))
    escaped = _CLOSING_HASHES.sub(lambda match: "\\#" * len(match.group(0)), escaped)
    return _LIVE.sub(lambda match: _INERT[match.group(0)], escaped)


def _block_start_escaped(text: str) -> str:
    """``text`` with a block marker at its start escaped, so the line stays a paragraph."""
    match = _BLOCK_START.match(text)
    if match is None:
        return text
    marker, rest = match.group(0), text[match.end():]
    if marker[0].isdigit():  # python-markdown knows no ")" lists and no "\)" escape
        return marker[:-1] + ("\\." if marker[-1] == "." else "&#41;") + rest
    if marker[0] == "~":  # nor a "\~" escape
        return "&#126;" + marker[1:] + rest
    return "".join("\\" + char for char in marker) + rest
