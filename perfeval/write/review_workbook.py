"""The review as a workbook: ``perfeval review FORM… --format xlsx -o OUT.xlsx``.

A review is a record of what a form published and what the rules give, so the
workbook holds values, not formulas: one sheet per form in the form's layout
(the funds table, then the indicator table with 公布得分 beside 复核得分 and
their difference, then the findings), and, for several forms, a first sheet
ranking them by how far they depart. The author's workbook with live formulas
is ``perfeval score --format xlsx``; this one is for the reviewer's file.

Numbers are numbers (a spreadsheet sums them); every text the form holds is
written as a string, never a formula, with control characters made visible.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from ..core.results import Result
from .excel import _xlsxwriter, cell_text, sheet_names

__all__ = ["review_workbook_bytes"]

_DIFFERENCE = {"zh": "差异（公布−复核）", "en": "Difference (published − reviewed)"}
_FINDINGS = {"zh": "需说明事项", "en": "Findings"}
_RANKING = {"zh": "复核排名", "en": "Review ranking"}


def _number(text: str) -> Decimal | None:
    """The number a cell of the shared rows shows, if it is one (``10.00``)."""
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


class _Sheet:
    """Writes rows into one worksheet: numbers as numbers, text as strings."""

    def __init__(self, book: Any, name: str) -> None:
        self.sheet = book.add_worksheet(name)
        self.bold = book.add_format({"bold": True, "border": 1, "text_wrap": True})
        self.text = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        self.row = 0

    def cell(self, col: int, value: str, numeric: bool, fmt: Any) -> None:
        number = _number(value) if numeric else None
        if number is not None:
            self.sheet.write_number(self.row, col, float(number), fmt)
        elif value:
            self.sheet.write_string(self.row, col, cell_text(value), fmt)
        else:
            self.sheet.write_blank(self.row, col, None, fmt)

    def line(self, text: str, fmt: Any = None) -> None:
        self.sheet.write_string(self.row, 0, cell_text(text), fmt)
        self.row += 1

    def table(
        self, headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]
    ) -> None:
        for col, header in enumerate(headers):
            self.sheet.write_string(self.row, col, cell_text(header), self.bold)
        self.row += 1
        for cells in rows:
            for col, value in enumerate(cells):
                self.cell(col, value, col in numeric, self.text)
            self.row += 1
        self.row += 1


def _with_difference(
    headers: list[str], rows: list[list[str]], lang: str, published: str, reviewed: str
) -> tuple[list[str], list[list[str]]]:
    """The shared rows with a difference column after 复核得分 (blank where the
    form published no score)."""
    p, r = headers.index(published), headers.index(reviewed)
    out = []
    for cells in rows:
        a, b = _number(cells[p]), _number(cells[r])
        gap = "" if a is None or b is None else str(a - b)
        out.append([*cells[: r + 1], gap, *cells[r + 1 :]])
    return [*headers[: r + 1], _DIFFERENCE[lang], *headers[r + 1 :]], out


def _form_sheet(book: Any, name: str, result: Result, lang: str) -> None:
    from .report import _budget_rows, _finding_line, _heading, _indicator_rows, _labels

    lab = _labels(lang)
    sheet = _Sheet(book, name)
    sheet.sheet.set_column(0, 1, 12)
    sheet.sheet.set_column(2, 2, 28)
    sheet.sheet.set_column(3, 4, 16)
    sheet.sheet.set_column(5, 9, 11)
    sheet.sheet.set_column(10, 10, 36)
    heading = _heading(result, lang)
    sheet.line(heading[0], sheet.bold)
    for text in heading[1:]:
        sheet.line(text)
    sheet.row += 1
    published, reviewed = lab["published"], lab["reviewed"]
    numeric_labels = {lab["weight"], lab["rescaled"], published, reviewed, _DIFFERENCE[lang]}
    budget = _budget_rows(result, lang)
    if budget is not None:
        headers, rows = _with_difference(*budget, lang, published, reviewed)
        sheet.table(headers, rows, {i for i, h in enumerate(headers) if h in numeric_labels})
    headers, rows = _with_difference(*_indicator_rows(result, lang), lang, published, reviewed)
    sheet.table(headers, rows, {i for i, h in enumerate(headers) if h in numeric_labels})
    sheet.line(_FINDINGS[lang], sheet.bold)
    for finding in result.findings:
        sheet.line(_finding_line(finding, lang).strip())


def review_workbook_bytes(results: Sequence[Result], lang: str = "zh") -> bytes:
    """The reviewed forms as an .xlsx file (the forms that depart furthest first)."""
    import io

    from ..reviewing import _COLUMNS, _summary_rows, rank

    key = "zh" if lang == "zh" else "en"
    ordered = rank(results)
    buffer = io.BytesIO()
    book = _xlsxwriter().Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    try:
        names = sheet_names([r.card.title for r in ordered])
        if len(ordered) > 1:
            ranking = _Sheet(book, _RANKING[key])
            ranking.sheet.set_column(0, 0, 6)
            ranking.sheet.set_column(1, 2, 36)
            ranking.sheet.set_column(3, 8, 12)
            columns = _COLUMNS[key]
            ranking.table(columns, _summary_rows(ordered, lang), {0, 3, 4, 5, 6, 7})
        for result, name in zip(ordered, names, strict=True):
            _form_sheet(book, name, result, key)
    finally:
        book.close()
    return buffer.getvalue()
