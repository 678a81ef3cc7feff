"""Published forms read where they live: .docx, .html, .pdf and .xlsx, into review."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import perfeval
from perfeval.core.targets import format_decimal
from perfeval.read.forms import decode_html, read_forms, review_form
from tests import forms as F  # noqa: N812
from tests.forms import c

ROOT = Path(__file__).resolve().parent.parent

pytest.importorskip("docx")
pytest.importorskip("lxml")
pytest.importorskip("pdfplumber")
pytest.importorskip("reportlab")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfeval", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        check=False,
    )


def rows(result: perfeval.Result) -> list[tuple[str, Decimal | None, Decimal | None]]:
    return [(r.indicator.name, r.indicator.reported, r.score) for r in result.indicators]


@pytest.fixture(scope="module")
def yongde_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("forms")
    F.write_all(folder, "yongde", F.yongde())
    return folder


def test_the_same_real_form_in_four_formats_reviews_the_same(yongde_folder: Path) -> None:
    results = {}
    for path in sorted(yongde_folder.iterdir()):
        forms, problems = read_forms(path)
        assert problems == []
        assert len(forms) == 1
        results[path.suffix] = review_form(forms[0])
    assert set(results) == {".docx", ".html", ".pdf", ".xlsx"}
    first = results[".docx"]
    assert rows(first)[2] == ("资金到位及时率", Decimal(7), Decimal("10.00"))
    assert rows(first)[5] == ("政策知晓率", Decimal(9), Decimal("9.80"))
    assert first.card.reported is not None
    assert (first.card.reported.total, first.card.reported.grade) == (Decimal(96), "优")
    assert first.budget is not None
    assert first.budget.budget.reported == 10
    assert first.total == Decimal("99.80")
    codes = sorted(f.code for f in first.findings)
    for suffix, result in results.items():
        assert rows(result) == rows(first), suffix
        assert result.total == first.total, suffix
        assert sorted(f.code for f in result.findings) == codes, suffix
        assert result.card.entity["project"] == "义务教育营养改善计划专项资金"
        assert result.indicators[4].indicator.name == "减轻贫困学生家庭经济负担"  # one line


def test_review_of_a_folder_of_forms(yongde_folder: Path) -> None:
    done = run("review", str(yongde_folder), "--format", "csv", "--lang", "zh")
    assert done.returncode == 1, done.stderr  # the form departs: 7 of 10 for a met target
    lines = done.stdout.splitlines()
    totals = [line for line in lines if ",总分," in line]  # the total line, named in zh
    assert len(totals) == 4
    assert {
        line.rsplit(",", 5)[1:] == ["100", "96", "99.80", "-3.80", "不符"] for line in totals
    } == {True}
    for suffix in ("docx", "html", "pdf", "xlsx"):
        assert any(f"yongde.{suffix}" in line for line in totals)


def test_import_writes_a_review_card_that_reviews_the_same(
    yongde_folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "card.yaml"
    done = run("import", str(yongde_folder / "yongde.docx"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Read from ")
    assert "table 1" in text.splitlines()[0]
    assert "实际完成值 ← column 8 (实际完成值)" in text
    data = yaml.safe_load(text)
    assert data["perfeval-review"] == 1
    assert data["reported"] == {"total": 96, "grade": "优"}
    direct = review_form(read_forms(yongde_folder / "yongde.docx")[0][0])
    again = perfeval.review(out)
    assert rows(again) == rows(direct)
    assert again.total == direct.total


def test_explain_reading_names_each_column(yongde_folder: Path) -> None:
    done = run("review", str(yongde_folder / "yongde.html"), "--explain-reading")
    assert "yongde.html: table 1: 年度指标值 ← column 6 (指标值)" in done.stderr
    assert "yongde.html: table 1: 分值 ← column 9 (分值)" in done.stderr


# --- layouts ------------------------------------------------------------------------------


def f2_xiaoxian() -> F.Table:
    """萧县 2023 绩效目标自评表 (F2): 分值 before the target, 全年实际值, ★ on core rows,
    a sub-row 其中… with no points, 资金情况 with 全年预算数(A) / 全年执行数(B)."""
    return [
        [c("绩效目标自评表", 1, 8)],
        [c("（2023年度）", 1, 8)],
        [c("项目名称", 1, 2), c("特色种养业奖补项目", 1, 6)],
        [c("项目负责人及电话", 1, 2), c("〔负责人〕 〔电话〕", 1, 2), c("主管部门", 1, 2),
         c("萧县农业农村局", 1, 2)],
        [c("实施单位", 1, 2), c("〔实施单位〕", 1, 6)],
        [c("资金情况\n（万元）", 2, 2), c("全年预算数(A)"), c("全年执行数(B)"), c("分值"),
         c("执行率(B/A)"), c("得分", 1, 2)],
        [c("11.4"), c("11.4"), c("10"), c("100%"), c("10", 1, 2)],
        [c("一级指标"), c("二级指标"), c("三级指标"), c("分值"), c("年度指标值"),
         c("全年实际值"), c("得分"), c("未完成原因及拟采取的改进措施")],
        [c("产出指标\n（50分）", 4), c("数量指标", 2), c("★补助各类瓜果蔬菜种植面积"), c("20"),
         c("29.5亩"), c("29.5亩"), c("20"), c("")],
        [c("其中桃树种植面积"), c(""), c("1.5亩"), c("1.5亩"), c(""), c("")],
        [c("质量指标"), c("种植作物成活率"), c("15"), c("95%"), c("95%"), c("15"), c("")],
        [c("时效指标"), c("指标1：项目完成时间"), c("15"), c("2023年12月31日"),
         c("2023年12月31日"), c("15"), c("")],
        [c("效益指标\n（30分）", 2), c("经济效益指标"), c("★增加脱贫户家庭收入"), c("15"),
         c("≥11.376万元"), c("11.376万元"), c("15"), c("")],
        [c("社会效益指标"), c("带动脱贫户人数"), c("15"), c("≥39户"), c("39户"), c("15"), c("")],
        [c("满意度指标\n（10分）"), c("服务对象满意度指标"), c("受益脱贫户满意度"), c("10"),
         c("≥90%"), c("95%"), c("9"), c("")],
        [c("总分", 1, 3), c("100"), c(""), c(""), c("99"), c("")],
    ]  # fmt: skip


def f3_sichuan() -> F.Table:
    """Sichuan 2023 部门预算项目支出绩效自评表 (F3): 权重, 完成值, 指标性质/指标值/度量单位
    in one header row, 调整后预算数 / 预算执行数, 合计 with weights only, signatures."""
    return [
        [c("部门预算项目支出绩效自评表(2023年度)", 1, 10)],
        [c("项目名称", 1, 2), c("51000021R000000019951-安可项目", 1, 8)],
        [c("主管部门", 1, 2), c("〔主管部门〕", 1, 3), c("实施单位（盖章）", 1, 2),
         c("〔实施单位〕", 1, 3)],
        [c("预算执行情况\n(10分)", 2, 2), c("年初预算"), c("调整后预算数"), c("预算执行数"),
         c("预算执行率"), c("权重"), c("得分"), c("原因", 1, 2)],
        [c("90"), c("90"), c("85.5"), c("95%"), c("10"), c("9.5"), c("", 1, 2)],
        [c("一级指标"), c("二级指标"), c("三级指标"), c("指标性质"), c("指标值"), c("度量单位"),
         c("完成值"), c("权重"), c("得分"), c("未完成原因分析")],
        [c("产出指标", 2), c("成本指标"), c("成本控制数"), c("≤"), c("30"), c("万元"), c("30万元"),
         c("60"), c("60"), c("")],
        [c("时效指标"), c("完成及时率"), c("="), c("100"), c("%"), c("100%"), c("20"), c("20"),
         c("")],
        [c("满意度指标"), c("服务对象满意度指标"), c("满意度"), c("≥"), c("90"), c("%"), c("95%"),
         c("10"), c("10"), c("")],
        [c("合计", 1, 7), c("100"), c(""), c("")],
        [c("评价结论", 1, 2), c("好", 1, 8)],
        [c("项目负责人:〔姓名〕", 1, 5), c("财务负责人:〔姓名〕", 1, 5)],
    ]  # fmt: skip


@pytest.mark.parametrize("writer", ["docx", "html", "xlsx"])
def test_points_before_the_target_and_core_marks(tmp_path: Path, writer: str) -> None:
    path = tmp_path / f"xiaoxian.{writer}"
    table = f2_xiaoxian()
    data = {"docx": F.to_docx, "xlsx": F.to_xlsx}.get(writer)
    path.write_bytes(data([table]) if data else F.to_html(table))
    forms, problems = read_forms(path)
    assert problems == []
    card = forms[0].data
    names = [r["name"] for r in card["indicators"]]
    assert names[:3] == ["补助各类瓜果蔬菜种植面积", "种植作物成活率", "项目完成时间"]
    assert "其中桃树种植面积" not in names  # a sub-row without points of its own
    first = card["indicators"][0]
    assert (first["weight"], first["target"], first["actual"], first["reported"]) == (
        20, "29.5亩", "29.5亩", 20,
    )  # fmt: skip
    assert card["budget"]["adjusted"] == "11.4万元"
    assert card["budget"]["reported"] == 10
    assert card["reported"] == {"total": 99}
    assert card["entity"]["leader"] == "〔负责人〕 〔电话〕"
    result = review_form(forms[0])
    assert result.total == Decimal("100.00")  # 95% of a ≥90% target is met: 10, not 9


@pytest.mark.parametrize(
    ("column", "label"),
    [
        (2, "三级指标名称"),
        (4, "预期指标值"),
        (5, "全年实际完成值"),
        (5, "年度实际完成值"),
        (6, "实际得分"),
        (6, "自评分"),
    ],
)
def test_header_labels_of_other_templates(tmp_path: Path, column: int, label: str) -> None:
    """Labels seen on published forms read as the standard ones: the same
    card as with 三级指标 / 年度指标值 / 全年实际值 / 得分."""
    table = f2_xiaoxian()
    table[7][column] = c(label)
    path = _write(tmp_path, "other.html", F.to_html(table))
    forms, problems = read_forms(path)
    assert problems == []
    standard, _ = read_forms(_write(tmp_path, "standard.html", F.to_html(f2_xiaoxian())))
    assert forms[0].data["indicators"] == standard[0].data["indicators"]


@pytest.mark.parametrize("kind", ["社会成本指标", "生态环境成本指标", "经济成本指标"])
def test_cost_kinds_of_newer_templates(tmp_path: Path, kind: str) -> None:
    table = f2_xiaoxian()
    table[11][0] = c(kind)  # the 时效指标 row, now a cost row
    forms, problems = read_forms(_write(tmp_path, "cost.html", F.to_html(table)))
    assert problems == []
    assert forms[0].data["indicators"][2]["kind"] == "成本指标"


def test_sichuan_weights_and_sum_row(tmp_path: Path) -> None:
    path = tmp_path / "sichuan.html"
    path.write_bytes(F.to_html(f3_sichuan()))
    forms, problems = read_forms(path)
    assert problems == []
    card = forms[0].data
    assert [r["weight"] for r in card["indicators"]] == [60, 20, 10]
    assert card["indicators"][0]["target"] == "≤30万元"
    assert card["budget"]["spent"] == Decimal("85.5")
    assert card["budget"]["reported"] == Decimal("9.5")
    assert "reported" not in card  # 合计 100 carries the weights only
    assert card["entity"]["name"] == "〔实施单位〕"


def test_several_forms_in_one_table_and_one_document(tmp_path: Path) -> None:
    page = [*f3_sichuan(), *f3_sichuan()]
    path = tmp_path / "county.html"
    path.write_bytes(F.to_html(page))
    forms, problems = read_forms(path)
    assert problems == []
    assert [f.table for f in forms] == ["table 1", "table 1, form 2"]
    word = tmp_path / "dept.docx"
    word.write_bytes(F.to_docx([F.yongde(), f3_sichuan()]))
    forms, _ = read_forms(word)
    assert [f.table for f in forms] == ["table 1", "table 2"]
    out = tmp_path / "cards.yaml"
    assert run("import", str(word), "-o", str(out)).returncode == 0
    assert (tmp_path / "cards-1.yaml").exists()
    assert (tmp_path / "cards-2.yaml").exists()


def test_traditional_and_spaced_labels(tmp_path: Path) -> None:
    table = F.yongde()
    text = F.to_html(table).decode("utf-8")
    text = text.replace("三级指标", "三級指標").replace("实际完成值", "實際完成值")
    text = text.replace(">产出指标<", ">产 出 指 标 (40分)<")
    path = tmp_path / "trad.html"
    path.write_text(text, encoding="utf-8")
    forms, problems = read_forms(path)
    assert problems == []
    assert len(forms[0].data["indicators"]) == 9


def test_missing_title_takes_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "无标题.html"
    path.write_bytes(F.to_html(F.yongde()[1:]))
    forms, _ = read_forms(path)
    assert forms[0].data["title"] == "无标题"
    assert any("file name" in n for n in forms[0].notes)


# --- reading: encodings, errors ----------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ('<meta charset="gb2312">项目名称'.encode("gb18030"), "项目名称"),
        ("项目名称".encode("gb18030"), "项目名称"),  # no meta: UTF-8 fails, GB18030
        ("\ufeff项目名称".encode(), "项目名称"),
        ("项目名称".encode("utf-16"), "项目名称"),
    ],
)
def test_page_encodings(data: bytes, text: str) -> None:
    assert text in decode_html(data)


def test_gbk_page_reads(tmp_path: Path) -> None:
    path = tmp_path / "gbk.htm"
    path.write_bytes(F.to_html(F.yongde(), charset="gbk"))
    forms, problems = read_forms(path)
    assert problems == []
    assert len(forms[0].data["indicators"]) == 9


def test_unreadable_cell_is_named_and_the_row_not_guessed(tmp_path: Path) -> None:
    table = F.yongde()
    table[14] = [c(x) for x in ("质量指标", "营养改善计划覆盖率", "≧", "100", "%", "100%", "10",
                                "十分", "")]  # fmt: skip
    path = tmp_path / "bad.html"
    path.write_bytes(F.to_html(table))
    forms, problems = read_forms(path)
    assert [str(p).split(": ", 1)[1] for p in problems] == [
        "table 1, row 15, column 10: '营养改善计划覆盖率': 得分 must be a number; found '十分'"
    ]
    assert "营养改善计划覆盖率" not in [r["name"] for r in forms[0].data["indicators"]]
    done = run("review", str(path))
    assert done.returncode == 2
    assert "bad.html: table 1, row 15, column 10:" in done.stderr
    imported = run("import", str(path))
    assert imported.returncode == 2
    assert "# UNREAD (left out, not guessed):" in imported.stdout


@pytest.mark.parametrize(("suffix", "save"), [(".doc", ".docx"), (".xls", ".xlsx")])
def test_legacy_formats_say_to_save_as(tmp_path: Path, suffix: str, save: str) -> None:
    path = tmp_path / f"old{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    done = run("review", str(path))
    assert done.returncode == 2
    assert f"save it as {save}" in done.stderr
    assert "Traceback" not in done.stderr


def test_scanned_pdf_is_out_of_scope(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.rect(100, 100, 200, 200, fill=1)  # an image-like page: no text
    pdf.save()
    done = run("review", str(path))
    assert done.returncode == 2
    assert "no text layer (scanned images)" in done.stderr


def _pdfs(tmp_path: Path) -> dict[str, Path]:
    """A PDF with a password, one cut short, and a text file named .pdf."""
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    whole = io.BytesIO()
    writer.write(whole)
    writer.encrypt("secret", "owner")
    paths = {name: tmp_path / f"{name}.pdf" for name in ("encrypted", "cut", "renamed")}
    with paths["encrypted"].open("wb") as stream:
        writer.write(stream)
    paths["cut"].write_bytes(whole.getvalue()[: len(whole.getvalue()) // 2])
    paths["renamed"].write_bytes("实际完成值,得分\n".encode() * 10)
    empty = pypdf.PdfWriter()
    paths["empty"] = tmp_path / "empty.pdf"
    with paths["empty"].open("wb") as stream:
        empty.write(stream)
    # a page whose box is not numbers: pdfplumber fails only as it reads the page
    numbers = b"/MediaBox [ 0.0 0.0 200 200 ]"
    box = whole.getvalue().replace(numbers, b"/MediaBox [ 0 0 (a) /x ]".ljust(len(numbers)))
    assert box != whole.getvalue()  # (the same length: the offsets of the file still hold)
    paths["page"] = tmp_path / "page.pdf"
    paths["page"].write_bytes(box)
    return paths


@pytest.mark.parametrize(
    ("name", "en", "zh"),
    [
        ("encrypted", "the PDF is protected by a password", "该 PDF 设有密码保护"),
        ("cut", "the PDF is damaged or cut short", "该 PDF 已损坏或不完整"),
        ("renamed", "the file is not a PDF (it has no %PDF- header)", "该文件不是 PDF"),
        ("empty", "the PDF has no pages", "该 PDF 没有页面"),
        ("page", "the PDF is damaged or cut short", "该 PDF 已损坏或不完整"),
    ],
)
def test_a_pdf_that_cannot_be_read_says_why(tmp_path: Path, name: str, en: str, zh: str) -> None:
    """A password, a file cut short and another file renamed .pdf each get
    their own sentence, in the run's language, not pdfminer's bare words."""
    path = _pdfs(tmp_path)[name]
    for lang, sentence in (("en", en), ("zh", zh)):
        done = run("review", "--lang", lang, str(path))
        assert done.returncode == 2
        assert f"{name}.pdf: (file): {sentence}" in done.stderr
        assert "Traceback" not in done.stderr
        assert "MediaBox" not in done.stderr  # (pdfminer's own log lines are not printed)


def test_a_damaged_pdf_stops_only_its_own_review(tmp_path: Path) -> None:
    """One broken PDF in a folder is an error of that file; the others are
    still reviewed (a damaged page once ended the whole run in a traceback)."""
    folder = tmp_path / "pdfs"
    folder.mkdir()
    paths = _pdfs(folder)
    (folder / "good.html").write_bytes(F.to_html(F.yongde()))
    done = run("review", "--lang", "en", "--format", "csv", str(folder))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "good.html" in done.stdout
    assert sum(str(p) in done.stderr for p in paths.values()) == len(paths)


def test_a_pdf_header_is_looked_for_in_the_first_1024_bytes(tmp_path: Path) -> None:
    """PDF readers accept junk before the header if it starts in the first
    1,024 bytes; one starting at byte 1,020 is a PDF header."""
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    body = io.BytesIO()
    writer.write(body)
    path = tmp_path / "late.pdf"
    path.write_bytes(b"\n" * 1020 + body.getvalue())
    done = run("review", "--lang", "en", str(path))
    assert "not a PDF" not in done.stderr
    assert "no text layer" in done.stderr  # a blank page: read, and found to be empty


@pytest.mark.parametrize("suffix", [".docx", ".pdf", ".html", ".xlsx"])
def test_broken_files_are_errors_not_tracebacks(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"broken{suffix}"
    path.write_bytes(b"PK\x03\x04 not really" if suffix != ".html" else b"")
    done = run("review", str(path))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert f"broken{suffix}" in done.stderr


def test_huge_spans_and_deep_pages_are_bounded(tmp_path: Path) -> None:
    page = (
        '<table><tr><td rowspan="999999999" colspan="999999999">三级指标</td></tr></table>'
        + "<div>" * 5000
        + "x"
    )
    path = tmp_path / "hostile.html"
    path.write_text(page, encoding="utf-8")
    done = run("review", str(path))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


# --- hypothesis: cards written as forms come back ----------------------------------------

_KIND = st.sampled_from(
    [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("效益指标", "社会效益指标"),
     ("满意度指标", "服务对象满意度指标")]
)  # fmt: skip


@st.composite
def cards(draw: st.DrawFn) -> list[tuple[str, str, str, int, str, str, int]]:
    n = draw(st.integers(1, 6))
    out = []
    for i in range(n):
        level1, kind = draw(_KIND)
        target = draw(st.integers(1, 500))
        actual = draw(st.integers(0, 600))
        weight = draw(st.integers(1, 30))
        score = draw(st.integers(0, weight))
        out.append((level1, kind, f"指标{i}甲", weight, f"≥{target}个", f"{actual}个", score))
    return out


@settings(max_examples=15, deadline=None)
@given(cards(), st.booleans())
def test_generated_cards_come_back(tmp_path_factory: pytest.TempPathFactory,
                                   rows_: list[tuple[str, str, str, int, str, str, int]],
                                   points_first: bool) -> None:  # fmt: skip
    head = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
    if points_first:
        head = ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分"]
    table: F.Table = [[c("生成的项目支出绩效自评表", 1, 7)], [c(h) for h in head]]
    for level1, kind, name, weight, target, actual, score in rows_:
        values = {"一级指标": level1, "二级指标": kind, "三级指标": name, "分值": weight,
                  "年度指标值": target, "实际完成值": actual, "得分": score}  # fmt: skip
        table.append([c(values[h]) for h in head])
    folder = tmp_path_factory.mktemp("gen")
    for path, data in ((folder / "g.html", F.to_html(table)), (folder / "g.docx",
                       F.to_docx([table])), (folder / "g.xlsx", F.to_xlsx([table]))):  # fmt: skip
        path.write_bytes(data)
        forms, problems = read_forms(path)
        assert problems == []
        got = [
            (r["name"], r["kind"], r["weight"], r["target"], r["actual"], r["reported"])
            for r in forms[0].data["indicators"]
        ]
        assert got == [(n, k, w, t, a, s) for _, k, n, w, t, a, s in rows_]


# --- YAML output: hidden characters escaped ----------------------------------------------

_HIDDEN_CHARS = (
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\x80\x85\x9b\x9f\u200b\u2060\ufeff"
)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from([*_HIDDEN_CHARS, "a", "指", " ", ":", '"', "\\"])))
def test_card_yaml_escapes_bidi_and_c1(text: str) -> None:
    from perfeval.read.card_data import card_yaml, yaml_text

    data = {"title": text, "indicators": [{"name": text, "note": f"x{text}"}], text: 1}
    for written in (card_yaml(data), yaml_text(data)):
        assert not set(_HIDDEN_CHARS) & set(written), written
        assert yaml.safe_load(written) == data


def test_import_stdout_escapes_an_override(tmp_path: Path) -> None:
    table = F.yongde()
    table[2] = [c("项目名称", 1, 2), c("营养\u202e改善计划", 1, 9)]
    path = tmp_path / "rlo.html"
    path.write_bytes(F.to_html(table))
    done = run("import", str(path))
    assert done.returncode == 0, done.stderr
    assert "\u202e" not in done.stdout
    assert 'project: "营养\\u202e改善计划"' in done.stdout


def test_a_20_row_docx_reads_well_under_100_ms() -> None:
    from bench.forms import bench_forms

    assert bench_forms(repeat=5)[".docx"] < 100


# --- limits, at the limit and just past ---------------------------------------------------


def test_form_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import perfeval.read.forms as forms_module

    data = F.to_html(F.yongde())
    path = tmp_path / "form.html"
    path.write_bytes(data)
    monkeypatch.setattr(forms_module, "MAX_FORM_BYTES", len(data))
    assert read_forms(path)[0]
    monkeypatch.setattr(forms_module, "MAX_FORM_BYTES", len(data) - 1)
    with pytest.raises(perfeval.ScorecardError, match=f"limit is {len(data) - 1:,}"):
        read_forms(path)


def test_pdf_page_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import perfeval.read.forms as forms_module

    path = tmp_path / "two.pdf"
    path.write_bytes(F.to_pdf([F.yongde(), f3_sichuan()]))
    monkeypatch.setattr(forms_module, "MAX_PDF_PAGES", 2)
    assert len(read_forms(path)[0]) == 2  # one form a page
    monkeypatch.setattr(forms_module, "MAX_PDF_PAGES", 1)
    with pytest.raises(perfeval.ScorecardError, match="the PDF has 2 pages; the limit is 1"):
        read_forms(path)


def test_html_depth_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import perfeval.read.forms as forms_module

    page = F.to_html(F.yongde()).decode("utf-8")
    path = tmp_path / "deep.html"
    path.write_text(page.replace("<table", "<div>" * 20 + "<table"), encoding="utf-8")
    depth = 20 + 2  # the divs, body and html
    monkeypatch.setattr(forms_module, "MAX_HTML_DEPTH", depth)
    assert read_forms(path)[0]
    monkeypatch.setattr(forms_module, "MAX_HTML_DEPTH", depth - 1)
    with pytest.raises(perfeval.ScorecardError, match=f"nested {depth} elements deep"):
        read_forms(path)


def _stored_docx(table_xml: bytes, compression: int = 0) -> bytes:
    """A Word document holding ``table_xml``, its document.xml stored, not
    compressed (so no ratio check can see how much it holds)."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(F.to_docx([F.yongde()])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + table_xml, 1)
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        # 4,000 rows of one cell spanning 500 columns: 84 KB that took minutes
        # (each row rescanned every cell before it) and would make 800,000 cells.
        (
            "wide.html",
            b"<html><body><table>" + b"<tr><td colspan=500>x" * 4000 + b"</table></body></html>",
        ),
        # Six times a row of 200 cells spanning 500 rows each (and the 499
        # empty rows they fill): 32 KB for 600,000 cells.
        (
            "tall.html",
            b"<html><body><table>"
            + (b"<tr>" + b"<td rowspan=500>x" * 200 + b"<tr>" * 499) * 6
            + b"</table></body></html>",
        ),
        # Word: rows of one gridSpan=500 cell, in a 1 MB stored document.xml.
        (
            "wide.docx",
            _stored_docx(
                b"<w:tbl>"
                + b'<w:tr><w:tc><w:tcPr><w:gridSpan w:val="500"/></w:tcPr><w:p/></w:tc></w:tr>'
                * 12_000
                + b"</w:tbl>"
            ),
        ),
    ],
)  # fmt: skip
def test_merged_cells_bounded_over_the_whole_file(tmp_path: Path, name: str, data: bytes) -> None:
    """A small file of wide merged cells is refused by the count of grid
    positions it would fill, across all its tables, before they are made."""
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(perfeval.ScorecardError, match="cover more than 500,000 cells") as caught:
        read_forms(path)
    assert caught.value.problems[0].location.file == str(path)


def test_a_word_body_too_large_to_parse_is_refused_from_the_directory(tmp_path: Path) -> None:
    """python-docx builds the whole XML tree (~10 bytes of memory a byte):
    a body over 20 MiB, of figures that compress too little for the ratio
    check to see it, is refused before it is parsed."""
    import random
    import zipfile

    rng = random.Random(7)
    body = b"".join(
        b"<w:p><w:r><w:t>%d</w:t></w:r></w:p>" % rng.getrandbits(64) for _ in range(400_000)
    )
    path = _write(tmp_path, "big.docx", _stored_docx(body, zipfile.ZIP_DEFLATED))
    assert path.stat().st_size < 20 * 1024 * 1024
    with pytest.raises(perfeval.ScorecardError, match=r"text unpacks to 2[0-9],") as caught:
        read_forms(path)
    assert "the limit is 20,971,520" in str(caught.value)


def test_a_pdf_whose_streams_unpack_too_far_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """pdfminer unpacks a stream whole: 1 MB of compressed spaces took 2 GB
    and was then called scanned. Two streams of 130 MiB each pass the limit
    together; counting them keeps a MiB in memory at a time."""
    import zlib

    def stream(size: int) -> bytes:
        pack = zlib.compressobj(9)
        chunk = b" " * (1 << 20)
        packed = b"".join(pack.compress(chunk) for _ in range(size >> 20)) + pack.flush()
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\r\n%b\nendstream\n" % (
            len(packed),
            packed,
        )

    pdf = b"%PDF-1.4\n1 0 obj\n" + stream(130 << 20) + b"endobj\n2 0 obj\n" + stream(130 << 20)
    path = _write(tmp_path, "bomb.pdf", pdf + b"endobj\n%%EOF\n")
    assert path.stat().st_size < 1 << 20
    with pytest.raises(perfeval.ScorecardError, match="unpack to more than 268,435,456 bytes"):
        read_forms(path)
    one = _write(tmp_path, "one.pdf", b"%PDF-1.4\n1 0 obj\n" + stream(130 << 20) + b"endobj\n")
    with pytest.raises(perfeval.ScorecardError) as caught:
        read_forms(one)  # within the limit: pdfminer reads it, and finds it broken
    assert "unpack to more than" not in str(caught.value)


def test_cells_budget_is_shared_by_the_tables_of_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each table alone fits; together they do not. The budget counts what
    the grid holds: padding of a short row included."""
    import perfeval.read.forms as forms_module

    table = F.to_html(F.yongde())
    ((_name, grid),) = forms_module._html("one.html", table)
    one = sum(len(row) for row in grid)
    monkeypatch.setattr(forms_module, "MAX_FORM_CELLS", one + 10)
    read_forms(_write(tmp_path, "again.html", table))  # one table fits
    two = table.replace(b"</body>", table[table.index(b"<table") :], 1)
    with pytest.raises(perfeval.ScorecardError, match="cover more than"):
        read_forms(_write(tmp_path, "two.html", two))
    budget = forms_module._Cells("t")
    grid = forms_module._fill([[("a", 2, 1), ("b", 1, 3)], [("c", 1, 1)]], budget)
    assert [[cell.value for cell in row] for row in grid] == [["a", "b", "b", "b"], ["a", "c"]]
    assert budget.left == one + 10 - 6  # a over 2 rows, b over 3 columns, c


def test_a_short_row_under_a_wide_one_counts_its_padding(monkeypatch: pytest.MonkeyPatch) -> None:
    import perfeval.read.forms as forms_module

    budget = forms_module._Cells("t")
    grid = forms_module._fill([[("a", 1, 1), ("b", 2, 1)], [], [("c", 1, 1)]], budget)
    assert [[cell.value for cell in row] for row in grid] == [["a", "b"], [None, "b"], ["c"]]
    assert budget.left == forms_module.MAX_FORM_CELLS - 5  # a, b twice, c, and one padding


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_span_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import perfeval.read.forms as forms_module

    monkeypatch.setattr(forms_module, "MAX_SPAN", 3)
    grid = forms_module._fill(
        [[("a", 1, 3), ("b", 1, 1)], [("c", 1, 4), ("d", 1, 1)]], forms_module._Cells("t.html")
    )
    assert [cell.value for cell in grid[0]] == ["a", "a", "a", "b"]
    assert [cell.value for cell in grid[1]] == ["c", "c", "c", "d"]  # 4 cut to 3


def test_header_block_in_a_table_of_its_own(tmp_path: Path) -> None:
    table = F.yongde()
    head, body = table[:11], table[11:]
    path = tmp_path / "two-tables.docx"
    path.write_bytes(F.to_docx([head, body]))
    forms, problems = read_forms(path)
    assert problems == []
    assert forms[0].data["title"] == "2022年度项目支出绩效自评表"
    assert forms[0].data["budget"]["reported"] == 10
    assert len(forms[0].data["indicators"]) == 9


def qingshen_unfilled() -> F.Table:
    """青神 2023 (F3, Sichuan), published unfilled: 完成值 and 得分 empty, the
    template's printed instructions left in, 合计 with the weights only."""
    rule = ("1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因(100字以内);"
            "2.年中发生预算调整的(追加或调减),应单独说明理由")  # fmt: skip
    return [
        [c("报表编号:510000_0013zp", 1, 11)],
        [c("部门预算项目支出绩效自评表(2023年度)", 1, 11)],
        [c("项目名称"), c("51000021R000000019951-工资性支出", 1, 10)],
        [c("主管部门"), c("〔主管部门〕", 1, 4), c("实施单位 (盖章)"), c("〔实施单位〕", 1, 5)],
        [c("预算执行情况(10分)", 6), c("年度预算数(万元)"), c("年初预算"), c("调整后预算数"),
         c("预算执行数"), c("预算执行率"), c("权重"), c("得分"), c("原因", 1, 3)],
        [c("总额"), c("238.93"), c("251.89"), c("251.89"), c("100.00%"), c("10"), c(""),
         c(rule, 5, 3)],
        [c("其中:财政资金"), c("238.93"), c("251.89"), c("251.89"), c("100.00%"), c("/"), c("/")],
        [c("财政专户管理资金"), c("0.00"), c("0.00"), c("0.00"), c("0.00%"), c("/"), c("/")],
        [c("单位资金"), c("0.00"), c("0.00"), c("0.00"), c("0.00%"), c("/"), c("/")],
        [c("其他资金"), c(""), c(""), c(""), c(""), c("/"), c("/")],
        [c("绩效指标(90分)", 3), c("一级指标"), c("二级指标"), c("三级指标"), c("指标性质"),
         c("指标值"), c("度量单位"), c("完成值"), c("权重"), c("得分"), c("未完成原因分析")],
        [c("产出指标"), c("数量指标"), c("发放(缴纳)覆盖率"), c("="), c("100"), c("%"), c(""),
         c("60"), c(""), c("")],
        [c("效益指标"), c("社会效益指标"), c("足额保障率(参保率)"), c("="), c("100"), c("%"),
         c(""), c("30"), c(""), c("")],
        [c("合计", 1, 8), c("100"), c(""), c("")],
        [c("评价结论"), c("结合自评情况,说明项目自评总分。(200字以内)", 1, 10)],
        [c("项目负责人:", 1, 5), c("财务负责人:", 1, 6)],
    ]  # fmt: skip


def test_an_unfilled_form_is_named_not_scored_zero(tmp_path: Path) -> None:
    path = tmp_path / "qingshen.html"
    path.write_bytes(F.to_html(qingshen_unfilled()))
    forms, problems = read_forms(path)
    messages = [str(p).split(": ", 1)[1] for p in problems]
    assert messages == [
        "table 1, row 12, column 8: '发放(缴纳)覆盖率': no 实际完成值",
        "table 1, row 13, column 8: '足额保障率(参保率)': no 实际完成值",
    ]
    budget = forms[0].data["budget"]
    assert budget["adjusted"] == "251.89万元"
    assert "note" not in budget  # the printed instruction is not a reason
    assert "reported" not in budget
    assert forms[0].data["entity"]["project"] == "51000021R000000019951-工资性支出"
    assert forms[0].data["title"] == "部门预算项目支出绩效自评表(2023年度)"


@pytest.mark.parametrize("writer", ["docx", "html"])
def test_title_and_unit_above_the_table(tmp_path: Path, writer: str) -> None:
    table = F.yongde()[1:]  # the title is a paragraph above the table, as Word and pages print it
    title = "2022年度项目支出绩效自评表"
    if writer == "html":
        page = (
            F.to_html(table)
            .decode("utf-8")
            .replace("<p>附件</p>", f"<p>附件</p><h2>{title}</h2><p>单位：元</p>")
        )
        path = tmp_path / "titled.html"
        path.write_text(page, encoding="utf-8")
    else:
        import docx

        document = docx.Document(io.BytesIO(F.to_docx([table])))
        body = document.element.body
        first = document.paragraphs[0] if document.paragraphs else None
        heading = document.add_paragraph(title)
        body.remove(heading._p)
        body.insert(0, heading._p)
        del first
        path = tmp_path / "titled.docx"
        document.save(str(path))
    forms, problems = read_forms(path)
    assert problems == []
    assert forms[0].data["title"] == title
    assert forms[0].notes == ()


def test_xlsx_formulas_read_as_the_values_shown(tmp_path: Path) -> None:
    """A unit's workbook computes 得分 and 总分 by formulas; Excel saves each
    formula's value beside it, and the form shows the value."""
    import zipfile

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(F.to_xlsx([F.yongde()])))
    sheet = book.active
    sheet["J15"] = "=I15*1"  # 得分 of 营养改善计划覆盖率, a formula
    buffer = io.BytesIO()
    book.save(buffer)
    # openpyxl writes no cached value: add Excel's <v>10</v> to the formula cell
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>I15*1</f><v></v>", b"<f>I15*1</f><v>10</v>").replace(
                    b"<f>I15*1</f>", b"<f>I15*1</f><v>10</v>"
                )
            target.writestr(item, data)
    path = tmp_path / "formulas.xlsx"
    path.write_bytes(out.getvalue())
    forms, problems = read_forms(path)
    assert problems == []
    row = forms[0].data["indicators"][1]
    assert (row["name"], row["reported"]) == ("营养改善计划覆盖率", 10)


def test_points_and_amounts_written_with_their_units(tmp_path: Path) -> None:
    table = f2_xiaoxian()
    table[6] = [c("11.4万元"), c("11.4万元"), c("10分"), c("100%"), c("10分", 1, 2)]
    table[8][3:4] = [c("20分")]
    path = tmp_path / "units.html"
    path.write_bytes(F.to_html(table))
    forms, problems = read_forms(path)
    assert problems == []
    card = forms[0].data
    assert card["budget"]["adjusted"] == "11.4万元"
    assert card["budget"]["reported"] == 10
    assert card["indicators"][0]["weight"] == 20


def test_a_folder_names_its_legacy_files(tmp_path: Path) -> None:
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "~$lock.docx").write_bytes(b"lock")
    (tmp_path / "form.html").write_bytes(F.to_html(F.yongde()))
    done = run("review", str(tmp_path), "--format", "csv")
    assert done.returncode == 2
    assert "old.doc: (file): .doc is the old binary format" in done.stderr
    assert "lock" not in done.stderr
    assert "form.html (table 1)" in done.stdout


def test_zh_review_and_import_of_forms_print_no_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--lang zh: unread cells, a legacy .doc, a scan, a file with no form,
    notes and the reading map are all Chinese; only what the form holds and
    perfeval's own words (file names, suffixes, keys) stay as written."""
    from reportlab.pdfgen import canvas

    from tests.test_i18n import _allowed, _english, _run

    monkeypatch.chdir(tmp_path)
    table = F.yongde()
    table[14] = [c(x) for x in ("质量指标", "营养改善计划覆盖率", "≧", "100", "%", "100%", "10",
                                "十分", "")]  # fmt: skip
    untitled = F.yongde()[1:]  # no title: a note says the title came from the file name
    (tmp_path / "坏.html").write_bytes(F.to_html(table))
    (tmp_path / "无题.html").write_bytes(F.to_html(untitled))
    (tmp_path / "旧.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    (tmp_path / "空.html").write_bytes("<table><tr><td>说明</td></tr></table>".encode())
    pdf = canvas.Canvas(str(tmp_path / "扫描.pdf"))
    pdf.rect(100, 100, 200, 200, fill=1)
    pdf.save()
    allowed = _allowed() | {"pip", "install", "docx", "pdf", "PDF", "doc", "html", "Word",
                            "import", "perfeval-review", "department"}  # fmt: skip
    said = []
    for argv in (
        ["review", "--lang", "zh", "--explain-reading", "."],
        ["review", "--lang", "zh", "--jobs", "2", "."],
        *(["import", "--lang", "zh", "--explain-reading", name]
          for name in ("坏.html", "无题.html", "旧.doc", "扫描.pdf", "空.html")),
    ):  # fmt: skip
        code, out, err = _run(argv)
        assert code == (0 if argv[-1] == "无题.html" else 2), argv
        said += [f"{' '.join(argv)}: {line}" for line in _english(out + err, allowed)]
    assert said == [], "\n".join(said)
    _code, out, err = _run(["review", "--lang", "zh", "--explain-reading", "."])
    assert "坏.html: 表 1，第 15 行第 10 列: '营养改善计划覆盖率'：得分必须是数字" in err
    assert "旧.doc: (file): .doc 是旧版二进制格式" in err
    assert "扫描.pdf: (file): PDF 没有文字层（扫描图像）" in err
    assert "无题.html: 表 1: 实际完成值 ← 第 8 列（实际完成值）" in err
    assert "perfeval：提示：无题.html：表 1：表格没有标题行" in err
    _code, out, _err = _run(["import", "--lang", "zh", "坏.html"])
    assert "# 未读取（已略去，未猜测）：坏.html: 表 1，第 15 行第 10 列:" in out


# --- layouts the survey found that give no points or no kinds ----------------------------


@pytest.mark.parametrize(
    ("table", "where"),
    [(F.hubei(), "table 1"), (F.anju("50"), "table 1"), (F.anju("分值(50)"), "table 1")],
    ids=["hubei-no-points", "transfer-payment-50", "transfer-payment-points-50"],
)
def test_a_form_without_points_says_so(tmp_path: Path, table: F.Table, where: str) -> None:
    """Hubei's 绩效目标自评表 and the transfer-payment form publish no points
    per row: review says the form publishes no points, not "no 自评表"."""
    path = tmp_path / "form.html"
    path.write_bytes(F.to_html(table))
    forms, problems = read_forms(path)
    assert forms == []
    (problem,) = problems
    assert f"the form publishes no points: {where} has 三级指标 and targets" in str(problem)
    done = run("review", "--lang", "zh", str(path))
    assert done.returncode == 2
    assert "该表未公布分值：表 1 有三级指标和指标值" in done.stderr


def test_points_headed_with_the_total_are_still_points(tmp_path: Path) -> None:
    """分值(50) beside a 得分 column is the points column (the total in a note)."""
    table = F.anju("得分")
    table[2].insert(5, c("分值(50)"))
    for row in table[3:]:
        row.insert(len(row) - 1, c("25"))
    path = tmp_path / "form.html"
    path.write_bytes(F.to_html(table))
    forms, problems = read_forms(path)
    assert problems == []
    assert [r["weight"] for r in forms[0].data["indicators"]] == [25, 25]
    assert forms[0].columns["weight"] == (6, "分值(50)")


def test_a_department_form_without_kinds_names_each_row(tmp_path: Path) -> None:
    """Chongqing's 部门整体 form has no 一级/二级 columns: its columns are read
    (全年完成值, 指标权重, 指标得分), and each row is named unread (no kind to
    score it by), never guessed."""
    path = tmp_path / "dept.docx"
    path.write_bytes(F.to_docx([F.chongqing()]))
    forms, problems = read_forms(path)
    assert {k: v[1] for k, v in forms[0].columns.items()} == {
        "name": "指标名称", "unit": "计量单位", "nature": "指标性质", "target": "年初指标值",
        "actual": "全年完成值", "weight": "指标权重(分)", "score": "指标得分(分)",
    }  # fmt: skip
    assert [str(p).split(": ", 2)[2] for p in problems] == [
        "'预算完成率': no 二级指标 (the kind) is given",
        "'组织宣传活动次数': no 二级指标 (the kind) is given",
    ]


def test_a_form_with_an_empty_actual_reviews_with_the_departure(tmp_path: Path) -> None:
    """A published form whose 实际完成值 cell is empty (政策知晓率, scored 9 on the
    form) is reviewed in every format: the row departs (actual-missing, 0 points)
    instead of being left unread."""
    table = [[(("" if t == "98%" else t), d, a) for t, d, a in row] for row in F.yongde()]
    for path in F.write_all(tmp_path, "empty", table):
        forms, problems = read_forms(path)
        assert problems == [], path.suffix
        result = review_form(forms[0])
        row = next(r for r in result.indicators if r.indicator.name == "政策知晓率")
        assert (row.indicator.reported, row.score) == (Decimal(9), Decimal("0.00")), path.suffix
        found = {(f.code, f.indicator) for f in result.findings}
        assert ("actual-missing", row.id) in found, path.suffix
        assert ("reported-mismatch", row.id) in found, path.suffix


def test_a_form_with_an_actual_in_another_unit_reviews_with_the_departure(tmp_path: Path) -> None:
    """A published form whose 实际完成值 counts in another unit than the target
    (735户 against ≧735人次) was refused whole; in every format it is reviewed,
    the row departing (actual-unit-mismatch, 0 points), the rest scored."""
    table = [
        [("735户" if i == 6 and t == "735" else t, d, a) for i, (t, d, a) in enumerate(row)]
        for row in F.yongde()
    ]
    for path in F.write_all(tmp_path, "unit", table):
        forms, problems = read_forms(path)
        assert problems == [], path.suffix
        result = review_form(forms[0])
        row = next(r for r in result.indicators if r.indicator.name == "学生受资助人数")
        assert (row.indicator.actual_text, row.score) == ("735户", Decimal("0.00")), path.suffix
        found = {(f.code, f.indicator) for f in result.findings}
        assert ("actual-unit-mismatch", row.id) in found, path.suffix
        assert ("reported-mismatch", row.id) in found, path.suffix
        others = [r for r in result.indicators if r.id != row.id]
        assert all(r.score is not None for r in others), path.suffix


@pytest.mark.parametrize(
    ("unit", "actual", "score"),
    [
        ("次/季度", "1", "10.00"),  # the unit column is the actual's too: 1次/季度
        ("次/季度", "3次", "7.50"),  # a year's count: 3 of 4
        ("次/年", "3", "7.50"),
        ("次/月", "12次", "10.00"),
        ("次/月", "10次", "8.33"),
    ],
)
def test_a_forms_unit_column_may_count_per_period(
    tmp_path: Path, unit: str, actual: str, score: str
) -> None:
    """A 度量单位 of 次/季度 makes the row's target a frequency, scored against the
    year's count: ≧1 次/季度 is ≥4次, so 3次 (a year's count) scores 3/4; a bare
    actual is in the unit column's unit, as the form prints it (1 is 1次/季度)."""
    rows = {"学生受资助人数": ("≧", "1" if unit != "次/年" else "4", unit, actual)}

    def cells(row: list[tuple[str, object, object]]) -> list[tuple[str, object, object]]:
        if not any(t in rows for t, _, _ in row):
            return row
        op, value, written, done = rows["学生受资助人数"]
        new = {3: op, 4: value, 5: written, 6: done}
        return [(new.get(i, t), d, a) for i, (t, d, a) in enumerate(row)]

    table = [cells(row) for row in F.yongde()]
    for path in F.write_all(tmp_path, "period", table)[:2]:  # .html and .docx
        forms, problems = read_forms(path)
        assert problems == [], path.suffix
        result = review_form(forms[0])
        row = next(r for r in result.indicators if r.indicator.name == "学生受资助人数")
        assert row.score == Decimal(score), path.suffix


@pytest.mark.parametrize(("actual", "score"), [("——", "9"), ("\uff0f", "9"), ("—", "不适用")])
def test_blank_and_not_applicable_cells_of_a_published_form(
    tmp_path: Path, actual: str, score: str
) -> None:
    """'——' in 实际完成值 with a 得分 is a departure scored 0; 不适用 in 得分 is a
    row that does not apply (the probe found both refusing the whole form)."""

    def cell(text: str) -> str:
        return {"98%": actual, "9": score}.get(text, text)

    table = [
        [(cell(t) if i in (5, 7) else t, d, a) for i, (t, d, a) in enumerate(row)]
        if any(t == "政策知晓率" for t, _, _ in row) else row
        for row in F.yongde()
    ]  # fmt: skip
    for path in F.write_all(tmp_path, "blank", table)[:2]:  # .html and .docx
        forms, problems = read_forms(path)
        assert problems == [], path.suffix
        result = review_form(forms[0])
        row = next(r for r in result.indicators if r.indicator.name == "政策知晓率")
        found = {(f.code, f.indicator) for f in result.findings}
        if score == "不适用":
            assert not row.applicable, path.suffix
        else:
            assert row.score == 0, path.suffix
            assert ("actual-missing", row.id) in found, path.suffix


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("14.5", Decimal("14.5")),
        ("\uff11\uff14\uff0e\uff15", Decimal("14.5")),  # full-width digits and point
        ("\uff11\uff10\uff0e\uff10分", Decimal("10.0")),
        ("\uff11\uff0c\uff10\uff16\uff11\uff0e\uff11\uff15", Decimal("1061.15")),
        ("14\u200b", Decimal(14)),  # a zero-width space a web page left in
        ("\ufeff14", Decimal(14)),  # a byte-order mark inside a cell
        ("\u200e9.5\u200f", Decimal("9.5")),  # direction marks
        ("\uff11\uff15", Decimal(15)),
        ("十五", None),
        ("1 4", None),
        ("", None),
    ],
)
def test_points_as_pages_write_them(text: str, number: Decimal | None) -> None:
    from perfeval.read.grid import points

    assert points(text) == number


def test_word_rows_in_a_repeating_section_are_read(tmp_path: Path) -> None:
    """Word's repeating section control wraps table rows in w:sdt: the rows
    in it are the form's rows, in their place (they were dropped)."""
    import re
    import zipfile

    plain = F.to_docx([F.yongde()])
    source = zipfile.ZipFile(io.BytesIO(plain))
    body = source.read("word/document.xml")
    rows = re.findall(rb"<w:tr[ >].*?</w:tr>", body, flags=re.DOTALL)
    wrapped = (
        b"<w:sdt><w:sdtPr/><w:sdtContent>" + b"".join(rows[13:16]) + b"</w:sdtContent></w:sdt>"
    )
    body = body.replace(b"".join(rows[13:16]), wrapped, 1)
    assert wrapped in body
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            archive.writestr(name, body if name == "word/document.xml" else source.read(name))
    forms, problems = read_forms(_write(tmp_path, "sdt.docx", out.getvalue()))
    expected, _ = read_forms(_write(tmp_path, "plain.docx", plain))
    assert problems == []
    assert forms[0].data["indicators"] == expected[0].data["indicators"]
    assert len(forms[0].data["indicators"]) == 9


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (19.047619047619047, "0.00", Decimal("19.05")),
        (19.047619047619047, "#,##0.00", Decimal("19.05")),
        (19.047619047619047, '0.00"分"', Decimal("19.05")),
        (19.047619047619047, "0.00_);[Red]\\(0.00\\)", Decimal("19.05")),
        (19.047619047619047, "0", Decimal(19)),
        (2.675, "0.00", Decimal("2.68")),  # Excel's half-up, on the shortest repr
        (9.5, "0.0", Decimal("9.5")),
        (19.047619047619047, "General", 19.047619047619047),
        (0.97, "0.00%", 0.97),  # written_text makes it 97%
        (10, "0.00", 10),  # an int is as typed
        (1e30, "0.00", 1e30),  # beyond 15 digits: left to cell_number to refuse
        ("19.047", "0.00", "19.047"),  # text is as written
    ],
)
def test_a_workbook_number_is_read_as_its_format_shows_it(
    value: object, number_format: str, shown: object
) -> None:
    from perfeval.read.forms import _as_shown
    from perfeval.read.grid import GridCell

    read = _as_shown(GridCell(value, "H20", number_format=number_format)).value
    assert read == shown
    assert type(read) is type(shown)


def test_a_formula_score_at_its_shown_precision_agrees(tmp_path: Path) -> None:
    """A published workbook whose 得分 is a formula (19.047619…) formatted
    0.00 agrees with a review score of 19.05: no 'reported 0.00 higher'."""
    import openpyxl

    path = _write(tmp_path, "form.xlsx", F.to_xlsx([F.yongde()]))
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    target = next(
        cell for row in sheet.iter_rows() for cell in row if cell.value in ("7", 7)
    )  # 资金到位及时率's published score
    target.value = 7.0000000000000009
    target.number_format = "0.00"
    book.save(path)
    forms, problems = read_forms(path)
    assert problems == []
    reported = [row.get("reported") for row in forms[0].data["indicators"]]
    assert Decimal("7.00") in reported
    assert all(not isinstance(r, float) for r in reported)


def test_a_blank_level2_under_a_new_level1_does_not_inherit_the_one_above(tmp_path: Path) -> None:
    """The 满意度 row's 二级 cell left blank was counted under the 二级 above
    it (社会效益指标), moving its points into 效益. Under 满意度指标, whose
    only 二级 is 服务对象满意度指标, it is that; under another 一级 a blank
    二级 is said, not guessed."""
    table = f2_xiaoxian()
    table[14][1] = c("")
    forms, problems = read_forms(_write(tmp_path, "blank.html", F.to_html(table)))
    assert problems == []
    standard, _ = read_forms(_write(tmp_path, "standard.html", F.to_html(f2_xiaoxian())))
    assert forms[0].data["indicators"] == standard[0].data["indicators"]

    table = f2_xiaoxian()
    table[12][1] = c("")  # the first 效益 row: 二级 blank, the row above is 时效指标
    forms, problems = read_forms(_write(tmp_path, "benefit.html", F.to_html(table)))
    assert [(p.path, p.message) for p in problems] == [
        (("table 1, row 13, column 2",), "'增加脱贫户家庭收入': no 二级指标 (the kind) is given")
    ]
    kinds = {row["name"]: row["kind"] for row in forms[0].data["indicators"]}
    assert "增加脱贫户家庭收入" not in kinds  # not counted as 时效指标


@pytest.mark.parametrize(
    "label",
    ["总分", "合计", "总分合计", "得分合计", "自评得分合计", "自评总分", "总得分", "综合得分"],
)
@pytest.mark.parametrize(
    ("points_cell", "score_cell"),
    [
        ("100", "99"),
        ("100分", "99分"),
        ("", "99"),
        ("100", "99.0"),
        ("\uff11\uff10\uff10", "\uff19\uff19"),
    ],
)
def test_the_published_total_in_its_variants(
    tmp_path: Path, label: str, points_cell: str, score_cell: str
) -> None:
    """The total is read from the 得分 column, whatever the label, units or a
    blank 分值 cell (a blank one hid the total, 100分 | 99分 too, and
    综合得分 was read as an indicator)."""
    table = f2_xiaoxian()
    table[15] = [c(label, 1, 3), c(points_cell), c(""), c(""), c(score_cell), c("")]
    forms, problems = read_forms(_write(tmp_path, "total.html", F.to_html(table)))
    assert problems == []
    assert forms[0].data["reported"] == {"total": Decimal(99)}


def test_a_total_row_without_a_score_gives_no_total(tmp_path: Path) -> None:
    table = f2_xiaoxian()
    table[15] = [c("总分", 1, 3), c("100"), c(""), c(""), c(""), c("")]
    forms, problems = read_forms(_write(tmp_path, "total.html", F.to_html(table)))
    assert problems == []
    assert "reported" not in forms[0].data


@pytest.mark.parametrize(
    ("cell", "reported"),
    [
        ("总分：99分", {"total": Decimal(99)}),
        ("总分:99", {"total": Decimal(99)}),
        ("总分：\uff19\uff19\uff0e\uff15分", {"total": Decimal("99.5")}),  # full-width
        ("自评总分：99分（优）", {"total": Decimal(99), "grade": "优"}),
        ("总分：99分，等级：优秀", {"total": Decimal(99), "grade": "优秀"}),
        ("综合得分 99 分 良", {"total": Decimal(99), "grade": "良"}),
        ("合计：99分（不合格）", {"total": Decimal(99), "grade": "不合格"}),
    ],
)
def test_a_total_written_in_one_cell(tmp_path: Path, cell: str, reported: dict) -> None:
    """``总分：95.5分`` in one cell across the row was read as an indicator
    whose 分值 was no number, and the document was refused."""
    table = f2_xiaoxian()
    table[15] = [c(cell, 1, 8)]
    forms, problems = read_forms(_write(tmp_path, "total.html", F.to_html(table)))
    assert problems == []
    assert forms[0].data["reported"] == reported
    assert len(forms[0].data["indicators"]) == 6


def test_a_table_without_actuals_is_not_reviewed(tmp_path: Path) -> None:
    """A table with targets, points and scores but no 实际完成值 column was
    reviewed as if every row had left its actual blank (each scored 0)."""
    table = f2_xiaoxian()
    for row in table[7:15]:
        texts = [cell[0] for cell in row]
        at = texts.index("全年实际值") if "全年实际值" in texts else len(row) - 3
        del row[at]
    table[15] = [c("总分", 1, 3), c("100"), c(""), c("99"), c("")]
    path = _write(tmp_path, "targets.html", F.to_html(table))
    forms, problems = read_forms(path)
    assert forms == []
    assert [(p.path, p.message) for p in problems] == [
        (
            ("table 1, row 8, column 3",),
            "the indicator table has no 实际完成值 column (nor 全年实际值, 完成值, "
            "实际完成情况 …), so no row can be re-scored: a table of targets only (绩效目标表) "
            "is not a self-evaluation",
        )
    ]
    done = run("review", str(path), "--lang", "zh")
    assert done.returncode == 2
    assert "指标表没有实际完成值列" in done.stderr


def _shared(weight_down: int, score_down: int) -> F.Table:
    """f2 with 项目完成时间's 分值 and 得分 cells merged down over the next
    indicator (增加脱贫户家庭收入) as asked."""
    table = f2_xiaoxian()
    table[11] = [c("时效指标"), c("项目完成时间"), c("15", weight_down), c("2023年12月31日"),
                 c("2023年12月31日"), c("15", score_down), c("")]  # fmt: skip
    below = [c("效益指标\n（30分）", 2), c("经济效益指标"), c("★增加脱贫户家庭收入")]
    below += [] if weight_down > 1 else [c("15")]
    below += [c("≥11.376万元"), c("11.376万元")]
    below += [] if score_down > 1 else [c("15")]
    table[12] = [*below, c("")]
    return table


@pytest.mark.parametrize("writer", ["docx", "html", "xlsx"])
@pytest.mark.parametrize(
    ("weight_down", "score_down", "label", "column"),
    [(2, 1, "分值", 4), (1, 2, "得分", 7), (2, 2, "分值", 4)],
)
def test_one_points_cell_over_two_indicators_is_named(
    tmp_path: Path, writer: str, weight_down: int, score_down: int, label: str, column: int
) -> None:
    """A 分值 (or 得分) cell merged over two indicators was read as the full
    figure in each row, counting it twice; how the form splits it is not
    written, so the row is named, not guessed."""
    table = _shared(weight_down, score_down)
    data = {"docx": F.to_docx([table]), "html": F.to_html(table), "xlsx": F.to_xlsx([table])}
    forms, problems = read_forms(_write(tmp_path, f"shared.{writer}", data[writer]))
    where = f"table 1, row 13, column {column}"
    if writer == "xlsx":
        where = f"sheet 自评表1, {'ABCDEFG'[column - 1]}13"
    assert len(problems) == 1
    assert ", ".join(problems[0].path) == where
    assert problems[0].message == (
        f"'增加脱贫户家庭收入': its {label} is one cell merged with the row above "
        f"('项目完成时间'), 15; the form does not say how it splits between the two "
        f"indicators: give each row its own {label} (perfeval import, then correct the card)"
    )
    assert "增加脱贫户家庭收入" not in [r["name"] for r in forms[0].data["indicators"]]


def test_one_indicator_on_two_lines_is_one_row(tmp_path: Path) -> None:
    """Its 三级指标, 分值 and 得分 merged over two lines (a second line of
    targets): one indicator, counted once, as a sub-row is."""
    table = f2_xiaoxian()
    table[8][2:4] = [c("★补助各类瓜果蔬菜种植面积", 2), c("20", 2)]
    table[8][6] = c("20", 2)
    table[9] = [c("1.5亩"), c("1.5亩"), c("")]
    forms, problems = read_forms(_write(tmp_path, "two-lines.html", F.to_html(table)))
    assert problems == []
    standard, _ = read_forms(_write(tmp_path, "standard.html", F.to_html(f2_xiaoxian())))
    assert forms[0].data["indicators"] == standard[0].data["indicators"]


def _split_html(parts: list[F.Table], between: str = "") -> bytes:
    """One page holding ``parts`` as tables one after the other, ``between``
    written between them."""
    pages = [F.to_html(part).decode() for part in parts]
    tables = [page[page.index("<table") : page.index("</table>") + 8] for page in pages]
    return pages[0].replace(tables[0], f"<p>{between}</p>".join(tables)).encode()


@pytest.mark.parametrize("writer", ["docx", "html"])
def test_a_form_split_into_two_tables_is_one_form(tmp_path: Path, writer: str) -> None:
    """A form whose table is split in two (a paragraph or page break in the
    Word document, or its page) lost the second part: its 效益 and 满意度
    rows and the total."""
    whole = f2_xiaoxian()
    parts = [whole[:12], whole[12:]]
    data = F.to_docx(parts) if writer == "docx" else _split_html(parts, "续表")
    forms, problems = read_forms(_write(tmp_path, f"split.{writer}", data))
    assert problems == []
    standard, _ = read_forms(_write(tmp_path, "whole.html", F.to_html(whole)))
    assert len(forms) == 1
    assert forms[0].data["indicators"] == standard[0].data["indicators"]
    assert forms[0].data["reported"] == {"total": Decimal(99)}


@pytest.mark.parametrize(
    ("between", "joined"),
    [
        ("", True),
        ("续表", True),
        ("（续表）", True),
        ("续表1：", True),
        ("说明：以下为附表", False),
    ],
)
def test_only_a_continuation_mark_may_stand_between_the_parts(
    tmp_path: Path, between: str, joined: bool
) -> None:
    whole = f2_xiaoxian()
    data = _split_html([whole[:12], whole[12:]], between)
    forms, _ = read_forms(_write(tmp_path, "split.html", data))
    assert (len(forms[0].data["indicators"]) == 6) is joined


def test_a_table_after_a_finished_form_is_not_joined_to_it(tmp_path: Path) -> None:
    """A form ended by its total row is whole: a table after it of the
    same width (signatures, another form's rows) is not read into it, nor
    is a table of another width after an unfinished form."""
    whole = f2_xiaoxian()
    extra = [
        [c("其他需要说明事项", 1, 2), c("无", 1, 6)],
        [c("单位负责人", 1, 4), c("财务负责人", 1, 4)],
    ]
    forms, problems = read_forms(_write(tmp_path, "after.html", _split_html([whole, extra])))
    assert problems == []
    assert [len(f.data["indicators"]) for f in forms] == [6]
    narrow = [[c(cell[0]) for cell in row[:3]] for row in whole[12:]]
    forms, _ = read_forms(_write(tmp_path, "narrow.html", _split_html([whole[:12], narrow])))
    assert len(forms[0].data["indicators"]) == 3  # the first part only


def _long_form(n: int = 40) -> F.Table:
    """A 自评表 too long for one page: its 一级/二级 written on the first row
    only (merged down in the document; on a page break, the next page's rows
    show them blank)."""
    table: F.Table = [
        [c("2023年度项目支出绩效自评表", 1, 8)],
        [c("项目名称", 1, 2), c("长表项目", 1, 6)],
        [c("一级指标"), c("二级指标"), c("三级指标"), c("年度指标值"), c("实际完成值"),
         c("分值"), c("得分"), c("偏差原因分析及改进措施")],
    ]  # fmt: skip
    for i in range(n):
        table.append([c("产出指标" if i == 0 else ""), c("数量指标" if i == 0 else ""),
                      c(f"指标{i + 1}"), c("≥10个"), c("10个"), c("2"), c("2"), c("")])  # fmt: skip
    table.append([c("总分", 1, 5), c(str(2 * n)), c(str(2 * n - 1)), c("")])
    return table


@pytest.mark.parametrize("repeat", [0, 3])
def test_a_pdf_form_over_pages_repeating_its_top_rows_is_one_form(
    tmp_path: Path, repeat: int
) -> None:
    """Word repeats a table's first rows (its title and header) at the top
    of each page, and so does its PDF: page 2 was read as a second form whose
    rows had no 二级 (exit 2). The repeated rows are dropped and the table
    goes on."""
    path = _write(tmp_path, "long.pdf", F.to_pdf([_long_form()], repeat=repeat))
    import pdfplumber

    with pdfplumber.open(path) as document:
        assert len(document.pages) == 2
    forms, problems = read_forms(path)
    assert problems == []
    assert len(forms) == 1
    assert [r["name"] for r in forms[0].data["indicators"]] == [f"指标{i}" for i in range(1, 41)]
    assert forms[0].data["reported"] == {"total": Decimal(79)}


def test_a_repeated_header_alone_is_dropped_too(tmp_path: Path) -> None:
    """The header row alone repeated (the title above the table): the same."""
    table = _long_form()
    path = _write(tmp_path, "long.pdf", F.to_pdf([table[2:]], title=table[0][0][0], repeat=1))
    forms, problems = read_forms(path)
    assert problems == []
    assert len(forms) == 1
    assert len(forms[0].data["indicators"]) == 40
    assert forms[0].data["title"] == "2023年度项目支出绩效自评表"


@pytest.mark.parametrize(
    ("cell", "read"),
    [
        ("387664.6\n2", "387664.62"),
        ("1,234,\n567.00", "1,234,567.00"),
        ("10\n%", "10%"),
        ("其中：当年财政\n拨款", "其中：当年财政拨款"),
        ("≥10\n个", "≥10个"),
        ("Item\none", "Item one"),
    ],
)
def test_a_pdf_cell_wrapped_by_the_layout_reads_as_one_line(cell: str, read: str) -> None:
    """A figure wrapped in a narrow cell (``387664.6`` over ``2``) lost the
    budget row: its lines were joined with a space."""
    from perfeval.read.forms import _unwrap

    assert _unwrap(cell) == read


@pytest.mark.parametrize(
    ("nature", "target"),
    [("正向指标", "≥735人次"), ("大于等于", "≥735人次"), ("不低于", "≥735人次"),
     ("反向指标", "≤735人次"), ("小于等于", "≤735人次"), ("等于", "=735人次")],
)  # fmt: skip
def test_natures_written_in_words(tmp_path: Path, nature: str, target: str) -> None:
    """指标性质 written 正向指标 or 大于等于 refused the row."""
    table = F.yongde()
    table[13][3] = c(nature)  # 学生受资助人数: ≧
    forms, problems = read_forms(_write(tmp_path, "nature.html", F.to_html(table)))
    assert problems == []
    assert forms[0].data["indicators"][0]["target"] == target


# --- forms as published, attacked (the probe of the joins, totals and shared cells) ------


@pytest.mark.parametrize("cell", ["合计10", "合计:10", "总计：3", "总分100", "Total 5", "总计10分"])
def test_a_total_like_actual_does_not_end_the_table(tmp_path: Path, cell: str) -> None:
    """The total written in a cell is looked for in the row's first cell
    only: an actual reading 合计10 ended the table there, silently."""
    table = f2_xiaoxian()
    table[9][3] = c(cell)  # 其中桃树种植面积's actual
    forms, problems = read_forms(_write(tmp_path, "actual.html", F.to_html(table)))
    assert problems == []
    assert len(forms[0].data["indicators"]) == 6
    assert forms[0].data["reported"] == {"total": Decimal(99)}


@pytest.mark.parametrize(
    ("row", "reported"),
    [
        ([c("总分：100分", 1, 3), c(""), c(""), c(""), c("99"), c("")], {"total": Decimal(99)}),
        ([c("合计", 1, 3), c("100分"), c(""), c(""), c("自评得分：99分"), c("")],
         {"total": Decimal(99)}),
        ([c("自评得分：99分", 1, 8)], {"total": Decimal(99)}),
        ([c("合计得分：99分", 1, 8)], {"total": Decimal(99)}),
        ([c("总分：99分（满分100分）", 1, 8)], {"total": Decimal(99)}),
        ([c("总分100分，自评得分99分", 1, 8)], {"total": Decimal(99)}),
        ([c("总分：99分，评价等级为优", 1, 8)], {"total": Decimal(99), "grade": "优"}),
        ([c("总分:99分(优秀等次)", 1, 8)], {"total": Decimal(99), "grade": "优秀"}),
    ],
)  # fmt: skip
def test_totals_as_forms_write_them(tmp_path: Path, row: list, reported: dict) -> None:
    """The 得分 column's figure comes first (总分：100分 names the maximum), a
    score written with its label is read, and the maximum (满分) is not the
    total."""
    table = f2_xiaoxian()
    table[15] = row
    forms, problems = read_forms(_write(tmp_path, "total.html", F.to_html(table)))
    assert problems == []
    assert forms[0].data["reported"] == reported


@pytest.mark.parametrize(
    "between",
    [
        "表1（续）",
        "附表2（续）",
        "（续上页）",
        "续前表",
        "续表 单位：万元",
        "接上页",
        "- 2 -",
        "第2页",
    ],
)
def test_continuation_marks_as_documents_write_them(tmp_path: Path, between: str) -> None:
    whole = _long_form()
    data = _split_html([whole[:25], whole[25:]], between)
    forms, problems = read_forms(_write(tmp_path, "split.html", data))
    assert problems == []
    assert [len(f.data["indicators"]) for f in forms] == [40]


def test_an_unjoined_part_is_named_not_dropped(tmp_path: Path) -> None:
    """A part that looks like the rest of a form but has other text before it
    is not joined on a guess; a note names it (it was dropped unsaid)."""
    whole = _long_form()
    data = _split_html([whole[:25], whole[25:]], "说明：以下为附表")
    forms, problems = read_forms(_write(tmp_path, "split.html", data))
    assert problems == []
    assert len(forms[0].data["indicators"]) == 22
    assert forms[0].notes == (
        "table 2 has no header of its own and rows like those of table 1, but is not read as "
        "its continuation: text other than 续表 stands between them (or they differ in width); "
        "if it goes on with that form, perfeval import the document and add its rows",
    )
    done = run("review", str(tmp_path / "split.html"), "--lang", "zh")
    assert "表 2没有表头，其各行与表 1的指标行相同" in done.stderr


@pytest.mark.parametrize(
    ("head", "repeat"),
    [("附件2 XX县2023年度项目支出绩效自评表", 3), ("附件2 项目支出绩效自评表", 0),
     ("XX县财政局 2023年度绩效自评结果公开", 3)],
)  # fmt: skip
def test_a_pdf_running_head_is_page_furniture(tmp_path: Path, head: str, repeat: int) -> None:
    """A running head naming the 自评表 on every page was taken for a new
    form's title: page 2 became a second form (exit 2) or was dropped."""
    path = _write(tmp_path, "head.pdf", F.to_pdf([_long_form()], repeat=repeat, head=head))
    forms, problems = read_forms(path)
    assert problems == []
    assert [len(f.data["indicators"]) for f in forms] == [40]


@pytest.mark.parametrize("writer", ["html", "pdf"])
def test_indicator_names_that_name_a_form_do_not_stop_the_join(tmp_path: Path, writer: str) -> None:
    table = _long_form()
    table[28][2] = c("按时报送自评报告")
    table[29][2] = c("绩效评价表填报准确率")
    data = (
        _split_html([table[:27], table[27:]]) if writer == "html" else F.to_pdf([table], repeat=3)
    )
    forms, problems = read_forms(_write(tmp_path, f"named.{writer}", data))
    assert problems == []
    assert [len(f.data["indicators"]) for f in forms] == [40]


def _no_total(name: str) -> F.Table:
    """f2's header and indicators, no title and no total row."""
    table = [list(row) for row in f2_xiaoxian()[7:15]]
    table[1][2] = c(f"{name}面积")
    return table


_SIGNATURES = [
    [[c("单位负责人：张三", 1, 2), c("财务负责人：李四", 1, 2), c("填表人：王五", 1, 2),
      c("联系电话：123", 1, 2)]],
    [[c("审核人"), c(""), c("填表人"), c(""), c("联系电话"), c(""), c("日期"), c("")]],
    [[c("存在的问题", 1, 2), c("资金拨付较慢", 1, 6)], [c("改进措施", 1, 2), c("加快拨付", 1, 6)]],
]  # fmt: skip


@pytest.mark.parametrize("writer", ["docx", "html", "pdf"])
@pytest.mark.parametrize("after", range(len(_SIGNATURES)))
def test_a_signature_table_after_a_form_is_not_read_into_it(
    tmp_path: Path, writer: str, after: int
) -> None:
    """Signatures or notes after a form with no total row were read as its
    indicators, and the document refused."""
    parts = [_no_total("甲项目"), _SIGNATURES[after]]
    data = {"docx": F.to_docx, "html": _split_html, "pdf": F.to_pdf}[writer](parts)
    forms, problems = read_forms(_write(tmp_path, f"signed.{writer}", data))
    assert problems == []
    assert [len(f.data["indicators"]) for f in forms] == [6]


@pytest.mark.parametrize("writer", ["docx", "html"])
def test_two_forms_each_with_its_header_stay_two(tmp_path: Path, writer: str) -> None:
    """In a document, a table that starts with the header is a form of its
    own, even with nothing between and no total row in either."""
    parts = [_no_total("甲项目"), _no_total("乙项目")]
    data = F.to_docx(parts) if writer == "docx" else _split_html(parts)
    forms, problems = read_forms(_write(tmp_path, f"two.{writer}", data))
    assert problems == []
    assert [len(f.data["indicators"]) for f in forms] == [6, 6]


def test_a_part_repeating_the_header_by_hand_goes_on_when_it_cannot_start_a_form(
    tmp_path: Path,
) -> None:
    """... unless its first row leaves 一级 and 二级 blank: the merged cells of
    the part above, cut where the table was split."""
    whole = _long_form()
    data = F.to_docx([whole[:25], [whole[2], *whole[25:]]])
    forms, problems = read_forms(_write(tmp_path, "by-hand.docx", data))
    assert problems == []
    assert [len(f.data["indicators"]) for f in forms] == [40]


@pytest.mark.parametrize("writer", ["docx", "html", "pdf"])
def test_a_problem_in_a_later_part_names_its_own_table(tmp_path: Path, writer: str) -> None:
    whole = _long_form()
    whole[30][5] = c("十分")  # 指标28's 分值
    parts = [whole[:25], whole[25:]]
    data = {
        "docx": F.to_docx(parts),
        "html": _split_html(parts),
        "pdf": F.to_pdf([whole], repeat=3),
    }[writer]
    forms, problems = read_forms(_write(tmp_path, f"where.{writer}", data))
    assert [len(f.data["indicators"]) for f in forms] == [39]
    (problem,) = problems
    assert problem.message == "'指标28': 分值 must be a number; found '十分'"
    if writer == "pdf":
        assert problem.path[0].startswith("page 2, table 1, row ")
    else:
        assert problem.path == ("table 2, row 6, column 6",)


@pytest.mark.parametrize("writer", ["docx", "html", "xlsx"])
def test_points_merged_over_their_own_sub_row_are_no_shared_cell(
    tmp_path: Path, writer: str
) -> None:
    table = f2_xiaoxian()
    table[8] = [c("产出指标\n（50分）", 4), c("数量指标", 2), c("★补助各类瓜果蔬菜种植面积"),
                c("20", 2), c("29.5亩"), c("29.5亩"), c("20", 2), c("")]  # fmt: skip
    table[9] = [c("其中桃树种植面积"), c("1.5亩"), c("1.5亩"), c("")]
    data = {"docx": F.to_docx([table]), "html": F.to_html(table), "xlsx": F.to_xlsx([table])}
    forms, problems = read_forms(_write(tmp_path, f"sub.{writer}", data[writer]))
    assert problems == []
    standard, _ = read_forms(_write(tmp_path, "standard.html", F.to_html(f2_xiaoxian())))
    assert forms[0].data["indicators"] == standard[0].data["indicators"]


def test_joining_parts_is_linear_in_their_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each part is looked at once (every join rescanned all the rows joined
    before: 2,000 one-row tables took 97 s)."""
    import perfeval.read.forms as forms_module

    calls = 0
    counted = forms_module.is_total_row

    def counting(line: object) -> bool:
        nonlocal calls
        calls += 1
        return counted(line)  # type: ignore[arg-type]

    monkeypatch.setattr(forms_module, "is_total_row", counting)
    whole = _long_form(300)
    parts = [whole[:4], *[[row] for row in whole[4:]]]
    forms, problems = read_forms(_write(tmp_path, "rows.html", _split_html(parts)))
    assert problems == []
    assert [len(f.data["indicators"]) for f in forms] == [300]
    assert calls <= 4 * len(whole)


@pytest.mark.parametrize("nature", ["正向指标", "正向", "大于等于", "≥"])
def test_a_sign_before_a_statement_is_dropped(tmp_path: Path, nature: str) -> None:
    """正向指标 | 有效 gave the target ≥有效, which no actual could meet."""
    table = F.yongde()
    table[17][2] = c(nature)  # 减轻贫困学生家庭经济负担: 有效
    forms, problems = read_forms(_write(tmp_path, "nature.html", F.to_html(table)))
    assert problems == []
    assert forms[0].data["indicators"][4]["target"] == "有效"


@pytest.mark.parametrize(
    "label",
    ["完成情况", "全年完成情况", "全年实际完成情况", "实际完成", "实际完成数", "年度完成值",
     "实际执行情况", "指标完成情况", "实际达成值"],
)  # fmt: skip
def test_more_actual_column_labels(tmp_path: Path, label: str) -> None:
    table = f2_xiaoxian()
    table[7][5] = c(label)
    forms, problems = read_forms(_write(tmp_path, "label.html", F.to_html(table)))
    assert problems == []
    assert forms[0].data["indicators"][0]["actual"] == "29.5亩"


def test_a_second_form_on_a_pdf_page_takes_the_title_above_it(tmp_path: Path) -> None:
    """The text above a page's second table was not looked at: the form was
    titled from the file name."""
    forms_ = [_no_total("甲项目"), _no_total("乙项目")]
    data = F.to_pdf(forms_, title=["甲项目绩效自评表", "乙项目绩效自评表"], page_break=False)
    forms, problems = read_forms(_write(tmp_path, "page.pdf", data))
    assert problems == []
    assert [(f.table, f.data["title"]) for f in forms] == [
        ("page 1, table 1", "甲项目绩效自评表"),
        ("page 1, table 2", "乙项目绩效自评表"),
    ]


@pytest.mark.parametrize(
    ("number_format", "shown"),
    [('yyyy"年"m"月"d"日"', "2023年12月20日"), ("yyyy年m月d日", "2023年12月20日"),
     ('yyyy"年"m"月"', "2023年12月"), ("yyyy-mm-dd", "2023-12-20"),
     ("General", "45280")],  # a date under General shows its serial number, in Excel too
)  # fmt: skip
def test_a_workbook_date_reads_as_its_cell_shows_it(
    tmp_path: Path, number_format: str, shown: str
) -> None:
    """A date typed in Excel came out as 2023-12-20 00:00:00."""
    import datetime

    import openpyxl

    path = _write(tmp_path, "dated.xlsx", F.to_xlsx([f2_xiaoxian()]))
    book = openpyxl.load_workbook(path)
    cell = book.active["F12"]  # 项目完成时间's 全年实际值
    assert cell.value == "2023年12月31日"
    cell.value = datetime.datetime(2023, 12, 20)
    cell.number_format = number_format
    book.save(path)
    forms, problems = read_forms(path)
    assert problems == []
    row = next(r for r in forms[0].data["indicators"] if r["name"] == "项目完成时间")
    assert row["actual"] == shown


def _edit_docx(data: bytes, edit: Callable[[str], str]) -> bytes:
    """A Word document with its document.xml passed through ``edit``."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    xml = source.read("word/document.xml").decode()
    edited = edit(xml)
    assert edited != xml
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            target.writestr(
                item, edited.encode() if item.filename == "word/document.xml" else content
            )
    return out.getvalue()


def _docx_body(data: bytes, body: str) -> bytes:
    """A Word document (``data``) with its body's content replaced by ``body``
    (``{table}`` standing for the document's first table, as XML)."""
    import re

    def replace(xml: str) -> str:
        table = re.search(r"<w:tbl>.*?</w:tbl>", xml, re.S)
        assert table is not None
        start = xml.index("<w:body>") + len("<w:body>")
        return xml[:start] + body.replace("{table}", table.group(0)) + xml[xml.index("<w:sectPr") :]

    return _edit_docx(data, replace)


_MC = (
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def test_a_form_in_a_text_box_is_read_once(tmp_path: Path) -> None:
    """Word stores a text box twice (mc:Choice, and mc:Fallback for old
    readers): a form in one was read as two forms."""
    box = (
        f"<w:p><w:r><mc:AlternateContent {_MC}>"
        '<mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>{table}'
        "</w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{table}"
        "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
    )
    data = _docx_body(F.to_docx([f2_xiaoxian()]), box)
    forms, problems = read_forms(_write(tmp_path, "box.docx", data))
    assert problems == []
    assert len(forms) == 1
    assert len(forms[0].data["indicators"]) == 6


def _with_nested(table: F.Table) -> F.Table:
    """f2 whose 项目完成时间 actual cell holds a small table of its own."""
    table[11][4] = c("〔nested〕")
    return table


def test_a_small_table_in_a_cell_does_not_hide_the_form(tmp_path: Path) -> None:
    """A form with a small table nested in one cell was taken for a layout
    table: only the small table was looked at, and the form was not found."""
    small = "<table><tr><td>计划</td><td>实际</td></tr></table>"
    page = F.to_html(_with_nested(f2_xiaoxian())).decode().replace("〔nested〕", small)
    forms, problems = read_forms(_write(tmp_path, "nested.html", page.encode()))
    assert problems == []
    assert [len(f.data["indicators"]) for f in forms] == [6]
    row = next(r for r in forms[0].data["indicators"] if r["name"] == "项目完成时间")
    assert row["actual"] == "计划 实际"  # its cells apart, not glued

    data = F.to_docx([_with_nested(f2_xiaoxian())])
    inner = (
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>计划</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>实际</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/>"
    )

    def nest(xml: str) -> str:
        cell_end = xml.index("</w:tc>", xml.index("〔nested〕"))
        return xml[:cell_end] + inner + xml[cell_end:]

    forms, problems = read_forms(_write(tmp_path, "nested.docx", _edit_docx(data, nest)))
    assert problems == []
    assert [len(f.data["indicators"]) for f in forms] == [6]


def test_a_form_holding_a_table_is_counted_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A form with a table in a cell was built twice, once to seek its header
    and once to read it, and both counted against MAX_FORM_CELLS: a form of
    N positions needed 2N. Now it needs N; a layout table's look still counts
    (else 10,000 layout tables of 500,000 positions each would each be built)."""
    import perfeval.read.forms as reading

    small = "<table><tr><td>计划</td><td>实际</td></tr></table>"
    page = F.to_html(_with_nested(f2_xiaoxian())).decode().replace("〔nested〕", small)
    path = _write(tmp_path, "nested.html", page.encode())
    plain = _write(tmp_path, "plain.html", F.to_html(f2_xiaoxian()))
    taken: list[int] = []
    original = reading._Cells.take
    monkeypatch.setattr(
        reading._Cells, "take", lambda self, n: (taken.append(n), original(self, n))[1]
    )
    read_forms(plain)
    positions = sum(taken)  # the form's grid positions, counted once
    monkeypatch.setattr(reading, "MAX_FORM_CELLS", positions + 10)  # + the small table's
    forms, problems = read_forms(path)
    assert problems == []
    assert [len(f.data["indicators"]) for f in forms] == [6]
    with pytest.raises(perfeval.ScorecardError, match="cells"):
        read_forms(_write(tmp_path, "wrapped.html", _wrapped(page, positions).encode()))


def _wrapped(page: str, width: int) -> str:
    """``page``'s tables inside a layout table of its own with one cell spanning
    ``width`` columns: the look at the layout table counts ``width`` positions."""
    start, end = page.index("<table"), page.rindex("</table>") + len("</table>")
    inner = page[start:end]
    layout = (
        f'<table><tr><td colspan="{min(width, 1000)}">附件</td></tr>'
        + "".join(f'<tr><td colspan="1000">{i}</td></tr>' for i in range(width // 1000 + 1))
        + f"<tr><td>{inner}</td></tr></table>"
    )
    return page[:start] + layout + page[end:]


def test_layout_tables_around_a_form_are_still_looked_into(tmp_path: Path) -> None:
    page = F.to_html(f2_xiaoxian()).decode()
    table = page[page.index("<table") : page.index("</table>") + 8]
    layout = f"<table><tr><td>附件</td></tr><tr><td>{table}</td></tr></table>"
    forms, problems = read_forms(
        _write(tmp_path, "layout.html", page.replace(table, layout).encode())
    )
    assert problems == []
    assert [len(f.data["indicators"]) for f in forms] == [6]


@pytest.mark.parametrize("writer", ["html", "docx", "xlsx"])
def test_a_card_error_of_a_form_names_its_cell(tmp_path: Path, writer: str) -> None:
    """An error found when the form's card is loaded (an actual that cannot
    be read) named the card's key, indicators[1].actual, not the form's cell."""
    table = f2_xiaoxian()
    table[10][4] = c("≥95%以上以下")  # 种植作物成活率's 全年实际值
    data = {"html": F.to_html(table), "docx": F.to_docx([table]), "xlsx": F.to_xlsx([table])}
    path = _write(tmp_path, f"actual.{writer}", data[writer])
    forms, problems = read_forms(path)
    assert problems == []
    with pytest.raises(perfeval.ScorecardError) as caught:
        review_form(forms[0])
    (problem,) = caught.value.problems
    where = "sheet 自评表1, F11" if writer == "xlsx" else "table 1, row 11, column 6"
    assert problem.path == (where,)
    assert problem.message.startswith(
        "'种植作物成活率' (indicators[1].actual): cannot read '以上以下' after the number"
    )
    done = run("review", str(path), "--lang", "zh")
    assert done.returncode == 2
    zh_where = "工作表 自评表1，F11" if writer == "xlsx" else "表 1，第 11 行第 6 列"
    assert f"{zh_where}: '种植作物成活率'（indicators[1].actual）：无法识别数字后的" in done.stderr


# --- forms as published, attacked again (nested cells, text boxes, many tables) --------


@pytest.mark.parametrize(
    "inside",
    [
        "<table><tr><td>30</td></tr><tr><td>29.5亩</td></tr></table>",
        "<div>30</div><div>29.5亩</div>",
        "<p>30</p><p>29.5亩</p>",
        "30<br>29.5亩",
    ],
)
def test_two_figures_in_one_cell_are_named_not_glued(tmp_path: Path, inside: str) -> None:
    """A nested table's rows, or two blocks, in the 实际完成值 cell were read
    as one figure, 3029.5亩, scored as met."""
    page = F.to_html(_with_nested(f2_xiaoxian())).decode().replace("〔nested〕", inside)
    _, problems = read_forms(_write(tmp_path, "two.html", page.encode()))
    assert [(p.path, p.message) for p in problems] == [
        (
            ("table 1, row 12, column 6",),
            "'项目完成时间': its 实际完成值 holds two figures on lines of their own ('30' and "
            "'29.5亩'); read as one they would run together: give the one figure the row is "
            "scored on (perfeval import, then correct the card)",
        )
    ]


def test_two_figures_in_a_word_cell_are_named(tmp_path: Path) -> None:
    table = f2_xiaoxian()
    table[11][4] = c("30\n29.5亩")  # two paragraphs
    _, problems = read_forms(_write(tmp_path, "two.docx", F.to_docx([table])))
    assert [p.message.split(":")[0] for p in problems] == ["'项目完成时间'"]
    assert "two figures" in problems[0].message


def test_a_script_in_a_cell_is_not_its_text(tmp_path: Path) -> None:
    inside = "2023年12月31日<script>var a=1;</script><style>td{x:1}</style>"
    page = F.to_html(_with_nested(f2_xiaoxian())).decode().replace("〔nested〕", inside)
    forms, problems = read_forms(_write(tmp_path, "script.html", page.encode()))
    assert problems == []
    row = next(r for r in forms[0].data["indicators"] if r["name"] == "项目完成时间")
    assert row["actual"] == "2023年12月31日"


def test_a_text_box_in_a_form_cell_is_read_once(tmp_path: Path) -> None:
    """The box's text came four times: in its paragraph, the paragraph around
    it, and the same again from mc:Fallback."""
    box = (
        f"<w:r><mc:AlternateContent {_MC}>"
        '<mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r>'
        "<w:t>29.5亩</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>29.5亩</w:t>"
        "</w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    data = _edit_docx(
        F.to_docx([_with_nested(f2_xiaoxian())]),
        lambda xml: xml.replace("<w:r><w:t>〔nested〕</w:t></w:r>", box),
    )
    forms, problems = read_forms(_write(tmp_path, "box.docx", data))
    assert problems == []
    row = next(r for r in forms[0].data["indicators"] if r["name"] == "项目完成时间")
    assert row["actual"] == "29.5亩"


def test_a_form_only_in_a_fallback_is_read(tmp_path: Path) -> None:
    only = (
        f"<w:p><w:r><mc:AlternateContent {_MC}><mc:Fallback><w:pict><v:shape><v:textbox>"
        "<w:txbxContent>{table}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
    )
    data = _docx_body(F.to_docx([f2_xiaoxian()]), only)
    forms, problems = read_forms(_write(tmp_path, "fallback.docx", data))
    assert problems == []
    assert [len(f.data["indicators"]) for f in forms] == [6]


def test_deep_layout_tables_are_read_in_linear_time(tmp_path: Path) -> None:
    """Each layout level walked everything below it again: 40,000 paragraphs
    under 80 levels of Word layout tables took 24 s (0.7 s under one), 100,000
    rows under 45 levels of HTML 15 s (2.8 s under one). Measured against the
    same content under one level in the same run, so a slow machine does not
    fail it: quadratic was 34× and 5×, linear is about 1×."""
    import time

    def seconds(path: Path) -> float:
        start = time.monotonic()
        forms, problems = read_forms(path)
        took = time.monotonic() - start
        assert problems == []
        assert [len(f.data["indicators"]) for f in forms] == [6]
        return took

    paragraphs = "".join(
        f"<w:p><w:r><w:t>说明{i * 7919 % 100_003}</w:t></w:r></w:p>" for i in range(40_000)
    )

    def word(levels: int) -> Path:
        body = "{table}" + paragraphs
        for _ in range(levels):
            body = f"<w:tbl><w:tr><w:tc>{body}</w:tc></w:tr></w:tbl><w:p/>"
        data = _docx_body(F.to_docx([f2_xiaoxian()]), body)
        return _write(tmp_path, f"deep{levels}.docx", data)

    assert seconds(word(80)) < 2.5 * seconds(word(1)) + 0.5

    page = F.to_html(f2_xiaoxian()).decode()
    table = page[page.index("<table") : page.index("</table>") + 8]

    def web(levels: int) -> Path:
        inner = table + "<table>" + "<tr><td>说明</td></tr>" * 100_000 + "</table>"
        for _ in range(levels):
            inner = f"<table><tr><td>{inner}</td></tr></table>"
        return _write(tmp_path, f"deep{levels}.html", page.replace(table, inner).encode())

    assert seconds(web(45)) < 2.5 * seconds(web(1)) + 0.5


def test_table_count_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import perfeval.read.forms as forms_module

    monkeypatch.setattr(forms_module, "MAX_FORM_TABLES", 3)
    page = _split_html([f2_xiaoxian()] + [[[c("x")]]] * 3)
    forms, problems = [], []
    with pytest.raises(perfeval.ScorecardError) as caught:
        read_forms(_write(tmp_path, "many.html", page))
    assert "this file has 4 tables, more than the 3 a form file is read with" in str(caught.value)
    assert (forms, problems) == ([], [])


def test_a_huge_text_before_the_form_does_not_hide_it(tmp_path: Path) -> None:
    """The HTML parser dropped what followed a text node over 10 MB (an
    embedded image): "no 自评表 found in 0 table(s)"."""
    page = F.to_html(f2_xiaoxian()).decode()
    image = '<img src="data:image/png;base64,' + "A" * 11_000_000 + '">'
    forms, problems = read_forms(
        _write(tmp_path, "image.html", page.replace("<p>附件</p>", image).encode())
    )
    assert problems == []
    assert [len(f.data["indicators"]) for f in forms] == [6]


def test_a_pdf_form_split_on_one_page_is_joined(tmp_path: Path) -> None:
    whole = f2_xiaoxian()
    data = F.to_pdf([whole[:12], whole[12:]], title=["", "续表"], page_break=False)
    forms, problems = read_forms(_write(tmp_path, "same-page.pdf", data))
    assert problems == []
    assert [len(f.data["indicators"]) for f in forms] == [6]
    assert forms[0].data["reported"] == {"total": Decimal(99)}


@pytest.mark.parametrize(
    ("number_format", "shown"),
    [('yyyy"年"', "2023年"), ('m"月"d"日"', "12月20日"), ("mmm-yy", "2023-12-20")],
)
def test_a_date_shows_the_parts_its_format_shows(number_format: str, shown: str) -> None:
    import datetime

    from perfeval.read.grid import GridCell, written_text

    cell = GridCell(datetime.datetime(2023, 12, 20), "A1", number_format)
    assert written_text(cell) == shown


def _with_rate(rate: str, header: str = "执行率") -> F.Table:
    """永德's form with its 执行率 cell (and header) replaced: 387664.62 of 387664.62."""
    table = F.yongde()
    table[4][6] = c(header)
    table[5][5] = c(rate)
    return table


@pytest.mark.parametrize(
    ("rate", "header", "printed", "departs"),
    [
        ("100%", "执行率", "100%", False),
        ("100.00%", "执行率", "100.00%", False),
        ("95%", "执行率", "95%", True),
        ("\uff19\uff15\uff05", "执行率", "95%", True),  # full-width
        ("100", "执行率(%)", "100%", False),  # the % in the header
        ("95", "执行率%", "95%", True),
        ("百分之百", "执行率", "100%", False),  # in Chinese numerals
        ("九成五", "执行率", "95%", True),
        ("95", "执行率 %", "95%", True),
        ("95.5", "执行率（%）", "95.5%", True),
        ("1", "执行率", None, False),  # a bare figure: 1 or 100%? not checked, and said so
        ("—", "执行率", None, False),
        ("", "执行率", None, False),
    ],
)
def test_the_printed_rate_is_read_and_checked(
    tmp_path: Path, rate: str, header: str, printed: str | None, departs: bool
) -> None:
    table = _with_rate(rate, header)
    for suffix, data in (("docx", F.to_docx([table])), ("html", F.to_html(table))):
        forms, problems = read_forms(_write(tmp_path, f"form.{suffix}", data))
        assert problems == []
        assert forms[0].data["budget"].get("reported_rate") == printed
        unread = [n for n in forms[0].notes if "not read as a percentage" in n]
        assert bool(unread) is (rate == "1")
        result = review_form(forms[0])
        found = [f for f in result.findings if f.code == "budget-rate-mismatch"]
        assert bool(found) is departs
        if departs:
            assert f"{printed}" in found[0].zh


@pytest.mark.parametrize(
    ("value", "number_format", "printed"),
    [
        (0.95, "0%", "95%"),
        (0.95, "0.00%", "95.00%"),
        (0.9523, "0.0%", "95.2%"),  # as Excel shows it
        (1, "0.00%", "100.00%"),
        (1.0, "General", None),  # a bare 1: not checked
        ("100%", "General", "100%"),
        (100, '0"%"', "100%"),  # a literal %: the value is the percentage
        (95, "0\\%", "95%"),
        (1, "0.00\\%", "1.00%"),  # 1.00%, not 100%
        (0.95, "0.0#%", "95.0%"),  # optional places only as far as needed
        (0.9555, "0.0#%", "95.55%"),
        (0.95, "[Red]0.00%", "95.00%"),
        (0.95, "#,##0.0%;[Red]-#,##0.0%", "95.0%"),
        (0, '0.00%;-0.00%;"—"', None),  # shown as a dash: no rate printed, no note
        (-0.05, "0.00%", None),  # a negative rate: named in a note, the form still read
    ],
)
def test_a_workbooks_rate_is_read_as_its_cell_shows_it(
    tmp_path: Path, value: object, number_format: str, printed: str | None
) -> None:
    import openpyxl

    path = _write(tmp_path, "form.xlsx", F.to_xlsx([F.yongde()]))
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "100%")
    cell.value = value
    cell.number_format = number_format
    book.save(path)
    forms, problems = read_forms(path)
    assert problems == []
    assert forms[0].data["budget"].get("reported_rate") == printed
    codes = [f.code for f in review_form(forms[0]).findings]
    assert ("budget-rate-mismatch" in codes) is (printed is not None and printed[:3] != "100")
    noted = [n for n in forms[0].notes if "not read as a percentage" in n]
    assert bool(noted) is (printed is None and value not in (0,))


def test_a_rate_in_the_indicator_table_is_checked(tmp_path: Path) -> None:
    """A 预算执行率 row among the indicators, its rate as the actual, when the
    funds table prints none (四川's form: 85.5 of 90 is 95%)."""
    table = f3_sichuan()
    table[4][3] = c("")  # the funds table's 预算执行率
    table[4][4] = c("")  # and its 权重: the row gives it
    table.insert(9, [c("预算执行率"), c("预算执行率"), c("预算执行率"), c("≥"), c("90"), c("%"),
                     c("94%"), c("10"), c("9.5"), c("")])  # fmt: skip
    forms, problems = read_forms(_write(tmp_path, "form.html", F.to_html(table)))
    assert problems == []
    assert forms[0].data["budget"]["reported_rate"] == "94%"
    assert forms[0].cells[("budget", "reported_rate")][1] == "row 10, column 7"
    found = [f for f in review_form(forms[0]).findings if f.code == "budget-rate-mismatch"]
    assert len(found) == 1
    assert found[0].message.endswith("is 95.00%")
    table[9][6] = c("约九成")  # a rate the row gives that cannot be read: named, not checked
    forms, problems = read_forms(_write(tmp_path, "form2.html", F.to_html(table)))
    assert problems == []
    assert "reported_rate" not in forms[0].data["budget"]
    assert any("'约九成'" in n and "row 10, column 7" in n for n in forms[0].notes)


@pytest.mark.parametrize("rate", ["-5%", "约95%", "95%左右", "1", "九成多", "100%%"])
def test_a_rate_that_cannot_be_read_is_named_not_checked(tmp_path: Path, rate: str) -> None:
    """The printed rate is a check beside the score: one perfeval cannot read
    does not refuse the form, it is named in a note with its cell."""
    forms, problems = read_forms(_write(tmp_path, "form.html", F.to_html(_with_rate(rate))))
    assert problems == []
    assert "reported_rate" not in forms[0].data["budget"]
    (note,) = [n for n in forms[0].notes if "执行率" in n]
    assert f"'{rate}'" in note
    assert "row 6, column 9" in note
    assert "budget-rate-mismatch" not in [f.code for f in review_form(forms[0]).findings]


def _yongde_with(changes: dict[str, dict[int, str]]) -> F.Table:
    """永德's form with cells rewritten: by a cell's text that names its row
    (a 三级 name, or a 二级 kind), the offset from that cell (from a name: 1
    指标性质, 2 指标值, 3 度量单位, 4 实际完成值, 5 分值, 6 得分) and the new text."""
    table = F.yongde()
    out = []
    for row in table:
        texts = [cell[0] for cell in row]
        name = next((n for n in changes if n in texts), None)
        if name is None:
            out.append(row)
            continue
        at = texts.index(name)
        new = {at + offset: text for offset, text in changes[name].items()}
        out.append([(new.get(i, t), d, a) for i, (t, d, a) in enumerate(row)])
    return out


def test_a_template_placeholder_row_is_dropped_with_or_without_its_colon(tmp_path: Path) -> None:
    """The MOF template prints 指标1： / 指标2 placeholder rows; a unit leaves
    them blank, or fills a blank row with / marks. Neither is an indicator,
    nor stops the review (指标2 with blank cells refused the 廊坊 2019 form
    whole; a row of 指标1: and / marks the 天长 2022 one). A row named 指标3
    with its cells filled is an indicator of that name."""
    renamed = {"营养改善计划覆盖率": {0: "指标3"}}
    variants = {
        "bare": {**renamed, "生态效益指标": {1: "指标2"}},  # the placeholder as printed
        "slashes": {**renamed, "生态效益指标": {1: "指标1:", **dict.fromkeys(range(2, 9), "/")}},
    }
    for stem, changes in variants.items():
        for path in F.write_all(tmp_path, stem, _yongde_with(changes)):
            forms, problems = read_forms(path)
            assert problems == [], (stem, path.suffix)
            result = review_form(forms[0])
            names = [r.indicator.name for r in result.indicators]
            assert [n for n in names if n.startswith("指标")] == ["指标3"], (stem, path.suffix)
            assert len(names) == 9, (stem, path.suffix, names)
            assert not any(r.indicator.note for r in result.indicators), (stem, path.suffix)


def test_a_scored_row_with_no_target_departs_scored_0(tmp_path: Path) -> None:
    """A published row with 分值 and 得分 but no 年度指标值 (天长 2022: six such
    rows, full points claimed) refused the whole form; it is reviewed, the row
    departing (target-missing, 0 points), with no deviation-unexplained on top
    (the unit had no deviation to explain: the target is what is missing)."""
    table = _yongde_with({"资金到位及时率": {1: "", 2: "", 3: ""}})
    for path in F.write_all(tmp_path, "notarget", table):
        forms, problems = read_forms(path)
        assert problems == [], path.suffix
        result = review_form(forms[0])
        row = next(r for r in result.indicators if r.indicator.name == "资金到位及时率")
        assert (row.indicator.reported, row.score) == (Decimal(7), Decimal("0.00")), path.suffix
        found = {(f.code, f.indicator) for f in result.findings}
        assert ("target-missing", row.id) in found, path.suffix
        assert ("reported-mismatch", row.id) in found, path.suffix
        assert ("deviation-unexplained", row.id) not in found, path.suffix
        assert row.explain("zh") == "未填写年度指标值 → 0.00分（分值10）"


@pytest.mark.parametrize(
    ("printed", "departs"),
    [("产出指标(40分)", False), ("产出指标（40分）", False), ("产出指标(50分)", True),
     ("产出指标\n(38.5分)", True),
     ("产出指标(99999999999999999999999分)", False)],  # no group's points: not read
)  # fmt: skip
def test_the_points_a_form_prints_beside_a_group_are_checked(
    tmp_path: Path, printed: str, departs: bool
) -> None:
    """产出指标(50分) over rows of 40 points: the form's own group points are
    what its rows must add up to (weights-off-total naming the group); the
    rows are still scored on their own points."""
    for path in F.write_all(tmp_path, "groups", _yongde_with({"产出指标": {0: printed}})):
        forms, problems = read_forms(path)
        assert problems == [], path.suffix
        result = review_form(forms[0])
        off = [f for f in result.findings if f.code == "weights-off-total"]
        if not departs:
            assert off == [], path.suffix
            continue
        shown = printed.split("(")[1].rstrip("分)")
        gap = Decimal(shown) - 40
        more = "少" if gap > 0 else "多"  # the rows have fewer (more) points than printed
        group = f"产出指标（output）各项分值合计40分，表中该项为{shown}分（{more}{abs(gap)}分）"
        # and the printed groups no longer add up to 100: said too
        total = f"表中一级指标分值合计{format_decimal(100 + gap)}分"
        assert [f.zh.split("（预算")[0] for f in off] == [group, total], path.suffix
        output = next(g for g in result.groups if g.group.id == "output")
        assert output.weight == Decimal(40), path.suffix
