"""A teacher's first hour: the errors a beginner meets, and a build that lints first.

Every message is pinned to its exact text. The lint gate is tested on fixtures
(tests/data/lint, tests/data/tiny), never on the shipped facts, which change.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from quizgen.cli import cli
from tests.helpers import DATA, REPO, TINY, registry_files
from tests.printing import page_text, print_to_pdf
from tests.tools import needs

FLAWED = DATA / "lint" / "flawed.yaml"


def invoke(cwd: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("command", ["check", "build", "lint", "quiz", "anki"])
def test_an_empty_directory_names_both_missing_inputs_and_suggests_init(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str,
) -> None:
    result = invoke(tmp_path, monkeypatch, command)
    assert result.exit_code == 1
    assert result.stderr == ("corpus:1:1: error: corpus directory not found\n"
                             "facts.yaml:1:1: error: no such file\n"
                             "2 problems found.\n"
                             "To start a new project here, run: quizgen init\n")
    assert list(tmp_path.iterdir()) == []


def test_a_comment_cutting_an_unquoted_text_is_a_warning_with_the_cure(
    tiny_dir: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    facts = tiny_dir / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    cut = text.replace("    explanation: Michael Collins stayed in orbit aboard Columbia",
                       "    explanation: Collins stayed in orbit #3 of the crew, aboard Columbia")
    cut = cut.replace("    answer: Jezero Crater\n", "    answer: Jezero Crater  # in 2021\n")
    facts.write_text(cut, encoding="utf-8")
    result = invoke(tiny_dir, monkeypatch, "check")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "facts.yaml:37:42: warning: [YAML-COMMENT] YAML reads ' #' as the start of a comment, "
        "so '#3 of the crew, aboard Columbia while the others landed.' is not part of the "
        "explanation: put the text in quotes if it belongs to it",
        "facts.yaml:44:28: warning: [YAML-COMMENT] YAML reads ' #' as the start of a comment, "
        "so '# in 2021' is not part of the answer: put the text in quotes if it belongs to it",
        "lint: 0 errors, 2 warnings, 0 info in 5 facts.",
    ]
    assert invoke(tiny_dir, monkeypatch, "check", "--strict").exit_code == 1


def test_a_hash_inside_quotes_or_after_other_keys_is_no_warning(
    tiny_dir: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    facts = tiny_dir / "facts.yaml"
    text = facts.read_text(encoding="utf-8").replace(
        "    explanation: Michael Collins stayed in orbit aboard Columbia while the others "
        "landed.", '    explanation: "Collins stayed in orbit #3 # aboard Columbia."  # checked')
    facts.write_text(text.replace("    kind: spacecraft\n", "    kind: spacecraft  # two\n", 1),
                     encoding="utf-8")
    result = invoke(tiny_dir, monkeypatch, "check")
    assert result.exit_code == 0
    assert result.stderr == "lint: 0 errors, 0 warnings, 0 info in 5 facts.\n"


def test_a_quote_found_in_another_article_says_which(
    tiny_dir: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    facts = tiny_dir / "facts.yaml"
    text = facts.read_text(encoding="utf-8").replace(
        "      - article: mars-rover\n        quote: NASA's Perseverance rover landed",
        "      - article: moon-landing\n        quote: NASA's Perseverance rover landed")
    facts.write_text(text, encoding="utf-8")
    result = invoke(tiny_dir, monkeypatch, "check")
    assert result.exit_code == 1
    assert result.stderr == (
        "facts.yaml:51:16: error: quote not found in article 'moon-landing', but found in "
        "article 'mars-rover': is the source's article 'mars-rover'?\n1 problem found.\n")


def test_lint_disable_takes_any_case_and_suggests_a_near_rule(monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    args = ["lint", "--facts", str(FLAWED), "--corpus", str(TINY / "corpus")]
    every = invoke(TINY, monkeypatch, *args)
    disabled = invoke(TINY, monkeypatch, *args, "--disable", "opt-duplicate",
                      "--disable", "Len_Key_Longest")
    assert "[OPT-DUPLICATE]" in every.stdout and "[LEN-KEY-LONGEST]" in every.stdout
    assert "[OPT-DUPLICATE]" not in disabled.stdout
    assert "[LEN-KEY-LONGEST]" not in disabled.stdout.replace("'LEN-KEY-LONGST'", "")
    typo = invoke(TINY, monkeypatch, *args, "--disable", "opt-dupe")
    assert typo.exit_code == 2
    assert typo.stderr.endswith(
        "Error: Invalid value for '--disable': unknown rule 'opt-dupe' (did you mean "
        "'OPT-DUPLICATE'?); see --list-rules\n")


def test_build_refuses_a_lint_error_and_writes_nothing(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "decks"
    result = invoke(TINY, monkeypatch, "build", "--facts", str(FLAWED), "--out-dir", str(out))
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert (f"{FLAWED}:25:38: error: [OPT-DUPLICATE] option 'about $35,000,000' repeats "
            "'about $35 million': two options that say the same thing are both wrong, or both "
            "right") in lines
    assert not [line for line in lines if ": info: " in line]  # build shows what matters
    assert lines[-2:] == [
        "lint: 4 errors, 5 warnings, 1 info in 4 facts.",
        f"build stopped: 4 lint errors above; nothing written to {out}/. Fix the facts "
        "(quizgen lint --list-rules explains each rule), or silence a reviewed finding with "
        "'lint: {ignore: [RULE-ID]}' in the fact; --no-lint builds anyway."]
    assert not out.exists()


def test_build_shows_what_check_finds(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The same gate: build's errors and warnings are check's, on the same planned quiz."""
    args = ["--facts", str(FLAWED)]
    checked = invoke(TINY, monkeypatch, "check", *args)
    built = invoke(TINY, monkeypatch, "build", *args, "--out-dir", str(tmp_path / "decks"))
    assert checked.exit_code == built.exit_code == 1
    findings = [line for line in checked.stderr.splitlines() if ": info: " not in line]
    assert built.stderr.splitlines()[:-1] == findings


def test_building_only_the_deck_still_lints_the_facts(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "decks"
    result = invoke(TINY, monkeypatch, "build", "--facts", str(FLAWED), "--format", "anki",
                    "--out-dir", str(out))
    assert result.exit_code == 1
    assert "[OPT-DUPLICATE]" in result.stderr
    assert "[QUIZ-KEY-POSITION]" not in result.stderr  # no quiz is printed, none is linted
    assert not out.exists()


def test_quiz_is_behind_the_same_gate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "quizzes"
    args = ["quiz", "--facts", str(FLAWED), "--out-dir", str(out)]
    stopped = invoke(TINY, monkeypatch, *args)
    assert stopped.exit_code == 1
    assert stopped.stderr.endswith(
        f"quiz stopped: 4 lint errors above; nothing written to {out}/. Fix the facts (quizgen "
        "lint --list-rules explains each rule), or silence a reviewed finding with 'lint: "
        "{ignore: [RULE-ID]}' in the fact; --no-lint writes anyway.\n")
    assert not out.exists()
    assert invoke(TINY, monkeypatch, *args, "--no-lint").exit_code == 0
    assert (out / "quiz-A.html").is_file()


def test_build_prints_warnings_and_builds_unless_strict(
    tiny_dir: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    facts = tiny_dir / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace(
        "question: Who was the first person to step onto the Moon?",
        "question: Who was the first person to step onto the Moon last year?"), encoding="utf-8")
    strict = invoke(tiny_dir, monkeypatch, "build", "--strict")
    assert strict.exit_code == 1
    assert strict.stderr.endswith(
        "lint: 0 errors, 1 warning, 0 info in 5 facts.\n"
        "build stopped: 1 lint warning above, and --strict fails on warnings; nothing written "
        "to decks/. Fix the facts (quizgen lint --list-rules explains each rule), or silence a "
        "reviewed finding with 'lint: {ignore: [RULE-ID]}' in the fact; --no-lint builds "
        "anyway.\n")
    assert not (tiny_dir / "decks").exists()
    built = invoke(tiny_dir, monkeypatch, "build")
    assert built.exit_code == 0
    assert built.stderr.startswith("facts.yaml:11:15: warning: [FC-RELATIVE-TIME] 'last year'")
    files = registry_files(tiny_dir, versions=3)
    assert built.stdout.endswith(f"wrote {len(files)} files to decks/\n")


def test_build_no_lint_builds_a_flawed_bank(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "decks"
    result = invoke(TINY, monkeypatch, "build", "--facts", str(FLAWED), "--out-dir", str(out),
                    "--no-lint")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert (out / "quiz-A.md").is_file()


@pytest.mark.parametrize("command", ["lint", "quiz", "build"])
def test_every_options_option_is_one_type(command: str) -> None:
    [option] = [p for p in cli.commands[command].params if p.name == "options"]
    assert isinstance(option.type, click.Choice)
    assert tuple(option.type.choices) == (3, 4, 5)
    assert option.default == 4


@needs("chromium", "pdftotext")
def test_init_add_article_build_and_print(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's 'done when': in an empty directory, init, add a saved page, write a fact
    about it, build, and the quiz prints with the teacher's question on it."""
    page = tmp_path / "saved-page.html"
    shutil.copy(DATA / "pages" / "coral-reef-heatwave.html", page)
    project = tmp_path / "reef"
    for args in (["init", str(project)], ["add-article", str(page)]):
        result = invoke(tmp_path if args[0] == "init" else project, monkeypatch, *args)
        assert result.exit_code == 0, result.output
    facts = project / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + """
  - id: reefs-bleached
    topic: plants
    question: >-
      According to the Marine Science Institute, on how many of the 120 reefs surveyed
      did divers find bleached coral?
    answer: "41"
    kind: count
    distractors: ["14", "29", "62"]
    explanation: Divers found bleached coral on 41 of the 120 reefs surveyed.
    sources:
      - article: heatwave-bleaches-a-third-of-the-northern-reef
        quote: Divers found bleached coral on 41 of the 120 reefs they surveyed
""", encoding="utf-8")
    built = invoke(project, monkeypatch, "build")
    assert built.exit_code == 0, built.output
    assert "My First Quiz: 3 versions of 2 questions" in built.stdout
    pdf = print_to_pdf(project / "decks" / "quiz-A.html")
    printed = page_text(pdf, 1)
    assert "on how many of the 120 reefs surveyed did divers find bleached coral?" in printed
    assert "Which pigment gives leaves their green colour?" in printed


def test_the_readme_first_fact_passes_check_strict(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """README's "Your own quiz in ten minutes" fact, on the page it adds, lints clean."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- first-fact -->\n```yaml\n(.*?)```", readme, re.DOTALL)
    assert block
    project = tmp_path / "my-quiz"
    assert invoke(tmp_path, monkeypatch, "init", str(project)).exit_code == 0
    added = invoke(project, monkeypatch, "add-article",
                   str(DATA / "pages" / "coral-reef-heatwave.html"))
    assert added.exit_code == 0, added.output
    facts = project / "facts.yaml"
    starter = facts.read_text(encoding="utf-8")
    facts.write_text(starter[:starter.index("\ntopics:")] + "\n" + block[1], encoding="utf-8")
    checked = invoke(project, monkeypatch, "check", "--strict")
    assert checked.exit_code == 0, checked.output
    assert checked.stderr == "lint: 0 errors, 0 warnings, 0 info in 1 fact.\n"
    assert "heatwave-bleaches-a-third-of-the-northern-reef      1    1/5    20%" in checked.stdout
