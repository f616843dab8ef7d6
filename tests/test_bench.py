"""The benchmark script runs end to end at a tiny size (no times are asserted)."""

from __future__ import annotations

import re
from pathlib import Path

from bench.synth import generate
from quizgen.lint import lint_project
from quizgen.load.facts import load_bank
from tests.helpers import run_readme_command


def test_synthetic_bank_is_valid_and_deterministic(tmp_path: Path) -> None:
    first = generate(120, tmp_path / "a")
    second = generate(120, tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    bank = load_bank(first, tmp_path / "a" / "corpus")
    assert len(bank.facts) == 120
    assert len(bank.articles) == 2
    assert lint_project(bank) == []  # a sound bank: check times the work, not findings


def test_benchmark_prints_its_table() -> None:
    result = run_readme_command("python bench/run.py", "--sizes", "50,100", "--repeat", "1",
                                "--students", "300", "--questions", "20")
    assert result.returncode == 0, result.stderr
    table = result.stdout
    for row in ("| quizgen check |", "| quizgen anki (first build) |",
                "| quizgen anki (rebuild) |", "| quizgen quiz --versions 3 |",
                "| quizgen build (first build) |",
                "| quizgen build without the classroom exports (first build) |",
                "| raw genanki script, gc off |",
                "| C-YAML parse, gc off |", "| python -c pass |",
                "| quizgen anki (first build) / raw genanki script, gc off, at 100 |",
                "| quizgen build, shipped facts (first build) / python -c pass |",
                "| python: import the libraries a default build uses |",
                "| quizgen grade: 300 students, 20 questions, 3 versions |"):
        assert row in table
    assert re.search(r"^exports add -?\d+% \(CPU; -?\d+% wall\): quizgen build takes "
                     r"[\d.]+ s CPU with every format, [\d.]+ s without moodle-xml, gift, "
                     r"qti, anki-tsv\.$", table, re.MULTILINE), table
