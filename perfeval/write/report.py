"""Results as text: the 自评表 table, markdown, html, json and csv.

The only module that imports tabulate. Every format shows the same numbers:
scores at the card's precision, money as written, rates in percent.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..core._decimal import exact
from ..core._safe import csv_row, fold, json_safe, md_cell, md_line, visible
from ..core.data import to_data
from ..core.explain import level_names
from ..core.results import Finding, IndicatorScore, Result, fmt, indicator_actual
from ..core.targets import as_written, format_decimal

if TYPE_CHECKING:
    from ..core.grading import Band

__all__ = ["FORMATS", "render", "to_data", "to_json"]

FORMATS = ("table", "markdown", "html", "json", "csv")

_LABELS = {
    "zh": {
        "level1": "一级指标",
        "level2": "二级指标",
        "level3": "三级指标",
        "target": "年度指标值",
        "actual": "实际完成值",
        "weight": "分值",
        "rescaled": "折算分值",
        "score": "得分",
        "note": "偏差原因分析及改进措施",
        "initial": "年初预算数",
        "adjusted": "全年预算数",
        "spent": "全年执行数",
        "rate": "执行率",
        "budget_note": "偏差原因",
        "funds": "预算执行情况",
        "indicators": "绩效指标完成情况",
        "total": "合计",
        "total_with_budget": "合计（含预算执行率）",
        "summary": "总分",
        "grade": "评价等次",
        "findings": "需说明事项",
        "lost": "失分明细",
        "none": "无",
        "na": "不适用",
        "unit": "单位",
        "framework": "指标体系",
        "subtotal": "小计",
        "rescale_note": "有指标不适用，其余分值按百分制折算。",
        "published": "公布得分",
        "reviewed": "复核得分",
    },
    "en": {
        "level1": "Level 1",
        "level2": "Level 2",
        "level3": "Indicator",
        "target": "Target",
        "actual": "Actual",
        "weight": "Points",
        "rescaled": "Rescaled",
        "score": "Score",
        "note": "Deviation and remedy",
        "initial": "Initial budget",
        "adjusted": "Full-year budget",
        "spent": "Spent",
        "rate": "Rate",
        "budget_note": "Deviation",
        "funds": "Budget execution",
        "indicators": "Indicators",
        "total": "Total",
        "total_with_budget": "Total (with budget)",
        "summary": "Total",
        "grade": "Grade",
        "findings": "Findings",
        "lost": "Points lost",
        "none": "none",
        "na": "n/a",
        "unit": "Unit",
        "framework": "Framework",
        "subtotal": "Subtotal",
        "rescale_note": "Some indicators do not apply; the other points are rescaled to the total.",
        "published": "Published",
        "reviewed": "Reviewed",
    },
}


def _labels(lang: str) -> dict[str, str]:
    return _LABELS["zh" if lang == "zh" else "en"]


# --- the rows every format shares -------------------------------------------


def _rescaled(result: Result) -> bool:
    return any(not r.applicable for r in result.indicators)


def _published(result: Result) -> bool:
    """Whether the table shows the form's published scores (公布得分) beside
    perfeval's (复核得分): in review."""
    return result.card.mode == "review"


def _score_label(result: Result, lab: dict[str, str]) -> str:
    return lab["reviewed"] if result.card.mode == "review" else lab["score"]


def _indicator_rows(result: Result, lang: str) -> tuple[list[str], list[list[str]]]:
    lab = _labels(lang)
    p = result.card.precision
    rescaled = _rescaled(result)
    headers = [lab["level1"], lab["level2"], lab["level3"], lab["target"], lab["actual"]]
    published = _published(result)
    headers += [lab["weight"]] + ([lab["rescaled"]] if rescaled else [])
    headers += ([lab["published"]] if published else []) + [_score_label(result, lab)]
    headers.append(lab["note"])
    rows = []
    previous = ("", "")
    for row in result.indicators:
        ind = row.indicator
        level1, level2 = level_names(result, row, lang)
        # Like the merged cells of the official form: a level is named where it changes.
        shown1 = level1 if level1 != previous[0] else ""
        shown2 = level2 if (level1, level2) != previous else ""
        previous = (level1, level2)
        cells = [shown1, shown2, ind.name, ind.target.display(), indicator_actual(ind, lang)]
        cells.append(format_decimal(ind.weight))
        if rescaled:
            cells.append(fmt(row.weight, p) if row.applicable else lab["na"])
        if published:
            cells.append(as_written(ind.reported) if ind.reported is not None else "")
        cells.append(fmt(row.score, p) if row.score is not None else lab["na"])
        cells.append(ind.note or "")
        rows.append(cells)
    # The total row is the card's: indicators plus the budget row, if any.
    budget = result.budget
    raw = sum((r.raw_weight for r in result.indicators), Decimal(0))
    label = lab["total"]
    if budget is not None:
        raw += budget.raw_weight
        label = lab["total_with_budget"]
    total = [label, "", "", "", "", format_decimal(raw)]
    if rescaled:
        total.append(fmt(result.max, p))
    if published:
        claimed = result.card.reported.total if result.card.reported else None
        total.append(as_written(claimed) if claimed is not None else "")
    total += [fmt(result.total, p), ""]
    rows.append(total)
    return headers, rows


def _budget_rows(result: Result, lang: str) -> tuple[list[str], list[list[str]]] | None:
    row = result.budget
    if row is None:
        return None
    lab = _labels(lang)
    p = result.card.precision
    budget = row.budget
    headers = [lab["initial"], lab["adjusted"], lab["spent"], lab["weight"], lab["rate"]]
    published = _published(result)
    headers += [lab["published"]] if published else []
    headers += [_score_label(result, lab), lab["budget_note"]]
    weight = format_decimal(row.raw_weight)
    if row.weight != row.raw_weight:
        weight = f"{weight} → {fmt(row.weight, p)}"
    cells = [
        budget.initial.display() if budget.initial else "",
        budget.adjusted.display(),
        budget.spent.display(),
        weight,
        row.shown_rate(lang),
        *([as_written(budget.reported) if budget.reported is not None else ""] * published),
        fmt(row.score, p),
        budget.note or "",
    ]
    return headers, [cells]


def _heading(result: Result, lang: str) -> list[str]:
    lab = _labels(lang)
    card = result.card
    lines = [card.title]
    entity = card.entity
    parts = [str(v) for k, v in entity.items() if k in ("name", "code", "year") and v]
    fw = card.framework
    framework = f"{lab['framework']}: {fw.id} ({fw.zh if lang == 'zh' else fw.en})"
    lines.append(" · ".join([*parts, framework]) if parts else framework)
    return lines


def grade_label(grade: Band, lang: str) -> str:
    """A grade as the chosen language writes it: ``优`` in zh, ``Excellent (优)`` in en."""
    from ..core.i18n import message

    return message("grade.label", zh=grade.zh, en=grade.en).text(lang)


def summary_line(result: Result, lang: str, name: str) -> str:
    """The one summary line ``check`` prints and ``score`` shows under the
    table: the total and grade, and how many findings and warnings."""
    from ..core.i18n import message

    return message(
        "cli.summary",
        name=name,
        total=fmt(result.total, result.card.precision),
        max=format_decimal(result.max),
        percent=fmt(result.percent, result.card.precision),
        grade=grade_label(result.grade, lang),
        findings=len(result.findings),
        warnings=len(result.warnings()),
    ).text(lang)


def _summary(result: Result, lang: str) -> str:
    lab = _labels(lang)
    p = result.card.precision
    label = grade_label(result.grade, lang)
    percent = ""
    if result.max != 100:
        percent = f" = {fmt(result.percent, p)}%"
    return (
        f"{lab['summary']}: {fmt(result.total, p)} / {format_decimal(result.max)}{percent}"
        f"    {lab['grade']}: {label}"
    )


def _group_line(result: Result, lang: str) -> str:
    lab = _labels(lang)
    p = result.card.precision
    parts = [
        f"{g.group.label(lang)} {fmt(g.score, p)}/{fmt(g.weight, p)}"
        for g in result.groups
        if g.weight or g.score
    ]
    return f"{lab['subtotal']}: " + ", ".join(parts)


def _lost_lines(result: Result, lang: str) -> list[str]:
    p = result.card.precision
    out = []
    if result.budget is not None and result.budget.lost > 0:
        name = "预算执行率" if lang == "zh" else "Budget execution"
        out.append(f"budget {name}: -{fmt(result.budget.lost, p)}  {result.budget.explain(lang)}")
    for row in result.indicators:
        if row.applicable and row.lost > 0:
            out.append(f"{row.id} {row.indicator.name}: -{fmt(row.lost, p)}  {row.explain(lang)}")
    return out


def _finding_line(finding: Finding, lang: str) -> str:
    """``[warning] over-achieved n4: …`` / ``[警告] 超额完成（over-achieved）n4：…``:
    the code stays visible, the words follow the language."""
    from ..core.i18n import message

    where = f" {finding.indicator}" if finding.indicator else ""
    return message(
        "finding.line",
        severity=message(f"severity.{finding.severity}").text(lang),
        code=finding.code,
        name=message(f"code.{finding.code}").text(lang),
        where=where,
        text=finding.text(lang),
    ).text(lang)


# --- formats ---------------------------------------------------------------


def _cells(
    rows: Sequence[Sequence[str]], markdown: bool, widths: Sequence[int | None], lang: str
) -> list[list[str]]:
    """Table cells made safe: Markdown-escaped, or folded for a terminal."""
    if markdown:
        return [[md_cell(c) for c in row] for row in rows]
    return [[fold(c, w, lang) for c, w in zip(row, widths, strict=True)] for row in rows]


def _display_width(text: str) -> int:
    """The widest line of a cell, in terminal columns (CJK counts 2)."""
    from wcwidth import wcswidth

    return max((max(0, wcswidth(line)) for line in text.split("\n")), default=0)


def _word_width(text: str) -> int:
    """The narrowest a header can fold to: its longest word, two Chinese characters."""
    from wcwidth import wcswidth

    words = text.split()
    return max((4 if wcswidth(w) > len(w) else wcswidth(w) for w in words), default=1)


#: A text column folds down to this many display columns at the least: two
#: Chinese characters of its header (tabulate keeps 2 more beside a header).
MIN_TEXT_COLUMN = 6
#: Below this, a name or target column is too narrow to read: the notes leave the table.
READABLE_COLUMN = 8


def _fit(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    foldable: set[int],
    width: int,
    caps: Sequence[int | None],
    tablefmt: str = "simple_grid",
) -> list[int]:
    """Column widths for a ``tablefmt`` table (simple_grid, or simple: two
    spaces between columns, no borders) of at most ``width`` display
    columns: each column as wide as its text, then the widest text column
    narrowed one column at a time, first keeping short headers whole, then
    down to :data:`MIN_TEXT_COLUMN` (numbers never fold; a number's header
    folds to its longest word). When even the narrowest widths do not fit,
    they are what is returned (the caller moves a column out first).
    ``caps`` are the widths a column folds to without a limit (24 for a note)."""
    n = len(headers)
    cells = [[_display_width(row[i]) for row in rows] for i in range(n)]
    # tabulate keeps two columns beside a header (MIN_PADDING): a header counts 2 more.
    natural = [max([_display_width(headers[i]) + 2, *cells[i]]) for i in range(n)]
    natural = [min(w, cap) if cap else w for w, cap in zip(natural, caps, strict=True)]
    # simple_grid: "│ " before each cell, " │" after the last; simple: "  " between cells
    budget = width - (3 * n + 1 if tablefmt == "simple_grid" else 2 * (n - 1))
    numbers = {i: max([_word_width(headers[i]) + 2, *cells[i]]) for i in set(range(n)) - foldable}
    soft = [  # a short header (一级指标) stays whole; a long one folds
        numbers.get(i, max(MIN_TEXT_COLUMN, min(_display_width(headers[i]), READABLE_COLUMN) + 2))
        for i in range(n)
    ]
    hard = [numbers.get(i, MIN_TEXT_COLUMN) for i in range(n)]
    # A text column is never wider than its text.
    soft = [low if i in numbers else min(low, natural[i]) for i, low in enumerate(soft)]
    hard = [low if i in numbers else min(low, natural[i]) for i, low in enumerate(hard)]
    widths = _narrowed(natural, soft, budget)
    if sum(widths) > budget:  # then headers fold too, down to two characters a line
        widths = _narrowed(natural, hard, budget)
    return widths


def _narrowed(natural: Sequence[int], least: Sequence[int], budget: int) -> list[int]:
    """The widest column that can still give a column gives one, until the
    columns fit ``budget`` or none is above its least."""
    widths = [max(w, low) for w, low in zip(natural, least, strict=True)]
    total = sum(widths)
    n = len(widths)
    while total > budget:
        i = max((j for j in range(n) if widths[j] > least[j]), key=lambda j: widths[j], default=-1)
        if i < 0:
            break
        widths[i] -= 1
        total -= 1
    return widths


def _grid(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[int | None],
    width: int | None,
    lang: str,
    foldable: set[int],
    tablefmt: str = "simple_grid",
) -> str:
    """A terminal table (``simple_grid``, or ``simple``): user text folded at
    ``widths``, or, with a ``width``, at the widths that make every line fit
    (headers folded too); only the ``foldable`` columns give up width."""
    from tabulate import tabulate

    heads = list(headers)
    if width is None:
        cells = _cells(rows, False, widths, lang)
    else:
        plain = _cells(rows, False, [None] * len(heads), lang)
        fitted = _fit(heads, plain, foldable, width, widths, tablefmt)
        cells = _cells(rows, False, fitted, lang)
        heads = [fold(h, w - 2, lang) for h, w in zip(heads, fitted, strict=True)]
    return tabulate(cells, heads, tablefmt=tablefmt, disable_numparse=True)


def _folded(text: str, width: int | None, lang: str, first: str = "", rest: str = "") -> list[str]:
    """One paragraph of output: controls visible, folded to ``width`` after
    the ``first`` prefix (continuation lines start with ``rest``)."""
    from wcwidth import wcswidth

    if width is None:
        return [first + fold(visible(text), None, lang)]
    room = max(width - max(wcswidth(first), wcswidth(rest), 0), MIN_TEXT_COLUMN)
    lines = fold(visible(text), room, lang).split("\n")
    return [(first if i == 0 else rest) + line for i, line in enumerate(lines)]


def _table(result: Result, lang: str, tablefmt: str, width: int | None = None) -> str:
    if tablefmt == "pipe":
        return _markdown(result, lang)
    lab = _labels(lang)
    out: list[str] = []
    heading = _heading(result, lang)
    out += [*_folded(heading[0], width, lang), *_folded(heading[1], width, lang), ""]
    if result.budget is not None:
        out += [lab["funds"], *_budget_table(result, lang, width), ""]
    out += [lab["indicators"], *_indicator_table(result, lang, width)]
    out += [""]
    out += _folded(_group_line(result, lang), width, lang)
    out += _folded(_summary(result, lang), width, lang)
    out += ["", lab["findings"]]
    findings = [line for f in result.findings
                for line in _folded(_finding_line(f, lang), width, lang, "  ", "    ")]  # fmt: skip
    out += findings or ["  " + lab["none"]]
    out += ["", lab["lost"]]
    lost = [line for text in _lost_lines(result, lang)
            for line in _folded(text, width, lang, "  ", "    ")]  # fmt: skip
    out += lost or ["  " + lab["none"]]
    out += ["", *_folded(_check_line(result, lang), width, lang)]  # the line check prints
    return "\n".join(out) + "\n"


#: The widest a note, a name or a level folds to in a table without a width limit.
_WRAP = 24


def _budget_table(result: Result, lang: str, width: int | None) -> list[str]:
    """The 预算执行情况 table's lines. At a ``width`` it cannot keep with the
    amounts readable, the note leaves it for a line under it, then (in
    review) the published score does."""
    lab = _labels(lang)
    budget = _budget_rows(result, lang)
    assert budget is not None
    assert result.budget is not None
    headers, rows = budget
    n = len(headers)
    columns: list[int | None] = [None] * (n - 1) + [_WRAP]
    foldable = {0, 1, 2, n - 1}  # the amounts as written, and the note
    # 92.50%（表中100%） where it fits, else the printed rate on a line of its own
    rate = rows[0][4]
    if (
        width is not None
        and result.budget.rate_departs
        and _fit(headers, rows, foldable | {4}, width, columns)[4] < _display_width(rate)
    ):
        rows = [[*rows[0][:4], result.budget.shown_rate(lang, folded=True), *rows[0][5:]]]
    under: list[str] = []
    if width is not None and _too_narrow(headers, rows, foldable, width, lang, columns):
        if note := rows[0][-1]:
            under.append(f"{lab['budget_note']}: {note}")
        headers, rows = headers[:-1], [r[:-1] for r in rows]
        columns, foldable = columns[:-1], foldable - {n - 1}
        if _published(result) and _too_narrow(headers, rows, foldable, width, lang, columns):
            i = headers.index(lab["published"])
            if shown := rows[0][i]:
                under.append(f"{lab['published']}: {shown}")
            headers, rows, columns = _without(i, headers, rows, columns)
    lines = [_grid(headers, rows, columns, width, lang, foldable)]
    for text in under:
        lines += _folded(text, width, lang, "  ", "    ")
    return lines


def _without(
    i: int, headers: Sequence[str], rows: Sequence[Sequence[str]], columns: Sequence[int | None]
) -> tuple[list[str], list[list[str]], list[int | None]]:
    """A table without its number column ``i`` (after every foldable one)."""
    return (
        [*headers[:i], *headers[i + 1 :]],
        [[*r[:i], *r[i + 1 :]] for r in rows],
        [*columns[:i], *columns[i + 1 :]],
    )


def _indicator_table(result: Result, lang: str, width: int | None) -> list[str]:
    """The 绩效指标完成情况 table's lines, and the lists that leave it. At a
    ``width`` too narrow to read the names, each step is taken only when the
    one before it is not enough: the notes leave for a list under the table;
    一级 and 二级 share a column; the points and the rescaled points share
    one (15 → 15.79, as the budget's row shows them); in review, the
    published scores leave for a list under the table."""
    lab = _labels(lang)
    headers, rows = _indicator_rows(result, lang)
    # Fold the long text columns (names, targets, notes); numbers never fold.
    level = 10 if lang == "zh" else 14
    n = len(headers)
    columns: list[int | None] = [level, level, _WRAP, 14, 14] + [None] * (n - 6) + [_WRAP]
    foldable = {0, 1, 2, 3, 4, n - 1}
    notes: list[str] = []
    published: list[str] = []
    if width is not None and _too_narrow(headers, rows, foldable, width, lang, columns):
        # The notes leave the table for a list under it, so that the names stay readable.
        notes = [
            f"{row.indicator.name}: {row.indicator.note}"
            for row in result.indicators
            if row.indicator.note
        ]
        headers, rows = headers[:-1], [r[:-1] for r in rows]
        columns, foldable = columns[:-1], foldable - {n - 1}
        if _too_narrow(headers, rows, foldable, width, lang, columns):
            # Then 一级 and 二级 share a column, one above the other, as a form's
            # merged cells read down.
            headers = [f"{headers[0]}\n{headers[1]}", *headers[2:]]
            rows = [["\n".join(c for c in r[:2] if c), *r[2:]] for r in rows]
            columns = [max(level * 12 // 10, 12), *columns[2:]]
            foldable = {i - 1 for i in foldable if i > 0}
        if _rescaled(result) and _too_narrow(headers, rows, foldable, width, lang, columns):
            i = headers.index(lab["weight"])  # and the rescaled points after it
            headers[i] = f"{lab['weight']} → {lab['rescaled']}"
            rows = [[*r[:i], f"{r[i]} → {r[i + 1]}", *r[i + 1 :]] for r in rows]
            headers, rows, columns = _without(i + 1, headers, rows, columns)
        if _published(result) and _too_narrow(headers, rows, foldable, width, lang, columns):
            i = headers.index(lab["published"])
            published = [
                f"{row.indicator.name}: {as_written(row.indicator.reported)}"
                for row in result.indicators
                if row.indicator.reported is not None
            ]
            if rows[-1][i]:
                published.append(f"{rows[-1][0]}: {rows[-1][i]}")
            headers, rows, columns = _without(i, headers, rows, columns)
    lines = [_grid(headers, rows, columns, width, lang, foldable)]
    if _rescaled(result):
        lines += _folded(lab["rescale_note"], width, lang)
    for title, items in ((lab["note"], notes), (lab["published"], published)):
        if items:
            lines += ["", title]
            for text in items:
                lines += _folded(text, width, lang, "  ", "    ")
    return lines


def _check_line(result: Result, lang: str) -> str:
    """:func:`summary_line` named as ``check`` names the card."""
    return summary_line(result, lang, result.card.source or result.card.title)


def _too_narrow(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    foldable: set[int],
    width: int,
    lang: str,
    caps: Sequence[int | None],
) -> bool:
    """Whether the table does not fit ``width``, or a text column other than
    the notes (a level, the name, the target, the actual) would fold narrower
    than :data:`READABLE_COLUMN` although its text is wider."""
    cells = _cells(rows, False, [None] * len(headers), lang)
    fitted = _fit(headers, cells, foldable, width, caps)
    natural = [max(_display_width(r[i]) for r in [headers, *cells]) for i in range(len(headers))]
    notes = len(headers) - 1 if caps[-1] is not None else -1
    if sum(fitted) + 3 * len(headers) + 1 > width:
        return True  # even the narrowest columns do not fit
    return any(fitted[i] < min(READABLE_COLUMN, natural[i]) for i in foldable if i != notes)


def _markdown(result: Result, lang: str) -> str:
    from tabulate import tabulate  # imported here: the scoring core never needs it

    lab = _labels(lang)
    out: list[str] = []
    heading = _heading(result, lang)
    out += [f"## {md_cell(heading[0])}", "", md_line(heading[1]), ""]
    budget = _budget_rows(result, lang)
    if budget is not None:
        out += [f"### {lab['funds']}", ""]
        cells = _cells(budget[1], True, [None] * len(budget[0]), lang)
        out.append(tabulate(cells, budget[0], tablefmt="pipe", disable_numparse=True))
        out.append("")
    headers, rows = _indicator_rows(result, lang)
    out += [f"### {lab['indicators']}", ""]
    cells = _cells(rows, True, [None] * len(headers), lang)
    out.append(tabulate(cells, headers, tablefmt="pipe", disable_numparse=True))
    if _rescaled(result):
        out.append(lab["rescale_note"])
    out += ["", md_line(_group_line(result, lang)), md_line(_summary(result, lang)), ""]
    out += [f"### {lab['findings']}", ""]
    findings = ["- " + md_line(_finding_line(f, lang)) for f in result.findings]
    out += findings or ["- " + lab["none"]]
    out += ["", f"### {lab['lost']}", ""]
    lost = ["- " + md_line(text) for text in _lost_lines(result, lang)]
    out += lost or ["- " + lab["none"]]
    out += ["", md_line(_check_line(result, lang))]
    return "\n".join(out) + "\n"


_CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", SimSun,
       sans-serif; margin: 2em auto; max-width: 60em; color: #111; }
h1 { font-size: 1.4em; text-align: center; }
p.meta { text-align: center; color: #444; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; font-size: 0.95em; }
th, td { border: 1px solid #333; padding: 0.3em 0.5em; vertical-align: top; }
th { background: #eee; }
td.num { text-align: right; white-space: nowrap; }
tr.total td { font-weight: bold; }
.summary { font-size: 1.15em; font-weight: bold; }
li.warning { color: #8a4b00; }
@media print { body { margin: 0; max-width: none; font-size: 10.5pt; }
  @page { size: A4; margin: 15mm; } th { background: #ddd; } }
"""


def _h(text: str) -> str:
    """User text in HTML: controls as visible escapes, markup escaped."""
    from html import escape  # (imported here: json and table output do not need it)

    return escape(visible(text, keep="\n\t"))


def _html_table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> str:
    out = ["<table>", "<thead><tr>"]
    out += [f"<th>{_h(h)}</th>" for h in headers]
    out.append("</tr></thead><tbody>")
    for i, row in enumerate(rows):
        total = ' class="total"' if i == len(rows) - 1 and len(rows) > 1 else ""
        out.append(f"<tr{total}>")
        for j, cell in enumerate(row):
            cls = ' class="num"' if j in numeric else ""
            out.append(f"<td{cls}>{_h(cell)}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _html(results: Sequence[Result], lang: str) -> str:
    from .html_form import render_forms  # the 自评表 to print: its own module

    return render_forms(results, lang)


# --- data: json and csv ------------------------------------------------------


def _json_value(value: Any, indent: int, level: int) -> str:
    """JSON text with Decimals written exactly as JSON numbers."""
    pad = " " * (indent * (level + 1))
    end = " " * (indent * level)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [
            f"{pad}{_json_value(str(k), indent, 0)}: {_json_value(v, indent, level + 1)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + f"\n{end}}}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        items = [pad + _json_value(v, indent, level + 1) for v in value]
        return "[\n" + ",\n".join(items) + f"\n{end}]"
    if isinstance(value, Decimal):  # exact digits, as rounded: 89.88, 11612000.00
        return format(value, "f")
    import json

    return json_safe(json.dumps(value, ensure_ascii=False))


def to_json(results: Sequence[Result], lang: str = "zh", *, many: bool | None = None) -> str:
    """JSON text: an object for one result, a list for several (or ``many``)."""
    data: Any = [to_data(r, lang) for r in results]
    if not (many if many is not None else len(results) != 1):
        data = data[0]
    return _json_value(data, 2, 0) + "\n"


_CSV_COLUMNS = (
    "card", "row", "id", "group", "kind", "aspect", "name", "target", "actual", "raw_weight",
    "weight", "score", "lost", "rule", "note", "reason",
)  # fmt: skip
#: The same columns as a Chinese form heads them (``--lang zh``).
_CSV_COLUMNS_ZH = (
    "自评表", "行", "编号", "一级指标", "二级指标", "方面", "三级指标", "年度指标值", "实际完成值",
    "原分值", "分值", "得分", "失分", "评分规则", "偏差原因分析及改进措施", "评分说明",
)  # fmt: skip
_CSV_ROWS = {
    "zh": {"budget": "预算", "indicator": "指标", "total": "合计"},
    "en": {"budget": "budget", "indicator": "indicator", "total": "total"},
}


_CSV_NUMERIC = range(9, 13)  # raw_weight, weight, score, lost: perfeval's numbers


def _csv_names(result: Result, row: IndicatorScore, lang: str) -> tuple[str, str, str]:
    """group, kind and aspect cells: ids in en; in zh the form's 一级/二级指标
    names (数量指标, 经济效益指标) and the aspect's name."""
    ind = row.indicator
    if lang != "zh":
        return ind.group, ind.kind, ind.aspect or ""
    group = result.card.group(ind.group).label(lang)
    kind = result.card.framework.kind(ind.kind)
    if kind is None:
        return group, ind.kind, ind.aspect or ""
    aspect = kind.aspect(ind.aspect) if ind.aspect else None
    if aspect is None:
        return group, kind.zh, ind.aspect or ""
    return group, aspect.zh, aspect.zh  # the form's 二级指标 is the aspect: 社会效益指标


def _csv(results: Sequence[Result], lang: str) -> str:
    lang = "zh" if lang == "zh" else "en"
    buffer = io.StringIO()
    import csv  # (imported here: only csv output needs it)

    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_CSV_COLUMNS_ZH if lang == "zh" else _CSV_COLUMNS)
    kinds = _CSV_ROWS[lang]

    def row(*cells: str) -> None:
        writer.writerow(csv_row(cells, _CSV_NUMERIC))

    for result in results:
        card = result.card
        p = card.precision
        title = card.title
        if result.budget is not None:
            b = result.budget
            group = "预算执行率" if lang == "zh" else "budget"
            row(title, kinds["budget"], "budget", group, "", "", "预算执行率",
                b.budget.adjusted.display(), b.budget.spent.display(),
                format_decimal(b.raw_weight), fmt(b.weight, p), fmt(b.score, p),
                fmt(b.lost, p), "budget", b.budget.note or "", b.explain(lang))  # fmt: skip
        for indicator in result.indicators:
            ind = indicator.indicator
            score = fmt(indicator.score, p) if indicator.score is not None else ""
            group, kind, aspect = _csv_names(result, indicator, lang)
            row(title, kinds["indicator"], ind.id, group, kind, aspect, ind.name,
                ind.target.display(), indicator_actual(ind, lang), format_decimal(ind.weight),
                fmt(indicator.weight, p), score, fmt(indicator.lost, p), ind.rule.name,
                ind.note or "", indicator.explain(lang))  # fmt: skip
        row(title, kinds["total"], "", "", "", "", result.grade.zh, "", "",
            format_decimal(result.max),
            format_decimal(result.max), fmt(result.total, p), fmt(result.max - result.total, p),
            "", "", grade_label(result.grade, lang))  # fmt: skip
    return buffer.getvalue()


@exact
def render(
    results: Sequence[Result], fmt_name: str = "table", lang: str = "zh", width: int | None = None
) -> str:
    """Render one or more results in a format of :data:`FORMATS`; ``width``
    (table only) folds every line to at most that many display columns
    (``None`` or 0: no limit)."""
    width = width or None
    if fmt_name == "json":
        return to_json(results, lang)
    if fmt_name == "csv":
        return _csv(results, lang)
    if fmt_name == "html":
        return _html(results, lang)
    tablefmt = {"table": "simple_grid", "markdown": "pipe"}.get(fmt_name)
    if tablefmt is None:
        raise ValueError(f"unknown format {fmt_name!r}; expected one of {', '.join(FORMATS)}")
    rule = "=" * min(72, width or 72)
    separator = "\n" + rule + "\n\n" if fmt_name == "table" else "\n---\n\n"
    return separator.join(_table(r, lang, tablefmt, width) for r in results)
