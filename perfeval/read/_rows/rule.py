"""Reading the rule, its settings (steps, deduct, checklist) and a formula over facts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ...core.errors import ExpressionError, Path, quote
from ...core.model import Actual
from ...core.rules import Rule, default_rule_name
from ...core.targets import (
    Target,
    normalize_text,
)
from ...core.units import UnitTable
from .._check import did_you_mean
from .base import CONFIGURED_KEYS, Part


class RulePart(Part):
    """Reads the rule."""

    def rule(self, path: Path, item: dict[str, Any], target: Target) -> tuple[Rule | None, Target]:
        check = self.check
        if "rule" in item:
            name = check.text((*path, "rule"), item["rule"])
            if name is None:
                return None, target
            rule = self.rules.get(name)
            if rule is None:
                check.fail(
                    (*path, "rule"),
                    f"unknown rule '{quote(name)}'"
                    f"{did_you_mean(name, self.rules)}; known: {', '.join(self.rules)}",
                )
                return None, target
            if rule.input == "tier" and target.quantitative:
                # rule: qualitative forces a target that reads as a number to be a statement
                target = Target(
                    op="qualitative",
                    statement=normalize_text(target.display()),
                    text=target.text or str(target),
                )
            problem = rule.problem_with(target)
            if problem is not None:
                check.fail((*path, "rule"), problem)
                return None, target
            return rule, target
        default = default_rule_name(target)
        if default is None:
            check.fail(
                (*path, "target"),
                f"no rule is chosen by default for "
                f"'{target.display()}'; name one with rule: (for example threshold)",
            )
            return None, target
        rule = self.rules[default]
        problem = rule.problem_with(target)
        if problem is not None:
            check.fail((*path, "target"), problem)
            return None, target
        return rule, target

    def configure(
        self,
        path: Path,
        item: dict[str, Any],
        rule: Rule,
        weight: Decimal,
        target: Target,
        units: UnitTable,
        applicable: bool = True,
    ) -> Rule | None:
        """A department rule (steps, deduct, checklist) read from its key."""
        if rule.name not in CONFIGURED_KEYS and item.keys().isdisjoint(CONFIGURED_KEYS):
            return rule  # the common case: no department rule (and no import of it)
        given = [key for key in CONFIGURED_KEYS if key in item]
        from ..rule_settings import CONFIGURED

        if len(given) > 1:
            self.check.fail(path, f"give one of {', '.join(given)}, not several")
            return None
        if rule.name in CONFIGURED:
            key = rule.name
            if key not in item and not applicable:
                return rule  # a row that does not apply needs no settings
            if key not in item:
                self.check.fail((*path, key), f"rule '{key}' needs its '{key}:' settings")
                return None
        elif given and "rule" not in item:
            key = given[0]
        elif given:
            self.check.fail(
                (*path, given[0]),
                f"'{given[0]}:' goes with rule: {given[0]}, not rule: {rule.name}",
            )
            return None
        else:
            return rule
        return CONFIGURED[key](self.check, (*path, key), item[key], weight, target, units)

    def formula(
        self,
        path: Path,
        item: dict[str, Any],
        target: Target,
        units: UnitTable,
        applicable: bool,
        precision: int = 2,
    ) -> tuple[str | None, Actual, tuple[tuple[str, str], ...]]:
        from ..rule_settings import FormulaError, evaluate_formula

        fpath: Path = (*path, "formula")
        text = self.check.text(fpath, item["formula"])
        if text is None:
            return None, None, ()
        if "actual" in item:
            self.check.fail((*path, "actual"), "give an actual or a formula, not both")
            return None, None, ()
        if not applicable:
            return text, None, ()
        try:
            quantity, inputs = evaluate_formula(text, self.facts, units, precision)
        except ExpressionError as exc:
            self.check.fail(fpath, exc.render())
            return None, None, ()
        except FormulaError as exc:
            self.check.fail(fpath, f"{exc} (formula '{quote(text)}')")
            return None, None, ()
        return text, self.converted((*path, "formula"), quantity, target), inputs
