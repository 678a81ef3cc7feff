"""Reviewing published forms as they are (抽查复核): ``review(...) -> Result``.

A reviewer's card records a form that a unit has already published: its
points, actuals and published scores (``reported:``). :func:`review` reads it
in review mode (structural departures become findings, not errors), scores
every row by the rules on the form's own points, and lists where the form
departs. :func:`distance` measures how far a form departs, to rank many.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from ._decimal import exact
from .loading import from_dict, load
from .model import Scorecard
from .results import Result
from .rules import DEFAULT_RULES, Rules
from .scoring import score
from .targets import format_decimal

__all__ = ["departs", "distance", "rank", "render_review", "review"]

_ZERO = Decimal(0)


@exact
def review(
    source: str | os.PathLike[str] | Mapping[str, Any] | Scorecard,
    *,
    rules: Rules = DEFAULT_RULES,
    allow_framework_outside: bool = False,
) -> Result:
    """Review a published form: a card file, plain data, or a loaded card.

    ``allow_framework_outside`` lets a form's framework file lie outside its
    folder, as in :func:`perfeval.load`.

    Raises :class:`~perfeval.errors.ScorecardError` only for what makes the
    form unreadable (no indicators, a target that cannot be parsed, a file
    that is no YAML); every departure from the rules is a finding.
    """
    if isinstance(source, Scorecard):
        card = source if source.mode == "review" else attrs.evolve(source, mode="review")
    elif isinstance(source, Mapping):
        card = from_dict(
            source, rules=rules, mode="review", allow_framework_outside=allow_framework_outside
        )
    else:
        card = load(
            source, rules=rules, mode="review", allow_framework_outside=allow_framework_outside
        )
    return score(card)


def departs(result: Result) -> bool:
    """Whether the form departs from the rules: any warning finding."""
    return any(f.severity == "warning" for f in result.findings)


def distance(result: Result) -> Decimal:
    """How far a form departs: the sum of the absolute differences between
    each published row score and the reviewed one, plus the total's."""
    gap = _ZERO
    for row in result.indicators:
        if row.indicator.reported is not None and row.score is not None:
            gap += abs(row.indicator.reported - row.score)
    if result.budget is not None and result.budget.budget.reported is not None:
        gap += abs(result.budget.budget.reported - result.budget.score)
    claimed = result.card.reported.total if result.card.reported else None
    if claimed is not None:
        gap += abs(claimed - result.total)
    return gap


def rank(results: Sequence[Result]) -> list[Result]:
    """Forms that depart furthest first; ties by source, then title."""
    return sorted(results, key=lambda r: (-distance(r), r.card.source or "", r.title))


# --- output ----------------------------------------------------------------------

_COLUMNS = {
    "zh": ("排名", "文件", "项目", "公布总分", "复核总分", "满分", "偏离", "需说明事项", "结论"),
    "en": ("rank", "file", "title", "published", "reviewed", "max", "distance", "findings",
           "verdict"),
}  # fmt: skip
_VERDICT = {"zh": ("相符", "不符"), "en": ("agrees", "departs")}


def _summary_rows(ordered: Sequence[Result], lang: str) -> list[list[str]]:
    key = "zh" if lang == "zh" else "en"
    rows = []
    for i, result in enumerate(ordered, start=1):
        card = result.card
        p = card.precision
        claimed = card.reported.total if card.reported else None
        rows.append(
            [
                str(i),
                card.source or "",
                card.title,
                format_decimal(claimed) if claimed is not None else "",
                f"{result.total:.{p}f}",
                format_decimal(result.max),
                f"{distance(result):.{p}f}",
                str(len(result.findings)),
                _VERDICT[key][departs(result)],
            ]
        )
    return rows


def render_review(results: Sequence[Result], fmt_name: str = "table", lang: str = "zh") -> str:
    """One form as ``perfeval score`` shows it (with 公布得分 beside 复核得分);
    several with a ranking first, the forms that depart furthest on top."""
    from .report import _json_value, render, to_data

    if not results:
        return ""
    ordered = rank(results)
    if fmt_name == "csv":
        return _csv(ordered, lang)
    if len(results) == 1:
        return render(results, fmt_name, lang)
    key = "zh" if lang == "zh" else "en"
    rows = _summary_rows(ordered, lang)
    if fmt_name == "json":
        ranking: list[dict[str, Any]] = []
        for row, result in zip(rows, ordered, strict=True):
            ranking.append(
                {**dict(zip(_COLUMNS["en"], row, strict=True)), "departs": departs(result)}
            )
        forms = [to_data(r, lang) for r in ordered]
        return _json_value({"ranking": ranking, "forms": forms}, 2, 0) + "\n"
    if fmt_name == "html":
        page = render(ordered, "html", lang)
        return page.replace("<body>\n", "<body>\n" + _html_ranking(rows, key), 1)
    from tabulate import tabulate

    from ._safe import fold, md_cell

    title = "复核排名" if key == "zh" else "Review ranking"
    markdown = fmt_name == "markdown"
    if markdown:
        rows = [[md_cell(c) for c in row] for row in rows]
    else:  # file names and titles fold; a terminal shows the first part
        rows = [[fold(c, 40 if j in (1, 2) else None, lang) for j, c in enumerate(r)] for r in rows]
    table = tabulate(
        rows, _COLUMNS[key], tablefmt="pipe" if markdown else "simple_grid", disable_numparse=True
    )
    heading = f"## {title}\n" if markdown else title
    return f"{heading}\n{table}\n\n{render(ordered, fmt_name, lang)}"


_CSV_COLUMNS = (
    "rank", "file", "title", "row", "id", "name", "weight", "published", "reviewed",
    "difference", "verdict",
)  # fmt: skip


def _data(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    from ._safe import csv_cell

    return csv_cell(text)


def _csv(ordered: Sequence[Result], lang: str) -> str:
    """One line per budget row, indicator and total of every form, ranked:
    what each form published beside what the rules give."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_CSV_COLUMNS)

    def gap(published: Decimal | None, reviewed: Decimal | None, p: int) -> str:
        if published is None or reviewed is None:
            return ""
        return f"{published - reviewed:.{p}f}"

    for i, result in enumerate(ordered, start=1):
        card = result.card
        p = card.precision
        head = [str(i), _data(card.source or ""), _data(card.title)]
        verdict = _VERDICT["zh" if lang == "zh" else "en"][departs(result)]
        if result.budget is not None:
            b = result.budget
            published = b.budget.reported
            writer.writerow([*head, "budget", "budget", "预算执行率" if lang == "zh" else
                             "Budget execution", format_decimal(b.raw_weight),
                             format_decimal(published) if published is not None else "",
                             f"{b.score:.{p}f}", gap(published, b.score, p), ""])  # fmt: skip
        for row in result.indicators:
            ind = row.indicator
            reviewed = f"{row.score:.{p}f}" if row.score is not None else ""
            writer.writerow([*head, "indicator", _data(ind.id), _data(ind.name),
                             format_decimal(ind.weight),
                             format_decimal(ind.reported) if ind.reported is not None else "",
                             reviewed, gap(ind.reported, row.score, p), ""])  # fmt: skip
        claimed = card.reported.total if card.reported else None
        writer.writerow([*head, "total", "", "", format_decimal(result.max),
                         format_decimal(claimed) if claimed is not None else "",
                         f"{result.total:.{p}f}", gap(claimed, result.total, p),
                         verdict])  # fmt: skip
    return buffer.getvalue()


def _html_ranking(rows: list[list[str]], key: str) -> str:
    from .report import _h

    head = "".join(f"<th>{_h(c)}</th>" for c in _COLUMNS[key])
    body = "".join("<tr>" + "".join(f"<td>{_h(c)}</td>" for c in row) + "</tr>" for row in rows)
    title = "复核排名" if key == "zh" else "Review ranking"
    return f"<h1>{title}</h1>\n<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n"
