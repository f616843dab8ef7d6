"""A build imports what it renders with, not what its libraries import and never use."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

DEFERRED = ("bespon", "urllib.request")
"""Modules the formats' libraries import at their top but quizgen's paths never use."""
UNUSED = ("quizgen.grade.stats", "quizgen.grade.scoring", "quizgen.grade.flags",
          "http.client", "ssl")
"""Modules a build must not import at all (grading; what urllib.request would pull in)."""

_REPORT = """
import json, sys
from quizgen.cli import cli
try:
    cli(sys.argv[1:])
except SystemExit as exit:
    assert not exit.code, exit.code
modules = {name: sys.modules[name].__spec__ is not None
           for name in %r if name in sys.modules}
print(json.dumps(modules))
"""


def imported_by(args: list[str], cwd: Path, names: tuple[str, ...]) -> dict[str, bool]:
    """For each of ``names`` imported by ``quizgen ARGS``: whether it was really loaded."""
    result = subprocess.run([sys.executable, "-c", _REPORT % (names,), *args], cwd=cwd,
                            capture_output=True, text=True, check=True)
    loaded: dict[str, bool] = json.loads(result.stdout.splitlines()[-1])
    return loaded


def test_a_whole_build_never_loads_the_deferred_or_unused_modules(tiny_dir: Path) -> None:
    found = imported_by(["build", "--out-dir", "out"], tiny_dir, DEFERRED + UNUSED)
    # The deferred modules were imported (by text2qti.config and xml.sax.saxutils) as
    # stand-ins, which no rendering touched; the unused ones were not imported at all.
    assert found == dict.fromkeys(DEFERRED, False)
    assert len(list((tiny_dir / "out").iterdir())) > 20


@pytest.fixture
def fresh_modules() -> Iterator[None]:
    """Put back, after the test, the ``sys.modules`` entries a test defers and loads."""
    names = ("colorsys", "xml.dom.minicompat")
    saved = {name: sys.modules.pop(name) for name in names if name in sys.modules}
    yield
    for name in names:
        sys.modules.pop(name, None)
    sys.modules.update(saved)


@pytest.mark.usefixtures("fresh_modules")
def test_a_deferred_module_loads_on_first_use_and_behaves_as_imported() -> None:
    from quizgen.writers.base import defer_import

    defer_import("colorsys")
    import colorsys

    assert sys.modules["colorsys"].__spec__ is None  # the stand-in: not loaded yet
    assert colorsys.rgb_to_hsv(1.0, 0.0, 0.0) == (0.0, 1.0, 1.0)
    assert sys.modules["colorsys"].__spec__ is not None  # the real module now
    from colorsys import hsv_to_rgb

    assert hsv_to_rgb(0.0, 1.0, 1.0) == (1.0, 0.0, 0.0)
    with pytest.raises(AttributeError):
        colorsys.no_such_function  # noqa: B018


@pytest.mark.usefixtures("fresh_modules")
def test_a_deferred_submodule_is_its_package_attribute_and_loads_on_a_from_import() -> None:
    import xml.dom

    from quizgen.writers.base import defer_import

    defer_import("xml.dom.minicompat")
    stand_in = sys.modules["xml.dom.minicompat"]
    assert xml.dom.minicompat is stand_in and stand_in.__spec__ is None
    from xml.dom.minicompat import NodeList

    assert NodeList.__module__ == "xml.dom.minicompat"
    assert sys.modules["xml.dom.minicompat"].__spec__ is not None
    assert xml.dom.minicompat is sys.modules["xml.dom.minicompat"]


def test_deferring_an_imported_module_leaves_it_alone() -> None:
    import json as loaded

    from quizgen.writers.base import defer_import

    defer_import("json")
    assert sys.modules["json"] is loaded
