"""The scan's rules without images: how bubble readings become answers and doubts, the
responses file grade reads, and the optional dependencies kept out of everything else."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from quizgen.scan.decide import EMPTY_TONE, FILLED_COVER, Mark, decide_number, decide_row, mark
from quizgen.scan.measure import Reading
from tests.helpers import REPO

LETTERS = ("A", "B", "C", "D")
FILLED = Reading(0.97, 0.8)
EMPTY = Reading(0.0, 0.002)
FAINT = Reading(0.02, 0.1)
"""An eraser's smear: nothing dark, but darker than blank."""
PARTIAL = Reading(0.45, 0.35)
"""A tick, a cross or half a fill."""

readings = st.builds(Reading, st.floats(0, 1), st.floats(0, 1))


def test_one_clear_mark_is_its_letter_and_no_mark_is_blank() -> None:
    assert decide_row(LETTERS, [EMPTY, EMPTY, FILLED, EMPTY]).value == "C"
    assert decide_row(LETTERS, [EMPTY, EMPTY, FILLED, EMPTY]).doubt is None
    assert decide_row(LETTERS, [EMPTY] * 4).value == ""
    assert decide_row(LETTERS, [EMPTY] * 4).doubt is None


def test_two_marks_are_a_star_with_a_doubt() -> None:
    row = decide_row(LETTERS, [FILLED, EMPTY, FILLED, EMPTY])
    assert (row.value, row.doubt) == ("*", "A filled, C filled")


def test_an_erased_mark_beside_the_answer_is_a_star_to_look_at() -> None:
    row = decide_row(LETTERS, [EMPTY, FAINT, FILLED, EMPTY])
    assert (row.value, row.doubt) == ("*", "B faint or partial mark, C filled")


def test_a_lone_partial_mark_is_blank_with_a_doubt() -> None:
    row = decide_row(LETTERS, [EMPTY, PARTIAL, EMPTY, EMPTY])
    assert (row.value, row.doubt) == ("", "B faint or partial mark")


@given(st.lists(readings, min_size=2, max_size=5))
def test_a_letter_is_written_only_for_exactly_one_clear_mark(row: list[Reading]) -> None:
    """Never a guess: a letter without a doubt means one filled bubble, the rest empty."""
    labels = LETTERS[: len(row)] if len(row) <= 4 else (*LETTERS, "E")
    decided = decide_row(labels, row)
    marks = [mark(reading) for reading in row]
    if decided.doubt is None:
        assert marks.count(Mark.DOUBTFUL) == 0 and marks.count(Mark.FILLED) <= 1
        assert decided.value == ("" if Mark.FILLED not in marks
                                 else labels[marks.index(Mark.FILLED)])
    else:
        assert decided.value in ("", "*")


@given(readings)
def test_a_bubble_is_filled_only_when_mostly_marked(reading: Reading) -> None:
    if mark(reading) is Mark.FILLED:
        assert reading.cover >= FILLED_COVER
    if mark(reading) is Mark.EMPTY:
        assert reading.tone < EMPTY_TONE


def column(digit: int | None, extra: Reading | None = None, at: int = 0) -> list[Reading]:
    cells = [FILLED if d == digit else EMPTY for d in range(10)]
    if extra is not None:
        cells[at] = extra
    return cells


def test_student_number_reads_each_column_and_allows_a_short_number() -> None:
    assert decide_number([column(2), column(0), column(7)]) == ("207", None)
    assert decide_number([column(4), column(1), column(None)]) == ("41", None)


def test_unreadable_student_number_columns_are_question_marks_with_a_doubt() -> None:
    number, doubt = decide_number([column(2), column(3, FILLED, 5), column(None),
                                   column(7)])
    assert number == "2??7"
    assert doubt == ("student number unreadable: column 2: 3 filled, 5 filled; "
                     "column 3 left blank inside the number")
    assert decide_number([column(None), column(None)]) == (None, "student number left blank")


def test_help_and_build_do_not_import_the_scan_libraries(tmp_path: Path) -> None:
    """OpenCV, numpy and pypdfium2 load only for ``quizgen scan``."""
    code = (
        "import sys\n"
        "from quizgen.cli import cli\n"
        "for args in (['--help'], ['build', '--out-dir', sys.argv[1]]):\n"
        "    try:\n"
        "        cli(args)\n"
        "    except SystemExit as exit:\n"
        "        assert not exit.code, exit.code\n"
        "print(sorted(m for m in ('cv2', 'numpy', 'pypdfium2') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "decks")],
                            capture_output=True, text=True, check=True, cwd=REPO)
    assert result.stdout.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "decks" / "sheet-layout.json").exists()


def test_scan_without_its_libraries_says_what_to_install(tmp_path: Path) -> None:
    scan = tmp_path / "class.pdf"
    scan.write_bytes(b"%PDF-1.4\n")
    code = ("import sys\n"
            "sys.modules['cv2'] = None\n"  # as if opencv-python-headless were not installed
            "sys.modules['pypdfium2'] = None\n"
            "from quizgen.cli import cli\n"
            "cli(['scan', sys.argv[1]])\n")
    result = subprocess.run([sys.executable, "-c", code, str(scan)], capture_output=True,
                            text=True, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == ("quizgen scan needs opencv-python-headless, pypdfium2: install "
                             "them with\n    pip install 'quizgen[scan]'\n")
    assert not (tmp_path / "responses.csv").exists()


def test_a_student_number_read_twice_is_a_doubt() -> None:
    from quizgen.scan.pages import PageRef
    from quizgen.scan.read import PageResult
    from quizgen.scan.sheets import Collator
    from quizgen.writers.sheet_layout import SheetCode, sheet_layout

    layout = sheet_layout(deck="d", title="T", build="b1", versions=["A"], questions=3)
    collator = Collator(layout)
    code = SheetCode("d", "A", "b1", 1, 1)
    for number in (1, 2):
        collator.add(PageRef("class.pdf", number, 2),
                     PageResult(code, "2024", {1: "A", 2: "", 3: "*"}))
    assert [doubt.message for _, doubt in collator.sheets[1].doubts] == [
        "the same student number as sheet 1: grade refuses a number twice"]
    assert collator.sheets[0].doubts == []
