"""Streamed output files: written piece by piece, never whole in memory, same bytes.

``OutputFile.streamed`` files are rendered while ``OutputDir.write`` writes them; these
tests check the write (all or nothing, unchanged files untouched, compared while
written), that each writer's pieces join to the document its whole-text function makes,
and that writing a quiz's files holds only a small part of any file at once.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.synth import generate
from quizgen import writers
from quizgen.build import build_files
from quizgen.errors import QuizgenError
from quizgen.load.facts import load_bank
from quizgen.model import Bank
from quizgen.outputs import RECORD, OutputFile, encoded, locked_output_dir, write_outputs
from quizgen.plan.planner import QuizPlan, QuizSettings, plan_quiz
from quizgen.writers.answers_csv import csv_cell
from quizgen.writers.base import BuildJob, OutputSettings
from quizgen.writers.key_markdown import key_markdown, write_key_markdown
from quizgen.writers.quiz_markdown import quiz_markdown, write_quiz_markdown
from quizgen.writers.sheet import layout_pieces, plan_layout
from quizgen.writers.sheet_layout import layout_json, sheet_layout
from tests.helpers import REPO


def listing(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory`` by relative path (temporaries and record included)."""
    return {str(path.relative_to(directory)): path.read_bytes()
            for path in sorted(directory.rglob("*")) if path.is_file()}


def streamed(name: str, pieces: list[bytes]) -> OutputFile:
    return OutputFile.streamed(name, lambda: iter(pieces))


def test_a_streamed_file_is_its_pieces_and_equals_the_same_bytes_given_whole() -> None:
    file = streamed("quiz-A.md", [b"one ", b"", b"two\n"])
    assert file.data == b"one two\n"
    assert file == OutputFile("quiz-A.md", b"one two\n")
    assert file != OutputFile("quiz-B.md", b"one two\n")
    assert list(OutputFile("a", b"xy").pieces()) == [b"xy"]


def test_each_piece_is_on_disk_before_the_next_is_rendered(tmp_path: Path) -> None:
    seen: list[int] = []

    def pieces() -> Iterator[bytes]:
        for _ in range(3):
            (tmp,) = tmp_path.glob(".quizgen-big.txt.*.tmp")
            seen.append(tmp.stat().st_size)  # what the writer has handed on so far
            yield b"x" * 100_000

    write_outputs([OutputFile.streamed("big.txt", pieces)], tmp_path)
    assert seen == [0, 100_000, 200_000]  # a piece bigger than the buffer goes straight on
    assert listing(tmp_path) == {"big.txt": b"x" * 300_000}


def test_a_stream_failing_midway_writes_nothing_and_leaves_no_temporary(tmp_path: Path) -> None:
    (tmp_path / "quiz-A.md").write_bytes(b"last good build\n")

    def pieces() -> Iterator[bytes]:
        yield b"half a quiz"
        raise QuizgenError("rendering failed")

    with pytest.raises(QuizgenError, match="rendering failed"):
        write_outputs([streamed("key-A.md", [b"a key\n"]),
                       OutputFile.streamed("quiz-A.md", pieces)], tmp_path)
    assert listing(tmp_path) == {"quiz-A.md": b"last good build\n"}


contents = st.binary(max_size=40)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(old=st.none() | contents, new=st.lists(contents, max_size=5))
def test_a_file_is_unchanged_exactly_when_the_old_bytes_equal_the_new(
        tmp_path_factory: pytest.TempPathFactory, old: bytes | None, new: list[bytes]) -> None:
    directory = tmp_path_factory.mktemp("out")
    target = directory / "file.txt"
    if old is not None:
        target.write_bytes(old)
        before = target.stat().st_mtime_ns
    written = write_outputs([streamed("file.txt", new)], directory)
    same = old == b"".join(new)
    assert written.unchanged == ({target} if same else set())
    assert listing(directory) == {"file.txt": b"".join(new)}
    if same:
        assert target.stat().st_mtime_ns == before


@given(texts=st.lists(st.text(max_size=30), max_size=40), size=st.integers(1, 50))
def test_encoded_pieces_join_to_the_encoded_text(texts: list[str], size: int) -> None:
    pieces = list(encoded(texts, size))
    assert b"".join(pieces) == "".join(texts).encode("utf-8")
    assert all(pieces)


titles = st.text(st.characters(codec="utf-8"), min_size=1, max_size=20)


@settings(max_examples=60, deadline=None)
@given(title=titles, questions=st.integers(0, 230), digits=st.integers(0, 12),
       options=st.sampled_from([3, 4, 5]))
def test_the_streamed_layout_is_layout_json(title: str, questions: int, digits: int,
                                            options: int) -> None:
    layout = sheet_layout(deck="a-deck", title=title, build="0123abcd", versions=["A"],
                          questions=questions, options=options, id_digits=digits)
    assert b"".join(layout_pieces(layout)).decode() == layout_json(layout)


@pytest.fixture(scope="module")
def shipped() -> tuple[Bank, QuizPlan]:
    bank = load_bank(REPO / "facts.yaml", REPO / "corpus")
    return bank, plan_quiz(bank, QuizSettings(versions=3, title="A \"title\"\nwith <two> lines"))


def test_markdown_files_are_the_whole_documents(shipped: tuple[Bank, QuizPlan]) -> None:
    bank, plan = shipped
    quizzes = list(write_quiz_markdown(plan, bank))
    keys = list(write_key_markdown(plan, bank))
    for version, quiz, key in zip(plan.versions, quizzes, keys, strict=True):
        assert quiz.data == quiz_markdown(plan, version, bank).encode("utf-8")
        assert key.data == key_markdown(plan, version, bank).encode("utf-8")


def test_a_sheet_layout_file_with_no_bubbles_lists_is_still_the_frame() -> None:
    layout = sheet_layout(deck="d", title="t", build="b", versions=["A"], questions=0,
                          id_digits=0)
    frame = layout_json(replace(layout, id_bubbles=(), answer_bubbles=()))
    assert b"".join(layout_pieces(layout)).decode() == frame == layout_json(layout)


def test_the_layout_file_is_streamed_from_the_plan_layout(shipped: tuple[Bank, QuizPlan]) -> None:
    bank, plan = shipped
    layout = plan_layout(plan, bank.deck.id, OutputSettings())
    files = {file.name: file for file in writers.get("sheet").render(BuildJob.of_plan(bank, plan))}
    assert files["sheet-layout.json"].data.decode() == layout_json(layout)


PIECE_BUDGET = 400_000
"""Bytes a streamed file may take beyond what its writer keeps for all its files: a batch
of pieces, a sheet's page, a table of its key letters. Every file here is over 250 KB,
and a file made whole takes at least twice its size (its text and its bytes)."""
STREAMED_FORMATS = ("quiz-md", "key-md", "print-html", "sheet", "answers-csv", "practice")


@pytest.fixture(scope="module")
def medium(tmp_path_factory: pytest.TempPathFactory) -> BuildJob:
    """A 2,000-fact bank's job, planned."""
    project = tmp_path_factory.mktemp("medium")
    generate(2000, project)
    bank = load_bank(project / "facts.yaml", project / "corpus")
    job = BuildJob(bank, QuizSettings(versions=2))
    assert job.plan
    return job


def measured(files: Iterable[OutputFile], peaks: dict[str, int]) -> Iterator[OutputFile]:
    """``files``, each streamed through a wrapper that records its traced peak memory."""
    for file in files:
        def pieces(file: OutputFile = file) -> Iterator[bytes]:
            tracemalloc.reset_peak()
            start = tracemalloc.get_traced_memory()[0]
            yield from file.pieces()
            peaks[file.name] = tracemalloc.get_traced_memory()[1] - start
        yield OutputFile.streamed(file.name, pieces)


def test_writing_a_big_quiz_holds_a_small_part_of_each_file(medium: BuildJob,
                                                            tmp_path: Path) -> None:
    csv_cell("")  # its first call imports quizgen.grade: not the file's memory
    chosen = [writers.get(name) for name in STREAMED_FORMATS]
    peaks: dict[str, int] = {}
    tracemalloc.start()
    try:
        with locked_output_dir(tmp_path) as directory:
            directory.write(measured(build_files(medium, chosen), peaks))
    finally:
        tracemalloc.stop()
    sizes = {path.name: path.stat().st_size for path in tmp_path.iterdir()}
    assert sorted(peaks) == sorted(sizes) and RECORD not in sizes
    assert min(sizes.values()) > 250_000 and sum(sizes.values()) > 7_000_000
    # before streaming, each file took from 2 to 6 times its size while written
    assert {name: peak for name, peak in peaks.items() if peak > PIECE_BUDGET} == {}
