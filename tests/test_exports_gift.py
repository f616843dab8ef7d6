"""GIFT, read back by gift-pegjs (the parser GIFT editors use) under Node."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from quizgen.writers.gift import gift_escape, gift_html
from tests.exports import ESCAPING, PROJECTS, first_version, job_for, one_line, render, shown_text
from tests.tools import NODE_MODULES, needs

_PARSE = "process.stdout.write(JSON.stringify(require('gift-pegjs').parse(" \
         "require('fs').readFileSync(process.argv[1], 'utf8'))))"


def gift_parse(path: Path) -> list[dict[str, Any]]:
    """gift-pegjs's reading of a GIFT file: categories and questions, in order."""
    node = shutil.which("node")
    assert node is not None
    result = subprocess.run([node, "-e", _PARSE, str(path)], capture_output=True, text=True,
                            check=True, timeout=60, env={"NODE_PATH": str(NODE_MODULES)})
    parsed: list[dict[str, Any]] = json.loads(result.stdout)
    return parsed


def gift_of(directory: Path, tmp_path: Path, **output: bool) -> tuple[list[dict[str, Any]], Any]:
    job = job_for(directory, **output)
    path = tmp_path / "bank.gift.txt"
    path.write_bytes(render(job, "gift"))
    return gift_parse(path), job


@needs("node", "gift-pegjs")
@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_one_question_per_fact_with_its_key_marked_and_feedback(name: str,
                                                                tmp_path: Path) -> None:
    items, job = gift_of(PROJECTS[name], tmp_path)
    plan = first_version(job.plan)
    questions = {item["title"]: item for item in items if item["type"] == "MC"}
    assert len(questions) == len([i for i in items if i["type"] != "Category"]) == len(plan)
    for fact_id, (options, key) in plan.items():
        question = questions[fact_id]
        assert question["stem"]["format"] == "html"
        choices = question["choices"]
        assert [shown_text(c["text"]["text"]) for c in choices] == [one_line(o) for o in options]
        assert [c["isCorrect"] for c in choices] == [i == key for i in range(len(options))]
        assert all(c["feedback"] and c["feedback"]["text"] for c in choices)
        assert shown_text(question["globalFeedback"]["text"])


@needs("node", "gift-pegjs")
def test_a_category_per_topic_before_its_questions(tmp_path: Path) -> None:
    items, job = gift_of(ESCAPING, tmp_path)
    bank = job.bank
    title = bank.deck.title.replace("/", "//")
    categories = [item["title"] for item in items if item["type"] == "Category"]
    assert categories == [f"$course$/{title}/{bank.topic(t).description.replace('/', '//')}"
                          for t in ("markup", "gift")]
    topic_of = {fact.id: fact.topic for fact in bank.facts}
    current = None
    for item in items:
        if item["type"] == "Category":
            current = "markup" if item["title"] == categories[0] else "gift"
        else:
            assert topic_of[item["title"]] == current


@needs("node", "gift-pegjs")
def test_every_special_character_round_trips_to_the_text_as_written(tmp_path: Path) -> None:
    items, job = gift_of(ESCAPING, tmp_path)
    facts = {fact.id: fact for fact in job.bank.facts}
    special = facts["gift-specials"]
    assert all(char in special.question + special.answer for char in "~=#{}:\\")
    for item in items:
        if item["type"] != "MC":
            continue
        fact = facts[item["title"]]
        assert shown_text(item["stem"]["text"]) == one_line(fact.question)
        assert one_line(fact.answer) in [shown_text(c["text"]["text"]) for c in item["choices"]]
        feedback = shown_text(item["globalFeedback"]["text"])
        assert one_line(fact.explanation) in feedback
        assert all(one_line(source.quote) in feedback for source in fact.sources)


@needs("node", "gift-pegjs")
def test_penalty_weights_wrong_options(tmp_path: Path) -> None:
    items, _ = gift_of(PROJECTS["tiny"], tmp_path, penalty=True)
    for item in items:
        if item["type"] == "MC":
            weights = sorted(c["weight"] for c in item["choices"] if not c["isCorrect"])
            assert weights == [-33.33333] * 3


def test_escapes_cover_every_special_character() -> None:
    assert gift_escape("~=#{}:\\") == "\\~\\=\\#\\{\\}\\:\\\\"
    assert gift_html("%50% <b> & \\n") == "&\\#37;50% &lt;b&gt; &amp; \\\\n"
