"""A build is whole or absent: killed at any point, or run twice at once, it never mixes.

Real processes, real SIGKILL: each killed build is a ``quizgen build`` of an 8,000-fact
bank (generated once for the module), and the directory is then checked after what the
next build does first (finish an interrupted build's renames, remove temporaries).
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.synth import generate
from quizgen.outputs import RECORD, locked_output_dir

KILLS = 20
CONCURRENT_RUNS = 10
BIG_BUILD = ("--no-lint", *(arg for name in ("anki", "quiz-md", "key-md", "answers-csv",
                                            "moodle-xml", "gift", "anki-tsv")
                           for arg in ("--format", name)))
"""What the 8,000-fact builds write: eleven files, so kills land in every phase, without
the slowest formats (lint, print HTML, sheets, QTI), which would take the suite past its
ten minutes on two cores; the 300-fact builds below write every format."""
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "CI": "1"}


def quizgen(project: Path, *args: str) -> subprocess.Popen[bytes]:
    """``quizgen build`` in ``project`` as its own process."""
    return subprocess.Popen(
        [sys.executable, "-m", "quizgen", "build", "--out-dir", "out", *args],
        cwd=project, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def snapshot(directory: Path) -> dict[str, str]:
    """Every file under ``directory`` by relative path, as a SHA-256."""
    return {str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(directory.rglob("*")) if path.is_file()}


def recovered(directory: Path) -> dict[str, str]:
    """The directory after the next build's first step: repaired and cleaned."""
    with locked_output_dir(directory):
        pass
    return snapshot(directory)


def built(project: Path, seed: str, *args: str) -> dict[str, str]:
    """The files of a complete build with ``seed`` (into ``out``)."""
    process = quizgen(project, "--seed", seed, *args)
    _, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, stderr.decode()
    return snapshot(project / "out")


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, str]], float]:
    """An 8,000-fact project, the snapshots of its builds with seeds 1 and 2, a build's time."""
    project = tmp_path_factory.mktemp("big")
    generate(8_000, project)
    first = built(project, "1", *BIG_BUILD)  # with SOURCE_DATE_EPOCH the deck is the same
    started = time.perf_counter()
    second = built(project, "2", *BIG_BUILD)
    duration = time.perf_counter() - started
    assert first != second
    return project, {"1": first, "2": second}, duration


def test_a_build_killed_at_random_points_leaves_one_whole_build(
        big: tuple[Path, dict[str, dict[str, str]], float]) -> None:
    project, builds, duration = big
    out = project / "out"
    rng = random.Random(2025)
    current = "1"
    interrupted = 0
    for _ in range(KILLS):
        seed = "2" if current == "1" else "1"
        process = quizgen(project, "--seed", seed, *BIG_BUILD)
        time.sleep(rng.uniform(0.2, 1.1) * duration)
        process.send_signal(signal.SIGKILL)
        process.wait()
        interrupted += (out / RECORD).exists()
        state = recovered(out)
        assert state in (builds["1"], builds["2"]), sorted(set(state) ^ set(builds["1"]))
        current = "1" if state == builds["1"] else "2"
    assert not list(out.glob(".quizgen-*"))


KILL_DURING_RENAMES = """
import os, signal, sys
import quizgen.outputs
from quizgen.cli import main
renamed = []
def replace(source, target):
    os.rename(source, target)
    if not str(target).endswith("{record}"):
        renamed.append(target)
        if len(renamed) == 3:
            os.kill(os.getpid(), signal.SIGKILL)
quizgen.outputs.os.replace = replace
sys.argv = ["quizgen", "build", "--out-dir", "out", "--seed", *sys.argv[1:]]
main()
"""


def test_a_build_killed_inside_its_renames_is_finished_by_the_next(
        big: tuple[Path, dict[str, dict[str, str]], float]) -> None:
    project, builds, _ = big
    out = project / "out"
    recovered(out)
    seed = "2" if snapshot(out) == builds["1"] else "1"
    killed = subprocess.run([sys.executable, "-c", KILL_DURING_RENAMES.format(record=RECORD),
                             seed, *BIG_BUILD], cwd=project, env=ENV, capture_output=True,
                            check=False)
    assert killed.returncode == -signal.SIGKILL
    assert (out / RECORD).exists()
    torn = {name: digest for name, digest in snapshot(out).items()
            if not name.startswith(".quizgen-")}
    assert torn not in (builds["1"], builds["2"])  # three files of the new build, the rest old
    after = quizgen(project, "--seed", seed, *BIG_BUILD)
    _, stderr = after.communicate(timeout=600)
    assert after.returncode == 0
    assert "files of a build that was interrupted" in stderr.decode()
    assert snapshot(out) == builds[seed]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, str]]]:
    """A 300-fact project and the snapshots of its builds with seeds 1 and 2."""
    project = tmp_path_factory.mktemp("small")
    generate(300, project)
    built(project, "1")
    return project, {"2": built(project, "2"), "1": built(project, "1")}


def test_two_builds_at_once_leave_one_whole_build(
        small: tuple[Path, dict[str, dict[str, str]]]) -> None:
    project, builds = small
    waited = 0
    for _ in range(CONCURRENT_RUNS):
        first, second = quizgen(project, "--seed", "1"), quizgen(project, "--seed", "2")
        outputs = [process.communicate(timeout=600) for process in (first, second)]
        assert first.returncode == second.returncode == 0, outputs
        waited += sum(b"waiting for another quizgen build" in err for _, err in outputs)
        assert snapshot(project / "out") in (builds["1"], builds["2"])
    assert waited > 0  # the runs did overlap, and the lock held one back


def test_two_fresh_builds_with_one_source_date_epoch_are_byte_identical(
        small: tuple[Path, dict[str, dict[str, str]]], tmp_path: Path) -> None:
    project, _ = small
    trees = []
    for name in ("a", "b"):
        fresh = tmp_path / name
        fresh.mkdir()
        (fresh / "facts.yaml").symlink_to(project / "facts.yaml")
        (fresh / "corpus").symlink_to(project / "corpus")
        process = quizgen(fresh)
        _, stderr = process.communicate(timeout=600)
        assert process.returncode == 0
        assert b"warning: no previous manifest" in stderr
        trees.append(snapshot(fresh / "out"))
        time.sleep(1.1)  # a wall-clock stamp would now differ
    assert trees[0] == trees[1]
