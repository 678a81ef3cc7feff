"""perfeval review --format xlsx: the reviewer's record as a workbook."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

import perfeval
from perfeval.cli import main

openpyxl = pytest.importorskip("openpyxl")

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / "examples" / "zhongjiang-2022.yaml"
AUTHOR = ROOT / "examples" / "project-2022.yaml"


def _review_xlsx(tmp_path: Path, *forms: Path) -> tuple[int, Path, str]:
    out = tmp_path / "review.xlsx"
    stderr = io.StringIO()
    code = main(
        ["review", *map(str, forms), "--format", "xlsx", "--lang", "zh", "-o", str(out)],
        stdout=io.StringIO(),
        stderr=stderr,
    )
    return code, out, stderr.getvalue()


def _rows(sheet) -> list[list[object]]:  # type: ignore[no-untyped-def]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_one_form_is_one_sheet_with_published_reviewed_and_difference(tmp_path: Path) -> None:
    code, out, err = _review_xlsx(tmp_path, FORM)
    assert (code, err) == (1, "")
    book = openpyxl.load_workbook(out)
    assert len(book.sheetnames) == 1
    rows = _rows(book.worksheets[0])
    header = next(r for r in rows if r[0] == "一级指标")
    published, reviewed = header.index("公布得分"), header.index("复核得分")
    difference = header.index("差异（公布−复核）")
    result = perfeval.review(FORM)
    body = rows[rows.index(header) + 1 :][: len(result.indicators) + 1]
    for cells, row in zip(body, result.indicators, strict=False):
        assert cells[2] == row.indicator.name
        assert Decimal(str(cells[reviewed])) == row.score
        assert Decimal(str(cells[published])) == row.indicator.reported
        assert Decimal(str(cells[difference])) == row.indicator.reported - row.score
    total = body[-1]
    assert total[0] == "合计（含预算执行率）"
    assert (total[published], total[reviewed], total[difference]) == (100, 110, -10)
    texts = [r[0] for r in rows if isinstance(r[0], str)]
    assert any(t.startswith("[警告]") and "weights-off-total" in t for t in texts)


def test_several_forms_get_a_ranking_sheet_first(tmp_path: Path) -> None:
    code, out, _ = _review_xlsx(tmp_path, AUTHOR, FORM)
    assert code == 1
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "复核排名"
    ranking = _rows(book["复核排名"])
    assert ranking[0][:3] == ["排名", "文件", "项目"]
    # the form that departs furthest (10 points off) comes first
    assert ranking[1][1].endswith("zhongjiang-2022.yaml")
    assert ranking[1][6] == 10
    assert len(book.sheetnames) == 3


def test_form_text_is_never_a_formula_and_the_xml_is_well_formed(tmp_path: Path) -> None:
    text = FORM.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    hostile = text.replace(title, 'title: "=HYPERLINK(\\"http://evil.example\\",\\"x\\")\\x1b[2J"')
    hostile = hostile.replace("name: 安装坡面水标尺", 'name: "@SUM(1+1)\\u202e"', 1)
    form = tmp_path / "hostile.yaml"
    form.write_text(hostile, encoding="utf-8")
    code, out, err = _review_xlsx(tmp_path, form)
    assert (code, err) == (1, "")
    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            assert b"<f>" not in data  # no formula anywhere: a review holds values
            if name.endswith(".xml"):
                import xml.dom.minidom

                xml.dom.minidom.parseString(data)
    cells = [c for row in _rows(openpyxl.load_workbook(out).worksheets[0]) for c in row]
    assert '=HYPERLINK("http://evil.example","x")\\x1b[2J' in cells
    assert "@SUM(1+1)\u202e" in cells


def test_xlsx_needs_an_output_file() -> None:
    stderr = io.StringIO()
    code = main(["review", str(FORM), "--format", "xlsx"], stdout=io.StringIO(), stderr=stderr)
    assert (code, stderr.getvalue()) == (
        2,
        "perfeval: --format xlsx writes a workbook: give -o FILE.xlsx\n",
    )
