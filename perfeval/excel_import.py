"""A filled-in 自评表 workbook back into a scorecard (``perfeval import``).

Reading goes in three steps, each bounded before the next (limits in
:mod:`perfeval.limits`): the zip's own directory (declared sizes, ratios),
a streamed pass over every sheet (rows, columns, cells, cell length), then
the sheets themselves.

Two layouts are read:

- perfeval's own (``perfeval score --format xlsx``): the card comes back as
  perfeval wrote it in the hidden ``_perfeval`` sheet, with every visible
  input cell that was edited (年度指标值, 实际完成值, 分值, 评价人评分, the
  note, the rule, the name, the budget figures) taking the edited value;
- the official 自评表 as units fill it in, found by its header row: a sheet
  becomes a *grid* (merged cells spread over their range) and the grid is
  mapped to a card (:func:`map_grid`), so other readers can share the mapping.

Every problem is named by sheet and cell, with the indicator, including
those the loader finds in the card that comes out.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path as FsPath
from typing import Any

import attrs
import yaml

from . import _yaml
from .errors import Location, Problem, ScorecardError, format_path
from .frameworks import framework_names, get_framework
from .limits import (
    MAX_CELL_CHARS,
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
    MAX_SHEETS,
    MAX_WORKBOOK_BYTES,
    MAX_ZIP_MEMBER_RATIO,
    MAX_ZIP_UNCOMPRESSED,
)
from .targets import Tier, format_decimal, parse_tier

__all__ = ["GridCell", "import_workbook", "map_grid", "read_workbook", "to_yaml"]

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
_EVALUATOR = ("评价人评分", "evaluator's score")
_NOT_APPLICABLE = ("不适用", "n/a")
_PREFIX = re.compile(r"^\s*指标\s*\d+\s*[：:.、]\s*")
_BUDGET_ROW = "预算执行率"
_FUNDS = {
    "initial": ("年初预算数",),
    "adjusted": ("全年预算数",),
    "spent": ("全年执行数",),
    "weight": ("分值",),
    "note": ("偏差原因",),
}
_ENTITY = {"项目名称": "project", "主管部门": "department", "实施单位": "name"}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def _raw(value: Any) -> str:
    """A cell's text as perfeval compares it with what it wrote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _number(value: Any) -> Decimal | None:
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


@attrs.frozen
class GridCell:
    """One cell of a sheet: its value (merged cells carry the value of the
    range's first cell), its address and its number format."""

    value: Any
    coordinate: str
    number_format: str = "General"


Grid = Sequence[Sequence[GridCell]]


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.name = os.path.basename(path)
        self.problems: list[Problem] = []
        self.notes: list[str] = []

    def fail(self, sheet: str, cell: str, message: str) -> None:
        self.problems.append(Problem((sheet, cell), message, Location(self.path)))


# --- bounds, before anything is parsed ----------------------------------------------


def _check_file(path: str) -> None:
    def fail(message: str) -> ScorecardError:
        return ScorecardError.single((), message, Location(path))

    try:
        info = os.stat(path)
    except OSError as exc:
        raise fail(f"cannot read the workbook: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise fail("cannot read the workbook: not a regular file")
    if info.st_size > MAX_WORKBOOK_BYTES:
        raise fail(f"the workbook is {info.st_size:,} bytes; the limit is {MAX_WORKBOOK_BYTES:,}")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise fail(f"cannot read the workbook: not an .xlsx file ({exc})") from None
    total = sum(m.file_size for m in members)
    if total > MAX_ZIP_UNCOMPRESSED:
        raise fail(
            f"the workbook unpacks to {total:,} bytes; the limit is {MAX_ZIP_UNCOMPRESSED:,}"
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1 << 20 and ratio > MAX_ZIP_MEMBER_RATIO:
            raise fail(
                f"the workbook member {member.filename} unpacks {ratio:,.0f} times its size "
                f"(a zip bomb?); the limit is {MAX_ZIP_MEMBER_RATIO}"
            )


def _check_sheets(path: str, openpyxl: Any) -> None:
    """Stream every sheet once (read-only mode, nothing kept) against the limits."""
    from openpyxl.utils import get_column_letter

    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        if len(book.worksheets) > MAX_SHEETS:
            raise ScorecardError.single(
                (), f"the workbook has more than {MAX_SHEETS:,} sheets", Location(path)
            )
        for sheet in book.worksheets:
            if hasattr(sheet, "reset_dimensions"):
                sheet.reset_dimensions()  # a lying <dimension> must not pad every row
            for r, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                if r > MAX_SHEET_ROWS:
                    raise ScorecardError.single(
                        (sheet.title, f"A{r}"),
                        f"the sheet has more than {MAX_SHEET_ROWS:,} rows; the limit is "
                        f"{MAX_SHEET_ROWS:,}",
                        Location(path),
                    )
                if len(row) > MAX_SHEET_COLUMNS and any(
                    v is not None for v in row[MAX_SHEET_COLUMNS:]
                ):
                    raise ScorecardError.single(
                        (sheet.title, f"{get_column_letter(MAX_SHEET_COLUMNS + 1)}{r}"),
                        f"the sheet has more than {MAX_SHEET_COLUMNS} columns",
                        Location(path),
                    )
                for c, value in enumerate(row[:MAX_SHEET_COLUMNS], start=1):
                    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                        raise ScorecardError.single(
                            (sheet.title, f"{get_column_letter(c)}{r}"),
                            f"the cell holds {len(value):,} characters; the limit is "
                            f"{MAX_CELL_CHARS:,}",
                            Location(path),
                        )
    finally:
        book.close()


def _open(path: str) -> Any:
    try:
        import openpyxl
    except ImportError:
        from .excel import ExcelMissingError

        raise ExcelMissingError(
            "reading workbooks needs the optional extra: pip install 'perfeval[excel]'"
        ) from None
    _check_file(path)
    try:
        _check_sheets(path, openpyxl)
        # Normal mode (merged ranges, random access); the pass above bounded its work.
        return openpyxl.load_workbook(path, data_only=False)
    except ScorecardError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for bad files
        raise ScorecardError.single(
            (), f"cannot read the workbook: {type(exc).__name__}: {str(exc)[:200]}",
            Location(path),
        ) from None  # fmt: skip


# --- the grid ----------------------------------------------------------------------


def sheet_grid(sheet: Any) -> list[list[GridCell]]:
    """A sheet as rows of cells; a merged range's value fills all its cells."""
    rows: list[list[GridCell]] = []
    for row in sheet.iter_rows(max_col=min(sheet.max_column, MAX_SHEET_COLUMNS)):
        rows.append([GridCell(c.value, c.coordinate, c.number_format or "General")
                     for c in row if hasattr(c, "coordinate")])  # fmt: skip
    for merged in sheet.merged_cells.ranges:
        top = sheet.cell(merged.min_row, merged.min_col)
        for r in range(merged.min_row, min(merged.max_row, len(rows)) + 1):
            line = rows[r - 1]
            for c in range(merged.min_col, min(merged.max_col, len(line)) + 1):
                old = line[c - 1]
                line[c - 1] = GridCell(top.value, old.coordinate, top.number_format)
    return rows


def _header(grid: Grid) -> tuple[int, dict[str, int]] | None:
    for i, row in enumerate(grid[:40]):
        found: dict[str, int] = {}
        for j, cell in enumerate(row):
            text = _text(cell.value).replace("\n", "").replace(" ", "")
            for key, names in _HEADERS.items():
                if text in names and key not in found:
                    found[key] = j
        if "name" in found and "weight" in found and ("target" in found or "nature" in found):
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


class _Row:
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
        return _text(cell.value) if cell is not None else ""

    def where(self, key: str) -> str:
        cell = self.get(key)
        if cell is not None:
            return cell.coordinate
        first = self.cells[0].coordinate if self.cells else "A1"
        return re.sub(r"^[A-Z]+", "?", first)


def _cell_value_text(cell: GridCell | None) -> str:
    """What a cell says, as a card would write it: a percent-formatted number
    (97% typed in Excel is 0.97) comes back as 97%."""
    if cell is None:
        return ""
    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in cell.number_format:
        return f"{format_decimal(Decimal(str(value)) * 100)}%"
    return _text(value)


def map_grid(reader: _Reader, sheet: str, grid: Grid) -> tuple[dict[str, Any], Cells] | None:
    """A sheet's grid (an official 自评表) as scorecard data, with where each key came from."""
    found = _header(grid)
    if found is None:
        reader.fail(sheet, "A1", "no indicator table: expected a header row with 三级指标, "
                    "年度指标值 (or 指标性质 and 指标值) and 分值")  # fmt: skip
        return None
    header, columns = found
    cells: Cells = {(): (sheet, "A1", "")}
    above = grid[:header]
    title, funds = "", None
    entity: dict[str, str] = {}
    for i, row in enumerate(above):
        texts = [_text(c.value) for c in row]
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
        if not title and first and i == 0 and first.rstrip("：:") not in _ENTITY:
            title = first
            cells[("title",)] = (sheet, row[texts.index(first)].coordinate, "")
    if not title:
        title = FsPath(reader.name).stem
        reader.notes.append(f"{reader.name}: {sheet}: the sheet has no title row; the card's title "
                            f"'{title}' is taken from the file name")  # fmt: skip
    subtitle = " ".join(_text(c.value) for c in (grid[1] if len(grid) > 1 else []))
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
        row = _Row(line, columns, sheet)
        texts = [_text(c.value) for c in line]
        if any(t in ("合计", "Total", "总分") for t in texts):
            break
        for key in ("level1", "level2"):  # merged or left blank: the value above
            if row.text(key):
                level[key] = row.text(key)
        if _BUDGET_ROW in (row.text("name"), row.text("level2"), row.text("level1")):
            weight = _number(row.get("weight").value) if row.get("weight") else None
            if weight is not None:
                budget_weight = (weight, row.where("weight"))
            continue
        name = _PREFIX.sub("", row.text("name"))
        if not name:
            continue
        i = len(indicators)
        indicator = _indicator(reader, row, name, level.get("level2", ""), cells, i)
        if indicator is not None:
            indicators.append(indicator)
    card["indicators"] = indicators
    if budget is not None:
        if budget_weight is not None:
            budget["_weight"] = budget_weight[0]
        card["budget"] = budget
    elif budget_weight is not None:
        reader.fail(sheet, budget_weight[1], "the 预算执行率 row has points, but the sheet has no "
                    "funds table (年初预算数, 全年预算数, 全年执行数) above the indicators")  # fmt: skip
    return card, cells


def _funds(reader: _Reader, sheet: str, grid: Grid, at: int, header: int,
           cells: Cells) -> dict[str, Any] | None:  # fmt: skip
    """The funds table above the indicators: its header row and the first row of figures."""
    heads = [_text(c.value).replace(" ", "") for c in grid[at]]
    columns: dict[str, int] = {}
    for j, text in enumerate(heads):
        for key, names in _FUNDS.items():
            if key not in columns and any(text.startswith(n) for n in names):
                columns[key] = j
    unit = "万元" if any("万元" in h for h in heads) else ""
    figures = next(
        (row for row in grid[at + 1 : header]
         if _number(row[columns["adjusted"]].value if len(row) > columns.get("adjusted", 99)
                    else None) is not None),
        None,
    ) if "adjusted" in columns else None  # fmt: skip
    if figures is None:
        reader.fail(sheet, grid[at][0].coordinate if grid[at] else "A1",
                    "the funds table has no row of figures under 全年预算数")  # fmt: skip
        return None
    budget: dict[str, Any] = {}
    for key in ("initial", "adjusted", "spent"):
        j = columns.get(key)
        cell = figures[j] if j is not None and j < len(figures) else None
        value = _number(cell.value) if cell is not None else None
        if value is None:
            if key != "initial":
                reader.fail(sheet, cell.coordinate if cell is not None else "?",
                            f"the budget's {key} amount must be a number")  # fmt: skip
            continue
        budget[key] = f"{format_decimal(value)}{unit}" if unit else value
        cells[("budget", key)] = (sheet, cell.coordinate, "")  # type: ignore[union-attr]
    j = columns.get("weight")
    if j is not None and j < len(figures) and _number(figures[j].value) is not None:
        budget["_weight"] = _number(figures[j].value)
    j = columns.get("note")
    if j is not None and j < len(figures) and _text(figures[j].value):
        budget["note"] = _text(figures[j].value)
    return budget if "adjusted" in budget and "spent" in budget else None


def _indicator(reader: _Reader, row: _Row, name: str, kind: str, cells: Cells,
               i: int) -> dict[str, Any] | None:  # fmt: skip
    sheet = row.sheet
    out: dict[str, Any] = {"name": name}
    path = ("indicators", i)
    for key, column in (("name", "name"), ("kind", "level2"), ("aspect", "level2"),
                        ("target", "target"), ("actual", "actual"), ("weight", "weight"),
                        ("score", "evaluator" if "evaluator" in row.columns else "score"),
                        ("note", "note"), ("rule", "rule"), ("id", "id"),
                        ("applicable", "rule"), ("standard", "standard")):  # fmt: skip
        cells[(*path, key)] = (sheet, row.where(column), name)
    cells[path] = (sheet, row.where("name"), name)
    ident = row.text("id")
    if ident:
        out["id"] = ident
    if not kind:
        reader.fail(sheet, row.where("level2"), f"'{name}': no 二级指标 (the kind) is given")
        return None
    out["kind"] = kind
    weight = _number(row.get("weight").value) if row.get("weight") else None
    if weight is None:
        reader.fail(sheet, row.where("weight"),
                    f"'{name}': 分值 must be a number; found '{row.text('weight')}'")  # fmt: skip
        return None
    out["weight"] = weight
    target = _target(reader, row, name)
    if target is None:
        return None
    out["target"] = target
    rule = row.text("rule")
    actual = _cell_value_text(row.get("actual"))
    unit = row.text("unit")
    if rule in _NOT_APPLICABLE:
        out["applicable"] = False
    elif actual in ("", "—"):
        reader.fail(sheet, row.where("actual"), f"'{name}': no 实际完成值")
        return None
    else:
        if unit and _number(actual) is not None:
            actual += unit
        out["actual"] = actual
    if rule in ("steps", "deduct", "checklist"):
        reader.fail(sheet, row.where("rule"), f"'{name}': the {rule} rule's settings are not "
                    "in the workbook; add them to the card by hand")  # fmt: skip
        return None
    if rule and rule not in _EVALUATOR and rule not in _NOT_APPLICABLE:
        out["rule"] = rule
    tier = parse_tier(actual) if actual else None
    evaluator = "evaluator" in row.columns
    given_cell = row.get("evaluator") if evaluator else row.get("score")
    wants = rule in _EVALUATOR or (tier is not None and tier is not Tier.ACHIEVED)
    if given_cell is not None and (evaluator or wants) and _text(given_cell.value):
        score = _number(given_cell.value)
        if score is None:
            reader.fail(sheet, given_cell.coordinate, f"'{name}': the evaluator's score must "
                        f"be a number; found '{_text(given_cell.value)[:40]}'")  # fmt: skip
            return None
        out["score"] = score
    elif wants and given_cell is None:
        pass  # the loader says that a score is needed
    note = row.text("note")
    if note:
        out["note"] = note
    return out


def _target(reader: _Reader, row: _Row, name: str) -> str | None:
    text = _cell_value_text(row.get("target"))
    if row.get("nature") is not None:  # the official layout: 指标性质 + 指标值 + 度量单位
        nature = row.text("nature")
        if nature not in _NATURE:
            reader.fail(row.sheet, row.where("nature"),
                        f"'{name}': 指标性质 '{nature}' is not one of {', '.join(_NATURE)}")  # fmt: skip
            return None
        unit = row.text("unit")
        if nature in ("定性", "") or _number(text) is None:
            return f"{_NATURE[nature]}{text}" if nature not in ("定性", "") else text
        return f"{_NATURE[nature]}{text}{unit}"
    if not text:
        reader.fail(row.sheet, row.where("target"), f"'{name}': no 年度指标值")
        return None
    return text


def _weights(card: dict[str, Any]) -> None:
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


# --- perfeval's own layout -----------------------------------------------------------


def _plain(value: Any) -> Any:
    """Located-YAML values as plain data (Decimal, bool, str, dict, list)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if _yaml.is_bool(value):
        return bool(value)
    if _yaml.is_date(value):
        return _yaml.written(value)
    if isinstance(value, Decimal):
        return Decimal(value)
    return value


@attrs.define
class _Entry:
    row: int
    cells: dict[str, Any]
    data: Any


def _hidden(reader: _Reader, book: Any) -> dict[tuple[str, str, str], _Entry]:
    """The hidden sheet: card and row entries, each data cell read by perfeval's
    safe YAML reader (no tags, no construction, bounded)."""
    from .excel import HIDDEN, SETTINGS_SHEET

    if SETTINGS_SHEET not in book.sheetnames:
        return {}
    sheet = book[SETTINGS_SHEET]
    keys = list(HIDDEN)
    data_column = keys.index("data")
    out: dict[tuple[str, str, str], _Entry] = {}
    for r, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        if not row or row[0] is None:
            continue
        values = dict(zip(keys, row, strict=False))
        text = "".join(str(v) for v in row[data_column:] if v is not None)
        where = f"{SETTINGS_SHEET}.{HIDDEN['data']}{r}"
        try:
            parsed = _yaml.document(text, where).data if text else None
        except ScorecardError as exc:
            reader.fail(SETTINGS_SHEET, f"{HIDDEN['data']}{r}",
                        "perfeval's data in the hidden sheet cannot be read: "
                        + "; ".join(p.message.splitlines()[0] for p in exc.problems))  # fmt: skip
            continue
        key = (_raw(values.get("sheet")), _raw(values.get("what")), _raw(values.get("id")))
        if key[1] == "card" and not isinstance(parsed, dict):
            reader.fail(SETTINGS_SHEET, f"{HIDDEN['data']}{r}",
                        "perfeval's data in the hidden sheet is not a card mapping")  # fmt: skip
            continue
        out[key] = _Entry(r, values, _plain(parsed))
    return out


def _changed(visible: Any, stored: Any) -> bool:
    return _raw(visible) != _raw(stored)


def _own(reader: _Reader, sheet: Any, grid: Grid, entries: dict[tuple[str, str, str], _Entry],
         card_entry: _Entry) -> tuple[dict[str, Any], Cells] | None:  # fmt: skip
    """A sheet perfeval wrote: its kept card, with the edited visible cells' values."""
    from .excel import NOTE_MORE, SETTINGS_SHEET

    name = sheet.title
    card = dict(card_entry.data)
    cells: Cells = {("title",): (name, "A1", ""), (): (SETTINGS_SHEET, f"N{card_entry.row}", "")}
    stored = card_entry.cells
    title = _raw(grid[0][0].value) if grid and grid[0] else ""
    if _changed(title, stored.get("target")):
        card["title"] = title.strip()
    edited_weights = False
    budget = card.get("budget")
    if isinstance(budget, dict):
        budget = card["budget"] = dict(budget)
        for key, address, column in (("initial", "A5", "t"), ("adjusted", "B5", "k"),
                                     ("spent", "C5", "actual")):  # fmt: skip
            value = sheet[address].value
            cells[("budget", key)] = (name, address, "")
            if _changed(value, stored.get(column)):
                number = _number(value)
                if number is None and not (key == "initial" and value in (None, "")):
                    reader.fail(name, address, f"the budget's {key} amount must be a number; "
                                f"found '{_text(value)[:40]}'")  # fmt: skip
                elif number is None:
                    budget.pop("initial", None)
                else:
                    budget[key] = number
        if _changed(sheet["D5"].value, stored.get("a")):
            weight = _number(sheet["D5"].value)
            if weight is None:
                reader.fail(name, "D5", f"the budget's 分值 must be a number; found "
                            f"'{_text(sheet['D5'].value)[:40]}'")  # fmt: skip
            else:
                budget["_weight"] = weight
                edited_weights = True
        note = _raw(sheet["G5"].value)
        cells[("budget", "note")] = (name, "G5", "")
        if _changed(note, stored.get("note")):
            budget["note"] = note.strip()
            if not budget["note"]:
                del budget["note"]
    found = _header(grid)
    if found is None:
        reader.fail(name, "A7", "the indicator table's header row is missing")
        return None
    header, columns = found
    rows: list[dict[str, Any]] = []
    ids_seen = set()
    for line in grid[header + 1 :]:
        row = _Row(line, columns, name)
        texts = [_text(c.value) for c in line]
        if any(t in ("合计", "Total") for t in texts):
            break
        ident = row.text("id")
        entry = entries.get((name, "row", ident)) if ident and ident not in ids_seen else None
        if entry is None:
            if not row.text("name"):
                continue
            # A row the person added: read it as an official row.
            added = _indicator(reader, row, _PREFIX.sub("", row.text("name")), row.text("level2"),
                               cells, len(rows))  # fmt: skip
            if added is not None:
                rows.append(added)
                edited_weights = True
            continue
        ids_seen.add(ident)
        i = len(rows)
        data = dict(entry.data) if isinstance(entry.data, dict) else {}
        label = str(data.get("name", ""))
        for key, column in (("name", "name"), ("kind", "level2"), ("aspect", "level2"),
                            ("target", "target"), ("actual", "actual"), ("formula", "actual"),
                            ("weight", "weight"), ("score", "evaluator"), ("note", "note"),
                            ("rule", "rule"), ("applicable", "rule"), ("id", "id"),
                            ("standard", "standard"), ("steps", "rule"), ("deduct", "rule"),
                            ("checklist", "rule"), ("reported", "score")):  # fmt: skip
            cells[("indicators", i, key)] = (name, row.where(column), label)
        cells[("indicators", i)] = (name, row.where("name"), label)
        kept = entry.cells
        if _raw(row.get("name").value if row.get("name") else "") != _cell(data.get("name")):
            data["name"] = row.text("name")
        if _changed_kind(card, data, row.text("level2")):
            data["kind"] = row.text("level2")
            data.pop("aspect", None)
        target = row.get("target")
        if target is not None and _changed(target.value, kept.get("target")):
            data["target"] = _cell_value_text(target)
        actual = row.get("actual")
        if actual is not None and _changed(actual.value, kept.get("actual")):
            text = _cell_value_text(actual)
            data.pop("formula", None)
            if text in ("", "—"):
                data.pop("actual", None)
            else:
                data["actual"] = text
        weight = row.get("weight")
        if weight is not None and _changed(weight.value, kept.get("weight")):
            number = _number(weight.value)
            if number is None:
                reader.fail(name, weight.coordinate, f"'{label}': 分值 must be a number; "
                            f"found '{_text(weight.value)[:40]}'")  # fmt: skip
            else:
                data["weight"] = number
                edited_weights = True
        given = row.get("evaluator")
        if given is not None and _changed(given.value, kept.get("evaluator")):
            if given.value in (None, ""):
                data.pop("score", None)
            else:
                number = _number(given.value)
                if number is None:
                    reader.fail(name, given.coordinate, f"'{label}': the evaluator's score must "
                                f"be a number; found '{_text(given.value)[:40]}'")  # fmt: skip
                else:
                    data["score"] = number
        note = row.get("note")
        if note is not None and _changed(note.value, kept.get("note")):
            text = _raw(note.value)
            if text.endswith(NOTE_MORE) and str(data.get("note", "")).startswith(
                text[: -len(NOTE_MORE)]
            ):
                pass  # the cell's start of a long note, unchanged
            elif text.strip():
                data["note"] = text.strip()
            else:
                data.pop("note", None)
        rule = row.get("rule")
        if rule is not None and _changed(rule.value, kept.get("rule")):
            text = _text(rule.value)
            if text in _NOT_APPLICABLE:
                data["applicable"] = False
            else:
                data.pop("applicable", None)
                data["rule"] = "manual" if text in _EVALUATOR else text
            edited_weights = True
        rows.append(data)
    card["indicators"] = rows
    if edited_weights or len(rows) != len([k for k in entries if k[:2] == (name, "row")]):
        _weights(card)
    elif isinstance(card.get("budget"), dict):
        card["budget"].pop("_weight", None)
    return card, cells


def _cell(value: Any) -> str:
    from .excel import cell_text

    return cell_text(str(value)) if value is not None else ""


def _changed_kind(card: dict[str, Any], data: dict[str, Any], shown: str) -> bool:
    """Whether the 二级指标 cell names another kind than the row has."""
    try:
        framework = get_framework(str(card.get("framework", "mof-2020-project")))
    except ScorecardError:
        return False
    resolved = framework.resolve_kind(shown) if shown else None
    if resolved is None:
        return bool(shown) and shown != data.get("kind")
    kind = framework.resolve_kind(str(data.get("kind", "")))
    aspect = data.get("aspect")
    if kind is None:
        return True
    return resolved[0] != kind[0] or (resolved[1] != (kind[1] or aspect) and resolved[1] is not None)


# --- the whole workbook ---------------------------------------------------------------


def read_workbook(path: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Every card sheet of a workbook as scorecard data, checked by the
    loader, and notes on what was assumed (a title taken from the file name).

    Raises ScorecardError naming each cell that could not be read, and each
    problem the loader finds in the card that came out, by sheet and cell.
    """
    book = _open(path)
    reader = _Reader(path)
    entries = _hidden(reader, book)
    found: list[tuple[dict[str, Any], Cells]] = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible" or _text(sheet["A1"].value) in ("名次", "Rank"):
            continue  # hidden data, or a batch's summary sheet
        grid = sheet_grid(sheet)
        entry = entries.get((sheet.title, "card", ""))
        if entry is not None:
            mapped = _own(reader, sheet, grid, entries, entry)
        else:
            mapped = map_grid(reader, sheet.title, grid)
            if mapped is not None:
                _weights(mapped[0])
        if mapped is not None:
            found.append(mapped)
    if reader.problems:
        raise ScorecardError(reader.problems)
    _validate(reader, found)
    return [card for card, _ in found], reader.notes


def import_workbook(path: str) -> list[dict[str, Any]]:
    """Every card sheet of a workbook as scorecard data (see :func:`read_workbook`)."""
    return read_workbook(path)[0]


def _validate(reader: _Reader, found: list[tuple[dict[str, Any], Cells]]) -> None:
    """The loader's problems with each card, placed at the cell they came from."""
    from .loading import from_dict

    problems: list[Problem] = []
    for card, cells in found:
        try:
            from_dict(card, source=reader.path)
        except ScorecardError as exc:
            for problem in exc.problems:
                problems.append(_placed(reader.path, problem, cells))
    if problems:
        raise ScorecardError(problems)


def _placed(path: str, problem: Problem, cells: Cells) -> Problem:
    key = tuple(problem.path)
    while key and key not in cells:
        key = key[:-1]
    sheet, cell, name = cells[key] if key in cells else ("?", "A1", "")
    what = format_path(problem.path)
    label = f"'{name}' ({what})" if name else what
    return Problem((sheet, cell), f"{label}: {problem.message}", Location(path))


def to_yaml(card: dict[str, Any]) -> str:
    """One card as scorecard YAML: numbers as numbers (exact), texts as written."""
    from .excel import _exact_dumper

    header = "# Imported from a workbook by perfeval import; check it, then perfeval score.\n"
    return header + yaml.dump(card, Dumper=_exact_dumper(), allow_unicode=True, sort_keys=False,
                              width=1 << 20)  # fmt: skip


