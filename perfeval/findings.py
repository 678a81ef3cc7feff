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
budget-behind              warning   in-year: spending below 60% of the pace the
                           / info    budget implies (info from 60% to 80%)
=========================  ========  ==============================================

Detection records a template and its parameters; :func:`render_finding`
writes the message in either language when it is read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from .grading import Band
from .model import Scorecard
from .results import BudgetScore, Finding, IndicatorScore, fmt
from .targets import Quantity

__all__ = ["REPORTED_TOLERANCE", "UNDER_EXECUTION", "find", "render_finding"]

#: Published checkers compare reported and recomputed scores at ±0.1.
REPORTED_TOLERANCE = Decimal("0.1")
#: A budget execution rate below this must be explained.
UNDER_EXECUTION = Decimal("0.9")
_APPROXIMATE = frozenset({"余", "多"})


# --- the texts ------------------------------------------------------------------


def _gap(reported: Decimal, computed: Decimal, p: int) -> tuple[str, str]:
    """How far a reported figure is from the computed one, in en and zh."""
    gap = fmt(abs(reported - computed), p)
    if reported > computed:
        return f"{gap} higher", f"高{gap}分"
    return f"{gap} lower", f"低{gap}分"


def _deviation(zh: bool, name: str, score: Decimal, weight: Decimal, p: int) -> str:
    if zh:
        return f"“{name}”得分{fmt(score, p)}（分值{fmt(weight, p)}），未填写偏差原因分析及改进措施"
    return (
        f"'{name}' scores {fmt(score, p)} of {fmt(weight, p)} but gives no note: explain the "
        "deviation and the remedy"
    )


def _over(zh: bool, name: str, ratio: Decimal, review: Decimal, noted: bool) -> str:
    if zh:
        return (
            f"“{name}”完成值为目标的{fmt(ratio * 100, 1)}%（超过{fmt(review * 100)}%需复核），"
            f"目标可能设定偏低" + ("；已说明" if noted else "；请说明原因")
        )
    return (
        f"'{name}' reached {fmt(ratio * 100, 1)}% of its target (review at {fmt(review * 100)}%): "
        "the target may have been set too low"
        + ("; explained in the note" if noted else "; explain why")
    )


def _adjusted(zh: bool, name: str, computed: Decimal, score: Decimal, p: int) -> str:
    if zh:
        return f"“{name}”：按规则得{fmt(computed, p)}分，采用评价人评分{fmt(score, p)}分"
    return (
        f"'{name}': the rule gives {fmt(computed, p)}, the evaluator's score {fmt(score, p)} "
        "is used"
    )


def _reported_row(zh: bool, name: str, reported: Decimal, computed: Decimal, p: int) -> str:
    en_gap, zh_gap = _gap(reported, computed, p)
    if zh:
        return f"“{name}”：表中得分{fmt(reported)}，复核得分{fmt(computed, p)}（填报{zh_gap}）"
    return (
        f"'{name}': the form reports {fmt(reported)}, perfeval computes {fmt(computed, p)} "
        f"(reported {en_gap})"
    )


def _approximate(zh: bool, name: str, text: str, value: Decimal, word: str) -> str:
    if zh:
        return f"“{name}”：实际完成值“{text}”为约数，按{fmt(value)}计"
    return f"'{name}': the actual '{text}' is approximate ('{word}'); scored as {fmt(value)}"


def _comparator(zh: bool, name: str, text: str, value: Decimal, word: str) -> str:
    if zh:
        return f"“{name}”：实际完成值“{text}”带比较符，按{fmt(value)}计"
    return f"'{name}': the actual '{text}' is written with a comparator; read as {fmt(value)}"


def _under(zh: bool, rate: str) -> str:
    if zh:
        return f"预算执行率{rate}%，低于90%，未说明原因"
    return f"the budget execution rate is {rate}%, below 90%, and no note explains it"


def _budget_deviation(zh: bool, score: Decimal, weight: Decimal, rate: str, p: int) -> str:
    if zh:
        return f"预算执行率得分{fmt(score, p)}（分值{fmt(weight, p)}），未填写偏差原因"
    return (
        f"the budget row scores {fmt(score, p)} of {fmt(weight, p)} (rate {rate}%) but gives "
        "no note"
    )


def _reported_total(zh: bool, reported: Decimal, total: Decimal, p: int) -> str:
    en_gap, zh_gap = _gap(reported, total, p)
    if zh:
        return f"自评综合得分填报{fmt(reported)}分，复核得分{fmt(total, p)}分（填报{zh_gap}）"
    return (
        f"the unit reports a total of {fmt(reported)}, perfeval computes {fmt(total, p)} "
        f"(reported {en_gap})"
    )


def _reported_grade(zh: bool, reported: str, en: str, zh_grade: str) -> str:
    if zh:
        return f"评价等次填报“{reported}”，复核等次为“{zh_grade}”"
    return f"the unit reports the grade '{reported}', the computed total gives '{en}' ({zh_grade})"


def _behind(zh: bool, month: int, ratio: str, status: str) -> str:
    colour = {"red": "红灯", "yellow": "黄灯"}[status]
    if zh:
        return f"截至{month}月，支出为序时进度的{ratio}%（{colour}）"
    return f"by month {month}, spending is {ratio}% of the pace the budget implies ({status})"


_TEMPLATES: dict[str, Callable[..., str]] = {
    "behind": _behind,
    "deviation": _deviation,
    "over": _over,
    "adjusted": _adjusted,
    "reported-row": _reported_row,
    "approximate": _approximate,
    "comparator": _comparator,
    "under": _under,
    "budget-deviation": _budget_deviation,
    "reported-total": _reported_total,
    "reported-grade": _reported_grade,
}


def render_finding(template: str, params: tuple[Any, ...], lang: str) -> str:
    """A finding's message in ``zh`` or ``en``."""
    return _TEMPLATES[template](lang == "zh", *params)


# --- detection --------------------------------------------------------------------


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
                params=(ind.name, actual / t, card.review_ratio, noted),
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
    if ind.reported is not None and abs(ind.reported - score) > REPORTED_TOLERANCE:
        out.append(
            Finding(
                code="reported-mismatch",
                severity="warning",
                indicator=ind.id,
                template="reported-row",
                params=(ind.name, ind.reported, score, p),
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


def _budget_findings(row: BudgetScore, out: list[Finding]) -> None:
    budget = row.budget
    p = row.precision
    rate = fmt(row.rate * 100, 2)
    if row.rate < UNDER_EXECUTION and not budget.note:
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
    status = row.monitor()
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
    if budget.reported is not None and abs(budget.reported - row.score) > REPORTED_TOLERANCE:
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
    out: list[Finding] = []
    for row in rows:
        _row_findings(card, row, out)
    if budget is not None:
        _budget_findings(budget, out)
    reported = card.reported
    if reported is not None:
        p = card.precision
        if reported.total is not None and abs(reported.total - total) > REPORTED_TOLERANCE:
            out.append(
                Finding(
                    code="reported-mismatch",
                    severity="warning",
                    indicator=None,
                    template="reported-total",
                    params=(reported.total, total, p),
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
