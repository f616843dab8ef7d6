"""``quizgen anki``, ``quiz`` and ``build``: write the formats into an output directory."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from quizgen.defaults import (
    BUILD_VERSIONS,
    CARD_CHOICES,
    DEFAULT_SEED,
    MAX_ID_DIGITS,
    MAX_VERSIONS,
    OUT_DIR,
    PAPER_SIZES,
)

if TYPE_CHECKING:
    from quizgen.lint import Finding
    from quizgen.outputs import OutputFile
    from quizgen.plan.planner import QuizSettings

from quizgen.cli.common import (
    F,
    build_time,
    input_options,
    load,
    manifest_option,
    option_count,
    output_dir,
    previous_manifest,
    reported_errors,
)


@click.command()
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


@click.command()
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

    known = list(writers.names())
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


@click.command()
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
