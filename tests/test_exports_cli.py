"""``quizgen build`` writes the four classroom exports by default, and each alone with --format."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.cli import cli

EXPORTS = {"moodle-xml": "space-firsts.moodle.xml", "gift": "space-firsts.gift.txt",
           "qti": "space-firsts.qti.zip", "anki-tsv": "space-firsts.anki.txt"}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_format_alone_writes_only_its_file_and_the_same_bytes_twice(
        name: str, tiny_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tiny_dir)
    runner = CliRunner()
    for out in ("one", "two"):
        result = runner.invoke(cli, ["build", "--format", name, "--out-dir", out])
        assert result.exit_code == 0, result.output
        assert result.output.endswith(f"wrote 1 file to {out}/\n")
        assert sorted(path.name for path in (tiny_dir / out).iterdir()) == [EXPORTS[name]]
    assert (tiny_dir / "one" / EXPORTS[name]).read_bytes() == \
        (tiny_dir / "two" / EXPORTS[name]).read_bytes()


def test_build_writes_every_export_by_default_and_quiz_writes_none(
        tiny_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tiny_dir)
    runner = CliRunner()
    assert runner.invoke(cli, ["build", "--out-dir", "all"]).exit_code == 0
    assert set(EXPORTS.values()) <= {path.name for path in (tiny_dir / "all").iterdir()}
    assert runner.invoke(cli, ["quiz", "--out-dir", "quiz"]).exit_code == 0
    assert not set(EXPORTS.values()) & {path.name for path in (tiny_dir / "quiz").iterdir()}


def test_penalty_and_no_cloze_reach_the_moodle_file(tiny_dir: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tiny_dir)
    result = CliRunner().invoke(cli, ["build", "--format", "moodle-xml", "--penalty",
                                      "--no-cloze"])
    assert result.exit_code == 0, result.output
    text = (tiny_dir / "decks" / EXPORTS["moodle-xml"]).read_text(encoding="utf-8")
    assert 'fraction="-33.33333"' in text
    assert 'type="cloze"' not in text
