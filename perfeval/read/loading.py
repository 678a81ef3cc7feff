"""Scorecards from YAML files, YAML text or plain data.

``load(path)``, ``loads(text, source=...)`` and ``from_dict(mapping)`` all
validate the same way and raise one :class:`~perfeval.errors.ScorecardError`
listing every problem found, each with its key path and, for YAML, its file,
line and column.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path as FsPath
from typing import Any, Literal

from ..core._decimal import exact
from ..core.errors import ExpressionError, Path, ScorecardError, quote
from ..core.grading import BUILTIN_SCALES, Band, GradeScale, ScaleError
from ..core.model import Budget, Departure, Framework, Goal, Group, Indicator, Reported, Scorecard
from ..core.rules import DEFAULT_RULES, Rules
from ..core.scoring import plan
from ..core.targets import (
    Quantity,
    format_decimal,
    is_blank,
    normalize_text,
    read_quantity,
)
from ..core.units import DEFAULT_UNITS, UnitTable
from . import _yaml
from ._check import MISSING, Checker, describe, did_you_mean
from ._rows import INDICATOR_KEYS, RowReader, check_decimals
from .frameworks import DEFAULT_FRAMEWORK, get_framework

__all__ = ["INDICATOR_KEYS", "KEYS", "from_dict", "load", "loads"]

KEYS = (
    "perfeval",
    "title",
    "entity",
    "framework",
    "scale",
    "precision",
    "review_ratio",
    "weights",
    "budget",
    "indicators",
    "units",
    "reported",
    "facts",
    "goal",
)
GOAL_KEYS = ("expected", "achieved")
BUDGET_KEYS = (
    "initial", "adjusted", "spent", "note", "reported", "reported_rate", "month", "thresholds",
)  # fmt: skip
REPORTED_KEYS = ("total", "grade")
BAND_KEYS = ("grade", "zh", "en", "min", "aliases")
MAX_PRECISION = 6

#: ``author``: the rules are enforced (weights add up, a budget above 0);
#: ``review``: a published form is read as it is, and where its structure
#: departs from the rules that is recorded as a finding, not an error.
Mode = Literal["author", "review"]


def load(
    path: str | os.PathLike[str],
    *,
    rules: Rules = DEFAULT_RULES,
    mode: Mode = "author",
    allow_framework_outside: bool = False,
) -> Scorecard:
    """Read a scorecard file (UTF-8 YAML; a byte-order mark is allowed).

    A framework path in the card is relative to the card's folder and may not
    lead outside it unless ``allow_framework_outside`` (see frameworks.md).
    """
    from ._files import display_path

    name = os.fsdecode(path)
    text = _yaml.read_text(name)
    return loads(
        text,
        source=display_path(name),
        rules=rules,
        base=FsPath(name).parent,
        mode=mode,
        allow_framework_outside=allow_framework_outside,
    )


def loads(
    text: str | bytes,
    source: str | None = "<string>",
    *,
    rules: Rules = DEFAULT_RULES,
    base: FsPath | None = None,
    mode: Mode = "author",
    allow_framework_outside: bool = False,
) -> Scorecard:
    """Read a scorecard from YAML text (or UTF-8 bytes, read as a file is);
    ``source`` names it in messages (None: ``<string>``).

    ``base`` is the folder a framework path is relative to (default: the
    current folder), which a framework path may not leave unless
    ``allow_framework_outside``; ``mode`` is ``author`` or ``review`` (see :data:`Mode`).
    """
    source = _source_name(source)
    doc = _yaml.document(_yaml.text_of(text, source), source)
    check = Checker.located(doc)
    card = _Loader(check, rules, base, source, mode, allow_framework_outside).card(doc.data)
    check.raise_if_any()
    assert card is not None
    plan(card)  # made here, so scoring does only the arithmetic (docs/performance.md)
    return card


def from_dict(
    data: Mapping[str, Any],
    *,
    rules: Rules = DEFAULT_RULES,
    source: str | None = None,
    base: FsPath | None = None,
    mode: Mode = "author",
    allow_framework_outside: bool = False,
) -> Scorecard:
    """Build a scorecard from plain data (``json.load`` or ``yaml.safe_load``
    output, or a dict a program made). Floats are read through ``str()``."""
    if source is not None:
        source = _source_name(source)
    check = Checker(source)
    card = _Loader(check, rules, base, source, mode, allow_framework_outside).card(data)
    check.raise_if_any()
    assert card is not None
    plan(card)
    return card


#: Files of perfeval's other kinds, met where a scorecard was expected.
_OTHER_FILES = {
    "perfeval-accounts": "this is an accounts file (perfeval-accounts), not a scorecard; check "
    "it with perfeval audit",
    "perfeval-framework": "this is a framework file (perfeval-framework), not a scorecard; a "
    "card uses it with framework: PATH",
    "perfeval-review": "this is a published form recorded as it is (perfeval-review), which "
    "may depart from the rules; review it with perfeval review",
}
#: The header of a published form recorded for review, in place of ``perfeval``.
REVIEW_HEADER = "perfeval-review"


def _source_name(source: object) -> str:
    """The name of a source for messages: ``<string>`` for None, a path as
    text that can always be printed."""
    from ._files import display_path

    if source is None:
        return "<string>"
    if isinstance(source, str | bytes | os.PathLike):
        return display_path(source)
    raise TypeError(f"source must be a name (str) or None; found {type(source).__name__}")


def _is_version_one(version: object) -> bool:
    """The format version is the number 1 (1.0 equals it; true and NaN do not,
    and a signalling NaN must not raise while it is compared)."""
    if _yaml.is_bool(version):
        return False
    if isinstance(version, Decimal):
        return version.is_finite() and version == 1
    return isinstance(version, int) and version == 1


class _Loader:
    def __init__(
        self,
        check: Checker,
        rules: Rules,
        base: FsPath | None,
        source: str | None,
        mode: Mode = "author",
        allow_framework_outside: bool = False,
    ):
        self.check = check
        self.rules = rules
        self.base = base
        self.source = source
        self.review = mode == "review"
        self.departures: list[Departure] = []
        self.allow_outside = allow_framework_outside

    def depart(self, code: str, template: str, *params: Any, indicator: str | None = None) -> None:
        """Review: record where the form departs from the rules."""
        severity = "info" if code == "group-weights-depart" else "warning"
        self.departures.append(
            Departure(
                code=code, severity=severity, indicator=indicator, template=template, params=params
            )
        )

    # --- the card ---------------------------------------------------------

    @exact
    def card(self, data: Any) -> Scorecard | None:
        check = self.check
        if data is None:
            check.fail((), "the file is empty; a scorecard starts with 'perfeval: 1'")
            return None
        if isinstance(data, dict):
            if self.review and REVIEW_HEADER in data and "perfeval" not in data:
                data = {"perfeval": data[REVIEW_HEADER], **data}
                del data[REVIEW_HEADER]
            for key, message in _OTHER_FILES.items():
                if key in data:
                    check.fail((key,), message, key=True)
                    return None
        top = check.mapping(
            (),
            data,
            KEYS,
            ("perfeval", "title", "indicators"),
            "a scorecard mapping (perfeval: 1, title:, indicators:)",
        )
        if top is None:
            return None
        if "perfeval" in top:
            version = top["perfeval"]
            if not _is_version_one(version):
                check.fail(
                    ("perfeval",), f"expected the format version 1; found {describe(version)}"
                )
        title = check.text(("title",), top["title"]) if "title" in top else None
        entity = self.entity(top.get("entity", MISSING))
        precision = 2
        if "precision" in top:
            given = check.integer(
                ("precision",), top["precision"], minimum=0, maximum=MAX_PRECISION
            )
            precision = precision if given is None else given
        review_ratio = Decimal("1.2")
        if "review_ratio" in top:
            review_ratio = (
                check.number(("review_ratio",), top["review_ratio"], minimum=Decimal(1))
                or review_ratio
            )
        units = self.units(top.get("units", MISSING))
        framework = self.framework(top.get("framework", MISSING))
        if framework is None:
            return None
        groups = self.groups(framework, top.get("weights", MISSING), precision)
        scale = self.scale(top.get("scale", MISSING), framework)
        facts = self.facts(top.get("facts", MISSING), units)
        indicators = RowReader(
            check, self.rules, facts, review=self.review, departures=self.departures
        ).indicators(top.get("indicators", MISSING), framework, units, precision)
        budget = self.budget(top.get("budget", MISSING), units)
        reported = self.reported(top.get("reported", MISSING))
        goal = self.goal(top.get("goal", MISSING))
        maximum = None
        if self.review:
            groups, budget, maximum = self.review_structure(
                framework, groups, indicators, budget, top
            )
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
            goal=goal,
            source=self.source,
            mode="review" if self.review else "author",
            departures=self.departures,
            maximum=maximum,
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
        for i, item in enumerate(
            self.check.sequence(("units",), raw, "a list of unit names") or []
        ):
            name = self.check.text(("units", i), item)
            if name is None:
                continue
            norm = normalize_text(name)
            if any(c.isdigit() for c in norm) or norm != name.strip():
                self.check.fail(
                    ("units", i), f"a unit name has no digits or spaces; found '{name}'"
                )
                continue
            names.append(norm)
        return DEFAULT_UNITS.with_counts(names)

    def framework(self, raw: Any) -> Framework | None:
        from ._files import display_path

        name = DEFAULT_FRAMEWORK
        if raw is not MISSING:
            name = self.check.text(("framework",), raw) or DEFAULT_FRAMEWORK
        try:
            return get_framework(name, self.base, allow_outside=self.allow_outside)
        except ScorecardError as exc:
            for problem in exc.problems:
                if problem.location is None:  # an unknown name: place it in the card
                    self.check.fail(("framework",), problem.message)
                elif problem.location.line is None:  # the file itself: place it in the card
                    shown = quote(display_path(name))
                    self.check.fail(("framework",), f"'{shown}': {problem.message}")
                else:  # a problem inside the framework file: keep its own place
                    self.check.extend([problem])
            return None

    def groups(self, framework: Framework, raw: Any, precision: int) -> tuple[Group, ...]:
        groups = framework.groups
        if raw is MISSING:
            return groups
        data = self.check.mapping(
            ("weights",), raw, [g.id for g in groups], (), "a mapping of group ids to points"
        )
        if data is None:
            return groups
        out = []
        for group in groups:
            if group.id in data:
                weight = self.check.number(
                    ("weights", group.id), data[group.id], minimum=Decimal(0), what="points",
                    decimals_bounded=True,
                )  # fmt: skip
                if weight is not None:
                    check_decimals(self.check, ("weights", group.id), weight, precision)
                    group = Group(
                        id=group.id, zh=group.zh, en=group.en, weight=weight, budget=group.budget
                    )
            out.append(group)
        found = sum((g.weight for g in out), Decimal(0))
        if found != framework.total and not self.review:  # review: see review_structure
            detail = ", ".join(f"{g.id} {format_decimal(g.weight)}" for g in out)
            self.check.fail(
                ("weights",),
                f"the group weights add up to {format_decimal(found)} "
                f"({detail}); expected {format_decimal(framework.total)}",
            )
        return tuple(out)

    def scale(self, raw: Any, framework: Framework) -> GradeScale | None:
        check = self.check
        if raw is MISSING:
            return BUILTIN_SCALES[framework.scale]
        if isinstance(raw, str):
            if raw in BUILTIN_SCALES:
                return BUILTIN_SCALES[raw]
            check.fail(
                ("scale",),
                f"unknown scale '{quote(raw)}'{did_you_mean(raw, BUILTIN_SCALES)}; "
                f"built in: {', '.join(BUILTIN_SCALES)}, or give a list of bands",
            )
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
            minimum = check.number(
                (*path, "min"), band.get("min"), minimum=Decimal(0), maximum=Decimal(100)
            )
            zh = check.text((*path, "zh"), band["zh"]) if "zh" in band else None
            en = check.text((*path, "en"), band["en"]) if "en" in band else None
            aliases = []
            if "aliases" in band:
                for j, alias in enumerate(
                    check.sequence((*path, "aliases"), band["aliases"]) or []
                ):
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

    def budget(self, raw: Any, units: UnitTable) -> Budget | None:
        check = self.check
        if raw is MISSING or raw is None:
            return None
        data = check.mapping(
            ("budget",),
            raw,
            BUDGET_KEYS,
            ("adjusted", "spent"),
            "a budget mapping (initial, adjusted, spent)",
        )
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
        reported_rate = None
        raw_rate = data.get("reported_rate")
        if raw_rate is not None and not (
            self.review and isinstance(raw_rate, str) and is_blank(raw_rate)
        ):
            reported_rate = self.percentage(("budget", "reported_rate"), raw_rate, printed=True)
            if reported_rate is not None and reported_rate.is_signed():  # -5%, -0%
                check.fail(
                    ("budget", "reported_rate"),
                    f"expected a rate of at least 0%; found {quote(str(raw_rate))}",
                )
                reported_rate = None
        month = None
        if "month" in data:
            month = check.integer(("budget", "month"), data["month"], minimum=1, maximum=12)
        thresholds = None
        if "thresholds" in data:
            thresholds = self.thresholds(data["thresholds"])
        adjusted, spent = amounts.get("adjusted"), amounts.get("spent")
        if self.review and (
            (adjusted is None and "adjusted" not in data)
            or (spent is None and "spent" not in data)
            or (adjusted is not None and adjusted.value <= 0)
        ):
            # A 年度资金总额 row left empty or at 0/0/0: scored as published.
            zero = Quantity(value=Decimal(0), unit="元", text="")
            self.depart("budget-missing", "budget-missing", reported)
            return Budget(
                adjusted=adjusted or zero,
                spent=spent or zero,
                initial=amounts.get("initial"),
                note=note,
                reported=reported,
                reported_rate=reported_rate,
                missing=True,
            )
        if adjusted is not None and adjusted.value <= 0:
            check.fail(("budget", "adjusted"), "the full-year budget (全年预算数) must be above 0")
            return None
        if adjusted is None or spent is None:
            return None
        return Budget(
            adjusted=adjusted,
            spent=spent,
            initial=amounts.get("initial"),
            note=note,
            reported=reported,
            reported_rate=reported_rate,
            month=month,
            thresholds=thresholds,
        )

    def thresholds(self, raw: Any) -> tuple[Decimal, Decimal] | None:
        """``{green: 80%, yellow: 60%}``: shares of the expected spending."""
        check = self.check
        path: Path = ("budget", "thresholds")
        data = check.mapping(path, raw, ("green", "yellow"), ("green", "yellow"))
        if data is None or not {"green", "yellow"} <= data.keys():
            return None
        found = []
        for key in ("green", "yellow"):
            percent = self.percentage((*path, key), data[key])
            if percent is None:
                return None
            found.append(percent / 100)
        if found[0] <= found[1]:
            check.fail(path, "green must start above yellow")
            return None
        return found[0], found[1]

    def percentage(self, path: Path, raw: Any, *, printed: bool = False) -> Decimal | None:
        """A percentage written with its sign (``80%``, ``95.00%``), as the
        number of percent, its decimals kept. ``printed``: a figure a form
        prints, so only a plain one (not ≥95%, 95%以上, 95‰ or 95个百分点)."""
        check = self.check
        text = check.text(path, raw)
        if text is None:
            return None
        try:
            quantity = read_quantity(text, DEFAULT_UNITS)
        except ExpressionError as exc:
            if exc.reason.startswith("the number is too"):  # 10^30%: say so
                check.fail(path, exc.render())
                return None
            quantity = None
        plain = quantity is not None and (
            not printed
            or (
                quantity.qualifier is None
                and quantity.written is not None
                and quantity.written.name == "%"
            )
        )
        if quantity is None or quantity.unit != "%" or not plain:
            check.fail(path, f"expected a percentage such as 80%; found '{quote(text)}'")
            return None
        return quantity.value

    def facts(self, raw: Any, units: UnitTable) -> dict[str, Quantity]:
        """Named figures from the accounts, for indicators' formulas."""
        check = self.check
        if raw is MISSING or raw is None:
            return {}
        if not isinstance(raw, Mapping):
            check.fail(("facts",), f"expected a mapping of names to figures; found {describe(raw)}")
            return {}
        out: dict[str, Quantity] = {}
        for name, value in raw.items():
            path: Path = ("facts", name)
            if isinstance(value, Decimal | int | float) and not _yaml.is_bool(value):
                number = check.number(path, value, what="a figure")
                if number is not None:
                    out[str(name)] = Quantity(value=number, text=format_decimal(number))
                continue
            text = check.text(path, value)
            quantity = check.quantity(path, text, units) if text is not None else None
            if quantity is not None:
                out[str(name)] = quantity
        return out

    def money(self, path: Path, raw: Any, units: UnitTable) -> Quantity | None:
        check = self.check
        if isinstance(raw, str):
            read = check.quantity(path, raw, units)
            if read is None:
                return None
            quantity = read
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
            check.fail(
                path, f"expected an amount of money (元, 万元, 亿元); found '{quantity.display()}'"
            )
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
        total = (
            check.number(("reported", "total"), data["total"], minimum=Decimal(0))
            if "total" in data
            else None
        )
        grade = check.text(("reported", "grade"), data["grade"]) if "grade" in data else None
        return Reported(total=total, grade=grade)

    def goal(self, raw: Any) -> Goal | None:
        """年度总体目标: ``{expected: 预期目标, achieved: 实际完成情况}``."""
        check = self.check
        if raw is MISSING or raw is None:
            return None
        data = check.mapping(("goal",), raw, GOAL_KEYS, (), "a mapping {expected:, achieved:}")
        if data is None:
            return None
        texts = {
            key: check.text(("goal", key), data[key], empty_ok=True) if key in data else None
            for key in GOAL_KEYS
        }
        return Goal(expected=texts["expected"] or None, achieved=texts["achieved"] or None)

    def review_structure(
        self,
        framework: Framework,
        groups: tuple[Group, ...],
        indicators: tuple[Indicator, ...],
        budget: Budget | None,
        top: dict[str, Any],
    ) -> tuple[tuple[Group, ...], Budget | None, Decimal | None]:
        """Review: the form's own points, and every way they depart.

        A group the card gives in ``weights:`` keeps the points the form
        prints for it; any other group has the points of its rows. Returns the
        groups as the form has them (so the cross checks find nothing more),
        the budget (a row of 0 when the form has none but the group has
        points) and the form's maximum when it is not the framework's total.
        """
        if self.check.problems or not indicators:
            return groups, budget, None
        raw = top.get("weights")
        printed: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
        out = []
        for group in groups:
            weight = group.weight
            if group.budget:
                if weight > 0 and budget is None:
                    self.depart("budget-missing", "budget-missing", None)
                    zero = Quantity(value=Decimal(0), unit="元", text="")
                    budget = Budget(adjusted=zero, spent=zero, missing=True)
            else:
                rows = sum((i.weight for i in indicators if i.group == group.id), Decimal(0))
                if group.id in printed and rows != weight:
                    self.depart("weights-off-total", "group-off", group.id, group.zh, rows, weight)
                weight = rows
            out.append(
                Group(id=group.id, zh=group.zh, en=group.en, weight=weight, budget=group.budget)
            )
        scored = sum((g.weight for g in out), Decimal(0))
        default = {g.id: g.weight for g in framework.groups}
        parts = tuple((g.id, g.zh, g.weight) for g in out)
        # What the form prints: the groups it gives in weights: (and the
        # budget row); a group it leaves out has the points of its rows.
        shown = [g if g.id in printed or g.budget else o for g, o in zip(groups, out, strict=True)]
        printed_sum = sum((g.weight for g in shown), Decimal(0))
        if printed and printed_sum not in (framework.total, scored):
            printed_parts = tuple((g.id, g.zh, g.weight) for g in shown)
            self.depart(
                "weights-off-total", "printed-off", printed_sum, framework.total, printed_parts
            )
        if scored != framework.total:
            self.depart("weights-off-total", "total-off", scored, framework.total, parts)
        moved = tuple(
            (g.id, g.zh, g.weight, default[g.id]) for g in out if g.weight != default[g.id]
        )
        if moved:
            self.depart("group-weights-depart", "groups-depart", moved)
        return tuple(out), budget, (scored if scored != framework.total else None)

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
                    check.fail(
                        ("budget",),
                        f"the group '{group.id}' ({group.zh}) has "
                        f"{format_decimal(group.weight)} points, so the card needs a "
                        f"budget block (initial, adjusted, spent), or weights: "
                        f"{{{group.id}: 0}}",
                    )
                continue
            found = sum((ind.weight for ind in members), Decimal(0))
            if found != group.weight:
                where: Path = (
                    ("weights", group.id)
                    if group.id in (top.get("weights") or {})
                    else ("indicators",)
                )
                listed = ", ".join(f"{ind.id} {format_decimal(ind.weight)}" for ind in members)
                check.fail(
                    where,
                    f"group '{group.id}' ({group.zh}): the indicator weights add "
                    f"up to {format_decimal(found)}, expected "
                    f"{format_decimal(group.weight)}"
                    + (f" ({listed})" if listed else " (no indicators)"),
                )
        dropped = sum((ind.weight for ind in indicators if not ind.applicable), Decimal(0))
        if dropped and dropped >= sum((g.weight for g in groups), Decimal(0)):
            check.fail(
                ("indicators",),
                "every indicator is marked applicable: false; nothing is left to score",
            )
