"""Helpers for workbook tests: pycel as Excel computes, workbooks edited as a person does."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def pycel_without_text_formulas() -> None:
    """pycel takes any cell whose value starts with ``=`` for a formula, even a
    string cell (openpyxl's data_type 's'); Excel does not. A target written
    ``=0项`` is text: evaluate only real formula cells, as Excel does."""
    from pycel import excelwrapper

    cls: Any = excelwrapper._OpxRange
    if getattr(cls, "_perfeval_patched", False):
        return
    original = cls.cell_to_formula.__func__

    def cell_to_formula(klass: Any, cell: Any) -> Any:
        if getattr(cell, "data_type", "f") != "f":
            return ""
        return original(klass, cell)

    cls.cell_to_formula = classmethod(cell_to_formula)
    cls._perfeval_patched = True


def edited(path: Path, edits: dict[str, Any], out: Path) -> Path:
    """The workbook with cells of its first sheet set (openpyxl, as a person in Excel would)."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    for address, value in edits.items():
        if type(sheet[address]).__name__ == "MergedCell":
            continue  # part of a merged range: Excel edits its first cell
        sheet[address].value = value
        if isinstance(value, str) and value.startswith("="):
            sheet[address].data_type = "s"  # typed as text, as Excel keeps '=… with a quote
    book.save(out)
    return out
