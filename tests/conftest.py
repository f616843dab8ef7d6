"""Shared fixtures: the tiny facts file and corpus, copied where a test may change them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import TINY


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    """A writable copy of tests/data/tiny (facts.yaml and corpus/) in a temp directory."""
    target = tmp_path / "project"
    shutil.copytree(TINY, target)
    return target
