"""Frequencies per period (每季度1次, 1次/月): scored against the year's count.

A self-evaluation scores one year: 每季度1次 is 4次 in the year, so 3次 is 3/4 of
it and 4次 meets it (both used to score as "=1次": 3次 and 4次 full marks,
over-achieved 300% and 400%). Weeks and days make no fixed number in a working
year and keep their period in the unit (次/周).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

import perfeval
from perfeval import ExpressionError, parse_quantity, parse_target
from perfeval.core.periods import FREQUENCY_UNITS
from perfeval.core.units import DEFAULT_UNITS

from .cards import card_dict, score_one

D = Decimal

# (target as written, op, value in the year (or per period), unit, period as written)
PER_PERIOD_TARGETS = [
    ("每季度1次", "=", "4", "次", "每季度"),
    ("每季度一次", "=", "4", "次", "每季度"),
    ("每个季度1次", "=", "4", "次", "每个季度"),
    ("每季1次", "=", "4", "次", "每季"),
    ("每月1次", "=", "12", "次", "每月"),
    ("每个月2次", "=", "24", "次", "每个月"),
    ("每月度1次", "=", "12", "次", "每月度"),
    ("每半年1次", "=", "2", "次", "每半年"),
    ("每半年度1次", "=", "2", "次", "每半年度"),
    ("每半月1次", "=", "24", "次", "每半月"),
    ("每旬1次", "=", "36", "次", "每旬"),
    ("每两个月1次", "=", "6", "次", "每两个月"),
    ("每2个月1次", "=", "6", "次", "每2个月"),
    ("每三个月1次", "=", "4", "次", "每三个月"),
    ("每2个月一次", "=", "6", "次", "每2个月"),
    ("每两个季度1次", "=", "2", "次", "每两个季度"),
    ("每月不少于1次", ">=", "12", "次", "每月"),
    ("每季度≥1次", ">=", "4", "次", "每季度"),
    ("每季度至少开展1次", ">=", "4", "次", "每季度"),
    ("每季度召开一次", "=", "4", "次", "每季度"),
    ("每月开展2次以上", ">=", "24", "次", "每月"),
    ("全年每季度1次", "=", "4", "次", "每季度"),
    ("每月发布信息10条", "=", "120", "条", "每月"),
    ("每季度培训50人次", "=", "200", "人次", "每季度"),
    ("每月不超过2次", "<=", "24", "次", "每月"),
    ("1次/季度", "=", "4", "次", "/季度"),
    ("≥1次/月", ">=", "12", "次", "/月"),
    ("1次/季度以上", ">=", "4", "次", "/季度"),
    ("2次/每月", "=", "24", "次", "/每月"),
    ("1次/2个月", "=", "6", "次", "/2个月"),
    # per year: the figure as written, nothing to explain
    ("每年2次", "=", "2", "次", ""),
    ("每年度2次", "=", "2", "次", ""),
    ("4次/年", "=", "4", "次", ""),
    ("≥4次/年", ">=", "4", "次", ""),
    # weeks, days, and periods that do not divide the year: per period
    ("每周1次", "=", "1", "次/周", ""),
    ("每周一次", "=", "1", "次/周", ""),
    ("每星期1次", "=", "1", "次/周", ""),
    ("每两周1次", "=", "1", "次/2周", ""),
    ("每天巡查2次", "=", "2", "次/日", ""),
    ("每日2次", "=", "2", "次/日", ""),
    ("每个工作日1次", "=", "1", "次/工作日", ""),
    ("1次/周", "=", "1", "次/周", ""),
    ("每5个月1次", "=", "1", "次/5月", ""),
    ("每两年1次", "=", "1", "次/2年", ""),
]


@pytest.mark.parametrize(("text", "op", "value", "unit", "period"), PER_PERIOD_TARGETS)
def test_a_frequency_per_period_is_the_years_count(
    text: str, op: str, value: str, unit: str, period: str
) -> None:
    target = parse_target(text)
    assert (target.op, target.value, target.unit, target.period) == (op, D(value), unit, period)
    assert target.text == text
    again = parse_target(str(target))  # the canonical form reads back to an equal target
    assert again == target


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("每季度1-2次", "4", "8"), ("1~2次/月", "12", "24"), ("每月1至2次", "12", "24")],
)
def test_a_range_per_period(text: str, low: str, high: str) -> None:
    target = parse_target(text)
    assert (target.op, target.low, target.high, target.unit) == ("range", D(low), D(high), "次")


@pytest.mark.parametrize(
    ("text", "op", "value", "unit"),
    [
        # who or what is counted need not add up over the year: as written
        ("每月服务100户", "=", "100", "户"),
        ("每季度检查企业20家", "=", "20", "家"),
        ("每月发放补贴人数1000人", "=", "1000", "人"),
        # not a count at all
        ("每季度考核合格率≥90%", ">=", "90", "%"),
        ("每月补助500元", "=", "500", "元"),
        ("每天24小时", "=", "1", "天"),
        # 每 that is no period
        ("每万人3次", "=", "3", "次"),
        ("每户1次", "=", "1", "次"),
        # a period too far from the figure (a verb of more than four characters)
        ("每月对辖区内企业巡查2次", "=", "2", "次"),
    ],
)
def test_other_figures_with_a_period_are_read_as_written(
    text: str, op: str, value: str, unit: str
) -> None:
    target = parse_target(text)
    assert (target.op, target.value, target.unit, target.period) == (op, D(value), unit, "")


@pytest.mark.parametrize(
    "text", ["100人/月", "500万元/年", "每月10日前", "每季度末前完成", "按季度开展", "每季度"]
)
def test_texts_that_stay_statements(text: str) -> None:
    assert parse_target(text).op == "qualitative"


# (actual as written, value, unit)
PER_PERIOD_ACTUALS = [
    ("每季度1次", "4", "次"),
    ("每季度一次", "4", "次"),
    ("每月2次", "24", "次"),
    ("每季度开展1次", "4", "次"),
    ("1次/季度", "4", "次"),
    ("每2个月1次", "6", "次"),
    ("4次/年", "4", "次"),
    ("每年4次", "4", "次"),
    ("每周1次", "1", "次/周"),
    ("1次/周", "1", "次/周"),
]


@pytest.mark.parametrize(("text", "value", "unit"), PER_PERIOD_ACTUALS)
def test_an_actual_per_period(text: str, value: str, unit: str) -> None:
    actual = parse_quantity(text)
    assert (actual.value, actual.unit, actual.text) == (D(value), unit, text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # an actual's label is only the period (and a verb), never words before it
        ("全年每季度1次", "expected a number first; found '全年每季度' before it"),
        ("每月服务100户", "expected a number first; found '每月服务' before it"),
        ("100人/月", "cannot read '/月' after the number"),
        ("每季度1-2次", "expected a number first"),
    ],
)
def test_actual_errors_around_periods(text: str, message: str) -> None:
    with pytest.raises(ExpressionError, match=message):
        parse_quantity(text)


@pytest.mark.parametrize(
    ("target", "actual", "score", "met"),
    [
        ("每季度1次", "4次", "10", True),
        ("每季度1次", "3次", "7.50", False),  # 3/4 × 10; it was full marks
        ("每季度1次", "1次", "2.50", False),  # it was full marks
        ("每季度1次", "每季度1次", "10", True),
        ("每季度1次", "每月1次", "10", True),  # 12次 against 4次: met, and over-achieved
        ("每月不少于1次", "10次", "8.33", False),  # 10/12 × 10
        ("每月不少于1次", "12", "10", True),  # a bare number takes the target's unit: 12次
        ("1次/季度", "4次", "10", True),
        ("≥4次", "每季度1次", "10", True),
        ("每半年1次", "1次", "5", False),
        ("每周1次", "每周1次", "10", True),
        ("每周2次", "每周1次", "5", False),
        ("每季度1-2次", "6次", "10", True),
    ],
)
def test_scored_against_the_years_count(target: str, actual: str, score: str, met: bool) -> None:
    row = score_one(target, actual)
    assert (row.score, row.met) == (D(score), met)


def test_over_achievement_is_measured_against_the_years_count() -> None:
    def over(target: str, actual: str) -> bool:
        card = card_dict({"id": "x", "weight": "100", "target": target, "actual": actual})
        result = perfeval.score(perfeval.from_dict(card))
        return any(f.code == "over-achieved" for f in result.findings)

    assert not over("每季度1次", "4次")  # was 400%
    assert over("每季度1次", "每月1次")  # 12 of 4: 300%


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", "实际3次，目标每季度1次（全年4次）：未达成，3/4 × 10"),
        ("en", "3次 against 每季度1次 (4次 in the year): not met: 3/4 × 10"),
    ],
)
def test_the_explanation_shows_the_years_count(lang: str, words: str) -> None:
    assert words in score_one("每季度1次", "3次").explain(lang)


def test_the_years_count_of_each_comparison() -> None:
    assert parse_target("每月不少于1次").yearly() == "≥12次"
    assert parse_target("每季度1-2次").yearly() == "4~8次"
    assert parse_target("每季度1次").yearly() == "4次"
    assert parse_target("每月不超过1次").yearly() == "≤12次"
    assert parse_target("每周1次").yearly() == ""  # counted per week: no year's count
    assert parse_target("≥4次").yearly() == ""


@pytest.mark.parametrize(
    ("target", "actual", "per"),
    [("每周1次", "52次", "周"), ("≥50次", "每天1次", "日"), ("每周1次", "每天1次", "周")],
)
def test_weeks_and_days_do_not_compare_with_the_year(target: str, actual: str, per: str) -> None:
    card = card_dict({"id": "x", "weight": "100", "target": target, "actual": actual})
    with pytest.raises(perfeval.ScorecardError) as caught:
        perfeval.from_dict(card)
    text = str(caught.value)
    assert f"count in different periods; a count per {per}" in text
    assert f"write both per {per}, or both for the year" in text
    assert f"按不同周期计数；按{per}计的数" in caught.value.text("zh")


def test_every_frequency_unit_is_a_count_unit() -> None:
    for name in FREQUENCY_UNITS:
        unit = DEFAULT_UNITS.get(name)
        assert unit is not None, name
        assert unit.family == "count", name
