"""What an evaluator must look at: every finding of spec §7, on every score.

Findings never change points. Codes:

=========================  ========  ==============================================
code                       severity  when
=========================  ========  ==============================================
deviation-unexplained      warning   score < W and no ``note`` (偏差原因 is due)
over-achieved              warning   A ≥ review_ratio × T on ≥/>/= with T > 0, no
                           / info    note (info with a note)
budget-under-executed      warning   budget rate < 90% and no ``note``
reported-mismatch          warning   a published total, grade or row score differs
                                     at the decimals it is written to
reported-sum-mismatch      warning   published row scores do not add up to the
                                     published total
weights-off-total          warning   review: the form's points do not add up to the
                                     total, or a group's rows to its printed points
group-weights-depart       info      review: group points other than the framework's
budget-missing             warning   review: a budget row with no amounts or 0/0/0
budget-rate-mismatch       warning   the printed 执行率 (``reported_rate``) is not
                                     spent / adjusted at the decimals it is written to
actual-missing             warning   review: a row with no 实际完成值 (scored 0)
target-missing             warning   review: a scored row with no 年度指标值 (scored 0)
actual-not-a-figure        warning   review: words for the figure a target asks
                                     (较好 against ≥95%; scored 0)
actual-unit-mismatch       warning   review: a figure in a unit the target's cannot
                                     be compared with (22万件 against 20万条; scored 0)
actual-looks-like-fraction warning   a bare 0.95 against a percentage target
target-looks-like-fraction warning   a bare ≥0.9 target against an actual in %
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

import re
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

import attrs

from .targets import Quantity, Tier, as_written, fmt, format_decimal, normalize_text

if TYPE_CHECKING:  # the types only: results import this module, not the other way
    from .grading import Band
    from .model import Indicator, Scorecard
    from .results import BudgetScore, Scored

__all__ = [
    "ADJUSTED",
    "DEVIATION",
    "REPORTED",
    "UNDER_EXECUTION",
    "Finding",
    "Severity",
    "adjusted_finding",
    "agrees",
    "card_findings",
    "decimals",
    "deviation_finding",
    "render_finding",
    "reported_finding",
    "row_findings",
    "written_findings",
]

#: A budget execution rate below this must be explained.
UNDER_EXECUTION = Decimal("0.9")
_APPROXIMATE = frozenset({"余", "多"})
_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


Severity = Literal["info", "warning"]


@attrs.frozen(kw_only=True)
class Finding:
    """Something an evaluator must look at (需说明事项).

    ``indicator`` is the indicator id, ``budget`` for the budget row, or None
    for the card as a whole. ``message`` is English, ``zh`` Chinese; both are
    written from ``template`` and ``params`` when first read, so scoring many
    cards formats no text nobody reads.
    """

    code: str
    severity: Severity
    indicator: str | None
    template: str = attrs.field(repr=False)
    params: tuple[Any, ...] = attrs.field(repr=False)

    @property
    def message(self) -> str:
        return self.text("en")

    @property
    def zh(self) -> str:
        return self.text("zh")

    def text(self, lang: str) -> str:
        return render_finding(self.template, self.params, lang)


def decimals(published: Decimal) -> int:
    """How many decimals a published figure is written to: ``3`` → 0,
    ``3.0`` → 1, ``2.92`` → 2 (the Decimal keeps the exponent as read)."""
    exponent = published.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def agrees(published: Decimal, exact: Decimal) -> bool:
    """Whether a published score agrees with the exact one at the precision
    it is written to: the exact score rounded once, half up, to the published
    number of decimals equals it (2.917 agrees with ``3``, ``2.9`` and
    ``2.92``; 1.897 does not agree with ``1.8``)."""
    from ._decimal import quantize

    return quantize(exact, decimals(published)) == published


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


def _over(zh: bool, name: str, ratio: Decimal, review: Decimal, noted: bool, p: int = 2) -> str:
    # The finding fires from review_ratio × T on: at exactly it the form has
    # reached (达到) the line, above it exceeded (超过) it.
    shown = fmt(ratio * 100, p)
    if zh:
        word = "达到" if ratio == review else "超过"
        return (
            f"“{name}”完成值为目标的{shown}%（{word}{fmt(review * 100)}%需复核），"
            f"目标可能设定偏低" + ("；已说明" if noted else "；请说明原因")
        )
    return (
        f"'{name}' reached {shown}% of its target (review from {fmt(review * 100)}%): "
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


#: Why a published row score departs, in zh and en (with the form's reason, if any).
_WHY = {
    "met-no-reason": (
        "目标已完成，未说明理由却未给满分",
        "the target was met, yet the form gives less than full points without a reason",
    ),
    "met-reason": ("目标已完成，表中理由：", "the target was met; the form's reason for less: "),
    "missed-over": (
        "目标未完成，得分高于规则所允许",
        "the target was missed, yet the form gives more than the rules allow",
    ),
    "over-weight": ("得分高于分值", "the form gives more than the row's points"),
}


def _reported_row(
    zh: bool,
    name: str,
    reported: Decimal,
    computed: Decimal,
    p: int,
    why: str = "",
    reason: str | None = None,
) -> str:
    en_gap, zh_gap = _gap(reported, computed, p)
    extra = ""
    if why:
        zh_why, en_why = _WHY[why]
        text = zh_why if zh else en_why
        if why == "met-reason" and reason:
            text += f"“{reason}”" if zh else f"'{reason}'"
        elif reason:
            text += f"（理由：“{reason}”）" if zh else f" (the form's reason: '{reason}')"
        extra = f"；{text}" if zh else f"; {text}"
    if zh:
        shown, review = as_written(reported), fmt(computed, p)
        return f"“{name}”：表中得分{shown}，复核得分{review}（填报{zh_gap}）{extra}"
    return (
        f"'{name}': the form reports {as_written(reported)}, perfeval computes {fmt(computed, p)} "
        f"(reported {en_gap}){extra}"
    )


def _reported_sum(zh: bool, rows: Decimal, total: Decimal) -> str:
    if zh:
        return f"表中各项得分合计{fmt(rows)}分，而总分填报{fmt(total)}分"
    return f"the form's row scores add up to {fmt(rows)}, but its total says {fmt(total)}"


def _group_off(zh: bool, group: str, zh_name: str, rows: Decimal, printed: Decimal) -> str:
    gap = format_decimal(abs(rows - printed))
    more = rows > printed
    if zh:
        return (
            f"{zh_name}（{group}）各项分值合计{fmt(rows)}分，表中该项为{fmt(printed)}分"
            f"（{'多' if more else '少'}{gap}分）"
        )
    return (
        f"group '{group}' ({zh_name}): its rows' points add up to {fmt(rows)}, the form prints "
        f"{fmt(printed)} ({gap} {'more' if more else 'fewer'})"
    )


def _total_off(
    zh: bool, scored: Decimal, total: Decimal, parts: tuple[tuple[str, str, Decimal], ...]
) -> str:
    gap = format_decimal(abs(scored - total))
    more = scored > total
    if zh:
        detail = "、".join(f"{zh_name}{fmt(w)}" for _, zh_name, w in parts)
        return (
            f"各项分值合计{fmt(scored)}分（{detail}），总分应为{fmt(total)}分"
            f"（{'多' if more else '少'}{gap}分）"
        )
    detail = ", ".join(f"{gid} {fmt(w)}" for gid, _, w in parts)
    return (
        f"the form's points add up to {fmt(scored)} ({detail}), not the total {fmt(total)} "
        f"({gap} {'more' if more else 'fewer'})"
    )


def _printed_off(
    zh: bool, printed: Decimal, total: Decimal, parts: tuple[tuple[str, str, Decimal], ...]
) -> str:
    gap = format_decimal(abs(printed - total))
    more = printed > total
    if zh:
        detail = "、".join(f"{zh_name}{fmt(w)}" for _, zh_name, w in parts)
        return (
            f"表中一级指标分值合计{fmt(printed)}分（{detail}），总分应为{fmt(total)}分"
            f"（{'多' if more else '少'}{gap}分）"
        )
    detail = ", ".join(f"{gid} {fmt(w)}" for gid, _, w in parts)
    return (
        f"the level-1 points the form prints add up to {fmt(printed)} ({detail}), not the "
        f"total {fmt(total)} ({gap} {'more' if more else 'fewer'})"
    )


def _groups_depart(zh: bool, moved: tuple[tuple[str, str, Decimal, Decimal], ...]) -> str:
    if zh:
        detail = "、".join(f"{zh_name}{fmt(w)}分（通常{fmt(d)}分）" for _, zh_name, w, d in moved)
        return f"一级指标分值与指标体系不同：{detail}"
    detail = ", ".join(f"{gid} {fmt(w)} (usually {fmt(d)})" for gid, _, w, d in moved)
    return f"the level-1 points depart from the framework's: {detail}"


def _budget_missing(zh: bool, reported: Decimal | None) -> str:
    scored = as_written(reported) if reported is not None else "0"
    if zh:
        return f"预算执行情况未填金额或金额为0，执行率无法计算；按表中得分{scored}分计"
    return (
        "the budget row gives no amounts, or amounts of 0, so no execution rate can be "
        f"computed; scored as published ({scored})"
    )


def _rate_off(zh: bool, printed: Decimal, rate: str, spent: str, adjusted: str) -> str:
    if zh:
        return (
            f"表中执行率为{as_written(printed)}%，按全年执行数{spent}÷全年预算数{adjusted}"
            f"计算应为{rate}%"
        )
    return (
        f"the form prints an execution rate of {as_written(printed)}%; spent {spent} of "
        f"{adjusted} budgeted is {rate}%"
    )


def _actual_missing(
    zh: bool, name: str, reported: Decimal | None, given: Decimal | None = None
) -> str:
    tail = _review_tail(zh, reported, given)
    if zh:
        return f"“{name}”未填写实际完成值，无从判断是否完成，{tail}"
    return f"'{name}' gives no actual (实际完成值), so nothing shows the target met: {tail}"


def _review_tail(zh: bool, reported: Decimal | None, given: Decimal | None) -> str:
    """What the review scores a row it cannot score by the rules, and what the form gave."""
    if zh:
        shown = f"（表中得分{as_written(reported)}）" if reported is not None else ""
        review = "复核得0分" if given is None else f"采用复核人评分{format_decimal(given)}分"
        return f"{review}{shown}"
    shown = f" (the form gives {as_written(reported)})" if reported is not None else ""
    review = (
        "the review gives 0"
        if given is None
        else f"the reviewer's score {format_decimal(given)} is used"
    )
    return f"{review}{shown}"


def _target_missing(
    zh: bool, name: str, reported: Decimal | None, given: Decimal | None = None
) -> str:
    tail = _review_tail(zh, reported, given)
    if zh:
        return f"“{name}”未填写年度指标值，无从判断是否完成，{tail}"
    return f"'{name}' gives no target (年度指标值), so nothing shows what was to be met: {tail}"


def _unit_mismatch(
    zh: bool,
    name: str,
    text: str,
    target: str,
    unit: str,
    target_unit: str,
    reported: Decimal | None,
    given: Decimal | None = None,
) -> str:
    tail = _review_tail(zh, reported, given)
    if zh:
        return (
            f"“{name}”的实际完成值“{text}”以{unit}计，目标“{target}”以{target_unit}计，"
            f"两者不能比较，无从按规则计分，{tail}；请核实单位"
        )
    return (
        f"'{name}' gives the actual '{text}' in {unit}, but the target '{target}' counts "
        f"in {target_unit}, and the two cannot be compared, so the rules cannot score it: "
        f"{tail}; ask which unit is meant"
    )


def _not_a_figure(
    zh: bool,
    name: str,
    text: str,
    target: str,
    reported: Decimal | None,
    given: Decimal | None = None,
) -> str:
    tail = _review_tail(zh, reported, given)
    if zh:
        return (
            f"“{name}”的实际完成值“{text}”不是数值，目标“{target}”要求数值，无从按规则计分，{tail}"
        )
    return (
        f"'{name}' gives the actual '{text}' in words, but the target '{target}' asks for "
        f"a figure, so the rules cannot score it: {tail}"
    )


def _fraction(zh: bool, name: str, text: str, target: str) -> str:
    value = Decimal(normalize_text(text))
    percent = format_decimal(value * 100)
    if zh:
        return (
            f"“{name}”：实际完成值“{text}”无单位，按{text}%计（目标“{target}”）；"
            f"如指{percent}%，请写作“{percent}%”"
        )
    return (
        f"'{name}': the actual '{text}' has no unit and is read as {text}% against "
        f"'{target}'; if {percent}% was meant, write '{percent}%'"
    )


def _target_fraction(zh: bool, name: str, target: str, actual: str, value: Decimal) -> str:
    percent = format_decimal(value * 100)
    if zh:
        return (
            f"“{name}”：年度指标值“{target}”无单位，而实际完成值“{actual}”为百分比，"
            f"按{format_decimal(value)}与百分数比较；如指{percent}%，请在目标中写明“%”"
        )
    return (
        f"'{name}': the target '{target}' has no unit while the actual '{actual}' is a "
        f"percentage, so {format_decimal(value)} is compared with a percentage; if "
        f"{percent}% was meant, write the % in the target"
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
        return (
            f"自评综合得分填报{as_written(reported)}分，复核得分{fmt(total, p)}分（填报{zh_gap}）"
        )
    return (
        f"the unit reports a total of {as_written(reported)}, perfeval computes {fmt(total, p)} "
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
    "reported-sum": _reported_sum,
    "group-off": _group_off,
    "total-off": _total_off,
    "printed-off": _printed_off,
    "groups-depart": _groups_depart,
    "budget-missing": _budget_missing,
    "rate-off": _rate_off,
    "actual-missing": _actual_missing,
    "actual-not-a-figure": _not_a_figure,
    "actual-unit-mismatch": _unit_mismatch,
    "target-missing": _target_missing,
    "fraction": _fraction,
    "target-fraction": _target_fraction,
}


def render_finding(template: str, params: tuple[Any, ...], lang: str) -> str:
    """A finding's message in ``zh`` or ``en``."""
    return _TEMPLATES[template](lang == "zh", *params)


# --- detection --------------------------------------------------------------------


#: The findings a row's score decides, as the scorer marks them (a bit set per
#: row in :class:`perfeval.results.Scored`); :func:`row_findings` writes them.
DEVIATION, ADJUSTED, REPORTED = 1, 2, 4


def row_findings(scored: Scored, precision: int) -> list[Finding]:
    """The rows' findings in order: for each row, deviation-unexplained,
    over-achieved, score-adjusted, reported-mismatch, then how its actual and
    target are written."""
    out: list[Finding] = []
    rows = zip(scored.plan.rows, scored.scores, scored.computed, scored.flags, strict=True)
    for row, value, computed, flag in rows:
        if value is None:
            continue
        ind = row.indicator
        if flag & DEVIATION:
            out.append(deviation_finding(ind, value, row.weight, precision))
        if row.over is not None:
            out.append(row.over)
        if flag & ADJUSTED:
            assert computed is not None
            out.append(adjusted_finding(ind, computed, value, precision))
        if flag & REPORTED:
            out.append(reported_finding(ind, value, row.weight, row.met, precision))
        out.extend(row.tail)
    return out


def written_findings(
    card: Scorecard, ind: Indicator, actual: Decimal | None
) -> tuple[Finding | None, tuple[Finding, ...]]:
    """The findings of a row that its score does not change, found once per
    card: over-achieved (A against T), and how the actual and the target are
    written (a fraction for a percentage, a comparator, 余/多)."""
    over = None
    target = ind.target
    t = target.value
    if (
        actual is not None
        and t is not None
        and t > 0
        and target.op in (">=", ">", "=")
        and actual >= card.review_ratio * t
    ):
        noted = bool(ind.note)
        over = Finding(
            code="over-achieved",
            severity="info" if noted else "warning",
            indicator=ind.id,
            template="over",
            params=(ind.name, actual / t, card.review_ratio, noted, card.precision),
        )
    tail = []
    if _looks_like_fraction(ind):
        tail.append(
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
        tail.append(
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
        tail.append(
            Finding(
                code="actual-approximate" if approximate else "actual-has-comparator",
                severity="info",
                indicator=ind.id,
                template="approximate" if approximate else "comparator",
                params=(ind.name, quantity.text, quantity.value, quantity.qualifier),
            )
        )
    return over, tuple(tail)


def deviation_finding(ind: Indicator, score: Decimal, weight: Decimal, p: int) -> Finding:
    """A row below its points with no note: 偏差原因 is due."""
    return Finding(
        code="deviation-unexplained",
        severity="warning",
        indicator=ind.id,
        template="deviation",
        params=(ind.name, score, weight, p),
    )


def adjusted_finding(ind: Indicator, computed: Decimal, score: Decimal, p: int) -> Finding:
    """The evaluator's ``score:`` replaced what the rule gives."""
    return Finding(
        code="score-adjusted",
        severity="info",
        indicator=ind.id,
        template="adjusted",
        params=(ind.name, computed, score, p),
    )


def reported_finding(
    ind: Indicator, score: Decimal, weight: Decimal, met: bool | None, p: int
) -> Finding:
    """A published row score that departs from the rules' score."""
    assert ind.reported is not None
    return Finding(
        code="reported-mismatch",
        severity="warning",
        indicator=ind.id,
        template="reported-row",
        params=(ind.name, ind.reported, score, p, _why(ind, score, weight, met), ind.note),
    )


def _why(ind: Indicator, score: Decimal, weight: Decimal, met: bool | None) -> str:
    """Which way a published row score departs from the rules."""
    reported = ind.reported
    assert reported is not None
    if reported > weight:
        return "over-weight"
    if ind.actual is None:  # no figure (missing, in words, in another unit): neither met nor missed
        return ""
    if met is None:
        met = ind.actual is Tier.ACHIEVED
    if met and reported < weight:
        return "met-reason" if ind.note else "met-no-reason"
    if not met and reported > score:
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
    if not 0 < actual.value <= 1 or max(target.value, target.high or target.value) < 1:
        return False
    return bool(_PLAIN.fullmatch(normalize_text(actual.text)))


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
    rate = "" if budget.missing or budget.note else fmt(row.rate * 100, 2)
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
    status = None if budget.missing or budget.month is None else row.monitor()
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
    if printed is not None and row.rate_departs:
        places = max(decimals(printed), 2)
        out.append(
            Finding(
                code="budget-rate-mismatch",
                severity="warning",
                indicator="budget",
                template="rate-off",
                params=(
                    printed,
                    fmt(row.rate * 100, places),
                    budget.spent.display(),
                    budget.adjusted.display(),
                ),
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


def card_findings(
    card: Scorecard,
    rows: Scored,
    budget: BudgetScore | None,
    total: Decimal,
    grade: Band,
) -> tuple[Finding, ...]:
    """The findings after the rows': the budget row's, then the card's
    published total and grade."""
    out: list[Finding] = []
    if budget is not None:
        _budget_findings(budget, out)
    reported = card.reported
    if reported is None:
        return tuple(out)
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
    published = None if reported.total is None else _published_sum(rows, budget)
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
    rows: Scored,
    budget: BudgetScore | None,
    total: Decimal,
) -> bool:
    """A published total agrees with the exact sum of the row scores rounded
    once to its decimals, or with the table's own total (the sum of the
    rounded rows) rounded to them, or, when every published row score agrees,
    with the sum of those: rounding each row and adding the rounded rows is
    perfeval's own rule, at the form's precision."""
    exact = sum((e for e in rows.exact if e is not None), Decimal(0))
    if budget is not None and budget.exact is not None:
        exact += budget.exact
    if agrees(published, exact) or agrees(published, total):
        return True
    rows_sum = _published_sum(rows, budget)
    if rows_sum is None or rows_sum != published:
        return False
    if any(flag & REPORTED for flag in rows.flags):  # a published row score departs
        return False
    return budget is None or agrees(
        budget.budget.reported or Decimal(0),
        budget.exact if budget.exact is not None else budget.score,
    )


def _published_sum(rows: Scored, budget: BudgetScore | None) -> Decimal | None:
    """The sum of the published row scores, when every scored row has one."""
    total = Decimal(0)
    counted = False
    for row, value in zip(rows.plan.rows, rows.scores, strict=True):
        if value is None:
            continue
        if row.reported is None:
            return None
        total += row.reported
        counted = True
    if not counted:
        return None
    if budget is not None:
        if budget.budget.reported is None:
            return None
        total += budget.budget.reported
    return total
