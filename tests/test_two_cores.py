"""Large banks are loaded and linted on two cores, with exactly what one core gives.

The facts file is read in two halves at once (quizgen/load/halves.py), and the quiz is
planned and its rules run beside the other rules (quizgen/lint/runner.py), each in a
forked child (quizgen/forked.py). Here the thresholds are lowered so that small files
take those paths, and every result is compared with the one-process reading.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.synth import generate
from quizgen.cli import cli
from quizgen.errors import DataError
from quizgen.forked import Forked
from quizgen.lint import lint_project, runner
from quizgen.load import facts as facts_module
from quizgen.load import halves
from quizgen.load.facts import load_bank
from quizgen.model import Bank
from quizgen.plan.planner import QuizSettings
from tests.helpers import DATA, REPO, TINY
from tests.test_loader import BAD, BAD_CASES

ONE_PIECE = 10**12


def _everything(bank: Bank) -> tuple[object, ...]:
    """What a bank holds, field positions too (facts compare without them)."""
    return bank, [(dict(fact.field_positions), fact.comment_cuts) for fact in bank.facts]


def _load_both(facts: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch,
               tail_share: float = halves.TAIL_SHARE) -> tuple[Bank, Bank, bool]:
    """The bank read in halves and read whole, and whether the halves were used."""
    used: list[bool] = []
    read_halves = facts_module._read_halves

    def spied(*args: object, **kwargs: object) -> Bank | None:
        bank = read_halves(*args, **kwargs)  # type: ignore[arg-type]
        used.append(bank is not None)
        return bank

    with monkeypatch.context() as patch:
        patch.setattr(halves, "SPLIT_BYTES", 0)
        patch.setattr(halves, "TAIL_SHARE", tail_share)
        patch.setattr(facts_module, "_read_halves", spied)
        in_halves = load_bank(facts, corpus)
    with monkeypatch.context() as patch:
        patch.setattr(halves, "SPLIT_BYTES", ONE_PIECE)
        whole = load_bank(facts, corpus)
    return in_halves, whole, used == [True]


def _flawed_bank(directory: Path, size: int) -> Path:
    """A synthetic bank with the item flaws of tests/data/lint/flawed.yaml mixed in, some
    options spoiled, a comment that cuts a question short, and a non-ASCII comment."""
    generate(size, directory)
    text = (directory / "facts.yaml").read_text()
    flawed = (DATA / "lint" / "flawed.yaml").read_text().split("\nfacts:\n", 1)[1]
    text = text.replace("topics:\n", "topics:\n  moon: The Moon landings\n"
                        "  mars: Missions to Mars\n", 1)
    lines = []
    for number, line in enumerate(text.splitlines()):
        if line.startswith("    distractors: [") and number % 7 == 0:
            line = line.replace("[", '["none of the above", ', 1)
        if line.startswith("    question: What") and number % 11 == 0:
            line += "  # checked — by hand"
        lines.append(line)
    text = "\n".join(lines) + "\n"
    for copy in range(4):
        text += re.sub(r"^  - id: (\S+)", rf"  - id: \1-{copy}", flawed, flags=re.MULTILINE)
    (directory / "facts.yaml").write_text(text)
    for article in (TINY / "corpus").iterdir():
        shutil.copy(article, directory / "corpus" / article.name)
    return directory / "facts.yaml"


@pytest.fixture(scope="module")
def flawed_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("flawed")
    _flawed_bank(directory, 400)
    return directory


def test_split_point_cuts_where_a_fact_begins_and_tail_keeps_line_numbers(
        flawed_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(halves, "SPLIT_BYTES", 0)
    data = (flawed_dir / "facts.yaml").read_bytes()
    split = halves.split_point(data)
    assert split is not None
    assert data[split.at:].startswith(b"  - id: ")
    head, tail = split.head(data), split.tail(data)
    assert head + data[split.at:] == data
    # Every line of the tail's facts is on the line it is on in the file.
    assert tail.count(b"\n") == data.count(b"\n")
    assert tail.splitlines()[data[:split.at].count(b"\n")] == data[split.at:].split(b"\n")[0]
    assert 0.3 < len(data[split.at:]) / len(data) < 0.6


@pytest.mark.parametrize("change", [
    "facts: []\n",  # a flow list: no item lines
    "facts:\n- id: x\n",  # items at the margin
    "facts:\n  - id: x\nmore: 1\n",  # a key after the facts
])
def test_split_point_refuses_files_it_cannot_cut_safely(
        change: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(halves, "SPLIT_BYTES", 0)
    data = ("deck:\n  title: T\ntopics:\n  a: A\n" + change + "  - id: y\n" * 3).encode()
    assert halves.split_point(data) is None


def test_small_files_are_read_in_one_piece() -> None:
    data = (REPO / "facts.yaml").read_bytes()
    assert len(data) < halves.SPLIT_BYTES
    assert halves.split_point(data) is None


@pytest.mark.parametrize("bank", ["tiny", "flawed", "shipped", "synthetic-crlf"])
def test_bank_read_in_halves_is_the_bank_read_whole(
        bank: str, flawed_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    facts, corpus = {
        "tiny": (TINY / "facts.yaml", TINY / "corpus"),
        "flawed": (flawed_dir / "facts.yaml", flawed_dir / "corpus"),
        "shipped": (REPO / "facts.yaml", REPO / "corpus"),
        "synthetic-crlf": (tmp_path / "facts.yaml", tmp_path / "corpus"),
    }[bank]
    if bank == "synthetic-crlf":
        generate(300, tmp_path)
        facts.write_bytes(facts.read_bytes().replace(b"\n", b"\r\n"))
    in_halves, whole, used = _load_both(facts, corpus, monkeypatch)
    assert used, "the halves were not read: the test would prove nothing"
    assert _everything(in_halves) == _everything(whole)
    assert [fact.id for fact in in_halves.facts] == [fact.id for fact in whole.facts]
    assert in_halves.option_keys == whole.option_keys
    if bank == "flawed":
        assert not facts.read_bytes().isascii()
        assert any(fact.comment_cuts for fact in whole.facts)


FAKE_ITEM = '''  - id: quoted-across-lines
    topic: moon
    question: "Who was the first person
  - id: not-a-fact
      to step onto the Moon?"
    answer: Neil Armstrong
    kind: person
    distractors: [Buzz Aldrin, Michael Collins, Yuri Gagarin]
    explanation: Armstrong stepped out first.
    sources:
      - article: moon-landing
        quote: Neil Armstrong was the first person to step onto the surface.
'''


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(share=st.floats(0.02, 0.98))
def test_any_cut_gives_the_bank_read_whole(
        share: float, tmp_path_factory: pytest.TempPathFactory,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Wherever the cut falls, inside a quoted question that spans lines too."""
    directory = tmp_path_factory.mktemp("cut")
    generate(60, directory)
    shutil.copy(TINY / "corpus" / "moon-landing.md", directory / "corpus")
    text = (directory / "facts.yaml").read_text().replace(
        "topics:\n", "topics:\n  moon: The Moon\n", 1)
    items = text.split("\n  - id: ")
    items.insert(len(items) // 2, FAKE_ITEM.removeprefix("  - id: ").rstrip("\n"))
    (directory / "facts.yaml").write_text("\n  - id: ".join(items))
    in_halves, whole, _ = _load_both(directory / "facts.yaml", directory / "corpus",
                                     monkeypatch, tail_share=share)
    assert _everything(in_halves) == _everything(whole)
    assert "not-a-fact" not in {fact.id for fact in whole.facts}


def test_cut_inside_a_quoted_text_falls_back_to_the_whole_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate(4, tmp_path)
    shutil.copy(TINY / "corpus" / "moon-landing.md", tmp_path / "corpus")
    text = (tmp_path / "facts.yaml").read_text().replace(
        "topics:\n", "topics:\n  moon: The Moon\n", 1) + FAKE_ITEM
    (tmp_path / "facts.yaml").write_bytes(text.encode())
    data = text.encode()
    items, quoted = data.index(b"  - id: fact-000000"), data.index(b"  - id: quoted-across")
    share = 1 - (quoted + 1 - items) / (len(data) - items)  # cut at the next item line
    monkeypatch.setattr(halves, "SPLIT_BYTES", 0)
    monkeypatch.setattr(halves, "TAIL_SHARE", share)
    split = halves.split_point(data)
    assert split is not None and data[split.at:].startswith(b"  - id: not-a-fact")
    in_halves, whole, used = _load_both(tmp_path / "facts.yaml", tmp_path / "corpus",
                                        monkeypatch, tail_share=share)
    assert not used
    assert _everything(in_halves) == _everything(whole)


def test_duplicate_id_across_the_halves_is_reported_as_in_one_piece(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate(200, tmp_path)
    facts = tmp_path / "facts.yaml"
    facts.write_text(facts.read_text().replace("id: fact-000199", "id: fact-000001"))
    messages = []
    for split_bytes in (0, ONE_PIECE):
        monkeypatch.setattr(halves, "SPLIT_BYTES", split_bytes)
        with pytest.raises(DataError) as raised:
            load_bank(facts, tmp_path / "corpus")
        messages.append([str(problem) for problem in raised.value.problems])
    assert messages[0] == messages[1]
    assert "duplicate fact id 'fact-000001' (first used on line 24)" in messages[0][0]


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_file_reports_exact_problems_on_two_cores(
        case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The catalogue of bad files (test_loader.py) gives the same lines when cut in two."""
    shutil.copytree(TINY / "corpus", tmp_path / "corpus")
    if (BAD / f"{case}.corpus").is_dir():
        shutil.copytree(BAD / f"{case}.corpus", tmp_path / "corpus", dirs_exist_ok=True)
    shutil.copy(BAD / f"{case}.yaml", tmp_path / "facts.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(halves, "SPLIT_BYTES", 0)
    monkeypatch.setattr(runner, "FORK_FACTS", 0)
    outcome = CliRunner().invoke(cli, ["check"])
    expected = (BAD / f"{case}.expected").read_text().splitlines()
    assert outcome.exit_code == 1
    assert outcome.stderr.splitlines()[:-1] == expected
    assert "Traceback" not in outcome.output


def test_many_bad_files_are_cut_in_two(monkeypatch: pytest.MonkeyPatch) -> None:
    """The catalogue above really exercises the halves: most of its files can be cut."""
    monkeypatch.setattr(halves, "SPLIT_BYTES", 0)
    cut = [case for case in BAD_CASES
           if halves.split_point((BAD / f"{case}.yaml").read_bytes()) is not None]
    assert len(cut) >= len(BAD_CASES) // 2


@pytest.mark.parametrize("settings_", [QuizSettings(versions=3),
                                       QuizSettings(versions=26, options=5, seed=7)])
def test_lint_on_two_cores_finds_what_one_finds(
        settings_: QuizSettings, flawed_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bank = load_bank(flawed_dir / "facts.yaml", flawed_dir / "corpus")
    monkeypatch.setattr(runner, "FORK_FACTS", ONE_PIECE)
    one = lint_project(bank, settings_)
    monkeypatch.setattr(runner, "FORK_FACTS", 0)
    called: list[int] = []
    two = lint_project(bank, settings_, meanwhile=lambda: called.append(os.getpid()))
    assert two == one
    assert called == [os.getpid()]
    rules = {finding.rule for finding in one}
    assert {"OPT-ALL-NONE", "LINT-IGNORE-UNKNOWN", "LINT-IGNORE-UNUSED", "YAML-COMMENT",
            "FC-RELATIVE-TIME", "STEM-NEGATIVE"} <= rules
    if settings_.options == 5:
        assert any("as drawn for the planned quiz" in finding.message for finding in one)


LONELY = """  - id: lonely
    topic: moon
    question: Which stone did the crew carry?
    answer: A small moonstone
    kind: gemstone
    distractors: [A ruby]
    explanation: The crew carried one.
    sources:
      - article: moon-landing
        quote: Neil Armstrong was the first person to step onto the surface.
"""


def test_planning_error_on_two_cores_is_the_one_core_error(
        flawed_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fact no quiz can be planned for: the child fails, and this process says why."""
    shutil.copytree(flawed_dir / "corpus", tmp_path / "corpus")
    (tmp_path / "facts.yaml").write_text((flawed_dir / "facts.yaml").read_text() + LONELY)
    bank = load_bank(tmp_path / "facts.yaml", tmp_path / "corpus")
    errors = []
    for fork_facts in (ONE_PIECE, 0):
        monkeypatch.setattr(runner, "FORK_FACTS", fork_facts)
        with pytest.raises(DataError) as raised:
            lint_project(bank, QuizSettings(versions=3))
        errors.append([str(problem) for problem in raised.value.problems])
    assert errors[0] == errors[1]
    assert "fact 'lonely' has 1 usable distractor but --options 4 needs 3" in errors[0][0]


def test_check_of_a_large_bank_prints_what_one_core_prints(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """End to end, at the real thresholds: a bank large enough to be cut and forked."""
    facts = _flawed_bank(tmp_path, 5_500)
    assert facts.stat().st_size > halves.SPLIT_BYTES
    monkeypatch.chdir(tmp_path)
    two = CliRunner().invoke(cli, ["check"])
    monkeypatch.setattr(halves, "SPLIT_BYTES", ONE_PIECE)
    monkeypatch.setattr(runner, "FORK_FACTS", ONE_PIECE)
    one = CliRunner().invoke(cli, ["check"])
    assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr)
    assert two.exit_code == 1 and "[OPT-ALL-NONE]" in two.stderr


def _in_child(value: int) -> int:
    return value * 2


def test_forked_returns_what_the_child_worked_out() -> None:
    parent = os.getpid()
    with Forked(lambda: (os.getpid(), _in_child(21))) as child:
        pid, value = child.result()
    assert value == 42 and pid != parent


def test_forked_work_failing_in_the_child_is_done_again_here() -> None:
    parent = os.getpid()

    def work() -> str:
        if os.getpid() != parent:
            raise RuntimeError("only in the child")
        return "done here"

    with Forked(work) as child:
        assert child.result() == "done here"


def test_forked_work_failing_everywhere_raises_here() -> None:
    def work() -> None:
        raise DataError([], hint="no quiz")

    with Forked(work) as child, pytest.raises(DataError):
        child.result()


def test_forked_without_fork_works_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "fork")
    with Forked(os.getpid) as child:
        assert child.result() == os.getpid()


def test_forked_child_not_waited_for_is_stopped_and_reaped() -> None:
    with Forked(lambda: time.sleep(60)) as child:
        pid = child._pid
        assert pid is not None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # gone: killed and already reaped


def test_forked_child_writes_nothing_of_the_parents_buffered_output() -> None:
    script = ("import sys; from quizgen.forked import Forked\n"
              "sys.stdout.write('before ')\n"
              "with Forked(lambda: 'after') as child: print(child.result())\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, cwd=REPO, env={**os.environ, "PYTHONUNBUFFERED": ""})
    assert done.stdout == "before after\n"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(
    st.text(max_size=5), st.lists(st.text(max_size=4), max_size=3),
    st.none() | st.text(max_size=6), st.lists(st.tuples(st.text(max_size=3),
                                                        st.text(max_size=3)), max_size=2),
    st.integers(1, 2**31), st.integers(1, 2**16)), max_size=6))
def test_packed_facts_unpack_to_equal_facts(
        rows: list[tuple[str, list[str], str | None, list[tuple[str, str]], int, int]]) -> None:
    """``halves.packed`` and ``unpacked`` keep every field: positions, cuts, a missing cloze."""
    from quizgen.model import Fact, Position, PositionMap, Source

    facts = []
    for index, (text, options, cloze, cuts, line, column) in enumerate(rows):
        positions = {"answer": Position(line, column), f"distractors.{len(options)}":
                     Position(line + 1, 1)}
        facts.append(Fact(
            id=f"f{index}", topic=text, question=text + "?", answer="a" + text, kind="k",
            explanation="e", sources=(Source("s", text, Position(line, column)),) * index,
            accept=tuple(options[:1]), distractors=tuple(options), cloze=cloze,
            lint_ignore=tuple(options[1:]), level="apply", position=Position(line, column),
            field_positions=PositionMap(positions) if index % 2 else positions,
            comment_cuts=tuple(cuts)))
    back = halves.unpacked(halves.packed(facts))
    assert back == tuple(facts)
    assert [dict(fact.field_positions) for fact in back] == [
        dict(fact.field_positions) for fact in facts]
    assert [fact.comment_cuts for fact in back] == [fact.comment_cuts for fact in facts]


def test_forked_told_not_to_fork_works_here() -> None:
    child = Forked(os.getpid, fork=False)
    assert child._pid is None
    assert child.result() == os.getpid()
