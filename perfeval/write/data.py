"""Results as data for finance tools: dicts, JSON text, a pandas DataFrame.

Three shapes of the same numbers (:func:`perfeval.report.to_data`, made in
:mod:`perfeval.core.data`, is the source of all three):

- :func:`to_dict` (also ``Result.to_dict()``): plain data that ``json.dumps``
  takes as it is. Every Decimal is a **string** of its exact digits
  (``"89.88"``, ``"11612000.00"``): a float would turn 0.1 into
  0.1000000000000000055…, a string keeps what the form says. ``Decimal(s)``
  gives the number back.
- :func:`to_json`: JSON text, the ``--format json`` output. Here the numbers
  are JSON numbers written with their exact digits; read them back exactly
  with ``json.loads(text, parse_float=decimal.Decimal)``.
- :func:`to_frame`: a pandas DataFrame, one row per indicator; the number
  columns hold ``Decimal`` objects (dtype ``object``), so sums stay exact.

Both the dict and the JSON text follow :func:`results_schema` (``perfeval
schema --results``), whose ``version`` is :data:`RESULTS_VERSION`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..core.data import RESULTS_VERSION, to_dict
from ..core.results import DEFAULT_LANG, Result

__all__ = ["FRAME_COLUMNS", "RESULTS_VERSION", "to_dict", "to_frame", "to_json"]


def _results(results: Result | Iterable[Result]) -> list[Result]:
    if isinstance(results, Result):
        return [results]
    out = list(results)
    for item in out:
        if not isinstance(item, Result):
            raise TypeError(f"expected perfeval Results; found {type(item).__name__}")
    return out


def to_json(results: Result | Iterable[Result], lang: str | None = None) -> str:
    """JSON text: an object for one Result, a list for a list of them (even of
    one); numbers as JSON numbers with their exact digits."""
    from .report import to_json as render_json

    many = not isinstance(results, Result)
    return render_json(_results(results), lang or DEFAULT_LANG, many=many)


#: The DataFrame's columns, in order.
FRAME_COLUMNS = (
    "card", "source", "entity", "project", "year", "row", "id", "group", "group_name",
    "kind", "kind_name", "name", "target", "actual", "actual_value", "raw_weight", "weight",
    "score", "lost", "met", "applicable", "rule", "formula", "reported", "note", "reason",
    "findings",
)  # fmt: skip


def _frame_rows(result: Result, lang: str) -> list[tuple[Any, ...]]:
    from ..core._decimal import quantize
    from ..core.explain import level_names
    from ..core.results import indicator_actual

    card = result.card
    entity = card.entity
    by_row: dict[str | None, list[str]] = {}
    for finding in result.findings:
        by_row.setdefault(finding.indicator, []).append(finding.code)
    head = (
        card.title,
        card.source,
        entity.get("name"),
        entity.get("project"),
        entity.get("year"),
    )
    rows: list[tuple[Any, ...]] = []
    p = card.precision
    budget = result.budget
    if budget is not None:
        name = "预算执行率" if lang == "zh" else "Budget execution rate"
        rows.append(
            (
                *head, "budget", "budget", "budget", name, "budget", name, name,
                budget.budget.adjusted.display(), budget.budget.spent.display(),
                quantize(budget.rate * 100, p), budget.raw_weight, budget.weight,
                budget.score, budget.lost, None, True, "budget", None,
                budget.budget.reported, budget.budget.note, budget.explain(lang),
                tuple(by_row.get("budget", ())),
            )
        )  # fmt: skip
    for row in result.indicators:
        ind = row.indicator
        group_name, kind_name = level_names(result, row, lang)
        rows.append(
            (
                *head, "indicator", ind.id, ind.group, group_name, ind.kind, kind_name,
                ind.name, ind.target.display(), indicator_actual(ind, lang), row.actual_value,
                ind.weight, row.weight, row.score, row.lost, row.met, ind.applicable,
                ind.rule.name, ind.formula, ind.reported, ind.note, row.explain(lang),
                tuple(by_row.get(ind.id, ())),
            )
        )  # fmt: skip
    return rows


def to_frame(results: Result | Iterable[Result], lang: str | None = None) -> Any:
    """A pandas DataFrame: one row per indicator (and one for each card's
    预算执行率 row, ``row == "budget"``), columns :data:`FRAME_COLUMNS`.

    ``raw_weight``, ``weight``, ``score``, ``lost``, ``actual_value`` and
    ``reported`` hold ``Decimal`` (dtype ``object``): ``frame.score.sum()``
    is exact. ``findings`` holds the codes of the row's findings, a tuple.
    Needs pandas: ``pip install 'perfeval[pandas]'``.
    """
    import importlib

    try:  # pandas is an optional extra (and untyped: the frame is Any here)
        pd = importlib.import_module("pandas")
    except ImportError:  # an optional extra
        raise ImportError(
            "perfeval.to_frame needs pandas: pip install 'perfeval[pandas]'"
            " (perfeval.to_frame 需要 pandas：pip install 'perfeval[pandas]')"
        ) from None
    chosen = lang or DEFAULT_LANG
    rows: Sequence[tuple[Any, ...]] = [
        row for result in _results(results) for row in _frame_rows(result, chosen)
    ]
    return pd.DataFrame.from_records(list(rows), columns=list(FRAME_COLUMNS))
