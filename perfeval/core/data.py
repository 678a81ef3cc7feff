"""A result as plain data: the keys of the JSON output (spec §9), Decimals
kept exact (:func:`to_data`), and the same made JSON-safe (:func:`to_dict`,
Decimals as strings of their exact digits). Pure: the writers render it
(:mod:`perfeval.write.report` as JSON, :mod:`perfeval.write.data` as a
DataFrame)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ._decimal import exact
from .explain import indicator_actual

if TYPE_CHECKING:  # results import this module (Result.to_dict), not the other way
    from .results import Result

__all__ = ["RESULTS_VERSION", "to_data", "to_dict"]

#: The version of the results' JSON shape (``"perfeval-results"`` in every
#: object). It goes up when a key changes meaning or goes away; new keys may
#: appear within a version.
RESULTS_VERSION = 1


def _strings(value: Any) -> Any:
    """Decimals as exact strings, tuples as lists; everything else as it is."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return {str(k): _strings(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_strings(v) for v in value]
    return value


def to_dict(result: Result, lang: str | None = None) -> dict[str, Any]:
    """One result as JSON-safe plain data; Decimals as exact strings."""
    return dict(_strings(to_data(result, lang or "zh")))


def _num(value: Decimal, places: int) -> Decimal:
    from ..core._decimal import quantize

    return quantize(value, places)


@exact
def to_data(result: Result, lang: str = "zh") -> dict[str, Any]:
    """The result as plain data (Decimals kept exact), the keys of spec §9."""
    card = result.card
    p = card.precision
    budget: dict[str, Any] | None = None
    if result.budget is not None:
        funds = result.budget
        b = funds.budget
        budget = {
            "initial": _num(b.initial.value, 2) if b.initial else None,
            "adjusted": _num(b.adjusted.value, 2),
            "spent": _num(b.spent.value, 2),
            "rate": _num(funds.rate * 100, p),
            "weight": _num(funds.weight, p),
            "raw_weight": funds.raw_weight,
            "score": _num(funds.score, p),
            "lost": _num(funds.lost, p),
            "note": b.note,
            "reported": b.reported,
            "reported_rate": b.reported_rate,
            "reason": funds.explain(lang),
            "monitor": None,
        }
        status = funds.monitor()
        if status is not None:
            budget["monitor"] = {
                "month": status.month,
                "expected": _num(status.expected, 2),
                "ratio": _num(status.ratio * 100, p),
                "status": status.status,
            }
    indicators = []
    for row in result.indicators:
        ind = row.indicator
        target = ind.target
        indicators.append(
            {
                "id": ind.id,
                "name": ind.name,
                "kind": ind.kind,
                "aspect": ind.aspect,
                "group": ind.group,
                "weight": _num(row.weight, p),
                "raw_weight": ind.weight,
                "target": target.display(),
                "target_parsed": {
                    "op": target.op,
                    "value": target.value,
                    "high": target.high,
                    "unit": target.unit,
                },
                "actual": indicator_actual(ind, "en"),
                "actual_value": row.actual_value,
                "rule": ind.rule.name,
                "applicable": ind.applicable,
                "met": row.met,
                "score": _num(row.score, p) if row.score is not None else None,
                "computed": row.computed,
                "evaluator_score": ind.score,
                "lost": _num(row.lost, p),
                "note": ind.note,
                "reported": ind.reported,
                "reason": row.explain(lang),
                "formula": ind.formula,
                "inputs": _inputs(result, ind.inputs),
            }
        )
    reported = None
    if card.reported is not None:
        reported = {"total": card.reported.total, "grade": card.reported.grade}
    grade = result.grade
    goal = None
    if card.goal is not None:
        goal = {"expected": card.goal.expected, "achieved": card.goal.achieved}
    return {
        "perfeval-results": 1,
        "title": card.title,
        "entity": dict(card.entity),
        "source": card.source,
        "framework": card.framework.id,
        "mode": card.mode,
        "total": _num(result.total, p),
        "max": result.max,
        "percent": _num(result.percent, p),
        "grade": {"id": grade.grade, "zh": grade.zh, "en": grade.en},
        "groups": [
            {
                "id": g.id,
                "name": g.group.label(lang),
                "weight": _num(g.weight, p),
                "score": _num(g.score, p),
            }
            for g in result.groups
        ],
        "indicators": indicators,
        "budget": budget,
        "findings": [
            {
                "code": f.code,
                "severity": f.severity,
                "indicator": f.indicator,
                "message": f.text(lang),
            }
            for f in result.findings
        ],
        "reported": reported,
        "goal": goal,
    }


def _inputs(result: Result, inputs: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
    """A computed actual's facts: name, the figure as written, its value in
    the base unit (元 for 万元) and that unit (None for a bare number)."""
    from ..core.targets import parse_quantity

    out = []
    for name, text in inputs:
        quantity = parse_quantity(text, result.card.units)
        out.append({"name": name, "text": text, "value": quantity.value, "unit": quantity.unit})
    return out
