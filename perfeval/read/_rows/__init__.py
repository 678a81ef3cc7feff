"""Reading indicator rows, a part per thing a row holds: its kind
(:mod:`.kind`), points and scores (:mod:`.points`), target (:mod:`.target`),
actual (:mod:`.actual`) and rule with its settings and formula (:mod:`.rule`);
:class:`RowReader` puts them together. Part of the scorecard loader
(:mod:`perfeval.read.loading`); every problem is collected in the shared
:class:`~perfeval.read._check.Checker` with its key path.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ...core.errors import Path
from ...core.model import Actual, Departure, Framework, Indicator
from ...core.rules import Rules
from ...core.targets import NO_TARGET, Quantity, Tier, format_decimal, judges
from ...core.units import UnitTable
from .._check import MISSING, Checker
from .actual import ActualPart
from .base import (
    _ID,
    _TIER_BANDS,
    INDICATOR_KEYS,
    _band_text,
    _in_another_unit,
    _in_words,
    _judged,
    _unreported,
    check_decimals,
    without_blanks,
)
from .kind import KindPart
from .points import PointsPart
from .rule import RulePart
from .target import TargetPart

__all__ = ["INDICATOR_KEYS", "RowReader", "check_decimals"]


class RowReader(KindPart, PointsPart, TargetPart, ActualPart, RulePart):
    """Reads the ``indicators:`` list of a card."""

    def __init__(
        self,
        check: Checker,
        rules: Rules,
        facts: dict[str, Quantity] | None = None,
        *,
        review: bool = False,
        departures: list[Departure] | None = None,
    ) -> None:
        self.check = check
        self.rules = rules
        self.facts = facts or {}
        self.review = review  # a published form: its reported scores stand in for score:
        #: Review: where a row departs from the rules (a row with no actual).
        self.departures = departures if departures is not None else []

    def indicators(
        self, raw: Any, framework: Framework, units: UnitTable, precision: int
    ) -> tuple[Indicator, ...]:
        check = self.check
        if raw is MISSING:
            return ()
        items = check.sequence(("indicators",), raw, "a list of indicators")
        if items is None:
            return ()
        if not items:
            check.fail(("indicators",), "a scorecard needs at least one indicator")
            return ()
        out: list[Indicator] = []
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            indicator = self.indicator(i, item, framework, units, precision)
            if indicator is None:
                continue
            if indicator.id in seen:
                check.fail(
                    ("indicators", i, "id"),
                    f"the id '{indicator.id}' is already used by "
                    f"indicators[{seen[indicator.id]}]; ids must be unique",
                )
                continue
            seen[indicator.id] = i
            out.append(indicator)
        return tuple(out)

    def indicator(
        self, i: int, raw: Any, framework: Framework, units: UnitTable, precision: int
    ) -> Indicator | None:
        check = self.check
        path: Path = ("indicators", i)
        before = len(check.problems)
        standard = None
        if self.review and isinstance(raw, Mapping):
            raw = without_blanks(raw)  # a published row's empty cells are no values
        if isinstance(raw, Mapping) and "standard" in raw:
            merged = self.standard(path, raw, framework)
            if merged is None:
                return None
            standard, raw = str(merged.pop("_standard")), merged
        item = check.mapping(
            path,
            raw,
            INDICATOR_KEYS,
            # review: a row the form scores with no 年度指标值 is a departure (target-missing)
            ("name", "kind", "weight") if self.review else ("name", "kind", "weight", "target"),
            "an indicator mapping (name, kind, weight, target, actual)",
        )
        if item is None:
            return None
        ident = f"i{i + 1}"
        if "id" in item:
            ident = check.identifier((*path, "id"), item["id"], _ID) or ident
            if ident == "budget":
                check.fail((*path, "id"), "the id 'budget' is reserved for the budget row")
        name = check.text((*path, "name"), item["name"]) if "name" in item else None
        kind_aspect = self.kind(path, item, framework)
        weight = None
        if "weight" in item:
            weight = self.weight((*path, "weight"), item["weight"], framework.total, precision)
        applicable = True
        if "applicable" in item:
            applicable = check.boolean((*path, "applicable"), item["applicable"]) is not False
        note = None
        if "note" in item and item["note"] is not None:
            note = check.text((*path, "note"), item["note"], empty_ok=True)
            note = note.strip() if note else None
        given = None
        if "score" in item:
            given = check.number(
                (*path, "score"), item["score"], minimum=Decimal(0), what="a score"
            )
        reported = None
        if "reported" in item:
            reported = check.number(  # review: a negative published score is a finding
                (*path, "reported"),
                item["reported"],
                minimum=None if self.review else Decimal(0),
                what="a score",
            )
        target = self.target((*path, "target"), item["target"], units) if "target" in item else None
        untargeted = False
        if "target" not in item:
            if reported is None or not applicable:  # a row with neither is unfilled
                check.fail((*path, "target"), "'target' is required")
            else:  # review: the form scores a row it gives no 年度指标值 for, scored 0
                untargeted = True
                target = NO_TARGET
        rule = None
        if target is not None:
            rule, target = self.rule(path, item, target)
            if rule is not None and weight is not None:
                rule = self.configure(path, item, rule, weight, target, units, applicable)
        actual: Actual = None
        unreported = False
        worded: str | None = None  # review: the words a form gives for a figure
        other_unit: tuple[str, str] | None = None  # review: (its unit, the target's)
        formula: str | None = None
        inputs: tuple[tuple[str, str], ...] = ()
        if rule is not None and target is not None:
            if untargeted:
                pass  # nothing to compare an actual with: the row departs, scored 0
            elif "formula" in item:
                formula, actual, inputs = self.formula(
                    path, item, target, units, applicable, precision
                )
            elif self.review and applicable and reported is not None and _unreported(item, rule):
                # the form scores a row it gives no 实际完成值 for: a departure, scored 0
                # (a row with neither is unfilled, and stays an error: nothing to review)
                unreported = True
            elif self.review and applicable and _in_words(item, rule, units):
                # the form answers a number in words (较好, 已完成 against ≥95%): no
                # figure to score, a departure scored 0; its words are kept
                worded = str(item["actual"]).strip()
            elif (
                self.review
                and applicable
                and (other_unit := _in_another_unit(item, target, rule, units))
            ):
                # the form counts in another unit (22万件 against 20万条以上): no figure
                # the rules can compare, a departure scored 0, as words are
                worded = str(item["actual"]).strip()
            elif "actual" in item:
                actual = self.actual((*path, "actual"), item["actual"], target, rule, units)
            elif applicable and rule.input not in ("score", "params"):
                check.fail((*path, "actual"), "'actual' is required (or set applicable: false)")
        free_text = worded
        if isinstance(actual, str) and rule is not None and rule.input == "tier":
            # Free text (效果明显): the score's band names the tier; text that
            # negates the target (未按时完成 against 按时完成) or gives a date after its
            # deadline is not achieved, a date by the deadline achieved.
            free_text = actual
            named = judges(free_text, target.statement if target is not None else None)
            if named is not None:
                actual = named
            else:
                actual = self.free_tier(
                    path, free_text, target, weight, given, reported, applicable
                )
        judged = given if given is not None else (_judged(reported) if self.review else None)
        if weight is not None and given is not None:
            self.check_given(path, rule, actual, weight, given, precision)
        elif rule is not None and rule.input == "score" and given is None and applicable:
            most = format_decimal(weight or Decimal(0))
            check.fail(
                (*path, "score"),
                f"rule '{rule.name}' needs the evaluator's score: add score: (0 to {most})",
                at=(*path, "rule"),
            )
        elif (
            rule is not None
            and rule.input == "tier"
            and isinstance(actual, Tier)
            and actual is not Tier.ACHIEVED
            and weight is not None
            and applicable
            and judged is None
        ):
            low, high, _ = _TIER_BANDS[actual]
            assert target is not None  # a rule was chosen for it
            said = (
                f"the actual '{free_text}' says the target '{target.display()}' was not met, "
                "so the row is not achieved and"
                if free_text is not None
                else f"the tier '{actual.value}' ({actual.zh})"
            )
            check.fail(
                (*path, "score"),
                f"{said} needs the "
                f"evaluator's score in {_band_text(low, high, weight, False)}: add score:",
                at=(*path, "actual"),
            )
        if len(check.problems) > before:
            return None
        # No new problem means every part above was read.
        assert name is not None
        assert kind_aspect is not None
        assert weight is not None
        assert target is not None
        assert rule is not None
        kind, aspect = kind_aspect
        if worded is not None or unreported or untargeted:  # review: nothing to score, 0
            code, params = (
                ("target-missing", (name, reported, given))
                if untargeted
                else ("actual-missing", (name, reported, given))
                if worded is None
                else (
                    "actual-unit-mismatch",
                    (name, worded, target.display(), *other_unit, reported, given),
                )
                if other_unit is not None
                else ("actual-not-a-figure", (name, worded, target.display(), reported, given))
            )
            departure = Departure(
                code=code, severity="warning", indicator=ident, template=code, params=params
            )
            self.departures.append(departure)
        kind_obj = framework.kind(kind)
        assert kind_obj is not None
        return Indicator(
            id=ident,
            name=name,
            kind=kind,
            aspect=aspect,
            group=kind_obj.group,
            weight=weight,
            target=target,
            actual=actual,
            rule=rule,
            note=note,
            score=given,
            reported=reported,
            applicable=applicable,
            formula=formula,
            inputs=inputs,
            standard=standard,
            settings=_settings(item),
            actual_text=free_text,
        )


def _settings(item: dict[str, Any]) -> tuple[str, Any] | None:
    """The department rule's settings key and value, if the row has one."""
    for key in ("steps", "deduct", "checklist"):
        if key in item:
            return key, item[key]
    return None
