"""The HTML 自评表: its layout, the goal: key, and printing in a real browser.

The browser test prints every example with headless Chromium and reads the
PDF back: A4 landscape pages, a sane page count, and each row's name and
score on the same line of the page, in the order of the card.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import perfeval
from perfeval.core.model import Goal
from perfeval.core.results import fmt
from perfeval.read.card_data import card_data
from perfeval.write.html_form import ENTITY_KEYS
from perfeval.write.report import render

from .cards import example_cards, review_cards

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
REVIEWS = [p.name for p in review_cards()]
CARDS = [p.name for p in example_cards()]


def _result(name: str) -> perfeval.Result:
    if name in REVIEWS:
        return perfeval.review(str(EXAMPLES / name))
    return perfeval.score(perfeval.load(EXAMPLES / name))


class Table(HTMLParser):
    """The indicator table as a grid, merged cells filled in from their rowspan."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.grid: list[list[str]] = []
        self.inside = False
        self.cell: list[str] | None = None
        self.span = 1
        self.pending: dict[int, tuple[int, str]] = {}  # column -> (rows left, text)
        self.rowspans: list[int] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        found = dict(attrs)
        if tag == "table":
            self.inside = found.get("class") == "indicators"
        if not self.inside:
            return
        if tag == "tr":
            self.grid.append([])
            self._carry()
        elif tag in ("td", "th"):
            self.cell = []
            self.span = int(found.get("rowspan") or 1)

    def _carry(self) -> None:
        row = self.grid[-1]
        while len(row) in self.pending:
            left, text = self.pending.pop(len(row))
            row.append(text)
            if left > 1:
                self.pending[len(row) - 1] = (left - 1, text)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.inside = False
        if not self.inside or tag not in ("td", "th") or self.cell is None:
            return
        text = "".join(self.cell)
        row = self.grid[-1]
        row.append(text)
        if self.span > 1:
            self.rowspans.append(self.span)
            self.pending[len(row) - 1] = (self.span - 1, text)
        self.cell = None
        self._carry()

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def _grid(page: str) -> Table:
    table = Table()
    table.feed(page)
    table.close()
    return table


@pytest.mark.parametrize("name", CARDS + REVIEWS)
def test_the_indicator_table_merges_level_cells_and_holds_every_row(name: str) -> None:
    result = _result(name)
    table = _grid(render([result], "html", "zh"))
    _section, header, *rows, total = table.grid
    assert header[:5] == ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"]
    assert header[-1] == "偏差原因分析及改进措施"
    assert len(rows) == len(result.indicators)
    assert {len(r) for r in rows} == {len(header)}  # every merged cell accounted for
    score_col = len(header) - 2
    for row, scored in zip(rows, result.indicators, strict=True):
        assert row[2] == scored.indicator.name
        shown = fmt(scored.score, result.card.precision) if scored.score is not None else "不适用"
        assert row[score_col] == shown
    # a level is merged where consecutive rows share it: fewer cells than rows
    groups = [r.indicator.group for r in result.indicators]
    runs = 1 + sum(a != b for a, b in itertools.pairwise(groups))
    assert sum(1 for s in table.rowspans if s > 1) >= (runs < len(groups))
    assert total[0] == "总分"
    assert fmt(result.total, result.card.precision) in total
    assert f"评价等次：{result.grade.zh}" in total[-1]


def test_the_header_block_reads_the_documented_entity_keys() -> None:
    page = render([_result("project-2022.yaml")], "html", "zh")
    for label in ("项目名称", "主管部门", "实施单位", "项目负责人", "填报日期"):
        assert f"<th>{label}</th>" in page
    card = perfeval.load(EXAMPLES / "project-2022.yaml")
    for key in ("project", "department", "name", "responsible", "date"):
        assert key in ENTITY_KEYS
        assert card.entity[key] in page
    assert "年初预算数" in page
    assert "全年执行数" in page
    assert "年度总体目标" in page
    assert card.goal is not None
    assert card.goal.expected is not None
    assert card.goal.expected in page
    assert "项目负责人（签字）：张某某" in page
    assert "填报日期：2023年3月20日" in page
    # findings are written out, not shown by their English codes
    codes = {f.code for f in _result("project-2022.yaml").findings}
    assert codes
    assert not any(f">{code}" in page or f"] {code}" in page for code in codes)


def test_the_page_is_a4_landscape_with_cjk_fonts_for_every_system() -> None:
    page = render([_result("project-2022.yaml")], "html", "zh")
    assert "size: A4 landscape" in page
    for font in ('"SimSun"', '"Songti SC"', '"Noto Serif CJK SC"', '"Noto Sans CJK SC"'):
        assert font in page
    assert "white-space: nowrap" in page
    assert "<colgroup>" in page


def test_hostile_text_in_the_form_is_escaped() -> None:
    evil = '<script>alert(1)</script>&"\x1b[2J\u202e'
    card = perfeval.from_dict(
        {
            "perfeval": 1,
            "title": f"t{evil}",
            "entity": {k: f"{k}{evil}" for k in ENTITY_KEYS if k != "year"},
            "goal": {"expected": f"e{evil}", "achieved": f"a{evil}"},
            "weights": {"budget": 0, "output": 100, "benefit": 0, "satisfaction": 0},
            "indicators": [
                {"name": f"n{evil}", "kind": "quantity", "weight": 100, "target": "≥10",
                 "actual": 9, "note": f"o{evil}"},
            ],
        }
    )  # fmt: skip
    page = render([perfeval.score(card)], "html", "zh")
    assert "<script>" not in page
    assert "\x1b" not in page
    assert "\u202e" not in page
    assert page.count("&lt;script&gt;") >= 10
    assert "\\x1b" in page


def test_goal_loads_round_trips_and_is_checked() -> None:
    text = (
        "perfeval: 1\ntitle: t\ngoal:\n  expected: 建成100公里\n  achieved: 建成98公里\n"
        "weights: {budget: 0, output: 100, benefit: 0, satisfaction: 0}\n"
        "indicators:\n  - {name: a, kind: quantity, weight: 100, target: ≥10, actual: 9}\n"
    )
    card = perfeval.loads(text)
    assert card.goal == Goal(expected="建成100公里", achieved="建成98公里")
    assert card_data(card)["goal"] == {"expected": "建成100公里", "achieved": "建成98公里"}
    assert perfeval.from_dict(card_data(card)) == card
    assert perfeval.score(card).to_dict()["goal"] == {
        "expected": "建成100公里",
        "achieved": "建成98公里",
    }
    with pytest.raises(perfeval.ScorecardError) as caught:
        perfeval.loads(text.replace("achieved:", "reached:"))
    assert caught.value.path == "goal.reached"
    with pytest.raises(perfeval.ScorecardError) as caught:
        perfeval.loads(
            text.replace("goal:\n  expected: 建成100公里\n  achieved: 建成98公里\n", "goal: [1]\n")
        )
    assert caught.value.path == "goal"


# --- in a real browser -------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")


def _print(html_file: Path, pdf: Path, profile: Path) -> None:
    assert CHROMIUM is not None
    subprocess.run(
        [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={profile}", f"--print-to-pdf={pdf}",
            "--no-pdf-header-footer", html_file.as_uri(),
        ],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip


def _lines(pdf: Path) -> list[str]:
    """The PDF's text, one printed line per list item, spaces removed."""
    assert PDFTOTEXT is not None
    done = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True, timeout=60
    )
    return [re.sub(r"\s+", "", line) for line in done.stdout.decode("utf-8").splitlines()]


@pytest.mark.skipif(
    CHROMIUM is None or PDFTOTEXT is None,
    reason="needs chromium and pdftotext (apt-get install chromium fonts-noto-cjk poppler-utils;"
    " .ci/run installs them)",
)
def test_every_example_prints_on_a4_landscape_with_every_row() -> None:
    from pypdf import PdfReader

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in CARDS + REVIEWS:
            result = _result(name)
            page = folder / f"{name}.html"
            pdf = folder / f"{name}.pdf"
            page.write_text(render([result], "html", "zh"), encoding="utf-8")
            _print(page, pdf, folder / "profile")
            reader = PdfReader(pdf)
            pages = len(reader.pages)
            # a project form of 11 rows takes two pages (the notes run over), a
            # 53号 department form of 29 rows three: about 12 rows a page, plus one
            assert 1 <= pages <= 2 + len(result.indicators) // 12, (name, pages)
            for sheet in reader.pages:
                width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
                assert (round(width), round(height)) == (842, 595), (name, width, height)
            text = _lines(pdf)
            _rows_in_order(name, result, text)


def _rows_in_order(name: str, result: perfeval.Result, lines: list[str]) -> None:
    """Each indicator's name is on a printed line (its first 6 characters:
    a long name wraps in its cell) and its score on that line or the next three
    (cells are centred, so a wrapped row prints its score lower); rows come
    in card order."""
    p = result.card.precision
    # only the indicator table: the notes below it quote names and scores too
    end = next(i for i, line in enumerate(lines) if line.startswith("其他需要说明事项"))
    table = lines[:end]
    at = 0
    for row in result.indicators:
        head = re.sub(r"\s+", "", row.indicator.name)[:6]
        score = fmt(row.score, p) if row.score is not None else "不适用"
        for i in range(at, len(table)):
            if head not in table[i]:
                continue
            if score in table[i][table[i].index(head) :] + "".join(table[i + 1 : i + 4]):
                at = i + 1
                break
        else:
            pytest.fail(f"{name}: row {row.id} ({head}, {score}) not found after line {at}")
    total = fmt(result.total, p)
    assert any(line.startswith("总分") and total in line for line in table[at:]), name
