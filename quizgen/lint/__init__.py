"""Item-writing checks for facts and planned quizzes (``quizgen lint``).

Each rule lives in a module of its family (options, stems, cards, independence, quiz)
and is listed once in ``registry.RULES``, which the runner, ``--list-rules`` and the
README table all read.
"""

from quizgen.lint.core import Finding, Hit, Rule
from quizgen.lint.registry import RULES, RULES_BY_ID, rules_markdown, rules_text
from quizgen.lint.runner import (
    LINT_VERSIONS,
    counts,
    failed,
    findings_json,
    lint_bank,
    lint_project,
    summary_line,
    unknown_rules,
)

__all__ = [
    "LINT_VERSIONS", "RULES", "RULES_BY_ID", "Finding", "Hit", "Rule", "counts", "failed",
    "findings_json", "lint_bank", "lint_project", "rules_markdown", "rules_text",
    "summary_line", "unknown_rules",
]
