"""Scorecards from YAML files, YAML text or plain data.

``load(path)``, ``loads(text, source=...)`` and ``from_dict(mapping)`` all
validate the same way and raise one :class:`~perfeval.errors.ScorecardError`
listing every problem found, each with its key path and, for YAML, its file,
line and column.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path as FsPath
from typing import Any

from . import _yaml
from ._check import MISSING, Checker, describe, did_you_mean
from .errors import ExpressionError, Location, Path, ScorecardError
from .frameworks import DEFAULT_FRAMEWORK, get_framework
from .grading import BUILTIN_SCALES, Band, GradeScale, ScaleError
from .model import Actual, Budget, Framework, Group, Indicator, Reported, Scorecard
from .rules import DEFAULT_RULES, Rule, Rules, default_rule_name
from .targets import (
    Quantity,
    Target,
    Tier,
    format_decimal,
    normalize_text,
    parse_quantity,
    parse_target,
    parse_tier,
)
from .units import DEFAULT_UNITS, UnitTable

__all__ = ["KEYS", "from_dict", "load", "loads"]

KEYS = (
    "perfeval", "title", "entity", "framework", "scale", "precision", "review_ratio",
    "weights", "budget", "indicators", "units", "reported",
)  # fmt: skip
INDICATOR_KEYS = (
    "id", "name", "kind", "aspect", "weight", "target", "actual", "rule", "note",
    "score", "reported", "applicable",
)  # fmt: skip
BUDGET_KEYS = ("initial", "adjusted", "spent", "note", "reported")
REPORTED_KEYS = ("total", "grade")
BAND_KEYS = ("grade", "zh", "en", "min", "aliases")
TARGET_KEYS = ("op", "value", "unit", "low", "high")
ACTUAL_KEYS = ("value", "unit")
MAX_PRECISION = 6
_ID = re.compile(r"[A-Za-z0-9_.-]+")
_OPS = {
    ">=": ">=", "≥": ">=", "≧": ">=", ">": ">", "<=": "<=", "≤": "<=", "≦": "<=",
    "<": "<", "=": "=", "==": "=", "range": "range",
}  # fmt: skip
_TIER_BANDS = {
    Tier.ACHIEVED: (Decimal("0.8"), Decimal(1), True),
    Tier.PARTIAL: (Decimal("0.6"), Decimal("0.8"), False),
    Tier.NOT_ACHIEVED: (Decimal(0), Decimal("0.6"), False),
}


def load(path: str | os.PathLike[str], *, rules: Rules = DEFAULT_RULES) -> Scorecard:
    """Read a scorecard file (UTF-8 YAML; a byte-order mark is allowed)."""
    source = os.fspath(path)
    try:
        data = FsPath(source).read_bytes()
    except OSError as exc:
        raise ScorecardError.single((), f"cannot read the file: {exc.strerror}",
                                    Location(source)) from None  # fmt: skip
    try:
        text = _yaml.decode(data, source)
    except _yaml.YamlProblems as exc:
        raise ScorecardError(exc.problems) from None
    return loads(text, source=source, rules=rules, base=FsPath(source).parent)


def loads(
    text: str,
    source: str = "<string>",
    *,
    rules: Rules = DEFAULT_RULES,
    base: FsPath | None = None,
) -> Scorecard:
    """Read a scorecard from YAML text; ``source`` names it in messages.

    ``base`` is the folder a framework path is relative to (default: the
    current folder).
    """
    if len(text.encode("utf-8", "surrogatepass")) > _yaml.MAX_BYTES:
        raise ScorecardError.single((), f"the text is larger than the limit of "
                                        f"{_yaml.MAX_BYTES:,} bytes", Location(source))  # fmt: skip
    text = text.removeprefix("\ufeff")
    try:
        doc = _yaml.parse(text, source)
    except _yaml.YamlProblems as exc:
        raise ScorecardError(exc.problems) from None
    check = Checker(source, lambda p, key: doc.locate(p, key=key))
    card = _Loader(check, rules, base, source).card(doc.data)
    check.raise_if_any()
    assert card is not None
    return card


def from_dict(
    data: Mapping[str, Any],
    *,
    rules: Rules = DEFAULT_RULES,
    source: str | None = None,
    base: FsPath | None = None,
) -> Scorecard:
    """Build a scorecard from plain data (``json.load`` or ``yaml.safe_load``
    output, or a dict a program made). Floats are read through ``str()``."""
    check = Checker(source)
    card = _Loader(check, rules, base, source).card(data)
    check.raise_if_any()
    assert card is not None
    return card


class _Loader:
    def __init__(self, check: Checker, rules: Rules, base: FsPath | None, source: str | None):
        self.check = check
        self.rules = rules
        self.base = base
        self.source = source

    # --- the card ---------------------------------------------------------

    def card(self, data: Any) -> Scorecard | None:
        check = self.check
        if data is None:
            check.fail((), "the file is empty; a scorecard starts with 'perfeval: 1'")
            return None
        top = check.mapping((), data, KEYS, ("perfeval", "title", "indicators"),
                            "a scorecard mapping (perfeval: 1, title:, indicators:)")  # fmt: skip
        if top is None:
            return None
        if "perfeval" in top:
            version = top["perfeval"]
            if not (isinstance(version, Decimal | int) and not _yaml.is_bool(version)
                    and version == 1):  # fmt: skip
                check.fail(("perfeval",), f"expected the format version 1; found {describe(version)}")
        title = check.text(("title",), top["title"]) if "title" in top else None
        entity = self.entity(top.get("entity", MISSING))
        precision = 2
        if "precision" in top:
            given = check.integer(("precision",), top["precision"], minimum=0,
                                  maximum=MAX_PRECISION)  # fmt: skip
            precision = precision if given is None else given
        review_ratio = Decimal("1.2")
        if "review_ratio" in top:
            review_ratio = check.number(("review_ratio",), top["review_ratio"],
                                        minimum=Decimal(1)) or review_ratio  # fmt: skip
        units = self.units(top.get("units", MISSING))
        framework = self.framework(top.get("framework", MISSING))
        if framework is None:
            return None
        groups = self.groups(framework, top.get("weights", MISSING), precision)
        scale = self.scale(top.get("scale", MISSING), framework)
        indicators = self.indicators(top.get("indicators", MISSING), framework, units, precision)
        budget = self.budget(top.get("budget", MISSING), units)
        reported = self.reported(top.get("reported", MISSING))
        self.cross_checks(framework, groups, indicators, budget, top)
        if check.problems or title is None or scale is None:
            return None
        return Scorecard(
            title=title,
            framework=framework,
            groups=groups,
            scale=scale,
            indicators=indicators,
            entity=entity,
            budget=budget,
            precision=precision,
            review_ratio=review_ratio,
            units=units,
            reported=reported,
            source=self.source,
        )

    def entity(self, raw: Any) -> dict[str, str]:
        if raw is MISSING:
            return {}
        if not isinstance(raw, Mapping):
            self.check.fail(("entity",), f"expected a mapping of scalars; found {describe(raw)}")
            return {}
        out: dict[str, str] = {}
        for key, value in raw.items():
            text = self.check.text(("entity", key), value, empty_ok=True)
            if text is not None:
                out[str(key)] = text
        return out

    def units(self, raw: Any) -> UnitTable:
        if raw is MISSING:
            return DEFAULT_UNITS
        names = []
        for i, item in enumerate(self.check.sequence(("units",), raw, "a list of unit names")
                                 or []):  # fmt: skip
            name = self.check.text(("units", i), item)
            if name is None:
                continue
            norm = normalize_text(name)
            if any(c.isdigit() for c in norm) or norm != name.strip():
                self.check.fail(("units", i), f"a unit name has no digits or spaces; "
                                              f"found '{name}'")  # fmt: skip
                continue
            names.append(norm)
        return DEFAULT_UNITS.with_counts(names)

    def framework(self, raw: Any) -> Framework | None:
        name = DEFAULT_FRAMEWORK
        if raw is not MISSING:
            name = self.check.text(("framework",), raw) or DEFAULT_FRAMEWORK
        try:
            return get_framework(name, self.base)
        except ScorecardError as exc:
            for problem in exc.problems:
                if problem.location is None:  # an unknown name: place it in the card
                    self.check.fail(("framework",), problem.message)
                else:  # a problem inside the framework file: keep its own place
                    self.check.extend([problem])
            return None

    def groups(self, framework: Framework, raw: Any, precision: int) -> tuple[Group, ...]:
        groups = framework.groups
        if raw is MISSING:
            return groups
        data = self.check.mapping(("weights",), raw, [g.id for g in groups], (),
                                  "a mapping of group ids to points")  # fmt: skip
        if data is None:
            return groups
        out = []
        for group in groups:
            if group.id in data:
                weight = self.check.number(("weights", group.id), data[group.id],
                                           minimum=Decimal(0), what="points")  # fmt: skip
                if weight is not None:
                    self.decimals(("weights", group.id), weight, precision)
                    group = Group(id=group.id, zh=group.zh, en=group.en, weight=weight,
                                  budget=group.budget)  # fmt: skip
            out.append(group)
        found = sum((g.weight for g in out), Decimal(0))
        if found != framework.total:
            detail = ", ".join(f"{g.id} {format_decimal(g.weight)}" for g in out)
            self.check.fail(("weights",), f"the group weights add up to {format_decimal(found)} "
                            f"({detail}); expected {format_decimal(framework.total)}")  # fmt: skip
        return tuple(out)

    def scale(self, raw: Any, framework: Framework) -> GradeScale | None:
        check = self.check
        if raw is MISSING:
            return BUILTIN_SCALES[framework.scale]
        if isinstance(raw, str):
            if raw in BUILTIN_SCALES:
                return BUILTIN_SCALES[raw]
            check.fail(("scale",), f"unknown scale '{raw}'{did_you_mean(raw, BUILTIN_SCALES)}; "
                       f"built in: {', '.join(BUILTIN_SCALES)}, or give a list of bands")  # fmt: skip
            return None
        items = check.sequence(("scale",), raw, "a scale name or a list of {grade, zh, min}")
        if items is None:
            return None
        bands = []
        for i, item in enumerate(items):
            path: Path = ("scale", i)
            band = check.mapping(path, item, BAND_KEYS, ("grade", "min"))
            if band is None:
                continue
            grade = check.text((*path, "grade"), band.get("grade", ""))
            minimum = check.number((*path, "min"), band.get("min"), minimum=Decimal(0),
                                   maximum=Decimal(100))  # fmt: skip
            zh = check.text((*path, "zh"), band["zh"]) if "zh" in band else None
            en = check.text((*path, "en"), band["en"]) if "en" in band else None
            aliases = []
            if "aliases" in band:
                for j, alias in enumerate(check.sequence((*path, "aliases"), band["aliases"])
                                          or []):  # fmt: skip
                    text = check.text((*path, "aliases", j), alias)
                    if text:
                        aliases.append(text)
            if grade is None or minimum is None:
                continue
            bands.append(Band(grade, zh or en or grade, en or grade, minimum, tuple(aliases)))
        if len(bands) != len(items):
            return None
        try:
            return GradeScale.build("inline", bands)
        except ScaleError as exc:
            check.fail(("scale",), str(exc))
            return None

    # --- indicators -------------------------------------------------------

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
                check.fail(("indicators", i, "id"), f"the id '{indicator.id}' is already used by "
                           f"indicators[{seen[indicator.id]}]; ids must be unique")  # fmt: skip
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
        item = check.mapping(path, raw, INDICATOR_KEYS, ("name", "kind", "weight", "target"),
                             "an indicator mapping (name, kind, weight, target, actual)")  # fmt: skip
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
            given = check.number((*path, "score"), item["score"], minimum=Decimal(0),
                                 what="a score")  # fmt: skip
        reported = None
        if "reported" in item:
            reported = check.number((*path, "reported"), item["reported"], minimum=Decimal(0),
                                    what="a score")  # fmt: skip
        target = self.target((*path, "target"), item["target"], units) if "target" in item else None
        rule = None
        if target is not None:
            rule, target = self.rule(path, item, target)
        actual: Actual = None
        if rule is not None and target is not None:
            if "actual" in item:
                actual = self.actual((*path, "actual"), item["actual"], target, rule, units)
            elif applicable and rule.input != "score":
                check.fail((*path, "actual"), "'actual' is required (or set applicable: false)")
        if weight is not None and given is not None:
            self.check_given(path, rule, actual, weight, given, precision)
        elif rule is not None and rule.input == "score" and given is None and applicable:
            check.fail((*path, "score"), f"rule '{rule.name}' needs the evaluator's score: "
                                         f"add score: (0 to {format_decimal(weight or 0)})")  # fmt: skip
        elif rule is not None and rule.input == "tier" and isinstance(actual, Tier) and \
                actual is not Tier.ACHIEVED and weight is not None and applicable:  # fmt: skip
            low, high, _ = _TIER_BANDS[actual]
            check.fail((*path, "score"), f"the tier '{actual.value}' ({actual.zh}) needs a score: "
                       f"add score: in [{_band_text(low, high, weight, False)}]")  # fmt: skip
        if len(check.problems) > before:
            return None
        assert name is not None and kind_aspect is not None and weight is not None
        assert target is not None and rule is not None
        kind, aspect = kind_aspect
        kind_obj = framework.kind(kind)
        assert kind_obj is not None
        return Indicator(
            id=ident, name=name, kind=kind, aspect=aspect, group=kind_obj.group, weight=weight,
            target=target, actual=actual, rule=rule, note=note, score=given, reported=reported,
            applicable=applicable,
        )  # fmt: skip

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
            check.fail((*path, "kind"), f"unknown kind '{name}'{did_you_mean(name, names)}; "
                       f"framework {framework.id} has: "
                       f"{', '.join(k.id for k in framework.kinds)}")  # fmt: skip
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
                choices = [a.id for a in kind.aspects]
                check.fail((*path, "aspect"), f"unknown aspect '{aspect_name}'"
                           f"{did_you_mean(aspect_name, choices)}; expected one of: "
                           f"{', '.join(choices)}")  # fmt: skip
                return None
            if aspect is not None and aspect != found[1]:
                check.fail((*path, "aspect"), f"the kind '{name}' already says the aspect "
                           f"'{aspect}'; remove 'aspect' or make them agree")  # fmt: skip
                return None
            aspect = found[1]
        if kind.aspects and aspect is None:
            choices = ", ".join(a.id for a in kind.aspects)
            check.fail((*path, "aspect"), f"kind '{kind.id}' needs an aspect: one of {choices} "
                       f"(or write kind: {kind.aspects[0].id}-{kind.id})")  # fmt: skip
            return None
        return kind_id, aspect

    def weight(self, path: Path, raw: Any, total: Decimal, precision: int) -> Decimal | None:
        if isinstance(raw, str) and normalize_text(raw).endswith("%"):
            percent = self.check.number(path, normalize_text(raw)[:-1], above=Decimal(0),
                                        what="a weight")  # fmt: skip
            weight = percent * total / 100 if percent is not None else None
        else:
            weight = self.check.number(path, raw, above=Decimal(0), what="a weight (分值)")
        if weight is not None and not self.decimals(path, weight, precision):
            return None
        return weight

    def decimals(self, path: Path, value: Decimal, precision: int) -> bool:
        exponent = value.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > precision:
            self.check.fail(path, f"{format_decimal(value)} has more decimals than the card's "
                            f"precision ({precision}); the table could not add up")  # fmt: skip
            return False
        return True

    def target(self, path: Path, raw: Any, units: UnitTable) -> Target | None:
        check = self.check
        if isinstance(raw, Mapping):
            return self.target_mapping(path, raw, units)
        if isinstance(raw, Decimal | int | float) and not _yaml.is_bool(raw):
            number = check.number(path, raw, what="a target")
            return None if number is None else Target(op="=", value=number, text=str(raw))
        text = check.text(path, raw) if isinstance(raw, str) or raw is None or \
            _yaml.is_bool(raw) or _yaml.is_date(raw) else None  # fmt: skip
        if text is None:
            if not isinstance(raw, str | type(None)) and not _yaml.is_bool(raw) \
                    and not _yaml.is_date(raw):  # fmt: skip
                check.fail(path, f"expected a target such as '20万条以上'; found {describe(raw)}")
            return None
        try:
            return parse_target(text, units)
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
            check.fail((*path, "op"), f"unknown operator '{op_text}'; expected one of "
                                      f"{', '.join(sorted(set(_OPS.values())))}")  # fmt: skip
            return None
        unit = None
        if "unit" in data:
            name = check.text((*path, "unit"), data["unit"])
            unit = units.get(normalize_text(name)) if name else None
            if name and unit is None:
                check.fail((*path, "unit"), f"unknown unit '{name}'"
                           f"{did_you_mean(name, units.units)}")  # fmt: skip
                return None
        factor = unit.factor if unit else Decimal(1)
        base = unit.base if unit else None
        if op == "range":
            low = check.number((*path, "low"), data.get("low"))
            high = check.number((*path, "high"), data.get("high"))
            if low is None or high is None:
                return None
            if low > high:
                check.fail((*path, "low"), f"low {low} is above high {high}")
                return None
            target = Target(op="range", value=low * factor, high=high * factor, unit=base,
                            written=unit)  # fmt: skip
        else:
            value = check.number((*path, "value"), data.get("value"))
            if value is None:
                return None
            target = Target(op=op, value=value * factor, unit=base, written=unit)  # type: ignore[arg-type]
        return Target(op=target.op, value=target.value, high=target.high, unit=target.unit,
                      written=unit, text=_written_target(target, unit))  # fmt: skip

    def rule(self, path: Path, item: dict[str, Any], target: Target) -> tuple[Rule | None, Target]:
        check = self.check
        if "rule" in item:
            name = check.text((*path, "rule"), item["rule"])
            if name is None:
                return None, target
            rule = self.rules.get(name)
            if rule is None:
                check.fail((*path, "rule"), f"unknown rule '{name}'"
                           f"{did_you_mean(name, self.rules)}; known: {', '.join(self.rules)}")  # fmt: skip
                return None, target
            if rule.input == "tier" and target.quantitative:
                # rule: qualitative forces a target that reads as a number to be a statement
                target = Target(op="qualitative", statement=normalize_text(target.display()),
                                text=target.text or str(target))  # fmt: skip
            problem = rule.problem_with(target)
            if problem is not None:
                check.fail((*path, "rule"), problem)
                return None, target
            return rule, target
        default = default_rule_name(target)
        if default is None:
            check.fail((*path, "target"), f"no rule is chosen by default for "
                       f"'{target.display()}'; name one with rule: (for example threshold)")  # fmt: skip
            return None, target
        rule = self.rules[default]
        problem = rule.problem_with(target)
        if problem is not None:
            check.fail((*path, "target"), problem)
            return None, target
        return rule, target

    def actual(
        self, path: Path, raw: Any, target: Target, rule: Rule, units: UnitTable
    ) -> Actual:
        check = self.check
        if rule.input == "tier":
            return self.tier(path, raw, target)
        if rule.input == "score":  # manual: the actual is shown, not scored
            if isinstance(raw, Mapping) or isinstance(raw, Decimal | int | float) and \
                    not _yaml.is_bool(raw):  # fmt: skip
                return self.quantity(path, raw, target, units)
            text = check.text(path, raw) if raw is not None else None
            if text is None:
                return None
            tier = parse_tier(text)
            if tier is not None:
                return tier
            try:
                return self.converted(path, parse_quantity(text, units), target)
            except ExpressionError:
                return text
        if isinstance(raw, str) and parse_tier(raw) is not None:
            check.fail(path, f"the actual '{raw}' is a qualitative tier, but the target "
                       f"'{target.display()}' is a number; give the figure achieved")  # fmt: skip
            return None
        return self.quantity(path, raw, target, units)

    def tier(self, path: Path, raw: Any, target: Target) -> Tier | None:
        check = self.check
        if isinstance(raw, Decimal | int | float) and not _yaml.is_bool(raw) or \
                isinstance(raw, Mapping):  # fmt: skip
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
        try:
            parse_quantity(text)
        except ExpressionError:
            pass
        else:
            check.fail(path, _numeric_against_qualitative(target, text))
            return None
        check.fail(path, f"expected a tier for the qualitative target '{target.display()}': "
                   "achieved (达成年度指标), partial (部分达成年度指标并具有一定效果) or "
                   f"not-achieved (未达成年度指标且效果较差); found '{text}'")  # fmt: skip
        return None

    def quantity(self, path: Path, raw: Any, target: Target, units: UnitTable) -> Quantity | None:
        check = self.check
        if isinstance(raw, Mapping):
            data = check.mapping(path, raw, ACTUAL_KEYS, ("value",))
            if data is None or "value" not in data:
                return None
            value = check.number((*path, "value"), data["value"], what="an actual")
            unit = None
            if "unit" in data:
                name = check.text((*path, "unit"), data["unit"])
                unit = units.get(normalize_text(name)) if name else None
                if name and unit is None:
                    check.fail((*path, "unit"), f"unknown unit '{name}'"
                               f"{did_you_mean(name, units.units)}")  # fmt: skip
                    return None
            if value is None:
                return None
            factor = unit.factor if unit else Decimal(1)
            text = f"{format_decimal(value)}{unit.name if unit else ''}"
            quantity = Quantity(value=value * factor, unit=unit.base if unit else None,
                                text=text, written=unit)  # fmt: skip
            return self.converted(path, quantity, target)
        if isinstance(raw, Decimal | int | float) and not _yaml.is_bool(raw):
            value = check.number(path, raw, what="an actual")
            if value is None:
                return None
            return self.converted(path, Quantity(value=value, text=str(raw)), target)
        text = check.text(path, raw)
        if text is None:
            return None
        try:
            quantity = parse_quantity(text, units)
        except ExpressionError as exc:
            check.fail(path, exc.render())
            return None
        return self.converted(path, quantity, target)

    def converted(self, path: Path, quantity: Quantity, target: Target) -> Quantity | None:
        """The actual in the target's base unit; a bare number takes its unit."""
        if quantity.unit is None:
            written = target.written
            if written is None:
                return quantity
            return Quantity(value=quantity.value * written.factor, unit=written.base,
                            text=quantity.text, written=written, qualifier=quantity.qualifier)  # fmt: skip
        if target.unit is not None and quantity.unit != target.unit:
            self.check.fail(path, f"the actual '{quantity.display()}' is in "
                            f"{quantity.written.name if quantity.written else quantity.unit}, "
                            f"which cannot be compared with the target's unit "
                            f"{target.written.name if target.written else target.unit} "
                            f"('{target.display()}'); write both in one unit")  # fmt: skip
            return None
        return quantity

    def check_given(
        self, path: Path, rule: Rule | None, actual: Actual, weight: Decimal, given: Decimal,
        precision: int,
    ) -> None:  # fmt: skip
        check = self.check
        spath = (*path, "score")
        if given > weight:
            check.fail(spath, f"a score of {format_decimal(given)} is above the weight "
                              f"{format_decimal(weight)}")  # fmt: skip
            return
        if rule is not None and rule.input == "tier" and isinstance(actual, Tier):
            low, high, closed = _TIER_BANDS[actual]
            if not (low * weight <= given and (given <= high * weight if closed
                                                else given < high * weight)):  # fmt: skip
                check.fail(spath, f"a score of {format_decimal(given)} is outside the band of "
                           f"the tier '{actual.value}' ({actual.zh}): expected "
                           f"{_band_text(low, high, weight, closed)}")  # fmt: skip

    # --- budget, reported, cross checks ------------------------------------

    def budget(self, raw: Any, units: UnitTable) -> Budget | None:
        check = self.check
        if raw is MISSING or raw is None:
            return None
        data = check.mapping(("budget",), raw, BUDGET_KEYS, ("adjusted", "spent"),
                             "a budget mapping (initial, adjusted, spent)")  # fmt: skip
        if data is None:
            return None
        amounts: dict[str, Quantity | None] = {}
        for key in ("initial", "adjusted", "spent"):
            if key in data:
                amounts[key] = self.money(("budget", key), data[key], units)
        note = None
        if data.get("note") is not None:
            note = check.text(("budget", "note"), data["note"], empty_ok=True)
            note = note.strip() if note else None
        reported = None
        if "reported" in data:
            reported = check.number(("budget", "reported"), data["reported"], minimum=Decimal(0))
        adjusted, spent = amounts.get("adjusted"), amounts.get("spent")
        if adjusted is not None and adjusted.value <= 0:
            check.fail(("budget", "adjusted"), "the full-year budget (全年预算数) must be above 0")
            return None
        if adjusted is None or spent is None:
            return None
        return Budget(adjusted=adjusted, spent=spent, initial=amounts.get("initial"),
                      note=note, reported=reported)  # fmt: skip

    def money(self, path: Path, raw: Any, units: UnitTable) -> Quantity | None:
        check = self.check
        if isinstance(raw, str):
            try:
                quantity = parse_quantity(raw, units)
            except ExpressionError as exc:
                check.fail(path, exc.render())
                return None
            if quantity.qualifier:
                check.fail(path, f"an amount cannot carry '{quantity.qualifier}'")
                return None
        else:
            value = check.number(path, raw, what="an amount")
            if value is None:
                return None
            quantity = Quantity(value=value, text=format_decimal(value))
        if quantity.unit is None:
            quantity = Quantity(value=quantity.value, unit="元", text=quantity.text)
        if quantity.unit != "元":
            check.fail(path, f"expected an amount of money (元, 万元, 亿元); found "
                             f"'{quantity.display()}'")  # fmt: skip
            return None
        if quantity.value < 0:
            check.fail(path, f"an amount cannot be negative; found '{quantity.display()}'")
            return None
        return quantity

    def reported(self, raw: Any) -> Reported | None:
        check = self.check
        if raw is MISSING or raw is None:
            return None
        data = check.mapping(("reported",), raw, REPORTED_KEYS)
        if data is None:
            return None
        total = check.number(("reported", "total"), data["total"], minimum=Decimal(0)) \
            if "total" in data else None  # fmt: skip
        grade = check.text(("reported", "grade"), data["grade"]) if "grade" in data else None
        return Reported(total=total, grade=grade)

    def cross_checks(
        self,
        framework: Framework,
        groups: tuple[Group, ...],
        indicators: tuple[Indicator, ...],
        budget: Budget | None,
        top: dict[str, Any],
    ) -> None:
        check = self.check
        if check.problems or not indicators:
            return  # sums over a partly read card would only mislead
        for group in groups:
            members = [ind for ind in indicators if ind.group == group.id]
            if group.budget:
                if group.weight > 0 and budget is None:
                    check.fail(("budget",), f"the group '{group.id}' ({group.zh}) has "
                               f"{format_decimal(group.weight)} points, so the card needs a "
                               f"budget block (initial, adjusted, spent), or weights: "
                               f"{{{group.id}: 0}}")  # fmt: skip
                continue
            found = sum((ind.weight for ind in members), Decimal(0))
            if found != group.weight:
                where: Path = ("weights", group.id) if group.id in (top.get("weights") or {}) \
                    else ("indicators",)  # fmt: skip
                listed = ", ".join(f"{ind.id} {format_decimal(ind.weight)}" for ind in members)
                check.fail(where, f"group '{group.id}' ({group.zh}): the indicator weights add "
                           f"up to {format_decimal(found)}, expected "
                           f"{format_decimal(group.weight)}"
                           + (f" ({listed})" if listed else " (no indicators)"))  # fmt: skip
        dropped = sum((ind.weight for ind in indicators if not ind.applicable), Decimal(0))
        if dropped and dropped >= framework.total:
            check.fail(("indicators",), "every indicator is marked applicable: false; "
                                        "nothing is left to score")  # fmt: skip


def _band_text(low: Decimal, high: Decimal, weight: Decimal, closed: bool) -> str:
    close = "]" if closed else ")"
    return f"[{format_decimal(low * weight)}, {format_decimal(high * weight)}{close}"


def _numeric_against_qualitative(target: Target, actual: str) -> str:
    hint = ""
    text = target.display()
    if any(c.isdigit() for c in text):
        hint = (
            f" (the target '{text}' is read as qualitative because not all of it is a "
            "number, magnitude and known unit; add a count unit of your own to 'units:', "
            "or write the target as a comparison such as '≥24小时')"
        )
    return (
        f"a number ('{actual}') cannot be scored against the qualitative target "
        f"'{text}'; give a tier (achieved, partial, not-achieved){hint}"
    )


def _written_target(target: Target, unit: Any) -> str:
    name = unit.name if unit is not None else ""
    factor = unit.factor if unit is not None else Decimal(1)
    value = target.value if target.value is not None else Decimal(0)
    if target.op == "range":
        assert target.high is not None
        return f"{format_decimal(value / factor)}{name}~{format_decimal(target.high / factor)}{name}"
    return f"{target.op}{format_decimal(value / factor)}{name}"

