"""The 自评表 as an Excel workbook whose scores are live formulas.

Every computed score, subtotal, the total and the grade are Excel formulas
over the cells, so a reviewer who edits an actual sees the score change;
each formula cell also carries perfeval's computed value, so viewers that do
not recalculate still show it. Inputs an evaluator chose (a qualitative
tier's points, a manual score, an override, a checklist) are written as
values. Needs the optional extra: ``pip install 'perfeval[excel]'``
(XlsxWriter writes formulas with their cached values; openpyxl cannot).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from .results import IndicatorScore, Result, actual_text
from .targets import format_decimal

__all__ = ["SETTINGS_SHEET", "ExcelMissingError", "score_formula", "workbook_bytes"]

#: 等线 (DengXian), the default font of Chinese Office: prints Chinese on A4.
_FONT = {"font_name": "等线", "font_size": 10.5}

#: The hidden sheet that keeps each row's department-rule settings.
SETTINGS_SHEET = "_perfeval"

_HEAD_ZH = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
    "目标值(基准单位)",
    "实际值(基准单位)",
    "目标上限",
    "评分规则",
    "计分分值",
    "编号",
    "标准指标",
]
_HEAD_EN = [
    "Level 1",
    "Level 2",
    "Indicator",
    "Target",
    "Actual",
    "Points",
    "Score",
    "Deviation and remedy",
    "Target (base unit)",
    "Actual (base unit)",
    "Upper bound",
    "Rule",
    "Points used",
    "ID",
    "Standard",
]
_FUNDS_ZH = [
    "年初预算数(元)",
    "全年预算数(元)",
    "全年执行数(元)",
    "分值",
    "执行率",
    "得分",
    "偏差原因",
    "计分分值",
]
_FUNDS_EN = [
    "Initial budget (元)",
    "Full-year budget (元)",
    "Spent (元)",
    "Points",
    "Rate",
    "Score",
    "Deviation",
    "Points used",
]


class ExcelMissingError(RuntimeError):
    """The optional Excel support is not installed."""


def _xlsxwriter() -> Any:
    try:
        import xlsxwriter
    except ImportError:
        raise ExcelMissingError(
            "Excel output needs the optional extra: pip install 'perfeval[excel]'"
        ) from None
    return xlsxwriter


def _n(value: Decimal | None) -> float | str:
    """A number for a cell (Excel stores binary floats; formulas round)."""
    return float(value) if value is not None else ""


def score_formula(row: IndicatorScore, r: int, precision: int) -> str | None:
    """The Excel formula of a row's score (row ``r``, 1-based), or None when
    the score is an evaluator's input. Columns: M the points used W (the
    分值 in F, rescaled when rows do not apply), I target T, J actual A, K
    upper bound; negative actuals count as 0, results are kept within
    [0, W] and rounded half up, as perfeval does."""
    ind = row.indicator
    rule = ind.rule
    if not ind.applicable or ind.score is not None or rule.input != "number":
        return None
    op = ind.target.op
    w, t, k = f"M{r}", f"I{r}", f"K{r}"
    a = f"MAX(J{r},0)"
    met = {
        ">=": f"{a}>={t}",
        ">": f"{a}>{t}",
        "<=": f"{a}<={t}",
        "<": f"{a}<{t}",
        "=": f"{a}={t}",
        "range": f"AND({a}>={t},{a}<={k})",
    }.get(op)
    name = rule.name
    if name == "proportional":
        reached = f"{a}>{t}" if op == ">" else f"{a}>={t}"
        body = f"IF({reached},{w},IF({t}=0,0,{a}/{t}*{w}))"
    elif name == "reverse-linear":
        body = f"IF({t}=0,IF({a}<=0,{w},0),IF({met},{w},IF({a}>=2*{t},0,(1-({a}-{t})/{t})*{w})))"
    elif name == "reverse-ratio":
        body = f"IF({t}=0,IF({a}<=0,{w},0),IF({met},{w},{t}/{a}*{w}))"
    elif name == "zero-target":
        body = f"IF({a}<=0,{w},0)"
    elif name == "threshold" and met is not None:
        body = f"IF({met},{w},0)"
    elif name == "range":
        body = f"IF({met},{w},IF({a}<{t},{a}/{t}*{w},{k}/{a}*{w}))"
    elif name in ("steps", "deduct"):
        body = _configured(row, a, t, k, w)
    else:
        return None  # a rule of a finance tool's own: its value is written
    return f"=ROUND(MIN(MAX({body},0),{w}),{precision})"


def _configured(row: IndicatorScore, a: str, t: str, k: str, w: str) -> str:
    settings = getattr(row.indicator.rule.compute, "keywords", {})
    raw = format_decimal(settings["raw"])
    if row.indicator.rule.name == "steps":
        body = "0"
        for step in reversed(settings["steps"]):
            points = f"{format_decimal(step.points)}*{w}/{raw}"
            if step.min is not None:
                body = f"IF({a}>={format_decimal(step.min)},{points},{body})"
            elif step.max is not None:
                body = f"IF({a}<={format_decimal(step.max)},{points},{body})"
            else:
                body = points
        return body
    op = row.indicator.target.op
    deviation = {
        "<=": f"MAX({a}-{t},0)",
        "<": f"MAX({a}-{t},0)",
        ">=": f"MAX({t}-{a},0)",
        ">": f"MAX({t}-{a},0)",
        "=": f"ABS({a}-{t})",
        "range": f"IF({a}>{k},{a}-{k},MAX({t}-{a},0))",
    }[op]
    units = f"{deviation}/{format_decimal(settings['per'])}"
    rounding = settings["rounding"]
    if rounding == "up":
        units = f"ROUNDUP({units},0)"
    elif rounding == "down":
        units = f"ROUNDDOWN({units},0)"
    return f"MAX({raw}-{format_decimal(settings['points'])}*{units},0)*{w}/{raw}"


def _grade_formula(result: Result, cell: str) -> str:
    """Nested IF over the card's scale: the grade of the percentage."""
    bands = result.card.scale.bands
    body = f'"{bands[-1].zh}"'
    for band in reversed(bands[:-1]):
        body = f'IF({cell}>={format_decimal(band.min)},"{band.zh}",{body})'
    return f"={body}"


def _yaml_text(data: Any) -> str:
    import yaml

    from . import _yaml

    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return format_decimal(value)
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        if _yaml.is_bool(value):
            return bool(value)
        if hasattr(value, "text"):  # a YAML number that remembers how it was written
            return value.text
        return value

    return str(yaml.safe_dump(plain(data), allow_unicode=True, default_flow_style=True)).strip()


def _sheet(
    book: Any, result: Result, lang: str, name: str, settings: list[tuple[str, str, str, str]]
) -> None:
    zh = lang == "zh"
    card = result.card
    p = card.precision
    sheet = book.add_worksheet(name)
    bold = book.add_format({**_FONT, "bold": True})
    title = book.add_format({**_FONT, "bold": True, "font_size": 14, "align": "center"})
    head = book.add_format(
        {
            **_FONT,
            "bold": True,
            "bg_color": "#E8E8E8",
            "border": 1,
            "text_wrap": True,
            "valign": "vcenter",
        }
    )
    cell = book.add_format({**_FONT, "border": 1, "text_wrap": True, "valign": "top"})
    number = book.add_format({**_FONT, "border": 1, "num_format": "0.00", "valign": "top"})
    money = book.add_format({**_FONT, "border": 1, "num_format": "#,##0.00", "valign": "top"})
    percent = book.add_format({**_FONT, "border": 1, "num_format": "0.00%", "valign": "top"})
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_column("A:B", 11)
    sheet.set_column("C:C", 26)
    sheet.set_column("D:E", 16)
    sheet.set_column("F:G", 8)
    sheet.set_column("H:H", 30)
    sheet.set_column("I:O", 12)
    sheet.merge_range("A1:H1", card.title, title)
    # The card's own settings, for perfeval import (hidden sheet, id "").
    own: dict[str, Any] = {"precision": card.precision, "review_ratio": card.review_ratio}
    if card.scale.name != card.framework.scale:
        own["scale"] = (
            card.scale.name
            if card.scale.name != "inline"
            else [
                {"grade": b.grade, "zh": b.zh, "en": b.en, "min": b.min, "aliases": list(b.aliases)}
                for b in card.scale.bands
            ]
        )
    settings.append((name, "", "card", _yaml_text(own)))
    entity = " · ".join(v for k, v in card.entity.items() if k in ("name", "code", "year") and v)
    sheet.write(
        "A2",
        f"{entity}    {card.framework.zh if zh else card.framework.en}",
        book.add_format(_FONT),
    )
    budget_score = None
    if result.budget is not None:
        b = result.budget
        sheet.write_row("A4", _FUNDS_ZH if zh else _FUNDS_EN, head)
        sheet.write("A5", _n(b.budget.initial.value) if b.budget.initial else "", money)
        sheet.write_number("B5", float(b.budget.adjusted.value), money)
        sheet.write_number("C5", float(b.budget.spent.value), money)
        sheet.write_number("D5", float(b.raw_weight), number)
        sheet.write_number("H5", float(b.weight), number)
        sheet.write_formula("E5", "=IF(B5=0,0,C5/B5)", percent, float(b.rate))
        sheet.write_formula("F5", f"=ROUND(MIN(E5,1)*H5,{p})", number, float(b.score))
        sheet.write("G5", b.budget.note or "", cell)
        budget_score = "F5"
    first = FIRST_ROW
    sheet.write_row(f"A{first - 1}", _HEAD_ZH if zh else _HEAD_EN, head)
    r = first
    for row in result.indicators:
        ind = row.indicator
        kind = card.framework.kind(ind.kind)
        level2 = ind.kind
        if kind is not None:
            aspect = kind.aspect(ind.aspect) if ind.aspect else None
            level2 = (aspect or kind).zh if zh else (aspect or kind).en
        values = [
            card.group(ind.group).label(lang),
            level2,
            ind.name,
            ind.target.display(),
            actual_text(ind.actual, lang),
        ]
        sheet.write_row(f"A{r}", values, cell)
        sheet.write_number(f"F{r}", float(ind.weight), number)
        sheet.write_number(f"M{r}", float(row.weight), number)
        sheet.write(f"N{r}", ind.id, cell)
        sheet.write(f"O{r}", ind.standard or "", cell)
        if ind.settings is not None:
            settings.append((name, ind.id, ind.settings[0], _yaml_text(ind.settings[1])))
        formula = score_formula(row, r, p)
        score = float(row.score) if row.score is not None else 0.0
        if formula is not None:
            sheet.write_formula(f"G{r}", formula, number, score)
        else:
            sheet.write_number(f"G{r}", score, number)
        sheet.write(f"H{r}", ind.note or "", cell)
        sheet.write(f"I{r}", _n(ind.target.value), number)
        sheet.write(f"J{r}", _n(row.actual_value), number)
        sheet.write(f"K{r}", _n(ind.target.high), number)
        how = (
            ind.rule.name
            if formula is not None or not ind.applicable
            else ("评价人评分" if zh else "evaluator's score")
        )
        sheet.write(f"L{r}", how if ind.applicable else ("不适用" if zh else "n/a"), cell)
        r += 1
    last = r - 1
    total_row, grade_row = r, r + 1
    sheet.write(f"C{total_row}", "合计" if zh else "Total", bold)
    plus = f"+{budget_score}" if budget_score else ""
    # Rounded to the precision: the sum of rounded rows, free of binary-float dust.
    weights = f"=ROUND(SUM(M{first}:M{last}){'+H5' if budget_score else ''},{p})"
    sheet.write_formula(f"M{total_row}", weights, number, float(result.max))
    sheet.write_formula(
        f"G{total_row}", f"=ROUND(SUM(G{first}:G{last}){plus},{p})", number, float(result.total)
    )
    sheet.write(f"C{grade_row}", "评价等次" if zh else "Grade", bold)
    sheet.write_formula(
        f"F{grade_row}",
        f"=ROUND(G{total_row}/{format_decimal(result.max)}*100,{p})",
        number,
        float(result.percent),
    )
    sheet.write_formula(
        f"G{grade_row}", _grade_formula(result, f"F{grade_row}"), cell, result.grade.zh
    )


FIRST_ROW = 8  # the first indicator row of a card's sheet


def _summary(book: Any, results: Sequence[Result], names: Sequence[str], lang: str) -> None:
    """The batch summary: one row per card, highest percentage first; each
    total and grade is a formula over the card's own sheet."""
    zh = lang == "zh"
    sheet = book.add_worksheet("汇总" if zh else "Summary")
    head = book.add_format({**_FONT, "bold": True, "bg_color": "#E8E8E8", "border": 1})
    cell = book.add_format({**_FONT, "border": 1})
    number = book.add_format({**_FONT, "border": 1, "num_format": "0.00"})
    headers = (
        ["名次", "文件", "标题", "总分", "等次", "警告", "提示"]
        if zh
        else ["Rank", "File", "Title", "Total", "Grade", "Warnings", "Info"]
    )
    sheet.write_row(0, 0, headers, head)
    sheet.set_column("B:C", 36)
    order = sorted(
        range(len(results)), key=lambda i: (-results[i].percent, results[i].card.source or "")
    )
    for rank, i in enumerate(order, start=1):
        result = results[i]
        total = FIRST_ROW + len(result.indicators)  # the card sheet's total row
        warnings = len(result.warnings())
        sheet.write_row(rank, 0, [rank, result.card.source or "", result.card.title], cell)
        sheet.write_formula(rank, 3, f"='{names[i]}'!G{total}", number, float(result.total))
        sheet.write_formula(rank, 4, f"='{names[i]}'!G{total + 1}", cell, result.grade.zh)
        sheet.write_row(rank, 5, [warnings, len(result.findings) - warnings], cell)


def workbook_bytes(results: Sequence[Result], lang: str = "zh", *, summary: bool = False) -> bytes:
    """One sheet per card (named by its position and title), as .xlsx bytes;
    with ``summary``, first a sheet ranking the cards (perfeval batch)."""
    xlsxwriter = _xlsxwriter()
    stream = io.BytesIO()
    book = xlsxwriter.Workbook(stream, {"in_memory": True})
    settings: list[tuple[str, str, str, str]] = []
    names = []
    for i, result in enumerate(results, start=1):
        name = f"{i}-{result.card.title}"
        for bad in "[]:*?/\\'":
            name = name.replace(bad, "_")
        names.append(name[:31])
    if summary:
        _summary(book, results, names, lang)
    for result, name in zip(results, names, strict=True):
        _sheet(book, result, lang, name, settings)
    if settings:  # the cards' and rows' settings, for perfeval import; hidden
        hidden = book.add_worksheet(SETTINGS_SHEET)
        hidden.write_row(0, 0, ["sheet", "id", "rule", "settings (YAML)"])
        for i, entry in enumerate(settings, start=1):
            hidden.write_row(i, 0, list(entry))
        hidden.hide()
    book.close()
    return stream.getvalue()
