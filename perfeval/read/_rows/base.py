"""What every part of the indicator reader shares: the keys of a row, its
unit helpers, and the reader's state (the checker, the rules, the facts)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ...core.errors import ExpressionError, Path, quote
from ...core.model import Departure
from ...core.rules import Rule, Rules
from ...core.targets import (
    Quantity,
    Target,
    Tier,
    format_decimal,
    is_blank,
    normalize_text,
    read_quantity,
)
from ...core.units import Unit, UnitTable, from_base
from .. import _yaml
from .._check import Checker, did_you_mean

INDICATOR_KEYS = (
    "id",
    "name",
    "kind",
    "aspect",
    "weight",
    "target",
    "actual",
    "rule",
    "note",
    "score",
    "reported",
    "applicable",
    "standard",
    "formula",
    "steps",
    "deduct",
    "checklist",
)
TARGET_KEYS = ("op", "value", "unit", "low", "high")
#: The keys of the department rules' settings (perfeval.rule_settings.CONFIGURED),
#: named here so that a card without one does not import that module.
CONFIGURED_KEYS = ("steps", "deduct", "checklist")
ACTUAL_KEYS = ("value", "unit")
_ID = re.compile(r"[A-Za-z0-9_.-]+")
_OPS = {
    ">=": ">=",
    "≥": ">=",
    "≧": ">=",
    ">": ">",
    "<=": "<=",
    "≤": "<=",
    "≦": "<=",
    "<": "<",
    "=": "=",
    "==": "=",
    "range": "range",
}
_TIER_BANDS = {
    Tier.ACHIEVED: (Decimal("0.8"), Decimal(1), True),
    Tier.PARTIAL: (Decimal("0.6"), Decimal("0.8"), False),
    Tier.NOT_ACHIEVED: (Decimal(0), Decimal("0.6"), False),
}


def _scaled(settings: Any, factor: Decimal) -> Any:
    """Rule settings with every ``points`` multiplied by ``factor``."""
    if isinstance(settings, Mapping):
        return {
            k: (_scaled_points(v, factor) if k == "points" else _scaled(v, factor))
            for k, v in settings.items()
        }
    if isinstance(settings, list | tuple):
        return [_scaled(item, factor) for item in settings]
    return settings


def _scaled_points(value: Any, factor: Decimal) -> Any:
    """Points times the factor; a value that is no number is left for the
    settings reader to report."""
    if isinstance(value, bool) or _yaml.is_bool(value):
        return value
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return value
    return number * factor if number.is_finite() else value


def check_decimals(check: Checker, path: Path, value: Decimal, precision: int) -> bool:
    """Weights may not have more decimals than the card's precision."""
    if value == value.to_integral_value():
        return True  # a whole number (most weights) has no decimals to count
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > precision:
        check.fail(
            path,
            f"{quote(format_decimal(value) if -exponent < 100 else value)} has more decimals "
            "than the card's "
            f"precision ({precision}); the table could not add up",
        )
        return False
    return True


class Part:
    """The reader's state, which every part reads."""

    check: Checker
    rules: Rules
    facts: dict[str, Quantity]
    review: bool
    departures: list[Departure]

    def unit_of(
        self, path: Path, data: dict[str, Any], units: UnitTable
    ) -> tuple[bool, Unit | None]:
        """The ``unit:`` of a target or actual mapping, and whether it could be
        read: (True, None) when not given; (False, None) when it names no
        known unit (the problem is recorded)."""
        if "unit" not in data:
            return True, None
        name = self.check.text((*path, "unit"), data["unit"])
        unit = units.get(normalize_text(name)) if name else None
        if unit is None and name:
            self.check.fail(
                (*path, "unit"), f"unknown unit '{quote(name)}'{did_you_mean(name, units.units)}"
            )
        return unit is not None, unit

    def converted(self, path: Path, quantity: Quantity, target: Target) -> Quantity | None:
        """The actual in the target's base unit; a bare number takes its unit."""
        if quantity.unit is None:
            written = target.written
            if written is None:
                return quantity
            return Quantity(
                value=written.to_base(quantity.value),
                unit=written.base,
                text=quantity.text,
                written=written,
                qualifier=quantity.qualifier,
            )
        if target.unit is not None and quantity.unit != target.unit:
            if _period_of(target.unit) != _period_of(quantity.unit):  # 每周1次 against 52次
                self.check.fail(path, _per_period_mismatch(quantity, target))
                return None
            self.check.fail(
                path,
                f"the actual '{quantity.display()}' is in "
                f"{quantity.written.name if quantity.written else quantity.unit}, "
                f"which cannot be compared with the target's unit "
                f"{target.written.name if target.written else target.unit} "
                f"('{target.display()}'); write both in one unit",
            )
            return None
        return quantity


def _period_of(unit: str) -> str | None:
    """The period a per-period unit counts in (周 of 次/周); None for a year's."""
    return unit.split("/", 1)[1] if "/" in unit else None


def _per_period_mismatch(quantity: Quantity, target: Target) -> str:
    """Message unit-per-period: one side counts per week or day, the other not."""
    per = target if target.unit is not None and "/" in target.unit else quantity
    unit = per.written.name if per.written else (per.unit or "")
    period = _period_of(unit) or ""
    from ...core.periods import in_english

    english = in_english(period)
    return (
        f"the actual '{quantity.display()}' and the target '{target.display()}' count in "
        f"different periods; a count per {english} ({unit}) has no fixed number in a "
        f"working year: write both per {english} ({period}), or both for the year"
    )


# --- budget, reported, cross checks ------------------------------------


def _band_text(low: Decimal, high: Decimal, weight: Decimal, closed: bool) -> str:
    close = "]" if closed else ")"
    return f"[{format_decimal(low * weight)}, {format_decimal(high * weight)}{close}"


def _numeric_against_qualitative(target: Target, actual: str) -> str:
    hint = ""
    text = target.display()
    if any(c.isdigit() for c in text):
        hint = (
            f" (the target '{quote(text)}' is read as qualitative because not all of it is a "
            "number, magnitude and known unit; add a count unit of your own to 'units:', "
            "or write the target as a comparison such as '≥24小时')"
        )
    return (
        f"a number ('{actual}') cannot be scored against the qualitative target "
        f"'{quote(text)}'; give a tier (achieved, partial, not-achieved){hint}"
    )


def _written_target(target: Target, unit: Any) -> str:
    name = unit.name if unit is not None else ""
    value = target.value if target.value is not None else Decimal(0)
    if target.op == "range":
        assert target.high is not None
        low, high = from_base(unit, value), from_base(unit, target.high)
        return f"{format_decimal(low)}{name}~{format_decimal(high)}{name}"
    return f"{target.op}{format_decimal(from_base(unit, value))}{name}"


def _judged(reported: Decimal | None) -> Decimal | None:
    """A published score as the judgment of a row scored by judgment (review):
    a negative one judges nothing (it is compared with the review, a finding)."""
    return reported if reported is not None and reported >= 0 else None


def without_blanks(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Review: a published row as if its empty cells were not there — an
    ``actual``, ``score`` or ``reported`` the form leaves blank (``''``, ``—``,
    ``——``, ``/``, ``无``, ``N/A``, ``不适用``: see perfeval.core.targets.is_blank)."""
    return {
        key: value
        for key, value in raw.items()
        if not (
            key in ("actual", "score", "reported")
            and (value is None or (isinstance(value, str) and is_blank(value)))
        )
    }


def _in_words(item: Mapping[str, Any], rule: Rule, units: UnitTable) -> bool:
    """Review: an actual in words under a rule that computes from a figure:
    no digit, and no figure in Chinese numerals either (三次 and 百分之九十 are
    figures; 较好, 已完成, 一次性通过验收, 三五次 are words). A text with digits
    that cannot be read stays an error that names it."""
    actual = item.get("actual")
    if rule.input != "number" or "formula" in item or not isinstance(actual, str):
        return False
    text = normalize_text(actual)
    if not text or any(ch.isdigit() for ch in text):
        return False
    try:
        read_quantity(text, units)
    except ExpressionError:
        return True
    return False


def _in_another_unit(
    item: Mapping[str, Any], target: Target, rule: Rule, units: UnitTable
) -> tuple[str, str] | None:
    """Review: an actual that reads as a figure in a unit the target's cannot
    be compared with (22万件 against 20万条以上, 50% against 48次以上, 52次 against
    每周1次): the two units as written, else None."""
    actual = item.get("actual")
    if rule.input != "number" or "formula" in item or target.unit is None:
        return None
    if not isinstance(actual, str):
        return None
    try:
        quantity = read_quantity(actual, units)
    except ExpressionError:
        return None
    if quantity.unit is None or quantity.unit == target.unit:
        return None
    unit = quantity.written.name if quantity.written else quantity.unit
    return unit, target.written.name if target.written else target.unit


def _unreported(item: Mapping[str, Any], rule: Rule) -> bool:
    """Review: a row that gives no 实际完成值 (its blank cells already left
    out by :func:`without_blanks`), under a rule that needs one."""
    if rule.input in ("score", "params") or "formula" in item:
        return False
    return "actual" not in item
