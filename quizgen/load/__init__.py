"""Loading: facts.yaml and corpus/ into a verified Bank, every problem with its line."""

from quizgen.load.facts import load_bank

__all__ = ["load_bank"]
