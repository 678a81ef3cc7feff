"""Issue 13 (the workbook tells the truth), and the workbook parts of issues 11 and 12.

Edit what you see: each visible input cell edited as a person would
(openpyxl), the workbook recomputed as Excel would (pycel), and the same
file imported and scored by perfeval: the two agree, or the sheet says
需重新计算. Export then import loses nothing. Official layouts import.
Hostile workbooks end in a located exit-2 error within their bounds.
"""

from __future__ import annotations

import io
import json
import os
import re
import resource
import subprocess
import sys
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import perfeval
from perfeval.cli import main
from perfeval.write.report import to_json

from .cards import example_cards
from .strategies import cards
from .workbooks import edited, pycel_without_text_formulas

openpyxl = pytest.importorskip("openpyxl")
pycel = pytest.importorskip("pycel")
pytest.importorskip("xlsxwriter")

from perfeval.read.excel_import import import_workbook, read_workbook, to_yaml  # noqa: E402
from perfeval.write.excel import RECALC, SETTINGS_SHEET, workbook_bytes  # noqa: E402

pycel_without_text_formulas()
ROOT = Path(__file__).resolve().parent.parent

CARD = """\
perfeval: 1
title: 编辑测试
entity: {name: 某单位, year: 2024}
budget: {initial: 100万元, adjusted: 120万元, spent: 108万元}
indicators:
  - {id: a, name: 培训人次, kind: 数量指标, weight: 20, target: ≥1000人次, actual: 950人次}
  - {id: b, name: 人均成本, kind: 成本指标, weight: 15, target: ≤800元, actual: 860元}
  - {id: c, name: 合格率, kind: 质量指标, weight: 15, target: ≥95%, actual: 96%}
  - {id: d, name: 就业率提高, kind: 社会效益指标, weight: 30, target: 明显提高, actual: 部分达成,
     score: 20}
  - {id: e, name: 满意度, kind: 满意度指标, weight: 10, target: ≥90%, actual: 88%}
reported: {total: 95, grade: 优}
"""
ROWS = {"a": 8, "b": 9, "c": 10, "d": 11, "e": 12}
TOTAL = 13


def _export(result: perfeval.Result, path: Path) -> Path:
    path.write_bytes(workbook_bytes([result]))
    return path


def _card_book(tmp_path: Path) -> Path:
    return _export(perfeval.score(perfeval.loads(CARD)), tmp_path / "card.xlsx")


def _sheet_name(path: Path) -> str:
    return str(openpyxl.load_workbook(path, read_only=True).sheetnames[0])


def _recomputed(path: Path, rows: int) -> tuple[list[Any], Any, Any]:
    """Row scores, total and grade as Excel computes them (pycel)."""
    name = f"'{_sheet_name(path)}'"
    excel = pycel.ExcelCompiler(filename=str(path))
    scores = [excel.evaluate(f"{name}!H{8 + i}") for i in range(rows)]
    total = 8 + rows
    return scores, excel.evaluate(f"{name}!H{total}"), excel.evaluate(f"{name}!H{total + 1}")


def _imported(path: Path) -> perfeval.Result:
    (card,) = import_workbook(str(path))
    return perfeval.score(perfeval.loads(to_yaml(card), base=ROOT / "examples"))


def _problems(path: Path) -> list[str]:
    """The problems import finds (none when the card imports and scores)."""
    try:
        _imported(path)
    except perfeval.ScorecardError as exc:
        return [str(p) for p in exc.problems]
    return []


def _numbers(values: list[Any]) -> list[Decimal | None]:
    return [None if v in (None, "") else Decimal(str(v)).quantize(Decimal("0.01")) for v in values]


# --- 1 and 2: one source of truth; import reads what the sheet shows --------------------

EDITS = [
    pytest.param({"E8": "1100人次"}, id="actual-as-text"),
    pytest.param({"E8": 990}, id="actual-typed-as-a-number"),
    pytest.param({"E9": "780元"}, id="reverse-actual-met"),
    pytest.param({"D8": "≥900人次"}, id="target"),
    pytest.param({"D9": "≤900元"}, id="reverse-target"),
    pytest.param({"F8": 21, "F9": 14}, id="points-moved-within-a-group"),
    pytest.param({"G11": 22}, id="evaluator-score"),
    pytest.param({"G11": 23.5}, id="evaluator-score-in-the-tier"),
    pytest.param({"C5": 1200000}, id="budget-spent"),
    pytest.param({"H8": 17}, id="a-score-typed-over-the-formula"),
    pytest.param({"E12": "91%", "E10": "90%"}, id="two-percentages"),
]


@pytest.mark.parametrize("edits", EDITS)
def test_an_edited_visible_cell_recomputes_as_import_scores(
    edits: dict[str, Any], tmp_path: Path
) -> None:
    """Excel (pycel) and perfeval import + score agree on every row, the total
    and the grade after an edit of each kind of visible input cell."""
    book = edited(_card_book(tmp_path), edits, tmp_path / "edited.xlsx")
    scores, total, grade = _recomputed(book, len(ROWS))
    result = _imported(book)
    assert RECALC not in scores
    assert _numbers(scores) == [r.score for r in result.indicators]
    assert Decimal(str(total)).quantize(Decimal("0.01")) == result.total
    assert grade == result.grade.zh


def test_the_edit_changes_the_numbers(tmp_path: Path) -> None:
    """The edit-recompute-import run of the report: 培训人次 950 → 1100人次."""
    original = _card_book(tmp_path)
    before = _recomputed(original, len(ROWS))
    book = edited(original, {"E8": "1100人次"}, tmp_path / "edited.xlsx")
    after = _recomputed(book, len(ROWS))
    assert (before[0][0], before[1], before[2]) == (19, 86.66, "良")
    assert (after[0][0], after[1], after[2]) == (20, 87.66, "良")
    assert _imported(book).total == Decimal("87.66")


SUBTOTALS = {"预算执行率": 9, "产出指标": 44.91, "效益指标": 20, "满意度指标": 9.78}


def test_group_subtotals_follow_an_edit(tmp_path: Path) -> None:
    book = edited(_card_book(tmp_path), {"E8": "1100人次"}, tmp_path / "edited.xlsx")
    name = f"'{_sheet_name(book)}'"
    excel = pycel.ExcelCompiler(filename=str(book))
    sheet = openpyxl.load_workbook(book).worksheets[0]
    found = {}
    for r in range(TOTAL + 4, TOTAL + 8):
        label = sheet[f"C{r}"].value
        found[label] = excel.evaluate(f"{name}!H{r}")
    result = _imported(book)
    assert found == {g.group.zh: float(g.score) for g in result.groups}


MARKED = [
    pytest.param({"E8": "约1100人次"}, "a", id="actual-text-excel-cannot-read"),
    pytest.param({"E8": "1,100人次"}, "a", id="thousands-separator"),
    pytest.param({"D8": "1000人次以上"}, "a", id="target-rewritten"),
    pytest.param({"E10": 0.97}, "c", id="percent-typed-as-a-number"),
    pytest.param({"E11": "达成"}, "d", id="tier-changed"),
    pytest.param({"J8": "threshold"}, "a", id="rule-changed"),
    pytest.param({"G11": 25}, "d", id="evaluator-score-outside-the-tier"),
    pytest.param({"G8": 21}, "a", id="evaluator-score-above-the-points"),
]


@pytest.mark.parametrize(("edits", "row"), MARKED)
def test_text_excel_cannot_read_shows_the_marker(
    edits: dict[str, Any], row: str, tmp_path: Path
) -> None:
    """Never a stale number: the row, the total and the grade say 需重新计算,
    and perfeval import reads the new text."""
    book = edited(_card_book(tmp_path), edits, tmp_path / "edited.xlsx")
    scores, total, grade = _recomputed(book, len(ROWS))
    assert scores[ROWS[row] - 8] == RECALC
    assert total == RECALC
    assert grade == RECALC
    assert [s for i, s in enumerate(scores) if i != ROWS[row] - 8 and s == RECALC] == []
    problems = _problems(book)  # perfeval reads the new figure, or names the cell
    assert all(f"{ROWS[row]}: '" in p for p in problems)  # a cell of the edited row


def test_a_percentage_typed_in_excel_is_read_as_a_percentage(tmp_path: Path) -> None:
    book = edited(_card_book(tmp_path), {}, tmp_path / "edited.xlsx")
    raw = openpyxl.load_workbook(book)
    raw.worksheets[0]["E10"].value = 0.97
    raw.worksheets[0]["E10"].number_format = "0%"
    raw.save(book)
    (card,) = import_workbook(str(book))
    assert card["indicators"][2]["actual"] == "97%"


def test_an_unreadable_edit_is_named_by_sheet_cell_and_indicator(tmp_path: Path) -> None:
    book = edited(
        _card_book(tmp_path), {"E8": "很多", "F9": "sNaN", "G11": 1e30}, tmp_path / "book.xlsx"
    )
    name = _sheet_name(book)
    err = io.StringIO()
    assert main(["import", str(book)], stdout=io.StringIO(), stderr=err) == 2
    lines = err.getvalue().splitlines()
    assert (
        f"{book}: {name}.F9: '人均成本': 分值 must be a finite number below 10^15; found 'sNaN'"
        in lines
    )
    assert any(line.startswith(f"{book}: {name}.G11: '就业率提高'") for line in lines), lines
    book2 = edited(_card_book(tmp_path), {"E8": "很多"}, tmp_path / "book2.xlsx")
    err = io.StringIO()
    assert main(["import", str(book2)], stdout=io.StringIO(), stderr=err) == 2
    assert (
        err.getvalue().startswith(
            f"perfeval: {book2}: {name}.E8: '培训人次' (indicators[0].actual): "
        )
        or f"{book2}: {name}.E8: '培训人次' (indicators[0].actual): " in err.getvalue()
    )
    assert "Traceback" not in err.getvalue()


# --- 3: a lossless round trip ---------------------------------------------------------


def _json(result: perfeval.Result) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(to_json([result]))
    data.pop("source")
    return data


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", example_cards(), ids=lambda p: p.name)
def test_export_then_import_gives_every_field_back(path: Path, lang: str, tmp_path: Path) -> None:
    """Every field of the JSON output is equal, except source (sheets in zh or en)."""
    result = perfeval.score(perfeval.load(path))
    book = tmp_path / "book.xlsx"
    book.write_bytes(workbook_bytes([result], lang))
    (card,) = import_workbook(str(book))
    again = perfeval.score(perfeval.loads(to_yaml(card), base=path.parent))
    assert _json(again) == _json(result)


def test_the_card_comes_back_as_written(tmp_path: Path) -> None:
    """entity, reported, units as written, tiers and scores with consistent types."""
    result = perfeval.score(perfeval.load(ROOT / "examples" / "project-2022.yaml"))
    (card,) = import_workbook(str(_export(result, tmp_path / "book.xlsx")))
    assert card["entity"]["name"] == "某县水利局"
    assert card["reported"] == {"total": Decimal("88.5"), "grade": "良好"}
    assert card["budget"]["initial"] == "1,200万元"
    rows = {r["id"]: r for r in card["indicators"]}
    assert rows["income"]["actual"] == "partial"
    text = to_yaml(card)
    assert "score: 9\n" in text
    assert "score: 4.5\n" in text  # a number, not the string '4.5'
    assert "reported-mismatch" in {f.code for f in perfeval.score(perfeval.loads(text)).findings}


@settings(max_examples=25)
@given(cards())
def test_random_cards_round_trip(data: dict[str, Any]) -> None:
    """Hypothesis cards: export then import scores identically."""
    result = perfeval.score(perfeval.from_dict(data))
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        book = _export(result, Path(folder) / "book.xlsx")
        (card,) = import_workbook(str(book))
    assert _json(perfeval.score(perfeval.loads(to_yaml(card)))) == _json(result)


@settings(max_examples=8)
@given(cards())
def test_random_cards_recompute_in_excel(data: dict[str, Any]) -> None:
    """pycel computes perfeval's row scores and total from the visible cells."""
    result = perfeval.score(perfeval.from_dict(data))
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        book = _export(result, Path(folder) / "book.xlsx")
        scores, total, grade = _recomputed(book, len(result.indicators))
    assert _numbers(scores) == [r.score for r in result.indicators]
    assert Decimal(str(total)).quantize(Decimal("0.01")) == result.total
    assert grade == result.grade.zh


# --- 4: official layouts ------------------------------------------------------------------


def _official(
    path: Path,
    *,
    title: bool = True,
    split: bool = True,
    budget_inside: bool = True,
    prefixes: bool = True,
    attachment: bool = False,
) -> Path:
    """An official 自评表 as units fill it: a merged title, the funds table
    above the indicators, vertically merged 一级/二级 cells."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "项目自评表"
    r = 1
    if attachment:
        sheet["A1"] = "附件2"
        r = 2
    if title:
        sheet[f"A{r}"] = "某项目2023年度绩效自评表"
        sheet.merge_cells(f"A{r}:J{r}")
        sheet[f"A{r + 1}"], sheet[f"B{r + 1}"] = "项目名称", "职业技能培训"
        r += 2
        sheet.cell(r, 1, "资金情况(万元)")
        for j, head in enumerate(
            ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"], start=2
        ):
            sheet.cell(r, j, head)
        for j, value in enumerate(["年度资金总额", 100, 120, 108, 10, "90%", 9], start=1):
            sheet.cell(r + 1, j, value)
        r += 3
    heads = ["一级指标", "二级指标", "三级指标"]
    heads += ["指标性质", "指标值", "度量单位"] if split else ["年度指标值"]
    heads += ["实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    for j, head in enumerate(heads, start=1):
        sheet.cell(r, j, head)
    header = r
    rows = [
        ["产出指标", "数量指标", "培训人次", "≥", 1000, "人次", 950, 30, 28.5, "疫情延期"],
        [None, "成本指标", "人均成本", "≤", 800, "元", 760, 20, 20, ""],
        ["效益指标", "社会效益指标", "就业率", "≥", 60, "%", 63, 30, 30, ""],
        ["满意度指标", "满意度指标", "学员满意度", "≥", 90, "%", 92, 10, 10, ""],
    ]
    if not title:  # no funds table: the budget's 10 points go to the first row
        rows[0][7] = 40
    if budget_inside and title:
        rows.insert(
            0, ["预算执行率", "预算执行率", "预算执行率", None, None, None, None, 10, 9, ""]
        )
    for i, row in enumerate(rows):
        if prefixes and row[2] != "预算执行率":
            row[2] = f"指标{i + 1}：{row[2]}"
        if not split:
            row[3:6] = [f"{row[3]}{row[4]}{row[5]}" if row[3] else None]
        for j, value in enumerate(row, start=1):
            sheet.cell(header + 1 + i, j, value)
    first = header + 1 + (1 if budget_inside and title else 0)
    sheet.merge_cells(f"A{first}:A{first + 1}")  # 产出指标 over two rows
    sheet.cell(header + 1 + len(rows), 1, "合计")
    book.save(path)
    return path


def test_an_official_layout_with_merged_cells_imports(tmp_path: Path) -> None:
    path = _official(tmp_path / "book.xlsx")
    (card,) = import_workbook(str(path))
    assert card["title"] == "某项目2023年度绩效自评表"
    assert card["entity"] == {"project": "职业技能培训"}
    assert [r["name"] for r in card["indicators"]] == [
        "培训人次",
        "人均成本",
        "就业率",
        "学员满意度",
    ]
    assert [r["kind"] for r in card["indicators"]][:2] == ["数量指标", "成本指标"]
    assert card["indicators"][0]["target"] == "≥1000人次"
    assert card["budget"] == {"initial": "100万元", "adjusted": "120万元", "spent": "108万元"}
    result = perfeval.score(perfeval.loads(to_yaml(card)))
    assert result.budget is not None
    assert result.budget.score == Decimal("9.00")
    assert result.total == Decimal("97.50")


def test_an_official_layout_with_whole_targets_and_no_budget_row(tmp_path: Path) -> None:
    path = _official(tmp_path / "book.xlsx", split=False, budget_inside=False, prefixes=False)
    (card,) = import_workbook(str(path))
    assert [r["target"] for r in card["indicators"]] == ["≥1000人次", "≤800元", "≥60%", "≥90%"]
    assert perfeval.score(perfeval.loads(to_yaml(card))).total == Decimal("97.50")


def test_without_a_title_the_file_name_is_the_title_and_import_says_so(tmp_path: Path) -> None:
    path = _official(tmp_path / "培训项目.xlsx", title=False)
    cards_, notes = read_workbook(str(path))
    assert cards_[0]["title"] == "培训项目"
    assert notes == [
        "培训项目.xlsx: 项目自评表: the sheet has no title row; the card's title "
        "'培训项目' is taken from the file name"
    ]
    err = io.StringIO()
    out = tmp_path / "card.yaml"
    assert main(["import", str(path), "-o", str(out)], stdout=io.StringIO(), stderr=err) == 0
    assert "taken from the file name" in err.getvalue()


def test_errors_found_after_reading_name_the_cell_and_the_indicator(tmp_path: Path) -> None:
    path = _official(tmp_path / "book.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book.active
    sheet["B8"] = "数量"  # fine: an alias
    sheet["G9"] = "很多"  # 人均成本's actual
    book.save(path)
    with pytest.raises(perfeval.ScorecardError) as info:
        import_workbook(str(path))
    assert [str(p).split(": expected")[0] for p in info.value.problems] == [
        f"{path}: 项目自评表.G9: '人均成本' (indicators[1].actual)"
    ]


# --- issue 12: what the workbook holds is text, well-formed, whole --------------------------

EVIL = '=HYPERLINK("http://evil.example/x","y")'


def _hostile(note: str = "n") -> perfeval.Result:
    data = {
        "perfeval": 1,
        "title": f"{EVIL}\x00\x1b[2J",
        "entity": {"name": EVIL},
        "weights": {"budget": 0, "output": 100, "benefit": 0, "satisfaction": 0},
        "indicators": [
            {
                "id": "x",
                "name": EVIL,
                "kind": "quantity",
                "weight": 60,
                "target": "≥10件",
                "actual": "9件",
                "note": note,
            },
            {
                "id": "y",
                "name": "\x1b]0;pwned\x07",
                "kind": "quantity",
                "weight": 40,
                "target": "@SUM(1)",
                "actual": "达成",
                "note": "-2+3",
            },
        ],
    }
    return perfeval.score(perfeval.from_dict(data))


def test_user_text_is_never_a_formula(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    path.write_bytes(workbook_bytes([_hostile(), _hostile()], summary=True))
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":  # sheet names in references are quoted, not calls
                    called = re.sub(r"'[^']*'!", "", str(cell.value))
                    assert "HYPERLINK" not in called, cell.coordinate
                    assert "pwned" not in str(cell.value)
    summary = book["汇总"]
    assert summary["C2"].data_type == "s"
    assert summary["C2"].value.startswith(EVIL)
    assert book.worksheets[1]["C8"].value == EVIL


def test_control_characters_are_escaped_and_the_file_is_well_formed(tmp_path: Path) -> None:
    result = _hostile()
    path = tmp_path / "book.xlsx"
    path.write_bytes(workbook_bytes([result]))
    with zipfile.ZipFile(path) as archive:
        import xml.dom.minidom

        for name in archive.namelist():
            if name.endswith(".xml"):
                xml.dom.minidom.parseString(archive.read(name))  # well-formed
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    assert "\x00" not in sheet.title
    assert "\x1b" not in sheet.title
    assert sheet["A1"].value == f"{EVIL}\\x00\\x1b[2J"
    assert sheet["C9"].value == "\\x1b]0;pwned\\x07"
    (card,) = import_workbook(str(path))
    assert card["title"] == result.card.title  # the kept text, controls and all
    assert card["indicators"][1]["name"] == "\x1b]0;pwned\x07"


@pytest.mark.parametrize(
    "titles",
    [
        ["a[b]:c*d?e/f\\g'h", "a[b]:c*d?e/f\\g'h"],
        ["x" * 40, "x" * 40, "X" * 40],
        ["\x00\x01\x1f", "", "History"],
        ["汇总", "_perfeval", "'quoted'"],
        ["\U0001f600" * 40, "\U00020000" * 20 + "x" * 20],  # two UTF-16 units each
    ],
)
def test_sheet_names_are_valid_and_unique(titles: list[str], tmp_path: Path) -> None:
    results = []
    for title in titles:
        data = {
            "perfeval": 1,
            "title": title or " ",
            "indicators": [
                {"name": "n", "kind": "quantity", "weight": 100, "target": "≥1", "actual": 1}
            ],
            "weights": {"budget": 0, "output": 100, "benefit": 0, "satisfaction": 0},
        }
        if not title:
            data["title"] = "t"
        results.append(perfeval.score(perfeval.from_dict(data)))
    path = tmp_path / "book.xlsx"
    path.write_bytes(workbook_bytes(results, summary=True))
    names = openpyxl.load_workbook(path).sheetnames
    assert len({n.lower() for n in names}) == len(names)
    for name in names:
        assert len(name.encode("utf-16-le")) // 2 <= 31  # as Excel counts a name
        assert not set(name) & set("[]:*?/\\")
        assert not name.startswith("'")
        assert not name.endswith("'")
    assert len(import_workbook(str(path))) == len(titles)


def test_any_text_longer_than_a_cell_comes_back_whole(tmp_path: Path) -> None:
    """The title and a name past 32,767 characters: cut in the cell, whole on import."""
    long = "名" * 40_000
    data = {"perfeval": 1, "title": long, "weights": {"budget": 0, "output": 100, "benefit": 0,
            "satisfaction": 0}, "indicators": [{"name": long, "kind": "quantity", "weight": 100,
            "target": "≥1", "actual": 1}]}  # fmt: skip
    path = tmp_path / "book.xlsx"
    path.write_bytes(workbook_bytes([perfeval.score(perfeval.from_dict(data))]))
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert len(sheet["A1"].value) <= 32_767
    assert len(sheet["C8"].value) <= 32_767
    (card,) = import_workbook(str(path))
    assert card["title"] == long
    assert card["indicators"][0]["name"] == long


def test_a_note_longer_than_a_cell_comes_back_whole(tmp_path: Path) -> None:
    note = "偏差原因" * 10_000  # 40,000 characters
    result = _hostile(note)
    path = tmp_path / "book.xlsx"
    path.write_bytes(workbook_bytes([result]))
    shown = openpyxl.load_workbook(path).worksheets[0]["I8"].value
    assert len(shown) <= 32_767
    assert shown.endswith("…（全文见 perfeval import）")
    (card,) = import_workbook(str(path))
    assert card["indicators"][0]["note"] == note


# --- issue 11: bounded reading; hostile cells; nothing constructed -------------------------


def _run(path: Path, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    def cap() -> None:  # 1 GiB of address space
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [sys.executable, "-m", "perfeval", "import", str(path)],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=cap,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _zip_of_spaces(path: Path, size: int) -> Path:
    good = tmp_book = path.with_name("good.xlsx")
    tmp_book.write_bytes(workbook_bytes([perfeval.score(perfeval.loads(CARD))]))
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item, src.read(item.filename))
        with out.open("xl/padding.xml", "w") as member:
            chunk = b" " * (1 << 20)
            for _ in range(size >> 20):
                member.write(chunk)
    return path


@pytest.mark.parametrize(
    ("size", "message"),
    [
        (3 << 20, "unpacks 1,0"),  # a small member that inflates a thousandfold
        (101 << 20, "the workbook unpacks to 105,"),
    ],
)
def test_zip_bombs_are_refused_from_the_directory(size: int, message: str, tmp_path: Path) -> None:
    run = _run(_zip_of_spaces(tmp_path / "bomb.xlsx", size))
    assert run.returncode == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr


def test_a_million_rows_are_refused_early(tmp_path: Path) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("junk")
    for i in range(25_000):
        sheet.append([i])
    path = tmp_path / "rows.xlsx"
    book.save(path)
    run = _run(path)
    assert run.returncode == 2
    assert "junk.A20001: the sheet has more than 20,000 rows" in run.stderr


def _long_text_book(path: Path, length: int) -> Path:
    """A workbook whose shared string is longer than a cell may hold (openpyxl
    and XlsxWriter refuse to write one, a hostile file need not)."""
    book = openpyxl.Workbook()
    book.active["A1"] = "short"
    book.save(path.with_name("plain.xlsx"))
    with zipfile.ZipFile(path.with_name("plain.xlsx")) as src, zipfile.ZipFile(path, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(b"short", b"x" * length)
            out.writestr(item, data)
    return path


def test_a_text_longer_than_a_cell_is_refused(tmp_path: Path) -> None:
    path = _long_text_book(tmp_path / "long.xlsx", 40_000)
    with pytest.raises(perfeval.ScorecardError) as info:
        import_workbook(str(path))
    assert str(info.value) == (
        f"{path}: (file): the workbook holds a text of 40,000 characters "
        "(sheet1.xml A1); the limit of a cell is 32,767"
    )
    with pytest.raises(perfeval.ScorecardError) as info:
        import_workbook(str(_long_text_book(tmp_path / "edge.xlsx", 32_767)))
    assert "no indicator table" in str(info.value)  # at the limit: read


def test_one_far_cell_costs_nothing(tmp_path: Path) -> None:
    """A cell at the last row and column makes no grid of millions."""
    book = openpyxl.Workbook()
    book.active.cell(20_000, 200, "far")
    path = tmp_path / "far.xlsx"
    book.save(path)
    run = _run(path, timeout=20)
    assert run.returncode == 2
    assert "no indicator table" in run.stderr


def _raw_sheet_book(path: Path, rows: int, columns: int) -> Path:
    """A workbook whose one sheet holds rows × columns numbers, written as raw XML (fast)."""
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    book.active["A1"] = 1
    book.save(path.with_name("base.xlsx"))
    letters = [get_column_letter(c) for c in range(1, columns + 1)]
    body = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>1</v></c>' for c in letters) + "</row>"
        for r in range(1, rows + 1)
    )
    with (
        zipfile.ZipFile(path.with_name("base.xlsx")) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb"<sheetData>.*</sheetData>",
                    f"<sheetData>{body}</sheetData>".encode(),
                    data,
                    flags=re.DOTALL,
                )
            out.writestr(item, data)
    return path


def test_too_many_cells_are_refused(tmp_path: Path) -> None:
    path = _raw_sheet_book(tmp_path / "cells.xlsx", 5_001, 100)
    run = _run(path, timeout=20)
    assert run.returncode == 2
    assert run.stderr.endswith("(file): the workbook has more than 500,000 cells\n")


def _with_member(path: Path, out: Path, member: str, edit: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, edit(data) if item.filename == member else data)
    return out


_SHEET = "xl/worksheets/sheet1.xml"


@pytest.mark.parametrize(
    ("member", "edit", "message"),
    [
        (  # 200,000 merged ranges of two cells: 0.9 MB that took 32 s and 1.2 GB
            _SHEET,
            lambda b: b.replace(
                b"</sheetData>",
                b"</sheetData><mergeCells>"
                + b"".join(b'<mergeCell ref="AA%d:AB%d"/>' % (i, i) for i in range(1, 200_000))
                + b"</mergeCells>",
                1,
            ),
            "20,000 merged ranges",
        ),
        (  # conditional formats, one a row
            _SHEET,
            lambda b: b.replace(
                b"</sheetData>",
                b"</sheetData>"
                + b"".join(
                    b'<conditionalFormatting sqref="Z%d"><cfRule type="cellIs" priority="%d"'
                    b' operator="equal"><formula>1</formula></cfRule></conditionalFormatting>'
                    % (i, i)
                    for i in range(1, 30_000)
                ),
                1,
            ),
            "20,000 merged ranges",
        ),
        (  # defined names
            "xl/workbook.xml",
            lambda b: b.replace(
                b"</sheets>",
                b"</sheets><definedNames>"
                + b"".join(
                    b'<definedName name="n%d">Sheet1!$A$1</definedName>' % i for i in range(30_000)
                )
                + b"</definedNames>",
                1,
            ) if b"<definedNames" not in b else b,
            "20,000 merged ranges",
        ),
        (  # 600,000 shared texts (12 MB of them took 44 s)
            "xl/sharedStrings.xml",
            lambda b: b.replace(
                b"</sst>", b"".join(b"<si><t>%d</t></si>" % i for i in range(600_000)) + b"</sst>"
            ),
            "500,000 shared texts",
        ),
    ],
)  # fmt: skip
def test_what_openpyxl_builds_besides_cells_is_bounded(
    tmp_path: Path, member: str, edit: Callable[[bytes], bytes], message: str
) -> None:
    """Counted in the raw XML before openpyxl sees the file: each took it
    seconds to minutes and hundreds of MB from a file of about 1 MB."""
    base = _card_book(tmp_path)
    book = _with_member(base, tmp_path / "many.xlsx", member, edit)
    with zipfile.ZipFile(base) as before, zipfile.ZipFile(book) as after:
        assert len(after.read(member)) > len(before.read(member)) + 100_000  # it was edited
    run = _run(book, timeout=20)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert f"(file): the workbook has more than {message}" in run.stderr


def test_columns_are_bounded(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active["GS1"] = "x"  # column 201
    path = tmp_path / "wide.xlsx"
    book.save(path)
    with pytest.raises(perfeval.ScorecardError) as info:
        import_workbook(str(path))
    assert str(info.value) == f"{path}: Sheet.GS1: the sheet has more than 200 columns"


def test_limits_at_the_limit_are_accepted(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "x" * 32_767
    sheet.cell(20_000, 1, "last row")
    sheet.cell(1, 200, "last column")
    path = tmp_path / "edge.xlsx"
    book.save(path)
    with pytest.raises(perfeval.ScorecardError) as info:
        import_workbook(str(path))
    assert "no indicator table" in str(info.value)  # read, then found not to be a 自评表


@pytest.mark.parametrize(
    "payload",
    [
        "{perfeval: 1, title: [unclosed",
        "!!python/object/apply:os.system ['touch PWNED']",
        "{perfeval: 1, title: !!python/name:os.system x}",
        "&a [*a, *a]",
    ],
)
def test_the_hidden_sheet_is_read_safely(
    payload: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    book = openpyxl.load_workbook(_card_book(tmp_path))
    book[SETTINGS_SHEET]["O2"] = payload
    book[SETTINGS_SHEET]["P2"] = None
    path = tmp_path / "book.xlsx"
    book.save(path)
    err = io.StringIO()
    assert main(["import", str(path)], stdout=io.StringIO(), stderr=err) == 2
    assert f"{path}: _perfeval.O2: perfeval's data in the hidden sheet" in err.getvalue()
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("F8", "sNaN"),
        ("F8", "1e999999999"),
        ("G11", "sNaN"),
        ("G11", 1e30),
        ("G8", "NaN"),
        ("C5", "Infinity"),
        ("D5", -1e308),
    ],
)
def test_hostile_numbers_give_a_located_error(cell: str, value: Any, tmp_path: Path) -> None:
    book = edited(_card_book(tmp_path), {cell: value}, tmp_path / "book.xlsx")
    with pytest.raises(perfeval.ScorecardError) as info:
        import_workbook(str(book))
    assert f"{book}: {_sheet_name(book)}.{cell}: " in str(info.value)


def test_official_hostile_numbers(tmp_path: Path) -> None:
    path = _official(tmp_path / "book.xlsx")
    book = openpyxl.load_workbook(path)
    book.active["H8"] = "1e999999999"
    book.active["I9"] = "sNaN"
    book.save(path)
    with pytest.raises(perfeval.ScorecardError) as info:
        import_workbook(str(path))
    assert f"{path}: 项目自评表.H8: '培训人次': 分值 must be a finite number below 10^15" in str(
        info.value
    )


VALUES = st.one_of(
    st.text(st.sampled_from(list("=+-@,.%0123456789万人次元≥≤达成部分以上 \n")), max_size=12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.sampled_from(["sNaN", "1e999999999", "-0", "", None, "—", "不适用", "manual", True]),
)


@settings(max_examples=30)
@given(
    st.lists(
        st.tuples(st.sampled_from("ABCDEFGHIJKLMNOP"), st.integers(1, 16), VALUES),
        min_size=1,
        max_size=4,
    )
)
def test_fuzz_random_cells_in_an_exported_workbook(cells_: list[tuple[str, int, Any]]) -> None:
    """Whatever is typed into the sheet, import gives cards or a located error."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        base = _card_book(Path(folder))
        edits = {f"{c}{r}": v for c, r, v in cells_}
        book = edited(base, edits, Path(folder) / "fuzz.xlsx")
        problems = _problems(book)
    assert all(p.startswith(str(Path(folder) / "fuzz.xlsx")) for p in problems)


def test_a_kept_framework_must_be_a_framework_file(tmp_path: Path) -> None:
    """A hidden sheet from elsewhere cannot make perfeval open /etc/passwd."""
    book = openpyxl.load_workbook(_card_book(tmp_path))
    data = book[SETTINGS_SHEET]["O2"].value
    book[SETTINGS_SHEET]["O2"] = data.replace(
        "perfeval: 1,", "perfeval: 1, framework: /etc/passwd,"
    )
    path = tmp_path / "book.xlsx"
    book.save(path)
    with pytest.raises(perfeval.ScorecardError) as info:
        import_workbook(str(path))
    assert str(info.value) == (
        f"{path}: _perfeval.O2: the kept framework '/etc/passwd' is neither a shipped "
        "framework nor a .yaml file"
    )
    assert "root:" not in str(info.value)


TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufeff"),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() != "")


@settings(max_examples=20)
@given(cards(), TEXT, TEXT, TEXT, TEXT)
def test_random_text_in_every_field_round_trips(
    data: dict[str, Any], title: str, entity: str, name: str, note: str
) -> None:
    """Any text (controls, =, quotes, emoji) in the title, entity, a name and a
    note: the workbook is well-formed, no text is a formula, and import gives
    the text back exactly."""
    import tempfile

    data = {**data, "title": title, "entity": {"name": entity}}
    data["indicators"] = [dict(data["indicators"][0], name=name, note=note),
                          *data["indicators"][1:]]  # fmt: skip
    result = perfeval.score(perfeval.from_dict(data))
    with tempfile.TemporaryDirectory() as folder:
        book = _export(result, Path(folder) / "book.xlsx")
        sheet = openpyxl.load_workbook(book).worksheets[0]
        assert sheet["C8"].data_type == "s"
        assert sheet["A1"].data_type == "s"
        (card,) = import_workbook(str(book))
    again = perfeval.score(perfeval.loads(to_yaml(card)))
    assert again.card.title == result.card.title
    assert dict(again.card.entity) == dict(result.card.entity)
    assert again.indicators[0].indicator.name == result.indicators[0].indicator.name
    assert again.indicators[0].indicator.note == result.indicators[0].indicator.note
    assert _json(again) == _json(result)


def test_the_title_may_follow_an_attachment_line(tmp_path: Path) -> None:
    """附件2 above the merged title, 单位：万元 under it: the title is the title."""
    (card,) = import_workbook(str(_official(tmp_path / "book.xlsx", attachment=True)))
    assert card["title"] == "某项目2023年度绩效自评表"
    assert perfeval.score(perfeval.loads(to_yaml(card))).total == Decimal("97.50")


def test_edited_names_notes_and_kinds_come_back(tmp_path: Path) -> None:
    book = edited(
        _card_book(tmp_path),
        {"C8": "培训人数", "I9": "原材料涨价", "B10": "数量指标", "A1": "新标题"},
        tmp_path / "edited.xlsx",
    )
    (card,) = import_workbook(str(book))
    rows = card["indicators"]
    assert card["title"] == "新标题"
    assert (rows[0]["name"], rows[1]["note"], rows[2]["kind"]) == (
        "培训人数",
        "原材料涨价",
        "数量指标",
    )
    assert "aspect" not in rows[2]
    result = perfeval.score(perfeval.loads(to_yaml(card)))
    assert result.indicators[2].indicator.kind == "quantity"


def test_a_file_too_large_or_not_regular_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.xlsx"
    with big.open("wb") as stream:
        stream.truncate(20 * 1024 * 1024 + 1)  # sparse: costs nothing
    with pytest.raises(perfeval.ScorecardError) as info:
        import_workbook(str(big))
    assert (
        str(info.value)
        == f"{big}: (file): the workbook is 20,971,521 bytes; the limit is 20,971,520 bytes"
    )
    fifo = tmp_path / "fifo.xlsx"
    os.mkfifo(fifo)
    run = _run(fifo, timeout=10)
    assert (run.returncode, run.stderr) == (
        2,
        f"{fifo}: (file): cannot read the workbook: it is a FIFO (named pipe), "
        "not a regular file\n",
    )


def test_a_header_of_two_rows(tmp_path: Path) -> None:
    """年度指标值 merged over 指标性质 | 指标值 | 度量单位 in the row below; the
    level columns merged down over both header rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "自评表"
    sheet["A1"] = "2023年度项目绩效自评表"
    heads = [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        None,
        None,
        "实际完成值",
        "分值",
        "得分",
    ]
    for j, head in enumerate(heads, start=1):
        sheet.cell(2, j, head)
    for j, head in enumerate(["指标性质", "指标值", "度量单位"], start=4):
        sheet.cell(3, j, head)
    sheet.merge_cells("D2:F2")
    for column in "ABCGHI":
        sheet.merge_cells(f"{column}2:{column}3")
    rows = [
        ["产出指标", "数量指标", "指标1：培训人次", "≥", 1000, "人次", 950, 60, 57],
        ["效益指标", "社会效益指标", "指标2：就业率", "≥", 60, "%", 63, 30, 30],
        ["满意度指标", "满意度指标", "指标3：满意度", "≥", 90, "%", 92, 10, 10],
    ]
    for i, row in enumerate(rows, start=4):
        for j, value in enumerate(row, start=1):
            sheet.cell(i, j, value)
    sheet["A7"] = "合计"
    path = tmp_path / "two.xlsx"
    book.save(path)
    (card,) = import_workbook(str(path))
    assert [r["target"] for r in card["indicators"]] == ["≥1000人次", "≥60%", "≥90%"]
    assert [r["name"] for r in card["indicators"]] == ["培训人次", "就业率", "满意度"]
    assert perfeval.score(perfeval.loads(to_yaml(card))).total == Decimal("97.00")


def _with_merge(book: Path, out: Path, ref: str) -> Path:
    """``book`` with one more merged range in its first sheet's XML."""
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                merge = f'<mergeCell ref="{ref}"/>'
                if "<mergeCells" in text:
                    text = re.sub(r'(<mergeCells count="\d+">)', rf"\1{merge}", text)
                else:
                    text = text.replace(
                        "</sheetData>", f"</sheetData><mergeCells>{merge}</mergeCells>"
                    )
                data = text.encode("utf-8")
            dst.writestr(item, data)
    return out


def test_a_merged_range_counts_every_cell_it_fills(tmp_path: Path) -> None:
    """One <mergeCell ref="I20:GR20000"/> (a 5 KB file) made import run 97 s
    and end in MemoryError: its 3.8 million cells are counted before parsing."""
    book = _with_merge(_card_book(tmp_path), tmp_path / "merge.xlsx", "I20:GR20000")
    run = _run(book, timeout=20)
    assert (run.returncode, run.stderr) == (
        2,
        f"{book}: (file): the workbook has more than 500,000 cells\n",
    )
    small = _with_merge(_card_book(tmp_path), tmp_path / "small.xlsx", "Q40:R41")
    assert _run(small).returncode == 0  # an ordinary merge is read as before


def test_control_characters_in_a_target_keep_the_formulas_well_formed(tmp_path: Path) -> None:
    """A target label with U+0001 went raw into a formula's string literal."""
    import xml.dom.minidom

    card = CARD.replace("target: ≥1000人次", 'target: "\\x01≥1000人次"', 1)
    assert card != CARD
    book = _export(perfeval.score(perfeval.loads(card)), tmp_path / "ctl.xlsx")
    with zipfile.ZipFile(book) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                xml.dom.minidom.parseString(archive.read(name))
    assert _run(book).returncode == 0


def test_a_free_text_qualitative_actual_comes_back_as_written(tmp_path: Path) -> None:
    """效果明显 with the evaluator's score was exported as the tier 'achieved'."""
    card = CARD.replace("actual: 部分达成,", "actual: 效果明显,", 1)
    assert card != CARD
    result = perfeval.score(perfeval.loads(card))
    again = perfeval.score(
        perfeval.loads(to_yaml(read_workbook(str(_export(result, tmp_path / "f.xlsx")))[0][0]))
    )
    assert again.indicators[3].indicator.actual_text == "效果明显"
    assert json.loads(to_json([again]))["indicators"] == json.loads(to_json([result]))["indicators"]


def test_a_row_with_points_but_no_name_is_named_not_dropped(tmp_path: Path) -> None:
    """A row with a target, actual and 分值 but an empty 三级指标 was dropped,
    and the only error was the weights' sum at A1."""
    path = _official(tmp_path / "book.xlsx", prefixes=False)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "人均成本")
    cell.value = None
    book.save(path)
    with pytest.raises(perfeval.ScorecardError) as info:
        import_workbook(str(path))
    assert str(info.value) == (
        f"{path}: 项目自评表.{cell.coordinate}: this row has 分值 and a target or actual but no "
        "三级指标 (the indicator's name): write the name, or clear the row"
    )


def _with_formula(table: list[Any], cell: str, formula: str, cached: str | None) -> bytes:
    """An official-layout workbook whose ``cell`` holds ``formula``, with the
    value Excel saves beside it (``cached``) or none (a program wrote it)."""
    import io
    import zipfile

    import openpyxl

    from tests import forms as F  # noqa: N812

    book = openpyxl.load_workbook(io.BytesIO(F.to_xlsx([table])))
    book.active[cell] = f"={formula}"
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml" and cached is not None:
                tag = f"<f>{formula}</f>".encode()
                data = data.replace(tag + b"<v></v>", tag).replace(
                    tag, tag + f"<v>{cached}</v>".encode()
                )
            target.writestr(item, data)
    return out.getvalue()


def test_import_takes_a_formula_cells_saved_value_and_says_so(tmp_path: Path) -> None:
    """Probe: an official workbook computes 分值 by a formula; review read its
    saved value, and import now does too, with a comment naming the cell."""
    from tests import forms as F  # noqa: N812

    path = tmp_path / "official.xlsx"
    path.write_bytes(_with_formula(F.yongde(), "I15", "5+5", "10"))  # 分值 of row 2
    done = subprocess.run(
        [sys.executable, "-m", "perfeval", "import", str(path)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "# 自评表1!I15: a formula; its value as last computed is taken (10)" in done.stdout
    card = yaml.safe_load(done.stdout)
    assert card["indicators"][1]["weight"] == 10


def test_import_names_a_formula_without_a_saved_value(tmp_path: Path) -> None:
    from tests import forms as F  # noqa: N812

    path = tmp_path / "official.xlsx"
    path.write_bytes(_with_formula(F.yongde(), "I15", "5+5", None))
    for lang, said in (("en", "自评表1.I15: 'I15': the cell holds a formula (=5+5) and no"),
                       ("zh", "自评表1.I15: 'I15'：该单元格是公式（=5+5）")):  # fmt: skip
        done = subprocess.run(
            [sys.executable, "-m", "perfeval", "import", "--lang", lang, str(path)],
            capture_output=True, text=True, check=False, timeout=120,
        )  # fmt: skip
        assert done.returncode == 2
        assert said in done.stderr
