"""Reading the department rules' settings (``steps:``, ``deduct:``,
``checklist:`` on an indicator) into rules, and formulas over a card's facts.

The rules' scoring functions are in :mod:`perfeval.department` (pure); this
module checks what a card wrote and binds it to them.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from ..core.errors import Path, quote
from ..core.rules import QUANTITATIVE_OPS, Rule
from ..core.targets import Target, format_decimal
from ..core.units import UnitTable
from ._check import Checker, describe

__all__ = [
    "CONFIGURED",
    "FormulaError",
    "checklist_rule",
    "deduct_rule",
    "evaluate_formula",
    "steps_rule",
]

from ..core.department import (
    Rounding,
    Step,
    _bind,
    _checklist_met,
    _steps_met,
    checklist_score,
    deduct_excel,
    deduct_score,
    steps_excel,
    steps_score,
)

_ZERO = Decimal(0)


def _bound(
    check: Checker, path: Path, raw: Any, units: UnitTable, unit: str | None
) -> Decimal | None:
    """A band edge in the target's base unit (``90%``, ``10万元``, or bare)."""
    text = check.text(path, raw)
    quantity = check.quantity(path, text, units) if text is not None else None
    if quantity is None:
        return None
    if quantity.unit is not None and unit is not None and quantity.unit != unit:
        check.fail(path, f"'{quote(text)}' is in {quantity.unit}, the target in {unit}")
        return None
    return quantity.value


def steps_rule(
    check: Checker, path: Path, raw: Any, weight: Decimal, target: Target, units: UnitTable
) -> Rule | None:
    """Read ``steps:`` into a rule; bands out of order, overlapping, leaving a
    gap, or worth more than the weight are errors."""
    items = check.sequence(path, raw, "a list of steps such as {min: 90%, points: 5}")
    if not items:
        if items is not None:
            check.fail(path, "a steps rule needs at least one step")
        return None
    steps: list[Step] = []
    kinds: set[str] = set()
    for i, item in enumerate(items):
        spath: Path = (*path, i)
        data = check.mapping(spath, item, ("min", "max", "points"), ("points",))
        if data is None or "points" not in data:
            return None
        points = check.number((*spath, "points"), data["points"], minimum=_ZERO, what="points")
        if points is not None and points > weight:
            check.fail(
                (*spath, "points"),
                f"{format_decimal(points)} points is more than the weight {format_decimal(weight)}",
            )
            return None
        if "min" in data and "max" in data:
            check.fail(spath, "a step has min or max, not both")
            return None
        low = (
            _bound(check, (*spath, "min"), data["min"], units, target.unit)
            if "min" in data
            else None
        )
        high = (
            _bound(check, (*spath, "max"), data["max"], units, target.unit)
            if "max" in data
            else None
        )
        if points is None or ("min" in data and low is None) or ("max" in data and high is None):
            return None
        if low is None and high is None and i != len(items) - 1:
            check.fail(spath, "only the last step may have no bound (it means 'otherwise')")
            return None
        kinds.add("min" if low is not None else "max" if high is not None else "else")
        steps.append(Step(points=points, min=low, max=high))
    if {"min", "max"} <= kinds:
        check.fail(
            path, "steps use either min (higher is better) or max (lower is better), not both"
        )
        return None
    bounded: list[Decimal] = []
    for step in steps:
        edge = step.min if step.min is not None else step.max
        if edge is not None:
            bounded.append(edge)
    descending = "min" in kinds
    for a, b in itertools.pairwise(bounded):
        if (descending and b >= a) or (not descending and b <= a):
            order = "from the highest min down" if descending else "from the lowest max up"
            check.fail(
                path, f"steps overlap or are out of order at {format_decimal(b)}: list them {order}"
            )
            return None
    if "else" not in kinds and bounded:
        edge = bounded[-1]
        if (descending and edge > 0) or (not descending):
            where = (
                f"below {format_decimal(edge)}" if descending else f"above {format_decimal(edge)}"
            )
            check.fail(
                path,
                f"values {where} fall in no step; add a last step with only "
                "points (for example {points: 0})",
            )
            return None
    function = _bind(steps_score, steps=tuple(steps), raw=weight)
    unit = target.unit or ""

    def bound(i: int) -> str:
        s = steps[i]
        if s.min is not None:
            return f"≥{format_decimal(s.min)}{unit}"
        if s.max is not None:
            return f"≤{format_decimal(s.max)}{unit}"
        # The last step, with no bound, is 'otherwise': written in symbols, so
        # that the formula reads the same in zh and en (> 30% after ≤ 30%).
        before = steps[i - 1] if i > 0 else None
        if before is not None and before.max is not None:
            return f">{format_decimal(before.max)}{unit}"
        if before is not None and before.min is not None:
            return f"<{format_decimal(before.min)}{unit}"
        return "*"

    described = "; ".join(f"{bound(i)} → {format_decimal(s.points)}" for i, s in enumerate(steps))
    return Rule(
        name="steps",
        zh="分档",
        en="steps",
        compute=function,
        ops=QUANTITATIVE_OPS,
        formula=described,
        met=_bind(_steps_met, weight=weight, steps=tuple(steps)),
        excel=_bind(steps_excel, steps=tuple(steps), raw=weight),
    )


def deduct_rule(
    check: Checker, path: Path, raw: Any, weight: Decimal, target: Target, units: UnitTable
) -> Rule | None:
    """Read ``deduct: {per: 1%, points: 0.5, rounding: exact|up|down}``."""
    data = check.mapping(
        path,
        raw,
        ("per", "points", "rounding"),
        ("per", "points"),
        "a mapping {per: 1%, points: 0.5}",
    )
    if data is None or "per" not in data or "points" not in data:
        return None
    per = _bound(check, (*path, "per"), data["per"], units, target.unit)
    points = check.number((*path, "points"), data["points"], above=_ZERO, what="points")
    rounding: Rounding = "exact"
    if "rounding" in data:
        text = check.text((*path, "rounding"), data["rounding"])
        if text not in ("exact", "up", "down"):
            check.fail(
                (*path, "rounding"),
                f"expected exact, up (every unit begun counts) or "
                f"down (whole units only); found {describe(text)}",
            )
            return None
        rounding = text  # type: ignore[assignment]
    if per is None or points is None:
        return None
    if per <= 0:
        check.fail((*path, "per"), "the unit of deviation must be above 0")
        return None
    function = _bind(deduct_score, per=per, points=points, rounding=rounding, raw=weight)
    return Rule(
        name="deduct",
        zh="扣分",
        en="deduct",
        compute=function,
        excel=_bind(deduct_excel, per=per, points=points, rounding=rounding, raw=weight),
        ops=QUANTITATIVE_OPS,
        formula=f"-{format_decimal(points)} per {format_decimal(per)} beyond the target"
        + ("" if rounding == "exact" else f" (rounded {rounding})"),
    )


# --- checklist ------------------------------------------------------------------------


def checklist_rule(
    check: Checker, path: Path, raw: Any, weight: Decimal, target: Target, units: UnitTable
) -> Rule | None:
    """Read ``checklist: [{item: 制度存在, met: true, points: 1}, …]``; points
    default to an equal share of the weight."""
    items = check.sequence(path, raw, "a list of criteria {item, met, points}")
    if not items:
        if items is not None:
            check.fail(path, "a checklist needs at least one criterion")
        return None
    share = weight / len(items)
    earned, total, described = _ZERO, _ZERO, []
    for i, item in enumerate(items):
        ipath: Path = (*path, i)
        data = check.mapping(ipath, item, ("item", "met", "points"), ("item", "met"))
        if data is None or "item" not in data or "met" not in data:
            return None
        name = check.text((*ipath, "item"), data["item"])
        met = check.boolean((*ipath, "met"), data["met"])
        points: Decimal | None = share
        if "points" in data:
            points = check.number((*ipath, "points"), data["points"], above=_ZERO, what="points")
        if name is None or met is None or points is None:
            return None
        total += points
        earned += points if met else _ZERO
        described.append(f"{name} {'✓' if met else '✗'}")
    if total > weight:
        check.fail(
            path,
            f"the criteria are worth {format_decimal(total)} points, more than the "
            f"weight {format_decimal(weight)}",
        )
        return None
    function = _bind(checklist_score, earned=earned, raw=weight)
    return Rule(
        name="checklist",
        zh="清单",
        en="checklist",
        compute=function,
        ops=QUANTITATIVE_OPS | {"qualitative"},
        input="params",
        formula=", ".join(described),
        met=_bind(_checklist_met, full=earned >= weight),
    )


CONFIGURED = {"steps": steps_rule, "deduct": deduct_rule, "checklist": checklist_rule}


# --- formulas over facts -----------------------------------------------------------------


class FormulaError(ValueError):
    """A formula that cannot be computed from the facts."""


def evaluate_formula(
    text: str, facts: dict[str, Any], units: UnitTable, precision: int = 2
) -> tuple[Any, tuple[tuple[str, str], ...]]:
    """An actual computed from the card's facts: a ratio comes out in % (the
    53号 formulas are "× 100%"), an amount in its base unit. Returns the
    Quantity (its exact value; its text rounded half up to the card's
    ``precision``, as a form writes it: 82.67%) and the facts used, as written."""
    from ..accounts.expressions import Parser
    from ..accounts.intervals import AuditError, Interval, combine
    from ..core._decimal import quantize, too_large
    from ..core.targets import Quantity

    left, _right = Parser(text + " = 0", units, None).claim()
    used: dict[str, str] = {}

    def value(expr: Any) -> Interval:
        kind = expr[0]
        if kind == "num":
            number: Interval = expr[1]
            return Interval(number.mid, number.mid, number.dim, number.mid)
        if kind == "name":
            fact = facts.get(expr[1])
            if fact is None:
                raise FormulaError(f"the fact '{expr[1]}' is missing: add it under facts:")
            used[expr[1]] = fact.display()
            unit = fact.unit
            amount = fact.value / 100 if unit == "%" else fact.value
            dim = None if unit == "%" else unit
            return Interval(amount, amount, dim, amount)
        if kind == "neg":
            inner = value(expr[1])
            return Interval(-inner.hi, -inner.lo, inner.dim, -inner.mid)
        try:
            return combine(value(expr[1]), value(expr[2]), kind)
        except AuditError as exc:
            raise FormulaError(str(exc)) from None

    try:
        result = value(left)
    except ArithmeticError:  # Decimal beyond its precision (MAX_INTERMEDIATE stops most)
        raise FormulaError("the numbers grow beyond what perfeval computes exactly") from None
    if too_large(result.mid * 100 if result.dim is None else result.mid):
        raise FormulaError(
            "the result is 10^18 or more, beyond the numbers perfeval reads; check the facts"
        )
    inputs = tuple(used.items())
    if result.dim is None:
        return Quantity(
            value=result.mid * 100,
            unit="%",
            text=f"{quantize(result.mid * 100, precision)}%",
        ), inputs
    return Quantity(
        value=result.mid,
        unit=result.dim,
        text=f"{quantize(result.mid, precision)}{result.dim}",
    ), inputs


# --- in-year budget monitoring -----------------------------------------------------------

#: Finance systems' defaults: green at 80% of the expected spending or more,
#: yellow from 60%, red below.
