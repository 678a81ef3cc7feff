"""A filled-in 自评表 workbook back into a scorecard (``perfeval import``).

Two layouts are read, found by their header row:

- perfeval's own (``perfeval score --format xlsx``): 年度指标值 and 实际完成值 as
  written, 分值, 得分, 偏差原因, and the rule in column L;
- the common official layout with the target split into 指标性质 (≥, ≤, =,
  定性), 指标值 and 度量单位.

Every cell that cannot be read is named by sheet and address; the card that
comes out is checked by perfeval's own loader before it is written.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from .errors import Location, Problem, ScorecardError
from .frameworks import framework_names, get_framework
from .targets import Tier, format_decimal, parse_tier

__all__ = ["import_workbook", "to_yaml"]

_HEADERS = {
    "level1": ("一级指标", "Level 1"),
    "level2": ("二级指标", "Level 2"),
    "name": ("三级指标", "Indicator"),
    "target": ("年度指标值", "指标值", "Target"),
    "nature": ("指标性质",),
    "unit": ("度量单位", "计量单位"),
    "actual": ("实际完成值", "全年实际值", "Actual"),
    "weight": ("分值", "Points"),
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


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None or value == "":
        return None
    try:
        return Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        return None


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def fail(self, sheet: str, cell: str, message: str) -> None:
        self.problems.append(Problem((sheet, cell), message, Location(self.path)))


def _header_row(sheet: Any) -> tuple[int, dict[str, int]] | None:
    for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, 40)):
        found: dict[str, int] = {}
        for cell in row:
            text = _text(cell.value).replace("\n", "")
            for key, names in _HEADERS.items():
                if text in names and key not in found:
                    found[key] = cell.column
        if "name" in found and "weight" in found and ("target" in found or "nature" in found):
            return row[0].row, found
    return None


def _framework(title: str, subtitle: str) -> str:
    """The framework whose name the sheet's second line gives (default 10号)."""
    for name in framework_names():
        framework = get_framework(name)
        if framework.zh in subtitle or framework.en in subtitle:
            return name
    return "mof-2020-project"


def _settings(book: Any) -> dict[tuple[str, str], tuple[str, Any]]:
    """Department-rule settings kept by perfeval's export in its hidden sheet."""
    from .excel import SETTINGS_SHEET

    if SETTINGS_SHEET not in book.sheetnames:
        return {}
    out = {}
    for row in book[SETTINGS_SHEET].iter_rows(min_row=2, values_only=True):
        if row and row[0] and row[2]:
            out[(str(row[0]), str(row[1] or ""))] = (str(row[2]), yaml.safe_load(str(row[3] or "")))
    return out


def _sheet(
    reader: _Reader, sheet: Any, settings: dict[tuple[str, str], tuple[str, Any]]
) -> dict[str, Any] | None:
    found = _header_row(sheet)
    if found is None:
        reader.fail(
            sheet.title,
            "A1",
            "no indicator table: expected a header row with 三级指标, "
            "年度指标值 (or 指标性质 and 指标值) and 分值",
        )
        return None
    header, columns = found
    title = _text(sheet["A1"].value) or sheet.title
    framework = _framework(title, _text(sheet["A2"].value))
    card: dict[str, Any] = {"perfeval": 1, "title": title}
    if framework != "mof-2020-project":
        card["framework"] = framework
    own = settings.get((sheet.title, ""))
    if own is not None and own[0] == "card" and isinstance(own[1], dict):
        card.update(
            {k: v for k, v in own[1].items() if k in ("precision", "review_ratio", "scale")}
        )
    indicators = []
    for row in sheet.iter_rows(min_row=header + 1, max_row=sheet.max_row):

        def cell(key: str, row: Any = row) -> Any:
            column = columns.get(key)
            return row[column - 1] if column is not None and column <= len(row) else None

        name_cell = cell("name")
        name = _text(name_cell.value) if name_cell is not None else ""
        if name in ("", "合计", "Total", "评价等次", "Grade"):
            if any(_text(c.value) in ("合计", "Total") for c in row):
                break
            continue
        indicators.append(_indicator(reader, sheet.title, cell, name, settings))
    card["indicators"] = [i for i in indicators if i is not None]
    budget = _budget(reader, sheet, header)
    if budget is not None:
        card["budget"] = budget
    return card


def _indicator(
    reader: _Reader,
    sheet: str,
    cell: Any,
    name: str,
    settings: dict[tuple[str, str], tuple[str, Any]],
) -> dict[str, Any] | None:
    row: dict[str, Any] = {"name": name}
    id_cell = cell("id")
    ident = _text(id_cell.value) if id_cell is not None else ""
    if ident:
        row["id"] = ident
    # A row filled from a framework standard comes back as an explicit row: the
    # sheet holds its computed actual, not the facts its formula needs.
    level2 = cell("level2")
    kind = _text(level2.value) if level2 is not None else ""
    if not kind:
        reader.fail(
            sheet,
            level2.coordinate if level2 is not None else "B?",
            f"'{name}': no 二级指标 (the kind) is given",
        )
        return None
    row["kind"] = kind
    weight_cell = cell("weight")
    weight = _number(weight_cell.value) if weight_cell is not None else None
    if weight is None:
        reader.fail(sheet, weight_cell.coordinate if weight_cell is not None else "?",
                    f"'{name}': 分值 must be a number; found '{_text(weight_cell.value) if weight_cell is not None else ''}'")  # fmt: skip  # noqa: E501
        return None
    row["weight"] = weight
    target = _target(reader, sheet, cell, name)
    if target is None:
        return None
    row["target"] = target
    rule_cell = cell("rule")
    rule = _text(rule_cell.value) if rule_cell is not None else ""
    actual_cell = cell("actual")
    actual = _text(actual_cell.value) if actual_cell is not None else ""
    unit_cell = cell("unit")
    unit = _text(unit_cell.value) if unit_cell is not None else ""
    kept = settings.get((sheet, ident)) if ident else None
    if rule in ("不适用", "n/a"):
        row["applicable"] = False
    elif kept is not None and kept[0] == "checklist":
        pass  # a checklist's criteria decide; it has no actual
    elif actual in ("", "—"):
        reader.fail(
            sheet,
            actual_cell.coordinate if actual_cell is not None else "?",
            f"'{name}': no 实际完成值",
        )
        return None
    else:
        if unit and _number(actual) is not None:
            actual += unit
        row["actual"] = actual
    if kept is not None:
        row[kept[0]] = kept[1]
    elif rule in ("steps", "deduct", "checklist"):
        reader.fail(
            sheet,
            rule_cell.coordinate,
            f"'{name}': the {rule} rule's settings are not "
            "in the workbook; add them to the card by hand",
        )
        return None
    if rule and rule not in _EVALUATOR and rule not in ("不适用", "n/a") and kept is None:
        row["rule"] = rule
    score_cell = cell("score")
    used_cell = cell("used")
    tier = parse_tier(actual) if actual else None
    evaluator = rule in _EVALUATOR or (tier is not None and tier is not Tier.ACHIEVED)
    if evaluator and score_cell is not None:
        score = _number(score_cell.value)
        used = _number(used_cell.value) if used_cell is not None else None
        if score is None:
            reader.fail(
                sheet, score_cell.coordinate, f"'{name}': the evaluator's 得分 must be a number"
            )
            return None
        if used not in (None, 0) and used != weight:
            score = score * weight / used  # back to the row's own points
        row["score"] = score.quantize(Decimal("0.01"))
    note_cell = cell("note")
    if note_cell is not None and _text(note_cell.value):
        row["note"] = _text(note_cell.value)
    return row


def _target(reader: _Reader, sheet: str, cell: Any, name: str) -> str | None:
    target_cell = cell("target")
    text = _text(target_cell.value) if target_cell is not None else ""
    nature_cell = cell("nature")
    if nature_cell is not None:  # the official layout: 指标性质 + 指标值 + 度量单位
        nature = _text(nature_cell.value)
        if nature not in _NATURE:
            reader.fail(
                sheet,
                nature_cell.coordinate,
                f"'{name}': 指标性质 '{nature}' is not one of {', '.join(_NATURE)}",
            )
            return None
        unit_cell = cell("unit")
        unit = _text(unit_cell.value) if unit_cell is not None else ""
        if nature in ("定性", ""):
            return text
        return f"{_NATURE[nature]}{text}{unit}"
    if not text:
        reader.fail(
            sheet,
            target_cell.coordinate if target_cell is not None else "?",
            f"'{name}': no 年度指标值",
        )
        return None
    return text


def _budget(reader: _Reader, sheet: Any, header: int) -> dict[str, Any] | None:
    """perfeval's funds rows (4 and 5), if the sheet has them."""
    if header < 6 or _text(sheet["B4"].value) not in ("全年预算数(元)", "Full-year budget (元)"):
        return None
    budget: dict[str, Any] = {}
    for key, address in (("initial", "A5"), ("adjusted", "B5"), ("spent", "C5")):
        value = _number(sheet[address].value)
        if value is None and key != "initial":
            reader.fail(sheet.title, address, f"the budget's {key} amount must be a number")
            return None
        if value is not None:
            budget[key] = value
    if _text(sheet["G5"].value):
        budget["note"] = _text(sheet["G5"].value)
    weight = _number(sheet["D5"].value)
    if weight is not None:
        budget["_weight"] = weight
    return budget


def _weights(card: dict[str, Any]) -> None:
    """Set ``weights:`` when the sheet's 分值 differ from the framework's."""
    framework = get_framework(card.get("framework", "mof-2020-project"))
    budget_weight = card.get("budget", {}).pop("_weight", None)
    sums: dict[str, Decimal] = {g.id: Decimal(0) for g in framework.groups}
    for row in card["indicators"]:
        resolved = framework.resolve_kind(row["kind"])
        if resolved is None:
            return  # the loader names the unknown kind
        group = framework.kind(resolved[0]).group  # type: ignore[union-attr]
        sums[group] += row["weight"]
    budget_group = framework.budget_group
    if budget_group is not None:
        sums[budget_group.id] = budget_weight if budget_weight is not None else Decimal(0)
        if "budget" not in card:
            sums[budget_group.id] = Decimal(0)
    if any(sums[g.id] != g.weight for g in framework.groups):
        card["weights"] = sums


def import_workbook(path: str) -> list[dict[str, Any]]:
    """Every sheet of a workbook as scorecard data, checked by the loader.

    Raises ScorecardError naming each cell that could not be read, or the
    problems the loader finds in the card that came out.
    """
    try:
        import openpyxl
    except ImportError:
        from .excel import ExcelMissingError

        raise ExcelMissingError(
            "reading workbooks needs the optional extra: pip install 'perfeval[excel]'"
        ) from None
    try:
        book = openpyxl.load_workbook(path, data_only=False)
    except Exception as exc:
        raise ScorecardError.single(
            (), f"cannot read the workbook: {exc}", Location(path)
        ) from None
    reader = _Reader(path)
    settings = _settings(book)
    cards = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible" or _text(sheet["A1"].value) in ("名次", "Rank"):
            continue  # hidden settings, or a batch's summary sheet
        card = _sheet(reader, sheet, settings)
        if card is not None:
            _weights(card)
            cards.append(card)
    if reader.problems:
        raise ScorecardError(reader.problems)
    from .loading import from_dict

    for card in cards:
        from_dict(card, source=path)  # the card that comes out must be valid
    return cards


def to_yaml(card: dict[str, Any]) -> str:
    """One card as scorecard YAML."""

    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return format_decimal(value) if value != value.to_integral_value() else int(value)
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    header = "# Imported from a workbook by perfeval import; check it, then perfeval score.\n"
    return header + yaml.safe_dump(plain(card), allow_unicode=True, sort_keys=False)
