"""Auditing the arithmetic of a final-accounts report (决算): ``perfeval audit``.

An accounts file names the figures a report states and the claims it makes
about them (sums, shares, growth, completion rates, differences), written as
arithmetic over the names. Four modules, each depending only on those
before it:

- :mod:`.intervals` – a stated figure as the interval its precision allows,
  and arithmetic on intervals;
- :mod:`.expressions` – the claim language, parsed without ``eval`` (the
  card's formulas and the frameworks' standards use it too);
- :mod:`.claims` – claims, their verdicts, and the bounded search that
  decides them;
- :mod:`.files` – reading an accounts file.

The names below are imported when first used, so that a card's formula,
which needs only the parser, does not load the audit.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "Audit": "claims",
    "AuditResult": "claims",
    "Claim": "claims",
    "ClaimResult": "claims",
    "Figure": "claims",
    "Statement": "claims",
    "TwoValues": "claims",
    "audit": "claims",
    "parse_claim": "expressions",
    "load_accounts": "files",
    "loads_accounts": "files",
    "AuditError": "intervals",
    "Interval": "intervals",
    "TooLargeError": "intervals",
    "stated_interval": "intervals",
}

__all__ = [
    "Audit",
    "AuditError",
    "AuditResult",
    "Claim",
    "ClaimResult",
    "Figure",
    "Interval",
    "Statement",
    "TooLargeError",
    "TwoValues",
    "audit",
    "load_accounts",
    "loads_accounts",
    "parse_claim",
    "stated_interval",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'perfeval.accounts' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    from .claims import Audit, AuditResult, Claim, ClaimResult, Figure, Statement, TwoValues, audit
    from .expressions import parse_claim
    from .files import load_accounts, loads_accounts
    from .intervals import AuditError, Interval, TooLargeError, stated_interval
