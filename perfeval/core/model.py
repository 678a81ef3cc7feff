"""The scorecard as frozen, keyword-only values that know nothing of YAML.

Objects from the outside world are built by :mod:`perfeval.loading`
(``from_dict``, ``loads``, ``load``); the classes here only hold data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from ._frozen import FrozenDict
from .grading import GradeScale
from .targets import Quantity, Target, Tier
from .units import DEFAULT_UNITS, UnitTable

if TYPE_CHECKING:
    from .rules import Rule

__all__ = [
    "Actual",
    "Aspect",
    "Budget",
    "Departure",
    "Framework",
    "Group",
    "Indicator",
    "Kind",
    "Reported",
    "Scorecard",
]

#: What an indicator's actual can be: a number, a tier, or (only for
#: ``rule: manual``) free text shown as written; None when not applicable.
Actual = Quantity | Tier | str | None


def _frozen_map(value: Mapping[str, str]) -> Mapping[str, str]:
    return FrozenDict(value)


def _alias_map(
    value: Mapping[str, tuple[str, str | None]],
) -> Mapping[str, tuple[str, str | None]]:
    return FrozenDict(value)


def _groups(value: Iterable[Group]) -> tuple[Group, ...]:
    return tuple(value)


def _kinds(value: Iterable[Kind]) -> tuple[Kind, ...]:
    return tuple(value)


def _aspects(value: Iterable[Aspect]) -> tuple[Aspect, ...]:
    return tuple(value)


def _indicators(value: Iterable[Indicator]) -> tuple[Indicator, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Group:
    """A level-1 group (一级指标) and its points."""

    id: str
    zh: str
    en: str
    weight: Decimal
    budget: bool = False  # the 预算执行率 row, scored from the budget block

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@attrs.frozen(kw_only=True)
class Aspect:
    """A sub-kind (经济效益 of 效益指标)."""

    id: str
    zh: str
    en: str


@attrs.frozen(kw_only=True)
class Kind:
    """A level-2 kind (二级指标) and the level-1 group it belongs to."""

    id: str
    zh: str
    en: str
    group: str
    aspects: tuple[Aspect, ...] = attrs.field(default=(), converter=_aspects)

    def aspect(self, aspect_id: str) -> Aspect | None:
        return next((a for a in self.aspects if a.id == aspect_id), None)


@attrs.frozen(kw_only=True)
class Framework:
    """An indicator framework (指标体系): groups, kinds, aliases, total.

    ``aliases`` maps every accepted spelling of a kind (数量, 数量指标,
    economic-benefit, 经济效益指标, …) to its ``(kind, aspect)``.
    """

    id: str
    zh: str
    en: str
    total: Decimal
    groups: tuple[Group, ...] = attrs.field(converter=_groups)
    kinds: tuple[Kind, ...] = attrs.field(converter=_kinds)
    aliases: Mapping[str, tuple[str, str | None]] = attrs.field(converter=_alias_map)
    scale: str = "mof-2020"
    source: str | None = attrs.field(default=None, eq=False)
    notes: str = attrs.field(default="", eq=False)
    #: Named standard indicators (财预〔2013〕53号): each a mapping with at
    #: least ``id``, ``name`` and ``kind``, and the keys an indicator takes
    #: (``formula``, ``target``, ``rule``, ``steps`` …) plus ``points`` and
    #: ``better``; a card's ``standard:`` fills its indicator from one.
    standards: tuple[Mapping[str, Any], ...] = attrs.field(default=(), eq=False)

    def standard(self, name: str) -> Mapping[str, Any] | None:
        """A standard indicator by id or name."""
        key = name.strip()
        return next((s for s in self.standards if key in (s["id"], s.get("name"))), None)

    def group(self, group_id: str) -> Group | None:
        return next((g for g in self.groups if g.id == group_id), None)

    def kind(self, kind_id: str) -> Kind | None:
        for kind in self.kinds:  # a loop, not next(genexpr): the loader calls it per row
            if kind.id == kind_id:
                return kind
        return None

    def resolve_kind(self, name: str) -> tuple[str, str | None] | None:
        """The ``(kind, aspect)`` a kind name or alias denotes, or None."""
        return self.aliases.get(name.strip().lower()) or self.aliases.get(name.strip())

    @property
    def budget_group(self) -> Group | None:
        return next((g for g in self.groups if g.budget), None)


@attrs.frozen(kw_only=True)
class Indicator:
    """A level-3 indicator (三级指标): what was promised and what was done."""

    id: str
    name: str
    kind: str
    group: str
    weight: Decimal
    target: Target
    actual: Actual
    rule: Rule
    aspect: str | None = None
    note: str | None = None
    score: Decimal | None = None  # the evaluator's own score (spec §5.11)
    reported: Decimal | None = None  # the score on the published form
    applicable: bool = True
    formula: str | None = None  # the actual was computed from facts by this formula
    inputs: tuple[tuple[str, str], ...] = ()  # the facts it used, as written
    standard: str | None = None  # the framework standard the row was filled from
    #: A department rule's settings as the card wrote them: (key, data).
    settings: tuple[str, Any] | None = attrs.field(default=None, eq=False)
    #: A qualitative actual written as free text (效果明显): ``actual`` is then
    #: the tier the score's band names, and this the text as written.
    actual_text: str | None = None


@attrs.frozen(kw_only=True)
class Budget:
    """The funds row (预算执行率): money in 元, as Quantities."""

    adjusted: Quantity
    spent: Quantity
    initial: Quantity | None = None
    note: str | None = None
    reported: Decimal | None = None
    #: The 执行率 the form prints, in percent as written (``95.00%`` is
    #: Decimal("95.00"): its decimals decide agreement), checked against
    #: spent / adjusted.
    reported_rate: Decimal | None = None
    month: int | None = None  # the month the figures stand at, for in-year monitoring
    thresholds: tuple[Decimal, Decimal] | None = None  # green, yellow (default 80%, 60%)
    #: Review only: the form gives no amounts or amounts of 0 (0/0/0), so the
    #: row is scored as published (``reported``, else 0).
    missing: bool = False

    @property
    def rate(self) -> Decimal:
        """spent / adjusted (0 when nothing was budgeted and nothing spent)."""
        if self.adjusted.value == 0:
            return Decimal(1) if self.spent.value == 0 else Decimal(0)
        return self.spent.value / self.adjusted.value


@attrs.frozen(kw_only=True)
class Reported:
    """What the unit itself claimed on its form."""

    total: Decimal | None = None
    grade: str | None = None


@attrs.frozen(kw_only=True)
class Goal:
    """年度总体目标: the year's overall goal (预期目标) and what was achieved
    (实际完成情况), as the unit wrote them."""

    expected: str | None = None
    achieved: str | None = None


@attrs.frozen(kw_only=True)
class Departure:
    """Review only: where a published form departs from the rules in its
    structure (weights off the total, a budget row without amounts). The
    loader records these instead of errors; scoring turns them into findings."""

    code: str
    severity: str
    indicator: str | None
    template: str
    params: tuple[Any, ...]


def _departures(value: Iterable[Departure]) -> tuple[Departure, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Scorecard:
    """A 绩效自评表, validated and ready to score.

    ``groups`` are the framework's groups with the card's ``weights:``
    overrides applied.
    """

    title: str
    framework: Framework
    groups: tuple[Group, ...] = attrs.field(converter=_groups)
    scale: GradeScale
    indicators: tuple[Indicator, ...] = attrs.field(converter=_indicators)
    entity: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen_map)
    budget: Budget | None = None
    precision: int = 2
    review_ratio: Decimal = Decimal("1.2")
    units: UnitTable = DEFAULT_UNITS
    reported: Reported | None = None
    #: 年度总体目标 (``goal: {expected:, achieved:}``), or None.
    goal: Goal | None = None
    source: str | None = attrs.field(default=None, eq=False)
    #: ``author`` (the rules are enforced) or ``review`` (a published form,
    #: read as it is: see :func:`perfeval.review`).
    mode: str = "author"
    departures: tuple[Departure, ...] = attrs.field(default=(), converter=_departures)
    #: Review only: the points the form itself scores, when they are not the
    #: framework's total (110 on a form whose budget row is scored on top of 100).
    maximum: Decimal | None = None
    #: The scoring plan (perfeval.scoring.plan), made on the first score.
    _plan: Any = attrs.field(init=False, default=None, eq=False, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the card, not its plan (made again where it is scored)."""
        return {f.name: getattr(self, f.name) for f in attrs.fields(Scorecard) if f.init}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_plan", None)

    @property
    def total(self) -> Decimal:
        """The maximum points of the card (100 under 10号; in review, the
        form's own points)."""
        return self.framework.total if self.maximum is None else self.maximum

    def group(self, group_id: str) -> Group:
        for group in self.groups:
            if group.id == group_id:
                return group
        raise KeyError(group_id)
