"""quizgen grade reads real files: every bad one reported at its cell, all at once."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.simulate import simulate_class
from quizgen.cli import cli
from quizgen.grade import grade, read_answers, read_responses
from quizgen.grade.csvio import field_columns, safe_cell, unsafe_cell
from quizgen.grade.responses import BLANK, MULTIPLE
from quizgen.load.facts import load_bank
from quizgen.plan.planner import QuizSettings, plan_quiz
from quizgen.writers.answers_csv import write_answers_csv
from tests.helpers import DATA

GRADE = DATA / "grade"
BAD = sorted((GRADE / "bad").glob("*.csv"))
ANSWERS = GRADE / "decks" / "answers.csv"


def run_grade(*args: str, out_dir: Path) -> tuple[int, str, str]:
    """``quizgen grade`` as run in tests/data/grade (facts.yaml, corpus/, decks/ there)."""
    result = CliRunner().invoke(cli, ["grade", *args, "--out-dir", str(out_dir)])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("path", BAD, ids=lambda path: path.stem)
def test_bad_input_is_reported_exactly_and_nothing_is_written(
        path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(GRADE)
    name = f"bad/{path.name}"
    args = ("responses.csv", "--answers", name) if path.stem.startswith("answers-") else (name,)
    code, stdout, stderr = run_grade(*args, out_dir=tmp_path / "grades")
    assert code == 1
    assert stderr == path.with_suffix(".expected").read_text(encoding="utf-8")
    assert stdout == ""
    assert not (tmp_path / "grades").exists()


def test_every_kind_of_bad_input_has_a_file() -> None:
    names = {path.stem for path in BAD}
    assert {"empty", "unknown-version", "build-mismatch", "letter-beyond-options",
            "too-many-answers", "too-few-answers", "duplicate-student", "many-problems",
            "answers-empty", "answers-bad-key", "answers-not-answers"} <= names


def test_many_problems_are_reported_at_once() -> None:
    expected = (GRADE / "bad" / "many-problems.expected").read_text(encoding="utf-8")
    assert expected.count(": error: ") == 7


def test_answers_fixture_is_what_the_writer_prints() -> None:
    # The example class's quiz, planned by the real planner and written by the real writer.
    bank = load_bank(GRADE / "facts.yaml", GRADE / "corpus")
    plan = plan_quiz(bank, QuizSettings(versions=3))
    assert write_answers_csv(plan, bank)[0].data == ANSWERS.read_bytes()
    key = read_answers(ANSWERS)
    assert key.build == plan.build_id
    assert sorted(key.versions) == ["A", "B", "C"]
    for version, questions in zip(plan.versions, key.versions.values(), strict=True):
        assert [q.fact_id for q in questions] == [q.fact.id for q in version.questions]
        assert [q.options[q.key] for q in questions] == [q.fact.answer for q in version.questions]
    for item in key.items:  # the key is option 0 of each item, whatever its printed letter
        assert item.options[0] == next(f.answer for f in bank.facts if f.id == item.fact_id)


def test_example_class_is_what_the_simulator_gives() -> None:
    key = read_answers(ANSWERS)
    simulated = simulate_class(key, 200, seed=18, truth={"loaf-flour": "500 grams"},
                               never={"yeast-gas": "hydrogen"})
    assert simulated.csv_text() == (GRADE / "responses.csv").read_text(encoding="utf-8")


def test_excel_export_with_bom_and_crlf_reads_like_plain_utf8() -> None:
    key = read_answers(ANSWERS)
    plain = read_responses(GRADE / "responses.csv", key)
    excel = read_responses(GRADE / "bom-crlf.csv", key)
    assert excel.students == plain.students[: len(excel.students)]
    assert excel.students[0].student == "S00001"  # the BOM is not part of the first name


def test_empty_build_is_assumed_with_one_note(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(GRADE)
    code, stdout, stderr = run_grade("no-build.csv", out_dir=tmp_path)
    assert code == 0, stderr
    assert stderr == ("no-build.csv:2:10: note: 4 rows give no build (first on line 2): assumed "
                      "decks/answers.csv's build 964afb10\n")
    assert "graded 6 students" in stdout
    assert "no-build.csv:2:10: note" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_missing_answers_file_says_what_writes_it(tmp_path: Path) -> None:
    code, _, stderr = run_grade(str(GRADE / "responses.csv"), "--answers",
                                str(tmp_path / "answers.csv"), out_dir=tmp_path / "grades")
    assert code == 1
    assert stderr.startswith(f"{tmp_path / 'answers.csv'}:1:1: error: no such file: `quizgen "
                             "build` or `quizgen quiz` writes answers.csv; give its path with "
                             "--answers\n")


def test_letters_case_blanks_and_multiple_marks(tmp_path: Path) -> None:
    key = read_answers(ANSWERS)
    header = ["student", "version", "build", *(str(n) for n in range(1, 13)), "doubts"]
    row = ["Ana", "a", "", " b ", "", "*", "d", *["A"] * 8, "question 2: faint mark"]
    path = tmp_path / "r.csv"
    path.write_text("\n".join(",".join(cells) for cells in (header, row)) + "\n")
    (response,) = read_responses(path, key).students
    assert response.version == "A"
    assert response.choices[:4] == (1, BLANK, MULTIPLE, 3)


def test_spreadsheet_formulas_in_names_are_neutralised(tmp_path: Path) -> None:
    grading = grade(GRADE / "formula-names.csv", ANSWERS)
    from quizgen.grade import grade_outputs

    scores = {file.name: file.data for file in grade_outputs(grading)}["scores.csv"]
    students = [row[0] for row in csv.reader(io.StringIO(scores.decode()))][1:]
    assert students == ["'=HYPERLINK(\"http://x\",\"y\")", "'+1", "'@SUM(A1)", "'-2"]


@pytest.mark.parametrize("text", ["=1+1", "+A1", "-2", "@SUM(A1)", "\tx", "\rx", "'=x", "plain"])
def test_safe_cell_round_trips(text: str) -> None:
    assert not safe_cell(text).startswith(("=", "+", "-", "@", "\t", "\r"))
    assert unsafe_cell(safe_cell(text)) == text


def test_field_columns_follow_csv_quoting() -> None:
    line = 'a,"b,c",,"d ""e"", f",g'
    cells = next(csv.reader([line]))
    columns = field_columns(line)
    assert len(columns) == len(cells) == 5
    assert [line[column - 1] for column in columns] == ["a", '"', ",", '"', "g"]


def test_formula_scores_are_written_with_decimals(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(GRADE)
    code, stdout, _ = run_grade("responses.csv", "--formula", out_dir=tmp_path)
    assert code == 0
    assert ", formula scoring" in stdout.splitlines()[0]
    rows = list(csv.DictReader((tmp_path / "scores.csv").open(encoding="utf-8")))
    number_right = grade(GRADE / "responses.csv", ANSWERS).scores
    for row, plain in zip(rows, number_right, strict=True):
        wrong = plain.wrong
        assert row["score"] == f"{plain.right - wrong / 3:.2f}"
        assert row["max"] == "12"


def test_answers_without_a_build_column_are_read_with_a_note(tmp_path: Path) -> None:
    # answers.csv written before it had a build column: sheets cannot be checked
    old = tmp_path / "answers.csv"
    rows = list(csv.reader(ANSWERS.open(newline="", encoding="utf-8")))
    with old.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(row[:1] + row[2:] for row in rows)
    key = read_answers(old)
    assert key.build is None
    responses = read_responses(GRADE / "no-build.csv", key)
    assert len(responses.students) == 6
    unbuilt, built = responses.notes  # lines 2-5 give no build, lines 6 and 7 one
    assert unbuilt.message == (f"4 rows give no build, and {old} records none: the sheets "
                               "are assumed to be from this printing")
    assert (built.line, built.severity) == (6, "note")
    assert built.message == (f"{old} records no build (it was written before answers.csv had "
                             "one): the builds on the sheets are not checked")


cell_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"),
                    max_size=12)


@given(st.lists(cell_text, min_size=1, max_size=8))
def test_field_columns_find_every_cell_csv_writes(cells: list[str]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    line = buffer.getvalue()
    columns = field_columns(line)
    assert len(columns) == len(next(csv.reader([line])))
    for index, column in enumerate(columns):  # each cell parses back from where it starts
        rest = line[column - 1:]
        assert (next(csv.reader([rest])) or [""])[0] == next(csv.reader([line]))[index]


answer_cells = st.sampled_from(["A", "B", "C", "D", "a", " b ", "", "*"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("ABC"), st.lists(answer_cells, min_size=12,
                                                            max_size=12)),
                min_size=1, max_size=15))
def test_any_valid_class_reads_back_as_written(rows: list[tuple[str, list[str]]]) -> None:
    key = read_answers(ANSWERS)
    lines = [["student", "version", "build", *(str(n) for n in range(1, 13))]]
    lines += [[f"S{index}", version, key.build or "", *answers]
              for index, (version, answers) in enumerate(rows)]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(lines)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.csv"
        path.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8", newline="")
        students = read_responses(path, key).students
    expected = {"": BLANK, "*": MULTIPLE}
    for student, (version, answers) in zip(students, rows, strict=True):
        assert student.version == version
        assert student.choices == tuple(
            expected.get(cell.strip(), "ABCD".find(cell.strip().upper())) for cell in answers)
