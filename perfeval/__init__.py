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
import sys
from importlib.machinery import ModuleSpec
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> the module that defines it
_EXPORTS = {
    "audit": "accounts",
    "load_accounts": "accounts",
    "loads_accounts": "accounts",
    "monitor": "core.department",
    "score_many": "batch",
    "ExpressionError": "core.errors",
    "Location": "core.errors",
    "PerfevalError": "core.errors",
    "Problem": "core.errors",
    "ScorecardError": "core.errors",
    "framework_names": "read.frameworks",
    "get_framework": "read.frameworks",
    "load_framework": "read.frameworks",
    "BUILTIN_SCALES": "core.grading",
    "MOF_2020": "core.grading",
    "Band": "core.grading",
    "GradeScale": "core.grading",
    "from_dict": "read.loading",
    "load": "read.loading",
    "loads": "read.loading",
    "Budget": "core.model",
    "Departure": "core.model",
    "Framework": "core.model",
    "Group": "core.model",
    "Indicator": "core.model",
    "Kind": "core.model",
    "Reported": "core.model",
    "Scorecard": "core.model",
    "BudgetScore": "core.results",
    "Finding": "core.results",
    "Grade": "core.results",
    "GroupScore": "core.results",
    "IndicatorScore": "core.results",
    "Result": "core.results",
    "review": "reviewing",
    "DEFAULT_RULES": "core.rules",
    "Rule": "core.rules",
    "Rules": "core.rules",
    "apportion": "core.scoring",
    "quantize": "core.scoring",
    "score": "core.scoring",
    "Quantity": "core.targets",
    "Target": "core.targets",
    "Tier": "core.targets",
    "parse_number": "core.targets",
    "parse_quantity": "core.targets",
    "parse_target": "core.targets",
    "parse_tier": "core.targets",
    "DEFAULT_UNITS": "core.units",
    "Unit": "core.units",
    "UnitTable": "core.units",
    "to_frame": "write.data",
    "to_json": "write.data",
}

# Modules docs/api.md names as ``perfeval.<module>.<name>``: importing
# perfeval is enough to reach them (by these names, wherever they live).
_MODULES = frozenset(
    {
        "audit_report",
        "data",
        "department",
        "findings",
        "html_form",
        "report",
        "results",
        "reviewing",
    }
)

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
        submodule = importlib.import_module(f".{_OLD_NAMES.get(name, name)}", __name__)
        globals()[name] = submodule
        return submodule
    if module is None:
        raise AttributeError(f"module 'perfeval' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


#: Where each module of the flat layout before docs/architecture.md's folders
#: lives now: ``import perfeval.report`` and ``from perfeval.results import …``
#: (and pickles that name them) get the module itself, not a copy.
_OLD_NAMES = {
    "_check": "read._check", "_decimal": "core._decimal", "_files": "read._files",
    "_frozen": "core._frozen", "_rows": "read._rows", "_safe": "core._safe",
    "_write": "write._write", "_yaml": "read._yaml", "audit_report": "write.audit_report",
    "batch_report": "write.batch_report", "card_data": "read.card_data", "data": "write.data",
    "department": "core.department", "errors": "core.errors", "excel": "write.excel",
    "excel_import": "read.excel_import", "explain": "core.explain", "findings": "core.findings",
    "forms": "read.forms", "frameworks": "read.frameworks", "grading": "core.grading",
    "grid": "read.grid", "html_form": "write.html_form", "i18n": "core.i18n",
    "limits": "core.limits", "loading": "read.loading", "messages": "core.messages",
    "model": "core.model", "report": "write.report", "results": "core.results",
    "results_schema": "write.results_schema", "review_workbook": "write.review_workbook",
    "rules": "core.rules", "schema": "read.schema", "scoring": "core.scoring",
    "targets": "core.targets", "units": "core.units",
}  # fmt: skip


class _OldNames:
    """Finds ``perfeval.<old name>`` for the import system: the module at its new place."""

    @staticmethod
    def find_spec(fullname: str, path: Any = None, target: Any = None) -> ModuleSpec | None:
        package, _, name = fullname.partition(".")
        if package != __name__ or name not in _OLD_NAMES:
            return None
        return ModuleSpec(fullname, _OldNames)  # type: ignore[arg-type]

    @staticmethod
    def create_module(spec: ModuleSpec) -> Any:
        module = importlib.import_module(f".{_OLD_NAMES[spec.name.partition('.')[2]]}", __name__)
        spec.loader_state = module.__spec__  # the import system sets __spec__ to the alias's
        return module

    @staticmethod
    def exec_module(module: Any) -> None:
        """The module ran when it was imported at its own name; it keeps its own spec."""
        module.__spec__ = module.__spec__.loader_state


sys.meta_path.append(_OldNames)


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # for type checkers and editors: the same names, eagerly
    from .accounts import audit, load_accounts, loads_accounts
    from .batch import score_many
    from .core.department import monitor
    from .core.errors import ExpressionError, Location, PerfevalError, Problem, ScorecardError
    from .core.grading import BUILTIN_SCALES, MOF_2020, Band, GradeScale
    from .core.model import (
        Budget,
        Departure,
        Framework,
        Group,
        Indicator,
        Kind,
        Reported,
        Scorecard,
    )
    from .core.results import BudgetScore, Finding, Grade, GroupScore, IndicatorScore, Result
    from .core.rules import DEFAULT_RULES, Rule, Rules
    from .core.scoring import apportion, quantize, score
    from .core.targets import (
        Quantity,
        Target,
        Tier,
        parse_number,
        parse_quantity,
        parse_target,
        parse_tier,
    )
    from .core.units import DEFAULT_UNITS, Unit, UnitTable
    from .read.frameworks import framework_names, get_framework, load_framework
    from .read.loading import from_dict, load, loads
    from .reviewing import review
    from .write.data import to_frame, to_json
