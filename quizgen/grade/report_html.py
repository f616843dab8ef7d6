"""``report.html``: one self-contained page a teacher and a curator read after a quiz.

No script, no external file, and a Content-Security-Policy that forbids fetching
anything, so the page is the same offline, on a phone, or printed. Every text from the
user's files is HTML-escaped.
"""

from __future__ import annotations

from html import escape

from quizgen.grade.flags import FLAGS, is_dead
from quizgen.grade.histogram import histogram_svg
from quizgen.grade.model import FactInfo, Grading
from quizgen.grade.stats import TOP_SHARE, ItemStats

REPORT_HTML = "report.html"

_STYLE = """
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de;
  --bar: #4a78b5; --key: #2f7d32; --flag: #b3261e; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
  color: var(--ink); margin: 0 auto; padding: 24px; max-width: 980px; }
h1 { font-size: 1.6em; margin: 0 0 4px; } h2 { font-size: 1.25em; margin: 28px 0 8px;
  border-bottom: 1px solid var(--line); padding-bottom: 4px; } h3 { margin: 0; font-size: 1.05em; }
.meta, .where, .note { color: var(--muted); } .meta { margin: 0 0 16px; }
.overview { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.overview figure { margin: 0; flex: 1 1 520px; min-width: 0; }
dl.figures { display: grid; grid-template-columns: auto auto; gap: 4px 16px; margin: 0;
  padding: 12px 16px; background: var(--soft); border-radius: 8px; }
dl.figures dt { color: var(--muted); } dl.figures dd { margin: 0; font-weight: 600;
  font-variant-numeric: tabular-nums; text-align: right; }
svg { max-width: 100%; height: auto; } .bar { fill: var(--bar); }
.axis { stroke: var(--ink); } .grid { stroke: var(--line); }
.tick, .label { font-size: 11px; fill: var(--muted); }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line);
  vertical-align: top; } th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; }
.flag { display: inline-block; font-size: 12px; font-weight: 600; color: #fff;
  background: var(--flag); border-radius: 10px; padding: 0 8px; margin: 1px 2px 1px 0; }
.flag.mild { background: #9a6700; }
article.item { border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px;
  margin: 12px 0; break-inside: avoid; }
article.item .question { font-size: 1.05em; margin: 6px 0; }
article.item ul.reasons { margin: 6px 0 10px; padding-left: 20px; }
.scroll { overflow-x: auto; }
table.options { table-layout: fixed; } table.options th { white-space: normal; }
table.options th:nth-child(1) { width: 38%; } table.options th:nth-child(2) { width: 27%; }
td { overflow-wrap: break-word; } td.num, th.num, .flag { white-space: nowrap; }
.scroll td, .scroll th { white-space: nowrap; }
tr.dead td.option, tr.rival td.option { color: var(--flag); }

.share { display: inline-block; height: 10px; background: var(--bar); vertical-align: middle;
  border-radius: 2px; } tr.key .share { background: var(--key); }
tr.key td.option { font-weight: 600; } .keymark { color: var(--key); font-weight: 700; }
a { color: #0b5cad; } .notes { padding-left: 20px; }
@media (max-width: 600px) { body { padding: 12px; font-size: 14px; } th, td { padding: 3px 4px; }
  table.options th:nth-child(2), table.options td:nth-child(2) { display: none; }
  table.options th:nth-child(1) { width: 46%; } }
@media print { body { padding: 0; } a { color: inherit; text-decoration: none; } }
"""

_MILD = {"too-easy", "dead-distractor"}


def report_html(grading: Grading, facts: dict[str, FactInfo], title: str) -> bytes:
    """The whole page for ``grading``; ``facts`` gives each fact's question and line."""
    main = [_overview(grading), _item_table(grading), _flagged(grading, facts),
            _notes(grading)]
    page = (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        'style-src \'unsafe-inline\'">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Item analysis: {escape(title)}</title>\n<style>{_STYLE}</style>\n"
        f"</head>\n<body>\n{_header(grading, title)}\n<main>\n"
        + "\n".join(part for part in main if part) + "\n</main>\n</body>\n</html>\n")
    return page.encode("utf-8")


def _header(grading: Grading, title: str) -> str:
    key = grading.key
    build = f"build {escape(key.build)}" if key.build else "no build id"
    versions = len(key.versions)
    scoring = ("formula scoring (right - wrong/(k-1))" if grading.formula
               else "number right")
    return (f"<header><h1>{escape(title)}: marks and item analysis</h1>"
            f'<p class="meta">{len(grading.scores)} students · {versions} '
            f"version{'s' if versions != 1 else ''} of {key.questions} questions · {build} · "
            f"scored {scoring} · from {escape(grading.responses.path)}</p></header>")


def _overview(grading: Grading) -> str:
    stats = grading.summary
    formula = grading.formula
    percent = 100 * stats.mean / stats.max_score

    def figure(value: float | None) -> str:
        return "—" if value is None else f"{value:.2f}"

    rows = [("Class size", str(stats.students)),
            ("Mean", f"{stats.mean:.1f} of {stats.max_score} ({percent:.0f}%)"),
            ("Median", f"{stats.median:.2f}" if formula else f"{stats.median:g}"),
            ("Standard deviation", f"{stats.sd:.2f}"),
            ("Reliability (KR-20)", figure(stats.kr20)),
            ("Standard error (SEM)", figure(stats.sem))]
    figures = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    svg = histogram_svg([score.score for score in grading.scores], stats.max_score)
    caption = ("KR-20 and SEM use number-right item scores; SEM is in points. "
               "SD divides by the class size.")
    return (f'<section class="overview" aria-label="Summary"><dl class="figures">{figures}'
            f'</dl><figure>{svg}<figcaption class="note">Scores of the class. '
            f"{caption}</figcaption></figure></section>")


def _flag_badges(names: list[str]) -> str:
    return " ".join(f'<span class="flag{" mild" if name in _MILD else ""}">{escape(name)}</span>'
                    for name in names)


def _item_table(grading: Grading) -> str:
    rows = []
    for item in grading.ordered_items():
        names = [flag.name for flag in grading.flags.get(item.fact_id, ())]
        fact = escape(item.fact_id)
        link = f'<a href="#item-{fact}">{fact}</a>' if names else fact
        rows.append(f"<tr><td>{link}</td><td class=\"num\">{item.n}</td>"
                    f'<td class="num">{_fixed(item.p)}</td>'
                    f'<td class="num">{_fixed(item.discrimination)}</td>'
                    f'<td class="num">{item.omitted}</td><td>{_flag_badges(names)}</td></tr>')
    legend = ", ".join(FLAGS)
    return ("<section><h2>Items</h2>"
            f'<p class="note">Sorted by flag ({escape(legend)}), then in quiz order. p: '
            "proportion correct. Discrimination: correlation of the item with the rest of the "
            "quiz (corrected point-biserial). Omitted: blanks and multiple marks.</p>"
            '<div class="scroll" tabindex="0" role="region" aria-label="Item table">'
            '<table><thead><tr><th>fact</th><th class="num">n</th><th class="num">p</th>'
            '<th class="num">discrimination</th><th class="num">omitted</th><th>flags</th>'
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div></section>")


def _flagged(grading: Grading, facts: dict[str, FactInfo]) -> str:
    articles = []
    for item in grading.ordered_items():
        flags = grading.flags.get(item.fact_id, ())
        if not flags:
            continue
        info = facts.get(item.fact_id)
        where = (f"{escape(info.path)} line {info.line}" if info
                 else "not in the facts file any more")
        question = escape(info.question) if info else "(question not found)"
        reasons = "".join(f"<li>{_flag_badges([flag.name])} {escape(flag.reason)}</li>"
                          for flag in flags)
        fact = escape(item.fact_id)
        articles.append(
            f'<article class="item" id="item-{fact}"><h3>{fact}</h3>'
            f'<div class="where">{where}</div><p class="question">{question}</p>'
            f'<ul class="reasons">{reasons}</ul>{_options_table(item)}</article>')
    if not articles:
        return "<section><h2>Flagged items</h2><p>No item was flagged.</p></section>"
    return f"<section><h2>Flagged items ({len(articles)})</h2>{''.join(articles)}</section>"


def _options_table(item: ItemStats) -> str:
    rows = []
    rivals = {index for index in range(1, len(item.options))
              if item.top_counts[index] > item.top_counts[0]}
    for index, option in enumerate(item.options):
        kind = "key" if index == 0 else "rival" if index in rivals else (
            "dead" if is_dead(item.counts[index], item.n) else "distractor")
        share = item.counts[index] / item.n if item.n else 0.0
        top = item.top_counts[index] / item.top_n if item.top_n else 0.0
        mark = '<span class="keymark" title="the key">✓ </span>' if index == 0 else ""
        rows.append(
            f'<tr class="{kind}">'
            f'<td class="option">{mark}{escape(option)}</td>'
            f'<td class="sharecell"><span class="share" style="width:{100 * share:.0f}%">'
            '</span></td>'
            f'<td class="num">{share:.0%}</td><td class="num">{item.counts[index]}</td>'
            f'<td class="num">{top:.0%}</td></tr>')
    omitted = item.omitted / item.n if item.n else 0.0
    rows.append(f'<tr><td class="note">no answer or several</td><td></td>'
                f'<td class="num">{omitted:.0%}</td><td class="num">{item.omitted}</td>'
                '<td></td></tr>')
    return ('<table class="options"><thead><tr><th>option</th><th>share choosing it</th>'
            '<th class="num">'
            f'share</th><th class="num">students</th><th class="num">top {TOP_SHARE:.0%}'
            f"</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _notes(grading: Grading) -> str:
    if not grading.responses.notes:
        return ""
    items = "".join(f"<li>{escape(str(note))}</li>" for note in grading.responses.notes)
    return f'<section><h2>Notes</h2><ul class="notes">{items}</ul></section>'


def _fixed(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"
