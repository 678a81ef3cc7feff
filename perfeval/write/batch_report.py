"""The summary of a batch: one row per card, the grade distribution, the
cards that could not be read. Formats: table, markdown, html, json, csv."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ..batch import CardSummary, Invalid, ranked
from ..core._decimal import exact
from ..core._safe import csv_row, fold, md_cell, md_line, visible
from ..core.errors import format_path
from ..core.results import fmt

__all__ = ["render_batch"]

_HEAD = {
    "zh": ["名次", "文件", "标题", "单位", "总分", "等次", "警告", "提示"],
    "en": ["Rank", "File", "Title", "Unit", "Total", "Grade", "Warnings", "Info"],
}
_WORDS = {
    "zh": {
        "cards": "自评表",
        "grades": "等次分布",
        "grade": "等次",
        "count": "数量",
        "share": "占比",
        "invalid": "无法读取的自评表",
        "problems": "处问题",
        "none": "无",
    },
    "en": {
        "cards": "Scorecards",
        "grades": "Grade distribution",
        "grade": "Grade",
        "count": "Cards",
        "share": "Share",
        "invalid": "Cards that could not be read",
        "problems": "problem(s)",
        "none": "none",
    },
}


def _rows(cards: Sequence[CardSummary], lang: str) -> list[list[str]]:
    rows = []
    for rank, card in enumerate(cards, start=1):
        grade = card.grade_zh if lang == "zh" else card.grade_en
        total = fmt(card.total, card.precision)
        if card.max != 100:
            total += f" / {fmt(card.max)} ({fmt(card.percent, card.precision)}%)"
        rows.append(
            [
                str(rank),
                card.source,
                card.title,
                card.entity,
                total,
                grade,
                str(card.warnings),
                str(card.infos),
            ]
        )
    return rows


def _distribution(cards: Sequence[CardSummary], lang: str) -> list[list[str]]:
    counts: dict[str, int] = {}
    for card in cards:  # highest first, as the cards are ranked
        label = card.grade_zh if lang == "zh" else card.grade_en
        counts[label] = counts.get(label, 0) + 1
    total = len(cards) or 1
    return [[label, str(n), f"{fmt(Decimal(n) * 100 / total, 1)}%"] for label, n in counts.items()]


def _invalid_lines(invalid: Sequence[Invalid], lang: str) -> list[str]:
    words = _WORDS[lang]
    return [f"{item.source}: {len(item.problems)} {words['problems']}" for item in invalid]


def _text(
    cards: Sequence[CardSummary],
    invalid: Sequence[Invalid],
    lang: str,
    fmt_: str,
    width: int | None = None,
) -> str:
    from tabulate import tabulate

    from .report import _grid

    words = _WORDS[lang]
    tablefmt = "pipe" if fmt_ == "markdown" else "simple"

    def heading(title: str) -> str:
        return f"## {title}\n" if fmt_ == "markdown" else f"{title}\n"

    rows = _rows(cards, lang)
    out = [heading(f"{words['cards']} ({len(cards)})")]
    if fmt_ == "markdown":
        rows = [[md_cell(c) for c in row] for row in rows]
        out.append(tabulate(rows, _HEAD[lang], tablefmt=tablefmt, disable_numparse=True))
    else:  # long file names, titles and units fold (at 40, 40, 30, or to the width budget)
        widths = (None, 40, 40, 30, None, None, None, None)
        out.append(_grid(_HEAD[lang], rows, widths, width, lang, {1, 2, 3}, "simple"))
    out += ["", heading(words["grades"])]
    out.append(
        tabulate(
            _distribution(cards, lang),
            [words["grade"], words["count"], words["share"]],
            tablefmt=tablefmt,
            disable_numparse=True,
        )
    )
    out += ["", heading(f"{words['invalid']} ({len(invalid)})")]
    bullet = "- " if fmt_ == "markdown" else "  "
    inside = None if width is None else max(width - len(bullet), 10)

    def line(text: str) -> str:
        if fmt_ == "markdown":
            return md_line(text)
        return fold(visible(text), inside, lang).replace("\n", "\n" + " " * len(bullet))

    lines = [bullet + line(text) for text in _invalid_lines(invalid, lang)]
    out += lines or [bullet + words["none"]]
    return "\n".join(out) + "\n"


def _html(cards: Sequence[CardSummary], invalid: Sequence[Invalid], lang: str) -> str:
    from .report import _CSS, _h, _html_table

    words = _WORDS[lang]
    body = [
        f"<h1>{words['cards']} ({len(cards)})</h1>",
        _html_table(_HEAD[lang], _rows(cards, lang), {0, 4, 6, 7}),
        f"<h2>{words['grades']}</h2>",
        _html_table(
            [words["grade"], words["count"], words["share"]], _distribution(cards, lang), {1, 2}
        ),
        f"<h2>{words['invalid']} ({len(invalid)})</h2><ul>",
    ]
    body += [f"<li>{_h(line)}</li>" for line in _invalid_lines(invalid, lang)]
    body.append("</ul>")
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n'
        f'<meta charset="utf-8">\n<title>perfeval batch</title>\n<style>{_CSS}</style>\n'
        f"</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _data(cards: Sequence[CardSummary], invalid: Sequence[Invalid], lang: str) -> dict[str, Any]:
    counts: dict[str, dict[str, Any]] = {}
    for card in cards:
        entry = counts.setdefault(
            card.grade, {"id": card.grade, "zh": card.grade_zh, "en": card.grade_en, "count": 0}
        )
        entry["count"] += 1
    return {
        "count": len(cards) + len(invalid),
        "scored": len(cards),
        "invalid_count": len(invalid),
        "cards": [
            {
                "rank": rank,
                "source": c.source,
                "title": c.title,
                "entity": c.entity,
                "total": c.total,
                "max": c.max,
                "percent": c.percent,
                "grade": {"id": c.grade, "zh": c.grade_zh, "en": c.grade_en},
                "warnings": c.warnings,
                "infos": c.infos,
            }
            for rank, c in enumerate(cards, start=1)
        ],
        "grades": list(counts.values()),
        "invalid": [
            {
                "source": item.source,
                "problems": [
                    {
                        "line": p.location.line if p.location else None,
                        "column": p.location.column if p.location else None,
                        "path": format_path(p.path),
                        "message": p.message,
                    }
                    for p in item.problems
                ],
            }
            for item in invalid
        ],
    }


_CSV_HEAD = {
    "en": ["rank", "status", "source", "title", "entity", "total", "max", "percent", "grade",
           "grade_zh", "warnings", "infos", "problems"],
    # zh: the same columns, headed in Chinese; the grade's id (excellent) stays an id.
    "zh": ["名次", "状态", "文件", "标题", "单位", "总分", "满分", "得分率", "等次代码",
           "等次", "警告", "提示", "问题"],
}  # fmt: skip
_CSV_STATUS = {"en": ("scored", "invalid"), "zh": ("已评分", "无法读取")}
_CSV_NUMERIC = {0, 5, 6, 7, 10, 11, 12}  # rank, total, max, percent, warnings, infos, problems


def _csv(cards: Sequence[CardSummary], invalid: Sequence[Invalid], lang: str = "en") -> str:
    """One row per card, the same columns in both languages (headers and
    status in the run's language; the grade as its id and as the form writes it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_CSV_HEAD[lang])
    scored, unread = _CSV_STATUS[lang]
    for rank, c in enumerate(cards, start=1):
        cells = [rank, scored, c.source, c.title, c.entity, fmt(c.total, c.precision),
                 fmt(c.max), fmt(c.percent, c.precision), c.grade, c.grade_zh, c.warnings,
                 c.infos, 0]  # fmt: skip
        writer.writerow(csv_row(cells, _CSV_NUMERIC))
    for item in invalid:
        writer.writerow(csv_row(["", unread, item.source, *[""] * 9, len(item.problems)]))
    return buffer.getvalue()


@exact
def render_batch(
    summaries: Sequence[CardSummary | Invalid],
    fmt_name: str = "table",
    lang: str = "zh",
    width: int | None = None,
) -> str:
    """The batch summary in a format: table, markdown, html, json or csv;
    ``width`` is the table's budget in display columns (None or 0: no limit)."""
    width = width or None
    cards = ranked(summaries)
    invalid = [s for s in summaries if isinstance(s, Invalid)]
    lang = "zh" if lang == "zh" else "en"
    if fmt_name == "json":
        from .report import _json_value

        return _json_value(_data(cards, invalid, lang), 2, 0) + "\n"
    if fmt_name == "csv":
        return _csv(cards, invalid, lang)
    if fmt_name == "html":
        return _html(cards, invalid, lang)
    if fmt_name in ("table", "markdown"):
        return _text(cards, invalid, lang, fmt_name, width if fmt_name == "table" else None)
    raise ValueError(f"unknown format {fmt_name!r}")
