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
    ("每学期1次", "=", "2", "次", "每学期"),  # spring and autumn
    ("每学期开展2次", "=", "4", "次", "每学期"),
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
    # the last of two periods (the year of quarters); a verb of up to ten characters
    ("每年每季度1次", "=", "4", "次", "每季度"),
    ("每年每季度一次", "=", "4", "次", "每季度"),
    ("每年每月1次", "=", "12", "次", "每月"),
    ("每季度开展检查督导1次", "=", "4", "次", "每季度"),
    ("每季度开展检查督导工作1次", "=", "4", "次", "每季度"),
    ("每月对辖区内企业巡查2次", "=", "24", "次", "每月"),
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
    ("每年每周1次", "=", "1", "次/周", ""),
    # a count of ten or more in numerals, beside a figure in digits
    ("每十五天1次", "=", "1", "次/15日", ""),
    ("每十天1次", "=", "1", "次/10日", ""),
    ("每十个月1次", "=", "1", "次/10月", ""),
    ("每十二个月1次", "=", "1", "次", ""),
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
        # a period too far from the figure (a verb of more than ten characters)
        ("每月对辖区内所有规模以上企业开展巡查2次", "=", "2", "次"),
        # a label that names the year's total: 12 meetings in the year
        ("每月例会召开次数12次", "=", "12", "次"),
        ("每月例会召开数量12次", "=", "12", "次"),
        ("每季度通报累计4次", "=", "4", "次"),
        ("每月开展全年共12次", "=", "12", "次"),
        # a count that is no one number: every 3 to 5 days is no period
        ("每三五天1次", "=", "1", "次"),
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
        # an actual's label is only the year, the period and a verb, never other words
        # before it (全年每季度1次 is read: 4次)
        ("检查每季度1次", "expected a number first; found '检查每季度' before it"),
        ("其中每月2次", "expected a number first; found '其中每月' before it"),
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
    ("target", "actual", "per", "english"),
    [
        ("每周1次", "52次", "周", "week"),
        ("≥50次", "每天1次", "日", "day"),
        ("每周1次", "每天1次", "周", "week"),
        ("每两周1次", "26次", "2周", "2 weeks"),
        ("每个工作日1次", "250次", "工作日", "working day"),
        ("≥2次", "每5个月1次", "5月", "5 months"),
        ("每十五天1次", "24次", "15日", "15 days"),
    ],
)
def test_weeks_and_days_do_not_compare_with_the_year(
    target: str, actual: str, per: str, english: str
) -> None:
    """Said in each language: English names the period in English, and in
    Chinese beside it, as the card writes it."""
    card = card_dict({"id": "x", "weight": "100", "target": target, "actual": actual})
    with pytest.raises(perfeval.ScorecardError) as caught:
        perfeval.from_dict(card)
    text = str(caught.value)
    assert f"count in different periods; a count per {english} (次/{per})" in text
    assert f"write both per {english} ({per}), or both for the year" in text
    assert f"按不同周期计数；按{per}计的数（次/{per}）" in caught.value.text("zh")


def test_every_frequency_unit_is_a_count_unit() -> None:
    for name in FREQUENCY_UNITS:
        unit = DEFAULT_UNITS.get(name)
        assert unit is not None, name
        assert unit.family == "count", name


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("每周1-2次", "1", "2", "次/周"),
        ("每两周1-3次", "1", "3", "次/2周"),
        ("1-2次/周", "1", "2", "次/周"),
    ],
)
def test_a_range_per_week_reads_back_from_its_canonical_text(
    text: str, low: str, high: str, unit: str
) -> None:
    target = parse_target(text)
    assert (target.op, target.low, target.high, target.unit) == ("range", D(low), D(high), unit)
    assert str(target) == f"{low}~{high}{unit}"
    assert parse_target(str(target)) == target


@pytest.mark.parametrize("text", ["每季度1次/月", "每月2次/季度", "每周1次/周"])
@pytest.mark.parametrize("read", [parse_target, parse_quantity], ids=["target", "actual"])
def test_two_periods_on_one_figure_are_refused(text: str, read: object) -> None:
    """每季度1次/月 says quarter and month at once: an error, not one of them."""
    with pytest.raises(ExpressionError, match="counted in two periods"):
        read(text)  # type: ignore[operator]


@pytest.mark.parametrize(
    "text", ["每旬999999999999999999次", "每月99999999999999999.9次", "999999999999999999次/旬"]
)
@pytest.mark.parametrize("read", [parse_target, parse_quantity], ids=["target", "actual"])
def test_the_years_count_keeps_below_the_limit(text: str, read: object) -> None:
    """Numbers are read below 10^18 in their base unit: the year's count too."""
    with pytest.raises(ExpressionError, match="too large"):
        read(text)  # type: ignore[operator]


@pytest.mark.parametrize(
    "text",
    ["每季度未开展1次", "每季度约1次", "每季度大概1次", "每季度近1次", "每季度未达1次",
     "每季度计划1次", "每月预计开展2次", "每月没有开展1次", "每季度左右1次"],
)  # fmt: skip
def test_an_actual_whose_verb_hedges_is_refused(text: str) -> None:
    """每季度未开展1次 is not 4次 done: refused, as 约3次 is, not read as met."""
    with pytest.raises(ExpressionError, match="expected a number first"):
        parse_quantity(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("每年每季度1次", "4"),
        ("全年每月2次", "24"),
        ("每季度开展检查督导1次", "4"),
        ("每十五天1次", "1"),
    ],
)
def test_an_actual_per_period_with_the_year_or_a_longer_verb(text: str, value: str) -> None:
    assert parse_quantity(text).value == D(value)


def test_the_same_period_in_another_unit_is_a_unit_error_not_a_period_one() -> None:
    """每周1场 against 每周1次: both per week; 场 and 次 are what differ."""
    card = card_dict({"id": "x", "weight": 100, "target": "每周1次", "actual": "每周1场"})
    with pytest.raises(perfeval.ScorecardError) as caught:
        perfeval.from_dict(card)
    text = str(caught.value)
    assert "cannot be compared with the target's unit" in text
    assert "different periods" not in text


def test_every_period_has_its_english_name() -> None:
    """Messages name a per-period unit's period in English (per 2 weeks (2周)):
    each period perfeval reads has an entry beside its spellings."""
    from perfeval.core.periods import _SPELLINGS, ENGLISH, in_english

    assert {name for name, _ in _SPELLINGS.values()} == set(ENGLISH)
    cases = {
        "周": "week", "2周": "2 weeks", "15日": "15 days", "半日": "half a day",
        "工作日": "working day", "5月": "5 months", "2年": "2 years", "3学期": "3 semesters",
    }  # fmt: skip
    assert {name: in_english(name) for name in cases} == cases
