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
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from typing import ParamSpec, TypeVar

from .limits import MAX_NUMBER

__all__ = ["CONTEXT", "LIMIT", "exact", "too_large"]

CONTEXT = Context(
    prec=60, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow]
)
#: Largest magnitude of any number perfeval reads (perfeval.limits.MAX_NUMBER).
LIMIT = MAX_NUMBER

P = ParamSpec("P")
R = TypeVar("R")


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
