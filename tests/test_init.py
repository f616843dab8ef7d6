"""``quizgen init``: a starter project that check and build accept as it is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.cli import cli
from quizgen.load.facts import FACT_OPTIONAL, load_bank
from quizgen.project.starter import STARTER_FILES, starter_text
from tests.helpers import registry_files

CREATED = ["corpus/", "decks/", "facts.yaml", "corpus/how-leaves-make-sugar.md", "README.md",
           ".gitignore"]


def files_under(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def test_init_then_build_in_an_empty_directory(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    made = runner.invoke(cli, ["init"])
    assert made.exit_code == 0, made.output
    assert made.stdout == "".join(f"created {name}\n" for name in CREATED) + (
        "\nNext:\n"
        "  quizgen add-article saved-page.html   # your article, into corpus/\n"
        "  (edit facts.yaml: replace the example fact with one of your own)\n"
        "  quizgen check                         # every quote verified, every flaw reported\n"
        "  quizgen build                         # the Anki deck and printable quizzes, in "
        "decks/\n")
    checked = runner.invoke(cli, ["check", "--strict"])
    assert checked.exit_code == 0, checked.output
    assert checked.stderr == "lint: 0 errors, 0 warnings, 0 info in 1 fact.\n"
    built = runner.invoke(cli, ["build", "--strict"])
    assert built.exit_code == 0, built.output
    assert built.stderr == ""
    assert built.stdout.startswith(
        "wrote decks/my-first-quiz.apkg (1 note from 1 fact: 1 new, 0 updated, 0 retired)\n")
    files = sorted(path.name for path in Path("decks").iterdir())
    assert files == registry_files(Path.cwd(), versions=3)
    assert built.stdout.endswith(f"wrote {len(files)} files to decks/\n")
    assert "Which pigment gives leaves their green colour?" in (
        tmp_path / "decks" / "quiz-A.md").read_text(encoding="utf-8")


def test_init_makes_the_directory_it_is_given(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "my quiz")])
    assert result.exit_code == 0, result.output
    assert f"created {tmp_path / 'my quiz'}/facts.yaml\n" in result.stdout
    assert f"  cd '{tmp_path / 'my quiz'}'\n" in result.stdout
    assert sorted(files_under(tmp_path / "my quiz")) == sorted(
        name for name in CREATED if not name.endswith("/"))
    assert (tmp_path / "my quiz" / "decks").is_dir()


def test_init_keeps_an_existing_corpus_and_its_articles(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "mine.md").write_text("---\ntitle: Mine\n---\nMy text.\n")
    result = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"created {tmp_path}/corpus/\n" not in result.stdout
    assert (tmp_path / "corpus" / "mine.md").read_text() == "---\ntitle: Mine\n---\nMy text.\n"


@pytest.mark.parametrize(("existing", "message"), [
    (["facts.yaml"], "quizgen: error: facts.yaml already exists; quizgen init overwrites "
     "nothing (move it away, or start the project in a new directory: quizgen init DIR)\n"),
    (["README.md", ".gitignore"], "quizgen: error: README.md, .gitignore already exist; "
     "quizgen init overwrites nothing (move them away, or start the project in a new "
     "directory: quizgen init DIR)\n"),
    (["decks"], "quizgen: error: decks already exists; quizgen init overwrites nothing (move "
     "it away, or start the project in a new directory: quizgen init DIR)\n"),
])
def test_init_refuses_to_overwrite_anything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            existing: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    for name in existing:
        (tmp_path / name).write_text("mine\n")
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 1
    assert result.stderr == message
    assert files_under(tmp_path) == {name: b"mine\n" for name in existing}
    assert not (tmp_path / "corpus").exists()


OPTIONAL_LINE = re.compile(r"^(\s*)# (\s*(?:id|description|accept|cloze|level|lint|ignore):)",
                           re.MULTILINE)
"""A commented-out optional key of the starter facts.yaml."""


def test_the_starter_shows_every_optional_key_and_each_works_uncommented(
    tmp_path: Path,
) -> None:
    text = starter_text("facts.yaml")
    shown = {match[2].strip().rstrip(":") for match in OPTIONAL_LINE.finditer(text)}
    assert set(FACT_OPTIONAL) - {"distractors"} <= shown  # distractors is given, not commented
    assert {"id", "description"} <= shown  # the deck's optional keys
    assert "distractors:" in text
    assert CliRunner().invoke(cli, ["init", str(tmp_path)]).exit_code == 0
    (tmp_path / "facts.yaml").write_text(OPTIONAL_LINE.sub(r"\1\2", text), encoding="utf-8")
    bank = load_bank(tmp_path / "facts.yaml", tmp_path / "corpus")
    [fact] = bank.facts
    assert bank.deck.id == "my-first-quiz"
    assert bank.deck.description.startswith("What my articles say")
    assert fact.accept == ("chlorophyll a",)
    assert fact.cloze == "Leaves look green because of the pigment {{c1::chlorophyll}}."
    assert fact.lint_ignore == ("STEM-CUE-WORD",)


def test_every_starter_file_is_package_data() -> None:
    """Declared in pyproject.toml so a wheel ships it (tests/test_install.py installs one)."""
    for source, _ in STARTER_FILES:
        assert starter_text(source).strip()
