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

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path as FsPath
from typing import Any

import attrs

from ..core._decimal import quantize, too_large
from ..core.errors import Location, Problem, ScorecardError
from ..core.targets import (
    NOT_APPLICABLE_WORDS,
    Tier,
    format_decimal,
    is_blank,
    normalize_text,
    parse_tier,
)
from .frameworks import framework_names, get_framework

__all__ = ["Cells", "Grid", "GridCell", "GridReader", "map_grid", "must_be"]

_HEADERS = {
    "level1": ("一级指标", "Level 1"),
    "level2": ("二级指标", "Level 2"),
    "name": ("三级指标", "指标名称", "三级指标名称", "Indicator"),
    "target": (
        "年度指标值", "指标值", "预期目标值", "年初目标值", "年初指标值", "目标值", "调整指标值",
        "年度目标值", "预期指标值", "Target",
    ),
    "nature": ("指标性质",),
    "unit": ("度量单位", "计量单位"),
    "actual": (
        "实际完成值", "全年实际值", "全年完成值", "实际完成情况", "完成值", "实际完成指标值",
        "实际值", "全年实际完成值", "年度实际完成值", "完成情况", "全年完成情况",
        "全年实际完成情况", "实际完成", "实际完成数", "年度完成值", "实际执行情况", "指标完成情况",
        "实际达成值", "Actual",
    ),
    "weight": ("分值", "权重", "权重占比", "指标分值", "指标权重", "Points"),
    "evaluator": ("评价人评分", "Evaluator's score"),
    "score": ("得分", "自评得分", "指标得分", "实际得分", "自评分", "Score"),
    "note": (
        "偏差原因分析及改进措施", "偏差原因", "偏差原因分析", "未完成原因及拟采取的改进措施",
        "未完成原因分析", "未完成原因和改进措施", "未完成原因及改进措施", "未完成原因",
        "Deviation and remedy",
    ),
    "rule": ("评分规则", "Rule"),
    "used": ("计分分值", "Points used"),
    "id": ("编号", "ID"),
    "standard": ("标准指标", "Standard"),
}  # fmt: skip
#: Traditional label characters a mirror site may serve, folded to simplified
#: (only the characters of the labels above and of the levels, not a converter).
_TRADITIONAL = str.maketrans(
    "績效評價標級實際數值權重得偏差原因應測預算執行總計資金項目單門達顯著滿意經濟會態響數質時進據",
    "绩效评价标级实际数值权重得偏差原因应测预算执行总计资金项目单门达显著满意经济会态响数质时进据",
)
_NOTE_TAIL = re.compile(r"[（(][^（()）]*[)）]")
#: The points a form prints for a group beside its 一级指标: 产出指标(50分), 效益指标（30分）.
_GROUP_POINTS = re.compile(r"[（(]\s*([0-9]+(?:\.[0-9]+)?)\s*分\s*[)）]")


def fold_label(text: str) -> str:
    """A header or level label as the mapping compares it: no spaces or line
    breaks (vertical labels, "年度指标 值"), no unit or points notes ("分值（分）",
    "实际完成值(B)", "产出指标(50分)"), traditional characters folded, ★ dropped."""
    text = re.sub(r"\s+", "", text).replace("★", "").replace("☆", "")
    text = _NOTE_TAIL.sub("", text).rstrip("：:")
    return text.translate(_TRADITIONAL)


_DIGIT = re.compile(r"\d")
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
    "≧": "≥",
    "≦": "≤",
    "═": "=",
    "正向": "≥",
    "反向": "≤",
    "定性": "",
    "定量": "",
    "定性指标": "",
    "定量指标": "",
    "正向指标": "≥",
    "反向指标": "≤",
    "大于等于": "≥",
    "不低于": "≥",
    "小于等于": "≤",
    "不高于": "≤",
    "大于": ">",
    "小于": "<",
    "等于": "=",
}
EVALUATOR = ("评价人评分", "evaluator's score")
NOT_APPLICABLE = NOT_APPLICABLE_WORDS  # in the rule column
PREFIX = re.compile(
    r"^[\s★☆]*(?:指标\s*\d+\s*[：:.、]|[一二三四五六七八九十]+、|\d+[、\uff0e])?[\s★☆]*"
)
#: The name the template prints on a row for the unit to fill in: 指标1, 指标2.
_TEMPLATE_NAME = re.compile(r"指标\s*[0-9]+")
_BUDGET_ROW = "预算执行率"
_FUNDS = {
    "initial": ("年初预算数", "年初预算"),
    "adjusted": ("全年预算数", "调整后预算数", "全年（调整）预算数", "全年(调整)预算数", "预算数"),
    "spent": ("全年执行数", "预算执行数", "执行数"),
    "weight": ("分值", "权重", "执行率权重"),
    "rate": ("执行率", "预算执行率", "执行率%", "预算执行率%", "执行率％", "预算执行率％"),
    "score": ("得分", "执行率得分"),
    "note": ("偏差原因", "原因"),
}
#: The labels that start a total row and the grades a form prints beside it.
TOTALS = (
    "合计", "Total", "总分", "总计", "总分合计", "得分合计", "自评得分合计", "自评总分", "总得分",
    "综合得分",
)  # fmt: skip
GRADES = ("优秀", "良好", "合格", "不合格", "优", "良", "中", "差", "及格", "不及格")
#: Rows below the indicators that end the table.
_TAIL = ("其他需要说明事项", "评价结论", "存在问题", "改进措施", "注：", "备注", "项目负责人")
#: Lines above the table that are not its title.
_NOT_TITLES = ("附件", "附表", "单位：", "单位:", "填报单位", "金额单位", "报表编号", "公开")
_ENTITY = {
    "项目名称": "project",
    "专项名称": "project",
    "专项资金名称": "project",
    "主管部门": "department",
    "项目主管部门": "department",
    "主管部门及代码": "department",
    "县级主管部门": "department",
    "区级主管部门": "department",
    "市级主管部门": "department",
    "实施单位": "name",
    "项目实施单位": "name",
    "项目执行单位": "name",
    "项目承担单位": "name",
    "项目负责人": "leader",
    "项目负责人及电话": "leader",
    "负责人及电话": "leader",
    "年度": "year",
    "填报日期": "date",
}
_NAMED_TITLE = re.compile(r"自评表|自評表|评价表|自评报告")
#: Labels written with their value in one cell (部门:临沧市…).
_INLINE = {"部门": "unit", "单位名称": "unit", "填报单位": "unit", "单位": "unit"}
#: The 二级 a row with a blank 二级 cell has when its 一级 has only one.
_ONLY_KIND = {"满意度指标": "服务对象满意度指标"}
#: Level-2 labels of other templates, as the framework names them.
_KINDS = {
    "经济成本指标": "成本指标",
    # 2021 and later templates split 成本指标 three ways; the framework has one.
    "社会成本指标": "成本指标",
    "生态环境成本指标": "成本指标",
    "产出数量": "数量指标",
    "产出质量": "质量指标",
    "产出时效": "时效指标",
    "产出成本": "成本指标",
}


_WRAP = re.compile(
    r"\s*\n\s*(?=[\u3000-\u9fff\uff00-\uffef])|(?<=[\u3000-\u9fff\uff00-\uffef])\s*\n\s*"
)


def one_line(text: str) -> str:
    """A label or name broken over lines in its cell ("其中：当年财政\\n拨款")
    on one line: no space next to a Chinese character, one elsewhere."""
    return re.sub(r"\s*\n\s*", " ", _WRAP.sub("", text)) if "\n" in text else text


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):  # a spreadsheet's date: as a date, not 2022-12-20 00:00:00
        return _date_text(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def _date_text(value: dt.date, number_format: str = "") -> str:
    """A date as its cell shows it: 2022年12月20日 under a 年月日 format, else
    2022-12-20 (with the time only when there is one)."""
    day = value.date() if isinstance(value, dt.datetime) else value
    if any(word in number_format for word in "年月日"):  # the parts the format shows
        shown = [f"{n}{word}" for n, word in ((day.year, "年"), (day.month, "月"),
                 (day.day, "日")) if word in number_format]  # fmt: skip
        return "".join(shown)
    if isinstance(value, dt.datetime) and value.time() != dt.time():
        return value.isoformat(sep=" ", timespec="minutes")
    return day.isoformat()


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
    text = str(value).strip()
    if not text.isascii():  # full-width digits and point, or a zero-width space
        text = unicodedata.normalize("NFKC", text)
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf").strip()
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number.adjusted()) > 15:
        return None
    return number


def points(value: Any) -> Decimal | None:
    """Points as a form writes them: ``10``, ``9.5``, or ``10分``."""
    if isinstance(value, str) and value.strip().endswith("分"):
        value = value.strip()[:-1]
    return cell_number(value)


def amount(value: Any) -> tuple[Decimal | None, str]:
    """An amount of the funds table and the unit written with it (``20万元``)."""
    if isinstance(value, str):
        text = value.strip()
        for unit in ("万元", "元"):
            if text.endswith(unit):
                return cell_number(text[: -len(unit)]), unit
    return cell_number(value), ""


def say(key: str, /, **params: Any) -> str:
    """A problem's or note's English sentence from the FORMS catalogue
    (translated at print time by matching it, as every problem is)."""
    from ..core.messages import FORMS

    return FORMS[key][0].format(**params)


def place(where: str, lang: str) -> str:
    """A place (``table 2, row 7, column 5``) in ``lang``."""
    from ..core.i18n import translate

    return translate(where, lang)


def unnumbered(key: str, cell: Any) -> str:
    """The key of "must be a number" or of "must be a finite number below 10^15"."""
    return f"{key}-nan" if must_be(cell) == "must be a number" else f"{key}-huge"


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
    #: The first cell of the merged range this cell belongs to ("" if none).
    origin: str = ""


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

    def not_a_number(self, sheet: str, at: str, key: str, cell: Any, name: str) -> None:
        """A cell that gave no usable number, named at ``at``: "must be a
        number", or "a finite number below 10^15" (``key`` is the message's)."""
        found = cell_text(getattr(cell, "value", cell))[:40]
        self.fail(sheet, at, say(unnumbered(key, cell), name=name, found=found))


_SECTION_MAXIMUM = re.compile(r"^(?:分值|权重)?\s*[（(]?\s*\d+(?:\.\d+)?\s*分?\s*[)）]?$")


def _headings(row: Sequence[GridCell]) -> dict[str, int]:
    found: dict[str, int] = {}
    maximum = None  # a column headed by a section's maximum: 50, 分值(50)
    for j, cell in enumerate(row):
        raw = re.sub(r"\s+", "", cell_text(cell.value))
        text = fold_label(raw)  # 分值（分）, 实际完成值(万元)
        if maximum is None and any(ch.isdigit() for ch in raw) and _SECTION_MAXIMUM.match(raw):
            maximum = j  # decided below: with a 得分 column, 分值(50) is the points
            continue
        for key, names in _HEADERS.items():
            if text in names and key not in found:
                found[key] = j
    if maximum is not None:
        label = fold_label(re.sub(r"\s+", "", cell_text(row[maximum].value)))
        if "score" in found:
            if label in _HEADERS["weight"]:
                found.setdefault("weight", maximum)
        else:
            found["maximum"] = maximum  # the transfer-payment form's score column, no points
    return found


def points_header(grid: Grid) -> tuple[int, dict[str, int]] | None:
    """A header row of an indicator table that has no points column (Hubei's
    绩效目标自评表, the transfer-payment form whose score column is headed by
    its section's maximum): 三级指标 and a target, no 分值 or 权重."""
    for i, row in enumerate(grid[:40]):
        found = _headings(row)
        if "name" in found and "weight" not in found and ("target" in found or "nature" in found):
            return i, found
    return None


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


def is_total_row(line: Sequence[GridCell]) -> bool:
    """A row that gives the form's total (总分 | 100 | 96, ``总分：95.5分``)."""
    return any(fold_label(cell_text(c.value)) in TOTALS for c in line) or (
        _inline_total(line) is not None
    )


def opens_form(line: Sequence[GridCell]) -> bool:
    """A row of a form's header block: a title naming a 自评表, 项目名称 and
    the like, or the funds table's header (年初预算数 … 全年执行数)."""
    texts = [cell_text(c.value) for c in line]
    folded = [fold_label(t) for t in texts]
    said = set(texts) - {""}
    return (
        (len(said) == 1 and _NAMED_TITLE.search(next(iter(said))) is not None)
        or any(_entity_label(t) or _entity_label(t.partition("：")[0]) for t in texts)
        or _is_funds_header(folded)
    )


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
        """A cell's points: a number, also written with its unit (``10分``)."""
        cell = self.get(key)
        return points(cell.value) if cell is not None else None

    def merged(self, above: GridRow, key: str) -> bool:
        """Whether this row's cell of ``key`` is the cell of the row above
        merged down over it (one cell over both rows)."""
        mine, theirs = self.get(key), above.get(key)
        return (
            mine is not None
            and theirs is not None
            and bool(mine.origin)
            and mine.origin == theirs.origin
            and mine.origin != mine.coordinate
        )

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
    if isinstance(value, dt.date):
        return _date_text(value, cell.number_format)
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in cell.number_format:
        return f"{format_decimal(Decimal(str(value)) * 100)}%"
    return cell_text(value)


def _entity_label(text: str) -> str | None:
    return _ENTITY.get(fold_label(text))


def _header_block(
    reader: GridReader, sheet: str, above: Grid, cells: Cells
) -> tuple[str, dict[str, str], int | None]:
    """The title, the unit's details (项目名称 …, also written 部门:… in one
    cell) and the row of the funds table's header, above the indicators."""
    title, funds = "", None
    entity: dict[str, str] = {}
    for i, top in enumerate(above):
        texts = [cell_text(c.value) for c in top]
        folded = [fold_label(t) for t in texts]
        if funds is None and _is_funds_header(folded):
            funds = i
        if funds is not None:
            continue
        for j, t in enumerate(texts):
            key = _entity_label(t)
            if key:
                value = next((x for x in texts[j + 1 :] if x and x != t), "")
                if value and _entity_label(value) is None:
                    entity.setdefault(key, one_line(value))
                continue
            label, sep, rest = t.replace(":", "：").partition("：")
            key = _entity_label(label) or (_INLINE.get(fold_label(label)) if sep else None)
            if sep and key and rest.strip():
                entity.setdefault(key, rest.strip())
        first = next((t for t in texts if t), "")
        label = fold_label(first)
        if (
            not title
            and first
            and _entity_label(first) is None
            and not label.startswith(_NOT_TITLES)
            and not entity
            and (("：" not in first and ":" not in first) or "表" in first)
        ):  # the first line of text above the table, before the unit's details
            title = one_line(first)
            cells[("title",)] = (sheet, top[texts.index(first)].coordinate, "")
        alone = {t for t in texts if t}
        named = next(iter(alone), "") if len(alone) == 1 else ""
        named = named if _NAMED_TITLE.search(named) else ""
        if named and named != title and not _NAMED_TITLE.search(title) and len(named) <= 80:
            title = one_line(named)  # a line naming the form wins over a line above it
            cells[("title",)] = (sheet, top[texts.index(named)].coordinate, "")
    return title, entity, funds


def map_grid(
    reader: GridReader, sheet: str, grid: Grid, *, review: bool = False
) -> tuple[dict[str, Any], Cells] | None:
    """A sheet's grid (an official 自评表) as scorecard data, with where each key came from.

    ``review`` reads a published form as it is: each row's 得分 becomes its
    ``reported`` score, the funds table's 得分 the budget's, and the 总分 row
    (with a grade beside it) the card's ``reported``.
    """
    found = header_row(grid)
    if found is None:
        reader.fail(sheet, "A1", say("grid.no-table"))
        return None
    header, columns = found
    if "actual" not in columns:  # a target table (绩效目标表), or 实际完成值 headed unreadably
        at = grid[header][columns["name"]]
        reader.fail(sheet, at.coordinate, say("grid.no-actual-column"))
        return None
    cells: Cells = {(): (sheet, "A1", "")}
    title, entity, funds = _header_block(reader, sheet, grid[:header], cells)
    if not title:
        title = FsPath(reader.name).stem
        reader.notes.append(say("grid.no-title", file=reader.name, sheet=sheet, title=title))
    subtitle = " ".join(cell_text(c.value) for c in (grid[1] if len(grid) > 1 else []))
    framework = _framework(subtitle)
    card: dict[str, Any] = {"perfeval": 1, "title": title}
    if entity:
        card["entity"] = entity
    if framework != "mof-2020-project":
        card["framework"] = framework
    budget = (
        _funds(reader, sheet, grid, funds, header, cells, review) if funds is not None else None
    )
    indicators: list[dict[str, Any]] = []
    level: dict[str, str] = {}
    groups: dict[str, Decimal] = {}  # 一级 → the points the form prints beside it
    budget_weight: tuple[Decimal, str] | None = None
    reported: dict[str, Any] = {}
    ended = False
    previous: GridRow | None = None
    for line in grid[header + 1 :]:
        row = GridRow(line, columns, sheet)
        folded = [fold_label(cell_text(c.value)) for c in line]
        if is_total_row(line):
            if review:
                reported = _total(line, folded, row.get("score"), _inline_total(line))
            break
        above, previous = previous, row
        if ended or any(f.startswith(_TAIL) for f in folded[:2]):
            ended = True  # 其他需要说明事项, 评价结论 …: the 总分 row may still follow
            continue
        if row.text("level1"):  # merged or left blank: the value above
            first = fold_label(row.text("level1"))
            if (points_note := _GROUP_POINTS.search(row.text("level1"))) is not None:
                printed_points = Decimal(points_note[1])
                if not too_large(printed_points):  # (10^23分) is no group's points
                    groups.setdefault(first, printed_points)
            if first != level.get("level1"):
                level.pop("level2", None)  # a new 一级 does not inherit the 二级 above it
            level["level1"] = first
        if row.text("level2"):
            level["level2"] = fold_label(row.text("level2"))
        if _BUDGET_ROW in (
            fold_label(row.text("name")),
            level.get("level2", ""),
            fold_label(row.text("level1")),
        ):
            weight = row.number("weight")
            if weight is not None:
                budget_weight = (weight, row.where("weight"))
            if review and budget is not None and row.number("score") is not None:
                budget["reported"] = row.number("score")
            printed = row.get("actual")
            if review and budget is not None and "reported_rate" not in budget and printed:
                _take_rate(reader, sheet, printed, False, budget, cells)  # the rate as its actual
            continue
        name = one_line(PREFIX.sub("", row.text("name")).strip())
        if _TEMPLATE_NAME.fullmatch(name) and not any(
            _filled(row, key) for key in ("weight", "target", "actual", "score")
        ):
            continue  # the template's 指标2 row, left as printed
        if (
            not name
            and _filled(row, "weight")
            and (_filled(row, "target") or _filled(row, "actual"))
        ):
            reader.fail(sheet, row.where("name"), say("grid.no-name"))
            continue
        if not name or set(name) <= set("…\uff0e.。-—"):
            continue  # an empty 二级 placeholder, or ……
        if above is not None and (
            shared := [key for key in ("weight", "score") if row.merged(above, key)]
        ):
            if not row.merged(above, "name") and not name.startswith("其中"):
                # one 分值 (or 得分) cell over two indicators: how it splits is not written
                reader.fail(
                    sheet,
                    row.where(shared[0]),
                    say(
                        "grid.shared-cell",
                        name=name,
                        above=one_line(PREFIX.sub("", above.text("name")).strip()),
                        label="分值" if shared[0] == "weight" else "得分",
                        value=row.text(shared[0]),
                    ),
                )
            continue  # else a line of the indicator above: its 其中 sub-row, or its name merged too
        if (
            review
            and not row.text("weight")
            and not row.text("score")
            and (row.text("actual") or row.text("target"))
        ):
            continue  # a sub-row (其中…) of the row above: no points of its own
        i = len(indicators)
        kind = level.get("level2", "") or _ONLY_KIND.get(level.get("level1", ""), "")
        kind = _KINDS.get(kind, kind.removesuffix("等"))
        indicator = read_row(reader, row, name, kind, cells, i, review=review)
        if indicator is not None:
            indicators.append(indicator)
    card["indicators"] = indicators
    if groups:
        card["_groups"] = groups
    if budget is not None:
        if budget_weight is not None:
            budget["_weight"] = budget_weight[0]
        card["budget"] = budget
    elif budget_weight is not None:
        reader.fail(sheet, budget_weight[1], say("grid.budget-row-no-funds"))
    if reported:
        card["reported"] = reported
    return card, cells


def _total(
    line: Sequence[GridCell],
    folded: list[str],
    score: GridCell | None = None,
    inline: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """总分 | 100 | 96 | 优: the published total and the grade. The total is
    the number in the 得分 column when the row has one there (so a blank 分值
    cell, ``100分 | 95.5分`` or ``自评得分：99分`` is read), else the one
    written with the label (``总分：95.5分``, ``inline``), else the second
    number after the label (a lone number is the points' sum)."""
    at = next((j for j, f in enumerate(folded) if f in TOTALS), None)
    if at is None:
        at = next(j for j, cell in enumerate(line) if cell_text(cell.value))  # the inline label
    label = line[at].origin or line[at].coordinate
    in_column = (
        _labelled_points(score.value)
        if score is not None and (score.origin or score.coordinate) != label
        else None
    )
    numbers: list[Decimal] = []
    seen: set[str] = {line[at].origin or line[at].coordinate}
    grade = ""
    for cell, text in zip(line[at + 1 :], folded[at + 1 :], strict=False):
        origin = cell.origin or cell.coordinate
        if origin in seen:
            continue  # the rest of a merged cell
        seen.add(origin)
        number = _labelled_points(cell.value)
        if number is not None:
            numbers.append(number)
        elif text in GRADES and not grade:
            grade = text
    out: dict[str, Any] = {}
    if in_column is not None:
        out["total"] = in_column
    elif inline is not None:
        out["total"] = inline["total"]
    elif len(numbers) >= 2:
        out["total"] = numbers[1]
    grade = grade or (inline or {}).get("grade", "")
    if grade:
        out["grade"] = grade
    return out


_SCORE_LABEL = re.compile(r"^(?:自评得分|实际得分|得分|总分|合计)[:：为]?")


def _labelled_points(value: Any) -> Decimal | None:
    """Points as a total row writes them: ``99``, ``99分``, ``自评得分：99分``."""
    if isinstance(value, str):
        value = _SCORE_LABEL.sub("", value.strip(), count=1) if value else value
    return points(value)


#: A total's label at the start of a cell that also holds the figure.
_TOTAL_LABEL = re.compile(
    "|".join(sorted(map(re.escape, (*TOTALS, "自评得分", "合计得分")), key=len, reverse=True))
)
#: A figure in such a cell, and the word before it: 满分 (the maximum), 得分 (the score).
_FIGURE = re.compile(r"(?P<label>满分|自评得分|实际得分|得分|总分)?[:为]?(?P<n>\d+(?:\.\d+)?)分?")
_GRADE_WORD = re.compile("|".join(sorted(GRADES, key=len, reverse=True)))
#: What else may stand in it: punctuation and the words around a grade (等级为优, 优秀等次).
_FILLER = re.compile(r"[,;、()。.:为]|评价|等级|等次|级别|自评")


def _inline_total(line: Sequence[GridCell]) -> dict[str, Any] | None:
    """A total written in the row's first cell, label and all: ``总分：95.5分``,
    ``自评总分: 96（优）``, ``总分：90分，等级：优``, ``总分：99分（满分100分）``,
    ``总分100分，自评得分99分`` (the score is the figure after 得分). Nothing
    but figures, a grade and the words around them may be in the cell."""
    first = next((c for c in line if cell_text(c.value)), None)
    text = cell_text(first.value) if first is not None else ""
    if not text or len(text) > 60:
        return None
    folded = unicodedata.normalize("NFKC", "".join(text.split())).translate(_TRADITIONAL)
    label = _TOTAL_LABEL.match(folded)
    if label is None or not re.match(r"[:为]?\d", folded[label.end() :]):
        return None  # no label, or a bare one (总分 | 100 | 96: see _total)
    rest = folded[label.end() :].replace("，", ",").replace("；", ";")
    scored: Decimal | None = None
    plain: list[Decimal] = []
    for figure in _FIGURE.finditer(rest):
        if figure["label"] in ("自评得分", "实际得分", "得分"):
            scored = scored if scored is not None else Decimal(figure["n"])
        elif figure["label"] != "满分":
            plain.append(Decimal(figure["n"]))
    words = _FIGURE.sub("", rest)
    grade = _GRADE_WORD.search(words)
    if grade is not None:
        words = words[: grade.start()] + words[grade.end() :]
    if _FILLER.sub("", words):
        return None  # other words: not a total written out
    out: dict[str, Any] = {"total": scored if scored is not None else plain[0]}
    if grade is not None:
        out["grade"] = grade[0]
    return out


def _is_funds_header(folded: Sequence[str]) -> bool:
    return any(f in _FUNDS["adjusted"] for f in folded) and any(
        f in _FUNDS["spent"] for f in folded
    )


def _funds(
    reader: GridReader,
    sheet: str,
    grid: Grid,
    at: int,
    header: int,
    cells: Cells,
    review: bool = False,
) -> dict[str, Any] | None:
    """The funds table above the indicators: its header row and the first row of figures
    (年度资金总额; the 其中… rows below it are parts of it)."""
    raw = [cell_text(c.value) for c in grid[at]]
    heads = [fold_label(t) for t in raw]
    columns: dict[str, int] = {}
    for j, text in enumerate(heads):
        for key, names in _FUNDS.items():
            if key not in columns and text in names:
                columns[key] = j
                break
    unit = (
        "万元"
        if any("万元" in h for h in raw)
        or any("万元" in cell_text(c.value) for r in grid[max(0, at - 1) : at + 1] for c in r[:2])
        else ""
    )

    def at_column(row: Sequence[GridCell], key: str) -> GridCell | None:
        j = columns.get(key)
        return row[j] if j is not None and j < len(row) else None

    def number(row: Sequence[GridCell], key: str) -> Decimal | None:
        cell = at_column(row, key)
        return points(cell.value) if cell is not None else None

    figures = next(
        (
            row
            for row in grid[at + 1 : header]
            if (cell := at_column(row, "adjusted")) is not None
            and amount(cell.value)[0] is not None
        ),
        None,
    )
    if figures is None:
        if review:  # 0 0 0 or empty: the loader reports the budget as missing
            reader.notes.append(say("grid.funds-empty", file=reader.name, sheet=sheet))
            return None
        reader.fail(
            sheet,
            grid[at][0].coordinate if grid[at] else "A1",
            say("grid.funds-no-row"),
        )
        return None
    budget: dict[str, Any] = {}
    for key in ("initial", "adjusted", "spent"):
        cell = at_column(figures, key)
        value, written = amount(cell.value) if cell is not None else (None, "")
        if value is None:
            if key != "initial":
                reader.fail(
                    sheet,
                    cell.coordinate if cell is not None else "?",
                    say("grid.budget-amount", key=key),
                )
            continue
        assert cell is not None  # value is a number
        given = written or unit
        budget[key] = f"{format_decimal(value)}{given}" if given == "万元" else value
        cells[("budget", key)] = (sheet, cell.coordinate, "")
    weight = number(figures, "weight")
    if weight is not None:
        budget["_weight"] = weight
    score = number(figures, "score")
    if review and score is not None:
        budget["reported"] = score
        cell = at_column(figures, "score")
        assert cell is not None
        cells[("budget", "reported")] = (sheet, cell.coordinate, "")
    rate = at_column(figures, "rate")
    if review and rate is not None:
        in_percent = any(sign in raw[columns["rate"]] for sign in "%％")
        _take_rate(reader, sheet, rate, in_percent, budget, cells)
    why = at_column(figures, "note")
    if why is not None and not _placeholder(cell_text(why.value)):
        budget["note"] = cell_text(why.value)
    return budget if "adjusted" in budget and "spent" in budget else None


def _take_rate(
    reader: GridReader,
    sheet: str,
    cell: GridCell,
    in_percent: bool,
    budget: dict[str, Any],
    cells: Cells,
) -> None:
    """The printed 执行率 of ``cell`` as the budget's ``reported_rate``; one
    that cannot be read is named in a note with its cell, not guessed."""
    printed = _printed_rate(cell, in_percent)
    if printed:
        budget["reported_rate"] = printed
        cells[("budget", "reported_rate")] = (sheet, cell.coordinate, "")
    elif printed is None and not is_blank(text := cell_text(cell.value)):
        where = f"{sheet}, {cell.coordinate}"
        reader.notes.append(say("grid.rate-unread", file=reader.name, where=where, text=text))


#: The parts of a number format that are shown as written: "text", \x, [Red], [$-804].
_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_SHOWN_DECIMALS = re.compile(r"\.([0#?]+)")


def _printed_rate(cell: GridCell, in_percent: bool) -> str | None:
    """The 执行率 a cell shows, as ``95.00%``: a spreadsheet's number as its
    format shows it (0.95 under ``0.00%`` is 95.00%, 95 under ``0"%"`` 95%,
    at the decimals shown); text with its % (or a bare figure under a header
    in %, 执行率(%)); "" for a number its format shows as no figure (0 under
    ``0%;-0%;"—"``); None for anything else (a negative rate, words)."""
    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = cell_number(value)
        if number is None or number < 0:
            return None
        sections = cell.number_format.split(";")
        section = sections[2] if number == 0 and len(sections) > 2 else sections[0]
        shown = _LITERALS.sub("", section)
        plain = section.strip().lower() in ("", "general", "@")
        if not plain and not any(ch in shown for ch in "0#?"):
            return ""  # the format writes no figure: a dash for 0
        if "%" in shown:
            number *= 100
        elif "%" not in section and not in_percent:
            return None  # a bare 0.95 or 95: a share or a percentage?
        decimals = _SHOWN_DECIMALS.search(shown)
        places = len(decimals.group(1)) if decimals else 0
        least = decimals.group(1).count("0") if decimals else 0
        figure = f"{quantize(number, places):f}"
        if places > least:  # 0.0#%: the optional places only as far as they are needed
            whole, _, part = figure.partition(".")
            part = part.rstrip("0").ljust(least, "0")
            figure = f"{whole}.{part}" if part else whole
        return f"{figure}%"
    text = unicodedata.normalize("NFKC", cell_text(value)).replace(" ", "")
    if not any("0" <= ch <= "9" for ch in text):
        from ..core.numerals import arabic

        text = arabic(text) or text  # 百分之百, 九成五
    figure = text[:-1] if text.endswith("%") else text if in_percent else ""
    return f"{figure}%" if _RATE.fullmatch(figure) else None


_RATE = re.compile(r"[0-9]{1,15}(\.[0-9]{1,15})?")


def read_row(
    reader: GridReader,
    row: GridRow,
    name: str,
    kind: str,
    cells: Cells,
    i: int,
    *,
    review: bool = False,
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
        ("reported", "score"),
    ):
        cells[(*path, key)] = (sheet, row.where(column), name)
    cells[path] = (sheet, row.where("name"), name)
    ident = row.text("id")
    if ident:
        out["id"] = ident
    if not kind:
        reader.fail(sheet, row.where("level2"), say("grid.no-kind", name=name))
        return None
    out["kind"] = kind
    weight = row.number("weight")
    if weight is None:
        reader.not_a_number(sheet, row.where("weight"), "grid.points", row.get("weight"), name)
        return None
    out["weight"] = weight
    for key, label in (("target", "年度指标值"), ("actual", "实际完成值")):
        figures = [line for line in written_text(row.get(key)).splitlines() if _DIGIT.search(line)]
        if len(figures) > 1:  # two lines, or two blocks of a web page: read as one they glue
            reader.fail(
                sheet, row.where(key),
                say("grid.two-figures", name=name, label=label, first=figures[0].strip(),
                    second=figures[1].strip()),
            )  # fmt: skip
            return None
    target = _target(reader, row, name, review)
    if target is None:
        return None
    if target:  # review: a scored row with none departs (target-missing)
        out["target"] = target
    rule = row.text("rule")
    actual = written_text(row.get("actual"))
    unit = row.text("unit")
    said = {normalize_text(actual).lower(), normalize_text(row.text("score")).lower()}
    if rule in NOT_APPLICABLE or said & NOT_APPLICABLE_WORDS:
        out["applicable"] = False  # the form says the row does not apply
    elif is_blank(actual):
        if not (review and not is_blank(row.text("score"))):
            # a card to author needs the actual; a row with neither actual nor score is unfilled
            reader.fail(sheet, row.where("actual"), say("grid.no-actual", name=name))
            return None
        # review: the form scores a row it gives no 实际完成值 for: a departure, scored 0
    else:
        if unit and cell_number(actual) is not None:
            actual += unit
        out["actual"] = actual
    if rule in ("steps", "deduct", "checklist"):
        reader.fail(
            sheet,
            row.where("rule"),
            say("grid.rule-settings", name=name, rule=rule),
        )
        return None
    if rule and rule not in EVALUATOR and rule not in NOT_APPLICABLE:
        out["rule"] = rule
    if review:
        return _reported(reader, row, name, out)
    tier = parse_tier(actual) if actual else None
    evaluator = "evaluator" in row.columns
    given_cell = row.get("evaluator") if evaluator else row.get("score")
    wants = rule in EVALUATOR or (tier is not None and tier is not Tier.ACHIEVED)
    if given_cell is not None and (evaluator or wants) and cell_text(given_cell.value):
        score = cell_number(given_cell.value)
        if score is None:
            reader.not_a_number(sheet, given_cell.coordinate, "grid.evaluator", given_cell, name)
            return None
        out["score"] = score
    elif wants and given_cell is None:
        pass  # the loader says that a score is needed
    note = row.text("note")
    if note:
        out["note"] = note
    return out


def _reported(
    reader: GridReader, row: GridRow, name: str, out: dict[str, Any]
) -> dict[str, Any] | None:
    """Review: the row's published 得分 as ``reported`` (an evaluator's column
    as the reviewer's ``score``); a 得分 that is no number leaves the row unread."""
    for key, column in (("score", "evaluator"), ("reported", "score")):
        cell = row.get(column)
        text = cell_text(cell.value) if cell is not None else ""
        if cell is None or is_blank(text):
            continue
        number = points(cell.value)
        if number is None:
            reader.not_a_number(row.sheet, cell.coordinate, "grid.score", cell, name)
            return None
        out[key] = number
    note = row.text("note")
    if not _placeholder(note):
        out["note"] = note
    return out


def _filled(row: GridRow, key: str) -> bool:
    """Whether a row's cell says something: not empty, nor a blank mark (/, —, 无)."""
    return not is_blank(row.text(key))


def _placeholder(text: str) -> bool:
    """An empty cell, a dash, or the template's printed instruction left in
    ("…需说明原因(100字以内)"): not a reason the unit gave."""
    return is_blank(text) or "字以内" in text


def _target(reader: GridReader, row: GridRow, name: str, review: bool = False) -> str | None:
    """The row's 年度指标值 as the card writes it; in review, "" for a row
    the form scores without one; None (an error said) for a row to author."""
    text = written_text(row.get("target"))
    if row.get("nature") is not None:  # the official layout: 指标性质 + 指标值 + 度量单位
        nature = row.text("nature").replace(" ", "")
        if nature and nature not in _NATURE:
            reader.fail(
                row.sheet,
                row.where("nature"),
                say("grid.nature", name=name, nature=nature, natures=", ".join(_NATURE)),
            )
            return None
        unit = row.text("unit")
        if not any(ch.isdigit() for ch in text):
            return text  # a statement (有效): a sign before it says nothing (正向指标 | 有效)
        if not _NATURE.get(nature) or cell_number(text) is None:
            return f"{_NATURE[nature]}{text}" if _NATURE.get(nature) else text
        return f"{_NATURE[nature]}{text}{unit}"
    if not text:
        if review and _filled(row, "score"):
            return ""
        reader.fail(row.sheet, row.where("target"), say("grid.no-target", name=name))
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
    printed = card.pop("_groups", {})
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
    # The points a form prints beside a group's 一级 (产出指标(50分)) are what its
    # rows must add up to: given in weights:, the loader departs when they do not.
    for group in framework.groups:
        if not group.budget and group.zh in printed and printed[group.zh] != sums[group.id]:
            sums[group.id] = printed[group.zh]
    if any(sums[g.id] != g.weight for g in framework.groups):
        card["weights"] = sums
    else:
        card.pop("weights", None)
