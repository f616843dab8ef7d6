"""No injection through any output: tests/data/attack puts every attack in every text field.

Each field of each fact starts with one attack (a spreadsheet formula, a tab or carriage
return, Markdown block syntax) and carries the rest (bare URLs and e-mail addresses,
``<script>``, ``</style>``, quotes and backslashes, Markdown emphasis and links). The
deck title also holds a carriage return and a form feed, which end a CSS string.
Every registered format is built, including formats added after this test was written.
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import markdown
import markdown_it
import pytest
from click.testing import CliRunner

from quizgen import writers
from quizgen.cli import cli
from quizgen.load.facts import load_bank
from quizgen.writers.answers_csv import FORMULA_STARTS
from tests.helpers import DATA

ATTACK = DATA / "attack"
LIVE_MARKUP = ("script", "style", "a", "blockquote", "hr", "ol", "h3", "h4", "h5", "h6", "b",
               "em", "code", "pre")
"""Elements that only an attack could put into a rendered quiz or key."""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every registered format built from the attack fixture."""
    out = tmp_path_factory.mktemp("attack") / "out"
    result = CliRunner().invoke(cli, ["build", "--facts", str(ATTACK / "facts.yaml"),
                                      "--corpus", str(ATTACK / "corpus"), "--out-dir", str(out)])
    assert result.exit_code == 0, result.output
    return out


class Elements(HTMLParser):
    """The start tags of an HTML document, and the text of its style elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.styles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        if self.lasttag == "style":
            self.styles.append(data)


def elements(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    return parser


def test_every_format_builds_and_no_markup_file_holds_live_attack_markup(built: Path) -> None:
    """For every registered format: its files exist; HTML and XML hold no attack element."""
    markup = 0
    for writer in writers.formats():
        assert writer.files, writer.name
        for pattern in writer.files:
            names = [pattern.format(deck="attack", version=v) for v in "ABC"]
            for path in (built / name for name in dict.fromkeys(names)):
                assert path.is_file(), (writer.name, path.name)
                if path.suffix in (".html", ".xml", ".htm", ".xhtml"):
                    markup += 1
                    text = path.read_text(encoding="utf-8")
                    for attack in ("<script>alert(1)", "</style><b>", "<b>bold</b>"):
                        assert attack not in text, (path.name, attack)
                    if path.suffix == ".xml":
                        ElementTree.fromstring(text)  # still well-formed
    assert markup > 0


@pytest.mark.parametrize("name", ["quiz-A.html", "key-B.html"])
def test_print_html_shows_attacks_as_text(built: Path, name: str) -> None:
    page = (built / name).read_text(encoding="utf-8")
    parsed = elements(page)
    assert parsed.tags.count("style") == 1
    assert "script" not in parsed.tags and "a" not in parsed.tags
    assert not set(parsed.tags) & set(LIVE_MARKUP) - {"style"}
    assert parsed.tags.count("h1") == 1
    style = parsed.styles[0]
    contents = re.findall(r'content: ((?:"(?:[^"\\]|\\.)*"|[^;"])*);', style)
    assert len(contents) >= 3
    assert any("Deck  see" in value for value in contents)  # the title, its \r\f folded
    for value in contents:  # CSS strings that nothing ends early: no raw line break
        for string in re.findall(r'"(?:[^"\\]|\\.)*"', value):
            assert not re.search(r"[\n\r\f]", string), string
    assert '"=HYPERLINK(\\22 http://evil.example\\22 ,\\22 x\\22 ) Deck  see ' in style
    assert "\\3c /style\\3e \\3c b\\3e bold" in style


@pytest.mark.parametrize("render", ["python-markdown", "commonmark"])
@pytest.mark.parametrize("name", ["quiz-A.md", "key-A.md"])
def test_markdown_renders_every_field_as_one_paragraph_of_text(
        built: Path, name: str, render: str) -> None:
    text = (built / name).read_text(encoding="utf-8")
    if render == "python-markdown":
        page = markdown.markdown(text)
    else:
        page = markdown_it.MarkdownIt("commonmark").render(text)
    parsed = elements(page)
    assert not set(parsed.tags) & set(LIVE_MARKUP), sorted(set(parsed.tags) & set(LIVE_MARKUP))
    assert parsed.tags.count("h1") == 1
    bank = load_bank(ATTACK / "facts.yaml", ATTACK / "corpus")
    assert parsed.tags.count("h2") == (len(bank.topics) if name.startswith("quiz") else 0)
    # bare links are broken where GitHub would start them
    for live in ("https://", "www.evil", "mail@evil"):
        assert live not in text


def test_answers_csv_has_no_cell_a_spreadsheet_evaluates(built: Path) -> None:
    rows = list(csv.reader(io.StringIO((built / "answers.csv").read_text(encoding="utf-8"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert len(rows) == 1 + 3 * 14 and all(len(row) == len(rows[0]) for row in rows)
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert any(cell.startswith("'=HYPERLINK(") for cell in cells)
    assert any(cell.startswith("'\tTAB") or cell.startswith("'-2+3") for cell in cells)


def every_csv(directory: Path) -> list[Path]:
    return sorted(directory.rglob("*.csv"))


def test_every_csv_quizgen_writes_is_neutralised(built: Path) -> None:
    for path in every_csv(built):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))):
            assert not [cell for cell in row if cell.startswith(FORMULA_STARTS)], path.name


def test_anki_fields_are_escaped_html(built: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(built / "attack.apkg") as package:
        (tmp_path / "collection.anki2").write_bytes(package.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        fields = [field for (flds,) in db.execute("select flds from notes")
                  for field in flds.split("\x1f")]
    assert len(fields) > 14
    for field in fields:
        assert "<script" not in field and "</style>" not in field
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in field for field in fields)
