"""Reading indicator rows: kind, weight, target, rule, actual and score.

Part of the scorecard loader (:mod:`perfeval.loading`); every problem is
collected in the shared :class:`~perfeval._check.Checker` with its key path.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..core.errors import ExpressionError, Path, quote
from ..core.model import Actual, Departure, Framework, Indicator
from ..core.rules import Rule, Rules, default_rule_name
from ..core.targets import (
    Quantity,
    Target,
    Tier,
    format_decimal,
    normalize_text,
    parse_tier,
    read_quantity,
    read_target,
)
from ..core.units import Unit, UnitTable, from_base, to_base
from . import _yaml
from ._check import MISSING, Checker, describe, did_you_mean

__all__ = ["INDICATOR_KEYS", "RowReader", "check_decimals"]

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


class RowReader:
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
        if isinstance(raw, Mapping) and "standard" in raw:
            merged = self.standard(path, raw, framework)
            if merged is None:
                return None
            standard, raw = str(merged.pop("_standard")), merged
        item = check.mapping(
            path,
            raw,
            INDICATOR_KEYS,
            ("name", "kind", "weight", "target"),
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
        rule = None
        if target is not None:
            rule, target = self.rule(path, item, target)
            if rule is not None and weight is not None:
                rule = self.configure(path, item, rule, weight, target, units, applicable)
        actual: Actual = None
        unreported = False
        formula: str | None = None
        inputs: tuple[tuple[str, str], ...] = ()
        if rule is not None and target is not None:
            if "formula" in item:
                formula, actual, inputs = self.formula(
                    path, item, target, units, applicable, precision
                )
            elif self.review and applicable and reported is not None and _unreported(item, rule):
                # the form scores a row it gives no 实际完成值 for: a departure, scored 0
                # (a row with neither is unfilled, and stays an error: nothing to review)
                unreported = True
            elif "actual" in item:
                actual = self.actual((*path, "actual"), item["actual"], target, rule, units)
            elif applicable and rule.input not in ("score", "params"):
                check.fail((*path, "actual"), "'actual' is required (or set applicable: false)")
        free_text = None
        if isinstance(actual, str) and rule is not None and rule.input == "tier":
            # Free text (效果明显): the score's band names the tier.
            free_text = actual
            actual = self.free_tier(path, free_text, target, weight, given, reported, applicable)
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
            check.fail(
                (*path, "score"),
                f"the tier '{actual.value}' ({actual.zh}) needs the "
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
        if unreported:
            self.departures.append(
                Departure(
                    code="actual-missing",
                    severity="warning",
                    indicator=ident,
                    template="actual-missing",
                    params=(name, reported),
                )
            )
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
            settings=next(
                ((k, item[k]) for k in ("steps", "deduct", "checklist") if k in item), None
            ),
            actual_text=free_text,
        )

    def free_tier(
        self,
        path: Path,
        text: str,
        target: Target | None,
        weight: Decimal | None,
        given: Decimal | None,
        reported: Decimal | None,
        applicable: bool,
    ) -> Tier | None:
        """The tier of a free-text qualitative actual: the band of the
        evaluator's ``score:`` (in review, of the published score)."""
        judged = given if given is not None else (_judged(reported) if self.review else None)
        if weight is None:
            return None
        if judged is None:
            if not applicable:
                return Tier.ACHIEVED  # not scored; the text is shown as written
            bands = "; ".join(
                f"{tier.value} ({tier.zh}) {_band_text(low, high, weight, closed)}"
                for tier, (low, high, closed) in _TIER_BANDS.items()
            )
            where = (
                "score: (or, in review, reported:)" if not self.review else "reported: or score:"
            )
            hint = ""
            if target is not None and any(c.isdigit() for c in normalize_text(text)):
                hint = "; " + _numeric_against_qualitative(target, text)
            self.check.fail(
                (*path, "actual"),
                f"the actual '{text}' names no tier (achieved, partial, not-achieved), so "
                f"the row needs a score whose band names it: add {where} within "
                f"{format_decimal(weight)} points: {bands}{hint}",
            )
            return None
        for tier, (low, high, closed) in _TIER_BANDS.items():
            if low * weight <= judged and (
                judged <= high * weight if closed else judged < high * weight
            ):
                return tier
        return Tier.ACHIEVED  # above the weight: reported as it is, or refused by check_given

    def kind(
        self, path: Path, item: dict[str, Any], framework: Framework
    ) -> tuple[str, str | None] | None:
        check = self.check
        if "kind" not in item:
            return None
        name = check.text((*path, "kind"), item["kind"])
        if name is None:
            return None
        resolved = framework.resolve_kind(name)
        if resolved is None:
            names = sorted({k.id for k in framework.kinds} | set(framework.aliases))
            check.fail(
                (*path, "kind"),
                f"unknown kind '{quote(name)}'{did_you_mean(name, names)}; "
                f"framework {framework.id} has: "
                f"{', '.join(k.id for k in framework.kinds)}",
            )
            return None
        kind_id, aspect = resolved
        kind = framework.kind(kind_id)
        assert kind is not None
        if "aspect" in item:
            aspect_name = check.text((*path, "aspect"), item["aspect"])
            if aspect_name is None:
                return None
            if not kind.aspects:
                check.fail((*path, "aspect"), f"kind '{kind.id}' has no aspects; remove 'aspect'")
                return None
            found = framework.resolve_kind(aspect_name)
            by_id = kind.aspect(aspect_name)
            if by_id is not None:
                found = (kind.id, by_id.id)
            if found is None or found[0] != kind.id or found[1] is None:
                aspect_ids = [a.id for a in kind.aspects]
                check.fail(
                    (*path, "aspect"),
                    f"unknown aspect '{quote(aspect_name)}'"
                    f"{did_you_mean(aspect_name, aspect_ids)}; expected one of: "
                    f"{', '.join(aspect_ids)}",
                )
                return None
            if aspect is not None and aspect != found[1]:
                check.fail(
                    (*path, "aspect"),
                    f"the kind '{name}' already says the aspect "
                    f"'{aspect}'; remove 'aspect' or make them agree",
                )
                return None
            aspect = found[1]
        if kind.aspects and aspect is None:
            choices = ", ".join(a.id for a in kind.aspects)
            check.fail(
                (*path, "aspect"),
                f"kind '{kind.id}' needs an aspect: one of {choices} "
                f"(or write kind: {kind.aspects[0].id}-{kind.id})",
                at=(*path, "kind"),
            )
            return None
        return kind_id, aspect

    def weight(self, path: Path, raw: Any, total: Decimal, precision: int) -> Decimal | None:
        if isinstance(raw, str) and normalize_text(raw).endswith("%"):
            percent = self.check.number(
                path, normalize_text(raw)[:-1], above=Decimal(0), what="a weight"
            )
            weight = percent * total / 100 if percent is not None else None
        else:
            weight = self.check.number(path, raw, above=Decimal(0), what="a weight (分值)")
        if weight is not None and not check_decimals(self.check, path, weight, precision):
            return None
        return weight

    def target(self, path: Path, raw: Any, units: UnitTable) -> Target | None:
        check = self.check
        if isinstance(raw, Mapping):
            return self.target_mapping(path, raw, units)
        if isinstance(raw, Decimal | int | float) and not _yaml.is_bool(raw):
            number = check.number(path, raw, what="a target")
            return None if number is None else Target(op="=", value=number, text=str(raw))
        text = (
            check.text(path, raw)
            if isinstance(raw, str) or raw is None or _yaml.is_bool(raw) or _yaml.is_date(raw)
            else None
        )
        if text is None:
            if (
                not isinstance(raw, str | type(None))
                and not _yaml.is_bool(raw)
                and not _yaml.is_date(raw)
            ):
                check.fail(path, f"expected a target such as '20万条以上'; found {describe(raw)}")
            return None
        try:
            return read_target(text, units)
        except ExpressionError as exc:
            check.fail(path, exc.render())
            return None

    def target_mapping(self, path: Path, raw: Mapping[str, Any], units: UnitTable) -> Target | None:
        check = self.check
        data = check.mapping(path, raw, TARGET_KEYS, ("op",))
        if data is None or "op" not in data:
            return None
        op_text = check.text((*path, "op"), data["op"])
        op = _OPS.get(normalize_text(op_text or "").replace("≥", ">=").replace("≤", "<="))
        if op is None:
            op = _OPS.get((op_text or "").strip())
        if op is None:
            check.fail(
                (*path, "op"),
                f"unknown operator '{op_text}'; expected one of "
                f"{', '.join(sorted(set(_OPS.values())))}",
            )
            return None
        ok, unit = self.unit_of(path, data, units)
        if not ok:
            return None
        base = unit.base if unit else None
        if op == "range":
            low = check.number((*path, "low"), data.get("low"))
            high = check.number((*path, "high"), data.get("high"))
            if low is None or high is None:
                return None
            if low > high:
                check.fail((*path, "low"), f"low {low} is above high {high}")
                return None
            target = Target(
                op="range",
                value=to_base(unit, low),
                high=to_base(unit, high),
                unit=base,
                written=unit,
            )
        else:
            value = check.number((*path, "value"), data.get("value"))
            if value is None:
                return None
            target = Target(op=op, value=to_base(unit, value), unit=base, written=unit)  # type: ignore[arg-type]
        return Target(
            op=target.op,
            value=target.value,
            high=target.high,
            unit=target.unit,
            written=unit,
            text=_written_target(target, unit),
        )

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

    def standard(
        self, path: Path, raw: Mapping[str, Any], framework: Framework
    ) -> dict[str, Any] | None:
        """The indicator with the framework's standard filled in under it:
        whatever the card gives itself wins."""
        name = self.check.text((*path, "standard"), raw["standard"])
        if name is None:
            return None
        found = framework.standard(name)
        if found is None:
            names = [s["id"] for s in framework.standards]
            self.check.fail(
                (*path, "standard"),
                f"framework {framework.id} has no standard "
                f"indicator '{name}'{did_you_mean(name, names)}",
            )
            return None
        merged = {k: v for k, v in found.items() if k in INDICATOR_KEYS and k != "standard"}
        if "weight" not in merged and "points" in found:
            merged["weight"] = found["points"]
        if "points" in found and "weight" in raw:
            # The standard's settings are written for its own points: a card
            # that gives the row other points gets them scaled alike.
            try:
                factor = Decimal(str(raw["weight"]).rstrip("%")) / Decimal(str(found["points"]))
            except (ArithmeticError, ValueError):
                factor = Decimal(1)  # a bad weight is reported where it is read
            if factor != 1:
                for key in ("steps", "deduct", "checklist"):
                    if key in merged and key not in raw:
                        merged[key] = _scaled(merged[key], factor)
        if "id" not in raw:
            merged["id"] = found["id"]
        merged.update({k: v for k, v in raw.items() if k != "standard"})
        merged["_standard"] = found["id"]
        return merged

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
        given = [key for key in CONFIGURED_KEYS if key in item]
        if not given and rule.name not in CONFIGURED_KEYS:
            return rule  # the common case: no department rule (and no import of it)
        from .rule_settings import CONFIGURED

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
        from .rule_settings import FormulaError, evaluate_formula

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

    def actual(self, path: Path, raw: Any, target: Target, rule: Rule, units: UnitTable) -> Actual:
        check = self.check
        if rule.input == "tier":
            return self.tier(path, raw, target)
        if rule.input == "score":  # manual: the actual is shown, not scored
            if isinstance(raw, Mapping) or (
                isinstance(raw, Decimal | int | float) and not _yaml.is_bool(raw)
            ):
                return self.quantity(path, raw, target, units)
            text = check.text(path, raw) if raw is not None else None
            if text is None:
                return None
            tier = parse_tier(text)
            if tier is not None:
                return tier
            try:
                return self.converted(path, read_quantity(text, units), target)
            except ExpressionError:
                return text
        if isinstance(raw, str) and parse_tier(raw) is not None:
            check.fail(
                path,
                f"the actual '{raw}' is a qualitative tier, but the target "
                f"'{target.display()}' is a number; give the figure achieved",
            )
            return None
        return self.quantity(path, raw, target, units)

    def tier(self, path: Path, raw: Any, target: Target) -> Tier | str | None:
        check = self.check
        if (isinstance(raw, Decimal | int | float) and not _yaml.is_bool(raw)) or isinstance(
            raw, Mapping
        ):
            check.fail(path, _numeric_against_qualitative(target, str(raw)))
            return None
        text = check.text(path, raw)
        if text is None:
            return None
        tier = parse_tier(text)
        if tier is not None:
            return tier
        if target.statement is not None and normalize_text(text).rstrip("。.") == target.statement:
            return Tier.ACHIEVED  # the form repeats the target's text when it was reached
        return text.strip()  # free text: its tier comes from the score's band

    def quantity(self, path: Path, raw: Any, target: Target, units: UnitTable) -> Quantity | None:
        check = self.check
        if isinstance(raw, Mapping):
            data = check.mapping(path, raw, ACTUAL_KEYS, ("value",))
            if data is None or "value" not in data:
                return None
            value = check.number((*path, "value"), data["value"], what="an actual")
            ok, unit = self.unit_of(path, data, units)
            if not ok:
                return None
            if value is None:
                return None
            text = f"{format_decimal(value)}{unit.name if unit else ''}"
            quantity = Quantity(
                value=to_base(unit, value),
                unit=unit.base if unit else None,
                text=text,
                written=unit,
            )
            return self.converted(path, quantity, target)
        if isinstance(raw, Decimal | int | float) and not _yaml.is_bool(raw):
            value = check.number(path, raw, what="an actual")
            if value is None:
                return None
            return self.converted(path, Quantity(value=value, text=str(raw)), target)
        written = check.text(path, raw)
        read = check.quantity(path, written, units) if written is not None else None
        return self.converted(path, read, target) if read is not None else None

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

    def check_given(
        self,
        path: Path,
        rule: Rule | None,
        actual: Actual,
        weight: Decimal,
        given: Decimal,
        precision: int,
    ) -> None:
        check = self.check
        spath = (*path, "score")
        if given > weight:
            check.fail(
                spath,
                f"a score of {format_decimal(given)} is above the weight {format_decimal(weight)}",
            )
            return
        if rule is not None and rule.input == "tier" and isinstance(actual, Tier):
            low, high, closed = _TIER_BANDS[actual]
            if not (
                low * weight <= given
                and (given <= high * weight if closed else given < high * weight)
            ):
                check.fail(
                    spath,
                    f"a score of {format_decimal(given)} is outside the band of "
                    f"the tier '{actual.value}' ({actual.zh}): expected "
                    f"{_band_text(low, high, weight, closed)}",
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


#: What a published form writes in an empty 实际完成值 cell.
_EMPTY = ("", "—", "-", "/", "无")


def _unreported(item: Mapping[str, Any], rule: Rule) -> bool:
    """Review: a row whose 实际完成值 the form leaves empty (no ``actual``,
    or an empty text), under a rule that needs one."""
    if rule.input in ("score", "params") or "formula" in item:
        return False
    raw = item.get("actual")
    return raw is None or (isinstance(raw, str) and raw.strip() in _EMPTY)
