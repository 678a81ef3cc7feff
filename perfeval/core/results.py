"""What scoring returns: a Result with one IndicatorScore per indicator.

Explanations are built only when asked for (``explain(lang)``), so scoring
many cards does no string work.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from .data import to_dict
from .explain import actual_text, explain_budget, explain_indicator, indicator_actual
from .findings import Finding, Severity, agrees, row_findings
from .grading import Band
from .model import Budget, Group, Indicator, Scorecard
from .targets import as_written, fmt

if TYPE_CHECKING:
    from .scoring import CardPlan

__all__ = [  # fmt, actual_text and indicator_actual are the writers' helpers, named here too
    "BudgetScore",
    "Finding",
    "Grade",
    "GroupScore",
    "IndicatorScore",
    "Result",
    "Scored",
    "Severity",
    "actual_text",
    "fmt",
    "indicator_actual",
]

#: A grade as the result reports it: ``id`` (``grade``), ``zh``, ``en``.
Grade = Band

#: The language ``explain()`` speaks when none is given: zh, the language of
#: the forms. The CLI's ``--lang`` (or a tool's own setting) may set it for a run.
DEFAULT_LANG = "zh"


@attrs.frozen(kw_only=True)
class IndicatorScore:
    """One indicator scored.

    ``weight`` is the weight after not-applicable rescaling (equal to
    ``raw_weight`` when nothing was dropped); ``score`` is final and rounded;
    ``computed`` is what the rule gave before an evaluator's ``score:``
    replaced it (None for qualitative and manual rows). ``actual_value`` is A
    in the target's base unit as used by the rule (negatives counted as 0).
    """

    indicator: Indicator
    weight: Decimal
    score: Decimal | None
    computed: Decimal | None = None
    actual_value: Decimal | None = None
    met: bool | None = None
    precision: int = 2
    #: The score before rounding (what a published score is compared with, at
    #: the decimals it is written to); None for a row that does not apply.
    exact: Decimal | None = None

    @property
    def id(self) -> str:
        return self.indicator.id

    @property
    def raw_weight(self) -> Decimal:
        return self.indicator.weight

    @property
    def applicable(self) -> bool:
        return self.indicator.applicable

    @property
    def lost(self) -> Decimal:
        """Points lost: weight − score (0 for a row that does not apply)."""
        return self.weight - self.score if self.score is not None else Decimal(0)

    def explain(self, lang: str | None = None) -> str:
        """One line: how the score came about, in ``zh`` or ``en``
        (default :data:`DEFAULT_LANG`)."""
        return explain_indicator(self, lang or DEFAULT_LANG)


@attrs.frozen(kw_only=True)
class BudgetScore:
    """The 预算执行率 row: rate = spent / adjusted, score = min(rate, 1) × W."""

    budget: Budget
    rate: Decimal
    weight: Decimal
    raw_weight: Decimal
    score: Decimal
    precision: int = 2
    exact: Decimal | None = None  # the score before rounding

    @property
    def lost(self) -> Decimal:
        return self.weight - self.score

    def monitor(self) -> Any:
        """In-year monitoring (a ``Monitor``) when the budget gives a month."""
        budget = self.budget
        if budget.month is None:
            return None
        from .department import MONITOR_DEFAULTS, monitor

        thresholds = budget.thresholds or MONITOR_DEFAULTS
        return monitor(budget.adjusted.value, budget.spent.value, budget.month, thresholds)

    def explain(self, lang: str | None = None) -> str:
        return explain_budget(self, lang or DEFAULT_LANG)

    @property
    def rate_departs(self) -> bool:
        """Whether the 执行率 the form prints departs from spent / adjusted at
        the decimals it is printed to (never when the budget has no amounts)."""
        printed = self.budget.reported_rate
        return (
            printed is not None and not self.budget.missing and not agrees(printed, self.rate * 100)
        )

    def shown_rate(self, lang: str | None = None, *, folded: bool = False) -> str:
        """The 执行率 as a table shows it: ``92.50%``, with the rate the form
        prints beside it when that departs (``92.50%（表中100%）``; ``folded``,
        on a line of its own); ``—`` when the budget has no amounts."""
        if self.budget.missing:
            return "—"
        rate = f"{fmt(self.rate * 100, 2)}%"
        printed = self.budget.reported_rate
        if printed is None or not self.rate_departs:
            return rate
        if (lang or DEFAULT_LANG) == "zh":
            between = "\n" if folded else ""
            return f"{rate}{between}（表中{as_written(printed)}%）"
        between = "\n" if folded else " "
        return f"{rate}{between}(form: {as_written(printed)}%)"


@attrs.frozen(kw_only=True)
class GroupScore:
    """A level-1 subtotal: the sum of its rows' rounded scores."""

    group: Group
    weight: Decimal
    score: Decimal

    @property
    def id(self) -> str:
        return self.group.id


class Scored(NamedTuple):
    """What the scorer keeps of a card's rows, from which a Result builds its
    rows and findings when they are first read: the card's plan
    (:class:`perfeval.scoring.CardPlan`) and, per row, the rounded score, the
    rule's score before an evaluator's replaced it, the exact score and the
    findings that depend on the score (a bit set, see perfeval.findings)."""

    plan: CardPlan
    scores: tuple[Decimal | None, ...]
    computed: tuple[Decimal | None, ...]
    exact: tuple[Decimal | None, ...]
    flags: tuple[int, ...]


@attrs.frozen(kw_only=True)
class Result:
    """A scored card. ``total`` is the sum of the rounded row scores, so
    every table adds up; ``percent`` is ``total / max × 100`` rounded to the
    card's precision, and ``grade`` is read from it.

    ``indicators``, ``groups`` and ``findings`` are built when first read,
    from what the scorer kept: a tool that scores many cards and reads only
    totals builds no row or finding objects."""

    card: Scorecard
    _scored: Scored = attrs.field(alias="scored", repr=False)
    #: Each group's score (the sum of its rounded rows), in ``card.groups`` order.
    _subtotals: tuple[Decimal, ...] = attrs.field(alias="subtotals", repr=False)
    budget: BudgetScore | None
    total: Decimal
    max: Decimal
    percent: Decimal
    grade: Grade
    #: The budget row's and the card's findings (the rows' come from ``scored``).
    _card_findings: tuple[Finding, ...] = attrs.field(alias="card_findings", repr=False)

    @functools.cached_property
    def indicators(self) -> tuple[IndicatorScore, ...]:
        """One scored row per indicator, in the card's order."""
        scored = self._scored
        precision = self.card.precision
        return tuple(
            IndicatorScore(
                indicator=row.indicator,
                weight=row.weight,
                score=value,
                computed=computed,
                actual_value=row.actual_value,
                met=row.met,
                precision=precision,
                exact=exact,
            )
            for row, value, computed, exact in zip(
                scored.plan.rows, scored.scores, scored.computed, scored.exact, strict=True
            )
        )

    @functools.cached_property
    def groups(self) -> tuple[GroupScore, ...]:
        """The level-1 subtotals, in the framework's order."""
        return tuple(
            GroupScore(group=group, weight=points, score=score)
            for group, points, score in zip(
                self.card.groups, self._scored.plan.points, self._subtotals, strict=True
            )
        )

    @functools.cached_property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding: the form's structure, the rows in order, the budget
        row, then the card's published total and grade."""
        scored = self._scored
        return (
            *scored.plan.departures,
            *row_findings(scored, self.card.precision),
            *self._card_findings,
        )

    @property
    def title(self) -> str:
        return self.card.title

    def indicator(self, indicator_id: str) -> IndicatorScore:
        """The scored row with this id."""
        for row in self.indicators:
            if row.id == indicator_id:
                return row
        raise KeyError(indicator_id)

    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "warning")

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """The result as JSON-safe plain data: ``json.dumps`` takes it as it
        is; Decimals are strings of their exact digits (see perfeval.data)."""
        return to_dict(self, lang or DEFAULT_LANG)
