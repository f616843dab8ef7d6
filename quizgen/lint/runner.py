"""Run the enabled rules over a bank and its planned quiz, honouring per-fact ignores."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Collection, Iterable
from typing import TYPE_CHECKING

from quizgen.errors import ERROR, INFO, WARNING
from quizgen.lint import shared
from quizgen.lint.core import BankRule, FactRule, Finding, Hit, PlanRule, Rule
from quizgen.lint.planned import PlannedQuiz, as_planned
from quizgen.lint.registry import IGNORE_UNKNOWN, IGNORE_UNUSED, RULES, RULES_BY_ID
from quizgen.model import Bank, Fact
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
    return _lint(bank, PlannedQuiz.of(plan) if plan is not None else None, disabled)


def _lint(bank: Bank, quiz: PlannedQuiz | None, disabled: Collection[str]) -> list[Finding]:
    if unknown := unknown_rules(disabled):
        raise ValueError(f"unknown lint rule '{unknown[0]}'")
    enabled = [rule for rule in RULES if rule.id not in disabled]
    findings: list[Finding] = []
    silenced: set[tuple[str, str]] = set()
    for rule, fact, hit in _hits(bank, quiz, enabled):
        if fact is not None and rule.id in fact.lint_ignore:
            silenced.add((fact.id, rule.id))
        else:
            findings.append(_finding(bank, rule, fact, hit))
    ran = {rule.id for rule in enabled if not isinstance(rule, PlanRule) or quiz is not None}
    findings.extend(_ignore_findings(bank, ran, silenced))
    return sorted(findings, key=Finding.sort_key)


def lint_project(bank: Bank, settings: QuizSettings | None = None,
                 disabled: Collection[str] = ()) -> list[Finding]:
    """Plan a quiz from ``bank`` (26 versions unless ``settings`` say otherwise) and lint both.

    The findings are ``lint_bank(bank, plan_quiz(bank, settings), disabled)``'s, but only
    the plan's first version is built (``PlannedQuiz.planned``). Raises what ``plan_quiz``
    raises when no quiz can be planned, and ValueError for an unknown disabled id.
    """
    from quizgen.plan.planner import QuizSettings

    quiz = PlannedQuiz.planned(bank, settings or QuizSettings(versions=LINT_VERSIONS))
    return _lint(bank, quiz, disabled)


def _hits(bank: Bank, quiz: PlannedQuiz | None,
          rules: list[Rule]) -> list[tuple[Rule, Fact | None, Hit]]:
    with shared.run():  # what rules share (the bank's key index) is made once
        return _shared_hits(bank, quiz, rules)


def _shared_hits(bank: Bank, quiz: PlannedQuiz | None,
                 rules: list[Rule]) -> list[tuple[Rule, Fact | None, Hit]]:
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
    if quiz is not None:
        option_rules = [rule for rule in fact_rules if rule.on_options]
        hits.extend(_planned_hits(option_rules, as_planned(quiz), hits))
    for rule in rules:
        if isinstance(rule, BankRule):
            hits.extend(each_fact[rule.id][2] if rule.id in each_fact
                        else ((rule, hit.fact, hit) for hit in rule.check(bank)))
            if rule.plan_check is not None and quiz is not None:
                hits.extend((rule, hit.fact, hit) for hit in rule.plan_check(bank, quiz))
        elif isinstance(rule, PlanRule) and quiz is not None:
            hits.extend((rule, hit.fact, hit) for hit in rule.check(quiz))
    return hits


def _planned_hits(rules: list[FactRule], planned: Iterable[tuple[Fact, Fact]],
                  own: list[tuple[Rule, Fact | None, Hit]]) -> list[tuple[Rule, Fact, Hit]]:
    """The rules' hits on options as the plan drew them, less those already reported."""
    reported = {(rule.id, fact.id, fact.where(hit.field))
                for rule, fact, hit in own if fact is not None}
    hits: list[tuple[Rule, Fact, Hit]] = []
    for fact, as_drawn in planned:
        for rule in rules:
            for hit in rule.check(as_drawn):
                if (rule.id, fact.id, as_drawn.where(hit.field)) not in reported:
                    message = f"{hit.message} (options as drawn for the planned quiz)"
                    hits.append((rule, as_drawn, dataclasses.replace(hit, message=message)))
    return hits


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
