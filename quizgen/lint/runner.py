"""Run the enabled rules over a bank and its planned quiz, honouring per-fact ignores."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import TYPE_CHECKING

from quizgen.errors import ERROR, INFO, WARNING
from quizgen.forked import Forked
from quizgen.lint import shared
from quizgen.lint.core import BankRule, FactRule, Finding, Hit, PlanRule, Rule
from quizgen.lint.planned import PlannedQuiz, as_planned
from quizgen.lint.registry import IGNORE_UNKNOWN, IGNORE_UNUSED, RULES, RULES_BY_ID
from quizgen.model import Bank, Fact, Position
from quizgen.text import did_you_mean, plural

if TYPE_CHECKING:
    from quizgen.plan.planner import QuizPlan, QuizSettings

LINT_VERSIONS = 26
"""Versions planned for linting: enough for the key-position statistics to mean something."""


def unknown_rules(rule_ids: Collection[str]) -> list[str]:
    """The ids among ``rule_ids`` that name no rule, in the order given."""
    return [rule_id for rule_id in rule_ids if rule_id not in RULES_BY_ID]


def lint_bank(bank: Bank, plan: QuizPlan | None = None,
              disabled: Collection[str] = ()) -> list[Finding]:
    """Every finding of the rules not ``disabled`` on ``bank`` (and ``plan``), sorted.

    Plan rules run only when a plan is given. A fact's ``lint: {ignore: [...]}`` drops
    that rule's findings about the fact. Raises ValueError for an unknown disabled id.
    """
    enabled = _enabled(disabled)
    quiz = PlannedQuiz.of(plan) if plan is not None else None
    return _findings(bank, enabled, quiz is not None, _outcomes(bank, _hits(bank, quiz, enabled)))


def lint_project(bank: Bank, settings: QuizSettings | None = None,
                 disabled: Collection[str] = (),
                 meanwhile: Callable[[], object] | None = None) -> list[Finding]:
    """Plan a quiz from ``bank`` (26 versions unless ``settings`` say otherwise) and lint both.

    The findings are ``lint_bank(bank, plan_quiz(bank, settings), disabled)``'s, but only
    the plan's first version is built (``PlannedQuiz.planned``). The quiz is planned, and
    the rules that read it run, apart from the other rules: for a bank of ``FORK_FACTS``
    facts or more, in a forked child while the other rules run here. ``meanwhile`` (``check``'s
    coverage summary) is called first, in this process, while the child plans. Raises
    what ``plan_quiz`` raises when no quiz can be planned, and ValueError for an unknown
    disabled id.
    """
    from quizgen.plan.planner import QuizSettings

    settings = settings or QuizSettings(versions=LINT_VERSIONS)
    enabled = _enabled(disabled)
    beside = [rule for rule in enabled if _beside_the_plan(rule)]
    with Forked(lambda: _planned_share(bank, settings, enabled, beside),
                fork=len(bank.facts) >= FORK_FACTS) as planned:
        if meanwhile is not None:
            meanwhile()
        own = _hits(bank, None, [rule for rule in enabled if not _beside_the_plan(rule)])
        outcomes = _outcomes(bank, own)
        reported = _reported(own)
        outcomes.extend(outcome for outcome, unless in planned.result() if unless not in reported)
    return _findings(bank, enabled, True, outcomes)


FORK_FACTS = 2_000
"""Banks this large are linted on two cores (``lint_project``): below it, the fork costs
more than it saves."""

BESIDE_THE_PLAN = frozenset({"STEM-GIVES-ANSWER", "FC-ANSWER-GIVEN", "FC-RELATIVE-TIME"})
"""Rules that run in the child beside the planning, so that the two cores take about as
long. At 50,000 facts of ``bench/synth.py`` (CPU seconds, one process): planning 4.0, the
rules that read the plan 0.6, these three 1.4; the other rules 6.9 and ``check``'s
coverage summary 0.75. The child folds its texts afresh (``words``), so it takes more
than its sum: with CLOZE-CONTEXT (0.85) here too, the parent waited 1.1-2.2 s for it;
without, the child waits for the parent instead. None reads options: the planned
options' hits are dropped where the bank's own options already gave them, and those
are found by the parent."""


def _beside_the_plan(rule: Rule) -> bool:
    return rule.id in BESIDE_THE_PLAN and not (isinstance(rule, FactRule) and rule.on_options)


_Outcome = Finding | tuple[str, str]
"""What a hit comes to: its finding, or ``(fact id, rule id)`` when the fact ignores the
rule. Plain data, so that a forked child can send it back."""

_Reported = tuple[str, str, Position]
"""A hit's rule id, fact id and place: a planned option's hit is dropped if already
reported there."""


def _enabled(disabled: Collection[str]) -> list[Rule]:
    if unknown := unknown_rules(disabled):
        raise ValueError(f"unknown lint rule '{unknown[0]}'")
    return [rule for rule in RULES if rule.id not in disabled]


def _findings(bank: Bank, enabled: list[Rule], planned: bool,
              outcomes: Iterable[_Outcome]) -> list[Finding]:
    """The findings among ``outcomes``, with those about the facts' ignores, sorted."""
    findings: list[Finding] = []
    silenced: set[tuple[str, str]] = set()
    for outcome in outcomes:
        if isinstance(outcome, Finding):
            findings.append(outcome)
        else:
            silenced.add(outcome)
    ran = {rule.id for rule in enabled if not isinstance(rule, PlanRule) or planned}
    findings.extend(_ignore_findings(bank, ran, silenced))
    return sorted(findings, key=Finding.sort_key)


def _outcomes(bank: Bank, hits: Iterable[tuple[Rule, Fact | None, Hit]]) -> list[_Outcome]:
    return [_outcome(bank, rule, fact, hit) for rule, fact, hit in hits]


def _outcome(bank: Bank, rule: Rule, fact: Fact | None, hit: Hit) -> _Outcome:
    if fact is not None and rule.id in fact.lint_ignore:
        return fact.id, rule.id
    return _finding(bank, rule, fact, hit)


def _reported(hits: Iterable[tuple[Rule, Fact | None, Hit]]) -> set[_Reported]:
    return {(rule.id, fact.id, fact.where(hit.field)) for rule, fact, hit in hits
            if fact is not None}


def _planned_share(bank: Bank, settings: QuizSettings, enabled: list[Rule],
                   beside: list[Rule]) -> list[tuple[_Outcome, _Reported | None]]:
    """The child's share of ``lint_project``: plan the quiz, run what reads it and ``beside``.

    Each outcome comes with where its hit would already have been reported, if it is on
    an option as planned (``None`` otherwise): the parent drops it if it was.
    """
    quiz = PlannedQuiz.planned(bank, settings)
    with shared.run():
        share: list[tuple[_Outcome, _Reported | None]] = [
            (outcome, None) for outcome in _outcomes(bank, _bank_hits(bank, beside))]
        for rule, fact, hit, unless in _planned_hits(_option_rules(enabled), as_planned(quiz)):
            share.append((_outcome(bank, rule, fact, hit), unless))
        share.extend((outcome, None)
                     for outcome in _outcomes(bank, _quiz_hits(bank, quiz, enabled)))
    return share


def _hits(bank: Bank, quiz: PlannedQuiz | None,
          rules: list[Rule]) -> list[tuple[Rule, Fact | None, Hit]]:
    """Every hit of ``rules`` on ``bank`` and, given one, ``quiz``."""
    with shared.run():  # what rules share (the bank's key index) is made once
        hits = _bank_hits(bank, rules)
        if quiz is not None:
            reported = _reported(hits)
            hits.extend((rule, fact, hit) for rule, fact, hit, unless
                        in _planned_hits(_option_rules(rules), as_planned(quiz))
                        if unless not in reported)
            hits.extend(_quiz_hits(bank, quiz, rules))
        return hits


def _option_rules(rules: list[Rule]) -> list[FactRule]:
    return [rule for rule in rules if isinstance(rule, FactRule) and rule.on_options]


def _bank_hits(bank: Bank, rules: list[Rule]) -> list[tuple[Rule, Fact | None, Hit]]:
    """The hits of ``rules`` on the bank's facts, without a quiz."""
    # Fact by fact, so each fact's texts are folded once for all rules (see words.folded);
    # bank rules that can be asked fact by fact are asked then too, their hits kept apart
    # so that every rule's hits come in the order they always did.
    fact_rules = [rule for rule in rules if isinstance(rule, FactRule)]
    each_fact: dict[str, tuple[BankRule, Callable[[int, Fact], Iterable[Hit]],
                               list[tuple[Rule, Fact | None, Hit]]]] = {
        rule.id: (rule, rule.each_fact(bank), [])
        for rule in rules if isinstance(rule, BankRule) and rule.each_fact is not None}
    hits: list[tuple[Rule, Fact | None, Hit]] = []
    for position, fact in enumerate(bank.facts):
        for fact_rule in fact_rules:
            for hit in fact_rule.check(fact):
                hits.append((fact_rule, hit.fact or fact, hit))
        for bank_rule, check_at, found in each_fact.values():
            for hit in check_at(position, fact):
                found.append((bank_rule, hit.fact, hit))
    for rule in rules:
        if isinstance(rule, BankRule):
            hits.extend(each_fact[rule.id][2] if rule.id in each_fact
                        else ((rule, hit.fact, hit) for hit in rule.check(bank)))
    return hits


def _quiz_hits(bank: Bank, quiz: PlannedQuiz,
               rules: list[Rule]) -> list[tuple[Rule, Fact | None, Hit]]:
    """The hits of ``rules`` that read the quiz as a whole."""
    hits: list[tuple[Rule, Fact | None, Hit]] = []
    for rule in rules:
        if isinstance(rule, BankRule) and rule.plan_check is not None:
            hits.extend((rule, hit.fact, hit) for hit in rule.plan_check(bank, quiz))
        elif isinstance(rule, PlanRule):
            hits.extend((rule, hit.fact, hit) for hit in rule.check(quiz))
    return hits


def _planned_hits(rules: list[FactRule], planned: Iterable[tuple[Fact, Fact]]
                  ) -> Iterator[tuple[Rule, Fact, Hit, _Reported]]:
    """The rules' hits on options as the plan drew them, with where each would already be.

    That is, the rule, fact and place it would have had on the bank's own options.
    """
    for fact, as_drawn in planned:
        for rule in rules:
            for hit in rule.check(as_drawn):
                message = f"{hit.message} (options as drawn for the planned quiz)"
                yield (rule, as_drawn, dataclasses.replace(hit, message=message),
                       (rule.id, fact.id, as_drawn.where(hit.field)))


def _finding(bank: Bank, rule: Rule, fact: Fact | None, hit: Hit) -> Finding:
    where = fact.where(hit.field) if fact is not None else None
    return Finding(path=str(bank.facts_path), line=where.line if where else 1,
                   column=where.column if where else 1, message=hit.message,
                   severity=hit.severity or rule.severity, rule=rule.id,
                   fact=fact.id if fact is not None else "")


def _ignore_findings(bank: Bank, ran: set[str], silenced: set[tuple[str, str]]) -> list[Finding]:
    """Ignores that name no rule, and ignores that silenced nothing."""
    findings = []
    for fact in bank.facts:
        for index, rule_id in enumerate(fact.lint_ignore):
            rule = RULES_BY_ID.get(rule_id)
            if rule is None:
                message = f"'{rule_id}' is not a lint rule{did_you_mean(rule_id, RULES_BY_ID)}"
                meta = RULES_BY_ID[IGNORE_UNKNOWN]
            elif isinstance(rule, PlanRule):
                message = (f"{rule_id} is about the whole quiz, so a fact cannot ignore it; "
                           f"use --disable {rule_id}")
                meta = RULES_BY_ID[IGNORE_UNKNOWN]
            elif rule_id in ran and (fact.id, rule_id) not in silenced:
                message = f"{rule_id} finds nothing in this fact any more: remove the ignore"
                meta = RULES_BY_ID[IGNORE_UNUSED]
            else:
                continue
            if meta.id in ran:
                findings.append(_finding(bank, meta, fact, Hit(message, f"lint.ignore.{index}")))
    return findings


def counts(findings: Collection[Finding]) -> dict[str, int]:
    """How many findings of each severity: ``{"error": 0, "warning": 2, "info": 1}``."""
    tally = {ERROR: 0, WARNING: 0, INFO: 0}
    for finding in findings:
        tally[finding.severity] += 1
    return tally


def failed(findings: Collection[Finding], strict: bool = False) -> bool:
    """Whether the findings fail the run: any error, or with ``strict`` any warning."""
    tally = counts(findings)
    return tally[ERROR] > 0 or (strict and tally[WARNING] > 0)


def summary_line(findings: Collection[Finding], facts: int) -> str:
    """The count line printed last, e.g. ``lint: 0 errors, 2 warnings, 1 info in 40 facts``."""
    tally = counts(findings)
    errors = f"{tally[ERROR]} error{'s' if tally[ERROR] != 1 else ''}"
    warnings = f"{tally[WARNING]} warning{'s' if tally[WARNING] != 1 else ''}"
    return f"lint: {errors}, {warnings}, {tally[INFO]} info in {plural(facts, 'fact')}."


def findings_json(findings: Collection[Finding]) -> str:
    """The findings and their counts as a JSON document (``--format json``)."""
    document = {"findings": [finding.as_json() for finding in findings],
                "counts": counts(findings)}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
