"""``score(card) -> Result``: pure, with rounding in one place.

The one rounding rule: each row's score is rounded to the card's
``precision`` decimals, ROUND_HALF_UP (四舍五入); subtotals and the total
are sums of rounded scores, so every table adds up exactly. Python's
``round()`` (half to even) is never used.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext
from typing import NamedTuple

import attrs

from ._decimal import CONTEXT, exact, quantize
from ._decimal import STEPS as _STEPS
from .findings import ADJUSTED, DEVIATION, REPORTED, agrees, card_findings, written_findings
from .model import Budget, Indicator, Scorecard
from .results import BudgetScore, Finding, Result, Scored
from .rules import Rule
from .targets import Quantity, Tier, judges

__all__ = ["CardPlan", "RowPlan", "apportion", "plan", "quantize", "score"]

_ZERO = Decimal(0)
_ONE = Decimal(1)
_HALF_UP = ROUND_HALF_UP


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
    tier), unless it says the tier itself (未按时完成 against 按时完成, or a
    date after the deadline: not achieved; a date by the deadline: achieved);
    a met target gets full points, as ``score`` gives it (a published score
    below that is a finding, with the form's reason if it gives one); a
    partial or not-achieved row keeps its published score inside the tier's
    band, and one outside is brought to the band's edge."""
    published = ind.reported
    if published is None:
        return weight
    if weight != ind.weight:
        published = published * weight / ind.weight
    if ind.actual_text is not None and judges(ind.actual_text, ind.target.statement) is None:
        return min(published, weight)
    low, high, closed = _BANDS[tier]
    if tier is Tier.ACHIEVED:
        return weight
    if published < low * weight:
        return low * weight
    top = high * weight if closed else high * weight - step
    return min(published, top)


class RowPlan(NamedTuple):
    """What one row's score depends on, worked out once per card (see
    :func:`plan`): everything but the arithmetic of the rule."""

    indicator: Indicator
    kind: int  # _SKIP, _COMPUTED, _TIER, _MANUAL or _UNREPORTED
    rule: Rule
    actual_value: Decimal | None  # A as the rule uses it (negatives as 0)
    weight: Decimal  # after not-applicable rescaling
    given: Decimal | None  # the evaluator's score, scaled with the row
    met: bool | None
    group: int  # the index of the row's group in card.groups
    noted: bool
    reported: Decimal | None  # the published score
    over: Finding | None  # over-achieved: fixed by the actual and the target
    tail: tuple[Finding, ...]  # the findings on how the actual was written


_SKIP, _COMPUTED, _TIER, _MANUAL, _UNREPORTED = range(5)
#: The rules whose rows need an actual (a checklist's is its settings; a manual rule's is shown).
_ACTUAL = ("number", "tier")


@attrs.frozen
class CardPlan:
    """A card made ready to score: one :class:`RowPlan` per indicator, the
    rescaled weights, the budget row's weight and the structural findings.
    Built on a card's first score and kept with the card (cards are frozen,
    so it can never go stale); scoring then does only the rules' arithmetic,
    the roundings, the sums and the findings that depend on the score."""

    rows: tuple[RowPlan, ...]
    review: bool
    departures: tuple[Finding, ...]
    #: (raw weight, weight after rescaling, group index) of the budget row.
    budget: tuple[Decimal, Decimal, int] | None
    #: Each group's points: its rows' weights after rescaling, with the budget row's.
    points: tuple[Decimal, ...]


def plan(card: Scorecard) -> CardPlan:
    """The card's scoring plan, made once and kept on the card: by
    :func:`perfeval.load` (and ``loads``, ``from_dict``) as the card is
    read, else by the card's first score (a card built or evolved in code)."""
    made: CardPlan | None = card._plan
    if made is None:
        with localcontext(CONTEXT):
            made = _make_plan(card)
        object.__setattr__(card, "_plan", made)
    return made


def _make_plan(card: Scorecard) -> CardPlan:
    rescaled = _rescaled_weights(card)
    index = {group.id: i for i, group in enumerate(card.groups)}
    rows = []
    for ind in card.indicators:
        weight = ind.weight if rescaled is None else rescaled.get(ind.id, _ZERO)
        rows.append(_row_plan(card, ind, weight, index[ind.group]))
    budget = None
    budget_group = card.framework.budget_group
    if card.budget is not None and budget_group is not None:
        raw = card.group(budget_group.id).weight
        budget = (
            raw,
            raw if rescaled is None else rescaled.get("budget", _ZERO),
            index[budget_group.id],
        )
    departures = tuple(
        Finding(
            code=d.code,
            severity="info" if d.severity == "info" else "warning",
            indicator=d.indicator,
            template=d.template,
            params=d.params,
        )
        for d in card.departures
    )
    points = [_ZERO] * len(card.groups)
    for row in rows:
        points[row.group] += row.weight
    if budget is not None:
        points[budget[2]] += budget[1]
    return CardPlan(tuple(rows), card.mode == "review", departures, budget, tuple(points))


def _row_plan(card: Scorecard, ind: Indicator, weight: Decimal, group: int) -> RowPlan:
    rule = ind.rule
    if not ind.applicable:
        return RowPlan(ind, _SKIP, rule, None, _ZERO, None, None, group, False, None, None, ())
    given = ind.score
    if given is not None and weight != ind.weight:
        given = given * weight / ind.weight  # the evaluator's points scale with the row
    actual = ind.actual
    a: Decimal | None = None
    met: bool | None = None
    if actual is None and card.mode == "review" and rule.input in _ACTUAL:
        # a published row with no 实际完成值 (the reader recorded actual-missing):
        # the reviewer's own score stands; without one nothing shows the target met, so 0
        kind, met = (_MANUAL, None) if given is not None else (_UNREPORTED, False)
    elif rule.compute is not None and rule.input in ("number", "params"):
        kind = _COMPUTED
        a = actual.value if isinstance(actual, Quantity) else _ZERO
        if a < _ZERO:
            a = _ZERO
        met = rule.met(a, ind.target)
    elif rule.input == "tier":
        assert isinstance(actual, Tier)
        kind, met = _TIER, actual is Tier.ACHIEVED
    else:
        assert given is not None  # manual: the loader made sure of it
        kind = _MANUAL
        a = actual.value if isinstance(actual, Quantity) else None
    over, tail = written_findings(card, ind, a)
    noted = bool(ind.note)
    return RowPlan(ind, kind, rule, a, weight, given, met, group, noted, ind.reported, over, tail)


@exact
def score(card: Scorecard) -> Result:
    """Score a card: every row, the subtotals, the total, grade and findings."""
    made = plan(card)
    precision = card.precision
    step = _STEPS.get(precision)
    if step is None:  # the loader allows 0 to 6; a card built or evolved in code may not
        raise ValueError(f"precision must be 0 to 6 decimals; found {precision!r}")
    review = made.review
    subtotals = [_ZERO] * len(card.groups)
    scores: list[Decimal | None] = []
    computed_scores: list[Decimal | None] = []
    exact_scores: list[Decimal | None] = []
    flags: list[int] = []  # which findings that depend on the score each row has
    for row in made.rows:  # the hot path: one rule call, one rounding per row
        ind, kind, rule, a, weight, given, _met, group, noted, reported = row[:10]
        computed = None
        if kind == _COMPUTED:
            raw = rule.compute(a, ind.target, weight)  # type: ignore[misc, arg-type]
            if raw > weight:
                raw = weight
            elif raw < _ZERO:
                raw = _ZERO
            computed = raw.quantize(step, _HALF_UP)
            if given is None:
                value, exact_value = computed, raw
            else:
                value, exact_value = given.quantize(step, _HALF_UP), given
        elif kind == _TIER:
            if given is not None:
                exact_value = given
            elif review:
                exact_value = _reviewed_tier(ind, ind.actual, weight, step)  # type: ignore[arg-type]
            else:
                exact_value = weight
            value = exact_value.quantize(step, _HALF_UP)
        elif kind == _MANUAL:
            assert given is not None  # the plan's manual rows have the evaluator's score
            exact_value = given
            value = given.quantize(step, _HALF_UP)
        elif kind == _UNREPORTED:
            exact_value = _ZERO
            value = _ZERO.quantize(step, _HALF_UP)
        else:
            scores.append(None)
            computed_scores.append(None)
            exact_scores.append(None)
            flags.append(0)
            continue
        scores.append(value)
        computed_scores.append(computed)
        exact_scores.append(exact_value)
        subtotals[group] += value
        # a row scored 0 for want of a figure or a target has its own departure: no
        # deviation of the unit's to explain
        flag = DEVIATION if value < weight and not noted and kind != _UNREPORTED else 0
        if computed is not None and given is not None and computed != value:
            flag |= ADJUSTED
        if reported is not None and not agrees(reported, exact_value):
            flag |= REPORTED
        flags.append(flag)
    budget_row: BudgetScore | None = None
    if made.budget is not None:
        budget_row = _score_budget(card.budget, made.budget, step, precision)  # type: ignore[arg-type]
        subtotals[made.budget[2]] += budget_row.score
    total = sum(subtotals, _ZERO)
    maximum = card.total
    percent = quantize(total * 100 / maximum, precision)
    grade = card.scale.grade(percent)
    scored = Scored(made, tuple(scores), tuple(computed_scores), tuple(exact_scores), tuple(flags))
    return Result(
        card=card,
        scored=scored,
        subtotals=tuple(subtotals),
        budget=budget_row,
        total=total,
        max=maximum,
        percent=percent,
        grade=grade,
        card_findings=card_findings(card, scored, budget_row, total, grade),
    )


def _score_budget(
    funds: Budget, weights: tuple[Decimal, Decimal, int], step: Decimal, precision: int
) -> BudgetScore:
    raw_weight, weight, _group = weights
    rate = funds.rate
    exact_budget = min(rate, _ONE) * weight
    if funds.missing:  # review: no amounts (0/0/0), so the row is scored as published
        rate = _ZERO
        published = funds.reported or _ZERO
        if weight != raw_weight and raw_weight:
            published = published * weight / raw_weight
        exact_budget = min(published, weight)
    return BudgetScore(
        budget=funds,
        rate=rate,
        weight=weight,
        raw_weight=raw_weight,
        score=exact_budget.quantize(step, _HALF_UP),
        precision=precision,
        exact=exact_budget,
    )
