"""perfeval: score Chinese budget-performance self-evaluations exactly.

>>> import perfeval
>>> perfeval.parse_target("20万条以上")
Target(op='>=', value=Decimal('200000'), unit='条', high=None, statement=None)

Everything a user needs is imported from here; the modules behind it are
small and each does one job (see docs/api.md). Names are imported on first
use, so ``import perfeval`` and the command line start quickly.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> the module that defines it
_EXPORTS = {
    "audit": "accounts",
    "load_accounts": "accounts",
    "loads_accounts": "accounts",
    "monitor": "department",
    "score_many": "batch",
    "ExpressionError": "errors",
    "Location": "errors",
    "PerfevalError": "errors",
    "Problem": "errors",
    "ScorecardError": "errors",
    "framework_names": "frameworks",
    "get_framework": "frameworks",
    "load_framework": "frameworks",
    "BUILTIN_SCALES": "grading",
    "MOF_2020": "grading",
    "Band": "grading",
    "GradeScale": "grading",
    "from_dict": "loading",
    "load": "loading",
    "loads": "loading",
    "Budget": "model",
    "Departure": "model",
    "Framework": "model",
    "Group": "model",
    "Indicator": "model",
    "Kind": "model",
    "Reported": "model",
    "Scorecard": "model",
    "BudgetScore": "results",
    "Finding": "results",
    "Grade": "results",
    "GroupScore": "results",
    "IndicatorScore": "results",
    "Result": "results",
    "review": "reviewing",
    "DEFAULT_RULES": "rules",
    "Rule": "rules",
    "Rules": "rules",
    "apportion": "scoring",
    "quantize": "scoring",
    "score": "scoring",
    "Quantity": "targets",
    "Target": "targets",
    "Tier": "targets",
    "parse_number": "targets",
    "parse_quantity": "targets",
    "parse_target": "targets",
    "parse_tier": "targets",
    "DEFAULT_UNITS": "units",
    "Unit": "units",
    "UnitTable": "units",
    "to_frame": "data",
    "to_json": "data",
}

# Modules docs/api.md names as ``perfeval.<module>.<name>``: importing
# perfeval is enough to reach them.
_MODULES = frozenset({"audit_report", "data", "html_form", "report", "reviewing"})

__all__ = [
    "BUILTIN_SCALES",
    "DEFAULT_RULES",
    "DEFAULT_UNITS",
    "MOF_2020",
    "Band",
    "Budget",
    "BudgetScore",
    "Departure",
    "ExpressionError",
    "Finding",
    "Framework",
    "Grade",
    "GradeScale",
    "Group",
    "GroupScore",
    "Indicator",
    "IndicatorScore",
    "Kind",
    "Location",
    "PerfevalError",
    "Problem",
    "Quantity",
    "Reported",
    "Result",
    "Rule",
    "Rules",
    "Scorecard",
    "ScorecardError",
    "Target",
    "Tier",
    "Unit",
    "UnitTable",
    "__version__",
    "apportion",
    "audit",
    "framework_names",
    "from_dict",
    "get_framework",
    "load",
    "load_accounts",
    "load_framework",
    "loads",
    "loads_accounts",
    "monitor",
    "parse_number",
    "parse_quantity",
    "parse_target",
    "parse_tier",
    "quantize",
    "review",
    "score",
    "score_many",
    "to_frame",
    "to_json",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None and name in _MODULES:
        submodule = importlib.import_module(f".{name}", __name__)
        globals()[name] = submodule
        return submodule
    if module is None:
        raise AttributeError(f"module 'perfeval' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # for type checkers and editors: the same names, eagerly
    from .accounts import audit, load_accounts, loads_accounts
    from .batch import score_many
    from .data import to_frame, to_json
    from .department import monitor
    from .errors import ExpressionError, Location, PerfevalError, Problem, ScorecardError
    from .frameworks import framework_names, get_framework, load_framework
    from .grading import BUILTIN_SCALES, MOF_2020, Band, GradeScale
    from .loading import from_dict, load, loads
    from .model import (
        Budget,
        Departure,
        Framework,
        Group,
        Indicator,
        Kind,
        Reported,
        Scorecard,
    )
    from .results import BudgetScore, Finding, Grade, GroupScore, IndicatorScore, Result
    from .reviewing import review
    from .rules import DEFAULT_RULES, Rule, Rules
    from .scoring import apportion, quantize, score
    from .targets import (
        Quantity,
        Target,
        Tier,
        parse_number,
        parse_quantity,
        parse_target,
        parse_tier,
    )
    from .units import DEFAULT_UNITS, Unit, UnitTable
