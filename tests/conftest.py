"""Shared fixtures: the tiny facts file and corpus, copied where a test may change them."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.helpers import TINY

if TYPE_CHECKING:
    from tests.printing import Printer


@pytest.fixture(scope="module")
def printer() -> Iterator[Printer]:
    """One headless Chromium per module that prints HTML to PDF (tests/printing.py)."""
    from tests.printing import launched_printer

    with launched_printer() as launched:
        yield launched


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    """A writable copy of tests/data/tiny (facts.yaml and corpus/) in a temp directory."""
    target = tmp_path / "project"
    shutil.copytree(TINY, target)
    return target


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "needs(*tools): external tools the test drives")


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip a test whose tools are missing, or fail it under CI, which installs them all."""
    from tests.tools import in_ci, missing_tools

    for marker in item.iter_markers("needs"):
        if missing := missing_tools(tuple(marker.args)):
            message = f"needs {', '.join(missing)}"
            if in_ci():
                pytest.fail(f"{message}: .ci/run must install it", pytrace=False)
            pytest.skip(message)
