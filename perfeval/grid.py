"""A grid of cells → a scorecard: the official 自评表 as units fill it in.

A reader (xlsx today; .docx, .html, .pdf later) turns its file into a grid,
rows of :class:`GridCell` (merged cells carry the value of their range's
first cell), and :func:`map_grid` maps the grid to scorecard data by its
header row: vertically merged or blank 一级/二级 cells, a title in the first
row or none (then the file name, with a note), 项目名称/主管部门/实施单位 as
``entity``, a funds table above the indicators (in 万元 when its header says
so), a 预算执行率 row inside the table, ``指标1：`` prefixes, targets split into
指标性质/指标值/度量单位 or whole. Every key of the card remembers the cell it
came from, so later problems can be placed there.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path as FsPath
from typing import Any

import attrs

from .errors import Location, Problem, ScorecardError
from .frameworks import framework_names, get_framework
from .targets import Tier, format_decimal, parse_tier

__all__ = ["Cells", "Grid", "GridCell", "GridReader", "map_grid", "must_be"]

_HEADERS = {
    "level1": ("一级指标", "Level 1"),
    "level2": ("二级指标", "Level 2"),
    "name": ("三级指标", "Indicator"),
    "target": ("年度指标值", "指标值", "Target"),
    "nature": ("指标性质",),
    "unit": ("度量单位", "计量单位"),
    "actual": ("实际完成值", "全年实际值", "Actual"),
    "weight": ("分值", "Points"),
    "evaluator": ("评价人评分", "Evaluator's score"),
    "score": ("得分", "Score"),
    "note": ("偏差原因分析及改进措施", "偏差原因", "Deviation and remedy"),
    "rule": ("评分规则", "Rule"),
    "used": ("计分分值", "Points used"),
    "id": ("编号", "ID"),
    "standard": ("标准指标", "Standard"),
}
_UNIT_NOTE = re.compile(r"[（(][^（()）]*[)）]$")
_NATURE = {
    "≥": "≥",
    ">=": "≥",
    "＞": ">",
    ">": ">",
    "≤": "≤",
    "<=": "≤",
    "＜": "<",
    "<": "<",
    "=": "=",
    "＝": "=",
    "正向": "≥",
    "反向": "≤",
    "定性": "",
    "定量": "",
}
EVALUATOR = ("评价人评分", "evaluator's score")
NOT_APPLICABLE = ("不适用", "n/a")
PREFIX = re.compile(r"^\s*指标\s*\d+\s*[：:.、]\s*")
_BUDGET_ROW = "预算执行率"
_FUNDS = {
    "initial": ("年初预算数",),
    "adjusted": ("全年预算数",),
    "spent": ("全年执行数",),
    "weight": ("分值",),
    "note": ("偏差原因",),
}
#: Lines above the table that are not its title.
_NOT_TITLES = ("附件", "附表", "单位：", "单位:", "填报单位", "金额单位")
_ENTITY = {"项目名称": "project", "主管部门": "department", "实施单位": "name"}


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def raw_text(value: Any) -> str:
    """A cell's text as perfeval compares it with what it wrote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def cell_number(value: Any) -> Decimal | None:
    """A finite number of sensible size from a cell, or None."""
    if isinstance(value, bool) or value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number.adjusted()) > 15:
        return None
    return number


def must_be(cell: Any) -> str:
    """What a cell that gave no usable number must hold, for messages."""
    value = getattr(cell, "value", cell)
    try:
        Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        return "must be a number"
    return "must be a finite number below 10^15"


@attrs.frozen
class GridCell:
    """One cell of a sheet: its value (merged cells carry the value of the
    range's first cell), its address and its number format."""

    value: Any
    coordinate: str
    number_format: str = "General"


Grid = Sequence[Sequence[GridCell]]


class GridReader:
    """Collects the problems (by sheet and cell) and notes of one file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.name = os.path.basename(path)
        self.problems: list[Problem] = []
        self.notes: list[str] = []

    def fail(self, sheet: str, cell: str, message: str) -> None:
        self.problems.append(Problem((sheet, cell), message, Location(self.path)))


def _headings(row: Sequence[GridCell]) -> dict[str, int]:
    found: dict[str, int] = {}
    for j, cell in enumerate(row):
        text = cell_text(cell.value).replace("\n", "").replace(" ", "")
        text = _UNIT_NOTE.sub("", text)  # 分值（分）, 实际完成值(万元)
        for key, names in _HEADERS.items():
            if text in names and key not in found:
                found[key] = j
    return found


def header_row(grid: Grid) -> tuple[int, dict[str, int]] | None:
    """The (last) header row of the indicator table and its columns by key.

    A header of two rows, 年度指标值 merged over 指标性质 | 指标值 | 度量单位 in
    the row below, gives the columns of both; the table starts after the second.
    """
    for i, row in enumerate(grid[:40]):
        found = _headings(row)
        if "name" in found and "weight" in found and ("target" in found or "nature" in found):
            below = _headings(grid[i + 1]) if i + 1 < len(grid) else {}
            split = {k: j for k, j in below.items() if k in ("nature", "target", "unit")}
            if "nature" in split or "unit" in split:
                return i + 1, {**found, **split}
            return i, found
    return None


def _framework(subtitle: str) -> str:
    """The framework whose name the sheet's second line gives (default 10号)."""
    for name in framework_names():
        framework = get_framework(name)
        if framework.zh in subtitle or framework.en in subtitle:
            return name
    return "mof-2020-project"


#: Where each key of a card comes from, for messages: path → (sheet, cell, indicator).
Cells = dict[tuple[Any, ...], tuple[str, str, str]]


class GridRow:
    """One row of the indicator table, by header key."""

    def __init__(self, cells: Sequence[GridCell], columns: dict[str, int], sheet: str) -> None:
        self.cells = cells
        self.columns = columns
        self.sheet = sheet

    def get(self, key: str) -> GridCell | None:
        j = self.columns.get(key)
        return self.cells[j] if j is not None and j < len(self.cells) else None

    def text(self, key: str) -> str:
        cell = self.get(key)
        return cell_text(cell.value) if cell is not None else ""

    def number(self, key: str) -> Decimal | None:
        cell = self.get(key)
        return cell_number(cell.value) if cell is not None else None

    def where(self, key: str) -> str:
        cell = self.get(key)
        if cell is not None:
            return cell.coordinate
        first = self.cells[0].coordinate if self.cells else "A1"
        return re.sub(r"^[A-Z]+", "?", first)


def written_text(cell: GridCell | None) -> str:
    """What a cell says, as a card would write it: a percent-formatted number
    (97% typed in Excel is 0.97) comes back as 97%."""
    if cell is None:
        return ""
    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in cell.number_format:
        return f"{format_decimal(Decimal(str(value)) * 100)}%"
    return cell_text(value)


def map_grid(reader: GridReader, sheet: str, grid: Grid) -> tuple[dict[str, Any], Cells] | None:
    """A sheet's grid (an official 自评表) as scorecard data, with where each key came from."""
    found = header_row(grid)
    if found is None:
        reader.fail(
            sheet,
            "A1",
            "no indicator table: expected a header row with 三级指标, "
            "年度指标值 (or 指标性质 and 指标值) and 分值",
        )
        return None
    header, columns = found
    cells: Cells = {(): (sheet, "A1", "")}
    above = grid[:header]
    title, funds = "", None
    entity: dict[str, str] = {}
    for i, top in enumerate(above):
        texts = [cell_text(c.value) for c in top]
        if any("全年预算数" in t for t in texts):
            funds = i
            break
        for j, t in enumerate(texts):
            key = _ENTITY.get(t.replace(" ", "").rstrip("：:"))
            if key:
                value = next((x for x in texts[j + 1 :] if x and x != t), "")
                if value:
                    entity[key] = value
        first = next((t for t in texts if t), "")
        label = first.replace(" ", "").rstrip("：:")
        if (
            not title
            and first
            and label not in _ENTITY
            and not label.startswith(_NOT_TITLES)
            and not entity
        ):  # the first line of text above the table, before the unit's details
            title = first
            cells[("title",)] = (sheet, top[texts.index(first)].coordinate, "")
    if not title:
        title = FsPath(reader.name).stem
        reader.notes.append(
            f"{reader.name}: {sheet}: the sheet has no title row; the card's title "
            f"'{title}' is taken from the file name"
        )
    subtitle = " ".join(cell_text(c.value) for c in (grid[1] if len(grid) > 1 else []))
    framework = _framework(subtitle)
    card: dict[str, Any] = {"perfeval": 1, "title": title}
    if entity:
        card["entity"] = entity
    if framework != "mof-2020-project":
        card["framework"] = framework
    budget = _funds(reader, sheet, grid, funds, header, cells) if funds is not None else None
    indicators: list[dict[str, Any]] = []
    level: dict[str, str] = {}
    budget_weight: tuple[Decimal, str] | None = None
    for line in grid[header + 1 :]:
        row = GridRow(line, columns, sheet)
        if any(cell_text(c.value) in ("合计", "Total", "总分") for c in line):
            break
        for key in ("level1", "level2"):  # merged or left blank: the value above
            if row.text(key):
                level[key] = row.text(key)
        if _BUDGET_ROW in (row.text("name"), row.text("level2"), row.text("level1")):
            weight = row.number("weight")
            if weight is not None:
                budget_weight = (weight, row.where("weight"))
            continue
        name = PREFIX.sub("", row.text("name"))
        if not name:
            continue
        i = len(indicators)
        indicator = read_row(reader, row, name, level.get("level2", ""), cells, i)
        if indicator is not None:
            indicators.append(indicator)
    card["indicators"] = indicators
    if budget is not None:
        if budget_weight is not None:
            budget["_weight"] = budget_weight[0]
        card["budget"] = budget
    elif budget_weight is not None:
        reader.fail(
            sheet,
            budget_weight[1],
            "the 预算执行率 row has points, but the sheet has no "
            "funds table (年初预算数, 全年预算数, 全年执行数) above the indicators",
        )
    return card, cells


def _funds(
    reader: GridReader, sheet: str, grid: Grid, at: int, header: int, cells: Cells
) -> dict[str, Any] | None:
    """The funds table above the indicators: its header row and the first row of figures."""
    heads = [cell_text(c.value).replace(" ", "") for c in grid[at]]
    columns: dict[str, int] = {}
    for j, text in enumerate(heads):
        for key, names in _FUNDS.items():
            if key not in columns and any(text.startswith(n) for n in names):
                columns[key] = j
    unit = "万元" if any("万元" in h for h in heads) else ""
    figures = (
        next(
            (
                row
                for row in grid[at + 1 : header]
                if cell_number(
                    row[columns["adjusted"]].value
                    if len(row) > columns.get("adjusted", 99)
                    else None
                )
                is not None
            ),
            None,
        )
        if "adjusted" in columns
        else None
    )
    if figures is None:
        reader.fail(
            sheet,
            grid[at][0].coordinate if grid[at] else "A1",
            "the funds table has no row of figures under 全年预算数",
        )
        return None
    budget: dict[str, Any] = {}
    for key in ("initial", "adjusted", "spent"):
        at_column = columns.get(key)
        cell = figures[at_column] if at_column is not None and at_column < len(figures) else None
        value = cell_number(cell.value) if cell is not None else None
        if value is None:
            if key != "initial":
                reader.fail(
                    sheet,
                    cell.coordinate if cell is not None else "?",
                    f"the budget's {key} amount must be a number",
                )
            continue
        assert cell is not None  # value is a number
        budget[key] = f"{format_decimal(value)}{unit}" if unit else value
        cells[("budget", key)] = (sheet, cell.coordinate, "")
    points = columns.get("weight")
    if points is not None and points < len(figures):
        weight = cell_number(figures[points].value)
        if weight is not None:
            budget["_weight"] = weight
    why = columns.get("note")
    if why is not None and why < len(figures) and cell_text(figures[why].value):
        budget["note"] = cell_text(figures[why].value)
    return budget if "adjusted" in budget and "spent" in budget else None


def read_row(
    reader: GridReader, row: GridRow, name: str, kind: str, cells: Cells, i: int
) -> dict[str, Any] | None:
    sheet = row.sheet
    out: dict[str, Any] = {"name": name}
    path = ("indicators", i)
    for key, column in (
        ("name", "name"),
        ("kind", "level2"),
        ("aspect", "level2"),
        ("target", "target"),
        ("actual", "actual"),
        ("weight", "weight"),
        ("score", "evaluator" if "evaluator" in row.columns else "score"),
        ("note", "note"),
        ("rule", "rule"),
        ("id", "id"),
        ("applicable", "rule"),
        ("standard", "standard"),
    ):
        cells[(*path, key)] = (sheet, row.where(column), name)
    cells[path] = (sheet, row.where("name"), name)
    ident = row.text("id")
    if ident:
        out["id"] = ident
    if not kind:
        reader.fail(sheet, row.where("level2"), f"'{name}': no 二级指标 (the kind) is given")
        return None
    out["kind"] = kind
    weight = row.number("weight")
    if weight is None:
        reader.fail(
            sheet,
            row.where("weight"),
            f"'{name}': 分值 {must_be(row.get('weight'))}; found '{row.text('weight')[:40]}'",
        )
        return None
    out["weight"] = weight
    target = _target(reader, row, name)
    if target is None:
        return None
    out["target"] = target
    rule = row.text("rule")
    actual = written_text(row.get("actual"))
    unit = row.text("unit")
    if rule in NOT_APPLICABLE:
        out["applicable"] = False
    elif actual in ("", "—"):
        reader.fail(sheet, row.where("actual"), f"'{name}': no 实际完成值")
        return None
    else:
        if unit and cell_number(actual) is not None:
            actual += unit
        out["actual"] = actual
    if rule in ("steps", "deduct", "checklist"):
        reader.fail(
            sheet,
            row.where("rule"),
            f"'{name}': the {rule} rule's settings are not "
            "in the workbook; add them to the card by hand",
        )
        return None
    if rule and rule not in EVALUATOR and rule not in NOT_APPLICABLE:
        out["rule"] = rule
    tier = parse_tier(actual) if actual else None
    evaluator = "evaluator" in row.columns
    given_cell = row.get("evaluator") if evaluator else row.get("score")
    wants = rule in EVALUATOR or (tier is not None and tier is not Tier.ACHIEVED)
    if given_cell is not None and (evaluator or wants) and cell_text(given_cell.value):
        score = cell_number(given_cell.value)
        if score is None:
            reader.fail(
                sheet,
                given_cell.coordinate,
                f"'{name}': the evaluator's score {must_be(given_cell)}; "
                f"found '{cell_text(given_cell.value)[:40]}'",
            )
            return None
        out["score"] = score
    elif wants and given_cell is None:
        pass  # the loader says that a score is needed
    note = row.text("note")
    if note:
        out["note"] = note
    return out


def _target(reader: GridReader, row: GridRow, name: str) -> str | None:
    text = written_text(row.get("target"))
    if row.get("nature") is not None:  # the official layout: 指标性质 + 指标值 + 度量单位
        nature = row.text("nature")
        if nature not in _NATURE:
            reader.fail(
                row.sheet,
                row.where("nature"),
                f"'{name}': 指标性质 '{nature}' is not one of {', '.join(_NATURE)}",
            )
            return None
        unit = row.text("unit")
        if nature in ("定性", "") or cell_number(text) is None:
            return f"{_NATURE[nature]}{text}" if nature not in ("定性", "") else text
        return f"{_NATURE[nature]}{text}{unit}"
    if not text:
        reader.fail(row.sheet, row.where("target"), f"'{name}': no 年度指标值")
        return None
    return text


def set_weights(card: dict[str, Any]) -> None:
    """Set ``weights:`` when the rows' 分值 differ from the framework's groups."""
    try:
        framework = get_framework(str(card.get("framework", "mof-2020-project")))
    except ScorecardError:
        return  # the loader names the framework
    budget = card.get("budget")
    budget_weight = budget.pop("_weight", None) if isinstance(budget, dict) else None
    sums: dict[str, Decimal] = {g.id: Decimal(0) for g in framework.groups}
    for row in card["indicators"]:
        resolved = framework.resolve_kind(str(row.get("kind", "")))
        kind = framework.kind(resolved[0]) if resolved is not None else None
        weight = row.get("weight")
        if kind is None or not isinstance(weight, Decimal):
            return  # the loader names the unknown kind
        sums[kind.group] += weight
    budget_group = framework.budget_group
    if budget_group is not None:
        given = budget_weight if budget_weight is not None else budget_group.weight
        sums[budget_group.id] = given if budget is not None else Decimal(0)
    if any(sums[g.id] != g.weight for g in framework.groups):
        card["weights"] = sums
    else:
        card.pop("weights", None)
