"""Benchmark quizgen against raw genanki and a bare YAML parse, at growing sizes.

Generates synthetic banks (bench/synth.py) in a temp directory, times each command as a
separate process (median of --repeat runs), reads each child's peak memory from
``os.wait4``, and prints a Markdown table plus the target ratios. Nothing is timed
inside the test suite; tests only run this script at a tiny size so it cannot rot.

    python bench/run.py                       # 1k, 5k, 10k, 50k; 3 runs each
    python bench/run.py --sizes 200 --repeat 1
    python bench/run.py --students 10000 --questions 100   # the grading figure's defaults
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from grading import grading_table, measure_grading  # noqa: E402
from synth import generate  # noqa: E402

_SCRIPT = Path(sys.executable).parent / "quizgen"
QUIZGEN = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "quizgen"]
CLICK = "python -c 'import click'"


@dataclass(frozen=True)
class Measure:
    """Median wall time (seconds) and largest peak RSS (MB) over the runs of one command."""

    seconds: float
    peak_mb: float


def run_once(argv: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time and peak RSS of one child process; raises if it fails."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a chatty child cannot block
        start = time.perf_counter()
        child = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(argv)} failed ({child.returncode}):\n"
                             f"{errors.read().decode(errors='replace')}")
    return elapsed, usage.ru_maxrss / 1024


def measure(argv: list[str], cwd: Path, repeat: int) -> Measure:
    """Median time and worst peak memory of ``repeat`` runs."""
    runs = [run_once(argv, cwd) for _ in range(repeat)]
    return Measure(statistics.median(t for t, _ in runs), max(m for _, m in runs))


def commands(work: Path) -> dict[str, list[str]]:
    """Every command measured at one size, by the name the table shows."""
    return {
        "quizgen check": [*QUIZGEN, "check"],
        "quizgen anki": [*QUIZGEN, "anki", "-o", str(work / "out" / "bank.apkg")],
        "quizgen quiz --versions 3": [*QUIZGEN, "quiz", "--versions", "3",
                                      "--out-dir", str(work / "out")],
        "quizgen build": [*QUIZGEN, "build"],
        "raw genanki script": [sys.executable, str(HERE / "raw_genanki.py"), "facts.yaml",
                               str(work / "raw.apkg")],
        "bare C-YAML parse": [sys.executable, "-c",
                              "import yaml; yaml.load(open('facts.yaml', encoding='utf-8'), "
                              "Loader=yaml.CSafeLoader)"],
    }


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
    parser.add_argument("--sizes", default="1000,5000,10000,50000",
                        help="comma-separated fact counts (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (median)")
    parser.add_argument("--students", type=int, default=10000,
                        help="class size for the grading figure (default: %(default)s)")
    parser.add_argument("--questions", type=int, default=100,
                        help="questions for the grading figure (default: %(default)s)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    results: dict[int, dict[str, Measure]] = {}
    with tempfile.TemporaryDirectory(prefix="quizgen-bench-") as tmp:
        for size in sizes:
            work = Path(tmp) / str(size)
            generate(size, work)
            results[size] = {name: measure(argv, work, args.repeat)
                             for name, argv in commands(work).items()}
            print(f"measured {size} facts", file=sys.stderr)
        startup = {
            "quizgen --help": measure([*QUIZGEN, "--help"], Path(tmp), max(args.repeat, 5)),
            CLICK: measure([sys.executable, "-c", "import click"],
                                                Path(tmp), max(args.repeat, 5)),
        }
        grading = measure_grading(QUIZGEN, Path(tmp) / "grade", args.students, args.questions,
                                  args.repeat)
    print(report(results, startup, args.repeat))
    print()
    print(grading_table(grading))


def report(results: dict[int, dict[str, Measure]], startup: dict[str, Measure],
           repeat: int) -> str:
    """The Markdown table and the target ratios."""
    sizes = sorted(results)
    names = list(results[sizes[0]])
    lines = [f"Machine: {machine()}. Median of {repeat} run(s); peak RSS of the process.", "",
             "| command | " + " | ".join(f"{size:,} facts" for size in sizes) + " |",
             "|---|" + "---:|" * len(sizes)]
    for name in names:
        cells = [f"{results[s][name].seconds:.2f} s, {results[s][name].peak_mb:.0f} MB"
                 for s in sizes]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    big = sizes[-1]
    ratios = [
        ("quizgen anki / raw genanki", results[big]["quizgen anki"].seconds
         / results[big]["raw genanki script"].seconds, 1.2, big),
        ("quizgen check / bare C-YAML parse", results[big]["quizgen check"].seconds
         / results[big]["bare C-YAML parse"].seconds, 1.5, big),
        ("quizgen --help / import click", startup["quizgen --help"].seconds
         / startup[CLICK].seconds, 1.5, None),
    ]
    lines += ["", "| ratio | measured | target |", "|---|---:|---:|"]
    for label, value, target, at in ratios:
        where = f" at {at:,}" if at else ""
        lines.append(f"| {label}{where} | {value:.2f} | ≤ {target} |")
    if 5000 in results and 50000 in results:
        for name in names[:4]:
            growth = results[50000][name].seconds / results[5000][name].seconds
            lines.append(f"| {name}: time(50k) / time(5k) | {growth:.1f} | ≤ 12 |")
        peak = max(m.peak_mb for name, m in results[50000].items() if name.startswith("quizgen"))
        lines.append(f"| quizgen peak memory at 50k | {peak:.0f} MB | ≤ 300 MB |")
    lines.append("")
    help_ms = startup["quizgen --help"].seconds * 1000
    click_ms = startup[CLICK].seconds * 1000
    lines.append(f"quizgen --help: {help_ms:.0f} ms; python -c 'import click': {click_ms:.0f} ms")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
