"""Quiz outputs agree with the plan and each other, render as intended, and are stable.

Refresh the golden files after an intended change to the Markdown output with
``QUIZGEN_REFRESH_GOLDEN=1 python -m pytest tests/test_quiz_writers.py -k golden`` and review
the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import markdown_it
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from markdown import Markdown, markdown

from quizgen import writers
from quizgen.cli import cli
from quizgen.errors import DataError
from quizgen.grade.csvio import unsafe_cell
from quizgen.load.facts import load_bank
from quizgen.model import Article, Bank, DeckInfo, Fact, Position, Source, Topic
from quizgen.outputs import OutputFile
from quizgen.plan.planner import QuizSettings, plan_quiz
from quizgen.text import normalize_option
from quizgen.writers import quiz_outputs
from quizgen.writers.base import BuildJob, file_names
from quizgen.writers.blocks import Block, inline
from quizgen.writers.key_markdown import key_blocks
from quizgen.writers.print_html import (
    grid_html,
    html_document,
    options_list_tag,
    print_quiz_header,
    write_print_html,
)
from quizgen.writers.quiz_markdown import quiz_blocks, quiz_markdown, write_quiz_markdown
from tests.helpers import DATA, REPO, registry_files

QUIZ = DATA / "quiz"
GOLDEN = REPO / "tests" / "golden" / "quiz"
GOLDEN_SETTINGS = QuizSettings(versions=2)


@dataclass(frozen=True)
class ParsedQuestion:
    """A question as a reader of quiz-V.md sees it."""

    text: str
    options: list[str]


_ESCAPED = re.compile(r"\\([\\`*_\[\]#>+.-])")
_ENTITY = re.compile(r"&lt;|&amp;(?=#|\w+;)|&#(\d+);")


def unescape(markdown_text: str) -> str:
    """Undo the writers' escaping, as a reader of the plain text would."""
    text = _ENTITY.sub(lambda match: "<" if match[0] == "&lt;" else
                       chr(int(match[1])) if match[1] else "&", markdown_text)
    return _ESCAPED.sub(r"\1", text)


def parse_quiz(text: str) -> dict[int, ParsedQuestion]:
    """Numbered questions of quiz-V.md: ``**N.** text`` then ``- L. option`` lines."""
    questions: dict[int, ParsedQuestion] = {}
    current: ParsedQuestion | None = None
    expected_letter = "A"
    for line in text.splitlines():
        if match := re.fullmatch(r"\*\*(\d+)\.\*\* (.+)", line):
            current = ParsedQuestion(unescape(match[2]), [])
            questions[int(match[1])] = current
            expected_letter = "A"
        elif match := re.fullmatch(r"- ([A-E])\. (.+)", line):
            assert current is not None and match[1] == expected_letter, line
            current.options.append(unescape(match[2]))
            expected_letter = chr(ord(expected_letter) + 1)
    return questions


def parse_key(text: str) -> tuple[dict[int, tuple[str, str]], dict[int, str]]:
    """``{number: (letter, answer)}`` and ``{number: letter}`` of key-V.md's grid table."""
    answers = {int(m[1]): (m[2], unescape(m[3]))
               for m in re.finditer(r"^\*\*(\d+)\. ([A-E])\*\* (.+)$", text, re.MULTILINE)}
    rows = re.findall(r"^\| (\d+)(?:-(\d+))? \|(.*)\|$", text, re.MULTILINE)
    assert rows, "no grid table"
    grid: dict[int, str] = {}
    for first, last, cells in rows:
        letters = [cell.strip() for cell in cells.split("|")]
        span = int(last or first) - int(first) + 1
        assert all(letters[:span]) and not any(letters[span:]), cells
        grid.update(zip(range(int(first), int(first) + span), letters, strict=False))
    return answers, grid


def parse_csv(data: bytes) -> list[dict[str, str]]:
    """The rows as a spreadsheet shows them: a leading ``'`` before a formula start hidden."""
    return [{key: unsafe_cell(value) for key, value in row.items()}
            for row in csv.DictReader(io.StringIO(data.decode("utf-8")))]


def by_name(files: list[OutputFile]) -> dict[str, bytes]:
    return {file.name: file.data for file in files}


@pytest.fixture(scope="module")
def kitchen() -> Bank:
    return load_bank(QUIZ / "facts.yaml", QUIZ / "corpus")


Renderer = Callable[[str], str]


@pytest.fixture(scope="module", params=["python-markdown", "commonmark"])
def render(request: pytest.FixtureRequest) -> Renderer:
    """Markdown to HTML as the print writer (python-markdown) and GitHub (CommonMark) do."""
    if request.param == "python-markdown":
        return markdown
    import markdown_it  # the test extra; parses Markdown as GitHub does
    parser = markdown_it.MarkdownIt("commonmark")

    def commonmark(text: str) -> str:
        return str(parser.render(text))

    return commonmark


def check_outputs_agree(bank: Bank, files: dict[str, bytes]) -> int:
    """The checks a teacher relies on; returns how many CSV rows were checked."""
    facts = {fact.id: fact for fact in bank.facts}
    rows = parse_csv(files["answers.csv"])
    letters = sorted({row["version"] for row in rows})
    for letter in letters:
        quiz = parse_quiz(files[f"quiz-{letter}.md"].decode())
        key, grid = parse_key(files[f"key-{letter}.md"].decode())
        version_rows = [row for row in rows if row["version"] == letter]
        assert [int(row["number"]) for row in version_rows] == list(range(1, len(quiz) + 1))
        for row in version_rows:
            fact = facts[row["fact_id"]]
            options = [row[name] for name in row if name.startswith("option_") and row[name]]
            assert options[ord(row["key"]) - ord("A")] == fact.answer
            normalized = [normalize_option(option) for option in options]
            assert len(set(normalized)) == len(normalized)
            true = {normalize_option(t) for t in (fact.answer, *fact.accept)}
            assert sum(option in true for option in normalized) == 1
            number = int(row["number"])
            assert quiz[number].text == " ".join(fact.question.split())
            assert quiz[number].options == [" ".join(option.split()) for option in options]
            assert key[number] == (row["key"], " ".join(fact.answer.split()))
        assert grid == {int(row["number"]): row["key"] for row in version_rows}
    return len(rows)


def test_csv_quiz_and_key_agree_for_every_version(kitchen: Bank) -> None:
    plan = plan_quiz(kitchen, QuizSettings(versions=26))
    files = by_name(quiz_outputs(plan, kitchen))
    assert check_outputs_agree(kitchen, files) == 26 * 12


def test_csv_has_one_option_column_per_option(kitchen: Bank) -> None:
    for options in (3, 4):
        plan = plan_quiz(kitchen, QuizSettings(options=options))
        header = files_header(by_name(quiz_outputs(plan, kitchen))["answers.csv"])
        letters = "ABCD"[:options]
        assert header == ["version", "build", "number", "fact_id", "key",
                          *(f"option_{letter}" for letter in letters)]


def files_header(data: bytes) -> list[str]:
    return next(csv.reader(io.StringIO(data.decode("utf-8"))))


def test_five_option_csv_has_option_e() -> None:
    facts = [fact(f"f{i}", f"answer {i}", ("w1", "w2", "w3", "w4")) for i in range(3)]
    bank = bank_of(facts)
    files = by_name(quiz_outputs(plan_quiz(bank, QuizSettings(options=5)), bank))
    assert files_header(files["answers.csv"])[-1] == "option_E"
    assert check_outputs_agree(bank, files) == 3


def test_every_quiz_format_writes_exactly_the_files_it_declares(kitchen: Bank) -> None:
    job = BuildJob.of_plan(kitchen, plan_quiz(kitchen, QuizSettings(versions=3)))
    for writer in writers.in_group("quiz"):
        names = [file.name for file in writer.render(job)]
        assert sorted(names) == sorted(file_names(writer, job)), writer.name
        assert len(set(names)) == len(names), writer.name
    every = [file.name for file in quiz_outputs(job.plan, kitchen)]
    assert "quiz-C.md" in every and "key-B.html" in every and "answers.csv" in every
    assert len(every) == len(set(every))


@pytest.mark.parametrize("name", ["quiz-A.md", "quiz-B.md", "key-A.md", "key-B.md",
                                  "answers.csv"])
def test_markdown_matches_golden_file(kitchen: Bank, name: str) -> None:
    data = by_name(quiz_outputs(plan_quiz(kitchen, GOLDEN_SETTINGS), kitchen))[name]
    golden = GOLDEN / name
    if os.environ.get("QUIZGEN_REFRESH_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(data)
    assert data.decode("utf-8") == golden.read_text(encoding="utf-8")


def test_markdown_renders_each_question_and_its_options_literally(
    kitchen: Bank, render: Renderer
) -> None:
    plan = plan_quiz(kitchen, QuizSettings())
    files = by_name(quiz_outputs(plan, kitchen))
    rendered = render(files["quiz-A.md"].decode())
    assert "<em>" not in rendered and "<code>" not in rendered
    assert rendered.count("<strong>") == 13 and rendered.count("<h2>") == 2
    items = [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", rendered)]
    printed = [option for question in plan.versions[0].questions for option in question.options]
    assert items == [f"{chr(65 + i % 4)}. {option}" for i, option in enumerate(printed)]
    assert "<p>Name: ______________________________</p>" in rendered
    key = render(files["key-A.md"].decode())
    assert "<em>" not in key and "<code>" not in key
    assert "Ana *Star* Lopez" in html.unescape(key)
    assert "Marco <Pierre> Bianchi" in html.unescape(key)


def test_same_seed_gives_identical_bytes_other_seed_other_orders(tmp_path: Path) -> None:
    def build(seed: str, out: str) -> dict[str, bytes]:
        result = CliRunner().invoke(cli, [
            "quiz", "--facts", str(QUIZ / "facts.yaml"), "--corpus", str(QUIZ / "corpus"),
            "--versions", "3", "--seed", seed, "--out-dir", str(tmp_path / out),
            "--no-lint"])  # the fixture's items exercise rendering, flaws included
        assert result.exit_code == 0, result.output
        return {p.name: p.read_bytes() for p in sorted((tmp_path / out).iterdir())}

    first, again, other = build("7", "first"), build("7", "again"), build("8", "other")
    assert first == again and len(first) == 20
    for name in first:
        assert other[name] != first[name], name


def test_cli_writes_quiz_files_and_prints_seed_and_build(
    kitchen: Bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "facts.yaml").write_bytes((QUIZ / "facts.yaml").read_bytes())
    (project / "corpus").symlink_to(QUIZ / "corpus")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli, ["quiz", "--versions", "2", "--count", "5", "--no-lint"])
    quiz_files = registry_files(project, versions=2, groups=("quiz",))
    build = plan_quiz(kitchen, QuizSettings(versions=2, count=5)).build_id
    assert result.exit_code == 0, result.output
    assert result.output == (f"Kitchen Science: 2 versions of 5 questions, seed 2025, "
                             f"build {build}\nwrote {len(quiz_files)} files to decks/\n")
    assert sorted(p.name for p in (project / "decks").iterdir()) == quiz_files
    assert {"answers.csv", "key-B.md", "quiz-A.html", "sheet-B.html", "key-sheet-A.html",
            "sheet-layout.json"} <= set(quiz_files)


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--count", "13"], 2, "Invalid value for '--count': 13 questions asked for, but there "
                           "are only 12 facts in the facts file"),
    (["--topic", "boil"], 2, "Invalid value for '--topic': unknown topic 'boil'"),
    (["--versions", "27"], 2, "Invalid value for '--versions': 27 is not in the range 1<=x<=26"),
    (["--options", "6"], 2, "Invalid value for '--options': '6' is not one of '3', '4', '5'"),
    (["--options", "5"], 1, "facts.yaml:38:18: error: fact 'loaf-flour' has 3 usable "
                            "distractors but --options 5 needs 4"),
])
def test_bad_requests_fail_cleanly_and_write_nothing(
    tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    out = tmp_path / "decks"
    out.mkdir()
    (out / "quiz-A.md").write_text("an earlier quiz\n")
    result = CliRunner().invoke(cli, [
        "quiz", "--facts", str(QUIZ / "facts.yaml"), "--corpus", str(QUIZ / "corpus"),
        "--out-dir", str(out), *args])
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert [p.name for p in out.iterdir()] == ["quiz-A.md"]
    assert (out / "quiz-A.md").read_text() == "an earlier quiz\n"


def test_print_html_is_self_contained_and_marks_every_page(kitchen: Bank) -> None:
    plan = plan_quiz(kitchen, QuizSettings(versions=2))
    files = by_name(write_print_html(plan, kitchen))
    for name in ("quiz-A.html", "key-B.html"):
        page = files[name].decode()
        letter = name[-6]
        assert not re.search(r"(?i)(https?:|<link|<script|@import|url\()", page)
        assert f'content: "Version {letter} · page " counter(page)' in page
        assert f'content: "Build {plan.build_id}: quiz, key and sheet must match"' in page
        assert "@page { size: A4;" in page
        assert "break-inside: avoid" in page
    quiz = files["quiz-A.html"].decode()
    assert quiz.count('<div class="question">') == 12
    assert "Marco &lt;Pierre&gt; Bianchi" in quiz and "<Pierre>" not in quiz


# --- property test -----------------------------------------------------------------

def fact(fact_id: str, answer: str, distractors: tuple[str, ...] = (), *, kind: str = "k",
         accept: tuple[str, ...] = (), question: str | None = None, topic: str = "t1") -> Fact:
    return Fact(id=fact_id, topic=topic, question=question or f"Question {fact_id}?",
                answer=answer, kind=kind, explanation="Why.",
                sources=(Source("a", "q", Position(1, 1)),), accept=accept,
                distractors=distractors, position=Position(1, 1))


def bank_of(facts: list[Fact]) -> Bank:
    article = Article(slug="a", title="A *Title*", body="q", path=Path("a.md"), outlet="Out")
    return Bank(DeckInfo("d", "Deck <1>"), (Topic("t1", "One"), Topic("t2", "Two_2")),
                tuple(facts), {"a": article}, Path("facts.yaml"))


MARKUP = st.text(alphabet=" ,.*_[]<>&;#$`\\-\n", max_size=4)
PHRASE = st.builds(lambda before, word, after: before + word + after,
                   MARKUP, st.text(alphabet="abZ19 ", min_size=1, max_size=6), MARKUP
                   ).filter(lambda text: bool(normalize_option(text)))


@st.composite
def fact_sets(draw: st.DrawFn) -> list[Fact]:
    size = draw(st.integers(min_value=1, max_value=8))
    return [
        fact(f"f{index}", draw(PHRASE), tuple(draw(st.lists(PHRASE, min_size=1, max_size=5))),
             kind=draw(st.sampled_from(["k1", "k2"])),
             accept=tuple(draw(st.lists(PHRASE, max_size=2))),
             question=draw(PHRASE), topic=draw(st.sampled_from(["t1", "t2"])))
        for index in range(size)
    ]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=fact_sets(), seed=st.integers(0, 2**32), versions=st.integers(1, 4),
       options=st.sampled_from([3, 4, 5]))
def test_random_banks_give_one_key_distinct_options_and_matching_files(
    render: Renderer, facts: list[Fact], seed: int, versions: int, options: int
) -> None:
    bank = bank_of(facts)
    try:
        plan = plan_quiz(bank, QuizSettings(versions=versions, options=options, seed=seed))
    except DataError as error:
        event("too few options")
        assert all("usable distractor" in problem.message for problem in error.problems)
        return
    event("planned")
    files = by_name(quiz_outputs(plan, bank))
    assert check_outputs_agree(bank, files) == versions * len(facts)
    for version in plan.versions:
        rendered = render(files[f"quiz-{version.letter}.md"].decode())
        items = [html.unescape(re.sub(r"<[^>]+>", "", item))
                 for item in re.findall(r"<li>(.*?)</li>", rendered, re.DOTALL)]
        expected = [f"{chr(65 + i)}. {' '.join(option.split())}"
                    for q in version.questions for i, option in enumerate(q.options)]
        assert items == expected


BLOCKY = st.text(alphabet=" \n\t#-+>=*_1.)[]<>&;`\\!:aZ", max_size=10)
"""Text that would start headings, lists, rules, quotes or code if a writer let it."""


@st.composite
def blocky_banks(draw: st.DrawFn) -> Bank:
    """Banks whose every printed field, explanations and headings included, is Markdown-ish."""
    facts = [
        Fact(id=f"f{index}", topic=draw(st.sampled_from(["t1", "t2"])), question=draw(BLOCKY),
             answer=draw(PHRASE), kind="k", explanation=draw(BLOCKY),
             sources=(Source("a", "q", Position(1, 1)),),
             distractors=tuple(draw(st.lists(PHRASE, min_size=3, max_size=4))))
        for index in range(draw(st.integers(min_value=1, max_value=4)))
    ]
    article = Article(slug="a", title=draw(BLOCKY), body="q", path=Path("a.md"),
                      outlet=draw(BLOCKY) or None)
    return Bank(DeckInfo("d", draw(BLOCKY)), (Topic("t1", draw(BLOCKY)), Topic("t2", draw(BLOCKY))),
                tuple(facts), {"a": article}, Path("facts.yaml"))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bank=blocky_banks(), seed=st.integers(0, 2**32))
def test_quiz_files_rendering_each_option_once_are_the_quiz_rendered_afresh(
    bank: Bank, seed: int
) -> None:
    """write_quiz_markdown works out each distinct option once for every version."""
    try:
        plan = plan_quiz(bank, QuizSettings(versions=3, options=3, seed=seed))
    except DataError:
        event("too few options")
        return
    options = [option for version in plan.versions for question in version.questions
               for option in question.options]
    event("an option recurs" if len(set(options)) < len(options) else "options all differ")
    for version, file in zip(plan.versions, write_quiz_markdown(plan, bank), strict=True):
        assert file.data.decode() == quiz_markdown(plan, version, bank)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bank=blocky_banks(), seed=st.integers(0, 2**32))
def test_print_html_is_each_block_converted_alone_by_default_markdown(
    bank: Bank, seed: int
) -> None:
    try:
        plan = plan_quiz(bank, QuizSettings(versions=2, options=3, seed=seed))
    except DataError:
        event("too few options")
        return
    files = by_name(write_print_html(plan, bank))
    reference = Markdown(output_format="html")

    def convert(block: Block) -> str:
        reference.reset()
        return reference.convert(block.markdown)

    for version in plan.versions:
        blocks = quiz_blocks(plan, version, bank)
        assert blocks[0].kind == "header"
        questions = iter(version.questions)
        body = [("header", convert(print_quiz_header(plan, version)))]
        for block in blocks[1:]:
            rendered = convert(block)
            if block.kind == "question":  # the print layout's one change: the list's class
                rendered = rendered.replace("<ul>", options_list_tag(next(questions).options), 1)
            body.append((block.kind, rendered))
        quiz = html_document(body, heading=f"{plan.title} · Version {version.letter}",
                             title=plan.title, letter=version.letter, build_id=plan.build_id)
        key_body = [(block.kind, grid_html(version) if block.kind == "grid" else convert(block))
                    for block in key_blocks(plan, version, bank)]
        key = html_document(key_body, key=True,
                            heading=f"{plan.title} · Answer key · Version {version.letter}",
                            title=plan.title, letter=version.letter, build_id=plan.build_id)
        assert files[f"quiz-{version.letter}.html"] == quiz
        assert files[f"key-{version.letter}.html"] == key


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet=" \n\t\xa0\u2028\\`*_[]&#;<>aZ1é.)-+~:@/w=", max_size=12))
@example(text="--")  # found by hypothesis: "- --" is a rule, not an item
@example(text="-- -")
def test_inline_text_renders_as_itself_in_one_list_item(text: str) -> None:
    """Whatever the text, ``- {inline(text)}`` is one list item showing the text folded:
    no heading, quote, nested list, rule, fence, emphasis or link, in either renderer."""
    one_line = " ".join(text.split())
    item = f"- {inline(text)}"
    for page in (markdown(item), markdown_it.MarkdownIt("commonmark").render(item)):
        shown = re.fullmatch(r"<ul>\s*<li>(.*?)</li>\s*</ul>\s*", page, re.DOTALL)
        assert shown is not None, page
        assert html.unescape(shown[1]) == one_line, page


def test_key_grid_is_a_table_on_github_ten_letters_a_row(kitchen: Bank) -> None:
    import markdown_it  # the test extra; GitHub's tables are CommonMark plus the table rule

    plan = plan_quiz(kitchen, QuizSettings(versions=26))
    files = by_name(quiz_outputs(plan, kitchen))
    parser = markdown_it.MarkdownIt("commonmark").enable("table")
    for version in plan.versions:
        rendered = parser.render(files[f"key-{version.letter}.md"].decode())
        rows = [[html.unescape(cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)]
                for row in re.findall(r"<tr>(.*?)</tr>", rendered, re.DOTALL)]
        assert rows[0] == ["Questions", *map(str, range(1, 11))]
        letters = [q.key_letter for q in version.questions]
        assert rows[1:] == [["1-10", *letters[:10]], ["11-12", *letters[10:], *[""] * 8]]
        assert 'style="text-align:center"' in rendered


def test_only_the_printed_quiz_tells_students_to_circle_or_use_the_sheet(kitchen: Bank) -> None:
    files = by_name(quiz_outputs(plan_quiz(kitchen, QuizSettings()), kitchen))
    markdown_quiz = files["quiz-A.md"].decode()
    assert "Choose the one best answer to each question.\n" in markdown_quiz
    assert "circle" not in markdown_quiz and "sheet" not in markdown_quiz
    printed = files["quiz-A.html"].decode()
    assert "circle its letter. If you were given answer sheet A, fill in one bubble" in printed
    assert "<p>Score: ______ / 12</p>" in printed
