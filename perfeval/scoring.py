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
_ONE = Decimal(1)
_HALF_UP = ROUND_HALF_UP
_STEPS = {places: Decimal(1).scaleb(-places) for places in range(0, 7)}


def quantize(value: Decimal, precision: int) -> Decimal:
    """Round half up to ``precision`` decimals: the one rounding rule."""
    step = _STEPS.get(precision) or Decimal(1).scaleb(-precision)
    return value.quantize(step, rounding=ROUND_HALF_UP, context=CONTEXT)


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


def _rescaled_weights(card: Scorecard) -> dict[str, Decimal] | None:
    """Rescaled weights by row id (and ``budget``), or None when no row was dropped."""
    if all(ind.applicable for ind in card.indicators):
        return None
    weights = {ind.id: ind.weight for ind in card.indicators if ind.applicable}
    budget_group = card.framework.budget_group
    if card.budget is not None and budget_group is not None:
        weight = card.group(budget_group.id).weight
        if weight > 0:
            weights["budget"] = weight
    return apportion(weights, card.total, card.precision)


_BANDS = {  # a tier's share of the points: low, high, high included
    Tier.ACHIEVED: (Decimal("0.8"), _ONE, True),
    Tier.PARTIAL: (Decimal("0.6"), Decimal("0.8"), False),
    Tier.NOT_ACHIEVED: (_ZERO, Decimal("0.6"), False),
}


def _reviewed_tier(ind: Indicator, tier: Tier, weight: Decimal, step: Decimal) -> Decimal:
    """Review: the score the rules allow a qualitative row, given what the
    form published. Free text is scored as published (its band names the
    tier); a met target gets full points, as ``score`` gives it (a published
    score below that is a finding, with the form's reason if it gives one); a
    partial or not-achieved row keeps its published score inside the tier's
    band, and one outside is brought to the band's edge."""
    published = ind.reported
    if published is None:
        return weight
    if weight != ind.weight:
        published = published * weight / ind.weight
    if ind.actual_text is not None:
        return min(published, weight)
    low, high, closed = _BANDS[tier]
    if tier is Tier.ACHIEVED:
        return weight
    if published < low * weight:
        return low * weight
    top = high * weight if closed else high * weight - step
    return min(published, top)


def _score_indicator(
    ind: Indicator, weight: Decimal, step: Decimal, precision: int, review: bool = False
) -> IndicatorScore:
    """One row. The hot path of scoring: one rule call, one rounding."""
    if not ind.applicable:
        return IndicatorScore(indicator=ind, weight=_ZERO, score=None, precision=precision)
    rule = ind.rule
    given = ind.score
    if given is not None and weight != ind.weight:
        given = given * weight / ind.weight  # the evaluator's points scale with the row
    compute = rule.compute
    actual = ind.actual
    if compute is not None and rule.input in ("number", "params"):
        a = actual.value if isinstance(actual, Quantity) else _ZERO
        if a < _ZERO:
            a = _ZERO
        raw = compute(a, ind.target, weight)
        if raw > weight:
            raw = weight
        elif raw < _ZERO:
            raw = _ZERO
        computed = raw.quantize(step, _HALF_UP)
        return IndicatorScore(
            indicator=ind,
            weight=weight,
            score=computed if given is None else given.quantize(step, _HALF_UP),
            computed=computed,
            actual_value=a,
            met=rule.met(a, ind.target),
            precision=precision,
            exact=raw if given is None else given,
        )
    if rule.input == "tier":
        assert isinstance(actual, Tier)
        if given is not None:
            raw = given
        elif review:
            raw = _reviewed_tier(ind, actual, weight, step)
        else:
            raw = weight
        return IndicatorScore(
            indicator=ind,
            weight=weight,
            score=raw.quantize(step, _HALF_UP),
            precision=precision,
            met=actual is Tier.ACHIEVED,
            exact=raw,
        )
    assert given is not None  # manual: the loader made sure of it
    return IndicatorScore(
        indicator=ind,
        weight=weight,
        score=given.quantize(step, _HALF_UP),
        actual_value=actual.value if isinstance(actual, Quantity) else None,
        precision=precision,
        exact=given,
    )


@exact
def score(card: Scorecard) -> Result:
    """Score a card: every row, the subtotals, the total, grade and findings."""
    precision = card.precision
    step = _STEPS[precision]
    rescaled = _rescaled_weights(card)
    review = card.mode == "review"
    sums: dict[str, list[Decimal]] = {group.id: [_ZERO, _ZERO] for group in card.groups}
    rows = []
    for ind in card.indicators:
        weight = ind.weight if rescaled is None else rescaled.get(ind.id, _ZERO)
        row = _score_indicator(ind, weight, step, precision, review)
        rows.append(row)
        if row.score is not None:  # one pass: subtotals as the rows come
            group_sum = sums[ind.group]
            group_sum[0] += weight
            group_sum[1] += row.score
    budget_row: BudgetScore | None = None
    budget_group = card.framework.budget_group
    if card.budget is not None and budget_group is not None:
        raw_weight = card.group(budget_group.id).weight
        weight = raw_weight if rescaled is None else rescaled.get("budget", _ZERO)
        funds = card.budget
        rate = funds.rate
        exact_budget = min(rate, _ONE) * weight
        if funds.missing:  # review: no amounts (0/0/0), so the row is scored as published
            rate = _ZERO
            published = funds.reported or _ZERO
            if weight != raw_weight and raw_weight:
                published = published * weight / raw_weight
            exact_budget = min(published, weight)
        budget_row = BudgetScore(
            budget=funds,
            rate=rate,
            weight=weight,
            raw_weight=raw_weight,
            score=exact_budget.quantize(step, _HALF_UP),
            precision=precision,
            exact=exact_budget,
        )
        sums[budget_group.id][0] += weight
        sums[budget_group.id][1] += budget_row.score
    groups = [
        GroupScore(group=group, weight=sums[group.id][0], score=sums[group.id][1])
        for group in card.groups
    ]
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
