"""The ``quizgen`` command line: thin wrappers that call the library and report errors.

Heavy modules (yaml, genanki, markdown) are imported inside the commands that need
them, so ``quizgen --help`` starts in about the time it takes to import click.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from quizgen import __version__
from quizgen.defaults import (
    BUILD_VERSIONS,
    CARD_CHOICES,
    DEFAULT_SEED,
    GRADES_DIR,
    MAX_ID_DIGITS,
    MAX_VERSIONS,
    OPTION_COUNTS,
    OUT_DIR,
    PAPER_SIZES,
)
from quizgen.project.commands import add_article, init

if TYPE_CHECKING:
    from quizgen.anki.manifest import Manifest
    from quizgen.lint import Finding
    from quizgen.model import Bank
    from quizgen.outputs import OutputDir, OutputFile
    from quizgen.plan.planner import QuizSettings

F = TypeVar("F", bound=Callable[..., Any])


def input_options(command: F) -> F:
    """The ``--facts`` and ``--corpus`` options every command shares."""
    command = click.option(
        "--corpus",
        type=click.Path(path_type=Path),
        default=Path("corpus"),
        show_default=True,
        help="Directory of articles, one <slug>.md each.",
    )(command)
    command = click.option(
        "--facts",
        type=click.Path(path_type=Path),
        default=Path("facts.yaml"),
        show_default=True,
        help="The curated facts file.",
    )(command)
    return command


def option_count(help_text: str = "Options per question, the answer included.") -> Callable[[F], F]:
    """The one ``--options`` of every command that plans a quiz: 3, 4 or 5, default 4."""
    return click.option("--options", "options", type=click.Choice(OPTION_COUNTS), default=4,
                        show_default=True, help=help_text)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn quizgen's errors into messages on stderr and exit status 1, never a traceback."""
    from quizgen.errors import DataError, QuizgenError

    try:
        yield
    except DataError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        count = len(error.problems)
        click.echo(f"{count} problem{'s' if count != 1 else ''} found.", err=True)
        if error.hint:
            click.echo(error.hint, err=True)
        sys.exit(1)
    except QuizgenError as error:
        click.echo(f"quizgen: error: {error}", err=True)
        sys.exit(1)


def load(facts: Path, corpus: Path) -> Bank:
    """Load and verify the facts and corpus (every problem reported at once)."""
    from quizgen.load.facts import load_bank

    return load_bank(facts, corpus)


def previous_manifest(apkg_path: Path, given: Path | None = None) -> Manifest | None:
    """The manifest of the last build of this deck, warning when there is none.

    ``given`` (``--manifest``) must exist; else the manifest beside ``apkg_path``, else
    the one in the default ``decks/`` (a build into another directory still continues
    the committed deck).
    """
    from quizgen.anki.deck import manifest_name
    from quizgen.anki.manifest import load_manifest
    from quizgen.errors import QuizgenError

    name = manifest_name(apkg_path.name)
    if given is not None:
        previous = load_manifest(given)
        if previous is None:
            raise QuizgenError(f"{given}: no such manifest (--manifest)")
        return previous
    beside = apkg_path.parent / name
    default = Path(OUT_DIR) / name
    candidates = [beside] if default.resolve() == beside.resolve() else [beside, default]
    for path in candidates:
        if (previous := load_manifest(path)) is not None:
            return previous
    if apkg_path.exists():
        click.echo(
            f"warning: {beside} is missing, so every note is stamped as changed: "
            "importing this deck updates every note, overwriting students' own edits",
            err=True,
        )
    else:
        looked = " or ".join(str(path) for path in candidates)
        click.echo(
            f"warning: no previous manifest ({looked} not found), so every note is stamped "
            "as new: right for a deck no student has imported yet; if students imported an "
            "earlier build, importing this one overwrites their own edits of every note "
            "(pass that build's manifest with --manifest PATH)",
            err=True,
        )
    return None


def manifest_option(command: F) -> F:
    """The ``--manifest`` option of the commands that build the deck."""
    return click.option(
        "--manifest", type=click.Path(dir_okay=False, path_type=Path), default=None,
        help="The previous build's manifest [default: beside the deck, else in decks/].",
    )(command)


def build_time() -> int:
    """The time stamped on changed notes: ``SOURCE_DATE_EPOCH`` when set, else now.

    See reproducible-builds.org: two builds with one SOURCE_DATE_EPOCH are identical.
    """
    import os
    import time

    from quizgen.errors import QuizgenError

    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return int(time.time())
    if not value.isascii() or not value.isdigit() or int(value) > MAX_EPOCH:
        raise QuizgenError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970 (at most "
                           f"{MAX_EPOCH}), not {value!r}")
    return int(value)


MAX_EPOCH = 253402300799
"""9999-12-31 23:59:59 UTC: the latest time a manifest or SOURCE_DATE_EPOCH may give."""


@contextmanager
def output_dir(path: Path) -> Iterator[OutputDir]:
    """``path`` locked for this build; says so when it waits, and what it repaired."""
    from quizgen.outputs import locked_output_dir

    def waiting() -> None:
        click.echo(f"waiting for another quizgen build into {path}/ to finish ...", err=True)

    with locked_output_dir(path, on_wait=waiting) as directory:
        if directory.repaired:
            click.echo(f"repaired {path}/: put in place the last {len(directory.repaired)} "
                       "files of a build that was interrupted", err=True)
        yield directory


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quizgen")
def cli() -> None:
    """Turn curated, quote-verified facts into Anki decks and printable quizzes."""


@cli.command()
@input_options
@click.option("--strict", is_flag=True, help="Fail on lint warnings too, not only on errors.")
def check(facts: Path, corpus: Path, strict: bool) -> None:
    """Validate the facts and corpus, verify every quote, summarise coverage, and lint.

    Lint runs on the facts and on the quiz `quizgen build` prints. Lint errors fail the
    check; lint warnings are printed, and fail it only with --strict.
    """
    with reported_errors():
        bank = load(facts, corpus)
        from quizgen import lint as linting
        from quizgen.plan.planner import QuizSettings
        from quizgen.report import coverage_summary

        click.echo(coverage_summary(bank))
        findings = linting.lint_project(bank, QuizSettings(versions=BUILD_VERSIONS))
    for finding in findings:
        click.echo(str(finding), err=True)
    click.echo(linting.summary_line(findings, len(bank.facts)), err=True)
    if linting.failed(findings, strict):
        sys.exit(1)


@cli.command()
@input_options
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Deck file to write [default: decks/<deck id>.apkg]; its manifest goes beside it.",
)
@click.option("--subdecks", is_flag=True, help="Put each topic in its own subdeck.")
@click.option("--cards", type=click.Choice(CARD_CHOICES), default="both", show_default=True,
              help="Notes per fact: basic, cloze (basic where a fact has none), or both.")
@manifest_option
def anki(facts: Path, corpus: Path, output: Path | None, subdecks: bool, cards: str,
         manifest: Path | None) -> None:
    """Write the Anki deck and its manifest, and report which facts changed."""
    with reported_errors():
        bank = load(facts, corpus)
        from quizgen.anki.deck import anki_outputs, apkg_name
        from quizgen.report import change_report

        output = output or Path(OUT_DIR) / apkg_name(bank)
        now = build_time()
        with output_dir(output.parent) as directory:
            previous = previous_manifest(output, manifest)
            build = anki_outputs(bank, apkg_name=output.name, previous=previous,
                                 subdecks=subdecks, now=now, cards=cards)
            written = directory.write(build.files)
        click.echo(change_report(build.summary, output, written))


def rule_ids(ctx: click.Context, param: click.Parameter,
             names: tuple[str, ...]) -> tuple[str, ...]:
    """``--disable`` names as rule ids: any case, ``_`` for ``-``, a near id suggested."""
    from quizgen.lint import RULES_BY_ID
    from quizgen.text import did_you_mean

    ids = []
    for name in names:
        rule_id = name.strip().upper().replace("_", "-")
        if rule_id not in RULES_BY_ID:
            raise click.BadParameter(
                f"unknown rule '{name}'{did_you_mean(rule_id, RULES_BY_ID)}; see --list-rules")
        ids.append(rule_id)
    return tuple(ids)


@cli.command()
@input_options
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: one finding a line; json: machine-readable.")
@click.option("--disable", "disabled", multiple=True, metavar="RULE-ID", callback=rule_ids,
              help="Skip a rule (repeatable, any case); --list-rules names them.")
@click.option("--strict", is_flag=True, help="Fail on warnings too, not only on errors.")
@click.option("--versions", type=click.IntRange(1, 26), default=26, show_default=True,
              help="Quiz versions planned for the key-position and key-length checks.")
@option_count("Options per planned question.")
@click.option("--seed", type=int, default=None,
              help="Seed of the planned quiz [default: the quiz command's].")
@click.option("--list-rules", is_flag=True, help="Print every rule, why it matters and its source.")
@click.option("--item-stats", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also report the items `quizgen grade` flagged (its items.csv), each at "
                   "its fact.")
def lint(facts: Path, corpus: Path, output_format: str, disabled: tuple[str, ...], strict: bool,
         versions: int, options: int, seed: int | None, list_rules: bool,
         item_stats: Path | None) -> None:
    """Check facts and a planned quiz against item-writing guidelines.

    With --item-stats, also show how the items did with a class. Exits 1 on any error
    (with --strict, on any warning too).
    """
    from quizgen import lint as linting

    if list_rules:
        click.echo(linting.rules_text(), nl=False)
        return
    with reported_errors():
        from quizgen.plan.planner import QuizSettings

        bank = load(facts, corpus)
        settings = QuizSettings(versions=versions, options=options,
                                seed=DEFAULT_SEED if seed is None else seed)
        findings = linting.lint_project(bank, settings, disabled)
        if item_stats is not None:
            from quizgen.lint.item_stats import with_item_stats

            findings = with_item_stats(findings, bank, item_stats)
    if output_format == "json":
        click.echo(linting.findings_json(findings), nl=False)
    else:
        for finding in findings:
            click.echo(str(finding))
    click.echo(linting.summary_line(findings, len(bank.facts)), err=True)
    sys.exit(1 if linting.failed(findings, strict) else 0)


def quiz_options(default_versions: int) -> Callable[[F], F]:
    """The options that shape a quiz, shared by ``quiz`` and ``build``."""

    def decorate(command: F) -> F:
        for option in reversed((
            click.option("--count", type=click.IntRange(min=1), default=None,
                         help="Questions per version [default: every selected fact]."),
            click.option("--versions", type=click.IntRange(1, MAX_VERSIONS),
                         default=default_versions, show_default=True,
                         help="Versions to write (A, B, ...): same questions, different orders."),
            option_count(),
            click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True,
                         help="Seed of the one random draw: the same seed rebuilds identical "
                              "files."),
            click.option("--topic", "topics", multiple=True, metavar="TOPIC",
                         help="Only ask about this topic (repeatable) [default: all topics]."),
            click.option("--title", default=None, help="Quiz title [default: the deck title]."),
            click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path),
                         default=Path(OUT_DIR), show_default=True,
                         help="Directory to write into."),
            click.option("--paper", type=click.Choice(PAPER_SIZES), default=PAPER_SIZES[0],
                         show_default=True,
                         help="Paper the quiz, key and answer sheet are laid out for."),
            click.option("--id-digits", type=click.IntRange(0, MAX_ID_DIGITS), default=8,
                         show_default=True,
                         help="Columns of the answer sheet's student-number grid (0: none)."),
            click.option("--strict", is_flag=True,
                         help="Refuse to write on lint warnings too, not only on errors."),
            click.option("--no-lint", is_flag=True,
                         help="Write without the lint gate (when you know why a finding is "
                              "wrong)."),
        )):
            command = option(command)
        return command

    return decorate


def quiz_settings(count: int | None, versions: int, options: int, seed: int,
                  topics: tuple[str, ...], title: str | None) -> QuizSettings:
    """The planner's settings from the command-line options."""
    from quizgen.plan.planner import QuizSettings

    return QuizSettings(count=count, versions=versions, options=options, seed=seed,
                        topics=topics, title=title)


@contextmanager
def settings_as_usage_errors() -> Iterator[None]:
    """Report quiz settings that cannot be met as bad usage of their option (exit 2)."""
    from quizgen.plan.planner import SettingsError

    try:
        yield
    except SettingsError as error:
        raise click.BadParameter(str(error), param_hint=f"'{error.option}'") from None


@cli.command()
@input_options
@quiz_options(default_versions=1)
def quiz(
    facts: Path, corpus: Path, count: int | None, versions: int, options: int, seed: int,
    topics: tuple[str, ...], title: str | None, out_dir: Path, paper: str, id_digits: int,
    strict: bool, no_lint: bool,
) -> None:
    """Write printable quiz versions, answer keys, answer sheets and answers.csv.

    The facts and the planned quiz are linted first, as `quizgen build` does: a lint
    error (with --strict, a warning too) stops it before anything is written.
    """
    settings = quiz_settings(count, versions, options, seed, topics, title)
    with reported_errors():
        bank = load(facts, corpus)
        from quizgen import writers
        from quizgen.build import gate_findings
        from quizgen.writers.base import BuildJob, OutputSettings

        job = BuildJob(bank, settings, OutputSettings(paper=paper, id_digits=id_digits))
        with settings_as_usage_errors():
            job.plan  # noqa: B018 (plan first, so a bad setting is a usage error)
        findings = [] if no_lint else gate_findings(job, writers.in_group("quiz"))
        report_gate(findings, strict, out_dir, "quiz", len(bank.facts))
        with output_dir(out_dir) as directory:
            written = directory.write(writers.render(job, writers.in_group("quiz")))
        from quizgen.report import files_report, plan_report

        click.echo(plan_report(job.plan))
        click.echo(files_report(written, out_dir))


def format_choice(ctx: click.Context, param: click.Parameter,
                  names: tuple[str, ...]) -> tuple[str, ...]:
    """Check each ``--format`` name against the registry, suggesting a near one."""
    from quizgen import writers
    from quizgen.text import did_you_mean

    known = [writer.name for writer in writers.formats()]
    for name in names:
        if name not in known:
            raise click.BadParameter(
                f"unknown format '{name}'{did_you_mean(name, known)}; see --list-formats")
    return names


def list_formats(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """Print every registered format: name, description and the files it writes."""
    if not value or ctx.resilient_parsing:
        return
    from quizgen import writers
    from quizgen.report import formats_table

    click.echo(formats_table(writers.formats()))
    ctx.exit()


@cli.command()
@input_options
@quiz_options(default_versions=BUILD_VERSIONS)
@click.option("--format", "format_names", multiple=True, metavar="NAME",
              callback=format_choice,
              help="Write only this format (repeatable) [default: every format].")
@click.option("--list-formats", is_flag=True, expose_value=False, is_eager=True,
              callback=list_formats, help="List every format and the files it writes.")
@click.option("--subdecks", is_flag=True, help="Put each topic in its own Anki subdeck.")
@click.option("--penalty", is_flag=True,
              help="Moodle and GIFT: a wrong option scores -100/(options-1)%, not 0.")
@click.option("--no-cloze", "no_cloze", is_flag=True,
              help="Moodle XML: leave out the embedded-answers (cloze) questions.")
@click.option("--cards", type=click.Choice(CARD_CHOICES), default="both", show_default=True,
              help="Anki notes per fact: basic, cloze (basic where a fact has none), or both.")
@manifest_option
def build(
    facts: Path, corpus: Path, count: int | None, versions: int, options: int, seed: int,
    topics: tuple[str, ...], title: str | None, out_dir: Path, paper: str, id_digits: int,
    strict: bool, no_lint: bool, format_names: tuple[str, ...], subdecks: bool, cards: str,
    penalty: bool, no_cloze: bool, manifest: Path | None,
) -> None:
    """Write every format into one directory: the Anki deck, quizzes, keys, answers.csv, ...

    First the facts are linted, as `quizgen check` does, on the quiz this build prints:
    a lint error (with --strict, a warning too) stops the build before anything is
    written. Nothing is written unless the whole build succeeds; files whose bytes are
    unchanged are left untouched.
    """
    settings = quiz_settings(count, versions, options, seed, topics, title)
    from quizgen.progress import StageProgress

    loading, writing = "loading facts", "rendering and writing files"
    with reported_errors():
        from quizgen.build import BUILD_STAGES, LINT_STAGES

        stages = BUILD_STAGES if no_lint else LINT_STAGES
        progress = StageProgress("quizgen build", (loading, *stages, writing), sys.stderr)
        with progress:
            progress.advance(loading)
            bank = load(facts, corpus)
            from quizgen import lint as lint_rules
            from quizgen import writers
            from quizgen.anki.deck import apkg_name
            from quizgen.build import LINT_STAGE, build_files, gate_findings
            from quizgen.writers.base import BuildJob, OutputSettings

            chosen = [writers.get(name) for name in format_names] or None
            apkg_path = out_dir / apkg_name(bank)
            now = build_time()
            with output_dir(out_dir) as directory:
                builds_deck = any("deck" in writer.needs
                                  for writer in chosen or writers.formats())
                previous = (previous_manifest(apkg_path, manifest) if builds_deck else None)
                output = OutputSettings(subdecks=subdecks, cards=cards, paper=paper,
                                        id_digits=id_digits, penalty=penalty,
                                        cloze=not no_cloze)
                job = BuildJob(bank, settings, output, previous=previous, now=now,
                               on_stage=progress.advance)
                findings: list[lint_rules.Finding] = []
                if not no_lint:
                    with settings_as_usage_errors():
                        findings = gate_findings(job, chosen or writers.formats(),
                                                 lambda: progress.advance(LINT_STAGE))
                stopped = lint_rules.failed(findings, strict)

                def files_shown() -> Iterator[OutputFile]:
                    for file in build_files(job, chosen):
                        progress.advance(writing)
                        progress.detail(file.name)
                        yield file

                if not stopped:
                    with settings_as_usage_errors():
                        written = directory.write(files_shown())
        report_gate(findings, strict, out_dir, "build", len(bank.facts))
        from quizgen.report import change_report, files_report, plan_report

        if job.has("deck"):
            click.echo(change_report(job.deck.changes, apkg_path, written))
        if job.has("plan"):
            click.echo(plan_report(job.plan))
        click.echo(files_report(written, out_dir))


def report_gate(findings: list[Finding], strict: bool, out_dir: Path, command: str,
                facts: int) -> None:
    """Print the lint gate's errors and warnings on stderr; exit 1 when they stop ``command``.

    Info findings are left to ``check`` and ``lint``: a build shows what needs action.
    """
    from quizgen import lint as lint_rules

    shown = [finding for finding in findings if finding.severity != "info"]
    for finding in shown:
        click.echo(str(finding), err=True)
    if shown:
        click.echo(lint_rules.summary_line(findings, facts), err=True)
    if lint_rules.failed(findings, strict):
        from quizgen.report import lint_stop

        click.echo(lint_stop(findings, strict, out_dir, command), err=True)
        sys.exit(1)


cli.add_command(init)
cli.add_command(add_article)


@cli.command()
@input_options
@click.argument("responses", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--answers", type=click.Path(dir_okay=False, path_type=Path),
              default=Path(OUT_DIR) / "answers.csv", show_default=True,
              help="The build's answers.csv: each version's questions, keys and options.")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path(GRADES_DIR), show_default=True, help="Directory to write into.")
@click.option("--formula", is_flag=True,
              help="Formula scoring: subtract 1/(k-1) per wrong answer to a k-option question.")
def grade(facts: Path, corpus: Path, responses: Path, answers: Path, out_dir: Path,
          formula: bool) -> None:
    """Mark a class's RESPONSES (student,version,build,1,2,...) and analyse every item.

    Writes scores.csv, items.csv and report.html; flags items whose key the best
    students reject, that discriminate negatively, are too easy or too hard, or have a
    distractor nobody chooses. Nothing is written if any response is bad.
    """
    with reported_errors():
        from quizgen.grade import grade as grade_class
        from quizgen.grade import grade_outputs
        from quizgen.grade.model import fact_info
        from quizgen.grade.summary import grade_summary
        from quizgen.outputs import write_outputs

        grading = grade_class(responses, answers, formula)
        bank = load(facts, corpus)
        written = write_outputs(grade_outputs(grading, bank), out_dir)
    for note in grading.responses.notes:
        click.echo(str(note), err=True)
    click.echo(grade_summary(grading, fact_info(bank), written.paths, written.unchanged))


SCAN_MODULES = {"cv2": "opencv-python-headless", "numpy": "numpy", "pypdfium2": "pypdfium2"}
"""What ``quizgen scan`` imports, and the package that brings each (the ``scan`` extra)."""


def missing_scan_modules() -> list[str]:
    """The packages of the ``scan`` extra that are not installed."""
    import importlib.util

    return [package for module, package in SCAN_MODULES.items()
            if importlib.util.find_spec(module) is None]


@cli.command()
@click.argument("scans", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--layout", "layout_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path(OUT_DIR) / "sheet-layout.json", show_default=True,
              help="The sheet-layout.json of the build the sheets were printed from.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("responses.csv"), show_default=True,
              help="The responses file to write (what quizgen grade reads).")
@click.option("--review-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("review"), show_default=True,
              help="Where to write index.html, every doubtful mark with its crop.")
def scan(scans: tuple[Path, ...], layout_path: Path, output: Path, review_dir: Path) -> None:
    """Read scanned answer SCANS (PDFs, PNG or JPEG photos) into a responses file.

    Every doubtful mark (faint, partial, erased, two in a row, an unreadable student
    number) is written as the marking rules read it and listed in the review page with a
    crop of the row. Exit 1 if a page could not be read at all.
    """
    missing = missing_scan_modules()
    if missing:
        click.echo(f"quizgen scan needs {', '.join(missing)}: install them with\n"
                   "    pip install 'quizgen[scan]'", err=True)
        sys.exit(2)
    with reported_errors():
        from quizgen.errors import file_problem
        from quizgen.outputs import OutputFile, write_outputs
        from quizgen.scan import scan as scan_files
        from quizgen.text import plural
        from quizgen.writers.sheet_layout import read_layout

        try:
            layout = read_layout(layout_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise file_problem(layout_path, "no sheet layout here: give the "
                               "sheet-layout.json written beside the printed sheets "
                               "(--layout)") from None
        except (ValueError, KeyError, TypeError) as error:
            raise file_problem(layout_path, f"not a sheet layout: {error}") from None
        result = scan_files(list(scans), layout)
        for ref, why in result.failed:
            click.echo(f"{ref}: error: {why}", err=True)
        write_outputs([OutputFile(output.name, result.responses().encode())], output.parent)
        write_outputs([OutputFile("index.html", result.review().encode())], review_dir)
    read = result.pages - len(result.failed)
    click.echo(f"read {read} of {plural(result.pages, 'page')}: "
               f"{plural(len(result.sheets), 'sheet')}, wrote {output}")
    review = review_dir / "index.html"
    click.echo(f"{plural(result.doubts, 'doubt')} to look at in {review}" if result.doubts
               else f"no doubts: every mark was clear ({review})")
    if result.failed:
        click.echo(f"{plural(len(result.failed), 'page')} could not be read: rescan "
                   f"{'it' if len(result.failed) == 1 else 'them'}", err=True)
        sys.exit(1)


def main() -> None:
    """Entry point of the ``quizgen`` console script (and ``python -m quizgen``)."""
    # The garbage-collector policy, in one place: a command is one short run that makes
    # millions of small acyclic objects (YAML nodes, facts, notes, options) and frees
    # them by reference counting; the cyclic collector would only rescan them again and
    # again. Library callers, and tests driving ``cli`` in-process, keep the default.
    import gc

    gc.disable()
    cli()
