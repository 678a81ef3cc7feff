"""The 自评表 as an Excel workbook whose formulas read the cells a person sees.

One source of truth per row: the visible 年度指标值, 实际完成值, 分值 and
评价人评分 cells are the inputs of every formula. Hidden helper columns
derive the numbers from them: a number Excel can read out of the text
(``98.5公里`` → 98500 米, the pattern perfeval checked when it wrote the
cell), or, for text Excel cannot read (``20万条以上`` stays readable as long
as it is unchanged), the number perfeval parsed, kept in the hidden,
protected ``_perfeval`` sheet next to the text it was parsed from. When a
visible cell no longer matches either, the score, the subtotal, the total
and the grade show ``需重新计算`` (re-score with perfeval) instead of a
stale number. Every formula cell also carries perfeval's computed value, so
viewers that do not recalculate still show it.

The ``_perfeval`` sheet also keeps the card as perfeval read it (entity,
reported figures, facts and formulas, units as written, settings, notes
longer than a cell), so ``perfeval import`` gives back the same card when
nothing was edited, and the edited cells' values when something was.

All user text is written with ``write_string`` (never a formula), control
characters are shown as ``\\x1b``-style escapes, and sheet names are made
valid. Needs the optional extra: ``pip install 'perfeval[excel]'``.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ..core.limits import MAX_CELL_CHARS
from ..core.results import IndicatorScore, Result, actual_text
from ..core.rules import ExcelCells
from ..core.targets import Quantity, Tier, format_decimal, read_quantity, read_target
from ..read.card_data import card_data, yaml_text

__all__ = [
    "FIRST_ROW",
    "RECALC",
    "SETTINGS_SHEET",
    "ExcelMissingError",
    "score_formula",
    "workbook_bytes",
]

#: 等线 (DengXian), the default font of Chinese Office: prints Chinese on A4.
_FONT = {"font_name": "等线", "font_size": 10.5}

#: The hidden sheet that keeps each card as read and the texts the formulas compare.
SETTINGS_SHEET = "_perfeval"
#: What a score cell shows when its inputs were edited into text Excel cannot read.
RECALC = "需重新计算"
FIRST_ROW = 8  # the first indicator row of a card's sheet
#: Characters of a note shown in its cell; the whole text is kept in _perfeval.
NOTE_SHOWN = 32_000
NOTE_MORE = "…（全文见 perfeval import）"
_CHUNK = 32_000  # characters of YAML per cell of the hidden sheet

# Columns of a card sheet (1-based letters), visible first, then hidden helpers.
COLUMNS = {
    "level1": "A",
    "level2": "B",
    "name": "C",
    "target": "D",
    "actual": "E",
    "weight": "F",
    "evaluator": "G",
    "score": "H",
    "note": "I",
    "rule": "J",
    "used": "K",
    "id": "L",
    "standard": "M",
    "t": "N",  # target in the base unit (formula)
    "k": "O",  # the target's upper bound (formula)
    "a": "P",  # actual in the base unit (formula)
}
_HEAD_ZH = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "评价人评分",
    "得分",
    "偏差原因分析及改进措施",
    "评分规则",
    "计分分值",
    "编号",
    "标准指标",
    "目标值(基准单位)",
    "目标上限",
    "实际值(基准单位)",
]
_HEAD_EN = [
    "Level 1",
    "Level 2",
    "Indicator",
    "Target",
    "Actual",
    "Points",
    "Evaluator's score",
    "Score",
    "Deviation and remedy",
    "Rule",
    "Points used",
    "ID",
    "Standard",
    "Target (base unit)",
    "Upper bound",
    "Actual (base unit)",
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
#: Columns of the hidden sheet: what each entry keeps.
HIDDEN = {
    "sheet": "A",
    "what": "B",  # card | row
    "id": "C",
    "target": "D",  # the 年度指标值 cell as written (card: the title)
    "t": "E",  # target value, base unit (card: initial budget, 元)
    "k": "F",  # upper bound (card: full-year budget)
    "actual": "G",  # the 实际完成值 cell as written (card: spent)
    "a": "H",  # actual value, base unit (card: the budget's 分值)
    "weight": "I",  # the 分值 cell (card: the budget's points used)
    "rule": "J",  # the 评分规则 cell
    "score": "K",  # the score perfeval computed
    "note": "L",  # the note cell as shown (card: the budget note)
    "evaluator": "M",  # the 评价人评分 cell
    "used": "N",  # the points used (计分分值)
    "data": "O",  # the card / row as YAML, continued in the columns after O
}
_HIDDEN_HEAD = [
    "sheet",
    "what",
    "id",
    "target",
    "t",
    "k",
    "actual",
    "a",
    "weight",
    "rule",
    "score",
    "note",
    "evaluator",
    "used",
    "data (YAML, continued to the right)",
]
_EVALUATOR = {"zh": "评价人评分", "en": "evaluator's score"}
#: The evaluator's score a tier allows, as shares of the points (10号): low, high, high included.
_BANDS = {
    Tier.ACHIEVED: (Decimal("0.8"), Decimal(1), True),
    Tier.PARTIAL: (Decimal("0.6"), Decimal("0.8"), False),
    Tier.NOT_ACHIEVED: (Decimal(0), Decimal("0.6"), False),
}
_NOT_APPLICABLE = {"zh": "不适用", "en": "n/a"}


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


# --- text that is safe in a cell and a sheet name ---------------------------------

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def cell_text(text: str) -> str:
    """Text for a cell: control characters (which make the sheet's XML
    ill-formed or act on a terminal) as visible escapes such as ``\\x1b``;
    tabs and line breaks stay."""
    return _CONTROL.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _cut(name: str, most: int = 31) -> str:
    """``name`` cut to ``most`` UTF-16 code units, as Excel counts a sheet
    name's length (a character outside the BMP, 𠀀 or an emoji, is two)."""
    units = 0
    for at, char in enumerate(name):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > most:
            return name[:at]
    return name


def sheet_names(titles: Sequence[str]) -> list[str]:
    """Valid, unique sheet names ``1-title``: no control characters or
    ``[]:*?/\\``, no leading or trailing apostrophe, at most 31 characters
    (UTF-16 code units, as Excel counts them),
    unique without regard to case (as Excel compares them)."""
    names: list[str] = []
    used = {SETTINGS_SHEET.lower(), "history", "汇总", "summary"}
    for i, title in enumerate(titles, start=1):
        clean = _SHEET_BAD.sub("_", _CONTROL.sub("_", title.replace("'", "_")))
        clean = " ".join(clean.split()) or "card"
        name = _cut(f"{i}-{clean}")
        n = 1
        while name.lower() in used:
            n += 1
            name = _cut(f"{i}.{n}-{clean}")
        used.add(name.lower())
        names.append(name)
    return names


def _q(text: str) -> str:
    """A string literal in a formula, with control characters escaped as in
    the cells it is compared with (raw, they would make the sheet's XML
    ill-formed)."""
    return '"' + cell_text(text).replace('"', '""') + '"'


def _same(cell: str, ref: str) -> str:
    """Case-sensitive text equality (EXACT, written so pycel evaluates it too)."""
    return f'AND(LEN({cell})=LEN({ref}),SUBSTITUTE({cell},{ref},"")="")'


# --- the number in a cell: read by Excel where it can ------------------------------

_ONE_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")


def _linear(text: str, value_of: Any) -> tuple[str, str, Decimal, Decimal] | None:
    """(prefix, suffix, v7, 7) when ``text`` is prefix + one number + suffix
    and perfeval reads prefix + n + suffix as n × v7 / 7 for any n (checked
    on the text itself and on two probes); None otherwise."""
    found = list(_ONE_NUMBER.finditer(text))
    if len(found) != 1 or any(c.isdigit() for c in text.replace(found[0].group(), "", 1)):
        return None
    prefix, suffix = text[: found[0].start()], text[found[0].end() :]
    if len(prefix) > 100 or len(suffix) > 100:
        return None
    try:
        v7 = value_of(f"{prefix}7{suffix}")
        v12 = value_of(f"{prefix}12.5{suffix}")
        here = value_of(text)
    except Exception:
        return None
    if v7 is None or v12 is None or here is None:
        return None
    n = Decimal(found[0].group())
    if v12 * 7 != v7 * Decimal("12.5") or here * 7 != v7 * n:
        return None
    return prefix, suffix, v7, Decimal(7)


def _derive(
    cell: str,
    pattern: tuple[str, str, Decimal, Decimal] | None,
    text_ref: str,
    value_ref: str,
    bare: Decimal | None,
) -> str:
    """The formula of a helper cell: the number in ``cell``.

    Unchanged text → the value perfeval parsed (``value_ref``); a number →
    times ``bare`` (the unit a bare number takes), or RECALC when there is
    none; text of the pattern with another number → that number converted;
    anything else → RECALC."""
    recalc = _q(RECALC)
    number = f"{cell}*{format_decimal(bare)}" if bare is not None else recalc
    fallback = recalc
    if pattern is not None:
        prefix, suffix, v7, seven = pattern
        lp, ls = len(prefix), len(suffix)
        m = f"MID({cell},{lp + 1},LEN({cell})-{lp + ls})"
        digits = m
        for ch in "0123456789.":
            digits = f'SUBSTITUTE({digits},"{ch}","")'
        checks = [
            f"LEN({cell})>{lp + ls}",
            f'{digits}=""',
            f'LEFT({m},1)<>"."',
            f'RIGHT({m},1)<>"."',
            f'LEN({m})-LEN(SUBSTITUTE({m},".",""))<2',
        ]
        if lp:
            checks.append(_same(f"LEFT({cell},{lp})", _q(prefix)))
        if ls:
            checks.append(_same(f"RIGHT({cell},{ls})", _q(suffix)))
        fallback = f"IF(AND({','.join(checks)}),VALUE({m})*{format_decimal(v7)}/{seven},{recalc})"
    return f"=IF({_same(cell, text_ref)},{value_ref},IF(ISNUMBER({cell}),{number},{fallback}))"


def score_formula(row: IndicatorScore, r: int, precision: int) -> str | None:
    """The rule's part of a row's score formula (row ``r``, 1-based), or
    None when the rule has no Excel formula. K is the points used W, N the
    target T, P the actual A (negatives count as 0), O the upper bound; the
    result is kept within [0, W] and rounded half up, as perfeval does."""
    ind = row.indicator
    rule = ind.rule
    if not ind.applicable or rule.input != "number":
        return None
    op = ind.target.op
    w, t, k = f"K{r}", f"N{r}", f"O{r}"
    a = f"MAX(P{r},0)"
    met = {
        ">=": f"{a}>={t}",
        ">": f"{a}>{t}",
        "<=": f"{a}<={t}",
        "<": f"{a}<{t}",
        "=": f"{a}={t}",
        "range": f"AND({a}>={t},{a}<={k})",
    }.get(op)
    # each rule writes its own formula (perfeval.core.rules, perfeval.core.department)
    body = rule.excel(ExcelCells(a, t, k, w, met, op)) if rule.excel is not None else None
    if body is None:
        return None  # e.g. a rule of a finance tool's own: perfeval's value is kept
    return f"ROUND(MIN(MAX({body},0),{w}),{precision})"


#: Excel's limits on a formula: 64 nested functions, 255 characters in a
#: text constant, 8,192 characters in all.
_NESTING, _TEXT_CONSTANT, _FORMULA_CHARS = 64, 255, 8192


def _grade_formula(result: Result, cell: str) -> str | None:
    """Nested IF over the card's scale: the grade of the percentage; None
    when the scale's formula would pass Excel's limits (more than 62 bands, a
    grade name over 255 characters): the grade is then written as text."""
    bands = result.card.scale.bands
    if len(bands) + 1 > _NESTING or any(len(_q(b.zh)) - 2 > _TEXT_CONSTANT for b in bands):
        return None
    body = _q(bands[-1].zh)
    for band in reversed(bands[:-1]):
        body = f"IF({cell}>={format_decimal(band.min)},{_q(band.zh)},{body})"
    formula = f"=IF(ISTEXT({cell}),{_q(RECALC)},{body})"
    return formula if len(formula) <= _FORMULA_CHARS else None


@functools.cache
def _sheet_class() -> Any:
    """XlsxWriter's worksheet without its future-function pass: perfeval's
    formulas use none, and the pass runs ~30 regular expressions over each
    formula (most of the time of writing a large card)."""
    from xlsxwriter.worksheet import Worksheet

    class Sheet(Worksheet):  # type: ignore[misc]
        def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
            return formula.removeprefix("=")

    return Sheet


# --- writing ------------------------------------------------------------------------


def _n(value: Decimal | None) -> float | str:
    """A number for a cell (Excel stores binary floats; formulas round)."""
    return float(value) if value is not None else ""


class _Hidden:
    """The entries of the hidden sheet, with their row numbers."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add(self, **entry: Any) -> int:
        self.rows.append(entry)
        return len(self.rows) + 1  # row 1 is the header

    @staticmethod
    def ref(row: int, key: str) -> str:
        return f"'{SETTINGS_SHEET}'!{HIDDEN[key]}{row}"


def shown_text(text: str) -> str:
    """A note as its cell shows it: whole up to the cell limit, else the start."""
    text = cell_text(text)
    return text if len(text) <= MAX_CELL_CHARS else text[:NOTE_SHOWN] + NOTE_MORE


class _Writer:
    def __init__(self, book: Any, hidden: _Hidden, lang: str) -> None:
        self.book = book
        self.hidden = hidden
        self.lang = lang
        f = book.add_format
        self.bold = f({**_FONT, "bold": True})
        self.title = f({**_FONT, "bold": True, "font_size": 14, "align": "center"})
        self.head = f(
            {
                **_FONT,
                "bold": True,
                "bg_color": "#E8E8E8",
                "border": 1,
                "text_wrap": True,
                "valign": "vcenter",
            }
        )
        self.cell = f({**_FONT, "border": 1, "text_wrap": True, "valign": "top"})
        self.plain = f(_FONT)
        self.number = f({**_FONT, "border": 1, "num_format": "0.00", "valign": "top"})
        self.general = f({**_FONT, "border": 1, "valign": "top"})
        self.money = f({**_FONT, "border": 1, "num_format": "#,##0.00", "valign": "top"})
        self.percent = f({**_FONT, "border": 1, "num_format": "0.00%", "valign": "top"})

    def text(self, sheet: Any, cell: str, value: str, fmt: Any = None) -> None:
        """User text: always a string cell, never a formula."""
        value = shown_text(value)
        if value:
            sheet.write_string(cell, value, fmt if fmt is not None else self.cell)
        else:
            sheet.write_blank(cell, None, fmt if fmt is not None else self.cell)

    def input_cell(self, sheet: Any, cell: str, written: str) -> str:
        """A target or actual as written: a number when it is one, else text.
        Returns the text the hidden sheet compares the cell with."""
        shown = shown_text(written)
        if re.fullmatch(r"\d+(?:\.\d+)?", shown) and len(shown) < 16:
            sheet.write_number(cell, float(shown), self.general)
            return format_decimal(Decimal(shown))
        self.text(sheet, cell, shown)
        return shown

    def sheet(self, result: Result, name: str) -> None:
        zh = self.lang == "zh"
        card = result.card
        p = card.precision
        sheet = self.book.add_worksheet(name, worksheet_class=_sheet_class())
        sheet.set_paper(9)  # A4
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        sheet.set_column("A:B", 11)
        sheet.set_column("C:C", 26)
        sheet.set_column("D:E", 16)
        sheet.set_column("F:H", 8)
        sheet.set_column("I:I", 30)
        sheet.set_column("J:M", 10)
        sheet.set_column("N:P", 12, None, {"hidden": True})
        sheet.merge_range("A1:I1", "", self.title)
        self.text(sheet, "A1", card.title, self.title)
        entity = " · ".join(
            v for k, v in card.entity.items() if k in ("name", "code", "year") and v
        )
        self.text(
            sheet, "A2", f"{entity}    {card.framework.zh if zh else card.framework.en}", self.plain
        )
        rescaled = any(not ind.applicable for ind in card.indicators)
        data = card_data(card)
        rows = data.pop("indicators")
        budget_score = budget_used = None
        card_entry: dict[str, Any] = {
            "sheet": name,
            "what": "card",
            "id": "",
            "target": shown_text(card.title),
            "data": data,
        }
        if result.budget is not None:
            b = result.budget
            card_entry.update(
                t=_n(b.budget.initial.value) if b.budget.initial else "",
                k=float(b.budget.adjusted.value),
                actual=float(b.budget.spent.value),
                a=float(b.raw_weight),
                weight=float(b.weight),
                note=shown_text(b.budget.note or ""),
            )
        hr = self.hidden.add(**card_entry)
        ref = self.hidden.ref
        if result.budget is not None:
            b = result.budget
            sheet.write_row("A4", _FUNDS_ZH if zh else _FUNDS_EN, self.head)
            sheet.write("A5", _n(b.budget.initial.value) if b.budget.initial else "", self.money)
            sheet.write_number("B5", float(b.budget.adjusted.value), self.money)
            sheet.write_number("C5", float(b.budget.spent.value), self.money)
            sheet.write_number("D5", float(b.raw_weight), self.number)
            used = (
                "=D5"
                if not rescaled
                else (f"=IF(D5={ref(hr, 'a')},{ref(hr, 'weight')},{_q(RECALC)})")
            )
            sheet.write_formula("H5", used, self.number, float(b.weight))
            sheet.write_formula("E5", "=IF(B5=0,IF(C5=0,1,0),C5/B5)", self.percent, float(b.rate))
            sheet.write_formula(
                "F5",
                f"=IF(ISTEXT(H5),{_q(RECALC)},ROUND(MIN(E5,1)*H5,{p}))",
                self.number,
                float(b.score),
            )
            self.text(sheet, "G5", shown_text(b.budget.note or ""))
            budget_score, budget_used = "F5", "H5"
        first = FIRST_ROW
        sheet.write_row(f"A{first - 1}", _HEAD_ZH if zh else _HEAD_EN, self.head)
        r = first
        for row, data_row in zip(result.indicators, rows, strict=True):
            self.row(sheet, result, row, data_row, r, name, rescaled)
            r += 1
        last = r - 1
        self.totals(sheet, result, first, last, budget_score, budget_used)

    def row(
        self,
        sheet: Any,
        result: Result,
        row: IndicatorScore,
        data: dict[str, Any],
        r: int,
        name: str,
        rescaled: bool,
    ) -> None:
        lang = self.lang
        card = result.card
        p = card.precision
        ind = row.indicator
        kind = card.framework.kind(ind.kind)
        level2 = ind.kind
        if kind is not None:
            aspect = kind.aspect(ind.aspect) if ind.aspect else None
            level2 = (aspect or kind).zh if lang == "zh" else (aspect or kind).en
        self.text(sheet, f"A{r}", card.group(ind.group).label(lang))
        self.text(sheet, f"B{r}", level2)
        self.text(sheet, f"C{r}", ind.name)
        target_shown = self.input_cell(sheet, f"D{r}", ind.target.display())
        actual_shown = self.input_cell(sheet, f"E{r}", actual_text(ind.actual, lang))
        sheet.write_number(f"F{r}", float(ind.weight), self.number)
        if ind.score is not None:
            sheet.write_number(f"G{r}", float(ind.score), self.number)
        else:
            sheet.write_blank(f"G{r}", None, self.number)
        note = shown_text(ind.note or "")
        self.text(sheet, f"I{r}", note)
        formula = score_formula(row, r, p)
        if not ind.applicable:
            how = _NOT_APPLICABLE[lang]
        elif formula is not None or ind.rule.input == "tier":
            how = ind.rule.name
        elif ind.rule.input == "score":
            how = _EVALUATOR[lang]
        else:
            how = ind.rule.name
        self.text(sheet, f"J{r}", how)
        self.text(sheet, f"L{r}", ind.id)
        self.text(sheet, f"M{r}", ind.standard or "")
        target = ind.target
        actual = ind.actual
        hr = self.hidden.add(
            sheet=name,
            what="row",
            id=ind.id,
            target=target_shown,
            t=_n(target.value),
            k=_n(target.high),
            actual=actual_shown,
            a=_n(actual.value) if isinstance(actual, Quantity) else "",
            weight=float(ind.weight),
            rule=how,
            score=float(row.score) if row.score is not None else "",
            note=note,
            evaluator=float(ind.score) if ind.score is not None else "",
            used=float(row.weight),
            data=data,
        )
        ref = self.hidden.ref
        recalc = _q(RECALC)
        if not rescaled:
            sheet.write_formula(f"K{r}", f"=F{r}", self.number, float(row.weight))
        else:
            sheet.write_formula(
                f"K{r}",
                f"=IF(F{r}={ref(hr, 'weight')},{_n(row.weight)},{recalc})",
                self.number,
                float(row.weight),
            )
        units = card.units
        written = target.written
        bare: Decimal | None = written.to_base(Decimal(1)) if written is not None else Decimal(1)
        if target.unit == "%":
            bare = None  # 97% typed in Excel is the number 0.97: perfeval must read it
        if target.quantitative and ind.applicable and row.actual_value is not None:
            tpat = _linear(ind.target.display(), lambda t: _target_value(t, units, target))
            sheet.write_formula(
                f"N{r}",
                _derive(f"D{r}", tpat, ref(hr, "target"), ref(hr, "t"), None),
                self.number,
                _n(target.value),
            )
            if target.high is not None:
                sheet.write_formula(
                    f"O{r}",
                    f"=IF({_same(f'D{r}', ref(hr, 'target'))},{ref(hr, 'k')},{recalc})",
                    self.number,
                    _n(target.high),
                )
            apat = None
            if isinstance(actual, Quantity) and ind.formula is None:
                apat = _linear(actual.display(), lambda t: _actual_value(t, units, target))
            sheet.write_formula(
                f"P{r}",
                _derive(f"E{r}", apat, ref(hr, "actual"), ref(hr, "a"), bare),
                self.number,
                _n(actual.value) if isinstance(actual, Quantity) else 0,
            )
        rule_same = _same(f"J{r}", ref(hr, "rule"))
        # The evaluator's score, in the row's own points, within what perfeval accepts:
        # [0, 分值], or the band of the row's tier.
        low, high, closed = (
            _BANDS.get(actual, (Decimal(0), Decimal(1), True))
            if isinstance(actual, Tier)
            else (Decimal(0), Decimal(1), True)
        )
        upper = (
            f"G{r}<={format_decimal(high)}*F{r}" if closed else f"G{r}<{format_decimal(high)}*F{r}"
        )
        evaluator = (
            f"IF(ISNUMBER(G{r}),IF(AND(G{r}>={format_decimal(low)}*F{r},{upper}),"
            f"ROUND(G{r}*K{r}/F{r},{p}),{recalc}),{recalc})"
        )
        score = float(row.score) if row.score is not None else 0.0
        if not ind.applicable:
            cell = f'=IF(AND({rule_same},F{r}={ref(hr, "weight")}),"",{recalc})'
            sheet.write_formula(f"H{r}", cell, self.number, "")
            return
        if formula is not None:
            body = (
                f"IF(OR(ISTEXT(N{r}),ISTEXT(O{r}),ISTEXT(P{r}),ISTEXT(K{r}),NOT({rule_same})),"
                f"{recalc},IF(ISBLANK(G{r}),{formula},{evaluator}))"
            )
        elif ind.rule.input == "tier":
            achieved = "K" + str(r) if actual is Tier.ACHIEVED else recalc
            ok = f"AND({_same(f'D{r}', ref(hr, 'target'))},{_same(f'E{r}', ref(hr, 'actual'))},{rule_same},NOT(ISTEXT(K{r})))"  # noqa: E501
            body = f"IF({ok},IF(ISBLANK(G{r}),{achieved},{evaluator}),{recalc})"
        elif ind.rule.input == "score":
            body = f"IF(AND({rule_same},NOT(ISTEXT(K{r}))),{evaluator},{recalc})"
        else:  # a rule without an Excel formula: perfeval's score while nothing changed
            ok = (
                f"AND({_same(f'D{r}', ref(hr, 'target'))},{_same(f'E{r}', ref(hr, 'actual'))},"
                f"{rule_same},F{r}={ref(hr, 'weight')},{_same(f'G{r}', ref(hr, 'evaluator'))})"
            )
            body = f"IF({ok},{ref(hr, 'score')},{recalc})"
        sheet.write_formula(f"H{r}", f"={body}", self.number, score)

    def totals(
        self,
        sheet: Any,
        result: Result,
        first: int,
        last: int,
        budget_score: str | None,
        budget_used: str | None,
    ) -> None:
        zh = self.lang == "zh"
        card = result.card
        p = card.precision
        recalc = _q(RECALC)
        total_row, grade_row = last + 1, last + 2
        scores, used, raws = f"H{first}:H{last}", f"K{first}:K{last}", f"F{first}:F{last}"
        self.text(sheet, f"C{total_row}", "合计" if zh else "Total", self.bold)
        bad = f"COUNTIF({scores},{recalc})" + (f"+ISTEXT({budget_score})" if budget_score else "")
        plus = f"+{budget_score}" if budget_score else ""
        sheet.write_formula(
            f"K{total_row}",
            f"=ROUND(SUM({used}){'+' + budget_used if budget_used else ''},{p})",
            self.number,
            float(result.max),
        )
        sheet.write_formula(
            f"F{total_row}",
            f"=ROUND(SUM({raws}){'+D5' if budget_score else ''},{p})",
            self.number,
            float(card.total),
        )
        sheet.write_formula(
            f"H{total_row}",
            f"=IF({bad}>0,{recalc},ROUND(SUM({scores}){plus},{p}))",
            self.number,
            float(result.total),
        )
        self.text(sheet, f"C{grade_row}", "评价等次" if zh else "Grade", self.bold)
        most = format_decimal(card.total)
        sheet.write_formula(
            f"G{grade_row}",
            f"=IF(OR(ISTEXT(H{total_row}),F{total_row}<>{most}),{recalc},"
            f"ROUND(H{total_row}/{most}*100,{p}))",
            self.number,
            float(result.percent),
        )
        grade = _grade_formula(result, f"G{grade_row}")
        if grade is not None:
            sheet.write_formula(f"H{grade_row}", grade, self.cell, result.grade.zh)
        else:
            self.text(sheet, f"H{grade_row}", result.grade.zh)
        # The level-1 subtotals, each over the rows of its group.
        r = grade_row + 2
        sheet.write_row(f"C{r}", ["一级指标小计" if zh else "Subtotals"], self.head)
        groups = f"A{first}:A{last}"
        for group in result.groups:
            r += 1
            label = group.group.label(self.lang)
            self.text(sheet, f"C{r}", label)
            if group.group.budget:
                if budget_score is None:
                    continue
                sheet.write_formula(f"K{r}", f"={budget_used}", self.number, float(group.weight))
                sheet.write_formula(f"H{r}", f"={budget_score}", self.number, float(group.score))
                continue
            sheet.write_formula(
                f"K{r}",
                f"=ROUND(SUMIF({groups},C{r},{used}),{p})",
                self.number,
                float(group.weight),
            )
            sheet.write_formula(
                f"H{r}",
                f"=IF(COUNTIFS({groups},C{r},{scores},{recalc})>0,{recalc},"
                f"ROUND(SUMIF({groups},C{r},{scores}),{p}))",
                self.number,
                float(group.score),
            )


def _target_value(text: str, units: Any, like: Any) -> Decimal | None:
    target = read_target(text, units)
    if target.op != like.op or target.unit != like.unit or target.high is not None:
        return None
    return target.value


def _actual_value(text: str, units: Any, target: Any) -> Decimal | None:
    quantity = read_quantity(text, units)
    if quantity.unit is None and target.written is not None:
        return target.written.to_base(quantity.value)  # type: ignore[no-any-return]
    if target.unit is not None and quantity.unit != target.unit:
        return None
    return quantity.value


def _summary(writer: _Writer, results: Sequence[Result], names: Sequence[str]) -> None:
    """The batch summary: one row per card, highest percentage first; each
    total and grade is a formula over the card's own sheet."""
    zh = writer.lang == "zh"
    book = writer.book
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
        sheet.write_number(rank, 0, rank, cell)
        for column, value in ((1, result.card.source or ""), (2, result.card.title)):
            value = shown_text(value)
            if value:
                sheet.write_string(rank, column, value, cell)
        sheet.write_formula(rank, 3, f"='{names[i]}'!H{total}", number, float(result.total))
        sheet.write_formula(rank, 4, f"='{names[i]}'!H{total + 1}", cell, result.grade.zh)
        sheet.write_row(rank, 5, [warnings, len(result.findings) - warnings], cell)


def workbook_bytes(results: Sequence[Result], lang: str = "zh", *, summary: bool = False) -> bytes:
    """One sheet per card (named by its position and title), as .xlsx bytes;
    with ``summary``, first a sheet ranking the cards (perfeval batch); last
    the hidden ``_perfeval`` sheet that perfeval import reads."""
    xlsxwriter = _xlsxwriter()
    stream = io.BytesIO()
    book = xlsxwriter.Workbook(
        stream, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    hidden = _Hidden()
    writer = _Writer(book, hidden, lang)
    names = sheet_names([r.card.title for r in results])
    if summary:
        _summary(writer, results, names)
    for result, name in zip(results, names, strict=True):
        writer.sheet(result, name)
    sheet = book.add_worksheet(SETTINGS_SHEET)
    sheet.write_row(0, 0, _HIDDEN_HEAD)
    columns = list(HIDDEN)
    for i, entry in enumerate(hidden.rows, start=1):
        for key, value in entry.items():
            column = columns.index(key)
            if key == "data":
                text = yaml_text(value)
                for j in range(0, max(len(text), 1), _CHUNK):
                    sheet.write_string(i, column + j // _CHUNK, text[j : j + _CHUNK])
            elif isinstance(value, float):
                sheet.write_number(i, column, value)
            elif value != "":
                sheet.write_string(i, column, shown_text(str(value)))
    sheet.hide()
    sheet.protect()
    book.close()
    return stream.getvalue()
