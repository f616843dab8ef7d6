"""``quizgen check`` and ``quizgen lint``: validate, verify and lint the facts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from quizgen.defaults import (
    BUILD_VERSIONS,
    DEFAULT_SEED,
)

if TYPE_CHECKING:
    pass

from quizgen.cli.common import (
    input_options,
    load,
    option_count,
    reported_errors,
)


@click.command()
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

        findings = linting.lint_project(bank, QuizSettings(versions=BUILD_VERSIONS),
                                        meanwhile=lambda: click.echo(coverage_summary(bank)))
    for finding in findings:
        click.echo(str(finding), err=True)
    click.echo(linting.summary_line(findings, len(bank.facts)), err=True)
    if linting.failed(findings, strict):
        sys.exit(1)


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


@click.command()
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
