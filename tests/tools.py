"""External consumers the tests drive (Chromium, poppler, npm tools): where they are.

A test that needs one is marked ``@needs("chromium", "pdftotext", ...)``: skipped on a
machine that lacks it, but failed under CI (``CI`` set), where ``.ci/run`` installs
every one, so a consumer test can never silently not run there (see conftest.py).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "tests" / "node" / "node_modules"
"""npm test tools (gift-pegjs, axe-core), installed by .ci/run from tests/node/."""

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
"""Debian's chromium: the only browser the tests use (Playwright's executable_path)."""

NPM_TOOLS = ("gift-pegjs", "axe-core")


def missing_tools(names: tuple[str, ...]) -> list[str]:
    """The tools among ``names`` this machine lacks."""
    def present(name: str) -> bool:
        if name == "chromium":
            return CHROMIUM is not None
        if name in NPM_TOOLS:
            return (NODE_MODULES / name).is_dir()
        return shutil.which(name) is not None

    return [name for name in names if not present(name)]


def in_ci() -> bool:
    """True under CI, where every tool must be present."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def needs(*names: str) -> pytest.MarkDecorator:
    """Mark a test as needing external tools: skipped where missing, failed under CI."""
    return pytest.mark.needs(*names)
