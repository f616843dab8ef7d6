"""Every lint rule in one table: the runner, ``--list-rules`` and the README read it."""

from __future__ import annotations

from quizgen.errors import ERROR, INFO, WARNING
from quizgen.lint import (
    cards,
    context,
    independence,
    options,
    overlap,
    quiz,
    stems,
    written,
)
from quizgen.lint.core import HALADYNA, NBME, WOZNIAK, BankRule, FactRule, PlanRule, Rule

IGNORE_UNKNOWN = "LINT-IGNORE-UNKNOWN"
IGNORE_UNUSED = "LINT-IGNORE-UNUSED"

RULES: tuple[Rule, ...] = (
    FactRule(
        id="OPT-DUPLICATE", on_options=True, severity=ERROR, check=options.duplicate_options,
        rationale="Two options that say the same thing after folding case, punctuation and "
                  "number format are both right or both wrong.",
        source=f"{HALADYNA}, guidelines 19 and 22"),
    FactRule(
        id="OPT-ACCEPTED", on_options=True, severity=ERROR, check=options.accepted_distractors,
        rationale="A distractor equal to an accepted phrasing of the answer is true: the "
                  "question has two keys.",
        source=f"{HALADYNA}, guideline 19"),
    FactRule(
        id="OPT-OVERLAP", on_options=True, severity=ERROR, check=overlap.overlapping_options,
        rationale="Two options that can both be true (nested bounds such as 'more than 1%' and "
                  "'more than 3%', overlapping ranges, a range holding a figure, 'Paris' beside "
                  "'Paris and Lyon') give the question two right answers.",
        source=f"{HALADYNA}, guideline 22"),
    FactRule(
        id="OPT-ALL-NONE", on_options=True, severity=ERROR, check=options.catch_all_options,
        rationale="'All/none of the above' and 'both A and B' refer to other options, break "
                  "when options are shuffled, and reward partial knowledge.",
        source=f"{HALADYNA}, guidelines 25 and 26; {NBME}"),
    FactRule(
        id="OPT-ABSOLUTE", on_options=True, severity=WARNING, check=options.absolute_words,
        rationale="Absolute words (always, never, only, all, none) mark an option as false to "
                  "a test-wise student.",
        source=f"{HALADYNA}, guideline 28a; {NBME}"),
    FactRule(
        id="OPT-KIND", on_options=True, severity=WARNING, check=options.mixed_kinds,
        rationale="Options of one kind (all names, all amounts in one unit and range) leave no "
                  "odd one out to guess.",
        source=f"{HALADYNA}, guideline 23; {NBME}"),
    FactRule(
        id="LEN-KEY-LONGEST", on_options=True, severity=WARNING, escalation="error above 1.5x",
        check=options.key_longest,
        rationale="A key uniquely the longest option, 1.3x the mean distractor length or more, "
                  "is picked for its length.",
        source=f"{HALADYNA}, guidelines 24 and 28d; {NBME}"),
    PlanRule(
        id="QUIZ-KEY-LONGEST", severity=WARNING, check=quiz.keys_longest_too_often,
        rationale="Across a planned quiz the key must not be the longest option more often "
                  "than chance allows (binomial 95th percentile).",
        source=f"{HALADYNA}, guideline 24; {NBME}"),
    PlanRule(
        id="QUIZ-KEY-RARELY-LONGEST", severity=WARNING, check=quiz.keys_rarely_longest,
        rationale="A key that is almost never the longest option (below the binomial 5th "
                  "percentile) teaches students to rule the longest option out.",
        source=f"{HALADYNA}, guideline 24"),
    FactRule(
        id="STEM-CUE-WORD", on_options=True, severity=WARNING, check=stems.cue_words,
        rationale="A content word of 4+ letters shared by the stem and the key but no "
                  "distractor leads to the key by word matching.",
        source=f"{HALADYNA}, guideline 28b; {NBME}"),
    FactRule(
        id="STEM-GIVES-ANSWER", severity=WARNING, check=stems.stem_names_key,
        rationale="A stem that names most of the key's content words in any order (a "
                  "definition or paraphrase, an acronym spelling them) answers itself even "
                  "when every option repeats those words.",
        source=f"{HALADYNA}, guideline 28b; {NBME}"),
    FactRule(
        id="STEM-ARTICLE", on_options=True, severity=WARNING, check=stems.article_agreement,
        rationale="A stem ending in 'a' or 'an' rules out the options that do not agree "
                  "with it.",
        source=f"{HALADYNA}, guideline 28c; {NBME}"),
    FactRule(
        id="STEM-NEGATIVE", severity=WARNING, check=stems.lower_case_negatives,
        rationale="A negative stem is easily misread; if NOT or EXCEPT is needed, it is "
                  "written in capitals.",
        source=f"{HALADYNA}, guideline 17; {NBME}"),
    FactRule(
        id="STEM-WHICH-TRUE", severity=WARNING, check=stems.which_is_true,
        rationale="'Which of the following is true' has no question in the stem; it cannot "
                  "be answered with the options covered.",
        source=f"{HALADYNA}, guideline 15; {NBME}"),
    FactRule(
        id="STEM-LONG", severity=WARNING, check=stems.long_stem,
        rationale="Stems over 35 words test reading speed, not the fact.",
        source=f"{HALADYNA}, guidelines 13 and 16"),
    BankRule(
        id="IND-ANSWER-ELSEWHERE", severity=WARNING,
        check=independence.answers_in_other_questions,
        each_fact=independence.answers_in_question,
        rationale="A question that contains another fact's answer gives that question away "
                  "when both are in one quiz.",
        source=f"{HALADYNA}, guideline 4"),
    BankRule(
        id="IND-OPTION-CUE", severity=WARNING, check=independence.option_cues,
        each_fact=independence.cues_in_fact,
        escalation="info in an explanation",
        plan_check=independence.planned_option_cues,
        rationale="An option or explanation that contains another question's key (as a "
                  "phrase, case and punctuation folded) answers that question when both are in "
                  "one quiz; checked across the bank and on the options the quiz draws.",
        source=f"{HALADYNA}, guideline 4"),
    FactRule(
        id="FC-ANSWER-LONG", severity=INFO, escalation="warning over 15 words",
        check=cards.long_answer,
        rationale="Answers over 5 words are hard to recall and grade; over 15 they hold more "
                  "than one fact.",
        source=f"{WOZNIAK}, rule 4 (minimum information)"),
    FactRule(
        id="FC-ANSWER-LIST", severity=WARNING, check=cards.list_answer,
        rationale="An answer listing 3+ items is a set, which is hard to memorise as one "
                  "card.",
        source=f"{WOZNIAK}, rules 9 and 10 (avoid sets and enumerations)"),
    FactRule(
        id="FC-YES-NO", severity=WARNING, check=cards.yes_no_question,
        rationale="A yes/no question is answered right half the time by guessing.",
        source=f"{NBME} (true/false formats)"),
    FactRule(
        id="FC-RELATIVE-TIME", severity=WARNING, check=cards.relative_time,
        rationale="'Last week', 'this year', 'on Monday' are true only relative to the "
                  "article's date; the card rots.",
        source=f"{WOZNIAK}, rule 19 (date stamping)"),
    FactRule(
        id="FC-ANSWER-GIVEN", severity=WARNING, check=cards.answer_given_away,
        rationale="When every word of the answer is already in the question or the cloze "
                  "context, the card answers itself.",
        source=f"{WOZNIAK}, rules 5 and 12; {HALADYNA}, guideline 28b"),
    BankRule(
        id="CLOZE-CONTEXT", severity=WARNING, check=context.unanchored_clozes,
        rationale="A cloze that, deletions hidden, names no person, organisation, place or term "
                  "of the deck or topic (or opens with 'This', 'It', 'They') could be about "
                  "anything: the learner cannot tell what is asked.",
        source=f"{WOZNIAK}, rules 11 (context cues) and 4 (minimum information)"),
    PlanRule(
        id="QUIZ-KEY-POSITION", severity=WARNING, check=quiz.key_positions_uneven,
        rationale="Keys spread unevenly over A-D across the versions (chi-square p < 0.05) "
                  "reward guessing one letter; a question in numerical order, keyed alike in "
                  "every version, counts once.",
        source=f"{HALADYNA}, guideline 20"),
    FactRule(
        id="YAML-COMMENT", severity=WARNING, check=written.comment_cuts,
        rationale="A ' #' in an unquoted question, answer, explanation or cloze starts a YAML "
                  "comment: the rest of the line silently drops out of the text.",
        source="YAML 1.2.2 specification, section 6.6 (comments)"),
    Rule(
        id=IGNORE_UNKNOWN, severity=WARNING,
        rationale="A 'lint: {ignore: [...]}' entry naming no rule silences nothing: usually a "
                  "typo.",
        source="quizgen"),
    Rule(
        id=IGNORE_UNUSED, severity=INFO,
        rationale="An ignore that silenced nothing is stale: the fact was fixed; remove it.",
        source="quizgen"),
)

RULES_BY_ID = {rule.id: rule for rule in RULES}


def rules_markdown() -> str:
    """The rule table for the README: id, severity, rationale and source of each rule."""
    lines = ["| rule | severity | why | source |", "|---|---|---|---|"]
    for rule in RULES:
        severity = rule.severity + (f" ({rule.escalation})" if rule.escalation else "")
        lines.append(f"| `{rule.id}` | {severity} | {rule.rationale} | {rule.source} |")
    return "\n".join(lines) + "\n"


def rules_text() -> str:
    """The rule list ``quizgen lint --list-rules`` prints: one block per rule."""
    blocks = []
    for rule in RULES:
        severity = rule.severity + (f", {rule.escalation}" if rule.escalation else "")
        blocks.append(f"{rule.id} ({severity})\n    {rule.rationale}\n    Source: {rule.source}")
    return "\n".join(blocks) + "\n"
