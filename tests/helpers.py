"""Paths shared by the tests."""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
TINY = DATA / "tiny"
