"""perfeval: score Chinese budget-performance self-evaluations exactly.

>>> import perfeval
>>> perfeval.parse_target("20万条以上")
Target(op='>=', value=Decimal('200000'), unit='条', high=None, statement=None)

Everything a user needs is imported from here; the modules behind it are
small and each does one job (see docs/api.md).
"""

from __future__ import annotations

from .batch import score_many
from .errors import ExpressionError, Location, PerfevalError, Problem, ScorecardError
from .frameworks import framework_names, get_framework, load_framework
from .grading import BUILTIN_SCALES, MOF_2020, Band, GradeScale
from .loading import from_dict, load, loads
from .model import Budget, Framework, Group, Indicator, Kind, Reported, Scorecard
from .results import BudgetScore, Finding, Grade, GroupScore, IndicatorScore, Result
from .rules import DEFAULT_RULES, Rule, Rules
from .scoring import apportion, quantize, score
from .targets import Quantity, Target, Tier, parse_number, parse_quantity, parse_target, parse_tier
from .units import DEFAULT_UNITS, Unit, UnitTable

__version__ = "0.1.0"

__all__ = [
    "BUILTIN_SCALES",
    "DEFAULT_RULES",
    "DEFAULT_UNITS",
    "MOF_2020",
    "Band",
    "Budget",
    "BudgetScore",
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
    "framework_names",
    "from_dict",
    "get_framework",
    "load",
    "load_framework",
    "loads",
    "parse_number",
    "parse_quantity",
    "parse_target",
    "parse_tier",
    "quantize",
    "score",
    "score_many",
]
