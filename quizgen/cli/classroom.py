"""``quizgen grade`` and ``quizgen scan``: mark a class and read its answer sheets."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from quizgen.defaults import (
    GRADES_DIR,
    OUT_DIR,
)

if TYPE_CHECKING:
    pass

from quizgen.cli.common import (
    input_options,
    load,
    reported_errors,
)


@click.command()
@input_options
@click.argument("responses", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--answers", type=click.Path(dir_okay=False, path_type=Path),
              default=Path(OUT_DIR) / "answers.csv", show_default=True,
              help="The build's answers.csv: each version's questions, keys and options.")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path(GRADES_DIR), show_default=True, help="Directory to write into.")
@click.option("--formula", is_flag=True,
              help="Formula scoring: subtract 1/(k-1) per wrong answer to a k-option question.")
def grade(facts: Path, corpus: Path, responses: Path, answers: Path, out_dir: Path,
          formula: bool) -> None:
    """Mark a class's RESPONSES (student,version,build,1,2,...) and analyse every item.

    Writes scores.csv, items.csv and report.html; flags items whose key the best
    students reject, that discriminate negatively, are too easy or too hard, or have a
    distractor nobody chooses. Nothing is written if any response is bad.
    """
    with reported_errors():
        from quizgen.grade import grade as grade_class
        from quizgen.grade import grade_outputs
        from quizgen.grade.model import fact_info
        from quizgen.grade.summary import grade_summary
        from quizgen.outputs import write_outputs

        grading = grade_class(responses, answers, formula)
        bank = load(facts, corpus)
        written = write_outputs(grade_outputs(grading, bank), out_dir)
    for note in grading.responses.notes:
        click.echo(str(note), err=True)
    click.echo(grade_summary(grading, fact_info(bank), written.paths, written.unchanged))


SCAN_MODULES = {"cv2": "opencv-python-headless", "numpy": "numpy", "pypdfium2": "pypdfium2"}
"""What ``quizgen scan`` imports, and the package that brings each (the ``scan`` extra)."""


def missing_scan_modules() -> list[str]:
    """The packages of the ``scan`` extra that are not installed."""
    import importlib.util

    return [package for module, package in SCAN_MODULES.items()
            if importlib.util.find_spec(module) is None]


@click.command()
@click.argument("scans", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--layout", "layout_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path(OUT_DIR) / "sheet-layout.json", show_default=True,
              help="The sheet-layout.json of the build the sheets were printed from.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("responses.csv"), show_default=True,
              help="The responses file to write (what quizgen grade reads).")
@click.option("--review-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("review"), show_default=True,
              help="Where to write index.html, every doubtful mark with its crop.")
def scan(scans: tuple[Path, ...], layout_path: Path, output: Path, review_dir: Path) -> None:
    """Read scanned answer SCANS (PDFs, PNG or JPEG photos) into a responses file.

    Every doubtful mark (faint, partial, erased, two in a row, an unreadable student
    number) is written as the marking rules read it and listed in the review page with a
    crop of the row. Exit 1 if a page could not be read at all.
    """
    missing = missing_scan_modules()
    if missing:
        click.echo(f"quizgen scan needs {', '.join(missing)}: install them with\n"
                   "    pip install 'quizgen[scan]'", err=True)
        sys.exit(2)
    with reported_errors():
        from quizgen.errors import file_problem
        from quizgen.outputs import OutputFile, write_outputs
        from quizgen.scan import scan as scan_files
        from quizgen.text import plural
        from quizgen.writers.sheet_layout import read_layout

        try:
            layout = read_layout(layout_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise file_problem(layout_path, "no sheet layout here: give the "
                               "sheet-layout.json written beside the printed sheets "
                               "(--layout)") from None
        except (ValueError, KeyError, TypeError) as error:
            raise file_problem(layout_path, f"not a sheet layout: {error}") from None
        result = scan_files(list(scans), layout)
        for ref, why in result.failed:
            click.echo(f"{ref}: error: {why}", err=True)
        write_outputs([OutputFile(output.name, result.responses().encode())], output.parent)
        write_outputs([OutputFile("index.html", result.review().encode())], review_dir)
    read = result.pages - len(result.failed)
    click.echo(f"read {read} of {plural(result.pages, 'page')}: "
               f"{plural(len(result.sheets), 'sheet')}, wrote {output}")
    review = review_dir / "index.html"
    click.echo(f"{plural(result.doubts, 'doubt')} to look at in {review}" if result.doubts
               else f"no doubts: every mark was clear ({review})")
    if result.failed:
        click.echo(f"{plural(len(result.failed), 'page')} could not be read: rescan "
                   f"{'it' if len(result.failed) == 1 else 'them'}", err=True)
        sys.exit(1)
