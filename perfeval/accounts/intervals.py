"""Interval arithmetic for the audit: each stated figure is the interval its
written precision allows (``229.85万元`` is [229.845, 229.855]万元), and
sums, products and quotients of intervals are intervals."""

from __future__ import annotations

import re
from decimal import Decimal

import attrs

from ..core.errors import ExpressionError
from ..core.limits import (
    MAX_INTERMEDIATE,
)
from ..core.targets import normalize_text, read_quantity
from ..core.units import DEFAULT_UNITS, UnitTable

_ZERO = Decimal(0)
_HALF = Decimal("0.5")


# --- intervals ---------------------------------------------------------------------


@attrs.frozen
class Interval:
    """A value known to lie in [lo, hi], with its dimension: a base unit such
    as 元 or 件, or None for a pure number (a ratio, a percentage)."""

    lo: Decimal
    hi: Decimal
    dim: str | None = None
    mid: Decimal = attrs.field(default=None, eq=False)
    #: How to show values like this one: divide by ``scale``, append ``word``
    #: (万元 for an amount written in 万元; % for a percentage).
    scale: Decimal = attrs.field(default=Decimal(1), eq=False)
    word: str = attrs.field(default="", eq=False)

    def __attrs_post_init__(self) -> None:
        if self.mid is None:
            object.__setattr__(self, "mid", (self.lo + self.hi) / 2)

    def contains_zero(self) -> bool:
        return self.lo <= 0 <= self.hi

    def overlaps(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    def gap(self, other: Interval) -> Decimal:
        """How far apart two intervals are (0 when they overlap)."""
        return max(self.lo - other.hi, other.lo - self.hi, _ZERO)


class AuditError(ValueError):
    """An expression that cannot be computed (mixed units, division by 0)."""


class TooLargeError(AuditError):
    """An expression whose value grows beyond what perfeval computes."""


def _dims(a: Interval, b: Interval, op: str) -> str | None:
    if op in "+-":
        if a.dim != b.dim:
            raise AuditError(
                f"cannot {'add' if op == '+' else 'subtract'} "
                f"{a.dim or 'a pure number'} and {b.dim or 'a pure number'}"
            )
        return a.dim
    if op == "*":
        if a.dim and b.dim:
            raise AuditError(f"cannot multiply {a.dim} by {b.dim}")
        return a.dim or b.dim
    if a.dim == b.dim:
        return None  # 元 / 元 is a ratio
    if b.dim is None:
        return a.dim
    raise AuditError(f"cannot divide {a.dim or 'a pure number'} by {b.dim}")


def combine(a: Interval, b: Interval, op: str) -> Interval:
    """Interval arithmetic: the smallest interval holding every result.

    AuditError when a result reaches MAX_INTERMEDIATE (10^36): beyond it
    Decimal arithmetic would lose digits, or overflow."""
    result = _combine(a, b, op)
    if max(abs(result.lo), abs(result.hi)) >= MAX_INTERMEDIATE:
        raise TooLargeError(
            "a value reaches 10^36 or more, beyond what perfeval computes exactly "
            "(numbers are read below 10^18); check the figures and the formula"
        )
    return result


def _combine(a: Interval, b: Interval, op: str) -> Interval:
    dim = _dims(a, b, op)
    if op == "+":
        return Interval(a.lo + b.lo, a.hi + b.hi, dim, a.mid + b.mid)
    if op == "-":
        return Interval(a.lo - b.hi, a.hi - b.lo, dim, a.mid - b.mid)
    if op == "*":
        products = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi]
        return Interval(min(products), max(products), dim, a.mid * b.mid)
    if b.contains_zero():
        raise AuditError("division by a figure that may be 0")
    quotients = [a.lo / b.lo, a.lo / b.hi, a.hi / b.lo, a.hi / b.hi]
    return Interval(min(quotients), max(quotients), dim, a.mid / b.mid)


# --- stated values -------------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?\d[\d,]*(?:\.(\d+))?")


def stated_interval(
    text: str,
    units: UnitTable = DEFAULT_UNITS,
    *,
    precise: bool = False,
    default_unit: str | None = None,
) -> Interval:
    """The interval a written value stands for: ± half a unit of its last
    written digit, in its base unit; a percentage as a pure number (2.25% is
    0.0225 ± 0.00005). ``precise`` makes it a point (a count of people)."""
    norm = normalize_text(text)
    if default_unit and not any(not (c.isdigit() or c in ".,+-") for c in norm):
        norm += default_unit
    quantity = read_quantity(norm, units)
    if quantity.qualifier:
        raise ExpressionError(text, "a stated figure cannot carry a comparator", 0, len(text))
    match = _NUMBER.search(norm)
    assert match is not None
    decimals = len(match.group(1) or "")
    written = Decimal(match.group().replace(",", ""))
    value = quantity.value
    if written != 0:
        scale = value / written  # magnitude × unit factor
    else:
        scale = read_quantity(norm[: match.start()] + "1" + norm[match.end() :], units).value
    half = _ZERO if precise else _HALF * Decimal(1).scaleb(-decimals) * abs(scale)
    dim = quantity.unit
    word = norm[match.end() :]
    if dim == "%":
        value, half, dim, scale, word = value / 100, half / 100, None, Decimal("0.01"), "%"
    return Interval(
        value - half, value + half, dim, value, scale=abs(scale) or Decimal(1), word=word
    )
