"""The reference scoring path: perfeval's scorer as it was before the fast
path (one IndicatorScore per row, built eagerly; every finding checked per
row at score time). Kept here, outside the package, as the oracle that
tests/test_fast_path.py holds the fast path to: it must give equal rows,
groups, totals, grades and findings on every example and hypothesis card.
"""

# ruff: noqa
from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from perfeval.core._decimal import exact
from perfeval.core.findings import UNDER_EXECUTION, _APPROXIMATE, _PLAIN, agrees
from perfeval.core.grading import Band
from perfeval.core.model import Indicator, Scorecard
from perfeval.core.results import BudgetScore, Finding, GroupScore, IndicatorScore, fmt
from perfeval.core.scoring import apportion, quantize
from perfeval.core.targets import Quantity, Tier, judges, normalize_text

_ZERO = Decimal(0)
_ONE = Decimal(1)
_HALF_UP = ROUND_HALF_UP
_STEPS = {places: Decimal(1).scaleb(-places) for places in range(0, 7)}


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
    tier), unless it says the tier itself (:func:`judges`: a negation or a
    date against a deadline); a met target gets full points, as
    ``score`` gives it (a published score below that is a finding, with the
    form's reason if it gives one); a partial or not-achieved row keeps its
    published score inside the tier's band, and one outside is brought to the
    band's edge."""
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


def _score_indicator(
    ind: Indicator, weight: Decimal, step: Decimal, precision: int, review: bool = False
) -> IndicatorScore:
    """One row. The hot path of scoring: one rule call, one rounding."""
    if not ind.applicable:
        return IndicatorScore(indicator=ind, weight=_ZERO, score=None, precision=precision)
    rule = ind.rule
    given = ind.score
    if review and ind.actual is None and rule.input in ("number", "tier") and given is not None:
        return IndicatorScore(
            indicator=ind, weight=weight, score=given.quantize(step, _HALF_UP),
            precision=precision, exact=given,
        )  # fmt: skip
    if review and ind.actual is None and rule.input in ("number", "tier") and given is None:
        # a published row with no actual scores 0 (the departure actual-missing)
        zero = _ZERO.quantize(step, _HALF_UP)
        return IndicatorScore(
            indicator=ind, weight=weight, score=zero, met=False, precision=precision, exact=_ZERO
        )
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
def reference_score(card: Scorecard) -> dict:
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
    return dict(
        indicators=rows,
        groups=groups,
        budget=budget_row,
        total=total,
        max=maximum,
        percent=percent,
        grade=grade,
        findings=findings,
    )


# --- findings, as they were checked ---


def _row_findings(card: Scorecard, row: IndicatorScore, out: list[Finding]) -> None:
    ind = row.indicator
    score = row.score
    if score is None:
        return
    p = row.precision
    if score < row.weight and not ind.note:
        out.append(
            Finding(
                code="deviation-unexplained",
                severity="warning",
                indicator=ind.id,
                template="deviation",
                params=(ind.name, score, row.weight, p),
            )
        )
    target = ind.target
    actual = row.actual_value
    t = target.value
    if (
        actual is not None
        and t is not None
        and t > 0
        and target.op in (">=", ">", "=")
        and actual >= card.review_ratio * t
    ):
        noted = bool(ind.note)
        out.append(
            Finding(
                code="over-achieved",
                severity="info" if noted else "warning",
                indicator=ind.id,
                template="over",
                params=(ind.name, actual / t, card.review_ratio, noted, p),
            )
        )
    if row.computed is not None and ind.score is not None and row.computed != score:
        out.append(
            Finding(
                code="score-adjusted",
                severity="info",
                indicator=ind.id,
                template="adjusted",
                params=(ind.name, row.computed, score, p),
            )
        )
    exact = row.exact if row.exact is not None else score
    if ind.reported is not None and not agrees(ind.reported, exact):
        out.append(
            Finding(
                code="reported-mismatch",
                severity="warning",
                indicator=ind.id,
                template="reported-row",
                params=(ind.name, ind.reported, score, p, _why(row, ind), ind.note),
            )
        )
    if _looks_like_fraction(ind):
        out.append(
            Finding(
                code="actual-looks-like-fraction",
                severity="warning",
                indicator=ind.id,
                template="fraction",
                params=(ind.name, normalize_text(_text(ind)), ind.target.display()),
            )
        )
    if _target_looks_like_fraction(ind):
        assert isinstance(ind.actual, Quantity)
        assert ind.target.value is not None
        out.append(
            Finding(
                code="target-looks-like-fraction",
                severity="warning",
                indicator=ind.id,
                template="target-fraction",
                params=(
                    ind.name,
                    ind.target.display(),
                    ind.actual.text,
                    ind.target.high or ind.target.value,
                ),
            )
        )
    quantity = ind.actual
    if isinstance(quantity, Quantity) and quantity.qualifier:
        approximate = quantity.qualifier in _APPROXIMATE
        out.append(
            Finding(
                code="actual-approximate" if approximate else "actual-has-comparator",
                severity="info",
                indicator=ind.id,
                template="approximate" if approximate else "comparator",
                params=(ind.name, quantity.text, quantity.value, quantity.qualifier),
            )
        )


def _why(row: IndicatorScore, ind: Indicator) -> str:
    """Which way a published row score departs from the rules."""
    reported = ind.reported
    assert reported is not None
    if reported > row.weight:
        return "over-weight"
    met = row.met if row.met is not None else ind.actual is Tier.ACHIEVED
    if met and reported < row.weight:
        return "met-reason" if ind.note else "met-no-reason"
    if not met and row.score is not None and reported > row.score:
        return "missed-over"
    return ""


def _text(ind: Indicator) -> str:
    actual = ind.actual
    return actual.text if isinstance(actual, Quantity) else ""


def _looks_like_fraction(ind: Indicator) -> bool:
    """A bare number of at most 1 (0.95) against a percentage target of at
    least 1% (≥90%): it was read as 0.95%, and 95% was probably meant."""
    actual, target = ind.actual, ind.target
    if not isinstance(actual, Quantity) or target.unit != "%" or target.value is None:
        return False
    if max(target.value, target.high or target.value) < 1:
        return False
    text = normalize_text(actual.text)
    return bool(_PLAIN.fullmatch(text)) and 0 < actual.value <= 1


def _target_looks_like_fraction(ind: Indicator) -> bool:
    """The mirror of :func:`_looks_like_fraction`: a unitless target of at
    most 1 (≤0.05, ≥0.9) against an actual written as a percentage (3%,
    85%): the % is read as a plain number, so 85% "reaches 9444% of 0.9"."""
    actual, target = ind.actual, ind.target
    if not isinstance(actual, Quantity) or target.value is None or target.unit is not None:
        return False
    if "%" not in normalize_text(actual.text):
        return False
    return 0 < max(target.value, target.high or target.value) <= 1


def _budget_findings(row: BudgetScore, out: list[Finding]) -> None:
    budget = row.budget
    p = row.precision
    rate = fmt(row.rate * 100, 2)
    if budget.missing:
        pass  # reported as budget-missing: no rate to judge
    elif row.rate < UNDER_EXECUTION and not budget.note:
        out.append(
            Finding(
                code="budget-under-executed",
                severity="warning",
                indicator="budget",
                template="under",
                params=(rate,),
            )
        )
    elif row.score < row.weight and not budget.note:
        out.append(
            Finding(
                code="deviation-unexplained",
                severity="warning",
                indicator="budget",
                template="budget-deviation",
                params=(row.score, row.weight, rate, p),
            )
        )
    status = None if budget.missing else row.monitor()
    if status is not None and status.status != "green":
        out.append(
            Finding(
                code="budget-behind",
                severity="warning" if status.status == "red" else "info",
                indicator="budget",
                template="behind",
                params=(status.month, fmt(status.ratio * 100, 2), status.status),
            )
        )
    printed = budget.reported_rate
    if printed is not None and not budget.missing:
        # The printed rate agrees when spent / adjusted, in percent, rounded half up
        # to the printed decimals, is the printed figure.
        places = -printed.as_tuple().exponent if printed.as_tuple().exponent < 0 else 0
        computed = budget.spent.value * 100 / budget.adjusted.value
        step = Decimal(1).scaleb(-places)
        if computed.quantize(step, rounding=ROUND_HALF_UP) != printed:
            shown = computed.quantize(Decimal(1).scaleb(-max(places, 2)), rounding=ROUND_HALF_UP)
            out.append(
                Finding(
                    code="budget-rate-mismatch",
                    severity="warning",
                    indicator="budget",
                    template="rate-off",
                    params=(printed, f"{shown}", budget.spent.display(), budget.adjusted.display()),
                )
            )
    exact = row.exact if row.exact is not None else row.score
    if budget.reported is not None and not agrees(budget.reported, exact):
        out.append(
            Finding(
                code="reported-mismatch",
                severity="warning",
                indicator="budget",
                template="reported-row",
                params=("预算执行率", budget.reported, row.score, p),
            )
        )


def find(
    card: Scorecard,
    rows: Sequence[IndicatorScore],
    budget: BudgetScore | None,
    total: Decimal,
    grade: Band,
) -> tuple[Finding, ...]:
    """Every finding for a scored card: rows in order, then the budget row,
    then the card's reported total and grade."""
    out: list[Finding] = [
        Finding(
            code=d.code,
            severity="info" if d.severity == "info" else "warning",
            indicator=d.indicator,
            template=d.template,
            params=d.params,
        )
        for d in card.departures
    ]
    for row in rows:
        _row_findings(card, row, out)
    if budget is not None:
        _budget_findings(budget, out)
    reported = card.reported
    if reported is not None:
        p = card.precision
        if reported.total is not None and not _total_agrees(reported.total, rows, budget, total):
            out.append(
                Finding(
                    code="reported-mismatch",
                    severity="warning",
                    indicator=None,
                    template="reported-total",
                    params=(reported.total, total, p),
                )
            )
        published = _published_sum(rows, budget)
        if (
            reported.total is not None
            and published is not None
            and not agrees(reported.total, published)
        ):
            out.append(
                Finding(
                    code="reported-sum-mismatch",
                    severity="warning",
                    indicator=None,
                    template="reported-sum",
                    params=(published, reported.total),
                )
            )
        if reported.grade is not None:
            claimed = card.scale.find(reported.grade)
            if claimed is None or claimed.grade != grade.grade:
                out.append(
                    Finding(
                        code="reported-mismatch",
                        severity="warning",
                        indicator=None,
                        template="reported-grade",
                        params=(reported.grade, grade.en, grade.zh),
                    )
                )
    return tuple(out)


def _total_agrees(
    published: Decimal,
    rows: Sequence[IndicatorScore],
    budget: BudgetScore | None,
    total: Decimal,
) -> bool:
    """A published total agrees with the exact sum of the row scores rounded
    once to its decimals, or with the table's own total (the sum of the
    rounded rows) rounded to them, or, when every published row score agrees,
    with the sum of those: rounding each row and adding the rounded rows is
    perfeval's own rule, at the form's precision."""
    exact = sum((r.exact for r in rows if r.exact is not None), Decimal(0))
    if budget is not None and budget.exact is not None:
        exact += budget.exact
    if agrees(published, exact) or agrees(published, total):
        return True
    rows_sum = _published_sum(rows, budget)
    if rows_sum is None or rows_sum != published:
        return False
    scored = [r for r in rows if r.score is not None and r.indicator.reported is not None]
    if any(not agrees(r.indicator.reported, _exact(r)) for r in scored):  # type: ignore[arg-type]
        return False
    return budget is None or agrees(
        budget.budget.reported or Decimal(0),
        budget.exact if budget.exact is not None else budget.score,
    )


def _exact(row: IndicatorScore) -> Decimal:
    assert row.score is not None
    return row.exact if row.exact is not None else row.score


def _published_sum(rows: Sequence[IndicatorScore], budget: BudgetScore | None) -> Decimal | None:
    """The sum of the published row scores, when every scored row has one."""
    scored = [r for r in rows if r.score is not None]
    if not scored or any(r.indicator.reported is None for r in scored):
        return None
    total = sum((r.indicator.reported or Decimal(0) for r in scored), Decimal(0))
    if budget is not None:
        if budget.budget.reported is None:
            return None
        total += budget.budget.reported
    return total
