"""An audit as text: table, markdown, json, csv."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ..accounts.claims import AuditResult, ClaimResult, TwoValues
from ..accounts.intervals import Interval
from ..core._decimal import exact
from ..core._safe import csv_row, fold, md_cell, visible
from ..core.targets import format_decimal

__all__ = ["render_audit"]

_VERDICTS = {
    "zh": {"holds": "成立", "rounding": "舍入内成立", "fails": "不成立", "error": "无法计算"},
    "en": {
        "holds": "holds",
        "rounding": "holds within rounding",
        "fails": "FAILS",
        "error": "cannot compute",
    },
}
_HEAD = {
    "zh": ["#", "声明", "位置", "所述", "复核", "差距", "结论"],
    "en": ["#", "Claim", "At", "Stated", "Recomputed", "Gap", "Verdict"],
}
_WORDS = {
    "zh": {
        "claims": "算术声明",
        "two": "一数多值",
        "none": "无",
        "summary": "共{n}项声明：{ok}项成立，{bad}项不成立",
        "figure": "数据",
        "first": "一处",
        "second": "另一处",
    },
    "en": {
        "claims": "Claims",
        "two": "One figure, two values",
        "none": "none",
        "summary": "{n} claims: {ok} hold, {bad} fail",
        "figure": "Figure",
        "first": "Stated",
        "second": "Also stated",
    },
}


def _display(value: Decimal, like: Interval, places: int = 4) -> str:
    """A value written the way the stated one is: 106.17% for a percentage,
    1061.15万元 for an amount stated in 万元."""
    from ..core._decimal import quantize  # half up, the one rounding rule

    return f"{format_decimal(quantize(value / like.scale, places))}{like.word}"


def _stated(like: Interval) -> str:
    """A stated figure with the digits it was written with: ``0.90%`` stays
    ``0.90%`` (its interval [0.895%, 0.905%] is one unit of the last written
    digit wide)."""
    width = (like.hi - like.lo) / like.scale
    if width <= 0:
        return _display(like.mid, like)
    places = max(0, -width.normalize().adjusted())
    return f"{(like.mid / like.scale).quantize(Decimal(1).scaleb(-places)):f}{like.word}"


#: The CSV's header, kinds and words: ids in en (as before), the form's words in zh.
_CSV = {
    "en": {
        "head": ["kind", "index", "claim", "at", "stated", "recomputed", "low", "high", "gap",
                 "verdict"],
        "claim": "claim", "two-values": "two-values", "differs": "differs",
    },
    "zh": {
        "head": ["类别", "序号", "声明", "位置", "所述", "复核", "下限", "上限", "差距", "结论"],
        "claim": "声明", "two-values": "一数多值", "differs": "不一致",
    },
}  # fmt: skip


def _reason(result: ClaimResult, lang: str) -> str:
    """Why a claim could not be computed, in the run's language."""
    from ..core.i18n import translate

    return translate(result.reason or "", lang)


def _row(result: ClaimResult, lang: str) -> list[str]:
    claim = result.claim
    verdict = _VERDICTS[lang][result.verdict]
    if result.verdict == "error" or result.stated is None or result.computed is None:
        return [
            str(claim.index + 1),
            claim.text,
            claim.at or "",
            "",
            "",
            "",
            f"{verdict}{'：' if lang == 'zh' else ': '}{_reason(result, lang)}",
        ]
    stated, computed = result.stated, result.computed
    gap = _display(result.gap or Decimal(0), stated) if result.verdict == "fails" else ""
    span = f"[{_display(computed.lo, stated)}, {_display(computed.hi, stated)}]"
    return [
        str(claim.index + 1),
        claim.text,
        claim.at or "",
        _stated(stated),
        f"{_display(computed.mid, stated)} {span}",
        gap,
        verdict,
    ]


def _two_rows(two: Sequence[TwoValues]) -> list[list[str]]:
    return [
        [
            t.figure,
            f"{t.first.text} ({t.first.at or '—'})",
            f"{t.second.text} ({t.second.at or '—'})",
        ]
        for t in two
    ]


def _text(result: AuditResult, lang: str, markdown: bool, width: int | None = None) -> str:
    """The audit as a terminal table (folded to ``width`` display columns
    when given, as score's is) or as markdown."""
    from tabulate import tabulate

    from .report import _grid

    words = _WORDS[lang]
    title = result.audit.title

    def table(heads: Sequence[str], rows: list[list[str]], caps: Sequence[int | None]) -> str:
        if markdown:
            cells = [[md_cell(c) for c in row] for row in rows]
            return tabulate(cells, heads, tablefmt="pipe", disable_numparse=True)
        foldable = set(range(len(heads))) - {0} if len(heads) > 3 else set(range(len(heads)))
        return _grid(heads, rows, caps, width, lang, foldable, "simple")

    def line(text: str) -> str:
        return text if markdown else fold(visible(text), width, lang)

    out = [f"## {md_cell(title)}" if markdown else fold(visible(title), width, lang), ""]
    out.append(f"### {words['claims']}" if markdown else words["claims"])
    rows = [_row(c, lang) for c in result.claims]
    out.append(table(_HEAD[lang], rows, (None, 34, 10, 14, 40, 12, 14)))
    ok = sum(1 for c in result.claims if c.ok)
    summary = words["summary"].format(n=len(result.claims), ok=ok, bad=len(result.claims) - ok)
    out += ["", line(summary)]
    out += ["", f"### {words['two']}" if markdown else words["two"]]
    if result.two_values:
        heads = [words["figure"], words["first"], words["second"]]
        out.append(table(heads, _two_rows(result.two_values), (30, 40, 40)))
    else:
        out.append(words["none"])
    return "\n".join(out) + "\n"


def _data(result: AuditResult, lang: str) -> dict[str, Any]:
    def interval(value: Interval | None) -> Any:
        if value is None:
            return None
        return {"lo": value.lo, "hi": value.hi, "value": value.mid, "unit": value.dim}

    return {
        "title": result.audit.title,
        "source": result.audit.source,
        "claims": [
            {
                "index": c.claim.index + 1,
                "claim": c.claim.text,
                "at": c.claim.at,
                "verdict": c.verdict,
                "stated": interval(c.stated),
                "computed": interval(c.computed),
                "gap": c.gap,
                "reason": c.reason,
                "note": c.claim.note,
            }
            for c in result.claims
        ],
        "two_values": [
            {
                "figure": t.figure,
                "first": {"value": t.first.text, "at": t.first.at},
                "second": {"value": t.second.text, "at": t.second.at},
            }
            for t in result.two_values
        ],
        "failed": len(result.failed),
    }


def _csv(result: AuditResult, lang: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    words = _CSV[lang]
    writer.writerow(words["head"])
    numeric = range(4, 9)  # stated, recomputed, low, high, gap: perfeval's figures

    def row(cells: list[Any], numbers: Sequence[int] = numeric) -> None:
        writer.writerow(csv_row(cells, numbers))

    for c in result.claims:
        if c.stated is None or c.computed is None:
            row(
                [
                    words["claim"],
                    c.claim.index + 1,
                    c.claim.text,
                    c.claim.at or "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    f"{c.verdict}: {c.reason}"
                    if lang == "en"
                    else f"{_VERDICTS['zh'][c.verdict]}：{_reason(c, lang)}",
                ]
            )
            continue
        row(
            [
                words["claim"],
                c.claim.index + 1,
                c.claim.text,
                c.claim.at or "",
                _display(c.stated.mid, c.stated),
                _display(c.computed.mid, c.stated),
                _display(c.computed.lo, c.stated),
                _display(c.computed.hi, c.stated),
                _display(c.gap or Decimal(0), c.stated),
                c.verdict if lang == "en" else _VERDICTS["zh"][c.verdict],
            ]
        )
    for t in result.two_values:
        row(
            [
                words["two-values"],
                "",
                t.figure,
                f"{t.first.at or ''} / {t.second.at or ''}",
                t.first.text,
                t.second.text,
                "",
                "",
                "",
                words["differs"],
            ],
            (),  # the figures as written are the file's text
        )
    return buffer.getvalue()


@exact
def render_audit(
    results: Sequence[AuditResult],
    fmt_name: str = "table",
    lang: str = "zh",
    width: int | None = None,
) -> str:
    """Render audits: table, markdown, json (a list for several files) or
    csv; ``width`` is the table's budget in display columns (None or 0: no limit)."""
    lang = "zh" if lang == "zh" else "en"
    width = width or None
    if fmt_name == "json":
        from .report import _json_value

        data: Any = [_data(r, lang) for r in results]
        return _json_value(data[0] if len(results) == 1 else data, 2, 0) + "\n"
    if fmt_name == "csv":
        return "".join(_csv(r, lang) for r in results)
    if fmt_name in ("table", "markdown"):
        markdown = fmt_name == "markdown"
        return "\n".join(_text(r, lang, markdown, None if markdown else width) for r in results)
    raise ValueError(f"unknown format {fmt_name!r}")
