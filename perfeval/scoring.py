"""``score(card) -> Result``: pure, with rounding in one place.

The one rounding rule: each row's score is rounded to the card's
``precision`` decimals, ROUND_HALF_UP (四舍五入); subtotals and the total
are sums of rounded scores, so every table adds up exactly. Python's
``round()`` (half to even) is never used.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from ._decimal import CONTEXT, exact
from .findings import find
from .model import Indicator, Scorecard
from .results import BudgetScore, GroupScore, IndicatorScore, Result
from .targets import Quantity, Tier

__all__ = ["apportion", "quantize", "score"]

_ZERO = Decimal(0)


def quantize(value: Decimal, precision: int) -> Decimal:
    """Round half up to ``precision`` decimals: the one rounding rule."""
    return value.quantize(Decimal(1).scaleb(-precision), rounding=ROUND_HALF_UP, context=CONTEXT)


def apportion(weights: dict[str, Decimal], total: Decimal, precision: int) -> dict[str, Decimal]:
    """Rescale weights to sum to ``total`` exactly at ``precision`` decimals.

    Each weight becomes ``W × total / ΣW``, cut down to ``precision``
    decimals; the units still missing go one each to the largest
    remainders (ties to the smaller key), the largest-remainder method. So
    the rescaled weights add up to ``total`` to the last decimal, and the
    result does not depend on the order of the rows.
    """
    whole = sum(weights.values(), _ZERO)
    if whole == total:
        return dict(weights)
    step = Decimal(1).scaleb(-precision)
    exact = {key: w * total / whole for key, w in weights.items()}
    floors = {key: value.quantize(step, rounding=ROUND_DOWN) for key, value in exact.items()}
    missing = int((total - sum(floors.values(), _ZERO)) / step)
    order = sorted(exact, key=lambda key: (-(exact[key] - floors[key]), key))
    for key in order[:missing]:
        floors[key] += step
    return floors


def _rescaled_weights(card: Scorecard) -> dict[str, Decimal]:
    weights = {ind.id: ind.weight for ind in card.indicators if ind.applicable}
    budget_group = card.framework.budget_group
    if card.budget is not None and budget_group is not None:
        weight = card.group(budget_group.id).weight
        if weight > 0:
            weights["budget"] = weight
    if all(ind.applicable for ind in card.indicators):
        return weights
    return apportion(weights, card.total, card.precision)


def _score_indicator(ind: Indicator, weight: Decimal, precision: int) -> IndicatorScore:
    if not ind.applicable:
        return IndicatorScore(indicator=ind, weight=_ZERO, score=None, precision=precision)
    rule = ind.rule
    scale = weight / ind.weight  # 1 unless not-applicable rows were dropped
    given = ind.score * scale if ind.score is not None else None
    if rule.input == "tier":
        assert isinstance(ind.actual, Tier)
        raw = given if given is not None else weight
        final = quantize(raw, precision)
        return IndicatorScore(
            indicator=ind,
            weight=weight,
            score=final,
            precision=precision,
            met=ind.actual is Tier.ACHIEVED,
        )
    if rule.input == "score" or rule.compute is None:
        assert given is not None
        actual = ind.actual.value if isinstance(ind.actual, Quantity) else None
        return IndicatorScore(
            indicator=ind,
            weight=weight,
            score=quantize(given, precision),
            actual_value=actual,
            precision=precision,
        )
    assert isinstance(ind.actual, Quantity)
    a = max(ind.actual.value, _ZERO)
    raw = min(max(rule.compute(a, ind.target, weight), _ZERO), weight)
    computed = quantize(raw, precision)
    final = quantize(given, precision) if given is not None else computed
    return IndicatorScore(
        indicator=ind,
        weight=weight,
        score=final,
        computed=computed,
        actual_value=a,
        met=rule.met(a, ind.target),
        precision=precision,
    )


@exact
def score(card: Scorecard) -> Result:
    """Score a card: every row, the subtotals, the total, grade and findings."""
    precision = card.precision
    weights = _rescaled_weights(card)
    rows = tuple(
        _score_indicator(ind, weights.get(ind.id, _ZERO), precision) for ind in card.indicators
    )
    budget_row: BudgetScore | None = None
    budget_group = card.framework.budget_group
    if card.budget is not None and budget_group is not None:
        weight = weights.get("budget", _ZERO)
        rate = card.budget.rate
        budget_row = BudgetScore(
            budget=card.budget,
            rate=rate,
            weight=weight,
            raw_weight=card.group(budget_group.id).weight,
            score=quantize(min(rate, Decimal(1)) * weight, precision),
            precision=precision,
        )
    groups = []
    for group in card.groups:
        members = [r for r in rows if r.indicator.group == group.id and r.applicable]
        weight = sum((r.weight for r in members), _ZERO)
        subtotal = sum((r.score for r in members if r.score is not None), _ZERO)
        if group.budget and budget_row is not None:
            weight += budget_row.weight
            subtotal += budget_row.score
        groups.append(GroupScore(group=group, weight=weight, score=subtotal))
    total = sum((g.score for g in groups), _ZERO)
    maximum = card.total
    percent = quantize(total * 100 / maximum, precision)
    grade = card.scale.grade(percent)
    findings = find(card, rows, budget_row, total, grade)
    return Result(
        card=card,
        indicators=rows,
        groups=groups,
        budget=budget_row,
        total=total,
        max=maximum,
        percent=percent,
        grade=grade,
        findings=findings,
    )
