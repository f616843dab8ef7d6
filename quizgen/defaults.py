"""Defaults shared by the command line and the library, in a module that imports nothing.

The command line reads them to show its options, so ``quizgen --help`` does not have
to import the planner.
"""

DEFAULT_SEED = 2025
"""Seed used when none is given, so an unchanged rebuild reproduces every file."""

MAX_VERSIONS = 26
"""One version per letter A to Z."""

OPTION_COUNTS = (3, 4, 5)
"""How many options a question may have."""

BUILD_VERSIONS = 3
"""Quiz versions ``quizgen build`` prints, and ``quizgen check`` lints, by default."""

CARD_CHOICES = ("basic", "cloze", "both")
"""What ``--cards`` may ask for: basic notes, cloze notes (basic where a fact has no
cloze), or both (the default), so a student need not review one fact twice."""

OUT_DIR = "decks"
"""Where ``anki``, ``quiz`` and ``build`` write unless told otherwise."""

PAPER_SIZES = ("a4", "letter")
"""``--paper`` choices; the first is the default."""

MAX_ID_DIGITS = 12
"""The most student-number columns an answer sheet has room for."""

GRADES_DIR = "grades"
"""Where ``grade`` writes scores, the item analysis and the report."""
