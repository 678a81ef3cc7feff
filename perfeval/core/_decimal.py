"""perfeval's own Decimal context, so results never depend on the caller's.

Python's decimal context is global per thread: a program that sets
``getcontext().prec = 5`` would otherwise change perfeval's arithmetic. Every
public entry point runs under :data:`CONTEXT` (60 significant digits, every
numeric trap on), and numbers are bounded by :data:`LIMIT` so that no result
can outgrow it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from typing import ParamSpec, TypeVar

from .limits import MAX_NUMBER, MIN_NUMBER

__all__ = ["CONTEXT", "LIMIT", "STEPS", "exact", "quantize", "too_large", "too_small"]

CONTEXT = Context(
    prec=60, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow]
)
#: Largest magnitude of any number perfeval reads (perfeval.limits.MAX_NUMBER).
LIMIT = MAX_NUMBER

P = ParamSpec("P")
R = TypeVar("R")


#: 10^-places for the precisions a card may have (0 to 6 decimals).
STEPS = {places: Decimal(1).scaleb(-places) for places in range(0, 7)}


def quantize(value: Decimal, precision: int) -> Decimal:
    """Round half up to ``precision`` decimals: the one rounding rule."""
    step = STEPS.get(precision) or Decimal(1).scaleb(-precision)
    return value.quantize(step, rounding=ROUND_HALF_UP, context=CONTEXT)


def exact(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` under perfeval's Decimal context."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with localcontext(CONTEXT):
            return function(*args, **kwargs)

    return wrapper


def too_large(value: Decimal) -> bool:
    """Whether a number is beyond what perfeval reads."""
    return value.is_finite() and abs(value) >= LIMIT


def too_small(value: Decimal) -> bool:
    """Whether a number other than 0 is nearer 0 than perfeval reads."""
    return value.is_finite() and bool(value) and abs(value) < MIN_NUMBER
