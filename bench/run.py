"""Benchmark quizgen against the strongest peers and the parse floor, at growing sizes.

Generates synthetic banks (bench/synth.py) in a temp directory and times each command
as a separate process, reading its peak memory from ``os.wait4``. Runs are interleaved
(A B C A B C ...), so a machine that slows down for a while slows every command alike,
and each figure is the median of ``--repeat`` runs. Every Anki and build timing says
whether it is a first build (no manifest in the output directory) or a rebuild.

    python bench/run.py                                   # 5k, 50k, 200k; 5 runs each
    python bench/run.py --sizes 1000,5000 --repeat 1      # a quick look
    python bench/run.py --against /old/venv/bin/quizgen   # before/after, interleaved
    python bench/run.py --students 10000 --questions 100  # the grading figure's defaults

What the classroom exports cost: ``quizgen build`` with every format against the same
build with ``--format`` naming every format but moodle-xml, gift, qti and anki-tsv,
interleaved with the rest, as "exports add N%" of CPU time (the machine is shared, so
CPU time, not wall time, says what the exports cost).

Nothing is timed inside the test suite; a test only runs this at a tiny size.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from child import time_child  # noqa: E402
from grading import grading_table, measure_grading  # noqa: E402
from synth import generate  # noqa: E402

_SCRIPT = Path(sys.executable).parent / "quizgen"
QUIZGEN = str(_SCRIPT) if _SCRIPT.exists() else "quizgen"
PARSE = ("import yaml; yaml.load(open('facts.yaml', encoding='utf-8'), "
         "Loader=yaml.CSafeLoader)")
GC_OFF = "import gc; gc.disable(); "
EXPORTS = ("moodle-xml", "gift", "qti", "anki-tsv")
"""The classroom exports whose cost the benchmark reports (issue 15: under 30%)."""
WITHOUT_EXPORTS = "quizgen build without the classroom exports (first build)"


@dataclass
class Command:
    """One command to time: its argv, and what to do before each run (e.g. clear output)."""

    argv: list[str]
    cwd: Path
    before: Callable[[], None] = lambda: None
    runs: list[tuple[float, float, float]] = field(default_factory=list)
    """Each run's wall seconds, CPU seconds and peak RSS in MiB."""

    @property
    def seconds(self) -> float:
        """Median wall time over the runs."""
        return statistics.median(t for t, _, _ in self.runs)

    @property
    def cpu_seconds(self) -> float:
        """Median CPU time (user + system) over the runs."""
        return statistics.median(c for _, c, _ in self.runs)

    @property
    def peak_mib(self) -> float:
        """Largest peak RSS over the runs, in MiB."""
        return max(m for _, _, m in self.runs)


def run_once(argv: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall time, CPU time and peak RSS (MiB) of one child process; raises if it fails."""
    return time_child(argv, cwd)


def format_names(program: str) -> list[str]:
    """Every format ``program`` builds by default, from ``quizgen build --list-formats``."""
    listed = subprocess.run([program, "build", "--list-formats"], capture_output=True,
                            text=True, check=True).stdout
    return [line.split()[0] for line in listed.splitlines() if line[:1].strip()]


def interleaved(commands: dict[str, Command], repeat: int) -> None:
    """Run every command ``repeat`` times, one run of each in turn."""
    for _ in range(repeat):
        for command in commands.values():
            command.before()
            command.runs.append(run_once(command.argv, command.cwd))


def emptied(path: Path) -> Callable[[], None]:
    """A ``before`` step that removes ``path`` (a first build finds no manifest)."""
    return lambda: shutil.rmtree(path, ignore_errors=True)


def size_commands(work: Path, quizgen: dict[str, str]) -> dict[str, Command]:
    """Every command measured at one size, by the name the table shows."""
    found: dict[str, Command] = {}
    for label, program in quizgen.items():
        prefix = f"{label}: " if label else ""
        out = work / f"out-{len(found)}"
        rebuilt = work / f"rebuilt-{len(found)}"
        found |= {
            f"{prefix}quizgen check": Command([program, "check"], work),
            f"{prefix}quizgen anki (first build)": Command(
                [program, "anki", "-o", str(out / "bank.apkg")], work, emptied(out)),
            f"{prefix}quizgen anki (rebuild)": Command(
                [program, "anki", "-o", str(rebuilt / "bank.apkg")], work),
            f"{prefix}quizgen quiz --versions 3": Command(
                [program, "quiz", "--versions", "3", "--out-dir", str(out / "quiz")], work),
            f"{prefix}quizgen build (first build)": Command(
                [program, "build", "--out-dir", str(out / "build")], work,
                emptied(out / "build")),
            f"{prefix}{WITHOUT_EXPORTS}": Command(
                [program, "build", "--out-dir", str(out / "without"),
                 *(arg for name in format_names(program) if name not in EXPORTS
                   for arg in ("--format", name))], work, emptied(out / "without")),
        }
    python = sys.executable
    found |= {
        "raw genanki script": Command(
            [python, str(HERE / "raw_genanki.py"), "facts.yaml", str(work / "raw.apkg")], work),
        "raw genanki script, gc off": Command(
            [python, "-c", GC_OFF + "import runpy, sys; sys.argv[1:] = ['facts.yaml', "
             f"{str(work / 'raw.apkg')!r}]; runpy.run_path({str(HERE / 'raw_genanki.py')!r}, "
             "run_name='__main__')"], work),
        "raw genanki script, basic notes only, gc off": Command(
            [python, "-c", GC_OFF + "import runpy, sys; sys.argv[1:] = ['facts.yaml', "
             f"{str(work / 'raw-basic.apkg')!r}, '--basic-only']; "
             f"runpy.run_path({str(HERE / 'raw_genanki.py')!r}, run_name='__main__')"], work),
        "C-YAML parse": Command([python, "-c", PARSE], work),
        "C-YAML parse, gc off": Command([python, "-c", GC_OFF + PARSE], work),
    }
    return found


def startup_commands(tmp: Path, quizgen: dict[str, str]) -> dict[str, Command]:
    """Start-up: --help against import click, the shipped build against an empty Python."""
    shipped = tmp / "shipped"
    shutil.copytree(REPO / "corpus", shipped / "corpus")
    shutil.copy(REPO / "facts.yaml", shipped / "facts.yaml")
    found: dict[str, Command] = {}
    for label, program in quizgen.items():
        prefix = f"{label}: " if label else ""
        out = shipped / f"decks-{len(found)}"
        found[f"{prefix}quizgen --help"] = Command([program, "--help"], tmp)
        if not label:  # an older quizgen may not read today's facts.yaml
            found["quizgen build, shipped facts (first build)"] = Command(
                [program, "build", "--out-dir", str(out)], shipped, emptied(out))
    found["python -c 'import click'"] = Command([sys.executable, "-c", "import click"], tmp)
    found[LIBRARIES] = Command([sys.executable, "-c", IMPORT_LIBRARIES], tmp)
    found["python -c pass"] = Command([sys.executable, "-c", "pass"], tmp)
    return found


LIBRARIES = "python: import the libraries a default build uses"
IMPORT_LIBRARIES = (
    "import functools, sys, types\n"
    "from quizgen.writers.base import defer_import\n"
    "defer_import('bespon'); defer_import('urllib.request')  # as the build defers them\n"
    # genanki with the standard cached_property, as quizgen.anki.package imports it (that
    # module's own helper is not called: importing it would add quizgen's modules here)
    "sys.modules['cached_property'] = types.ModuleType('cached_property')\n"
    "sys.modules['cached_property'].cached_property = functools.cached_property\n"
    "import click, yaml, markdown, genanki, segno, lxml.etree, text2qti.quiz, text2qti.qti")
"""The floor of the shipped build: its formats' libraries imported as the build imports
them (without the modules it defers, and genanki without asyncio), nothing else done."""


def machine() -> str:
    """One line describing the machine the figures come from."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,50000,200000",
                        help="comma-separated fact counts (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per command (median)")
    parser.add_argument("--against", metavar="QUIZGEN",
                        help="another quizgen executable to time alongside, as 'before'")
    parser.add_argument("--students", type=int, default=10000,
                        help="class size for the grading figure (default: %(default)s)")
    parser.add_argument("--questions", type=int, default=100,
                        help="questions for the grading figure (default: %(default)s)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    quizgen = {"": QUIZGEN} | ({"before": args.against} if args.against else {})

    # An editable checkout (or PYTHONDONTWRITEBYTECODE, set on some machines) leaves
    # quizgen's modules uncompiled, and every run would compile them anew (a tenth of the
    # shipped build): compile them once, as pip does when it installs a wheel.
    compileall.compile_dir(REPO / "quizgen", quiet=1)
    results: dict[int, dict[str, Command]] = {}
    with tempfile.TemporaryDirectory(prefix="quizgen-bench-") as tmp:
        for size in sizes:
            work = Path(tmp) / str(size)
            generate(size, work)
            results[size] = size_commands(work, quizgen)
            for name, command in results[size].items():  # the rebuilds find a manifest
                if "(rebuild)" in name:
                    run_once(command.argv, command.cwd)
            interleaved(results[size], args.repeat)
            print(f"measured {size} facts", file=sys.stderr)
        startup = startup_commands(Path(tmp), quizgen)
        interleaved(startup, args.repeat)
        grading = measure_grading(QUIZGEN, Path(tmp) / "grade", args.students, args.questions,
                                  args.repeat)
    print(report(results, startup, args.repeat))
    print()
    print(grading_table(grading))


def report(results: dict[int, dict[str, Command]], startup: dict[str, Command],
           repeat: int) -> str:
    """The Markdown tables: every figure, then each target ratio with its baseline."""
    sizes = sorted(results)
    names = list(results[sizes[0]])
    lines = [f"Machine: {machine()}. Runs interleaved; median of {repeat}; "
             "peak RSS of the process in MiB.", "",
             "| command | " + " | ".join(f"{size:,} facts" for size in sizes) + " |",
             "|---|" + "---:|" * len(sizes)]
    for name in names:
        cells = [f"{results[s][name].seconds:.2f} s, {results[s][name].peak_mib:.0f} MiB"
                 for s in sizes]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "| start-up | time |", "|---|---:|"]
    lines += [f"| {name} | {command.seconds * 1000:.0f} ms |"
              for name, command in startup.items()]

    big = 50000 if 50000 in results else sizes[-1]
    at = results[big]
    ratios = [
        (f"quizgen anki (first build) / raw genanki script, gc off, at {big:,}",
         at["quizgen anki (first build)"].seconds / at["raw genanki script, gc off"].seconds,
         "≤ 1.0"),
        (f"quizgen anki (first build) / raw genanki script, basic notes only, gc off, at {big:,}",
         at["quizgen anki (first build)"].seconds
         / at["raw genanki script, basic notes only, gc off"].seconds, "(as filed)"),
        (f"quizgen check / C-YAML parse, gc off, at {big:,}",
         at["quizgen check"].seconds / at["C-YAML parse, gc off"].seconds, "≤ 1.5"),
        (f"quizgen build (first build) peak memory at {big:,} (MiB)",
         at["quizgen build (first build)"].peak_mib, "≤ 160"),
        ("quizgen build, shipped facts (first build) / python -c pass",
         startup["quizgen build, shipped facts (first build)"].seconds
         / startup["python -c pass"].seconds, "≤ 6"),
        (f"{LIBRARIES} / python -c pass (the floor of the row above)",
         startup[LIBRARIES].seconds / startup["python -c pass"].seconds, ""),
        ("quizgen --help / python -c 'import click'",
         startup["quizgen --help"].seconds / startup["python -c 'import click'"].seconds,
         "≤ 1.5"),
    ]
    if 50000 in results and 200000 in results:
        for name in names:
            if name.startswith("quizgen"):
                growth = results[200000][name].seconds / results[50000][name].seconds
                ratios.append((f"{name}: time(200k) / time(50k)", growth, "≤ 4.2"))
                # CPU time too: on a shared machine the two sizes run minutes apart, under
                # different loads, which wall time counts and CPU time mostly does not.
                cpu = results[200000][name].cpu_seconds / results[50000][name].cpu_seconds
                ratios.append((f"{name}: CPU time(200k) / CPU time(50k)", cpu, "≤ 4.2"))
    exports = [exports_added(at, name.removesuffix(WITHOUT_EXPORTS)) for name in at
               if name.endswith(WITHOUT_EXPORTS)]
    ratios += [(f"{prefix}quizgen build (first build) CPU / {WITHOUT_EXPORTS} CPU, at {big:,}",
                1 + added / 100, "< 1.30") for prefix, added, _ in exports]
    lines += ["", "| ratio | measured | target |", "|---|---:|---:|"]
    lines += [f"| {label} | {value:.2f} | {target} |" for label, value, target in ratios]
    lines += ["", *(sentence for _, _, sentence in exports)]
    return "\n".join(lines)


def exports_added(at: dict[str, Command], prefix: str) -> tuple[str, float, str]:
    """What the classroom exports add to ``quizgen build``: percent of CPU time, and a line.

    CPU time rather than wall time: on a shared machine wall time also counts the other
    processes' turns. Both builds are first builds, run interleaved with the rest.
    """
    every, without = at[f"{prefix}quizgen build (first build)"], at[f"{prefix}{WITHOUT_EXPORTS}"]
    added = 100 * (every.cpu_seconds / without.cpu_seconds - 1)
    wall = 100 * (every.seconds / without.seconds - 1)
    sentence = (f"{prefix}exports add {added:.0f}% (CPU; {wall:.0f}% wall): quizgen build "
                f"takes {every.cpu_seconds:.2f} s CPU with every format, "
                f"{without.cpu_seconds:.2f} s without {', '.join(EXPORTS)}.")
    return prefix, added, sentence


if __name__ == "__main__":
    main()
