"""A fact read from its parse events (plainfact.py) is the fact the full reader makes.

Every fact the shortcut reads must come out as ``_FactsReader.fact`` makes it, and
every fact it declines must still be reported exactly as before: these tests load the
same files with the shortcut and with it turned off and compare everything.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.errors import DataError
from quizgen.load.facts import _FactsReader, load_bank
from quizgen.model import Fact
from quizgen.text import normalize_option
from tests.helpers import REPO

ARTICLE = """---
title: Moon landing
---
Neil Armstrong was the first person to walk on the Moon, in July 1969; Buzz Aldrin
followed him while Michael Collins stayed in orbit. The mission cost “about $25
billion” — 4,000 engineers took part.
"""


def _shown(fact: Fact) -> list[Any]:
    """Every field of a fact, its field positions in order."""
    return [(field.name, getattr(fact, field.name)) for field in dataclasses.fields(fact)
            if field.name != "field_positions"] + [list(fact.field_positions.items())]


def _loaded(facts: Path, corpus: Path) -> Any:
    try:
        bank = load_bank(facts, corpus)
    except DataError as error:
        return [str(problem) for problem in error.problems], error.hint
    return [_shown(fact) for fact in bank.facts]


def _both_ways(facts: Path, corpus: Path) -> tuple[Any, Any, int]:
    """The load with the shortcut, without it, and how many facts the full reader read."""
    full_reads = 0
    full_fact = _FactsReader.fact

    def counted(self: _FactsReader, node: Any, index: int) -> Fact | None:
        nonlocal full_reads
        full_reads += 1
        return full_fact(self, node, index)

    with mock.patch.object(_FactsReader, "fact", counted):
        shortcut = _loaded(facts, corpus)
    with mock.patch.object(_FactsReader, "plain", lambda self, events: None):
        full = _loaded(facts, corpus)
    return shortcut, full, full_reads


def test_shipped_facts_are_read_from_their_events_as_the_full_reader_reads_them() -> None:
    shortcut, full, full_reads = _both_ways(REPO / "facts.yaml", REPO / "corpus")
    assert shortcut == full
    assert len(shortcut) > 50
    assert full_reads == 0  # every shipped fact is plain: the comparison is not vacuous


_VALUES = {
    "id": ["moon-first", '"moon-first"', "Moon First", "", "~", "[moon]", "!!str moon-first",
           "&a moon-first", "m" * 65],
    "topic": ["space", "spaec", "null", "'space'"],
    "question": ["Who walked on the Moon first?", "null", "'null'", "Who? #", "[a]",
                 "Who walked # first?", "''", "{a: b}", "|\n      Who walked\n      first?",
                 "  Who walked first?  "],
    "answer": ["Neil Armstrong", "neil  armstrong!", "Buzz Aldrin", "1,000"],
    "kind": ["person", "Person", "per son", "person # astronaut"],
    "explanation": ["He stepped out first.", "~", '"He stepped out first."'],
    "accept": ["[Armstrong]", "[Buzz Aldrin]", "[]", "Armstrong", "[~]", "[null, x]", "['']"],
    "distractors": ["[Buzz Aldrin, Michael Collins]", "[Neil Armstrong, Buzz Aldrin]",
                    "[4,000, 5]", "[4, 000]", "[]", "[Buzz, [Aldrin]]", "[Buzz, '']",
                    "\n      - Buzz Aldrin\n      - Michael Collins", "*a"],
    "cloze": ['"{{c1::Neil Armstrong}} walked first."', "Nothing hidden.", "'{{c0::x}} y'",
              "'{ {{c1::Neil}} walked'", "'{{c1:: }} walked'", "'{{c1::Neil}} {{c2::walked}}'"],
    "level": ["apply", "bogus", "Apply"],
    "lint": ["{ignore: [OPT-DUPLICATE]}", "{ignore: [not a rule]}"],
    "sources": [
        "\n      - article: moon-landing\n        quote: Neil Armstrong was the first",
        "\n      - {article: moon-landing, quote: \"cost \\\"about $25 billion\\\" - 4,000\"}",
        "\n      - article: moon-landing\n        quote: neil armstrong was the first",
        "\n      - article: moon-landng\n        quote: Neil Armstrong was the first",
        "\n      - article: moon-landing\n        quote: Neil Armstrong was the last",
        "\n      - article: moon-landing",
        "\n      - article: moon-landing\n        quote: Buzz\n        page: 3",
        "\n      - article: moon-landing\n        quote: Buzz\n        quote: Buzz",
        "\n      - article: moon-landing\n        quote: Buzz\n        ? [a]\n        : b",
        "\n      - article: ~\n        quote: Buzz", "\n      - [moon-landing, Buzz]",
        "[]", "moon-landing",
        "\n      - article: moon-landing\n        quote: Buzz Aldrin\n"
        "      - article: moon-landing\n        quote: Michael Collins",
    ],
}
_REQUIRED = ("id", "topic", "question", "answer", "kind", "explanation", "sources")
"""Each key's first value is well formed; a fact changes one key at most, so that the
shortcut reads most facts and each check of it is tried on its own."""
_CHANGES = ("",) * 12 + ("drop", "twice", "unknown", "tagged", "same id")


@st.composite
def _facts(draw: st.DrawFn) -> list[tuple[list[tuple[str, str]], str]]:
    facts = []
    for _ in range(draw(st.integers(1, 3))):
        keys = [*_REQUIRED, *draw(st.sets(st.sampled_from(
            [key for key in _VALUES if key not in _REQUIRED])))]
        changed = draw(st.sampled_from([None] * 4 + keys))
        pairs = [(key, draw(st.sampled_from(_VALUES[key])) if key == changed
                  else _VALUES[key][0]) for key in keys]
        if "lint" in keys and changed != "lint":
            pairs = [pair for pair in pairs if pair[0] != "lint"]
        facts.append((draw(st.permutations(pairs)), draw(st.sampled_from(_CHANGES))))
    return facts


def _facts_yaml(facts: list[tuple[list[tuple[str, str]], str]]) -> str:
    lines = ["deck:", "  title: Moon", "topics:", "  space: Space travel", "facts:"]
    for number, (pairs, change) in enumerate(facts):
        if change == "drop":
            pairs = pairs[1:]
        elif change == "twice":
            pairs = [*pairs, pairs[0]]
        elif change == "unknown":
            pairs = [*pairs, ("anwser", "x")]
        for index, (key, value) in enumerate(pairs):
            if key == "id" and number and change != "same id" and value == "moon-first":
                value = f"moon-{number}"
            head = "  - " if index == 0 else "    "
            if change == "tagged" and index == 0:
                head += "!!str "  # a tagged key: the item is not plain, so it is composed
            lines.append(f"{head}{key}: {value}")
        if not pairs:
            lines.append("  - {}")
    return "\n".join(lines) + "\n"


def _load_fact_both_ways(root: Path, facts: list[tuple[list[tuple[str, str]], str]]) -> None:
    (root / "corpus").mkdir()
    (root / "corpus" / "moon-landing.md").write_text(ARTICLE, encoding="utf-8")
    (root / "facts.yaml").write_text(_facts_yaml(facts), encoding="utf-8")
    shortcut, full, _ = _both_ways(root / "facts.yaml", root / "corpus")
    assert shortcut == full


_WELL_FORMED = [(key, values[0]) for key, values in _VALUES.items() if key != "lint"]


@pytest.mark.parametrize(("key", "value"), [
    (key, value) for key, values in _VALUES.items() for value in values])
def test_each_value_loads_and_fails_as_it_does_without_the_shortcut(
        tmp_path: Path, key: str, value: str) -> None:
    changed = [(name, value if name == key else given) for name, given in _WELL_FORMED]
    if key == "lint":
        changed.append((key, value))
    _load_fact_both_ways(tmp_path, [(changed, ""), (changed[::-1], "same id")])


@pytest.mark.parametrize("change", ["drop", "twice", "unknown", "tagged"])
@pytest.mark.parametrize("first", [key for key, _ in _WELL_FORMED])
def test_each_key_missing_twice_or_tagged_fails_as_it_does_without_the_shortcut(
        tmp_path: Path, first: str, change: str) -> None:
    pairs = sorted(_WELL_FORMED, key=lambda pair: pair[0] != first)  # ``first`` first
    _load_fact_both_ways(tmp_path, [(pairs, change)])


@settings(max_examples=150, deadline=None)
@given(_facts())
def test_any_fact_loads_and_fails_as_it_does_without_the_shortcut(
        tmp_path_factory: Any, facts: list[tuple[list[tuple[str, str]], str]]) -> None:
    _load_fact_both_ways(tmp_path_factory.mktemp("plain"), facts)


def test_bank_option_key_is_normalize_option_worked_out_by_the_loader() -> None:
    bank = load_bank(REPO / "facts.yaml", REPO / "corpus")
    texts = {text for fact in bank.facts for text in (fact.answer, *fact.accept, *fact.distractors)}
    assert set(bank.option_keys) <= texts
    assert len(bank.option_keys) > len(texts) // 2  # the loader's keys were handed over
    assert all(bank.option_key(text) == normalize_option(text) for text in texts)
    assert bank.option_key("  Not An Option, 1,000 ") == normalize_option("Not An Option, 1000")
