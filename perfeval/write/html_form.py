"""The 自评表 as a unit attaches it to its submission: an HTML page to print.

The layout of the central template (财预〔2020〕10号 and the provinces'
copies of it): a header block (项目名称, 主管部门, 实施单位, 项目负责人,
填报日期), the funds table (年初预算数, 全年预算数, 全年执行数, 分值, 执行率,
得分), 年度总体目标 (预期目标 / 实际完成情况), the indicator table with the
一级 and 二级 cells merged down (rowspan), 总分 and the grade, the notes
(其他需要说明事项, 失分说明) and a signature and date line.

It prints on A4 landscape (the indicator table has nine or more columns),
with the CJK fonts of Windows, macOS and Linux named, column widths fixed by
a colgroup and short headers that never wrap. Every text from the card is
escaped (:func:`_h`). The header block reads these ``entity:`` keys:

====================  =================================================
``project``           项目名称 (else the card's title)
``department``        主管部门
``name``              实施单位 (also 填报单位)
``responsible``       项目负责人
``finance``           财务负责人 (on the signature line)
``date``              填报日期 (also on the signature line)
``year``              the year, in the title: （2022年度）
====================  =================================================
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from decimal import Decimal

from ..core._safe import visible
from ..core.results import IndicatorScore, Result, fmt, indicator_actual
from ..core.targets import as_written, format_decimal

__all__ = ["ENTITY_KEYS", "render_form", "render_forms"]

#: The ``entity:`` keys the header block shows, and their labels.
ENTITY_KEYS = {
    "project": ("项目名称", "Project"),
    "department": ("主管部门", "Supervising department"),
    "name": ("实施单位", "Implementing unit"),
    "responsible": ("项目负责人", "Project lead"),
    "finance": ("财务负责人", "Finance officer"),
    "date": ("填报日期", "Date filed"),
    "year": ("年度", "Year"),
}

_ZH = {
    "year": "（{}年度）",
    "funds": "项目资金（万元）",
    "initial": "年初预算数",
    "adjusted": "全年预算数",
    "spent": "全年执行数",
    "weight": "分值",
    "rate": "执行率",
    "score": "得分",
    "reviewed": "复核得分",
    "published": "公布得分",
    "total_funds": "年度资金总额",
    "budget_note": "偏差原因",
    "goal": "年度总体目标",
    "expected": "预期目标",
    "achieved": "实际完成情况",
    "indicators": "绩效指标",
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "target": "年度指标值",
    "actual": "实际完成值",
    "rescaled": "折算分值",
    "note": "偏差原因分析及改进措施",
    "total": "总分",
    "grade": "评价等次",
    "findings": "其他需要说明事项",
    "lost": "失分说明",
    "none": "无",
    "na": "不适用",
    "rescale_note": "有指标不适用，其余分值按百分制折算。",
    "sign_lead": "项目负责人（签字）：",
    "sign_finance": "财务负责人（签字）：",
    "stamp": "实施单位（盖章）：",
    "date_line": "填报日期：",
    "blank_date": "　　年　　月　　日",
    "budget": "预算执行率",
}
_EN = {
    "year": " ({})",
    "funds": "Project funds (10k yuan)",
    "initial": "Initial budget",
    "adjusted": "Full-year budget",
    "spent": "Spent",
    "weight": "Points",
    "rate": "Rate",
    "score": "Score",
    "reviewed": "Reviewed",
    "published": "Published",
    "total_funds": "Total funds",
    "budget_note": "Deviation",
    "goal": "Overall goal of the year",
    "expected": "Expected",
    "achieved": "Achieved",
    "indicators": "Indicators",
    "level1": "Level 1",
    "level2": "Level 2",
    "level3": "Indicator",
    "target": "Target",
    "actual": "Actual",
    "rescaled": "Rescaled",
    "note": "Deviation and remedy",
    "total": "Total",
    "grade": "Grade",
    "findings": "Other matters",
    "lost": "Points lost",
    "none": "none",
    "na": "n/a",
    "rescale_note": "Some indicators do not apply; the other points are rescaled to the total.",
    "sign_lead": "Project lead (signature): ",
    "sign_finance": "Finance officer (signature): ",
    "stamp": "Unit (seal): ",
    "date_line": "Date: ",
    "blank_date": "",
    "budget": "Budget execution",
}

_FONTS = (
    '"SimSun", "宋体", "Songti SC", "STSong", "Noto Serif CJK SC", "Source Han Serif SC", '
    '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", serif'
)

_CSS = f"""
@page {{ size: A4 landscape; margin: 12mm 12mm 14mm; }}
* {{ box-sizing: border-box; }}
body {{ font-family: {_FONTS}; color: #000; margin: 0 auto; max-width: 273mm;
       font-size: 10.5pt; line-height: 1.35; }}
section.form + section.form {{ break-before: page; }}
section.form {{ margin-top: 4mm; }}
/* tables that are not the form's own (perfeval review's ranking) size to their text */
table:not([class]) {{ table-layout: auto; }}
table:not([class]) td {{ overflow-wrap: normal; }}
h1 {{ font-size: 16pt; text-align: center; margin: 0 0 1mm; font-weight: bold; }}
p.year {{ text-align: center; margin: 0 0 3mm; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0; }}
table + table {{ margin-top: -1px; }}
th, td {{ border: 1px solid #000; padding: 1.2mm 1.5mm; vertical-align: middle;
          overflow-wrap: anywhere; }}
th {{ font-weight: bold; text-align: center; white-space: nowrap; }}
th.wrap {{ white-space: normal; }}
td.num {{ text-align: center; white-space: nowrap; }}
td.c {{ text-align: center; }}
td.text {{ text-align: left; }}
td.label {{ text-align: center; font-weight: bold; }}
/* rows stay whole on a page; a merged (rowspan) cell may run across pages */
td:not([rowspan]), th:not([rowspan]) {{ break-inside: avoid; }}
thead {{ display: table-header-group; }}
th.section {{ text-align: left; letter-spacing: 0.2em; }}
tr.goal-text td {{ height: 10mm; vertical-align: top; }}
tr.total td {{ font-weight: bold; }}
ul {{ margin: 0; padding-left: 1.2em; }}
p.note {{ margin: 1mm 0 0; font-size: 9pt; }}
p.sign {{ margin: 6mm 0 0; display: flex; justify-content: space-between; gap: 6mm;
          break-inside: avoid; }}
p.sign span {{ white-space: nowrap; }}
span.blank {{ display: inline-block; width: 28mm; border-bottom: 1px solid #000; }}
@media screen {{ body {{ margin: 8mm auto; }} }}
"""


def _h(text: object) -> str:
    """User text in HTML: controls as visible escapes, markup escaped."""
    return html.escape(visible(str(text), keep="\n\t"))


def _labels(lang: str) -> dict[str, str]:
    return _ZH if lang == "zh" else _EN


def _wan(value: Decimal) -> str:
    """An amount in 元 as 万元, every digit kept, at least two places."""
    amount = value / 10000
    text = format_decimal(amount.normalize() if amount == amount.to_integral() else amount)
    whole, _, places = text.partition(".")
    places = places.rstrip("0")
    return f"{whole}.{places.ljust(2, '0')}"


def _header(result: Result, lab: dict[str, str], lang: str) -> str:
    card = result.card
    entity = card.entity
    key = 0 if lang == "zh" else 1

    def label(name: str) -> str:
        return _h(ENTITY_KEYS[name][key])

    def value(name: str) -> str:
        return _h(entity.get(name, ""))

    project = entity.get("project") or card.title
    return (
        '<table class="head"><colgroup><col style="width:14%"><col style="width:36%">'
        '<col style="width:14%"><col style="width:36%"></colgroup><tbody>'
        f'<tr><th>{label("project")}</th><td class="text" colspan="3">{_h(project)}</td></tr>'
        f'<tr><th>{label("department")}</th><td class="text">{value("department")}</td>'
        f'<th>{label("name")}</th><td class="text">{value("name")}</td></tr>'
        f'<tr><th>{label("responsible")}</th><td class="text">{value("responsible")}</td>'
        f'<th>{label("date")}</th><td class="text">{value("date")}</td></tr>'
        "</tbody></table>"
    )


def _funds(result: Result, lab: dict[str, str], lang: str) -> str:
    row = result.budget
    if row is None:
        return ""
    p = result.card.precision
    budget = row.budget
    review = result.card.mode == "review"
    weight = format_decimal(row.raw_weight)
    if row.weight != row.raw_weight:
        weight = f"{weight}→{fmt(row.weight, p)}"
    heads = [lab["initial"], lab["adjusted"], lab["spent"], lab["weight"], lab["rate"]]
    heads += [lab["published"]] if review else []
    heads.append(lab["reviewed"] if review else lab["score"])
    cells = [
        _wan(budget.initial.value) if budget.initial else "",
        _wan(budget.adjusted.value),
        _wan(budget.spent.value),
        weight,
        row.shown_rate(lang),
    ]
    if review:
        cells.append(as_written(budget.reported) if budget.reported is not None else "")
    cells.append(fmt(row.score, p))
    share = f"{76 / len(heads):.2f}%"
    cols = '<col style="width:24%">' + f'<col style="width:{share}">' * len(heads)
    out = [
        f'<table class="funds"><colgroup>{cols}</colgroup><tbody>',
        f'<tr><th class="wrap">{_h(lab["funds"])}</th>',
        *(f"<th>{_h(h)}</th>" for h in heads),
        "</tr>",
        f'<tr><td class="label">{_h(lab["total_funds"])}</td>',
        *(f'<td class="num">{_h(c)}</td>' for c in cells),
        "</tr>",
    ]
    if budget.note:
        out.append(
            f'<tr><td class="label">{_h(lab["budget_note"])}</td>'
            f'<td class="text" colspan="{len(heads)}">{_h(budget.note)}</td></tr>'
        )
    out.append("</tbody></table>")
    return "".join(out)


def _goal(result: Result, lab: dict[str, str]) -> str:
    goal = result.card.goal
    expected = goal.expected if goal is not None and goal.expected else ""
    achieved = goal.achieved if goal is not None and goal.achieved else ""
    return (
        '<table class="goal"><colgroup><col style="width:10%"><col style="width:45%">'
        '<col style="width:45%"></colgroup><tbody>'
        f'<tr><th class="wrap" rowspan="2">{_h(lab["goal"])}</th>'
        f"<th>{_h(lab['expected'])}</th><th>{_h(lab['achieved'])}</th></tr>"
        f'<tr class="goal-text"><td class="text">{_h(expected)}</td>'
        f'<td class="text">{_h(achieved)}</td></tr>'
        "</tbody></table>"
    )


def _runs(values: Sequence[tuple[str, ...]]) -> list[int]:
    """For each row, how many rows its merged cell spans (0: merged above)."""
    spans = [0] * len(values)
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            spans[start] = i - start
            start = i
    return spans


def _indicators(result: Result, lab: dict[str, str], lang: str) -> str:
    from ..core.explain import level_names

    card = result.card
    p = card.precision
    rows = result.indicators
    rescaled = any(not r.applicable for r in rows)
    review = card.mode == "review"
    levels = [level_names(result, r, lang) for r in rows]
    span1 = _runs([(a,) for a, _ in levels])
    span2 = _runs(levels)
    # widths (%): 一级, 二级, 三级, target, actual, points, [rescaled],
    # [published], score, note — the text columns take what the numbers leave.
    # A four-character header (折算分值, 公布得分, 复核得分) needs about 7%
    # of A4 landscape; 分值 and 得分 less. Short headers never wrap (nowrap).
    cols = [8.5, 10.0, 18.5, 12.5, 12.5, 5.0]
    cols += [7.0] * (rescaled + review) + [7.0 if review else 6.0]
    cols.append(round(100 - sum(cols), 2))
    heads = [lab["level1"], lab["level2"], lab["level3"], lab["target"], lab["actual"]]
    heads += [lab["weight"]] + ([lab["rescaled"]] if rescaled else [])
    heads += [lab["published"]] if review else []
    heads += [lab["reviewed"] if review else lab["score"]]
    # 绩效指标 heads the table as a row, not as a cell merged down the whole
    # table: a browser cannot break a page inside such a cell, and the header
    # rows repeat on every page the table runs onto (thead).
    out = [
        '<table class="indicators"><colgroup>',
        *(f'<col style="width:{w}%">' for w in cols),
        "</colgroup><thead>",
        f'<tr><th class="section" colspan="{len(cols)}">{_h(lab["indicators"])}</th></tr><tr>',
        *(f"<th>{_h(h)}</th>" for h in heads),
        f'<th class="wrap">{_h(lab["note"])}</th></tr></thead><tbody>',
    ]
    for i, row in enumerate(rows):
        out.append("<tr>")
        if span1[i]:
            out.append(f'<td class="label" rowspan="{span1[i]}">{_h(levels[i][0])}</td>')
        if span2[i]:
            out.append(f'<td class="c" rowspan="{span2[i]}">{_h(levels[i][1])}</td>')
        out += _indicator_cells(row, lab, lang, p, rescaled, review)
        out.append("</tr>")
    out.append(_total_row(result, lab, rescaled, review))
    out.append("</tbody></table>")
    return "".join(out)


def _indicator_cells(
    row: IndicatorScore, lab: dict[str, str], lang: str, p: int, rescaled: bool, review: bool
) -> list[str]:
    ind = row.indicator
    cells = [
        f'<td class="text">{_h(ind.name)}</td>',
        f'<td class="c">{_h(ind.target.display())}</td>',
        f'<td class="c">{_h(indicator_actual(ind, lang))}</td>',
        f'<td class="num">{_h(format_decimal(ind.weight))}</td>',
    ]
    if rescaled:
        shown = fmt(row.weight, p) if row.applicable else lab["na"]
        cells.append(f'<td class="num">{_h(shown)}</td>')
    if review:
        shown = as_written(ind.reported) if ind.reported is not None else ""
        cells.append(f'<td class="num">{_h(shown)}</td>')
    score = fmt(row.score, p) if row.score is not None else lab["na"]
    cells.append(f'<td class="num">{_h(score)}</td>')
    cells.append(f'<td class="text">{_h(ind.note or "")}</td>')
    return cells


def _total_row(result: Result, lab: dict[str, str], rescaled: bool, review: bool) -> str:
    p = result.card.precision
    raw = sum((r.raw_weight for r in result.indicators), Decimal(0))
    if result.budget is not None:
        raw += result.budget.raw_weight
    cells = [f'<td class="num">{_h(format_decimal(raw))}</td>']
    if rescaled:
        cells.append(f'<td class="num">{_h(fmt(result.max, p))}</td>')
    if review:
        claimed = result.card.reported.total if result.card.reported else None
        shown = as_written(claimed) if claimed is not None else ""
        cells.append(f'<td class="num">{_h(shown)}</td>')
    cells.append(f'<td class="num">{_h(fmt(result.total, p))}</td>')
    grade = result.grade
    name = grade.zh if lab is _ZH else grade.en
    percent = ""
    if result.max != 100:
        shown = fmt(result.percent, p)
        percent = f"（{shown}%）" if lab is _ZH else f" ({shown}%)"
    cells.append(f'<td class="label">{_h(lab["grade"])}：{_h(name)}{_h(percent)}</td>')
    return (
        f'<tr class="total"><td class="label" colspan="5">{_h(lab["total"])}</td>'
        + "".join(cells)
        + "</tr>"
    )


def _notes(result: Result, lab: dict[str, str], lang: str) -> str:
    p = result.card.precision
    findings = [f.text(lang) for f in result.findings]
    lost = []
    if result.budget is not None and result.budget.lost > 0:
        budget = result.budget
        lost.append(f"{lab['budget']}：-{fmt(budget.lost, p)}　{budget.explain(lang)}")
    for row in result.indicators:
        if row.applicable and row.lost > 0:
            lost.append(f"{row.indicator.name}：-{fmt(row.lost, p)}　{row.explain(lang)}")

    def items(texts: list[str]) -> str:
        if not texts:
            return _h(lab["none"])
        return "<ul>" + "".join(f"<li>{_h(t)}</li>" for t in texts) + "</ul>"

    return (
        '<table class="notes"><colgroup><col style="width:14%"><col style="width:86%">'
        "</colgroup><tbody>"
        f'<tr><th class="wrap">{_h(lab["findings"])}</th>'
        f'<td class="text">{items(findings)}</td></tr>'
        f'<tr><th class="wrap">{_h(lab["lost"])}</th><td class="text">{items(lost)}</td></tr>'
        "</tbody></table>"
    )


def _signature(result: Result, lab: dict[str, str]) -> str:
    entity = result.card.entity
    blank = '<span class="blank"></span>'

    def filled(key: str, default: str = "") -> str:
        value = entity.get(key) or default
        return _h(value) if value else blank

    return (
        '<p class="sign">'
        f"<span>{_h(lab['sign_lead'])}{filled('responsible')}</span>"
        f"<span>{_h(lab['sign_finance'])}{filled('finance')}</span>"
        f"<span>{_h(lab['stamp'])}{blank}</span>"
        f"<span>{_h(lab['date_line'])}{filled('date', lab['blank_date'])}</span></p>"
    )


def render_form(result: Result, lang: str = "zh") -> str:
    """One result as the 自评表: a ``<section>`` of the page."""
    lab = _labels(lang)
    card = result.card
    year = card.entity.get("year", "")
    out = ['<section class="form">', f"<h1>{_h(card.title)}</h1>"]
    subtitle = card.framework.zh if lang == "zh" else card.framework.en
    if year and year not in card.title:
        subtitle = lab["year"].format(year) + subtitle
    out.append(f'<p class="year">{_h(subtitle)}</p>')
    out += [
        _header(result, lab, lang),
        _funds(result, lab, lang),
        _goal(result, lab),
        _indicators(result, lab, lang),
    ]
    if any(not r.applicable for r in result.indicators):
        out.append(f'<p class="note">{_h(lab["rescale_note"])}</p>')
    out += [_notes(result, lab, lang), _signature(result, lab), "</section>"]
    return "\n".join(part for part in out if part)


def render_forms(results: Sequence[Result], lang: str = "zh") -> str:
    """A whole HTML page: each result's form on pages of its own."""
    title = results[0].title if len(results) == 1 else "perfeval"
    bodies = "\n".join(render_form(r, lang) for r in results)
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n'
        f'<meta charset="utf-8">\n<title>{_h(title)}</title>\n'
        f"<style>{_CSS}</style>\n</head>\n<body>\n{bodies}\n</body>\n</html>\n"
    )
