"""The answer sheet's layout: complete, non-overlapping, stable in JSON, and what is drawn.

The printed positions are checked in test_sheet_print.py; these tests need no browser.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.cli import cli
from quizgen.load.facts import load_bank
from quizgen.plan.planner import QuizSettings, plan_quiz
from quizgen.writers.base import OutputSettings
from quizgen.writers.sheet import write_sheets
from quizgen.writers.sheet_layout import (
    PAPERS,
    Box,
    SheetCode,
    SheetLayout,
    layout_json,
    parse_qr_payload,
    qr_payload,
    read_layout,
    sheet_layout,
)
from tests.helpers import DATA, REPO

QUIZ = DATA / "quiz"

layouts = st.builds(
    lambda questions, options, digits, paper: sheet_layout(
        deck="a-deck", title="A title", build="0123abcd", versions=["A", "B"],
        questions=questions, options=options, id_digits=digits, paper=paper),
    st.integers(1, 230), st.sampled_from([3, 4, 5]), st.integers(0, 12),
    st.sampled_from(sorted(PAPERS)))


def overlaps(box: Box, x: float, y: float, r: float) -> bool:
    """Whether the circle (x, y, r) touches ``box``."""
    nearest_x = min(max(x, box.x), box.x + box.width)
    nearest_y = min(max(y, box.y), box.y + box.height)
    return math.hypot(x - nearest_x, y - nearest_y) < r


@settings(max_examples=60, deadline=None)
@given(layout=layouts)
def test_every_bubble_is_on_the_page_apart_from_every_other_mark(layout: SheetLayout) -> None:
    per_page = 100
    assert layout.pages == max(1, math.ceil(layout.questions / per_page))
    bubbles = [*layout.answer_bubbles, *layout.id_bubbles]
    r = layout.bubble_radius
    for bubble in bubbles:
        assert 15 <= bubble.x - r < bubble.x + r <= layout.width - 15
        assert 15 <= bubble.y - r < bubble.y + r <= layout.height - 15
        assert not overlaps(layout.qr, bubble.x, bubble.y, r)
        for name, box in layout.fields.items():
            if not name.startswith("id-"):
                assert not overlaps(box, bubble.x, bubble.y, r), (name, bubble)
    for page in range(1, layout.pages + 1):
        on_page = np.array([(b.x, b.y) for b in (*layout.page_bubbles(page), *layout.id_bubbles)])
        apart = np.hypot(*(on_page[:, None, :] - on_page[None, :, :]).transpose(2, 0, 1))
        np.fill_diagonal(apart, np.inf)
        assert apart.min() >= 2 * r + 0.9  # a gap of 0.9 mm at least between two rings
    for mark in layout.corner_marks:
        assert mark.size / 2 < mark.x < layout.width - mark.size / 2
        assert all(math.hypot(b.x - mark.x, b.y - mark.y) > 10 for b in bubbles)


@settings(max_examples=60, deadline=None)
@given(layout=layouts)
def test_each_question_has_one_row_of_bubbles_a_to_last_option(layout: SheetLayout) -> None:
    rows: dict[int, list[tuple[str, float, float, int]]] = {}
    for bubble in layout.answer_bubbles:
        rows.setdefault(bubble.question, []).append((bubble.option, bubble.x, bubble.y,
                                                     bubble.page))
    assert sorted(rows) == list(range(1, layout.questions + 1))
    for number, row in rows.items():
        assert [option for option, *_ in row] == list(layout.options)
        assert len({y for _, _, y, _ in row}) == 1 and len({p for *_, p in row}) == 1
        xs = [x for _, x, _, _ in row]
        assert xs == sorted(xs)
        assert row[0][3] == (number - 1) // 100 + 1
    digits = {(b.column, b.digit) for b in layout.id_bubbles}
    assert digits == {(c, d) for c in range(1, layout.id_digits + 1) for d in range(10)}


@settings(max_examples=40, deadline=None)
@given(layout=layouts)
def test_layout_json_reads_back_as_the_same_layout(layout: SheetLayout) -> None:
    text = layout_json(layout)
    assert read_layout(text) == layout
    data = json.loads(text)
    assert data["schema"] == "quizgen-sheet-layout/1"
    assert data["page"] == {"paper": layout.paper, **dict(zip(
        ("width", "height"), PAPERS[layout.paper], strict=True))}


def test_read_layout_refuses_other_files() -> None:
    with pytest.raises(ValueError, match="not a quizgen-sheet-layout/1 file"):
        read_layout('{"schema": "something-else"}')


@given(deck=st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True),
       version=st.sampled_from("ABCZ"), build=st.from_regex(r"[0-9a-f]{8}", fullmatch=True),
       page=st.integers(1, 9))
def test_qr_payload_reads_back(deck: str, version: str, build: str, page: int) -> None:
    text = qr_payload(deck, version, build, page, 9)
    assert parse_qr_payload(text) == SheetCode(deck, version, build, page, 9)


@pytest.mark.parametrize("text", ["", "hello", "QUIZGEN-SHEET/2 d A 01234567 1/1",
                                  "QUIZGEN-SHEET/1 d A 01234567 x/1"])
def test_qr_payload_of_another_kind_is_not_a_sheet(text: str) -> None:
    assert parse_qr_payload(text) is None


def test_sheet_html_places_every_bubble_and_mark_from_the_layout() -> None:
    bank = load_bank(QUIZ / "facts.yaml", QUIZ / "corpus")
    plan = plan_quiz(bank, QuizSettings(versions=2))
    files = {f.name: f.data.decode() for f in write_sheets(plan, bank.deck.id, OutputSettings())}
    layout = read_layout(files["sheet-layout.json"])
    width = re.search(r"\.b \{ width: ([\d.]+)mm; height: ([\d.]+)mm;", files["sheet-B.html"])
    assert width and width[1] == width[2] == f"{2 * layout.bubble_radius:.2f}"
    r = float(width[1]) / 2
    drawn = {(round(float(left) + r, 2), round(float(top) + r, 2))
             for left, top in re.findall(r'class="b(?: f)?" style="left:([\d.]+)mm;top:([\d.]+)mm"',
                                         files["sheet-B.html"])}
    expected = {(b.x, b.y) for b in (*layout.answer_bubbles, *layout.id_bubbles)}
    assert drawn == expected and len(expected) == 12 * 4 + 80
    key = files["key-sheet-B.html"]
    assert key.count('class="b f"') == 12 and "ANSWER KEY" in key
    assert files["sheet-B.html"].count('class="mark"') == 4
    assert "@page { size: A4; margin: 0; }" in files["sheet-A.html"]


def test_quiz_command_lays_sheets_out_for_paper_options_and_id_digits(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, [
        "quiz", "--facts", str(QUIZ / "facts.yaml"), "--corpus", str(QUIZ / "corpus"),
        "--out-dir", str(tmp_path), "--paper", "letter", "--options", "3",
        "--id-digits", "10", "--versions", "2", "--no-lint"])  # 3 options trip the gate
    assert result.exit_code == 0, result.output
    layout = read_layout((tmp_path / "sheet-layout.json").read_text())
    assert (layout.paper, layout.width, layout.height) == ("letter", 215.9, 279.4)
    assert layout.options == ("A", "B", "C") and layout.id_digits == 10
    assert layout.versions == ("A", "B") and layout.questions == 12
    assert "@page { size: letter;" in (tmp_path / "quiz-B.html").read_text()
    assert "@page { size: letter; margin: 0; }" in (tmp_path / "sheet-B.html").read_text()


@pytest.mark.parametrize(("args", "message"), [
    (["--paper", "a3"], "Invalid value for '--paper': 'a3' is not one of 'a4', 'letter'"),
    (["--id-digits", "13"], "Invalid value for '--id-digits': 13 is not in the range 0<=x<=12"),
])
def test_bad_paper_or_id_digits_is_a_usage_error(tmp_path: Path, args: list[str],
                                                 message: str) -> None:
    result = CliRunner().invoke(cli, [
        "build", "--facts", str(QUIZ / "facts.yaml"), "--corpus", str(QUIZ / "corpus"),
        "--out-dir", str(tmp_path / "out"), *args])
    assert result.exit_code == 2 and message in result.stderr
    assert not (tmp_path / "out").exists()


def test_readme_documents_every_key_of_sheet_layout_json() -> None:
    layout = sheet_layout(deck="d", title="t", build="b", versions=["A"], questions=1)
    data = json.loads(layout_json(layout))
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Answer sheets"):]
    fields = {re.sub(r"^id-\d+$", "id-1", name) for name in data["fields"]}  # id-1 ... id-8
    keys = [*data, *data["corner_marks"][0], *data["id_bubbles"][0], *data["answer_bubbles"][0],
            *sorted(fields)]
    assert [key for key in keys if f"`{key}`" not in section] == []
