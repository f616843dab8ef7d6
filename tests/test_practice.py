"""The practice page as bytes: safe JSON, a strict CSP, its data, its size, its package files.

The page's behaviour in a browser is tested in test_practice_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html  # type: ignore[import-untyped]

from quizgen import writers
from quizgen.load.facts import load_bank
from quizgen.model import Bank
from quizgen.plan.planner import QuizSettings, plan_quiz
from quizgen.writers import practice
from quizgen.writers.base import BuildJob, file_names
from quizgen.writers.practice import (
    ASSET_DIR,
    ASSETS,
    page_fact,
    page_json,
    practice_data,
    practice_page,
    script_json,
)
from tests.helpers import DATA, REPO
from tests.test_cli import SCRIPT

HOSTILE = "</script><script>alert(1)</script>"


@pytest.fixture(scope="module")
def shipped() -> Bank:
    return load_bank(REPO / "facts.yaml", REPO / "corpus")


@pytest.fixture(scope="module")
def hostile() -> Bank:
    return load_bank(DATA / "practice" / "facts.yaml", DATA / "practice" / "corpus")


def page_of(bank: Bank, settings: QuizSettings | None = None) -> str:
    return practice_page(plan_quiz(bank, settings or QuizSettings(versions=3)), bank).decode()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_script_json_is_the_same_value_with_no_character_that_makes_markup(value: object) -> None:
    text = script_json(value)
    assert json.loads(text) == value
    assert not {"<", ">", "&"} & set(text)


def test_script_json_escapes_a_closing_script_tag() -> None:
    assert script_json({"q": HOSTILE}) == (
        '{"q":"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"}')


def test_hostile_text_never_reaches_the_markup(hostile: Bank) -> None:
    page = page_of(hostile)
    tree = lxml_html.fromstring(page)
    assert [script.get("type") for script in tree.iter("script")] == ["application/json", None]
    assert not list(tree.iter("img", "b", "link", "iframe", "object"))
    assert HOSTILE not in page and "<img src=x" not in page and "<!-- a comment" not in page
    data = json.loads(tree.get_element_by_id("quizgen-data").text)
    assert data["title"] == f"Practice {HOSTILE}"
    assert data["facts"][0]["answer"] == HOSTILE
    assert tree.findtext(".//h1") == f"Practice {HOSTILE}"  # escaped in the markup, read back


def test_content_security_policy_forbids_requests_and_allows_only_the_page_own_code(
    shipped: Bank,
) -> None:
    page = page_of(shipped)
    tree = lxml_html.fromstring(page)
    (meta,) = tree.xpath('//meta[@http-equiv="Content-Security-Policy"]')
    policy = dict(directive.strip().split(" ", 1) for directive in meta.get("content").split(";"))
    assert policy["default-src"] == "'none'"
    for directive in ("img-src", "font-src", "connect-src", "object-src", "base-uri",
                      "form-action"):
        assert policy[directive] == "'none'"

    def allowed(text: str) -> str:
        return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"

    (style,) = tree.iter("style")
    code = [script.text for script in tree.iter("script") if script.get("type") is None]
    assert policy["style-src"] == allowed(style.text)
    assert policy["script-src"] == allowed(code[0])
    assert not tree.xpath("//*[@src or @href or @style or @srcset]")
    assert "url(" not in style.text and "@import" not in style.text
    assert "</script" not in practice.asset("page.js")
    assert "</style" not in practice.asset("page.css")


def test_page_json_written_in_pieces_is_the_data_as_one_value(hostile: Bank) -> None:
    plan = plan_quiz(hostile, QuizSettings())
    assert "".join(page_json(plan, hostile)) == script_json(practice_data(plan, hostile))


def test_page_bytes_do_not_depend_on_the_process(tmp_path: Path) -> None:
    pages = []
    for hash_seed in ("1", "2"):
        out = tmp_path / hash_seed
        subprocess.run([str(SCRIPT), "build", "--facts", str(DATA / "practice" / "facts.yaml"),
                        "--corpus", str(DATA / "practice" / "corpus"), "--format", "practice",
                        "--no-lint", "--out-dir", str(out)], check=True, capture_output=True,
                       env={**os.environ, "PYTHONHASHSEED": hash_seed, "TZ": f"UTC+{hash_seed}"})
        pages.append((out / "practice.html").read_bytes())
    assert pages[0] == pages[1]


def test_page_is_deterministic_and_small_for_the_shipped_facts(shipped: Bank) -> None:
    first, second = page_of(shipped), page_of(shipped)
    assert first == second
    assert len(first.encode()) < 300_000


def test_questions_carry_the_planned_options_of_version_a(shipped: Bank) -> None:
    plan = plan_quiz(shipped, QuizSettings(versions=3, count=30, seed=7))
    data = practice_data(plan, shipped)
    facts = data["facts"]
    assert isinstance(facts, list)
    planned = {question.fact.id: question for question in plan.versions[0].questions}
    assert [fact["id"] for fact in facts] == list(planned)
    topics = data["topics"]
    assert isinstance(topics, list)
    assert [topic for topic, _ in topics] == [
        topic.id for topic in shipped.topics
        if any(question.fact.topic == topic.id for question in planned.values())]
    for fact in facts:
        question = planned[fact["id"]]
        assert fact["options"] == list(question.options)
        assert fact["answer"] == question.fact.answer in fact["options"]
        assert fact["ordered"] is question.ordered
    assert data["storageKey"] == f"quizgen-practice:deepseek-ai-race:{plan.build_id}"


def test_page_keeps_the_planners_option_order_and_ordered_flags(shipped: Bank) -> None:
    """The page shows each question's options as the printed quiz does, ordered ones flagged
    so the script never shuffles them (the order itself is tests/test_ordering.py's)."""
    plan = plan_quiz(shipped, QuizSettings(versions=3))
    questions = plan.versions[0].questions
    facts = [page_fact(question) for question in questions]
    assert [fact["options"] for fact in facts] == [list(q.options) for q in questions]
    assert [fact["ordered"] for fact in facts] == [q.ordered for q in questions]
    assert any(q.ordered for q in questions) and not all(q.ordered for q in questions)


def test_practice_is_an_export_format_that_writes_exactly_what_it_declares(
    shipped: Bank,
) -> None:
    writer = writers.get("practice")
    assert writer.group == "export" and writer.needs == ("plan",)
    assert writer in writers.formats()  # so `quizgen build` writes it by default
    job = BuildJob(shipped, QuizSettings(versions=3))
    assert [file.name for file in writer.render(job)] == file_names(writer, job) == [
        "practice.html"]


def test_page_files_are_package_data_a_wheel_carries() -> None:
    """A non-editable install needs pyproject to list the page's files as package data."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["quizgen.writers"]
    folder = Path(practice.__file__).parent / ASSET_DIR
    shipped = sorted(path.name for path in folder.iterdir() if path.is_file())
    assert shipped == sorted(ASSETS)
    for name in shipped:
        assert any(fnmatch(f"{ASSET_DIR}/{name}", pattern) for pattern in patterns), name
        assert practice.asset(name) == (folder / name).read_text(encoding="utf-8")


def test_title_and_counts_show_in_the_page_head(hostile: Bank) -> None:
    page = page_of(hostile)
    assert re.search(r"<p class=\"meta\">Practice · 2 questions · build [0-9a-f]{8}</p>", page)
    one = page_of(hostile, QuizSettings(count=1))
    assert "Practice · 1 question · build" in one
