"""The package's shape: modules by stage, no import cycles, formats as plug-ins."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen import writers
from quizgen.cli import cli
from quizgen.outputs import OutputFile
from quizgen.writers.base import BuildJob, Format
from tests.helpers import REPO

PACKAGE = REPO / "quizgen"
TOP_LEVEL = {"__init__", "__main__", "cli", "build", "outputs", "model", "errors", "text",
             "defaults", "progress", "report",
             "forked"}  # beyond design.md's list: the second core that load/ and lint/ share


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, ast.Module]:
    return {module_name(path): ast.parse(path.read_text(encoding="utf-8"))
            for path in sorted(PACKAGE.rglob("*.py"))}


def imports(tree: ast.Module) -> Iterator[tuple[str, list[str]]]:
    """Each ``from quizgen... import names`` and ``import quizgen...`` in a module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("quizgen"):
            yield node.module, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("quizgen"):
                    yield alias.name, []


def test_top_level_holds_only_the_named_modules() -> None:
    top = {path.stem for path in PACKAGE.glob("*.py")}
    assert top <= TOP_LEVEL, sorted(top - TOP_LEVEL)
    packages = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists()}
    assert packages >= {"load", "plan", "anki", "writers", "lint", "text"}


def test_no_module_imports_a_private_name_from_another() -> None:
    private = [(name, module, imported)
               for name, tree in modules().items()
               for module, names in imports(tree)
               for imported in names
               if imported.startswith("_") and not imported.endswith("__") and module != name]
    assert private == []


def test_no_import_cycles() -> None:
    found = modules()
    graph: dict[str, set[str]] = {}
    for name, tree in found.items():
        edges = graph.setdefault(name, set())
        for module, names in imports(tree):
            for target in (f"{module}.{n}" for n in names):
                if target in found:
                    edges.add(target)
            if module in found:
                edges.add(module)
    # a package importing its own submodules (to re-export them) is not a cycle
    for name in graph:
        graph[name] = {t for t in graph[name] if t != name and not t.startswith(name + ".")}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target):], target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def toy_render(job: BuildJob) -> Iterable[OutputFile]:
    facts = len(job.bank.facts)
    questions = len(job.plan.versions[0].questions)
    return [OutputFile(f"{job.bank.deck.id}.toy.txt", f"{facts} facts, {questions}\n".encode())]


TOY = Format("toy", "A toy format registered by a test", ("{deck}.toy.txt",), toy_render)


@pytest.fixture
def toy() -> Iterator[Format]:
    writers.register(TOY)
    yield TOY
    writers.unregister(TOY.name)


def test_a_registered_format_is_listed_and_built_alone(
    toy: Format, tiny_dir: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tiny_dir)
    listed = CliRunner().invoke(cli, ["build", "--list-formats"])
    assert listed.exit_code == 0
    assert "toy  " in listed.output and "files: {deck}.toy.txt" in listed.output
    result = CliRunner().invoke(cli, ["build", "--format", "toy"])
    assert result.exit_code == 0, result.output
    written = sorted(path.name for path in (tiny_dir / "decks").iterdir())
    assert written == ["space-firsts.toy.txt"]
    assert (tiny_dir / "decks" / "space-firsts.toy.txt").read_text() == "5 facts, 5\n"


def test_every_format_is_listed_with_its_files(tiny_dir: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tiny_dir)
    listed = CliRunner().invoke(cli, ["build", "--list-formats"]).output
    for writer in writers.formats():
        assert f"{writer.name}  " in listed and writer.description in listed
        assert f"files: {', '.join(writer.files)}" in listed


def test_build_writes_exactly_the_files_every_format_declares(
    tiny_dir: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from quizgen.load import load_bank
    from quizgen.plan.planner import QuizSettings
    from quizgen.writers.base import file_names

    monkeypatch.chdir(tiny_dir)
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    bank = load_bank(Path("facts.yaml"), Path("corpus"))
    job = BuildJob(bank, QuizSettings(versions=3))
    expected = sorted(name for writer in writers.formats() for name in file_names(writer, job))
    assert sorted(path.name for path in (tiny_dir / "decks").iterdir()) == expected
    assert result.output.endswith(f"wrote {len(expected)} files to decks/\n")


def test_every_writer_module_is_registered_under_its_formats_name() -> None:
    import importlib

    defining = [path.stem for path in sorted((PACKAGE / "writers").glob("*.py"))
                if any(isinstance(node, ast.Assign)
                       and any(getattr(target, "id", "") == "FORMAT" for target in node.targets)
                       for node in ast.parse(path.read_text(encoding="utf-8")).body)]
    assert len(defining) == len(writers.names()) == 11
    for stem in defining:
        format_ = importlib.import_module(f"quizgen.writers.{stem}").FORMAT
        assert writers.get(format_.name) is format_
    assert [writer.name for writer in writers.formats()] == list(writers.names())


def test_a_format_built_alone_imports_no_other_writer(tiny_dir: Path) -> None:
    import json
    import subprocess
    import sys

    code = ("import json, sys\n"
            "from quizgen.cli import cli\n"
            "try:\n"
            "    cli(['build', '--format', 'anki', '--out-dir', 'out'])\n"
            "except SystemExit as exit:\n"
            "    assert not exit.code, exit.code\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('quizgen.writers'))))")
    result = subprocess.run([sys.executable, "-c", code], cwd=tiny_dir, capture_output=True,
                            text=True, check=True)
    loaded = json.loads(result.stdout.splitlines()[-1])
    assert loaded == ["quizgen.writers", "quizgen.writers.anki_deck", "quizgen.writers.base"]
    assert sorted(path.name for path in (tiny_dir / "out").iterdir()) == [
        "space-firsts.apkg", "space-firsts.manifest.json"]


def test_unknown_format_is_a_usage_error_with_a_suggestion(tiny_dir: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tiny_dir)
    result = CliRunner().invoke(cli, ["build", "--format", "print-htm"])
    assert result.exit_code == 2
    assert "unknown format 'print-htm' (did you mean 'print-html'?)" in result.stderr
    assert not (tiny_dir / "decks").exists() or not any((tiny_dir / "decks").iterdir())


def test_readme_example_format_builds_as_shown(tiny_dir: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import re
    import types

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    source = re.search(r"```python\n(# quizgen/writers/flashcards_csv.py\n.*?)```", readme,
                       re.DOTALL)
    assert source is not None
    module = types.ModuleType("flashcards_csv")
    exec(compile(source[1], "README.md", "exec"), module.__dict__)
    writers.register(module.FORMAT)
    try:
        monkeypatch.chdir(tiny_dir)
        result = CliRunner().invoke(cli, ["build", "--format", "flashcards-csv"])
    finally:
        writers.unregister("flashcards-csv")
    assert result.exit_code == 0, result.output
    rows = (tiny_dir / "decks" / "space-firsts.cards.tsv").read_text().splitlines()
    assert len(rows) == 5 and all(row.count("\t") == 1 for row in rows)
