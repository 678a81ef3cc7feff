"""Published forms built by the tests, in every format, from one table model.

A form is a list of rows; each row a list of cells ``(text, rowspan, colspan)``
(the HTML table model). The writers turn it into an HTML page, a Word
document (gridSpan / vMerge), a workbook (merged ranges) and a PDF with a text
layer (reportlab, drawn with ruled lines so that the table can be found).
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

Cell = tuple[str, int, int]
Table = list[list[Cell]]


def c(text: object, down: int = 1, across: int = 1) -> Cell:
    return (str(text), down, across)


def positions(table: Table) -> list[tuple[int, int, Cell]]:
    """Each cell with the row and column of its top-left corner."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(table):
        col = 0
        for cell in row:
            while (r, col) in taken:
                col += 1
            out.append((r, col, cell))
            for i in range(r, r + cell[1]):
                for j in range(col, col + cell[2]):
                    taken.add((i, j))
            col += cell[2]
    return out


def width(table: Table) -> int:
    return max(col + cell[2] for _, col, cell in positions(table))


# --- writers -----------------------------------------------------------------------------


def to_html(table: Table, charset: str = "utf-8", title: str = "") -> bytes:
    rows = []
    for row in table:
        cells = "".join(
            f'<td rowspan="{d}" colspan="{a}">{html.escape(t).replace(chr(10), "<br>")}</td>'
            for t, d, a in row
        )
        rows.append(f"<tr>{cells}</tr>")
    page = (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f"<title>{html.escape(title)}</title></head><body><p>附件</p>"
        f'<table border="1">{"".join(rows)}</table></body></html>'
    )
    return page.encode("gb18030" if charset.lower() in ("gbk", "gb2312", "gb18030") else charset)


def to_docx(tables: Sequence[Table]) -> bytes:
    import docx

    document = docx.Document()
    for table in tables:
        n = width(table)
        out = document.add_table(rows=len(table), cols=n)
        for r, col, (text, down, across) in positions(table):
            first = out.cell(r, col)
            if down > 1 or across > 1:
                first = first.merge(out.cell(r + down - 1, col + across - 1))
            first.text = text
        document.add_paragraph("")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_xlsx(tables: Sequence[Table]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for i, table in enumerate(tables, start=1):
        sheet = book.create_sheet(f"自评表{i}")
        for r, col, (text, down, across) in positions(table):
            value: object = text  # figures as numbers, as a unit's workbook holds them
            if re.fullmatch(r"\d+", text):
                value = int(text)
            elif re.fullmatch(r"\d+\.\d+", text):
                value = float(text)
            sheet.cell(r + 1, col + 1, value)
            if down > 1 or across > 1:
                sheet.merge_cells(
                    start_row=r + 1, start_column=col + 1, end_row=r + down, end_column=col + across
                )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_pdf(
    tables: Sequence[Table],
    title: str | Sequence[str] | None = None,
    repeat: int = 0,
    head: str = "",
    page_break: bool = True,
) -> bytes:
    """``title``: a line above each table (one for all, or one each);
    ``repeat``: the table's first rows are printed again at the top of each
    page (Word's "repeat as header row", kept in its PDF); ``head``: a running
    head at the top of every page; ``page_break``: each table on a new page."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cjk", fontName="STSong-Light", fontSize=6, leading=7)
    story: list[object] = []
    for k, table in enumerate(tables):
        if k and page_break:
            story.append(PageBreak())
        line = title if isinstance(title, str) or title is None else title[k]
        if line:
            story.append(Paragraph(html.escape(line), style))
        n = width(table)
        data = [["" for _ in range(n)] for _ in table]
        spans = []
        for r, col, (text, down, across) in positions(table):
            data[r][col] = Paragraph(html.escape(text), style) if text else ""
            if down > 1 or across > 1:
                spans.append(("SPAN", (col, r), (col + across - 1, r + down - 1)))
        out = Table(data, colWidths=[(landscape(A4)[0] - 60) / n] * n, repeatRows=repeat)
        out.setStyle(
            TableStyle(
                [("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONTNAME", (0, 0), (-1, -1),
                 "STSong-Light"), ("FONTSIZE", (0, 0), (-1, -1), 6), *spans]
            )
        )  # fmt: skip
        story.append(out)
    buffer = io.BytesIO()

    def running_head(canvas: Any, _document: Any) -> None:
        if head:
            canvas.setFont("STSong-Light", 8)
            canvas.drawString(30, landscape(A4)[1] - 18, head)

    SimpleDocTemplate(
        buffer, pagesize=landscape(A4), leftMargin=30, rightMargin=30, topMargin=30
    ).build(story, onFirstPage=running_head, onLaterPages=running_head)
    return buffer.getvalue()


def write_all(folder: Path, stem: str, table: Table) -> list[Path]:
    """The same form as .docx, .html, .pdf and .xlsx in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for suffix, data in (
        (".docx", to_docx([table])),
        (".html", to_html(table)),
        (".pdf", to_pdf([table])),
        (".xlsx", to_xlsx([table])),
    ):
        path = folder / f"{stem}{suffix}"
        path.write_bytes(data)
        out.append(path)
    return out


# --- real layouts, from the survey's transcriptions -------------------------------------


def yongde() -> Table:
    """永德县明朗中学 2022 项目支出绩效自评表 (Yunnan, F1y): the target split into
    指标性质 / 指标值 / 度量单位 under a merged 年度指标值, money in 元, 总分 with
    the grade, vertical merged 一级/二级 cells, an empty 生态效益指标 placeholder."""
    ind = [
        ("数量指标", "学生受资助人数", "≧", "735", "人次", "735", "10", "10"),
        ("质量指标", "营养改善计划覆盖率", "≧", "100", "%", "100%", "10", "10"),
        ("时效指标", "资金到位及时率", "≧", "100", "%", "100%", "10", "7"),
        ("成本指标", "生均补助标准达标率", "═", "100", "%", "100%", "10", "10"),
        ("经济效益指标", "减轻贫困学生家庭\n经济负担", "", "有效", "", "有效", "10", "10"),
        ("社会效益指标", "政策知晓率", "═", "100", "%", "98%", "10", "9"),
        ("生态效益指标", "", "", "", "", "", "", ""),
        ("可持续影响指标", "促进学校教育事业健康发展", "≧", "100", "%", "100%", "10", "10"),
    ]
    goal = "确保每一个学生都能享受到国家政策福利,改善学生体质"
    table: Table = [
        [c("2022年度项目支出绩效自评表", 1, 11)],
        [c("部门:临沧市永德县明朗中学", 1, 8), c("公开14表", 1, 3)],
        [c("项目名称", 1, 2), c("义务教育营养改善计划专项资金", 1, 9)],
        [c("主管部门", 1, 2), c("永德县教育体育局", 1, 3), c("实施单位", 1, 2),
         c("永德县明朗中学", 1, 4)],
        [c("项目资金\n（元）", 5), c("", 1, 3), c("年初预算数"), c("全年预算数"),
         c("全年执行数"), c("分值"), c("执行率"), c("得分"), c("")],
        [c("年度资金总额", 1, 3), c(""), c("387664.62"), c("387664.62"), c("10"), c("100%"),
         c("10"), c("")],
        [c("其中：当年财政\n拨款", 1, 3), c(""), c("387664.62"), c("387664.62"), c("—"), c(""),
         c("—"), c("")],
        [c("上年结转\n资金", 1, 3), c(""), c(""), c(""), c("—"), c(""), c("—"), c("")],
        [c("其他资金", 1, 3), c("—"), c("—"), c("—"), c("—"), c(""), c("—"), c("")],
        [c("年度\n总体\n目标", 2), c("预期目标", 1, 5), c("实际完成情况", 1, 5)],
        [c(goal, 1, 5), c(goal, 1, 5)],
        [c("绩\n效\n指\n标", 12), c("一级指标", 2), c("二级指标", 2), c("三级指标", 2),
         c("年度指标值", 1, 3), c("实际完成值", 2), c("分值", 2), c("得分", 2),
         c("偏差原因分析及改进措施", 2)],
        [c("指标性质"), c("指标值"), c("度量单位")],
    ]  # fmt: skip
    for i, (kind, name, nature, value, unit, actual, weight, score) in enumerate(ind):
        row: list[Cell] = []
        if i == 0:
            row.append(c("产出指标", 4))
        if i == 4:
            row.append(c("效益指标", 4))
        row += [c(kind), c(name), c(nature), c(value), c(unit), c(actual), c(weight), c(score),
                c("")]  # fmt: skip
        table.append(row)
    table.append([c("满意度指标", 2), c("服务对象满意度指标等", 2), c("学生满意度"), c("≧"),
                  c("95"), c("%"), c("100%"), c("10"), c("10"), c("")])  # fmt: skip
    table.append([c("家长满意度"), c("≧"), c("95"), c("%"), c("100%"), c("10"), c("10"), c("")])
    table.append([c("其他需要说明事项", 1, 4), c("无", 1, 7)])
    table.append([c("总分", 1, 8), c("100"), c("96"), c("优")])
    return table


def hubei() -> Table:
    """Hubei 绩效目标自评表 (F4, 湖北工程学院 / 蔡甸): 单位名称 and 填报日期 above,
    预算执行情况（万元）（20分）, then 一级/二级/三级指标, 年初目标值(A),
    实际完成值(B), 得分 — and no 分值 column."""
    return [
        [c("2021年学生资助项目绩效目标自评表", 1, 7)],
        [c("单位名称：湖北工程学院", 1, 4), c("填报日期：2022年3月", 1, 3)],
        [c("项目名称", 1, 2), c("学生资助项目", 1, 5)],
        [c("预算执行情况（万元）（20分）", 1, 2), c("预算数(A)"), c("执行数(B)"),
         c("执行率(B/A)"), c("得分(20分*执行率)", 1, 2)],
        [c("年度财政资金总额", 1, 2), c("100"), c("98"), c("98%"), c("19.6", 1, 2)],
        [c("一级指标"), c("二级指标"), c("三级指标"), c("年初目标值(A)"), c("实际完成值(B)"),
         c("得分"), c("偏差大或目标未完成原因分析")],
        [c("产出指标", 2), c("产出数量"), c("国家奖学金人数"), c("≥20人"), c("20人"), c("10"),
         c("")],
        [c("产出质量"), c("资金发放率"), c("100%"), c("100%"), c("10"), c("")],
        [c("满意度指标"), c("服务对象满意度指标"), c("学生满意度"), c("≥90%"), c("95%"), c("10"),
         c("")],
        [c("总分", 1, 5), c("99.6"), c("")],
    ]  # fmt: skip


def anju(header: str = "50") -> Table:
    """Sichuan 安居 区域绩效目标自评表 (F6): the score column headed by its
    section's maximum (``50``; some print ``分值(50)``), 指标1： prefixes."""
    return [
        [c("2022年食品监管补助资金区域绩效目标自评表", 1, 6)],
        [c("专项名称"), c("食品监管补助资金", 1, 3), c("自评得分"), c("96")],
        [c("一级指标"), c("二级指标"), c("三级指标"), c("年度指标值"), c("实际完成指标值"),
         c(header)],
        [c("产出指标", 2), c("数量指标", 2), c("指标1：抽检批次"), c("≥300批次"), c("320批次"),
         c("25")],
        [c("指标2：检查覆盖率"), c("100%"), c("100%"), c("25")],
    ]  # fmt: skip


def chongqing() -> Table:
    """Chongqing 部门整体绩效自评表 (F5, 西部科学城 2021): no 一级/二级
    columns; 指标名称, 计量单位, 指标性质, 年初指标值, 调整指标值, 全年完成值,
    得分系数(%), 指标权重(分), 指标得分(分), 是否核心指标."""
    head = ["指标名称", "计量单位", "指标性质", "年初指标值", "调整指标值", "全年完成值",
            "得分系数(%)", "指标权重(分)", "指标得分(分)", "是否核心指标"]  # fmt: skip
    rows = [
        ("预算完成率", "%", "定量指标", "70%", "", "76%", "100%", "2", "2", "是"),
        ("组织宣传活动次数", "次", "定量指标", "40次", "", "43次", "100%", "10", "10", "是"),
    ]
    return [
        [c("部门整体绩效自评表", 1, 10)],
        [c("主管部门"), c("西部（重庆）科学城融媒体中心", 1, 5), c("自评总分（分）", 1, 2),
         c("97.6", 1, 2)],
        [c(h) for h in head],
        *[[c(x) for x in row] for row in rows],
    ]  # fmt: skip
