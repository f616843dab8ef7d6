"""The loader's fast paths give exactly what the library code or the general path gives."""

from __future__ import annotations

import re
import sys
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.composer import Composer

from quizgen.load.composer import loader_for
from quizgen.load.facts import FACT_OPTIONAL, FACT_REQUIRED, _FactsReader
from quizgen.load.nodes import MappingKeys, NodeReader, plain_entries
from quizgen.model import Position, PositionMap
from quizgen.text import CLOZE_DELETION, _single_spaced, fold_quote, normalize_option
from tests.helpers import REPO

try:
    from yaml import CBaseLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import BaseLoader as _BaseLoader  # type: ignore[assignment]


class _PyYAMLComposer(_BaseLoader, Composer):
    """PyYAML's own recursive composer over the same parser: the reference."""

    def __init__(self, stream: str) -> None:
        _BaseLoader.__init__(self, stream)
        Composer.__init__(self)

    get_single_node = Composer.get_single_node


def _tree(node: Any) -> Any:
    """Everything a node holds: kind, tag, value, style and both marks."""
    marks = [(mark.line, mark.column, mark.index) for mark in (node.start_mark, node.end_mark)]
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.tag, node.value, node.style or None, marks)
    if isinstance(node, yaml.SequenceNode):
        return ("list", node.tag, [_tree(item) for item in node.value], node.flow_style, marks)
    pairs = [(_tree(key), _tree(value)) for key, value in node.value]
    return ("map", node.tag, pairs, node.flow_style, marks)


def _composed(loader: Any) -> Any:
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as error:
        return ("error", str(error))
    return None if root is None else _tree(root)


_PIECES = ["a", "b: ", "- ", "\n", "  ", "[", "]", "{", "}", ", ", '"q"', "'s'", "!!str ",
           "!x ", "! ", "&a ", "? ", "~", "null", "|\n  t\n", "# c", "1,000", "---\n", "c: [1, 2]"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14))
def test_composer_loop_gives_pyyamls_nodes_and_errors(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _composed(loader_for(text)) == _composed(_PyYAMLComposer(text))


def test_composer_loop_gives_pyyamls_nodes_for_the_shipped_facts() -> None:
    text = (REPO / "facts.yaml").read_text(encoding="utf-8")
    assert _composed(loader_for(text)) == _composed(_PyYAMLComposer(text))


def test_base_resolver_has_no_resolvers_the_loop_would_skip() -> None:
    """The loop gives untagged nodes their kind's default tag, as BaseResolver does."""
    loader = loader_for("a")
    assert not loader.yaml_implicit_resolvers and not loader.yaml_path_resolvers


@given(st.text(alphabet=st.sampled_from(
    ["a", " ", "\t", "\n", "\u00a0", "\u2003", "\u3000", "\x1c", "\u2028", "\u200b", "é"])))
def test_white_space_folds_as_the_regular_expression_did(text: str) -> None:
    assert _single_spaced(text) == re.sub(r"\s+", " ", text).strip()
    assert fold_quote(text.replace("é", "e")) == re.sub(r"\s+", " ", text.replace("é", "e")
                                                          ).strip() or not text.isascii()


def test_split_and_the_regular_expression_agree_on_every_white_space_character() -> None:
    space = re.compile(r"\s")
    assert [c for c in map(chr, range(sys.maxunicode + 1))
            if bool(space.match(c)) != (c.split() == [])] == []


def _general_entries(node: yaml.Node, required: tuple[str, ...],
                     optional: tuple[str, ...] | None) -> tuple[Any, list[str]]:
    """What MappingKeys alone makes of a mapping: its entries and its problems."""
    reader = NodeReader("f.yaml")
    keys = MappingKeys(reader, "thing", required, optional)
    for key, value in node.value:
        keys.accept(key, value)
    return keys.finish(node), [problem.message for problem in reader.problems]


_KEYS = ["id", "topic", "answer", "~", "null", '"null"', "Id", "[x]", "!!str id", "level"]


@given(st.lists(st.sampled_from(_KEYS), max_size=6), st.booleans())
def test_plain_entries_are_the_general_paths_when_it_has_nothing_to_say(
        keys: list[str], any_key: bool) -> None:
    text = "{" + ", ".join(f"{key}: v" for key in keys) + "}"
    node = yaml.compose(text, Loader=yaml.BaseLoader)
    assert node is not None
    required, optional = ("id", "topic"), (None if any_key else ("answer", "level"))
    fast = plain_entries(node, required, optional)
    entries, problems = _general_entries(node, required, optional)
    assert (fast is None) == bool(problems)
    assert fast is None or fast == entries


def _cloze_problems_as_first_written(cloze: str) -> list[str]:
    deletions = list(CLOZE_DELETION.finditer(cloze))
    rest = CLOZE_DELETION.sub("", cloze)
    if "{{" in rest or "}}" in rest:
        return ["malformed cloze deletion: write {{c1::hidden text}}"]
    if not deletions:
        return ["cloze has no deletion: wrap the answer as {{c1::answer}}"]
    if any(int(d.group(1)) < 1 or not d.group(2).strip() for d in deletions):
        return ["cloze deletions are numbered from c1 and must hide some text"]
    return []


@given(st.lists(st.sampled_from(["{{c1::", "{{c0::", "{{c2::", "}}", "::", "{", "}", "a", " "]),
                max_size=10))
def test_cloze_check_reports_what_it_did_before_its_shortcut(pieces: list[str]) -> None:
    cloze = "".join(pieces)
    reader = _FactsReader("f.yaml", None)
    reader.check_cloze(cloze, yaml.ScalarNode("tag:yaml.org,2002:str", cloze,
                                              yaml.Mark("f", 0, 0, 0, "", 0)))
    assert [p.message for p in reader.problems] == _cloze_problems_as_first_written(cloze)


@given(st.lists(st.text(max_size=12), max_size=6))
def test_each_option_normalized_once_is_normalize_option(options: list[str]) -> None:
    reader = _FactsReader("f.yaml", None)
    assert [reader.normalized(o) for o in options * 2] == [normalize_option(o)
                                                         for o in options * 2]


@given(st.dictionaries(st.sampled_from(["answer", "distractors.0", "question", "cloze"]),
                       st.tuples(st.integers(1, 2**31), st.integers(1, 2**31))))
def test_packed_positions_are_the_positions_given(pairs: dict[str, tuple[int, int]]) -> None:
    positions = {key: Position(*where) for key, where in pairs.items()}
    packed = PositionMap.packed(pairs, [n for where in pairs.values() for n in where])
    assert dict(packed) == dict(PositionMap(positions)) == positions
    assert list(packed) == list(positions)


def test_packed_positions_refuse_a_key_without_its_numbers() -> None:
    with pytest.raises(ValueError, match="one line and one column per key"):
        PositionMap.packed(["answer", "question"], [1, 2, 3])


def test_fact_schema_keys_are_what_the_fast_path_allows() -> None:
    node = yaml.compose("{" + ", ".join(f"{k}: v" for k in FACT_REQUIRED + FACT_OPTIONAL) + "}",
                        Loader=yaml.BaseLoader)
    assert node is not None
    assert plain_entries(node, FACT_REQUIRED, FACT_OPTIONAL) is not None
