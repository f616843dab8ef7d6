"""Outputs are written all or nothing: a failed run leaves the last good build untouched."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from quizgen.errors import QuizgenError
from quizgen.outputs import OutputError, OutputFile, write_outputs


def listing(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def test_writes_every_file_and_leaves_unchanged_ones_untouched(tmp_path: Path) -> None:
    (tmp_path / "same.md").write_bytes(b"same\n")
    before = (tmp_path / "same.md").stat().st_mtime_ns
    written = write_outputs([OutputFile("same.md", b"same\n"), OutputFile("new/deck.apkg", b"\0")],
                            tmp_path)
    assert written.paths == (tmp_path / "same.md", tmp_path / "new" / "deck.apkg")
    assert written.unchanged == {tmp_path / "same.md"}
    assert written.changed == (tmp_path / "new" / "deck.apkg",)
    assert listing(tmp_path) == {"same.md": b"same\n", "new/deck.apkg": b"\0"}
    assert (tmp_path / "same.md").stat().st_mtime_ns == before


def test_a_writer_failing_midway_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "quiz-A.md").write_bytes(b"last good build\n")

    def files() -> Iterator[OutputFile]:
        yield OutputFile("quiz-A.md", b"new quiz\n")
        yield OutputFile("key-A.md", b"new key\n")
        raise QuizgenError("the third file could not be rendered")

    with pytest.raises(QuizgenError, match="third file"):
        write_outputs(files(), tmp_path)
    assert listing(tmp_path) == {"quiz-A.md": b"last good build\n"}  # no temp files left


def test_a_directory_in_the_way_is_an_error_and_nothing_is_replaced(tmp_path: Path) -> None:
    (tmp_path / "quiz-A.md").write_bytes(b"last good build\n")
    (tmp_path / "key-A.md").mkdir()
    with pytest.raises(OutputError, match=r"key-A\.md: is a directory"):
        write_outputs([OutputFile("quiz-A.md", b"new\n"), OutputFile("key-A.md", b"key\n")],
                      tmp_path)
    assert listing(tmp_path) == {"quiz-A.md": b"last good build\n"}
