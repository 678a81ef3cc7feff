"""What an evaluator must look at: every finding of spec §7, on every score.

Findings never change points. Codes:

=========================  ========  ==============================================
code                       severity  when
=========================  ========  ==============================================
deviation-unexplained      warning   score < W and no ``note`` (偏差原因 is due)
over-achieved              warning   A ≥ review_ratio × T on ≥/>/= with T > 0, no
                           / info    note (info with a note)
budget-under-executed      warning   budget rate < 90% and no ``note``
reported-mismatch          warning   a reported total, grade or row score differs
score-adjusted             info      the evaluator's ``score:`` replaced the rule's
actual-has-comparator      info      an actual was written with ≥, 以上, …
actual-approximate         info      an actual was written as 150余次 / 50多万元
=========================  ========  ==============================================
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from .grading import Band
from .model import Scorecard
from .results import BudgetScore, Finding, IndicatorScore, fmt
from .targets import Quantity

__all__ = ["REPORTED_TOLERANCE", "UNDER_EXECUTION", "find"]

#: Published checkers compare reported and recomputed scores at ±0.1.
REPORTED_TOLERANCE = Decimal("0.1")
#: A budget execution rate below this must be explained.
UNDER_EXECUTION = Decimal("0.9")
_APPROXIMATE = frozenset({"余", "多"})


def _row_findings(card: Scorecard, row: IndicatorScore) -> list[Finding]:
    ind = row.indicator
    out: list[Finding] = []
    if not ind.applicable or row.score is None:
        return out
    p = row.precision
    if row.score < row.weight and not ind.note:
        out.append(
            Finding(
                code="deviation-unexplained",
                severity="warning",
                indicator=ind.id,
                message=(
                    f"'{ind.name}' scores {fmt(row.score, p)} of {fmt(row.weight, p)} "
                    f"but gives no note: explain the deviation and the remedy"
                ),
                zh=(
                    f"“{ind.name}”得分{fmt(row.score, p)}（分值{fmt(row.weight, p)}），"
                    f"未填写偏差原因分析及改进措施"
                ),
            )
        )
    target = ind.target
    actual = row.actual_value
    if (
        actual is not None
        and target.op in (">=", ">", "=")
        and target.value is not None
        and target.value > 0
        and actual >= card.review_ratio * target.value
    ):
        ratio = actual / target.value
        noted = bool(ind.note)
        out.append(
            Finding(
                code="over-achieved",
                severity="info" if noted else "warning",
                indicator=ind.id,
                message=(
                    f"'{ind.name}' reached {fmt(ratio * 100, 1)}% of its target "
                    f"(review at {fmt(card.review_ratio * 100)}%): the target may have been "
                    f"set too low" + ("; explained in the note" if noted else "; explain why")
                ),
                zh=(
                    f"“{ind.name}”完成值为目标的{fmt(ratio * 100, 1)}%"
                    f"（超过{fmt(card.review_ratio * 100)}%需复核），目标可能设定偏低"
                    + ("；已说明" if noted else "；请说明原因")
                ),
            )
        )
    if row.computed is not None and ind.score is not None and row.computed != row.score:
        out.append(
            Finding(
                code="score-adjusted",
                severity="info",
                indicator=ind.id,
                message=(
                    f"'{ind.name}': the rule gives {fmt(row.computed, p)}, "
                    f"the evaluator's score {fmt(row.score, p)} is used"
                ),
                zh=(
                    f"“{ind.name}”：按规则得{fmt(row.computed, p)}分，"
                    f"采用评价人评分{fmt(row.score, p)}分"
                ),
            )
        )
    if ind.reported is not None and abs(ind.reported - row.score) > REPORTED_TOLERANCE:
        out.append(_reported_row(ind.id, ind.name, ind.reported, row.score, p))
    if isinstance(ind.actual, Quantity) and ind.actual.qualifier:
        word = ind.actual.qualifier
        if word in _APPROXIMATE:
            out.append(
                Finding(
                    code="actual-approximate",
                    severity="info",
                    indicator=ind.id,
                    message=(
                        f"'{ind.name}': the actual '{ind.actual.text}' is approximate "
                        f"('{word}'); scored as {fmt(ind.actual.value)}"
                    ),
                    zh=f"“{ind.name}”：实际完成值“{ind.actual.text}”为约数，按{fmt(ind.actual.value)}计",
                )
            )
        else:
            out.append(
                Finding(
                    code="actual-has-comparator",
                    severity="info",
                    indicator=ind.id,
                    message=(
                        f"'{ind.name}': the actual '{ind.actual.text}' is written with a "
                        f"comparator; read as {fmt(ind.actual.value)}"
                    ),
                    zh=f"“{ind.name}”：实际完成值“{ind.actual.text}”带比较符，按{fmt(ind.actual.value)}计",
                )
            )
    return out


def _gap(reported: Decimal, computed: Decimal, p: int) -> tuple[str, str]:
    """How far a reported figure is from the computed one, in en and zh."""
    gap = fmt(abs(reported - computed), p)
    if reported > computed:
        return f"{gap} higher", f"高{gap}分"
    return f"{gap} lower", f"低{gap}分"


def _reported_row(key: str, name: str, reported: Decimal, computed: Decimal, p: int) -> Finding:
    return Finding(
        code="reported-mismatch",
        severity="warning",
        indicator=key,
        message=(
            f"'{name}': the form reports {fmt(reported)}, perfeval computes {fmt(computed, p)} "
            f"(reported {_gap(reported, computed, p)[0]})"
        ),
        zh=(
            f"“{name}”：表中得分{fmt(reported)}，复核得分{fmt(computed, p)}"
            f"（填报{_gap(reported, computed, p)[1]}）"
        ),
    )


def _budget_findings(row: BudgetScore) -> list[Finding]:
    out: list[Finding] = []
    budget = row.budget
    p = row.precision
    rate_text = fmt(row.rate * 100, 2)
    if row.rate < UNDER_EXECUTION and not budget.note:
        out.append(
            Finding(
                code="budget-under-executed",
                severity="warning",
                indicator="budget",
                message=(
                    f"the budget execution rate is {rate_text}%, below 90%, and no note explains it"
                ),
                zh=f"预算执行率{rate_text}%，低于90%，未说明原因",
            )
        )
    elif row.score < row.weight and not budget.note:
        out.append(
            Finding(
                code="deviation-unexplained",
                severity="warning",
                indicator="budget",
                message=(
                    f"the budget row scores {fmt(row.score, p)} of {fmt(row.weight, p)} "
                    f"(rate {rate_text}%) but gives no note"
                ),
                zh=f"预算执行率得分{fmt(row.score, p)}（分值{fmt(row.weight, p)}），未填写偏差原因",
            )
        )
    if budget.reported is not None and abs(budget.reported - row.score) > REPORTED_TOLERANCE:
        out.append(_reported_row("budget", "预算执行率", budget.reported, row.score, p))
    return out


def find(
    card: Scorecard,
    rows: Sequence[IndicatorScore],
    budget: BudgetScore | None,
    total: Decimal,
    grade: Band,
) -> tuple[Finding, ...]:
    """Every finding for a scored card: rows in order, then the budget row,
    then the card's reported total and grade."""
    out: list[Finding] = []
    for row in rows:
        out.extend(_row_findings(card, row))
    if budget is not None:
        out.extend(_budget_findings(budget))
    reported = card.reported
    if reported is not None:
        p = card.precision
        if reported.total is not None and abs(reported.total - total) > REPORTED_TOLERANCE:
            out.append(
                Finding(
                    code="reported-mismatch",
                    severity="warning",
                    indicator=None,
                    message=(
                        f"the unit reports a total of {fmt(reported.total)}, perfeval computes "
                        f"{fmt(total, p)} (reported {_gap(reported.total, total, p)[0]})"
                    ),
                    zh=(
                        f"自评综合得分填报{fmt(reported.total)}分，复核得分{fmt(total, p)}分"
                        f"（填报{_gap(reported.total, total, p)[1]}）"
                    ),
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
                        message=(
                            f"the unit reports the grade '{reported.grade}', the computed "
                            f"total gives '{grade.en}' ({grade.zh})"
                        ),
                        zh=f"评价等次填报“{reported.grade}”，复核等次为“{grade.zh}”",
                    )
                )
    return tuple(out)
