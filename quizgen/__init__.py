"""quizgen: turn curated, quote-verified facts into Anki decks and printable quizzes."""

__version__ = "0.1.0"
