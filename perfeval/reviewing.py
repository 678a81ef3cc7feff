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

from .core._decimal import exact
from .core.model import Scorecard
from .core.results import Result
from .core.rules import DEFAULT_RULES, Rules
from .core.scoring import score
from .core.targets import as_written, format_decimal
from .read.loading import from_dict, load

__all__ = ["ReviewedForm", "departs", "distance", "prepare", "rank", "render_review", "review"]

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


def departs(result: Result | ReviewedForm) -> bool:
    """Whether the form departs from the rules: any warning finding."""
    if isinstance(result, ReviewedForm):
        return result.departs
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


@attrs.frozen
class ReviewedForm:
    """One reviewed form as the output needs it, prepared where it was reviewed
    (in a worker process of ``perfeval review --jobs``): its ranking key, its
    ranking row, whether it departs, and its part of the output in one format
    (text, CSV rows, or the :class:`Result` itself for html and xlsx). Small to
    send back to the parent, and rendering runs in the workers."""

    key: tuple[Decimal, str, str]
    summary: tuple[str, ...]
    departs: bool
    fmt: str
    lang: str
    body: Any
    width: int | None = None  # the table's width budget it was rendered to


#: Formats whose part of each form is rendered where the form is reviewed.
PREPARED = ("table", "markdown", "csv", "json")


def prepare(
    result: Result,
    fmt_name: str = "table",
    lang: str = "zh",
    reading: Any = None,
    width: int | None = None,
) -> ReviewedForm:
    """A reviewed form ready for :func:`render_review` in ``fmt_name``;
    ``reading`` (the map of which column each field was read from) goes
    into the JSON output as the form's ``reading``; ``width`` is the
    table's budget in display columns (None or 0: no limit)."""
    from .write.report import _json_value, _table, to_data

    width = width or None
    card = result.card
    key = (-distance(result), card.source or "", card.title)
    body: Any = result
    if fmt_name in ("table", "markdown"):
        tablefmt = "simple_grid" if fmt_name == "table" else "pipe"
        body = _table(result, lang, tablefmt, width if fmt_name == "table" else None)
    elif fmt_name == "csv":
        body = tuple(_csv_rows(result, lang))
    elif fmt_name == "json":
        data = to_data(result, lang)
        if reading is not None:
            data["reading"] = reading
        body = _json_value(data, 2, 2)  # as an item of "forms" (one form: dedented)
    return ReviewedForm(key, _summary(result, lang), departs(result), fmt_name, lang, body, width)


def _summary(result: Result, lang: str) -> tuple[str, ...]:
    """A form's ranking row, without its rank."""
    key = "zh" if lang == "zh" else "en"
    card = result.card
    p = card.precision
    claimed = card.reported.total if card.reported else None
    return (
        card.source or "",
        card.title,
        as_written(claimed) if claimed is not None else "",
        f"{result.total:.{p}f}",
        format_decimal(result.max),
        f"{distance(result):.{p}f}",
        str(len(result.findings)),
        _VERDICT[key][departs(result)],
    )


def _typed(row: dict[str, str]) -> dict[str, Any]:
    """A JSON ranking row with numbers as numbers, at the digits the table
    shows (``"reviewed": 89.88``), and null for a total the form does not print."""
    out: dict[str, Any] = dict(row)
    out["rank"], out["findings"] = int(row["rank"]), int(row["findings"])
    for key in ("reviewed", "max", "distance"):
        out[key] = Decimal(row[key])
    out["published"] = Decimal(row["published"]) if row["published"] else None
    return out


def _summary_rows(ordered: Sequence[Result], lang: str) -> list[list[str]]:
    """The ranking rows of results already ranked."""
    return [[str(i), *_summary(r, lang)] for i, r in enumerate(ordered, start=1)]


def render_review(
    results: Sequence[Result | ReviewedForm],
    fmt_name: str = "table",
    lang: str = "zh",
    width: int | None = None,
) -> str:
    """One form as ``perfeval score`` shows it (with 公布得分 beside 复核得分);
    several with a ranking first, the forms that depart furthest on top.
    Forms already prepared (:func:`prepare`, in the same format and language)
    are used as they are; ``width`` as :func:`prepare` takes it."""
    from .write.report import _json_value, render

    width = width or None
    if not results:
        return ""
    items = [
        r if isinstance(r, ReviewedForm) and (r.fmt, r.lang, r.width) == (fmt_name, lang, width)
        else prepare(r if isinstance(r, Result) else r.body, fmt_name, lang, width=width)
        for r in results
    ]  # fmt: skip
    ordered = sorted(items, key=lambda r: r.key)  # stable: ties keep the paths' order
    if fmt_name == "csv":
        return _csv(ordered, lang)
    if fmt_name not in PREPARED:
        forms = [r.body for r in ordered]
        if len(forms) == 1:
            return render(forms, fmt_name, lang)
    elif len(ordered) == 1:
        if fmt_name == "json":
            text = ordered[0].body
            return "\n".join(line.removeprefix("    ") for line in text.split("\n")) + "\n"
        return str(ordered[0].body)
    key = "zh" if lang == "zh" else "en"
    rows = [[str(i), *r.summary] for i, r in enumerate(ordered, start=1)]
    if fmt_name == "json":
        ranking = [
            {**_typed(dict(zip(_COLUMNS["en"], row, strict=True))), "departs": item.departs}
            for row, item in zip(rows, ordered, strict=True)
        ]
        head = _json_value({"ranking": ranking}, 2, 0)
        forms_text = "[\n" + ",\n".join("    " + r.body for r in ordered) + "\n  ]"
        return head[: -len("\n}")] + ',\n  "forms": ' + forms_text + "\n}\n"
    if fmt_name == "html":
        page = render([r.body for r in ordered], "html", lang)
        return page.replace("<body>\n", "<body>\n" + _html_ranking(rows, key), 1)
    from tabulate import tabulate

    from .core._safe import md_cell
    from .write.report import _grid

    title = "复核排名" if key == "zh" else "Review ranking"
    markdown = fmt_name == "markdown"
    if markdown:
        rows = [[md_cell(c) for c in row] for row in rows]
        table = tabulate(rows, _COLUMNS[key], tablefmt="pipe", disable_numparse=True)
    else:  # file names and titles fold (at 40, or to fit the width budget)
        widths = [40 if j in (1, 2) else None for j in range(len(_COLUMNS[key]))]
        table = _grid(_COLUMNS[key], rows, widths, width, lang, {1, 2})
        # (nine columns get no narrower than 82: the budget is then exceeded by 2)
    heading = f"## {title}\n" if markdown else title
    separator = "\n" + "=" * 72 + "\n\n" if fmt_name == "table" else "\n---\n\n"
    return f"{heading}\n{table}\n\n{separator.join(str(r.body) for r in ordered)}"


_CSV_COLUMNS = {
    "zh": ("排名", "文件", "项目", "行", "编号", "名称", "分值", "公布得分", "复核得分",
           "差异", "结论"),
    "en": ("rank", "file", "title", "row", "id", "name", "weight", "published", "reviewed",
           "difference", "verdict"),
}  # fmt: skip
#: The kind of a CSV line (the budget row, an indicator, a form's total).
_ROW_KINDS = {
    "zh": {"budget": "预算执行率", "indicator": "指标", "total": "总分"},
    "en": {"budget": "budget", "indicator": "indicator", "total": "total"},
}


def _data(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    from .core._safe import csv_cell

    return csv_cell(text)


def _csv_rows(result: Result, lang: str) -> list[list[str]]:
    """A form's lines of the review CSV (budget row, indicators, total),
    each without its rank."""
    card = result.card
    p = card.precision
    out: list[list[str]] = []

    def gap(published: Decimal | None, reviewed: Decimal | None) -> str:
        if published is None or reviewed is None:
            return ""
        text = f"{published - reviewed:.{p}f}"  # 7.999 − 8.00 is −0.001: "0.00", not "-0.00"
        return text.lstrip("-") if set(text) <= set("-0.") else text

    head = [_data(card.source or ""), _data(card.title)]
    key = "zh" if lang == "zh" else "en"
    verdict = _VERDICT[key][departs(result)]
    kinds = _ROW_KINDS[key]
    if result.budget is not None:
        b = result.budget
        published = b.budget.reported
        out.append([*head, kinds["budget"], "budget", "预算执行率" if lang == "zh" else
                    "Budget execution", format_decimal(b.raw_weight),
                    as_written(published) if published is not None else "",
                    f"{b.score:.{p}f}", gap(published, b.score), ""])  # fmt: skip
    for row in result.indicators:
        ind = row.indicator
        reviewed = f"{row.score:.{p}f}" if row.score is not None else ""
        out.append([*head, kinds["indicator"], _data(ind.id), _data(ind.name),
                    format_decimal(ind.weight),
                    as_written(ind.reported) if ind.reported is not None else "",
                    reviewed, gap(ind.reported, row.score), ""])  # fmt: skip
    claimed = card.reported.total if card.reported else None
    out.append([*head, kinds["total"], "", "", format_decimal(result.max),
                as_written(claimed) if claimed is not None else "",
                f"{result.total:.{p}f}", gap(claimed, result.total), verdict])  # fmt: skip
    return out


def _csv(ordered: Sequence[ReviewedForm], lang: str) -> str:
    """One line per budget row, indicator and total of every form, ranked:
    what each form published beside what the rules give."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_CSV_COLUMNS["zh" if lang == "zh" else "en"])
    for i, item in enumerate(ordered, start=1):
        writer.writerows([str(i), *row] for row in item.body)
    return buffer.getvalue()


def _html_ranking(rows: list[list[str]], key: str) -> str:
    from .write.report import _h

    head = "".join(f"<th>{_h(c)}</th>" for c in _COLUMNS[key])
    body = "".join("<tr>" + "".join(f"<td>{_h(c)}</td>" for c in row) + "</tr>" for row in rows)
    title = "复核排名" if key == "zh" else "Review ranking"
    return f"<h1>{title}</h1>\n<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n"
