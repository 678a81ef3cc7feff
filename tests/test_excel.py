"""Issue 8 (export): the 自评表 as a workbook with live formulas and cached values."""

from __future__ import annotations

import io
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import perfeval
from perfeval.cli import main

from .cards import example_cards

openpyxl = pytest.importorskip("openpyxl")
pycel = pytest.importorskip("pycel")
pytest.importorskip("xlsxwriter")
from perfeval.write.excel import workbook_bytes  # noqa: E402

from .workbooks import pycel_without_text_formulas  # noqa: E402

pycel_without_text_formulas()
FIRST_ROW = 8


def _export(path: Path, tmp_path: Path) -> tuple[perfeval.Result, Path]:
    result = perfeval.score(perfeval.load(path))
    out = tmp_path / f"{path.stem}.xlsx"
    out.write_bytes(workbook_bytes([result]))
    return result, out


def _total_row(sheet) -> int:  # type: ignore[no-untyped-def]
    return next(c.row for c in sheet["C"] if c.value in ("合计", "Total"))


@pytest.mark.parametrize("path", example_cards(), ids=lambda p: p.name)
def test_the_formulas_recompute_to_perfevals_scores(path: Path, tmp_path: Path) -> None:
    """A formula evaluator recomputes every row, the total and the grade exactly."""
    result, out = _export(path, tmp_path)
    sheet = openpyxl.load_workbook(out).worksheets[0]
    excel = pycel.ExcelCompiler(filename=str(out))
    name = f"'{sheet.title}'"
    for i, row in enumerate(result.indicators):
        if row.score is not None:
            value = excel.evaluate(f"{name}!H{FIRST_ROW + i}")
            assert Decimal(str(value)) == row.score, row.id
    total = _total_row(sheet)
    assert Decimal(str(excel.evaluate(f"{name}!H{total}"))) == result.total
    assert excel.evaluate(f"{name}!H{total + 1}") == result.grade.zh


@pytest.mark.parametrize("path", example_cards(), ids=lambda p: p.name)
def test_cached_values_show_without_recalculation(path: Path, tmp_path: Path) -> None:
    """Viewers that do not recalculate read perfeval's numbers from the cache."""
    result, out = _export(path, tmp_path)
    sheet = openpyxl.load_workbook(out, data_only=True).worksheets[0]
    total = _total_row(sheet)
    assert Decimal(str(sheet[f"H{total}"].value)) == result.total
    assert sheet[f"H{total + 1}"].value == result.grade.zh


def test_scores_are_formulas_and_inputs_are_values(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    result, out = _export(root / "examples" / "project-2022.yaml", tmp_path)
    sheet = openpyxl.load_workbook(out).worksheets[0]
    rows = {r.id: FIRST_ROW + i for i, r in enumerate(result.indicators)}
    assert "ROUND(MIN(MAX(IF(MAX(P" in str(sheet[f"H{rows['pipes']}"].value)  # proportional
    assert "(1-(MAX(P" in str(sheet[f"H{rows['unit-cost']}"].value)  # reverse-linear
    assert sheet[f"G{rows['villages']}"].value == 9  # the evaluator's score, as written
    assert sheet[f"G{rows['income']}"].value == 7  # a qualitative tier's points, as written
    assert str(sheet[f"H{rows['villages']}"].value).startswith("=IF(")  # scaled by formula
    assert "ROUND(MIN(E5,1)*H5" in str(sheet["F5"].value)  # the budget row
    assert sheet[f"E{rows['pipes']}"].value == "98.5公里"  # the actual as written
    assert sheet[f"E{rows['accidents']}"].value == 0  # a bare number is a number


def test_editing_an_actual_changes_the_score(tmp_path: Path) -> None:
    """A reviewer who edits an actual sees the score and the total follow."""
    root = Path(__file__).resolve().parent.parent
    result, out = _export(root / "examples" / "project-2022.yaml", tmp_path)
    sheet = openpyxl.load_workbook(out).worksheets[0]
    excel = pycel.ExcelCompiler(filename=str(out))
    name = f"'{sheet.title}'"
    row = FIRST_ROW + [r.id for r in result.indicators].index("pipes")
    total = _total_row(sheet)
    excel.evaluate(f"{name}!H{total}")  # place the cells in the evaluator's map
    excel.evaluate(f"{name}!E{row}")
    excel.set_value(f"{name}!E{row}", "120公里")  # = the target: full points
    assert Decimal(str(excel.evaluate(f"{name}!H{row}"))) == Decimal("15.79")
    assert Decimal(str(excel.evaluate(f"{name}!H{total}"))) == result.total + Decimal("2.83")


def test_cli_writes_xlsx_atomically(tmp_path: Path) -> None:
    card = str(example_cards()[0])
    out = tmp_path / "card.xlsx"
    err = io.StringIO()
    assert main(["score", card, "--format", "xlsx", "-o", str(out)], stderr=err) == 0
    assert out.read_bytes()[:2] == b"PK"
    assert [p.name for p in tmp_path.iterdir()] == ["card.xlsx"]
    assert main(["score", card, "--format", "xlsx"], stdout=io.StringIO(), stderr=err) == 2
    assert "give -o FILE.xlsx" in err.getvalue()


def test_without_the_extra_the_cli_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)
    err = io.StringIO()
    out = tmp_path / "card.xlsx"
    code = main(["score", str(example_cards()[0]), "--format", "xlsx", "-o", str(out)],
                stdout=io.StringIO(), stderr=err)  # fmt: skip
    assert code == 2
    assert "pip install 'perfeval[excel]'" in err.getvalue()
    assert not out.exists()


# --- import --------------------------------------------------------------------------

from perfeval.read.excel_import import import_workbook, to_yaml  # noqa: E402


@pytest.mark.parametrize("path", example_cards(), ids=lambda p: p.name)
def test_export_then_import_gives_the_same_scores(path: Path, tmp_path: Path) -> None:
    """Round trip: every example comes back from its workbook with the same
    score on every row, the same total and grade."""
    result, out = _export(path, tmp_path)
    (card,) = import_workbook(str(out))
    again = perfeval.score(perfeval.loads(to_yaml(card), base=path.parent))
    assert [(r.id, r.score) for r in again.indicators] == [
        (r.id, r.score) for r in result.indicators
    ]
    assert (again.total, again.grade) == (result.total, result.grade)


def _official(tmp_path: Path, rows: list[list[object]]) -> Path:
    """A workbook in the common official layout (指标性质/指标值/度量单位)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "项目自评表"
    sheet["A1"] = "某项目2023年度绩效自评表"
    sheet.append([])
    sheet.append(["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位",
                  "实际完成值", "分值", "得分", "偏差原因分析及改进措施"])  # fmt: skip
    for row in rows:
        sheet.append(row)
    sheet.append(["合计"])
    path = tmp_path / "official.xlsx"
    book.save(path)
    return path


OFFICIAL_ROWS = [
    ["产出指标", "数量指标", "培训人次", "≥", 1000, "人次", 950, 30, 28.5, "疫情延期"],
    ["产出指标", "成本指标", "人均成本", "≤", 800, "元", 760, 20, 20, ""],
    ["效益指标", "社会效益指标", "就业率", "≥", 60, "%", 63, 30, 30, ""],
    ["满意度指标", "满意度指标", "学员满意度", "≥", 90, "%", 92, 20, 20, ""],
]


def test_the_official_layout_imports(tmp_path: Path) -> None:
    (card,) = import_workbook(str(_official(tmp_path, OFFICIAL_ROWS)))
    assert [r["target"] for r in card["indicators"]] == ["≥1000人次", "≤800元", "≥60%", "≥90%"]
    assert card["indicators"][0]["actual"] == "950人次"
    assert card["weights"] == {"budget": 0, "output": 50, "benefit": 30, "satisfaction": 20}
    result = perfeval.score(perfeval.loads(to_yaml(card)))
    assert result.total == Decimal("98.50")


def test_unreadable_cells_are_named_by_sheet_and_address(tmp_path: Path) -> None:
    rows = [list(r) for r in OFFICIAL_ROWS]
    rows[0][7] = "三十"  # 分值 not a number
    rows[1][3] = "大概"  # 指标性质 unknown
    rows[2][6] = None  # no 实际完成值
    path = _official(tmp_path, rows)
    with pytest.raises(perfeval.ScorecardError) as info:
        import_workbook(str(path))
    assert [str(p) for p in info.value.problems] == [
        f"{path}: 项目自评表.H4: '培训人次': 分值 must be a number; found '三十'",
        f"{path}: 项目自评表.D5: '人均成本': 指标性质 '大概' is not one of ≥, >=, ＞, >, ≤, <=, "
        "＜, <, =, ＝, ≧, ≦, ═, 正向, 反向, 定性, 定量, 定性指标, 定量指标, 正向指标, 反向指标, "
        "大于等于, 不低于, 小于等于, 不高于, 大于, 小于, 等于",
        f"{path}: 项目自评表.G6: '就业率': no 实际完成值",
    ]


def test_cli_import(tmp_path: Path) -> None:
    out = tmp_path / "card.yaml"
    err = io.StringIO()
    code = main(["import", str(_official(tmp_path, OFFICIAL_ROWS)), "-o", str(out)],
                stdout=io.StringIO(), stderr=err)  # fmt: skip
    assert (code, err.getvalue()) == (0, "")
    assert perfeval.score(perfeval.load(out)).total == Decimal("98.50")
    assert main(["import", str(tmp_path / "nope.xlsx")], stdout=io.StringIO(),
                stderr=err) == 2  # fmt: skip
    assert "cannot read the workbook" in err.getvalue()


def test_batch_workbook_has_a_summary_and_a_sheet_per_card(tmp_path: Path) -> None:
    """perfeval batch --format xlsx: the ranking's totals are formulas over each card's sheet."""
    root = Path(__file__).resolve().parent.parent
    out = tmp_path / "batch.xlsx"
    argv = ["batch", str(root / "examples"), "--format", "xlsx", "--lang", "zh"]
    code = main([*argv, "-o", str(out)],
                stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip
    assert code == 0
    book = openpyxl.load_workbook(out)
    visible = [s.title for s in book.worksheets if s.sheet_state == "visible"]
    assert visible[0] == "汇总"
    assert len(visible) == 1 + len(example_cards())
    excel = pycel.ExcelCompiler(filename=str(out))
    totals = [excel.evaluate(f"汇总!D{row}") for row in range(2, 2 + len(example_cards()))]
    expected = sorted((perfeval.score(perfeval.load(p)).total for p in example_cards()),
                      reverse=True)  # fmt: skip
    assert [Decimal(str(t)) for t in totals] == expected
    assert len(import_workbook(str(out))) == len(example_cards())


def test_import_without_the_extra_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    err = io.StringIO()
    code = main(["import", str(tmp_path / "book.xlsx")], stdout=io.StringIO(), stderr=err)
    assert code == 2
    assert "pip install 'perfeval[excel]'" in err.getvalue()
