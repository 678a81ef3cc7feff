"""One-line explanations of a score, in Chinese or English.

Built on demand from a scored row, never during scoring:
``98% against ≥100%: A/T × W = 98/100 × 10 → 9.80 of 10``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from .targets import Quantity, Tier, fmt, format_decimal, parse_quantity
from .units import from_base

if TYPE_CHECKING:  # results import this module, not the other way
    from .model import Indicator
    from .results import BudgetScore, IndicatorScore, Result

__all__ = [
    "actual_text",
    "explain_budget",
    "explain_indicator",
    "indicator_actual",
    "level_names",
]

_TIER_BANDS = {
    Tier.ACHIEVED: (Decimal("0.8"), Decimal(1)),
    Tier.PARTIAL: (Decimal("0.6"), Decimal("0.8")),
    Tier.NOT_ACHIEVED: (Decimal(0), Decimal("0.6")),
}


def _arithmetic(row: IndicatorScore) -> str | None:
    """The computation of a score below W, with the numbers put in."""
    ind, a = row.indicator, row.actual_value
    target = ind.target
    if a is None or target.value is None:
        return None

    # Figures in the unit the target was written in: 850/800, not 8500000/8000000.
    def shown(value: Decimal) -> str:
        return format_decimal(from_base(target.written, value))

    arithmetic = ind.rule.arithmetic  # each rule writes its own (perfeval.core.rules)
    if arithmetic is not None:
        return arithmetic(a, target, shown, fmt(row.weight))
    return ind.rule.formula or None


def explain_indicator(row: IndicatorScore, lang: str = "en") -> str:
    """How a row's score came about, in one line."""
    ind = row.indicator
    zh = lang == "zh"
    if not ind.applicable or row.score is None:
        return (
            "不适用：分值剔除，其余指标按百分制折算"
            if zh
            else ("not applicable: its points are dropped and the rest rescaled")
        )
    p = row.precision
    score, weight = fmt(row.score, p), fmt(row.weight)
    tail = f"{score}分（分值{weight}）" if zh else f"{score} of {weight}"
    target = ind.target.display()
    yearly = ind.target.yearly()  # 每季度1次 is scored as 4次 in the year
    if yearly:
        target += f"（全年{yearly}）" if zh else f" ({yearly} in the year)"
    actual = actual_text(ind.actual, lang)
    rule = ind.rule
    if ind.target.missing:
        return f"未填写年度指标值 → {tail}" if zh else f"no target given → {tail}"  # review
    if ind.actual is None and ind.actual_text is not None:  # review: no figure to compare
        if _a_figure(ind.actual_text):  # in a unit the target's cannot be compared with
            return (
                f"实际完成值“{ind.actual_text}”与目标“{target}”单位不同，不能比较 → {tail}"
                if zh
                else f"the actual '{ind.actual_text}' is in another unit than '{target}' → {tail}"
            )
        return (
            f"实际完成值“{ind.actual_text}”不是数值 → {tail}"
            if zh
            else f"the actual '{ind.actual_text}' is no figure → {tail}"
        )
    if ind.actual is None and rule.input in ("number", "tier"):
        if ind.score is not None:
            return (
                f"未填写实际完成值，采用复核人评分 → {tail}"
                if zh
                else (f"no actual given; the reviewer's score → {tail}")
            )
        return f"未填写实际完成值 → {tail}" if zh else f"no actual given → {tail}"
    if rule.input == "tier":
        assert isinstance(ind.actual, Tier)
        low, high = _TIER_BANDS[ind.actual]
        band = f"{fmt(low * row.weight, p)}–{fmt(high * row.weight, p)}"
        if zh:
            return f"定性：{ind.actual.zh}（区间{band}）→ {tail}"
        return f"qualitative: {ind.actual.value} (band {band}) → {tail}"
    if rule.input == "score" or rule.compute is None:
        return f"人工评分 → {tail}" if zh else f"manual score → {tail}"
    if rule.input == "params":
        return f"{rule.formula} → {tail}"
    if ind.formula is not None:
        figures = ", ".join(f"{name} {value}" for name, value in ind.inputs)
        actual = f"{ind.formula} = {actual} ({figures})"
    if row.met:
        how = "达成" if zh else "met"
    else:
        arithmetic = _arithmetic(row)
        if zh:
            how = "未达成" + (f"，{arithmetic}" if arithmetic else "")
        else:
            how = "not met" + (f": {arithmetic}" if arithmetic else "")
    override = ""
    if row.computed is not None and ind.score is not None:
        computed = fmt(row.computed, p)
        override = (
            f"；规则得{computed}分，采用评价人评分"
            if zh
            else (f"; rule gives {computed}, evaluator's score used")
        )
    if zh:
        return f"实际{actual}，目标{target}：{how} → {tail}{override}"
    return f"{actual} against {target}: {how} → {tail}{override}"


def _a_figure(text: str) -> bool:
    """Whether a review row's unscored actual is a figure (its unit departs
    from the target's: actual-unit-mismatch) rather than words (actual-not-a-
    figure, which never holds a digit nor reads as numerals)."""
    if any(ch.isdigit() for ch in text):
        return True
    try:
        parse_quantity(text)
    except ValueError:
        return False
    return True


def explain_budget(row: BudgetScore, lang: str = "en") -> str:
    """How the budget row's score came about, in one line."""
    budget = row.budget
    p = row.precision
    rate = fmt(row.rate * 100, 2)
    spent, adjusted = budget.spent.display(), budget.adjusted.display()
    score, weight = fmt(row.score, p), fmt(row.weight)
    if budget.missing:  # review: a 0/0/0 row is scored as published
        if lang == "zh":
            return f"未填预算金额，无法计算执行率 → 按表中得分{score}分（分值{weight}）"
        return f"no budget amounts, so no rate → scored as published: {score} of {weight}"
    if lang == "zh":
        return f"执行率 = {spent} / {adjusted} = {rate}% → {score}分（分值{weight}）"
    return f"rate = {spent} / {adjusted} = {rate}% → min(rate, 1) × {weight} = {score} of {weight}"


def indicator_actual(indicator: Indicator, lang: str) -> str:
    """A row's actual as a table shows it; free text with the tier its score
    names: ``效果明显（达成年度指标）``."""
    shown = actual_text(indicator.actual, lang)
    if indicator.actual_text is None:
        return shown
    if indicator.actual is None:
        return indicator.actual_text  # review: words where a figure was asked
    return (
        f"{indicator.actual_text}（{shown}）"
        if lang == "zh"
        else f"{indicator.actual_text} ({shown})"
    )


def actual_text(actual: Quantity | Tier | str | None, lang: str) -> str:
    """An actual as a table shows it: as written, or the tier's name."""
    if actual is None:
        return "—"
    if isinstance(actual, Quantity):
        return actual.display()
    if isinstance(actual, Tier):
        return actual.zh if lang == "zh" else actual.value
    return actual


def level_names(result: Result, row: IndicatorScore, lang: str) -> tuple[str, str]:
    """A row's 一级 and 二级 names as the form prints them (an aspect's name
    stands for its kind's)."""
    card = result.card
    ind = row.indicator
    group = card.group(ind.group).label(lang)
    kind = card.framework.kind(ind.kind)
    level2 = ind.kind
    if kind is not None:
        level2 = kind.zh if lang == "zh" else kind.en
        aspect = kind.aspect(ind.aspect) if ind.aspect else None
        if aspect is not None:
            level2 = aspect.zh if lang == "zh" else aspect.en
    return group, level2
