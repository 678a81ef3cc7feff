"""Department rules (部门整体支出, 财预〔2013〕53号 tables) and in-year monitoring:
the scores (pure; a card's settings are read by perfeval.rule_settings).

- ``steps`` (分档): ordered bands of the actual, each worth its points;
- ``deduct`` (扣分制): points off per unit of deviation beyond the target,
  never below 0 (扣完为止);
- ``checklist``: points per criterion met.

Each is configured on the indicator (``steps:``, ``deduct:``, ``checklist:``)
and becomes a rule whose function carries its configuration (a
:class:`Bound` module-level function, so results pickle and compare by value).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any, Literal

import attrs

from ._frozen import FrozenDict
from .rules import ExcelCells
from .targets import Target, format_decimal

__all__ = [
    "MONITOR_DEFAULTS",
    "Bound",
    "Monitor",
    "Step",
    "checklist_score",
    "deduct_excel",
    "deduct_score",
    "monitor",
    "steps_excel",
    "steps_score",
]

_ZERO = Decimal(0)


def _frozen_keywords(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return FrozenDict(value)


@attrs.frozen
class Bound:
    """A rule function with its settings, like ``functools.partial`` but
    equal by value (a card equals itself after pickling) and picklable."""

    function: Callable[..., Any]
    keywords: Mapping[str, Any] = attrs.field(converter=_frozen_keywords)

    def __call__(self, *args: Any) -> Any:
        return self.function(*args, **self.keywords)


def _bind(function: Callable[..., Any], **keywords: Any) -> Any:
    """A Bound, typed loosely: it stands in for a RuleFunction or a MetTest."""
    return Bound(function, keywords)


# --- steps (分档) ---------------------------------------------------------------------


@attrs.frozen
class Step:
    """A band: the actual at or above ``min`` (or at or below ``max``) earns
    ``points``; a step with neither bound is the last one, 'otherwise'."""

    points: Decimal
    min: Decimal | None = None
    max: Decimal | None = None


def steps_score(
    actual: Decimal, target: Target, weight: Decimal, *, steps: tuple[Step, ...], raw: Decimal
) -> Decimal:
    """The points of the first band the actual falls in (scaled with the row)."""
    for step in steps:
        if (
            (step.min is not None and actual >= step.min)
            or (step.max is not None and actual <= step.max)
            or (step.min is None and step.max is None)
        ):
            return step.points * weight / raw
    return _ZERO


def _steps_met(
    actual: Decimal, target: Target, *, weight: Decimal, steps: tuple[Step, ...]
) -> bool:
    return steps_score(actual, target, weight, steps=steps, raw=weight) >= weight


# --- deduct (扣分制) --------------------------------------------------------------------

Rounding = Literal["exact", "up", "down"]


def steps_excel(c: ExcelCells, *, steps: tuple[Step, ...], raw: Decimal) -> str:
    """The bands as nested IFs over the actual, each band's points scaled with the row."""
    body = "0"
    for step in reversed(steps):
        points = f"{format_decimal(step.points)}*{c.w}/{format_decimal(raw)}"
        if step.min is not None:
            body = f"IF({c.a}>={format_decimal(step.min)},{points},{body})"
        elif step.max is not None:
            body = f"IF({c.a}<={format_decimal(step.max)},{points},{body})"
        else:
            body = points
    return body


def deduct_score(
    actual: Decimal,
    target: Target,
    weight: Decimal,
    *,
    per: Decimal,
    points: Decimal,
    rounding: Rounding,
    raw: Decimal,
) -> Decimal:
    """W − points × (deviation beyond the target ÷ per), never below 0."""
    t = target.value if target.value is not None else _ZERO
    match target.op:
        case "<=" | "<" | "=" if actual > t:
            deviation = actual - t
        case ">=" | ">" if actual < t:
            deviation = t - actual
        case "=" if actual < t:
            deviation = t - actual
        case "range" if target.high is not None and actual > target.high:
            deviation = actual - target.high
        case "range" if actual < t:
            deviation = t - actual
        case _:
            return weight
    units = deviation / per
    if rounding == "up":
        units = units.to_integral_value(rounding=ROUND_CEILING)
    elif rounding == "down":
        units = units.to_integral_value(rounding=ROUND_FLOOR)
    return max(raw - points * units, _ZERO) * weight / raw


def deduct_excel(
    c: ExcelCells, *, per: Decimal, points: Decimal, rounding: Rounding, raw: Decimal
) -> str:
    """points off per unit of deviation beyond the target, as Excel writes it."""
    a, t, k = c.a, c.t, c.k
    deviation = {
        "<=": f"MAX({a}-{t},0)",
        "<": f"MAX({a}-{t},0)",
        ">=": f"MAX({t}-{a},0)",
        ">": f"MAX({t}-{a},0)",
        "=": f"ABS({a}-{t})",
        "range": f"IF({a}>{k},{a}-{k},MAX({t}-{a},0))",
    }[c.op]
    units = f"{deviation}/{format_decimal(per)}"
    if rounding == "up":
        units = f"ROUNDUP({units},0)"
    elif rounding == "down":
        units = f"ROUNDDOWN({units},0)"
    whole = format_decimal(raw)
    return f"MAX({whole}-{format_decimal(points)}*{units},0)*{c.w}/{whole}"


def checklist_score(
    actual: Decimal, target: Target, weight: Decimal, *, earned: Decimal, raw: Decimal
) -> Decimal:
    return min(earned, raw) * weight / raw


def _checklist_met(actual: Decimal, target: Target, *, full: bool) -> bool:
    return full


#: The indicator key each configured rule reads, and its reader.
MONITOR_DEFAULTS = (Decimal("0.8"), Decimal("0.6"))


@attrs.frozen(kw_only=True)
class Monitor:
    """Spending against the pace the budget implies at a month of the year."""

    month: int
    expected: Decimal
    spent: Decimal
    ratio: Decimal
    status: Literal["green", "yellow", "red"]


def monitor(
    budget: Decimal, spent: Decimal, month: int, thresholds: Sequence[Decimal] = MONITOR_DEFAULTS
) -> Monitor:
    """expected = budget × month / 12; green, yellow or red by spent / expected."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1 to 12; found {month}")
    expected = budget * month / 12
    ratio = spent / expected if expected else Decimal(1)
    green, yellow = thresholds
    status: Literal["green", "yellow", "red"] = (
        "green" if ratio >= green else "yellow" if ratio >= yellow else "red"
    )
    return Monitor(month=month, expected=expected, spent=spent, ratio=ratio, status=status)
