"""The vocabulary of lint: rules, what a rule reports, and the findings users read."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from quizgen.errors import Problem
from quizgen.model import Bank, Fact

if TYPE_CHECKING:
    from quizgen.lint.planned import PlannedQuiz

HALADYNA = "Haladyna, Downing & Rodriguez 2002"
"""'A review of multiple-choice item-writing guidelines'; guideline numbers follow it."""
NBME = "NBME item-writing guide"
"""Case & Swanson, 'Constructing Written Test Questions for the Basic and Clinical Sciences'."""
WOZNIAK = "Wozniak 1999"
"""'Effective learning: Twenty rules of formulating knowledge'; rule numbers follow it."""


@dataclass(frozen=True)
class Hit:
    """What a rule reports; the runner turns it into a located Finding."""

    message: str
    field: str = ""
    """Fact field it points at (``"answer"``, ``"distractors.2"``); ``""``: the whole fact."""
    fact: Fact | None = None
    """The fact concerned, set by bank and plan rules; a fact rule's own fact otherwise."""
    severity: str | None = None
    """Overrides the rule's severity (a rule whose severity escalates with the flaw)."""


@dataclass(frozen=True, kw_only=True)
class Rule:
    """One item-writing check: its id, severity, why it matters and where that is argued."""

    id: str
    severity: str
    rationale: str
    """One line: what the flaw does to a student or a learner."""
    source: str
    escalation: str = ""
    """When the severity rises above ``severity``, e.g. ``"error above 1.5x"``."""


@dataclass(frozen=True, kw_only=True)
class FactRule(Rule):
    """A rule that looks at one fact at a time."""

    check: Callable[[Fact], Iterable[Hit]]
    on_options: bool = False
    """Also run on each planned question's options, when the plan drew other distractors."""


@dataclass(frozen=True, kw_only=True)
class BankRule(Rule):
    """A rule that compares facts with each other (must stay linear in their number)."""

    check: Callable[[Bank], Iterable[Hit]]
    each_fact: Callable[[Bank], Callable[[int, Fact], Iterable[Hit]]] | None = None
    """``check`` fact by fact, when it can be: given the bank, what to ask of the fact at
    each index; ``check(bank)`` must be those hits, in the bank's order. The runner then
    asks it beside the fact rules, while the fact's texts are still folded (see
    ``words.remembered``)."""
    plan_check: Callable[[Bank, PlannedQuiz], Iterable[Hit]] | None = None
    """Also run on the bank's planned quiz, for what the plan adds (options drawn from other
    facts)."""


@dataclass(frozen=True, kw_only=True)
class PlanRule(Rule):
    """A rule about a planned quiz: its versions, options and keys as a student sees them."""

    check: Callable[[PlannedQuiz], Iterable[Hit]]


@dataclass(frozen=True, order=True)
class Finding(Problem):
    """A Problem a lint rule found: prints as ``path:line:col: severity: [RULE-ID] message``."""

    rule: str = ""
    fact: str = ""
    """Id of the fact concerned; ``""`` for findings about a whole quiz."""

    def __str__(self) -> str:
        return (f"{self.path}:{self.line}:{self.column}: {self.severity}: [{self.rule}] "
                f"{self.message}")

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Report order: by place in the file, then by rule."""
        return self.path, self.line, self.column, self.rule, self.message

    def as_json(self) -> dict[str, str | int]:
        """A JSON-ready mapping of every field."""
        return {"path": self.path, "line": self.line, "column": self.column,
                "severity": self.severity, "rule": self.rule, "fact": self.fact,
                "message": self.message}


def quoted(text: str, limit: int = 60) -> str:
    """``text`` in single quotes for a message, shortened with an ellipsis when long."""
    return f"'{text if len(text) <= limit else text[: limit - 1].rstrip() + '…'}'"


_DISTRACTOR_FIELDS = tuple(f"distractors.{index}" for index in range(32))
"""Field names of the first distractors, made once: ten rules ask for every fact's options."""
_last_fact: Fact | None = None
"""The last fact ``options_of`` was asked about (held, so ``is`` cannot mistake another
for it), and its answer."""
_last_options: tuple[tuple[str, str], ...] = ()


def options_of(fact: Fact) -> tuple[tuple[str, str], ...]:
    """The fact's own options as (field, text): the answer first, then each distractor.

    The runner checks a fact with every rule in turn and ten of them ask for its
    options, so the last fact's are kept (built once a fact, not ten times: 3% of lint
    at 50,000 facts), in two globals: a look-up in a list of pairs was 3% too.
    """
    global _last_fact, _last_options
    if fact is _last_fact:
        return _last_options
    if len(fact.distractors) <= len(_DISTRACTOR_FIELDS):
        fields = _DISTRACTOR_FIELDS[:len(fact.distractors)]
        options = (("answer", fact.answer), *zip(fields, fact.distractors, strict=True))
    else:
        options = (("answer", fact.answer), *(
            (f"distractors.{index}", text) for index, text in enumerate(fact.distractors)))
    _last_fact, _last_options = fact, options
    return options
