"""The facts loader: schema, quote verification, and the catalogue of bad files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.cli import cli
from quizgen.errors import DataError
from quizgen.load.corpus import ArticleText, read_article
from quizgen.load.facts import load_bank
from tests.helpers import DATA, TINY

BAD = DATA / "bad"
BAD_CASES = sorted(path.stem for path in BAD.glob("*.yaml"))


def test_tiny_bank_loads_in_file_order() -> None:
    bank = load_bank(TINY / "facts.yaml", TINY / "corpus")
    assert bank.deck.id == "space-firsts"
    assert [t.id for t in bank.topics] == ["moon", "mars"]
    assert [f.id for f in bank.facts][:2] == ["first-moonwalker", "apollo-11-cost"]
    cost = bank.facts[1]
    assert cost.accept == ("$355 million",)
    assert cost.where("distractors.1").line == 26
    assert bank.articles["moon-landing"].outlet == "The Daily Example"
    assert bank.articles["mars-rover"].published is None


def test_bare_numbers_keep_their_spelling(tiny_dir: Path) -> None:
    """A bare YAML number is read as written (5.60, 1,000), not as a float's repr."""
    facts = tiny_dir / "facts.yaml"
    facts.write_text(facts.read_text().replace(
        "[about $35 million, about $3.5 billion, about $35 billion]", "[5.60, 1e3, 0x10]"))
    bank = load_bank(facts, tiny_dir / "corpus")
    assert bank.facts[1].distractors == ("5.60", "1e3", "0x10")


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_file_reports_exact_problems(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each tests/data/bad/<case>.yaml gives exactly the lines in <case>.expected."""
    shutil.copytree(TINY / "corpus", tmp_path / "corpus")
    shutil.copy(BAD / f"{case}.yaml", tmp_path / "facts.yaml")
    monkeypatch.chdir(tmp_path)
    outcome = CliRunner().invoke(cli, ["check"])
    expected = (BAD / f"{case}.expected").read_text().splitlines()
    lines = outcome.stderr.splitlines()
    assert outcome.exit_code == 1
    assert lines[:-1] == expected
    count = len(expected)
    assert lines[-1] == f"{count} problem{'s' if count > 1 else ''} found."
    assert "Traceback" not in outcome.output
    assert outcome.stdout == ""


def test_python_tag_is_never_executed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(TINY / "corpus", tmp_path / "corpus")
    shutil.copy(BAD / "python-tag.yaml", tmp_path / "facts.yaml")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DataError):
        load_bank(Path("facts.yaml"), Path("corpus"))
    assert not (tmp_path / "pwned.txt").exists()


def test_every_problem_reported_in_one_run_sorted_by_line(tiny_dir: Path) -> None:
    """Four problems planted out of order in one file all come out of one run, sorted."""
    facts = tiny_dir / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    answer = next(i for i, line in enumerate(lines) if line.strip().startswith("answer:"))
    topic = max(i for i, line in enumerate(lines) if line.strip().startswith("topic:"))
    # plant the later problem first, so sorting is what puts them in order
    lines[topic] = lines[topic].replace("topic: ", "topic: nowhere-", 1)
    lines[answer] = lines[answer].replace("answer:", "anwser:", 1)
    facts.write_text("".join(lines), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--facts", str(facts),
                                      "--corpus", str(tiny_dir / "corpus")])
    assert result.exit_code == 1
    problems = [line for line in result.stderr.splitlines() if ": error: " in line]
    numbers = [int(line.split(":")[1]) for line in problems]
    assert numbers == sorted(numbers)
    assert any(f":{answer + 1}:" in line and "unknown key 'anwser'" in line
               for line in problems)
    assert any(f":{topic + 1}:" in line and "is not defined under 'topics'" in line
               for line in problems)
    assert result.stderr.splitlines()[-1] == f"{len(problems)} problems found."


def test_missing_facts_file_and_directory(tiny_dir: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(cli, ["check", "--facts", str(tiny_dir / "nope.yaml"),
                                  "--corpus", str(tiny_dir / "corpus")])
    assert missing.exit_code == 1
    assert missing.stderr.startswith(f"{tiny_dir / 'nope.yaml'}:1:1: error: no such file")
    directory = runner.invoke(cli, ["check", "--facts", str(tiny_dir / "corpus"),
                                    "--corpus", str(tiny_dir / "corpus")])
    assert directory.exit_code == 1
    assert "is a directory, not a file" in directory.stderr


def test_quote_matches_across_quote_dash_and_space_variants(tiny_dir: Path) -> None:
    facts = tiny_dir / "facts.yaml"
    text = facts.read_text().replace(
        'quote: aboard the command module “Columbia”',
        "quote: 'aboard   the command\n          module \"Columbia\"'",
    )
    facts.write_text(text)
    bank = load_bank(facts, tiny_dir / "corpus")
    assert bank.facts[2].sources[0].quote.startswith("aboard")


def test_quote_check_is_case_sensitive(tiny_dir: Path) -> None:
    facts = tiny_dir / "facts.yaml"
    text = facts.read_text().replace("quote: aboard the command", "quote: Aboard the command")
    facts.write_text(text)
    with pytest.raises(DataError) as caught:
        load_bank(facts, tiny_dir / "corpus")
    assert [str(problem) for problem in caught.value.problems] == [
        f"{facts}:40:16: error: quote differs from article 'moon-landing' only in case at "
        f"{tiny_dir / 'corpus' / 'moon-landing.md'}:8: \"aboard the command module "
        "\"Columbia\"\": copy its capitals exactly"]


def test_corpus_problems_point_into_the_article(tiny_dir: Path) -> None:
    article = tiny_dir / "corpus" / "mars-rover.md"
    article.write_text('---\ntitle: "Rover"\npublished: Feb 2021\nauthor: me\n---\nBody.\n')
    with pytest.raises(DataError) as caught:
        load_bank(tiny_dir / "facts.yaml", tiny_dir / "corpus")
    messages = [str(p) for p in caught.value.problems]
    date_error = f"{article}:3:12: error: published must be a date as YYYY-MM-DD, not 'Feb 2021'"
    assert date_error in messages
    key_error = f"{article}:4:1: error: front matter: unknown key 'author'"
    assert any(message.startswith(key_error) for message in messages)


def test_article_without_front_matter_is_refused(tiny_dir: Path) -> None:
    article = tiny_dir / "corpus" / "mars-rover.md"
    article.write_text("Just text.\n")
    with pytest.raises(DataError, match="must start with front matter"):
        read_article(article)


def test_paragraph_spans_map_to_paragraphs() -> None:
    text = ArticleText.of("First one.\n\nSecond “two”.\n\n\nThird.\n")
    assert text.paragraph_count == 3
    span = text.find('one. Second "two"')
    assert span is not None
    assert list(text.paragraphs_in(span)) == [0, 1]
    third = text.find("Third.")
    assert third is not None and list(text.paragraphs_in(third)) == [2]


BAD_ARTICLES = DATA / "bad-articles"


@pytest.mark.parametrize("case", sorted(path.stem for path in BAD_ARTICLES.glob("*.md")))
def test_bad_article_reports_exact_problems(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each tests/data/bad-articles/<case>.md, added to the tiny corpus, gives <case>.expected."""
    shutil.copytree(TINY / "corpus", tmp_path / "corpus")
    shutil.copy(TINY / "facts.yaml", tmp_path / "facts.yaml")
    shutil.copy(BAD_ARTICLES / f"{case}.md", tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    outcome = CliRunner().invoke(cli, ["check"])
    expected = (BAD_ARTICLES / f"{case}.expected").read_text().splitlines()
    assert outcome.exit_code == 1
    count = len(expected)
    assert outcome.stderr.splitlines() == [
        *expected, f"{count} problem{'s' if count > 1 else ''} found."]
    assert outcome.stdout == ""


@pytest.mark.parametrize(("written", "supplied"), [
    ("", False), ("title_supplied: true\n", True), ("title_supplied: False\n", False),
    ('title_supplied: "TRUE"\n', True),
])
def test_title_supplied_is_read_from_front_matter(
    tiny_dir: Path, written: str, supplied: bool
) -> None:
    article = tiny_dir / "corpus" / "mars-rover.md"
    article.write_text(f'---\ntitle: "Rover"\n{written}---\nBody.\n')
    assert read_article(article).title_supplied is supplied


def test_a_supplied_title_is_cited_in_brackets_as_supplied(tiny_dir: Path) -> None:
    article = tiny_dir / "corpus" / "mars-rover.md"
    article.write_text('---\ntitle: "Rover Lands"\ntitle_supplied: true\noutlet: The Post\n'
                       'published: 2021-02-19\n---\nBody.\n')
    assert read_article(article).citation() == (
        "[Rover Lands] (title supplied), The Post, 19 February 2021")
    article.write_text('---\ntitle: "Rover Lands"\n---\nBody.\n')
    assert read_article(article).citation() == "“Rover Lands”"


def test_level_defaults_to_remember_and_is_read(tiny_dir: Path) -> None:
    facts = tiny_dir / "facts.yaml"
    facts.write_text(facts.read_text().replace(
        "    kind: spacecraft\n", "    kind: spacecraft\n    level: understand\n", 1))
    bank = load_bank(facts, tiny_dir / "corpus")
    assert [fact.level for fact in bank.facts] == [
        "remember", "remember", "understand", "remember", "remember"]


def test_check_prints_facts_per_level(tiny_dir: Path) -> None:
    facts = tiny_dir / "facts.yaml"
    facts.write_text(facts.read_text().replace(
        "    kind: spacecraft\n", "    kind: spacecraft\n    level: analyze\n", 1))
    result = CliRunner().invoke(cli, ["check", "--facts", str(facts),
                                      "--corpus", str(tiny_dir / "corpus")])
    assert result.exit_code == 0, result.output
    assert ("facts per level:\n  remember        4   80%\n  understand      0    0%\n"
            "  apply           0    0%\n  analyze         1   20%\n") in result.stdout
